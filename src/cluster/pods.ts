/**
 * Pod helpers with API-server semantics: graceful deletion, readiness and availability as controllers read them.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { Store, Stored } from './store.ts';
import type { SimClock } from './time.ts';

/** Default terminationGracePeriodSeconds (pkg/apis/core/v1 defaults). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/**
 * Deletes a pod as the API server does: a pod never bound to a node is removed at once; a bound pod gets
 * deletionTimestamp = now + grace period and deletionGracePeriodSeconds, and the kubelet removes it when its
 * containers have stopped. Deleting a pod that is already terminating does nothing.
 */
export function deletePod(store: Store, clock: SimClock, nowMs: number, pod: Stored<Pod>, gracePeriodSeconds?: number): void {
  const ns = pod.metadata.namespace;
  const name = pod.metadata.name;
  const current = store.get<Pod>('Pod', ns, name);
  if (!current || current.metadata.deletionTimestamp) return;
  if (!current.spec?.nodeName) {
    store.delete('Pod', ns, name);
    return;
  }
  const grace = gracePeriodSeconds ?? current.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  store.mutate<Pod>('Pod', ns, name, (d) => {
    d.metadata.deletionTimestamp = clock.timestamp(nowMs + grace * 1000);
    d.metadata.deletionGracePeriodSeconds = grace;
  });
}

/** The pod's condition of a type. */
export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * IsPodAvailable (podutil): ready for at least minReadySeconds at `nowMs`. Returns the time it becomes available
 * when ready but not yet available, so a controller can requeue exactly then.
 */
export function podAvailability(pod: Pod, minReadySeconds: number, nowMs: number, clock: SimClock): { available: boolean; availableAtMs?: number } {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return { available: false };
  if (minReadySeconds <= 0) return { available: true };
  const since = c.lastTransitionTime ? clock.simMs(c.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return { available: false };
  const at = since + minReadySeconds * 1000;
  return at <= nowMs ? { available: true } : { available: false, availableAtMs: at };
}

/** IsPodActive (controller_utils): not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}
