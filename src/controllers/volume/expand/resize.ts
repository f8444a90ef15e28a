/**
 * Volume expansion as the API server checks it and as the resizers record it on the claim: the storage part of
 * `ValidatePersistentVolumeClaimUpdate` (`pkg/apis/core/validation`), the `PersistentVolumeClaimResize` admission
 * plugin, and the claim status helpers of `pkg/volume/util/resize_util.go` that external-resizer and the kubelet
 * call (`MarkControllerReisizeInProgress` (sic), `MarkForFSResize`, `MarkFSResizeFinished`). Pure functions over plain
 * objects; the controllers own the store and the clock.
 */
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimCondition } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { getPersistentVolumeClaimClass } from '../../../api/storage.ts';
import { compareQuantity } from '../../../api/quantity.ts';

/** `PersistentVolumeClaimResizing`. */
export const CONDITION_RESIZING = 'Resizing';
/** `PersistentVolumeClaimFileSystemResizePending`. */
export const CONDITION_FS_RESIZE_PENDING = 'FileSystemResizePending';
/** The message of the FileSystemResizePending condition (`MarkForFSResize`). */
export const FS_RESIZE_PENDING_MESSAGE = 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.';

/** `ClaimResourceStatus` values of `status.allocatedResourceStatuses.storage`. */
export type ClaimResourceStatus = 'ControllerResizeInProgress' | 'ControllerResizeInfeasible' | 'NodeResizePending' | 'NodeResizeInProgress' | 'NodeResizeInfeasible';

const storageOf = (q: Record<string, string> | undefined): string | undefined => q?.['storage'];

/**
 * The storage rules of `ValidatePersistentVolumeClaimUpdate` with RecoverVolumeExpansionFailure on (beta and on
 * by default since 1.32): a claim that is not Bound has an immutable spec; a bound claim may change
 * `resources.requests.storage`, and may lower it only to above `status.capacity` (to recover from a failed
 * expansion; nothing shrinks). Returns the field errors as the API server words them, `path: Type: detail`.
 */
export function validatePersistentVolumeClaimUpdate(claim: PersistentVolumeClaim, newStorage: string): string[] {
  const errs: string[] = [];
  const oldSize = storageOf(claim.spec?.resources?.requests) ?? '0';
  if (claim.status?.phase !== 'Bound' && compareQuantity(newStorage, oldSize) !== 0) {
    errs.push('spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  }
  if (compareQuantity(newStorage, oldSize) < 0 && compareQuantity(newStorage, storageOf(claim.status?.capacity) ?? '0') <= 0) {
    errs.push('spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
  }
  return errs;
}

/**
 * The `PersistentVolumeClaimResize` admission plugin's `Validate` for a growing claim: only a Bound claim whose
 * class allows expansion, with a volume of a plugin that can grow (CSI among them), may grow. Returns the reason it
 * is forbidden, or undefined.
 */
export function persistentVolumeClaimResizeAdmission(
  claim: PersistentVolumeClaim,
  newStorage: string,
  classOf: (name: string) => StorageClass | undefined,
  volumeOf: (name: string) => PersistentVolume | undefined,
): string | undefined {
  if (compareQuantity(newStorage, storageOf(claim.spec?.resources?.requests) ?? '0') <= 0) return undefined;
  if (claim.status?.phase !== 'Bound') return 'Only bound persistent volume claims can be expanded';
  if (!allowResize(claim, classOf)) return 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';
  const pv = volumeOf(claim.spec?.volumeName ?? '');
  if (!pv) return 'Error updating persistent volume claim because fetching associated persistent volume failed';
  if (!checkVolumePlugin(pv)) return 'volume plugin does not support resize';
  return undefined;
}

/** `allowResize`: the claim's class exists and sets `allowVolumeExpansion: true`. */
export function allowResize(claim: PersistentVolumeClaim, classOf: (name: string) => StorageClass | undefined): boolean {
  const name = getPersistentVolumeClaimClass(claim);
  if (name === '') return false;
  return classOf(name)?.allowVolumeExpansion === true;
}

/** `checkVolumePlugin`: CSI and the in-tree plugins that could grow; hostPath, local, NFS cannot. */
export function checkVolumePlugin(pv: PersistentVolume): boolean {
  const s = pv.spec ?? {};
  return !!(s.csi || s.glusterfs || s.cinder || s.rbd || s.portworxVolume || s.gcePersistentDisk || s.awsElasticBlockStore || s.azureFile || s.flexVolume);
}

/**
 * Whether the claim asks for more than it has and the resize for that size is not under way: a Bound claim whose
 * `spec.resources.requests.storage` exceeds `status.capacity.storage` and differs from
 * `status.allocatedResources.storage`.
 */
export function needsExpansion(claim: PersistentVolumeClaim): boolean {
  if (claim.status?.phase !== 'Bound' || !claim.spec?.volumeName) return false;
  const want = storageOf(claim.spec.resources?.requests);
  const have = storageOf(claim.status.capacity);
  if (want === undefined || have === undefined || compareQuantity(want, have) <= 0) return false;
  const allocated = storageOf(claim.status.allocatedResources);
  return allocated === undefined || compareQuantity(allocated, want) !== 0;
}

/** The claim's conditions with `type` set to a True condition (replacing an old one), others kept. */
function withCondition(conditions: readonly PersistentVolumeClaimCondition[] | undefined, type: string, ts: string, message?: string): PersistentVolumeClaimCondition[] {
  const kept = (conditions ?? []).filter((c) => c.type !== type && c.type !== CONDITION_RESIZING && c.type !== CONDITION_FS_RESIZE_PENDING);
  return [...kept, { type, status: 'True', lastTransitionTime: ts, ...(message ? { message } : {}) }];
}

/**
 * `MarkControllerReisizeInProgress`: condition Resizing, `allocatedResources.storage` = the new size,
 * `allocatedResourceStatuses.storage` = ControllerResizeInProgress.
 */
export function markControllerResizeInProgress(status: NonNullable<PersistentVolumeClaim['status']>, newStorage: string, ts: string): PersistentVolumeClaim['status'] {
  return {
    ...status,
    conditions: withCondition(status.conditions, CONDITION_RESIZING, ts),
    allocatedResources: { ...(status.allocatedResources ?? {}), storage: newStorage },
    allocatedResourceStatuses: { ...(status.allocatedResourceStatuses ?? {}), storage: 'ControllerResizeInProgress' },
  };
}

/**
 * `MarkForFSResize`: the controller side is done and the file system on the node must grow: condition
 * FileSystemResizePending with {@link FS_RESIZE_PENDING_MESSAGE}, `allocatedResourceStatuses.storage` =
 * NodeResizePending. `status.capacity` keeps the old size until the node is done.
 */
export function markForFSResize(status: NonNullable<PersistentVolumeClaim['status']>, ts: string): PersistentVolumeClaim['status'] {
  return {
    ...status,
    conditions: withCondition(status.conditions, CONDITION_FS_RESIZE_PENDING, ts, FS_RESIZE_PENDING_MESSAGE),
    allocatedResourceStatuses: { ...(status.allocatedResourceStatuses ?? {}), storage: 'NodeResizePending' },
  };
}

/**
 * `MarkFSResizeFinished` (also the end of a controller-only resize): `status.capacity.storage` = the new size,
 * the resize conditions gone, `allocatedResourceStatuses.storage` cleared.
 */
export function markFSResizeFinished(status: NonNullable<PersistentVolumeClaim['status']>, newStorage: string): PersistentVolumeClaim['status'] {
  const conditions = (status.conditions ?? []).filter((c) => c.type !== CONDITION_RESIZING && c.type !== CONDITION_FS_RESIZE_PENDING);
  const statuses = { ...(status.allocatedResourceStatuses ?? {}) };
  delete statuses['storage'];
  const out: NonNullable<PersistentVolumeClaim['status']> = { ...status, capacity: { ...(status.capacity ?? {}), storage: newStorage } };
  if (conditions.length > 0) out.conditions = conditions;
  else delete out.conditions;
  if (Object.keys(statuses).length > 0) out.allocatedResourceStatuses = statuses;
  else delete out.allocatedResourceStatuses;
  return out;
}

/** Whether the claim waits for its file system to grow on a node (condition FileSystemResizePending True). */
export function fsResizePending(claim: PersistentVolumeClaim): boolean {
  return claim.status?.conditions?.some((c) => c.type === CONDITION_FS_RESIZE_PENDING && c.status === 'True') ?? false;
}
