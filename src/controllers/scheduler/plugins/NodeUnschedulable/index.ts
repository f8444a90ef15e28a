/** NodeUnschedulable (`nodeunschedulable`): rejects `spec.unschedulable` nodes unless the pod tolerates the taint. */
import type { Taint } from 'kubernetes-types/core/v1';
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { unresolvable, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';
import { tolerationsTolerateTaint } from '../helper.ts';

/** Plugin name. */
export const NAME = 'NodeUnschedulable';
/** `ErrReasonUnschedulable`. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Builds the plugin. */
export function newNodeUnschedulable(): Plugin {
  return {
    name: NAME,
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      const node = state.cache.nodes[i];
      if (!node?.spec.unschedulable) return null;
      return tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT) ? null : unresolvable(ERR_REASON_UNSCHEDULABLE);
    },
  };
}
