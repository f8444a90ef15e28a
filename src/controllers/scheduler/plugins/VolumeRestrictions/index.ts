/**
 * VolumeRestrictions (`plugins/volumerestrictions/volume_restrictions.go`): inline disks that cannot be mounted
 * twice on one node (a GCE PD or an iSCSI target unless every user mounts it read-only, an AWS EBS volume, an RBD
 * image unless read-only) reject nodes where another pod has them ("node(s) had no available disk"); a claim with
 * access mode ReadWriteOncePod rejects every node while another pod uses it ("node has pod using
 * PersistentVolumeClaim with the same name and ReadWriteOncePod access mode").
 */
import type { Volume } from 'kubernetes-types/core/v1';
import type { CycleState, FrameworkHandle, Plugin } from '../../framework/interface.ts';
import { SKIP, unresolvable, unschedulable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'VolumeRestrictions';
/** `ErrReasonDiskConflict`. */
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
/** `ErrReasonReadWriteOncePodConflict`. */
export const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const DISK_CONFLICT = unschedulable(ERR_REASON_DISK_CONFLICT).withPlugin(NAME);
const RWOP_CONFLICT = unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT).withPlugin(NAME);

/** `needsRestrictionsCheck`: the inline volume kinds this plugin checks. */
function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi);
}

/** `isVolumeConflict`: the two inline volumes are the same disk and cannot share a node. */
export function isVolumeConflict(volume: Volume, other: Volume): boolean {
  if (volume.gcePersistentDisk && other.gcePersistentDisk) {
    const a = volume.gcePersistentDisk;
    const b = other.gcePersistentDisk;
    if (a.pdName === b.pdName && !(a.readOnly && b.readOnly)) return true;
  }
  if (volume.awsElasticBlockStore && other.awsElasticBlockStore) {
    if (volume.awsElasticBlockStore.volumeID === other.awsElasticBlockStore.volumeID) return true;
  }
  if (volume.iscsi && other.iscsi) {
    const a = volume.iscsi;
    const b = other.iscsi;
    if (a.iqn === b.iqn && !(a.readOnly && b.readOnly)) return true;
  }
  if (volume.rbd && other.rbd) {
    const a = volume.rbd;
    const b = other.rbd;
    const sharesMonitor = a.monitors.some((m) => b.monitors.includes(m));
    if (sharesMonitor && (a.pool ?? 'rbd') === (b.pool ?? 'rbd') && a.image === b.image && !(a.readOnly && b.readOnly)) return true;
  }
  return false;
}

/** `satisfyVolumeConflicts`: none of the pod's inline disks is in use on the node by another pod. */
function satisfyVolumeConflicts(pod: PodInfo, nodePods: readonly PodInfo[]): boolean {
  for (const v of pod.volumes) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const other of nodePods) {
      if (other.key === pod.key) continue;
      for (const ov of other.volumes) if (isVolumeConflict(v, ov)) return false;
    }
  }
  return true;
}

/** `preFilterState`. */
interface StateData {
  needsCheck: boolean;
  /** Pods, other than this one, that use one of its ReadWriteOncePod claims. */
  conflictingPVCRefCount: number;
}

/** Builds the plugin. */
export function newVolumeRestrictions(_args: unknown, handle: FrameworkHandle): Plugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      const needsCheck = pod.volumes.some(needsRestrictionsCheck);
      // `readWriteOncePodPVCsForPod`.
      const rwop = new Set<string>();
      for (const v of pod.volumes) {
        if (!v.persistentVolumeClaim || !handle.storage) continue;
        const name = v.persistentVolumeClaim.claimName;
        const pvc = handle.storage.claim(pod.namespace, name);
        if (!pvc) return unresolvable(`persistentvolumeclaim ${JSON.stringify(name)} not found`);
        if (pvc.spec?.accessModes?.includes('ReadWriteOncePod')) rwop.add(name);
      }
      // `calPreFilterState`: pods anywhere in the cluster that use those claims.
      let conflicting = 0;
      if (rwop.size > 0) {
        for (const { pod: other } of state.cache.pods()) {
          if (other.key === pod.key || other.namespace !== pod.namespace) continue;
          if (other.volumes.some((v) => v.persistentVolumeClaim && rwop.has(v.persistentVolumeClaim.claimName))) conflicting++;
        }
      }
      if (!needsCheck && conflicting === 0) return SKIP;
      state.data.set(NAME, { needsCheck, conflictingPVCRefCount: conflicting } satisfies StateData);
      return null;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      const s = state.data.get(NAME) as StateData | undefined;
      if (!s) return null;
      if (s.needsCheck && !satisfyVolumeConflicts(pod, state.cache.nodes[i]!.pods)) return DISK_CONFLICT;
      if (s.conflictingPVCRefCount > 0) return RWOP_CONFLICT;
      return null;
    },
  };
}
