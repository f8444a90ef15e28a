/**
 * Storage helpers shared by the PersistentVolume controller and the scheduler's volume plugins, ported from
 * `k8s.io/component-helpers/storage/volume` (`pv_helpers.go`, `helpers.go`) and
 * `pkg/controller/volume/persistentvolume/index.go`: claim and volume classes, access-mode checks, the matching
 * of a claim to the smallest fitting volume, volume node affinity, and the default StorageClass.
 */
import type { PersistentVolume, PersistentVolumeClaim, TopologySelectorTerm } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { compileNodeSelector, labelSelectorAsSelector, type Labels } from './selector.ts';
import { value } from './quantity.ts';

/** `volume.kubernetes.io/selected-node`: the node the scheduler chose for a WaitForFirstConsumer claim. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** `pv.kubernetes.io/bind-completed` on a claim once the controller has bound it. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** `pv.kubernetes.io/bound-by-controller` on a claim or volume the controller (not the user) bound. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** `volume.kubernetes.io/storage-provisioner` on a claim waiting for dynamic provisioning. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
/** `pv.kubernetes.io/provisioned-by` on a dynamically provisioned volume. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** `storageclass.kubernetes.io/is-default-class`. */
export const ANN_DEFAULT_STORAGE_CLASS = 'storageclass.kubernetes.io/is-default-class';
/** `storageclass.beta.kubernetes.io/is-default-class`, still honoured by `IsDefaultAnnotation`. */
export const ANN_BETA_DEFAULT_STORAGE_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
/** `kubernetes.io/no-provisioner`: a class for pre-created local volumes only. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';
/** `topology.kubernetes.io/zone`. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** `GetPersistentVolumeClaimClass`: `spec.storageClassName`, else the beta annotation, else `""`. */
export function getPersistentVolumeClaimClass(claim: PersistentVolumeClaim): string {
  const ann = claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  return claim.spec?.storageClassName ?? '';
}

/** `GetPersistentVolumeClass`: the volume's class the same way. */
export function getPersistentVolumeClass(volume: PersistentVolume): string {
  const ann = volume.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  return volume.spec?.storageClassName ?? '';
}

/** `GetBindVolumeBindingMode`… `IsDelayBindingMode`: the claim's class binds WaitForFirstConsumer. */
export function isDelayBindingMode(claim: PersistentVolumeClaim, classOf: (name: string) => StorageClass | undefined): boolean {
  const name = getPersistentVolumeClaimClass(claim);
  if (name === '') return false;
  const cls = classOf(name);
  // Upstream returns an error for a missing class, which leaves the claim pending: not delayed.
  return cls?.volumeBindingMode === 'WaitForFirstConsumer';
}

/**
 * `IsVolumeBoundToClaim`: the volume is pre-bound or bound to this claim: its claimRef names the claim's name and
 * namespace, and, when the claimRef has a uid, the claim's uid.
 */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if ((claim.metadata?.name ?? '') !== (ref.name ?? '') || (claim.metadata?.namespace ?? '') !== (ref.namespace ?? '')) return false;
  if (ref.uid && (claim.metadata?.uid ?? '') !== ref.uid) return false;
  return true;
}

/** `CheckAccessModes`: every mode the claim asks for is offered by the volume. */
export function checkAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/** `CheckVolumeModeMismatches`: volumeMode defaults to Filesystem on both sides. */
export function checkVolumeModeMismatches(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');
}

/**
 * `CheckNodeAffinity`: the volume's required node affinity matches the node's labels (and name, for matchFields);
 * a volume without node affinity matches every node.
 */
export function checkNodeAffinity(volume: PersistentVolume, node: { name: string; labels?: Labels }): boolean {
  const required = volume.spec?.nodeAffinity?.required;
  if (!required) return true;
  return compileNodeSelector(required).matches(node);
}

/** The claim's requested storage in bytes (`spec.resources.requests.storage`; 0 when absent). */
export function claimRequestBytes(claim: PersistentVolumeClaim): number {
  const q = claim.spec?.resources?.requests?.['storage'];
  return q === undefined ? 0 : value(q);
}

/** The volume's capacity in bytes (`spec.capacity.storage`; 0 when absent). */
export function volumeCapacityBytes(volume: PersistentVolume): number {
  const q = volume.spec?.capacity?.['storage'];
  return q === undefined ? 0 : value(q);
}

/**
 * `FindMatchingVolume`: the smallest volume that satisfies the claim, or the volume already pre-bound to it.
 * `node` is set on the scheduler's path (node affinity and access modes are checked against it); without a node
 * and with `delayBinding` (WaitForFirstConsumer), unbound volumes are left for the scheduler to choose. Volumes
 * in `excluded` (already chosen for another claim of the pod) are skipped.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: { name: string; labels?: Labels } | undefined,
  excluded: ReadonlySet<string>,
  delayBinding: boolean,
): PersistentVolume | undefined {
  const requested = claimRequestBytes(claim);
  const requestedClass = getPersistentVolumeClaimClass(claim);
  const selector = claim.spec?.selector ? labelSelectorAsSelector(claim.spec.selector) : undefined;
  let smallest: PersistentVolume | undefined;
  let smallestBytes = 0;
  for (const volume of volumes) {
    const name = volume.metadata?.name ?? '';
    if (excluded.has(name)) continue;
    if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const bytes = volumeCapacityBytes(volume);
    if (bytes < requested) continue;
    if (checkVolumeModeMismatches(claim, volume)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    const nodeAffinityValid = node === undefined || checkNodeAffinity(volume, node);
    if (isVolumeBoundToClaim(volume, claim)) {
      // A pre-bound volume is the only candidate: if its affinity rules the node out, nothing matches.
      return nodeAffinityValid ? volume : undefined;
    }
    if (node === undefined && delayBinding) continue;
    if ((volume.status?.phase ?? 'Pending') !== 'Available') continue;
    if (selector && !selector.matches(volume.metadata?.labels ?? {})) continue;
    if (getPersistentVolumeClass(volume) !== requestedClass) continue;
    if (!nodeAffinityValid) continue;
    if (node !== undefined && !checkAccessModes(claim, volume)) continue;
    if (smallest === undefined || bytes < smallestBytes) {
      smallest = volume;
      smallestBytes = bytes;
    }
  }
  return smallest;
}

/**
 * `persistentVolumeOrderedIndex.findByClaim` (index.go): volumes are indexed by their access-mode set; the claim
 * looks in every set that contains its modes, fewest modes first (a ReadWriteOnce claim prefers an RWO volume over
 * an RWO+ROX one even when the latter is smaller), and takes the first set's best match. Sets of equal size are
 * tried in their sorted text order, so the outcome does not depend on store order.
 */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  const bySet = new Map<string, PersistentVolume[]>();
  for (const v of volumes) {
    if (!checkAccessModes(claim, v)) continue;
    const key = [...new Set(v.spec?.accessModes ?? [])].sort().join(',');
    const list = bySet.get(key);
    if (list) list.push(v);
    else bySet.set(key, [v]);
  }
  const modeCount = (key: string): number => (key === '' ? 0 : key.split(',').length);
  const sets = [...bySet.keys()].sort((a, b) => modeCount(a) - modeCount(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of sets) {
    const match = findMatchingVolume(claim, bySet.get(key)!, undefined, new Set(), delayBinding);
    if (match) return match;
  }
  return undefined;
}

/** `IsDefaultAnnotation`: the GA or the beta is-default-class annotation is `"true"`. */
export function isDefaultAnnotation(cls: StorageClass): boolean {
  const ann = cls.metadata?.annotations;
  return ann?.[ANN_DEFAULT_STORAGE_CLASS] === 'true' || ann?.[ANN_BETA_DEFAULT_STORAGE_CLASS] === 'true';
}

/**
 * `GetDefaultClass` (component-helpers `storage/volume/helpers.go`, used by the DefaultStorageClass admission
 * plugin): of the classes marked default ({@link isDefaultAnnotation}), the newest by creationTimestamp, ties
 * broken by name ascending; undefined when none is.
 */
export function getDefaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  let best: StorageClass | undefined;
  for (const c of classes) {
    if (!isDefaultAnnotation(c)) continue;
    if (!best) {
      best = c;
      continue;
    }
    const a = c.metadata?.creationTimestamp ?? '';
    const b = best.metadata?.creationTimestamp ?? '';
    if (a > b || (a === b && (c.metadata?.name ?? '') < (best.metadata?.name ?? ''))) best = c;
  }
  return best;
}

/**
 * `MatchTopologySelectorTerms` (`pkg/apis/core/v1/helper`): a node's labels satisfy a StorageClass's
 * `allowedTopologies` when some term with at least one label expression has every expression satisfied (the
 * label present with one of the listed values). A term without expressions matches nothing; no terms at all
 * allow every node.
 */
export function matchTopologySelectorTerms(terms: readonly TopologySelectorTerm[] | undefined, labels: Labels | undefined): boolean {
  if (!terms || terms.length === 0) return true;
  return terms.some((t) => {
    const exprs = t.matchLabelExpressions ?? [];
    return exprs.length > 0 && exprs.every((e) => labels?.[e.key] !== undefined && e.values.includes(labels[e.key]!));
  });
}

/** The PVC names a pod's volumes refer to: `persistentVolumeClaim.claimName`, and `<pod>-<volume>` for ephemeral ones. */
export function podClaimNames(pod: { metadata?: { name?: string }; spec?: { volumes?: readonly { name: string; persistentVolumeClaim?: { claimName: string }; ephemeral?: unknown }[] } }): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return out;
}
