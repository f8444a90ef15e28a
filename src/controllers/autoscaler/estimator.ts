/**
 * `estimator/binpacking_estimator.go`: how many nodes of a group's template the pending pods need, by first-fit
 * decreasing bin packing in a forked snapshot with the real filter plugins; `decreasing_pod_orderer.go` for the
 * order and `threshold_based_limiter.go` for the node-count cap.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { toNodeInfo } from '../scheduler/podinfo.ts';
import type { PodInfo } from '../scheduler/types.ts';
import type { ClusterSnapshot } from './snapshot.ts';

/** `PodEquivalenceGroup`: pending pods of one controller with the same scheduling properties. */
export interface PodEquivalenceGroup {
  readonly pods: readonly PodInfo[];
}

/** What `Estimate` returns: nodes that received pods, and the pods placed, in placement order. */
export interface Estimate {
  nodeCount: number;
  scheduledPods: PodInfo[];
}

/**
 * `DecreasingPodOrderer.calculatePodScore`: cpu request / template allocatable cpu + memory request / template
 * allocatable memory, of the group's exemplar (its first pod). Upstream sums the containers' requests; the pod's
 * effective requests (init containers and overhead included) are used here, which agree for plain pods.
 */
export function calculatePodScore(group: PodEquivalenceGroup, allocCpuMillis: number, allocMemoryBytes: number): number {
  const pod = group.pods[0];
  if (!pod) return 0;
  let score = 0;
  if (allocCpuMillis > 0) score += pod.requests.cpuMillis / allocCpuMillis;
  if (allocMemoryBytes > 0) score += pod.requests.memoryBytes / allocMemoryBytes;
  return score;
}

/** `DecreasingPodOrderer.Order`: groups by descending score; equal scores keep their order (a stable sort). */
export function orderPodGroups(groups: readonly PodEquivalenceGroup[], template: Node): PodEquivalenceGroup[] {
  const alloc = toNodeInfo(template).allocatable;
  return groups
    .map((g, i) => ({ g, i, s: calculatePodScore(g, alloc.cpuMillis, alloc.memoryBytes) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.g);
}

/**
 * `thresholdBasedEstimationLimiter` with a static threshold: at most `maxNodes` new nodes (0 = no limit). Upstream
 * also stops after `--max-nodegroup-binpacking-duration` (10 s) of wall-clock time; kubesim never reads the wall
 * clock, so only the node count limits an estimate (docs/deviations.md).
 */
export class EstimationLimiter {
  private nodes = 0;
  constructor(readonly maxNodes: number) {}
  startEstimation(): void {
    this.nodes = 0;
  }
  /** `PermissionToAddNode`: one call per node about to be added. */
  permissionToAddNode(): boolean {
    if (this.maxNodes > 0 && this.nodes >= this.maxNodes) return false;
    this.nodes++;
    return true;
  }
}

/**
 * A fresh copy of the template as a new node named `name` (`FreshNodeInfoFromTemplateNodeInfo`): the hostname label
 * follows the name, so hostname topology spreading sees a distinct domain.
 */
export function freshNodeFromTemplate(template: Node, name: string): Node {
  return {
    ...template,
    metadata: { ...template.metadata, name, labels: { ...(template.metadata?.labels ?? {}), 'kubernetes.io/hostname': name } },
  };
}

/**
 * `BinpackingNodeEstimator.Estimate`: for each group in decreasing order, first the nodes added so far (any of them,
 * `tryToScheduleOnExistingNodes`), then the last added node, then a new node from the template while the limiter
 * allows; a pod that does not fit an empty new node ends that group (the next new node would be no better). The
 * snapshot is forked and reverted, so it is unchanged afterwards. Node names are `e-<n>` as upstream's.
 */
export function binpackingEstimate(snapshot: ClusterSnapshot, groups: readonly PodEquivalenceGroup[], template: Node, limiter: EstimationLimiter): Estimate {
  limiter.startEstimation();
  const ordered = orderPodGroups(groups, template);
  snapshot.fork();
  const newNodeNames = new Set<string>();
  const withPods = new Set<string>();
  const scheduledPods: PodInfo[] = [];
  let lastNodeName = '';
  let index = 0;
  const place = (pod: PodInfo, node: string) => {
    snapshot.addPod(pod, node);
    withPods.add(node);
    scheduledPods.push(pod);
  };
  try {
    for (const group of ordered) {
      let k = 0;
      // tryToScheduleOnExistingNodes: stops at the first pod no new node takes.
      for (; k < group.pods.length; k++) {
        const pod = group.pods[k]!;
        const node = snapshot.fitsAnyNodeMatching(pod, (n) => newNodeNames.has(n));
        if (node === undefined) break;
        place(pod, node);
      }
      // tryToScheduleOnNewNodes.
      for (; k < group.pods.length; k++) {
        const pod = group.pods[k]!;
        if (lastNodeName !== '' && snapshot.checkPredicates(pod, lastNodeName) === null) {
          place(pod, lastNodeName);
          continue;
        }
        if (lastNodeName !== '' && !withPods.has(lastNodeName)) break;
        if (!limiter.permissionToAddNode()) break;
        lastNodeName = `e-${index++}`;
        snapshot.addTemplateNode(freshNodeFromTemplate(template, lastNodeName));
        newNodeNames.add(lastNodeName);
        // Topology spreading may still refuse the pod on an empty node: the node stays for the next pods.
        if (snapshot.checkPredicates(pod, lastNodeName) !== null) break;
        place(pod, lastNodeName);
      }
    }
  } finally {
    snapshot.revert();
  }
  return { nodeCount: withPods.size, scheduledPods };
}
