import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sweepWorkerBundle } from '../../src/cli/sweep-bundle.ts';
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
