/**
 * Metric series of the workload model, named as Prometheus users know them (cAdvisor's `container_*`, the HTTP
 * server conventions `http_requests_total` / `http_request_duration_seconds`). Counters (`_total`) are cumulative
 * from the start of the run (per pod: since the pod's slot was taken); the rest are gauges sampled each tick.
 *
 * | series                                           | labels               | unit / meaning                      |
 * |--------------------------------------------------|----------------------|-------------------------------------|
 * | `http_requests_total`                            | service, code        | requests; code 200, 500, 503, 504   |
 * | `kubesim_http_requests_failed_total`             | service, cause       | requests; noEndpoints, overload, timeout, appError, dependency, lostInflight |
 * | `http_request_duration_seconds`                  | service, quantile    | seconds; quantile 0.5, 0.95, 0.99   |
 * | `kubesim_http_requests_offered_per_second`       | service              | rps offered in the tick             |
 * | `container_cpu_usage_seconds_total`              | pod                  | CPU seconds                         |
 * | `container_cpu_cfs_throttled_seconds_total`      | pod                  | CPU seconds wanted beyond the limit |
 * | `container_memory_working_set_bytes`             | pod                  | bytes                               |
 *
 * HTTP codes: served 200; app errors and failed dependencies 500; overload and no endpoints 503 (Envoy and
 * kube-proxy rejections look like this to clients); timeouts 504.
 */
import type { WorkloadModel } from './model.ts';
import type { PodTable } from './pod-table.ts';

/** Where series go. The run's recorder implements it; labels objects are reused, so copy them if kept. */
export interface MetricSink {
  record(name: string, labels: Readonly<Record<string, string>>, tMs: number, value: number): void;
}

/** Series names, in one place for the recorder, the report and the docs. */
export const WORKLOAD_METRICS = Object.freeze({
  httpRequestsTotal: 'http_requests_total',
  httpRequestsFailedTotal: 'kubesim_http_requests_failed_total',
  httpRequestDurationSeconds: 'http_request_duration_seconds',
  httpRequestsOfferedPerSecond: 'kubesim_http_requests_offered_per_second',
  containerCpuUsageSecondsTotal: 'container_cpu_usage_seconds_total',
  containerCpuCfsThrottledSecondsTotal: 'container_cpu_cfs_throttled_seconds_total',
  containerMemoryWorkingSetBytes: 'container_memory_working_set_bytes',
});

interface ServiceLabels {
  service: Record<string, string>;
  code: Record<string, Record<string, string>>;
  cause: Record<string, Record<string, string>>;
  quantile: Record<string, Record<string, string>>;
}

/** Writes a {@link WorkloadModel}'s last step to a {@link MetricSink}; labels are built once and reused. */
export class WorkloadMetrics {
  private readonly svcLabels: ServiceLabels[];
  private podLabels: (Record<string, string> | undefined)[] = [];
  private podLabelGen: number[] = [];

  constructor(private readonly model: WorkloadModel) {
    const mk = (service: string, key: string, values: string[]): Record<string, Record<string, string>> =>
      Object.fromEntries(values.map((v) => [v, Object.freeze({ service, [key]: v })]));
    this.svcLabels = model.serviceNames.map((service) => ({
      service: Object.freeze({ service }),
      code: mk(service, 'code', ['200', '500', '503', '504']),
      cause: mk(service, 'cause', ['noEndpoints', 'overload', 'timeout', 'appError', 'dependency', 'lostInflight']),
      quantile: mk(service, 'quantile', ['0.5', '0.95', '0.99']),
    }));
  }

  /** Records every series at `tMs` (call after `model.step`, usually with the tick's end time). */
  record(sink: MetricSink, tMs: number, pods: PodTable): void {
    const m = this.model;
    const T = m.totals;
    const S = m.services;
    const M = WORKLOAD_METRICS;
    for (let s = 0; s < this.svcLabels.length; s++) {
      const L = this.svcLabels[s] as ServiceLabels;
      const code = L.code;
      const cause = L.cause;
      const q = L.quantile;
      const noEnd = T.failedNoEndpoints[s] as number;
      const over = T.failedOverload[s] as number;
      const tout = T.failedTimeout[s] as number;
      const err = T.failedAppError[s] as number;
      const dep = T.failedDependency[s] as number;
      sink.record(M.httpRequestsTotal, code['200'] as Record<string, string>, tMs, T.served[s] as number);
      sink.record(M.httpRequestsTotal, code['500'] as Record<string, string>, tMs, err + dep);
      sink.record(M.httpRequestsTotal, code['503'] as Record<string, string>, tMs, over + noEnd);
      sink.record(M.httpRequestsTotal, code['504'] as Record<string, string>, tMs, tout);
      sink.record(M.httpRequestsFailedTotal, cause.noEndpoints as Record<string, string>, tMs, noEnd);
      sink.record(M.httpRequestsFailedTotal, cause.overload as Record<string, string>, tMs, over);
      sink.record(M.httpRequestsFailedTotal, cause.timeout as Record<string, string>, tMs, tout);
      sink.record(M.httpRequestsFailedTotal, cause.appError as Record<string, string>, tMs, err);
      sink.record(M.httpRequestsFailedTotal, cause.dependency as Record<string, string>, tMs, dep);
      sink.record(M.httpRequestsFailedTotal, cause.lostInflight as Record<string, string>, tMs, T.lostInflight[s] as number);
      sink.record(M.httpRequestsOfferedPerSecond, L.service, tMs, S.offeredRps[s] as number);
      sink.record(M.httpRequestDurationSeconds, q['0.5'] as Record<string, string>, tMs, (S.latencyP50Ms[s] as number) / 1000);
      sink.record(M.httpRequestDurationSeconds, q['0.95'] as Record<string, string>, tMs, (S.latencyP95Ms[s] as number) / 1000);
      sink.record(M.httpRequestDurationSeconds, q['0.99'] as Record<string, string>, tMs, (S.latencyP99Ms[s] as number) / 1000);
    }
    const P = m.pods;
    for (let i = 0; i < pods.size; i++) {
      if (pods.alive[i] !== 1) continue;
      const gen = pods.generation[i] as number;
      let labels = this.podLabels[i];
      if (!labels || this.podLabelGen[i] !== gen) {
        labels = Object.freeze({ pod: pods.name[i] as string });
        this.podLabels[i] = labels;
        this.podLabelGen[i] = gen;
      }
      sink.record(M.containerCpuUsageSecondsTotal, labels, tMs, P.cpuSecondsTotal[i] as number);
      sink.record(M.containerCpuCfsThrottledSecondsTotal, labels, tMs, P.cpuThrottledSecondsTotal[i] as number);
      sink.record(M.containerMemoryWorkingSetBytes, labels, tMs, P.memoryBytes[i] as number);
    }
  }
}
