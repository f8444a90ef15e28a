/**
 * Turns a finished {@link ScenarioRun} into the {@link ReportData} the report renderers draw: summary figures,
 * metric series, events, the timeline of actions and the expectation results.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Stored } from '../cluster/store.ts';
import { CRONJOB_HEADERS, daemonSetHeaders, JOB_HEADERS, printCronJob, printDaemonSet, printJob } from '../report/kubectl.ts';
import {
  printPersistentVolume,
  printPersistentVolumeClaim,
  printStatefulSet,
  printStorageClass,
  PV_HEADERS,
  PVC_HEADERS,
  STATEFULSET_HEADERS,
  STORAGECLASS_HEADERS,
} from '../report/kubectl-storage.ts';
import { toNodeInfo, toPodInfo } from '../controllers/scheduler/podinfo.ts';
import type { Simulation } from '../runtime/simulation.ts';
import type { Container, Service } from 'kubernetes-types/core/v1';
import type { AlertSummary, DaemonSetOverhead, NetworkPolicyDrop, ReportData, ReportObjectTable, ReportSeries, ServiceGraph, ServiceGraphEdge, SidecarSummary } from '../report/types.ts';
import { cpuMillis, memoryBytes } from '../api/quantity.ts';
import { hasIstioSidecar, ISTIO_PROXY } from '../controllers/istio/sidecar-injector.ts';
import type { ExpectationResult } from './expectations.ts';
import type { ScenarioRun } from './run.ts';
import { POD_SERIES_MAX_PODS } from '../runtime/simulation.ts';

/** Series the report charts, by name. */
const CHARTED = new Set([
  'kube_replicaset_status_replicas',
  'kube_deployment_status_replicas_available',
  'kube_pod_status_phase',
  'kubesim_nodes',
  'kubesim_node_cpu_utilization',
  'kube_horizontalpodautoscaler_status_current_replicas',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'kubesim_hpa_metric_value',
  'kubesim_hpa_metric_target',
  'http_requests_per_second',
  'http_request_duration_seconds',
  'http_errors_per_second',
  'kubesim_pods_pending',
  'kubesim_cost_dollars_total',
  'kubesim_node_group_nodes',
  'kubesim_node_group_cost_dollars_total',
]);

/** What `run` left out of its outputs, and why, for the summary: `{notRecorded}`, or nothing when it kept all. */
function notRecorded(run: ScenarioRun): { notRecorded?: string[] } {
  const { sim, scenario } = run;
  const out: string[] = [];
  if (sim.workload && !sim.podSeries) {
    out.push(
      scenario.record.podSeries === false
        ? 'per-pod series (container_*): spec.record.podSeries is false'
        : `per-pod series (container_*): more than ${POD_SERIES_MAX_PODS.toLocaleString('en-US')} pods at the start (spec.record.podSeries: true records them)`,
    );
  }
  if (sim.store.history === 'none') out.push('object history: spec.record.history is none (past states are not kept; get and describe --at run to that time)');
  return out.length ? { notRecorded: out } : {};
}

export function buildReportData(run: ScenarioRun, expectations: readonly ExpectationResult[]): ReportData {
  const { sim, scenario } = run;
  const obs = run.observations;
  obs.finish();
  const alerts = scenario.alerting ? alertSummaries(run) : undefined;
  const series: ReportSeries[] = sim.metrics
    .all()
    .filter((s) => CHARTED.has(s.name))
    .map((s) => ({ name: s.name, labels: { ...s.labels }, points: { t: Array.from(s.times()), v: Array.from(s.values()) } }));
  const slo = new Map(run.sloReports().map((r) => [r.service, r]));
  // One row per Service, however many traffic entries (direct or through an Ingress) reach it.
  const services = [...new Map(scenario.traffic.map((t) => [t.service, t])).values()].map((t) => {
    const totals = sim.workload?.serviceTotals(t.service);
    const p99 = sim.metrics.find(`http_request_duration_seconds{quantile="0.99",service=${JSON.stringify(t.service)}}`);
    const r = slo.get(t.service);
    const budgets = [r?.availability, r?.latency].filter((b) => b !== undefined);
    return {
      service: t.service,
      availability: totals && totals.offered > 0 ? totals.served / totals.offered : 1,
      ...(r?.availability ? { availabilityObjective: r.availability.objective } : {}),
      // A Service that served nothing has only NaN quantiles: max() is then -Infinity, reported as 0 like no series.
      latencyMsP99: p99 && p99.length && Number.isFinite(p99.max()) ? p99.max() * 1000 : 0,
      ...(r?.latency ? { latencyMsP99Objective: r.latency.thresholdMs } : {}),
      requestsTotal: Math.round(totals?.offered ?? 0),
      errorsTotal: Math.round(totals?.failed ?? 0),
      ...(budgets.length
        ? { sloAttainment: Math.min(...budgets.map((b) => b.actual)), errorBudgetBurned: Math.max(...budgets.map((b) => b.burnedFraction)) }
        : {}),
    };
  });
  return {
    scenario: {
      name: scenario.metadata.name,
      description: scenario.metadata.description,
      seed: run.seed,
      durationMs: sim.nowMs,
      traceHash: sim.traceHash,
    },
    summary: {
      services,
      workloads: [...obs.workloads.values()].map((w) => ({
        kind: w.kind,
        name: w.name,
        peakReplicas: w.peak,
        minAvailableReplicas: w.minAvailable === Infinity ? 0 : w.minAvailable,
      })),
      maxPendingMs: obs.maxPendingMs,
      maxPendingPod: obs.maxPendingPod,
      nodesStart: obs.nodesStart,
      nodesPeak: obs.nodesPeak,
      nodesEnd: sim.store.size('Node'),
      costDollars: sim.cost,
      costByPool: sim.nodeHours(),
      nodeGroups: (sim.nodeGroups?.nodeGroups() ?? []).map((g) => {
        const seen = obs.poolNodes.get(g.name);
        return { name: g.name, min: g.minSize, max: g.maxSize, nodesMin: seen?.min ?? 0, nodesPeak: seen?.max ?? 0, nodesEnd: seen?.now ?? 0 };
      }),
      daemonSets: daemonSetOverheads(sim),
      restartsTotal: obs.restarts,
      podsEvicted: obs.evictions,
      ...networkPolicyDrops(run),
      ...(alerts ? { alerts } : {}),
      ...ingressSummaries(run),
      ...sidecarSummary(sim),
      ...serviceGraph(run),
      ...notRecorded(run),
    },
    series,
    events: sim.events.all.map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      involvedObject: { kind: e.involvedObject.kind, name: e.involvedObject.name, namespace: e.involvedObject.namespace },
      firstTimestampMs: e.firstTimestampMs,
      lastTimestampMs: e.lastTimestampMs,
      count: e.count,
      source: { ...e.source },
    })),
    // Actions, then alerts firing and resolving, in time order (ties: actions first).
    timeline: [
      ...run.actions.map((a) => ({ atMs: a.atMs, description: a.ok ? a.description : `${a.description} (failed)` })),
      ...alertTimeline(alerts ?? []),
    ].sort((a, b) => a.atMs - b.atMs),
    expectations: expectations.map((x) => ({ description: x.description, ok: x.ok, detail: x.detail })),
    objects: objectTables(sim),
  };
}

/**
 * The workload and storage objects at the end of the run as `kubectl get <resource> -A` prints them, sorted by
 * namespace and name; resources with no object are left out.
 */
function objectTables(sim: Simulation): ReportObjectTable[] {
  const { store } = sim;
  // Ages as kubectl would print them at the end of the run.
  const clock = { epochMs: sim.clock.epochMs, nowMs: sim.nowMs };
  const namespaced = <T extends { metadata: { namespace: string; name: string } }>(resource: string, kind: string, headers: readonly string[], print: (o: T) => string[]): ReportObjectTable => ({
    resource,
    headers: ['Namespace', ...headers],
    rows: store
      .list<T>(kind)
      .sort((a, b) => (a.metadata.namespace === b.metadata.namespace ? (a.metadata.name < b.metadata.name ? -1 : 1) : a.metadata.namespace < b.metadata.namespace ? -1 : 1))
      .map((o) => [o.metadata.namespace, ...print(o)]),
  });
  const cluster = <T extends { metadata: { name: string } }>(resource: string, kind: string, headers: readonly string[], print: (o: T) => string[]): ReportObjectTable => ({
    resource,
    headers: [...headers],
    rows: store
      .list<T>(kind)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      .map(print),
  });
  return [
    namespaced<Stored<StatefulSet>>('statefulsets', 'StatefulSet', STATEFULSET_HEADERS(false), (o) => printStatefulSet(o, clock)),
    namespaced<Stored<DaemonSet>>('daemonsets', 'DaemonSet', daemonSetHeaders(false), (o) => printDaemonSet(o, clock)),
    namespaced<Stored<Job>>('jobs', 'Job', JOB_HEADERS, (o) => printJob(o, clock)),
    namespaced<Stored<CronJob>>('cronjobs', 'CronJob', CRONJOB_HEADERS, (o) => printCronJob(o, clock)),
    namespaced<Stored<PersistentVolumeClaim>>('persistentvolumeclaims', 'PersistentVolumeClaim', PVC_HEADERS(false), (o) => printPersistentVolumeClaim(o, clock)),
    cluster<Stored<PersistentVolume>>('persistentvolumes', 'PersistentVolume', PV_HEADERS(false), (o) => printPersistentVolume(o, clock)),
    cluster<Stored<StorageClass>>('storageclasses', 'StorageClass', STORAGECLASS_HEADERS(), (o) => printStorageClass(o, clock)),
  ].filter((t) => t.rows.length > 0);
}

/** `networkPolicyDrops` of the summary: every Service with requests NetworkPolicy broke, or nothing. */
function networkPolicyDrops(run: ScenarioRun): { networkPolicyDrops?: NetworkPolicyDrop[] } {
  const model = run.sim.workload?.model;
  if (!model) return {};
  const drops = model.serviceNames
    .map((service, i) => ({ service, requests: Math.round(model.totals.failedNetworkPolicy[i]!) }))
    .filter((d) => d.requests > 0);
  return drops.length > 0 ? { networkPolicyDrops: drops } : {};
}

/** The run's alerts in simulated time, in the order they became active. */
function alertSummaries(run: ScenarioRun): AlertSummary[] {
  const epoch = run.sim.clock.epochMs;
  return run.alerts().alerts.map((a) => {
    const labels = Object.keys(a.labels)
      .filter((k) => k !== 'alertname')
      .map((k) => `${k}=${a.labels[k]}`)
      .join(',');
    const summary = a.annotations['summary'] ?? a.annotations['description'];
    return {
      name: a.name,
      labels,
      pendingAtMs: a.activeAtMs - epoch,
      ...(a.firedAtMs !== undefined ? { firedAtMs: a.firedAtMs - epoch } : {}),
      ...(a.resolvedAtMs !== undefined ? { resolvedAtMs: a.resolvedAtMs - epoch } : {}),
      ...(summary !== undefined ? { summary } : {}),
    };
  });
}

function alertTimeline(alerts: readonly AlertSummary[]): { atMs: number; description: string }[] {
  const out: { atMs: number; description: string }[] = [];
  for (const a of alerts) {
    const what = `alert ${a.name}${a.labels ? ` {${a.labels}}` : ''}`;
    if (a.firedAtMs !== undefined) out.push({ atMs: a.firedAtMs, description: `${what} firing${a.summary ? `: ${a.summary}` : ''}` });
    if (a.resolvedAtMs !== undefined) out.push({ atMs: a.resolvedAtMs, description: `${what} resolved` });
  }
  return out;
}

/**
 * Each DaemonSet's per-node overhead at the end of the run: one pod's requests as the scheduler counts them, and
 * the requests of its live pods over the allocatable of the nodes they are bound to. Sorted by namespace/name.
 */
function daemonSetOverheads(sim: Simulation): DaemonSetOverhead[] {
  const allocatable = new Map(sim.store.list<Node>('Node').map((n) => [n.metadata.name, toNodeInfo(n).allocatable]));
  return sim.store
    .list<DaemonSet>('DaemonSet')
    .map((ds) => {
      const requests = toPodInfo({ metadata: { name: ds.metadata.name, namespace: ds.metadata.namespace }, spec: ds.spec?.template?.spec ?? { containers: [] } }).requests;
      const nodes = new Set<string>();
      for (const p of sim.store.ownedBy<Pod>('Pod', ds.metadata.uid)) {
        const n = p.spec?.nodeName;
        if (n && allocatable.has(n) && !p.metadata.deletionTimestamp) nodes.add(n);
      }
      let cpu = 0;
      let memory = 0;
      for (const n of nodes) {
        cpu += allocatable.get(n)!.cpuMillis;
        memory += allocatable.get(n)!.memoryBytes;
      }
      return {
        namespace: ds.metadata.namespace,
        name: ds.metadata.name,
        nodes: nodes.size,
        cpuMillisPerNode: requests.cpuMillis,
        memoryBytesPerNode: requests.memoryBytes,
        cpuShare: cpu > 0 ? (requests.cpuMillis * nodes.size) / cpu : 0,
        memoryShare: memory > 0 ? (requests.memoryBytes * nodes.size) / memory : 0,
      };
    })
    .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
}

/** `ingresses` of the summary: the ingress controller's requests per route, or nothing without Ingress traffic. */
function ingressSummaries(run: ScenarioRun): { ingresses?: ReportData['summary']['ingresses'] } {
  const rows = run.ingress.routeTotals();
  return rows.length > 0 ? { ingresses: rows } : {};
}

/** `sidecars` of the summary: the istio-proxy containers of the pods alive at the end, or nothing. */
function sidecarSummary(sim: Simulation): { sidecars?: SidecarSummary } {
  let pods = 0;
  let cpu = 0;
  let memory = 0;
  for (const p of sim.store.list<Pod>('Pod')) {
    if (p.metadata?.deletionTimestamp || !hasIstioSidecar(p)) continue;
    const proxy = p.spec?.containers?.find((c: Container) => c.name === ISTIO_PROXY);
    if (!proxy) continue;
    pods++;
    cpu += cpuMillis(proxy.resources?.requests?.['cpu'] ?? '0');
    memory += memoryBytes(proxy.resources?.requests?.['memory'] ?? '0');
  }
  return pods > 0 ? { sidecars: { pods, cpuMillis: cpu, memoryBytes: memory } } : {};
}

/** Pod template labels of a workload manifest (Deployment, StatefulSet, DaemonSet, Rollout, Job; CronJob's job template). */
function templateLabels(object: Record<string, unknown>): Record<string, string> {
  type Template = { metadata?: { labels?: Record<string, string> } };
  const spec = (object['spec'] ?? {}) as { template?: Template; jobTemplate?: { spec?: { template?: Template } } };
  return spec.template?.metadata?.labels ?? spec.jobTemplate?.spec?.template?.metadata?.labels ?? {};
}

/**
 * The call graph: an edge from Service s to Service d when a workload whose pods s selects calls d in its model.
 * An edge's rate is the calls per second over the run: the requests s's pods ran (served, or failed after running:
 * application errors, failed dependencies, dropped calls) times the calls each makes, over the run's length.
 */
function serviceGraph(run: ScenarioRun): { serviceGraph?: ServiceGraph } {
  const { sim, scenario } = run;
  const model = sim.workload?.model;
  if (!model) return {};
  const seconds = sim.nowMs / 1000;
  const t = model.totals;
  const index = new Map(model.serviceNames.map((n, i) => [n, i]));
  const services = scenario.manifests.filter((o) => o.kind === 'Service');
  const edges: ServiceGraphEdge[] = [];
  for (const w of Object.values(scenario.workloads)) {
    const calls = w.model.calls ?? [];
    if (calls.length === 0) continue;
    const manifest = scenario.manifests.find((o) => o.kind === w.kind && o.name === w.name && (o.namespace ?? 'default') === w.namespace);
    const labels = manifest ? templateLabels(manifest.object) : {};
    for (const svc of services) {
      const sel = (svc.object as Service).spec?.selector;
      if (!sel || Object.keys(sel).length === 0 || (svc.namespace ?? 'default') !== w.namespace) continue;
      if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
      const s = index.get(svc.name);
      if (s === undefined) continue;
      const ran = t.served[s]! + t.failedAppError[s]! + t.failedDependency[s]! + t.failedNetworkPolicy[s]!;
      // A Service that ran nothing (another Service over the same pods, say) calls nothing.
      if (!(ran > 0)) continue;
      for (const c of calls) {
        if (!index.has(c.service)) continue;
        edges.push({ from: svc.name, to: c.service, rps: seconds > 0 ? (ran * (c.perRequest ?? 1)) / seconds : 0 });
      }
    }
  }
  if (edges.length === 0) return {};
  // Several workloads behind one Service calling the same callee: one edge, their rates summed.
  const merged = new Map<string, ServiceGraphEdge>();
  for (const e of edges) {
    const key = `${e.from}\0${e.to}`;
    const m = merged.get(key);
    if (m) m.rps += e.rps;
    else merged.set(key, { ...e });
  }
  const inGraph = new Set(edges.flatMap((e) => [e.from, e.to]));
  const entries = new Set(scenario.traffic.map((x) => x.service));
  const nodes = model.serviceNames
    .map((service, i) => ({ service, i }))
    .filter(({ service }) => inGraph.has(service))
    .map(({ service, i }) => {
      const offered = t.offered[i]!;
      const failed = t.failedNoEndpoints[i]! + t.failedOverload[i]! + t.failedTimeout[i]! + t.failedAppError[i]! + t.failedDependency[i]! + t.failedNetworkPolicy[i]!;
      return {
        service,
        requests: Math.round(offered),
        errorRate: offered > 0 ? failed / offered : 0,
        rps: seconds > 0 ? offered / seconds : 0,
        // Retries exist only where a mesh policy retried: other Services keep the slot empty.
        ...(t.retried[i]! > 0 ? { retried: Math.round(t.retried[i]!) } : {}),
        // Likewise the requests a connection pool refused (503 UO), a part of the errors.
        ...(t.circuitBreakerOverflow[i]! > 0 ? { circuitBreaker: Math.round(t.circuitBreakerOverflow[i]!) } : {}),
        entry: entries.has(service),
      };
    });
  return { serviceGraph: { nodes, edges: [...merged.values()].sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1)) } };
}
