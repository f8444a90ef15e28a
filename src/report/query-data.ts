/**
 * The run's Prometheus view (`record/promql/exporters.ts`) packed into report.html for its query box, and unpacked
 * in the page into a {@link SeriesSet} the same PromQL engine queries, so the page answers exactly as `kubesim query`
 * does. Packing is lossless and short for what a run holds:
 *
 * - times on a regular grid (almost every series: one point per scrape) as `[t0, step, n]`, else as deltas;
 * - values run-length encoded: a run of k ≥ 3 equal values as `[v, k]` (kube-state-metrics' 0/1 series are a few
 *   runs for a whole day), other values as they are; NaN, ±Inf and -0, which JSON lacks, as `"NaN"`, `"+Inf"`, `"-Inf"`, `"-0"`;
 * - staleness markers as the list of their indices.
 *
 * A budget caps the points packed (a large run's view is tens of millions): metric names are packed whole, fewest
 * points first, until the next one would pass the budget; the names left out are listed, for the page to say so.
 */
import { SeriesSet } from '../record/promql/storage.ts';
import type { Labels, PromSeries } from '../record/promql/value.ts';

/** A packed value: a number, a non-finite one by name, or a run `[value, count]`. */
type PackedValue = number | string | [number | string, number];

/** One packed series. */
export interface PackedSeries {
  /** Labels, `__name__` included. */
  l: Labels;
  /** Regular times `[t0, step, n]` (Unix ms), or `{d: deltas}` with the first time absolute. */
  t: [number, number, number] | { d: number[] };
  v: PackedValue[];
  /** Indices of staleness markers. */
  s?: number[];
}

/** What the report's query box reads. */
export interface QueryBoxData {
  /** Unix ms of simulated time 0. */
  epochMs: number;
  /** Simulated time the run reached, ms. */
  endMs: number;
  /** The scrape interval, ms (the default step of the chart). */
  resolutionMs: number;
  series: PackedSeries[];
  /** Metric names left out for the budget, sorted. */
  omitted: string[];
  /** Queries offered as examples (only ones whose names were packed). */
  examples: string[];
}

/** Default budget of {@link packQueryData}: points packed in all, about 10 MB of JSON at worst, far less typically. */
export const QUERY_POINTS_BUDGET = 2_000_000;

function packNumber(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  // JSON writes -0 as 0; PromQL prints it as -0.
  if (Object.is(v, -0)) return '-0';
  return v;
}

function unpackNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : v === '-0' ? -0 : Number.NaN;
}

/** Packs one series (see the module comment). */
export function packSeries(s: PromSeries): PackedSeries {
  const n = s.times.length;
  let regular = n > 0;
  const step = n > 1 ? s.times[1]! - s.times[0]! : 0;
  for (let i = 2; i < n && regular; i++) if (s.times[i]! - s.times[i - 1]! !== step) regular = false;
  let t: PackedSeries['t'];
  if (regular) t = [s.times[0]!, step, n];
  else {
    const d: number[] = [];
    for (let i = 0; i < n; i++) d.push(i === 0 ? s.times[0]! : s.times[i]! - s.times[i - 1]!);
    t = { d };
  }
  const v: PackedValue[] = [];
  for (let i = 0; i < n; ) {
    const x = s.values[i]!;
    let j = i + 1;
    // Object.is: NaN runs (stale markers) fold too, and -0 stays apart from 0.
    while (j < n && Object.is(s.values[j], x)) j++;
    const k = j - i;
    if (k >= 3) v.push([packNumber(x), k]);
    else for (let r = 0; r < k; r++) v.push(packNumber(x));
    i = j;
  }
  const stale: number[] = [];
  if (s.stale) for (let i = 0; i < n; i++) if (s.stale[i] === 1) stale.push(i);
  return { l: s.labels, t, v, ...(stale.length > 0 ? { s: stale } : {}) };
}

/** Unpacks one series. */
export function unpackSeries(p: PackedSeries): PromSeries {
  let times: Float64Array;
  if (Array.isArray(p.t)) {
    const [t0, step, n] = p.t;
    times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = t0 + i * step;
  } else {
    times = new Float64Array(p.t.d.length);
    let t = 0;
    p.t.d.forEach((d, i) => (times[i] = t = i === 0 ? d : t + d));
  }
  const values = new Float64Array(times.length);
  let i = 0;
  for (const x of p.v) {
    if (Array.isArray(x)) {
      values.fill(unpackNumber(x[0]), i, i + x[1]);
      i += x[1];
    } else values[i++] = unpackNumber(x);
  }
  if (!p.s) return { labels: p.l, times, values };
  const stale = new Uint8Array(times.length);
  for (const k of p.s) stale[k] = 1;
  return { labels: p.l, times, values, stale };
}

/** Example queries for the box, kept when the names they read were packed. */
const EXAMPLES: readonly [query: string, needs: readonly string[]][] = [
  ['sum by (code) (rate(http_requests_total[5m]))', ['http_requests_total']],
  ['histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', ['http_request_duration_seconds_bucket']],
  ['sum by (deployment) (kube_deployment_status_replicas_available)', ['kube_deployment_status_replicas_available']],
  ['sum by (phase) (kube_pod_status_phase)', ['kube_pod_status_phase']],
  ['increase(kube_pod_container_status_restarts_total[10m]) > 0', ['kube_pod_container_status_restarts_total']],
  ['sum by (pod) (rate(container_cpu_usage_seconds_total[5m]))', ['container_cpu_usage_seconds_total']],
];

/**
 * Packs every metric name of `set` within `budgetPoints` (default {@link QUERY_POINTS_BUDGET}); builds each lazy
 * name packed once, and those it left out only if their points cannot be counted otherwise. `times` of the result
 * are Unix ms.
 */
export function packQueryData(set: SeriesSet, run: { epochMs: number; endMs: number; resolutionMs: number }, budgetPoints = QUERY_POINTS_BUDGET): QueryBoxData {
  // Counted without building where the view can (the recorded series): only the names packed are built.
  const sizes = set.names().map((name) => ({ name, points: set.pointsOf(name) }));
  const order = [...sizes].sort((a, b) => a.points - b.points || (a.name < b.name ? -1 : 1));
  const kept = new Set<string>();
  const omitted: string[] = [];
  let used = 0;
  for (const f of order) {
    if (f.points === 0) continue;
    if (used + f.points <= budgetPoints) {
      kept.add(f.name);
      used += f.points;
    } else omitted.push(f.name);
  }
  const series = sizes.filter((f) => kept.has(f.name)).flatMap((f) => set.seriesOf(f.name).map(packSeries));
  return {
    ...run,
    series,
    omitted: omitted.sort(),
    examples: EXAMPLES.filter(([, needs]) => needs.every((n) => kept.has(n))).map(([q]) => q),
  };
}

/** The packed series as a {@link SeriesSet} for the engine. */
export function unpackQueryData(data: QueryBoxData): SeriesSet {
  const set = new SeriesSet();
  for (const p of data.series) set.add(unpackSeries(p));
  return set;
}
