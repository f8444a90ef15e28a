/**
 * The classic Prometheus histogram of a Service's response times, from the workload model's latency mixture.
 *
 * Each tick the requests a Service served have a response-time distribution that is a mixture of shifted
 * exponentials, one per endpoint (`latency.ts`): weight `w_i` (requests), offset `off_i` ms, mean `mean_i` ms, with
 * the CDF `F_i(x) = 1 − e^{−(x − off_i)/mean_i}` past the offset and 0 before it. Of `served` requests, the number
 * that took at most `le` seconds is
 *
 *     served × Σ_i w_i F_i(1000 · le) / Σ_i w_i
 *
 * and a histogram's `_bucket{le}` series is that number accumulated over the ticks, as a client library's counter
 * would be. Worked example: one endpoint, offset 2 ms, mean 10 ms, 1,000 requests served: the `le="0.025"` bucket
 * gains 1000 × (1 − e^{−23/10}) = 899.7, the `le="0.005"` bucket 1000 × (1 − e^{−0.3}) = 259.2, `+Inf` 1,000.
 * Counts are fractional (the model's requests are a fluid); every bucket is monotone in `le` and ≤ `+Inf`.
 */
import { groupMixture, mixtureGroups } from './latency.ts';

/**
 * Bucket upper bounds, seconds: the Prometheus client libraries' default buckets (`prometheus.DefBuckets` in
 * client_golang: .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10). `+Inf` is implied.
 */
export const DEFAULT_BUCKETS_S: readonly number[] = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/** The `le` label value of a bound as client_golang writes it (`strconv.FormatFloat(b, 'g', -1, 64)`); `+Inf`. */
export function formatLe(boundS: number): string {
  return boundS === Infinity ? '+Inf' : String(boundS);
}

/**
 * The mixture's CDF at each bound: `out[b] = Σ_i w_i F_i(boundsMs[b]) / Σ_i w_i` over the `n` components with
 * positive weight (offsets and means in ms, bounds in ms, ascending). Leaves `out` at 0 and returns 0 when no
 * component has weight; returns the total weight otherwise. Components with the same offset and mean are merged
 * first (a Service's endpoints are mostly alike), so the cost is bounds × distinct components.
 */
export function mixtureCdf(
  w: ArrayLike<number>,
  off: ArrayLike<number>,
  mean: ArrayLike<number>,
  n: number,
  boundsMs: ArrayLike<number>,
  out: Float64Array,
): number {
  groupMixture(w, off, mean, n);
  return groupedCdf(boundsMs, out);
}

/** {@link mixtureCdf} of the mixture `groupMixture` last folded into `mixtureGroups` (one fold, several uses). */
export function groupedCdf(boundsMs: ArrayLike<number>, out: Float64Array): number {
  const { w: groupW, off: groupOff, mean: groupMean, total, count: k } = mixtureGroups;
  for (let b = 0; b < boundsMs.length; b++) out[b] = 0;
  if (total === 0) return 0;
  for (let j = 0; j < k; j++) {
    const share = (groupW[j] as number) / total;
    const o = groupOff[j] as number;
    const m = groupMean[j] as number;
    for (let b = 0; b < boundsMs.length; b++) {
      const d = (boundsMs[b] as number) - o;
      if (d < 0) continue;
      // Beyond 40 means the survival is below 5e-18: the whole component is in the bucket (skips the exp).
      out[b] = (out[b] as number) + (m > 0 && d < 40 * m ? share * (1 - Math.exp(-d / m)) : share);
    }
  }
  // Shares summed in floating point can pass 1 by an ulp; a bucket must never count more than `+Inf`.
  for (let b = 0; b < boundsMs.length; b++) if ((out[b] as number) > 1) out[b] = 1;
  return total;
}

/**
 * Envoy's default histogram bounds, ms, which Istio's `istio_request_duration_milliseconds` keeps (Envoy's
 * `HistogramSettingsImpl` defaults): 0.5 ms to an hour. `+Inf` is implied.
 */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = Object.freeze([
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
]);

/** Sees a Service's latency mixture each step with the served requests' mean latency (ms); see {@link LatencyHistograms}. */
export interface HistogramObserver {
  observeLatency(serviceIndex: number, served: number, w: Float64Array, off: Float64Array, mean: Float64Array, n: number, meanMs: number): void;
}

/**
 * Running histogram counters of several series (one per Service) over fixed bounds: each observation adds
 * `served × CDF(bound)` to each bucket (see the module comment), `served` to `+Inf` (the `_count`), and
 * `served × meanMs / unitMs` to `_sum`, in the bounds' unit.
 */
export class LatencyHistograms {
  /** Per series: `boundsMs.length` buckets then `+Inf`. */
  readonly counts: Float64Array;
  /** Per series: the running `_sum`, in units of `unitMs`. */
  readonly sums: Float64Array;
  private readonly cdf: Float64Array;

  /**
   * @param boundsMs bucket upper bounds, ms, ascending.
   * @param series how many series (Services).
   * @param unitMs the unit `_sum` is in, ms: 1000 for seconds, 1 for milliseconds.
   */
  constructor(
    readonly boundsMs: Float64Array,
    series: number,
    private readonly unitMs: number,
  ) {
    this.counts = new Float64Array(series * (boundsMs.length + 1));
    this.sums = new Float64Array(series);
    this.cdf = new Float64Array(boundsMs.length);
  }

  /** Adds one step's `served` requests of series `i`, whose latency mixture is the first `n` of `w`, `off`, `mean`. */
  observe(i: number, served: number, w: Float64Array, off: Float64Array, mean: Float64Array, n: number, meanMs: number): void {
    if (!(served > 0)) return;
    groupMixture(w, off, mean, n);
    this.observeGrouped(i, served, meanMs);
  }

  /** {@link observe} of the mixture `groupMixture` last folded into `mixtureGroups`. */
  observeGrouped(i: number, served: number, meanMs: number): void {
    if (!(served > 0)) return;
    const total = groupedCdf(this.boundsMs, this.cdf);
    if (total === 0) return;
    const nb = this.boundsMs.length;
    const base = i * (nb + 1);
    const B = this.counts;
    for (let b = 0; b < nb; b++) B[base + b] = (B[base + b] as number) + served * (this.cdf[b] as number);
    B[base + nb] = (B[base + nb] as number) + served;
    if (meanMs === meanMs) this.sums[i] = (this.sums[i] as number) + (served * meanMs) / this.unitMs;
  }
}
