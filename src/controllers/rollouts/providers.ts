/**
 * Metric providers an AnalysisRun can use in kubesim, after argo-rollouts `metricproviders/`: `job` and `web` are
 * answered by a model the scenario describes ({@link AnalysisProviderSource}); `prometheus` queries are evaluated
 * by kubesim's PromQL engine over the run's series ({@link PrometheusSource}), and their result handed to the
 * conditions as Argo's provider hands it (`processResponse`: a vector becomes `[]float64`, a scalar a float). A
 * query the engine cannot parse or does not evaluate is rejected when the template is loaded
 * (`checkTemplatedQuery` in validation), with its position, never silently answered.
 */
import type { JobMetric } from '../../api/argo.ts';
import type { Value } from '../../record/promql/value.ts';
/** What a `job` metric's Job does: its outcome and how long it runs (ms, ≥ 0). */
export interface JobOutcome {
  readonly succeeded: boolean;
  readonly durationMs: number;
}

/** A `web` metric's answer: the value at jsonPath (string, number, object…) or an error (HTTP failure, timeout). */
export type WebOutcome = { readonly value: unknown } | { readonly error: string };

/** Models the scenario supplies for job and web metrics; the lead implements it from the scenario. */
export interface AnalysisProviderSource {
  /** The value a GET of `url` returns at `jsonPath` (Argo's default path `{$}` = the whole body) at time tMs. */
  web(url: string, jsonPath: string | undefined, tMs: number): WebOutcome;
  /** What a Job started at tMs from this spec does. */
  job(spec: JobMetric, tMs: number): JobOutcome;
}

/** Where the prometheus provider's queries go: an instant PromQL query at simulated time tMs. */
export interface PrometheusSource {
  query(query: string, tMs: number): Value;
}

/** Go's `model.SampleValue.String()`: NaN, +Inf, -Inf, else the shortest decimal. */
function sampleValueString(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * A query result as Argo's prometheus provider gives it to the conditions (`processResponse`): a scalar as a
 * float, a vector as the list of its values (`[]` when empty, so `result[0]` then fails and the measurement is an
 * Error) with the value string `[v1,v2]`; other types are an error.
 */
export function argoPrometheusResult(v: Value): { result: number | number[]; value: string } | { error: string } {
  if (v.type === 'scalar') return { result: v.v, value: sampleValueString(v.v) };
  if (v.type === 'vector') {
    const result = v.samples.map((s) => s.v);
    return { result, value: `[${result.map(sampleValueString).join(',')}]` };
  }
  return { error: 'Prometheus metric type not supported' };
}
