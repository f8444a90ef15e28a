/**
 * The canary strategy, after argo-rollouts `rollout/canary.go`, `rollout/trafficrouting.go` and `rollout/pause.go`.
 * One sync: services, traffic weights, analysis (may abort or pause), then at most one of stable RS / new RS /
 * old RSs rescaled, the pause step, and the status (abort, full promotion or one step completed).
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CanaryStep } from '../../api/argo.ts';
import { parseDuration } from '../../engine/duration.ts';
import { involved } from '../context.ts';
import {
  AtDesiredReplicaCountsForCanary,
  CalculateReplicaCountsForBasicCanary,
  CalculateReplicaCountsForTrafficRoutedCanary,
  CheckStableRSExists,
  GetAbortScaleDownDelaySecondsOrDefault,
  GetCurrentCanaryStep,
  GetCurrentSetWeight,
  GetDesiredCanaryWeight,
  GetMaxTrafficWeight,
  GetReplicasOrDefault,
  GetScaleDownDelaySecondsOrDefault,
  GetScaleDownRevisionLimit,
  MaxUnavailable,
  checkReplicasAvailable,
} from './canary-math.ts';
import { RolloutsComponent, ScaleDownDeadlineAnnotation, hashOf, isReplicaSetReferenced, requeueAfter, revisionOf, scaleDownWithDelay, scaleReplicaSet, setScaleDownDeadline, type RolloutSync } from './replicaset.ts';
import { cancelAnalysisRuns, clearAnalysisStatus, reactToAnalysisPhase, reconcileAnalysisRun } from './rollout-analysis.ts';
import { reconcileIstio } from './istio.ts';
import { switchServiceSelector } from './service.ts';
import { persistRolloutStatus } from './status.ts';
import type { RolloutView, TrafficWeights } from './types.ts';

/** `CanaryStepString`: how events name a step (`setWeight: 20`, `pause: 40s`, `analysis`, …). */
export function CanaryStepString(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause) return step.pause.duration !== undefined ? `pause: ${goDurationString(step.pause.duration)}` : 'pause';
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  if (step.setCanaryScale) {
    const c = step.setCanaryScale;
    if (c.weight !== undefined) return `setCanaryScale{weight: ${c.weight}}`;
    if (c.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
    if (c.replicas !== undefined) return `setCanaryScale{replicas: ${c.replicas}}`;
  }
  return 'invalid';
}

/** A pause duration: an integer is seconds; a string is a Go duration or a bare number of seconds. */
export function pauseDurationMs(d: number | string): number {
  if (typeof d === 'number') return d * 1000;
  return /^\d+$/.test(d) ? Number(d) * 1000 : parseDuration(d);
}

/** Go's `Duration.String()` for whole seconds: `40s`, `1m0s`, `1h0m0s`. */
function goDurationString(d: number | string): string {
  const totalS = Math.floor(pauseDurationMs(d) / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

const isFullyPromoted = (s: RolloutSync) => !!s.status.stableRS && s.status.stableRS === s.status.currentPodHash;

/** One sync of a canary Rollout (`rolloutCanary`). */
export function rolloutCanary(s: RolloutSync): void {
  const { status: st, view } = s;
  const canary = view.spec.strategy.canary!;
  reconcileStableAndCanaryService(s);
  if (canary.trafficRouting) reconcileTrafficRouting(s);
  const stop = reconcileCanaryAnalysis(s);
  const inconclusive = st.pauseConditions?.some((p) => p.reason === 'InconclusiveAnalysisRun') ?? false;
  if (!stop && !inconclusive && !view.spec.paused) reconcileCanaryReplicaSets(s);
  if (!inconclusive) reconcileCanaryPause(s);
  syncRolloutStatusCanary(s);
  persistRolloutStatus(s);
}

/**
 * `isDynamicallyRollingBackToStable`: a traffic-routed canary with dynamicStableScale whose update was interrupted
 * to go back to the stable RS (so desired == stable, fully promoted) while the router still weights the previous
 * desired RS and the stable is not yet at spec.replicas available. Returns that previous desired hash, else undefined.
 */
export function isDynamicallyRollingBackToStable(ro: RolloutView, desiredRS: ReplicaSet | undefined): string | undefined {
  const canary = ro.spec.strategy.canary;
  const fullyPromoted = !!ro.status.stableRS && ro.status.stableRS === ro.status.currentPodHash;
  if (!fullyPromoted || !canary?.trafficRouting || !canary.dynamicStableScale) return undefined;
  const weights = ro.status.canary?.weights;
  if (!weights) return undefined;
  const currSelector = weights.canary.podTemplateHash;
  if (currSelector === hashOf(desiredRS)) return undefined;
  return (desiredRS?.status?.availableReplicas ?? 0) < (ro.spec.replicas ?? 0) ? currSelector : undefined;
}

/** The Rollout as it was stored at the start of this sync (spec resolved), for the rules upstream reads from it. */
function startOfSync(s: RolloutSync): RolloutView {
  return { spec: s.view.spec, status: (s.ro.status ?? {}) as RolloutView['status'] };
}

/**
 * `reconcileStableAndCanaryService`: the stable service selects the stable RS; the canary service the new one, or
 * the stable when a basic canary is aborted. A traffic-routed abort switches it back in reconcileTrafficRouting
 * once the weight is 0; while dynamically rolling back to stable the switch waits.
 */
function reconcileStableAndCanaryService(s: RolloutSync): void {
  const canary = s.view.spec.strategy.canary!;
  const stable = s.status.stableRS;
  if (canary.stableService && stable) switchServiceSelector(s, canary.stableService, stable);
  if (!canary.canaryService) return;
  if (s.status.abort && !canary.trafficRouting) {
    switchServiceSelector(s, canary.canaryService, stable ?? s.hash);
    return;
  }
  // Aborted with a router: reconcileTrafficRouting owns the switch back (it would be undone there at once).
  if (s.status.abort) return;
  if (isDynamicallyRollingBackToStable(startOfSync(s), s.newRS) !== undefined) return;
  switchServiceSelector(s, canary.canaryService, !s.newRS ? (stable ?? s.hash) : s.hash);
}

/**
 * `calculateDesiredWeightOnAbortOrStableRollback`: 0 at once without dynamicStableScale; with it the weight steps
 * back as stable pods become available, never rising above the weight already set.
 */
function abortWeight(s: RolloutSync, previous: TrafficWeights | undefined): number {
  const canary = s.view.spec.strategy.canary!;
  const replicas = s.view.spec.replicas;
  if (!canary.dynamicStableScale || !s.stableRS || !s.newRS || !replicas) return 0;
  const mw = GetMaxTrafficWeight(s.view);
  const desired = GetDesiredCanaryWeight(s.view, s.newRS, s.stableRS);
  const stableAvailable = s.stableRS.status?.availableReplicas ?? 0;
  const implied = Math.max(0, mw - Math.floor((mw * stableAvailable) / replicas));
  if (!previous) return Math.max(implied, desired);
  const current = previous.canary.weight;
  if (desired <= 0) return Math.min(implied, current);
  if (Math.floor((mw * stableAvailable) / replicas) < mw - desired) return current;
  return Math.min(desired, current);
}

/**
 * `calculateDesiredWeightOnAbortOrStableRollback` for a rollback to stable: MW − floor(MW × stable available / R),
 * never above the weight already set (stable availability may flap).
 */
function desiredWeightOnStableRollback(s: RolloutSync, previous: TrafficWeights | undefined): number {
  const mw = GetMaxTrafficWeight(s.view);
  const replicas = s.view.spec.replicas ?? 0;
  if (!s.view.spec.strategy.canary!.dynamicStableScale || !s.stableRS || replicas === 0) return 0;
  const desired = mw - Math.floor((mw * (s.stableRS.status?.availableReplicas ?? 0)) / replicas);
  return previous ? Math.min(desired, previous.canary.weight) : desired;
}

/** The weight the router should get this sync (§7 of the spec: first matching rule). */
function desiredTrafficWeight(s: RolloutSync, previous: TrafficWeights | undefined): number {
  const { status: st, view } = s;
  const canary = view.spec.strategy.canary!;
  const mw = GetMaxTrafficWeight(view);
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  if (isFullyPromoted(s)) return 0;
  if (st.abort) return abortWeight(s, previous);
  if (!s.newRS || (s.newRS.status?.availableReplicas ?? 0) === 0) return 0;
  if (st.promoteFull) {
    if (canary.dynamicStableScale) return Math.floor((mw * (s.newRS.status?.availableReplicas ?? 0)) / replicas);
    return previous?.canary.weight ?? 0;
  }
  const { index } = GetCurrentCanaryStep(view);
  if (index === undefined) return 0;
  const steps = canary.steps ?? [];
  if (!AtDesiredReplicaCountsForCanary(view, s.newRS, s.stableRS, s.otherRSs, undefined)) {
    // Traffic moves only once the pods for this step are ready: keep the previous step's weight.
    for (let i = Math.min(index, steps.length) - 1; i >= 0; i--) {
      const w = steps[i]!.setWeight;
      if (w !== undefined) return w;
    }
    return 0;
  }
  return index < steps.length ? GetCurrentSetWeight(view) : mw;
}

/** `reconcileTrafficRouting`: computes the router's weights and records them in status.canary.weights. */
function reconcileTrafficRouting(s: RolloutSync): void {
  const { ctx, status: st, view } = s;
  const previous = (s.ro.status as { canary?: { weights?: TrafficWeights } } | undefined)?.canary?.weights;
  const mw = GetMaxTrafficWeight(view);
  if (!st.stableRS) return;
  const rollingBackFrom = isDynamicallyRollingBackToStable(startOfSync(s), s.newRS);
  // Rolling back to stable: balance the previous desired RS against the stable, stepping down as stable pods come.
  const dw = rollingBackFrom !== undefined ? desiredWeightOnStableRollback(s, previous) : desiredTrafficWeight(s, previous);
  // Stable availability gate: never send the stable RS more traffic than its available pods (or the threshold) allow.
  if (!checkReplicasAvailable(view, s.stableRS, mw - dw)) return;
  const canaryService = view.spec.strategy.canary!.canaryService;
  if (st.abort && rollingBackFrom === undefined && canaryService && (!view.spec.strategy.canary!.dynamicStableScale || dw === 0)) {
    // With dynamicStableScale the canary Service goes back to stable only once the abort has shifted all traffic.
    switchServiceSelector(s, canaryService, st.stableRS);
  }
  const weights: TrafficWeights = {
    canary: { weight: dw, podTemplateHash: rollingBackFrom ?? (isFullyPromoted(s) ? st.stableRS : s.hash) },
    stable: { weight: mw - dw, podTemplateHash: st.stableRS },
  };
  if (JSON.stringify(previous) !== JSON.stringify(weights)) {
    ctx.events.record(
      involved(s.ro),
      'Normal',
      'TrafficWeightUpdated',
      `Traffic weight updated from ${previous?.canary.weight ?? 0} to ${dw}`,
      RolloutsComponent,
    );
    ctx.decisions.add('rollout', `Rollout/${s.ro.metadata.namespace}/${s.ro.metadata.name}`, `traffic weight ${previous?.canary.weight ?? 0} → ${dw}`, {
      canaryWeight: dw,
      stableWeight: mw - dw,
      step: st.currentStepIndex ?? null,
    });
  }
  st.canary = { ...(st.canary ?? {}), weights };
  // The router's own objects follow (UpdateHash, then SetWeight).
  reconcileIstio(s, dw, weights.canary.podTemplateHash ?? '', st.stableRS);
}

/** Background and step analysis; returns true when the update stops here (abort or inconclusive pause). */
function reconcileCanaryAnalysis(s: RolloutSync): boolean {
  const { status: st, view } = s;
  const canary = view.spec.strategy.canary!;
  if (!st.stableRS || isFullyPromoted(s) || st.abort || st.promoteFull) {
    cancelAnalysisRuns(s);
    clearAnalysisStatus(st);
    return false;
  }
  let stop = false;
  const { step, index } = GetCurrentCanaryStep(view);
  const bg = canary.analysis;
  if (bg?.templates?.length && (bg.startingStep === undefined || (index ?? 0) >= bg.startingStep)) {
    stop = reactToAnalysisPhase(s, reconcileAnalysisRun(s, 'Background', bg), 'Background') || stop;
  }
  if (step?.analysis && !st.abort) {
    stop = reactToAnalysisPhase(s, reconcileAnalysisRun(s, 'Step', step.analysis, index), 'Step') || stop;
  }
  if (st.abort) cancelAnalysisRuns(s);
  return stop;
}

/** Stable RS, then new RS, then old RSs; stops after the first that changes scale (`reconcileCanary*ReplicaSet`). */
function reconcileCanaryReplicaSets(s: RolloutSync): boolean {
  const { status: st, view } = s;
  const canary = view.spec.strategy.canary!;
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  const { index } = GetCurrentCanaryStep(view);
  const stepText = index !== undefined && canary.steps?.[index] ? `step ${index} (${CanaryStepString(canary.steps[index]!)})` : 'no step';
  const previousWeights = (s.ro.status as { canary?: { weights?: TrafficWeights } } | undefined)?.canary?.weights;
  const routed = !!canary.trafficRouting;
  const desiredStable = routed
    ? CalculateReplicaCountsForTrafficRoutedCanary(view, previousWeights, s.newRS, s.stableRS).stable
    : CalculateReplicaCountsForBasicCanary(view, s.newRS, s.stableRS, s.otherRSs).stable;
  if (s.stableRS && CheckStableRSExists(s.newRS, s.stableRS) && (s.stableRS.spec?.replicas ?? 0) !== desiredStable) {
    const why = routed
      ? `stable of a traffic-routed canary at ${stepText}${canary.dynamicStableScale ? ' (dynamicStableScale)' : ' stays at spec.replicas'}`
      : `basic canary at ${stepText}: weight ${GetCurrentSetWeight(view)}% by replica ratio within maxSurge/maxUnavailable`;
    scaleReplicaSet(s, s.stableRS, desiredStable, st.abort ? `aborted: ${why}` : why);
    return true;
  }
  if (s.newRS) {
    const desiredCanary = routed
      ? CalculateReplicaCountsForTrafficRoutedCanary(view, st.canary?.weights, s.newRS, s.stableRS).canary
      : CalculateReplicaCountsForBasicCanary(view, s.newRS, s.stableRS, s.otherRSs).canary;
    if (routed && st.abort && !canary.dynamicStableScale && CheckStableRSExists(s.newRS, s.stableRS)) {
      // Traffic already left the canary; its pods stay until the stable RS is fully available, then a delay.
      const delay = GetAbortScaleDownDelaySecondsOrDefault(view);
      if (delay === undefined) {
        if ((s.newRS.spec?.replicas ?? 0) !== desiredCanary) {
          scaleReplicaSet(s, s.newRS, desiredCanary, 'aborted with abortScaleDownDelaySeconds 0: canary sized for weight 0');
          return true;
        }
      } else if ((s.stableRS?.status?.availableReplicas ?? 0) >= replicas) {
        if (scaleDownWithDelay(s, s.newRS, delay, 'aborted canary after abortScaleDownDelaySeconds')) return true;
      }
    } else if ((s.newRS.spec?.replicas ?? 0) !== desiredCanary) {
      const why = !s.stableRS || !CheckStableRSExists(s.newRS, s.stableRS)
        ? 'no separate stable ReplicaSet: the new ReplicaSet takes spec.replicas'
        : routed
          ? `traffic-routed canary at ${stepText}: ceil(weight × replicas / maxWeight)`
          : `basic canary at ${stepText}: weight ${GetCurrentSetWeight(view)}% by replica ratio within maxSurge/maxUnavailable`;
      scaleReplicaSet(s, s.newRS, desiredCanary, st.abort ? `aborted: ${why}` : why);
      if (s.newRS.metadata.annotations?.['scale-down-deadline'] !== undefined) setScaleDownDeadline(s, s.newRS, undefined);
      return true;
    }
  }
  return reconcileOldReplicaSetsCanary(s);
}

/**
 * `reconcileOldReplicaSetsCanary`: first trims unavailable pods of old RSs, then scales old RSs down (highest
 * revision first) within the budget Σ available − (replicas − maxUnavailable). Basic canary shrinks each by up to the
 * remaining budget; traffic-routed canary scales the previous stable down after scaleDownDelaySeconds (at once with
 * dynamicStableScale) and intermediate RSs at once.
 */
function reconcileOldReplicaSetsCanary(s: RolloutSync): boolean {
  const { view } = s;
  const canary = view.spec.strategy.canary!;
  const olds = s.otherRSs.filter((r) => (r.spec?.replicas ?? 0) > 0).sort((a, b) => revisionOf(b) - revisionOf(a));
  if (olds.length === 0) return false;
  let changed = false;
  for (const rs of olds) {
    const available = rs.status?.availableReplicas ?? 0;
    if ((rs.spec?.replicas ?? 0) > available && !canary.trafficRouting) {
      scaleReplicaSet(s, rs, available, 'old ReplicaSet: removing pods that are not available');
      changed = true;
    }
  }
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  const all = [s.newRS, ...(CheckStableRSExists(s.newRS, s.stableRS) ? [s.stableRS] : []), ...s.otherRSs];
  const limit = GetScaleDownRevisionLimit(view);
  let annotatedRSs = 0;
  let budget = all.reduce((n, r) => n + (r?.status?.availableReplicas ?? 0), 0) - (replicas - MaxUnavailable(view));
  for (const rs0 of olds) {
    const rs = s.otherRSs.find((r) => r.metadata.name === rs0.metadata.name) ?? rs0;
    const spec = rs.spec?.replicas ?? 0;
    if (spec === 0) continue;
    if (!canary.trafficRouting) {
      if (budget <= 0) break;
      const target = Math.max(0, spec - budget);
      scaleReplicaSet(s, rs, target, `old ReplicaSet scaled down within maxUnavailable (budget ${budget})`);
      budget -= spec - target;
      changed = true;
    } else {
      // Judged from the status at the start of this sync and the live Services: an intermediate RS that the
      // router or a Service still sends traffic to keeps its pods.
      if (isReplicaSetReferenced(s, rs)) continue;
      const previousStable = isFullyPromoted(s) || rs.metadata.annotations?.[ScaleDownDeadlineAnnotation] !== undefined;
      const delay = previousStable && !canary.dynamicStableScale ? GetScaleDownDelaySecondsOrDefault(view) : 0;
      if (delay > 0 && limit !== undefined && annotatedRSs >= limit) {
        scaleReplicaSet(s, rs, 0, `at scaleDownDelayRevisionLimit (${limit}): scaling down the rest`);
        changed = true;
      } else if (scaleDownWithDelay(s, rs, delay, previousStable ? 'previous stable after full promotion' : 'intermediate ReplicaSet no longer referenced')) changed = true;
      if (delay > 0) annotatedRSs++;
    }
  }
  return changed;
}

/** `reconcileCanaryPause`: a pause step adds the `CanaryPauseStep` condition once; a timed one wakes us at its end. */
function reconcileCanaryPause(s: RolloutSync): void {
  const { ctx, status: st, view } = s;
  if (view.spec.paused || st.abort || !st.stableRS || isFullyPromoted(s)) return;
  const { step } = GetCurrentCanaryStep(view);
  if (!step?.pause) return;
  const cond = st.pauseConditions?.find((p) => p.reason === 'CanaryPauseStep');
  if (!cond) {
    if (st.controllerPause) return;
    const now = ctx.engine.nowMs;
    st.pauseConditions = [...(st.pauseConditions ?? []), { reason: 'CanaryPauseStep', startTime: ctx.clock.timestamp(now) }];
    st.controllerPause = true;
    ctx.events.record(involved(s.ro), 'Normal', 'RolloutPaused', 'Rollout is paused (CanaryPauseStep)', RolloutsComponent);
    if (step.pause.duration !== undefined) {
      requeueAfter(s, ctx.clock.simMs(ctx.clock.timestamp(now)) + pauseDurationMs(step.pause.duration) + 1 - now);
    }
    return;
  }
  if (step.pause.duration !== undefined) {
    const expirationMs = ctx.clock.simMs(cond.startTime) + pauseDurationMs(step.pause.duration);
    if (ctx.engine.nowMs <= expirationMs) requeueAfter(s, expirationMs + 1 - ctx.engine.nowMs);
  }
}

/** `completedCurrentCanaryStep`. */
function completedCurrentCanaryStep(s: RolloutSync): boolean {
  const { ctx, status: st, view } = s;
  if (view.spec.paused) return false;
  const { step } = GetCurrentCanaryStep(view);
  if (!step) return false;
  if (step.setWeight !== undefined || step.setCanaryScale) {
    const weights = st.canary?.weights;
    if (view.spec.strategy.canary!.trafficRouting && step.setWeight !== undefined && weights?.verified === false) return false;
    return AtDesiredReplicaCountsForCanary(view, s.newRS, s.stableRS, s.otherRSs, weights);
  }
  if (step.pause) {
    const cond = st.pauseConditions?.find((p) => p.reason === 'CanaryPauseStep');
    if (step.pause.duration !== undefined && cond) return ctx.engine.nowMs > ctx.clock.simMs(cond.startTime) + pauseDurationMs(step.pause.duration);
    return st.controllerPause === true && !cond;
  }
  if (step.analysis) return st.canary?.currentStepAnalysisRunStatus?.status === 'Successful';
  // experiment, setHeaderRoute, setMirrorRoute, plugin: kubesim simulates none of them; they complete at once.
  return true;
}

/** `shouldFullPromote` (canary): why the update is finished, or undefined. */
function shouldFullPromote(s: RolloutSync): string | undefined {
  const { status: st, view } = s;
  if (!st.stableRS) return 'Initial deploy';
  if (st.abort) return undefined;
  if (!s.newRS || (s.newRS.status?.availableReplicas ?? 0) !== GetReplicasOrDefault(view.spec.replicas)) return undefined;
  if (st.promoteFull) return 'Full promotion requested';
  const steps = view.spec.strategy.canary!.steps ?? [];
  if (steps.length === 0 || st.currentStepIndex === steps.length) return `Completed all ${steps.length} canary steps`;
  return undefined;
}

/** `syncRolloutStatusCanary`: abort, full promotion, or one step completed. */
function syncRolloutStatusCanary(s: RolloutSync): void {
  const { ctx, status: st, view, ro } = s;
  const steps = view.spec.strategy.canary!.steps ?? [];
  const object = `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`;
  if (st.abort) {
    if (isFullyPromoted(s)) {
      delete st.abort;
      delete st.abortedAt;
      if (steps.length > 0) st.currentStepIndex = steps.length;
    } else if (steps.length > 0) st.currentStepIndex = 0;
    delete st.pauseConditions;
    delete st.controllerPause;
    clearAnalysisStatus(st);
    return;
  }
  if (isFullyPromoted(s)) return;
  const reason = shouldFullPromote(s);
  if (reason) {
    st.stableRS = st.currentPodHash;
    if (steps.length > 0) st.currentStepIndex = steps.length;
    delete st.pauseConditions;
    delete st.controllerPause;
    delete st.promoteFull;
    cancelAnalysisRuns(s);
    clearAnalysisStatus(st);
    const message = `Rollout completed update to revision ${revisionOf(s.newRS)} (${s.hash}): ${reason}`;
    ctx.events.record(involved(ro), 'Normal', 'RolloutCompleted', message, RolloutsComponent);
    ctx.decisions.add('rollout', object, `promoted ${s.hash} to stable: ${reason}`, { stableRS: s.hash, reason });
    return;
  }
  const { step, index } = GetCurrentCanaryStep(view);
  if (step && index !== undefined && index < steps.length && completedCurrentCanaryStep(s)) {
    st.currentStepIndex = index + 1;
    if (st.canary) delete st.canary.currentStepAnalysisRunStatus;
    st.pauseConditions = (st.pauseConditions ?? []).filter((p) => p.reason !== 'CanaryPauseStep');
    if (st.pauseConditions.length === 0) delete st.controllerPause;
    const text = CanaryStepString(step);
    ctx.events.record(involved(ro), 'Normal', 'RolloutStepCompleted', `Rollout step ${index + 1}/${steps.length} completed (${text})`, RolloutsComponent);
    ctx.decisions.add('rollout', object, `step ${index + 1}/${steps.length} completed (${text})`, { step: index, next: index + 1 });
  }
}
