/**
 * NodeResourcesBalancedAllocation (`noderesources/balanced_allocation.go`): favours nodes whose resource
 * fractions stay close to each other after placing the pod. Uses real requests (no 100m / 200Mi defaults);
 * weights are accepted but not used by the formula.
 */
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { SKIP, type Status } from '../../framework/status.ts';
import type { PodInfo } from '../../types.ts';
import { balancedResourceScorer, resourceColumns, scoreColumns, type ResourceColumns, type ResourceSpec } from '../NodeResourcesFit/resourceAllocation.ts';

/** Plugin name. */
export const NAME = 'NodeResourcesBalancedAllocation';

/** `NodeResourcesBalancedAllocationArgs` (default cpu:1, memory:1). */
export interface BalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** Builds the plugin. */
export function newBalancedAllocation(rawArgs: unknown): Plugin {
  const args = (rawArgs as BalancedAllocationArgs | undefined) ?? { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] };
  return {
    name: NAME,
    preScore(state: CycleState, pod: PodInfo): Status | null {
      const cols = resourceColumns(state.cache, pod, args.resources, true);
      // Best-effort pods (no request for any configured resource) are skipped (newer upstream).
      if (cols.podRequest.every((v) => v === 0)) return SKIP;
      state.data.set(NAME, cols);
      return null;
    },
    score(state: CycleState, _pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      scoreColumns(state.data.get(NAME) as ResourceColumns, balancedResourceScorer, feasible, count, out);
      return null;
    },
  };
}
