import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prebuiltSweepWorker, sweepWorkerBundle } from '../../src/cli/sweep-bundle.ts';
import { SweepTaskRunner, type SweepTask } from '../../src/cli/sweep-task.ts';
import type { RunResult } from '../../src/sweep/run.ts';
import { SHORT } from './helpers.ts';

describe('the bundled sweep worker', () => {
  it('builds once and runs a task to the same result as this thread', async () => {
    const bundle = sweepWorkerBundle();
    if (!('code' in bundle)) throw new Error(`no bundle: ${bundle.error}`);
    expect(sweepWorkerBundle()).toBe(bundle);
    // The bundle is plain JavaScript: no TypeScript loader is involved in running it.
    expect(bundle.code).not.toContain('tsx');
    const task: SweepTask = { index: 3, point: 1, seed: 7, path: SHORT, sets: ['spec.cluster.nodePools[0].count=3'] };
    const w = new Worker(bundle.code, { eval: true });
    try {
      const fromWorker = await new Promise<RunResult>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.postMessage(task);
      });
      const here = new SweepTaskRunner().run(task);
      expect(fromWorker).toEqual(here);
      expect(here).not.toHaveProperty('error');
    } finally {
      await w.terminate();
    }
  });
});

describe('the prebuilt sweep worker', () => {
  afterEach(() => vi.unstubAllEnvs());

  /** A bundle file and a source tree in a temporary folder, the bundle dated `bundleAfterS` after the sources. */
  function layout(bundleAfterS: number): { worker: URL; sources: URL } {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-prebuilt-'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'src', 'cli', 'a.ts'), '');
    writeFileSync(join(dir, 'sweep-worker.mjs'), '');
    const t = Date.now() / 1000 - 3600;
    for (const p of ['src/cli/a.ts', 'src/cli', 'src']) utimesSync(join(dir, p), t, t);
    utimesSync(join(dir, 'sweep-worker.mjs'), t + bundleAfterS, t + bundleAfterS);
    return { worker: pathToFileURL(join(dir, 'sweep-worker.mjs')), sources: pathToFileURL(`${join(dir, 'src')}/`) };
  }

  it('is used while no source file is newer than it', () => {
    const { worker, sources } = layout(60);
    expect(prebuiltSweepWorker(worker, sources)?.href).toBe(worker.href);
  });

  it('is not used once a source file is newer, nor when it is missing', () => {
    const { worker, sources } = layout(-60);
    expect(prebuiltSweepWorker(worker, sources)).toBeUndefined();
    expect(prebuiltSweepWorker(new URL('missing.mjs', worker), sources)).toBeUndefined();
  });

  it('is not used with KUBESIM_FROM_SOURCE=1', () => {
    const { worker, sources } = layout(60);
    vi.stubEnv('KUBESIM_FROM_SOURCE', '1');
    expect(prebuiltSweepWorker(worker, sources)).toBeUndefined();
  });
});
