/**
 * The storage helpers against upstream's tables: pkg/controller/volume/persistentvolume/index_test.go
 * (TestMatchVolume, TestMatchingWithBoundVolumes, TestFindingVolumeWithDifferentAccessModes,
 * TestFindingPreboundVolumes) with their volumes and claims. Upstream's current fixtures give every test volume
 * phase Available (FindMatchingVolume skips other phases); so do these.
 */
import type { ObjectReference, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { describe, expect, it } from 'vitest';
import {
  checkNodeAffinity,
  findBestMatchForClaim,
  findMatchingVolume,
  getDefaultClass,
  isVolumeBoundToClaim,
  matchTopologySelectorTerms,
} from '../../src/api/storage.ts';

type Mode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany';
const RWO: Mode = 'ReadWriteOnce';
const ROX: Mode = 'ReadOnlyMany';
const RWX: Mode = 'ReadWriteMany';

function pv(uid: string, name: string, size: string, modes: Mode[], extra: { claimRef?: ObjectReference; labels?: Record<string, string>; storageClassName?: string } = {}): PersistentVolume {
  return {
    metadata: { uid, name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: {
      capacity: { storage: size },
      accessModes: modes,
      ...(extra.claimRef ? { claimRef: extra.claimRef } : {}),
      ...(extra.storageClassName ? { storageClassName: extra.storageClassName } : {}),
    },
    status: { phase: 'Available' },
  };
}

/** createTestVolumes: deliberately out of order. */
function createTestVolumes(): PersistentVolume[] {
  return [
    pv('gce-pd-10', 'gce003', '10G', [RWO, ROX]),
    pv('gce-pd-20', 'gce004', '20G', [RWO, ROX], { claimRef: { uid: 'def456' } }),
    pv('nfs-5', 'nfs002', '5G', [RWO, ROX, RWX]),
    pv('gce-pd-1', 'gce001', '1G', [RWO, ROX], { claimRef: { uid: 'abc123' } }),
    pv('nfs-10', 'nfs003', '10G', [RWO, ROX, RWX]),
    pv('gce-pd-5', 'gce002', '5G', [RWO, ROX]),
    pv('nfs-1', 'nfs001', '1G', [RWO, ROX, RWX]),
    pv('gce-pd-2', 'gce0022', '20000G', [RWO], { labels: { 'should-exist': 'true' } }),
    pv('gce-pd-silver1', 'gce0023', '10000G', [RWO], { labels: { 'should-exist': 'true' }, storageClassName: 'silver' }),
    pv('gce-pd-silver2', 'gce0024', '100G', [RWO], { storageClassName: 'silver' }),
    pv('gce-pd-gold', 'gce0025', '50G', [RWO], { storageClassName: 'gold' }),
  ];
}

function makePVC(size: string, mod: (c: PersistentVolumeClaim) => void = () => {}): PersistentVolumeClaim {
  const c: PersistentVolumeClaim = {
    metadata: { name: 'claim01', namespace: 'myns' },
    spec: { accessModes: [ROX, RWO], resources: { requests: { storage: size } } },
  };
  mod(c);
  return c;
}

describe('findBestMatchForClaim (index_test.go TestMatchVolume)', () => {
  const volumes = createTestVolumes();
  it.each<[string, string, PersistentVolumeClaim]>([
    ['successful-match-gce-10', 'gce-pd-10', makePVC('8G')],
    ['successful-match-nfs-5', 'nfs-5', makePVC('5G', (c) => void (c.spec!.accessModes = [ROX, RWO, RWX]))],
    ['successful-skip-1g-bound-volume', 'gce-pd-5', makePVC('1G')],
    ['successful-no-match', '', makePVC('999G')],
    ['successful-no-match-due-to-label', '', makePVC('999G', (c) => void (c.spec!.selector = { matchLabels: { 'should-not-exist': 'true' } }))],
    [
      'successful-no-match-due-to-size-constraint-with-label-selector',
      '',
      makePVC('20000G', (c) => {
        c.spec!.selector = { matchLabels: { 'should-exist': 'true' } };
        c.spec!.accessModes = [ROX, RWO];
      }),
    ],
    [
      'successful-match-due-with-constraint-and-label-selector',
      'gce-pd-2',
      makePVC('20000G', (c) => {
        c.spec!.selector = { matchLabels: { 'should-exist': 'true' } };
        c.spec!.accessModes = [RWO];
      }),
    ],
    [
      'successful-match-with-class',
      'gce-pd-silver1',
      makePVC('1G', (c) => {
        c.spec!.selector = { matchLabels: { 'should-exist': 'true' } };
        c.spec!.accessModes = [RWO];
        c.spec!.storageClassName = 'silver';
      }),
    ],
    [
      'successful-match-with-class-and-labels',
      'gce-pd-silver2',
      makePVC('1G', (c) => {
        c.spec!.accessModes = [RWO];
        c.spec!.storageClassName = 'silver';
      }),
    ],
  ])('%s', (_name, expected, claim) => {
    const v = findBestMatchForClaim(claim, volumes, false);
    expect(v?.metadata?.uid ?? '').toBe(expected);
  });
});

describe('index_test.go: bound, access-mode and pre-bound volumes', () => {
  it('TestMatchingWithBoundVolumes: skips the bound one of two similar volumes', () => {
    const pv1 = pv('gce-pd-1', 'gce001', '1G', [RWO, ROX], { claimRef: { uid: 'abc123' } });
    const pv2 = pv('gce-pd-2', 'gce002', '1G', [RWO, ROX]);
    expect(findBestMatchForClaim(makePVC('1G'), [pv1, pv2], false)?.metadata?.name).toBe('gce002');
  });

  it('TestFindingVolumeWithDifferentAccessModes: the fewest modes that contain the claim’s', () => {
    const gce = pv('001', 'gce', '10G', [RWO, ROX]);
    const ebs = pv('002', 'ebs', '10G', [RWO]);
    const nfs = pv('003', 'nfs', '10G', [RWO, ROX, RWX]);
    const all = [gce, ebs, nfs];
    const claim = makePVC('1G', (c) => void (c.spec!.accessModes = [RWO]));
    const find = () => findBestMatchForClaim(claim, all, false)?.metadata?.name;
    expect(find()).toBe('ebs');
    claim.spec!.accessModes = [RWO, ROX];
    expect(find()).toBe('gce');
    claim.spec!.accessModes = [RWX, RWO, ROX];
    expect(find()).toBe('nfs');
    claim.spec!.accessModes = [RWX];
    expect(find()).toBe('nfs');
    ebs.spec!.claimRef = {};
    claim.spec!.accessModes = [RWO];
    expect(find()).toBe('gce');
    gce.spec!.claimRef = {};
    expect(find()).toBe('nfs');
    delete gce.spec!.claimRef;
    claim.spec!.accessModes = [ROX];
    expect(find()).toBe('gce');
  });

  it('TestFindingPreboundVolumes: a volume pre-bound to the claim wins unless too small or of the wrong mode', () => {
    const claim: PersistentVolumeClaim = {
      metadata: { name: 'claim01', namespace: 'myns' },
      spec: { accessModes: [RWO], resources: { requests: { storage: '1Gi' } } },
    };
    const claimRef: ObjectReference = { kind: 'PersistentVolumeClaim', namespace: 'myns', name: 'claim01', apiVersion: 'v1' };
    const testVolume = (name: string, size: string) => pv('', name, size, [RWO]);
    const pv1 = testVolume('pv1', '1Gi');
    const pv5 = testVolume('pv5', '5Gi');
    const pv8 = testVolume('pv8', '8Gi');
    const pvBadSize = testVolume('pvBadSize', '1Mi');
    const pvBadMode = testVolume('pvBadMode', '1Gi');
    pvBadMode.spec!.accessModes = [ROX];
    const all = [pv1, pv5, pv8, pvBadSize, pvBadMode];
    const find = () => findBestMatchForClaim(claim, all, false)?.metadata?.name;
    expect(find()).toBe('pv1');
    pv1.spec!.claimRef = { name: 'foo', namespace: 'bar' };
    expect(find()).toBe('pv5');
    delete pv1.spec!.claimRef;
    pv8.spec!.claimRef = claimRef;
    expect(find()).toBe('pv8');
    delete pv8.spec!.claimRef;
    pvBadSize.spec!.claimRef = claimRef;
    expect(find()).toBe('pv1');
    delete pvBadSize.spec!.claimRef;
    pvBadMode.spec!.claimRef = claimRef;
    expect(find()).toBe('pv1');
  });
});

describe('FindMatchingVolume on the scheduler path and with delayed binding', () => {
  const zonal = (name: string, zone: string): PersistentVolume => ({
    ...pv(name, name, '10Gi', [RWO]),
    spec: { ...pv(name, name, '10Gi', [RWO]).spec, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } } },
  });
  const claim = makePVC('5Gi', (c) => void (c.spec!.accessModes = [RWO]));
  const nodeA = { name: 'n-a', labels: { 'topology.kubernetes.io/zone': 'a' } };

  it('the PV controller leaves unbound volumes of a WaitForFirstConsumer claim to the scheduler', () => {
    expect(findMatchingVolume(claim, [zonal('v-a', 'a')], undefined, new Set(), true)).toBeUndefined();
    expect(findMatchingVolume(claim, [zonal('v-a', 'a')], undefined, new Set(), false)?.metadata?.name).toBe('v-a');
  });

  it('the scheduler checks node affinity and skips volumes chosen for another claim of the pod', () => {
    const vols = [zonal('v-b', 'b'), zonal('v-a', 'a'), zonal('v-a2', 'a')];
    expect(findMatchingVolume(claim, vols, nodeA, new Set(), true)?.metadata?.name).toBe('v-a');
    expect(findMatchingVolume(claim, vols, nodeA, new Set(['v-a']), true)?.metadata?.name).toBe('v-a2');
    expect(checkNodeAffinity(vols[0]!, nodeA)).toBe(false);
  });

  it('a pre-bound volume whose affinity rules the node out matches nothing', () => {
    const bound = zonal('v-b', 'b');
    bound.spec!.claimRef = { name: 'claim01', namespace: 'myns' };
    expect(findMatchingVolume(claim, [bound, zonal('v-a', 'a')], nodeA, new Set(), true)).toBeUndefined();
  });

  it('IsVolumeBoundToClaim compares the uid only when the claimRef has one', () => {
    const c: PersistentVolumeClaim = { metadata: { name: 'c', namespace: 'ns', uid: 'u1' } };
    const v = (ref: ObjectReference): PersistentVolume => ({ spec: { claimRef: ref } });
    expect(isVolumeBoundToClaim(v({ name: 'c', namespace: 'ns' }), c)).toBe(true);
    expect(isVolumeBoundToClaim(v({ name: 'c', namespace: 'ns', uid: 'u1' }), c)).toBe(true);
    expect(isVolumeBoundToClaim(v({ name: 'c', namespace: 'ns', uid: 'u2' }), c)).toBe(false);
    expect(isVolumeBoundToClaim(v({ name: 'c', namespace: 'other' }), c)).toBe(false);
  });
});

describe('StorageClass helpers', () => {
  const sc = (name: string, ts: string, ann?: Record<string, string>): StorageClass => ({ metadata: { name, creationTimestamp: ts, ...(ann ? { annotations: ann } : {}) }, provisioner: 'p' });
  it('GetDefaultClass: the newest default class, ties by name; the beta annotation counts', () => {
    const yes = { 'storageclass.kubernetes.io/is-default-class': 'true' };
    expect(getDefaultClass([sc('a', '2026-01-01T00:00:00Z'), sc('b', '2026-01-01T00:00:00Z', { 'storageclass.kubernetes.io/is-default-class': 'false' })])).toBeUndefined();
    expect(getDefaultClass([sc('old', '2026-01-01T00:00:00Z', yes), sc('new', '2026-01-02T00:00:00Z', yes)])?.metadata?.name).toBe('new');
    expect(getDefaultClass([sc('z', '2026-01-01T00:00:00Z', yes), sc('m', '2026-01-01T00:00:00Z', yes)])?.metadata?.name).toBe('m');
    expect(getDefaultClass([sc('beta', '2026-01-01T00:00:00Z', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' })])?.metadata?.name).toBe('beta');
  });

  it('MatchTopologySelectorTerms: any term whose every expression holds; empty terms match nothing', () => {
    const labels = { 'topology.kubernetes.io/zone': 'a' };
    expect(matchTopologySelectorTerms(undefined, labels)).toBe(true);
    expect(matchTopologySelectorTerms([{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['b', 'a'] }] }], labels)).toBe(true);
    expect(matchTopologySelectorTerms([{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['b'] }] }], labels)).toBe(false);
    expect(matchTopologySelectorTerms([{ matchLabelExpressions: [] }], labels)).toBe(false);
    expect(matchTopologySelectorTerms([{ matchLabelExpressions: [{ key: 'x', values: ['1'] }] }], labels)).toBe(false);
  });
});
