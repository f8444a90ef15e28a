/**
 * Argo Rollouts replica and weight arithmetic, ported from argoproj/argo-rollouts `utils/replicaset/canary.go`,
 * `utils/replicaset/replicaset.go` (fenceposts), `utils/replicaset/bluegreen.go` and `utils/defaults/defaults.go`.
 * Pure functions over a {@link RolloutView} and ReplicaSets; names are upstream's.
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CanaryStep, SetCanaryScale } from '../../api/argo.ts';
import { IntOrStringError, getScaledValueFromIntOrPercent, type IntOrString } from '../../api/intorstr.ts';
import type { RolloutView, TrafficWeights } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// Defaults (utils/defaults/defaults.go)

/** `DefaultReplicas`. */
export const DefaultReplicas = 1;
/** `DefaultRevisionHistoryLimit`. */
export const DefaultRevisionHistoryLimit = 10;
/** `DefaultMaxSurge` (the code stores "25", read as 25%). */
export const DefaultMaxSurge = '25%';
/** `DefaultMaxUnavailable`. */
export const DefaultMaxUnavailable = '25%';
/** `DefaultProgressDeadlineSeconds`. */
export const DefaultProgressDeadlineSeconds = 600;
/** `DefaultScaleDownDelaySeconds` (blue-green, and traffic-routed canary only). */
export const DefaultScaleDownDelaySeconds = 30;
/** `DefaultAbortScaleDownDelaySeconds`. */
export const DefaultAbortScaleDownDelaySeconds = 30;
/** `DefaultAutoPromotionEnabled`. */
export const DefaultAutoPromotionEnabled = true;
/** `DefaultConsecutiveErrorLimit` for analysis metrics. */
export const DefaultConsecutiveErrorLimit = 4;
/** Traffic weight scale when `trafficRouting.maxTrafficWeight` is unset. */
export const DefaultMaxTrafficWeight = 100;
/** `rollouts-pod-template-hash`, the label Argo adds to pods and selectors. */
export const DefaultRolloutUniqueLabelKey = 'rollouts-pod-template-hash';

/** `GetReplicasOrDefault`: spec.replicas, 1 when unset. */
export function GetReplicasOrDefault(replicas: number | undefined): number {
  return replicas ?? DefaultReplicas;
}

/** `GetMaxSurgeOrDefault` (canary). */
export function GetMaxSurgeOrDefault(ro: RolloutView): IntOrString {
  return ro.spec.strategy.canary?.maxSurge ?? DefaultMaxSurge;
}

/** `GetMaxUnavailableOrDefault`: canary's or blue-green's maxUnavailable, 25% when unset. */
export function GetMaxUnavailableOrDefault(ro: RolloutView): IntOrString {
  const s = ro.spec.strategy;
  if (s.blueGreen) return s.blueGreen.maxUnavailable ?? DefaultMaxUnavailable;
  return s.canary?.maxUnavailable ?? DefaultMaxUnavailable;
}

/** `GetMaxTrafficWeight`: trafficRouting.maxTrafficWeight or 100. */
export function GetMaxTrafficWeight(ro: RolloutView): number {
  return ro.spec.strategy.canary?.trafficRouting?.maxTrafficWeight ?? DefaultMaxTrafficWeight;
}

/** `GetScaleDownRevisionLimit`: the strategy's scaleDownDelayRevisionLimit (unset: no limit). */
export function GetScaleDownRevisionLimit(ro: RolloutView): number | undefined {
  const s = ro.spec.strategy;
  return s.blueGreen ? s.blueGreen.scaleDownDelayRevisionLimit : s.canary?.scaleDownDelayRevisionLimit;
}

/**
 * `GetScaleDownDelaySecondsOrDefault`: blue-green 30 s unless set; canary 30 s unless set, but only with
 * trafficRouting (basic canary scales old ReplicaSets down at once: 0).
 */
export function GetScaleDownDelaySecondsOrDefault(ro: RolloutView): number {
  const s = ro.spec.strategy;
  if (s.blueGreen) return s.blueGreen.scaleDownDelaySeconds ?? DefaultScaleDownDelaySeconds;
  if (s.canary?.trafficRouting) return s.canary.scaleDownDelaySeconds ?? DefaultScaleDownDelaySeconds;
  return 0;
}

/**
 * `GetAbortScaleDownDelaySecondsOrDefault`: seconds to keep an aborted new RS up; `undefined` means "never scale it
 * down" (explicit 0). Blue-green and traffic-routed canary default to 30 s; basic canary has no delay (0).
 */
export function GetAbortScaleDownDelaySecondsOrDefault(ro: RolloutView): number | undefined {
  const s = ro.spec.strategy;
  const explicit = s.blueGreen ? s.blueGreen.abortScaleDownDelaySeconds : s.canary?.trafficRouting ? s.canary.abortScaleDownDelaySeconds : 0;
  if (explicit === 0 && (s.blueGreen || s.canary?.trafficRouting)) return undefined;
  return explicit ?? DefaultAbortScaleDownDelaySeconds;
}

/** `GetAutoPromotionEnabledOrDefault`. */
export function GetAutoPromotionEnabledOrDefault(ro: RolloutView): boolean {
  return ro.spec.strategy.blueGreen?.autoPromotionEnabled ?? DefaultAutoPromotionEnabled;
}

// ---------------------------------------------------------------------------------------------------------------
// Fenceposts (utils/replicaset/replicaset.go)

/**
 * `resolveFenceposts`, as the Deployment controller's: surge rounds up, unavailable down, both 0 → unavailable 1.
 * A value that is neither an int nor `"N%"` throws `IntOrStringError` (upstream returns the error); the validator
 * rejects such values, so the helpers below, which like upstream's ignore the error and use 0/0, never see one.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** Upstream's `x, _, _ := resolveFenceposts(…)`: the zeros it returns with an error. */
function fencepostsOrZero(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  try {
    return resolveFenceposts(maxSurge, maxUnavailable, desired);
  } catch (error) {
    if (!(error instanceof IntOrStringError)) throw error;
    return { surge: 0, unavailable: 0 };
  }
}

/** `MaxSurge`: 0 for blue-green; canary's resolved surge (default 25%, rounded up). */
export function MaxSurge(ro: RolloutView): number {
  if (!ro.spec.strategy.canary) return 0;
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  return fencepostsOrZero(GetMaxSurgeOrDefault(ro), GetMaxUnavailableOrDefault(ro), replicas).surge;
}

/**
 * `MaxUnavailable`: 0 for 0 replicas, capped at replicas. Canary: the resolved fencepost (default 25%, rounded down,
 * 1 when both resolve to 0). Blue-green: `GetValueFromIntOrPercent` alone, so 25% of 1 replica is 0, not 1.
 */
export function MaxUnavailable(ro: RolloutView): number {
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  if (replicas === 0) return 0;
  let unavailable: number;
  if (ro.spec.strategy.canary) unavailable = fencepostsOrZero(GetMaxSurgeOrDefault(ro), GetMaxUnavailableOrDefault(ro), replicas).unavailable;
  else {
    try {
      unavailable = getScaledValueFromIntOrPercent(GetMaxUnavailableOrDefault(ro), replicas, false);
    } catch (error) {
      if (!(error instanceof IntOrStringError)) throw error;
      unavailable = 0;
    }
  }
  return Math.min(unavailable, replicas);
}

// ---------------------------------------------------------------------------------------------------------------
// Steps and weights

const specReplicasOf = (rs: ReplicaSet | undefined) => rs?.spec?.replicas ?? 0;
const availableOf = (rs: ReplicaSet | undefined) => rs?.status?.availableReplicas ?? 0;

/** `GetCurrentCanaryStep`: the step at status.currentStepIndex (default 0); no step past the end or without steps. */
export function GetCurrentCanaryStep(ro: RolloutView): { step: CanaryStep | undefined; index: number | undefined } {
  const steps = ro.spec.strategy.canary?.steps ?? [];
  if (!ro.spec.strategy.canary || steps.length === 0) return { step: undefined, index: undefined };
  const index = ro.status.currentStepIndex ?? 0;
  return { step: steps[index], index };
}

/**
 * `GetCurrentSetWeight`: 0 when aborted; MW past the last step; else the nearest setWeight at or before the
 * current step (0 if none).
 */
export function GetCurrentSetWeight(ro: RolloutView): number {
  if (ro.status.abort) return 0;
  const { step, index } = GetCurrentCanaryStep(ro);
  if (!step || index === undefined) return GetMaxTrafficWeight(ro);
  const steps = ro.spec.strategy.canary!.steps!;
  for (let i = index; i >= 0; i--) {
    const w = steps[i]!.setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

/**
 * `UseSetCanaryScale`: the setCanaryScale in effect (nearest at or before the current step), only with
 * trafficRouting; none when its matchTrafficWeight is true, and none when aborted unless abortScaleDownDelaySeconds
 * is explicitly 0.
 */
export function UseSetCanaryScale(ro: RolloutView): SetCanaryScale | undefined {
  const { step, index } = GetCurrentCanaryStep(ro);
  if (!step || index === undefined) return undefined;
  const canary = ro.spec.strategy.canary;
  if (!canary?.trafficRouting) return undefined;
  if (ro.status.abort && canary.abortScaleDownDelaySeconds !== 0) return undefined;
  for (let i = index; i >= 0; i--) {
    const scs = canary.steps![i]!.setCanaryScale;
    if (!scs) continue;
    if (scs.matchTrafficWeight) return undefined;
    return scs;
  }
  return undefined;
}

/** `trafficWeightToReplicas`: ceil(w × R / MW). 10 replicas at 33% → 4; at 99% → 10. */
export function trafficWeightToReplicas(replicas: number, weight: number, maxWeight = DefaultMaxTrafficWeight): number {
  return Math.ceil((weight * replicas) / maxWeight);
}

/**
 * `GetDesiredCanaryWeight`: normally GetCurrentSetWeight. When aborted with dynamicStableScale and both RSs, the
 * weight steps back down: canaryReplicas = max(R − stable.available, canary.available) (or just the first with an
 * explicit abortScaleDownDelaySeconds > 0); the result is the last setWeight (walking back from the end) whose
 * replica count is strictly below canaryReplicas, else 0.
 */
export function GetDesiredCanaryWeight(ro: RolloutView, newRS?: ReplicaSet, stableRS?: ReplicaSet): number {
  const canary = ro.spec.strategy.canary;
  const mw = GetMaxTrafficWeight(ro);
  if (ro.status.abort && canary?.dynamicStableScale && newRS && stableRS) {
    const replicas = GetReplicasOrDefault(ro.spec.replicas);
    const expectedCanary = replicas - availableOf(stableRS);
    const delay = canary.abortScaleDownDelaySeconds;
    const canaryReplicas = delay !== undefined && delay > 0 ? expectedCanary : Math.max(expectedCanary, availableOf(newRS));
    const steps = canary.steps ?? [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const w = steps[i]!.setWeight;
      if (w === undefined) continue;
      if (trafficWeightToReplicas(replicas, w, mw) < canaryReplicas) return w;
    }
    return 0;
  }
  return GetCurrentSetWeight(ro);
}

/**
 * `GetCanaryReplicasOrWeight`: MW when fully promoting, with no stable yet, or when the current template is the
 * stable one; else an explicit setCanaryScale (replicas or weight); else the desired setWeight.
 */
export function GetCanaryReplicasOrWeight(ro: RolloutView, newRS?: ReplicaSet, stableRS?: ReplicaSet): { replicas?: number; weight: number } {
  const st = ro.status;
  if (st.promoteFull || !st.stableRS || st.currentPodHash === st.stableRS) return { weight: GetMaxTrafficWeight(ro) };
  const scs = UseSetCanaryScale(ro);
  if (scs) {
    if (scs.replicas !== undefined) return { replicas: scs.replicas, weight: 0 };
    if (scs.weight !== undefined) return { weight: scs.weight };
  }
  return { weight: GetDesiredCanaryWeight(ro, newRS, stableRS) };
}

// ---------------------------------------------------------------------------------------------------------------
// Basic canary

/** `floorCeilingTied`: total × (w / MW) has a fractional part of exactly 0.5 (float64, in that order). */
function floorCeilingTied(desiredWeight: number, totalReplicas: number, maxWeight: number): boolean {
  const x = totalReplicas * (desiredWeight / maxWeight);
  return x - Math.trunc(x) === 0.5;
}

/** `weightDelta`: |canary × MW / total − w|. */
function weightDelta(desiredWeight: number, canaryReplicas: number, totalReplicas: number, maxWeight: number): number {
  return Math.abs((canaryReplicas * maxWeight) / totalReplicas - desiredWeight);
}

/**
 * `approximateWeightedCanaryStableReplicaCounts`: the (canary, stable) split closest to weight w, over R or (with
 * surge) R+1 pods, never giving 0 canaries or 0 stable for w in 1..MW−1 unless R = 1 without surge. Ties go to the
 * earlier candidate (ceiling, no surge). Worked example: R 10, w 24, surge 1 → candidates 3/10 (30%), 2/10 (20%),
 * 3/11 (27.3%), 2/11 (18.2%) → 3/11 is closest to 24 → canary 3, stable 8.
 */
export function approximateWeightedCanaryStableReplicaCounts(
  specReplicas: number,
  desiredWeight: number,
  maxWeight: number,
  maxSurge: number,
): { canary: number; stable: number } {
  if (specReplicas === 0) return { canary: 0, stable: 0 };
  const ceil = Math.ceil((specReplicas * desiredWeight) / maxWeight);
  const floor = Math.floor((specReplicas * desiredWeight) / maxWeight);
  const tied = floorCeilingTied(desiredWeight, specReplicas, maxWeight);
  const zeroAllowed = desiredWeight === maxWeight || desiredWeight === 0 || (specReplicas === 1 && maxSurge === 0);
  const options: { canary: number; total: number }[] = [];
  if (ceil < specReplicas || zeroAllowed) options.push({ canary: ceil, total: specReplicas });
  if (!tied && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: specReplicas });
  if (maxSurge > 0) {
    options.push({ canary: ceil, total: specReplicas + 1 });
    if (!floorCeilingTied(desiredWeight, specReplicas + 1, maxWeight) && (floor !== 0 || zeroAllowed)) {
      options.push({ canary: floor, total: specReplicas + 1 });
    }
  }
  if (options.length === 0) return { canary: 0, stable: specReplicas };
  let best = options[0]!;
  let bestDelta = weightDelta(desiredWeight, best.canary, best.total, maxWeight);
  for (let i = 1; i < options.length; i++) {
    const d = weightDelta(desiredWeight, options[i]!.canary, options[i]!.total, maxWeight);
    if (d < bestDelta) {
      best = options[i]!;
      bestDelta = d;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

/** `CheckStableRSExists`: a stable RS exists and is not the new RS. */
export function CheckStableRSExists(newRS: ReplicaSet | undefined, stableRS: ReplicaSet | undefined): boolean {
  if (!stableRS) return false;
  if (!newRS) return true;
  return newRS.metadata?.name !== stableRS.metadata?.name;
}

/**
 * `GetReplicasForScaleDown`: spec when the RS is already shrinking (spec < available: the extra pods are about to
 * go) or when availability is ignored; else available.
 */
export function GetReplicasForScaleDown(rs: ReplicaSet | undefined, ignoreAvailability: boolean): number {
  if (!rs) return 0;
  if (specReplicasOf(rs) < availableOf(rs)) return specReplicasOf(rs);
  return ignoreAvailability ? specReplicasOf(rs) : availableOf(rs);
}

/** `calculateScaleDownReplicaCount`: shrink the draining RS toward its desired count by at most `scaleDownCount`. */
function calculateScaleDownReplicaCount(drainRS: ReplicaSet | undefined, desired: number, scaleDownCount: number, current: number): number {
  if (drainRS && specReplicasOf(drainRS) > desired) return Math.max(desired, specReplicasOf(drainRS) - scaleDownCount);
  return current;
}

/**
 * `adjustReplicaWithinLimits`: trims the other RS to stay within maxSurge, gives back enough of that trim to keep
 * minAvailable, and then trims the draining RS for whatever is still over maxSurge.
 */
function adjustReplicaWithinLimits(
  drainRS: ReplicaSet | undefined,
  adjustRS: ReplicaSet | undefined,
  drainCount: number,
  adjustCount: number,
  maxReplicaCountAllowed: number,
  minAvailableReplicaCount: number,
): [number, number] {
  let overTheLimit = Math.max(0, adjustCount + drainCount - maxReplicaCountAllowed);
  let totalAvailable = drainRS ? Math.min(availableOf(drainRS), drainCount) : 0;
  if (adjustRS) {
    adjustCount -= overTheLimit;
    totalAvailable += Math.min(availableOf(adjustRS), adjustCount);
    const extraAvailable = Math.max(0, availableOf(adjustRS) - adjustCount);
    const moreNeeded = Math.max(0, minAvailableReplicaCount - totalAvailable);
    adjustCount += Math.min(extraAvailable, moreNeeded);
    overTheLimit = Math.max(0, adjustCount + drainCount - maxReplicaCountAllowed);
    drainCount -= overTheLimit;
  }
  return [drainCount, adjustCount];
}

/**
 * `CalculateReplicaCountsForBasicCanary`: (canary, stable) replica counts for this sync of a canary without
 * trafficRouting. The target split comes from approximateWeightedCanaryStableReplicaCounts; scale-ups go stable
 * first within maxSurge; nothing shrinks while older RSs still have replicas; scale-downs stay within
 * maxUnavailable, draining the canary when the weight goes down and the stable when it goes up.
 * Worked example (canary_test.go "Use Max Surge and Max Unavailable"): R 10, w 50, surge 2, unavailable 1,
 * stable 10/10, canary 0 → target 5/5; room 12 − 10 = 2 → canary 2; minAvailable 9, stable available 10 → 1 may
 * go → stable 9.
 */
export function CalculateReplicaCountsForBasicCanary(
  ro: RolloutView,
  newRS: ReplicaSet | undefined,
  stableRS: ReplicaSet | undefined,
  oldRSs: readonly (ReplicaSet | undefined)[],
): { canary: number; stable: number } {
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  const { weight } = GetCanaryReplicasOrWeight(ro, newRS, stableRS);
  const maxSurge = MaxSurge(ro);
  let { canary: desiredNew, stable: desiredStable } = approximateWeightedCanaryStableReplicaCounts(replicas, weight, GetMaxTrafficWeight(ro), maxSurge);
  let stableCount = 0;
  let newCount = specReplicasOf(newRS);
  const scaleStableRS = CheckStableRSExists(newRS, stableRS);
  if (scaleStableRS) stableCount = specReplicasOf(stableRS);
  else {
    desiredNew = replicas;
    desiredStable = 0;
  }
  const maxReplicaCountAllowed = replicas + maxSurge;
  const allRSs = [...oldRSs, newRS, ...(scaleStableRS ? [stableRS] : [])];
  const total = allRSs.reduce((n, rs) => n + specReplicasOf(rs), 0);
  let scaleUpCount = maxReplicaCountAllowed - total;
  if (scaleStableRS && specReplicasOf(stableRS) < desiredStable && scaleUpCount > 0) {
    if (specReplicasOf(stableRS) + scaleUpCount < desiredStable) {
      stableCount = specReplicasOf(stableRS) + scaleUpCount;
      scaleUpCount = 0;
    } else {
      stableCount = desiredStable;
      scaleUpCount -= desiredStable - specReplicasOf(stableRS);
    }
  }
  if (newRS && specReplicasOf(newRS) < desiredNew && scaleUpCount > 0) {
    newCount = Math.min(desiredNew, specReplicasOf(newRS) + scaleUpCount);
  }
  if (oldRSs.reduce((n, rs) => n + specReplicasOf(rs), 0) > 0) return { canary: newCount, stable: stableCount };

  const minAvailable = replicas - MaxUnavailable(ro);
  const isIncreasing = !newRS || desiredNew >= specReplicasOf(newRS);
  const replicasToScaleDown = GetReplicasForScaleDown(newRS, !isIncreasing) + GetReplicasForScaleDown(stableRS, isIncreasing);
  if (replicasToScaleDown <= minAvailable) return { canary: newCount, stable: stableCount };
  const scaleDownCount = replicasToScaleDown - minAvailable;
  if (!isIncreasing) {
    newCount = calculateScaleDownReplicaCount(newRS, desiredNew, scaleDownCount, newCount);
    [newCount, stableCount] = adjustReplicaWithinLimits(newRS, stableRS, newCount, stableCount, maxReplicaCountAllowed, minAvailable);
  } else if (scaleStableRS) {
    stableCount = calculateScaleDownReplicaCount(stableRS, desiredStable, scaleDownCount, stableCount);
    [stableCount, newCount] = adjustReplicaWithinLimits(stableRS, newRS, stableCount, newCount, maxReplicaCountAllowed, minAvailable);
  }
  return { canary: newCount, stable: stableCount };
}

// ---------------------------------------------------------------------------------------------------------------
// Traffic-routed canary

/** `CheckMinPodsPerReplicaSet`: a non-zero count is raised to minPodsPerReplicaSet (capped at R), trafficRouting only. */
export function CheckMinPodsPerReplicaSet(ro: RolloutView, count: number): number {
  const canary = ro.spec.strategy.canary;
  if (count === 0 || canary?.minPodsPerReplicaSet === undefined || !canary.trafficRouting) return count;
  return Math.max(count, Math.min(canary.minPodsPerReplicaSet, GetReplicasOrDefault(ro.spec.replicas)));
}

/**
 * `CalculateReplicaCountsForTrafficRoutedCanary`: canary from setCanaryScale or the weight (rounded up); stable stays
 * at R unless dynamicStableScale, where it follows MW − w but never drops below what current traffic (`weights`)
 * still sends it (and, when aborting, the canary likewise). maxSurge/maxUnavailable play no part.
 */
export function CalculateReplicaCountsForTrafficRoutedCanary(
  ro: RolloutView,
  weights: TrafficWeights | undefined,
  newRS?: ReplicaSet,
  stableRS?: ReplicaSet,
): { canary: number; stable: number } {
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  const mw = GetMaxTrafficWeight(ro);
  const r = GetCanaryReplicasOrWeight(ro, newRS, stableRS);
  let canary = r.replicas ?? CheckMinPodsPerReplicaSet(ro, trafficWeightToReplicas(replicas, r.weight, mw));
  if (!ro.spec.strategy.canary?.dynamicStableScale) return { canary, stable: replicas };
  let stable = trafficWeightToReplicas(replicas, mw - r.weight, mw);
  if (weights) {
    stable = Math.max(stable, trafficWeightToReplicas(replicas, weights.stable.weight, mw));
    if (ro.status.abort) canary = Math.max(canary, trafficWeightToReplicas(replicas, weights.canary.weight, mw));
  }
  return { canary: CheckMinPodsPerReplicaSet(ro, canary), stable: CheckMinPodsPerReplicaSet(ro, stable) };
}

/**
 * `ReplicaProgressThresholdMet`: whether enough of the RS's `desired` pods are available. Without a threshold (or
 * with a negative value) all of them, with spec.replicas at `desired`; `Percent`: available / desired × 100 reaches
 * the value (1e-10 slack for float rounding; desired 0 always passes); `Pods`: available reaches the value. A missing
 * RS fails. Example: 4 of 5 available meets 80 %, 3 of 5 does not.
 */
export function ReplicaProgressThresholdMet(ro: RolloutView, rs: ReplicaSet | undefined, desired: number): boolean {
  if (!rs) return false;
  const threshold = ro.spec.strategy.canary?.replicaProgressThreshold;
  const available = availableOf(rs);
  if (!threshold || threshold.value < 0) return specReplicasOf(rs) === desired && available === desired;
  if (threshold.type === 'Percent') {
    if (desired === 0) return true;
    return (available / desired) * 100 + 1e-10 >= threshold.value;
  }
  return available >= threshold.value;
}

/**
 * `AtDesiredReplicaCountsForCanary`: the canary RS meets {@link ReplicaProgressThresholdMet} at its desired count;
 * the stable RS is at its desired spec and status.replicas (skipped with trafficRouting + dynamicStableScale); for
 * basic canary, no older RS has available pods.
 */
export function AtDesiredReplicaCountsForCanary(
  ro: RolloutView,
  newRS: ReplicaSet | undefined,
  stableRS: ReplicaSet | undefined,
  olderRSs: readonly ReplicaSet[],
  weights: TrafficWeights | undefined,
): boolean {
  const canary = ro.spec.strategy.canary;
  const desired = canary?.trafficRouting
    ? CalculateReplicaCountsForTrafficRoutedCanary(ro, weights, newRS, stableRS)
    : CalculateReplicaCountsForBasicCanary(ro, newRS, stableRS, olderRSs);
  if (!ReplicaProgressThresholdMet(ro, newRS, desired.canary)) return false;
  if (!(canary?.trafficRouting && canary.dynamicStableScale)) {
    if (!stableRS || specReplicasOf(stableRS) !== desired.stable || (stableRS.status?.replicas ?? 0) !== desired.stable) return false;
  }
  if (!canary?.trafficRouting && olderRSs.reduce((n, rs) => n + availableOf(rs), 0) !== 0) return false;
  return true;
}

/**
 * `checkReplicasAvailable`: whether `rs` can take `weight` of the traffic: its available pods reach
 * floor(weight × replicas / maxTrafficWeight), or it meets {@link ReplicaProgressThresholdMet} at that count.
 * Example: 10 replicas at weight 50 need 5; 4 available pass with an 80 % threshold and fail without one.
 */
export function checkReplicasAvailable(ro: RolloutView, rs: ReplicaSet | undefined, weight: number): boolean {
  if (!rs) return false;
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  const needed = Math.floor((weight * replicas) / GetMaxTrafficWeight(ro));
  return availableOf(rs) >= needed || ReplicaProgressThresholdMet(ro, rs, needed);
}

// ---------------------------------------------------------------------------------------------------------------
// Blue-green (utils/replicaset/bluegreen.go, rollout/replicaset.go)

/**
 * The blue-green new RS's target size: R, or previewReplicaCount while the update is previewed (a fresh update, or
 * paused / not yet at the scale-up checkpoint). R when there is no active selector yet, the new RS is already
 * active, or on promoteFull.
 */
export function GetDesiredReplicasForBlueGreenNewRS(ro: RolloutView, newRSHash: string | undefined, paused: boolean): number {
  const replicas = GetReplicasOrDefault(ro.spec.replicas);
  const preview = ro.spec.strategy.blueGreen?.previewReplicaCount;
  if (preview === undefined) return replicas;
  const bg = ro.status.blueGreen ?? {};
  if (!bg.activeSelector || bg.activeSelector === newRSHash || ro.status.promoteFull) return replicas;
  if (newRSHash !== ro.status.currentPodHash) return preview;
  if (!paused && bg.scaleUpPreviewCheckPoint) return replicas;
  return preview;
}
