/**
 * One run of a sweep: runs a loaded scenario with a seed to its end and keeps the figures the sweep compares, read
 * from the run's summary (the same numbers `kubesim run` prints). A run that throws is a result with its error, so
 * one bad grid point never ends the sweep.
 */
import { buildReportData } from '../scenario/report-data.ts';
import { ScenarioRun } from '../scenario/run.ts';
import type { Scenario } from '../scenario/types.ts';

/** The figures of one run; field names are the JSON keys of `kubesim sweep -o json`. */
export interface RunFigures {
  /** Compute cost of all nodes over the run, US dollars. */
  cost: number;
  /**
   * The lowest good fraction among every SLO objective of the scenario (availability or latency), 0..1. With no SLO
   * in the scenario, the lowest availability (served / offered) of any Service with traffic; 1 without traffic.
   */
  slo_attainment: number;
  /** The highest share of an SLO's error budget burned (1 = all of it); null when the scenario sets no SLO. */
  error_budget_burn: number | null;
  /** The highest p99 latency of any Service over the run, milliseconds. */
  latency_p99_ms: number;
  /** Longest time a pod waited Pending, milliseconds. */
  pending_max_ms: number;
  /** Highest node count during the run. */
  nodes_peak: number;
  expectations_met: number;
  expectations_total: number;
  /** Descriptions of the expectations that failed. */
  expectations_failed: string[];
  trace_hash: string;
}

/** The outcome of one grid run: its figures, or the error that ended it. */
export interface RunResult {
  /** Position in the grid (see `GridRun.index`). */
  index: number;
  point: number;
  /** The seed the run used; null only when the grid point did not load and `--seeds` was not given. */
  seed: number | null;
  /** Why the run produced no figures (the scenario did not load for this point, or the run threw). */
  error?: string;
  figures?: RunFigures;
}

/** Runs `scenario` to its end with `seed` (the scenario's own when undefined) and reads its figures. */
export function runFigures(scenario: Scenario, seed: number | undefined): RunFigures {
  const run = new ScenarioRun(scenario, seed !== undefined ? { seed } : {}).run();
  const expectations = run.expectations();
  const { summary, scenario: meta } = buildReportData(run, expectations);
  const withSlo = summary.services.filter((s) => s.sloAttainment !== undefined);
  const attainment = withSlo.length > 0 ? withSlo.map((s) => s.sloAttainment!) : summary.services.map((s) => s.availability);
  return {
    cost: summary.costDollars,
    slo_attainment: attainment.length > 0 ? Math.min(...attainment) : 1,
    error_budget_burn: withSlo.length > 0 ? Math.max(...withSlo.map((s) => s.errorBudgetBurned!)) : null,
    latency_p99_ms: Math.max(0, ...summary.services.map((s) => s.latencyMsP99)),
    pending_max_ms: summary.maxPendingMs,
    nodes_peak: summary.nodesPeak,
    expectations_met: expectations.filter((e) => e.ok).length,
    expectations_total: expectations.length,
    expectations_failed: expectations.filter((e) => !e.ok).map((e) => e.description),
    trace_hash: meta.traceHash,
  };
}

/** {@link runFigures} as a {@link RunResult}; an exception becomes the result's error. */
export function runGridPoint(scenario: Scenario, index: number, point: number, seed: number | undefined): RunResult {
  try {
    const figures = runFigures(scenario, seed);
    return { index, point, seed: seed ?? scenario.seed, figures };
  } catch (e) {
    return { index, point, seed: seed ?? scenario.seed, error: e instanceof Error ? e.message : String(e) };
  }
}
