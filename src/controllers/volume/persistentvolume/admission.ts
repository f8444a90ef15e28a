/**
 * The DefaultStorageClass admission plugin (`plugin/pkg/admission/storage/storageclass/setdefault`): a claim
 * created without a class (neither `spec.storageClassName` nor the beta annotation; an explicit `""` counts as a
 * class) gets the default StorageClass's name, when there is one.
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { getDefaultClass } from '../../../api/storage.ts';
import type { KubeObject, Store } from '../../../cluster/store.ts';

/** `persistentVolumeClaimHasClass`: the beta annotation or `spec.storageClassName` is set (even to `""`). */
function hasClass(claim: PersistentVolumeClaim): boolean {
  return claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined || claim.spec?.storageClassName !== undefined;
}

/**
 * The claim as admitted: `spec.volumeMode` defaulted to Filesystem (API defaulting, for claims controllers create
 * from templates), and the default class's name filled in when it had no class.
 */
export function admitDefaultStorageClass(obj: KubeObject, store: Store): KubeObject {
  const claim = obj as PersistentVolumeClaim;
  const spec = { ...(claim.spec ?? {}), volumeMode: claim.spec?.volumeMode ?? 'Filesystem' };
  const def = hasClass(claim) ? undefined : getDefaultClass(store.list<StorageClass>('StorageClass'));
  return { ...obj, spec: def ? { ...spec, storageClassName: def.metadata!.name! } : spec } as KubeObject;
}
