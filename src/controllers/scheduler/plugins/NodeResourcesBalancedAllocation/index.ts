/**
 * NodeResourcesBalancedAllocation (`noderesources/balanced_allocation.go`): favours nodes whose resource
 * fractions stay close to each other after placing the pod. Uses real requests (no 100m / 200Mi defaults);
 * weights are accepted but not used by the formula.
 */
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import type { SchedulerCache } from '../../cache.ts';
import { SKIP, type Status } from '../../framework/status.ts';
import { MAX_NODE_SCORE, type PodInfo } from '../../types.ts';
import { balancedResourceScorer, resourceColumns, scoreColumns, type ResourceColumns, type ResourceSpec } from '../NodeResourcesFit/resourceAllocation.ts';

/** Plugin name. */
export const NAME = 'NodeResourcesBalancedAllocation';

/** `NodeResourcesBalancedAllocationArgs` (default cpu:1, memory:1). */
export interface BalancedAllocationArgs {
  resources: ResourceSpec[];
}

/**
 * `balancedResourceScorer` for exactly two resources (the default cpu + memory), written out so a hot loop makes
 * no list: std = |f1 - f2| / 2 with each fraction capped at 1; a resource with allocatable 0 drops out, leaving
 * one fraction and std 0. `requested*` are the node's requests plus the pod's.
 * Example: cpu 3000 of 4000 (0.75), memory 4 GiB of 8 GiB (0.5) → std 0.125 → int(87.5) = 87.
 */
export function balancedTwoResourceScore(alloc0: number, alloc1: number, requested0: number, requested1: number): number {
  let std = 0;
  if (alloc0 !== 0 && alloc1 !== 0) {
    let f0 = requested0 / alloc0;
    let f1 = requested1 / alloc1;
    if (f0 > 1) f0 = 1;
    if (f1 > 1) f1 = 1;
    std = Math.abs((f0 - f1) / 2);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** True when the args score exactly cpu then memory, the case {@link balancedTwoResourceScore} covers. */
export function isCpuMemoryBalanced(args: BalancedAllocationArgs): boolean {
  return args.resources.length === 2 && args.resources[0]?.name === 'cpu' && args.resources[1]?.name === 'memory';
}

/** Builds the plugin. */
export function newBalancedAllocation(rawArgs: unknown): Plugin {
  const args = (rawArgs as BalancedAllocationArgs | undefined) ?? { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] };
  const cpuMemory = isCpuMemoryBalanced(args);
  return {
    name: NAME,
    scoreShape(_cache: SchedulerCache, pod: PodInfo): ScoreShape | null {
      if (!cpuMemory) return null;
      return pod.requests.cpuMillis === 0 && pod.requests.memoryBytes === 0 ? { kind: 'skip' } : { kind: 'balanced' };
    },
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
        const a0 = cols.allocatable[0];
        const a1 = cols.allocatable[1];
        const r0 = cols.requested[0] as Float64Array;
        const r1 = cols.requested[1] as Float64Array;
        const p0 = cols.podRequest[0]!;
        const p1 = cols.podRequest[1]!;
        for (let j = 0; j < count; j++) {
          const i = feasible[j]!;
          out[j] = balancedTwoResourceScore(a0[i]!, a1[i]!, r0[i]! + p0, r1[i]! + p1);
        }
        return null;
      }
      scoreColumns(cols, balancedResourceScorer, feasible, count, out);
      return null;
    },
  };
}
