/**
 * Node lifecycle: what kube-controller-manager's node lifecycle controller, taint-eviction controller and pod GC
 * do when a node stops reporting, and what `kubectl cordon/uncordon` do.
 *
 * - A node whose kubelet stops posting status goes `Ready=Unknown` (`NodeStatusUnknown`, "Kubelet stopped posting
 *   node status.") once `node-monitor-grace-period` has passed (50 s since Kubernetes 1.32, 40 s before), gets the
 *   `node.kubernetes.io/unreachable` NoSchedule and NoExecute taints, and its pods are marked not ready.
 * - The taint-eviction controller deletes each pod on it when its toleration of the NoExecute taint runs out: the
 *   DefaultTolerationSeconds admission plugin gives every pod 300 s unless it says otherwise. The pods stay
 *   Terminating (their kubelet is gone) while their controllers create replacements elsewhere.
 * - When the kubelet is back, the node is Ready again and the taints are removed.
 * - Pods bound to a node that no longer exists are force-deleted (pod GC).
 */
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import { deletePod } from '../../cluster/pods.ts';
import {
  getMatchingTolerations,
  getMinTolerationTimeMs,
  NODE_MONITOR_GRACE_PERIOD_MS,
  PRESSURE_CONDITION_TAINTS,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
} from './taint-eviction.ts';
import type { Stored } from '../../cluster/store.ts';
import type { TimerId } from '../../engine/queue.ts';
import { involved, Priority, type Controller, type ControllerContext } from '../context.ts';

export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export interface NodeLifecycleOptions {
  /** node-monitor-grace-period. Default 50 s (Kubernetes 1.32+; 40 s before). */
  nodeMonitorGracePeriodMs?: number;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-controller';
  private ctx!: ControllerContext;
  private readonly gracePeriodMs: number;
  private readonly notReadyTimers = new Map<string, TimerId>();
  private readonly evictionTimers = new Map<string, TimerId[]>();

  constructor(options: NodeLifecycleOptions = {}) {
    this.gracePeriodMs = options.nodeMonitorGracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    ctx.store.watch<Node>('Node', (e) => {
      const name = e.object.metadata.name;
      if (e.type !== 'DELETED') {
        if (pressureTaintsToSwap(e.object)) ctx.engine.at(ctx.engine.nowMs, () => this.doNoScheduleTaintingPass(name), { priority: Priority.NodeLifecycle });
        return;
      }
      ctx.engine.at(ctx.engine.nowMs, () => this.gcPodsOf(name), { priority: Priority.NodeLifecycle });
    });
  }

  /**
   * `doNoScheduleTaintingPass` for the pressure conditions: MemoryPressure, DiskPressure and PIDPressure True
   * carry the NoSchedule taints `node.kubernetes.io/{memory,disk,pid}-pressure`, removed when the condition clears
   * (`SwapNodeControllerTaint`, new taints stamped with timeAdded). Ready and unschedulable keep their own paths.
   */
  private doNoScheduleTaintingPass(node: string): void {
    const n = this.ctx.store.get<Node>('Node', '', node);
    const swap = n && pressureTaintsToSwap(n);
    if (!swap) return;
    const ts = this.ctx.clock.timestamp(this.ctx.engine.nowMs);
    this.ctx.store.mutate<Node>('Node', '', node, (d) => {
      const taints = (d.spec?.taints ?? []).filter((t) => !swap.remove.includes(t.key));
      for (const key of swap.add) taints.push({ key, effect: 'NoSchedule', timeAdded: ts });
      d.spec = JSON.parse(JSON.stringify({ ...(d.spec ?? {}), taints: taints.length ? taints : undefined }));
    });
  }

  /** The node's kubelet stopped posting status at now. */
  kubeletStopped(node: string): void {
    if (this.notReadyTimers.has(node)) return;
    const id = this.ctx.engine.after(this.gracePeriodMs, () => this.markUnreachable(node), { priority: Priority.NodeLifecycle });
    this.notReadyTimers.set(node, id);
  }

  /** The node's kubelet posts status again. */
  kubeletStarted(node: string): void {
    const t = this.notReadyTimers.get(node);
    if (t !== undefined) this.ctx.engine.cancel(t);
    this.notReadyTimers.delete(node);
    for (const id of this.evictionTimers.get(node) ?? []) this.ctx.engine.cancel(id);
    this.evictionTimers.delete(node);
    const n = this.ctx.store.get<Node>('Node', '', node);
    if (!n) return;
    const wasNotReady = readyStatus(n) !== 'True';
    this.ctx.store.mutate<Node>('Node', '', node, (d) => {
      d.spec = { ...(d.spec ?? {}), taints: (d.spec?.taints ?? []).filter((t) => t.key !== TAINT_NODE_UNREACHABLE && t.key !== TAINT_NODE_NOT_READY) };
      if (!d.spec.taints?.length) delete d.spec.taints;
      d.status = { ...(d.status ?? {}), conditions: this.conditions(d.status?.conditions, 'True') };
    });
    if (wasNotReady) this.nodeEvent(n, 'Normal', 'NodeReady', `Node ${node} status is now: NodeReady`);
  }

  /** `kubectl cordon` / `uncordon`: spec.unschedulable and the matching NoSchedule taint. */
  setUnschedulable(node: string, unschedulable: boolean): void {
    const n = this.ctx.store.get<Node>('Node', '', node);
    if (!n || (n.spec?.unschedulable === true) === unschedulable) return;
    this.ctx.store.mutate<Node>('Node', '', node, (d) => {
      const taints = (d.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNSCHEDULABLE);
      if (unschedulable) taints.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule', timeAdded: this.ctx.clock.timestamp(this.ctx.engine.nowMs) });
      d.spec = { ...(d.spec ?? {}), unschedulable: unschedulable || undefined, taints: taints.length ? taints : undefined };
      d.spec = JSON.parse(JSON.stringify(d.spec));
    });
    this.nodeEvent(n, 'Normal', unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${node} status is now: ${unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable'}`);
  }

  private markUnreachable(node: string): void {
    this.notReadyTimers.delete(node);
    const { store, clock, engine } = this.ctx;
    const n = store.get<Node>('Node', '', node);
    if (!n) return;
    const ts = clock.timestamp(engine.nowMs);
    const taints: Taint[] = [
      { key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule', timeAdded: ts },
      { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute', timeAdded: ts },
    ];
    store.mutate<Node>('Node', '', node, (d) => {
      d.spec = { ...(d.spec ?? {}), taints: [...(d.spec?.taints ?? []).filter((t) => t.key !== TAINT_NODE_UNREACHABLE), ...taints] };
      d.status = { ...(d.status ?? {}), conditions: this.conditions(d.status?.conditions, 'Unknown') };
    });
    this.nodeEvent(n, 'Normal', 'NodeNotReady', `Node ${node} status is now: NodeNotReady`);
    // MarkPodsNotReady, then the taint manager's per-pod eviction timers.
    const pods = store.list<Pod>('Pod').filter((p) => p.spec?.nodeName === node);
    const timers: TimerId[] = [];
    for (const pod of pods) {
      if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) {
        store.mutate<Pod>('Pod', pod.metadata.namespace, pod.metadata.name, (d) => {
          for (const c of d.status?.conditions ?? []) {
            if (c.type === 'Ready') {
              c.status = 'False';
              c.lastTransitionTime = ts;
              c.reason = undefined;
              c.message = undefined;
            }
          }
          d.status!.conditions = JSON.parse(JSON.stringify(d.status!.conditions));
        });
        this.ctx.events.record(involved(pod), 'Warning', 'NodeNotReady', 'Node is not ready', { component: this.name });
      }
      // The taint manager: an untolerated NoExecute taint evicts at once; otherwise at the smallest
      // tolerationSeconds of the matching tolerations (none set: tolerated forever). Pods carry the
      // DefaultTolerationSeconds tolerations from admission.
      const { allTolerated, used } = getMatchingTolerations([taints[1]!], pod.spec?.tolerations ?? []);
      const delayMs = allTolerated ? getMinTolerationTimeMs(used) : 0;
      if (delayMs < 0) continue;
      timers.push(engine.after(delayMs, () => this.evict(node, pod.metadata.namespace, pod.metadata.name, pod.metadata.uid), { priority: Priority.NodeLifecycle }));
    }
    this.evictionTimers.set(node, timers);
  }

  private evict(node: string, ns: string, name: string, uid: string): void {
    const pod = this.ctx.store.get<Pod>('Pod', ns, name);
    if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp || pod.spec?.nodeName !== node) return;
    this.ctx.events.record(involved(pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, { component: 'taint-eviction-controller' });
    deletePod(this.ctx.store, this.ctx.clock, this.ctx.engine.nowMs, pod as Stored<Pod>);
  }

  private gcPodsOf(node: string): void {
    for (const pod of this.ctx.store.list<Pod>('Pod')) {
      if (pod.spec?.nodeName !== node) continue;
      this.ctx.events.record(involved(pod), 'Normal', 'PodGC', `Deleting pod ${pod.metadata.name} on deleted node ${node}`, { component: 'pod-garbage-collector' });
      this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    }
  }

  private conditions(old: readonly NodeCondition[] | undefined, ready: 'True' | 'Unknown'): NodeCondition[] {
    const ts = this.ctx.clock.timestamp(this.ctx.engine.nowMs);
    const types = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];
    return types.map((type) => {
      const o = old?.find((c) => c.type === type);
      const status = type === 'Ready' ? ready : ready === 'True' ? 'False' : 'Unknown';
      if (o && o.status === status) return o;
      const c: NodeCondition = { type, status, lastHeartbeatTime: ts, lastTransitionTime: ts };
      if (status === 'Unknown') {
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
      } else if (type === 'Ready') {
        c.reason = 'KubeletReady';
        c.message = 'kubelet is posting ready status';
      } else {
        [c.reason, c.message] = HEALTHY_CONDITION_TEXT[type]!;
      }
      return c;
    });
  }

  private nodeEvent(n: Node, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(involved({ kind: 'Node', metadata: { name: n.metadata?.name, namespace: '' } }), type, reason, message, { component: this.name });
  }
}

/** Reasons and messages of healthy pressure conditions, as the kubelet sets them. */
const HEALTHY_CONDITION_TEXT: Readonly<Record<string, [string, string]>> = {
  MemoryPressure: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
};

/** The pressure taints to add and remove so that they match the node's conditions; undefined when they match. */
function pressureTaintsToSwap(n: Node): { add: string[]; remove: string[] } | undefined {
  const add: string[] = [];
  const remove: string[] = [];
  for (const [type, key] of Object.entries(PRESSURE_CONDITION_TAINTS)) {
    const want = n.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
    const has = n.spec?.taints?.some((t) => t.key === key && t.effect === 'NoSchedule') ?? false;
    if (want && !has) add.push(key);
    if (!want && has) remove.push(key);
  }
  return add.length + remove.length > 0 ? { add, remove } : undefined;
}

function readyStatus(n: Node): string | undefined {
  return n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}
