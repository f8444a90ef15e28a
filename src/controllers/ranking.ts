/**
 * Which pods a ReplicaSet deletes first (the Job controller ranks its surplus pods with `activePodsLess` too):
 * `ActivePodsWithRanks.Less` (`pkg/controller/controller_utils.go`) and
 * `getPodsToDelete` / `getPodsRankedByRelatedPodsOnSameNode` (`pkg/controller/replicaset/replica_set.go`).
 *
 * Gates as in current Kubernetes: `PodDeletionCost` on (beta since 1.22) and `LogarithmicScaleDown` GA and locked
 * on since 1.31 — the log-2 bucketing applies whenever a `nowUnixMs` is given (upstream passes `metav1.Now()`).
 * Restart counts compare regular containers first, then restartable init containers (sidecars), as the current
 * `compareMaxContainerRestarts` does. Go's `sort.Sort` is not stable; kubesim breaks the remaining ties by pod name
 * then UID so a run is reproducible ({@link compareForDeletion}).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { parseRfc3339 } from '../cluster/time.ts';
import { isPodActive, isPodReady } from '../cluster/pods.ts';

export { isPodActive, isPodReady };

/** `controller.kubernetes.io/pod-deletion-cost`: lower is deleted first. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** `podPhaseToOrdinal`: Pending 0 < Unknown 1 < Running 2; any other phase counts as 0. */
export function podPhaseOrdinal(pod: Pod): number {
  const phase = pod.status?.phase;
  return phase === 'Unknown' ? 1 : phase === 'Running' ? 2 : 0;
}

/**
 * `GetDeletionCostFromPodAnnotations`: the annotation as a decimal int32; a leading `+`, leading zeros (other than
 * "0" itself), an out-of-range or non-numeric value is invalid, and `Less` treats invalid as 0.
 */
export function podDeletionCost(pod: Pod): number {
  const text = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (text === undefined || !/^(0|-?[1-9]\d*)$/.test(text)) return 0;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : 0;
}

/** Parses a metav1.Time; a missing/empty one is Go's zero time, returned as `undefined`. */
function timeMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = parseRfc3339(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `podReadyTime`: the Ready condition's lastTransitionTime for a ready pod, else zero. */
function podReadyTimeMs(pod: Pod): number | undefined {
  if (!isPodReady(pod)) return undefined;
  return timeMs(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
}

/** `afterOrZero`: zero times first, then the later time. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/**
 * `logarithmicRankDiff`: `floor(log2(ns since t))` of each (−1 when not positive), subtracted. Example with
 * now − t = 2 h = 7.2e12 ns → 42, 5 h → 44, 8 h → 44 (5 h and 8 h tie), 1 month ≈ 2.6e15 ns → 51.
 */
export function logarithmicRankDiff(t1UnixMs: number, t2UnixMs: number, nowUnixMs: number): number {
  const bucket = (tMs: number) => {
    const ns = (nowUnixMs - tMs) * 1e6;
    return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
  };
  return bucket(t1UnixMs) - bucket(t2UnixMs);
}

/** `compareMaxContainerRestarts` input: max restarts of regular containers and of restartable init containers. */
export function maxContainerRestarts(pod: Pod): { regularRestarts: number; sidecarRestarts: number } {
  let regularRestarts = 0;
  for (const c of pod.status?.containerStatuses ?? []) regularRestarts = Math.max(regularRestarts, c.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let sidecarRestarts = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) {
    if (sidecars.has(c.name)) sidecarRestarts = Math.max(sidecarRestarts, c.restartCount ?? 0);
  }
  return { regularRestarts, sidecarRestarts };
}

/** Gates that change `Less`; both default on, as in current Kubernetes. */
export interface RankingGates {
  /** `PodDeletionCost`; default true. */
  readonly podDeletionCost?: boolean;
  /** `LogarithmicScaleDown`; default true (locked on since 1.31). */
  readonly logarithmicScaleDown?: boolean;
}

/** A timestamp comparison (rules 6 and 8): zero first; log buckets with UID tie-break when on; else newer first. */
function timeLess(
  ti: number | undefined,
  tj: number | undefined,
  uidI: string,
  uidJ: string,
  nowUnixMs: number | undefined,
  logScale: boolean,
): boolean {
  if (!logScale || nowUnixMs === undefined || ti === undefined || tj === undefined) return afterOrZero(ti, tj);
  const rankDiff = logarithmicRankDiff(ti, tj, nowUnixMs);
  if (rankDiff === 0) return uidI < uidJ;
  return rankDiff < 0;
}

/**
 * `ActivePodsWithRanks.Less(i, j)`: true when pod `i` should be deleted before pod `j`. The first rule that tells
 * them apart decides: (1) unscheduled first; (2) phase Pending < Unknown < Running; (3) not ready first; (4) lower
 * deletion cost; (5) higher rank (more related pods on the same node); (6) both ready: more recently ready first
 * (zero time first; same log-2 bucket → UID order, and nothing after is consulted); (7) more restarts (regular,
 * then sidecar); (8) newer creation first (same bucketing). Otherwise false.
 */
export function activePodsWithRanksLess(
  podI: Pod,
  rankI: number,
  podJ: Pod,
  rankJ: number,
  nowUnixMs?: number,
  gates: RankingGates = {},
): boolean {
  const nodeI = podI.spec?.nodeName ?? '';
  const nodeJ = podJ.spec?.nodeName ?? '';
  if (nodeI !== nodeJ && (nodeI === '' || nodeJ === '')) return nodeI === '';
  const phaseI = podPhaseOrdinal(podI);
  const phaseJ = podPhaseOrdinal(podJ);
  if (phaseI !== phaseJ) return phaseI < phaseJ;
  const readyI = isPodReady(podI);
  const readyJ = isPodReady(podJ);
  if (readyI !== readyJ) return !readyI;
  if (gates.podDeletionCost ?? true) {
    const costI = podDeletionCost(podI);
    const costJ = podDeletionCost(podJ);
    if (costI !== costJ) return costI < costJ;
  }
  if (rankI !== rankJ) return rankI > rankJ;
  const logScale = gates.logarithmicScaleDown ?? true;
  const uidI = podI.metadata?.uid ?? '';
  const uidJ = podJ.metadata?.uid ?? '';
  if (readyI && readyJ) {
    const ti = podReadyTimeMs(podI);
    const tj = podReadyTimeMs(podJ);
    if (ti !== tj) return timeLess(ti, tj, uidI, uidJ, nowUnixMs, logScale);
  }
  const restartsI = maxContainerRestarts(podI);
  const restartsJ = maxContainerRestarts(podJ);
  if (restartsI.regularRestarts !== restartsJ.regularRestarts) return restartsI.regularRestarts > restartsJ.regularRestarts;
  if (restartsI.sidecarRestarts !== restartsJ.sidecarRestarts) return restartsI.sidecarRestarts > restartsJ.sidecarRestarts;
  const ci = timeMs(podI.metadata?.creationTimestamp);
  const cj = timeMs(podJ.metadata?.creationTimestamp);
  if (ci !== cj) return timeLess(ci, cj, uidI, uidJ, nowUnixMs, logScale);
  return false;
}

/** `ActivePods.Less` (no ranks, no deletion cost, no log scale): rules 1–3, ready time, restarts, creation. */
export function activePodsLess(podI: Pod, podJ: Pod): boolean {
  return activePodsWithRanksLess(podI, 0, podJ, 0, undefined, { podDeletionCost: false, logarithmicScaleDown: false });
}

/** A pod with its rank, as `ActivePodsWithRanks` holds them. */
export interface RankedPod {
  readonly pod: Pod;
  readonly rank: number;
}

/**
 * Sort comparator: `Less` both ways, then (where Go's unstable sort would pick arbitrarily) pod name, then UID.
 */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowUnixMs?: number, gates: RankingGates = {}): number {
  if (activePodsWithRanksLess(a.pod, a.rank, b.pod, b.rank, nowUnixMs, gates)) return -1;
  if (activePodsWithRanksLess(b.pod, b.rank, a.pod, a.rank, nowUnixMs, gates)) return 1;
  const nameA = a.pod.metadata?.name ?? '';
  const nameB = b.pod.metadata?.name ?? '';
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  const uidA = a.pod.metadata?.uid ?? '';
  const uidB = b.pod.metadata?.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/**
 * `getPodsRankedByRelatedPodsOnSameNode`: each pod's rank is the number of *active* related pods on its node
 * (itself included when related; all unscheduled pods share node "").
 */
export function getPodsRankedByRelatedPodsOnSameNode(podsToRank: readonly Pod[], relatedPods: readonly Pod[]): RankedPod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/**
 * `getPodsToDelete(filteredPods, relatedPods, diff)`: when `diff` is at least the number of pods, all of them in
 * the given order (upstream skips sorting); otherwise the first `diff` after ranking and sorting.
 * `nowUnixMs` is the controller's `metav1.Now()` (Unix ms) and enables the log-2 ready/creation buckets; omit it
 * only to reproduce the pre-1.22 ordering.
 */
export function getPodsToDelete<P extends Pod>(
  filteredPods: readonly P[],
  relatedPods: readonly Pod[],
  diff: number,
  nowUnixMs?: number,
  gates: RankingGates = {},
): P[] {
  if (diff >= filteredPods.length) return filteredPods.slice();
  const ranked = getPodsRankedByRelatedPodsOnSameNode(filteredPods, relatedPods);
  ranked.sort((a, b) => compareForDeletion(a, b, nowUnixMs, gates));
  return ranked.slice(0, Math.max(0, diff)).map((r) => r.pod as P);
}
