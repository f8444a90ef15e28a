/**
 * VolumeBinding (`plugins/volumebinding/volume_binding.go`): PreFilter sorts the pod's claims (an unbound
 * Immediate claim makes the pod wait: "pod has unbound immediate PersistentVolumeClaims"); Filter asks the binder
 * whether each node can host the pod's volumes; Reserve keeps the chosen node's bindings; PreBind writes them (a
 * PV's claimRef, or a claim's `volume.kubernetes.io/selected-node` for the provisioner) and waits until every
 * claim is bound. Every rejection is UnschedulableAndUnresolvable, as upstream: preemption cannot move volumes.
 * The Score of the StorageCapacityScoring gate (alpha) is not implemented.
 */
import type { CycleState, FrameworkHandle, Plugin } from '../../framework/interface.ts';
import { errorStatus, SKIP, unresolvable, WAIT, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';
import { BinderError, checkBindings, findPodVolumes, getPodVolumeClaims, podHasPVCs, type PodVolumeClaims, type PodVolumes } from './binder.ts';

/** Plugin name. */
export const NAME = 'VolumeBinding';
/** PreFilter's reason for a pod with unbound Immediate claims. */
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** `DefaultBindTimeoutSeconds` of VolumeBindingArgs: how long PreBind waits for the claims to be bound, ms. */
export const DEFAULT_BIND_TIMEOUT_MS = 600_000;

/** `stateData`. */
interface StateData {
  claims: PodVolumeClaims;
  podVolumesByNode: Map<string, PodVolumes>;
  /** Reserve's pick; undefined when everything was bound already (`allBound`). */
  reserved?: PodVolumes;
  /** PreBind has written its API updates. */
  updated: boolean;
}

/** A binder error as an Error status; anything else is a defect and propagates. */
function failure(e: unknown): Status {
  if (e instanceof BinderError) return errorStatus(e.message);
  throw e;
}

/** Builds the plugin. */
export function newVolumeBinding(_args: unknown, handle: FrameworkHandle): Plugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      const storage = handle.storage;
      if (!storage) return SKIP;
      const has = podHasPVCs(storage, pod);
      if (has.error !== undefined) return unresolvable(has.error);
      if (!has.hasPVC) return SKIP;
      let claims: PodVolumeClaims;
      try {
        claims = getPodVolumeClaims(storage, pod);
      } catch (e) {
        return failure(e);
      }
      // Immediate claims are the PV controller's to bind; the pod comes back once they are.
      if (claims.unboundClaimsImmediate.length > 0) return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
      state.data.set(NAME, { claims, podVolumesByNode: new Map(), updated: false } satisfies StateData);
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, i: number): Status | null {
      const s = state.data.get(NAME) as StateData | undefined;
      if (!s || !handle.storage) return null;
      const node = state.cache.nodes[i]!.spec;
      try {
        const r = findPodVolumes(handle.storage, s.claims, node);
        if (r.reasons.length > 0) return unresolvable(...r.reasons);
        s.podVolumesByNode.set(node.name, r.podVolumes);
        return null;
      } catch (e) {
        return failure(e);
      }
    },
    reserve(state: CycleState, _pod: PodInfo, nodeName: string): Status | null {
      const s = state.data.get(NAME) as StateData | undefined;
      const pv = s?.podVolumesByNode.get(nodeName);
      // `AssumePodVolumes`: all bound when nothing is left to bind or provision.
      if (s && pv && (pv.staticBindings.length > 0 || pv.dynamicProvisions.length > 0)) s.reserved = pv;
      return null;
    },
    unreserve(state: CycleState): void {
      const s = state.data.get(NAME) as StateData | undefined;
      if (s) delete s.reserved;
    },
    preBind(state: CycleState, _pod: PodInfo, nodeName: string): Status | null {
      const s = state.data.get(NAME) as StateData | undefined;
      const storage = handle.storage;
      if (!s?.reserved || !storage) return null;
      const node = state.cache.node(nodeName)?.spec;
      if (!node) return errorStatus(`node ${JSON.stringify(nodeName)} not found`);
      if (!s.updated) {
        // `bindAPIUpdate`.
        for (const b of s.reserved.staticBindings) storage.bindVolumeToClaim(b.pv.metadata?.name ?? '', b.pvc);
        for (const c of s.reserved.dynamicProvisions) storage.setSelectedNode(c, nodeName);
        s.updated = true;
      }
      try {
        return checkBindings(storage, s.reserved, node) ? null : WAIT;
      } catch (e) {
        return failure(e);
      }
    },
  };
}
