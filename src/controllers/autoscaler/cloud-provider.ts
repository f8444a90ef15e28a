/**
 * What the autoscaler asks of the cloud (`cloudprovider.NodeGroup`) and of the API server's eviction subresource.
 * The runtime implements it: nodes appear after the group's provisioning delay, and deletion removes the Node.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeGroupSpec } from './options.ts';

export interface CloudProvider {
  /** The autoscaled groups, in scenario order. */
  nodeGroups(): readonly NodeGroupSpec[];
  /** `NodeGroupForNode`: the group a node belongs to; undefined for a node of a fixed pool. */
  nodeGroupForNode(node: Node): string | undefined;
  /** `TargetSize`: registered nodes plus those requested and not yet up. */
  targetSize(group: string): number;
  /** `TemplateNodeInfo`: a Node as the group's next node would look (labels, taints, allocatable, zone). */
  templateNode(group: string): Node;
  /** `IncreaseSize`: asks for `delta` more nodes; each is registered Ready after the provisioning delay. */
  increaseSize(group: string, delta: number): void;
  /** `DeleteNodes` for one node: the machine goes, the Node object with it, the target size drops by one. */
  deleteNode(nodeName: string): void;
  /** The eviction subresource: a graceful delete when PodDisruptionBudgets allow it, else the API's refusal. */
  evict(pod: Pod): { allowed: boolean; message: string };
}
