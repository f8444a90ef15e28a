/**
 * The volume plugins' {@link StorageLister} over the store: upstream's PV, PVC, StorageClass and CSINode informer
 * listers, and the client VolumeBinding's PreBind writes with. The cluster autoscaler's simulation shares the reads
 * (its predicate checker runs the same informers) but never binds: its lister refuses the writes.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1';
import { ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../../../api/storage.ts';
import type { Store } from '../../../cluster/store.ts';
import type { StorageLister } from './interface.ts';

/** Store reads, and VolumeBinding's two writes unless `readOnly` (then a write is a programming error). */
export function storeStorageLister(store: Store, options: { readOnly?: boolean } = {}): StorageLister {
  const refuse = (what: string) => {
    throw new Error(`storeStorageLister: ${what} on a read-only lister (a simulation must not bind volumes)`);
  };
  return {
    claim: (namespace, name) => store.get<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, name),
    volume: (name) => store.get<PersistentVolume>('PersistentVolume', '', name),
    volumes: () => store.list<PersistentVolume>('PersistentVolume'),
    storageClass: (name) => store.get<StorageClass>('StorageClass', '', name),
    csiNode: (name) => store.get<CSINode>('CSINode', '', name),
    bindVolumeToClaim(volumeName, claim) {
      if (options.readOnly) refuse('bindVolumeToClaim');
      // `GetBindVolumeToClaim`: claimRef to the claim (with its uid) and `bound-by-controller`.
      store.mutate<PersistentVolume>('PersistentVolume', '', volumeName, (d) => {
        d.spec = { ...(d.spec ?? {}), claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata?.namespace ?? '', name: claim.metadata?.name ?? '', uid: claim.metadata?.uid ?? '' } };
        d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      });
    },
    setSelectedNode(claim, nodeName) {
      if (options.readOnly) refuse('setSelectedNode');
      store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', claim.metadata?.namespace ?? '', claim.metadata?.name ?? '', (d) => {
        d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName };
      });
    },
  };
}
