/**
 * Taint-based eviction and node health timing, as pure functions:
 * `pkg/controller/tainteviction/taint_eviction.go` (`getNoExecuteTaints`, `getMinTolerationTime`,
 * `processPodOnNode`), `v1helper.GetMatchingTolerations` / `Toleration.ToleratesTaint`,
 * `plugin/pkg/admission/defaulttolerationseconds`, and the node lifecycle controller's grace-period and zone math
 * (`tryUpdateNodeHealth`, `ComputeZoneState`, the per-zone eviction rates). Times are ms.
 */
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';

/** `node.kubernetes.io/not-ready`: Ready=False. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** `node.kubernetes.io/unreachable`: Ready=Unknown. */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds`: 300. */
/**
 * `nodeConditionToTaintKeyStatusMap` for the pressure conditions: a node whose condition is True gets the
 * NoSchedule taint of that key (`doNoScheduleTaintingPass`).
 */
export const PRESSURE_CONDITION_TAINTS: Readonly<Record<string, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
};
export const DEFAULT_TOLERATION_SECONDS = 300;
/** `--node-monitor-grace-period`: 50 s since v1.32 (PR #126287; 40 s before). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** `--node-monitor-period`: 5 s between health passes. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** `--node-startup-grace-period`: 60 s for a node that never posted Ready. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** NoExecute tainting pass period (`rate_limited_queue`): 100 ms. */
export const NODE_EVICTION_PERIOD_MS = 100;
/** `--node-eviction-rate` (nodes/s per zone, Normal) and `--secondary-node-eviction-rate` (PartialDisruption). */
export const NODE_EVICTION_RATE = 0.1;
/** See {@link NODE_EVICTION_RATE}. */
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
/** `--large-cluster-size-threshold`. */
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
/** `--unhealthy-zone-threshold`. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** Normal event reason when the taint manager deletes a pod (message `Marking for deletion Pod ns/name`). */
export const TAINT_MANAGER_EVICTION_REASON = 'TaintManagerEviction';

/** `Toleration.ToleratesTaint`: effect and key match when set (empty = any); `Exists` ignores the value. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/**
 * `GetMatchingTolerations`: for each taint the **first** toleration (pod order) tolerating it; false (and none)
 * as soon as one taint is not tolerated.
 */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/** `getNoExecuteTaints`. */
export function getNoExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * `getMinTolerationTime` in ms: 0 for no tolerations or any `tolerationSeconds ≤ 0`; the smallest set value;
 * −1 (tolerate forever) when none sets seconds.
 */
export function getMinTolerationTimeMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let minSeconds = Number.POSITIVE_INFINITY;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    minSeconds = Math.min(minSeconds, t.tolerationSeconds);
  }
  return minSeconds === Number.POSITIVE_INFINITY ? -1 : minSeconds * 1000;
}

/** A deletion the taint manager has queued for a pod. */
export interface ScheduledEviction {
  /** When the work was created (`CreatedAt`). */
  readonly createdAtMs: number;
  /** When the pod is deleted (`FireAt`). */
  readonly fireAtMs: number;
}

/** What {@link processPodOnNode} decided; `scheduled` is the pod's queued deletion afterwards (if any). */
export interface TaintEvictionDecision {
  readonly action: 'cancel' | 'deleteNow' | 'schedule' | 'keep';
  readonly scheduled: ScheduledEviction | undefined;
  /** True when an existing deletion was cancelled (event `TaintManagerEviction` "Cancelling deletion of Pod …"). */
  readonly cancelled: boolean;
}

/**
 * `processPodOnNode` at `nowMs` for a pod with `tolerations` on a node with NoExecute `taints`:
 * no taints → cancel; a taint not tolerated → delete now; every matched toleration without seconds → cancel
 * (tolerated forever); else delete at now + min(tolerationSeconds) — except that an eviction already queued
 * before now is kept as it is (a later taint or toleration change never moves it).
 * Example: unreachable taint at t, default toleration 300 s → deletion at t + 300 s.
 */
export function processPodOnNode(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  nowMs: number,
  scheduled: ScheduledEviction | undefined,
): TaintEvictionDecision {
  const noExecute = getNoExecuteTaints(taints);
  if (noExecute.length === 0) return { action: 'cancel', scheduled: undefined, cancelled: scheduled !== undefined };
  const { allTolerated, used } = getMatchingTolerations(noExecute, tolerations);
  if (!allTolerated) {
    return { action: 'deleteNow', scheduled: { createdAtMs: nowMs, fireAtMs: nowMs }, cancelled: scheduled !== undefined };
  }
  const minMs = getMinTolerationTimeMs(used);
  if (minMs < 0) return { action: 'cancel', scheduled: undefined, cancelled: scheduled !== undefined };
  const triggerMs = nowMs + minMs;
  if (scheduled) {
    if (scheduled.createdAtMs + minMs < triggerMs) return { action: 'keep', scheduled, cancelled: false };
    return { action: 'schedule', scheduled: { createdAtMs: scheduled.createdAtMs, fireAtMs: triggerMs }, cancelled: true };
  }
  return { action: 'schedule', scheduled: { createdAtMs: nowMs, fireAtMs: triggerMs }, cancelled: false };
}

/**
 * DefaultTolerationSeconds admission: appends `{not-ready, Exists, NoExecute, 300}` unless some toleration has key
 * not-ready or empty and effect NoExecute or empty; the same independently for unreachable. Returns a new pod.
 */
export function addDefaultTolerations(pod: Pod, notReadySeconds = DEFAULT_TOLERATION_SECONDS, unreachableSeconds = DEFAULT_TOLERATION_SECONDS): Pod {
  const tolerations = pod.spec?.tolerations ?? [];
  const notReady = !coversNoExecute(tolerations, TAINT_NODE_NOT_READY);
  const unreachable = !coversNoExecute(tolerations, TAINT_NODE_UNREACHABLE);
  if (!notReady && !unreachable) return pod;
  const defaults = defaultTolerations(notReadySeconds, unreachableSeconds);
  // A pod without tolerations (most pods) gets the one shared pair; stored objects are never changed in place.
  // Otherwise concat, which sizes the list exactly (a spread into a literal keeps room for 17).
  const all =
    tolerations.length === 0 && notReady && unreachable
      ? defaults.both
      : tolerations.concat(notReady ? [defaults.notReady] : [], unreachable ? [defaults.unreachable] : []);
  return { ...pod, spec: { containers: [], ...pod.spec, tolerations: all } };
}

/** The default tolerations for a pair of seconds, made once: {@link addDefaultTolerations} runs for every pod. */
const defaultTolerationsBySeconds = new Map<string, { notReady: Toleration; unreachable: Toleration; both: Toleration[] }>();

function defaultTolerations(notReadySeconds: number, unreachableSeconds: number): { notReady: Toleration; unreachable: Toleration; both: Toleration[] } {
  const key = `${notReadySeconds}/${unreachableSeconds}`;
  let d = defaultTolerationsBySeconds.get(key);
  if (d === undefined) {
    const notReady = Object.freeze({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReadySeconds });
    const unreachable = Object.freeze({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachableSeconds });
    d = { notReady, unreachable, both: Object.freeze([notReady, unreachable]) as Toleration[] };
    defaultTolerationsBySeconds.set(key, d);
  }
  return d;
}

/**
 * Whether some toleration has key `key` or none, and effect NoExecute or none. A module function with a loop, not a
 * closure made per call: admission runs it for every pod created, and a bundled named closure costs a `__name` call.
 */
function coversNoExecute(tolerations: readonly Toleration[], key: string): boolean {
  for (const t of tolerations) if ((!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute')) return true;
  return false;
}

/** First monitor pass at or after `tMs`, passes falling at `phaseMs + k × periodMs`. */
export function firstMonitorPassAtOrAfterMs(tMs: number, phaseMs = 0, periodMs = NODE_MONITOR_PERIOD_MS): number {
  if (tMs <= phaseMs) return phaseMs;
  return phaseMs + Math.ceil((tMs - phaseMs) / periodMs) * periodMs;
}

/**
 * When `tryUpdateNodeHealth` marks a silent node's Ready **Unknown**: at the first pass where now > probeTimestamp
 * + grace, `probeTimestamp` being the pass that first saw the last lease renewal / heartbeat. Example: passes at
 * 0, 5, 10 …; renewal at 12 s → seen at 15 s → 15 + 50 = 65 is not > 65, so Unknown at the 70 s pass.
 */
export function nodeReadyUnknownAtMs(lastRenewalMs: number, gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS, phaseMs = 0, periodMs = NODE_MONITOR_PERIOD_MS): number {
  const probeTimestampMs = firstMonitorPassAtOrAfterMs(lastRenewalMs, phaseMs, periodMs);
  return firstMonitorPassAtOrAfterMs(probeTimestampMs + gracePeriodMs + 1, phaseMs, periodMs);
}

/** The node's Ready status as `tryUpdateNodeHealth` leaves it: Unknown once `now > probeTimestamp + grace`. */
export function isNodeHealthStale(probeTimestampMs: number, nowMs: number, gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS): boolean {
  return nowMs > probeTimestampMs + gracePeriodMs;
}

/** `ZoneState`. */
export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * `ComputeZoneState`: FullDisruption when no node is ready and one is not; PartialDisruption when more than 2 are
 * not ready and not-ready/total ≥ 0.55 (float32, as upstream); else Normal.
 */
export function computeZoneState(readyNodes: number, notReadyNodes: number, unhealthyZoneThreshold = UNHEALTHY_ZONE_THRESHOLD): ZoneState {
  if (readyNodes === 0 && notReadyNodes > 0) return 'FullDisruption';
  const ratio = Math.fround(Math.fround(notReadyNodes) / Math.fround(notReadyNodes + readyNodes));
  if (notReadyNodes > 2 && ratio >= Math.fround(unhealthyZoneThreshold)) return 'PartialDisruption';
  return 'Normal';
}

/**
 * NoExecute tainting rate for a zone (nodes per second): Normal and FullDisruption 0.1 (`HealthyQPSFunc`);
 * PartialDisruption 0.01 if the zone has more than 50 nodes, else 0 (`ReducedQPSFunc`). When *every* zone is
 * FullDisruption the controller stops tainting altogether (caller's check).
 */
export function zoneEvictionRate(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption') return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
  return NODE_EVICTION_RATE;
}

/** The NoExecute taint the controller wants for an observed Ready status (undefined for True: remove both). */
export function noExecuteTaintForReady(status: 'True' | 'False' | 'Unknown'): string | undefined {
  return status === 'False' ? TAINT_NODE_NOT_READY : status === 'Unknown' ? TAINT_NODE_UNREACHABLE : undefined;
}
