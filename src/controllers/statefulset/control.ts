/**
 * `defaultStatefulSetControl` (pkg/controller/statefulset/stateful_set_control.go): one sync of a StatefulSet.
 *
 * 1. `getStatefulSetRevisions`: the ControllerRevision of the current template (created, or an earlier equal one
 *    brought forward) is the update revision; `status.currentRevision` names the current one.
 * 2. `updateStatefulSet`: pods with ordinals in [start, start + replicas) are replicas, others condemned. Missing
 *    replicas are created (claims first) from the revision their ordinal belongs to; failed ones deleted to be
 *    recreated. Under OrderedReady ("monotonic") the sync stops at the first pod that is not Running and Ready
 *    (and available for minReadySeconds), so web-1 is created only once web-0 is ready; Parallel does not wait.
 *    Condemned pods go highest ordinal first, one at a time under OrderedReady.
 * 3. RollingUpdate deletes, from the highest ordinal down to the partition, a pod not at the update revision and
 *    waits for it to come back healthy before the next (3 replicas: web-2, then web-1, then web-0); with
 *    maxUnavailable it deletes up to maxUnavailable − unavailable at once. OnDelete leaves pods alone.
 * 4. Status: replicas, ready, available, current and updated counts; `completeRollingUpdate` moves
 *    currentRevision forward once every replica is updated and ready.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Stored } from '../../cluster/store.ts';
import type { ControllerContext } from '../context.ts';
import type { StatefulPodControl } from './pod-control.ts';
import {
  applyRevision,
  completeRollingUpdate,
  descendingOrdinal,
  equalRevision,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  getEndOrdinal,
  getStatefulSetMaxUnavailable,
  identityMatches,
  isCreated,
  isFailed,
  isHealthy,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  allowsBurst,
  newRevision,
  newVersionedStatefulSetPod,
  nextRevision,
  podInOrdinalRange,
  storageMatches,
} from './utils.ts';

type StoredSet = Stored<StatefulSet>;

/** `MaxBatchSize` of slowStartBatch: Parallel creations per batch. */
export const MaxBatchSize = 500;

/** The per-sync counts of `computeReplicaStatus`. */
export interface ReplicaStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

export class StatefulSetControl {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly podControl: StatefulPodControl,
  ) {}

  /**
   * `UpdateStatefulSet`: revisions, pods, status, history. Returns the status written and the earliest instant a
   * ready pod becomes available (for a requeue), if any.
   */
  updateStatefulSetAndStatus(set: StoredSet, pods: Stored<Pod>[]): { status: StatefulSetStatus; nextAvailableAtMs?: number } {
    const revisions = this.ctx.store.ownedBy<ControllerRevision>('ControllerRevision', set.metadata.uid).sort((a, b) => a.revision - b.revision || (a.metadata.name < b.metadata.name ? -1 : 1));
    const { currentRevision, updateRevision, collisionCount } = this.getStatefulSetRevisions(set, revisions);
    const status = this.updateStatefulSet(set, currentRevision, updateRevision, collisionCount, pods);
    this.updateStatefulSetStatus(set, status);
    this.truncateHistory(set, pods, [...revisions, updateRevision], currentRevision, updateRevision);
    let next = Infinity;
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    if (minReadySeconds > 0) {
      const now = this.ctx.engine.nowMs;
      for (const p of pods) {
        if (!isRunningAndReady(p) || isRunningAndAvailable(p, minReadySeconds, now, this.ctx.clock)) continue;
        const since = this.ctx.clock.simMs(p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
        if (!Number.isNaN(since)) next = Math.min(next, since + minReadySeconds * 1000);
      }
    }
    return next === Infinity ? { status } : { status, nextAvailableAtMs: next };
  }

  /** `getStatefulSetRevisions`: the current and update revisions, creating the update revision when new. */
  getStatefulSetRevisions(set: StoredSet, revisions: Stored<ControllerRevision>[]): { currentRevision: ControllerRevision; updateRevision: ControllerRevision; collisionCount: number } {
    const { store } = this.ctx;
    let collisionCount = set.status?.collisionCount ?? 0;
    let updateRevision: ControllerRevision = newRevision(set, nextRevision(revisions), collisionCount);
    const equal = revisions.filter((r) => equalRevision(r, updateRevision));
    const last = revisions[revisions.length - 1];
    if (equal.length > 0 && last && equal[equal.length - 1]!.metadata.name === last.metadata.name) {
      // The newest revision already is this template: nothing changed.
      updateRevision = last;
    } else if (equal.length > 0) {
      // A rollback to an earlier template: that revision gets the next number.
      const target = equal[equal.length - 1]!;
      const number = updateRevision.revision;
      updateRevision = store.mutate<ControllerRevision>('ControllerRevision', target.metadata.namespace, target.metadata.name, (d) => {
        d.revision = number;
      });
    } else {
      // `CreateControllerRevision`: a name taken by other data is a collision; count it and hash again.
      for (;;) {
        const existing = store.get<ControllerRevision>('ControllerRevision', set.metadata.namespace, updateRevision.metadata!.name!);
        if (!existing) {
          updateRevision = store.create('ControllerRevision', updateRevision);
          break;
        }
        if (equalRevision(existing, updateRevision)) {
          updateRevision = existing;
          break;
        }
        collisionCount++;
        updateRevision = newRevision(set, updateRevision.revision, collisionCount);
      }
    }
    const currentRevision = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? updateRevision;
    return { currentRevision, updateRevision, collisionCount };
  }

  /** `computeReplicaStatus` over `pods`. */
  computeReplicaStatus(pods: readonly (Pod | undefined)[], minReadySeconds: number, currentRevision: string, updateRevision: string): ReplicaStatus {
    const s: ReplicaStatus = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
    const now = this.ctx.engine.nowMs;
    for (const pod of pods) {
      if (!pod) continue;
      if (isCreated(pod)) s.replicas++;
      if (isRunningAndReady(pod)) {
        s.readyReplicas++;
        if (isRunningAndAvailable(pod, minReadySeconds, now, this.ctx.clock)) s.availableReplicas++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const revision = getPodRevision(pod);
        if (revision === currentRevision) s.currentReplicas++;
        if (revision === updateRevision) s.updatedReplicas++;
      }
    }
    return s;
  }

  /** `updateStatus`: the counts of every list into `status`. */
  private updateStatus(status: StatefulSetStatus, minReadySeconds: number, current: string, update: string, ...lists: (Pod | undefined)[][]): void {
    const s = this.computeReplicaStatus(lists.flat(), minReadySeconds, current, update);
    Object.assign(status, s);
  }

  /** `updateStatefulSet`: creates, deletes and updates pods toward the set's target; returns the new status. */
  updateStatefulSet(set: StoredSet, currentRevision: ControllerRevision, updateRevision: ControllerRevision, collisionCount: number, pods: Stored<Pod>[]): StatefulSetStatus {
    const { engine, clock } = this.ctx;
    const now = engine.nowMs;
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const cur = currentRevision.metadata!.name!;
    const upd = updateRevision.metadata!.name!;
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 1,
      currentRevision: cur,
      updateRevision: upd,
      collisionCount,
      replicas: 0,
    };
    this.updateStatus(status, minReadySeconds, cur, upd, pods);

    const replicaCount = set.spec?.replicas ?? 1;
    const replicas: (Pod | undefined)[] = new Array<Pod | undefined>(replicaCount).fill(undefined);
    const condemned: Stored<Pod>[] = [];
    const start = getStartOrdinal(set);
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    for (let ord = start; ord <= getEndOrdinal(set); ord++) {
      if (!replicas[ord - start]) replicas[ord - start] = newVersionedStatefulSetPod(currentSet, updateSet, cur, upd, ord);
    }
    condemned.sort(descendingOrdinal);
    let firstUnavailablePod: Pod | undefined;
    for (const p of replicas) {
      if (p && isUnavailable(p, minReadySeconds, now, clock)) {
        firstUnavailablePod = p;
        break;
      }
    }
    if (!firstUnavailablePod) {
      for (let i = condemned.length - 1; i >= 0; i--) {
        if (isUnavailable(condemned[i]!, minReadySeconds, now, clock)) {
          firstUnavailablePod = condemned[i];
          break;
        }
      }
    }
    if (set.metadata.deletionTimestamp) return status;

    const monotonic = !allowsBurst(set);
    const exitEarly = () => {
      this.updateStatus(status, minReadySeconds, cur, upd, replicas, condemned);
      return status;
    };
    // Parallel: slowStartBatch's batches all succeed in the simulation, so every replica is processed in order.
    for (let i = 0; i < replicas.length; i++) {
      if (this.processReplica(set, updateSet, monotonic, replicas, i)) return exitEarly();
    }
    for (const pod of condemned) {
      if (!this.podControl.claimsMatchRetentionPolicy(updateSet as StoredSet, pod)) this.podControl.updatePodClaimForRetentionPolicy(updateSet as StoredSet, pod);
    }
    for (let i = 0; i < condemned.length; i++) {
      if (this.processCondemned(set, firstUnavailablePod, monotonic, condemned, i) && monotonic) return exitEarly();
    }
    this.updateStatus(status, minReadySeconds, cur, upd, replicas, condemned);

    if (set.spec?.updateStrategy?.type === 'OnDelete') return status;
    return this.updateStatefulSetAfterInvariantEstablished(set, replicas as Pod[], upd, status);
  }

  /**
   * `processReplica`: recreate a failed pod, create a missing one, and under OrderedReady stop at a pod that is
   * terminating, not Running and Ready, or not available. Returns whether the sync must stop here.
   */
  private processReplica(set: StoredSet, updateSet: StatefulSet, monotonic: boolean, replicas: (Pod | undefined)[], i: number): boolean {
    const pod = replicas[i]!;
    const { engine, clock } = this.ctx;
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!isTerminating(pod)) this.podControl.deleteStatefulPod(set, pod as Stored<Pod>);
      return true;
    }
    if (!isCreated(pod)) {
      if (this.podControl.podClaimIsStale(set, pod)) return true;
      this.podControl.createStatefulPod(set, pod);
      if (monotonic) return true;
      return false;
    }
    const stored = pod as Stored<Pod>;
    if (isPending(pod)) this.podControl.createMissingPersistentVolumeClaims(set, pod);
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, engine.nowMs, clock) && monotonic) return true;
    const retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet as StoredSet, stored);
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    this.podControl.updateStatefulPod(updateSet as StoredSet, stored);
    return false;
  }

  /**
   * `processCondemned`: delete a condemned pod; under OrderedReady wait for a terminating one, and for an unhealthy
   * one unless it is the first unhealthy pod. Returns whether something blocked or was deleted.
   */
  private processCondemned(set: StoredSet, firstUnhealthyPod: Pod | undefined, monotonic: boolean, condemned: Stored<Pod>[], i: number): boolean {
    const pod = condemned[i]!;
    const { engine, clock } = this.ctx;
    if (isTerminating(pod)) return monotonic;
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthyPod) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, engine.nowMs, clock) && monotonic && pod !== firstUnhealthyPod) return true;
    this.podControl.deleteStatefulPod(set, pod);
    return true;
  }

  /**
   * The RollingUpdate part of `updateStatefulSet`: delete the highest-ordinal pod at or above the partition that
   * is not at the update revision, and wait for unhealthy pods; with `maxUnavailable` (the
   * MaxUnavailableStatefulSet gate), delete up to maxUnavailable − unavailable of them at once.
   */
  private updateStatefulSetAfterInvariantEstablished(set: StoredSet, replicas: Pod[], updateRevision: string, status: StatefulSetStatus): StatefulSetStatus {
    const { engine, clock } = this.ctx;
    const rolling = set.spec?.updateStrategy?.rollingUpdate;
    const updateMin = rolling?.partition ?? 0;
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    if (rolling?.maxUnavailable === undefined) {
      for (let target = replicas.length - 1; target >= updateMin; target--) {
        const pod = replicas[target]!;
        if (getPodRevision(pod) !== updateRevision && !isTerminating(pod)) {
          this.podControl.deleteStatefulPod(set, pod as Stored<Pod>);
          status.currentReplicas = (status.currentReplicas ?? 0) - 1;
          return status;
        }
        if (!isHealthy(pod)) return status;
      }
      return status;
    }
    const maxUnavailable = getStatefulSetMaxUnavailable(rolling.maxUnavailable, set.spec?.replicas ?? 1);
    let unavailablePods = 0;
    for (const pod of replicas) if (isUnavailable(pod, minReadySeconds, engine.nowMs, clock)) unavailablePods++;
    if (unavailablePods >= maxUnavailable) return status;
    const podsToDelete = maxUnavailable - unavailablePods;
    let deleted = 0;
    for (let target = replicas.length - 1; target >= updateMin && deleted < podsToDelete; target--) {
      const pod = replicas[target]!;
      if (getPodRevision(pod) !== updateRevision && !isTerminating(pod)) {
        this.podControl.deleteStatefulPod(set, pod as Stored<Pod>);
        deleted++;
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      }
    }
    return status;
  }

  /** `updateStatefulSetStatus`: completeRollingUpdate, then write the status when it changed (`inconsistentStatus`). */
  private updateStatefulSetStatus(set: StoredSet, status: StatefulSetStatus): void {
    completeRollingUpdate(set, status);
    const fresh = this.ctx.store.get<StatefulSet>('StatefulSet', set.metadata.namespace, set.metadata.name);
    if (!fresh || fresh.metadata.uid !== set.metadata.uid) return;
    const s = fresh.status;
    if (
      s &&
      s.observedGeneration === status.observedGeneration &&
      s.replicas === status.replicas &&
      s.readyReplicas === status.readyReplicas &&
      s.availableReplicas === status.availableReplicas &&
      s.currentReplicas === status.currentReplicas &&
      s.updatedReplicas === status.updatedReplicas &&
      s.currentRevision === status.currentRevision &&
      s.updateRevision === status.updateRevision &&
      s.collisionCount === status.collisionCount
    ) {
      return;
    }
    this.ctx.store.mutate<StatefulSet>('StatefulSet', fresh.metadata.namespace, fresh.metadata.name, (d) => {
      d.status = { ...(d.status ?? {}), ...status };
    });
  }

  /**
   * `truncateHistory`: keeps revisionHistoryLimit (default 10) revisions besides the live ones (the current and
   * update revisions and those a pod is at), deleting the oldest first.
   */
  private truncateHistory(set: StoredSet, pods: Stored<Pod>[], revisions: ControllerRevision[], current: ControllerRevision, update: ControllerRevision): void {
    const live = new Set<string>([current.metadata!.name!, update.metadata!.name!]);
    for (const p of pods) live.add(getPodRevision(p));
    const seen = new Set<string>();
    const history = revisions
      .filter((r) => {
        const name = r.metadata!.name!;
        if (live.has(name) || seen.has(name)) return false;
        seen.add(name);
        return true;
      })
      .sort((a, b) => a.revision - b.revision);
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (let i = 0; i < history.length - limit; i++) {
      this.ctx.store.delete('ControllerRevision', set.metadata.namespace, history[i]!.metadata!.name!);
    }
  }
}
