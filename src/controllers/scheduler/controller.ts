/**
 * The scheduler as a controller: keeps the scheduler cache in step with the store through watches, feeds pending
 * pods to the scheduling queue, and runs scheduling cycles (`scheduleOne`) as engine events. Success writes the
 * binding (spec.nodeName) and a `Scheduled` event; failure writes `PodScheduled=False` with the real
 * `FailedScheduling` message, runs preemption's outcome (victims evicted, `nominatedNodeName` set) and parks the pod
 * until a cluster event or its back-off lets it try again. Every placement's top node scores go to the decision
 * log.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { labelSelectorAsSelector } from '../../api/selector.ts';
import { deletePod } from '../../cluster/pods.ts';
import type { Stored } from '../../cluster/store.ts';
import { ServiceSelectorIndex } from '../../cluster/service-selectors.ts';
import type { TimerId } from '../../engine/queue.ts';
import { involved, Priority, type Controller, type ControllerContext } from '../context.ts';
import { SchedulerCache } from './cache.ts';
import type { CycleState, PdbInfo } from './framework/interface.ts';
import { storeStorageLister } from './framework/storage-lister.ts';
import { defaultProfile, type SchedulerProfile } from './framework/profile.ts';
import { Framework, type ScheduleResult } from './framework/runtime.ts';
import { DEFAULT_BIND_TIMEOUT_MS } from './plugins/VolumeBinding/index.ts';
import { storePodInfo, toNodeInfo } from './podinfo.ts';
import { SchedulingQueue } from './queue.ts';
import type { PodInfo } from './types.ts';

export interface SchedulerControllerOptions {
  /** The profile (KubeSchedulerConfiguration-shaped, parsed). Default: the default profile. */
  profile?: SchedulerProfile;
}

/** How often a binding cycle waiting in PreBind asks again (upstream's BindPodVolumes polls every second), ms. */
const PRE_BIND_POLL_MS = 1000;

/** A binding cycle waiting in PreBind for its volumes. */
interface WaitingBinding {
  info: PodInfo;
  node: string;
  state: CycleState;
  result: ScheduleResult;
  startMs: number;
}

export class SchedulerController implements Controller {
  readonly name = 'default-scheduler';
  private ctx!: ControllerContext;
  private cache!: SchedulerCache;
  private fw!: Framework;
  private queue!: SchedulingQueue;
  private readonly profile: SchedulerProfile;
  private drainPending = false;
  /** Services by selector labels: the owners whose selectors default spreading counts (see `podInfo`). */
  private services!: ServiceSelectorIndex;
  private wakeTimer: TimerId | undefined;
  /** Binding cycles waiting in PreBind, by pod key. */
  private readonly waiting = new Map<string, WaitingBinding>();
  /** Cycles run, and pods bound, for the summary. */
  attempts = 0;
  bound = 0;

  constructor(options: SchedulerControllerOptions = {}) {
    this.profile = options.profile ?? defaultProfile();
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.cache = new SchedulerCache();
    this.services = new ServiceSelectorIndex(ctx.store);
    this.fw = new Framework(this.profile, this.cache, { pdbs: () => this.pdbs(), storage: storeStorageLister(ctx.store) });
    this.queue = new SchedulingQueue();
    const now = () => ctx.engine.nowMs;

    ctx.store.watch<Node>('Node', (e) => {
      const name = e.object.metadata.name;
      if (e.type === 'ADDED') {
        this.cache.addNode(toNodeInfo(e.object));
        this.queue.onClusterEvent('NodeAdd', now());
      } else if (e.type === 'MODIFIED') {
        const o = e.old!;
        const n = e.object;
        if (o.spec === n.spec && o.metadata.labels === n.metadata.labels && o.status?.allocatable === n.status?.allocatable && o.status?.images === n.status?.images) return;
        this.cache.updateNode(toNodeInfo(n));
        this.queue.onClusterEvent('NodeUpdate', now());
      } else {
        this.cache.removeNode(name);
      }
      this.wake();
    });

    ctx.store.watch<Pod>('Pod', (e) => {
      const pod = e.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (e.type === 'DELETED') {
        this.waiting.delete(key);
        this.cache.removePod(key);
        this.queue.delete(key);
        this.queue.onClusterEvent('PodDelete', now());
        this.wake();
        return;
      }
      const phase = pod.status?.phase;
      if (pod.spec?.nodeName) {
        if (phase === 'Succeeded' || phase === 'Failed') {
          if (this.cache.placement(key)) {
            this.cache.removePod(key);
            this.queue.onClusterEvent('PodDelete', now());
            this.wake();
          }
        } else if (!this.cache.placement(key)) {
          // Bound by someone else (or created bound): account for it.
          this.cache.addPod(this.podInfo(pod), pod.spec.nodeName);
        }
        return;
      }
      if ((pod.spec?.schedulerName ?? 'default-scheduler') !== this.profile.schedulerName) return;
      if (this.waiting.has(key)) return;
      if (pod.metadata.deletionTimestamp) return;
      if (e.type === 'ADDED') this.queue.add(this.podInfo(pod), now());
      else if (e.old?.metadata.labels !== pod.metadata.labels || e.old?.spec !== pod.spec) this.queue.update(this.podInfo(pod), now());
      else return;
      this.wake();
    });

    // Claims, volumes and classes appearing or changing may make pods with volumes schedulable.
    const storageEvent = (event: 'PvcAdd' | 'PvcUpdate' | 'PvAdd' | 'PvUpdate' | 'StorageClassAdd') => {
      this.queue.onClusterEvent(event, now());
      this.wake();
    };
    ctx.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (e.type !== 'DELETED') storageEvent(e.type === 'ADDED' ? 'PvcAdd' : 'PvcUpdate');
    });
    ctx.store.watch<PersistentVolume>('PersistentVolume', (e) => {
      if (e.type !== 'DELETED') storageEvent(e.type === 'ADDED' ? 'PvAdd' : 'PvUpdate');
    });
    ctx.store.watch<StorageClass>('StorageClass', (e) => {
      if (e.type === 'ADDED') storageEvent('StorageClassAdd');
    });
  }

  /** Queue sizes (active, backoff, unschedulable, in flight). */
  queueLengths() {
    return this.queue.lengths();
  }

  private wake(): void {
    if (this.drainPending) return;
    this.drainPending = true;
    this.ctx.engine.at(this.ctx.engine.nowMs, () => this.drain(), { priority: Priority.Scheduler });
  }

  private drain(): void {
    this.drainPending = false;
    const engine = this.ctx.engine;
    this.queue.flush(engine.nowMs);
    for (let next = this.queue.pop(engine.nowMs); next; next = this.queue.pop(engine.nowMs)) {
      this.scheduleOne(next.info.pod);
      this.queue.flush(engine.nowMs);
    }
    const wakeAt = this.queue.nextWakeMs();
    if (this.wakeTimer !== undefined) engine.cancel(this.wakeTimer);
    this.wakeTimer = undefined;
    if (wakeAt !== undefined) {
      this.wakeTimer = engine.at(Math.max(wakeAt, engine.nowMs), () => {
        this.wakeTimer = undefined;
        this.wake();
      }, { priority: Priority.Scheduler });
    }
  }

  private scheduleOne(info: PodInfo): void {
    const { store, engine, clock, events, decisions } = this.ctx;
    const slash = info.key.indexOf('/');
    const ns = info.key.slice(0, slash);
    const name = info.key.slice(slash + 1);
    const pod = store.get<Pod>('Pod', ns, name);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) {
      this.queue.done(info.key);
      return;
    }
    this.attempts++;
    const rng = engine.rng('scheduler');
    const r = this.fw.schedulePod(info, rng);
    if (r.nodeName) {
      const state = r.state ?? this.fw.newCycleState(info, rng);
      const w: WaitingBinding = { info, node: r.nodeName, state, result: r, startMs: engine.nowMs };
      const reserved = this.fw.reserve(info, r.nodeName, rng, state);
      if (reserved) this.bindingFailed(w, reserved.message(), false);
      else this.bindingCycle(w);
      return;
    }
    const message = r.failedSchedulingMessage ?? r.status.message();
    events.record(involved(pod), 'Warning', 'FailedScheduling', message, { component: this.name });
    decisions.add('scheduler', `Pod/${ns}/${name}`, `unschedulable: ${message}`, { ...r.decision });
    const post = r.postFilterResult;
    const ts = clock.timestamp(engine.nowMs);
    store.mutate<Pod>('Pod', ns, name, (d) => {
      const old = d.status?.conditions?.find((c) => c.type === 'PodScheduled');
      const conds = (d.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conds.push({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastTransitionTime: old?.status === 'False' ? old.lastTransitionTime : ts,
      });
      d.status = { ...(d.status ?? {}), phase: 'Pending', conditions: conds };
      if (post?.nominatedNodeName) d.status.nominatedNodeName = post.nominatedNodeName;
    });
    if (post) {
      if (post.nominatedNodeName) this.cache.setNominatedNode(info, post.nominatedNodeName);
      for (const v of post.victims) {
        const vs = v.key.indexOf('/');
        const victim = store.get<Pod>('Pod', v.key.slice(0, vs), v.key.slice(vs + 1));
        if (!victim) continue;
        events.record(involved(victim), 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${post.nominatedNodeName}`, { component: this.name });
        // prepareCandidate: the DisruptionTarget condition first (a Job's pod failure policy can match it), then the delete.
        if (!victim.status?.conditions?.some((c) => c.type === 'DisruptionTarget')) {
          store.mutate<Pod>('Pod', victim.metadata.namespace, victim.metadata.name, (d) => {
            const condition = {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'PreemptionByScheduler',
              message: `${pod.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
              lastTransitionTime: clock.timestamp(engine.nowMs),
            };
            d.status = { ...(d.status ?? {}), conditions: [...(d.status?.conditions ?? []), condition] };
          });
        }
        deletePod(store, clock, engine.nowMs, store.get<Pod>('Pod', victim.metadata.namespace, victim.metadata.name)!);
      }
      for (const c of post.clearNominations) {
        const cs = c.key.indexOf('/');
        const other = store.get<Pod>('Pod', c.key.slice(0, cs), c.key.slice(cs + 1));
        if (other?.status?.nominatedNodeName) {
          store.mutate<Pod>('Pod', other.metadata.namespace, other.metadata.name, (d) => {
            delete d.status!.nominatedNodeName;
          });
        }
      }
    }
    this.queue.addUnschedulable(info.key, engine.nowMs);
  }

  /**
   * The binding cycle after Reserve: PreBind plugins, then the binding. A PreBind that waits (VolumeBinding while
   * the PV controller binds or provisions) is asked again every second, up to VolumeBinding's bind timeout; the
   * pod stays assumed on its node meanwhile, so later pods see its resources taken.
   */
  private bindingCycle(w: WaitingBinding): void {
    const { engine, store } = this.ctx;
    const status = this.fw.runPreBindPlugins(w.state, w.info, w.node);
    if (status === null) {
      this.finishBinding(w);
      return;
    }
    if (status.code !== 'Wait') {
      this.bindingFailed(w, status.message(), true);
      return;
    }
    if (engine.nowMs - w.startMs >= DEFAULT_BIND_TIMEOUT_MS) {
      this.bindingFailed(w, `running PreBind plugin ${JSON.stringify(status.plugin)}: context deadline exceeded`, true);
      return;
    }
    const key = w.info.key;
    this.waiting.set(key, w);
    engine.after(PRE_BIND_POLL_MS, () => {
      // Deleted meanwhile: the Pod watch has forgotten the assumed pod already.
      if (this.waiting.get(key) !== w) return;
      this.waiting.delete(key);
      const slash = key.indexOf('/');
      const pod = store.get<Pod>('Pod', key.slice(0, slash), key.slice(slash + 1));
      if (!pod || pod.metadata.deletionTimestamp || pod.spec?.nodeName) {
        this.fw.unreserve(w.state, w.info, w.node);
        this.queue.done(key);
        return;
      }
      this.bindingCycle(w);
    }, { priority: Priority.Scheduler });
  }

  /** Bind plugins, then the binding itself (spec.nodeName), the `Scheduled` event and the decision. */
  private finishBinding(w: WaitingBinding): void {
    const { store, engine, clock, events, decisions } = this.ctx;
    const { info, node, result: r } = w;
    const slash = info.key.indexOf('/');
    const ns = info.key.slice(0, slash);
    const name = info.key.slice(slash + 1);
    const pod = store.get<Pod>('Pod', ns, name)!;
    this.fw.bind(info, node, engine.rng('scheduler'), w.state);
    const ts = clock.timestamp(engine.nowMs);
    // The binding, built by hand rather than through a draft: one of the two writes every pod start costs here.
    store.update<Pod>('Pod', ns, name, (p) => {
      // Kept arrays and objects are sized exactly: `concat` allocates the length it returns (`push` would keep room for
      // 17), and `Object.assign` onto `{}` stores a new key compactly where a spread copy given one more key keeps
      // about 400 bytes per object (measured on Node 22). Keys keep the spread's order: the source's, then new ones.
      const conds = (p.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled').concat([{ type: 'PodScheduled', status: 'True', lastTransitionTime: ts }]);
      const status: NonNullable<Pod['status']> = Object.assign({}, p.status, { phase: p.status?.phase ?? 'Pending', conditions: conds });
      if (status.nominatedNodeName) delete status.nominatedNodeName;
      return { ...p, spec: Object.assign({}, p.spec, { nodeName: node }), status };
    });
    this.queue.done(info.key);
    this.bound++;
    events.record(involved(pod), 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`, { component: this.name });
    decisions.add('scheduler', `Pod/${ns}/${name}`, `bound to ${node} (${r.decision.via}; ${r.decision.feasibleNodes} feasible of ${r.decision.totalNodes})`, {
      ...r.decision,
    });
  }

  /**
   * A failed Reserve or binding cycle (`handleBindingCycleError`): the assumed pod is forgotten (after Reserve
   * succeeded), the pod gets `FailedScheduling` and PodScheduled=False with reason SchedulerError, and goes back
   * to the queue with back-off.
   */
  private bindingFailed(w: WaitingBinding, message: string, reserved: boolean): void {
    const { store, engine, clock, events, decisions } = this.ctx;
    if (reserved) this.fw.unreserve(w.state, w.info, w.node);
    const key = w.info.key;
    const slash = key.indexOf('/');
    const pod = store.get<Pod>('Pod', key.slice(0, slash), key.slice(slash + 1));
    if (pod) {
      events.record(involved(pod), 'Warning', 'FailedScheduling', message, { component: this.name });
      decisions.add('scheduler', `Pod/${key}`, `binding to ${w.node} failed: ${message}`, { ...w.result.decision });
      const ts = clock.timestamp(engine.nowMs);
      store.mutate<Pod>('Pod', pod.metadata.namespace, pod.metadata.name, (d) => {
        const conds = (d.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
        conds.push({ type: 'PodScheduled', status: 'False', reason: 'SchedulerError', message, lastTransitionTime: ts });
        d.status = { ...(d.status ?? {}), phase: 'Pending', conditions: conds };
      });
    }
    this.queue.addUnschedulable(key, engine.nowMs, { error: true });
    this.wake();
  }

  private podInfo(pod: Stored<Pod>): PodInfo {
    return storePodInfo(pod, this.ctx.store, this.services, this.ctx.clock);
  }

  private pdbs(): PdbInfo[] {
    return this.ctx.store.list<PodDisruptionBudget>('PodDisruptionBudget').map((pdb) => {
      const sel = labelSelectorAsSelector(pdb.spec?.selector);
      return {
        namespace: pdb.metadata.namespace,
        matches: (labels: Readonly<Record<string, string>>) => sel.matches(labels),
        disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
        ...(pdb.status?.disruptedPods ? { disruptedPods: Object.keys(pdb.status.disruptedPods) } : {}),
      };
    });
  }
}
