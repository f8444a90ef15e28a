/** NodePorts (`nodeports`): rejects a node where a requested host port is already in use. */
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { SKIP, unschedulable, type Status } from '../../framework/status.ts';
import type { HostPort, PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'NodePorts';
/** `ErrReason`. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

/**
 * `HostPortInfo.CheckConflict`: same protocol and port, and either side binds `0.0.0.0` or both bind the same IP.
 */
export function fitsPorts(wanted: readonly HostPort[], used: readonly HostPort[]): boolean {
  for (const w of wanted) {
    for (const u of used) {
      if (u.port !== w.port || u.protocol !== w.protocol) continue;
      if (w.hostIP === '0.0.0.0' || u.hostIP === '0.0.0.0' || w.hostIP === u.hostIP) return false;
    }
  }
  return true;
}

/** The Filter's verdict, stamped once so a rejected node costs no allocation. */
const REJECTED = unschedulable(ERR_REASON).withPlugin(NAME);

/** Builds the plugin. */
export function newNodePorts(): Plugin {
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status | null {
      return pod.hostPorts.length === 0 ? SKIP : null;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      return fitsPorts(pod.hostPorts, state.cache.nodes[i]!.usedPorts) ? null : REJECTED;
    },
  };
}
