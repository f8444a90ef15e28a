/**
 * The kubelet eviction manager's local ephemeral storage (`pkg/kubelet/eviction/eviction_manager.go` and
 * `helpers.go`): the pod stats it reads, the per-pod limit checks of `localStorageEviction`, the node-level
 * `nodefs.available` / `imagefs.available` signals, and the victim order under disk pressure
 * (`rankDiskPressureFunc`). Pure functions over plain stats; the kubelet loop owns the usage model and the clock.
 *
 * The node has one filesystem (no dedicated imagefs), so upstream's ranking measures every fs stat (images,
 * rootfs, logs, local volumes) and the imagefs signal observes the same disk as nodefs.
 */
import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { formatQuantity, memoryBytes } from '../../api/quantity.ts';
import { cmpBool, compareIdentity, comparePriority } from './eviction-ranking.ts';

/** `statsapi.ContainerStats` as far as disk goes: the writable layer (rootfs) and the logs, bytes. */
export interface ContainerDiskStats {
  readonly name: string;
  readonly rootfsBytes: number;
  readonly logsBytes: number;
}

/** `statsapi.VolumeStats`: one volume's used bytes (an emptyDir, memory-backed or not). */
export interface VolumeDiskStats {
  readonly name: string;
  readonly usedBytes: number;
}

/** `statsapi.PodStats` for ephemeral storage. */
export interface PodDiskStats {
  readonly containers: readonly ContainerDiskStats[];
  readonly volumes: readonly VolumeDiskStats[];
}

/** A pod and its disk stats; `stats` undefined = the stats provider has none for it. */
export interface PodDiskUsage {
  readonly pod: Pod;
  readonly stats: PodDiskStats | undefined;
}

const EPHEMERAL = 'ephemeral-storage';

/**
 * `volumeutils.IsLocalEphemeralVolume`: gitRepo, configMap and disk-backed emptyDir volumes live on the node's
 * filesystem; a `medium: Memory` emptyDir is tmpfs and counts toward memory instead.
 */
export function isLocalEphemeralVolume(v: Volume): boolean {
  return v.gitRepo !== undefined || v.configMap !== undefined || (v.emptyDir !== undefined && (v.emptyDir.medium ?? '') === '');
}

/** `localVolumeNames`: hostPath and local ephemeral volumes of the pod, in spec order. */
export function localVolumeNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).filter((v) => v.hostPath !== undefined || isLocalEphemeralVolume(v)).map((v) => v.name);
}

/**
 * `podDiskUsage` with every fs stat measured (single filesystem): the containers' rootfs and logs plus the pod's
 * local volumes, bytes.
 */
export function podDiskUsageBytes(stats: PodDiskStats, pod: Pod): number {
  let disk = 0;
  for (const c of stats.containers) disk += c.rootfsBytes + c.logsBytes;
  for (const name of localVolumeNames(pod)) {
    const v = stats.volumes.find((x) => x.name === name);
    if (v) disk += v.usedBytes;
  }
  return disk;
}

/**
 * `GetResourceRequestQuantity(pod, resource)` in bytes: containers summed, raised to the largest init container,
 * plus `spec.overhead` when the total is non-zero.
 */
export function podRequestBytes(pod: Pod, resource: string): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.requests?.[resource];
    if (q !== undefined) total += memoryBytes(q);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const q = c.resources?.requests?.[resource];
    if (q !== undefined) total = Math.max(total, memoryBytes(q));
  }
  const overhead = pod.spec?.overhead?.[resource];
  if (overhead !== undefined && total !== 0) total += memoryBytes(overhead);
  return total;
}

/**
 * `resourcehelper.PodLimits(pod)[resource]` in bytes, undefined when no container sets the limit: the limits of
 * the containers that set one summed, raised to the largest init container limit, plus `spec.overhead`.
 */
export function podLimitBytes(pod: Pod, resource: string): number | undefined {
  let total: number | undefined;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.limits?.[resource];
    if (q !== undefined) total = (total ?? 0) + memoryBytes(q);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const q = c.resources?.limits?.[resource];
    if (q !== undefined) total = Math.max(total ?? 0, memoryBytes(q));
  }
  const overhead = pod.spec?.overhead?.[resource];
  if (overhead !== undefined && total !== undefined) total += memoryBytes(overhead);
  return total;
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * `resource.NewQuantity(bytes, BinarySI).String()`: below 1024 the decimal form (`1000` → `1k`); else the largest
 * binary suffix that divides exactly (`1073741824` → `1Gi`, `3072` → `3Ki`, `1536` → `1536`).
 */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return formatQuantity(String(bytes));
  let n = bytes;
  let power = 0;
  while (power < BINARY_SUFFIXES.length - 1 && n % 1024 === 0) {
    n /= 1024;
    power++;
  }
  return `${n}${BINARY_SUFFIXES[power]}`;
}

/** `emptyDirMessageFmt`. */
export function emptyDirMessage(volume: string, limit: string): string {
  return `Usage of EmptyDir volume "${volume}" exceeds the limit "${limit}". `;
}

/** `podEphemeralStorageMessageFmt`. */
export function podEphemeralStorageMessage(limit: string): string {
  return `Pod ephemeral local storage usage exceeds the total limit of containers ${limit}. `;
}

/** `containerEphemeralStorageMessageFmt`. */
export function containerEphemeralStorageMessage(container: string, limit: string): string {
  return `Container ${container} exceeded its local ephemeral storage limit "${limit}". `;
}

/**
 * `emptyDirLimitEviction`: the eviction message when an emptyDir volume with a positive `sizeLimit` holds more
 * than it (memory-backed ones too: their usage is in the volume stats as well), else undefined. Example:
 * `cache` with sizeLimit 1Gi using 1025Mi → `Usage of EmptyDir volume "cache" exceeds the limit "1Gi". `.
 */
export function emptyDirLimitEviction(stats: PodDiskStats, pod: Pod): string | undefined {
  for (const v of pod.spec?.volumes ?? []) {
    const size = v.emptyDir?.sizeLimit;
    if (size === undefined) continue;
    const used = stats.volumes.find((x) => x.name === v.name)?.usedBytes;
    const sizeBytes = memoryBytes(size);
    if (used !== undefined && sizeBytes > 0 && used > sizeBytes) return emptyDirMessage(v.name, formatQuantity(size));
  }
  return undefined;
}

/**
 * `podEphemeralStorageLimitEviction`: when the containers' ephemeral-storage limits sum to L and the pod's total
 * ephemeral usage (containers, local volumes) exceeds L, the message naming L; else undefined. Example: limits
 * 1Gi + 512Mi, usage 1600Mi → `… total limit of containers 1536Mi. `.
 */
export function podEphemeralStorageLimitEviction(stats: PodDiskStats, pod: Pod): string | undefined {
  const limit = podLimitBytes(pod, EPHEMERAL);
  if (limit === undefined) return undefined;
  if (podDiskUsageBytes(stats, pod) > limit) return podEphemeralStorageMessage(formatBytes(limit));
  return undefined;
}

/**
 * `containerEphemeralStorageLimitEviction`: the first container (in stats order) whose logs plus writable layer
 * exceed its own non-zero ephemeral-storage limit, as an eviction message; else undefined.
 */
export function containerEphemeralStorageLimitEviction(stats: PodDiskStats, pod: Pod): string | undefined {
  const limits = new Map<string, string>();
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.limits?.[EPHEMERAL];
    if (q !== undefined && memoryBytes(q) !== 0) limits.set(c.name, q);
  }
  for (const c of stats.containers) {
    const limit = limits.get(c.name);
    if (limit !== undefined && memoryBytes(limit) < c.logsBytes + c.rootfsBytes) return containerEphemeralStorageMessage(c.name, formatQuantity(limit));
  }
  return undefined;
}

/**
 * `localStorageEviction` for one pod: the emptyDir check, then the pod-level limit, then the container limits;
 * the first that fires gives the eviction message. Undefined: the pod stays.
 */
export function localStorageEviction(stats: PodDiskStats, pod: Pod): string | undefined {
  return emptyDirLimitEviction(stats, pod) ?? podEphemeralStorageLimitEviction(stats, pod) ?? containerEphemeralStorageLimitEviction(stats, pod);
}

/** A hard eviction threshold on a filesystem signal, as a fraction of capacity (`nodefs.available<10%`). */
export interface DiskThreshold {
  readonly signal: 'nodefs.available' | 'imagefs.available';
  readonly fraction: number;
}

/**
 * The kubelet's default disk thresholds (`DefaultEvictionHard`): nodefs.available<10%, imagefs.available<15%.
 * The inode thresholds are not modelled (kubesim has no inode counts). Upstream parses them from a Go map, so
 * which of two met thresholds is reclaimed first is arbitrary; kubesim keeps this order.
 */
export const DEFAULT_DISK_THRESHOLDS: readonly DiskThreshold[] = [
  { signal: 'nodefs.available', fraction: 0.1 },
  { signal: 'imagefs.available', fraction: 0.15 },
];

/**
 * `evictionapi.GetThresholdQuantity` for a percentage: `int64(float64(capacity) * float64(float32(fraction)))`
 * bytes. The fraction goes through float32 as upstream's `Percentage` field does, so 10% of 100Gi is
 * 10737418400 bytes rather than 10737418240.
 */
export function thresholdQuantityBytes(t: DiskThreshold, capacityBytes: number): number {
  return Math.trunc(capacityBytes * Math.fround(t.fraction));
}

/**
 * `thresholdsMet` for the disk thresholds of one filesystem: every threshold whose quantity exceeds the
 * available bytes, in {@link DEFAULT_DISK_THRESHOLDS} order.
 */
export function diskThresholdsMet(capacityBytes: number, availableBytes: number, thresholds: readonly DiskThreshold[] = DEFAULT_DISK_THRESHOLDS): DiskThreshold[] {
  return thresholds.filter((t) => thresholdQuantityBytes(t, capacityBytes) > availableBytes);
}

/**
 * `evictionMessage` for resource ephemeral-storage: the node-low sentence, the threshold met and what is
 * available, then each container using more than its request. Example: `The node was low on resource:
 * ephemeral-storage. Threshold quantity: 16106127360, available: 10485760Ki. Container log was using 90Gi,
 * request is 0, has larger consumption of ephemeral-storage. `
 */
export function diskPressureEvictionMessage(pod: Pod, stats: PodDiskStats | undefined, threshold: DiskThreshold, capacityBytes: number, availableBytes: number): string {
  let message = `The node was low on resource: ${EPHEMERAL}. `;
  message += `Threshold quantity: ${formatBytes(thresholdQuantityBytes(threshold, capacityBytes))}, available: ${formatBytes(availableBytes)}. `;
  if (!stats) return message;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const cs of stats.containers) {
    const c = containers.find((x) => x.name === cs.name);
    if (!c) continue;
    const request = c.resources?.requests?.[EPHEMERAL];
    const usage = cs.rootfsBytes + cs.logsBytes;
    if (usage > (request === undefined ? 0 : memoryBytes(request))) {
      message += `Container ${c.name} was using ${formatBytes(usage)}, request is ${request === undefined ? '0' : formatQuantity(request)}, has larger consumption of ${EPHEMERAL}. `;
    }
  }
  return message;
}

/** `exceedDiskRequests`: pods without stats first; then pods whose disk usage exceeds their ephemeral-storage request. */
export function compareExceedDiskRequests(a: PodDiskUsage, b: PodDiskUsage): number {
  if (a.stats === undefined || b.stats === undefined) return cmpBool(a.stats === undefined, b.stats === undefined);
  return cmpBool(podDiskUsageBytes(a.stats, a.pod) > podRequestBytes(a.pod, EPHEMERAL), podDiskUsageBytes(b.stats, b.pod) > podRequestBytes(b.pod, EPHEMERAL));
}

/** `disk`: pods without stats first; then the larger (disk usage − ephemeral-storage request) first. */
export function compareDisk(a: PodDiskUsage, b: PodDiskUsage): number {
  if (a.stats === undefined || b.stats === undefined) return cmpBool(a.stats === undefined, b.stats === undefined);
  const overA = podDiskUsageBytes(a.stats, a.pod) - podRequestBytes(a.pod, EPHEMERAL);
  const overB = podDiskUsageBytes(b.stats, b.pod) - podRequestBytes(b.pod, EPHEMERAL);
  return overB === overA ? 0 : overB > overA ? 1 : -1;
}

/**
 * `rankDiskPressureFunc(all fs stats, ephemeral-storage)` = `orderedBy(exceedDiskRequests, priority, disk)`: a new
 * array, first element evicted first. Example: a pod with no request writing 300Mi goes before one requesting
 * 1Gi and writing 500Mi, whatever their priorities.
 */
export function rankDiskPressure<T extends PodDiskUsage>(pods: readonly T[]): T[] {
  return [...pods].sort((a, b) => compareExceedDiskRequests(a, b) || comparePriority(a, b) || compareDisk(a, b) || compareIdentity(a, b));
}
