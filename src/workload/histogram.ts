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
  const k = groupMixture(w, off, mean, n);
  const { w: groupW, off: groupOff, mean: groupMean, total } = mixtureGroups;
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
