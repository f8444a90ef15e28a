/**
 * The kubelet's victim order under node memory pressure: `rankMemoryPressure` (`pkg/kubelet/eviction/helpers.go`)
 * = `orderedBy(exceedMemoryRequests, priority, memory)`: pods whose usage exceeds their memory request first, then
 * lower `spec.priority` first, then the larger usage above request first. This is why BestEffort pods (request 0)
 * and Burstable pods over their request go before Guaranteed ones, without looking at the QoS class itself.
 * Go's `sort.Sort` is not stable; kubesim breaks remaining ties by namespace, name, then UID.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { memoryBytes } from '../../api/quantity.ts';

/** A pod and its current working-set memory; `memoryUsageBytes` undefined = no stats for it. */
export interface PodMemoryUsage {
  readonly pod: Pod;
  readonly memoryUsageBytes: number | undefined;
}

/**
 * `GetResourceRequestQuantity(pod, memory)` in bytes: sum over containers, raised to the largest init container
 * request, plus `spec.overhead.memory` when the total is non-zero.
 */
export function podMemoryRequestBytes(pod: Pod): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.requests?.memory;
    if (q !== undefined) total += memoryBytes(q);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const q = c.resources?.requests?.memory;
    if (q !== undefined) total = Math.max(total, memoryBytes(q));
  }
  const overhead = pod.spec?.overhead?.memory;
  if (overhead !== undefined && total !== 0) total += memoryBytes(overhead);
  return total;
}

/** `corev1helpers.PodPriority`: `spec.priority`, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** `cmpBool`: true sorts before false. */
export function cmpBool(a: boolean, b: boolean): number {
  if (a === b) return 0;
  return b ? 1 : -1;
}

/** `exceedMemoryRequests`: pods without stats first; then pods using more than their request. */
export function compareExceedMemoryRequests(a: PodMemoryUsage, b: PodMemoryUsage): number {
  if (a.memoryUsageBytes === undefined || b.memoryUsageBytes === undefined) {
    return cmpBool(a.memoryUsageBytes === undefined, b.memoryUsageBytes === undefined);
  }
  return cmpBool(a.memoryUsageBytes > podMemoryRequestBytes(a.pod), b.memoryUsageBytes > podMemoryRequestBytes(b.pod));
}

/** `priority`: lower priority first. */
export function comparePriority(a: { readonly pod: Pod }, b: { readonly pod: Pod }): number {
  const pa = podPriority(a.pod);
  const pb = podPriority(b.pod);
  return pa === pb ? 0 : pa > pb ? 1 : -1;
}

/** `memory`: pods without stats first; then larger (usage − request) first. */
export function compareMemory(a: PodMemoryUsage, b: PodMemoryUsage): number {
  if (a.memoryUsageBytes === undefined || b.memoryUsageBytes === undefined) {
    return cmpBool(a.memoryUsageBytes === undefined, b.memoryUsageBytes === undefined);
  }
  const overA = a.memoryUsageBytes - podMemoryRequestBytes(a.pod);
  const overB = b.memoryUsageBytes - podMemoryRequestBytes(b.pod);
  return overB === overA ? 0 : overB > overA ? 1 : -1;
}

/** Reproducibility tie-break where upstream's unstable sort would choose arbitrarily: namespace, name, UID. */
export function compareIdentity(a: { readonly pod: Pod }, b: { readonly pod: Pod }): number {
  const ka = [a.pod.metadata?.namespace ?? '', a.pod.metadata?.name ?? '', a.pod.metadata?.uid ?? ''];
  const kb = [b.pod.metadata?.namespace ?? '', b.pod.metadata?.name ?? '', b.pod.metadata?.uid ?? ''];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/**
 * `rankMemoryPressure`: a new array, first element evicted first. Example: BestEffort using 50Mi, Burstable
 * (request 100Mi) using 300Mi, Guaranteed (1Gi) using 900Mi, same priority → Burstable (200Mi over), BestEffort
 * (50Mi over), Guaranteed.
 */
export function rankMemoryPressure<T extends PodMemoryUsage>(pods: readonly T[]): T[] {
  return [...pods].sort(
    (a, b) => compareExceedMemoryRequests(a, b) || comparePriority(a, b) || compareMemory(a, b) || compareIdentity(a, b),
  );
}
