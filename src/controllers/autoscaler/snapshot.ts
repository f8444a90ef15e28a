/**
 * The autoscaler's `ClusterSnapshot` and `PredicateChecker` (`simulator/clustersnapshot`, `simulator/predicatechecker`):
 * a scheduler cache of the real nodes and pods that simulations may change (template nodes added, pods moved) and
 * undo, and the filter-only scheduling check that runs the real scheduler's PreFilter and Filter plugins
 * (resources, ports, taints, node affinity, pod (anti-)affinity, topology spread, and the volume plugins over the
 * store's claims, volumes and classes) for one pod against one node.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { SimClock } from '../../cluster/time.ts';
import type { Store } from '../../cluster/store.ts';
import { ServiceSelectorIndex } from '../../cluster/service-selectors.ts';
import { SchedulerCache } from '../scheduler/cache.ts';
import type { RandomSource, StorageLister } from '../scheduler/framework/interface.ts';
import { storeStorageLister } from '../scheduler/framework/storage-lister.ts';
import type { SchedulerProfile } from '../scheduler/framework/profile.ts';
import { Framework } from '../scheduler/framework/runtime.ts';
import type { Status } from '../scheduler/framework/status.ts';
import { storePodInfo, toNodeInfo, toPodInfo } from '../scheduler/podinfo.ts';
import { NewPod, NodeShouldRunDaemonPod } from '../daemonset/util.ts';
import type { PodInfo } from '../scheduler/types.ts';

/** Filter plugins draw no random numbers; the checker still needs a source for the cycle state. */
const NO_RANDOM: RandomSource = { next: () => 0 };

/** A snapshot over a scheduler cache: the filter checks and the changes a simulation makes, with their undo. */
export class ClusterSnapshot {
  readonly cache = new SchedulerCache();
  readonly fw: Framework;
  /** Undo steps of each open {@link fork}, innermost last; each list newest last. */
  private readonly journals: (() => void)[][] = [];

  /**
   * `storage`: the volume plugins' view of the API (VolumeBinding, VolumeZone, NodeVolumeLimits check claims and
   * volumes against each node's labels, template nodes too); without it they Skip every pod.
   */
  constructor(profile: SchedulerProfile, storage?: StorageLister) {
    this.fw = new Framework(profile, this.cache, storage ? { storage } : {});
  }

  /** Starts recording changes; {@link revert} undoes them. Forks nest (a scan forks, the estimator forks inside). */
  fork(): void {
    this.journals.push([]);
  }

  /** Undoes every change since the innermost {@link fork}. */
  revert(): void {
    const j = this.journals.pop() ?? [];
    for (let i = j.length - 1; i >= 0; i--) j[i]!();
  }

  /** Keeps the changes since the innermost {@link fork} (an outer fork can still undo them). */
  commit(): void {
    const j = this.journals.pop() ?? [];
    this.journals[this.journals.length - 1]?.push(...j);
  }

  /** Whether a simulation is open (the live watches must not run then). */
  get forked(): boolean {
    return this.journals.length > 0;
  }

  private record(undo: () => void): void {
    this.journals[this.journals.length - 1]?.push(undo);
  }

  /** Adds a node (a template copy during a simulation). */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    this.cache.addNode(toNodeInfo(node));
    this.record(() => this.cache.removeNode(name));
  }

  /** The DaemonSets a template node runs pods of (`GetDaemonSetPodsForNode`); none for a bare snapshot. */
  daemonSets: () => readonly DaemonSet[] = () => [];

  /**
   * Adds a node built from a node group's template (`TemplateNodeInfo` → `FreshNodeInfoFromTemplateNodeInfo`)
   * with the pods of every DaemonSet that should run on it, so their requests are taken before pending pods are
   * packed onto it, as upstream's template NodeInfo carries them.
   */
  addTemplateNode(node: Node): void {
    this.addNode(node);
    const name = node.metadata?.name ?? '';
    for (const pod of GetDaemonSetPodsForNode(node, this.daemonSets())) this.addPod(toPodInfo(pod), name);
  }

  /** Places a pod on a node. */
  addPod(pod: PodInfo, nodeName: string): void {
    const before = this.cache.placement(pod.key);
    this.cache.addPod(pod, nodeName);
    this.record(() => {
      this.cache.removePod(pod.key);
      if (before) this.cache.addPod(before.pod, before.node.spec.name);
    });
  }

  /** Takes a pod off its node. */
  removePod(key: string): void {
    const before = this.cache.placement(key);
    if (!before) return;
    this.cache.removePod(key);
    this.record(() => this.cache.addPod(before.pod, before.node.spec.name));
  }

  /**
   * `CheckPredicates`: PreFilter then Filter of `pod` on node `nodeName`; null when it fits, else the failing
   * status (its reasons are what `NotTriggerScaleUp` aggregates: `Insufficient cpu`, …).
   */
  checkPredicates(pod: PodInfo, nodeName: string): Status | null {
    const i = this.cache.indexOf(nodeName);
    if (i < 0) throw new Error(`ClusterSnapshot.checkPredicates: unknown node ${JSON.stringify(nodeName)}`);
    const state = this.fw.newCycleState(pod, NO_RANDOM);
    const pre = this.fw.runPreFilterPlugins(state, pod);
    if (pre) return pre;
    return this.fw.runFilterPlugins(state, pod, i);
  }

  /**
   * `FitsAnyNodeMatching`: the first node in snapshot order that `matches` and passes every filter, or undefined.
   * PreFilter runs once for the pod; a PreFilter rejection means no node fits.
   */
  fitsAnyNodeMatching(pod: PodInfo, matches: (nodeName: string) => boolean): string | undefined {
    const state = this.fw.newCycleState(pod, NO_RANDOM);
    if (this.fw.runPreFilterPlugins(state, pod)) return undefined;
    const nodes = this.cache.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const name = nodes[i]!.spec.name;
      if (!matches(name)) continue;
      if (this.fw.runFilterPlugins(state, pod, i) === null) return name;
    }
    return undefined;
  }

  /**
   * Requested utilisation of a node (`utilization.Calculate`): the larger of cpu requested / allocatable and memory
   * requested / allocatable, every pod on the node counted (DaemonSet and mirror pods too, as with upstream's
   * `--ignore-daemonsets-utilization=false` and `--ignore-mirror-pods-utilization=false`). 0 for an unknown node.
   */
  utilization(nodeName: string): { cpu: number; memory: number; utilization: number; resource: 'cpu' | 'memory' } {
    const i = this.cache.indexOf(nodeName);
    if (i < 0) return { cpu: 0, memory: 0, utilization: 0, resource: 'cpu' };
    const c = this.cache;
    const cpu = c.allocCpu[i]! > 0 ? c.reqCpu[i]! / c.allocCpu[i]! : 0;
    const memory = c.allocMem[i]! > 0 ? c.reqMem[i]! / c.allocMem[i]! : 0;
    return memory > cpu ? { cpu, memory, utilization: memory, resource: 'memory' } : { cpu, memory, utilization: cpu, resource: 'cpu' };
  }
}

/**
 * `daemonset.GetDaemonSetPodsForNode`: a pod of every DaemonSet that should run on the node (`NodeShouldRunDaemonPod`;
 * whether it fits is not checked, as upstream's), owned by its DaemonSet. Upstream names each
 * `<ds>-pod-<random int63>`; here `<ds>-pod-<node>`, unique per node and free of random draws.
 */
export function GetDaemonSetPodsForNode(node: Node, daemonsets: readonly DaemonSet[]): Pod[] {
  const nodeName = node.metadata?.name ?? '';
  const result: Pod[] = [];
  for (const ds of daemonsets) {
    if (!NodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    const pod = NewPod(ds, nodeName);
    pod.metadata = {
      ...pod.metadata,
      name: `${ds.metadata?.name ?? ''}-pod-${nodeName}`,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', uid: ds.metadata?.uid ?? '', name: ds.metadata?.name ?? '', controller: true }],
    };
    result.push(pod);
  }
  return result;
}

/**
 * Keeps a {@link ClusterSnapshot} in step with the store through watches, as the autoscaler's informers do: every
 * node, and every pod bound to one and not finished. Pods' scheduler view is built once per stored version.
 */
export class LiveSnapshot extends ClusterSnapshot {
  private readonly services: ServiceSelectorIndex;
  private readonly infos = new WeakMap<object, PodInfo>();
  /** Bumped on every change the watches see, so a scan can tell whether anything moved since the last one. */
  generation = 0;
  /** Bumped on Node changes only. */
  nodeGeneration = 0;

  constructor(private readonly store: Store, private readonly clock: SimClock, profile: SchedulerProfile) {
    // The same informers as the scheduler's (upstream's predicate checker reads the real listers), never written.
    super(profile, storeStorageLister(store, { readOnly: true }));
    this.services = new ServiceSelectorIndex(store);
    this.daemonSets = () => store.list<DaemonSet>('DaemonSet').filter((ds) => !ds.metadata.deletionTimestamp);
    for (const n of store.list<Node>('Node')) this.cache.addNode(toNodeInfo(n));
    for (const p of store.list<Pod>('Pod')) this.syncPod(p, undefined);
    store.watch<Node>('Node', (e) => {
      this.generation++;
      this.nodeGeneration++;
      if (e.type === 'DELETED') this.cache.removeNode(e.object.metadata.name);
      else if (e.type === 'ADDED' || e.old?.spec !== e.object.spec || e.old?.metadata.labels !== e.object.metadata.labels || e.old?.status?.allocatable !== e.object.status?.allocatable) {
        this.cache.updateNode(toNodeInfo(e.object));
      }
    });
    store.watch<Pod>('Pod', (e) => {
      this.generation++;
      if (e.type === 'DELETED') this.cache.removePod(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      else this.syncPod(e.object, e.old);
    });
  }

  private syncPod(pod: Pod, old: Pod | undefined): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const node = pod.spec?.nodeName;
    const phase = pod.status?.phase;
    if (!node || phase === 'Succeeded' || phase === 'Failed' || this.cache.indexOf(node) < 0) {
      this.cache.removePod(key);
      return;
    }
    const placed = this.cache.placement(key);
    if (placed && old && old.spec === pod.spec && old.metadata?.labels === pod.metadata?.labels && old.metadata?.deletionTimestamp === pod.metadata?.deletionTimestamp) return;
    this.cache.addPod(this.podInfo(pod), node);
  }

  /** The scheduler's view of a pod, with the selectors default spreading counts (as the scheduler builds it). */
  podInfo(pod: Pod): PodInfo {
    const cached = this.infos.get(pod);
    if (cached) return cached;
    const info = storePodInfo(pod, this.store, this.services, this.clock);
    this.infos.set(pod, info);
    return info;
  }
}
