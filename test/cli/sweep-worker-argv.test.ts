/**
 * Sweep workers keep the parent's Node options except those naming the parent's own entry: a caller started as
 * `node --input-type=module -e …` used to fail every worker ("--input-type can only be used with string input").
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../src/cli/sweep-pool.ts';

describe('sweep worker execArgv', () => {
  it.each([
    [['--input-type=module', '-e', 'code'], []],
    [['--max-old-space-size=4096', '--eval', 'x', '--enable-source-maps'], ['--max-old-space-size=4096', '--enable-source-maps']],
    [['--print=1+1', '--import', 'tsx'], ['--import', 'tsx']],
    [['-p', '1', '--input-type', 'commonjs'], ['commonjs']],
    [[], []],
  ])('%j -> %j', (argv, want) => {
    expect(workerExecArgv(argv)).toEqual(want);
  });

  it('a sweep started from `node --input-type=module -e` runs its workers', () => {
    const code = `import { main } from ${JSON.stringify(new URL('../../src/cli/main.ts', import.meta.url).href)};
const out = [];
const exit = await main(['sweep', 'scenarios/bin-packing.yaml', '--seeds', '1..2', '--workers', '2', '--no-progress'], { out: (t) => out.push(t), err: (t) => out.push(t) });
console.log(exit, out.join('').includes('worker failed') ? 'FAILED' : 'ok');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0 ok');
  });
});
