/**
 * Per-metric replica proposals, after `pkg/controller/podautoscaler/replica_calculator.go` and
 * `metrics/utilization.go`. Every function is pure: the pods, the metric samples and the clock are arguments, and
 * failures throw {@link ReplicaCalcError} with upstream's message.
 *
 * All values are integers in milli-units (`Quantity.MilliValue()`): CPU millicores, memory milli-bytes, custom
 * metrics milli-units. Where Go divides int64s the code floors (values are non-negative); where Go converts a float
 * to int32 it truncates.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { milliValue } from '../../api/quantity.ts';

/** Default `--horizontal-pod-autoscaler-tolerance`. */
export const DEFAULT_TOLERANCE = 0.1;
/** Default `--horizontal-pod-autoscaler-cpu-initialization-period` (5 min). Upstream tests use 2 min. */
export const DEFAULT_CPU_INITIALIZATION_PERIOD_MS = 300_000;
/** Default `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s). Upstream tests use 10 s. */
export const DEFAULT_INITIAL_READINESS_DELAY_MS = 30_000;

const MAX_INT32 = 2_147_483_647;
/** Go's `math.MaxInt64` as a number: the nearest double, 2^63 (what `float64(math.MaxInt64)` is in Go too). */
const MAX_INT64 = 2 ** 63;

/** A metric-calculation failure; `message` is upstream's error text. */
export class ReplicaCalcError extends Error {
  override get name(): string {
    return 'ReplicaCalcError';
  }

  constructor(message: string) {
    // An expected outcome (Go returns it as an error value), thrown on every sync while metrics are missing:
    // 1,000 HPAs starting together throw thousands, and capturing a stack trace costs more than the sync itself.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** One pod's sample (`metricsclient.PodMetric`): value in milli-units, sample time and averaging window in ms. */
export interface PodMetric {
  readonly value: number;
  readonly timestampMs: number;
  readonly windowMs: number;
}

/** Samples by pod name (`metricsclient.PodMetricsInfo`). */
export type PodMetricsInfo = ReadonlyMap<string, PodMetric>;

/** Scale-up / scale-down tolerances (`Tolerances`); the no-change band is `[1 − down, 1 + up]`, inclusive. */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

/** Port of `Tolerances.isWithin`. */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** Converts RFC 3339 timestamps of pod status to simulated ms (the caller may memoise). */
export type TimeParser = (timestamp: string) => number;

/** The readiness rules' knobs and clock. */
export interface GroupPodsOptions {
  readonly nowMs: number;
  readonly cpuInitializationPeriodMs: number;
  readonly delayOfInitialReadinessStatusMs: number;
  readonly parseTime: TimeParser;
}

/** Result of {@link groupPods}. Sets are of pod names. */
export interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

/**
 * What {@link groupPods} reads of one pod. Pods are immutable, so the facts of a pod list can be extracted once and
 * passed to every later calculation over the same list.
 */
export interface PodFacts {
  readonly name: string;
  /** Deleted (deletionTimestamp set) or terminal (Failed / Succeeded; Succeeded since kubernetes/kubernetes#141302). */
  readonly ignored: boolean;
  readonly pending: boolean;
  /** `status` of the Ready condition; undefined without one. */
  readonly readyStatus: string | undefined;
  /** The Ready condition's lastTransitionTime in ms (Go's zero time when unset); NaN without the condition. */
  readonly readyTransitionMs: number;
  /** `status.startTime` in ms; undefined when unset. */
  readonly startMs: number | undefined;
}

/** The {@link PodFacts} of a pod. */
export function podFacts(pod: Pod, parseTime: TimeParser): PodFacts {
  const phase = pod.status?.phase;
  const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const startTime = pod.status?.startTime;
  return {
    name: pod.metadata?.name ?? '',
    ignored: !!pod.metadata?.deletionTimestamp || phase === 'Failed' || phase === 'Succeeded',
    pending: phase === 'Pending',
    readyStatus: condition?.status,
    readyTransitionMs: condition ? parseTime(condition.lastTransitionTime ?? GO_ZERO_TIME) : NaN,
    startMs: startTime ? parseTime(startTime) : undefined,
  };
}

/**
 * Port of `groupPods`. In order: deleted or terminal (Failed/Succeeded) pods are ignored; Pending pods are unready;
 * pods without a sample are missing; for `cpu` only, a pod is unready when it has no Ready condition or start time,
 * or — inside the CPU initialization period — when it is not Ready or its sample is older than one window after the
 * last readiness change, or — after it — when it is not Ready and never was (start + initial readiness delay is
 * after the Ready condition's last transition). Everything else counts as ready. `facts`, when given, are
 * {@link podFacts} of `pods` (same order), extracted earlier.
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  opts: GroupPodsOptions,
  facts?: readonly PodFacts[],
): PodGroups {
  const groups: PodGroups = { readyPodCount: 0, unreadyPods: new Set(), missingPods: new Set(), ignoredPods: new Set() };
  for (let i = 0; i < pods.length; i++) {
    const f = facts ? facts[i]! : podFacts(pods[i]!, opts.parseTime);
    const name = f.name;
    if (f.ignored) {
      groups.ignoredPods.add(name);
      continue;
    }
    if (f.pending) {
      groups.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      groups.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      let unready: boolean;
      if (f.readyStatus === undefined || f.startMs === undefined) {
        unready = true;
      } else {
        const startMs = f.startMs;
        const transitionMs = f.readyTransitionMs;
        if (startMs + opts.cpuInitializationPeriodMs > opts.nowMs) {
          unready = f.readyStatus === 'False' || metric.timestampMs < transitionMs + metric.windowMs;
        } else {
          unready = f.readyStatus === 'False' && startMs + opts.delayOfInitialReadinessStatusMs > transitionMs;
        }
      }
      if (unready) {
        groups.unreadyPods.add(name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

/** Go's zero `time.Time`: what an unset `lastTransitionTime` reads as. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Port of `removeMetricsForPods`. */
export function removeMetricsForPods(metrics: Map<string, PodMetric>, pods: ReadonlySet<string>): void {
  for (const p of pods) metrics.delete(p);
}

function requestOf(c: Container, resource: string): string | number | undefined {
  return c.resources?.requests?.[resource] as string | number | undefined;
}

const milliCache = new Map<string | number, number>();

/** `MilliValue()` of a request, memoised: the same few request strings are parsed on every sync. */
function requestMilli(q: string | number): number {
  let v = milliCache.get(q);
  if (v === undefined) {
    if (milliCache.size > 10_000) milliCache.clear();
    v = milliValue(q);
    milliCache.set(q, v);
  }
  return v;
}

/**
 * Port of `calculateRequests` (with `calculatePodRequestsFromContainers` / `calculatePodLevelRequests`): the
 * request per pod in milli-units. With a container name, that container's request (error if absent); else, when
 * `podLevelResources` is on and the pod sets `spec.resources.requests`, the pod-level value; else the sum over
 * regular containers plus restartable (sidecar, restartPolicy Always) init containers. A counted container without
 * the request is an error.
 */
export function calculatePodRequests(
  pods: readonly Pod[],
  container: string,
  resource: string,
  podLevelResources = false,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    // Pod-level resources (KEP-2837, 1.32+) are newer than the installed kubernetes-types.
    const podLevel = (pod.spec as { resources?: { requests?: Record<string, string | number> } } | undefined)?.resources
      ?.requests;
    if (podLevelResources && podLevel && Object.keys(podLevel).length > 0 && container === '') {
      const q = podLevel[resource] as string | number | undefined;
      if (q === undefined) throw new ReplicaCalcError(`missing pod-level request for ${resource} in Pod ${name}`);
      requests.set(name, requestMilli(q));
      continue;
    }
    requests.set(name, podRequestFromContainers(pod, container, resource));
  }
  return requests;
}

function podRequestFromContainers(pod: Pod, container: string, resource: string): number {
  const name = pod.metadata?.name ?? '';
  const containers: Container[] = [...(pod.spec?.containers ?? [])];
  for (const c of pod.spec?.initContainers ?? []) {
    if ((c as Container & { restartPolicy?: string }).restartPolicy === 'Always') containers.push(c);
  }
  let request = 0;
  for (const c of containers) {
    if (container === '' || container === c.name) {
      const q = requestOf(c, resource);
      if (q === undefined) throw new ReplicaCalcError(`missing request for ${resource} in container ${c.name} of Pod ${name}`);
      request += requestMilli(q);
    }
    if (container === c.name) return request;
  }
  if (container !== '') throw new ReplicaCalcError(`container ${container} not found in Pod ${name}`);
  return request;
}

/**
 * Port of `GetResourceUtilizationRatio`: over pods with both a sample and a request,
 * `utilization = floor(100 × Σusage / Σrequest)` (integer percent, truncated before the division by the target),
 * `ratio = utilization / target`, `rawAverage = floor(Σusage / n)`.
 *
 * Example: usage 1010, 1030, 1020 (×2 containers) over requests 0.9, 1.0, 1.1 (×2) → 6120 × 100 / 6000 = 102 %.
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawAverageValue: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let numEntries = 0;
  for (const [podName, metric] of metrics) {
    const request = requests.get(podName);
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    numEntries++;
  }
  if (requestsTotal === 0) throw new ReplicaCalcError('no metrics returned matched known pods');
  let utilization: number;
  let rawAverageValue: number;
  if (metricsTotal * 100 <= Number.MAX_SAFE_INTEGER && requestsTotal <= Number.MAX_SAFE_INTEGER) {
    utilization = Math.floor((metricsTotal * 100) / requestsTotal);
    rawAverageValue = Math.floor(metricsTotal / numEntries);
  } else {
    // Memory in milli-bytes over many pods passes 2^53: redo the sums exactly, as Go's int64 does.
    let m = 0n;
    let r = 0n;
    for (const [podName, metric] of metrics) {
      const request = requests.get(podName);
      if (request === undefined) continue;
      m += BigInt(metric.value);
      r += BigInt(request);
    }
    utilization = Number((m * 100n) / r);
    rawAverageValue = Number(m / BigInt(numEntries));
  }
  return { usageRatio: utilization / targetUtilization, utilization, rawAverageValue };
}

/** Port of `GetMetricUsageRatio`: `usage = floor(Σvalues / n)` over all samples, `ratio = usage / target`. */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { usageRatio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.floor(total / metrics.size);
  return { usageRatio: usage / targetUsage, usage };
}

/** Inputs shared by the pod-based calculations. */
export interface PodCalcInput extends GroupPodsOptions {
  readonly currentReplicas: number;
  readonly tolerances: Tolerances;
  /** The pods selected by the target's selector. */
  readonly pods: readonly Pod[];
  /** The samples; not modified (a copy is taken). */
  readonly metrics: PodMetricsInfo;
  /** {@link podFacts} of `pods`, same order, when already extracted. */
  readonly facts?: readonly PodFacts[];
}

/** Which branch of the calculation decided: for the decision log. */
export type CalcPath =
  | 'within-tolerance'
  | 'ratio-times-ready'
  | 'rebalanced-within-tolerance'
  | 'rebalanced-direction-flip'
  | 'rebalanced-count-flip'
  | 'rebalanced';

/** A pod-based proposal and what it was made of. */
export interface PodCalcResult {
  readonly replicaCount: number;
  /** Utilization percent (Resource/Utilization) or average usage in milli-units (plain metrics). */
  readonly utilization: number;
  /** Raw average usage in milli-units (Resource/Utilization only; equals `utilization` otherwise). */
  readonly rawUtilization: number;
  readonly usageRatio: number;
  /** Ratio after filling in missing and unready pods, when that path ran. */
  readonly newUsageRatio?: number;
  readonly groups: PodGroups;
  readonly path: CalcPath;
}

/**
 * The shared skeleton of `GetResourceReplicas` and `calcPlainMetricReplicas`: fast path when nothing is missing and
 * no unready pod would matter, else fill in missing pods (`fillDown` on scale-down, 0 on scale-up) and unready pods
 * (0, scale-up only), recompute, and keep the current count when that lands within tolerance or flips the
 * direction. The new count is `ceil(ratio × pods counted)`, not a multiple of spec.replicas.
 */
function rebalance(
  input: PodCalcInput,
  metrics: Map<string, PodMetric>,
  groups: PodGroups,
  usageRatio: number,
  ratioOf: (m: Map<string, PodMetric>) => number,
  fillDown: (podName: string) => number,
): { replicaCount: number; newUsageRatio?: number; path: CalcPath } {
  const { currentReplicas, tolerances } = input;
  const scaleUpWithUnready = groups.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicaCount: currentReplicas, path: 'within-tolerance' };
    return { replicaCount: Math.trunc(Math.ceil(usageRatio * groups.readyPodCount)), path: 'ratio-times-ready' };
  }
  if (groups.missingPods.size > 0) {
    if (usageRatio < 1.0) {
      for (const p of groups.missingPods) metrics.set(p, { value: fillDown(p), timestampMs: 0, windowMs: 0 });
    } else if (usageRatio > 1.0) {
      for (const p of groups.missingPods) metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const p of groups.unreadyPods) metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
  }
  const newUsageRatio = ratioOf(metrics);
  if (isWithinTolerance(tolerances, newUsageRatio)) {
    return { replicaCount: currentReplicas, newUsageRatio, path: 'rebalanced-within-tolerance' };
  }
  if ((usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return { replicaCount: currentReplicas, newUsageRatio, path: 'rebalanced-direction-flip' };
  }
  // The count is over every sample, filled-in pods and samples of unlisted pods included.
  const newReplicas = Math.trunc(Math.ceil(newUsageRatio * metrics.size));
  // A surge pod without metrics during a rolling update can point the count the other way than the ratio.
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicaCount: currentReplicas, newUsageRatio, path: 'rebalanced-count-flip' };
  }
  return { replicaCount: newReplicas, newUsageRatio, path: 'rebalanced' };
}

/**
 * Port of `GetResourceReplicas` (Resource / ContainerResource metric with a `Utilization` target), from the samples
 * onward. Missing pods count at 100 % of their request on scale-down (at the target when it exceeds 100 %), 0 on
 * scale-up; unready pods are dropped on scale-down and count 0 on scale-up. Reported utilization and raw average are
 * from the first computation.
 */
export function getResourceReplicas(
  input: PodCalcInput & {
    readonly targetUtilization: number;
    readonly resource: string;
    readonly container?: string;
    readonly podLevelResources?: boolean;
    /** {@link calculatePodRequests} of `pods` for this container and resource, when already computed. */
    readonly requests?: ReadonlyMap<string, number>;
  },
): PodCalcResult {
  requireResourceMetrics(input.metrics, input.resource);
  if (input.pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(input.metrics);
  const groups = groupPods(input.pods, metrics, input.resource, input, input.facts);
  removeMetricsForPods(metrics, groups.ignoredPods);
  removeMetricsForPods(metrics, groups.unreadyPods);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = input.requests ?? calculatePodRequests(input.pods, input.container ?? '', input.resource, input.podLevelResources);
  const first = getResourceUtilizationRatio(metrics, requests, input.targetUtilization);
  const fallbackUtilization = Math.max(100, input.targetUtilization);
  const r = rebalance(
    input,
    metrics,
    groups,
    first.usageRatio,
    (m) => getResourceUtilizationRatio(m, requests, input.targetUtilization).usageRatio,
    (p) => Math.floor(((requests.get(p) ?? 0) * fallbackUtilization) / 100),
  );
  return {
    replicaCount: r.replicaCount,
    utilization: first.utilization,
    rawUtilization: first.rawAverageValue,
    usageRatio: first.usageRatio,
    ...(r.newUsageRatio !== undefined ? { newUsageRatio: r.newUsageRatio } : {}),
    groups,
    path: r.path,
  };
}

/**
 * Port of `calcPlainMetricReplicas`, behind `GetRawResourceReplicas` (Resource with `AverageValue`, `resource` set)
 * and `GetMetricReplicas` (Pods metric, `resource` empty: no CPU readiness rules). Missing pods count exactly the
 * target on scale-down.
 */
export function calcPlainMetricReplicas(input: PodCalcInput & { readonly targetUsage: number; readonly resource: string }): PodCalcResult {
  if (input.pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(input.metrics);
  const groups = groupPods(input.pods, metrics, input.resource, input, input.facts);
  removeMetricsForPods(metrics, groups.ignoredPods);
  removeMetricsForPods(metrics, groups.unreadyPods);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const first = getMetricUsageRatio(metrics, input.targetUsage);
  const r = rebalance(
    input,
    metrics,
    groups,
    first.usageRatio,
    (m) => getMetricUsageRatio(m, input.targetUsage).usageRatio,
    () => input.targetUsage,
  );
  return {
    replicaCount: r.replicaCount,
    utilization: first.usage,
    rawUtilization: first.usage,
    usageRatio: first.usageRatio,
    ...(r.newUsageRatio !== undefined ? { newUsageRatio: r.newUsageRatio } : {}),
    groups,
    path: r.path,
  };
}

/** Port of `GetRawResourceReplicas` (Resource / ContainerResource with an `AverageValue` target). */
export function getRawResourceReplicas(input: PodCalcInput & { readonly targetUsage: number; readonly resource: string }): PodCalcResult {
  requireResourceMetrics(input.metrics, input.resource);
  return calcPlainMetricReplicas(input);
}

/** Port of `GetMetricReplicas` (Pods metric): no CPU readiness rules apply. */
export function getMetricReplicas(input: PodCalcInput & { readonly targetUsage: number; readonly metricName: string }): PodCalcResult {
  if (input.metrics.size === 0) {
    throw new ReplicaCalcError(`unable to get metric ${input.metricName}: no metrics returned from custom metrics API`);
  }
  return calcPlainMetricReplicas({ ...input, resource: '' });
}

/** The metrics client fails when the resource metrics API returns no pod at all; the calculator wraps that. */
function requireResourceMetrics(metrics: PodMetricsInfo, resource: string): void {
  if (metrics.size === 0) {
    throw new ReplicaCalcError(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  }
}

/** Port of `getReadyPodsCount`: pods Running with Ready=True (plain readiness, no CPU rules). */
export function getReadyPodsCount(pods: readonly Pod[]): number {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  let n = 0;
  for (const pod of pods) {
    if (pod.status?.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) n++;
  }
  return n;
}

/**
 * Port of `getUsageRatioReplicaCount` (Object / External with a `Value` target): within tolerance keeps current,
 * else `ceil(ratio × readyPods)` clamped at int32 max; from zero replicas `ceil(ratio)` without tolerance.
 */
export function getUsageRatioReplicaCount(
  currentReplicas: number,
  usageRatio: number,
  tolerances: Tolerances,
  pods: readonly Pod[],
): number {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
    let ready: number;
    try {
      ready = getReadyPodsCount(pods);
    } catch (e) {
      throw new ReplicaCalcError(`unable to calculate ready pods: ${(e as Error).message}`);
    }
    const f = usageRatio * ready;
    return f > MAX_INT32 ? MAX_INT32 : Math.trunc(Math.ceil(f));
  }
  return Math.trunc(Math.ceil(usageRatio));
}

/** Port of `GetObjectMetricReplicas`, from the object's value (milli-units) onward. */
export function getObjectMetricReplicas(
  currentReplicas: number,
  targetUsage: number,
  usage: number,
  tolerances: Tolerances,
  pods: readonly Pod[],
): { replicaCount: number; usage: number; usageRatio: number } {
  const usageRatio = usage / targetUsage;
  return { replicaCount: getUsageRatioReplicaCount(currentReplicas, usageRatio, tolerances, pods), usage, usageRatio };
}

/** Port of `getPerPodUsage`: `ceil(usage / statusReplicas)`, 0 for no replicas, int64 max at or past it. */
export function getPerPodUsage(usage: number, statusReplicas: number): number {
  if (usage >= MAX_INT64) return MAX_INT64;
  if (statusReplicas === 0) return 0;
  return Math.ceil(usage / statusReplicas);
}

/**
 * Port of `GetObjectPerPodMetricReplicas` / `GetExternalPerPodMetricReplicas` (`AverageValue` target): uses
 * `status.replicas`, ignores pods: `ratio = usage / (target × statusReplicas)`; outside tolerance
 * `ceil(usage / target)`. Reported usage is per pod.
 */
export function getPerPodMetricReplicas(
  statusReplicas: number,
  targetAverageUsage: number,
  usage: number,
  tolerances: Tolerances,
): { replicaCount: number; usage: number; usageRatio: number } {
  let replicaCount = statusReplicas;
  const usageRatio = usage / (targetAverageUsage * statusReplicas);
  if (!isWithinTolerance(tolerances, usageRatio)) {
    const f = Math.ceil(usage / targetAverageUsage);
    replicaCount = f > MAX_INT32 ? MAX_INT32 : f;
  }
  return { replicaCount, usage: getPerPodUsage(usage, statusReplicas), usageRatio };
}

/** Port of `GetObjectPerPodMetricReplicas`. */
export const getObjectPerPodMetricReplicas = getPerPodMetricReplicas;
/** Port of `GetExternalPerPodMetricReplicas` (after summing the series with {@link sumExternalMetric}). */
export const getExternalPerPodMetricReplicas = getPerPodMetricReplicas;

/** The sum of an external metric's series, as `GetExternalMetricReplicas` adds them: capped at int64 max. */
export function sumExternalMetric(values: readonly number[]): number {
  let usage = 0;
  for (const v of values) {
    usage += v;
    if (usage >= MAX_INT64) return MAX_INT64;
  }
  return usage;
}

/** Port of `GetExternalMetricReplicas` (`Value` target), from the series values (milli-units) onward. */
export function getExternalMetricReplicas(
  currentReplicas: number,
  targetUsage: number,
  values: readonly number[],
  tolerances: Tolerances,
  pods: readonly Pod[],
): { replicaCount: number; usage: number; usageRatio: number } {
  return getObjectMetricReplicas(currentReplicas, targetUsage, sumExternalMetric(values), tolerances, pods);
}
