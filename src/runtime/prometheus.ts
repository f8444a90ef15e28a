/**
 * PromQL over a running or finished {@link Simulation}: the exporters' view of its series (see
 * record/promql/exporters.ts) and instant / range queries in simulated time. Views are cheap to make (lazy per
 * metric name) and hold the data up to the moment they are made, so a query mid-run makes a fresh one.
 */
import { Evaluator } from '../record/promql/eval.ts';
import { prometheusView } from '../record/promql/exporters.ts';
import { parsePromQL } from '../record/promql/parse.ts';
import type { SeriesSet } from '../record/promql/storage.ts';
import type { RangeSeries, Value } from '../record/promql/value.ts';
import type { Simulation } from './simulation.ts';

/** The Prometheus view of the simulation as it is now. */
export function prometheusOf(sim: Simulation): SeriesSet {
  return prometheusView({
    metrics: sim.metrics,
    store: sim.store,
    epochMs: sim.clock.epochMs,
    resolutionMs: sim.resolutionMs,
    endMs: sim.nowMs,
    services: sim.config.workload?.services.map((s) => s.name) ?? [],
  });
}

/** An instant query at simulated time `atMs` (default: now); throws PromQLError / PromQLEvalError. */
export function queryInstant(sim: Simulation, query: string, atMs = sim.nowMs): Value {
  return new Evaluator(prometheusOf(sim)).instant(parsePromQL(query), sim.clock.epochMs + atMs);
}

/** A range query over simulated [startMs, endMs] every stepMs; series times stay Unix ms. */
export function queryRange(sim: Simulation, query: string, startMs: number, endMs: number, stepMs: number): RangeSeries[] {
  const epoch = sim.clock.epochMs;
  return new Evaluator(prometheusOf(sim)).range(parsePromQL(query), epoch + startMs, epoch + endMs, stepMs);
}
