/**
 * NodeResourcesBalancedAllocation (`noderesources/balanced_allocation.go`): favours nodes whose resource
 * fractions stay close to each other after placing the pod. Uses real requests (no 100m / 200Mi defaults);
 * weights are accepted but not used by the formula.
 */
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { SKIP, type Status } from '../../framework/status.ts';
import { MAX_NODE_SCORE, type PodInfo } from '../../types.ts';
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
      const cols = state.data.get(NAME) as ResourceColumns;
      if (cols.podRequest.length === 2 && cols.allocatable[0] && cols.allocatable[1]) {
        // Two resources (the default cpu + memory): std = |f1 - f2| / 2, the same expression as
        // balancedResourceScorer, written out to avoid a call per node. A resource with allocatable 0 drops out,
        // leaving one fraction and std 0.
        const a0 = cols.allocatable[0];
        const a1 = cols.allocatable[1];
        const r0 = cols.requested[0] as Float64Array;
        const r1 = cols.requested[1] as Float64Array;
        const p0 = cols.podRequest[0]!;
        const p1 = cols.podRequest[1]!;
        for (let j = 0; j < count; j++) {
          const i = feasible[j]!;
          const x0 = a0[i]!;
          const x1 = a1[i]!;
          let std = 0;
          if (x0 !== 0 && x1 !== 0) {
            let f0 = (r0[i]! + p0) / x0;
            let f1 = (r1[i]! + p1) / x1;
            if (f0 > 1) f0 = 1;
            if (f1 > 1) f1 = 1;
            std = Math.abs((f0 - f1) / 2);
          }
          out[j] = Math.trunc((1 - std) * MAX_NODE_SCORE);
        }
        return null;
      }
      scoreColumns(cols, balancedResourceScorer, feasible, count, out);
      return null;
    },
  };
}
