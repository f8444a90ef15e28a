/** NodeName (`nodename`): a pod with `spec.nodeName` fits only that node. */
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'NodeName';
/** `ErrReason`. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** The Filter's verdict, stamped once so a rejected node costs no allocation. */
const REJECTED = unresolvable(ERR_REASON).withPlugin(NAME);

/** Builds the plugin. */
export function newNodeName(): Plugin {
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status | null {
      return pod.specNodeName === '' ? SKIP : null;
    },
    // `Fits`: no requested node name, or the node's own.
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      return pod.specNodeName === '' || state.cache.nodes[i]?.spec.name === pod.specNodeName ? null : REJECTED;
    },
  };
}
