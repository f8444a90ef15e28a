/**
 * Runs a loaded {@link Scenario}: builds the cluster (node pools → Nodes, manifests → objects), the application
 * models and traffic, schedules the timeline actions and random faults, and evaluates the expectations at the end.
 * Everything here is deterministic: the seed, the scenario and nothing else decide the run.
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../cluster/store.ts';
import { Priority } from '../controllers/context.ts';
import { rollbackDeployment, pauseDeployment, resumeDeployment } from '../controllers/deployment/controller.ts';
import type { ContainerBehaviour } from '../controllers/kubelet/kubelet.ts';
import {
  abortRollout,
  pauseRollout,
  promoteRollout,
  resumeRollout,
  retryRollout,
  setRolloutImage,
  getTrafficWeights,
} from '../controllers/rollouts/controller.ts';
import { formatDurationShort } from '../engine/duration.ts';
import { evaluateRules, type RuleEvaluationResult } from '../record/alerts/evaluate.ts';
import { prometheusOf } from '../runtime/prometheus.ts';
import { Simulation, type AutoscalerConfig, type NodeSpecEntry } from '../runtime/simulation.ts';
import { DEFAULT_APP_MODEL, resolveAppModel, type AppModel } from '../workload/app-model.ts';
import { compileProfile, type RateFn } from '../workload/profiles.ts';
import { SloTracker, type SloReport } from '../workload/slo.ts';
import { withIstioProxy } from '../workload/sidecar.ts';
import { hasIstioSidecar, ISTIO_INIT, ISTIO_PROXY } from '../controllers/istio/sidecar-injector.ts';
import { IngressTraffic } from '../runtime/ingress-traffic.ts';
import { DEFAULT_STARTUP } from './sections.ts';
import { nodeLabels, nodeName } from './cluster.ts';
import { evaluateExpectations, RunObserver, type ExpectationResult } from './expectations.ts';
import type { BatchRunSpec, FaultSpec, NodePool, Scenario, TimelineAction, WorkloadSpec } from './types.ts';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Keep every trace record (for `--trace` export). Default false. */
  keepTrace?: boolean;
}

/** One executed timeline action or fault, for the report. */
export interface RunAction {
  atMs: number;
  description: string;
  ok: boolean;
}

/** A scenario being run: advance it, then read its state, events, metrics and expectation results. */
export class ScenarioRun {
  readonly sim: Simulation;
  readonly actions: RunAction[] = [];
  readonly seed: number;
  private readonly observer: RunObserver;
  private readonly slos: SloTracker[] = [];
  private readonly rates: RateFn[] = [];
  /** The ingress controller the `traffic[].ingress` entries enter through. */
  ingress!: IngressTraffic;
  private readonly poolNext = new Map<string, number>();

  constructor(readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    const services = serviceNames(scenario);
    const serviceNamespace = new Map(scenario.manifests.filter((o) => o.kind === 'Service').map((o) => [o.name, o.namespace]));
    const modelCache = new Map<string, AppModel>();
    // Entries that name an Ingress enter through the ingress controller, which routes them at run time.
    const trafficByService = new Map(scenario.traffic.filter((t) => !t.ingress).map((t) => [t.service, t]));
    const serviceIndexOf = new Map(services.map((name, i) => [name, i]));
    const sloSpecs = scenario.expect.flatMap((e) => (e.type === 'slo' ? [e] : []));
    let simRef: Simulation | undefined;
    this.sim = new Simulation({
      seed: this.seed,
      ...(scenario.startTimeMs ? { epochMs: scenario.startTimeMs } : {}),
      resolutionMs: scenario.resolutionMs,
      nodes: this.initialNodes(),
      objects: [...defaultStorageClassObjects(scenario), ...scenario.manifests.filter((o) => o.simulated).map((o) => o.object as KubeObject)],
      schedulerProfile: scenario.scheduler,
      featureGates: scenario.featureGates,
      nodeMonitorGracePeriodMs: scenario.cluster.nodeMonitorGracePeriodMs,
      keepTrace: options.keepTrace ?? false,
      history: scenario.record.history,
      ...(scenario.record.podSeries !== undefined ? { podSeries: scenario.record.podSeries } : {}),
      ...(scenario.cluster.autoscaler ? { autoscaler: autoscalerConfig(scenario) } : {}),
      behaviours: { behaviour: (pod, container, _restarts, init) => behaviourFor(scenario, pod, container, init, simRef?.nowMs ?? 0, simRef) },
      workload: {
        services: services.map((name, i) => {
          const t = trafficByService.get(name);
          this.rates[i] = () => 0;
          return {
            name,
            ...(t ? { balance: t.balancing } : {}),
            ...(t?.requests ? { requests: t.requests } : {}),
            // A delegating rate function, so `setTraffic` can swap the profile mid-run; plus what the ingress
            // controller routes to this Service.
            profile: (tMs: number) => this.rates[i]!(tMs) + this.ingress.serviceRps(i, tMs),
          };
        }),
        modelFor: (pod) => {
          const w = workloadOf(scenario, pod, simRef);
          const image = pod.spec?.containers?.[0]?.image ?? '';
          const sidecar = hasIstioSidecar(pod);
          const key = `${w?.name ?? ownerName(pod)}@${image}${sidecar ? `+${ISTIO_PROXY}` : ''}`;
          let model = modelCache.get(key);
          if (!model) {
            model = w ? resolveAppModel(w.model, image).model : DEFAULT_APP_MODEL;
            if (sidecar) model = withIstioProxy(model);
            modelCache.set(key, model);
          }
          return { key, model };
        },
        weightsFor: (svc) => {
          const w = simRef ? getTrafficWeights(simRef.store, serviceNamespace.get(svc) ?? 'default', svc) : undefined;
          return w?.map((x) => ({ podSet: x.podTemplateHash, weightPercent: x.weightPercent }));
        },
        podSetOf: (pod) => pod.metadata?.labels?.['rollouts-pod-template-hash'] ?? pod.metadata?.labels?.['pod-template-hash'] ?? '',
        networkPolicySeries: usesNetworkPolicies(scenario),
        ingressRequestRate: (namespace, name) => this.ingress.ingressRps(namespace, name),
        onStep: (model, nowMs) => {
          for (const s of this.slos) s.observe(model.services);
          if (simRef) this.ingress.record(model, nowMs, simRef.metrics);
        },
      },
      analysisProviders: {
        web: () => ({ error: 'web metrics are not modelled by this scenario' }),
        job: () => ({ succeeded: true, durationMs: 10_000 }),
      },
    });
    simRef = this.sim;
    const rng = this.sim.engine.rng('load');
    services.forEach((name, i) => {
      const t = trafficByService.get(name);
      if (t) this.rates[i] = compileProfile(t.profile, rng);
    });
    this.ingress = new IngressTraffic(
      scenario.traffic.flatMap((t) => (t.ingress ? [{ host: t.ingress.host, path: t.ingress.path, rate: compileProfile(t.profile, rng) }] : [])),
      scenario.ingressController,
      (_namespace, name) => serviceIndexOf.get(name),
    );
    this.ingress.attach(this.sim.store);
    for (const e of sloSpecs) {
      this.slos.push(
        new SloTracker(
          {
            service: e.service,
            ...(e.availability !== undefined ? { availability: e.availability } : {}),
            ...(e.latency ? { [`latencyP${e.latency.percentile}`]: e.latency.thresholdMs } : {}),
          },
          services,
        ),
      );
    }
    this.observer = new RunObserver(this.sim);
    for (const entry of scenario.timeline) {
      this.sim.engine.at(entry.atMs, () => this.perform(entry.action), { priority: Priority.Timeline });
    }
    for (const f of scenario.faults) this.scheduleFault(f);
  }

  /** Runs to `untilMs` (default: the scenario's duration). */
  run(untilMs = this.scenario.durationMs): this {
    const r = this.sim.until(Math.min(untilMs, this.scenario.durationMs));
    if (r.reason === 'eventLimit') throw new RangeError(`simulation stopped: ${r.message}`);
    return this;
  }

  /** SLO reports per Service objective. */
  sloReports(): SloReport[] {
    return this.slos.map((s) => s.report());
  }

  private alertCache: { atMs: number; result: RuleEvaluationResult } | undefined;

  /**
   * The scenario's alerting and recording rules evaluated over the run's metrics so far (the exporters' Prometheus
   * view), every evaluation interval from the start; times are Unix ms. Computed once per simulated instant.
   */
  alerts(): RuleEvaluationResult {
    const alerting = this.scenario.alerting;
    if (!alerting) return { alerts: [], failures: [] };
    const now = this.sim.nowMs;
    if (this.alertCache?.atMs !== now) {
      const epoch = this.sim.clock.epochMs;
      const result = evaluateRules(alerting.groups, prometheusOf(this.sim), {
        startMs: epoch,
        endMs: epoch + now,
        evaluationIntervalMs: alerting.evaluationIntervalMs,
        externalLabels: alerting.externalLabels,
      });
      this.alertCache = { atMs: now, result };
    }
    return this.alertCache.result;
  }

  /** Evaluates every expectation of the scenario against the run so far. */
  expectations(): ExpectationResult[] {
    return evaluateExpectations(this.scenario, this, this.observer);
  }

  /** Observations collected while running (pending times, rollouts, OOM kills…). */
  get observations(): RunObserver {
    return this.observer;
  }

  private initialNodes(): NodeSpecEntry[] {
    const out: NodeSpecEntry[] = [];
    for (const pool of this.scenario.cluster.nodePools) {
      for (let i = 1; i <= pool.count; i++) out.push(nodeFromPool(pool, i));
      this.poolNext.set(pool.name, pool.count + 1);
    }
    return out;
  }

  private note(description: string, ok = true): void {
    this.actions.push({ atMs: this.sim.nowMs, description, ok });
    this.sim.decisions.add('timeline', 'Scenario', description, { ok });
  }

  /** Carries out one timeline action. */
  private perform(a: TimelineAction): void {
    const sim = this.sim;
    const ctx = sim.ctx;
    switch (a.type) {
      case 'apply':
        for (const o of a.objects) sim.apply(o.object as KubeObject);
        return this.note(`apply ${a.objects.map((o) => `${o.kind.toLowerCase()}/${o.name}`).join(', ')}`);
      case 'setImage':
        if (a.target.kind === 'Rollout') setRolloutImage(ctx, a.target.namespace, a.target.name, a.container, a.image);
        else sim.setImage(a.target.kind, a.target.namespace, a.target.name, a.container, a.image);
        return this.note(`set image ${a.target.kind.toLowerCase()}/${a.target.name} ${a.container}=${a.image}`);
      case 'scale':
        return this.note(`scale ${a.target.kind.toLowerCase()}/${a.target.name} --replicas=${a.replicas}`, sim.scale(a.target.kind, a.target.namespace, a.target.name, a.replicas));
      case 'failNode':
        return this.note(`node ${a.node} fails`, sim.failNode(a.node));
      case 'recoverNode':
        return this.note(`node ${a.node} recovers`, sim.recoverNode(a.node));
      case 'cordonNode':
        return this.note(`cordon ${a.node}`, sim.cordonNode(a.node, true));
      case 'uncordonNode':
        return this.note(`uncordon ${a.node}`, sim.cordonNode(a.node, false));
      case 'drainNode':
        return this.note(`drain ${a.node}`, sim.drainNode(a.node));
      case 'removeNode':
        return this.note(`delete node ${a.node}`, sim.removeNode(a.node));
      case 'addNodes': {
        const pool = this.scenario.cluster.nodePools.find((p) => p.name === a.pool);
        if (!pool) return this.note(`add ${a.count} nodes to pool ${a.pool}`, false);
        const first = this.poolNext.get(pool.name) ?? pool.count + 1;
        for (let i = 0; i < a.count; i++) sim.addNode(nodeFromPool(pool, first + i));
        this.poolNext.set(pool.name, first + a.count);
        return this.note(`add ${a.count} node(s) to pool ${a.pool}`);
      }
      case 'loseZone':
      case 'recoverZone': {
        const names = sim.store
          .list<Node>('Node')
          .filter((n) => n.metadata.labels?.['topology.kubernetes.io/zone'] === a.zone)
          .map((n) => n.metadata.name);
        for (const n of names) (a.type === 'loseZone' ? sim.failNode(n) : sim.recoverNode(n));
        return this.note(`${a.type === 'loseZone' ? 'lose' : 'recover'} zone ${a.zone} (${names.length} nodes)`, names.length > 0);
      }
      case 'setTraffic': {
        const i = serviceNames(this.scenario).indexOf(a.service);
        if (i >= 0) this.rates[i] = compileProfile(a.profile, sim.engine.rng('load'));
        return this.note(`traffic of ${a.service} changes`, i >= 0);
      }
      case 'killPod': {
        const t = a.target;
        const pods = sim.store.list<Pod>('Pod', t.namespace).filter((p) => !p.metadata.deletionTimestamp);
        const victims =
          'name' in t
            ? pods.filter((p) => p.metadata.name === t.name)
            : pods.filter((p) => Object.entries(t.selector).every(([k, v]) => p.metadata.labels?.[k] === v)).slice(0, t.count);
        for (const p of victims) sim.deletePod(p.metadata.namespace, p.metadata.name);
        return this.note(`kill pod ${victims.map((p) => p.metadata.name).join(', ') || '(none matched)'}`, victims.length > 0);
      }
      case 'promote':
        return this.tryNote(`promote rollout/${a.rollout}${a.full ? ' --full' : ''}`, () => promoteRollout(ctx, a.namespace, a.rollout, { full: a.full }));
      case 'abort':
        return this.tryNote(`abort rollout/${a.rollout}`, () => abortRollout(ctx, a.namespace, a.rollout));
      case 'retry':
        return this.tryNote(`retry rollout/${a.rollout}`, () => retryRollout(ctx, a.namespace, a.rollout));
      case 'pause':
      case 'resume': {
        const { kind, name, namespace } = a.target;
        const fn = kind === 'Rollout' ? (a.type === 'pause' ? pauseRollout : resumeRollout) : a.type === 'pause' ? pauseDeployment : resumeDeployment;
        return this.tryNote(`rollout ${a.type} ${kind.toLowerCase()}/${name}`, () => fn(ctx, namespace, name));
      }
      case 'undo': {
        const r = rollbackDeployment(ctx, a.namespace, a.deployment, a.toRevision ?? 0);
        return this.note(`rollout undo deployment/${a.deployment}: ${r.message}`, r.ok);
      }
      case 'deleteObject': {
        const ok = a.kind === 'Pod' ? sim.deletePod(a.namespace, a.name) : !!sim.store.delete(a.kind, a.namespace, a.name);
        return this.note(`delete ${a.kind.toLowerCase()}/${a.name}`, ok);
      }
      case 'resizeClaim': {
        const error = sim.resizeClaim(a.namespace, a.claim, a.storage);
        return this.note(`resize persistentvolumeclaim/${a.claim} to ${a.storage}${error === undefined ? '' : `: ${error}`}`, error === undefined);
      }
    }
  }

  private tryNote(description: string, fn: () => void): void {
    try {
      fn();
      this.note(description);
    } catch (e) {
      this.note(`${description}: ${(e as Error).message}`, false);
    }
  }

  /** Random faults at a rate: exponential gaps drawn from the `faults` stream. */
  private scheduleFault(f: FaultSpec): void {
    const sim = this.sim;
    const rng = sim.engine.rng('faults');
    const next = (from: number) => {
      const at = from + Math.max(1, Math.round(rng.exponential(f.meanTimeBetweenMs)));
      if (at > f.endMs || at > this.scenario.durationMs) return;
      sim.engine.at(at, () => {
        this.fire(f, rng);
        next(at);
      }, { priority: Priority.Timeline });
    };
    next(f.startMs);
  }

  private fire(f: FaultSpec, rng: { pick<T>(xs: readonly T[]): T }): void {
    const sim = this.sim;
    if (f.kind === 'podKill') {
      const pods = sim.store
        .list<Pod>('Pod')
        .filter((p) => !p.metadata.deletionTimestamp && p.spec?.nodeName)
        .filter((p) => !f.selector || Object.entries(f.selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      if (pods.length === 0) return;
      const p = rng.pick(pods);
      sim.deletePod(p.metadata.namespace, p.metadata.name);
      return this.note(`fault: pod ${p.metadata.name} killed`);
    }
    if (f.kind === 'nodeFailure') {
      const up = sim.nodeNames(f.pool).filter((n) => sim.isNodeUp(n));
      if (up.length === 0) return;
      const n = rng.pick(up);
      sim.failNode(n);
      this.note(`fault: node ${n} fails for ${formatDurationShort(f.durationMs)}`);
      sim.engine.after(f.durationMs, () => {
        sim.recoverNode(n);
        this.note(`fault: node ${n} recovers`);
      }, { priority: Priority.Timeline });
      return;
    }
    const zones = [...new Set(sim.store.list<Node>('Node').map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']).filter((z): z is string => !!z))].sort();
    if (zones.length === 0) return;
    const zone = rng.pick(zones);
    const names = sim.store.list<Node>('Node').filter((n) => n.metadata.labels?.['topology.kubernetes.io/zone'] === zone).map((n) => n.metadata.name);
    for (const n of names) sim.failNode(n);
    this.note(`fault: zone ${zone} lost for ${formatDurationShort(f.durationMs)}`);
    sim.engine.after(f.durationMs, () => {
      for (const n of names) sim.recoverNode(n);
      this.note(`fault: zone ${zone} recovers`);
    }, { priority: Priority.Timeline });
  }
}

/** Loads nothing: runs an already loaded scenario (see `loadScenario*` in this folder). */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): ScenarioRun {
  return new ScenarioRun(scenario, options);
}

/** The Service names the workload model routes: every Service in the manifests, in file order. */
export function serviceNames(scenario: Scenario): string[] {
  return [...new Set(scenario.manifests.filter((o) => o.kind === 'Service').map((o) => o.name))];
}

/** A Node object for member `index` (1-based) of a pool. */
export function nodeFromPool(pool: NodePool, index: number): NodeSpecEntry {
  const resources = (r: NodePool['capacity']) => ({
    cpu: `${r.cpuMillis}m`,
    memory: String(r.memoryBytes),
    pods: String(r.pods),
    'ephemeral-storage': String(r.ephemeralStorageBytes),
    ...Object.fromEntries(Object.entries(r.extended).map(([k, v]) => [k, String(v)])),
  });
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName(pool.name, index), labels: nodeLabels(pool, index) },
    spec: pool.taints.length ? { taints: pool.taints.map((t) => ({ ...t })) } : {},
    status: {
      capacity: resources(pool.capacity),
      allocatable: resources(pool.allocatable),
      nodeInfo: {
        kubeletVersion: 'v1.33.0',
        kubeProxyVersion: 'v1.33.0',
        containerRuntimeVersion: 'containerd://1.7.27',
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'kubesim',
        kernelVersion: '6.1.0',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
  return {
    node,
    pricePerHour: pool.pricePerHour,
    pool: pool.name,
    ...(pool.instanceType ? { instanceType: pool.instanceType } : {}),
    capacityType: pool.capacityType,
  };
}

/** `spec.cluster.defaultStorageClass` as the StorageClass object a managed cluster ships (none when unset). */
function defaultStorageClassObjects(scenario: Scenario): KubeObject[] {
  const d = scenario.cluster.defaultStorageClass;
  if (!d) return [];
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: d.name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: d.provisioner,
      volumeBindingMode: d.volumeBindingMode,
      reclaimPolicy: d.reclaimPolicy,
      allowVolumeExpansion: d.allowVolumeExpansion,
    } as KubeObject,
  ];
}

/** The cluster autoscaler's groups (pools with `min`/`max`) and options of a scenario. */
function autoscalerConfig(scenario: Scenario): AutoscalerConfig {
  const pools = scenario.cluster.nodePools;
  return {
    options: scenario.cluster.autoscaler!,
    groups: pools.flatMap((p) =>
      p.autoscaling
        ? [{
            name: p.name,
            minSize: p.autoscaling.min,
            maxSize: p.autoscaling.max,
            initialSize: p.count,
            provisioningDelayMs: p.autoscaling.provisioningDelayMs,
            capacityType: p.capacityType,
            interruptionRatePerHour: p.interruptionRatePerHour,
            pricePerHour: p.pricePerHour,
            ...(p.instanceType ? { instanceType: p.instanceType } : {}),
          }]
        : [],
    ),
    nodeFor: (group, index) => nodeFromPool(pools.find((p) => p.name === group)!, index),
  };
}

/**
 * The owning workload's name, through controller references: a ReplicaSet's own controller (Deployment, Rollout)
 * or the ReplicaSet itself when it has none; a StatefulSet, DaemonSet or Job directly; a pod without a controller
 * is its own workload. Without the store, a ReplicaSet's name loses the pod's own template-hash suffix.
 */
function ownerName(pod: Pod, sim?: Simulation): string {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref) return pod.metadata?.name ?? '';
  if (ref.kind === 'Job') {
    // A CronJob's Job is named <cronjob>-<minutes>: the model is the CronJob's; a Job's own name is exact.
    const job = sim?.store.get('Job', pod.metadata?.namespace ?? 'default', ref.name);
    return job?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'CronJob')?.name ?? ref.name;
  }
  if (ref.kind !== 'ReplicaSet') return ref.name;
  const rs = sim?.store.get<ReplicaSet>('ReplicaSet', pod.metadata?.namespace ?? 'default', ref.name);
  if (rs) return rs.metadata.ownerReferences?.find((r) => r.controller)?.name ?? rs.metadata.name;
  const labels = pod.metadata?.labels ?? {};
  const hash = labels['rollouts-pod-template-hash'] ?? labels['pod-template-hash'];
  return hash && ref.name.endsWith(`-${hash}`) ? ref.name.slice(0, -hash.length - 1) : ref.name;
}

function workloadOf(scenario: Scenario, pod: Pod, sim?: Simulation): WorkloadSpec | undefined {
  const name = ownerName(pod, sim);
  return scenario.workloads[name];
}

/** The kubelet's view of a container: start-up and health from the scenario's workload model. */
function behaviourFor(scenario: Scenario, pod: Pod, container: Container, init: boolean, nowMs: number, sim?: Simulation): ContainerBehaviour {
  // The injected proxy starts as a default container and does not share the application's faults.
  if (container.name === ISTIO_PROXY || container.name === ISTIO_INIT) return { imagePullMs: DEFAULT_STARTUP.imagePullMs, startupMs: DEFAULT_STARTUP.readyMs, initRunMs: 1000 };
  const w = workloadOf(scenario, pod, sim);
  const image = container.image ?? '';
  const version = w?.versions[image];
  const startup = version?.startup ?? w?.startup ?? { imagePullMs: 1000, readyMs: 2000 };
  const health = { ...(w?.health ?? {}), ...(version?.health ?? {}) };
  const model = w ? resolveAppModel(w.model, image).model : DEFAULT_APP_MODEL;
  const b: ContainerBehaviour = { imagePullMs: startup.imagePullMs, startupMs: startup.readyMs, initRunMs: 1000 };
  if (init) return b;
  if (health.crashAfterMs !== undefined) b.crashAfterMs = health.crashAfterMs;
  if (health.readinessFailsAfterMs !== undefined) b.unhealthyAfterMs = health.readinessFailsAfterMs;
  // hangAt is simulated time; the container starts after its image pull.
  if (health.hangAtMs !== undefined) b.hangAfterMs = Math.max(0, health.hangAtMs - nowMs - startup.imagePullMs);
  if (model.memoryLeakBytesPerHour > 0) {
    b.memoryBaseBytes = model.memoryBaseBytes;
    b.memoryLeakBytesPerHour = model.memoryLeakBytesPerHour;
  }
  const storage = w?.ephemeralStorage;
  // The model is the pod's main process: the first app container writes, as it carries the memory model.
  if (storage && container.name === pod.spec?.containers?.[0]?.name) {
    b.ephemeralBaseBytes = storage.container.baseBytes;
    b.ephemeralBytesPerHour = storage.container.bytesPerHour;
    const emptyDir = Object.entries(storage.emptyDir);
    if (emptyDir.length > 0) b.emptyDirWrites = Object.fromEntries(emptyDir.map(([name, x]) => [name, { baseBytes: x.baseBytes, bytesPerHour: x.bytesPerHour }]));
  }
  const run = version?.run ?? w?.run;
  if (run && sim) {
    // One stream for every batch draw, two numbers per container start, in the kubelet's start order.
    const rng = sim.engine.rng('batch');
    Object.assign(b, batchRunOutcome(run, rng.next(), rng.next()));
  }
  return b;
}

/**
 * One batch container start's run time and exit code from two uniform draws in [0, 1): the run time is uniform in
 * mean · (1 ± spread), rounded to whole ms; the run fails (exits with `exitCode`) when the second draw is below
 * `failureRate`, else exits 0.
 */
export function batchRunOutcome(run: BatchRunSpec, uRunTime: number, uFailure: number): { runForMs: number; exitCode: number } {
  const runForMs = Math.max(1, Math.round(run.runForMs * (1 + run.spread * (2 * uRunTime - 1))));
  return { runForMs, exitCode: uFailure < run.failureRate ? run.exitCode : 0 };
}

export type { ExpectationResult } from './expectations.ts';

/** Whether the manifests or a timeline `apply` bring a NetworkPolicy (then its failure cause gets a series). */
function usesNetworkPolicies(scenario: Scenario): boolean {
  const isPolicy = (o: { kind: string }): boolean => o.kind === 'NetworkPolicy';
  return scenario.manifests.some(isPolicy) || scenario.timeline.some((a) => a.action.type === 'apply' && a.action.objects.some(isPolicy));
}
