/**
 * The metrics pipeline the HPA reads, as metrics-server and the custom/external metrics APIs provide it.
 *
 * metrics-server (kubernetes-sigs/metrics-server `cmd/metrics-server/app/options/options.go`,
 * `pkg/storage/types.go`) scrapes every kubelet each `--metric-resolution` (default **60 s**; many Helm installs set
 * 15 s). It keeps the last two points of each container; CPU is the cumulative-counter difference over the time
 * between them (`window` = the scrape interval, `timestamp` = the newer scrape), memory is the newer working set.
 * A pod therefore appears only after its containers have run through two scrapes, and every value lags: the CPU the
 * HPA sees at t is the average over the last complete scrape interval before t.
 *
 * The pipeline is evaluated lazily and exactly: scrapes happen at `phaseMs + k × resolution`; a query at t uses the
 * last scrape ≤ t and the one before it, and asks the {@link UsageSource} for the average over that interval. No
 * timers run, and values are cached per pod object and scrape (a WeakMap: deleted pods free their cache). Simplifications: all nodes are scraped at the same instant
 * and the kubelet's own stats lag (cAdvisor housekeeping) is not modelled.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2';
import { ReplicaCalcError, type PodMetric, type TimeParser } from './replica-calculator.ts';

/** metrics-server's default `--metric-resolution`, in ms. */
export const DEFAULT_METRIC_RESOLUTION_MS = 60_000;

/** Per-pod resource usage, implemented by the workload model. */
export interface UsageSource {
  /**
   * Average CPU in millicores over `[fromMs, toMs]` of one pod (all containers) or of one container; undefined when
   * the pod or container has no data.
   */
  cpuMillisAvg(namespace: string, podName: string, fromMs: number, toMs: number, container?: string): number | undefined;
  /** Working-set memory in bytes at `tMs` of one pod (all containers) or one container; undefined when unknown. */
  memoryBytes(namespace: string, podName: string, tMs: number, container?: string): number | undefined;
  /**
   * Optional: a reader of one pod's whole-pod CPU average, as {@link cpuMillisAvg} gives it, resolved once per pod
   * object so each scrape skips the name look-up. Undefined when the source does not know the pod (yet).
   */
  cpuReader?(namespace: string, podName: string): ((fromMs: number, toMs: number) => number | undefined) | undefined;
  /**
   * Optional, with {@link cpuSlot}: every pod's whole-pod CPU average over the last scrape interval, by slot, as
   * the source computed it when that scrape happened (what {@link cpuMillisAvg} would answer for it).
   */
  cpuSnapshot?(): CpuSnapshot | undefined;
  /** The slot of a pod in {@link cpuSnapshot} and the token the snapshot holds for it while the slot is its own. */
  cpuSlot?(namespace: string, podName: string): { readonly slot: number; readonly token: object } | undefined;
}

/** See {@link UsageSource.cpuSnapshot}. */
export interface CpuSnapshot {
  /** The interval the averages cover, ms: (fromMs, toMs]. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Per slot: the average in millicores, NaN without data. */
  readonly values: Float64Array;
  /** Per slot: the token of the pod the value belongs to. */
  readonly tokens: readonly (object | undefined)[];
}

/**
 * A pod list laid out for the snapshot path: per pod its slot (-1: none), token, and when its containers were all
 * running (NaN: not running). Dense arrays, so a scrape of 10 pods reads a few cache lines, not 10 objects.
 */
interface DenseList {
  readonly slots: Int32Array;
  readonly tokens: (object | undefined)[];
  readonly startedMs: Float64Array;
}

/**
 * Custom and external metrics (what a Prometheus adapter or KEDA would serve). Values are in milli-units, as
 * `Quantity.MilliValue()` gives them (`1.5` requests per second → 1500). Undefined means "no such metric".
 */
export interface CustomMetricsSource {
  /** A per-pod metric (Pods metric type), e.g. requests per second of one pod. */
  podMetricMilli?(namespace: string, podName: string, metricName: string, tMs: number): number | undefined;
  /** A metric describing one object (Object metric type), e.g. requests per second of an Ingress. */
  objectMetricMilli?(
    namespace: string,
    describedObject: CrossVersionObjectReference,
    metricName: string,
    tMs: number,
  ): number | undefined;
  /** The series of an external metric matching the selector (External metric type), e.g. a queue length. */
  externalMetricMilli?(namespace: string, metricName: string, selector: LabelSelector | undefined, tMs: number): number[] | undefined;
}

/** Options of {@link MetricsServer}. */
export interface MetricsServerOptions {
  /** Scrape interval (`--metric-resolution`) in ms. Default 60,000. */
  metricResolutionMs?: number;
  /** Time of the first scrape in ms. Default 0. */
  phaseMs?: number;
}

/** The last sample of one query (`resource` or `resource/container`) of one pod. */
interface CachedSample {
  readonly key: string;
  scrapeMs: number;
  value: number | undefined;
}

/**
 * Per pod object (objects are immutable, so a new version starts afresh): what the scrape reads of it and its
 * last sample by query. The first query's sample is kept inline (one object per pod on the hot path), further
 * queries (memory beside cpu, containers) in `more`.
 */
interface PodCache {
  readonly namespace: string;
  readonly name: string;
  readonly running: boolean;
  readonly startedMs: number | undefined;
  key: string | undefined;
  scrapeMs: number;
  value: number | undefined;
  more: CachedSample[] | undefined;
  /** The usage source's CPU reader for this pod, once resolved (null: none; use the name look-up). */
  cpu: ((fromMs: number, toMs: number) => number | undefined) | null | undefined;
}

/** The resource metrics API (metrics.k8s.io) and the custom/external metrics APIs, over injected sources. */
export class MetricsServer {
  /** The scrape interval in ms. */
  readonly resolutionMs: number;
  private readonly phaseMs: number;
  private readonly cache = new WeakMap<Pod, PodCache>();
  /**
   * The caches of a pod list, in its order. Callers pass the same (immutable) list until a pod changes; resolving
   * it once saves a look-up per pod and keeps the hot data together.
   */
  private readonly lists = new WeakMap<readonly Pod[], PodCache[]>();
  /** Pod lists in the snapshot layout (see {@link DenseList}). */
  private readonly dense = new WeakMap<readonly Pod[], DenseList>();

  constructor(
    private readonly usage: UsageSource,
    private readonly custom: CustomMetricsSource = {},
    options: MetricsServerOptions = {},
  ) {
    this.resolutionMs = options.metricResolutionMs ?? DEFAULT_METRIC_RESOLUTION_MS;
    this.phaseMs = options.phaseMs ?? 0;
    if (!(this.resolutionMs > 0)) throw new RangeError(`MetricsServer: metricResolutionMs must be > 0, got ${this.resolutionMs}`);
  }

  /** The last scrape at or before `tMs`, or undefined before the second scrape. */
  lastScrapeMs(tMs: number): number | undefined {
    const k = Math.floor((tMs - this.phaseMs) / this.resolutionMs);
    return k >= 1 ? this.phaseMs + k * this.resolutionMs : undefined;
  }

  /** The first scrape after `tMs`: until then every query sees the same samples. */
  nextScrapeMs(tMs: number): number {
    return this.phaseMs + (Math.floor((tMs - this.phaseMs) / this.resolutionMs) + 1) * this.resolutionMs;
  }

  /**
   * `GetResourceMetric` of the metrics client: pod name → value in milli-units (CPU millicores, memory milli-bytes)
   * with the scrape time and window. A pod is included when it is Running and its containers were running at the
   * previous scrape; with `container`, only that container's usage counts. `pods` is read as immutable: pass a new
   * list when a pod changes.
   */
  getResourceMetric(
    pods: readonly Pod[],
    resource: string,
    nowMs: number,
    parseTime: TimeParser,
    container?: string,
  ): { metrics: Map<string, PodMetric>; timestampMs: number } {
    const metrics = new Map<string, PodMetric>();
    const last = this.lastScrapeMs(nowMs);
    if (last === undefined) return { metrics, timestampMs: 0 };
    const values = this.sampleValues(pods, resource, nowMs, parseTime, container);
    const caches = this.cachesOf(pods, parseTime);
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (!Number.isNaN(value)) metrics.set(caches[i]!.name, { value, timestampMs: last, windowMs: this.resolutionMs });
    }
    return { metrics, timestampMs: last };
  }

  /**
   * The values {@link getResourceMetric} returns, as a list parallel to `pods`: NaN where a pod has no sample
   * (not running, started after the previous scrape, or no data). Two calls on the same list give equal lists
   * exactly when getResourceMetric would give the same pods with the same values. Empty before the second scrape.
   */
  sampleValues(pods: readonly Pod[], resource: string, nowMs: number, parseTime: TimeParser, container?: string): number[] {
    const last = this.lastScrapeMs(nowMs);
    if (last === undefined) return [];
    const prev = last - this.resolutionMs;
    if (resource === 'cpu' && container === undefined && this.usage.cpuSnapshot) {
      const snap = this.usage.cpuSnapshot();
      if (snap !== undefined && snap.toMs === last && snap.fromMs === prev) return this.sampleFromSnapshot(pods, snap, prev, last, parseTime);
    }
    const key = container === undefined ? resource : `${resource}/${container}`;
    const caches = this.cachesOf(pods, parseTime);
    const values = new Array<number>(caches.length);
    for (let i = 0; i < caches.length; i++) {
      const pc = caches[i]!;
      values[i] = Number.NaN;
      if (!pc.running || pc.startedMs === undefined || pc.startedMs > prev) continue;
      pc.key ??= key;
      let sample: PodCache | CachedSample | undefined;
      if (pc.key === key) sample = pc;
      else {
        for (const s of (pc.more ??= [])) if (s.key === key) sample = s;
        if (!sample) pc.more.push((sample = { key, scrapeMs: Number.NaN, value: undefined }));
      }
      if (sample.scrapeMs !== last) {
        sample.scrapeMs = last;
        sample.value = resource === 'cpu' && container === undefined ? this.samplePodCpu(pc, prev, last) : this.sample(pc.namespace, pc.name, resource, prev, last, container);
      }
      if (sample.value !== undefined) values[i] = sample.value;
    }
    return values;
  }

  /** {@link sampleValues} of whole-pod CPU from the source's snapshot; pods it does not hold take the usual path. */
  private sampleFromSnapshot(pods: readonly Pod[], snap: CpuSnapshot, prev: number, last: number, parseTime: TimeParser): number[] {
    const d = this.denseOf(pods, parseTime);
    const values = new Array<number>(pods.length);
    for (let i = 0; i < values.length; i++) {
      values[i] = Number.NaN;
      if (!(d.startedMs[i]! <= prev)) continue;
      const slot = d.slots[i]!;
      if (slot >= 0 && snap.tokens[slot] === d.tokens[i]) {
        values[i] = cpuSample(snap.values[slot]!) ?? Number.NaN;
        continue;
      }
      const v = this.samplePodCpu(this.cachesOf(pods, parseTime)[i]!, prev, last);
      if (v !== undefined) values[i] = v;
    }
    return values;
  }

  private denseOf(pods: readonly Pod[], parseTime: TimeParser): DenseList {
    let d = this.dense.get(pods);
    if (d && d.slots.length === pods.length) return d;
    const caches = this.cachesOf(pods, parseTime);
    d = { slots: new Int32Array(pods.length).fill(-1), tokens: new Array(pods.length), startedMs: new Float64Array(pods.length).fill(Number.NaN) };
    for (let i = 0; i < caches.length; i++) {
      const pc = caches[i]!;
      if (pc.running && pc.startedMs !== undefined) d.startedMs[i] = pc.startedMs;
      const at = this.usage.cpuSlot?.(pc.namespace, pc.name);
      if (at) {
        d.slots[i] = at.slot;
        d.tokens[i] = at.token;
      }
    }
    this.dense.set(pods, d);
    return d;
  }

  private cachesOf(pods: readonly Pod[], parseTime: TimeParser): PodCache[] {
    let caches = this.lists.get(pods);
    if (caches && caches.length === pods.length) return caches;
    caches = pods.map((pod) => {
      let pc = this.cache.get(pod);
      if (!pc) {
        const running = pod.status?.phase === 'Running';
        pc = {
          namespace: pod.metadata?.namespace ?? '',
          name: pod.metadata?.name ?? '',
          running,
          // Only a running pod's start is read: parse nothing for the others.
          startedMs: running ? containersStartedMs(pod, parseTime) : undefined,
          key: undefined,
          scrapeMs: Number.NaN,
          value: undefined,
          more: undefined,
          cpu: undefined,
        };
        this.cache.set(pod, pc);
      }
      return pc;
    });
    this.lists.set(pods, caches);
    return caches;
  }

  /** {@link sample} of a whole pod's CPU, through the pod's reader when the source offers one. */
  private samplePodCpu(pc: PodCache, prev: number, last: number): number | undefined {
    if (pc.cpu === undefined) pc.cpu = this.usage.cpuReader?.(pc.namespace, pc.name) ?? null;
    return pc.cpu === null ? this.sample(pc.namespace, pc.name, 'cpu', prev, last) : cpuSample(pc.cpu(prev, last));
  }

  private sample(ns: string, name: string, resource: string, prev: number, last: number, container?: string): number | undefined {
    if (resource === 'cpu') return cpuSample(this.usage.cpuMillisAvg(ns, name, prev, last, container));
    if (resource === 'memory') {
      const bytes = this.usage.memoryBytes(ns, name, last, container);
      return bytes === undefined ? undefined : Math.floor(Math.max(0, bytes)) * 1000;
    }
    return undefined;
  }

  /** `GetRawMetric` (custom metrics API, Pods metric): pod name → milli-value, sampled now. */
  getRawMetric(pods: readonly Pod[], metricName: string, nowMs: number): { metrics: Map<string, PodMetric>; timestampMs: number } {
    const metrics = new Map<string, PodMetric>();
    const get = this.custom.podMetricMilli;
    if (get) {
      for (const pod of pods) {
        const v = get.call(this.custom, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', metricName, nowMs);
        if (v !== undefined) metrics.set(pod.metadata?.name ?? '', { value: v, timestampMs: nowMs, windowMs: 0 });
      }
    }
    return { metrics, timestampMs: nowMs };
  }

  /** `GetObjectMetric` (custom metrics API, Object metric): the object's milli-value; throws when absent. */
  getObjectMetric(namespace: string, ref: CrossVersionObjectReference, metricName: string, nowMs: number): number {
    const v = this.custom.objectMetricMilli?.(namespace, ref, metricName, nowMs);
    if (v === undefined) throw new ReplicaCalcError('no metrics returned from custom metrics API');
    return v;
  }

  /** `GetExternalMetric` (external metrics API): the matching series' milli-values; throws when none. */
  getExternalMetric(namespace: string, metricName: string, selector: LabelSelector | undefined, nowMs: number): number[] {
    const v = this.custom.externalMetricMilli?.(namespace, metricName, selector, nowMs);
    if (v === undefined || v.length === 0) throw new ReplicaCalcError('no metrics returned from external metrics API');
    return v;
  }
}

/** A CPU average in millicores as the resource metrics API reports it (undefined stays undefined). */
function cpuSample(avg: number | undefined): number | undefined {
  if (avg === undefined || Number.isNaN(avg)) return undefined;
  // metrics-server truncates to whole nanocores; MilliValue() then rounds up to millicores.
  const nanoCores = Math.floor(Math.max(0, avg) * 1e6);
  return Math.ceil(nanoCores / 1e6);
}

/** When all of a pod's containers were running: the latest `running.startedAt`, else the pod's start time. */
function containersStartedMs(pod: Pod, parseTime: TimeParser): number | undefined {
  const statuses = pod.status?.containerStatuses;
  if (statuses && statuses.length > 0) {
    let latest = -Infinity;
    for (const s of statuses) {
      const at = s.state?.running?.startedAt;
      if (!at) return undefined;
      const ms = parseTime(at);
      if (ms > latest) latest = ms;
    }
    return latest;
  }
  return pod.status?.startTime ? parseTime(pod.status.startTime) : undefined;
}
