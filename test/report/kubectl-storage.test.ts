/**
 * kubectl's views of StatefulSets and the storage kinds: `get` rows as printers.go prints them and `describe` as
 * the describers write it, on fixture objects one hour after creation.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { describe, expect, it } from 'vitest';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from '../../src/report/describe.ts';
import { getAccessModesAsString, printPersistentVolume, printPersistentVolumeClaim, printStatefulSet, printStorageClass } from '../../src/report/kubectl-storage.ts';

const epochMs = Date.UTC(2026, 0, 5);
const clock = { epochMs, nowMs: 3600_000 };
const created = new Date(epochMs).toISOString().replace('.000Z', 'Z');

const claim = (bound: boolean): PersistentVolumeClaim => ({
  metadata: { name: 'www-web-0', namespace: 'default', creationTimestamp: created, labels: { app: 'nginx' } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard-rwo', volumeMode: 'Filesystem', ...(bound ? { volumeName: 'pvc-1' } : {}) },
  status: bound ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } : { phase: 'Pending' },
});
const volume: PersistentVolume = {
  metadata: { name: 'pvc-1', creationTimestamp: created, annotations: { 'pv.kubernetes.io/provisioned-by': 'pd.csi.storage.gke.io' } },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Delete',
    storageClassName: 'standard-rwo',
    volumeMode: 'Filesystem',
    claimRef: { namespace: 'default', name: 'www-web-0' },
    csi: { driver: 'pd.csi.storage.gke.io', volumeHandle: 'pvc-1' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] }] } },
  },
  status: { phase: 'Bound' },
};
const sc: StorageClass = {
  metadata: { name: 'standard-rwo', creationTimestamp: created, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'pd.csi.storage.gke.io',
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
};

describe('kubectl get', () => {
  it('GetAccessModesAsString: RWO, ROX, RWX, RWOP order whatever the input order', () => {
    expect(getAccessModesAsString(['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOnce'])).toBe('RWO,ROX,RWX');
    expect(getAccessModesAsString(['ReadWriteOncePod'])).toBe('RWOP');
    expect(getAccessModesAsString(undefined)).toBe('');
  });
  it('statefulsets: READY is ready/desired; -o wide adds containers and images', () => {
    const set: StatefulSet = {
      metadata: { name: 'web', creationTimestamp: created },
      spec: { replicas: 3, selector: {}, serviceName: 'nginx', template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.7' }] } } },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(printStatefulSet(set, clock)).toEqual(['web', '2/3', '60m']);
    expect(printStatefulSet(set, clock, true)).toEqual(['web', '2/3', '60m', 'nginx', 'registry.k8s.io/nginx-slim:0.7']);
  });
  it('persistentvolumeclaims: capacity and access modes only once bound', () => {
    expect(printPersistentVolumeClaim(claim(false), clock)).toEqual(['www-web-0', 'Pending', '', '', '', 'standard-rwo', '<unset>', '60m']);
    expect(printPersistentVolumeClaim(claim(true), clock, true)).toEqual(['www-web-0', 'Bound', 'pvc-1', '1Gi', 'RWO', 'standard-rwo', '<unset>', '60m', 'Filesystem']);
  });
  it('persistentvolumes: CLAIM is namespace/name', () => {
    expect(printPersistentVolume(volume, clock)).toEqual(['pvc-1', '1Gi', 'RWO', 'Delete', 'Bound', 'default/www-web-0', 'standard-rwo', '<unset>', '', '60m']);
  });
  it('storageclasses: the default class is marked, unset fields show their defaults', () => {
    expect(printStorageClass(sc, clock)).toEqual(['standard-rwo (default)', 'pd.csi.storage.gke.io', 'Delete', 'WaitForFirstConsumer', 'true', '60m']);
    expect(printStorageClass({ metadata: { name: 'plain', creationTimestamp: created }, provisioner: 'p' }, clock)).toEqual(['plain', 'p', 'Delete', 'Immediate', 'false', '60m']);
  });
});

describe('kubectl describe', () => {
  it('persistentvolumeclaim: Used By names the pods that mount it', () => {
    const pod: Pod = { metadata: { name: 'web-0', namespace: 'default' }, spec: { containers: [], volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }] } };
    expect(describePersistentVolumeClaim(claim(true), [pod], [], clock)).toBe(
      [
        'Name:          www-web-0',
        'Namespace:     default',
        'StorageClass:  standard-rwo',
        'Status:        Bound',
        'Volume:        pvc-1',
        'Labels:        app=nginx',
        'Annotations:   <none>',
        'Finalizers:    []',
        'Capacity:      1Gi',
        'Access Modes:  RWO',
        'VolumeMode:    Filesystem',
        'Used By:       web-0',
        'Events:        <none>',
        '',
      ].join('\n'),
    );
  });
  it('persistentvolume: node affinity terms and the CSI source', () => {
    expect(describePersistentVolume(volume, [], clock)).toBe(
      [
        'Name:              pvc-1',
        'Labels:            <none>',
        'Annotations:       pv.kubernetes.io/provisioned-by: pd.csi.storage.gke.io',
        'Finalizers:        []',
        'StorageClass:      standard-rwo',
        'Status:            Bound',
        'Claim:             default/www-web-0',
        'Reclaim Policy:    Delete',
        'Access Modes:      RWO',
        'VolumeMode:        Filesystem',
        'Capacity:          1Gi',
        'Node Affinity:     ',
        '  Required Terms:  ',
        '    Term 0:        topology.kubernetes.io/zone in [a]',
        'Message:           ',
        'Source:',
        '    Type:              CSI (a Container Storage Interface (CSI) volume source)',
        '    Driver:            pd.csi.storage.gke.io',
        '    FSType:            ',
        '    VolumeHandle:      pvc-1',
        '    ReadOnly:          false',
        '    VolumeAttributes:  <none>',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
  });
  it('storageclass', () => {
    expect(describeStorageClass(sc, [], clock)).toBe(
      [
        'Name:                  standard-rwo',
        'IsDefaultClass:        Yes',
        'Annotations:           storageclass.kubernetes.io/is-default-class=true',
        'Provisioner:           pd.csi.storage.gke.io',
        'Parameters:            <none>',
        'AllowVolumeExpansion:  True',
        'MountOptions:          <none>',
        'VolumeBindingMode:     WaitForFirstConsumer',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
  });
});
