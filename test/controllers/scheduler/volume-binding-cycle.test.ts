/**
 * VolumeBinding's binding cycle through the Simulation: the pod stays assumed (unbound, no FailedScheduling)
 * while its claim is provisioned, is bound at the first one-second poll after the claim is Bound, and a binding
 * that goes wrong (the provisioner's signal, the selected-node annotation, removed) fails the cycle with
 * upstream's wrapped PreBind message and sends the pod back to the queue.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

const objects = (): KubeObject[] =>
  [
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'wffc' }, provisioner: 'kubesim.dev/disk', volumeBindingMode: 'WaitForFirstConsumer' },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { storageClassName: 'wffc', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } },
  ] as KubeObject[];

describe('VolumeBinding binding cycle', () => {
  it('waits in PreBind while the claim is provisioned and binds at the next poll after it is Bound', () => {
    const s = new Simulation({ seed: 3, nodes: nodes(3), objects: objects() });
    let claimBoundAt = -1;
    let podBoundAt = -1;
    s.store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (claimBoundAt < 0 && e.object.status?.phase === 'Bound') claimBoundAt = s.nowMs;
    });
    s.store.watch<Pod>('Pod', (e) => {
      if (podBoundAt < 0 && e.object.spec?.nodeName) podBoundAt = s.nowMs;
    });
    s.until(20_000);
    expect(claimBoundAt).toBeGreaterThanOrEqual(2000);
    expect(podBoundAt).toBeGreaterThanOrEqual(claimBoundAt);
    expect(podBoundAt - claimBoundAt).toBeLessThanOrEqual(1000);
    // Polls every second from the cycle at t = 0: the binding lands on a whole second.
    expect(podBoundAt % 1000).toBe(0);
    expect(s.events.all.filter((e) => e.reason === 'FailedScheduling')).toEqual([]);
    const pod = s.store.get<Pod>('Pod', 'default', 'db')!;
    expect(s.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data')!.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(pod.spec?.nodeName);
  });

  it('a selected-node annotation removed meanwhile fails the cycle with the wrapped PreBind error, and the pod tries again', () => {
    const s = new Simulation({ seed: 3, nodes: nodes(3), objects: objects() });
    s.engine.at(500, () =>
      s.store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data', (d) => {
        delete d.metadata.annotations!['volume.kubernetes.io/selected-node'];
      }),
    );
    s.until(60_000);
    const failed = s.events.all.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message);
    expect(failed[0]).toBe('running PreBind plugin "VolumeBinding": selectedNode annotation reset for PVC "data"');
    const pod = s.store.get<Pod>('Pod', 'default', 'db')!;
    expect(pod.spec?.nodeName).toBeDefined();
  });
});
