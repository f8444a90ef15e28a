/**
 * The volume binder (`plugins/volumebinding/binder.go`): which of a pod's claims are bound, which wait for the
 * first consumer and which bind Immediately (`GetPodVolumeClaims`); for one node, whether bound volumes' node
 * affinity allows it and how the unbound WaitForFirstConsumer claims would be satisfied, by an existing volume
 * (static binding) or by provisioning (`FindPodVolumes`); and after the binding's API writes whether every claim
 * is fully bound (`checkBindings`). Without an assume cache: kubesim runs Reserve, PreBind's writes and the next
 * pod's cycle one after another, so the store already shows what upstream's cache assumes.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import {
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  checkNodeAffinity,
  claimRequestBytes,
  findMatchingVolume,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  isVolumeBoundToClaim,
  matchTopologySelectorTerms,
  NOT_SUPPORTED_PROVISIONER,
} from '../../../../api/storage.ts';
import type { Labels } from '../../../../api/selector.ts';
import type { StorageLister } from '../../framework/interface.ts';
import type { PodInfo } from '../../types.ts';

/** `ErrReasonBindConflict`. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** `ErrReasonNodeConflict`. */
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
/** `ErrReasonNotEnoughSpace`. */
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
/** `ErrReasonPVNotExist`. */
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** A node as the binder sees it. */
export interface BinderNode {
  name: string;
  labels: Labels;
}

/** `PodVolumeClaims`. */
export interface PodVolumeClaims {
  boundClaims: PersistentVolumeClaim[];
  unboundClaimsDelayBinding: PersistentVolumeClaim[];
  unboundClaimsImmediate: PersistentVolumeClaim[];
  /** Class name → the PVs of that class, for the delayed claims. */
  unboundVolumesDelayBinding: Map<string, PersistentVolume[]>;
}

/** `PodVolumes`: what binding the pod's volumes on one node takes. */
export interface PodVolumes {
  staticBindings: { pv: PersistentVolume; pvc: PersistentVolumeClaim }[];
  dynamicProvisions: PersistentVolumeClaim[];
}

/** An error of the binder (upstream returns it as an `error`, which becomes an Error status). */
export class BinderError extends Error {}

const claimKey = (c: PersistentVolumeClaim): string => `${c.metadata?.namespace ?? ''}/${c.metadata?.name ?? ''}`;

/** `isPVCFullyBound`: volumeName set and `pv.kubernetes.io/bind-completed` present. */
export function isPVCFullyBound(pvc: PersistentVolumeClaim): boolean {
  return (pvc.spec?.volumeName ?? '') !== '' && pvc.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

/** The claim name of each of the pod's PVC-backed volumes: `claimName`, or `<pod>-<volume>` for ephemeral ones. */
export function podClaimRefs(pod: PodInfo): { name: string; ephemeral: boolean }[] {
  const out: { name: string; ephemeral: boolean }[] = [];
  for (const v of pod.volumes) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.name}-${v.name}`, ephemeral: true });
  }
  return out;
}

/**
 * `podHasPVCs`: whether the pod uses claims, or the message that makes it unschedulable (a missing claim, a Lost
 * one, one being deleted).
 */
export function podHasPVCs(storage: StorageLister, pod: PodInfo): { hasPVC: boolean; error?: string } {
  let hasPVC = false;
  for (const ref of podClaimRefs(pod)) {
    hasPVC = true;
    const pvc = storage.claim(pod.namespace, ref.name);
    if (!pvc) return { hasPVC, error: `persistentvolumeclaim ${JSON.stringify(ref.name)} not found` };
    if (pvc.status?.phase === 'Lost') {
      return { hasPVC, error: `persistentvolumeclaim ${JSON.stringify(ref.name)} bound to non-existent persistentvolume ${JSON.stringify(pvc.spec?.volumeName ?? '')}` };
    }
    if (pvc.metadata?.deletionTimestamp) return { hasPVC, error: `persistentvolumeclaim ${JSON.stringify(ref.name)} is being deleted` };
  }
  return { hasPVC };
}

/** `GetPodVolumeClaims`. */
export function getPodVolumeClaims(storage: StorageLister, pod: PodInfo): PodVolumeClaims {
  const r: PodVolumeClaims = { boundClaims: [], unboundClaimsDelayBinding: [], unboundClaimsImmediate: [], unboundVolumesDelayBinding: new Map() };
  for (const ref of podClaimRefs(pod)) {
    const pvc = storage.claim(pod.namespace, ref.name);
    if (!pvc) throw new BinderError(`error getting PVC "${pod.namespace}/${ref.name}": persistentvolumeclaim ${JSON.stringify(ref.name)} not found`);
    if (isPVCFullyBound(pvc)) {
      r.boundClaims.push(pvc);
      continue;
    }
    const className = getPersistentVolumeClaimClass(pvc);
    const cls = className === '' ? undefined : storage.storageClass(className);
    if (cls && cls.volumeBindingMode === undefined) throw new BinderError(`VolumeBindingMode not set for StorageClass ${JSON.stringify(className)}`);
    if (cls?.volumeBindingMode === 'WaitForFirstConsumer') {
      r.unboundClaimsDelayBinding.push(pvc);
      if (!r.unboundVolumesDelayBinding.has(className)) {
        r.unboundVolumesDelayBinding.set(className, storage.volumes().filter((v) => getPersistentVolumeClass(v) === className));
      }
    } else {
      r.unboundClaimsImmediate.push(pvc);
    }
  }
  return r;
}

/**
 * `checkBoundClaims`: every bound claim's volume exists (`found`) and its node affinity allows the node
 * (`satisfied`); a missing volume stops the check with satisfied still true, as upstream.
 */
function checkBoundClaims(storage: StorageLister, claims: readonly PersistentVolumeClaim[], node: BinderNode): { satisfied: boolean; found: boolean } {
  for (const pvc of claims) {
    const pv = storage.volume(pvc.spec?.volumeName ?? '');
    if (!pv) return { satisfied: true, found: false };
    if (!checkNodeAffinity(pv, node)) return { satisfied: false, found: true };
  }
  return { satisfied: true, found: true };
}

/** `findMatchingVolumes`: smaller claims first, each takes the smallest fitting volume not chosen before. */
function findMatchingVolumes(claims: PersistentVolumeClaim[], volumesByClass: ReadonlyMap<string, PersistentVolume[]>, node: BinderNode) {
  const sorted = [...claims].sort((a, b) => claimRequestBytes(a) - claimRequestBytes(b));
  const chosen = new Set<string>();
  const bindings: PodVolumes['staticBindings'] = [];
  const unbound: PersistentVolumeClaim[] = [];
  let foundMatches = true;
  for (const pvc of sorted) {
    const pv = findMatchingVolume(pvc, volumesByClass.get(getPersistentVolumeClaimClass(pvc)) ?? [], node, chosen, true);
    if (!pv) {
      unbound.push(pvc);
      foundMatches = false;
      continue;
    }
    chosen.add(pv.metadata?.name ?? '');
    bindings.push({ pv, pvc });
  }
  return { foundMatches, bindings, unbound };
}

/** `checkVolumeProvisions`: every claim left can be provisioned on the node (a provisioner, allowedTopologies). */
function checkVolumeProvisions(storage: StorageLister, claims: readonly PersistentVolumeClaim[], node: BinderNode): { satisfied: boolean; provisions: PersistentVolumeClaim[] } {
  const provisions: PersistentVolumeClaim[] = [];
  for (const pvc of claims) {
    const className = getPersistentVolumeClaimClass(pvc);
    if (className === '') throw new BinderError(`no class for claim ${JSON.stringify(claimKey(pvc))}`);
    const cls = storage.storageClass(className);
    if (!cls) throw new BinderError(`failed to find storage class ${JSON.stringify(className)}`);
    if (cls.provisioner === '' || cls.provisioner === NOT_SUPPORTED_PROVISIONER) return { satisfied: false, provisions: [] };
    if (!matchTopologySelectorTerms(cls.allowedTopologies, node.labels)) return { satisfied: false, provisions: [] };
    // hasEnoughCapacity: kubesim models no CSIStorageCapacity, so every node has room.
    provisions.push(pvc);
  }
  return { satisfied: true, provisions };
}

/** `FindPodVolumes`: the reasons the node cannot host the pod's volumes (none: it can), and how it would bind them. */
export function findPodVolumes(storage: StorageLister, claims: PodVolumeClaims, node: BinderNode): { podVolumes: PodVolumes; reasons: string[] } {
  const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
  let boundVolumesSatisfied = true;
  let boundPVsFound = true;
  let unboundVolumesSatisfied = true;
  const reasons = (): string[] => {
    const out: string[] = [];
    if (!boundVolumesSatisfied) out.push(ERR_REASON_NODE_CONFLICT);
    if (!unboundVolumesSatisfied) out.push(ERR_REASON_BIND_CONFLICT);
    if (!boundPVsFound) out.push(ERR_REASON_PV_NOT_EXIST);
    return out;
  };
  if (claims.boundClaims.length > 0) {
    const r = checkBoundClaims(storage, claims.boundClaims, node);
    boundVolumesSatisfied = r.satisfied;
    boundPVsFound = r.found;
  }
  if (claims.unboundClaimsDelayBinding.length > 0) {
    const toProvision: PersistentVolumeClaim[] = [];
    const toMatch: PersistentVolumeClaim[] = [];
    for (const pvc of claims.unboundClaimsDelayBinding) {
      const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
      if (selected !== undefined) {
        if (selected !== node.name) {
          // Fast path: another node was already chosen for this claim.
          unboundVolumesSatisfied = false;
          return { podVolumes, reasons: reasons() };
        }
        toProvision.push(pvc);
      } else {
        toMatch.push(pvc);
      }
    }
    if (toMatch.length > 0) {
      const m = findMatchingVolumes(toMatch, claims.unboundVolumesDelayBinding, node);
      unboundVolumesSatisfied = m.foundMatches;
      podVolumes.staticBindings = m.bindings;
      toProvision.push(...m.unbound);
    }
    if (toProvision.length > 0) {
      const p = checkVolumeProvisions(storage, toProvision, node);
      unboundVolumesSatisfied = p.satisfied;
      podVolumes.dynamicProvisions = p.provisions;
    }
  }
  return { podVolumes, reasons: reasons() };
}

/**
 * `checkBindings`: true once every claim is fully bound (and a provisioned volume's affinity allows the node),
 * false while the PV controller or the provisioner is still at work; throws when the binding went wrong.
 */
export function checkBindings(storage: StorageLister, podVolumes: PodVolumes, node: BinderNode): boolean {
  for (const { pv: chosen, pvc: claim } of podVolumes.staticBindings) {
    const pvc = storage.claim(claim.metadata?.namespace ?? '', claim.metadata?.name ?? '');
    if (!pvc) throw new BinderError(`failed to check binding: persistentvolumeclaim ${JSON.stringify(claim.metadata?.name ?? '')} not found`);
    const pv = storage.volume(chosen.metadata?.name ?? '');
    if (!pv) throw new BinderError(`failed to check binding: persistentvolume ${JSON.stringify(chosen.metadata?.name ?? '')} not found`);
    if (!pv.spec?.claimRef?.uid) throw new BinderError(`ClaimRef got reset for pv ${JSON.stringify(pv.metadata?.name ?? '')}`);
    if (!isVolumeBoundToClaim(pv, pvc)) throw new BinderError(`binding for pv ${JSON.stringify(pv.metadata?.name ?? '')} changed to pvc ${JSON.stringify(`${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}`)}`);
    if (!isPVCFullyBound(pvc)) return false;
  }
  for (const claim of podVolumes.dynamicProvisions) {
    const pvc = storage.claim(claim.metadata?.namespace ?? '', claim.metadata?.name ?? '');
    if (!pvc) throw new BinderError(`failed to check binding: persistentvolumeclaim ${JSON.stringify(claim.metadata?.name ?? '')} not found`);
    const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (selected === undefined) throw new BinderError(`selectedNode annotation reset for PVC ${JSON.stringify(pvc.metadata?.name ?? '')}`);
    if (selected !== node.name) throw new BinderError(`provisioning failed for PVC ${JSON.stringify(pvc.metadata?.name ?? '')}`);
    const volumeName = pvc.spec?.volumeName ?? '';
    if (volumeName !== '') {
      const pv = storage.volume(volumeName);
      if (!pv) return false;
      if (!checkNodeAffinity(pv, node)) throw new BinderError(`pv ${JSON.stringify(volumeName)} node affinity doesn't match node ${JSON.stringify(node.name)}: no matching NodeSelectorTerms`);
    }
    if (!isPVCFullyBound(pvc)) return false;
  }
  return true;
}
