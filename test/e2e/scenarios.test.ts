/**
 * Every scenario in `scenarios/` runs end to end through the `kubesim` CLI with a pinned trace hash.
 *
 * Each file runs twice in-process (`main(['run', file, '--json', '--no-progress'])`) and once in a child process
 * (`node bin/kubesim.mjs run …`); all three must exit 0 (every expectation met) and print the same traceHash, which
 * must equal the one pinned in `golden-hashes.json`.
 *
 * The golden hashes change only on purpose. After a deliberate change to the simulation or to a scenario, rewrite
 * them with
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/e2e/scenarios.test.ts
 *
 * and say in the commit message why the traces changed. A new scenario file without a pinned hash fails until
 * then.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scenarioDir = path.join(root, 'scenarios');
const goldenPath = path.join(here, 'golden-hashes.json');
const update = process.env['UPDATE_GOLDEN'] === '1';

const files = readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const golden: Record<string, string> = JSON.parse(readFileSync(goldenPath, 'utf8'));
const observed: Record<string, string> = {};

interface RunOutput {
  code: number;
  out: string;
  err: string;
}

/** `kubesim run <file> --json --no-progress` in this process, with captured output. */
async function runInProcess(file: string): Promise<RunOutput> {
  let out = '';
  let err = '';
  const code = await main(['run', file, '--json', '--no-progress'], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The same command in a child `node` process. Never rejects: a non-zero exit is returned as the code. */
async function runInChild(file: string): Promise<RunOutput> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin/kubesim.mjs'), 'run', file, '--json', '--no-progress'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** The traceHash of a `--json` run, with the failed expectations in the message when the run did not pass. */
function traceHashOf(file: string, r: RunOutput): string {
  const failed = r.code === 0 ? [] : failedExpectations(r.out);
  expect({ file, code: r.code, failed, stderr: r.err.slice(0, 2000) }).toEqual({ file, code: 0, failed: [], stderr: '' });
  const parsed = JSON.parse(r.out) as { traceHash: string };
  expect(parsed.traceHash).toMatch(/^[0-9a-f]{8,}$/);
  return parsed.traceHash;
}

function failedExpectations(out: string): string[] {
  try {
    const parsed = JSON.parse(out) as { expectations?: { ok: boolean; description: string; detail: string }[] };
    return (parsed.expectations ?? []).filter((e) => !e.ok).map((e) => `${e.description}: ${e.detail}`);
  } catch {
    return [out.slice(0, 500)];
  }
}

describe('scenarios/*.yaml through the CLI', () => {
  // Child processes start while the in-process runs go on: 2 cores, and each child mostly waits on tsx start-up.
  const children = new Map<string, Promise<RunOutput>>();
  beforeAll(() => {
    for (const f of files) children.set(f, runInChild(path.join('scenarios', f)));
  });

  afterAll(() => {
    if (update && Object.keys(observed).length === files.length) {
      const sorted = Object.fromEntries(Object.keys(observed).sort().map((k) => [k, observed[k]]));
      writeFileSync(goldenPath, `${JSON.stringify(sorted, null, 2)}\n`);
    }
  });

  it('finds the scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(files).toContain('webapi-peak.yaml');
  });

  it('pins a hash for exactly the scenarios present', () => {
    if (update) return;
    expect(Object.keys(golden).sort()).toEqual(files);
  });

  it.each(files)('%s: exit 0, the same traceHash twice in-process and in a child process, equal to the golden one', async (f) => {
    const file = path.join(scenarioDir, f);
    const first = traceHashOf(f, await runInProcess(file));
    const second = traceHashOf(f, await runInProcess(file));
    const child = traceHashOf(f, await children.get(f)!);
    expect(second).toBe(first);
    expect(child).toBe(first);
    observed[f] = first;
    if (!update) expect(first, `${f}: trace changed; if on purpose, run with UPDATE_GOLDEN=1`).toBe(golden[f]);
    // Three runs of the largest scenarios take most of a minute on a loaded 2-core machine.
  }, 180_000);
});
