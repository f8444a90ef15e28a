/**
 * VolumeZone (`plugins/volumezone/volume_zone.go`): a pod's bound PersistentVolumes that carry zone or region
 * labels (`topology.kubernetes.io/zone`, `…/region`, or their beta `failure-domain.beta.kubernetes.io/…` forms; a
 * multi-zone value joins zones with `__`) fit only nodes whose same label has one of those values. Only the PV's
 * labels count: its `nodeAffinity` is VolumeBinding's business. A node without any zone or region label fits (a
 * single-zone cluster).
 */
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { getPersistentVolumeClaimClass } from '../../../../api/storage.ts';
import type { CycleState, FrameworkHandle, Plugin, StorageLister } from '../../framework/interface.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'VolumeZone';
/** `ErrReasonConflict`. */
export const ERR_REASON_CONFLICT = 'node(s) had no available volume zone';

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
/** `topologyLabels`, in upstream's order. */
const TOPOLOGY_LABELS = [BETA_ZONE, BETA_REGION, ZONE, REGION] as const;

const CONFLICT = unresolvable(ERR_REASON_CONFLICT).withPlugin(NAME);

/** One topology label of a PV: its key and the zones (or regions) it allows. */
export interface PvTopology {
  pvName: string;
  key: string;
  values: ReadonlySet<string>;
}

/** `translateToGALabel`: the beta zone and region keys to their GA names. */
function translateToGALabel(label: string): string {
  if (label === BETA_REGION) return REGION;
  if (label === BETA_ZONE) return ZONE;
  return label;
}

/** `volumehelpers.LabelZonesToSet`: `a__b` → {a, b}; undefined (an ignored label) when a part is empty. */
function labelZonesToSet(value: string): Set<string> | undefined {
  const parts = value.split('__');
  if (parts.some((p) => p === '')) return undefined;
  return new Set(parts);
}

/** `getPVTopologies`: the PV's zone and region labels. */
export function getPVTopologies(pv: PersistentVolume): PvTopology[] {
  const out: PvTopology[] = [];
  for (const key of TOPOLOGY_LABELS) {
    const value = pv.metadata?.labels?.[key];
    if (value === undefined) continue;
    const values = labelZonesToSet(value);
    if (values) out.push({ pvName: pv.metadata?.name ?? '', key, values });
  }
  return out;
}

/** `getPVbyPod`: the topologies of the pod's bound volumes, or the status that rules the pod out. */
export function getPVbyPod(storage: StorageLister, pod: PodInfo): PvTopology[] | Status {
  const out: PvTopology[] = [];
  for (const v of pod.volumes) {
    if (!v.persistentVolumeClaim) continue;
    const pvcName = v.persistentVolumeClaim.claimName;
    if (pvcName === '') return unresolvable('PersistentVolumeClaim had no name');
    const pvc = storage.claim(pod.namespace, pvcName);
    if (!pvc) return unresolvable(`persistentvolumeclaim ${JSON.stringify(pvcName)} not found`);
    const pvName = pvc.spec?.volumeName ?? '';
    if (pvName === '') {
      const scName = getPersistentVolumeClaimClass(pvc);
      if (scName === '') return unresolvable('PersistentVolumeClaim had no pv name and storageClass name');
      const cls = storage.storageClass(scName);
      if (!cls) return unresolvable(`storageclass.storage.k8s.io ${JSON.stringify(scName)} not found`);
      if (cls.volumeBindingMode === undefined) return unresolvable(`VolumeBindingMode not set for StorageClass ${JSON.stringify(scName)}`);
      // Unbound WaitForFirstConsumer claims: VolumeBinding chooses their volume.
      if (cls.volumeBindingMode === 'WaitForFirstConsumer') continue;
      return unresolvable('PersistentVolume had no name');
    }
    const pv = storage.volume(pvName);
    if (!pv) return unresolvable(`persistentvolume ${JSON.stringify(pvName)} not found`);
    out.push(...getPVTopologies(pv));
  }
  return out;
}

/** Filter's check for one node's labels. */
export function volumeZoneFits(topologies: readonly PvTopology[], labels: Readonly<Record<string, string>>): boolean {
  if (!TOPOLOGY_LABELS.some((k) => labels[k] !== undefined)) return true;
  for (const t of topologies) {
    const v = labels[t.key] ?? labels[translateToGALabel(t.key)];
    if (v === undefined || !t.values.has(v)) return false;
  }
  return true;
}

/** Builds the plugin. */
export function newVolumeZone(_args: unknown, handle: FrameworkHandle): Plugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      if (!handle.storage) return SKIP;
      const r = getPVbyPod(handle.storage, pod);
      if (!Array.isArray(r)) return r;
      if (r.length === 0) return SKIP;
      state.data.set(NAME, r);
      return null;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      if (pod.volumes.length === 0) return null;
      const topologies = state.data.get(NAME) as PvTopology[] | undefined;
      if (!topologies) return null;
      return volumeZoneFits(topologies, state.cache.nodes[i]!.spec.labels) ? null : CONFLICT;
    },
  };
}
