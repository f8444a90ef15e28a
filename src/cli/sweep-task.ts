/**
 * One task of `kubesim sweep`: load the scenario of a grid point (with its `--set` overrides) and run it with a seed.
 * The same function runs in the main thread (`--workers 1`) and in each worker thread (`sweep-worker.ts`), so the
 * result does not depend on where it ran.
 */
import { resolve } from 'node:path';
import { formatFieldError } from '../api/errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { runGridPoint, type RunResult } from '../sweep/run.ts';
import { nodeFileSystem } from './node-fs.ts';

/** What a worker is asked to run. */
export interface SweepTask {
  index: number;
  point: number;
  /** Undefined: the scenario's own seed. */
  seed: number | undefined;
  /** The scenario file. */
  path: string;
  /** `path=value` overrides of this grid point. */
  sets: string[];
}

/** The load errors of a point, one line each, as `kubesim run` prints them. */
export type PointLoad = { scenario: Scenario } | { errors: string };

/** Loads the scenario of one grid point. */
export function loadPoint(path: string, sets: readonly string[]): PointLoad {
  const r = loadScenarioFile(resolve(path), nodeFileSystem, { set: [...sets] });
  if (!r.scenario || r.errors.length) return { errors: r.errors.map(formatFieldError).join('\n') || `${path}: the scenario did not load` };
  return { scenario: r.scenario };
}

/**
 * Runs tasks, keeping the last point's scenario loaded: tasks come in grid order, so consecutive tasks mostly share
 * their point.
 */
export class SweepTaskRunner {
  private cached: { key: string; load: PointLoad } | undefined;

  run(task: SweepTask): RunResult {
    const key = JSON.stringify([task.path, task.sets]);
    if (this.cached?.key !== key) this.cached = { key, load: loadPoint(task.path, task.sets) };
    const load = this.cached.load;
    if ('errors' in load) return { index: task.index, point: task.point, seed: task.seed ?? null, error: load.errors };
    return runGridPoint(load.scenario, task.index, task.point, task.seed);
  }
}
