/**
 * What happens to a metric proposal before it becomes `spec.replicas`: stabilisation, rate limits and the
 * min/max clamp, after `pkg/controller/podautoscaler/horizontal.go`. The controller's in-memory history
 * (recommendations, scale events) is passed in explicitly and updated in place, exactly as upstream updates its
 * maps; the clock is the `nowMs` argument.
 *
 * Go's `time.Before`/`time.After` are strict, and so are the comparisons here.
 */
import type { HPAScalingPolicy } from 'kubernetes-types/autoscaling/v2';
import type { DefaultedScaleDownRules, DefaultedScaleUpRules, ScalingRules } from './defaults.ts';

/** `scaleUpLimitFactor` of horizontal.go (legacy path only). Upstream tests override it to 8. */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
/** `scaleUpLimitMinimum` of horizontal.go (legacy path only). */
export const SCALE_UP_LIMIT_MINIMUM = 4.0;
const MAX_INT32 = 2_147_483_647;
const MIN_INT32 = -2_147_483_648;

/** An unstabilised recommendation the controller remembers (`timestampedRecommendation`). */
export interface Recommendation {
  recommendation: number;
  timestampMs: number;
}

/** A past rescale (`timestampedScaleEvent`); `replicaChange` is the absolute change. */
export interface ScaleEvent {
  replicaChange: number;
  timestampMs: number;
  outdated: boolean;
}

/** The per-HPA memory of the controller: lost on restart, deleted with the HPA. */
export interface HpaHistory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

/** A condition verdict: reason and message, upstream's text. */
export interface Verdict {
  readonly reason: string;
  readonly message: string;
}

/**
 * Port of `stabilizeRecommendation` (legacy path): the max of the proposal and every recommendation not older than
 * the window; the proposal is stored over the last entry older than the window, else appended.
 *
 * Example: window 300 s, history [{4, −2 min}, {5, −1 min}], proposal 3 → 5, history gains {3, now}.
 */
export function stabilizeRecommendation(
  recommendations: Recommendation[],
  prenormalizedDesiredReplicas: number,
  nowMs: number,
  downscaleStabilisationWindowMs: number,
): number {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let oldSampleIndex = -1;
  const cutoff = nowMs - downscaleStabilisationWindowMs;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i]!;
    if (rec.timestampMs < cutoff) oldSampleIndex = i;
    else if (rec.recommendation > maxRecommendation) maxRecommendation = rec.recommendation;
  }
  storeRecommendation(recommendations, oldSampleIndex, prenormalizedDesiredReplicas, nowMs);
  return maxRecommendation;
}

/**
 * Stores a recommendation over the entry at `oldSampleIndex`, else appends one. The entry is overwritten in place,
 * as Go assigns the struct into the slice (no new object per sync on the controller's hot path).
 */
function storeRecommendation(recommendations: Recommendation[], oldSampleIndex: number, recommendation: number, nowMs: number): void {
  const old = oldSampleIndex >= 0 ? recommendations[oldSampleIndex] : undefined;
  if (old) {
    old.recommendation = recommendation;
    old.timestampMs = nowMs;
  } else recommendations.push({ recommendation, timestampMs: nowMs });
}

/** Port of `calculateScaleUpLimit`: `int32(max(factor × current, minimum))` (legacy path). */
export function calculateScaleUpLimit(
  currentReplicas: number,
  scaleUpLimitFactor = SCALE_UP_LIMIT_FACTOR,
  scaleUpLimitMinimum = SCALE_UP_LIMIT_MINIMUM,
): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/** Result of a limit conversion: the value and the `ScalingLimited` reason/message. */
export interface Converted extends Verdict {
  readonly desiredReplicas: number;
}

/**
 * Port of `convertDesiredReplicasWithRules` (legacy path): clamp to [min, min(max, scaleUpLimit)].
 * Reasons: `TooFewReplicas`, `ScaleUpLimit` / `TooManyReplicas`, else `DesiredWithinRange`.
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  scaleUpLimitFactor = SCALE_UP_LIMIT_FACTOR,
): Converted {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor);
  let maximumAllowedReplicas: number;
  let reason: string;
  let message: string;
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < hpaMinReplicas) {
    return {
      desiredReplicas: hpaMinReplicas,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  }
  if (desiredReplicas > maximumAllowedReplicas) return { desiredReplicas: maximumAllowedReplicas, reason, message };
  return { desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** What a normalisation decided, with the two conditions it sets. */
export interface Normalized {
  /** The stabilised recommendation (before rate limits and clamps). */
  readonly stabilizedRecommendation: number;
  readonly desiredReplicas: number;
  /** `AbleToScale=True` reason: `ScaleDownStabilized`, `ScaleUpStabilized` or `ReadyForNewScale`. */
  readonly ableToScale: Verdict;
  /** `ScalingLimited`: True when the limits changed the stabilised value. */
  readonly scalingLimited: Verdict & { readonly status: 'True' | 'False' };
}

const READY_FOR_NEW_SCALE: Verdict = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const SCALE_DOWN_STABILIZED: Verdict = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
const SCALE_UP_STABILIZED: Verdict = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};

/** Port of `normalizeDesiredReplicas`: the legacy path (no `spec.behavior`). */
export function normalizeDesiredReplicas(
  history: HpaHistory,
  args: {
    currentReplicas: number;
    prenormalizedDesiredReplicas: number;
    minReplicas: number;
    maxReplicas: number;
    nowMs: number;
    downscaleStabilisationWindowMs: number;
    scaleUpLimitFactor?: number;
  },
): Normalized {
  const stabilized = stabilizeRecommendation(
    history.recommendations,
    args.prenormalizedDesiredReplicas,
    args.nowMs,
    args.downscaleStabilisationWindowMs,
  );
  const ableToScale = stabilized !== args.prenormalizedDesiredReplicas ? SCALE_DOWN_STABILIZED : READY_FOR_NEW_SCALE;
  const c = convertDesiredReplicasWithRules(
    args.currentReplicas,
    stabilized,
    args.minReplicas,
    args.maxReplicas,
    args.scaleUpLimitFactor,
  );
  return {
    stabilizedRecommendation: stabilized,
    desiredReplicas: c.desiredReplicas,
    ableToScale,
    scalingLimited: { status: c.desiredReplicas === stabilized ? 'False' : 'True', reason: c.reason, message: c.message },
  };
}

/** Port of `NormalizationArg`, with both directions' rules already defaulted. */
export interface NormalizationArg {
  readonly scaleUpBehavior: DefaultedScaleUpRules;
  /** With `stabilizationWindowSeconds` filled in (`maybeInitScaleDownStabilizationWindow`). */
  readonly scaleDownBehavior: DefaultedScaleDownRules & { stabilizationWindowSeconds: number };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
}

/**
 * Port of `stabilizeRecommendationWithBehaviors`: scale up only to the lowest recommendation of the up-window,
 * scale down only to the highest of the down-window, never past the proposal's direction. The raw proposal is
 * stored over the last entry older than both windows, else appended.
 *
 * Example: current 1, proposal 7, up-window 300 s, history [{4, −2 min}, {5, −1 min}] → min(7, 4, 5) = 4.
 */
export function stabilizeRecommendationWithBehaviors(
  recommendations: Recommendation[],
  args: Pick<NormalizationArg, 'currentReplicas' | 'desiredReplicas'> & {
    readonly scaleUpBehavior: { readonly stabilizationWindowSeconds: number };
    readonly scaleDownBehavior: { readonly stabilizationWindowSeconds: number };
  },
  nowMs: number,
): { recommendation: number } & Verdict {
  let upRecommendation = args.desiredReplicas;
  const upCutoff = nowMs - args.scaleUpBehavior.stabilizationWindowSeconds * 1000;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = nowMs - args.scaleDownBehavior.stabilizationWindowSeconds * 1000;
  let oldSampleIndex = -1;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i]!;
    if (rec.timestampMs > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestampMs > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestampMs < upCutoff && rec.timestampMs < downCutoff) oldSampleIndex = i;
  }
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  storeRecommendation(recommendations, oldSampleIndex, args.desiredReplicas, nowMs);
  const verdict = args.desiredReplicas >= args.currentReplicas ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED;
  return { recommendation, ...verdict };
}

/** Port of `getReplicasChangePerPeriod`: the sum of changes strictly after `now − period`. */
export function getReplicasChangePerPeriod(periodSeconds: number, scaleEvents: readonly ScaleEvent[], nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let replicas = 0;
  for (const rec of scaleEvents) if (rec.timestampMs > cutoff) replicas += rec.replicaChange;
  return replicas;
}

function policies(rules: ScalingRules): readonly HPAScalingPolicy[] {
  return rules.policies ?? [];
}

/**
 * Port of `calculateScaleUpLimitWithScalingRules`. Per policy, from the replicas at the period's start
 * (`current − added + deleted` within the period): Pods adds `value`, Percent gives
 * `ceil(start × (1 + value/100))` in float64 — e.g. 25 at 12 % → 25 × 1.12 = 28.000000000000004 → 29.
 * `Max` takes the largest, `Min` the smallest, `Disabled` returns current.
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  scalingRules: ScalingRules & { selectPolicy: string },
  nowMs: number,
): number {
  if (scalingRules.selectPolicy === 'Disabled') return currentReplicas;
  const useMin = scalingRules.selectPolicy === 'Min';
  let result = useMin ? MAX_INT32 : MIN_INT32;
  let proposed = 0;
  for (const policy of policies(scalingRules)) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, nowMs);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, nowMs);
    const periodStartReplicas = currentReplicas - added + deleted;
    if (policy.type === 'Pods') proposed = periodStartReplicas + policy.value;
    else if (policy.type === 'Percent') proposed = Math.trunc(Math.ceil(periodStartReplicas * (1 + policy.value / 100)));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * Port of `calculateScaleDownLimitWithBehaviors`. Pods subtracts `value`; Percent gives
 * `int32(start × (1 − value/100))`, truncated toward zero — e.g. 5 at 80 % → 5 × 0.19999999999999996 → 0.
 * `Max` takes the smallest limit (the largest change), `Min` the largest, `Disabled` returns current.
 */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  scalingRules: ScalingRules & { selectPolicy: string },
  nowMs: number,
): number {
  if (scalingRules.selectPolicy === 'Disabled') return currentReplicas;
  const useMax = scalingRules.selectPolicy === 'Min';
  let result = useMax ? MIN_INT32 : MAX_INT32;
  let proposed = 0;
  for (const policy of policies(scalingRules)) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, nowMs);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, nowMs);
    const periodStartReplicas = currentReplicas - added + deleted;
    if (policy.type === 'Pods') proposed = periodStartReplicas - policy.value;
    else if (policy.type === 'Percent') proposed = Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    result = useMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * Port of `convertDesiredReplicasWithBehaviorRate`: applies the rate limit of the direction of change and the
 * min/max bound. Reasons `ScaleUpLimit`, `TooManyReplicas`, `ScaleDownLimit`, `TooFewReplicas`,
 * `DesiredWithinRange`. `limit` is the policy limit that applied (undefined when no change was proposed).
 */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  history: Pick<HpaHistory, 'scaleUpEvents' | 'scaleDownEvents'>,
  nowMs: number,
): Converted & { readonly limit?: number } {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(
      args.currentReplicas,
      history.scaleUpEvents,
      history.scaleDownEvents,
      args.scaleUpBehavior,
      nowMs,
    );
    // Recent scale-ups may already exceed what the policies allow now: hold instead of scaling down.
    if (scaleUpLimit < args.currentReplicas) scaleUpLimit = args.currentReplicas;
    let maximumAllowedReplicas = args.maxReplicas;
    let verdict: Verdict;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      verdict = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
    } else {
      verdict = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    }
    if (args.desiredReplicas > maximumAllowedReplicas) {
      return { desiredReplicas: maximumAllowedReplicas, ...verdict, limit: scaleUpLimit };
    }
    return { desiredReplicas: args.desiredReplicas, ...WITHIN_RANGE, limit: scaleUpLimit };
  }
  if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(
      args.currentReplicas,
      history.scaleUpEvents,
      history.scaleDownEvents,
      args.scaleDownBehavior,
      nowMs,
    );
    // Recent scale-downs may already exceed what the policies allow now: hold instead of scaling up.
    if (scaleDownLimit > args.currentReplicas) scaleDownLimit = args.currentReplicas;
    let minimumAllowedReplicas = args.minReplicas;
    let verdict: Verdict;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      verdict = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
    } else {
      verdict = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    }
    if (args.desiredReplicas < minimumAllowedReplicas) {
      return { desiredReplicas: minimumAllowedReplicas, ...verdict, limit: scaleDownLimit };
    }
    return { desiredReplicas: args.desiredReplicas, ...WITHIN_RANGE, limit: scaleDownLimit };
  }
  return { desiredReplicas: args.desiredReplicas, ...WITHIN_RANGE };
}

const WITHIN_RANGE: Verdict = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };

/** Port of `normalizeDesiredReplicasWithBehaviors`: stabilise with both windows, then apply the rate policies. */
export function normalizeDesiredReplicasWithBehaviors(
  history: HpaHistory,
  args: NormalizationArg,
  nowMs: number,
): Normalized & { readonly limit?: number } {
  const s = stabilizeRecommendationWithBehaviors(history.recommendations, args, nowMs);
  const ableToScale: Verdict = s.recommendation !== args.desiredReplicas ? s : READY_FOR_NEW_SCALE;
  const c = convertDesiredReplicasWithBehaviorRate({ ...args, desiredReplicas: s.recommendation }, history, nowMs);
  return {
    stabilizedRecommendation: s.recommendation,
    desiredReplicas: c.desiredReplicas,
    ableToScale: { reason: ableToScale.reason, message: ableToScale.message },
    scalingLimited: {
      status: c.desiredReplicas === s.recommendation ? 'False' : 'True',
      reason: c.reason,
      message: c.message,
    },
    ...(c.limit !== undefined ? { limit: c.limit } : {}),
  };
}

/** Port of `getLongestPolicyPeriod`, in seconds. */
export function getLongestPolicyPeriod(scalingRules: ScalingRules): number {
  let longest = 0;
  for (const p of policies(scalingRules)) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** Port of `markScaleEventsOutdated`: events strictly older than the longest period become reusable slots. */
export function markScaleEventsOutdated(scaleEvents: ScaleEvent[], longestPolicyPeriodSeconds: number, nowMs: number): void {
  const cutoff = nowMs - longestPolicyPeriodSeconds * 1000;
  for (const e of scaleEvents) if (e.timestampMs < cutoff) e.outdated = true;
}

/**
 * Port of `storeScaleEvent`: after a rescale, only with a behaviour, record `|new − prev|` in the direction's list,
 * overwriting the last outdated slot or appending.
 */
export function storeScaleEvent(
  behavior: { scaleUp?: ScalingRules; scaleDown?: ScalingRules } | undefined,
  history: Pick<HpaHistory, 'scaleUpEvents' | 'scaleDownEvents'>,
  prevReplicas: number,
  newReplicas: number,
  nowMs: number,
): void {
  if (!behavior) return;
  const up = newReplicas > prevReplicas;
  const events = up ? history.scaleUpEvents : history.scaleDownEvents;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  markScaleEventsOutdated(events, rules ? getLongestPolicyPeriod(rules) : 0, nowMs);
  let oldSampleIndex = -1;
  for (let i = 0; i < events.length; i++) if (events[i]!.outdated) oldSampleIndex = i;
  const event: ScaleEvent = { replicaChange: Math.abs(newReplicas - prevReplicas), timestampMs: nowMs, outdated: false };
  if (oldSampleIndex >= 0) events[oldSampleIndex] = event;
  else events.push(event);
}

/**
 * Until when a repeated recommendation keeps normalising to the same result, in ms (exclusive). Not upstream: the
 * simulator uses it to skip syncs whose inputs have not changed (see the controller's quiet syncs).
 *
 * A sync whose proposal `recommendation` repeats adds a record equal to it, which moves neither the maximum of the
 * legacy stabilisation nor the minimum or maximum of the behaviour windows. What can move them is an older record
 * with another value leaving its window: a higher one leaves the downscale window at `timestamp + window`, a lower
 * one the upscale window (behaviours only; the legacy path ignores lower records). With behaviours, the policy
 * limits change when a scale event leaves a policy's period. The bound is conservative: at or after it the sync runs.
 *
 * Worked example (legacy, 5-minute window): records 7 at 0 s and 5 at 60 s, recommendation 5 at 90 s. The 7 keeps
 * the stabilised value at 7 until it leaves the window at 300 s; the result is stable until 300,000 ms.
 */
export function recommendationStableUntilMs(
  history: HpaHistory,
  recommendation: number,
  windows: { readonly upMs?: number; readonly downMs: number; readonly policyPeriodsMs?: readonly number[] },
): number {
  let until = Infinity;
  for (const rec of history.recommendations) {
    if (rec.recommendation > recommendation) until = Math.min(until, rec.timestampMs + windows.downMs);
    else if (rec.recommendation < recommendation && windows.upMs !== undefined) until = Math.min(until, rec.timestampMs + windows.upMs);
  }
  for (const periodMs of windows.policyPeriodsMs ?? []) {
    for (const e of history.scaleUpEvents) until = Math.min(until, e.timestampMs + periodMs);
    for (const e of history.scaleDownEvents) until = Math.min(until, e.timestampMs + periodMs);
  }
  return until;
}
