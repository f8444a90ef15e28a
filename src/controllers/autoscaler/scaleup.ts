/**
 * The scale-up orchestrator (`core/scaleup/orchestrator/orchestrator.go` `ScaleUp`, `ComputeExpansionOption`,
 * `SchedulablePodGroups`): which groups may grow, which pending pods each group's template node takes, how many
 * nodes the estimator wants, the expander's pick, capped by the group's max and `--max-nodes-total`; and the
 * reasons of `NotTriggerScaleUp` (`processors/status/eventing_scale_up_processor.go` `ReasonsMessage`).
 */
import type { Node } from 'kubernetes-types/core/v1';
import { toNodeInfo } from '../scheduler/podinfo.ts';
import type { PodInfo } from '../scheduler/types.ts';
import { binpackingEstimate, EstimationLimiter, freshNodeFromTemplate, type PodEquivalenceGroup } from './estimator.ts';
import { bestOption, type ExpanderContext, type ExpansionOption } from './expander.ts';
import type { AutoscalingOptions, NodeGroupSpec } from './options.ts';
import type { ClusterSnapshot } from './snapshot.ts';

/** `MaxLimitReachedReason`. */
export const MAX_LIMIT_REACHED_REASON = 'max node group size reached';
/** `ReasonsMessage` when `ScaleUpLimitedByMaxNodesTotal`. */
export const MAX_NODES_TOTAL_REACHED = 'max total nodes in cluster reached';

/** `ScaleUpInfo`: printed `{group 2->4 (max: 8)}` as upstream's `String()`. */
export interface ScaleUpInfo {
  group: string;
  currentSize: number;
  newSize: number;
  maxSize: number;
}

/** `ScaleUpInfo.String()`. */
export function formatScaleUpInfo(s: ScaleUpInfo): string {
  return `{${s.group} ${s.currentSize}->${s.newSize} (max: ${s.maxSize})}`;
}

/** What one group made of the pending pods, for the decision log. */
export interface GroupConsideration {
  group: string;
  skipped?: string;
  /** Pods the template node rejects, by reason. */
  rejected: Record<string, number>;
  /** Estimator result when some pods fit the template. */
  estimate?: { nodeCount: number; pods: number };
}

/** `ScaleUpStatus`. */
export interface ScaleUpStatus {
  result: 'Successful' | 'NoOptionsAvailable' | 'LimitedByMaxNodesTotal' | 'NotNeeded';
  scaleUpInfo?: ScaleUpInfo;
  podsTriggeredScaleUp: PodInfo[];
  /** Pending pods no option helps, each with its per-group reasons (`NoScaleUpInfo`). */
  podsRemainUnschedulable: { pod: PodInfo; reasons: Map<string, string[]> }[];
  considered: GroupConsideration[];
  expander?: { name: string; chosen: string; nodeCount: number; runnerUp?: { group: string; nodeCount: number } };
}

/**
 * `ReasonsMessage`: each reason counted once per group that gave it, as `"<count> <reason>"`, joined by `", "`.
 * Upstream joins in Go map order, which varies; kubesim sorts the parts as strings so a run is reproducible.
 * Example: `1 max node group size reached, 2 Insufficient cpu`.
 */
export function reasonsMessage(result: ScaleUpStatus['result'], reasons: ReadonlyMap<string, readonly string[]>): string {
  if (result === 'LimitedByMaxNodesTotal') return MAX_NODES_TOTAL_REACHED;
  const aggregated = new Map<string, number>();
  for (const list of reasons.values()) for (const r of new Set(list)) aggregated.set(r, (aggregated.get(r) ?? 0) + 1);
  const parts = [...aggregated].map(([r, n]) => `${n} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.join(', ');
}

/**
 * `buildPodEquivalenceGroups`: pending pods of one controller with the same template (its `pod-template-hash`, or
 * the controller alone) form a group, in first-seen order; a pod without a controller is its own group.
 */
export function buildPodEquivalenceGroups(pods: readonly { info: PodInfo; groupKey: string }[]): PodEquivalenceGroup[] {
  const groups = new Map<string, PodInfo[]>();
  for (const p of pods) {
    const list = groups.get(p.groupKey);
    if (list) list.push(p.info);
    else groups.set(p.groupKey, [p.info]);
  }
  return [...groups.values()].map((list) => ({ pods: list }));
}

/** What the orchestrator reads besides the snapshot. */
export interface ScaleUpInput {
  groups: readonly NodeGroupSpec[];
  targetSize: (group: string) => number;
  templateNode: (group: string) => Node;
  /** Nodes registered plus upcoming, for `--max-nodes-total`. */
  totalNodes: number;
  options: AutoscalingOptions;
  expander: ExpanderContext;
}

/** `ScaleUp`: decides one scale-up for the pending pods (it does not perform it). */
export function computeScaleUp(snapshot: ClusterSnapshot, podGroups: readonly PodEquivalenceGroup[], input: ScaleUpInput): ScaleUpStatus {
  const allPods = podGroups.flatMap((g) => g.pods);
  const status: ScaleUpStatus = { result: 'NotNeeded', podsTriggeredScaleUp: [], podsRemainUnschedulable: [], considered: [] };
  if (allPods.length === 0) return status;
  const reasonsOf = new Map<PodInfo, Map<string, string[]>>(allPods.map((p) => [p, new Map()]));
  const remain = () => allPods.map((pod) => ({ pod, reasons: reasonsOf.get(pod)! }));
  const { options } = input;
  if (options.maxNodesTotal > 0 && input.totalNodes >= options.maxNodesTotal) {
    return { ...status, result: 'LimitedByMaxNodesTotal', podsRemainUnschedulable: remain() };
  }
  const expansionOptions: ExpansionOption[] = [];
  for (const g of input.groups) {
    const c: GroupConsideration = { group: g.name, rejected: {} };
    status.considered.push(c);
    const target = input.targetSize(g.name);
    if (target >= g.maxSize) {
      c.skipped = MAX_LIMIT_REACHED_REASON;
      for (const p of allPods) reasonsOf.get(p)!.set(g.name, [MAX_LIMIT_REACHED_REASON]);
      continue;
    }
    const template = freshNodeFromTemplate(input.templateNode(g.name), `template-node-for-${g.name}`);
    // SchedulablePodGroups: the group's exemplar decides for the whole group.
    const schedulable: PodEquivalenceGroup[] = [];
    snapshot.fork();
    try {
      snapshot.addTemplateNode(template);
      for (const eg of podGroups) {
        const s = snapshot.checkPredicates(eg.pods[0]!, template.metadata!.name!);
        if (s === null) {
          schedulable.push(eg);
          continue;
        }
        const reasons = s.reasons.length > 0 ? [...s.reasons] : [s.message()];
        for (const r of reasons) c.rejected[r] = (c.rejected[r] ?? 0) + eg.pods.length;
        for (const p of eg.pods) reasonsOf.get(p)!.set(g.name, reasons);
      }
    } finally {
      snapshot.revert();
    }
    if (schedulable.length === 0) continue;
    let maxNodes = Math.min(options.maxNodesPerScaleUp, g.maxSize - target);
    if (options.maxNodesTotal > 0) maxNodes = Math.min(maxNodes, options.maxNodesTotal - input.totalNodes);
    const est = binpackingEstimate(snapshot, schedulable, template, new EstimationLimiter(maxNodes));
    c.estimate = { nodeCount: est.nodeCount, pods: est.scheduledPods.length };
    if (est.nodeCount === 0) continue;
    const cap = templateCapacity(template);
    expansionOptions.push({
      group: g.name,
      nodeCount: est.nodeCount,
      pods: est.scheduledPods,
      nodeCpuMillis: cap.cpuMillis,
      nodeMemoryBytes: cap.memoryBytes,
      nodePricePerHour: g.pricePerHour,
      exists: true,
    });
  }
  if (expansionOptions.length === 0) return { ...status, result: 'NoOptionsAvailable', podsRemainUnschedulable: remain() };
  const choice = bestOption(options.expander, expansionOptions, input.expander);
  const best = choice.best!;
  const g = input.groups.find((x) => x.name === best.group)!;
  const target = input.targetSize(g.name);
  // GetCappedNewNodeCount, then the group's own max.
  let newNodes = best.nodeCount;
  if (options.maxNodesTotal > 0 && input.totalNodes + newNodes > options.maxNodesTotal) newNodes = options.maxNodesTotal - input.totalNodes;
  newNodes = Math.min(newNodes, g.maxSize - target);
  status.expander = {
    name: options.expander,
    chosen: best.group,
    nodeCount: best.nodeCount,
    ...(choice.runnerUp ? { runnerUp: { group: choice.runnerUp.group, nodeCount: choice.runnerUp.nodeCount } } : {}),
  };
  const helped = new Set(best.pods);
  return {
    ...status,
    result: 'Successful',
    scaleUpInfo: { group: g.name, currentSize: target, newSize: target + newNodes, maxSize: g.maxSize },
    podsTriggeredScaleUp: [...best.pods],
    podsRemainUnschedulable: remain().filter((r) => !helped.has(r.pod)),
  };
}

/** The template's capacity (least-waste and price compare capacity, not allocatable); allocatable when unset. */
function templateCapacity(template: Node): { cpuMillis: number; memoryBytes: number } {
  const asAllocatable: Node = { ...template, status: { ...template.status, allocatable: template.status?.capacity ?? template.status?.allocatable ?? {} } };
  const r = toNodeInfo(asAllocatable).allocatable;
  return { cpuMillis: r.cpuMillis, memoryBytes: r.memoryBytes };
}
