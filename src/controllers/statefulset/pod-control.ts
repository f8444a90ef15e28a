/**
 * `StatefulPodControl` (pkg/controller/statefulset/stateful_pod_control.go): the store writes of the StatefulSet
 * controller — create a pod after its claims, delete a pod, repair a pod's identity and storage, keep claims'
 * owner references as the retention policy asks — each with upstream's event.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { deletePod } from '../../cluster/pods.ts';
import type { Stored } from '../../cluster/store.ts';
import { involved, type ControllerContext } from '../context.ts';
import {
  claimOwnerMatchesSetAndPod,
  getPersistentVolumeClaims,
  identityMatches,
  storageMatches,
  updateClaimOwnerRefForSetAndPod,
  updateIdentity,
  updateStorage,
} from './utils.ts';

const COMPONENT = 'statefulset-controller';

type StoredSet = Stored<StatefulSet>;

export class StatefulPodControl {
  constructor(private readonly ctx: ControllerContext) {}

  /** `recordPodEvent`: `create Pod web-0 in StatefulSet web successful`. */
  private recordPodEvent(verb: string, set: StoredSet, pod: Pod): void {
    const reason = `Successful${verb}`;
    this.ctx.events.record(involved(set), 'Normal', reason, `${verb.toLowerCase()} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata.name} successful`, { component: COMPONENT });
  }

  /** `recordClaimEvent`: `create Claim www-web-0 Pod web-0 in StatefulSet web success`. */
  private recordClaimEvent(verb: string, set: StoredSet, pod: Pod, claim: PersistentVolumeClaim): void {
    this.ctx.events.record(
      involved(set),
      'Normal',
      `Successful${verb}`,
      `${verb.toLowerCase()} Claim ${claim.metadata?.name} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata.name} success`,
      { component: COMPONENT },
    );
  }

  /**
   * `createPersistentVolumeClaims` / `createMissingPersistentVolumeClaims`: creates each claim of the pod that does
   * not exist yet, with owner references as the retention policy asks.
   */
  createMissingPersistentVolumeClaims(set: StoredSet, pod: Pod): void {
    const { store } = this.ctx;
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const name = claim.metadata!.name!;
      if (store.get('PersistentVolumeClaim', set.metadata.namespace, name)) continue;
      updateClaimOwnerRefForSetAndPod(claim, set, pod);
      store.create('PersistentVolumeClaim', claim);
      this.recordClaimEvent('Create', set, pod, claim);
    }
  }

  /** `CreateStatefulPod`: the claims first, then the pod. */
  createStatefulPod(set: StoredSet, pod: Pod): void {
    this.createMissingPersistentVolumeClaims(set, pod);
    this.ctx.store.create('Pod', { ...pod, status: { phase: 'Pending' } });
    this.recordPodEvent('Create', set, pod);
  }

  /** `DeleteStatefulPod`: graceful deletion and its event. */
  deleteStatefulPod(set: StoredSet, pod: Stored<Pod>): void {
    deletePod(this.ctx.store, this.ctx.clock, this.ctx.engine.nowMs, pod);
    this.recordPodEvent('Delete', set, pod);
  }

  /** `PodClaimIsStale`: a claim of the pod is being deleted (a new pod must wait for it to go). */
  podClaimIsStale(set: StoredSet, pod: Pod): boolean {
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const c = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, claim.metadata!.name!);
      if (c?.metadata.deletionTimestamp) return true;
    }
    return false;
  }

  /** `ClaimsMatchRetentionPolicy`: every existing claim of the pod has the owner references the policy asks. */
  claimsMatchRetentionPolicy(set: StoredSet, pod: Stored<Pod>): boolean {
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const c = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, claim.metadata!.name!);
      if (c && !claimOwnerMatchesSetAndPod(c, set, set.metadata.uid, pod, pod.metadata.uid)) return false;
    }
    return true;
  }

  /** `UpdatePodClaimForRetentionPolicy`: rewrites the owner references of the pod's claims. */
  updatePodClaimForRetentionPolicy(set: StoredSet, pod: Stored<Pod>): void {
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const name = claim.metadata!.name!;
      const c = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, name);
      if (!c || claimOwnerMatchesSetAndPod(c, set, set.metadata.uid, pod, pod.metadata.uid)) continue;
      this.ctx.store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, name, (d) => {
        updateClaimOwnerRefForSetAndPod(d as PersistentVolumeClaim, set, pod);
      });
    }
  }

  /**
   * `UpdateStatefulPod`: repairs identity and storage (creating missing claims) and the claims' retention owner
   * references.
   */
  updateStatefulPod(set: StoredSet, pod: Stored<Pod>): void {
    if (!identityMatches(set, pod) || !storageMatches(set, pod)) {
      if (!storageMatches(set, pod)) this.createMissingPersistentVolumeClaims(set, pod);
      this.ctx.store.mutate<Pod>('Pod', pod.metadata.namespace, pod.metadata.name, (d) => {
        const p = d as Pod;
        updateIdentity(set, p);
        updateStorage(set, p);
      });
    }
    this.updatePodClaimForRetentionPolicy(set, pod);
  }
}
