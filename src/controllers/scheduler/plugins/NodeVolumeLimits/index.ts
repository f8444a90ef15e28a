/**
 * NodeVolumeLimits (`plugins/nodevolumelimits/csi.go`): a node's CSINode says how many volumes each CSI driver
 * may attach (`spec.drivers[].allocatable.count`); a pod whose new volumes would take a driver past that count on
 * the node is rejected ("node(s) exceed max volume count"). A volume's driver is its PV's `spec.csi.driver`, or
 * for a claim not yet bound its StorageClass's provisioner; volumes already attached for another pod on the node
 * are counted once. Nodes without a CSINode, or drivers without a count, have no limit.
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { getPersistentVolumeClaimClass } from '../../../../api/storage.ts';
import type { CycleState, FrameworkHandle, Plugin, StorageLister } from '../../framework/interface.ts';
import { SKIP, unschedulable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'NodeVolumeLimits';
/** `ErrReasonMaxVolumeCountExceeded`. */
export const ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED = 'node(s) exceed max volume count';

const EXCEEDED = unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED).withPlugin(NAME);

/**
 * `filterAttachableVolumes`: unique volume name → driver for the pod's CSI volumes (inline `csi` sources, and
 * claims: bound ones by their PV, unbound ones by their class's provisioner). Claims that cannot be resolved are
 * left out, as upstream logs and skips them.
 */
export function filterAttachableVolumes(storage: StorageLister, pod: PodInfo, out: Map<string, string>): void {
  for (const v of pod.volumes) {
    if (v.csi) {
      out.set(`${v.csi.driver}/${pod.namespace}-${pod.name}-${v.name}`, v.csi.driver);
      continue;
    }
    const claimName = v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.name}-${v.name}` : undefined);
    if (claimName === undefined) continue;
    const pvc = storage.claim(pod.namespace, claimName);
    if (!pvc) continue;
    const volumeName = pvc.spec?.volumeName ?? '';
    if (volumeName === '') {
      const driver = driverFromClass(storage, pvc);
      // An unbound claim is counted by a handle of its own name until its volume exists.
      if (driver !== undefined) out.set(`${driver}/${pod.namespace}-${claimName}`, driver);
      continue;
    }
    const pv = storage.volume(volumeName);
    if (!pv) {
      const driver = driverFromClass(storage, pvc);
      if (driver !== undefined) out.set(`${driver}/${pod.namespace}-${claimName}`, driver);
      continue;
    }
    const csi = pv.spec?.csi;
    if (csi) out.set(`${csi.driver}/${csi.volumeHandle}`, csi.driver);
  }
}

function driverFromClass(storage: StorageLister, pvc: PersistentVolumeClaim): string | undefined {
  const className = getPersistentVolumeClaimClass(pvc);
  if (className === '') return undefined;
  return storage.storageClass(className)?.provisioner;
}

/** Builds the plugin. */
export function newNodeVolumeLimits(_args: unknown, handle: FrameworkHandle): Plugin {
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status | null {
      if (!handle.storage) return SKIP;
      return pod.volumes.some((v) => v.persistentVolumeClaim || v.ephemeral || v.csi) ? null : SKIP;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      const storage = handle.storage;
      if (!storage || pod.volumes.length === 0) return null;
      const node = state.cache.nodes[i]!;
      const csiNode = storage.csiNode(node.spec.name);
      const limits = new Map<string, number>();
      for (const d of csiNode?.spec?.drivers ?? []) if (d.allocatable?.count !== undefined) limits.set(d.name, d.allocatable.count);
      if (limits.size === 0) return null;
      const newVolumes = new Map<string, string>();
      filterAttachableVolumes(storage, pod, newVolumes);
      if (newVolumes.size === 0) return null;
      const attached = new Map<string, string>();
      for (const other of node.pods) if (other.key !== pod.key) filterAttachableVolumes(storage, other, attached);
      const attachedCount = new Map<string, number>();
      for (const driver of attached.values()) attachedCount.set(driver, (attachedCount.get(driver) ?? 0) + 1);
      const newCount = new Map<string, number>();
      for (const [handleName, driver] of newVolumes) {
        // A volume already attached for another pod on this node costs nothing more.
        if (attached.has(handleName)) continue;
        newCount.set(driver, (newCount.get(driver) ?? 0) + 1);
      }
      for (const [driver, count] of newCount) {
        const limit = limits.get(driver);
        if (limit !== undefined && (attachedCount.get(driver) ?? 0) + count > limit) return EXCEEDED;
      }
      return null;
    },
  };
}
