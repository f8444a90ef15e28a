/**
 * Invariants over a finished (or paused) {@link Run}. Each is a function that returns normally when the invariant
 * holds and throws an {@link InvariantError} naming the object, the simulated time and the numbers when it does not.
 * State is read back with the store's history (`listAt`) at every instant of {@link sampleTimes}.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, Stored } from '../cluster/store.ts';
import { ResolveFenceposts } from '../controllers/deployment/util.ts';
import { podRequests, resourceValue, toPodInfo, type ContainerRequests } from '../controllers/scheduler/podinfo.ts';
import { freshNodeFromTemplate } from '../controllers/autoscaler/estimator.ts';
import { ClusterSnapshot } from '../controllers/autoscaler/snapshot.ts';
import { defaultProfile } from '../controllers/scheduler/framework/profile.ts';
import { formatDurationShort } from '../engine/duration.ts';
import type { Run } from '../scenario/api.ts';
import { POOL_LABEL } from '../runtime/node-groups.ts';
import type { NodePool } from '../scenario/types.ts';
import { serviceNames } from '../scenario/run.ts';
import { sampleTimes } from './run.ts';

/** Thrown by an invariant that does not hold. `invariant` names it; `atMs` is the first simulated time it failed. */
export class InvariantError extends Error {
  override name = 'InvariantError';
  constructor(
    readonly invariant: string,
    message: string,
    readonly atMs?: number,
  ) {
    super(`${invariant}: ${message}`);
  }
}

const at = (ms: number) => formatDurationShort(ms);

function listAt<T extends KubeObject>(run: Run, kind: string, tMs: number): Stored<T>[] {
  return run.runner.sim.store.listAt<T>(kind, tMs);
}

function isTerminal(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

function containerRequests(c: Container): ContainerRequests {
  const requests = new Map<string, number>();
  const list = c.resources?.requests ?? {};
  for (const name of Object.keys(list).sort()) requests.set(name, resourceValue(name, list[name] as string | number));
  return { requests, ...(c.restartPolicy === 'Always' ? { sidecar: true } : {}) };
}

/** A pod's requests as the scheduler counts them (`PodRequests`): cpu in millicores, the rest in base units. */
function requestsOf(p: Pod): Map<string, number> {
  const overhead = p.spec?.overhead;
  return podRequests({
    containers: (p.spec?.containers ?? []).map(containerRequests),
    initContainers: (p.spec?.initContainers ?? []).map(containerRequests),
    ...(overhead ? { overhead: new Map(Object.keys(overhead).sort().map((k) => [k, resourceValue(k, overhead[k] as string | number)])) } : {}),
  });
}

/**
 * Σ requests of the pods bound to a node (not Succeeded/Failed; terminating pods still count, as the scheduler
 * counts them) ≤ the node's allocatable, for every resource the node declares and for the pod count, at every
 * sampled time.
 */
export function noNodeOvercommitted(run: Run): void {
  for (const t of sampleTimes(run)) {
    const used = new Map<string, Map<string, number>>();
    for (const p of listAt<Pod>(run, 'Pod', t)) {
      const node = p.spec?.nodeName;
      if (!node || isTerminal(p)) continue;
      let u = used.get(node);
      if (!u) used.set(node, (u = new Map([['pods', 0]])));
      u.set('pods', u.get('pods')! + 1);
      for (const [k, v] of requestsOf(p)) u.set(k, (u.get(k) ?? 0) + v);
    }
    for (const n of listAt<Node>(run, 'Node', t)) {
      const u = used.get(n.metadata.name);
      const alloc = n.status?.allocatable;
      if (!u || !alloc) continue;
      for (const [k, v] of u) {
        const q = alloc[k];
        if (q === undefined) continue;
        const cap = resourceValue(k, q);
        if (v > cap) throw new InvariantError('noNodeOvercommitted', `node ${n.metadata.name} at ${at(t)}: pods request ${v} ${k} but allocatable is ${cap}`, t);
      }
    }
  }
}

/** A pod (by uid) is bound to at most one node over its whole life, and once bound it stays bound. */
export function podBoundOnce(run: Run): void {
  const boundTo = new Map<string, { node: string; t: number; name: string }>();
  for (const t of sampleTimes(run)) {
    for (const p of listAt<Pod>(run, 'Pod', t)) {
      const node = p.spec?.nodeName;
      const prev = boundTo.get(p.metadata.uid);
      if (!node) {
        if (prev) throw new InvariantError('podBoundOnce', `pod ${p.metadata.name} was bound to ${prev.node} at ${at(prev.t)} but is unbound at ${at(t)}`, t);
        continue;
      }
      if (prev && prev.node !== node) {
        throw new InvariantError('podBoundOnce', `pod ${p.metadata.name} was bound to ${prev.node} at ${at(prev.t)} and to ${node} at ${at(t)}`, t);
      }
      if (!prev) boundTo.set(p.metadata.uid, { node, t, name: p.metadata.name });
    }
  }
}

/**
 * Every pod's controller owner chain resolves at every sampled time (each ownerReference names an object of that
 * kind, name and uid that exists then), or the pod is bare. A terminating pod may outlive its owner: the garbage
 * collector deletes it.
 */
export function ownerChainsResolve(run: Run): void {
  for (const t of sampleTimes(run)) {
    const byUid = new Map<string, Stored>();
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'Rollout', 'DaemonSet', 'Job']) for (const o of listAt(run, kind, t)) byUid.set(o.metadata.uid, o);
    for (const p of listAt<Pod>(run, 'Pod', t)) {
      if (p.metadata.deletionTimestamp) continue;
      let obj: Stored = p;
      const chain = [`pod/${p.metadata.name}`];
      for (let depth = 0; depth < 8; depth++) {
        const ref = obj.metadata.ownerReferences?.find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
        if (!ref) break;
        const owner = byUid.get(ref.uid);
        if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) {
          throw new InvariantError('ownerChainsResolve', `at ${at(t)}: ${chain.join(' → ')} → ${ref.kind.toLowerCase()}/${ref.name} (uid ${ref.uid}) does not exist`, t);
        }
        chain.push(`${owner.kind.toLowerCase()}/${owner.metadata.name}`);
        obj = owner;
      }
    }
  }
}

/**
 * From an HPA's first sync on (its status written), its target's `spec.replicas` is within [minReplicas,
 * maxReplicas] at every sampled time, and so is `status.desiredReplicas` once set. A target scaled to 0 is exempt:
 * upstream disables autoscaling then. (Before the first sync the target keeps the replicas its manifest wrote.)
 */
export function replicasWithinHpaBounds(run: Run): void {
  const store = run.runner.sim.store;
  for (const t of sampleTimes(run)) {
    for (const h of listAt<HorizontalPodAutoscaler>(run, 'HorizontalPodAutoscaler', t)) {
      const status = h.status;
      if (!status || (status.currentReplicas === undefined && status.desiredReplicas === undefined && !status.conditions?.length)) continue;
      const min = h.spec?.minReplicas ?? 1;
      const max = h.spec?.maxReplicas ?? 0;
      const ref = h.spec?.scaleTargetRef;
      const replicas = ref ? store.getAt<Deployment>(ref.kind, h.metadata.namespace, ref.name, t)?.spec?.replicas : undefined;
      if (replicas === 0) continue;
      if (replicas !== undefined && (replicas < min || replicas > max)) {
        throw new InvariantError('replicasWithinHpaBounds', `hpa ${h.metadata.name} at ${at(t)}: ${ref!.kind.toLowerCase()}/${ref!.name} has ${replicas} replicas, outside [${min}, ${max}]`, t);
      }
      const desired = status.desiredReplicas ?? 0;
      if (desired !== 0 && (desired < min || desired > max)) {
        throw new InvariantError('replicasWithinHpaBounds', `hpa ${h.metadata.name} at ${at(t)}: desiredReplicas ${desired} outside [${min}, ${max}]`, t);
      }
    }
  }
}

/** For every Service with traffic: served + failed = offered requests, over the whole run. */
export function requestsConserved(run: Run): void {
  const workload = run.runner.sim.workload;
  if (!workload) return;
  for (const name of serviceNames(run.scenario)) {
    const s = workload.serviceTotals(name);
    if (s && s.served + s.failed !== s.offered) {
      throw new InvariantError('requestsConserved', `service ${name}: served ${s.served} + failed ${s.failed} = ${s.served + s.failed} ≠ offered ${s.offered}`);
    }
  }
}

/**
 * Time never goes backwards: events are recorded in non-decreasing first-time order with last ≥ first, decisions in
 * non-decreasing time order, every metric series' points strictly increase in time, and nothing is later than now.
 */
export function timeMonotone(run: Run): void {
  const now = run.nowMs;
  let prev = -Infinity;
  for (const e of run.events) {
    if (e.firstTimestampMs < prev) throw new InvariantError('timeMonotone', `event ${e.reason} on ${e.involvedObject.kind}/${e.involvedObject.name} at ${at(e.firstTimestampMs)} was recorded after one at ${at(prev)}`, e.firstTimestampMs);
    if (e.lastTimestampMs < e.firstTimestampMs || e.lastTimestampMs > now) throw new InvariantError('timeMonotone', `event ${e.reason}: lastTimestamp ${at(e.lastTimestampMs)} not in [first ${at(e.firstTimestampMs)}, now ${at(now)}]`, e.lastTimestampMs);
    prev = e.firstTimestampMs;
  }
  prev = -Infinity;
  for (const d of run.decisions) {
    if (d.tMs < prev || d.tMs > now) throw new InvariantError('timeMonotone', `decision "${d.summary}" at ${at(d.tMs)} after one at ${at(prev)} (now ${at(now)})`, d.tMs);
    prev = d.tMs;
  }
  for (const s of run.metrics.all()) {
    const ts = s.times();
    for (let i = 0; i < ts.length; i++) {
      if ((i > 0 && ts[i]! <= ts[i - 1]!) || ts[i]! > now) throw new InvariantError('timeMonotone', `series ${s.name} point ${i} at ${at(ts[i]!)} after ${at(ts[i - 1] ?? 0)} (now ${at(now)})`, ts[i]!);
    }
  }
}

/** An outside failure: something the controllers did not cause (a node failure, a pod kill, a drain, a crash). */
export interface OutsideFailure {
  atMs: number;
  description: string;
  /** `action`: a timeline action or random fault of the scenario; `event`: a kubelet or node-controller event. */
  source: 'action' | 'event';
}

const FAILURE_ACTION = /^(node .* fails|kill pod|drain |delete node|delete pod|lose zone|fault: )/;
const FAILURE_EVENT = new Set(['Unhealthy', 'BackOff', 'OOMKilling', 'Evicted', 'TaintManagerEviction', 'NodeNotReady', 'Preempted']);

/** Outside failures of a run, in time order: failing timeline actions and faults, and kubelet failure events. */
export function outsideFailures(run: Run): OutsideFailure[] {
  const out: OutsideFailure[] = [];
  for (const a of run.runner.actions) if (a.ok && FAILURE_ACTION.test(a.description) && !/recovers$/.test(a.description)) out.push({ atMs: a.atMs, description: a.description, source: 'action' });
  for (const e of run.events) {
    if (FAILURE_EVENT.has(e.reason)) out.push({ atMs: e.firstTimestampMs, description: `${e.reason} ${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}: ${e.message}`, source: 'event' });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** One sampled instant where a rolling-update bound did not hold but an outside failure (or a rescale) excuses it. */
export interface ExcusedViolation {
  atMs: number;
  message: string;
  /** The outside failure (or rescale) that excuses it. */
  reason: string;
}

/** What {@link rollingUpdateBounds} checked. */
export interface RollingUpdateReport {
  /** Sampled instants inside a rolling update where the bounds were checked. */
  checkedSamples: number;
  excused: ExcusedViolation[];
}

/** Options of {@link rollingUpdateBounds}. */
export interface RollingUpdateOptions {
  /** Also throw for violations an outside failure excuses (the message names the failure). Default false. */
  strict?: boolean;
}

/**
 * During every rolling update of a RollingUpdate Deployment (two or more of its ReplicaSets with replicas), the
 * deployment controller's guarantees: Σ availableReplicas ≥ replicas − maxUnavailable and Σ ReplicaSet replicas ≤
 * replicas + maxSurge (fenceposts resolved as `ResolveFenceposts` does; e.g. replicas 10, maxSurge 25 %,
 * maxUnavailable 25 % → surge ⌈2.5⌉ = 3, unavailable ⌊2.5⌋ = 2: at least 8 available, at most 13 pods).
 *
 * A violation after an outside failure (see {@link outsideFailures}) is excused and listed with that failure as its
 * reason, and so are samples after `spec.replicas` changed mid-rollout or when the rollout began before the
 * Deployment was available; with `strict` the excused violation is thrown, naming the failure. Returns what was
 * checked and excused.
 */
export function rollingUpdateBounds(run: Run, deployment: string, options: RollingUpdateOptions = {}): RollingUpdateReport {
  const failures = outsideFailures(run);
  const report: RollingUpdateReport = { checkedSamples: 0, excused: [] };
  let window: { replicas: number; ok: boolean; startMs: number } | undefined;
  for (const t of sampleTimes(run)) {
    const d = listAt<Deployment>(run, 'Deployment', t).find((x) => x.metadata.name === deployment);
    if (!d || d.spec?.strategy?.type !== 'RollingUpdate' || d.spec.paused) {
      window = undefined;
      continue;
    }
    const rss = listAt<ReplicaSet>(run, 'ReplicaSet', t).filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid));
    const replicas = d.spec.replicas ?? 1;
    const { surge, unavailable } = ResolveFenceposts(d.spec.strategy.rollingUpdate?.maxSurge, d.spec.strategy.rollingUpdate?.maxUnavailable, replicas);
    const maxUnavailable = Math.min(unavailable, replicas);
    const available = rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);
    const total = rss.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
    const rolling = rss.filter((r) => (r.spec?.replicas ?? 0) > 0).length >= 2;
    if (!rolling) {
      window = undefined;
      continue;
    }
    // A rollout that starts while the Deployment is still short of its minimum cannot be held to it.
    window ??= { replicas, ok: available >= replicas - maxUnavailable, startMs: t };
    report.checkedSamples++;
    const problems: string[] = [];
    if (available < replicas - maxUnavailable) problems.push(`available ${available} < replicas ${replicas} − maxUnavailable ${maxUnavailable}`);
    if (total > replicas + surge) problems.push(`total ${total} > replicas ${replicas} + maxSurge ${surge}`);
    if (problems.length === 0) continue;
    const message = `deployment ${deployment} at ${at(t)}: ${problems.join(' and ')} (ReplicaSets: ${rss.map((r) => `${r.metadata.name} ${r.spec?.replicas ?? 0}/${r.status?.availableReplicas ?? 0} available`).join(', ')})`;
    // The root cause first: a timeline action or fault (node pool-1 fails) rather than what followed from it
    // (NodeNotReady on each of its pods).
    const before = failures.filter((f) => f.atMs <= t);
    const failure = before.filter((f) => f.source === 'action').pop() ?? before.pop();
    const reason = failure
      ? `outside failure at ${at(failure.atMs)}: ${failure.description}`
      : window.replicas !== replicas
        ? `replicas changed from ${window.replicas} to ${replicas} during the rollout`
        : !window.ok
          ? `the rollout started at ${at(window.startMs)} before the deployment was available`
          : undefined;
    if (reason === undefined) throw new InvariantError('rollingUpdateBounds', `${message}; no outside failure happened`, t);
    if (options.strict) throw new InvariantError('rollingUpdateBounds', `${message}; reason: ${reason}`, t);
    report.excused.push({ atMs: t, message, reason });
  }
  return report;
}

/** Options of {@link noPendingWhileGroupHasRoom}. */
export interface PendingWithRoomOptions {
  /**
   * How long (ms) a pod may stay unbound while a group has room. Default, per group: its provisioning delay + 2 scan
   * intervals + {@link PENDING_MARGIN_MS}.
   */
  thresholdMs?: number;
}

/** Slack (ms) in the default threshold of {@link noPendingWhileGroupHasRoom}: node startup and the next schedule. */
export const PENDING_MARGIN_MS = 30_000;

/**
 * Whether a pod passes the scheduler's PreFilter and Filter plugins on a node group's template node, as the cluster
 * autoscaler's scale-up simulation checks it (resources, pod slots, ports, node selector and affinity, taints, and
 * topology spread and pod affinity against the template alone). One snapshot per group; a verdict per pod, since a
 * pending pod's spec does not change.
 */
class TemplateFit {
  private readonly snapshots = new Map<string, { snapshot: ClusterSnapshot; node: string }>();
  private readonly verdicts = new Map<string, boolean>();

  constructor(private readonly run: Run) {}

  fits(group: string, pod: Pod & Stored): boolean {
    const key = `${group}\u0000${pod.metadata.uid ?? pod.metadata.name}`;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      const { snapshot, node } = this.template(group);
      verdict = snapshot.checkPredicates(toPodInfo(pod), node) === null;
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  private template(group: string): { snapshot: ClusterSnapshot; node: string } {
    let t = this.snapshots.get(group);
    if (!t) {
      const sim = this.run.runner.sim;
      const snapshot = new ClusterSnapshot(sim.config.schedulerProfile ?? defaultProfile());
      const node = `template-node-for-${group}`;
      snapshot.addNode(freshNodeFromTemplate(sim.nodeGroups!.templateNode(group), node));
      t = { snapshot, node };
      this.snapshots.set(group, t);
    }
    return t;
  }
}

/**
 * No pod stays unbound (not Succeeded/Failed) longer than T while some cluster-autoscaler node group could hold it:
 * the pod passes the scheduler's filters on the group's template node (as the autoscaler's scale-up checks it:
 * requests, pod slots, node selector and affinity, taints; spread and pod affinity against the template alone), the
 * group has fewer registered nodes than its `max`, and the cluster
 * fewer than `maxNodesTotal` (when set). T is `options.thresholdMs`, or per group its provisioning delay + 2 scan
 * intervals + {@link PENDING_MARGIN_MS}. A pod's wait starts at the first sampled time it is seen unbound. Holds
 * trivially without node groups.
 */
export function noPendingWhileGroupHasRoom(run: Run, options: PendingWithRoomOptions = {}): void {
  const groups = run.scenario.cluster.nodePools.filter((p) => p.autoscaling);
  const opts = run.scenario.cluster.autoscaler;
  if (groups.length === 0 || !opts) return;
  const threshold = (g: NodePool) => options.thresholdMs ?? g.autoscaling!.provisioningDelayMs + 2 * opts.scanIntervalMs + PENDING_MARGIN_MS;
  const since = new Map<string, number>();
  const template = new TemplateFit(run);
  for (const t of sampleTimes(run)) {
    const nodes = listAt<Node>(run, 'Node', t);
    // Registered nodes per group, by the pool label the cloud sets (a name prefix would also count a group named
    // like this one plus a suffix), counted once per instant.
    const size = new Map<string, number>();
    for (const n of nodes) {
      const pool = n.metadata.labels?.[POOL_LABEL];
      if (pool !== undefined) size.set(pool, (size.get(pool) ?? 0) + 1);
    }
    const clusterRoom = opts.maxNodesTotal === 0 || nodes.length < opts.maxNodesTotal;
    const unbound = listAt<Pod>(run, 'Pod', t).filter((p) => !p.spec?.nodeName && !isTerminal(p));
    const seen = new Set<string>();
    for (const p of unbound) {
      const key = `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
      seen.add(key);
      const from = since.get(key) ?? t;
      since.set(key, from);
      for (const g of groups) {
        const n = size.get(g.name) ?? 0;
        if (clusterRoom && n < g.autoscaling!.max && t - from > threshold(g) && template.fits(g.name, p)) {
          throw new InvariantError(
            'noPendingWhileGroupHasRoom',
            `pod ${key} unbound from ${at(from)} to ${at(t)} (over ${at(threshold(g))}) while node group ${g.name} has ${n} of max ${g.autoscaling!.max} nodes (cluster ${nodes.length}${opts.maxNodesTotal ? ` of max ${opts.maxNodesTotal}` : ''})`,
            t,
          );
        }
      }
    }
    for (const key of [...since.keys()]) if (!seen.has(key)) since.delete(key);
  }
}

/** Runs every invariant above (noPendingWhileGroupHasRoom with its default threshold, rollingUpdateBounds for each Deployment of the scenario); throws the first failure. */
export function all(run: Run): void {
  timeMonotone(run);
  podBoundOnce(run);
  noNodeOvercommitted(run);
  ownerChainsResolve(run);
  replicasWithinHpaBounds(run);
  requestsConserved(run);
  noPendingWhileGroupHasRoom(run);
  for (const o of run.scenario.manifests) if (o.kind === 'Deployment') rollingUpdateBounds(run, o.name);
}
