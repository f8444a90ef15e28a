/**
 * Rollout progress bookkeeping, after `pkg/controller/deployment/progress.go`: the Progressing condition
 * (NewReplicaSetAvailable / ReplicaSetUpdated / ProgressDeadlineExceeded), ReplicaFailure copied from the
 * ReplicaSets, and the requeue that notices a stuck rollout exactly when its deadline passes.
 */
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { canonicalEqual } from '../../engine/canonical.ts';
import type { SettledSyncs } from './settled.ts';
import { decisionObject, type Dep, type DeploymentSyncer, type RS } from './sync.ts';
import {
  DeploymentComplete,
  DeploymentProgressing,
  DeploymentTimedOut,
  GetDeploymentCondition,
  conditionLastUpdateMs,
  HasProgressDeadline,
  NewDeploymentCondition,
  NewRSAvailableReason,
  RemoveDeploymentCondition,
  ReplicaSetUpdatedReason,
  SetDeploymentCondition,
  TimedOutReason,
} from './util.ts';

/**
 * `syncRolloutStatus`: computes the status, updates the Progressing condition (unless the rollout was already
 * marked complete) and ReplicaFailure, and writes it; when nothing changed, requeues for the progress deadline (and
 * leaves what it found in `dc.settledRollout`, for {@link SettledSyncs}).
 */
export function syncRolloutStatus(dc: DeploymentSyncer, allRSs: readonly (RS | undefined)[], newRS: RS | undefined, d: Dep): Dep {
  let newStatus = dc.calculateStatus(allRSs, newRS, d);
  if (!HasProgressDeadline(d)) newStatus = RemoveDeploymentCondition(newStatus, 'Progressing');
  const currentCond = GetDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment =
    (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === NewRSAvailableReason;
  const now = dc.nowTimestamp();
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  let deadlinePending = false;
  if (HasProgressDeadline(d) && !isCompleteDeployment) {
    if (DeploymentComplete(d, newStatus)) {
      newStatus = SetDeploymentCondition(
        newStatus,
        NewDeploymentCondition('Progressing', 'True', NewRSAvailableReason, `${subject} has successfully progressed.`, now),
      );
    } else if (DeploymentProgressing(d, newStatus)) {
      const condition = NewDeploymentCondition('Progressing', 'True', ReplicaSetUpdatedReason, `${subject} is progressing.`, now);
      if (currentCond) {
        // Progress refreshes lastUpdateTime even when the reason is unchanged: remove, then set.
        if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
        newStatus = RemoveDeploymentCondition(newStatus, 'Progressing');
      }
      newStatus = SetDeploymentCondition(newStatus, condition);
    } else if (DeploymentTimedOut(d, newStatus, dc.nowUnixMs())) {
      newStatus = SetDeploymentCondition(
        newStatus,
        NewDeploymentCondition('Progressing', 'False', TimedOutReason, `${subject} has timed out progressing.`, now),
      );
      if (currentCond?.reason !== TimedOutReason) {
        dc.ctx.decisions.add('deployment', decisionObject(d), `progress deadline of ${d.spec!.progressDeadlineSeconds}s exceeded`, {
          lastProgress: currentCond?.lastUpdateTime ?? '',
        });
      }
    } else deadlinePending = true;
  }
  const failures = getReplicaFailures(allRSs, newRS);
  newStatus = failures[0] ? SetDeploymentCondition(newStatus, failures[0]) : RemoveDeploymentCondition(newStatus, 'ReplicaFailure');
  if (canonicalEqual(d.status ?? {}, newStatus)) {
    dc.settledRollout = { newStatus, deadlinePending };
    requeueStuckDeployment(dc, d, newStatus);
    return d;
  }
  dc.settledRollout = undefined;
  return dc.updateStatus(d, newStatus);
}

/** `getReplicaFailures`: the new RS's ReplicaFailure conditions, or else any RS's, as Deployment conditions. */
export function getReplicaFailures(allRSs: readonly (RS | undefined)[], newRS: RS | undefined): DeploymentCondition[] {
  const fromNew: DeploymentCondition[] = [];
  appendReplicaFailures(newRS, fromNew);
  if (fromNew.length > 0) return fromNew;
  const out: DeploymentCondition[] = [];
  for (const rs of allRSs) if (rs !== newRS) appendReplicaFailures(rs, out);
  return out;
}

/**
 * Appends the RS's ReplicaFailure conditions to `out` as Deployment conditions. A module function with a loop, not
 * filter/map closures: it runs in every sync of every Deployment, and its RSs almost never have conditions.
 */
function appendReplicaFailures(rs: RS | undefined, out: DeploymentCondition[]): void {
  const conditions = rs?.status?.conditions;
  if (conditions === undefined) return;
  for (const c of conditions) {
    if (c.type !== 'ReplicaFailure') continue;
    out.push({
      type: c.type,
      status: c.status,
      lastTransitionTime: c.lastTransitionTime,
      lastUpdateTime: c.lastTransitionTime,
      reason: c.reason,
      message: c.message,
    });
  }
}

/**
 * `requeueStuckDeployment`: with a deadline and an unfinished rollout, check again when the deadline passes. Returns
 * the ms until then (requeued 1 s later, against skew, as upstream), 0 when it is under 1 s away or already past
 * (requeued rate-limited: 5 ms, then 100 ms apart once the queue's 10 qps bucket of 100 is spent), or -1 when no
 * progress check is needed. Example: lastUpdate 00:00, deadline 600 s, now 03:00 → 7 min, requeued after 7 min 1 s.
 * A rollout that completed (reason NewReplicaSetAvailable, which never times out) and then lost available pods
 * keeps being requeued rate-limited until they come back, as upstream.
 */
export function requeueStuckDeployment(dc: DeploymentSyncer, d: Dep, newStatus: DeploymentStatus): number {
  const currentCond = GetDeploymentCondition(d.status, 'Progressing');
  if (!HasProgressDeadline(d) || !currentCond) return -1;
  if (DeploymentComplete(d, newStatus) || currentCond.reason === TimedOutReason) return -1;
  const afterMs = conditionLastUpdateMs(currentCond) + d.spec!.progressDeadlineSeconds! * 1000 - dc.nowUnixMs();
  // A missing lastUpdateTime is Go's zero time, long past: NaN here, treated the same.
  if (!(afterMs >= 1000)) {
    dc.enqueueRateLimited(d);
    return 0;
  }
  dc.queue.addAfter(dc.key(d), afterMs + 1000);
  return afterMs;
}

