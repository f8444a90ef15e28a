/**
 * The Recreate strategy, after `pkg/controller/deployment/recreate.go`: scale every old ReplicaSet to 0, wait until
 * no old pod is running, then create or scale the new ReplicaSet to spec.replicas.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { syncRolloutStatus } from './progress.ts';
import type { Dep, DeploymentSyncer, RS } from './sync.ts';
import { DeploymentComplete, FilterActiveReplicaSets, GetActualReplicaCountForReplicaSets, specReplicas } from './util.ts';

/** `rolloutRecreate`. */
export function rolloutRecreate(dc: DeploymentSyncer, d: Dep, rsList: readonly RS[]): void {
  let r = dc.getAllReplicaSetsAndSyncRevision(d, rsList, false);
  d = r.d;
  let allRSs = [...r.oldRSs, r.newRS];
  let scaledDown = false;
  for (const rs of FilterActiveReplicaSets(r.oldRSs)) {
    if (dc.scaleReplicaSetAndRecordEvent(rs, 0, d, 'Recreate: old replica sets go to 0 first').scaled) scaledDown = true;
  }
  if (scaledDown) {
    syncRolloutStatus(dc, allRSs, r.newRS, d);
    return;
  }
  if (oldPodsRunning(dc, r.newRS, r.oldRSs)) {
    syncRolloutStatus(dc, allRSs, r.newRS, d);
    return;
  }
  if (!r.newRS) {
    r = dc.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    d = r.d;
    allRSs = [...r.oldRSs, r.newRS];
  }
  if (r.newRS) dc.scaleReplicaSetAndRecordEvent(r.newRS, specReplicas(d), d, 'Recreate: no old pods left');
  if (DeploymentComplete(d, d.status ?? {})) dc.cleanupDeployment(r.oldRSs, d);
  syncRolloutStatus(dc, allRSs, r.newRS, d);
}

/**
 * `oldPodsRunning`: old RSs still report pods, or any pod of a non-new RS is in a phase other than Failed or
 * Succeeded (Pending, Running, Unknown and no phase all count as running).
 */
export function oldPodsRunning(dc: DeploymentSyncer, newRS: RS | undefined, oldRSs: readonly RS[]): boolean {
  if (GetActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    for (const pod of dc.ctx.store.ownedBy<Pod>('Pod', rs.metadata.uid)) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
