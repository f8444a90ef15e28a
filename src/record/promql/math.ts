/**
 * The arithmetic of PromQL's functions, ported from Prometheus' `promql/functions.go` and `promql/quantile.go`
 * with upstream's names: extrapolated rates, regression, quantiles and classic-histogram bucket interpolation.
 * Times are ms, results in seconds where Prometheus' are. Pure functions over arrays of points.
 */

/** A float point: time (ms) and value. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** Kahan–Neumaier summation step: returns the new sum and compensation (`kahanSumInc`). */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) c = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/**
 * `rate`, `increase` and `delta` (`extrapolatedRate`): the change over the points in (rangeStart, rangeEnd],
 * corrected for counter resets when `isCounter`, then extrapolated to the range's edges when the first and last
 * points are within 1.1 average intervals of them (else by half an interval), never below a counter's zero point;
 * divided by the range in seconds when `isRate`. Undefined with fewer than two points (no output).
 *
 * Worked example: a counter 0, 10, 20, … every 5m; `rate(c[25m])` at 50m sees the points at 30m…50m (the range is
 * left-open): 60 → 100, +40 in 1,200 s. The first point is 300 s after the range start, under the 330 s threshold,
 * so the change is extrapolated to both edges: 40 × 1,500 / 1,200 = 50, divided by 1,500 s = 0.0333… per second.
 */
export function extrapolatedRate(points: readonly Point[], rangeStartMs: number, rangeEndMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let result = last.v - first.v;
  if (isCounter) {
    let prev = first.v;
    for (let i = 1; i < points.length; i++) {
      const cur = points[i]!.v;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  let durationToStart = (first.t - rangeStartMs) / 1000;
  let durationToEnd = (rangeEndMs - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (points.length - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (isCounter && result > 0 && first.v >= 0) {
    // A counter cannot go below zero: extrapolate at most to where the slope meets zero.
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= (rangeEndMs - rangeStartMs) / 1000;
  return result * factor;
}

/** `irate` / `idelta` (`instantValue`): from the last two points; a counter reset counts the last value whole. */
export function instantValue(points: readonly Point[], isRate: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const last = points[points.length - 1]!;
  const prev = points[points.length - 2]!;
  const result = isRate && last.v < prev.v ? last.v : last.v - prev.v;
  const sampledIntervalMs = last.t - prev.t;
  if (sampledIntervalMs === 0) return undefined;
  return isRate ? result / (sampledIntervalMs / 1000) : result;
}

/** Least-squares fit of value on time (seconds since `interceptTimeMs`), Kahan-summed (`linearRegression`). */
export function linearRegression(points: readonly Point[], interceptTimeMs: number): { slope: number; intercept: number } {
  let n = 0;
  let [sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2] = [0, 0, 0, 0, 0, 0, 0, 0];
  const initY = points[0]!.v;
  let constY = true;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (constY && i > 0 && p.v !== initY) constY = false;
    n++;
    const x = (p.t - interceptTimeMs) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(p.v, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * p.v, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(initY) ? { slope: 0, intercept: initY } : { slope: NaN, intercept: NaN };
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/**
 * The φ-quantile of values (`quantile` in quantile.go): linear interpolation between the closest ranks, −Inf for
 * φ < 0, +Inf for φ > 1, NaN for no values or φ NaN.
 */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort(compareFloats);
  const n = sorted.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lowerIndex]! * (1 - weight) + sorted[upperIndex]! * weight;
}

/** Go's `sort.Float64s` order: NaN first, then ascending. */
function compareFloats(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

/** A classic histogram bucket: upper bound `le` and cumulative count. */
export interface Bucket {
  upperBound: number;
  count: number;
}

/** Relative tolerance under which bucket counts that differ are taken as equal (floating-point noise). */
const SMALL_DELTA_TOLERANCE = 1e-12;

/**
 * `histogram_quantile` over classic buckets (`BucketQuantile`): sorts by upper bound, merges equal bounds, forces
 * the counts monotonic (a lower bucket with more observations than a higher one is a scrape race, not data), then
 * interpolates linearly inside the bucket holding the rank. NaN without a +Inf bucket or observations; the highest
 * finite bound when the rank falls in +Inf; the first bound when it falls in a bucket with an upper bound ≤ 0.
 */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  let buckets = [...input].map((b) => ({ ...b })).sort((a, b) => a.upperBound - b.upperBound);
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Infinity) return NaN;
  buckets = coalesceBuckets(buckets);
  ensureMonotonicAndIgnoreSmallDeltas(buckets, SMALL_DELTA_TOLERANCE);
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Merges buckets with the same upper bound (sorted input), summing their counts (`coalesceBuckets`). */
function coalesceBuckets(buckets: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push(b);
  }
  return out;
}

/** Raises any count below its predecessor to it, and levels counts equal within the tolerance. */
function ensureMonotonicAndIgnoreSmallDeltas(buckets: Bucket[], tolerance: number): void {
  let prev = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i]!.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, tolerance)) {
      buckets[i]!.count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i]!.count = prev;
      continue;
    }
    prev = curr;
  }
}

/** Prometheus' `almost.Equal`: equal, or relatively within epsilon (absolutely near zero). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Go's `math.Pow` where it differs from `**`: 1^y = 1 and (−1)^±Inf = 1 (JS gives NaN). */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}
