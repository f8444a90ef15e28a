/**
 * PodDisruptionBudget arithmetic and the eviction API's decision, as pure functions:
 * `pkg/controller/disruption/disruption.go` (`getExpectedPodCount`, `getExpectedScale`, `countHealthyPods`,
 * `buildDisruptedPodMap`, `updatePdbStatus`) and `pkg/registry/core/pod/storage/eviction.go` (`canIgnorePDB`,
 * `getPodDisruptionBudgets`, the unhealthy-pod policy, `checkAndDecrement`). Times are Unix ms; the caller turns
 * the PDB's RFC 3339 `disruptedPods` timestamps into numbers with its clock.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { getScaledValueFromIntOrPercent } from '../../api/intorstr.ts';
import { labelSelectorAsSelector } from '../../api/selector.ts';
import { isPodReady } from '../../cluster/pods.ts';

/** `DeletionTimeout`: an approved eviction keeps a pod out of `currentHealthy` for 120 s. */
export const PDB_DELETION_TIMEOUT_MS = 120_000;
/** `MaxDisruptedPodSize`: evictions are refused while the PDB lists more unconfirmed ones. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/** A pod's controller resolved to the object whose scale counts (a ReplicaSet's Deployment, a StatefulSet …). */
export interface ControllerScale {
  /** UID of the scaled object (the Deployment for a ReplicaSet that has one); controllers are counted once. */
  readonly uid: string;
  /** Its `spec.replicas` (scale subresource). */
  readonly scale: number;
}

/**
 * The caller's finder chain: the scale for a pod's controller reference, or undefined when no finder knows the
 * controller (upstream: error "found no controllers for pod").
 */
export type ScaleFinder = (controllerRef: OwnerReference, pod: Pod) => ControllerScale | undefined;

/** `metav1.GetControllerOf`. */
function controllerOf(pod: Pod): OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** Thrown where upstream's sync fails (unresolvable controller, malformed int-or-percent); the PDB then fails safe. */
export class PdbSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdbSyncError';
  }
}

/**
 * `getExpectedScale`: Σ scale over the distinct controllers of `pods`; controller-less pods are listed as
 * unmanaged (event `UnmanagedPods`) and skipped.
 */
export function getExpectedScale(pods: readonly Pod[], findScale: ScaleFinder): { expectedCount: number; unmanagedPods: string[] } {
  const controllerScale = new Map<string, number>();
  const seenRefs = new Set<string>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (seenRefs.has(ref.uid)) continue;
    const found = findScale(ref, pod);
    if (!found) throw new PdbSyncError(`found no controllers for pod "${pod.metadata?.name ?? ''}"`);
    controllerScale.set(found.uid, found.scale);
    seenRefs.add(ref.uid);
  }
  let expectedCount = 0;
  for (const scale of controllerScale.values()) expectedCount += scale;
  return { expectedCount, unmanagedPods };
}

/**
 * `getExpectedPodCount`:
 * - `maxUnavailable` (int or %): expected = controllers' scale; desired = max(0, expected − ceil(%)).
 *   Example: scale 10, maxUnavailable "25%" → ceil(2.5) = 3 → desiredHealthy 7.
 * - `minAvailable` int: desired = the number, expected = number of matching pods.
 * - `minAvailable` %: expected = controllers' scale; desired = ceil(p × expected / 100). 10 at "55%" → 6.
 * Neither set: both 0.
 */
export function getExpectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  findScale: ScaleFinder,
): { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] } {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  const scaled = (v: number | string, total: number) => {
    try {
      return getScaledValueFromIntOrPercent(v, total, true);
    } catch (e) {
      throw new PdbSyncError((e as Error).message);
    }
  };
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = getExpectedScale(pods, findScale);
    const desiredHealthy = Math.max(0, expectedCount - scaled(maxUnavailable, expectedCount));
    return { expectedCount, desiredHealthy, unmanagedPods };
  }
  if (minAvailable !== undefined && minAvailable !== null) {
    if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = getExpectedScale(pods, findScale);
    return { expectedCount, desiredHealthy: scaled(minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/**
 * `buildDisruptedPodMap`: the PDB's `disruptedPods` (pod name → Unix ms) kept for pods that exist, are not
 * terminating and whose entry + 120 s is not before now; `expired` pods get event `NotDeleted`; `recheckAtMs` is
 * the earliest expiry still pending (requeue then).
 */
export function buildDisruptedPodMap(
  pods: readonly Pod[],
  disruptedPodsMs: Readonly<Record<string, number>> | undefined,
  nowMs: number,
): { disruptedPods: Map<string, number>; expired: string[]; recheckAtMs: number | undefined } {
  const disruptedPods = new Map<string, number>();
  const expired: string[] = [];
  let recheckAtMs: number | undefined;
  if (!disruptedPodsMs) return { disruptedPods, expired, recheckAtMs };
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name ?? '';
    const disruptedAtMs = disruptedPodsMs[name];
    if (disruptedAtMs === undefined) continue;
    const expectedDeletionMs = disruptedAtMs + PDB_DELETION_TIMEOUT_MS;
    if (expectedDeletionMs < nowMs) expired.push(name);
    else {
      if (recheckAtMs === undefined || expectedDeletionMs < recheckAtMs) recheckAtMs = expectedDeletionMs;
      disruptedPods.set(name, disruptedAtMs);
    }
  }
  return { disruptedPods, expired, recheckAtMs };
}

/**
 * `countHealthyPods`: ready pods that are neither terminating nor approved for eviction less than 120 s ago
 * (`disruptedAt + 120 s` after now).
 */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: ReadonlyMap<string, number>, nowMs: number): number {
  let currentHealthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const disruptedAtMs = disruptedPods.get(pod.metadata?.name ?? '');
    if (disruptedAtMs !== undefined && disruptedAtMs + PDB_DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) currentHealthy++;
  }
  return currentHealthy;
}

/** `disruptionsAllowed` as `updatePdbStatus`: currentHealthy − desiredHealthy, 0 if negative or expected ≤ 0. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}

/** The PDB status the disruption controller writes. */
export interface PdbStatusComputation {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptionsAllowed: number;
  /** `disruptedPods` entries kept (Unix ms). */
  readonly disruptedPods: ReadonlyMap<string, number>;
  /** Condition `DisruptionAllowed`: True/`SufficientPods`, False/`InsufficientPods`, or False/`SyncFailed`. */
  readonly condition: { readonly status: 'True' | 'False'; readonly reason: 'SufficientPods' | 'InsufficientPods' | 'SyncFailed'; readonly message: string };
  readonly unmanagedPods: readonly string[];
  /** Pods whose approved eviction never happened (event `NotDeleted`). */
  readonly expiredDisruptions: readonly string[];
  /** Requeue at this instant (earliest disruptedPods expiry). */
  readonly recheckAtMs: number | undefined;
}

/**
 * One `trySync` of a PDB over the pods its selector matches (caller filters namespace + selector). A sync error
 * yields the fail-safe status (`disruptionsAllowed` 0, condition SyncFailed with the error text).
 */
export function computePdbStatus(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  findScale: ScaleFinder,
  disruptedPodsMs: Readonly<Record<string, number>> | undefined,
  nowMs: number,
): PdbStatusComputation {
  const { disruptedPods, expired, recheckAtMs } = buildDisruptedPodMap(pods, disruptedPodsMs, nowMs);
  try {
    const { expectedCount, desiredHealthy, unmanagedPods } = getExpectedPodCount(pdb, pods, findScale);
    const currentHealthy = countHealthyPods(pods, disruptedPods, nowMs);
    const allowed = disruptionsAllowed(currentHealthy, desiredHealthy, expectedCount);
    return {
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      disruptionsAllowed: allowed,
      disruptedPods,
      condition:
        allowed > 0
          ? { status: 'True', reason: 'SufficientPods', message: '' }
          : { status: 'False', reason: 'InsufficientPods', message: '' },
      unmanagedPods,
      expiredDisruptions: expired,
      recheckAtMs,
    };
  } catch (e) {
    if (!(e instanceof PdbSyncError)) throw e;
    const s = pdb.status;
    return {
      currentHealthy: s?.currentHealthy ?? 0,
      desiredHealthy: s?.desiredHealthy ?? 0,
      expectedPods: s?.expectedPods ?? 0,
      disruptionsAllowed: 0,
      disruptedPods,
      condition: { status: 'False', reason: 'SyncFailed', message: e.message },
      unmanagedPods: [],
      expiredDisruptions: expired,
      recheckAtMs,
    };
  }
}

/**
 * PDBs that cover `pod` for the eviction API: same namespace, selector matches. policy/v1: an empty selector
 * matches every pod, a missing one none; an invalid selector matches nothing.
 */
export function getPodDisruptionBudgets(pod: Pod, pdbs: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  const ns = pod.metadata?.namespace ?? 'default';
  return pdbs.filter((pdb) => {
    if ((pdb.metadata?.namespace ?? 'default') !== ns) return false;
    try {
      return labelSelectorAsSelector(pdb.spec?.selector).matches(pod.metadata?.labels ?? {});
    } catch {
      return false;
    }
  });
}

/** `canIgnorePDB`: Succeeded, Failed or Pending pods and pods already terminating are deleted without a PDB check. */
export function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
}

/** The eviction API's answer. */
export type EvictionDecision =
  | {
      readonly allowed: true;
      /** Why: the path through `eviction.go`. */
      readonly reason: 'IgnoresPDB' | 'NoPDB' | 'UnhealthyPodAlwaysAllow' | 'UnhealthyPodBudgetHealthy' | 'BudgetDecremented';
      /** The PDB whose status must be updated (`disruptionsAllowed − 1`, `disruptedPods[pod] = now`), if any. */
      readonly decrement?: { readonly pdbName: string; readonly disruptionsAllowed: number; readonly podName: string };
    }
  | {
      readonly allowed: false;
      /** HTTP code: 429 TooManyRequests, 403 Forbidden, 500 InternalError. */
      readonly code: 429 | 403 | 500;
      readonly reason: 'TooManyRequests' | 'Forbidden' | 'InternalError';
      readonly message: string;
      /** `DisruptionBudget` cause text, for the 429 budget refusal. */
      readonly cause?: string;
    };

/**
 * `POST pods/{name}/eviction` decision (not dry-run): which path applies and, when it goes through the budget,
 * the decrement to write before deleting the pod (with condition `DisruptionTarget`/`EvictionByEvictionAPI`).
 * Example: PDB minAvailable 2 over 2 ready pods → status desiredHealthy 2, currentHealthy 2, allowed 0 → 429
 * "Cannot evict pod as it would violate the pod's disruption budget." with cause
 * "The disruption budget web-pdb needs 2 healthy pods and has 2 currently".
 */
export function canEvict(pod: Pod, pdbs: readonly PodDisruptionBudget[]): EvictionDecision {
  if (canIgnorePDB(pod)) return { allowed: true, reason: 'IgnoresPDB' };
  const matching = getPodDisruptionBudgets(pod, pdbs);
  if (matching.length > 1) {
    return {
      allowed: false,
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const pdb = matching[0];
  if (!pdb) return { allowed: true, reason: 'NoPDB' };
  const status = pdb.status;
  if (!isPodReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true, reason: 'UnhealthyPodAlwaysAllow' };
    if ((status?.currentHealthy ?? 0) >= (status?.desiredHealthy ?? 0) && (status?.desiredHealthy ?? 0) > 0) {
      return { allowed: true, reason: 'UnhealthyPodBudgetHealthy' };
    }
  }
  return checkAndDecrement(pod.metadata?.name ?? '', pdb);
}

/** `checkAndDecrement`: the budget check proper. */
export function checkAndDecrement(podName: string, pdb: PodDisruptionBudget): EvictionDecision {
  const name = pdb.metadata?.name ?? '';
  const status = pdb.status;
  if ((status?.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
    return { allowed: false, code: 429, reason: 'TooManyRequests', message: `The disruption budget ${name} is still being processed by the server.` };
  }
  const allowedNow = status?.disruptionsAllowed ?? 0;
  if (allowedNow < 0) {
    return {
      allowed: false,
      code: 403,
      reason: 'Forbidden',
      message: `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`,
    };
  }
  if (Object.keys(status?.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return {
      allowed: false,
      code: 403,
      reason: 'Forbidden',
      message: `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`,
    };
  }
  if (allowedNow === 0) {
    return {
      allowed: false,
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      cause: `The disruption budget ${name} needs ${status?.desiredHealthy ?? 0} healthy pods and has ${status?.currentHealthy ?? 0} currently`,
    };
  }
  return { allowed: true, reason: 'BudgetDecremented', decrement: { pdbName: name, disruptionsAllowed: allowedNow - 1, podName } };
}
