/**
 * `kubectl get` rows for StatefulSets and the storage kinds, as kubectl's printers
 * (`pkg/printers/internalversion/printers.go`) print them: `printStatefulSet`, `printPersistentVolumeClaim`,
 * `printPersistentVolume`, `printStorageClass`.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { getPersistentVolumeClaimClass, getPersistentVolumeClass, isDefaultAnnotation } from '../api/storage.ts';
import { translateTimestampSince, type SimClock } from './duration.ts';

/** `storageutil.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, each once, comma-joined. */
export function getAccessModesAsString(modes: readonly string[] | undefined): string {
  const have = new Set(modes ?? []);
  const out: string[] = [];
  if (have.has('ReadWriteOnce')) out.push('RWO');
  if (have.has('ReadOnlyMany')) out.push('ROX');
  if (have.has('ReadWriteMany')) out.push('RWX');
  if (have.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** Headers of `kubectl get statefulsets [-o wide]`. */
export const STATEFULSET_HEADERS = (wide: boolean): string[] => ['Name', 'Ready', 'Age', ...(wide ? ['Containers', 'Images'] : [])];

/** `printStatefulSet`: NAME READY (ready/desired) AGE (+ CONTAINERS IMAGES). */
export function printStatefulSet(set: StatefulSet, clock: SimClock, wide = false): string[] {
  const cells = [set.metadata?.name ?? '', `${set.status?.readyReplicas ?? 0}/${set.spec?.replicas ?? 1}`, translateTimestampSince(set.metadata?.creationTimestamp, clock)];
  if (wide) {
    const containers = set.spec?.template?.spec?.containers ?? [];
    cells.push(containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','));
  }
  return cells;
}

/** Headers of `kubectl get persistentvolumeclaims [-o wide]`. */
export const PVC_HEADERS = (wide: boolean): string[] => ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', ...(wide ? ['VolumeMode'] : [])];

/** `printPersistentVolumeClaim`: capacity and access modes only once bound; `Terminating` while being deleted. */
export function printPersistentVolumeClaim(claim: PersistentVolumeClaim, clock: SimClock, wide = false): string[] {
  const bound = (claim.spec?.volumeName ?? '') !== '';
  const phase = claim.metadata?.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? '');
  const cells = [
    claim.metadata?.name ?? '',
    phase,
    claim.spec?.volumeName ?? '',
    bound ? String(claim.status?.capacity?.['storage'] ?? '') : '',
    bound ? getAccessModesAsString(claim.status?.accessModes) : '',
    getPersistentVolumeClaimClass(claim),
    claim.spec?.volumeAttributesClassName ?? '<unset>',
    translateTimestampSince(claim.metadata?.creationTimestamp, clock),
  ];
  if (wide) cells.push(claim.spec?.volumeMode ?? '<unset>');
  return cells;
}

/** Headers of `kubectl get persistentvolumes [-o wide]`. */
export const PV_HEADERS = (wide: boolean): string[] => [
  'Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', ...(wide ? ['VolumeMode'] : []),
];

/** `printPersistentVolume`: CLAIM is `namespace/name` of the claimRef. */
export function printPersistentVolume(pv: PersistentVolume, clock: SimClock, wide = false): string[] {
  const ref = pv.spec?.claimRef;
  const cells = [
    pv.metadata?.name ?? '',
    String(pv.spec?.capacity?.['storage'] ?? ''),
    getAccessModesAsString(pv.spec?.accessModes),
    pv.spec?.persistentVolumeReclaimPolicy ?? '',
    pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
    ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
    getPersistentVolumeClass(pv),
    pv.spec?.volumeAttributesClassName ?? '<unset>',
    pv.status?.reason ?? '',
    translateTimestampSince(pv.metadata?.creationTimestamp, clock),
  ];
  if (wide) cells.push(pv.spec?.volumeMode ?? '<unset>');
  return cells;
}

/** Headers of `kubectl get storageclasses`. */
export const STORAGECLASS_HEADERS = (): string[] => ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'];

/** `printStorageClass`: the default class's name gets ` (default)`; unset fields print their API defaults. */
export function printStorageClass(sc: StorageClass, clock: SimClock): string[] {
  return [
    `${sc.metadata?.name ?? ''}${isDefaultAnnotation(sc) ? ' (default)' : ''}`,
    sc.provisioner,
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    String(sc.allowVolumeExpansion ?? false),
    translateTimestampSince(sc.metadata?.creationTimestamp, clock),
  ];
}
