/**
 * Running a scenario object synchronously for a property, and printing it as replayable YAML.
 */
import { stringify } from 'yaml';
import { toMillis } from '../engine/duration.ts';
import { Run, ScenarioError } from '../scenario/api.ts';
import { MemoryFileSystem } from '../scenario/fs.ts';
import { loadScenarioFromObject } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Overrides `spec.seed`. */
  seed?: number;
  /** Simulated time to run to (Go duration or ms). Default: the scenario's duration. */
  until?: string | number;
}

/** Distinct simulated times (ms) at which Pods, Nodes, ReplicaSets, Deployments or HPAs changed, per run. */
const changeTimes = new WeakMap<Run, number[]>();
const WATCHED_KINDS = ['Pod', 'Node', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler'];

/**
 * Loads a scenario object synchronously (manifests must be inline objects) and simulates it to its end. Throws a
 * {@link ScenarioError} listing every problem when the object is not a valid scenario. The run remembers every
 * instant at which a Pod, Node, ReplicaSet, Deployment or HPA changed, so the invariants check each of them rather
 * than only the metric samples.
 */
export function runScenario(obj: object, options: RunScenarioOptions = {}): Run {
  const scenario = loadScenarioObject(obj);
  const run = new Run(scenario, options.seed === undefined ? {} : { seed: options.seed });
  const times: number[] = [0];
  for (const kind of WATCHED_KINDS) {
    run.runner.sim.store.watch(kind, () => {
      const t = run.runner.sim.nowMs;
      if (times[times.length - 1] !== t) times.push(t);
    });
  }
  changeTimes.set(run, times);
  run.until(options.until === undefined ? scenario.durationMs : toMillis(options.until));
  return run;
}

/** Loads a scenario object synchronously; throws a {@link ScenarioError} with every problem. */
export function loadScenarioObject(obj: object): Scenario {
  const r = loadScenarioFromObject(obj, new MemoryFileSystem());
  if (!r.scenario || r.errors.length > 0) throw new ScenarioError(r.errors);
  return r.scenario;
}

/**
 * The instants (ms, ascending, unique) the invariants sample a run at: every metric sample (each resolution step),
 * every event's first time, and — for runs made by {@link runScenario} — every instant an object changed.
 */
export function sampleTimes(run: Run): number[] {
  const now = run.nowMs;
  const set = new Set<number>();
  for (let t = 0; t <= now; t += run.runner.sim.resolutionMs) set.add(t);
  for (const e of run.events) if (e.firstTimestampMs <= now) set.add(e.firstTimestampMs);
  for (const t of changeTimes.get(run) ?? []) if (t <= now) set.add(t);
  set.add(now);
  return [...set].sort((a, b) => a - b);
}

/** A scenario object as YAML, ready to save and `kubesim run`. */
export function scenarioYaml(obj: object): string {
  return stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false });
}
