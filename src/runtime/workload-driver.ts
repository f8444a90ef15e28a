/**
 * Connects the workload model (`src/workload/`) to the cluster: keeps the model's pod table in step with the pods
 * in the store (bound, running, ready, terminating), reads each Service's endpoints from its EndpointSlices as
 * kube-proxy does, steps the model every metric tick, and feeds the results back — probe latency and memory to the
 * kubelet (the readiness cascade and OOM kills), CPU history to the metrics pipeline the HPA reads, and Service
 * series (rps, latency percentiles, errors) to the metrics.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { cpuMillis, memoryBytes } from '../api/quantity.ts';
import { resized } from '../engine/arrays.ts';
import type { Store } from '../cluster/store.ts';
import { Priority, type ControllerContext } from '../controllers/context.ts';
import type { CpuSnapshot, CustomMetricsSource, UsageSource } from '../controllers/hpa/metrics-server.ts';
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { WorkloadMetrics } from '../workload/metrics.ts';
import type { Series } from '../record/metrics.ts';
import { LABEL_SERVICE_NAME } from '../controllers/endpoints/slices.ts';
import type { AppModel } from '../workload/app-model.ts';
import { WorkloadModel, type ServiceConfig } from '../workload/model.ts';
import { PodTable } from '../workload/pod-table.ts';
import type { TrafficWeight } from '../workload/balance.ts';
import { NetworkReachability, type ReachabilitySource } from './network-reachability.ts';
import { MeshRouting } from './mesh.ts';
import { ISTIO_PROXY } from '../controllers/istio/sidecar-injector.ts';
import { sidecarPodCpuLimitMillis } from '../workload/sidecar.ts';
import { latencyClass, minProbeTimeoutMs } from '../controllers/kubelet/kubelet.ts';

/** What the driver needs from the kubelet. */
export interface KubeletFeedback {
  setProbeLatency(uid: string, latencyMs: number): void;
  setMemoryUsage(uid: string, bytes: number): void;
  isPodRunning(uid: string): boolean;
  /** The eviction manager's pass after each tick's memory reports (node memory pressure). */
  synchronizeEviction(): void;
}

export interface WorkloadDriverOptions {
  services: readonly ServiceConfig[];
  /** Application model of a pod (its workload and image), with a stable key. */
  modelFor(pod: Pod): { key: string; model: AppModel };
  /** Traffic weights per Service (canary splits), read each tick. */
  weightsFor?(service: string): readonly TrafficWeight[] | undefined;
  /** The pod set a pod belongs to for weights (e.g. its pod-template-hash). */
  podSetOf?(pod: Pod): string;
  resolutionMs: number;
  /** Record the per-pod series (CPU, throttling, memory). Default true. */
  podSeries?: boolean;
  /**
   * Record the `cause="networkPolicy"` failure series (scenarios with NetworkPolicies; without them it would be a
   * zero series for every Service). Default false.
   */
  networkPolicySeries?: boolean;
  /**
   * How far back from now a CPU usage query can reach, ms (metrics-server asks for the interval between its last
   * two scrapes, so twice its resolution). Sets how much CPU history each pod keeps. Default 120,000.
   */
  usageLookbackMs?: number;
  /**
   * The metrics-server's scrape schedule (`--metric-resolution`, first scrape at `phaseMs`). With it, once the
   * metrics pipeline reads CPU from this driver ({@link WorkloadDriver.cpuSnapshot}, `cpuSlot` or `cpuReader`),
   * each tick that ends on a scrape computes every pod's average over the scrape interval in one pass over the
   * slots, instead of one ring walk per pod when the HPAs ask (the same values: the same function on the same
   * samples).
   */
  scrape?: { resolutionMs: number; phaseMs?: number };
  /** Called after every model step (SLO trackers, …). */
  onStep?(model: WorkloadModel, nowMs: number): void;
  /**
   * Requests per second the ingress controller received for an Ingress in the last tick (what a Prometheus adapter
   * serves from `nginx_ingress_controller_requests`); undefined when no Ingress traffic lands on it.
   */
  ingressRequestRate?(namespace: string, name: string): number | undefined;
}

/** Custom metric names the workload model can answer: request rates. */
const REQUEST_METRIC = /request/i;
/** External metric names answered with a Service's queue length. */
const QUEUE_METRIC = /queue|backlog|pending/i;

interface PodEntry {
  slot: number;
  uid: string;
  namespace: string;
  name: string;
  /** CPU samples taken so far (the slot's ring holds the last {@link WorkloadDriver.history} of them). */
  n: number;
  memory: number;
  /** The distinct shortest probe timeouts of the pod's probed containers, ms: see {@link probeTimeouts}. */
  probe: readonly number[];
  /** The application model's error rate (fraction of requests answered with an error). */
  errorRate: number;
  /** The sums of the pod's pod set (`podSetOf`), undefined without one. */
  podSet: PodSetSums | undefined;
}

/** One pod set's `{podset}` labels, its two series once recorded, and its sums at `atMs`. */
interface PodSetSums {
  readonly labels: Readonly<Record<string, string>>;
  series: { requests: Series; errors: Series } | undefined;
  atMs: number;
  rps: number;
  errors: number;
}

export class WorkloadDriver implements UsageSource, CustomMetricsSource {
  readonly table = new PodTable(256);
  readonly model: WorkloadModel;
  private readonly workloadMetrics: WorkloadMetrics;
  private ctx!: ControllerContext;
  private readonly entries = new Map<string, PodEntry>();
  private readonly bySlot: (PodEntry | undefined)[] = [];
  /** namespace → pod name → entry (two look-ups, no key string built per metrics query). */
  private readonly byName = new Map<string, Map<string, PodEntry>>();
  /** CPU samples kept per pod: a power of two covering {@link WorkloadDriverOptions.usageLookbackMs}. */
  private readonly history: number;
  /**
   * Per slot, a ring of `history` samples: the time a tick ended and the CPU millicores used during it. One array
   * for all slots, so the tick writes memory in slot order instead of touching two arrays per pod.
   */
  private ringT = new Float64Array(0);
  private ringCpu = new Float64Array(0);
  /**
   * Per slot, the probe latency and memory last handed to the kubelet (NaN: hand them over at the next tick). The
   * kubelet acts only on a change of either, or on a container that started or stopped since (which writes the
   * pod's status, so {@link onPod} clears the slot's values): a tick repeats a value only when something changed.
   */
  private sentProbeMs = new Float64Array(0);
  private sentMemory = new Float64Array(0);
  /** Whether a CPU reader was handed out (only then are scrape snapshots worth taking). */
  private snapshotsWanted = false;
  /** The last scrape snapshot: its interval, each slot's average (NaN: no data) and the entry it was taken of. */
  private snapFromMs = Number.NaN;
  private snapToMs = Number.NaN;
  private snap = new Float64Array(0);
  private readonly snapOwner: (PodEntry | undefined)[] = [];
  private readonly endpoints: number[][];
  private readonly serviceIndex = new Map<string, number>();
  private readonly nodeIdx = new Map<string, number>();
  private nodeCpu = new Float64Array(16);
  private lastTickMs = 0;
  /**
   * Endpoint lists are rebuilt at the next tick only for these Services (indexes into `services`): those whose
   * slices changed, and those whose slices name a pod that got or lost its slot.
   */
  private readonly dirtyServices = new Set<number>();
  /** Per Service: `namespace/name` of the slices feeding its endpoint list. */
  private readonly slicesOf: Set<string>[];
  /** Slice `namespace/name` → the Service it feeds and the pod uids it names, as last read from the store. */
  private readonly sliceIndex = new Map<string, { service: number; uids: string[] }>();
  /** Pod uid → Service → how many of that Service's slices name the pod. */
  private readonly servicesOfUid = new Map<string, Map<number, number>>();
  /** Per Service: its `http_requests_per_second` and `http_errors_per_second` series, looked up once. */
  private serviceSeries: { requests: Series; errors: Series }[] | undefined;
  /** What NetworkPolicies let through; handed to the model only while a policy exists. */
  private reachability!: NetworkReachability;
  /** The service mesh's routes, policies and outlier detection (active once a mesh object exists). */
  mesh!: MeshRouting;
  /**
   * Per pod set ever seen: its `{podset}` labels (frozen for the same reason) and the sums of the last tick it had
   * pods in, reused from tick to tick; with the set names in order, sorted again only when a set appears.
   */
  private readonly podSets = new Map<string, PodSetSums>();
  private podSetOrder: string[] | undefined;

  constructor(
    private readonly kubelet: KubeletFeedback,
    private readonly options: WorkloadDriverOptions,
    rng: { next(): number },
  ) {
    this.model = new WorkloadModel({ services: options.services, rng });
    const samples = Math.ceil((options.usageLookbackMs ?? 120_000) / options.resolutionMs) + 4;
    this.history = Math.max(8, 2 ** Math.ceil(Math.log2(samples)));
    this.workloadMetrics = new WorkloadMetrics(this.model, { podSeries: options.podSeries ?? true, networkPolicy: options.networkPolicySeries ?? false });
    this.endpoints = options.services.map(() => []);
    this.slicesOf = options.services.map(() => new Set());
    options.services.forEach((s, i) => this.serviceIndex.set(s.name, i));
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    // What NetworkPolicy reachability and the mesh read of the pods and endpoints: one source for both.
    const source: ReachabilitySource = {
      store: ctx.store,
      serviceNames: this.model.serviceNames,
      endpointsOf: (i) => this.endpoints[i]!,
      podAt: (slot) => {
        const e = this.bySlot[slot];
        return e ? ctx.store.get<Pod>('Pod', e.namespace, e.name) : undefined;
      },
      table: this.table,
    };
    this.reachability = new NetworkReachability(source);
    this.mesh = new MeshRouting({
      ...source,
      decisions: ctx.decisions,
      rng: ctx.engine.rng('mesh'),
      requestsOf: (i) => this.options.services[i]?.requests,
    });
    // The mesh's Istio duration histograms see the same latency mixtures as the workload's.
    this.workloadMetrics.also = this.mesh;
    for (const kind of ['VirtualService', 'DestinationRule', 'HTTPRoute']) ctx.store.watch(kind, () => this.mesh.invalidate());
    ctx.store.watch('NetworkPolicy', () => this.reachability.invalidate());
    ctx.store.watch('Namespace', () => {
      this.reachability.invalidate();
      this.mesh.invalidate();
    });
    ctx.store.watch<Node>('Node', (e) => {
      const name = e.object.metadata.name;
      if (!this.nodeIdx.has(name)) this.nodeIdx.set(name, this.nodeIdx.size);
      const i = this.nodeIdx.get(name)!;
      if (i >= this.nodeCpu.length) this.nodeCpu = resized(this.nodeCpu, this.nodeCpu.length * 2);
      const alloc = e.object.status?.allocatable?.['cpu'] ?? e.object.status?.capacity?.['cpu'];
      this.nodeCpu[i] = e.type === 'DELETED' || alloc === undefined ? 0 : cpuMillis(alloc);
    });
    ctx.store.watch<Pod>('Pod', (e) => this.onPod(e.type, e.object));
    for (const slice of ctx.store.list<EndpointSlice>('EndpointSlice')) this.refreshSlice(slice.metadata.namespace, slice.metadata.name);
    ctx.store.watch<EndpointSlice>('EndpointSlice', (e) => this.refreshSlice(e.object.metadata.namespace, e.object.metadata.name));
    // The first tick builds every list, as it always has.
    this.options.services.forEach((_, i) => this.dirtyServices.add(i));
    this.lastTickMs = ctx.engine.nowMs;
    ctx.engine.every(this.options.resolutionMs, () => this.tick(), { priority: Priority.Workload });
  }

  private onPod(type: string, pod: Pod): void {
    // Labels, IPs, readiness and slots decide NetworkPolicy verdicts, mesh subsets and sidecars.
    this.reachability.invalidate();
    this.mesh.invalidate();
    const uid = pod.metadata!.uid!;
    let entry = this.entries.get(uid);
    if (type === 'DELETED') {
      if (entry) {
        this.table.remove(entry.slot);
        this.bySlot[entry.slot] = undefined;
        this.entries.delete(uid);
        this.byName.get(entry.namespace)?.delete(entry.name);
        this.markServicesOf(uid);
      }
      return;
    }
    const node = pod.spec?.nodeName;
    if (!node || !pod.status?.podIP) return;
    const statuses = pod.status?.containerStatuses ?? [];
    const running = statuses.length > 0 && statuses.every((c) => c.state?.running) && this.kubelet.isPodRunning(uid);
    const podReady = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    const terminating = !!pod.metadata?.deletionTimestamp;
    const startedAt = statuses[0]?.state?.running?.startedAt;
    const startedAtMs = startedAt ? this.ctx.clock.simMs(startedAt) : this.ctx.engine.nowMs;
    if (!entry) {
      const c = pod.spec?.containers?.[0];
      const { key, model } = this.options.modelFor(pod);
      this.model.addModel(key, model);
      const podSet = this.options.podSetOf?.(pod) ?? '';
      const slot = this.table.add({
        name: `${pod.metadata!.namespace}/${pod.metadata!.name}`,
        modelKey: key,
        podSet,
        cpuLimitMillis: podCpuLimitMillis(pod, model),
        cpuRequestMillis: sumResource(pod, 'requests', 'cpu'),
        memoryLimitBytes: c?.resources?.limits?.['memory'] !== undefined ? memoryBytes(c.resources.limits['memory']) : 0,
        nodeIndex: this.nodeIdx.get(node) ?? -1,
        startedAtMs,
        ready: podReady && !terminating,
        serving: podReady,
        running,
      });
      entry = { slot, uid, namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, n: 0, memory: 0, probe: probeTimeouts(pod), errorRate: model.errorRate, podSet: podSet ? this.podSetSums(podSet) : undefined };
      this.entries.set(uid, entry);
      this.bySlot[slot] = entry;
      let names = this.byName.get(entry.namespace);
      if (!names) this.byName.set(entry.namespace, (names = new Map()));
      names.set(entry.name, entry);
      if ((slot + 1) * this.history > this.ringT.length) this.growRings(slot + 1);
      this.sentProbeMs[slot] = Number.NaN;
      this.sentMemory[slot] = Number.NaN;
      this.markServicesOf(uid);
      return;
    }
    this.sentProbeMs[entry.slot] = Number.NaN;
    this.sentMemory[entry.slot] = Number.NaN;
    this.table.setConditions(entry.slot, podReady && !terminating, podReady);
    const wasStart = this.table.startedAtMs[entry.slot];
    this.table.setRunning(entry.slot, running, running && startedAtMs !== wasStart ? startedAtMs : undefined);
  }

  /** Re-reads whether each pod's containers run (after a node failure or recovery, which writes no status). */
  refreshRunning(): void {
    for (const e of this.entries.values()) this.table.setRunning(e.slot, this.kubelet.isPodRunning(e.uid));
    // A stopped kubelet ignored what it was told; a restarted one starts its containers afresh.
    this.sentProbeMs.fill(Number.NaN);
    this.sentMemory.fill(Number.NaN);
  }

  /** The Service a slice feeds: its service-name label, qualified by namespace or bare, as `objectMetricMilli` looks it up. */
  private serviceOfSlice(slice: EndpointSlice): number | undefined {
    const svc = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (!svc) return undefined;
    return this.serviceIndex.get(`${slice.metadata?.namespace}/${svc}`) ?? this.serviceIndex.get(svc);
  }

  /**
   * Re-reads a slice from the store (not from the watch event, which could be older than the store if a watcher ahead
   * of this one wrote while the event was delivered) and marks the Services it fed and feeds.
   */
  private refreshSlice(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const slice = this.ctx.store.get<EndpointSlice>('EndpointSlice', namespace, name);
    const before = this.sliceIndex.get(key);
    if (before) {
      this.slicesOf[before.service]!.delete(key);
      this.dirtyServices.add(before.service);
      for (const uid of before.uids) this.countUid(uid, before.service, -1);
      this.sliceIndex.delete(key);
    }
    const service = slice ? this.serviceOfSlice(slice) : undefined;
    if (!slice || service === undefined) return;
    const uids: string[] = [];
    for (const ep of slice.endpoints ?? []) {
      const uid = ep.targetRef?.uid;
      if (uid) uids.push(uid);
    }
    this.slicesOf[service]!.add(key);
    this.sliceIndex.set(key, { service, uids });
    this.dirtyServices.add(service);
    for (const uid of uids) this.countUid(uid, service, 1);
  }

  private countUid(uid: string, service: number, delta: number): void {
    let m = this.servicesOfUid.get(uid);
    if (!m) {
      m = new Map();
      this.servicesOfUid.set(uid, m);
    }
    const n = (m.get(service) ?? 0) + delta;
    if (n > 0) m.set(service, n);
    else m.delete(service);
    if (m.size === 0) this.servicesOfUid.delete(uid);
  }

  /** A pod got or lost its slot: the Services whose slices name it must re-read their endpoints. */
  private markServicesOf(uid: string): void {
    const m = this.servicesOfUid.get(uid);
    if (m) for (const service of m.keys()) this.dirtyServices.add(service);
  }

  /**
   * Rebuilds the endpoint lists of the dirty Services: the slots of the pods their slices name (one per slice
   * naming the pod), sorted. The lists are refilled in place, as the model may hold them.
   */
  private rebuildEndpoints(store: Store): void {
    for (const service of this.dirtyServices) {
      const list = this.endpoints[service]!;
      list.length = 0;
      for (const key of this.slicesOf[service]!) {
        const slash = key.indexOf('/');
        const slice = store.get<EndpointSlice>('EndpointSlice', key.slice(0, slash), key.slice(slash + 1))!;
        for (const ep of slice.endpoints ?? []) {
          const uid = ep.targetRef?.uid;
          const entry = uid ? this.entries.get(uid) : undefined;
          if (entry) list.push(entry.slot);
        }
      }
      list.sort((a, b) => a - b);
    }
    this.dirtyServices.clear();
    this.reachability.invalidate();
    this.mesh.invalidate();
  }

  private tick(): void {
    const { engine, metrics } = this.ctx;
    const now = engine.nowMs;
    const dtMs = now - this.lastTickMs;
    this.lastTickMs = now;
    if (dtMs <= 0) return;
    if (this.dirtyServices.size > 0) this.rebuildEndpoints(this.ctx.store);
    const meshed = this.mesh.active;
    if (this.options.weightsFor || meshed) {
      // The mesh routes by its VirtualService's subsets (which Argo's trafficRouting.istio writes); without them a
      // traffic-routed rollout's split applies as its router would set it.
      this.options.services.forEach((s, i) => this.model.setWeights(s.name, (meshed ? this.mesh.weightsOf(i) : undefined) ?? this.options.weightsFor?.(s.name)));
    }
    this.model.step(now, dtMs, {
      pods: this.table,
      endpointsOf: (i) => this.endpoints[i]!,
      nodeCpuMillis: this.nodeCpu,
      ...(this.reachability.active ? { reachability: this.reachability } : {}),
      ...(meshed ? { mesh: this.mesh } : {}),
    });
    if (meshed) {
      this.mesh.afterStep(this.model, now, dtMs);
      this.mesh.record(metrics, now, this.model);
    }
    const pods = this.model.pods;
    const H = this.history;
    for (let slot = 0; slot < this.table.size; slot++) {
      const e = this.bySlot[slot];
      if (!e || this.table.alive[slot] !== 1) continue;
      const i = slot * H + (e.n & (H - 1));
      this.ringT[i] = now;
      this.ringCpu[i] = pods.cpuUsageMillis[slot]!;
      e.n++;
      e.memory = pods.memoryBytes[slot]!;
      if (this.table.running[slot] === 1) {
        const probeMs = pods.probeLatencyMs[slot]!;
        if (!sameProbeClass(e.probe, this.sentProbeMs[slot]!, probeMs)) {
          this.sentProbeMs[slot] = probeMs;
          this.kubelet.setProbeLatency(e.uid, probeMs);
        }
        if (e.memory !== this.sentMemory[slot]) {
          this.sentMemory[slot] = e.memory;
          this.kubelet.setMemoryUsage(e.uid, e.memory);
        }
      }
    }
    this.takeScrapeSnapshot(now);
    this.kubelet.synchronizeEviction();
    this.recordPodSets(now);
    this.options.onStep?.(this.model, now);
    const s = this.model.services;
    const dtS = dtMs / 1000;
    this.serviceSeries ??= this.model.serviceNames.map((name) => {
      const labels = { service: name };
      return { requests: metrics.series('http_requests_per_second', labels), errors: metrics.series('http_errors_per_second', labels) };
    });
    for (let i = 0; i < this.serviceSeries.length; i++) {
      const out = this.serviceSeries[i]!;
      out.requests.push(now, s.offered[i]! / dtS);
      const failed = s.failedNoEndpoints[i]! + s.failedOverload[i]! + s.failedTimeout[i]! + s.failedAppError[i]! + s.failedDependency[i]! + s.failedNetworkPolicy[i]!;
      out.errors.push(now, failed / dtS);
    }
    // The Prometheus-named series (requests by code and cause, latency quantiles, per-pod CPU, throttling, memory).
    this.workloadMetrics.record(metrics, now, this.table);
  }

  /**
   * Per Service and pod set (pod-template-hash): requests per second and application errors per second, so an
   * analysis can compare a canary's error rate with the stable's.
   */
  private recordPodSets(now: number): void {
    // Without a pod-set function every slot's set is '' and nothing is recorded.
    if (!this.options.podSetOf) return;
    const rpsOf = this.model.pods.rps;
    for (let slot = 0; slot < this.table.size; slot++) {
      const e = this.bySlot[slot];
      const a = e?.podSet;
      if (!a || this.table.alive[slot] !== 1) continue;
      const rps = rpsOf[slot]!;
      if (a.atMs !== now) {
        a.atMs = now;
        a.rps = 0;
        a.errors = 0;
      }
      a.rps += rps;
      a.errors += rps * e.errorRate;
    }
    this.podSetOrder ??= [...this.podSets.keys()].sort();
    for (const set of this.podSetOrder) {
      const a = this.podSets.get(set)!;
      if (a.atMs !== now) continue;
      a.series ??= {
        requests: this.ctx.metrics.series('kubesim_podset_requests_per_second', a.labels),
        errors: this.ctx.metrics.series('kubesim_podset_errors_per_second', a.labels),
      };
      a.series.requests.push(now, a.rps);
      a.series.errors.push(now, a.errors);
    }
  }

  /** The sums of a pod set, made when its first pod gets a slot (its set names are then sorted again). */
  private podSetSums(set: string): PodSetSums {
    let a = this.podSets.get(set);
    if (!a) {
      this.podSets.set(set, (a = { labels: { podset: set }, series: undefined, atMs: -1, rps: 0, errors: 0 }));
      this.podSetOrder = undefined;
    }
    return a;
  }

  // CustomMetricsSource for the HPA: what a Prometheus adapter would serve from these series ----------------------

  /**
   * Pods metrics: a per-pod request rate under any metric name about requests (`http_requests_per_second`,
   * `requests_per_second`, `http_requests`…), in milli-units. Other names have no data here.
   */
  podMetricMilli(namespace: string, podName: string, metricName: string): number | undefined {
    if (!REQUEST_METRIC.test(metricName)) return undefined;
    const e = this.byName.get(namespace)?.get(podName);
    if (!e || this.table.alive[e.slot] !== 1) return undefined;
    return Math.round(this.model.pods.rps[e.slot]! * 1000);
  }

  /**
   * Object metrics: the request rate of a Service, or of an Ingress (the ingress controller's requests for it; an
   * Ingress no traffic entry reaches falls back to the Service of its name), in milli-units.
   */
  objectMetricMilli(namespace: string, ref: CrossVersionObjectReference, metricName: string): number | undefined {
    if (!REQUEST_METRIC.test(metricName) || (ref.kind !== 'Service' && ref.kind !== 'Ingress')) return undefined;
    const viaIngress = ref.kind === 'Ingress' ? this.options.ingressRequestRate?.(namespace, ref.name) : undefined;
    if (viaIngress !== undefined) return Math.round(viaIngress * 1000);
    const i = this.serviceIndex.get(`${namespace}/${ref.name}`) ?? this.serviceIndex.get(ref.name);
    return i === undefined ? undefined : Math.round(this.model.services.offeredRps[i]! * 1000);
  }

  /**
   * External metrics (what a Prometheus adapter or KEDA would serve), in milli-units, one value per Service: a
   * request rate under a name about requests, or the queue length (requests queued in the Service's pods at the end
   * of the last tick) under a name about a queue, backlog or pending work. The selector's `service` label (or
   * `app`) picks the Service; without it, every Service of the namespace answers, in name order (the HPA sums them).
   * Other names, or a selector naming no Service here, have no data.
   */
  externalMetricMilli(namespace: string, metricName: string, selector: LabelSelector | undefined): number[] | undefined {
    const queue = QUEUE_METRIC.test(metricName);
    if (!queue && !REQUEST_METRIC.test(metricName)) return undefined;
    const wanted = selector?.matchLabels?.['service'] ?? selector?.matchLabels?.['app'];
    const services: number[] = [];
    if (wanted !== undefined) {
      const i = this.serviceIndex.get(`${namespace}/${wanted}`) ?? this.serviceIndex.get(wanted);
      if (i !== undefined) services.push(i);
    } else {
      const names = this.options.services.map((svc, i) => ({ name: svc.name, i })).filter(({ name }) => !name.includes('/') || name.startsWith(`${namespace}/`));
      names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const { i } of names) services.push(i);
    }
    if (services.length === 0) return undefined;
    const backlog = this.model.pods.backlog;
    return services.map((i) => {
      if (!queue) return Math.round(this.model.services.offeredRps[i]! * 1000);
      let queued = 0;
      for (const slot of this.endpoints[i]!) queued += backlog[slot]!;
      return Math.round(queued * 1000);
    });
  }


  /** Per-Service totals since the start (requests), for SLOs and the summary. */
  serviceTotals(name: string): { offered: number; served: number; failed: number; failedNetworkPolicy: number } | undefined {
    const i = this.model.serviceNames.indexOf(name);
    if (i < 0) return undefined;
    const t = this.model.totals;
    const failed = t.failedNoEndpoints[i]! + t.failedOverload[i]! + t.failedTimeout[i]! + t.failedAppError[i]! + t.failedDependency[i]! + t.failedNetworkPolicy[i]!;
    return { offered: t.offered[i]!, served: t.served[i]!, failed, failedNetworkPolicy: t.failedNetworkPolicy[i]! };
  }

  // UsageSource for the metrics pipeline ------------------------------------------------------------------------

  cpuMillisAvg(namespace: string, podName: string, fromMs: number, toMs: number): number | undefined {
    const e = this.byName.get(namespace)?.get(podName);
    return e ? this.cpuAvgOf(e, fromMs, toMs) : undefined;
  }

  cpuReader(namespace: string, podName: string): ((fromMs: number, toMs: number) => number | undefined) | undefined {
    const e = this.byName.get(namespace)?.get(podName);
    if (!e) return undefined;
    this.snapshotsWanted = true;
    // Bound to this pod's entry; once the pod is gone (its slot freed or reused) the reader has no data.
    return (fromMs, toMs) => {
      if (toMs === this.snapToMs && fromMs === this.snapFromMs && this.snapOwner[e.slot] === e) {
        const v = this.snap[e.slot]!;
        return Number.isNaN(v) ? undefined : v;
      }
      return this.cpuAvgOf(e, fromMs, toMs);
    };
  }

  /** The last scrape snapshot (see `options.scrape`), once snapshots are taken. */
  cpuSnapshot(): CpuSnapshot | undefined {
    this.snapshotsWanted = true;
    if (Number.isNaN(this.snapToMs)) return undefined;
    return { fromMs: this.snapFromMs, toMs: this.snapToMs, values: this.snap, tokens: this.snapOwner };
  }

  cpuSlot(namespace: string, podName: string): { slot: number; token: object } | undefined {
    const e = this.byName.get(namespace)?.get(podName);
    this.snapshotsWanted = true;
    return e ? { slot: e.slot, token: e } : undefined;
  }

  /** At a tick that ends on a scrape: every pod's CPU average over the scrape interval (see `options.scrape`). */
  private takeScrapeSnapshot(now: number): void {
    const scrape = this.options.scrape;
    if (!this.snapshotsWanted || !scrape) return;
    const res = scrape.resolutionMs;
    const since = now - (scrape.phaseMs ?? 0);
    // metrics-server serves a window only from its second scrape on.
    if (since < res || since % res !== 0) return;
    if (this.snap.length < this.table.size) this.snap = resized(this.snap, Math.max(this.table.size, 2 * this.snap.length, 64));
    for (let slot = 0; slot < this.table.size; slot++) {
      const e = this.bySlot[slot];
      this.snapOwner[slot] = e;
      if (e) this.snap[slot] = this.cpuAvgOf(e, now - res, now) ?? Number.NaN;
    }
    this.snapFromMs = now - res;
    this.snapToMs = now;
  }

  private cpuAvgOf(e: PodEntry, fromMs: number, toMs: number): number | undefined {
    if (e.n === 0 || this.bySlot[e.slot] !== e) return undefined;
    // Each sample is the CPU used during the tick ending at its time: integrate the piecewise-constant usage.
    const H = this.history;
    const base = e.slot * H;
    const t = this.ringT;
    const cpu = this.ringCpu;
    let area = 0;
    let covered = 0;
    const first = Math.max(0, e.n - H);
    for (let k = e.n - 1; k >= first; k--) {
      const i = base + (k & (H - 1));
      const end = t[i]!;
      const start = k > first ? t[base + ((k - 1) & (H - 1))]! : end - this.options.resolutionMs;
      const lo = Math.max(start, fromMs);
      const hi = Math.min(end, toMs);
      if (hi > lo) {
        area += cpu[i]! * (hi - lo);
        covered += hi - lo;
      }
      if (start <= fromMs) break;
    }
    return covered > 0 ? area / covered : undefined;
  }

  memoryBytes(namespace: string, podName: string): number | undefined {
    const e = this.byName.get(namespace)?.get(podName);
    return e && e.n > 0 ? e.memory : undefined;
  }

  /** Makes the rings hold at least `slots` slots (doubling, so growth is amortised). */
  private growRings(slots: number): void {
    const size = Math.max(slots, 2 * (this.ringT.length / this.history), 64) * this.history;
    this.ringT = resized(this.ringT, size);
    this.ringCpu = resized(this.ringCpu, size);
    this.sentProbeMs = resized(this.sentProbeMs, size / this.history, Number.NaN);
    this.sentMemory = resized(this.sentMemory, size / this.history, Number.NaN);
  }
}

/**
 * The distinct shortest probe timeouts (`minProbeTimeoutMs`) of a pod's containers that have probes, init
 * containers included (sidecars run and probe): what `Kubelet.setProbeLatency` classes a latency against.
 */
export function probeTimeouts(pod: Pod): number[] {
  const out: number[] = [];
  for (const list of [pod.spec?.initContainers, pod.spec?.containers]) {
    for (const c of list ?? []) {
      const t = minProbeTimeoutMs(c);
      if (t !== Infinity && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/**
 * Whether the kubelet's {@link latencyClass} is the same for both latencies in every probed container, so handing
 * over the second after the first changes nothing. False when `beforeMs` is NaN (nothing handed over yet).
 */
export function sameProbeClass(timeouts: readonly number[], beforeMs: number, afterMs: number): boolean {
  if (beforeMs === afterMs) return true;
  if (Number.isNaN(beforeMs)) return false;
  for (const t of timeouts) if (latencyClass(t, beforeMs) !== latencyClass(t, afterMs)) return false;
  return true;
}

/**
 * The CPU cap of the pod's model: its containers' limits summed, or, with an Istio sidecar, what the application's
 * and the proxy's own limits let through ({@link sidecarPodCpuLimitMillis}).
 */
function podCpuLimitMillis(pod: Pod, model: AppModel): number {
  const containers = pod.spec?.containers ?? [];
  const proxy = containers.find((c) => c.name === ISTIO_PROXY);
  if (!proxy) return sumResource(pod, 'limits', 'cpu');
  let app = 0;
  for (const c of containers) {
    const q = c.resources?.limits?.['cpu'];
    if (c !== proxy && q !== undefined) app += cpuMillis(q);
  }
  const proxyLimit = proxy.resources?.limits?.['cpu'];
  return sidecarPodCpuLimitMillis(app, proxyLimit === undefined ? 0 : cpuMillis(proxyLimit), model);
}

function sumResource(pod: Pod, kind: 'limits' | 'requests', resource: string): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.[kind]?.[resource];
    if (q !== undefined) total += cpuMillis(q);
  }
  return total;
}
