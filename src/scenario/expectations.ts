/**
 * Expectations: what a scenario asserts about its run (SLOs met, pending time, replicas within bounds, rollout
 * completion, cost, no OOM kills…), evaluated at the end from observations collected while the run went on.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { DeploymentComplete } from '../controllers/deployment/util.ts';
import { formatDurationShort } from '../engine/duration.ts';
import { POOL_LABEL } from '../runtime/node-groups.ts';
import type { Simulation } from '../runtime/simulation.ts';
import type { Expectation, Scenario } from './types.ts';
import type { ScenarioRun } from './run.ts';

/** The outcome of one expectation. */
export interface ExpectationResult {
  readonly description: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly index: number;
}

/** Facts collected from watches while the run goes on. */
export class RunObserver {
  /** Longest time a pod waited from creation to being bound, and which pod. */
  maxPendingMs = 0;
  maxPendingPod = '';
  oomKills = 0;
  restarts = 0;
  evictions = 0;
  nodesPeak = 0;
  /** Fewest nodes at any time (registered Node objects). */
  nodesMin = 0;
  readonly nodesStart: number;
  /** Per pool (`kubesim.dev/pool`): nodes now, fewest and most at any time. */
  readonly poolNodes = new Map<string, { now: number; min: number; max: number }>();
  /** Per workload (`Kind/ns/name`): peak spec replicas and lowest available replicas after first availability. */
  readonly workloads = new Map<string, { kind: string; name: string; peak: number; minAvailable: number; seenAvailable: boolean }>();
  /** Per Deployment/Rollout: when the current rollout started (generation change) and when it completed. */
  readonly rollouts = new Map<string, { startedMs: number; completedMs?: number; history: { startedMs: number; completedMs?: number }[] }>();
  private readonly created = new Map<string, number>();

  private countPool(n: Node, delta: number, initial: boolean): void {
    const pool = n.metadata?.labels?.[POOL_LABEL];
    if (pool === undefined) return;
    const c = this.poolNodes.get(pool) ?? { now: 0, min: 0, max: 0 };
    c.now += delta;
    c.max = Math.max(c.max, c.now);
    c.min = initial ? c.now : Math.min(c.min, c.now);
    this.poolNodes.set(pool, c);
  }

  constructor(private readonly sim: Simulation) {
    const { store } = sim;
    this.nodesStart = store.size('Node');
    this.nodesPeak = this.nodesStart;
    this.nodesMin = this.nodesStart;
    for (const n of store.list<Node>('Node')) this.countPool(n, 1, true);
    store.watch<Node>('Node', (e) => {
      this.nodesPeak = Math.max(this.nodesPeak, store.size('Node'));
      this.nodesMin = Math.min(this.nodesMin, store.size('Node'));
      if (e.type === 'ADDED') this.countPool(e.object, 1, false);
      else if (e.type === 'DELETED') this.countPool(e.object, -1, false);
    });
    store.watch<Pod>('Pod', (e) => {
      const key = e.object.metadata.uid;
      const now = sim.nowMs;
      if (e.type === 'ADDED') this.created.set(key, now);
      if (e.type === 'DELETED') {
        this.pending(e.object, now);
        this.created.delete(key);
        return;
      }
      if (e.object.spec?.nodeName && !e.old?.spec?.nodeName) {
        this.pending(e.object, now);
        this.created.delete(key);
      }
      const before = e.old?.status?.containerStatuses ?? [];
      for (const cs of e.object.status?.containerStatuses ?? []) {
        const prev = before.find((b) => b.name === cs.name);
        if (cs.restartCount > (prev?.restartCount ?? 0)) this.restarts += cs.restartCount - (prev?.restartCount ?? 0);
        const term = cs.state?.terminated;
        if (term?.reason === 'OOMKilled' && prev?.state?.terminated?.finishedAt !== term.finishedAt) this.oomKills++;
      }
    });
    // StatefulSets in the summary's workload table: peak replicas and the fewest available once any was.
    store.watch<StatefulSet>('StatefulSet', (e) => {
      if (e.type === 'DELETED') return;
      const set = e.object;
      const key = `StatefulSet/${set.metadata.namespace}/${set.metadata.name}`;
      const w = this.workloads.get(key) ?? { kind: 'StatefulSet', name: set.metadata.name, peak: 0, minAvailable: Infinity, seenAvailable: false };
      w.peak = Math.max(w.peak, set.spec?.replicas ?? 0);
      const avail = set.status?.availableReplicas ?? 0;
      if (avail > 0) w.seenAvailable = true;
      if (w.seenAvailable) w.minAvailable = Math.min(w.minAvailable, avail);
      this.workloads.set(key, w);
    });
    for (const kind of ['Deployment', 'Rollout']) {
      store.watch<Deployment>(kind, (e) => {
        if (e.type === 'DELETED') return;
        const d = e.object;
        const key = `${kind}/${d.metadata.namespace}/${d.metadata.name}`;
        const w = this.workloads.get(key) ?? { kind, name: d.metadata.name, peak: 0, minAvailable: Infinity, seenAvailable: false };
        w.peak = Math.max(w.peak, d.spec?.replicas ?? 0);
        const avail = d.status?.availableReplicas ?? 0;
        if (avail > 0) w.seenAvailable = true;
        if (w.seenAvailable) w.minAvailable = Math.min(w.minAvailable, avail);
        this.workloads.set(key, w);
        // A rollout starts when the pod template changes (a new generation with a different template).
        const now = sim.nowMs;
        let r = this.rollouts.get(key);
        const templateChanged = e.type === 'MODIFIED' && e.old && JSON.stringify(e.old.spec?.template) !== JSON.stringify(d.spec?.template);
        if (!r || templateChanged) {
          const entry = { startedMs: now };
          r = { startedMs: now, history: [...(r?.history ?? []), entry] };
          this.rollouts.set(key, r);
        }
        if (r.completedMs === undefined && isComplete(kind, d)) {
          r.completedMs = now;
          const last = r.history[r.history.length - 1];
          if (last) last.completedMs = now;
        }
      });
    }
  }

  /** Pods still pending now count up to now. */
  finish(): void {
    const now = this.sim.nowMs;
    for (const pod of this.sim.store.list<Pod>('Pod')) if (!pod.spec?.nodeName) this.pending(pod, now);
    this.evictions = this.sim.events.all.filter((e) => e.reason === 'TaintManagerEviction' || e.reason === 'Evicted' || e.reason === 'Preempted').reduce((n, e) => n + e.count, 0);
  }

  private pending(pod: Pod, now: number): void {
    const since = this.created.get(pod.metadata?.uid ?? '');
    if (since === undefined) return;
    const waited = now - since;
    if (waited > this.maxPendingMs) {
      this.maxPendingMs = waited;
      this.maxPendingPod = pod.metadata?.name ?? '';
    }
  }
}

function isComplete(kind: string, d: Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  if (kind === 'Rollout') {
    // Argo writes observedGeneration as a string; a status from before the change (or an aborted rollout) is
    // not completion.
    const rs = s as { phase?: string; observedGeneration?: string | number; abort?: boolean };
    return (
      rs.phase === 'Healthy' &&
      !rs.abort &&
      Number(rs.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
      (s.updatedReplicas ?? 0) === want &&
      (s.availableReplicas ?? 0) === want
    );
  }
  return DeploymentComplete(d, s);
}

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.9995 && x < 1 ? 3 : 2)}%`;

/** Evaluates every expectation of the scenario. */
export function evaluateExpectations(scenario: Scenario, run: ScenarioRun, obs: RunObserver): ExpectationResult[] {
  obs.finish();
  const sim = run.sim;
  const slos = run.sloReports();
  let sloIndex = 0;
  return scenario.expect.map((e) => evaluate(e));

  function result(e: Expectation, description: string, ok: boolean, detail: string): ExpectationResult {
    return { description, ok, detail, index: e.index };
  }

  function evaluate(e: Expectation): ExpectationResult {
    switch (e.type) {
      case 'slo': {
        const r = slos[sloIndex++];
        const parts: string[] = [];
        let ok = true;
        if (r?.availability) {
          ok &&= r.availability.met;
          parts.push(`availability ${pct(r.availability.actual)} (objective ${pct(r.availability.objective)}, ${(r.availability.burnedFraction * 100).toFixed(0)}% of the error budget burned)`);
        }
        if (r?.latency) {
          ok &&= r.latency.met;
          parts.push(`${pct(r.latency.actual)} of requests within ${r.latency.thresholdMs}ms (objective ${pct(r.latency.objective)})`);
        }
        const what = [e.availability !== undefined ? `availability ≥ ${pct(e.availability)}` : '', e.latency ? `p${e.latency.percentile} ≤ ${e.latency.thresholdMs}ms` : '']
          .filter(Boolean)
          .join(', ');
        return result(e, `SLO ${e.service}: ${what}`, ok, parts.join('; ') || 'no traffic');
      }
      case 'maxPendingTime':
        return result(
          e,
          `no pod pending longer than ${formatDurationShort(e.maxMs)}`,
          obs.maxPendingMs <= e.maxMs,
          obs.maxPendingPod ? `longest: ${obs.maxPendingPod} pending ${formatDurationShort(obs.maxPendingMs)}` : 'no pod waited',
        );
      case 'replicasWithin': {
        const t = e.target;
        let lo = Infinity;
        let hi = -Infinity;
        if (t.kind === 'HorizontalPodAutoscaler') {
          const s = sim.metrics.find(`kube_horizontalpodautoscaler_status_current_replicas{hpa=${JSON.stringify(`${t.namespace}/${t.name}`)}}`);
          for (const v of s?.values() ?? []) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          const hpa = sim.store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', t.namespace, t.name);
          if (hpa?.status?.currentReplicas !== undefined) {
            lo = Math.min(lo, hpa.status.currentReplicas);
            hi = Math.max(hi, hpa.status.currentReplicas);
          }
        } else {
          const s = sim.metrics.find(`kubesim_workload_spec_replicas{kind=${JSON.stringify(t.kind)},workload=${JSON.stringify(`${t.namespace}/${t.name}`)}}`);
          for (const v of s?.values() ?? []) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        const ok = lo !== Infinity && lo >= e.min && hi <= e.max;
        return result(e, `${t.kind.toLowerCase()}/${t.name} replicas within [${e.min}, ${e.max}]`, ok, lo === Infinity ? 'no data' : `observed ${lo}–${hi}`);
      }
      case 'rolloutCompletes': {
        const key = `${e.target.kind}/${e.target.namespace}/${e.target.name}`;
        const r = obs.rollouts.get(key);
        const last = r?.history[r.history.length - 1];
        const rolled = (r?.history.length ?? 0) > 1;
        const took = last?.completedMs !== undefined ? last.completedMs - last.startedMs : undefined;
        const ok = rolled && took !== undefined && took <= e.withinMs;
        const detail = !rolled
          ? 'no rollout happened'
          : took === undefined
            ? `still in progress after ${formatDurationShort(sim.nowMs - last!.startedMs)}`
            : `completed in ${formatDurationShort(took)}`;
        return result(e, `${e.target.kind.toLowerCase()}/${e.target.name} rollout completes within ${formatDurationShort(e.withinMs)}`, ok, detail);
      }
      case 'nodesWithin': {
        const what = e.pool !== undefined ? `nodes of pool ${e.pool}` : 'nodes';
        const range = e.pool !== undefined ? obs.poolNodes.get(e.pool) : { min: obs.nodesMin, max: obs.nodesPeak };
        const lo = range?.min ?? 0;
        const hi = range?.max ?? 0;
        const bounds = e.max === Number.MAX_SAFE_INTEGER ? `≥ ${e.min}` : `within [${e.min}, ${e.max}]`;
        return result(e, `${what} ${bounds}`, lo >= e.min && hi <= e.max, `observed ${lo}–${hi}`);
      }
      case 'costBelow': {
        const cost = sim.cost;
        return result(e, `cost below $${e.dollars.toFixed(2)}`, cost < e.dollars, `$${cost.toFixed(2)}`);
      }
      case 'noOOMKilled':
        return result(e, 'no container OOMKilled', obs.oomKills === 0, `${obs.oomKills} OOM kill(s)`);
      case 'noFailedScheduling': {
        const n = sim.events.all.filter((x) => x.reason === 'FailedScheduling').reduce((a, x) => a + x.count, 0);
        return result(e, 'no FailedScheduling', n === 0, `${n} FailedScheduling event(s)`);
      }
      case 'podsReadyAtEnd': {
        const pods = sim.store.list<Pod>('Pod').filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded');
        const notReady = pods.filter((p) => !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        return result(e, 'every pod ready at the end', notReady.length === 0, notReady.length ? `not ready: ${notReady.map((p) => p.metadata.name).join(', ')}` : `${pods.length} pods ready`);
      }
      case 'eventCount': {
        const n = sim.events.all.filter((x) => x.reason === e.reason).reduce((a, x) => a + x.count, 0);
        const ok = (e.min === undefined || n >= e.min) && (e.max === undefined || n <= e.max);
        const bounds = [e.min !== undefined ? `≥ ${e.min}` : '', e.max !== undefined ? `≤ ${e.max}` : ''].filter(Boolean).join(' and ');
        return result(e, `${e.reason} events ${bounds}`, ok, `${n}`);
      }
      case 'hashEquals':
        return result(e, `trace hash is ${e.hash}`, sim.traceHash === e.hash, sim.traceHash);
      case 'alertFires': {
        const epoch = sim.clock.epochMs;
        const fired = run.alerts().alerts.filter((a) => a.name === e.name && a.firedAtMs !== undefined);
        const inWindow = fired.find((a) => a.firedAtMs! - epoch >= (e.afterMs ?? 0) && (e.withinMs === undefined || a.firedAtMs! - epoch <= e.withinMs));
        const window = [e.afterMs !== undefined ? `after ${formatDurationShort(e.afterMs)}` : '', e.withinMs !== undefined ? `within ${formatDurationShort(e.withinMs)}` : ''].filter(Boolean).join(' and ');
        const first = fired[0];
        const detail = inWindow
          ? `firing at ${formatDurationShort(inWindow.firedAtMs! - epoch)} (pending from ${formatDurationShort(inWindow.activeAtMs - epoch)})`
          : first
            ? `first fired at ${formatDurationShort(first.firedAtMs! - epoch)}, outside the window`
            : 'never fired';
        return result(e, `alert ${e.name} fires${window ? ` ${window}` : ''}`, inWindow !== undefined, detail);
      }
      case 'noAlert': {
        const epoch = sim.clock.epochMs;
        const fired = run.alerts().alerts.filter((a) => a.name === e.name && a.firedAtMs !== undefined);
        const detail = fired.length === 0 ? 'never fired' : `fired ${fired.length}× first at ${formatDurationShort(fired[0]!.firedAtMs! - epoch)}`;
        return result(e, `alert ${e.name} never fires`, fired.length === 0, detail);
      }
    }
  }
}
