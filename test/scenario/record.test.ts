/**
 * `spec.record`: what a run keeps. Leaving out per-pod series or history changes no decision (the trace hash is the
 * same), the summary says what was left out, `changes` history answers time travel exactly as `objects` does, and
 * bad values are errors with the field path and the supported values.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.ts';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/index.ts';
import { SHORT, kubesim } from '../cli/helpers.ts';

interface RunJson {
  summary: { notRecorded?: string[] };
  traceHash: string;
}

const runJson = async (...set: string[]): Promise<RunJson> => {
  const r = await kubesim('run', SHORT, '--json', '--no-progress', ...set.flatMap((s) => ['--set', s]));
  expect(r.err).toBe('');
  return JSON.parse(r.out) as RunJson;
};

describe('spec.record', () => {
  it('leaves out per-pod series and history without changing a decision, and the summary says so', async () => {
    const plain = await runJson();
    const lean = await runJson('spec.record.podSeries=false', 'spec.record.history=none');
    expect(plain.summary).not.toHaveProperty('notRecorded');
    expect(lean.traceHash).toBe(plain.traceHash);
    expect(lean.summary.notRecorded).toEqual([
      'per-pod series (container_*): spec.record.podSeries is false',
      'object history: spec.record.history is none (past states are not kept; get and describe --at run to that time)',
    ]);
  });

  it('podSeries: false drops the container_* series and nothing else', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubesim-record-'));
    await kubesim('run', SHORT, '--no-progress', '--out', `${dir}/plain`);
    await kubesim('run', SHORT, '--no-progress', '--out', `${dir}/lean`, '--set', 'spec.record.podSeries=false');
    const lines = (f: string) => readFileSync(f, 'utf8').split('\n');
    const plain = lines(`${dir}/plain/metrics.csv`);
    expect(plain.some((l) => l.startsWith('container_'))).toBe(true);
    expect(lines(`${dir}/lean/metrics.csv`)).toEqual(plain.filter((l) => !l.startsWith('container_')));
  });

  it.each([['get', 'pods', '-o', 'wide'], ['describe', 'deployment/webapi-deployment']])('history: changes answers %s --at as objects does', async (...cmd) => {
    const objects = await kubesim(...cmd, '-f', SHORT, '--at', '15m', '--no-progress');
    const changes = await kubesim(...cmd, '-f', SHORT, '--at', '15m', '--no-progress', '--set', 'spec.record.history=changes');
    expect(objects.code).toBe(0);
    expect(changes).toEqual(objects);
  });

  it('rejects unknown fields and values with the field path and what is supported', () => {
    const r = loadScenarioFile(SHORT, nodeFileSystem, { set: ['spec.record.history=deltas', 'spec.record.podSeries=sometimes', 'spec.record.events=false'] });
    expect(r.errors.map(formatFieldError).map((m) => m.slice(m.indexOf('spec.record')))).toEqual([
      'spec.record.events: Unknown field: unknown field "events"',
      'spec.record.history: Unsupported value: "deltas": supported values: "objects", "changes", "none"',
      'spec.record.podSeries: Invalid value: "sometimes": expected true or false',
    ]);
  });
});
