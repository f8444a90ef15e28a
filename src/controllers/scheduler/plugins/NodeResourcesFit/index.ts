/**
 * NodeResourcesFit (`noderesources/fit.go`): Filter on requests vs allocatable, Score with the configured
 * strategy (LeastAllocated by default; MostAllocated and RequestedToCapacityRatio are the bin-packing ones).
 */
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import { Status, errorStatus } from '../../framework/status.ts';
import type { CachedNode, SchedulerCache } from '../../cache.ts';
import type { PodInfo, Resource } from '../../types.ts';
import type { FunctionShapePoint } from '../helper.ts';
import {
  buildRequestedToCapacityRatioScorerFunction,
  leastResourceScorer,
  mostResourceScorer,
  resourceColumns,
  scoreColumns,
  type ResourceColumns,
  type ResourceScorer,
  type ResourceSpec,
} from './resourceAllocation.ts';

/** Plugin name. */
export const NAME = 'NodeResourcesFit';

/** `config.ScoringStrategyType`. */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** `NodeResourcesFitArgs` (v1 defaults: LeastAllocated on cpu:1, memory:1). */
export interface NodeResourcesFitArgs {
  /** Extended resources the filter does not check. */
  ignoredResources: string[];
  /** Extended-resource domain prefixes (`example.com`) the filter does not check. */
  ignoredResourceGroups: string[];
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceSpec[];
    /** Required for RequestedToCapacityRatio: points (utilization 0..100, score 0..10), increasing utilization. */
    requestedToCapacityRatio?: { shape: FunctionShapePoint[] };
  };
}

/** The v1 default args. */
export function defaultNodeResourcesFitArgs(): NodeResourcesFitArgs {
  return {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
  };
}

/** `InsufficientResource`: one failed dimension. `unresolvable` = the pod would not fit even on an empty node. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  unresolvable: boolean;
}

/** `v1helper.IsExtendedResourceName`: has a domain outside `kubernetes.io` and is not a `requests.` quota name. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.includes('kubernetes.io/')) return false;
  return !name.startsWith('requests.');
}

/** Extra usage of higher-or-equal priority pods nominated to a node, which the filter must also leave room for. */
export interface NominatedUsage {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  pods: number;
  scalar: Map<string, number>;
}

/** One native dimension of {@link fitsRequest}: a nonzero request above what is left is appended to `out`. */
function checkNative(out: InsufficientResource[], name: string, reason: string, req: number, alloc: number, used: number): void {
  if (req > 0 && req > alloc - used) out.push({ resourceName: name, reason, requested: req, used, capacity: alloc, unresolvable: req > alloc });
}

/**
 * `fitsRequest`: every insufficient dimension, in upstream order (pods, cpu, memory, ephemeral-storage, scalars).
 * A zero request is never checked; exact equality fits. `extra` adds nominated pods' usage.
 */
export function fitsRequest(
  request: Resource,
  requestsNothing: boolean,
  cache: SchedulerCache,
  nodeIndex: number,
  ignoredResources: ReadonlySet<string> = new Set(),
  ignoredResourceGroups: ReadonlySet<string> = new Set(),
  extra?: NominatedUsage,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const i = nodeIndex;
  const allowedPods = cache.allocPods[i]!;
  const used = cache.podCount[i]! + (extra?.pods ?? 0);
  if (used + 1 > allowedPods) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used, capacity: allowedPods, unresolvable: 1 > allowedPods });
  }
  if (requestsNothing) return out;
  checkNative(out, 'cpu', 'Insufficient cpu', request.cpuMillis, cache.allocCpu[i]!, cache.reqCpu[i]! + (extra?.cpuMillis ?? 0));
  checkNative(out, 'memory', 'Insufficient memory', request.memoryBytes, cache.allocMem[i]!, cache.reqMem[i]! + (extra?.memoryBytes ?? 0));
  checkNative(out, 'ephemeral-storage', 'Insufficient ephemeral-storage', request.ephemeralStorageBytes, cache.allocEph[i]!, cache.reqEph[i]! + (extra?.ephemeralStorageBytes ?? 0));
  if (request.scalar.size > 0) {
    const node = cache.nodes[i] as CachedNode;
    for (const [name, q] of request.scalar) {
      if (q === 0) continue;
      if (isExtendedResourceName(name)) {
        const prefix = name.split('/')[0] as string;
        if (ignoredResources.has(name) || ignoredResourceGroups.has(prefix)) continue;
      }
      const alloc = node.spec.allocatable.scalar.get(name) ?? 0;
      const usedR = (node.scalarRequested.get(name) ?? 0) + (extra?.scalar.get(name) ?? 0);
      if (q > alloc - usedR) {
        out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: usedR, capacity: alloc, unresolvable: q > alloc });
      }
    }
  }
  return out;
}

/** The pod's nominated-pod usage on node `i` (pods of priority ≥ the pod's, other than itself); undefined if none. */
export function nominatedUsage(cache: SchedulerCache, pod: PodInfo, nodeIndex: number): NominatedUsage | undefined {
  if (cache.nominatedPods.size === 0) return undefined;
  const list = cache.nominatedPods.get((cache.nodes[nodeIndex] as CachedNode).spec.name);
  if (!list) return undefined;
  let u: NominatedUsage | undefined;
  for (const p of list) {
    if (p.key === pod.key || p.priority < pod.priority || cache.placement(p.key)) continue;
    u ??= { cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pods: 0, scalar: new Map() };
    u.cpuMillis += p.requests.cpuMillis;
    u.memoryBytes += p.requests.memoryBytes;
    u.ephemeralStorageBytes += p.requests.ephemeralStorageBytes;
    u.pods++;
    for (const [k, v] of p.requests.scalar) u.scalar.set(k, (u.scalar.get(k) ?? 0) + v);
  }
  return u;
}

/**
 * Shared stamped rejections of {@link nativeFitStatus} by `2 × mask + unresolvable`, mask bits pods 1, cpu 2,
 * memory 4, ephemeral-storage 8: a rejected node costs no allocation.
 */
const NATIVE_FIT_STATUSES: (Status | undefined)[] = [];
const NATIVE_REASONS = ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage'];

/**
 * The Filter's status on node `i` for a pod requesting no scalar resource, with no nominated pods in the way: the
 * verdict of {@link fitsRequest} (same dimensions, order and reasons; unresolvable when a request exceeds the
 * allocatable) without building its list.
 */
function nativeFitStatus(r: Resource, requestsNothing: boolean, cache: SchedulerCache, i: number): Status | null {
  let mask = 0;
  let unres = 0;
  const allowedPods = cache.allocPods[i]!;
  if (cache.podCount[i]! + 1 > allowedPods) {
    mask |= 1;
    if (1 > allowedPods) unres = 1;
  }
  if (!requestsNothing) {
    const c = r.cpuMillis;
    const m = r.memoryBytes;
    const e = r.ephemeralStorageBytes;
    if (c > 0 && c > cache.allocCpu[i]! - cache.reqCpu[i]!) {
      mask |= 2;
      if (c > cache.allocCpu[i]!) unres = 1;
    }
    if (m > 0 && m > cache.allocMem[i]! - cache.reqMem[i]!) {
      mask |= 4;
      if (m > cache.allocMem[i]!) unres = 1;
    }
    if (e > 0 && e > cache.allocEph[i]! - cache.reqEph[i]!) {
      mask |= 8;
      if (e > cache.allocEph[i]!) unres = 1;
    }
  }
  if (mask === 0) return null;
  const key = 2 * mask + unres;
  let s = NATIVE_FIT_STATUSES[key];
  if (s === undefined) {
    s = new Status(unres ? 'UnschedulableAndUnresolvable' : 'Unschedulable', NATIVE_REASONS.filter((_, b) => (mask >> b) & 1), NAME);
    NATIVE_FIT_STATUSES[key] = s;
  }
  return s;
}

/** `fits`: the filter's verdict for a pod on node `i` (empty list = fits). */
export function fits(pod: PodInfo, cache: SchedulerCache, nodeIndex: number, args: NodeResourcesFitArgs = defaultNodeResourcesFitArgs()): InsufficientResource[] {
  return fitsRequest(pod.requests, pod.requestsNothing, cache, nodeIndex, new Set(args.ignoredResources), new Set(args.ignoredResourceGroups));
}

/** The strategy's scorer (`NewFit` → `scorer`). */
export function strategyScorer(args: NodeResourcesFitArgs): ResourceScorer {
  const s = args.scoringStrategy;
  switch (s.type) {
    case 'LeastAllocated':
      return leastResourceScorer(s.resources);
    case 'MostAllocated':
      return mostResourceScorer(s.resources);
    case 'RequestedToCapacityRatio':
      return buildRequestedToCapacityRatioScorerFunction(s.requestedToCapacityRatio?.shape ?? [], s.resources);
  }
}

/**
 * The scoring configuration of the common case, LeastAllocated or MostAllocated on exactly `cpu` then `memory`,
 * which {@link plainFitScore} computes without per-resource lists; null for any other configuration.
 */
export interface PlainFitScoring {
  least: boolean;
  cpuWeight: number;
  memoryWeight: number;
}

/** {@link PlainFitScoring} of `args`, or null when the generic column scorer is needed. */
export function plainFitScoring(args: NodeResourcesFitArgs): PlainFitScoring | null {
  const resources = args.scoringStrategy.resources;
  const type = args.scoringStrategy.type;
  if (type === 'RequestedToCapacityRatio' || resources.length !== 2) return null;
  const [cpu, memory] = resources as [ResourceSpec, ResourceSpec];
  if (cpu.name !== 'cpu' || memory.name !== 'memory') return null;
  return { least: type === 'LeastAllocated', cpuWeight: cpu.weight, memoryWeight: memory.weight };
}

/**
 * The LeastAllocated / MostAllocated score of one node on cpu + memory: the same integer arithmetic as
 * `leastResourceScorer` / `mostResourceScorer` (a resource with allocatable 0 drops out of the weighted mean).
 * `requestedCpuMillis` / `requestedMemoryBytes` are the node's non-zero requests plus the pod's.
 * Example (least, weights 1/1): cpu 3000 of 4000 → 25, memory 2 GiB of 8 GiB → 75 → (25 + 75) / 2 = 50.
 */
export function plainFitScore(
  p: PlainFitScoring,
  allocCpuMillis: number,
  allocMemoryBytes: number,
  requestedCpuMillis: number,
  requestedMemoryBytes: number,
): number {
  let s = 0;
  let w = 0;
  if (allocCpuMillis !== 0) {
    s += (p.least ? leastScore(requestedCpuMillis, allocCpuMillis) : mostScore(requestedCpuMillis, allocCpuMillis)) * p.cpuWeight;
    w += p.cpuWeight;
  }
  if (allocMemoryBytes !== 0) {
    s += (p.least ? leastScore(requestedMemoryBytes, allocMemoryBytes) : mostScore(requestedMemoryBytes, allocMemoryBytes)) * p.memoryWeight;
    w += p.memoryWeight;
  }
  return w === 0 ? 0 : Math.trunc(s / w);
}

/**
 * The Filter's allocation-free "fits" test, valid when no pod is nominated anywhere and the pod requests no
 * scalar resource: the pod count and each non-zero native request fit what is left on node `i`. False does not
 * mean "does not fit": the caller must then run the full Filter for the verdict and its reasons.
 */
export function fitsNativeQuick(cache: SchedulerCache, r: Resource, i: number): boolean {
  return (
    cache.podCount[i]! + 1 <= cache.allocPods[i]! &&
    (r.cpuMillis === 0 || r.cpuMillis <= cache.allocCpu[i]! - cache.reqCpu[i]!) &&
    (r.memoryBytes === 0 || r.memoryBytes <= cache.allocMem[i]! - cache.reqMem[i]!) &&
    (r.ephemeralStorageBytes === 0 || r.ephemeralStorageBytes <= cache.allocEph[i]! - cache.reqEph[i]!)
  );
}

/** Builds the NodeResourcesFit plugin. */
export function newNodeResourcesFit(rawArgs: unknown): Plugin {
  const args = (rawArgs as NodeResourcesFitArgs | undefined) ?? defaultNodeResourcesFitArgs();
  const ignored = new Set(args.ignoredResources);
  const ignoredGroups = new Set(args.ignoredResourceGroups);
  const scorer = strategyScorer(args);
  const resources = args.scoringStrategy.resources;
  const plain = plainFitScoring(args);
  return {
    name: NAME,
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      const cache = state.cache;
      // Fast path: the common "fits" case without building any list.
      const r = pod.requests;
      const extra = cache.nominatedPods.size === 0 ? undefined : nominatedUsage(cache, pod, i);
      if (!extra && r.scalar.size === 0) return fitsNativeQuick(cache, r, i) ? null : nativeFitStatus(r, pod.requestsNothing, cache, i);
      const insufficient = fitsRequest(r, pod.requestsNothing, cache, i, ignored, ignoredGroups, extra);
      if (insufficient.length === 0) return null;
      const code = insufficient.some((x) => x.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
      return new Status(code, insufficient.map((x) => x.reason));
    },
    scoreShape(): ScoreShape | null {
      return plain ? { kind: 'fit', scoring: plain } : null;
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      if (resources.length === 0) return errorStatus('resources not found');
      if (!plain) state.data.set(NAME, resourceColumns(state.cache, pod, resources, false));
      return null;
    },
    score(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const cache = state.cache;
      if (plain) {
        // cpu + memory with non-zero requests: the default profile's hot loop.
        const pc = pod.nonMissingCpuMillis;
        const pm = pod.nonMissingMemoryBytes;
        for (let j = 0; j < count; j++) {
          const i = feasible[j]!;
          out[j] = plainFitScore(plain, cache.allocCpu[i]!, cache.allocMem[i]!, cache.nzCpu[i]! + pc, cache.nzMem[i]! + pm);
        }
        return null;
      }
      const cols = state.data.get(NAME) as ResourceColumns | undefined;
      if (!cols) return errorStatus('PreScore state not found');
      scoreColumns(cols, scorer, feasible, count, out);
      return null;
    },
  };
}

function leastScore(requested: number, capacity: number): number {
  return requested > capacity ? 0 : Math.trunc(((capacity - requested) * 100) / capacity);
}

function mostScore(requested: number, capacity: number): number {
  return Math.trunc(((requested > capacity ? capacity : requested) * 100) / capacity);
}

