import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { describe, expect, it } from 'vitest';
import {
  markControllerResizeInProgress,
  markForFSResize,
  markFSResizeFinished,
  needsExpansion,
  persistentVolumeClaimResizeAdmission,
  validatePersistentVolumeClaimUpdate,
} from '../../../src/controllers/volume/expand/resize.ts';

const claim = (phase: string, request: string, capacity?: string, extra: Partial<NonNullable<PersistentVolumeClaim['status']>> = {}): PersistentVolumeClaim => ({
  metadata: { name: 'data', namespace: 'default' },
  spec: { storageClassName: 'standard', volumeName: phase === 'Bound' ? 'pv-1' : undefined, resources: { requests: { storage: request } } },
  status: { phase, ...(capacity ? { capacity: { storage: capacity } } : {}), ...extra },
});
const classes: Record<string, StorageClass> = {
  standard: { metadata: { name: 'standard' }, provisioner: 'pd.csi.storage.gke.io', allowVolumeExpansion: true },
  fixed: { metadata: { name: 'fixed' }, provisioner: 'pd.csi.storage.gke.io' },
};
const csi: PersistentVolume = { metadata: { name: 'pv-1' }, spec: { csi: { driver: 'pd.csi.storage.gke.io', volumeHandle: 'pv-1' } } };

describe('kubesim cases, not upstream rows: ValidatePersistentVolumeClaimUpdate (storage, RecoverVolumeExpansionFailure on)', () => {
  it.each([
    ['a bound claim grows', 'Bound', '10Gi', '10Gi', '20Gi', []],
    ['a bound claim lowers its request back above status.capacity (recovery)', 'Bound', '30Gi', '10Gi', '20Gi', []],
    ['a bound claim shrinks to its capacity', 'Bound', '20Gi', '20Gi', '20Gi', []],
    ['a bound claim shrinks below its capacity', 'Bound', '20Gi', '20Gi', '15Gi', ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']],
    ['a pending claim changes its request', 'Pending', '10Gi', undefined, '20Gi', ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']],
    ['the same size, written otherwise', 'Pending', '1Gi', undefined, '1024Mi', []],
  ] as const)('%s', (_name, phase, request, capacity, next, errors) => {
    expect(validatePersistentVolumeClaimUpdate(claim(phase, request, capacity), next)).toEqual(errors);
  });
});

describe('kubesim cases, not upstream rows: the PersistentVolumeClaimResize admission plugin', () => {
  const admit = (c: PersistentVolumeClaim, next: string, pv: PersistentVolume | null = csi) =>
    persistentVolumeClaimResizeAdmission(c, next, (n) => classes[n], (n) => (n === 'pv-1' && pv !== null ? pv : undefined));
  it('lets a bound CSI claim of an expandable class grow, and anything not growing through', () => {
    expect(admit(claim('Bound', '10Gi', '10Gi'), '20Gi')).toBeUndefined();
    expect(admit({ ...claim('Bound', '10Gi', '10Gi'), spec: { ...claim('Bound', '10Gi').spec, storageClassName: 'fixed' } }, '5Gi')).toBeUndefined();
  });
  it('refuses with upstream reasons', () => {
    expect(admit(claim('Pending', '10Gi'), '20Gi')).toBe('Only bound persistent volume claims can be expanded');
    expect(admit({ ...claim('Bound', '10Gi', '10Gi'), spec: { ...claim('Bound', '10Gi').spec, storageClassName: 'fixed' } }, '20Gi')).toBe(
      'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
    expect(admit({ ...claim('Bound', '10Gi', '10Gi'), spec: { ...claim('Bound', '10Gi').spec, storageClassName: '' } }, '20Gi')).toBe(
      'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
    expect(admit(claim('Bound', '10Gi', '10Gi'), '20Gi', null)).toBe('Error updating persistent volume claim because fetching associated persistent volume failed');
    expect(admit(claim('Bound', '10Gi', '10Gi'), '20Gi', { metadata: { name: 'pv-1' }, spec: { hostPath: { path: '/data' } } })).toBe('volume plugin does not support resize');
  });
});

describe('kubesim cases, not upstream rows: the claim status through a resize', () => {
  it('in progress, node pending, finished; needsExpansion only before it starts', () => {
    const c = claim('Bound', '20Gi', '10Gi');
    expect(needsExpansion(c)).toBe(true);
    const s1 = markControllerResizeInProgress(c.status!, '20Gi', 'T1')!;
    expect(s1).toEqual({
      phase: 'Bound',
      capacity: { storage: '10Gi' },
      conditions: [{ type: 'Resizing', status: 'True', lastTransitionTime: 'T1' }],
      allocatedResources: { storage: '20Gi' },
      allocatedResourceStatuses: { storage: 'ControllerResizeInProgress' },
    });
    expect(needsExpansion({ ...c, status: s1 })).toBe(false);
    const s2 = markForFSResize(s1, 'T2')!;
    expect(s2.conditions).toEqual([{ type: 'FileSystemResizePending', status: 'True', lastTransitionTime: 'T2', message: 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.' }]);
    expect(s2.allocatedResourceStatuses).toEqual({ storage: 'NodeResizePending' });
    expect(markFSResizeFinished(s2, '20Gi')).toEqual({ phase: 'Bound', capacity: { storage: '20Gi' }, allocatedResources: { storage: '20Gi' } });
    // Grown again while the first resize ran: the new size needs its own pass.
    expect(needsExpansion({ ...c, spec: { ...c.spec, resources: { requests: { storage: '30Gi' } } }, status: s2 })).toBe(true);
  });
});
