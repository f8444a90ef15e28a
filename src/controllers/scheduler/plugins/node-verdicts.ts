/**
 * Memoized per-node verdicts that depend only on a pod-side part (its nodeSelector and required node affinity,
 * its tolerations, or its preferred node affinity) and the node's spec: whether the node matches the pod's required
 * node affinity, the TaintToleration Filter's verdict and per-node score, and the raw NodeAffinity score of the pod's preferred terms. Pods of one workload share those parts (toPodInfo interns them by content),
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
    const specs = this.specs;
    if (i < specs.length) {
      if (specs[i] === spec) return this.values[i]!;
    } else {
      // The round-robin start writes far past the end first: growing densely keeps fast elements, where a write
      // beyond the length would turn both lists into dictionaries (a hash lookup per node).
      while (specs.length <= i) {
        specs.push(undefined);
        this.values.push(undefined as T);
      }
    }
    const v = compute(pod, spec);
    this.specs[i] = spec;
    this.values[i] = v;
    return v;
  }
}

/** Stands for an absent part in the memo keys. */
const ABSENT = {};

/**
 * Verdicts by pod-side part, weakly keyed (a part no pod uses any more goes with its verdicts). A part is first
 * mapped to the one pod that asked about it, and gets verdicts only when a second pod shares it: a part of a single
 * pod (a DaemonSet pod's affinity to its own node) would fill a verdict list as long as the cluster for one cycle.
 */
const affinityVerdicts = new WeakMap<object, WeakMap<object, NodeVerdicts<boolean> | PodInfo>>();
const taintVerdicts = new WeakMap<object, NodeVerdicts<Status | null> | PodInfo>();
const preferredScores = new WeakMap<object, NodeVerdicts<number> | PodInfo>();
const preferTaintScores = new WeakMap<object, NodeVerdicts<number> | PodInfo>();

// The pod asked about last and its verdicts (null: not shared, computed directly): a cycle asks about one pod for
// many nodes.
let lastAffinityPod: PodInfo | undefined;
let lastAffinity: NodeVerdicts<boolean> | null = null;
let lastTaintPod: PodInfo | undefined;
let lastTaint: NodeVerdicts<Status | null> | null = null;
let lastPreferredPod: PodInfo | undefined;
let lastPreferred: NodeVerdicts<number> | null = null;
let lastPreferTaintPod: PodInfo | undefined;
let lastPreferTaint: NodeVerdicts<number> | null = null;

/** The verdicts of a part kept in `map`, made once a second pod asks; null while only `pod` has asked. */
function sharedVerdicts<T>(map: WeakMap<object, NodeVerdicts<T> | PodInfo>, key: object, pod: PodInfo): NodeVerdicts<T> | null {
  const v = map.get(key);
  if (v instanceof NodeVerdicts) return v;
  if (v === undefined || v === pod) {
    map.set(key, pod);
    return null;
  }
  const made = new NodeVerdicts<T>();
  map.set(key, made);
  return made;
}

function affinityOf(pod: PodInfo): NodeVerdicts<boolean> | null {
  if (pod === lastAffinityPod) return lastAffinity;
  const k1 = pod.requiredNodeAffinity ?? ABSENT;
  let inner = affinityVerdicts.get(k1);
  if (!inner) {
    inner = new WeakMap();
    affinityVerdicts.set(k1, inner);
  }
  lastAffinityPod = pod;
  lastAffinity = sharedVerdicts(inner, pod.nodeSelector ?? ABSENT, pod);
  return lastAffinity;
}

function taintsOf(pod: PodInfo): NodeVerdicts<Status | null> | null {
  if (pod === lastTaintPod) return lastTaint;
  lastTaintPod = pod;
  lastTaint = sharedVerdicts(taintVerdicts, pod.tolerations, pod);
  return lastTaint;
}

function preferredOf(pod: PodInfo): NodeVerdicts<number> | null {
  if (pod === lastPreferredPod) return lastPreferred;
  lastPreferredPod = pod;
  lastPreferred = sharedVerdicts(preferredScores, pod.preferredNodeAffinity, pod);
  return lastPreferred;
}

function preferTaintsOf(pod: PodInfo): NodeVerdicts<number> | null {
  if (pod === lastPreferTaintPod) return lastPreferTaint;
  lastPreferTaintPod = pod;
  lastPreferTaint = sharedVerdicts(preferTaintScores, pod.tolerations, pod);
  return lastPreferTaint;
}

/** `compute(pod, spec)` of the node at position `i`, memoized by the pod's nodeSelector and required affinity. */
export function affinityVerdictAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => boolean): boolean {
  const v = affinityOf(pod);
  return v ? v.at(cache, i, pod, compute) : compute(pod, cache.nodes[i]!.spec);
}

/** `compute(pod, spec)` of the node at position `i`, memoized by the pod's tolerations. */
export function taintVerdictAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => Status | null): Status | null {
  const v = taintsOf(pod);
  return v ? v.at(cache, i, pod, compute) : compute(pod, cache.nodes[i]!.spec);
}

/** `compute(pod, spec)` (a raw score) of the node at position `i`, memoized by the pod's preferred node affinity terms. */
export function preferredScoreAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => number): number {
  const v = preferredOf(pod);
  return v ? v.at(cache, i, pod, compute) : compute(pod, cache.nodes[i]!.spec);
}

/** `compute(pod, spec)` (TaintToleration's per-node score) of the node at position `i`, memoized by the pod's tolerations. */
export function preferTaintScoreAt(cache: SchedulerCache, i: number, pod: PodInfo, compute: (pod: PodInfo, spec: NodeSpecInfo) => number): number {
  const v = preferTaintsOf(pod);
  return v ? v.at(cache, i, pod, compute) : compute(pod, cache.nodes[i]!.spec);
}
