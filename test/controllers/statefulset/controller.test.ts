/**
 * The StatefulSet controller end to end through the Simulation (real kubelet and scheduler): ordered creation,
 * Parallel, scale-down order, rolling update 2 → 1 → 0 with partition and maxUnavailable, OnDelete, status and
 * ControllerRevisions, claims from volumeClaimTemplates and their retention policy, upstream's event texts.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { defaultObject } from '../../../src/api/defaults.ts';
import { lookupKind } from '../../../src/api/kinds.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

/** The `web` StatefulSet of the Kubernetes documentation (nginx, headless Service `nginx`). */
export function web(replicas: number, spec: Record<string, unknown> = {}, claims = false): KubeObject {
  const o = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      replicas,
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ containerPort: 80, name: 'web' }] }] },
      },
      ...(claims ? { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
      ...spec,
    },
  };
  return defaultObject(o, lookupKind('apps/v1', 'StatefulSet')!) as KubeObject;
}

const storageClass: KubeObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'kubesim.dev/disk',
  volumeBindingMode: 'WaitForFirstConsumer',
} as KubeObject;

function sim(objects: KubeObject[], nodeCount = 3) {
  return new Simulation({ seed: 1, nodes: nodes(nodeCount), objects, behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 2000 }) } });
}

const set = (s: Simulation) => s.store.get<StatefulSet>('StatefulSet', 'default', 'web')!;
const podNames = (s: Simulation) => s.store.list<Pod>('Pod').map((p) => p.metadata.name).sort();
const creates = (s: Simulation) => s.events.all.filter((e) => e.involvedObject.kind === 'StatefulSet').map((e) => `${e.reason} ${e.message}`);

describe('StatefulSet controller: OrderedReady', () => {
  it('creates web-0, web-1, web-2 one at a time, each after its predecessor is Running and Ready', () => {
    const s = sim([web(3)]);
    const createdAt = new Map<string, number>();
    const readyAt = new Map<string, number>();
    s.store.watch<Pod>('Pod', (e) => {
      const n = e.object.metadata.name;
      if (e.type === 'ADDED') createdAt.set(n, s.nowMs);
      if (!readyAt.has(n) && e.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) readyAt.set(n, s.nowMs);
    });
    s.until(60_000);
    expect(podNames(s)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(createdAt.get('web-1')!).toBeGreaterThanOrEqual(readyAt.get('web-0')!);
    expect(createdAt.get('web-2')!).toBeGreaterThanOrEqual(readyAt.get('web-1')!);
    expect(creates(s).slice(0, 3)).toEqual([
      'SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
    const st = set(s).status!;
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(st.currentRevision).toBe(st.updateRevision);
    const revs = s.store.list<ControllerRevision>('ControllerRevision');
    expect(revs.map((r) => r.metadata.name)).toEqual([st.updateRevision]);
    expect(st.updateRevision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const pod = s.store.get<Pod>('Pod', 'default', 'web-1')!;
    expect(pod.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': st.updateRevision });
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
  });

  it('scales down from the highest ordinal, one pod at a time', () => {
    const s = sim([web(3)]);
    s.until(60_000);
    // Each deletion starts only after the previous pod is gone: the live pods when a deletion starts.
    const starts: string[] = [];
    s.store.watch<Pod>('Pod', (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) starts.push(`${e.object.metadata.name}:${podNames(s).length}`);
    });
    s.scale('StatefulSet', 'default', 'web', 1);
    s.until(180_000);
    expect(podNames(s)).toEqual(['web-0']);
    expect(starts).toEqual(['web-2:3', 'web-1:2']);
    expect(creates(s)).toContain('SuccessfulDelete delete Pod web-2 in StatefulSet web successful');
  });

  it('.spec.ordinals.start numbers the pods from the start ordinal', () => {
    const s = sim([web(2, { ordinals: { start: 5 } })]);
    s.until(60_000);
    expect(podNames(s)).toEqual(['web-5', 'web-6']);
  });
});

describe('StatefulSet controller: Parallel', () => {
  it('creates every pod in the same sync', () => {
    const s = sim([web(3, { podManagementPolicy: 'Parallel' })]);
    s.until(0);
    expect(podNames(s)).toEqual(['web-0', 'web-1', 'web-2']);
  });
});

describe('StatefulSet controller: updates', () => {
  function rollingOrder(spec: Record<string, unknown>, replicas = 3) {
    const s = sim([web(replicas, spec)]);
    s.until(60_000);
    const order: string[] = [];
    const concurrent: number[] = [];
    let down = 0;
    s.store.watch<Pod>('Pod', (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) {
        order.push(e.object.metadata.name);
        down++;
        concurrent.push(down);
      }
      if (e.type === 'ADDED') down--;
    });
    s.setImage('StatefulSet', 'default', 'web', 'nginx', 'registry.k8s.io/nginx-slim:0.27');
    s.until(400_000);
    return { s, order, concurrent };
  }

  it('RollingUpdate replaces web-2, then web-1, then web-0, each after the previous is back Running and Ready', () => {
    const { s, order, concurrent } = rollingOrder({});
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    expect(Math.max(...concurrent)).toBe(1);
    const st = set(s).status!;
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st).toMatchObject({ replicas: 3, updatedReplicas: 3, currentReplicas: 3, readyReplicas: 3 });
    expect(s.store.list<ControllerRevision>('ControllerRevision').map((r) => r.revision)).toEqual([1, 2]);
    for (const p of s.store.list<Pod>('Pod')) expect(p.spec!.containers[0]!.image).toBe('registry.k8s.io/nginx-slim:0.27');
  });

  it('partition 2 updates only web-2 and keeps currentRevision', () => {
    const { s, order } = rollingOrder({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    expect(order).toEqual(['web-2']);
    const st = set(s).status!;
    expect(st.currentRevision).not.toBe(st.updateRevision);
    expect(st).toMatchObject({ updatedReplicas: 1, currentReplicas: 2 });
  });

  it('maxUnavailable 2 replaces two pods at once', () => {
    const { order, concurrent } = rollingOrder({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } }, 4);
    expect(order).toEqual(['web-3', 'web-2', 'web-1', 'web-0']);
    expect(Math.max(...concurrent)).toBe(2);
  });

  it('OnDelete leaves pods at the old revision until they are deleted', () => {
    const { s, order } = rollingOrder({ updateStrategy: { type: 'OnDelete' } });
    expect(order).toEqual([]);
    s.deletePod('default', 'web-1');
    s.until(500_000);
    expect(s.store.get<Pod>('Pod', 'default', 'web-1')!.spec!.containers[0]!.image).toBe('registry.k8s.io/nginx-slim:0.27');
    expect(s.store.get<Pod>('Pod', 'default', 'web-0')!.spec!.containers[0]!.image).toBe('registry.k8s.io/nginx-slim:0.24');
    expect(set(s).status).toMatchObject({ updatedReplicas: 1, currentReplicas: 2 });
  });

  it('minReadySeconds holds the next pod until the previous has been ready that long', () => {
    const s = sim([web(2, { minReadySeconds: 30 })]);
    const readyAt = new Map<string, number>();
    let web1CreatedAt = 0;
    s.store.watch<Pod>('Pod', (e) => {
      if (e.type === 'ADDED' && e.object.metadata.name === 'web-1') web1CreatedAt = s.nowMs;
      if (!readyAt.has(e.object.metadata.name) && e.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) readyAt.set(e.object.metadata.name, s.nowMs);
    });
    s.until(120_000);
    expect(web1CreatedAt).toBe(readyAt.get('web-0')! + 30_000);
    expect(set(s).status).toMatchObject({ availableReplicas: 2 });
  });
});

describe('StatefulSet controller: volumeClaimTemplates', () => {
  it('creates claim www-web-N before pod web-N and mounts it', () => {
    const s = sim([storageClass, web(2, {}, true)]);
    s.until(120_000);
    expect(s.store.list<PersistentVolumeClaim>('PersistentVolumeClaim').map((c) => c.metadata.name)).toEqual(['www-web-0', 'www-web-1']);
    expect(creates(s).slice(0, 2)).toEqual([
      'SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate create Pod web-0 in StatefulSet web successful',
    ]);
    const pod = s.store.get<Pod>('Pod', 'default', 'web-0')!;
    expect(pod.spec!.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    expect(s.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-0')!.metadata.labels).toEqual({ app: 'nginx' });
  });

  it('whenScaled Retain keeps the claim of a removed pod; whenScaled Delete removes it', () => {
    for (const [whenScaled, kept] of [['Retain', true], ['Delete', false]] as const) {
      const s = sim([storageClass, web(2, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled } }, true)]);
      s.until(120_000);
      s.scale('StatefulSet', 'default', 'web', 1);
      s.until(300_000);
      expect(podNames(s)).toEqual(['web-0']);
      expect(!!s.store.get('PersistentVolumeClaim', 'default', 'www-web-1'), whenScaled).toBe(kept);
      expect(!!s.store.get('PersistentVolumeClaim', 'default', 'www-web-0')).toBe(true);
    }
  });

  it('whenDeleted Delete removes the claims with the set', () => {
    const s = sim([storageClass, web(2, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }, true)]);
    s.until(120_000);
    expect(s.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-0')!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web' });
    s.store.delete('StatefulSet', 'default', 'web');
    s.until(200_000);
    expect(s.store.list('PersistentVolumeClaim')).toEqual([]);
  });
});
