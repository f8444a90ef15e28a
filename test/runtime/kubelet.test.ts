/**
 * Kubelet and node-lifecycle behaviour against Kubernetes' documented semantics, end to end through the Simulation.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/store.ts';
import type { ContainerBehaviour } from '../../src/controllers/kubelet/kubelet.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { nodes } from './helpers.ts';

function deployment(name: string, replicas: number, container: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 30,
          restartPolicy: 'Always',
          containers: [{ name: 'app', image: 'example/app:v1', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } }, ...container }],
        },
      },
    },
  };
}

const probe = (extra: Record<string, unknown> = {}) => ({
  httpGet: { path: '/health', port: 80, scheme: 'HTTP' },
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
  ...extra,
});

function sim(objects: KubeObject[], behaviour: Partial<ContainerBehaviour>, nodeCount = 3) {
  return new Simulation({
    seed: 1,
    nodes: nodes(nodeCount),
    objects,
    behaviours: { behaviour: () => ({ imagePullMs: 2000, startupMs: 3000, ...behaviour }) },
  });
}

const onlyPod = (s: Simulation) => {
  const pods = s.store.list<Pod>('Pod');
  expect(pods).toHaveLength(1);
  return pods[0]!;
};
const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

describe('readiness probes', () => {
  it('a pod that hangs turns unready at the third failed probe after the hang (period 10 s, failureThreshold 3)', () => {
    const s = sim([deployment('web', 1, { readinessProbe: probe() })], { hangAfterMs: 60_000 });
    s.until(5_000);
    const pod = onlyPod(s);
    const started = s.clock.simMs(pod.status!.containerStatuses![0]!.state!.running!.startedAt!);
    // Probes tick at started + 10k·s; the app hangs at started + 60 s. Probes at +60, +70, +80 fail (each after
    // the 1 s timeout): unready when the third completes, at started + 81 s.
    const hang = started + 60_000;
    s.until(hang + 20_999);
    expect(ready(onlyPod(s))).toBe(true);
    s.until(hang + 21_000);
    expect(ready(onlyPod(s))).toBe(false);
    const unhealthy = s.events.all.find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.message).toMatch(/^Readiness probe failed: Get "http:\/\/[\d.]+:80\/health": context deadline exceeded/);
    expect(unhealthy.count).toBe(3);
  });

  it('a readiness probe that keeps failing keeps reporting Unhealthy, one count per failed probe', () => {
    // The app answers its health endpoint with errors from the start: readiness never passes, never flips.
    const s = sim([deployment('web', 1, { readinessProbe: probe() })], { unhealthyAfterMs: 0 });
    s.until(30 * 60_000);
    expect(ready(onlyPod(s))).toBe(false);
    const unhealthy = s.events.all.filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]!.message).toMatch(/^Readiness probe failed: /);
    // Probes every 10 s for about 30 minutes, reported in batches of ten periods: within one batch of 180.
    expect(unhealthy[0]!.count).toBeGreaterThanOrEqual(170);
    expect(unhealthy[0]!.count).toBeLessThanOrEqual(180);
  });

  it('without a readiness probe the pod is ready when its container starts', () => {
    const s = sim([deployment('web', 1, {})], {});
    s.until(2_500);
    expect(ready(onlyPod(s))).toBe(true);
  });
});

describe('liveness probes and CrashLoopBackOff', () => {
  it('a container that keeps failing liveness restarts on the back-off schedule: at once, then 10, 20, 40 … s', () => {
    // The app never answers: liveness (period 10 s, threshold 3) kills it 21 s after each start (probes at
    // 0, 10, 20 fail after a 1 s timeout); restarts follow CrashLoopBackOff.
    const s = sim([deployment('web', 1, { livenessProbe: probe() })], { hangAfterMs: 0, imagePullMs: 0 });
    s.until(3_600_000);
    const starts = s.events.all.filter((e) => e.reason === 'Started');
    expect(starts).toHaveLength(1);
    const kills = s.events.all.filter((e) => e.reason === 'Killing');
    expect(kills[0]!.message).toBe('Container app failed liveness probe, will be restarted');
    const pod = onlyPod(s);
    const restarts = pod.status!.containerStatuses![0]!.restartCount;
    expect(restarts).toBeGreaterThanOrEqual(7);
    const backoff = s.events.all.find((e) => e.reason === 'BackOff')!;
    expect(backoff.message).toMatch(/^Back-off restarting failed container app in pod web-/);
  });

  it('restart gaps are 0, 10, 20, 40, 80, 160, 300, 300 s', () => {
    const s = sim([deployment('web', 1, {})], { crashAfterMs: 0, imagePullMs: 0 });
    const startTimes: number[] = [];
    s.store.watch<Pod>('Pod', (e) => {
      const st = e.object.status?.containerStatuses?.[0]?.state?.running?.startedAt;
      const prev = e.old?.status?.containerStatuses?.[0]?.state?.running?.startedAt;
      if (st && st !== prev) startTimes.push(s.nowMs);
    });
    s.until(2 * 3_600_000);
    const gaps = startTimes.slice(1).map((t, i) => (t - startTimes[i]!) / 1000);
    expect(gaps.slice(0, 8)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    expect(onlyPod(s).status!.containerStatuses![0]!.lastState!.terminated!.reason).toBe('Error');
  });
});

describe('memory', () => {
  it('a leak past the limit is OOMKilled and restarts', () => {
    // 128Mi at start, +128Mi per hour, limit 256Mi: OOMKilled about an hour after each start.
    const s = sim([deployment('web', 1, {})], { memoryBaseBytes: 128 * 2 ** 20, memoryLeakBytesPerHour: 128 * 2 ** 20 });
    s.until(3_700_000 + 5_000);
    const cs = onlyPod(s).status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated?.reason).toBe('OOMKilled');
    expect(cs.lastState?.terminated?.exitCode).toBe(137);
  });
});

describe('node failure', () => {
  it('goes NotReady at +50 s; its pods are evicted and replaced about 300 s later', () => {
    const s = sim([deployment('web', 3, { readinessProbe: probe() })], {}, 3);
    s.until(60_000);
    const victim = s.store.list<Pod>('Pod')[0]!;
    const node = victim.spec!.nodeName!;
    const t0 = 100_000;
    s.until(t0);
    s.failNode(node);
    s.until(t0 + 49_999);
    expect(s.store.get<Node>('Node', '', node)!.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    s.until(t0 + 50_000);
    const n = s.store.get<Node>('Node', '', node)!;
    expect(n.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');
    expect(n.spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(ready(s.store.get<Pod>('Pod', 'default', victim.metadata!.name!)!)).toBe(false);
    s.until(t0 + 50_000 + 299_999);
    expect(s.store.get<Pod>('Pod', 'default', victim.metadata!.name!)!.metadata!.deletionTimestamp).toBeUndefined();
    s.until(t0 + 50_000 + 300_000);
    expect(s.store.get<Pod>('Pod', 'default', victim.metadata!.name!)!.metadata!.deletionTimestamp).toBeDefined();
    s.until(t0 + 50_000 + 330_000);
    const others = s.store.list<Pod>('Pod').filter((p) => !p.metadata!.deletionTimestamp);
    expect(others).toHaveLength(3);
    expect(others.every((p) => p.spec!.nodeName !== node && ready(p))).toBe(true);
    expect(s.events.all.some((e) => e.reason === 'NodeNotReady' && e.message === `Node ${node} status is now: NodeNotReady`)).toBe(true);
    expect(s.events.all.some((e) => e.reason === 'TaintManagerEviction')).toBe(true);
    // The node comes back: the Terminating pod is finally removed, the node is Ready again.
    s.recoverNode(node);
    s.until(t0 + 400_000);
    expect(s.store.get<Pod>('Pod', 'default', victim.metadata!.name!)).toBeUndefined();
    expect(s.store.get<Node>('Node', '', node)!.spec?.taints ?? []).toEqual([]);
  });
});

describe('node memory pressure', () => {
  it('evicts in the kubelet order (BestEffort first), reports MemoryPressure and the controller replaces the pod', () => {
    const mk = (name: string, resources: Record<string, unknown>) => {
      const d = deployment(name, 1, {}) as { spec: { template: { spec: { containers: { resources?: unknown }[] } } } };
      d.spec.template.spec.containers[0]!.resources = resources;
      return d as unknown as KubeObject;
    };
    const s = new Simulation({
      seed: 1,
      nodes: nodes(1, '4', '1Gi'),
      objects: [
        mk('guaranteed', { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '100m', memory: '256Mi' } }),
        mk('burstable', { requests: { cpu: '100m', memory: '64Mi' } }),
        mk('besteffort', {}),
      ],
      behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 1000 }) },
    });
    s.until(30_000);
    const pods = s.store.list<Pod>('Pod');
    const uid = (prefix: string) => pods.find((p) => p.metadata!.name!.startsWith(prefix))!.metadata!.uid!;
    // 1Gi node, 960Mi in use: 64Mi available < the 100Mi threshold.
    s.kubelet.setMemoryUsage(uid('guaranteed'), 200 * 2 ** 20);
    s.kubelet.setMemoryUsage(uid('burstable'), 400 * 2 ** 20);
    s.kubelet.setMemoryUsage(uid('besteffort'), 360 * 2 ** 20);
    s.kubelet.synchronizeEviction();
    s.until(31_000);
    const evicted = s.store.list<Pod>('Pod').filter((p) => p.status?.reason === 'Evicted');
    expect(evicted.map((p) => p.metadata!.name!.split('-')[0])).toEqual(['besteffort']);
    expect(evicted[0]!.status!.phase).toBe('Failed');
    expect(evicted[0]!.status!.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: 65536Ki\./);
    const node = s.store.list<Node>('Node')[0]!;
    expect(node.status!.conditions!.find((c) => c.type === 'MemoryPressure')!.status).toBe('True');
    expect(s.events.all.some((e) => e.reason === 'Evicted')).toBe(true);
    // The Failed pod is no longer active: the ReplicaSet creates a replacement.
    expect(s.store.list<Pod>('Pod').filter((p) => p.metadata!.name!.startsWith('besteffort'))).toHaveLength(2);
    // Pressure clears five minutes after the last breach.
    s.until(31_000 + 300_000);
    s.kubelet.synchronizeEviction();
    s.until(31_000 + 300_001);
    expect(s.store.list<Node>('Node')[0]!.status!.conditions!.find((c) => c.type === 'MemoryPressure')!.status).toBe('False');
  });
});

describe('eviction passes with nothing changed', () => {
  it('still see a memory rise after quiet passes, and still clear the pressure five minutes on', () => {
    const s = new Simulation({
      seed: 1,
      nodes: nodes(1, '4', '1Gi'),
      objects: [deployment('app', 1, {})],
      behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 1000 }) },
    });
    s.until(30_000);
    const uid = s.store.list<Pod>('Pod')[0]!.metadata!.uid!;
    const pressure = () => s.store.list<Node>('Node')[0]!.status!.conditions!.find((c) => c.type === 'MemoryPressure')!.status;
    s.kubelet.setMemoryUsage(uid, 100 * 2 ** 20);
    // Quiet passes: no breach, nothing written.
    for (let i = 0; i < 3; i++) s.kubelet.synchronizeEviction();
    expect(pressure()).toBe('False');
    // 1Gi node, 960Mi in use: 64Mi available < the 100Mi threshold. The pod is the only candidate and is evicted.
    s.kubelet.setMemoryUsage(uid, 960 * 2 ** 20);
    s.kubelet.synchronizeEviction();
    expect(pressure()).toBe('True');
    expect(s.events.all.filter((e) => e.reason === 'Evicted')).toHaveLength(1);
    // No input changes from here on, but the condition clears once the last breach is five minutes old.
    s.until(30_000 + 300_000);
    s.kubelet.synchronizeEviction();
    expect(pressure()).toBe('False');
  });
});

describe('node disk pressure and local storage limits', () => {
  const Gi = 2 ** 30;
  function diskSim(writers: Record<string, Partial<ContainerBehaviour>>, objects: KubeObject[]) {
    const [entry] = nodes(1);
    entry!.node.status!.capacity!['ephemeral-storage'] = '10Gi';
    entry!.node.status!.allocatable!['ephemeral-storage'] = '10Gi';
    return new Simulation({
      seed: 1,
      nodes: [entry!],
      objects,
      behaviours: { behaviour: (pod) => ({ imagePullMs: 1000, startupMs: 1000, ...(writers[pod.metadata!.name!.split('-')[0]!] ?? {}) }) },
    });
  }
  const node = (s: Simulation) => s.store.list<Node>('Node')[0]!;
  const diskPressure = (s: Simulation) => node(s).status!.conditions!.find((c) => c.type === 'DiskPressure')!;

  it('imagefs.available<15% on the one disk: DiskPressure, the disk-pressure taint, the writer evicted, all cleared 5 minutes later', () => {
    const s = diskSim({ writer: { ephemeralBaseBytes: 0, ephemeralBytesPerHour: 6 * Gi } }, [deployment('writer', 1, {}), deployment('quiet', 1, {})]);
    // 8.4Gi written (84 min) leaves 1.6Gi, not below 15 % of 10Gi (1610612800 bytes through float32); at 85 min
    // exactly 1.5Gi (1610612736 bytes) is left, just below.
    s.until(84 * 60_000);
    s.kubelet.synchronizeEviction();
    expect(diskPressure(s).status).toBe('False');
    s.until(87 * 60_000);
    s.kubelet.synchronizeEviction();
    s.until(87 * 60_000 + 1);
    expect(diskPressure(s)).toMatchObject({ status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' });
    expect(node(s).spec?.taints).toEqual([expect.objectContaining({ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' })]);
    const evicted = s.store.list<Pod>('Pod').filter((p) => p.status?.reason === 'Evicted');
    expect(evicted.map((p) => p.metadata!.name!.split('-')[0])).toEqual(['writer']);
    expect(evicted[0]!.status!.message).toMatch(
      /^The node was low on resource: ephemeral-storage\. Threshold quantity: 1610612800, available: \d+\. Container app was using \d+, request is 0, has larger consumption of ephemeral-storage\. $/,
    );
    expect(s.events.all.filter((e) => e.reason === 'EvictionThresholdMet').map((e) => e.message)).toEqual(['Attempting to reclaim ephemeral-storage']);
    // The replacement does not tolerate the taint: it waits.
    const replacement = s.store.list<Pod>('Pod').find((p) => p.metadata!.name!.startsWith('writer') && p.status?.reason !== 'Evicted')!;
    expect(replacement.spec?.nodeName).toBeUndefined();
    s.until(93 * 60_000);
    s.kubelet.synchronizeEviction();
    s.until(93 * 60_000 + 10_000);
    expect(diskPressure(s).status).toBe('False');
    expect(node(s).spec?.taints ?? []).toEqual([]);
    expect(s.store.get<Pod>('Pod', 'default', replacement.metadata!.name!)!.spec?.nodeName).toBe('node-1');
  });

  it('an emptyDir outgrows its sizeLimit across a container restart: evicted with the volume named, nothing else', () => {
    const d = deployment('cache', 1, {}) as { spec: { template: { spec: { volumes?: unknown[] } } } };
    d.spec.template.spec.volumes = [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }];
    const s = diskSim({ cache: { emptyDirWrites: { scratch: { baseBytes: 0, bytesPerHour: Gi } } } }, [d as unknown as KubeObject]);
    s.until(30 * 60_000);
    const pod = onlyPod(s);
    s.kubelet.killContainer(pod.metadata!.uid!);
    s.until(59 * 60_000);
    s.kubelet.synchronizeEviction();
    expect(s.store.get<Pod>('Pod', 'default', pod.metadata!.name!)!.status?.phase).toBe('Running');
    s.until(61 * 60_000);
    s.kubelet.synchronizeEviction();
    s.until(61 * 60_000 + 1);
    const after = s.store.get<Pod>('Pod', 'default', pod.metadata!.name!)!;
    expect(after.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'Usage of EmptyDir volume "scratch" exceeds the limit "1Gi". ' });
    expect(diskPressure(s).status).toBe('False');
    expect(s.events.all.some((e) => e.reason === 'EvictionThresholdMet')).toBe(false);
  });
});
