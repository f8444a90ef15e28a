/**
 * Runs the tasks of a sweep on worker threads. Each idle worker takes the next task in grid order; results are
 * handed back in any order and the caller orders them by grid index, so the output never depends on the worker
 * count or on which worker finished first.
 *
 * Workers run the TypeScript sources the way `bin/kubesim.mjs` does: a worker started from a `.ts` module first
 * registers tsx's loader (its `register` API) and then imports `sweep-worker.ts`. From a bundled build (this module
 * compiled to `.js`/`.mjs`), the worker is `sweep-worker` with the same extension beside the bundle, which the
 * bundler emits as a second entry point.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunResult } from '../sweep/run.ts';
import { SweepTaskRunner, type SweepTask } from './sweep-task.ts';

/**
 * The file URL of tsx's ESM `register` API (`tsx/esm/api`), resolved from this package through tsx's own
 * package.json exports, so a worker finds it from any working directory.
 */
function tsxRegisterApi(from: string): string {
  const require = createRequire(from);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

/** Starts one worker thread running `sweep-worker`. */
function startWorker(): Worker {
  const here = import.meta.url;
  const ext = /\.(ts|mts|js|mjs|cjs)$/.exec(new URL(here).pathname)?.[1] ?? 'js';
  const entry = new URL(`./sweep-worker.${ext}`, here);
  if (ext !== 'ts' && ext !== 'mts') return new Worker(entry);
  const boot = `import(${JSON.stringify(tsxRegisterApi(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * Runs `tasks` on `workers` threads (in this thread when `workers` is 1), calling `onResult` as each finishes.
 * Resolves with the results in task order. A worker that dies fails its task with the reason and is replaced.
 */
export async function runSweepTasks(tasks: readonly SweepTask[], workers: number, onResult: (done: number) => void): Promise<RunResult[]> {
  const results: RunResult[] = new Array(tasks.length);
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  let done = 0;
  if (workers <= 1 || tasks.length <= 1) {
    const runner = new SweepTaskRunner();
    for (let i = 0; i < tasks.length; i++) {
      results[i] = runner.run(tasks[i]!);
      onResult(++done);
      // Let the event loop draw progress between runs.
      await new Promise<void>((r) => setImmediate(r));
    }
    return results;
  }
  let next = 0;
  await new Promise<void>((resolveAll) => {
    const feed = (w: Worker, busy: { task?: SweepTask }) => {
      if (next >= tasks.length) {
        busy.task = undefined;
        void w.terminate();
        if (done === tasks.length) resolveAll();
        return;
      }
      busy.task = tasks[next++]!;
      w.postMessage(busy.task);
    };
    const spawn = () => {
      const w = startWorker();
      const busy: { task?: SweepTask } = {};
      w.on('message', (r: RunResult) => {
        results[position.get(r.index)!] = r;
        onResult(++done);
        if (done === tasks.length) resolveAll();
        feed(w, busy);
      });
      w.on('error', (e) => {
        const t = busy.task;
        busy.task = undefined;
        if (t) {
          results[position.get(t.index)!] = { index: t.index, point: t.point, seed: t.seed ?? null, error: `worker failed: ${e.message}` };
          onResult(++done);
          if (done === tasks.length) resolveAll();
        }
        if (next < tasks.length) spawn();
      });
      feed(w, busy);
    };
    for (let i = 0; i < Math.min(workers, tasks.length); i++) spawn();
  });
  return results;
}
