/**
 * `noderesources/resource_allocation.go` and the three scoring strategies (`least_allocated.go`,
 * `most_allocated.go`, `requested_to_capacity_ratio.go`) plus `balanced_allocation.go`'s scorer: pure integer
 * arithmetic on (requested, allocatable) pairs, exactly as upstream (Go int64 division truncates).
 */
import type { SchedulerCache } from '../../cache.ts';
import { MAX_NODE_SCORE, RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY, type PodInfo } from '../../types.ts';
import { buildBrokenLinearFunction, type FunctionShapePoint } from '../helper.ts';

/** `config.ResourceSpec`: a resource name and its weight (1..100). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** `MaxCustomPriorityScore`: shape scores are given on 0..10 and multiplied by 100 / 10 = 10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** `maxUtilization`: utilization is expressed in percent. */
export const MAX_UTILIZATION = 100;

/**
 * `leastRequestedScore`: `(capacity - requested) * 100 / capacity`, 0 when over capacity or capacity 0.
 * Example: 3000 of 4000 → (1000 × 100) / 4000 = 25.
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * `mostRequestedScore`: `requested * 100 / capacity`, requested clamped to capacity (pods with no requests get the
 * non-zero defaults and may exceed a small node). Example: 3000 of 4000 → 75.
 */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  const r = requested > capacity ? capacity : requested;
  return Math.trunc((r * MAX_NODE_SCORE) / capacity);
}

/** A strategy scorer over parallel (requested, allocatable) lists, as upstream's `scorer` field. */
export type ResourceScorer = (requested: ArrayLike<number>, allocatable: ArrayLike<number>) => number;

/**
 * `leastResourceScorer`: weighted mean of `leastRequestedScore` over resources with allocatable > 0, integer
 * division. Example: cpu 25 (w1), memory 50 (w2) → (25 + 100) / 3 = 41.
 */
export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      nodeScore += leastRequestedScore(requested[i] as number, a) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** `mostResourceScorer`: as {@link leastResourceScorer} with `mostRequestedScore`. */
export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      nodeScore += mostRequestedScore(requested[i] as number, a) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/**
 * `buildRequestedToCapacityRatioScorerFunction`: `shape` scores are on 0..10 and are scaled ×10 first;
 * utilization is `requested * 100 / capacity` (100 when over capacity); only resources whose shaped score is
 * > 0 count in numerator and weight sum; result `math.Round(float(sum) / float(weights))` (half away from zero).
 * Example (shape {0:10, 100:0}): cpu 75 % → 25, memory 50 % → 50 → round(75 / 2) = 38.
 */
export function buildRequestedToCapacityRatioScorerFunction(
  shape: readonly FunctionShapePoint[],
  resources: readonly ResourceSpec[],
): ResourceScorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
  const raw = buildBrokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number =>
    capacity === 0 || requested > capacity ? raw(MAX_UTILIZATION) : raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      const s = resourceScore(requested[i] as number, a);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}

/** Go's `math.Round`: half away from zero (JS `Math.round` rounds -2.5 to -2). */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Scratch space for {@link balancedResourceScorer}: configured resources are validated to at most 64. */
const FRACTIONS = new Float64Array(64);

/**
 * `balancedResourceScorer`: fractions `min(1, requested/allocatable)` of resources with allocatable > 0; with two,
 * std = |f1 - f2| / 2; with more, the population standard deviation; score `int((1 - std) * 100)` (truncated).
 * Example: cpu 0.75, memory 0.5 → std 0.125 → 87.
 */
export function balancedResourceScorer(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i] as number;
    if (a === 0) continue;
    let f = (requested[i] as number) / a;
    if (f > 1) f = 1;
    total += f;
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    if (n < FRACTIONS.length) FRACTIONS[n] = f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (FRACTIONS[k]! - mean) * (FRACTIONS[k]! - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** True for resources kept in `ScalarResources` (anything but cpu, memory, ephemeral-storage, pods). */
export function isScalarResourceName(name: string): boolean {
  return name !== RESOURCE_CPU && name !== RESOURCE_MEMORY && name !== RESOURCE_EPHEMERAL_STORAGE && name !== 'pods';
}

/**
 * Per-pod view of `calculateResourceAllocatableRequest` for every configured resource: for node `i`,
 * `allocatable[r][i]` and `requested[r][i]` (node usage + pod request). `useRequested` selects real requests
 * (BalancedAllocation) over non-zero ones (Least/Most/RTCR: `NonZeroRequested` on the node, per-container
 * 100m / 200Mi defaults on the incoming pod). A scalar resource the pod does not request scores as (0, 0) so a GPU
 * the pod does not ask for never moves the score; a scalar the node lacks is (0, 0) too.
 */
export interface ResourceColumns {
  /** Pod request per configured resource. */
  podRequest: Float64Array;
  /** Node allocatable per resource (null = all zero for this pod). */
  allocatable: (Float64Array | null)[];
  /** Node requested per resource (before adding the pod). */
  requested: (Float64Array | null)[];
}

/** Builds {@link ResourceColumns}. Scalar columns are materialized from the per-node maps only when requested. */
export function resourceColumns(cache: SchedulerCache, pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): ResourceColumns {
  const podRequest = new Float64Array(resources.length);
  const allocatable: (Float64Array | null)[] = [];
  const requested: (Float64Array | null)[] = [];
  resources.forEach((r, k) => {
    switch (r.name) {
      case RESOURCE_CPU:
        podRequest[k] = useRequested ? pod.requests.cpuMillis : pod.nonMissingCpuMillis;
        allocatable.push(cache.allocCpu);
        requested.push(useRequested ? cache.reqCpu : cache.nzCpu);
        return;
      case RESOURCE_MEMORY:
        podRequest[k] = useRequested ? pod.requests.memoryBytes : pod.nonMissingMemoryBytes;
        allocatable.push(cache.allocMem);
        requested.push(useRequested ? cache.reqMem : cache.nzMem);
        return;
      case RESOURCE_EPHEMERAL_STORAGE:
        podRequest[k] = pod.requests.ephemeralStorageBytes;
        allocatable.push(cache.allocEph);
        requested.push(cache.reqEph);
        return;
      default: {
        const req = pod.requests.scalar.get(r.name) ?? 0;
        podRequest[k] = req;
        if (req === 0) {
          allocatable.push(null);
          requested.push(null);
          return;
        }
        const a = new Float64Array(cache.size);
        const q = new Float64Array(cache.size);
        for (const n of cache.nodes) {
          a[n.index] = n.spec.allocatable.scalar.get(r.name) ?? 0;
          q[n.index] = n.scalarRequested.get(r.name) ?? 0;
        }
        allocatable.push(a);
        requested.push(q);
      }
    }
  });
  return { podRequest, allocatable, requested };
}

/**
 * Scores `feasible[0..count)` with `scorer` into `out`. Scratch lists are reused across nodes so the loop
 * allocates nothing per node.
 */
export function scoreColumns(cols: ResourceColumns, scorer: ResourceScorer, feasible: Int32Array, count: number, out: Float64Array): void {
  const m = cols.podRequest.length;
  const req = new Float64Array(m);
  const alloc = new Float64Array(m);
  for (let j = 0; j < count; j++) {
    const i = feasible[j]!;
    for (let k = 0; k < m; k++) {
      const a = cols.allocatable[k];
      if (a) {
        alloc[k] = a[i]!;
        req[k] = (cols.requested[k] as Float64Array)[i]! + cols.podRequest[k]!;
      } else {
        alloc[k] = 0;
        req[k] = 0;
      }
    }
    out[j] = scorer(req, alloc);
  }
}
