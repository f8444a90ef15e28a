/**
 * Metric series of the workload model, named as Prometheus users know them (cAdvisor's `container_*`, the HTTP
 * server conventions `http_requests_total` / `http_request_duration_seconds`). Counters (`_total`) are cumulative
 * from the start of the run (per pod: since the pod's slot was taken); the rest are gauges sampled each tick.
 *
 * | series                                           | labels               | unit / meaning                      |
 * |--------------------------------------------------|----------------------|-------------------------------------|
 * | `http_requests_total`                            | service, code        | requests; code 200, 500, 503, 504   |
 * | `kubesim_http_requests_failed_total`             | service, cause       | requests; noEndpoints, overload, timeout, appError, dependency, lostInflight, networkPolicy (with `networkPolicy: true`) |
 * | `http_request_duration_seconds`                  | service, quantile    | seconds; quantile 0.5, 0.95, 0.99   |
 * | `http_request_duration_seconds_bucket`           | service, le          | requests served within `le` seconds (client default buckets, `histogram.ts`) |
 * | `http_request_duration_seconds_sum` / `_count`   | service              | seconds spent / requests served     |
 * | `kubesim_http_requests_offered_per_second`       | service              | rps offered in the tick             |
 * | `container_cpu_usage_seconds_total`              | pod                  | CPU seconds                         |
 * | `container_cpu_cfs_throttled_seconds_total`      | pod                  | CPU seconds wanted beyond the limit |
 * | `container_memory_working_set_bytes`             | pod                  | bytes                               |
 *
 * HTTP codes: served 200; app errors and failed dependencies 500; overload and no endpoints 503 (Envoy and
 * kube-proxy rejections look like this to clients); timeouts 504, and so are requests NetworkPolicy dropped (a
 * dropped packet is a connect timeout to the caller).
 */
import { DEFAULT_BUCKETS_S, formatLe, LatencyHistograms, type HistogramObserver } from './histogram.ts';
import type { LatencyObserver, WorkloadModel } from './model.ts';
import type { PodTable } from './pod-table.ts';

/** Where series go. The run's recorder implements it; labels objects are reused, so copy them if kept. */
export interface MetricSink {
  record(name: string, labels: Readonly<Record<string, string>>, tMs: number, value: number): void;
  /**
   * Optional: a handle to append to one series directly. When the sink offers it, the recorder keeps one handle per
   * series and skips the name/labels look-up on every point (10,000 pods × 3 series per tick).
   */
  series?(name: string, labels: Readonly<Record<string, string>>): { push(tMs: number, value: number): void };
}

/** A series handle, or a fallback that records through the sink. */
type Push = { push(tMs: number, value: number): void };

/** Series names, in one place for the recorder, the report and the docs. */
export const WORKLOAD_METRICS = Object.freeze({
  httpRequestsTotal: 'http_requests_total',
  httpRequestsFailedTotal: 'kubesim_http_requests_failed_total',
  httpRequestDurationSeconds: 'http_request_duration_seconds',
  httpRequestDurationSecondsBucket: 'http_request_duration_seconds_bucket',
  httpRequestDurationSecondsSum: 'http_request_duration_seconds_sum',
  httpRequestDurationSecondsCount: 'http_request_duration_seconds_count',
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

/** Bucket bounds in ms, for the model's latencies. */
const BUCKETS_MS = Float64Array.from(DEFAULT_BUCKETS_S, (b) => b * 1000);

/** Writes a {@link WorkloadModel}'s last step to a {@link MetricSink}; labels and series handles are built once. */
export class WorkloadMetrics implements LatencyObserver {
  private readonly svcLabels: ServiceLabels[];
  private podLabelGen: number[] = [];
  /** The sink the handles below belong to. */
  private sink: MetricSink | undefined;
  /** Per service: its 14 series handles, in the order {@link record} writes them. */
  private svcSeries: Push[][] = [];
  /** Per pod slot: cpu, throttled and memory series handles (valid for `podLabelGen`). */
  private podSeries: (Push[] | undefined)[] = [];
  /** Per service: the histogram's running counts (`+Inf` is `_count`) and `_sum` in seconds. */
  private readonly hist: LatencyHistograms;
  /** Per service: the histogram's series handles, buckets then `+Inf`, `_sum`, `_count`. */
  private histSeries: Push[][] = [];
  /** Also sees every observation (the mesh's Istio histograms); none by default. */
  also: HistogramObserver | undefined = undefined;

  /**
   * @param options.podSeries record the per-pod series (`container_*`). Default true. Large runs turn them off:
   * 10,000 pods × 3 series × a point per tick is gigabytes over a day, for series nobody charts at that scale.
   * @param options.networkPolicy record the `cause="networkPolicy"` series. Default false.
   * @param options.histograms record the latency histograms (`http_request_duration_seconds_bucket`, `_sum`,
   * `_count`), which observe the model's latency mixture every step. Default true.
   */
  constructor(
    private readonly model: WorkloadModel,
    private readonly options: { readonly podSeries?: boolean; readonly networkPolicy?: boolean; readonly histograms?: boolean } = {},
  ) {
    const services = model.serviceNames.length;
    this.hist = new LatencyHistograms(BUCKETS_MS, services, 1000);
    if (options.histograms !== false) model.latencyObserver = this;
    const mk = (service: string, key: string, values: string[]): Record<string, Record<string, string>> =>
      Object.fromEntries(values.map((v) => [v, Object.freeze({ service, [key]: v })]));
    this.svcLabels = model.serviceNames.map((service) => ({
      service: Object.freeze({ service }),
      code: mk(service, 'code', ['200', '500', '503', '504']),
      cause: mk(service, 'cause', ['noEndpoints', 'overload', 'timeout', 'appError', 'dependency', 'lostInflight', 'networkPolicy']),
      quantile: mk(service, 'quantile', ['0.5', '0.95', '0.99']),
    }));
  }

  /** Records every series at `tMs` (call after `model.step`, usually with the tick's end time). */
  record(sink: MetricSink, tMs: number, pods: PodTable): void {
    if (sink !== this.sink) {
      this.sink = sink;
      this.svcSeries = [];
      this.podSeries = [];
      this.histSeries = [];
    }
    const m = this.model;
    const T = m.totals;
    const S = m.services;
    for (let s = 0; s < this.svcLabels.length; s++) {
      const out = (this.svcSeries[s] ??= this.serviceHandles(sink, this.svcLabels[s] as ServiceLabels));
      const noEnd = T.failedNoEndpoints[s] as number;
      const over = T.failedOverload[s] as number;
      const tout = T.failedTimeout[s] as number;
      const err = T.failedAppError[s] as number;
      const dep = T.failedDependency[s] as number;
      const netpol = T.failedNetworkPolicy[s] as number;
      out[0]!.push(tMs, T.served[s] as number);
      out[1]!.push(tMs, err + dep);
      out[2]!.push(tMs, over + noEnd);
      out[3]!.push(tMs, tout + netpol);
      out[4]!.push(tMs, noEnd);
      out[5]!.push(tMs, over);
      out[6]!.push(tMs, tout);
      out[7]!.push(tMs, err);
      out[8]!.push(tMs, dep);
      out[9]!.push(tMs, T.lostInflight[s] as number);
      out[10]!.push(tMs, S.offeredRps[s] as number);
      out[11]!.push(tMs, (S.latencyP50Ms[s] as number) / 1000);
      out[12]!.push(tMs, (S.latencyP95Ms[s] as number) / 1000);
      out[13]!.push(tMs, (S.latencyP99Ms[s] as number) / 1000);
      if (this.options.networkPolicy) out[14]!.push(tMs, netpol);
      if (this.options.histograms !== false) this.recordHistogram(sink, s, tMs);
    }
    if (this.options.podSeries === false) return;
    const P = m.pods;
    const M = WORKLOAD_METRICS;
    for (let i = 0; i < pods.size; i++) {
      if (pods.alive[i] !== 1) continue;
      const gen = pods.generation[i] as number;
      let out = this.podSeries[i];
      if (!out || this.podLabelGen[i] !== gen) {
        const labels = Object.freeze({ pod: pods.name[i] as string });
        this.podLabelGen[i] = gen;
        out = this.podSeries[i] = [
          handle(sink, M.containerCpuUsageSecondsTotal, labels),
          handle(sink, M.containerCpuCfsThrottledSecondsTotal, labels),
          handle(sink, M.containerMemoryWorkingSetBytes, labels),
        ];
      }
      out[0]!.push(tMs, P.cpuSecondsTotal[i] as number);
      out[1]!.push(tMs, P.cpuThrottledSecondsTotal[i] as number);
      out[2]!.push(tMs, P.memoryBytes[i] as number);
    }
  }

  /**
   * Adds one step's served requests of a Service to its histogram: `served × CDF(le)` to each bucket (see
   * `histogram.ts`), `served` to `+Inf`, and `served ×` the mixture's mean to `_sum`.
   */
  observeLatency(serviceIndex: number, served: number, w: Float64Array, off: Float64Array, mean: Float64Array, n: number): void {
    const meanMs = this.model.services.latencyMeanMs[serviceIndex] as number;
    // The model folded this mixture just before the call (see LatencyObserver).
    this.hist.observeGrouped(serviceIndex, served, meanMs);
    if (this.also !== undefined) this.also.observeLatency(serviceIndex, served, w, off, mean, n, meanMs);
  }

  /** Pushes a Service's histogram counters at `tMs`. */
  private recordHistogram(sink: MetricSink, s: number, tMs: number): void {
    const nb = BUCKETS_MS.length;
    const out = (this.histSeries[s] ??= this.histogramHandles(sink, this.model.serviceNames[s] as string));
    const base = s * (nb + 1);
    // Kept to a thousandth of a request and a microsecond: the fluid model's counts carry no more meaning, and the
    // short numbers keep report.html and the OpenMetrics file small. Rounding is monotone, so buckets stay
    // cumulative in le and in time.
    const B = this.hist.counts;
    for (let b = 0; b <= nb; b++) out[b]!.push(tMs, Math.round((B[base + b] as number) * 1000) / 1000);
    out[nb + 1]!.push(tMs, Math.round((this.hist.sums[s] as number) * 1e6) / 1e6);
    out[nb + 2]!.push(tMs, B[base + nb] as number);
  }

  /** A Service's histogram series: one per bucket and `+Inf`, then `_sum` and `_count`. */
  private histogramHandles(sink: MetricSink, service: string): Push[] {
    const M = WORKLOAD_METRICS;
    const svc = Object.freeze({ service });
    return [
      ...[...DEFAULT_BUCKETS_S, Infinity].map((b) => handle(sink, M.httpRequestDurationSecondsBucket, Object.freeze({ service, le: formatLe(b) }))),
      handle(sink, M.httpRequestDurationSecondsSum, svc),
      handle(sink, M.httpRequestDurationSecondsCount, svc),
    ];
  }

  /** The series of one Service, in the order {@link record} writes them. */
  private serviceHandles(sink: MetricSink, L: ServiceLabels): Push[] {
    const M = WORKLOAD_METRICS;
    const code = L.code as Record<string, Record<string, string>>;
    const cause = L.cause as Record<string, Record<string, string>>;
    const q = L.quantile as Record<string, Record<string, string>>;
    return [
      handle(sink, M.httpRequestsTotal, code['200']!),
      handle(sink, M.httpRequestsTotal, code['500']!),
      handle(sink, M.httpRequestsTotal, code['503']!),
      handle(sink, M.httpRequestsTotal, code['504']!),
      handle(sink, M.httpRequestsFailedTotal, cause['noEndpoints']!),
      handle(sink, M.httpRequestsFailedTotal, cause['overload']!),
      handle(sink, M.httpRequestsFailedTotal, cause['timeout']!),
      handle(sink, M.httpRequestsFailedTotal, cause['appError']!),
      handle(sink, M.httpRequestsFailedTotal, cause['dependency']!),
      handle(sink, M.httpRequestsFailedTotal, cause['lostInflight']!),
      handle(sink, M.httpRequestsOfferedPerSecond, L.service),
      handle(sink, M.httpRequestDurationSeconds, q['0.5']!),
      handle(sink, M.httpRequestDurationSeconds, q['0.95']!),
      handle(sink, M.httpRequestDurationSeconds, q['0.99']!),
      ...(this.options.networkPolicy ? [handle(sink, M.httpRequestsFailedTotal, cause['networkPolicy']!)] : []),
    ];
  }
}

/** The sink's own handle for a series, or one that records through {@link MetricSink.record}. */
function handle(sink: MetricSink, name: string, labels: Readonly<Record<string, string>>): Push {
  if (sink.series) return sink.series(name, labels);
  return { push: (tMs, value) => sink.record(name, labels, tMs, value) };
}
