/**
 * `bench/small-scenario`: the size of one property-test case (issue 13) — 3 nodes in one pool, one Deployment `web`
 * with an HPA, its Service and traffic, no rollout and no faults, simulated for 1 hour at the kit's default 15 s
 * resolution. The scenario object is drawn once from `arbScenario` (fixed fast-check seed) and loaded once, as a
 * property would hold it; each measurement is the median wall time (ms) of `simulate(scenario).until('1h')` over
 * many runs after warm-up, with the median CPU time of the same runs beside it (`cpuMs`), separately of
 * `loadScenarioObject`, and of both in turn (the kit's `runScenario` loads per case, so that is what one case
 * costs).
 */
import fc from 'fast-check';
import { simulate } from '../src/scenario/api.ts';
import { arbScenario, type ScenarioObject } from '../src/testing/arbitraries.ts';
import { loadScenarioObject } from '../src/testing/run.ts';
import type { Benchmark, Measurement } from './harness.ts';

const HOUR_MS = 3_600_000;
const WARMUP = 20;
const RUNS = 100;

/** The drawn scenario object with its cluster forced to one pool of 3 nodes. */
function smallScenario(): ScenarioObject {
  const [obj] = fc.sample(arbScenario({ durationSeconds: 3600, hpa: true, rollout: false, maxFaults: 0 }), { seed: 13, numRuns: 1 });
  if (!obj) throw new Error('small-scenario: fast-check drew no scenario');
  const pool = obj.spec.cluster.nodePools[0]!;
  obj.spec.cluster = { nodePools: [{ ...pool, count: 3 }] };
  return obj;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Median wall time (ms) of `fn` over {@link RUNS} runs after warm-up, and the median CPU time (ms, this process's
 * user + system, GC threads included) of the same runs: on a machine shared with other jobs, wall time mostly
 * measures the wait for a core, CPU time what the run itself costs.
 */
function timeMedian(fn: () => void): Measurement {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { value: median(times), unit: 'ms', extra: { runs: RUNS, cpuMs: median(cpu) } };
}

const obj = smallScenario();
const scenario = loadScenarioObject(obj);

export function runSimulate(): Measurement {
  return timeMedian(() => void simulate(scenario).until(HOUR_MS));
}

export function runLoad(): Measurement {
  return timeMedian(() => void loadScenarioObject(obj));
}

/** One property-test case as the kit's `runScenario` pays for it: load the object, then simulate the hour. */
export function runCase(): Measurement {
  return timeMedian(() => void simulate(loadScenarioObject(obj)).until(HOUR_MS));
}

export const benchmarks: Benchmark[] = [
  { name: 'small-scenario/3nodes-hpa-1h/simulate', target: { value: 10, higherIsBetter: false }, runs: 5, run: runSimulate },
  { name: 'small-scenario/3nodes-hpa-1h/load', runs: 5, run: runLoad },
  { name: 'small-scenario/3nodes-hpa-1h/load+simulate', target: { value: 10, higherIsBetter: false }, runs: 5, run: runCase },
];
