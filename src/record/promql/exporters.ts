/**
 * What a Prometheus scraping the simulated cluster would hold: the run's series under the names and labels of the
 * real exporters, built lazily per metric name (a run that never queries pays nothing).
 *
 * | exporter            | series                                                                                      |
 * |---------------------|---------------------------------------------------------------------------------------------|
 * | kube-state-metrics  | replayed from the store's object history at every scrape (the scenario's resolution):        |
 * |                     | `kube_pod_status_phase`, `kube_pod_status_ready`, `kube_pod_info`, `kube_pod_owner`,          |
 * |                     | `kube_pod_container_status_restarts_total`, `_ready`, `_waiting_reason`,                     |
 * |                     | `kube_deployment_spec_replicas`, `kube_deployment_status_replicas{,_available,_unavailable,   |
 * |                     | _updated,_ready}`, `kube_replicaset_spec_replicas`, `kube_replicaset_status_replicas`,       |
 * |                     | `kube_horizontalpodautoscaler_spec_{min,max}_replicas`, `_status_{current,desired}_replicas`,|
 * |                     | `kube_node_status_condition`, `kube_node_spec_unschedulable`, `kube_node_status_allocatable` |
 * | cAdvisor (kubelet)  | `container_cpu_usage_seconds_total`, `container_cpu_cfs_throttled_seconds_total`,            |
 * |                     | `container_memory_working_set_bytes` with namespace, pod, container                          |
 * | the application     | `http_requests_total{namespace, service, <pod-template-hash label>, code}` per pod set       |
 * |                     | (200 served, 500 failed by the app), as a pod-scraping job with the pod's labels relabelled  |
 * |                     | sees them; requests that reached no pod count under the Service alone (503 rejected: no      |
 * |                     | endpoints or overload, 504 timed out), as the Service's proxy reports them                   |
 * | Istio's proxies     | `istio_requests_total{reporter="source", destination_service, destination_service_name,     |
 * |                     | destination_service_namespace, response_code}` per meshed Service, as recorded              |
 * | kubesim             | every other recorded series (`kubesim_*`, `http_request_duration_seconds{quantile}`, …)      |
 *
 * Times are Unix ms (the run's epoch plus simulated time). A series that ends before the run does (a deleted
 * pod) gets a staleness marker at the next scrape, as Prometheus writes one when a target or series disappears.
 */
import type { Container, ContainerStatus, Node, Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { cpuMillis, memoryBytes } from '../../api/quantity.ts';
import type { Store, Version } from '../../cluster/store.ts';
import type { MetricsRecorder, Series } from '../metrics.ts';
import { SeriesSet } from './storage.ts';
import { labelsKey, type Labels, type PromSeries } from './value.ts';

/** The parts of a run the exporters read. */
export interface ScrapeSource {
  readonly metrics: MetricsRecorder;
  readonly store: Store;
  /** Unix ms of simulated time 0. */
  readonly epochMs: number;
  /** Scrape interval, ms: the scenario's resolution. */
  readonly resolutionMs: number;
  /** Simulated time the run reached, ms. */
  readonly endMs: number;
  /** Services whose traffic the workload model carries, by name (the `service` label of request series). */
  readonly services: readonly string[];
}

/** Recorded series the exporters replace with their faithful counterparts (real labels, per object). */
const REPLACED = new Set([
  'kube_pod_status_phase',
  'kube_deployment_status_replicas_available',
  'kube_deployment_spec_replicas',
  'kube_replicaset_status_replicas',
  'kube_horizontalpodautoscaler_status_current_replicas',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'http_requests_total',
  'container_cpu_usage_seconds_total',
  'container_cpu_cfs_throttled_seconds_total',
  'container_memory_working_set_bytes',
]);

/** Builds the Prometheus view of a run; series of a name are made the first time a query selects it. */
export function prometheusView(src: ScrapeSource): SeriesSet {
  const set = new SeriesSet();
  const byName = new Map<string, Series[]>();
  for (const s of src.metrics.all()) {
    let list = byName.get(s.name);
    if (!list) byName.set(s.name, (list = []));
    list.push(s);
  }
  for (const [name, list] of byName) {
    if (REPLACED.has(name)) continue;
    set.addLazy(
      name,
      () => list.map((s) => recorded(src, s, { __name__: name, ...s.labels })),
      () => list.reduce((points, s) => points + recordedPoints(src, s), 0),
    );
  }
  const scrape = new Scraper(src);
  for (const [name, family] of Object.entries(KSM)) {
    set.addLazy(
      name,
      () => scrape.objects(name, family),
      () => scrape.points(name, family),
    );
  }
  for (const name of ['container_cpu_usage_seconds_total', 'container_cpu_cfs_throttled_seconds_total', 'container_memory_working_set_bytes']) {
    set.addLazy(name, () => cadvisor(src, name, byName.get(name) ?? []));
  }
  set.addLazy('http_requests_total', () => httpRequests(src, byName));
  return set;
}

/** A recorded series as stored points: Unix times, and a staleness marker if it ended before the run. */
/** Whether a recorded series stopped a scrape or more before the view's end: it then gets a staleness marker. */
function endsBefore(src: ScrapeSource, t: Float64Array): boolean {
  return t.length > 0 && t[t.length - 1]! + src.resolutionMs <= src.endMs;
}

/** The points {@link recorded} makes of a series. */
function recordedPoints(src: ScrapeSource, s: Series): number {
  return s.length + (endsBefore(src, s.times()) ? 1 : 0);
}

function recorded(src: ScrapeSource, s: Series, labels: Labels): PromSeries {
  const t = s.times();
  const v = s.values();
  const n = t.length;
  const ends = endsBefore(src, t);
  const times = new Float64Array(n + (ends ? 1 : 0));
  const values = new Float64Array(times.length);
  for (let i = 0; i < n; i++) {
    times[i] = src.epochMs + t[i]!;
    values[i] = v[i]!;
  }
  if (!ends) return { labels, times, values };
  times[n] = src.epochMs + t[n - 1]! + src.resolutionMs;
  values[n] = NaN;
  const stale = new Uint8Array(times.length);
  stale[n] = 1;
  return { labels, times, values, stale };
}

// kube-state-metrics -------------------------------------------------------------------------------------------

/** One metric family: the kind it reads and the samples (labels without the name, value) of one object. */
interface Family {
  readonly kind: string;
  readonly samples: (obj: never) => [Record<string, string>, number][];
}

const bool3 = (status: string | undefined): Record<string, number> => ({
  true: status === 'True' ? 1 : 0,
  false: status === 'False' ? 1 : 0,
  unknown: status !== 'True' && status !== 'False' ? 1 : 0,
});

const podLabels = (p: Pod) => ({ namespace: p.metadata!.namespace!, pod: p.metadata!.name!, uid: p.metadata!.uid! });

function containerSamples(p: Pod, f: (c: ContainerStatus) => [Record<string, string>, number][]): [Record<string, string>, number][] {
  return (p.status?.containerStatuses ?? []).flatMap((c) => f(c).map(([l, v]) => [{ ...podLabels(p), container: c.name, ...l }, v] as [Record<string, string>, number]));
}

const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

/** The families, by series name, with kube-state-metrics' labels (`internal/store/*.go`). */
const KSM: Readonly<Record<string, Family>> = {
  kube_pod_status_phase: {
    kind: 'Pod',
    samples: (p: Pod) => POD_PHASES.map((phase) => [{ ...podLabels(p), phase }, (p.status?.phase ?? 'Pending') === phase ? 1 : 0]),
  },
  kube_pod_status_ready: {
    kind: 'Pod',
    samples: (p: Pod) => {
      const b = bool3(p.status?.conditions?.find((c) => c.type === 'Ready')?.status);
      return Object.entries(b).map(([condition, v]) => [{ ...podLabels(p), condition }, v]);
    },
  },
  kube_pod_info: {
    kind: 'Pod',
    samples: (p: Pod) => {
      const owner = p.metadata?.ownerReferences?.find((r) => r.controller);
      return [[{ ...podLabels(p), node: p.spec?.nodeName ?? '', pod_ip: p.status?.podIP ?? '', host_ip: p.status?.hostIP ?? '', created_by_kind: owner?.kind ?? '', created_by_name: owner?.name ?? '' }, 1]];
    },
  },
  kube_pod_owner: {
    kind: 'Pod',
    samples: (p: Pod) => {
      const refs = p.metadata?.ownerReferences ?? [];
      if (refs.length === 0) return [[{ ...podLabels(p), owner_kind: '', owner_name: '', owner_is_controller: '' }, 1]];
      return refs.map((r) => [{ ...podLabels(p), owner_kind: r.kind, owner_name: r.name, owner_is_controller: r.controller ? 'true' : 'false' }, 1]);
    },
  },
  kube_pod_container_status_restarts_total: { kind: 'Pod', samples: (p: Pod) => containerSamples(p, (c) => [[{}, c.restartCount ?? 0]]) },
  kube_pod_container_status_ready: { kind: 'Pod', samples: (p: Pod) => containerSamples(p, (c) => [[{}, c.ready ? 1 : 0]]) },
  kube_pod_container_status_waiting_reason: {
    kind: 'Pod',
    samples: (p: Pod) => containerSamples(p, (c) => (c.state?.waiting?.reason ? [[{ reason: c.state.waiting.reason }, 1]] : [])),
  },
  kube_deployment_spec_replicas: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.spec?.replicas ?? 1]] },
  kube_deployment_status_replicas: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.status?.replicas ?? 0]] },
  kube_deployment_status_replicas_available: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.status?.availableReplicas ?? 0]] },
  kube_deployment_status_replicas_unavailable: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.status?.unavailableReplicas ?? 0]] },
  kube_deployment_status_replicas_updated: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.status?.updatedReplicas ?? 0]] },
  kube_deployment_status_replicas_ready: { kind: 'Deployment', samples: (d: Deployment) => [[deployLabels(d), d.status?.readyReplicas ?? 0]] },
  kube_replicaset_spec_replicas: { kind: 'ReplicaSet', samples: (r: ReplicaSet) => [[rsLabels(r), r.spec?.replicas ?? 1]] },
  kube_replicaset_status_replicas: { kind: 'ReplicaSet', samples: (r: ReplicaSet) => [[rsLabels(r), r.status?.replicas ?? 0]] },
  kube_replicaset_status_ready_replicas: { kind: 'ReplicaSet', samples: (r: ReplicaSet) => [[rsLabels(r), r.status?.readyReplicas ?? 0]] },
  kube_horizontalpodautoscaler_spec_min_replicas: { kind: 'HorizontalPodAutoscaler', samples: (h: HorizontalPodAutoscaler) => [[hpaLabels(h), h.spec?.minReplicas ?? 1]] },
  kube_horizontalpodautoscaler_spec_max_replicas: { kind: 'HorizontalPodAutoscaler', samples: (h: HorizontalPodAutoscaler) => [[hpaLabels(h), h.spec?.maxReplicas ?? 0]] },
  kube_horizontalpodautoscaler_status_current_replicas: { kind: 'HorizontalPodAutoscaler', samples: (h: HorizontalPodAutoscaler) => [[hpaLabels(h), h.status?.currentReplicas ?? 0]] },
  kube_horizontalpodautoscaler_status_desired_replicas: { kind: 'HorizontalPodAutoscaler', samples: (h: HorizontalPodAutoscaler) => [[hpaLabels(h), h.status?.desiredReplicas ?? 0]] },
  kube_node_status_condition: {
    kind: 'Node',
    samples: (n: Node) =>
      (n.status?.conditions ?? []).flatMap((c) => Object.entries(bool3(c.status)).map(([status, v]) => [{ node: n.metadata!.name!, condition: c.type, status }, v] as [Record<string, string>, number])),
  },
  kube_node_spec_unschedulable: { kind: 'Node', samples: (n: Node) => [[{ node: n.metadata!.name! }, n.spec?.unschedulable ? 1 : 0]] },
  kube_node_status_allocatable: {
    kind: 'Node',
    samples: (n: Node) => {
      const a = n.status?.allocatable ?? {};
      const out: [Record<string, string>, number][] = [];
      if (a['cpu'] !== undefined) out.push([{ node: n.metadata!.name!, resource: 'cpu', unit: 'core' }, cpuMillis(a['cpu']) / 1000]);
      if (a['memory'] !== undefined) out.push([{ node: n.metadata!.name!, resource: 'memory', unit: 'byte' }, memoryBytes(a['memory'])]);
      if (a['pods'] !== undefined) out.push([{ node: n.metadata!.name!, resource: 'pods', unit: 'integer' }, Number(a['pods'])]);
      return out;
    },
  },
};

function deployLabels(d: Deployment): Record<string, string> {
  return { namespace: d.metadata!.namespace!, deployment: d.metadata!.name! };
}

function rsLabels(r: ReplicaSet): Record<string, string> {
  return { namespace: r.metadata!.namespace!, replicaset: r.metadata!.name! };
}

function hpaLabels(h: HorizontalPodAutoscaler): Record<string, string> {
  return { namespace: h.metadata!.namespace!, horizontalpodautoscaler: h.metadata!.name! };
}

/** Replays object histories at every scrape time. */
class Scraper {
  constructor(private readonly src: ScrapeSource) {}

  /** The family's series: at each scrape, the samples of every object alive then; gone series get stale markers. */
  objects(name: string, family: Family): PromSeries[] {
    const epochMs = this.src.epochMs;
    const out = new Map<string, { labels: Labels; t: number[]; v: number[]; stale: number[] }>();
    this.scrape(name, family, (k, labels, t, value, stale) => {
      let s = out.get(k);
      if (!s) out.set(k, (s = { labels, t: [], v: [], stale: [] }));
      s.t.push(epochMs + t);
      s.v.push(value);
      s.stale.push(stale);
    });
    return [...out.values()].map((s) => ({ labels: s.labels, times: s.t, values: s.v, stale: s.stale }));
  }

  /** The points {@link objects} makes, counted without keeping them (a day of 3,000 pods is 90 million). */
  points(name: string, family: Family): number {
    let n = 0;
    this.scrape(name, family, () => n++);
    return n;
  }

  /**
   * Every point of the family in order: for each object, at each scrape while it lives, its samples (`stale` 0),
   * and a staleness marker (NaN, `stale` 1) at the first scrape a series of it is gone. `labels` is the series'
   * (the same object for every point of one version's sample).
   */
  private scrape(name: string, family: Family, point: (key: string, labels: Labels, t: number, value: number, stale: 0 | 1) => void): void {
    const { resolutionMs: step, endMs } = this.src;
    const first = new Map<string, Labels>();
    for (const versions of this.src.store.versionsOf(family.kind).values()) {
      const firstT = versions[0]!.t;
      let i = 0;
      // The samples of version i, with their series keys: computed once per version, not at every scrape (a Node
      // that never changes is 5,760 scrapes of the same 12 condition samples over a day).
      let samplesOf = -1;
      let current: { full: Labels; k: string; value: number }[] = [];
      const live = new Set<string>();
      for (let t = Math.ceil(firstT / step) * step; t <= endMs; t += step) {
        while (i + 1 < versions.length && versions[i + 1]!.t <= t) i++;
        const obj = (versions[i] as Version).obj;
        const now = new Set<string>();
        if (obj) {
          if (samplesOf !== i) {
            samplesOf = i;
            current = family.samples(obj as never).map(([labels, value]) => {
              // The scrape job's label, as the kube-prometheus ServiceMonitor sets it (the mixins' alerts select on it).
              const full = { __name__: name, job: 'kube-state-metrics', ...labels };
              return { full, k: labelsKey(full), value };
            });
          }
          for (const { full, k, value } of current) {
            // A series keeps the labels of its first sample.
            let labels = first.get(k);
            if (labels === undefined) first.set(k, (labels = full));
            point(k, labels, t, value, 0);
            now.add(k);
          }
        }
        for (const k of live) if (!now.has(k)) point(k, first.get(k)!, t, NaN, 1);
        live.clear();
        for (const k of now) live.add(k);
        if (!obj && i === versions.length - 1) break;
      }
    }
  }
}

// cAdvisor and the application -----------------------------------------------------------------------------------

/** cAdvisor's labels for a recorded per-pod series (`pod` = namespace/name): namespace, pod and container. */
function cadvisor(src: ScrapeSource, name: string, list: readonly Series[]): PromSeries[] {
  return list.map((s) => {
    const [namespace, pod] = splitKey(s.labels['pod'] ?? '');
    const t0 = s.times()[0] ?? 0;
    const obj = src.store.getAt<Pod>('Pod', namespace, pod, t0) ?? latestVersion(src.store, 'Pod', `${namespace}/${pod}`);
    const container = (obj?.spec?.containers?.[0] as Container | undefined)?.name ?? '';
    return recorded(src, s, { __name__: name, namespace, pod, container });
  });
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['default', key] : [key.slice(0, i), key.slice(i + 1)];
}

function latestVersion(store: Store, kind: string, key: string): Pod | undefined {
  const versions = store.versionsOf(kind).get(key) ?? [];
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.obj) return versions[i]!.obj as Pod;
  return undefined;
}

const HASH_LABELS = [
  ['rollouts-pod-template-hash', 'rollouts_pod_template_hash'],
  ['pod-template-hash', 'pod_template_hash'],
] as const;

/**
 * `http_requests_total` as the application's pods export it, summed per pod set: the recorded per-set request and
 * error rates (requests/s over each tick) integrated into counters, with the pod set's Service, namespace and
 * template-hash label; plus the Service-level rejections and timeouts that reached no pod.
 */
function httpRequests(src: ScrapeSource, byName: ReadonlyMap<string, Series[]>): PromSeries[] {
  const out: PromSeries[] = [];
  const rps = new Map((byName.get('kubesim_podset_requests_per_second') ?? []).map((s) => [s.labels['podset'] ?? '', s]));
  const errs = new Map((byName.get('kubesim_podset_errors_per_second') ?? []).map((s) => [s.labels['podset'] ?? '', s]));
  const owners = podSetOwners(src);
  for (const [set, r] of [...rps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const owner = owners.get(set);
    if (!owner) continue;
    const base = { __name__: 'http_requests_total', namespace: owner.namespace, service: owner.service, [owner.hashLabel]: set };
    const e = errs.get(set);
    out.push(integrate(src, r, e, { ...base, code: '200' }, (req, err) => req - err));
    if (e) out.push(integrate(src, e, undefined, { ...base, code: '500' }, (err) => err));
  }
  for (const s of byName.get('http_requests_total') ?? []) {
    const code = s.labels['code'];
    if (code !== '503' && code !== '504') continue;
    const service = s.labels['service'] ?? '';
    const namespace = [...owners.values()].find((o) => o.service === service)?.namespace ?? serviceNamespace(src.store, service);
    out.push(recorded(src, s, { __name__: 'http_requests_total', namespace, service, code }));
  }
  return out;
}

/** A counter from per-tick rates: each point adds rate × the time since the previous point (the first: one tick). */
function integrate(src: ScrapeSource, a: Series, b: Series | undefined, labels: Labels, f: (x: number, y: number) => number): PromSeries {
  const t = a.times();
  const v = a.values();
  const bt = b?.times();
  const bv = b?.values();
  const counter = new Float64Array(t.length);
  let total = 0;
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    const dtS = (i === 0 ? src.resolutionMs : t[i]! - t[i - 1]!) / 1000;
    while (bt && j < bt.length && bt[j]! < t[i]!) j++;
    const y = bt && bt[j] === t[i] ? bv![j]! : 0;
    const inc = f(v[i]!, y) * dtS;
    if (Number.isFinite(inc) && inc > 0) total += inc;
    counter[i] = total;
  }
  const series = recorded(src, a, labels);
  const values = new Float64Array(series.values.length);
  values.set(counter);
  if (series.stale) values[values.length - 1] = NaN;
  return { ...series, values };
}

/** Pod set (template hash) → the Service whose traffic reaches it, its namespace and the hash's label name. */
function podSetOwners(src: ScrapeSource): Map<string, { namespace: string; service: string; hashLabel: string }> {
  const out = new Map<string, { namespace: string; service: string; hashLabel: string }>();
  const services = src.store.versionsOf('Service');
  for (const versions of src.store.versionsOf('Pod').values()) {
    const pod = versions.find((v) => v.obj)?.obj as Pod | undefined;
    const labels = pod?.metadata?.labels ?? {};
    for (const [k, label] of HASH_LABELS) {
      const set = labels[k];
      if (set === undefined) continue;
      if (out.has(set)) break;
      const ns = pod!.metadata!.namespace!;
      const service = src.services.find((name) => {
        const svc = services.get(`${ns}/${name}`)?.find((v) => v.obj)?.obj as { spec?: { selector?: Record<string, string> } } | undefined;
        const sel = svc?.spec?.selector;
        return sel !== undefined && Object.keys(sel).length > 0 && Object.entries(sel).every(([sk, sv]) => labels[sk] === sv);
      });
      if (service !== undefined) out.set(set, { namespace: ns, service, hashLabel: label });
      break;
    }
  }
  return out;
}

function serviceNamespace(store: Store, service: string): string {
  for (const key of store.versionsOf('Service').keys()) {
    const [ns, name] = splitKey(key);
    if (name === service) return ns;
  }
  return 'default';
}
