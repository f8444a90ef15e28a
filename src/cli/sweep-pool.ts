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

/** Tasks sent ahead to each worker, so it never waits for the main thread between two runs. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * Runs `tasks` on `workers` threads: this thread and `workers − 1` worker threads (so no thread sits idle waiting,
 * and the first runs start while the workers boot). Calls `onResult` with the count done as each finishes; resolves
 * with the results in task order. A worker that dies fails the task it was running with the reason; the tasks it
 * held besides go back to the queue and a new worker takes its place.
 */
export async function runSweepTasks(tasks: readonly SweepTask[], workers: number, onResult: (done: number) => void): Promise<RunResult[]> {
  const results: RunResult[] = new Array(tasks.length);
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  const queue = [...tasks];
  let done = 0;
  let wake: (() => void) | undefined;
  const finish = (r: RunResult) => {
    results[position.get(r.index)!] = r;
    onResult(++done);
    wake?.();
  };
  const live = new Set<Worker>();
  const spawn = () => {
    const w = startWorker();
    const held: SweepTask[] = [];
    const feed = () => {
      while (held.length < IN_FLIGHT_PER_WORKER && queue.length > 0) {
        const t = queue.shift()!;
        held.push(t);
        w.postMessage(t);
      }
      if (held.length === 0) {
        live.delete(w);
        void w.terminate();
      }
    };
    live.add(w);
    w.on('message', (r: RunResult) => {
      held.splice(held.findIndex((t) => t.index === r.index), 1);
      finish(r);
      feed();
    });
    w.on('error', (e) => {
      live.delete(w);
      const [running, ...rest] = held.splice(0);
      queue.unshift(...rest);
      if (running) finish({ index: running.index, point: running.point, seed: running.seed ?? null, error: `worker failed: ${e.message}` });
      if (queue.length > 0) spawn();
    });
    feed();
  };
  for (let i = 1; i < Math.min(workers, tasks.length); i++) spawn();
  const runner = new SweepTaskRunner();
  while (done < tasks.length) {
    const t = queue.shift();
    if (t) finish(runner.run(t));
    // Let worker messages and the progress bar in between runs; with nothing left to run, wait for the workers.
    await new Promise<void>((r) => {
      wake = r;
      if (t || done === tasks.length) setImmediate(r);
    });
    wake = undefined;
  }
  for (const w of live) void w.terminate();
  return results;
}
