/**
 * The RollingUpdate strategy, after `pkg/controller/deployment/rolling.go`. One sync does at most one of: scale the
 * new ReplicaSet up (within maxSurge), or scale old ones down (within maxUnavailable); each step says whether it
 * did something so the caller can stop and wait for the ReplicaSets to report back.
 */
import { syncRolloutStatus } from './progress.ts';
import { sortedByCreation, type Dep, type DeploymentSyncer, type RS } from './sync.ts';
import {
  DeploymentComplete,
  FilterActiveReplicaSets,
  GetAvailableReplicaCountForReplicaSets,
  GetReplicaCountForReplicaSets,
  MaxSurge,
  MaxUnavailable,
  NewRSNewReplicas,
  specReplicas,
} from './util.ts';

/** `rolloutRolling`: new RS up, else old RSs down, else clean up; then sync the rollout status. */
export function rolloutRolling(dc: DeploymentSyncer, d: Dep, rsList: readonly RS[]): void {
  const r = dc.getAllReplicaSetsAndSyncRevision(d, rsList, true);
  d = r.d;
  const newRS = r.newRS;
  if (!newRS) return;
  const oldRSs = r.oldRSs;
  const allRSs = [...oldRSs, newRS];

  if (reconcileNewReplicaSet(dc, allRSs, newRS, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (reconcileOldReplicaSets(dc, allRSs, FilterActiveReplicaSets(oldRSs), newRS, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (DeploymentComplete(d, d.status ?? {})) dc.cleanupDeployment(oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

/**
 * `reconcileNewReplicaSet`: bring the new RS toward spec.replicas within maxSurge (see NewRSNewReplicas), or down to
 * spec.replicas when it is larger. Returns whether it scaled.
 */
export function reconcileNewReplicaSet(dc: DeploymentSyncer, allRSs: readonly RS[], newRS: RS, d: Dep): boolean {
  const replicas = specReplicas(d);
  const current = newRS.spec?.replicas ?? 0;
  if (current === replicas) return false;
  if (current > replicas) {
    return dc.scaleReplicaSetAndRecordEvent(newRS, replicas, d, `new replica set is above spec.replicas ${replicas}`).scaled;
  }
  const newReplicasCount = NewRSNewReplicas(d, allRSs, newRS);
  const total = GetReplicaCountForReplicaSets(allRSs);
  const why = `maxSurge ${MaxSurge(d)}: at most ${replicas + MaxSurge(d)} pods, ${total} exist`;
  return dc.scaleReplicaSetAndRecordEvent(newRS, newReplicasCount, d, why).scaled;
}

/**
 * `reconcileOldReplicaSets`: how many old pods may go is
 * maxScaledDown = allPods − minAvailable − newRSUnavailable. Counting the new RS's unavailable pods keeps a broken
 * new RS from eating the old RSs' availability. Worked example (10 replicas, maxUnavailable 2, maxSurge 3): new RS
 * crash-looping at 5, old at 8 → 13 − 8 − 5 = 0: the old RS is left alone. First unhealthy old pods are removed
 * (cleanupUnhealthyReplicas), then healthy ones down to minAvailable (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function reconcileOldReplicaSets(
  dc: DeploymentSyncer,
  allRSs: readonly RS[],
  oldRSs: readonly RS[],
  newRS: RS,
  d: Dep,
): boolean {
  const oldPodsCount = GetReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = GetReplicaCountForReplicaSets(allRSs);
  const maxUnavailable = MaxUnavailable(d);
  const minAvailable = specReplicas(d) - maxUnavailable;
  const newRSUnavailablePodCount = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  const scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.cleanupCount + scaledDownCount > 0;
}

/**
 * `cleanupUnhealthyReplicas`: oldest first, remove up to `maxCleanupCount` unavailable pods' worth from old RSs
 * (spec − available each). Returns the updated old RSs and how many replicas were removed.
 */
export function cleanupUnhealthyReplicas(
  dc: DeploymentSyncer,
  oldRSs: readonly RS[],
  d: Dep,
  maxCleanupCount: number,
): { oldRSs: RS[]; cleanupCount: number } {
  const sorted = sortedByCreation(oldRSs);
  let totalScaledDown = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (totalScaledDown >= maxCleanupCount) break;
    const target = sorted[i]!;
    const spec = target.spec?.replicas ?? 0;
    const available = target.status?.availableReplicas ?? 0;
    if (spec === 0 || spec === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, spec - available);
    const why = `removing ${scaledDownCount} unavailable replica(s) (${spec - available} unavailable, budget ${maxCleanupCount - totalScaledDown})`;
    sorted[i] = dc.scaleReplicaSetAndRecordEvent(target, spec - scaledDownCount, d, why).rs;
    totalScaledDown += scaledDownCount;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown };
}

/**
 * `scaleDownOldReplicaSetsForRollingUpdate`: with available = Σ available over all RSs, remove up to
 * available − minAvailable replicas from old RSs, oldest first. Returns how many were removed.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  dc: DeploymentSyncer,
  allRSs: readonly RS[],
  oldRSs: readonly RS[],
  d: Dep,
): number {
  const minAvailable = specReplicas(d) - MaxUnavailable(d);
  const availablePodCount = GetAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let totalScaledDown = 0;
  for (const target of sortedByCreation(oldRSs)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    const spec = target.spec?.replicas ?? 0;
    if (spec === 0) continue;
    const scaleDownCount = Math.min(spec, totalScaleDownCount - totalScaledDown);
    const why = `maxUnavailable ${MaxUnavailable(d)}: ${availablePodCount} available, at least ${minAvailable} must stay`;
    dc.scaleReplicaSetAndRecordEvent(target, spec - scaleDownCount, d, why);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
