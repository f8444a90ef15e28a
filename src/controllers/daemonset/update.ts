/**
 * The RollingUpdate strategy of the DaemonSet controller (`pkg/controller/daemon/update.go`), as pure functions of
 * the nodes, the daemon pods by node and the current revision hash: which old pods to delete and on which nodes to
 * surge a new pod. The loop (controller.ts) hands the result to `syncNodes`.
 *
 * Worked example, maxUnavailable 1 and maxSurge 0 on 3 nodes, every pod old and available: the first node (in
 * name order) is a candidate, numUnavailable 0 < 1, so its pod is deleted; manage creates the new pod there; the
 * next sync counts that node unavailable until the new pod is available, so nothing else is deleted until then.
 * With maxSurge 1 and maxUnavailable 0 a new pod is created beside the first node's old one, and the old one is
 * deleted once the new one is available.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import { findUpdatedPodsOnNode, NodeShouldRunDaemonPod, SurgeCount, UnavailableCount } from './util.ts';

/** Daemon pods by the node they are meant for. */
export type NodeToDaemonPods = Map<string, Pod[]>;

/** What `rollingUpdate` asks `syncNodes` to do. */
export interface RollingUpdatePlan {
  /** Names of old pods to delete, in decision order. */
  oldPodsToDelete: string[];
  /** Nodes to create a new (surge) pod on. */
  newNodesToCreate: string[];
  /** The budgets it worked with (`updatedDesiredNodeCounts`), for the decision log. */
  maxSurge: number;
  maxUnavailable: number;
  desiredNumberScheduled: number;
}

/**
 * `updatedDesiredNodeCounts`: maxSurge and maxUnavailable scaled on the number of nodes that should run a daemon
 * pod (rounded up), adding an empty entry to `nodeToDaemonPods` for every such node without pods. When both come
 * to 0 with pods to schedule (an impossible configuration), maxUnavailable is 1.
 */
export function updatedDesiredNodeCounts(ds: DaemonSet, nodeList: readonly Node[], nodeToDaemonPods: NodeToDaemonPods): { maxSurge: number; maxUnavailable: number; desiredNumberScheduled: number } {
  let desiredNumberScheduled = 0;
  for (const node of nodeList) {
    if (!NodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desiredNumberScheduled++;
    const name = node.metadata?.name ?? '';
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  let maxUnavailable = UnavailableCount(ds, desiredNumberScheduled);
  const maxSurge = SurgeCount(ds, desiredNumberScheduled);
  if (desiredNumberScheduled > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desiredNumberScheduled };
}

/**
 * `rollingUpdate`: without surge, delete unavailable old pods freely and available old pods while fewer than
 * maxUnavailable nodes are unavailable; with surge, create a new pod beside an unavailable old pod freely and
 * beside available old pods up to maxSurge, and delete an old pod once the new one on its node is available.
 * Nodes are visited in name order (upstream walks a Go map, in random order). `isAvailable` is
 * `podutil.IsPodAvailable` with the DaemonSet's minReadySeconds at the current instant.
 */
export function rollingUpdate(ds: DaemonSet, nodeList: readonly Node[], nodeToDaemonPods: NodeToDaemonPods, hash: string, isAvailable: (pod: Pod) => boolean): RollingUpdatePlan {
  const { maxSurge, maxUnavailable, desiredNumberScheduled } = updatedDesiredNodeCounts(ds, nodeList, nodeToDaemonPods);
  const nodeNames = [...nodeToDaemonPods.keys()].sort();
  const nodesByName = new Map(nodeList.map((n) => [n.metadata?.name ?? '', n]));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacementPods: string[] = [];
    const candidatePodsToDelete: string[] = [];
    for (const nodeName of nodeNames) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToDaemonPods.get(nodeName)!, hash);
      if (!ok) {
        // Excess pods: the manage loop prunes them first; the node counts as unavailable meanwhile.
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
      } else if (newPod) {
        if (!isAvailable(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!isAvailable(oldPod)) {
          allowedReplacementPods.push(oldPod.metadata?.name ?? '');
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) {
          candidatePodsToDelete.push(oldPod.metadata?.name ?? '');
        }
      }
    }
    const remainingUnavailable = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidatePodsToDelete.length);
    return {
      oldPodsToDelete: [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remainingUnavailable)],
      newNodesToCreate: [],
      maxSurge,
      maxUnavailable,
      desiredNumberScheduled,
    };
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const nodeName of nodeNames) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToDaemonPods.get(nodeName)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    // Availability of every node, those being sunset by scheduling constraints too.
    if (oldPod) {
      if (isAvailable(oldPod)) numAvailable++;
    } else if (newPod) {
      if (isAvailable(newPod)) numAvailable++;
    }
    if (!oldPod) continue;
    const node = nodesByName.get(nodeName);
    const shouldRun = node ? NodeShouldRunDaemonPod(node, ds).shouldRun : false;
    if (!newPod) {
      if (!isAvailable(oldPod)) {
        if (!shouldRun) {
          oldPodsToDelete.push(oldPod.metadata?.name ?? '');
          continue;
        }
        allowedNewNodes.push(nodeName);
      } else {
        if (!shouldRun) {
          shouldNotRunPodsToDelete.push(oldPod.metadata?.name ?? '');
          continue;
        }
        if (numSurge >= maxSurge) continue;
        candidateNewNodes.push(nodeName);
      }
    } else {
      if (!isAvailable(newPod)) {
        numSurge++;
        continue;
      }
      oldPodsToDelete.push(oldPod.metadata?.name ?? '');
    }
  }
  // With surge the owner expects full availability: a pod on a node that should no longer run one goes only once
  // enough pods elsewhere are available.
  const deletable = Math.min(numAvailable - desiredNumberScheduled, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  return { oldPodsToDelete, newNodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)], maxSurge, maxUnavailable, desiredNumberScheduled };
}
