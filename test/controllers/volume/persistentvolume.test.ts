/**
 * The PersistentVolume controller through the Simulation: static binding to the smallest fitting volume,
 * Immediate and WaitForFirstConsumer provisioning with the seeded delay, zonal node affinity, the default
 * StorageClass admission, reclaim policies, and upstream's event reasons and messages.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { chooseImmediateZone } from '../../../src/controllers/volume/persistentvolume/controller.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

const sc = (name: string, mode: 'Immediate' | 'WaitForFirstConsumer', extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: mode, reclaimPolicy: 'Delete', ...extra }) as KubeObject;

const pvc = (name: string, size: string, storageClassName?: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...(storageClassName !== undefined ? { storageClassName } : {}) },
  }) as KubeObject;

const pv = (name: string, size: string, reclaim: 'Retain' | 'Delete' = 'Retain'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: reclaim, hostPath: { path: `/mnt/${name}` } } }) as KubeObject;

function sim(objects: KubeObject[]) {
  return new Simulation({ seed: 1, nodes: nodes(3), objects });
}
const claim = (s: Simulation, name: string) => s.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', name)!;
const volume = (s: Simulation, name: string) => s.store.get<PersistentVolume>('PersistentVolume', '', name);
const claimEvents = (s: Simulation, name: string) => s.events.all.filter((e) => e.involvedObject.kind === 'PersistentVolumeClaim' && e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message}`);

describe('PersistentVolume controller: static binding', () => {
  it('binds a claim to the smallest Available volume that fits, both ways, with upstream annotations', () => {
    const s = sim([pv('pv-10', '10Gi'), pv('pv-5', '5Gi'), pv('pv-1', '1Gi'), pvc('data', '2Gi', '')]);
    s.until(1000);
    const c = claim(s, 'data');
    expect(c.spec?.volumeName).toBe('pv-5');
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });
    expect(c.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const v = volume(s, 'pv-5')!;
    expect(v.status?.phase).toBe('Bound');
    expect(v.spec?.claimRef).toMatchObject({ name: 'data', namespace: 'default', uid: c.metadata.uid });
    expect(v.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    expect(volume(s, 'pv-1')!.status?.phase).toBe('Available');
    expect(volume(s, 'pv-10')!.status?.phase).toBe('Available');
  });

  it('a claim without a class and without a fitting volume stays Pending with FailedBinding', () => {
    const s = sim([pv('pv-1', '1Gi'), pvc('big', '2Gi', '')]);
    s.until(1000);
    expect(claim(s, 'big').status?.phase).toBe('Pending');
    expect(claimEvents(s, 'big')).toContain('FailedBinding: no persistent volumes available for this claim and no storage class is set');
  });

  it('reclaimPolicy: Retain keeps the volume Released, Delete removes it, once the claim is deleted', () => {
    const s = sim([pv('keep', '1Gi', 'Retain'), pvc('a', '1Gi', '')]);
    s.until(1000);
    s.store.delete('PersistentVolumeClaim', 'default', 'a');
    s.until(2000);
    expect(volume(s, 'keep')!.status?.phase).toBe('Released');
    const t = sim([pv('drop', '1Gi', 'Delete'), pvc('a', '1Gi', '')]);
    t.until(1000);
    expect(volume(t, 'drop')!.status?.phase).toBe('Bound');
    t.store.delete('PersistentVolumeClaim', 'default', 'a');
    t.until(2000);
    expect(volume(t, 'drop')).toBeUndefined();
  });

  it('a bound claim whose volume is deleted is Lost (ClaimLost)', () => {
    const s = sim([pv('v', '1Gi'), pvc('a', '1Gi', '')]);
    s.until(1000);
    s.store.delete('PersistentVolume', '', 'v');
    s.until(2000);
    expect(claim(s, 'a').status?.phase).toBe('Lost');
    expect(claimEvents(s, 'a')).toContain('ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  });
});

describe('PersistentVolume controller: dynamic provisioning', () => {
  it('Immediate: ExternalProvisioning, Provisioning, then after the seeded delay ProvisioningSucceeded and Bound', () => {
    const s = sim([sc('fast', 'Immediate'), pvc('data', '10Gi', 'fast')]);
    s.until(1000);
    expect(claim(s, 'data').status?.phase).toBe('Pending');
    expect(claim(s, 'data').metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('pd.csi.storage.gke.io');
    s.until(10_000);
    const c = claim(s, 'data');
    const name = `pvc-${c.metadata.uid}`;
    expect(c.spec?.volumeName).toBe(name);
    expect(c.status?.phase).toBe('Bound');
    expect(claimEvents(s, 'data')).toEqual([
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'pd.csi.storage.gke.io' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Provisioning: External provisioner is provisioning volume for claim "default/data"',
      `ProvisioningSucceeded: Successfully provisioned volume ${name}`,
    ]);
    const v = volume(s, name)!;
    expect(v.spec).toMatchObject({ capacity: { storage: '10Gi' }, persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'fast', accessModes: ['ReadWriteOnce'] });
    expect(v.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('pd.csi.storage.gke.io');
    const zone = v.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0];
    expect(zone?.key).toBe('topology.kubernetes.io/zone');
    expect(['zone-a', 'zone-b', 'zone-c']).toContain(zone?.values?.[0]);
  });

  it('the provisioning delay is seeded: same seed same instant, within [2 s, 8 s]', () => {
    const boundAt = (seed: number) => {
      const s = new Simulation({ seed, nodes: nodes(3), objects: [sc('fast', 'Immediate'), pvc('data', '1Gi', 'fast')] });
      for (let t = 0; t <= 10_000; t += 100) {
        s.until(t);
        if (claim(s, 'data').status?.phase === 'Bound') return t;
      }
      return -1;
    };
    const a = boundAt(7);
    expect(a).toBe(boundAt(7));
    expect(a).toBeGreaterThanOrEqual(2000);
    expect(a).toBeLessThanOrEqual(8100);
  });

  it('Immediate with allowedTopologies provisions only in the allowed zones', () => {
    const allowed = { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['zone-b'] }] }] };
    const s = sim([sc('b-only', 'Immediate', allowed), pvc('x-0', '1Gi', 'b-only'), pvc('x-1', '1Gi', 'b-only')]);
    s.until(10_000);
    for (const n of ['x-0', 'x-1']) {
      const v = volume(s, claim(s, n).spec!.volumeName!)!;
      expect(v.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values).toEqual(['zone-b']);
    }
  });

  it('WaitForFirstConsumer: waits for the selected node, then provisions in that node’s zone', () => {
    const s = sim([sc('wffc', 'WaitForFirstConsumer'), pvc('data', '1Gi', 'wffc')]);
    s.until(10_000);
    expect(claim(s, 'data').status?.phase).toBe('Pending');
    expect(claimEvents(s, 'data')).toEqual(['WaitForFirstConsumer: waiting for first consumer to be created before binding']);
    s.store.mutate<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data', (d) => {
      d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': 'node-2' };
    });
    s.until(20_000);
    const c = claim(s, 'data');
    expect(c.status?.phase).toBe('Bound');
    expect(volume(s, c.spec!.volumeName!)!.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values).toEqual(['zone-b']);
  });

  it('kubernetes.io/no-provisioner: the claim waits for a volume made by hand', () => {
    const local = { ...sc('local', 'Immediate'), provisioner: 'kubernetes.io/no-provisioner' } as KubeObject;
    const s = sim([local, pvc('data', '1Gi', 'local')]);
    s.until(20_000);
    expect(claim(s, 'data').status?.phase).toBe('Pending');
    expect(s.store.list('PersistentVolume')).toHaveLength(0);
    expect(claimEvents(s, 'data')[0]).toMatch(/^ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'kubernetes.io\/no-provisioner'/);
  });

  it('DefaultStorageClass admission: a claim without a class gets the default one; an explicit "" is kept', () => {
    const def = { ...sc('standard', 'Immediate'), metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } } as KubeObject;
    const s = sim([def, pvc('none', '1Gi'), pvc('empty', '1Gi', '')]);
    expect(claim(s, 'none').spec?.storageClassName).toBe('standard');
    expect(claim(s, 'empty').spec?.storageClassName).toBe('');
  });
});

describe('chooseImmediateZone', () => {
  it('spreads a StatefulSet’s claims over consecutive zones', () => {
    const zones = ['a', 'b', 'c'];
    const picks = [0, 1, 2].map((i) => chooseImmediateZone(`www-web-${i}`, zones));
    expect(new Set(picks).size).toBe(3);
    expect(chooseImmediateZone('anything', [])).toBeUndefined();
  });
});
