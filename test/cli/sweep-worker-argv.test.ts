/**
 * Sweep workers keep the parent's Node options except those naming the parent's own entry: a caller started as
 * `node --input-type=module -e …` used to fail every worker ("--input-type can only be used with string input").
 * V8 options stay out too: `node --max-old-space-size=8192 bin/kubesim.mjs sweep …` failed every worker with
 * "Initiated Worker with invalid execArgv flags" (V8 options hold for the whole process anyway).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../src/cli/sweep-pool.ts';

describe('sweep worker execArgv', () => {
  it.each([
    [['--input-type=module', '-e', 'code'], []],
    [['--max-old-space-size=4096', '--eval', 'x', '--enable-source-maps'], ['--enable-source-maps']],
    [['--print=1+1', '--import', 'tsx'], ['--import', 'tsx']],
    [['-p', '1', '--input-type', 'commonjs'], []],
    [['--single-threaded-gc', '--conditions', 'dev', '--stack-trace-limit=50', '--expose-gc'], ['--conditions', 'dev']],
    // --cpu-prof is not a NODE_OPTIONS option: the workers run unprofiled.
    [['--import=tsx', '--no-warnings', '--cpu-prof'], ['--import=tsx', '--no-warnings']],
    [[], []],
  ])('%j -> %j', (argv, want) => {
    expect(workerExecArgv(argv)).toEqual(want);
  });

  it('a sweep started from `node --max-old-space-size=2048 --input-type=module -e` runs its workers', () => {
    const code = `import { main } from ${JSON.stringify(new URL('../../src/cli/main.ts', import.meta.url).href)};
const out = [];
const exit = await main(['sweep', 'scenarios/bin-packing.yaml', '--seeds', '1..2', '--workers', '2', '--no-progress'], { out: (t) => out.push(t), err: (t) => out.push(t) });
console.log(exit, out.join('').includes('worker failed') ? 'FAILED' : 'ok');`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=2048', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0 ok');
  });
});
