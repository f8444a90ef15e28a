/**
 * Runs the tasks of a sweep on worker threads. Each idle worker takes the next task in grid order; results are
 * handed back in any order and the caller orders them by grid index, so the output never depends on the worker
 * count or on which worker finished first.
 *
 * From the TypeScript sources, workers run the prebuilt CLI bundle's worker when no source is newer than it, or else
 * evaluate one bundle of `sweep-worker.ts` built in memory (see `sweep-bundle.ts`), and this thread only hands out
 * tasks; if no bundle can be built, a worker registers tsx's loader (its `register` API) and
 * imports `sweep-worker.ts`, and this thread runs tasks too. From a bundled build (this module compiled to
 * `.js`/`.mjs`), the worker is `sweep-worker` with the same extension beside the bundle, which the bundler emits as
 * a second entry point.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunResult } from '../sweep/run.ts';
import { prebuiltSweepWorker, sweepWorkerBundle } from './sweep-bundle.ts';
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

/**
 * How workers are started: from a file (beside this one in a built CLI, or the prebuilt bundle's when this thread
 * runs the sources: `fromSources`), from the in-memory bundle, or through tsx.
 */
type WorkerSource = { file: URL; fromSources: boolean } | { bundle: string } | { tsxBoot: string };

function workerSource(): WorkerSource {
  const here = import.meta.url;
  const ext = /\.(ts|mts|js|mjs|cjs)$/.exec(new URL(here).pathname)?.[1] ?? 'js';
  const entry = new URL(`./sweep-worker.${ext}`, here);
  if (ext !== 'ts' && ext !== 'mts') return { file: entry, fromSources: false };
  const prebuilt = prebuiltSweepWorker();
  if (prebuilt) return { file: prebuilt, fromSources: true };
  const bundle = sweepWorkerBundle();
  if ('code' in bundle) return { bundle: bundle.code };
  return { tsxBoot: `import(${JSON.stringify(tsxRegisterApi(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });` };
}

/** Options that say what the parent's own entry is: they would make the worker's code be read as something else. */
const ENTRY_OPTIONS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/**
 * The V8 options Node accepts in NODE_OPTIONS (its documented list). V8 options hold for the whole process, workers
 * included, and a Worker refuses them in its execArgv.
 */
const V8_OPTIONS = new Set([
  '--abort-on-uncaught-exception',
  '--disallow-code-generation-from-strings',
  '--enable-etw-stack-walking',
  '--expose-gc',
  '--huge-max-old-generation-size',
  '--interpreted-frames-native-stack',
  '--jitless',
  '--max-old-space-size',
  '--max-semi-space-size',
  '--perf-basic-prof',
  '--perf-basic-prof-only-functions',
  '--perf-prof',
  '--perf-prof-unwinding-info',
  '--stack-trace-limit',
]);

/**
 * The parent's Node options a worker keeps: Node's own options (those NODE_OPTIONS allows, `--import` and
 * `--enable-source-maps` among them), with their values, except the ones naming the parent's entry (`-e` / `-p` and
 * their code, `--input-type`: a `node --input-type=module -e …` caller failed every worker). V8 options and the
 * options that act on the process (`node --max-old-space-size=8192 …`, `--single-threaded-gc`) are left out: they
 * already hold for the worker, and a Worker given one fails to start.
 */
export function workerExecArgv(execArgv: readonly string[], allowed: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string[] {
  const out: string[] = [];
  // Whether the option before kept a value that follows it as the next argument (`--import tsx`).
  let keepsValue = false;
  for (const a of execArgv) {
    if (!a.startsWith('-')) {
      if (keepsValue) out.push(a);
      keepsValue = false;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    const keep = !ENTRY_OPTIONS.has(name) && !V8_OPTIONS.has(name) && allowed.has(name);
    if (keep) out.push(a);
    keepsValue = keep && eq < 0;
  }
  return out;
}

/** Starts one worker thread running `sweep-worker`. */
function startWorker(source: WorkerSource): Worker {
  const execArgv = workerExecArgv(process.execArgv);
  if ('file' in source) return new Worker(source.file, { execArgv });
  return new Worker('bundle' in source ? source.bundle : source.tsxBoot, { eval: true, execArgv });
}

/**
 * Tasks sent ahead to each worker while this thread runs tasks too, so a worker never waits for it between two
 * runs. When this thread only hands out tasks it answers at once, and one task per worker balances the end of the
 * sweep best (no worker holds a queued run while another is idle).
 */
const IN_FLIGHT_WHILE_RUNNING_HERE = 2;

/**
 * Runs `tasks` on `workers` threads. With a bundled worker while this thread runs the sources, these are `workers` worker threads and this thread
 * only hands out tasks: a run here (through tsx) would be slower than in a worker, and the workers boot in a few
 * tens of milliseconds. Otherwise they are this thread and `workers − 1` worker threads (so no thread sits idle
 * waiting, and the first runs start while the workers boot through tsx). Calls `onResult` with the count done as each finishes; resolves
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
  const source = workerSource();
  // Bundled workers beside a thread that runs the sources through tsx: only the workers run tasks.
  const here = 'bundle' in source || ('file' in source && source.fromSources) ? 0 : 1;
  const inFlight = here === 1 ? IN_FLIGHT_WHILE_RUNNING_HERE : 1;
  const spawn = () => {
    const w = startWorker(source);
    const held: SweepTask[] = [];
    const feed = () => {
      while (held.length < inFlight && queue.length > 0) {
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
  for (let i = here; i < Math.min(workers, tasks.length); i++) spawn();
  const runner = new SweepTaskRunner();
  while (done < tasks.length) {
    const t = here === 1 ? queue.shift() : undefined;
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
