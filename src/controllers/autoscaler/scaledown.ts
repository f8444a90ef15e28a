/**
 * Scale-down planning (`core/scaledown/eligibility`, `core/scaledown/unneeded`, `simulator/cluster.go`
 * `SimulateNodeRemoval`): which nodes are underused, which of them could go because their pods fit elsewhere, and
 * which have been unneeded long enough to be removed.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PodInfo } from '../scheduler/types.ts';
import { getPodsForDeletionOnNodeDrain, SCALE_DOWN_DISABLED_KEY, type BlockingPod, type DrainOptions } from './drain.ts';
import type { ClusterSnapshot } from './snapshot.ts';

/** `ToBeDeletedTaint`: put on a node the autoscaler is removing (value: Unix seconds, effect NoSchedule). */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

/** `simulator.UnremovableReason`, the ones kubesim can produce. */
export type UnremovableReason =
  | 'CurrentlyBeingDeleted'
  | 'ScaleDownDisabledAnnotation'
  | 'NotAutoscaled'
  | 'NotUnderutilized'
  | 'BlockedByPod'
  | 'NoPlaceToMovePods'
  | 'NodeGroupMinSizeReached';

/**
 * `eligibility.Checker.unremovableReason` for one node: being deleted already, annotated
 * `scale-down-disabled: "true"`, not in an autoscaled group, or requested utilisation at or above the threshold
 * (`isNodeBelowUtilizationThreshold` is a strict `<`). Undefined: a candidate for the removal simulation.
 * Example: a 4-core node with 1900m requested is at 0.475 < 0.5 and a candidate; at 2000m it is not.
 */
export function unremovableReason(node: Node, utilization: number, threshold: number, autoscaled: boolean): UnremovableReason | undefined {
  if (node.spec?.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) return 'CurrentlyBeingDeleted';
  if (node.metadata?.annotations?.[SCALE_DOWN_DISABLED_KEY] === 'true') return 'ScaleDownDisabledAnnotation';
  if (!autoscaled) return 'NotAutoscaled';
  if (utilization >= threshold) return 'NotUnderutilized';
  return undefined;
}

/** A node the simulation says could go now. */
export interface RemovableNode {
  node: string;
  group: string;
  utilization: number;
  /** Pods to evict (none: an empty node, deleted in bulk). */
  podsToMove: Pod[];
}

/** A node kept, and why. */
export interface UnremovableNode {
  node: string;
  reason: UnremovableReason;
  blocking?: BlockingPod;
  detail?: string;
}

/** What {@link simulateNodeRemovals} reads. */
export interface RemovalInput {
  candidates: readonly { node: Node; group: string | undefined; utilization: number }[];
  /** Groups whose size is at or below their min: their nodes are `NodeGroupMinSizeReached`. */
  atMinSize: ReadonlySet<string>;
  podsOn: (nodeName: string) => Pod[];
  podInfo: (pod: Pod) => PodInfo;
  pdbs: readonly PodDisruptionBudget[];
  threshold: number;
  drain: DrainOptions;
  nowMs: number;
  simMs: (ts: string) => number;
  /** Nodes that must not receive pods (being deleted). */
  excluded: ReadonlySet<string>;
}

/**
 * `FindNodesToRemove`: each candidate in turn, the drain rules, then a place for every pod to move on another node
 * that is neither removed in this pass nor excluded (`FitsAnyNodeMatching` with the real filters). The moves of a
 * removable node stay in the snapshot for the candidates after it, so two nodes never count on the same room; the
 * caller forks the snapshot around the pass and reverts it.
 */
export function simulateNodeRemovals(snapshot: ClusterSnapshot, input: RemovalInput): { removable: RemovableNode[]; unremovable: UnremovableNode[] } {
  const removable: RemovableNode[] = [];
  const unremovable: UnremovableNode[] = [];
  const removed = new Set<string>();
  for (const c of input.candidates) {
    const name = c.node.metadata?.name ?? '';
    const reason = unremovableReason(c.node, c.utilization, input.threshold, c.group !== undefined);
    if (reason) {
      unremovable.push({ node: name, reason });
      continue;
    }
    if (input.atMinSize.has(c.group!)) {
      unremovable.push({ node: name, reason: 'NodeGroupMinSizeReached' });
      continue;
    }
    const drain = getPodsForDeletionOnNodeDrain(input.podsOn(name), input.pdbs, input.drain, input.nowMs, input.simMs);
    if (drain.blocking) {
      unremovable.push({ node: name, reason: 'BlockedByPod', blocking: drain.blocking, detail: drain.message });
      continue;
    }
    snapshot.fork();
    let stuck: Pod | undefined;
    for (const pod of drain.pods) {
      // The pod as it would be recreated: not bound anywhere yet (`ClearPodNodeNames`), else NodeName rejects every node.
      const info: PodInfo = { ...input.podInfo(pod), specNodeName: '', nominatedNodeName: '' };
      snapshot.removePod(info.key);
      const dest = snapshot.fitsAnyNodeMatching(info, (n) => n !== name && !removed.has(n) && !input.excluded.has(n));
      if (dest === undefined) {
        stuck = pod;
        break;
      }
      snapshot.addPod(info, dest);
    }
    if (stuck) {
      snapshot.revert();
      unremovable.push({ node: name, reason: 'NoPlaceToMovePods', detail: `failed to find place for ${stuck.metadata?.namespace}/${stuck.metadata?.name}` });
      continue;
    }
    snapshot.commit();
    removed.add(name);
    removable.push({ node: name, group: c.group!, utilization: c.utilization, podsToMove: drain.pods });
  }
  return { removable, unremovable };
}

/**
 * `unneeded.Nodes`: since when each node has been unneeded. A node that drops out of the removable list loses its
 * time; one that stays keeps the time it first appeared.
 */
export class UnneededNodes {
  private readonly since = new Map<string, { sinceMs: number; node: RemovableNode }>();

  update(removable: readonly RemovableNode[], nowMs: number): void {
    const keep = new Set(removable.map((r) => r.node));
    for (const name of [...this.since.keys()]) if (!keep.has(name)) this.since.delete(name);
    for (const r of removable) {
      const old = this.since.get(r.node);
      this.since.set(r.node, { sinceMs: old?.sinceMs ?? nowMs, node: r });
    }
  }

  /** Nodes unneeded for at least `unneededTimeMs`, in the order they were found. */
  removableAt(nowMs: number, unneededTimeMs: number): { node: RemovableNode; sinceMs: number }[] {
    return [...this.since.values()].filter((e) => nowMs - e.sinceMs >= unneededTimeMs).map((e) => ({ node: e.node, sinceMs: e.sinceMs }));
  }

  /** Every unneeded node with its start time. */
  all(): { node: RemovableNode; sinceMs: number }[] {
    return [...this.since.values()].map((e) => ({ node: e.node, sinceMs: e.sinceMs }));
  }

  drop(name: string): void {
    this.since.delete(name);
  }

  get size(): number {
    return this.since.size;
  }
}
