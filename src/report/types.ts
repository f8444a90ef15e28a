/**
 * The data a finished run hands to the report renderers (`renderReportHtml`, `renderSummary`). The runner builds
 * one `ReportData` per run; the renderers read nothing else, so the same value renders in Node (CLI) and in a
 * browser page.
 *
 * Times are simulated milliseconds since the start of the run (`t = 0` is the first instant of the scenario), never
 * wall-clock time.
 */
import type { IngressRouteTotals } from '../runtime/ingress-traffic.ts';

/** Identity of the run, shown in every report header. */
export interface ReportScenario {
  /** `metadata.name` of the scenario. */
  name: string;
  /** `metadata.description`, free text; may be empty. */
  description: string;
  /** The seed every RNG stream was derived from. */
  seed: number;
  /** Simulated length of the run, in milliseconds. */
  durationMs: number;
  /** Hash of the event trace; two runs with equal hashes behaved identically. */
  traceHash: string;
}

/**
 * Service-level figures for one Service over the whole run, as the terminal summary prints them.
 */
export interface ServiceSummary {
  /** Service name (`metadata.name`). */
  service: string;
  /** Requests answered successfully / requests offered, 0..1. */
  availability: number;
  /** Objective for `availability` from the scenario's `expect.slo`, 0..1; absent when none was set. */
  availabilityObjective?: number;
  /** 99th-percentile latency over the run, milliseconds. */
  latencyMsP99: number;
  /** Objective for `latencyMsP99`, milliseconds; absent when none was set. */
  latencyMsP99Objective?: number;
  /** Requests offered over the run. */
  requestsTotal: number;
  /** Requests that failed (5xx, dropped, timed out) over the run. */
  errorsTotal: number;
  /**
   * The lowest good fraction among the Service's SLO objectives (availability: served / offered; latency: served
   * requests within the threshold / served), 0..1; absent when the scenario sets no SLO for the Service.
   */
  sloAttainment?: number;
  /** The highest share of an objective's error budget burned (1 = all of it; Infinity for a 100 % objective that saw a bad request); absent without an SLO. */
  errorBudgetBurned?: number;
}

/** Per-workload peak figures (Deployment or Argo Rollout). */
export interface WorkloadSummary {
  /** `Deployment` or `Rollout`. */
  kind: string;
  /** Object name. */
  name: string;
  /** Highest `status.replicas` seen during the run. */
  peakReplicas: number;
  /** Lowest `status.availableReplicas` seen after the workload first became available. */
  minAvailableReplicas: number;
}

/** Key figures of a run. Every field is required so the summary never has to guess a default. */
export interface ReportSummary {
  services: ServiceSummary[];
  workloads: WorkloadSummary[];
  /** Longest time any pod spent Pending (unscheduled or not yet started), milliseconds. */
  maxPendingMs: number;
  /** Name of the pod that waited `maxPendingMs`; empty when no pod was ever pending. */
  maxPendingPod: string;
  /** Node count at the start of the run. */
  nodesStart: number;
  /** Highest node count during the run. */
  nodesPeak: number;
  /** Node count at the end of the run. */
  nodesEnd: number;
  /** Compute cost of all nodes over the run, US dollars. */
  costDollars: number;
  /** Node-hours and dollars by pool, instance type and capacity type (`on-demand` / `spot`); sums to `costDollars`. */
  costByPool: PoolCost[];
  /** Cluster-autoscaler node groups: limits and nodes seen; empty when the run has none. */
  nodeGroups: NodeGroupSummary[];
  /** Per-node overhead of every DaemonSet at the end of the run; empty when the run has none. */
  daemonSets: DaemonSetOverhead[];
  /** Sum of container restarts over all pods. */
  restartsTotal: number;
  /** Pods evicted or killed by OOM over the run. */
  podsEvicted: number;
  /**
   * Per Service, requests that failed because a NetworkPolicy dropped them or one of their calls; only Services
   * with some, in model order; absent when there were none.
   */
  networkPolicyDrops?: NetworkPolicyDrop[];
  /** Alerts of the scenario's alerting rules that became active (absent without rules). */
  alerts?: AlertSummary[];
  /** Requests through the ingress controller per route, by status (absent without `traffic[].ingress`). */
  ingresses?: IngressSummary[];
  /** The Istio sidecars of the pods alive at the end and their requests (absent when no pod was injected). */
  sidecars?: SidecarSummary;
  /** The workload call graph (absent when no workload calls another). */
  serviceGraph?: ServiceGraph;
  /**
   * What the run did not record (`spec.record`, or left out for size), one sentence each;
   * absent when nothing was left out, so the summary of a run that records everything is as it always was.
   */
  notRecorded?: string[];
}

/** One alert of the run's rule evaluation; times are simulated ms since the start. */
export interface AlertSummary {
  name: string;
  /** Its labels but alertname, `k=v` joined by commas. */
  labels: string;
  pendingAtMs: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
  /** Annotation `summary` (or `description`), expanded. */
  summary?: string;
}

/** Requests of one ingress route over the run (the ingress controller's totals; see `runtime/ingress-traffic.ts`). */
export type IngressSummary = IngressRouteTotals;

/** What the injected `istio-proxy` containers request, over the pods alive at the end of the run. */
export interface SidecarSummary {
  pods: number;
  /** Sum of the proxies' CPU requests, millicores. */
  cpuMillis: number;
  /** Sum of the proxies' memory requests, bytes. */
  memoryBytes: number;
}

/** The call graph of the workload model: Services as nodes, calls as edges, with run totals. */
export interface ServiceGraph {
  nodes: ServiceGraphNode[];
  edges: ServiceGraphEdge[];
}

/** One Service of the call graph. */
export interface ServiceGraphNode {
  service: string;
  /** Requests offered over the run (external and calls). */
  requests: number;
  /** Failed / offered over the run, 0..1. */
  errorRate: number;
  /** Offered per second over the run. */
  rps: number;
  /** Retries sent to this Service over the run; absent when the model does not count retries. */
  retried?: number;
  /** Requests its callers' circuit breakers refused (503 `UO`, counted in `errorRate`); absent when none. */
  circuitBreaker?: number;
  /** Whether the Service receives external traffic (a profile or an Ingress route). */
  entry: boolean;
}

/** Calls from one Service's pods to another Service. */
export interface ServiceGraphEdge {
  from: string;
  to: string;
  /** Mean calls per second over the run. */
  rps: number;
}

/** Requests of one Service that NetworkPolicy broke over the run. */
export interface NetworkPolicyDrop {
  service: string;
  requests: number;
}

/** One line of the cost breakdown. `instanceType` is empty for pools given by capacity. */
export interface PoolCost {
  pool: string;
  instanceType: string;
  capacityType: 'on-demand' | 'spot';
  nodeHours: number;
  dollars: number;
}

/**
 * What a DaemonSet takes from every node it runs on: one pod's requests (the scheduler's effective requests:
 * containers, init containers and overhead), and their sum as a share of those nodes' allocatable.
 */
export interface DaemonSetOverhead {
  namespace: string;
  name: string;
  /** Nodes running one of its pods at the end. */
  nodes: number;
  /** One pod's CPU request, millicores. */
  cpuMillisPerNode: number;
  /** One pod's memory request, bytes. */
  memoryBytesPerNode: number;
  /** Requests of its pods / allocatable of the nodes they run on, 0..1 (0 on no node). */
  cpuShare: number;
  memoryShare: number;
}

/** One autoscaled node group over the run. */
export interface NodeGroupSummary {
  name: string;
  min: number;
  max: number;
  /** Registered nodes: fewest, most and at the end. */
  nodesMin: number;
  nodesPeak: number;
  nodesEnd: number;
}

/**
 * One metric time series, Prometheus-style: a metric `name` plus `labels` identify it. `points.t[i]` is the simulated
 * time in milliseconds of the value `points.v[i]`; both arrays have the same length and `t` is strictly increasing.
 * A `NaN` value is a gap (the series did not exist then, e.g. a ReplicaSet before it was created).
 *
 * Series the runner produces (labels in braces):
 * - `kube_replicaset_status_replicas{replicaset,deployment}`: pods per ReplicaSet (the rolling-update staircase)
 * - `kube_deployment_status_replicas_available{deployment}`
 * - `kube_pod_status_phase{phase}`: pod count per phase (`Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`)
 * - `kubesim_nodes{state}`: node count per state (`Ready`, `NotReady`, …)
 * - `kubesim_node_cpu_utilization{node}`: CPU requests / allocatable, 0..1
 * - `kube_horizontalpodautoscaler_status_current_replicas{hpa}` and `…_status_desired_replicas{hpa}`
 * - `kubesim_hpa_metric_value{hpa,metric}` and `kubesim_hpa_metric_target{hpa,metric}`
 * - `http_requests_per_second{service}`, `http_errors_per_second{service}`
 * - `http_request_duration_seconds{service,quantile}` with quantile `0.5`, `0.95`, `0.99`
 * - `kubesim_pods_pending`, `kubesim_cost_dollars_total`
 * - with node groups: `kubesim_node_group_nodes{group}`, `kubesim_node_group_cost_dollars_total{group}`
 */
export interface ReportSeries {
  /** Metric name, e.g. `http_requests_per_second`. */
  name: string;
  /** Label set; `{}` for a series without labels. */
  labels: Record<string, string>;
  /** Unit for the axis label (`seconds`, `dollars`, `ratio`, …); the renderers infer one from `name` when absent. */
  unit?: string;
  points: { t: Float64Array | number[]; v: Float64Array | number[] };
}

/** A Kubernetes core/v1 Event, reduced to the fields the report shows. */
export interface ReportEvent {
  type: 'Normal' | 'Warning';
  /** CamelCase reason: `Scheduled`, `FailedScheduling`, `ScalingReplicaSet`, `SuccessfulRescale`, … */
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; namespace?: string };
  /** Simulated time of the first occurrence, milliseconds. */
  firstTimestampMs: number;
  /** Simulated time of the latest occurrence, milliseconds. */
  lastTimestampMs: number;
  /** Occurrences folded into this record (>= 1). */
  count: number;
  /** `source.component`: `default-scheduler`, `kubelet`, `deployment-controller`, … */
  source: { component: string; host?: string };
}

/** One scenario timeline action as it was applied. */
export interface ReportAction {
  /** Simulated time, milliseconds. */
  atMs: number;
  /** Human description, e.g. `failNode general-2`. */
  description: string;
}

/** The verdict on one `expect` entry of the scenario. */
export interface ReportExpectation {
  description: string;
  ok: boolean;
  /** Measured value and why it passed or failed, e.g. `p99 412ms > 300ms`. */
  detail: string;
}

/**
 * One `kubectl get <resource> -A` table of the objects left at the end of the run, cells as kubectl prints them
 * (namespaced kinds lead with NAMESPACE).
 */
export interface ReportObjectTable {
  /** The resource as `kubectl get` names it: `statefulsets`, `persistentvolumeclaims`, … */
  resource: string;
  headers: string[];
  rows: string[][];
}

/** Everything a report shows. See the module comment for the conventions. */
export interface ReportData {
  scenario: ReportScenario;
  summary: ReportSummary;
  series: ReportSeries[];
  events: ReportEvent[];
  timeline: ReportAction[];
  expectations: ReportExpectation[];
  /** StatefulSets, DaemonSets, Jobs, CronJobs, claims, volumes and classes at the end; kinds with none left out. */
  objects?: ReportObjectTable[];
}
