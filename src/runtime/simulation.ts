/**
 * A running simulated cluster: the engine, the store and every controller, wired the way kube-apiserver,
 * kube-scheduler, kube-controller-manager, the kubelets and kube-proxy are wired in a real cluster (controllers talk
 * only through the store). Construct it from a {@link SimulationConfig}, advance it with {@link Simulation.until},
 * act on it (fail a node, change an image…) between advances, and read state, events, decisions and metrics.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { Engine, type RunResult } from '../engine/engine.ts';
import { Store, type HistoryMode, type KubeObject, type Stored } from '../cluster/store.ts';
import { DEFAULT_EPOCH_MS, SimClock } from '../cluster/time.ts';
import { deletePod } from '../cluster/pods.ts';
import { addDefaultTolerations } from '../controllers/nodelifecycle/taint-eviction.ts';
import { EventRecorder } from '../record/events.ts';
import { DecisionLog } from '../record/decisions.ts';
import { MetricsRecorder, type Series } from '../record/metrics.ts';
import { Priority, type Controller, type ControllerContext } from '../controllers/context.ts';
import { Kubelet, type BehaviourSource } from '../controllers/kubelet/kubelet.ts';
import { NodeLifecycleController } from '../controllers/nodelifecycle/controller.ts';
import { SchedulerController } from '../controllers/scheduler/controller.ts';
import type { SchedulerProfile } from '../controllers/scheduler/framework/profile.ts';
import { ReplicaSetController } from '../controllers/replicaset/controller.ts';
import { StatefulSetController } from '../controllers/statefulset/controller.ts';
import { PersistentVolumeController } from '../controllers/volume/persistentvolume/controller.ts';
import { ExpandController } from '../controllers/volume/expand/controller.ts';
import { NodeExpander } from '../controllers/volume/expand/node.ts';
import { persistentVolumeClaimResizeAdmission, validatePersistentVolumeClaimUpdate } from '../controllers/volume/expand/resize.ts';
import { admitDefaultStorageClass } from '../controllers/volume/persistentvolume/admission.ts';
import { injectIstioSidecar } from '../controllers/istio/sidecar-injector.ts';
import { defaultIngressClassName, ANNOTATION_INGRESS_CLASS, type IngressClassObject } from '../cluster/ingress-routes.ts';
import { DaemonSetsController } from '../controllers/daemonset/controller.ts';
import { JobController } from '../controllers/job/controller.ts';
import { CronJobController } from '../controllers/cronjob/controller.ts';
import { TTLAfterFinishedController } from '../controllers/ttlafterfinished/controller.ts';
import { GarbageCollector } from '../controllers/gc/controller.ts';
import { DeploymentController } from '../controllers/deployment/controller.ts';
import { EndpointSliceController } from '../controllers/endpoints/controller.ts';
import { type FeatureGates, featureEnabled } from '../api/features.ts';
import { applyLimitRangeDefaults } from '../api/defaults.ts';
import { cloneJson } from '../api/clone.ts';
import { HorizontalController } from '../controllers/hpa/controller.ts';
import { MetricsServer } from '../controllers/hpa/metrics-server.ts';
import { RolloutController } from '../controllers/rollouts/controller.ts';
import { AnalysisRunController } from '../controllers/rollouts/analysis-run.ts';
import type { AnalysisProviderSource } from '../controllers/rollouts/providers.ts';
import { DisruptionController } from '../controllers/disruption/controller.ts';
import { queryInstant } from './prometheus.ts';
import { WorkloadDriver, type WorkloadDriverOptions } from './workload-driver.ts';
import { SampledObjects } from './sampled-objects.ts';
import { ClusterAutoscaler } from '../controllers/autoscaler/controller.ts';
import type { AutoscalingOptions, CapacityType, NodeGroupSpec } from '../controllers/autoscaler/options.ts';
import { NodeGroupProvider } from './node-groups.ts';

/** A node to create at the start, with its price. */
export interface NodeSpecEntry {
  node: Node;
  /** Price per hour in dollars, for the cost figures. Default 0. */
  pricePerHour?: number;
  /** The pool it came from (for scale-out actions). */
  pool?: string;
  /** Catalogue instance type and capacity type, for the cost breakdown. */
  instanceType?: string;
  capacityType?: CapacityType;
}

/** Node-hours and dollars of one pool (and instance type and capacity type) over the run so far. */
export interface NodeHoursEntry {
  pool: string;
  instanceType: string;
  capacityType: CapacityType;
  nodeHours: number;
  dollars: number;
}

/** The cluster autoscaler's node groups and options, and how to build node `index` (1-based) of a group. */
export interface AutoscalerConfig {
  groups: readonly NodeGroupSpec[];
  options: AutoscalingOptions;
  nodeFor: (group: string, index: number) => NodeSpecEntry;
}

export interface SimulationConfig {
  seed: number | string;
  /** Unix ms of simulated t = 0. Default 2026-01-05T00:00:00Z. */
  epochMs?: number;
  /** Metric sampling and workload tick, ms. Default 15,000. */
  resolutionMs?: number;
  nodes: readonly NodeSpecEntry[];
  /** Objects from the manifests (defaulted), created at t = 0 in a stable kind order. */
  objects: readonly KubeObject[];
  schedulerProfile?: SchedulerProfile;
  nodeMonitorGracePeriodMs?: number;
  behaviours?: BehaviourSource;
  /** Traffic and application models; without it pods use no CPU and Services get no traffic. */
  workload?: Omit<WorkloadDriverOptions, 'resolutionMs'>;
  /** Models for AnalysisTemplates' `web` and `job` metrics. */
  analysisProviders?: AnalysisProviderSource;
  /** metrics-server scrape interval, ms. Default 60,000 (metrics-server's default). */
  metricResolutionMs?: number;
  /** Keep every trace record (for export); default false (hash only). */
  keepTrace?: boolean;
  /** Object history for time travel (see `HistoryMode`; true is `objects`, false `none`). Default `objects`. */
  history?: boolean | HistoryMode;
  /** Record per-pod series (`container_*`). Default: up to {@link POD_SERIES_MAX_PODS} pods at the start. */
  podSeries?: boolean;
  /** Feature gates (`spec.featureGates`); absent gates keep upstream's defaults. */
  featureGates?: FeatureGates;
  /** Limit on engine events per `until` call (a runaway controller stops the run with a reason). Default 100 M. */
  maxEvents?: number;
  /** Node groups for the cluster autoscaler; without it nodes come and go only by timeline actions. */
  autoscaler?: AutoscalerConfig;
}

/**
 * Up to this many pods at the start (replicas of the workloads plus bare pods), the workload records per-pod series;
 * beyond it only Service series (per-pod points at every tick would take gigabytes over a day).
 */
export const POD_SERIES_MAX_PODS = 2_000;

/** Up to this many HPAs, every HPA sync goes to the decision log; beyond it only syncs that change something. */
const HPA_DECISIONS_EVERY_SYNC_MAX = 50;

/** Order objects are created in at t = 0, so dependencies exist before their dependents. */
const KIND_ORDER = [
  'Namespace', 'PriorityClass', 'LimitRange', 'ResourceQuota', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service',
  'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'PodDisruptionBudget', 'AnalysisTemplate', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Rollout',
  'CronJob', 'Job', 'Pod', 'HorizontalPodAutoscaler', 'IngressClass', 'Ingress', 'NetworkPolicy',
];

export class Simulation {
  readonly engine: Engine;
  readonly clock: SimClock;
  readonly store: Store;
  readonly events: EventRecorder;
  readonly decisions: DecisionLog;
  readonly metrics: MetricsRecorder;
  readonly ctx: ControllerContext;
  readonly kubelet: Kubelet;
  readonly scheduler: SchedulerController;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly workload: WorkloadDriver | undefined;
  readonly disruption: DisruptionController;
  readonly resolutionMs: number;
  /** Whether the workload records per-pod series (`config.podSeries`, or automatic by the initial pod count). */
  readonly podSeries: boolean;
  /** The cluster autoscaler and its simulated cloud, when the scenario has node groups. */
  readonly autoscaler: ClusterAutoscaler | undefined;
  readonly nodeGroups: NodeGroupProvider | undefined;
  private readonly prices = new Map<string, number>();
  /** Pool, instance type and capacity type of each node up, and the usage of nodes gone, for {@link nodeHours}. */
  private readonly nodeKind = new Map<string, string>();
  private readonly usageGone = new Map<string, { nodeMs: number; dollars: number }>();
  /** Nodes up per pool, sampled as `kubesim_node_group_nodes{group}` when the autoscaler runs. */
  private readonly poolNodes = new Map<string, number>();
  private readonly poolSeries = new Map<string, Series>();
  private readonly pools = new Map<string, string>();
  private readonly nodeUp = new Map<string, number>();
  private costDollars = 0;
  /** Dollars per hour of the nodes up now; undefined after a node came or went. */
  private perHourDollars: number | undefined;
  /** Pods per {@link sample} bucket (phase, or Terminating), pods not yet bound and Ready nodes, kept by watches. */
  private readonly counts = { byPhase: new Map<string, number>(FIXED_PHASES.map((p) => [p, 0])), pending: 0, nodesReady: 0 };
  /** Series sampled every step, kept so a sample does not rebuild their canonical ids. */
  private fixedSeries: { phases: Map<string, Series>; pending: Series; nodesReady: Series; nodesNotReady: Series; cost: Series } | undefined;
  private readonly seriesByKey = new Map<string, Series>();
  /** The objects {@link sample} walks, with their series (see `SampledObjects`). */
  private readonly sampled: {
    replicaSets: SampledObjects<ReplicaSet, Series>;
    deployments: SampledObjects<Deployment, readonly [Series, Series]>;
    workloads: SampledObjects<Deployment, Series>[];
  };
  private lastCostMs = 0;
  private readonly controllers: Controller[] = [];

  constructor(readonly config: SimulationConfig) {
    this.engine = new Engine({ seed: config.seed, maxEvents: config.maxEvents ?? 100_000_000, trace: { keepRecords: config.keepTrace ?? false } });
    this.clock = new SimClock(config.epochMs ?? DEFAULT_EPOCH_MS);
    const now = () => this.engine.nowMs;
    this.store = new Store({ clock: this.clock, now, trace: this.engine.trace, history: config.history ?? true, admit: (kind, obj) => this.admit(kind, obj) });
    this.events = new EventRecorder(now, this.engine.trace);
    this.decisions = new DecisionLog(now, this.engine.trace);
    this.metrics = new MetricsRecorder();
    this.resolutionMs = config.resolutionMs ?? 15_000;
    this.podSeries = config.podSeries ?? initialPodCount(config.objects) <= POD_SERIES_MAX_PODS;
    this.ctx = { engine: this.engine, store: this.store, clock: this.clock, events: this.events, decisions: this.decisions, metrics: this.metrics };
    this.store.watch<Pod>('Pod', (e) => {
      if (e.old) this.countPod(e.old, -1);
      if (e.type !== 'DELETED') this.countPod(e.object, 1);
    });
    this.sampled = this.sampledObjects();
    this.store.watch<Node>('Node', (e) => {
      if (e.old && isNodeReady(e.old)) this.counts.nodesReady--;
      if (e.type !== 'DELETED' && isNodeReady(e.object)) this.counts.nodesReady++;
    });

    this.kubelet = new Kubelet(config.behaviours ? { behaviours: config.behaviours } : {});
    this.nodeLifecycle = new NodeLifecycleController(config.nodeMonitorGracePeriodMs !== undefined ? { nodeMonitorGracePeriodMs: config.nodeMonitorGracePeriodMs } : {});
    this.disruption = new DisruptionController();
    this.scheduler = new SchedulerController(config.schedulerProfile ? { profile: config.schedulerProfile } : {});
    this.workload = config.workload
      ? new WorkloadDriver(
          this.kubelet,
          {
            podSeries: this.podSeries,
            // metrics-server asks for the CPU between its last two scrapes.
            usageLookbackMs: 2 * (config.metricResolutionMs ?? 60_000),
            scrape: { resolutionMs: config.metricResolutionMs ?? 60_000 },
            ...config.workload,
            resolutionMs: this.resolutionMs,
          },
          this.engine.rng('load'),
        )
      : undefined;
    const usage = this.workload ?? { cpuMillisAvg: () => undefined, memoryBytes: () => undefined };
    const metricsServer = new MetricsServer(usage, this.workload ?? {}, { metricResolutionMs: config.metricResolutionMs ?? 60_000 });
    this.controllers.push(
      this.kubelet,
      this.nodeLifecycle,
      new EndpointSliceController(),
      new HorizontalController({
        metrics: metricsServer,
        scaleToZero: featureEnabled(config.featureGates, 'HPAScaleToZero'),
        // Every sync explains itself in teaching-sized runs; with many HPAs only syncs that change something do,
        // so a day of 1,000 HPAs stays within the decision log's bounds.
        decisions: config.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').length > HPA_DECISIONS_EVERY_SYNC_MAX ? 'changes' : 'every-sync',
      }),
      new AnalysisRunController({
        ...(config.analysisProviders ? { providers: config.analysisProviders } : {}),
        prometheus: { query: (query, tMs) => queryInstant(this, query, tMs) },
      }),
      new RolloutController(),
      new DeploymentController(),
      new ReplicaSetController(),
      new StatefulSetController(),
      new PersistentVolumeController(),
      new ExpandController(),
      new NodeExpander(),
      new DaemonSetsController(),
      new CronJobController(),
      new JobController(),
      new TTLAfterFinishedController(),
      this.disruption,
      new GarbageCollector(),
      this.scheduler,
    );
    for (const c of this.controllers) c.start(this.ctx);
    this.workload?.start(this.ctx);

    for (const n of config.nodes) this.addNode(n);
    if (config.autoscaler) {
      this.nodeGroups = new NodeGroupProvider(this, config.autoscaler.groups, config.autoscaler.nodeFor);
      this.autoscaler = new ClusterAutoscaler({ provider: this.nodeGroups, options: config.autoscaler.options, ...(config.schedulerProfile ? { schedulerProfile: config.schedulerProfile } : {}) });
      this.addController(this.autoscaler);
    } else {
      this.nodeGroups = undefined;
      this.autoscaler = undefined;
    }
    const objects = [...config.objects].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
    for (const o of objects) this.apply(o);
    this.engine.every(this.resolutionMs, () => this.sample(), { priority: Priority.Metrics, phaseMs: 0 });
  }

  /** Advances the simulation to absolute time `ms`. */
  until(ms: number): RunResult {
    return this.engine.run({ until: ms });
  }

  /** Current simulated time, ms. */
  get nowMs(): number {
    return this.engine.nowMs;
  }

  /** The run's trace hash so far. */
  get traceHash(): string {
    return this.engine.trace.traceHash;
  }

  /** Registers an extra controller (rollouts, analysis…) and starts it. */
  addController(c: Controller): void {
    this.controllers.push(c);
    c.start(this.ctx);
  }

  // -- actions ------------------------------------------------------------------------------------------------------

  /** Creates an object, or replaces the spec (and labels/annotations) of an existing one (`kubectl apply`). */
  apply(obj: KubeObject): Stored {
    const kind = obj.kind ?? '';
    const ns = Store.isClusterScoped(kind) ? '' : (obj.metadata?.namespace ?? 'default');
    const name = obj.metadata?.name ?? '';
    const existing = this.store.get(kind, ns, name);
    if (!existing) return this.store.create(kind, structuredClone(obj));
    return this.store.mutate(kind, ns, name, (d) => {
      const o = d as unknown as KubeObject;
      if (JSON.stringify(o.spec) !== JSON.stringify(obj.spec)) o.spec = structuredClone(obj.spec) as never;
      if (obj.metadata?.labels) d.metadata.labels = { ...obj.metadata.labels };
      if (obj.metadata?.annotations) d.metadata.annotations = { ...(d.metadata.annotations ?? {}), ...obj.metadata.annotations };
    });
  }

  private nextServiceIp = 1;

  /**
   * The API server's mutating admission on create: Services get a ClusterIP (below); Pods get the
   * DefaultTolerationSeconds plugin's not-ready/unreachable tolerations of 300 s.
   */
  private admit(kind: string, obj: KubeObject): KubeObject {
    if (kind === 'Service') return this.allocateClusterIp(obj);
    if (kind === 'Pod') {
      // The LimitRanger admission plugin: the namespace's Container defaults fill unset requests and limits.
      const limitRanges = this.store.list('LimitRange', obj.metadata?.namespace ?? 'default');
      const limited = limitRanges.length > 0 ? applyLimitRangeDefaults(structuredClone(obj) as Record<string, unknown>, limitRanges as unknown as Record<string, unknown>[]) : obj;
      // Istio's injector is a mutating webhook, called after the built-in plugins (LimitRanger, here).
      const nsLabels = this.store.get('Namespace', '', obj.metadata?.namespace ?? 'default')?.metadata?.labels ?? {};
      const pod = injectIstioSidecar(limited as Pod, nsLabels);
      return addDefaultTolerations(pod) as KubeObject;
    }
    if (kind === 'PersistentVolumeClaim') return admitDefaultStorageClass(obj, this.store);
    if (kind === 'Ingress') return this.admitDefaultIngressClass(obj);
    return obj;
  }

  /**
   * The DefaultIngressClass admission plugin: an Ingress naming no class (field or annotation) gets the default
   * IngressClass. With several defaults the API server refuses the Ingress; here it is stored without a class
   * (so no controller serves it) and the refusal goes to the decision log.
   */
  private admitDefaultIngressClass(obj: KubeObject): KubeObject {
    const spec = (obj.spec ?? {}) as { ingressClassName?: string };
    if (spec.ingressClassName !== undefined || obj.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS] !== undefined) return obj;
    const d = defaultIngressClassName(this.store.list('IngressClass') as IngressClassObject[]);
    if (!d) return obj;
    if ('error' in d) {
      this.decisions.add('admission', `Ingress/${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? ''}`, `DefaultIngressClass: ${d.error}`, {});
      return obj;
    }
    return { ...obj, spec: { ...spec, ingressClassName: d.name } };
  }

  /**
   * Allocates a ClusterIP from the service CIDR (10.96.0.0/12 here) unless the Service is headless, and defaults
   * ipFamilies / ipFamilyPolicy to single-stack IPv4.
   */
  private allocateClusterIp(input: KubeObject): KubeObject {
    const obj = { ...input };
    const spec = { ...((obj.spec ?? {}) as object) } as { clusterIP?: string; clusterIPs?: string[]; ipFamilies?: string[]; ipFamilyPolicy?: string; type?: string };
    if (spec.type === 'ExternalName') return obj;
    if (!spec.clusterIP) {
      const n = this.nextServiceIp++;
      spec.clusterIP = `10.96.${Math.floor(n / 256)}.${n % 256}`;
    }
    if (spec.clusterIP !== 'None') spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    obj.spec = spec;
    return obj;
  }

  /** Adds a node (Ready, with its capacity). */
  addNode(entry: NodeSpecEntry): void {
    const name = entry.node.metadata?.name ?? '';
    const ts = this.clock.timestamp(this.engine.nowMs);
    // cloneJson, not structuredClone: node manifests are plain data, and this runs once per node (5,000 at scale).
    const node = cloneJson(entry.node) as Node & { status?: Node["status"] };
    node.status = {
      ...(node.status ?? {}),
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts, lastTransitionTime: ts },
      ],
    };
    this.accrueCost();
    this.prices.set(name, entry.pricePerHour ?? 0);
    if (entry.pool) this.pools.set(name, entry.pool);
    if (entry.pool) this.poolNodes.set(entry.pool, (this.poolNodes.get(entry.pool) ?? 0) + 1);
    this.nodeKind.set(name, `${entry.pool ?? ''}\u0000${entry.instanceType ?? ''}\u0000${entry.capacityType ?? 'on-demand'}`);
    this.nodeUp.set(name, this.engine.nowMs);
    this.perHourDollars = undefined;
    this.store.create('Node', node);
    this.events.record({ kind: 'Node', name, namespace: '' }, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, { component: 'node-controller' });
  }

  /** Removes a node (scale-in, `kubectl delete node`); its pods are garbage-collected. */
  removeNode(name: string): boolean {
    if (!this.store.get('Node', '', name)) return false;
    this.accrueCost();
    const kind = this.nodeKind.get(name) ?? '';
    const upMs = this.engine.nowMs - (this.nodeUp.get(name) ?? this.engine.nowMs);
    const gone = this.usageGone.get(kind) ?? { nodeMs: 0, dollars: 0 };
    gone.nodeMs += upMs;
    gone.dollars += ((this.prices.get(name) ?? 0) * upMs) / 3_600_000;
    this.usageGone.set(kind, gone);
    const pool = this.pools.get(name);
    if (pool !== undefined && this.nodeUp.has(name)) this.poolNodes.set(pool, (this.poolNodes.get(pool) ?? 1) - 1);
    this.nodeUp.delete(name);
    this.perHourDollars = undefined;
    this.kubelet.stopNode(name);
    this.store.delete('Node', '', name);
    return true;
  }

  /** The node fails: its kubelet stops and its pods stop serving at once; Kubernetes notices after the grace period. */
  failNode(name: string): boolean {
    if (!this.store.get('Node', '', name) || !this.kubelet.isNodeUp(name)) return false;
    this.kubelet.stopNode(name);
    this.nodeLifecycle.kubeletStopped(name);
    this.workload?.refreshRunning();
    return true;
  }

  /** The node comes back. */
  recoverNode(name: string): boolean {
    if (!this.store.get('Node', '', name) || this.kubelet.isNodeUp(name)) return false;
    this.kubelet.startNode(name);
    this.nodeLifecycle.kubeletStarted(name);
    this.workload?.refreshRunning();
    return true;
  }

  cordonNode(name: string, unschedulable = true): boolean {
    if (!this.store.get('Node', '', name)) return false;
    this.nodeLifecycle.setUnschedulable(name, unschedulable);
    return true;
  }

  /**
   * `kubectl drain`: cordons the node, then evicts its pods through the eviction API (DaemonSet pods stay). An
   * eviction a PodDisruptionBudget refuses (429) is retried every 5 s, as kubectl does, until it goes through.
   */
  drainNode(name: string): boolean {
    if (!this.cordonNode(name, true)) return false;
    const attempt = () => {
      const pods = this.store
        .list<Pod>('Pod')
        .filter((p) => p.spec?.nodeName === name && !p.metadata.deletionTimestamp)
        .filter((p) => !p.metadata.ownerReferences?.some((r) => r.kind === 'DaemonSet'));
      let refused = 0;
      for (const p of pods) {
        const d = this.disruption.evict(p);
        if (d.allowed) {
          this.decisions.add('drain', `Pod/${p.metadata.namespace}/${p.metadata.name}`, `evicted from ${name} (${d.reason})`);
          deletePod(this.store, this.clock, this.engine.nowMs, p);
        } else {
          refused++;
          this.decisions.add('drain', `Pod/${p.metadata.namespace}/${p.metadata.name}`, `eviction refused: ${d.message}`, { code: d.code });
        }
      }
      if (refused > 0) this.engine.after(5_000, attempt, { priority: Priority.Timeline });
    };
    attempt();
    return true;
  }

  /** Deletes a pod (graceful), as `kubectl delete pod` does. */
  deletePod(namespace: string, name: string): boolean {
    const pod = this.store.get<Pod>('Pod', namespace, name);
    if (!pod) return false;
    deletePod(this.store, this.clock, this.engine.nowMs, pod);
    return true;
  }

  /** Sets a container image of a Deployment's template (`kubectl set image`). */
  setImage(kind: string, namespace: string, name: string, container: string, image: string): boolean {
    const obj = this.store.get<Deployment>(kind, namespace, name);
    const c = obj?.spec?.template?.spec?.containers?.find((x) => x.name === container);
    if (!obj || !c) return false;
    this.store.mutate<Deployment>(kind, namespace, name, (d) => {
      const x = d.spec!.template.spec!.containers.find((y) => y.name === container)!;
      x.image = image;
    });
    return true;
  }

  /**
   * Sets a claim's `spec.resources.requests.storage` (`kubectl patch pvc`), through the API server's checks:
   * `ValidatePersistentVolumeClaimUpdate`, then the PersistentVolumeClaimResize admission plugin. Returns the API
   * server's error when the update is refused (nothing changes), else undefined; the expand controller and the
   * kubelet then grow the volume.
   */
  resizeClaim(namespace: string, name: string, storage: string): string | undefined {
    const claim = this.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, name);
    if (!claim) return `persistentvolumeclaims "${name}" not found`;
    const invalid = validatePersistentVolumeClaimUpdate(claim, storage);
    if (invalid.length > 0) return `PersistentVolumeClaim "${name}" is invalid: ${invalid.length === 1 ? invalid[0] : `[${invalid.join(', ')}]`}`;
    const forbidden = persistentVolumeClaimResizeAdmission(
      claim,
      storage,
      (c) => this.store.get<StorageClass>('StorageClass', '', c),
      (v) => this.store.get<PersistentVolume>('PersistentVolume', '', v),
    );
    if (forbidden !== undefined) return `persistentvolumeclaims "${name}" is forbidden: ${forbidden}`;
    this.store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, name, (d) => {
      d.spec = { ...(d.spec ?? {}), resources: { ...(d.spec?.resources ?? {}), requests: { ...(d.spec?.resources?.requests ?? {}), storage } } };
    });
    return undefined;
  }

  /** Sets spec.replicas (`kubectl scale`). */
  scale(kind: string, namespace: string, name: string, replicas: number): boolean {
    if (!this.store.get(kind, namespace, name)) return false;
    this.store.mutate<ReplicaSet>(kind, namespace, name, (d) => {
      d.spec = { ...(d.spec ?? { selector: {} }), replicas };
    });
    return true;
  }

  /** Names of nodes in a pool (or all), sorted. */
  nodeNames(pool?: string): string[] {
    return this.store
      .list<Node>('Node')
      .map((n) => n.metadata.name)
      .filter((n) => pool === undefined || this.pools.get(n) === pool);
  }

  /** The pool a node was created in (also after it is gone), or undefined for a node added without one. */
  poolOf(name: string): string | undefined {
    return this.pools.get(name);
  }

  /** Whether the node's kubelet runs. */
  isNodeUp(name: string): boolean {
    return this.kubelet.isNodeUp(name);
  }

  /**
   * Node-hours and dollars so far by pool, instance type and capacity type (on-demand or spot), in first-seen
   * order; the dollars add up to {@link cost}.
   */
  nodeHours(): NodeHoursEntry[] {
    const now = this.engine.nowMs;
    const acc = new Map<string, { nodeMs: number; dollars: number }>();
    for (const [kind, u] of this.usageGone) acc.set(kind, { ...u });
    for (const [name, since] of this.nodeUp) {
      const kind = this.nodeKind.get(name) ?? '';
      const a = acc.get(kind) ?? { nodeMs: 0, dollars: 0 };
      a.nodeMs += now - since;
      a.dollars += ((this.prices.get(name) ?? 0) * (now - since)) / 3_600_000;
      acc.set(kind, a);
    }
    return [...acc].map(([kind, u]) => {
      const [pool = '', instanceType = '', capacityType = 'on-demand'] = kind.split('\u0000');
      return { pool, instanceType, capacityType: capacityType as CapacityType, nodeHours: u.nodeMs / 3_600_000, dollars: u.dollars };
    });
  }

  /** Dollars spent on nodes so far. */
  get cost(): number {
    this.accrueCost();
    return this.costDollars;
  }

  // -- sampling -----------------------------------------------------------------------------------------------------

  private accrueCost(): void {
    const now = this.engine.nowMs;
    const dtH = (now - this.lastCostMs) / 3_600_000;
    if (dtH > 0) {
      // Summed again only after a node came or went (same order, so the same float sum as summing every time).
      if (this.perHourDollars === undefined) {
        let perHour = 0;
        for (const name of this.nodeUp.keys()) perHour += this.prices.get(name) ?? 0;
        this.perHourDollars = perHour;
      }
      this.costDollars += this.perHourDollars * dtH;
    }
    this.lastCostMs = now;
  }

  /** Samples the cluster-level series every resolution step. */
  private sample(): void {
    const now = this.engine.nowMs;
    const m = this.metrics;
    const c = this.counts;
    const s = (this.fixedSeries ??= {
      phases: new Map(),
      pending: m.series('kubesim_pods_pending', {}),
      nodesReady: m.series('kubesim_nodes', { state: 'Ready' }),
      nodesNotReady: m.series('kubesim_nodes', { state: 'NotReady' }),
      cost: m.series('kubesim_cost_dollars_total', {}),
    });
    // The five usual phases are sampled always; another phase (Unknown) only while some pod has it.
    for (const [phase, n] of c.byPhase) {
      if (n > 0 || FIXED_PHASES.includes(phase)) (s.phases.get(phase) ?? this.phaseSeries(s.phases, phase)).push(now, n);
    }
    s.pending.push(now, c.pending);
    s.nodesReady.push(now, c.nodesReady);
    s.nodesNotReady.push(now, this.store.size('Node') - c.nodesReady);
    this.sampled.replicaSets.forEach((rs, series) => series.push(now, rs.status?.replicas ?? 0));
    this.sampled.deployments.forEach((d, series) => {
      series[0].push(now, d.status?.availableReplicas ?? 0);
      series[1].push(now, d.spec?.replicas ?? 0);
    });
    for (const kind of this.sampled.workloads) kind.forEach((w, series) => series.push(now, w.spec?.replicas ?? 0));
    s.cost.push(now, this.cost);
    if (this.autoscaler) {
      for (const [pool, n] of this.poolNodes) {
        let series = this.poolSeries.get(pool);
        if (!series) this.poolSeries.set(pool, (series = m.series('kubesim_node_group_nodes', { group: pool })));
        series.push(now, n);
      }
      const dollars = new Map<string, number>();
      for (const u of this.nodeHours()) dollars.set(u.pool, (dollars.get(u.pool) ?? 0) + u.dollars);
      for (const [pool, d] of dollars) {
        const key = `cost\u0000${pool}`;
        let series = this.poolSeries.get(key);
        if (!series) this.poolSeries.set(key, (series = m.series('kubesim_node_group_cost_dollars_total', { group: pool })));
        series.push(now, d);
      }
    }
  }

  /** The per-object series {@link sample} writes: a version's series is made once (its labels cannot change). */
  private sampledObjects(): Simulation['sampled'] {
    return {
      replicaSets: new SampledObjects<ReplicaSet, Series>(this.store, 'ReplicaSet', (rs) => {
        const owner = rs.metadata.ownerReferences?.find((r) => r.controller)?.name ?? '';
        return this.keptSeries('kube_replicaset_status_replicas', rs.metadata.name, owner, { replicaset: rs.metadata.name, deployment: owner });
      }),
      deployments: new SampledObjects<Deployment, readonly [Series, Series]>(this.store, 'Deployment', (d) => {
        const labels = { deployment: d.metadata.name };
        return [
          this.keptSeries('kube_deployment_status_replicas_available', d.metadata.name, '', labels),
          this.keptSeries('kube_deployment_spec_replicas', d.metadata.name, '', labels),
        ];
      }),
      workloads: ['Deployment', 'Rollout', 'StatefulSet'].map(
        (kind) =>
          new SampledObjects<Deployment, Series>(this.store, kind, (w) => {
            const workload = `${w.metadata.namespace}/${w.metadata.name}`;
            return this.keptSeries('kubesim_workload_spec_replicas', kind, workload, { kind, workload });
          }),
      ),
    };
  }

  /** Counts pods by the buckets {@link sample} reports, kept up to date by a watch instead of a scan per sample. */
  private countPod(p: Pod, sign: 1 | -1): void {
    const c = this.counts;
    const bucket = p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending');
    c.byPhase.set(bucket, (c.byPhase.get(bucket) ?? 0) + sign);
    if (!p.spec?.nodeName) c.pending += sign;
  }

  private phaseSeries(kept: Map<string, Series>, phase: string): Series {
    const series = this.metrics.series('kube_pod_status_phase', { phase });
    kept.set(phase, series);
    return series;
  }

  /** A per-object series, looked up by two label values instead of building its canonical id every sample. */
  private keptSeries(name: string, a: string, b: string, labels: Record<string, string>): Series {
    const key = `${name}\u0000${a}\u0000${b}`;
    let series = this.seriesByKey.get(key);
    if (!series) {
      series = this.metrics.series(name, labels);
      this.seriesByKey.set(key, series);
    }
    return series;
  }
}

function isNodeReady(n: Node): boolean {
  return n.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
}

/** Pod phases sampled at every step, zero or not (pods being deleted count as Terminating instead). */
const FIXED_PHASES: readonly string[] = ['Pending', 'Running', 'Succeeded', 'Failed', 'Terminating'];

function kindRank(kind: string | undefined): number {
  const i = KIND_ORDER.indexOf(kind ?? '');
  return i < 0 ? KIND_ORDER.length : i;
}

/** Pods a run starts with: the replicas of its workloads and its bare pods. */
function initialPodCount(objects: readonly KubeObject[]): number {
  let n = 0;
  for (const o of objects) {
    if (o.kind === 'Pod') n++;
    else if (o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet' || o.kind === 'Rollout') {
      n += (o as { spec?: { replicas?: number } }).spec?.replicas ?? 1;
    }
  }
  return n;
}
