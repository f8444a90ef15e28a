/**
 * Memoized per-node verdicts that depend only on a pod-side part (its nodeSelector and required node affinity,
 * or its tolerations) and the node's spec: whether the node matches the pod's required node affinity, and the
 * TaintToleration Filter's verdict. Pods of one workload share those parts (toPodInfo interns them by content),
 * so a verdict is computed once per (part, node) instead of once per (pod, node) scheduling cycle. A verdict is
 * valid at a node position while the node's spec object is the one it was computed for: a node update replaces the
 * spec object, and a position taken over by another node has another spec.
 */
import type { Status } from '../framework/status.ts';
import type { SchedulerCache } from '../cache.ts';
import type { NodeSpecInfo, PodInfo } from '../types.ts';

/** Verdicts of one pod-side part, by node position. */
class NodeVerdicts<T> {
  private readonly specs: (NodeSpecInfo | undefined)[] = [];
  private readonly values: T[] = [];

  /** The verdict at position `i`, from `compute(pod, spec)` when not yet known for this spec. */
  at(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => T): T {
    const spec = cache.nodes[i]!.spec;
    if (this.specs[i] === spec) return this.values[i]!;
    const v = compute(pod, spec);
    this.specs[i] = spec;
    this.values[i] = v;
    return v;
  }
}

/** Stands for an absent part in the memo keys. */
const ABSENT = {};

/** Verdicts by pod-side part: weakly keyed, so a part no pod uses any more goes with its verdicts. */
const affinityVerdicts = new WeakMap<object, WeakMap<object, NodeVerdicts<boolean>>>();
const taintVerdicts = new WeakMap<object, NodeVerdicts<Status | null>>();

// The pod asked about last and its verdicts: a cycle asks about one pod for many nodes.
let lastAffinityPod: PodInfo | undefined;
let lastAffinity: NodeVerdicts<boolean> | undefined;
let lastTaintPod: PodInfo | undefined;
let lastTaint: NodeVerdicts<Status | null> | undefined;

function affinityOf(pod: PodInfo): NodeVerdicts<boolean> {
  if (pod === lastAffinityPod) return lastAffinity!;
  const k1 = pod.requiredNodeAffinity ?? ABSENT;
  const k2 = pod.nodeSelector ?? ABSENT;
  let inner = affinityVerdicts.get(k1);
  if (!inner) {
    inner = new WeakMap();
    affinityVerdicts.set(k1, inner);
  }
  let v = inner.get(k2);
  if (!v) {
    v = new NodeVerdicts();
    inner.set(k2, v);
  }
  lastAffinityPod = pod;
  lastAffinity = v;
  return v;
}

function taintsOf(pod: PodInfo): NodeVerdicts<Status | null> {
  if (pod === lastTaintPod) return lastTaint!;
  let v = taintVerdicts.get(pod.tolerations);
  if (!v) {
    v = new NodeVerdicts();
    taintVerdicts.set(pod.tolerations, v);
  }
  lastTaintPod = pod;
  lastTaint = v;
  return v;
}

/** `compute(pod, spec)` of the node at position `i`, memoized by the pod's nodeSelector and required affinity. */
export function affinityVerdictAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => boolean): boolean {
  return affinityOf(pod).at(cache, i, pod, compute);
}

/** `compute(pod, spec)` of the node at position `i`, memoized by the pod's tolerations. */
export function taintVerdictAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => Status | null): Status | null {
  return taintsOf(pod).at(cache, i, pod, compute);
}
