/**
 * Rollout status, after argo-rollouts `rollout/sync.go` (calculateRolloutConditions, persistRolloutStatus),
 * `utils/conditions` and `utils/rollout/rolloututil.go` (CalculateRolloutPhase): replica counts, the Progressing /
 * Available / Paused conditions with the progress deadline, and the phase and message `kubectl argo rollouts get
 * rollout` prints.
 */
import type { RolloutSpec } from '../../api/argo.ts';
import { involved } from '../context.ts';
import {
  DefaultProgressDeadlineSeconds,
  GetReplicasOrDefault,
  MaxUnavailable,
} from './canary-math.ts';
import { RolloutsComponent, requeueAfter, revisionOf, type RolloutSync } from './replicaset.ts';
import type { RolloutStatus } from './types.ts';

type Condition = NonNullable<RolloutStatus['conditions']>[number];

/** `CalculateRolloutPhase`: the phase and message, in upstream's order and words. */
export function CalculateRolloutPhase(spec: RolloutSpec, status: RolloutStatus): { phase: NonNullable<RolloutStatus['phase']>; message: string } {
  for (const c of status.conditions ?? []) {
    if (c.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${c.message ?? ''}` };
    if (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded') return { phase: 'Degraded', message: `${c.reason}: ${c.message ?? ''}` };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  const replicas = GetReplicasOrDefault(spec.replicas);
  if ((status.updatedReplicas ?? 0) < replicas) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  const fullyPromoted = !!status.stableRS && status.stableRS === status.currentPodHash;
  if (spec.strategy.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash) return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!fullyPromoted) {
      const post = status.blueGreen?.postPromotionAnalysisRunStatus?.status;
      if (spec.strategy.blueGreen.postPromotionAnalysis && !(post === 'Successful' || post === 'Failed' || post === 'Error' || post === 'Inconclusive')) {
        return { phase: 'Progressing', message: 'waiting for analysis to complete' };
      }
      return { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' };
    }
  } else if (spec.strategy.canary) {
    if (!spec.strategy.canary.trafficRouting && (status.replicas ?? 0) > (status.updatedReplicas ?? 0)) {
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (!fullyPromoted) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}

/** `SetRolloutCondition`: replaces a condition unless status and reason are unchanged; keeps lastTransitionTime when status is. */
export function SetRolloutCondition(status: RolloutStatus, c: Condition): boolean {
  const conditions = status.conditions ?? [];
  const cur = conditions.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return false;
  const next = cur && cur.status === c.status && cur.lastTransitionTime ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  status.conditions = [...conditions.filter((x) => x.type !== c.type), next];
  return true;
}

function newCondition(s: RolloutSync, type: string, status: string, reason: string, message: string): Condition {
  const t = s.ctx.clock.timestamp(s.ctx.engine.nowMs);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/** `RolloutProgressing`: counts moved in the right direction, or the strategy advanced. */
function RolloutProgressing(s: RolloutSync, old: RolloutStatus): boolean {
  const n = s.status;
  let strategy = false;
  if (s.view.spec.strategy.blueGreen) {
    strategy = old.blueGreen?.activeSelector !== n.blueGreen?.activeSelector || old.blueGreen?.previewSelector !== n.blueGreen?.previewSelector;
  } else {
    strategy = n.stableRS !== old.stableRS || (n.currentStepIndex !== undefined && old.currentStepIndex !== undefined && n.currentStepIndex !== old.currentStepIndex);
  }
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (n.replicas ?? 0) - (n.updatedReplicas ?? 0);
  return (
    n.updatedReplicas !== old.updatedReplicas ||
    newOld < oldOld ||
    (n.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (n.availableReplicas ?? 0) > (old.availableReplicas ?? 0) ||
    strategy
  );
}

/** Counts over the ReplicaSets: all of them for canary; the active RS's availability for blue-green. */
export function calculateReplicaCounts(s: RolloutSync): void {
  const all = [s.newRS, s.stableRS, ...s.otherRSs].filter((r, i, a) => r && a.findIndex((x) => x?.metadata.name === r.metadata.name) === i);
  const st = s.status;
  st.replicas = all.reduce((n, r) => n + (r!.status?.replicas ?? 0), 0);
  st.updatedReplicas = s.newRS?.status?.replicas ?? 0;
  st.readyReplicas = all.reduce((n, r) => n + (r!.status?.readyReplicas ?? 0), 0);
  if (s.view.spec.strategy.blueGreen) {
    const active = all.find((r) => r!.metadata.labels?.['rollouts-pod-template-hash'] === st.blueGreen?.activeSelector);
    st.availableReplicas = active?.status?.availableReplicas ?? 0;
  } else {
    st.availableReplicas = all.reduce((n, r) => n + (r!.status?.availableReplicas ?? 0), 0);
  }
  const labels = s.view.spec.selector?.matchLabels ?? s.template.metadata?.labels ?? {};
  st.selector = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/**
 * `calculateRolloutConditions`: Progressing (ReplicaSetUpdated / NewReplicaSetAvailable / RolloutAborted /
 * ProgressDeadlineExceeded) and Available; the pause conditions are checkPausedConditions'. A rollout that makes no progress
 * for progressDeadlineSeconds (while not paused, aborted or complete) times out; with progressDeadlineAbort it aborts.
 */
export function calculateRolloutConditions(s: RolloutSync, old: RolloutStatus): void {
  const { ctx, status: st, view } = s;
  const replicas = GetReplicasOrDefault(view.spec.replicas);
  const revision = revisionOf(s.newRS);
  const rsName = s.newRS?.metadata.name ?? s.ro.metadata.name;
  // Upstream reads the pause from the Rollout as it was at the start of the sync (c.rollout.Status): the pause
  // added in this sync shows in the conditions only in the next one (checkPausedConditions).
  const paused = view.spec.paused === true || (old.pauseConditions?.length ?? 0) > 0;
  const completed = !!st.stableRS && st.stableRS === st.currentPodHash;
  const healthy = completed && st.updatedReplicas === replicas && st.availableReplicas === replicas && (view.spec.strategy.blueGreen ? st.blueGreen?.activeSelector === st.currentPodHash : true);
  const cur = st.conditions?.find((c) => c.type === 'Progressing');
  if (st.abort) {
    if (SetRolloutCondition(st, newCondition(s, 'Progressing', 'False', 'RolloutAborted', `Rollout aborted update to revision ${revision}`))) {
      ctx.events.record(involved(s.ro), 'Warning', 'RolloutAborted', `Rollout aborted update to revision ${revision}`, RolloutsComponent);
    }
  } else if (healthy) {
    SetRolloutCondition(st, newCondition(s, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`));
  } else if (RolloutProgressing(s, old) || !cur) {
    // Progress refreshes lastUpdateTime even with the same reason: the Progressing condition is special upstream.
    const c = newCondition(s, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
    if (cur?.status === 'True' && cur.lastTransitionTime) c.lastTransitionTime = cur.lastTransitionTime;
    st.conditions = [...(st.conditions ?? []).filter((x) => x.type !== 'Progressing'), c];
  } else if (!paused && cur.reason !== 'ProgressDeadlineExceeded' && cur.reason !== 'RolloutPaused' && cur.lastUpdateTime) {
    const deadlineMs = ctx.clock.simMs(cur.lastUpdateTime) + (view.spec.progressDeadlineSeconds ?? DefaultProgressDeadlineSeconds) * 1000;
    if (ctx.engine.nowMs > deadlineMs) {
      const msg = `ReplicaSet "${rsName}" has timed out progressing.`;
      SetRolloutCondition(st, newCondition(s, 'Progressing', 'False', 'ProgressDeadlineExceeded', msg));
      ctx.events.record(involved(s.ro), 'Warning', 'ProgressDeadlineExceeded', `Rollout "${s.ro.metadata.name}" has timed out progressing.`, RolloutsComponent);
      if (view.spec.progressDeadlineAbort && !completed) {
        st.abort = true;
        st.abortedAt = ctx.clock.timestamp(ctx.engine.nowMs);
      }
    } else requeueAfter(s, deadlineMs + 1 - ctx.engine.nowMs);
  }
  const minAvailable = replicas - MaxUnavailable(view);
  const available = view.spec.strategy.blueGreen ? (st.availableReplicas ?? 0) >= replicas : (st.availableReplicas ?? 0) >= minAvailable;
  SetRolloutCondition(
    st,
    available
      ? newCondition(s, 'Available', 'True', 'AvailableReason', 'Rollout has minimum availability')
      : newCondition(s, 'Available', 'False', 'AvailableReason', 'Rollout does not have minimum availability'),
  );
}

/**
 * `checkPausedConditions`: at the start of a sync, brings the Progressing (RolloutPaused / RolloutResumed /
 * RolloutRetry, all Unknown) and Paused conditions in line with the stored pause conditions, spec.paused and abort,
 * and writes them alone (`patchCondition`: the conditions, observedGeneration, phase and message). The sync then goes
 * on from the Rollout as it was read, as upstream's does: `s.ro` is not refreshed.
 */
export function checkPausedConditions(s: RolloutSync): void {
  const { ctx, ro } = s;
  const stored = (ro.status ?? {}) as RolloutStatus;
  const progCond = stored.conditions?.find((c) => c.type === 'Progressing');
  const progCondPaused = progCond?.reason === 'RolloutPaused';
  const isPaused = (stored.pauseConditions?.length ?? 0) > 0 || s.view.spec.paused === true;
  const abortCondExists = progCond?.reason === 'RolloutAborted';
  const updated: Condition[] = [];
  if (isPaused !== progCondPaused && !abortCondExists) {
    updated.push(isPaused ? newCondition(s, 'Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused') : newCondition(s, 'Progressing', 'Unknown', 'RolloutResumed', 'Rollout is resumed'));
  }
  if (!stored.abort && abortCondExists) updated.push(newCondition(s, 'Progressing', 'Unknown', 'RolloutRetry', 'Retrying Rollout after abort'));
  const pausedCondTrue = stored.conditions?.find((c) => c.type === 'Paused')?.status === 'True';
  if (isPaused !== pausedCondTrue && !abortCondExists) {
    updated.push(newCondition(s, 'Paused', isPaused ? 'True' : 'False', 'RolloutPaused', 'Rollout is paused'));
  }
  if (updated.length === 0) return;
  const next: RolloutStatus = structuredClone(stored);
  for (const c of updated) SetRolloutCondition(next, c);
  next.observedGeneration = String(ro.metadata.generation ?? 1);
  const { phase, message } = CalculateRolloutPhase(s.view.spec, next);
  next.phase = phase;
  next.message = message;
  if (JSON.stringify(stored) === JSON.stringify(next)) return;
  for (const c of updated) {
    // kubesim's event for the resume and the retry (upstream records the condition only).
    if (c.reason === 'RolloutResumed' || c.reason === 'RolloutRetry') ctx.events.record(involved(ro), 'Normal', c.reason, c.message!, RolloutsComponent);
  }
  ctx.store.mutate('Rollout', ro.metadata.namespace, ro.metadata.name, (d) => {
    d.status = structuredClone(next) as Record<string, unknown>;
  });
}

/**
 * A JSON merge patch (RFC 7386) from `from` to `to` applied to `target`: changed fields are set, removed ones
 * deleted, objects merged key by key and arrays replaced whole, as `CreateTwoWayMergePatch` with a merge-patch
 * type does upstream. A write made earlier in the sync (checkPausedConditions) survives where this one does not
 * touch it.
 */
function applyTwoWayMergePatch(target: Record<string, unknown>, from: Record<string, unknown>, to: Record<string, unknown>): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const a = from[key];
    const b = to[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (b === undefined) delete target[key];
    else if (isObject(a) && isObject(b) && isObject(target[key])) applyTwoWayMergePatch(target[key] as Record<string, unknown>, a, b);
    else target[key] = structuredClone(b);
  }
}

/**
 * Counts, conditions, phase and message, then writes the status if it changed from the Rollout as read at the start
 * of the sync (`persistRolloutStatus`), as a merge patch of that difference.
 */
export function persistRolloutStatus(s: RolloutSync): void {
  const old = (s.ro.status ?? {}) as RolloutStatus;
  calculateReplicaCounts(s);
  calculateRolloutConditions(s, old);
  if ((s.status.pauseConditions?.length ?? 0) === 0) delete s.status.pauseConditions;
  s.status.observedGeneration = String(s.ro.metadata.generation ?? 1);
  const { phase, message } = CalculateRolloutPhase(s.view.spec, s.status);
  s.status.phase = phase;
  s.status.message = message;
  if (JSON.stringify(old) === JSON.stringify(s.status)) return;
  if (old.phase !== phase || old.message !== message) {
    s.ctx.decisions.add('rollout', `Rollout/${s.ro.metadata.namespace}/${s.ro.metadata.name}`, `phase ${phase}${message ? ` (${message})` : ''}`, {
      phase,
      message,
      step: s.status.currentStepIndex ?? null,
      stableRS: s.status.stableRS ?? null,
      currentPodHash: s.status.currentPodHash ?? null,
    });
  }
  s.ctx.store.mutate('Rollout', s.ro.metadata.namespace, s.ro.metadata.name, (d) => {
    const target = (d.status ?? {}) as Record<string, unknown>;
    applyTwoWayMergePatch(target, old as Record<string, unknown>, s.status as Record<string, unknown>);
    d.status = target;
  });
}
