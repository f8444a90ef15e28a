/** A synthetic but plausible ReportData: a 2-hour run with a rolling update, an HPA scale-up and a node failure. */
import type { ReportData, ReportSeries } from '../../src/report/types.ts';

const STEP_MS = 15_000;
const DURATION_MS = 2 * 3600_000;

function series(name: string, labels: Record<string, string>, f: (tMs: number) => number): ReportSeries {
  const n = DURATION_MS / STEP_MS + 1;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i * STEP_MS;
    v[i] = f(i * STEP_MS);
  }
  return { name, labels, points: { t, v } };
}

const min = (m: number): number => m * 60_000;
/** Offered load: 80 rps rising to 400 rps at 1:00, back down by 1:40. */
const rps = (t: number): number => 80 + 320 * Math.max(0, Math.sin((Math.PI * (t - min(20))) / min(80)));
/** Replicas the HPA asks for: load / 50 rps per pod, 2..10. */
const desired = (t: number): number => Math.min(10, Math.max(2, Math.ceil(rps(t - min(1)) / 50)));
const rolloutStart = min(70);
/** The rolling update staircase: one pod moved every 30 s from 1:10. */
const moved = (t: number): number => (t < rolloutStart ? 0 : Math.min(desired(t), Math.floor((t - rolloutStart) / 30_000) + 1));

export function syntheticReport(): ReportData {
  return {
    scenario: {
      name: 'webapi-peak',
      description: 'The webapi through a traffic peak, a node failure at 0:50 and a rollout to v2 at 1:10.',
      seed: 42,
      durationMs: DURATION_MS,
      traceHash: 'sha256:3f9a1c0e7b2d4a6f',
    },
    summary: {
      services: [
        { service: 'webapi-service', availability: 0.99931, availabilityObjective: 0.999, latencyMsP99: 412, latencyMsP99Objective: 300, requestsTotal: 1_512_000, errorsTotal: 1043 },
      ],
      workloads: [{ kind: 'Deployment', name: 'webapi', peakReplicas: 10, minAvailableReplicas: 2 }],
      maxPendingMs: 94_000,
      maxPendingPod: 'webapi-85f4b-x2k9q',
      nodesStart: 3,
      nodesPeak: 4,
      nodesEnd: 3,
      costDollars: 1.37,
      costByPool: [],
      nodeGroups: [],
      restartsTotal: 2,
      daemonSets: [],
      podsEvicted: 3,
    },
    series: [
      series('kube_replicaset_status_replicas', { replicaset: 'webapi-7d9c5', deployment: 'webapi' }, (t) => desired(t) - moved(t)),
      series('kube_replicaset_status_replicas', { replicaset: 'webapi-85f4b', deployment: 'webapi' }, (t) => (t < rolloutStart ? Number.NaN : moved(t))),
      series('kube_deployment_status_replicas_available', { deployment: 'webapi' }, (t) => Math.max(0, desired(t - 20_000) - (t > min(50) && t < min(52) ? 2 : 0))),
      series('kube_pod_status_phase', { phase: 'Running' }, (t) => desired(t - 20_000)),
      series('kube_pod_status_phase', { phase: 'Pending' }, (t) => (t > min(50) && t < min(52) ? 2 : 0)),
      series('kubesim_nodes', { state: 'Ready' }, (t) => (t > min(50) && t < min(56) ? 2 : t > min(56) && t < min(100) ? 4 : 3)),
      series('kubesim_nodes', { state: 'NotReady' }, (t) => (t > min(50) && t < min(56) ? 1 : 0)),
      series('kubesim_node_cpu_utilization', { node: 'general-1' }, (t) => Math.min(0.95, (desired(t) * 0.25) / 3)),
      series('kubesim_node_cpu_utilization', { node: 'general-2' }, (t) => Math.min(0.9, (desired(t) * 0.22) / 3)),
      series('kube_horizontalpodautoscaler_status_current_replicas', { hpa: 'webapi' }, (t) => desired(t - 30_000)),
      series('kube_horizontalpodautoscaler_status_desired_replicas', { hpa: 'webapi' }, (t) => desired(t)),
      series('kubesim_hpa_metric_value', { hpa: 'webapi', metric: 'cpu' }, (t) => Math.round((rps(t) / desired(t - 30_000)) * 1.6)),
      series('kubesim_hpa_metric_target', { hpa: 'webapi', metric: 'cpu' }, () => 80),
      series('http_requests_per_second', { service: 'webapi-service' }, rps),
      series('http_request_duration_seconds', { service: 'webapi-service', quantile: '0.5' }, (t) => 0.02 + rps(t) / 40_000),
      series('http_request_duration_seconds', { service: 'webapi-service', quantile: '0.95' }, (t) => 0.05 + rps(t) / 8_000),
      series('http_request_duration_seconds', { service: 'webapi-service', quantile: '0.99' }, (t) => 0.08 + rps(t) / 3_000 + (t > min(50) && t < min(53) ? 0.3 : 0)),
      series('http_errors_per_second', { service: 'webapi-service' }, (t) => (t > min(50) && t < min(53) ? 4.5 : 0.05)),
      series('kubesim_pods_pending', {}, (t) => (t > min(50) && t < min(52) ? 2 : 0)),
      series('kubesim_cost_dollars_total', {}, (t) => (t / 3600_000) * 0.57 + (t > min(56) ? ((Math.min(t, min(100)) - min(56)) / 3600_000) * 0.19 : 0)),
    ],
    events: [
      { type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 6; reason: cpu resource utilization (percentage of request) above target', involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'webapi', namespace: 'default' }, firstTimestampMs: min(41), lastTimestampMs: min(41), count: 1, source: { component: 'horizontal-pod-autoscaler' } },
      { type: 'Warning', reason: 'NodeNotReady', message: 'Node general-2 status is now: NodeNotReady', involvedObject: { kind: 'Node', name: 'general-2' }, firstTimestampMs: min(50), lastTimestampMs: min(50), count: 1, source: { component: 'node-controller' } },
      { type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', involvedObject: { kind: 'Pod', name: 'webapi-7d9c5-x2k9q', namespace: 'default' }, firstTimestampMs: min(50) + 5000, lastTimestampMs: min(51) + 30_000, count: 4, source: { component: 'default-scheduler' } },
      { type: 'Normal', reason: 'TriggeredScaleUp', message: 'pod triggered scale-up: [{general 3->4 (max: 6)}]', involvedObject: { kind: 'Pod', name: 'webapi-7d9c5-x2k9q', namespace: 'default' }, firstTimestampMs: min(50) + 10_000, lastTimestampMs: min(50) + 10_000, count: 1, source: { component: 'cluster-autoscaler' } },
      { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/webapi-7d9c5-x2k9q to general-4', involvedObject: { kind: 'Pod', name: 'webapi-7d9c5-x2k9q', namespace: 'default' }, firstTimestampMs: min(52), lastTimestampMs: min(52), count: 1, source: { component: 'default-scheduler' } },
      { type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set webapi-85f4b to 1 from 0', involvedObject: { kind: 'Deployment', name: 'webapi', namespace: 'default' }, firstTimestampMs: rolloutStart, lastTimestampMs: rolloutStart, count: 1, source: { component: 'deployment-controller' } },
      { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', involvedObject: { kind: 'Pod', name: 'webapi-85f4b-a1b2c', namespace: 'default' }, firstTimestampMs: rolloutStart + 8000, lastTimestampMs: rolloutStart + 18_000, count: 3, source: { component: 'kubelet', host: 'general-1' } },
      { type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled down replica set webapi-7d9c5 to 0 from 1', involvedObject: { kind: 'Deployment', name: 'webapi', namespace: 'default' }, firstTimestampMs: min(75), lastTimestampMs: min(75), count: 1, source: { component: 'deployment-controller' } },
    ],
    timeline: [
      { atMs: min(50), description: 'failNode general-2' },
      { atMs: rolloutStart, description: 'setImage webapi/webapi → myregistry.azurecr.io/webapi:v2 </script><b>' },
    ],
    expectations: [
      { description: 'slo webapi-service availability ≥ 99.9%', ok: true, detail: 'availability 99.931%' },
      { description: 'slo webapi-service latencyP99 ≤ 300ms', ok: false, detail: 'p99 412ms > 300ms (during 0:50–0:53)' },
      { description: 'maxPendingTime ≤ 2m', ok: true, detail: 'longest pending 1m34s (webapi-85f4b-x2k9q)' },
      { description: 'rolloutCompletes webapi within 15m', ok: true, detail: 'completed in 5m10s' },
    ],
  };
}
