/**
 * Shared plugin helpers (`plugins/helper`: normalize_score.go, shape_score.go, taint helpers from
 * `component-helpers/scheduling/corev1`).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * `helper.DefaultNormalizeScore`: scales `scores[0..count)` so the max becomes `maxPriority`, with integer
 * division; `reverse` flips to `maxPriority - score`. All zero: stays 0, or all `maxPriority` when reversed.
 * Example: [2, 1, 0], max 100, reverse → [0, 50, 100].
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, count: number): void {
  let maxCount = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority, 0, count);
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = Math.trunc((maxPriority * scores[i]!) / maxCount);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

/** One point of a scoring shape: utilization 0..100 → score (already on the 0..100 scale). */
export interface FunctionShapePoint {
  utilization: number;
  score: number;
}

/**
 * `helper.BuildBrokenLinearFunction`: piecewise-linear through `shape` (sorted by utilization), flat outside.
 * Go integer division truncates toward zero, so on a descending segment `(0-100)*(75-0)/100 = -75` exactly and
 * `(0-10)*(25-0)/100 = -250/100 = -2` (not -3); `Math.trunc` reproduces that.
 */
export function buildBrokenLinearFunction(shape: readonly FunctionShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i] as FunctionShapePoint;
      if (p <= cur.utilization) {
        if (i === 0) return cur.score;
        const prev = shape[i - 1] as FunctionShapePoint;
        return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
      }
    }
    return (shape[shape.length - 1] as FunctionShapePoint).score;
  };
}

/** `ToleratesTaint`: effect and key must match unless empty; `Exists` ignores the value, `Equal`/"" compares it. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal' || op === '') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** `TolerationsTolerateTaint`: any toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** `FindMatchingUntoleratedTaint` restricted to NoSchedule / NoExecute taints (`DoNotScheduleTaintsFilterFunc`). */
export function findUntoleratedDoNotScheduleTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

