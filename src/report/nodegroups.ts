/**
 * The cluster autoscaler's node groups as `kubesim get nodegroups` and `describe nodegroup` show them: each group's
 * spec (size limits, instance and capacity type, price, provisioning delay) joined with what the autoscaler reported
 * about it in the `cluster-autoscaler-status` ConfigMap at that instant (cloudProviderTarget, node counts, ScaleUp
 * and ScaleDown status, as `clusterstate/api` names them), its nodes then, and its node-hours and cost so far.
 * Node groups are not Kubernetes objects; the ConfigMap is where a real cluster shows the same facts.
 */
import type { ConfigMap, Node } from 'kubernetes-types/core/v1';
import { parse as parseYaml } from 'yaml';
import type { NodeGroupSpec } from '../controllers/autoscaler/options.ts';
import { formatDurationShort } from '../engine/duration.ts';
import type { GetOptions } from './kubectl.ts';

/** One group's status block of the `cluster-autoscaler-status` ConfigMap (`NodeGroupStatus`). */
export interface NodeGroupStatusBlock {
  health: {
    status: string;
    nodeCounts: { registered: { total: number; ready: number; notStarted: number }; longUnregistered: number; unregistered: number };
    cloudProviderTarget: number;
    minSize: number;
    maxSize: number;
  };
  scaleUp: { status: string };
  scaleDown: { status: string; candidates: number };
}

/** A node group at one instant. */
export interface NodeGroupView {
  spec: NodeGroupSpec;
  /** The group's nodes at that instant, by name. */
  nodes: readonly Node[];
  /** The autoscaler's last status of the group up to that instant; undefined before its first scan. */
  status: NodeGroupStatusBlock | undefined;
  /** `time:` of that status. */
  statusTime: string | undefined;
  /** Node-hours and dollars of the group so far (every instance type and capacity type of it). */
  nodeHours: number;
  dollars: number;
}

/** The `status` text of the ConfigMap parsed into its groups by name, and its `time:`; empty when absent or unreadable. */
export function parseAutoscalerStatus(configMap: ConfigMap | undefined): { time: string | undefined; groups: Map<string, NodeGroupStatusBlock> } {
  const groups = new Map<string, NodeGroupStatusBlock>();
  const text = configMap?.data?.['status'];
  if (text === undefined) return { time: undefined, groups };
  const doc = parseYaml(text) as { time?: string; nodeGroups?: (NodeGroupStatusBlock & { name: string })[] } | null;
  for (const g of doc?.nodeGroups ?? []) groups.set(g.name, g);
  return { time: doc?.time, groups };
}

function isReady(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** `ready/registered` of the group's nodes, as kubectl prints READY. */
function readyCount(v: NodeGroupView): string {
  return `${v.nodes.filter(isReady).length}/${v.nodes.length}`;
}

/** USD per hour with as many decimals as a cloud price list (at least two, up to four). */
export function formatPrice(perHour: number): string {
  const text = perHour.toFixed(4).replace(/0{1,2}$/, '');
  return `$${text}/h`;
}

/** Headers of `kubesim get nodegroups` (+ wide columns). */
export function nodeGroupHeaders(wide: boolean): string[] {
  return [
    'Name',
    'Min',
    'Max',
    'Target',
    'Ready',
    'Instance-Type',
    'Capacity-Type',
    'Price',
    'Health',
    'Scale-Up',
    'Scale-Down',
    ...(wide ? ['Provisioning-Delay', 'Node-Hours', 'Cost', 'Nodes'] : []),
  ];
}

/**
 * A `kubesim get nodegroups` row: NAME MIN MAX TARGET (the autoscaler's cloudProviderTarget: registered plus
 * requested nodes) READY (ready/registered) INSTANCE-TYPE CAPACITY-TYPE PRICE HEALTH SCALE-UP SCALE-DOWN; wide adds
 * the provisioning delay, node-hours, cost so far and the node names. Status cells are `<unknown>` before the
 * autoscaler's first scan.
 */
export function printNodeGroup(v: NodeGroupView, options: GetOptions = {}): string[] {
  const s = v.status;
  const cells = [
    v.spec.name,
    String(v.spec.minSize),
    String(v.spec.maxSize),
    s ? String(s.health.cloudProviderTarget) : '<unknown>',
    readyCount(v),
    v.spec.instanceType ?? '<none>',
    v.spec.capacityType,
    formatPrice(v.spec.pricePerHour),
    s?.health.status ?? '<unknown>',
    s?.scaleUp.status ?? '<unknown>',
    s ? (s.scaleDown.candidates > 0 ? `${s.scaleDown.status}(${s.scaleDown.candidates})` : s.scaleDown.status) : '<unknown>',
  ];
  if (options.wide) {
    const names = v.nodes.map((n) => n.metadata?.name ?? '');
    cells.push(formatDurationShort(v.spec.provisioningDelayMs), v.nodeHours.toFixed(2), `$${v.dollars.toFixed(2)}`, names.length > 0 ? names.join(',') : '<none>');
  }
  return cells;
}

/** The Health line of a group as the autoscaler's readable status has it. */
export function healthLine(s: NodeGroupStatusBlock): string {
  const c = s.health.nodeCounts;
  const unready = c.registered.total - c.registered.ready;
  return `${s.health.status} (ready=${c.registered.ready} unready=${unready} notStarted=${c.registered.notStarted} registered=${c.registered.total} longUnregistered=${c.longUnregistered} unregistered=${c.unregistered} cloudProviderTarget=${s.health.cloudProviderTarget} (minSize=${s.health.minSize}, maxSize=${s.health.maxSize}))`;
}
