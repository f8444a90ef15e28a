/**
 * The cluster autoscaler as a controller (`core/static_autoscaler.go` `RunOnce`): every `--scan-interval` it finds
 * the pods the scheduler marked unschedulable, drops those that fit existing or upcoming nodes
 * (`filterOutSchedulable`), asks the scale-up orchestrator for one scale-up, and otherwise plans and performs
 * scale-down: empty nodes in bulk, one non-empty node at a time drained through the eviction API. It emits
 * upstream's events, keeps the `cluster-autoscaler-status` ConfigMap, and logs every decision with its reasons.
 */
import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { stringify } from 'yaml';
import { podCondition } from '../../cluster/pods.ts';
import { involved, Priority, type Controller, type ControllerContext } from '../context.ts';
import type { SchedulerProfile } from '../scheduler/framework/profile.ts';
import { defaultProfile } from '../scheduler/framework/profile.ts';
import type { PodInfo } from '../scheduler/types.ts';
import type { CloudProvider } from './cloud-provider.ts';
import { parsePriorities, PRIORITY_CONFIGMAP_KEY, PRIORITY_CONFIGMAP_NAME } from './expander.ts';
import { freshNodeFromTemplate } from './estimator.ts';
import type { AutoscalingOptions, NodeGroupSpec } from './options.ts';
import { buildPodEquivalenceGroups, computeScaleUp, formatScaleUpInfo, reasonsMessage, type ScaleUpStatus } from './scaleup.ts';
import { simulateNodeRemovals, TO_BE_DELETED_TAINT, UnneededNodes, type RemovableNode } from './scaledown.ts';
import { LiveSnapshot } from './snapshot.ts';

/** The autoscaler's namespace, where its status and the priority expander's ConfigMap live. */
export const AUTOSCALER_NAMESPACE = 'kube-system';
/** `StatusConfigMapName`. */
export const STATUS_CONFIGMAP_NAME = 'cluster-autoscaler-status';
/** `EvictionRetryTime`: a refused eviction is tried again this much later. */
export const EVICTION_RETRY_TIME_MS = 10_000;
/** `MaxPodEvictionTime`: evictions still refused after this fail the node's scale-down. */
export const MAX_POD_EVICTION_TIME_MS = 120_000;
/** `PodEvictionHeadroom`: extra wait beyond the longest grace period for evicted pods to go. */
export const POD_EVICTION_HEADROOM_MS = 30_000;
/** How often a drained node is checked for pods still terminating. */
const DRAIN_POLL_MS = 5_000;

const COMPONENT = 'cluster-autoscaler';

export interface ClusterAutoscalerOptions {
  provider: CloudProvider;
  options: AutoscalingOptions;
  /** The scheduler profile whose filters the simulations run. Default: the default profile. */
  schedulerProfile?: SchedulerProfile;
}

/** Counters for the summary and tests. */
export interface AutoscalerStats {
  scaleUps: number;
  nodesAdded: number;
  scaleDowns: number;
  nodesRemoved: number;
}

export class ClusterAutoscaler implements Controller {
  readonly name = COMPONENT;
  readonly stats: AutoscalerStats = { scaleUps: 0, nodesAdded: 0, scaleDowns: 0, nodesRemoved: 0 };
  private ctx!: ControllerContext;
  private snapshot!: LiveSnapshot;
  private readonly provider: CloudProvider;
  private readonly opts: AutoscalingOptions;
  private readonly profile: SchedulerProfile;
  /** Pods not bound, not deleting, marked `PodScheduled=False` (`Unschedulable`) by the scheduler. */
  private readonly unschedulable = new Map<string, Pod>();
  private readonly unneeded = new UnneededNodes();
  /** Nodes being removed (tainted, draining or deleting). */
  private readonly deleting = new Set<string>();
  private lastScaleUpMs = -Infinity;
  private lastScaleDownDeleteMs = -Infinity;
  private lastScaleDownFailMs = -Infinity;
  private lastStatusText = '';
  private lastStatusInputs = '';
  /** The last scale-down plan logged (unneeded nodes and kept underused nodes), to log only changes. */
  private lastPlanSignature = '';
  /** The snapshot generation at the last scale-down pass that found nothing removable, to skip identical passes. */
  private quietGeneration = -1;
  private lastScaleUp: ScaleUpStatus | undefined;

  constructor(o: ClusterAutoscalerOptions) {
    this.provider = o.provider;
    this.opts = o.options;
    this.profile = o.schedulerProfile ?? defaultProfile();
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.snapshot = new LiveSnapshot(ctx.store, ctx.clock, this.profile);
    ctx.store.watch<Pod>('Pod', (e) => {
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      const p = e.object;
      const c = e.type === 'DELETED' ? undefined : podCondition(p, 'PodScheduled');
      if (c && c.status === 'False' && c.reason === 'Unschedulable' && !p.spec?.nodeName && !p.metadata.deletionTimestamp) this.unschedulable.set(key, p);
      else this.unschedulable.delete(key);
    });
    ctx.engine.every(this.opts.scanIntervalMs, () => this.runOnce(), { priority: Priority.ClusterAutoscaler, phaseMs: this.opts.scanIntervalMs });
  }

  /** Nodes of a group registered now (Node objects), in store order. */
  private groupNodes(group: string): Node[] {
    return this.ctx.store.list<Node>('Node').filter((n) => this.provider.nodeGroupForNode(n) === group);
  }

  /** `RunOnce`: one scan. */
  runOnce(): void {
    const { engine } = this.ctx;
    const now = engine.nowMs;
    const groups = this.provider.nodeGroups();
    const scaleUp = this.scaleUpIfNeeded(groups, now);
    if (this.opts.scaleDownEnabled && scaleUp?.result !== 'Successful') this.scaleDownIfNeeded(groups, now);
    this.writeStatus(groups, now);
  }

  // -- scale-up -----------------------------------------------------------------------------------------------

  private pendingPods(now: number): Pod[] {
    const out: Pod[] = [];
    for (const p of this.unschedulable.values()) {
      const created = this.ctx.clock.simMs(p.metadata?.creationTimestamp ?? '');
      if (now - created >= this.opts.newPodScaleUpDelayMs) out.push(p);
    }
    return out;
  }

  private scaleUpIfNeeded(groups: readonly NodeGroupSpec[], now: number): ScaleUpStatus | undefined {
    const pending = this.pendingPods(now);
    if (pending.length === 0) {
      this.lastScaleUp = undefined;
      return undefined;
    }
    const { store, events, decisions, engine } = this.ctx;
    const snap = this.snapshot;
    snap.fork();
    let status: ScaleUpStatus;
    let schedulableCount = 0;
    try {
      // Upcoming nodes (requested, not registered yet) are in the snapshot, as upstream adds them from templates.
      let upcoming = 0;
      for (const g of groups) {
        const n = this.provider.targetSize(g.name) - this.groupNodes(g.name).length;
        for (let i = 0; i < n; i++) snap.addTemplateNode(freshNodeFromTemplate(this.provider.templateNode(g.name), `upcoming-${g.name}-${i}`));
        upcoming += Math.max(0, n);
      }
      // filterOutSchedulable: pods the scheduler will place on existing or upcoming nodes need no new node.
      const infos = pending.map((p) => ({ pod: p, info: snap.podInfo(p) })).sort((a, b) => b.info.priority - a.info.priority);
      const remaining: { info: PodInfo; groupKey: string }[] = [];
      for (const { pod, info } of infos) {
        const dest = snap.fitsAnyNodeMatching(info, (n) => !this.deleting.has(n));
        if (dest !== undefined) {
          snap.addPod(info, dest);
          schedulableCount++;
          continue;
        }
        const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
        remaining.push({ info, groupKey: ref ? `${ref.uid ?? ref.name}/${pod.metadata?.labels?.['pod-template-hash'] ?? ''}` : info.key });
      }
      status = computeScaleUp(snap, buildPodEquivalenceGroups(remaining), {
        groups,
        targetSize: (g) => this.provider.targetSize(g),
        templateNode: (g) => this.provider.templateNode(g),
        totalNodes: store.size('Node') + upcoming,
        options: this.opts,
        expander: {
          rng: engine.rng('cluster-autoscaler'),
          clusterSize: store.size('Node'),
          priorities: () => parsePriorities(store.get<ConfigMap>('ConfigMap', AUTOSCALER_NAMESPACE, PRIORITY_CONFIGMAP_NAME)?.data?.[PRIORITY_CONFIGMAP_KEY]),
          warn: (reason, message) => events.record({ kind: 'ConfigMap', name: PRIORITY_CONFIGMAP_NAME, namespace: AUTOSCALER_NAMESPACE }, 'Warning', reason, message, { component: COMPONENT }),
        },
      });
    } finally {
      snap.revert();
    }
    this.lastScaleUp = status;
    if (status.result === 'NotNeeded') return status;
    const why = {
      pendingPods: pending.length,
      fitExistingOrUpcoming: schedulableCount,
      groups: status.considered,
      ...(status.expander ? { expander: status.expander } : {}),
    };
    if (status.result === 'Successful' && status.scaleUpInfo) {
      const info = status.scaleUpInfo;
      const delta = info.newSize - info.currentSize;
      this.provider.increaseSize(info.group, delta);
      this.lastScaleUpMs = now;
      this.stats.scaleUps++;
      this.stats.nodesAdded += delta;
      this.statusEvent('Normal', 'ScaledUpGroup', `Scale-up: setting group ${info.group} size to ${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`);
      const text = `pod triggered scale-up: [${formatScaleUpInfo(info)}]`;
      for (const p of status.podsTriggeredScaleUp) this.podEvent(p, 'TriggeredScaleUp', text);
      const runnerUp = status.expander?.runnerUp ? `; runner-up ${status.expander.runnerUp.group} (${status.expander.runnerUp.nodeCount} nodes)` : '';
      decisions.add(COMPONENT, `NodeGroup/${info.group}`, `scale up ${info.currentSize}->${info.newSize}: ${status.podsTriggeredScaleUp.length} pending pods, estimator ${status.expander?.nodeCount} nodes, expander ${this.opts.expander} chose ${info.group}${runnerUp}`, why);
      return status;
    }
    for (const r of status.podsRemainUnschedulable) this.podEvent(r.pod, 'NotTriggerScaleUp', `pod didn't trigger scale-up: ${reasonsMessage(status.result, r.reasons)}`);
    decisions.add(COMPONENT, 'ScaleUp', `no scale-up (${status.result}) for ${status.podsRemainUnschedulable.length} pending pods`, why);
    return status;
  }

  private podEvent(info: PodInfo, reason: string, message: string): void {
    const pod = this.ctx.store.get<Pod>('Pod', info.namespace, info.name);
    if (pod) this.ctx.events.record(involved(pod), 'Normal', reason, message, { component: COMPONENT });
  }

  private statusEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record({ kind: 'ConfigMap', name: STATUS_CONFIGMAP_NAME, namespace: AUTOSCALER_NAMESPACE }, type, reason, message, { component: COMPONENT });
  }

  // -- scale-down ---------------------------------------------------------------------------------------------

  /** `isScaleDownInCooldown`: after a scale-up, a deletion or a failure. */
  private scaleDownInCooldown(now: number): boolean {
    const afterDelete = this.opts.scaleDownDelayAfterDeleteMs || this.opts.scanIntervalMs;
    return now < this.lastScaleUpMs + this.opts.scaleDownDelayAfterAddMs || now < this.lastScaleDownDeleteMs + afterDelete || now < this.lastScaleDownFailMs + this.opts.scaleDownDelayAfterFailureMs;
  }

  private podsOn(nodeName: string): Pod[] {
    const n = this.snapshot.cache.node(nodeName);
    if (!n) return [];
    const out: Pod[] = [];
    for (const info of n.pods) {
      const p = this.ctx.store.get<Pod>('Pod', info.namespace, info.name);
      if (p) out.push(p);
    }
    return out;
  }

  private scaleDownIfNeeded(groups: readonly NodeGroupSpec[], now: number): void {
    const { store, clock, decisions } = this.ctx;
    const snap = this.snapshot;
    // Nothing moved since a pass that found no removable node: the same pass would find none again.
    if (this.unneeded.size === 0 && snap.generation === this.quietGeneration) return;
    const threshold = this.opts.scaleDownUtilizationThreshold;
    // Eligibility's min-size check: a group at its min has no removable node, so it needs no drain simulation.
    const atMinSize = new Set(groups.filter((g) => this.provider.targetSize(g.name) <= g.minSize).map((g) => g.name));
    if (this.unneeded.size === 0 && atMinSize.size === groups.length) return;
    const candidates = store
      .list<Node>('Node')
      .filter((n) => !this.deleting.has(n.metadata.name))
      .map((node) => ({ node, group: this.provider.nodeGroupForNode(node), utilization: snap.utilization(node.metadata.name).utilization }));
    snap.fork();
    let result;
    try {
      result = simulateNodeRemovals(snap, {
        candidates,
        podsOn: (n) => this.podsOn(n),
        podInfo: (p) => snap.podInfo(p),
        pdbs: store.list<PodDisruptionBudget>('PodDisruptionBudget'),
        threshold,
        atMinSize,
        drain: { skipNodesWithSystemPods: this.opts.skipNodesWithSystemPods, skipNodesWithLocalStorage: this.opts.skipNodesWithLocalStorage },
        nowMs: now,
        simMs: (ts) => clock.simMs(ts),
        excluded: this.deleting,
      });
    } finally {
      snap.revert();
    }
    this.unneeded.update(result.removable, now);
    // Underused nodes kept, and why (nodes that are busy or not autoscaled are not news).
    const kept = result.unremovable
      .filter((u) => u.reason !== 'NotAutoscaled' && u.reason !== 'NotUnderutilized' && u.reason !== 'NodeGroupMinSizeReached')
      .map((u) => ({ node: u.node, reason: u.reason, ...(u.detail ? { detail: u.detail } : {}) }));
    const signature = JSON.stringify([result.removable.map((r) => r.node), kept.map((k) => [k.node, k.reason])]);
    if (signature !== this.lastPlanSignature) {
      this.lastPlanSignature = signature;
      const names = result.removable.map((r) => r.node).join(', ') || '(none)';
      const blocked = kept.length ? `; kept: ${kept.map((k) => `${k.node} (${k.reason}${k.detail ? `: ${k.detail}` : ''})`).join(', ')}` : '';
      decisions.add(COMPONENT, 'ScaleDown', `unneeded nodes: ${names}${blocked}`, {
        threshold,
        unneeded: result.removable.map((r) => ({ node: r.node, utilization: r.utilization, podsToMove: r.podsToMove.length })),
        unremovable: kept,
      });
    }
    this.quietGeneration = result.removable.length === 0 ? snap.generation : -1;
    if (this.scaleDownInCooldown(now)) return;
    const ready = this.unneeded.removableAt(now, this.opts.scaleDownUnneededTimeMs);
    if (ready.length === 0) return;
    // Group sizes after the deletions already under way; no group goes below its min.
    const size = new Map(groups.map((g) => [g.name, this.provider.targetSize(g.name) - [...this.deleting].filter((n) => this.groupOf(n) === g.name).length]));
    const min = new Map(groups.map((g) => [g.name, g.minSize]));
    const take = (r: RemovableNode): boolean => {
      const s = size.get(r.group) ?? 0;
      if (s <= (min.get(r.group) ?? 0)) return false;
      size.set(r.group, s - 1);
      return true;
    };
    const empty = ready.filter((e) => e.node.podsToMove.length === 0).map((e) => e.node).filter(take).slice(0, this.opts.maxEmptyBulkDelete);
    if (empty.length > 0) {
      for (const r of empty) this.deleteEmpty(r, now);
      return;
    }
    // One drain at a time (`--max-drain-parallelism` 1).
    if ([...this.deleting].length > 0) return;
    const nonEmpty = ready.map((e) => e.node).find((r) => r.podsToMove.length > 0 && take(r));
    if (nonEmpty) this.drainAndDelete(nonEmpty, now);
  }

  private groupOf(nodeName: string): string | undefined {
    const n = this.ctx.store.get<Node>('Node', '', nodeName);
    return n ? this.provider.nodeGroupForNode(n) : undefined;
  }

  /** Puts the `ToBeDeletedByClusterAutoscaler` taint on the node (or takes it off). */
  private setToBeDeleted(nodeName: string, on: boolean): void {
    const { store, engine, clock } = this.ctx;
    if (!store.get<Node>('Node', '', nodeName)) return;
    store.mutate<Node>('Node', '', nodeName, (d) => {
      const rest = (d.spec?.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT);
      const unix = Math.floor((clock.epochMs + engine.nowMs) / 1000);
      d.spec = { ...(d.spec ?? {}), taints: on ? [...rest, { key: TO_BE_DELETED_TAINT, value: String(unix), effect: 'NoSchedule' }] : rest };
    });
  }

  private nodeEvent(nodeName: string, reason: string, message: string): void {
    const n = this.ctx.store.get<Node>('Node', '', nodeName);
    if (n) this.ctx.events.record(involved(n), 'Normal', reason, message, { component: COMPONENT });
  }

  private deleteEmpty(r: RemovableNode, now: number): void {
    this.deleting.add(r.node);
    this.unneeded.drop(r.node);
    this.setToBeDeleted(r.node, true);
    this.nodeEvent(r.node, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    this.statusEvent('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${r.node}"`);
    this.ctx.decisions.add(COMPONENT, `Node/${r.node}`, `scale down empty node of ${r.group} (utilization ${r.utilization.toFixed(3)} < ${this.opts.scaleDownUtilizationThreshold})`, { group: r.group, utilization: r.utilization });
    this.provider.deleteNode(r.node);
    this.deleting.delete(r.node);
    this.lastScaleDownDeleteMs = now;
    this.stats.scaleDowns++;
    this.stats.nodesRemoved++;
    this.statusEvent('Normal', 'ScaleDownEmpty', `Scale-down: empty node ${r.node} removed`);
  }

  /**
   * `scheduleDeletion` of a non-empty node: taint it, evict each pod through the eviction API (a refusal is retried
   * every 10 s for up to 2 min, then the scale-down fails and the taint comes off), wait for the evicted pods to
   * terminate (their grace period, at most `--max-graceful-termination-sec`, plus 30 s), then delete the node.
   */
  private drainAndDelete(r: RemovableNode, now: number): void {
    const { engine, decisions } = this.ctx;
    this.deleting.add(r.node);
    this.unneeded.drop(r.node);
    this.setToBeDeleted(r.node, true);
    this.nodeEvent(r.node, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    const names = r.podsToMove.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    this.statusEvent('Normal', 'ScaleDown', `Scale-down: removing node ${r.node}, utilization: ${r.utilization.toFixed(3)}, pods to reschedule: ${names.join(',')}`);
    decisions.add(COMPONENT, `Node/${r.node}`, `scale down ${r.group}: drain ${names.length} pods (utilization ${r.utilization.toFixed(3)} < ${this.opts.scaleDownUtilizationThreshold})`, { group: r.group, podsToMove: names });
    const started = now;
    const evicted = new Set<string>();
    const evictAll = () => {
      let refused: string | undefined;
      for (const p of r.podsToMove) {
        const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
        if (evicted.has(key)) continue;
        const live = this.ctx.store.get<Pod>('Pod', p.metadata?.namespace ?? '', p.metadata?.name ?? '');
        if (!live || live.spec?.nodeName !== r.node || live.metadata.deletionTimestamp) {
          evicted.add(key);
          continue;
        }
        const d = this.provider.evict(live);
        if (d.allowed) {
          evicted.add(key);
          this.ctx.events.record(involved(live), 'Normal', 'ScaleDown', 'deleting pod for node scale down', { component: COMPONENT });
        } else refused = d.message;
      }
      if (refused === undefined) return waitForPods(engine.nowMs);
      if (engine.nowMs - started + EVICTION_RETRY_TIME_MS > MAX_POD_EVICTION_TIME_MS) return fail(`failed to evict pods from node ${r.node}: ${refused}`);
      engine.after(EVICTION_RETRY_TIME_MS, evictAll, { priority: Priority.ClusterAutoscaler });
    };
    const waitForPods = (since: number) => {
      const left = this.podsOn(r.node).filter((p) => evicted.has(`${p.metadata?.namespace}/${p.metadata?.name}`));
      const limit = this.opts.maxGracefulTerminationSec * 1000 + POD_EVICTION_HEADROOM_MS;
      if (left.length === 0 || engine.nowMs - since >= limit) return finish();
      engine.after(DRAIN_POLL_MS, () => waitForPods(since), { priority: Priority.ClusterAutoscaler });
    };
    const finish = () => {
      this.provider.deleteNode(r.node);
      this.deleting.delete(r.node);
      this.lastScaleDownDeleteMs = engine.nowMs;
      this.stats.scaleDowns++;
      this.stats.nodesRemoved++;
      this.statusEvent('Normal', 'ScaleDown', `Scale-down: node ${r.node} removed with drain`);
    };
    const fail = (message: string) => {
      this.setToBeDeleted(r.node, false);
      this.deleting.delete(r.node);
      this.lastScaleDownFailMs = engine.nowMs;
      this.nodeEvent(r.node, 'ScaleDownFailed', message);
      decisions.add(COMPONENT, `Node/${r.node}`, `scale down failed: ${message}`);
    };
    evictAll();
  }

  // -- status ---------------------------------------------------------------------------------------------------

  /**
   * The `cluster-autoscaler-status` ConfigMap (`clusterstate/api` `ClusterAutoscalerStatus` as YAML under `status`).
   * Upstream rewrites it every scan with a fresh probe time; kubesim writes it when anything but the time changed.
   */
  private writeStatus(groups: readonly NodeGroupSpec[], now: number): void {
    const { store, clock } = this.ctx;
    // The status reads nodes, target sizes and unneeded nodes only: unchanged inputs, unchanged status.
    const inputs = `${this.snapshot.nodeGeneration}/${groups.map((g) => this.provider.targetSize(g.name)).join(',')}/${this.unneeded.all().map((e) => e.node.node).join(',')}`;
    if (inputs === this.lastStatusInputs) return;
    this.lastStatusInputs = inputs;
    const nodes = store.list<Node>('Node');
    const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const unneededBy = new Map<string, number>();
    for (const e of this.unneeded.all()) unneededBy.set(e.node.group, (unneededBy.get(e.node.group) ?? 0) + 1);
    const groupStatus = groups.map((g) => {
      const members = nodes.filter((n) => this.provider.nodeGroupForNode(n) === g.name);
      const target = this.provider.targetSize(g.name);
      const candidates = unneededBy.get(g.name) ?? 0;
      return {
        name: g.name,
        health: {
          status: 'Healthy',
          nodeCounts: { registered: { total: members.length, ready: members.filter(ready).length, notStarted: 0 }, longUnregistered: 0, unregistered: Math.max(0, target - members.length) },
          cloudProviderTarget: target,
          minSize: g.minSize,
          maxSize: g.maxSize,
        },
        scaleUp: { status: target > members.length ? 'InProgress' : 'NoActivity' },
        scaleDown: { status: candidates > 0 ? 'CandidatesPresent' : 'NoCandidates', candidates },
      };
    });
    const upcoming = groupStatus.reduce((s, g) => s + g.health.nodeCounts.unregistered, 0);
    const body = {
      autoscalerStatus: 'Running',
      clusterWide: {
        health: { status: 'Healthy', nodeCounts: { registered: { total: nodes.length, ready: nodes.filter(ready).length, notStarted: 0 }, longUnregistered: 0, unregistered: upcoming } },
        scaleUp: { status: upcoming > 0 ? 'InProgress' : 'NoActivity' },
        scaleDown: { status: this.unneeded.size > 0 ? 'CandidatesPresent' : 'NoCandidates', candidates: this.unneeded.size },
      },
      nodeGroups: groupStatus,
    };
    // JSON as the change check: YAML rendering costs far more and is needed only when something changed.
    const signature = JSON.stringify(body);
    if (signature === this.lastStatusText) return;
    this.lastStatusText = signature;
    const text = stringify(body);
    const ts = clock.timestamp(now);
    const data = { status: `time: ${ts}\n${text}` };
    const annotations = { 'cluster-autoscaler.kubernetes.io/last-updated': ts };
    if (!store.get<ConfigMap>('ConfigMap', AUTOSCALER_NAMESPACE, STATUS_CONFIGMAP_NAME)) {
      store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: STATUS_CONFIGMAP_NAME, namespace: AUTOSCALER_NAMESPACE, annotations }, data });
    } else {
      store.mutate<ConfigMap>('ConfigMap', AUTOSCALER_NAMESPACE, STATUS_CONFIGMAP_NAME, (d) => {
        d.data = data;
        d.metadata.annotations = annotations;
      });
    }
  }

  /** The last scan's scale-up outcome (undefined when nothing was pending). */
  get lastScaleUpStatus(): ScaleUpStatus | undefined {
    return this.lastScaleUp;
  }
}
