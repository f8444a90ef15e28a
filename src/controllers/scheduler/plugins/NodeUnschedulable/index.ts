/** NodeUnschedulable (`nodeunschedulable`): rejects `spec.unschedulable` nodes unless the pod tolerates the taint. */
import type { Taint } from 'kubernetes-types/core/v1';
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';
import { tolerationsTolerateTaint } from '../helper.ts';

/** Plugin name. */
export const NAME = 'NodeUnschedulable';
/** `ErrReasonUnschedulable`. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** The Filter's verdict, stamped once so a rejected node costs no allocation. */
const REJECTED = unresolvable(ERR_REASON_UNSCHEDULABLE).withPlugin(NAME);

/** Builds the plugin. */
export function newNodeUnschedulable(): Plugin {
  return {
    name: NAME,
    // Not an upstream extension point of this plugin: skipping the Filter when no node is unschedulable, or when
    // the pod tolerates the taint, gives the same verdicts without a per-node call.
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      return state.cache.unschedulableNodeCount === 0 || tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT) ? SKIP : null;
    },
    // The toleration is checked again so the Filter stands alone, as upstream's (it costs only unschedulable nodes).
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      return state.cache.unschedulable[i] && !tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT) ? REJECTED : null;
    },
    // The verdict reads the node's spec and the pod's (interned) tolerations only.
    filterPart: (pod: PodInfo): object => pod.tolerations,
  };
}
