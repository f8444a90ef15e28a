/**
 * Metric providers an AnalysisRun can use in kubesim, after argo-rollouts `metricproviders/`: `job` and `web` are
 * answered by a model the scenario describes ({@link AnalysisProviderSource}); `prometheus` queries are mapped onto
 * the simulated series ({@link SeriesSource}) when they have one of the usual shapes (error ratio, success ratio,
 * histogram quantile, request rate). A query kubesim cannot map is rejected when the template is loaded
 * (`checkAnalysisTemplate`), never silently answered.
 */
import type { JobMetric } from '../../api/argo.ts';
import { parseDuration } from '../../engine/duration.ts';
import { DefaultRolloutUniqueLabelKey } from './canary-math.ts';

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

/** Which traffic a series query is about: a Service's, optionally narrowed to pods with some labels. */
export interface SeriesTarget {
  readonly namespace: string;
  readonly service?: string;
  /** Pod labels, e.g. `{ 'rollouts-pod-template-hash': 'abc' }` for the canary's share. */
  readonly podSelector?: Readonly<Record<string, string>>;
}

/** The simulated series a prometheus query maps onto; `undefined` means no data (an empty vector). */
export interface SeriesSource {
  /** Failed (5xx) requests / all requests over the window ending at tMs, a fraction in [0, 1]. */
  errorRate(target: SeriesTarget, windowMs: number, tMs: number): number | undefined;
  /** The q-quantile (0 < q < 1) of request latency over the window, in seconds. */
  latencyQuantile(target: SeriesTarget, quantile: number, windowMs: number, tMs: number): number | undefined;
  /** Requests per second over the window. */
  rps(target: SeriesTarget, windowMs: number, tMs: number): number | undefined;
}

/** A prometheus query understood as one of the simulated series. */
export interface MappedQuery {
  readonly kind: 'errorRate' | 'successRate' | 'latencyQuantile' | 'rps';
  readonly service?: string;
  readonly podSelector?: Readonly<Record<string, string>>;
  readonly windowMs: number;
  readonly quantile?: number;
}

/** The query shapes kubesim maps, for error messages. */
export const SUPPORTED_QUERY_SHAPES = [
  'sum(rate(<requests_total>{service="s",code=~"5.."}[w])) / sum(rate(<requests_total>{service="s"}[w]))  (error ratio)',
  'sum(rate(<requests_total>{service="s",code!~"5.*"}[w])) / sum(rate(<requests_total>{service="s"}[w]))  (success ratio)',
  'histogram_quantile(q, sum(rate(<duration>_bucket{service="s"}[w])) by (le))  (latency, seconds)',
  'sum(rate(<requests_total>{service="s"}[w]))  (requests per second)',
];

const SELECTOR = /([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}\s*(?:\[([^\]]+)\])?/g;
const MATCHER = /([a-zA-Z_][\w]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
const SERVICE_LABELS = ['service', 'destination_service', 'destination_service_name', 'service_name', 'kubernetes_service', 'svc'];
const CODE_LABELS = ['code', 'status', 'status_code', 'response_code', 'http_status'];
const HASH_LABELS = ['rollouts_pod_template_hash', 'pod_template_hash'];

interface Sel {
  metric: string;
  labels: { name: string; op: string; value: string }[];
  windowMs: number | undefined;
}

function parseSelectors(query: string): Sel[] | string {
  const out: Sel[] = [];
  for (const m of query.matchAll(SELECTOR)) {
    const labels = [...(m[2] ?? '').matchAll(MATCHER)].map((l) => ({ name: l[1]!, op: l[2]!, value: l[3]! }));
    let windowMs: number | undefined;
    if (m[3] !== undefined) {
      try {
        windowMs = parseDuration(m[3].trim());
      } catch {
        return `range ${JSON.stringify(m[3])} is not a duration kubesim reads (use s, m or h)`;
      }
    }
    out.push({ metric: m[1]!, labels, windowMs });
  }
  return out;
}

/** A service name from a label value: `checkout`, `checkout.prod.svc.cluster.local`, or a regex `checkout.*`. */
function serviceName(value: string): string {
  return value.replace(/\\\./g, '.').replace(/\.\*$/, '').split('.')[0]!;
}

function targetOf(sel: Sel): { service?: string; podSelector?: Record<string, string> } {
  const t: { service?: string; podSelector?: Record<string, string> } = {};
  for (const l of sel.labels) {
    if ((l.op === '=' || l.op === '=~') && SERVICE_LABELS.includes(l.name) && t.service === undefined) t.service = serviceName(l.value);
    if (l.op === '=' && HASH_LABELS.includes(l.name)) t.podSelector = { [DefaultRolloutUniqueLabelKey]: l.value };
  }
  return t;
}

/** `error` for a 5xx matcher, `success` for a non-5xx / 2xx matcher, undefined without a code matcher. */
function codeFilter(sel: Sel): 'error' | 'success' | 'other' | undefined {
  const l = sel.labels.find((x) => CODE_LABELS.includes(x.name));
  if (!l) return undefined;
  const fiveXX = /^5(\.\.|\.\*|xx|\d\d|\[0-9\]\{2\}|\[0-9\]\[0-9\])$/.test(l.value) || /^5\d\d(\|5\d\d)*$/.test(l.value);
  const twoXX = /^2(\.\.|\.\*|xx|\d\d)$/.test(l.value);
  if (fiveXX && (l.op === '=~' || l.op === '=')) return 'error';
  if ((fiveXX && (l.op === '!~' || l.op === '!=')) || (twoXX && (l.op === '=~' || l.op === '='))) return 'success';
  return 'other';
}

const isRequestCounter = (metric: string) => /requests?_total$|requests?_count$/.test(metric);

/**
 * Maps a prometheus query (with `{{args.x}}` already substituted) onto a simulated series, or says why it cannot.
 * Shapes: see {@link SUPPORTED_QUERY_SHAPES}. Label names kubesim reads: service (`service`, `destination_service`,
 * `destination_service_name`, …), status code (`code`, `status`, `response_code`, …) and pod-template hash
 * (`rollouts_pod_template_hash`); other labels (reporter, namespace, job) are ignored.
 */
export function mapPrometheusQuery(query: string): { query: MappedQuery } | { error: string } {
  const q = query.replace(/\s+/g, ' ').trim();
  const sels = parseSelectors(q);
  if (typeof sels === 'string') return { error: sels };
  if (sels.length === 0) return { error: 'no metric selector like name{labels}[window] found' };
  const hq = /histogram_quantile\s*\(\s*([0-9.]+)\s*,/.exec(q);
  if (hq) {
    const quantile = Number(hq[1]);
    const sel = sels[0]!;
    if (!(quantile > 0 && quantile < 1)) return { error: `quantile ${hq[1]} is not in (0, 1)` };
    if (!sel.metric.endsWith('_bucket')) return { error: `histogram_quantile over ${sel.metric}, expected a _bucket series` };
    if (sel.windowMs === undefined) return { error: 'histogram_quantile needs a range like [5m]' };
    return { query: { kind: 'latencyQuantile', quantile, windowMs: sel.windowMs, ...targetOf(sel) } };
  }
  if (!/\b(rate|irate)\s*\(/.test(q)) return { error: 'expected rate(...) or irate(...) over a request counter' };
  if (sels.length === 2 && q.includes('/')) {
    const [num, den] = sels as [Sel, Sel];
    if (!isRequestCounter(num.metric) || !isRequestCounter(den.metric)) {
      return { error: `a ratio of ${num.metric} and ${den.metric}; kubesim maps ratios of request counters (…requests_total)` };
    }
    const f = codeFilter(num);
    if (f === undefined || f === 'other' || codeFilter(den) !== undefined) {
      return { error: 'a ratio must filter the numerator on a 5xx (or non-5xx) status code and leave the denominator unfiltered' };
    }
    if (num.windowMs === undefined) return { error: 'rate() needs a range like [5m]' };
    return { query: { kind: f === 'error' ? 'errorRate' : 'successRate', windowMs: num.windowMs, ...targetOf(num) } };
  }
  if (sels.length === 1 && isRequestCounter(sels[0]!.metric) && codeFilter(sels[0]!) === undefined) {
    const sel = sels[0]!;
    if (sel.windowMs === undefined) return { error: 'rate() needs a range like [1m]' };
    return { query: { kind: 'rps', windowMs: sel.windowMs, ...targetOf(sel) } };
  }
  return { error: `${sels.length} selectors (${sels.map((s) => s.metric).join(', ')}) in a shape kubesim does not map` };
}

/**
 * The Argo prometheus provider's `result` for a mapped query: a one-element vector `[value]`, or `[]` when the series
 * has no data (Prometheus returns an empty vector), so `result[0]` then fails as Argo's does and the measurement is
 * an Error.
 */
export function queryPrometheus(q: MappedQuery, namespace: string, series: SeriesSource, tMs: number): number[] {
  const target: SeriesTarget = {
    namespace,
    ...(q.service !== undefined ? { service: q.service } : {}),
    ...(q.podSelector ? { podSelector: q.podSelector } : {}),
  };
  let v: number | undefined;
  switch (q.kind) {
    case 'errorRate':
      v = series.errorRate(target, q.windowMs, tMs);
      break;
    case 'successRate': {
      const e = series.errorRate(target, q.windowMs, tMs);
      v = e === undefined ? undefined : 1 - e;
      break;
    }
    case 'latencyQuantile':
      v = series.latencyQuantile(target, q.quantile!, q.windowMs, tMs);
      break;
    case 'rps':
      v = series.rps(target, q.windowMs, tMs);
      break;
  }
  return v === undefined ? [] : [v];
}
