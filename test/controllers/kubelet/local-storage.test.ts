import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  compareDisk,
  diskPressureEvictionMessage,
  diskThresholdsMet,
  DEFAULT_DISK_THRESHOLDS,
  formatBytes,
  localStorageEviction,
  podDiskUsageBytes,
  podLimitBytes,
  rankDiskPressure,
  thresholdQuantityBytes,
  type PodDiskStats,
  type PodDiskUsage,
} from '../../../src/controllers/kubelet/local-storage.ts';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

/** Upstream's `newPod(name, priority, containers, volumes)` with one container named as the pod. */
function newPod(name: string, priority: number, requests: string, limits: string, volumes: Volume[] = [{ name: 'local-volume', emptyDir: {} }]): Pod {
  return {
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      priority,
      containers: [{ name, resources: { requests: requests ? { 'ephemeral-storage': requests } : {}, limits: limits ? { 'ephemeral-storage': limits } : {} } }],
      volumes,
    },
  };
}

/** Upstream's `newPodDiskStats(pod, rootFsUsed, logsUsed, perLocalVolumeUsed)`: every local volume gets the same usage. */
function newPodDiskStats(pod: Pod, rootFsMi: number, logsMi: number, perLocalVolumeMi: number): PodDiskStats {
  return {
    containers: pod.spec!.containers.map((c) => ({ name: c.name, rootfsBytes: rootFsMi * Mi, logsBytes: logsMi * Mi })),
    volumes: (pod.spec!.volumes ?? []).map((v) => ({ name: v.name, usedBytes: perLocalVolumeMi * Mi })),
  };
}

const names = (xs: readonly PodDiskUsage[]) => xs.map((x) => x.pod.metadata!.name);

describe('upstream TestOrderedbyDisk', () => {
  // orderedBy(disk(...)) alone: the largest usage above the ephemeral-storage request first.
  it('orders by disk usage (rootfs + logs + local volumes) minus the request', () => {
    const p = [
      newPod('best-effort-high', 0, '', ''),
      newPod('best-effort-low', 0, '', ''),
      newPod('burstable-high', 0, '100Mi', '400Mi'),
      newPod('burstable-low', 0, '100Mi', '400Mi'),
      newPod('guaranteed-high', 0, '400Mi', '400Mi'),
      newPod('guaranteed-low', 0, '400Mi', '400Mi'),
    ];
    const stats: [number, number, number][] = [
      [50, 100, 150], // 300Mi - 0 = 300Mi
      [25, 25, 50], // 100Mi - 0 = 100Mi
      [150, 150, 50], // 350Mi - 100Mi = 250Mi
      [25, 35, 50], // 110Mi - 100Mi = 10Mi
      [225, 100, 50], // 375Mi - 400Mi = -25Mi
      [25, 45, 50], // 120Mi - 400Mi = -280Mi
    ];
    const pods = p.map((pod, i) => ({ pod, stats: newPodDiskStats(pod, ...stats[i]!) }));
    const sorted = [...pods].sort(compareDisk);
    expect(names(sorted)).toEqual(['best-effort-high', 'burstable-high', 'best-effort-low', 'burstable-low', 'guaranteed-high', 'guaranteed-low']);
  });
});

describe('upstream TestOrderedByPriorityDisk', () => {
  it('rankDiskPressure: over the request first, then lower priority, then the larger excess', () => {
    const low = 1;
    const high = 2;
    const p = [
      newPod('above-requests-low-priority-high-usage', low, '', ''),
      newPod('above-requests-low-priority-low-usage', low, '', ''),
      newPod('above-requests-high-priority-high-usage', high, '100Mi', ''),
      newPod('above-requests-high-priority-low-usage', high, '100Mi', ''),
      newPod('below-requests-low-priority-high-usage', low, '1Gi', ''),
      newPod('below-requests-low-priority-low-usage', low, '1Gi', ''),
      newPod('below-requests-high-priority-high-usage', high, '1Gi', ''),
      newPod('below-requests-high-priority-low-usage', high, '1Gi', ''),
    ];
    const stats: [number, number, number][] = [
      [200, 100, 200], // 500 relative to request
      [10, 10, 30], // 50 relative to request
      [200, 150, 250], // 500 relative to request
      [90, 50, 10], // 50 relative to request
      [500, 200, 100], // -200 relative to request
      [50, 100, 50], // -800 relative to request
      [250, 500, 50], // -200 relative to request
      [100, 60, 40], // -800 relative to request
    ];
    const pods = p.map((pod, i) => ({ pod, stats: newPodDiskStats(pod, ...stats[i]!) }));
    // Upstream sorts pod8 … pod1 and expects pod1 … pod8.
    expect(names(rankDiskPressure([...pods].reverse()))).toEqual(p.map((x) => x.metadata!.name));
  });

  it('kubesim case: pods without stats go first; remaining ties break by name', () => {
    const a = newPod('a', 0, '', '');
    const b = newPod('b', 0, '', '');
    const c = newPod('c', 0, '', '');
    const ranked = rankDiskPressure([
      { pod: c, stats: newPodDiskStats(c, 10, 0, 0) },
      { pod: b, stats: newPodDiskStats(b, 10, 0, 0) },
      { pod: a, stats: undefined },
    ]);
    expect(names(ranked)).toEqual(['a', 'b', 'c']);
  });
});

describe('kubesim cases, not upstream rows: localStorageEviction', () => {
  it('measures local volumes only: a memory-backed emptyDir and a PVC do not count toward disk usage', () => {
    const pod = newPod('p', 0, '', '', [
      { name: 'disk', emptyDir: {} },
      { name: 'tmpfs', emptyDir: { medium: 'Memory' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    ]);
    expect(podDiskUsageBytes(newPodDiskStats(pod, 10, 5, 100), pod)).toBe(115 * Mi);
  });

  it('an emptyDir over its sizeLimit is checked first; its bytes count toward the pod-level limit too', () => {
    const pod = newPod('p', 0, '', '3Gi', [{ name: 'scratch', emptyDir: { sizeLimit: '2Gi' } }]);
    expect(localStorageEviction(newPodDiskStats(pod, 1024, 0, 2048), pod)).toBeUndefined();
    expect(localStorageEviction(newPodDiskStats(pod, 1024, 0, 2049), pod)).toBe('Usage of EmptyDir volume "scratch" exceeds the limit "2Gi". ');
    expect(localStorageEviction(newPodDiskStats(pod, 1025, 0, 2048), pod)).toBe('Pod ephemeral local storage usage exceeds the total limit of containers 3Gi. ');
  });

  it('the pod-level check sums the containers that set a limit; the container check follows', () => {
    const pod: Pod = {
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'app', resources: { limits: { 'ephemeral-storage': '1Gi' } } },
          { name: 'sidecar', resources: { limits: { 'ephemeral-storage': '512Mi' } } },
          { name: 'free' },
        ],
      },
    };
    expect(podLimitBytes(pod, 'ephemeral-storage')).toBe(1536 * Mi);
    const stats = (app: number, sidecar: number, free: number): PodDiskStats => ({
      containers: [
        { name: 'app', rootfsBytes: app * Mi, logsBytes: 0 },
        { name: 'sidecar', rootfsBytes: sidecar * Mi, logsBytes: 0 },
        { name: 'free', rootfsBytes: free * Mi, logsBytes: 0 },
      ],
      volumes: [],
    });
    expect(localStorageEviction(stats(1000, 500, 37), pod)).toBe('Pod ephemeral local storage usage exceeds the total limit of containers 1536Mi. ');
    expect(localStorageEviction(stats(1000, 513, 0), pod)).toBe('Container sidecar exceeded its local ephemeral storage limit "512Mi". ');
    expect(localStorageEviction(stats(1024, 512, 0), pod)).toBeUndefined();
    expect(podLimitBytes({ spec: { containers: [{ name: 'x' }] } }, 'ephemeral-storage')).toBeUndefined();
  });
});

describe('kubesim cases, not upstream rows: disk thresholds', () => {
  it('nodefs.available<10% and imagefs.available<15% of one disk, through float32 as upstream', () => {
    const capacity = 100 * Gi;
    expect(DEFAULT_DISK_THRESHOLDS.map((t) => thresholdQuantityBytes(t, capacity))).toEqual([10737418400, 16106128000]);
    expect(diskThresholdsMet(capacity, 20 * Gi)).toEqual([]);
    expect(diskThresholdsMet(capacity, 15 * Gi).map((t) => t.signal)).toEqual(['imagefs.available']);
    expect(diskThresholdsMet(capacity, 5 * Gi).map((t) => t.signal)).toEqual(['nodefs.available', 'imagefs.available']);
  });

  it('formats bytes as a BinarySI quantity prints', () => {
    expect([0, 1000, 1023, 1024, 1536, 3072, Gi, 10737418393].map(formatBytes)).toEqual(['0', '1k', '1023', '1Ki', '1536', '3Ki', '1Gi', '10737418393']);
  });

  it('evictionMessage names the threshold, what is available, and each container over its request', () => {
    const pod = newPod('log', 0, '1Gi', '', []);
    const stats = newPodDiskStats(pod, 2048, 1024, 0);
    expect(diskPressureEvictionMessage(pod, stats, DEFAULT_DISK_THRESHOLDS[1]!, 100 * Gi, 10 * Gi)).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 16106128000, available: 10Gi. ' +
        'Container log was using 3Gi, request is 1Gi, has larger consumption of ephemeral-storage. ',
    );
  });
});
