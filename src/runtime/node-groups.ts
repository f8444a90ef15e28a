/**
 * The simulated cloud behind the cluster autoscaler: node groups whose `IncreaseSize` registers each new node
 * (Ready) after the group's provisioning delay, whose `DeleteNodes` removes the machine and its Node, and whose spot
 * nodes are reclaimed at a seeded rate (the `spot-interruptions` stream) and replaced, as an auto-scaling group keeps
 * its desired capacity. Also the eviction subresource the autoscaler drains through.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { deletePod } from '../cluster/pods.ts';
import type { Stored } from '../cluster/store.ts';
import { involved, Priority } from '../controllers/context.ts';
import type { CloudProvider } from '../controllers/autoscaler/cloud-provider.ts';
import type { NodeGroupSpec } from '../controllers/autoscaler/options.ts';
import type { NodeSpecEntry, Simulation } from './simulation.ts';

/** The pool label every scenario node carries (set by `nodeLabels`, read by node groups, expectations and invariants). */
export const POOL_LABEL = 'kubesim.dev/pool';

export class NodeGroupProvider implements CloudProvider {
  private readonly groups: readonly NodeGroupSpec[];
  private readonly byName: ReadonlyMap<string, NodeGroupSpec>;
  /** Registered nodes per group, kept by a Node watch. */
  private readonly registered = new Map<string, Set<string>>();
  /** Nodes requested and not registered yet, per group. */
  private readonly pending = new Map<string, number>();
  private readonly nextIndex = new Map<string, number>();
  /** Spot reclaims so far, for the summary. */
  interruptions = 0;

  constructor(
    private readonly sim: Simulation,
    groups: readonly NodeGroupSpec[],
    private readonly nodeFor: (group: string, index: number) => NodeSpecEntry,
  ) {
    this.groups = groups;
    this.byName = new Map(groups.map((g) => [g.name, g]));
    for (const g of groups) {
      this.registered.set(g.name, new Set());
      this.pending.set(g.name, 0);
      this.nextIndex.set(g.name, g.initialSize + 1);
    }
    const track = (n: Node, add: boolean) => {
      const g = this.nodeGroupForNode(n);
      if (g === undefined) return;
      if (add) this.registered.get(g)!.add(n.metadata!.name!);
      else this.registered.get(g)!.delete(n.metadata!.name!);
    };
    for (const n of sim.store.list<Node>('Node')) track(n, true);
    sim.store.watch<Node>('Node', (e) => {
      if (e.type === 'ADDED') track(e.object, true);
      else if (e.type === 'DELETED') track(e.object, false);
    });
    for (const n of sim.store.list<Node>('Node')) this.scheduleInterruption(n.metadata.name);
  }

  nodeGroups(): readonly NodeGroupSpec[] {
    return this.groups;
  }

  nodeGroupForNode(node: Node): string | undefined {
    const pool = node.metadata?.labels?.[POOL_LABEL];
    return pool !== undefined && this.byName.has(pool) ? pool : undefined;
  }

  targetSize(group: string): number {
    return (this.registered.get(group)?.size ?? 0) + (this.pending.get(group) ?? 0);
  }

  templateNode(group: string): Node {
    return this.nodeFor(group, this.nextIndex.get(group) ?? 1).node;
  }

  increaseSize(group: string, delta: number): void {
    const g = this.byName.get(group);
    if (!g || delta <= 0) return;
    if (this.targetSize(group) + delta > g.maxSize) throw new RangeError(`IncreaseSize: group ${group} would exceed its max ${g.maxSize}`);
    for (let i = 0; i < delta; i++) this.launch(g);
  }

  /** One machine: named now, registered Ready after the provisioning delay. */
  private launch(g: NodeGroupSpec): void {
    const index = this.nextIndex.get(g.name)!;
    this.nextIndex.set(g.name, index + 1);
    this.pending.set(g.name, this.pending.get(g.name)! + 1);
    this.sim.engine.after(g.provisioningDelayMs, () => {
      this.pending.set(g.name, this.pending.get(g.name)! - 1);
      const entry = this.nodeFor(g.name, index);
      this.sim.addNode(entry);
      this.scheduleInterruption(entry.node.metadata!.name!);
    }, { priority: Priority.Timeline });
  }

  deleteNode(nodeName: string): void {
    this.sim.removeNode(nodeName);
  }

  evict(pod: Pod): { allowed: boolean; message: string } {
    const live = this.sim.store.get<Pod>('Pod', pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
    if (!live) return { allowed: true, message: 'pod already gone' };
    const d = this.sim.disruption.evict(live);
    if (!d.allowed) return { allowed: false, message: d.message };
    deletePod(this.sim.store, this.sim.clock, this.sim.nowMs, live as Stored<Pod>);
    return { allowed: true, message: d.reason };
  }

  /**
   * A spot node's reclaim time: exponential with mean 1 / rate hours, drawn when the node registers. The node and
   * its pods go at once (the two-minute notice is not modelled) and a replacement is launched.
   */
  private scheduleInterruption(nodeName: string): void {
    const n = this.sim.store.get<Node>('Node', '', nodeName);
    const group = n ? this.nodeGroupForNode(n) : undefined;
    const g = group !== undefined ? this.byName.get(group) : undefined;
    if (!g || g.capacityType !== 'spot' || g.interruptionRatePerHour <= 0) return;
    const delayMs = Math.max(1, Math.round(this.sim.engine.rng('spot-interruptions').exponential(3_600_000 / g.interruptionRatePerHour)));
    this.sim.engine.after(delayMs, () => {
      const node = this.sim.store.get<Node>('Node', '', nodeName);
      if (!node) return;
      this.interruptions++;
      this.sim.events.record(involved(node), 'Warning', 'SpotInterruption', `Spot instance ${nodeName} was reclaimed by the cloud provider`, { component: 'cloud-provider' });
      this.sim.decisions.add('cloud-provider', `Node/${nodeName}`, `spot interruption in ${g.name}: node reclaimed, replacement launched`);
      this.sim.removeNode(nodeName);
      this.launch(g);
    }, { priority: Priority.Timeline });
  }
}
