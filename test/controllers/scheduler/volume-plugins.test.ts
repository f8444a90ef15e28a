/**
 * The volume plugins against upstream's tables: volumezone/volume_zone_test.go (TestSingleZone, TestMultiZone,
 * TestWithBinding) and volumebinding/volume_binding_test.go (TestVolumeBinding's PreFilter and Filter statuses;
 * its scores belong to the StorageCapacityScoring gate, not implemented), plus VolumeRestrictions and
 * NodeVolumeLimits cases in upstream's wording.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1';
import { describe, expect, it } from 'vitest';
import type { CycleState, FrameworkHandle, Plugin, StorageLister } from '../../../src/controllers/scheduler/framework/interface.ts';
import type { Status } from '../../../src/controllers/scheduler/framework/status.ts';
import { toPodInfo } from '../../../src/controllers/scheduler/podinfo.ts';
import { newNodeVolumeLimits } from '../../../src/controllers/scheduler/plugins/NodeVolumeLimits/index.ts';
import { newVolumeBinding } from '../../../src/controllers/scheduler/plugins/VolumeBinding/index.ts';
import { newVolumeRestrictions } from '../../../src/controllers/scheduler/plugins/VolumeRestrictions/index.ts';
import { newVolumeZone } from '../../../src/controllers/scheduler/plugins/VolumeZone/index.ts';
import type { PodInfo } from '../../../src/controllers/scheduler/types.ts';
import { buildCache, fixedRng, makeNodeObj } from './helpers.ts';

function lister(objs: { pvs?: PersistentVolume[]; pvcs?: PersistentVolumeClaim[]; classes?: StorageClass[]; csiNodes?: CSINode[] }): StorageLister {
  return {
    claim: (ns, name) => objs.pvcs?.find((c) => c.metadata?.name === name && (c.metadata?.namespace ?? 'default') === ns),
    volume: (name) => objs.pvs?.find((v) => v.metadata?.name === name),
    volumes: () => objs.pvs ?? [],
    storageClass: (name) => objs.classes?.find((c) => c.metadata?.name === name),
    csiNode: (name) => objs.csiNodes?.find((c) => c.metadata?.name === name),
    bindVolumeToClaim: () => {},
    setSelectedNode: () => {},
  };
}

function podWith(name: string, volumes: Volume[]): PodInfo {
  const pod: Pod = { metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'img' }], volumes } };
  return toPodInfo(pod);
}
const pvcVolume = (claimName: string, name = claimName): Volume => ({ name, persistentVolumeClaim: { claimName } });

/** PreFilter then (when it did not reject or skip) Filter on each node, as upstream's table harness. */
function run(factory: (a: unknown, h: FrameworkHandle) => Plugin, storage: StorageLister, pod: PodInfo, nodes: Node[], placed: { pod: PodInfo; node: string }[] = []) {
  const cache = buildCache(nodes, placed);
  const plugin = factory(undefined, { cache, storage, pdbs: () => [], runFilterPlugins: () => null, runPreFilterPlugins: () => null });
  const state: CycleState = { pod, cache, data: new Map(), rng: fixedRng(), activeFilters: [] };
  const show = (s: Status | null) => (s === null ? null : `${s.code}: ${s.message()}`);
  const pre = plugin.preFilter!(state, pod);
  if (pre !== null) return { pre: show(pre), filter: [] as (string | null)[] };
  return { pre: null, filter: nodes.map((_, i) => show(plugin.filter!(state, pod, i))) };
}

describe('VolumeZone (volume_zone_test.go)', () => {
  const BZ = 'failure-domain.beta.kubernetes.io/zone';
  const BR = 'failure-domain.beta.kubernetes.io/region';
  const Z = 'topology.kubernetes.io/zone';
  const R = 'topology.kubernetes.io/region';
  const pv = (name: string, labels: Record<string, string>): PersistentVolume => ({ metadata: { name, labels } });
  const pvc = (name: string, volumeName: string): PersistentVolumeClaim => ({ metadata: { name, namespace: 'default' }, spec: { volumeName } });
  const node = (labels: Record<string, string>) => makeNodeObj('host1', {}, labels);
  const CONFLICT = 'UnschedulableAndUnresolvable: node(s) had no available volume zone';

  describe('TestSingleZone', () => {
    const storage = lister({
      pvs: [
        pv('Vol_1', { [BZ]: 'us-west1-a' }),
        pv('Vol_2', { [BR]: 'us-west1', uselessLabel: 'none' }),
        pv('Vol_3', { [BR]: 'us-west1' }),
        pv('Vol_Stable_1', { [Z]: 'us-west1-a' }),
        pv('Vol_Stable_2', { [R]: 'us-west1', uselessLabel: 'none' }),
        pv('Vol_Stable_3', { [Z]: 'us-west1-a', [R]: 'us-west1-a' }),
      ],
      pvcs: [pvc('PVC_1', 'Vol_1'), pvc('PVC_2', 'Vol_2'), pvc('PVC_3', 'Vol_3'), pvc('PVC_4', 'Vol_not_exist'), pvc('PVC_Stable_1', 'Vol_Stable_1'), pvc('PVC_Stable_2', 'Vol_Stable_2'), pvc('PVC_Stable_3', 'Vol_Stable_3')],
    });
    it.each<[string, string | undefined, Record<string, string>, string | null]>([
      ['node without labels', 'PVC_1', {}, null],
      ['beta zone label matched', 'PVC_1', { [BZ]: 'us-west1-a', uselessLabel: 'none' }, null],
      ['beta region label matched', 'PVC_2', { [BR]: 'us-west1', uselessLabel: 'none' }, null],
      ["beta region label doesn't match", 'PVC_2', { [BR]: 'no_us-west1', uselessLabel: 'none' }, CONFLICT],
      ["beta zone label doesn't match", 'PVC_1', { [BZ]: 'no_us-west1-a', uselessLabel: 'none' }, CONFLICT],
      ['zone label matched', 'PVC_Stable_1', { [Z]: 'us-west1-a', uselessLabel: 'none' }, null],
      ['region label matched', 'PVC_Stable_2', { [R]: 'us-west1', uselessLabel: 'none' }, null],
      ["region label doesn't match", 'PVC_Stable_2', { [R]: 'no_us-west1', uselessLabel: 'none' }, CONFLICT],
      ["zone label doesn't match", 'PVC_Stable_1', { [Z]: 'no_us-west1-a', uselessLabel: 'none' }, CONFLICT],
      ['pv with zone and region, node with only zone', 'PVC_Stable_3', { [Z]: 'us-west1-a' }, CONFLICT],
      ['pv with zone,node with beta zone', 'PVC_Stable_1', { [BZ]: 'us-west1-a' }, CONFLICT],
      ['pv with beta label,node with ga label, matched', 'PVC_1', { [Z]: 'us-west1-a' }, null],
      ["pv with beta label,node with ga label, don't match", 'PVC_1', { [Z]: 'us-west1-b' }, CONFLICT],
    ])('%s', (_name, claim, labels, want) => {
      const r = run(newVolumeZone, storage, podWith('pod_1', claim ? [pvcVolume(claim)] : []), [node(labels)]);
      expect(r.pre).toBeNull();
      expect(r.filter).toEqual([want]);
    });
    it('pod without volume: PreFilter Skip', () => {
      expect(run(newVolumeZone, storage, podWith('pod_1', []), [node({ [BZ]: 'us-west1-a' })]).pre).toBe('Skip: ');
    });
  });

  describe('TestMultiZone', () => {
    const storage = lister({
      pvs: [pv('Vol_1', { [BZ]: 'us-west1-a' }), pv('Vol_2', { [BZ]: 'us-west1-b', uselessLabel: 'none' }), pv('Vol_3', { [BZ]: 'us-west1-c__us-west1-a' }), pv('Vol_Stable_1', { [Z]: 'us-west1-a' }), pv('Vol_Stable_2', { [Z]: 'us-west1-c__us-west1-a' })],
      pvcs: [pvc('PVC_1', 'Vol_1'), pvc('PVC_2', 'Vol_2'), pvc('PVC_3', 'Vol_3'), pvc('PVC_4', 'Vol_not_exist'), pvc('PVC_Stable_1', 'Vol_Stable_1'), pvc('PVC_Stable_2', 'Vol_Stable_2')],
    });
    it.each<[string, string, Record<string, string>, string | null]>([
      ['node without labels', 'PVC_3', {}, null],
      ['beta zone label matched', 'PVC_3', { [BZ]: 'us-west1-a', uselessLabel: 'none' }, null],
      ["beta zone label doesn't match", 'PVC_1', { [BZ]: 'us-west1-b', uselessLabel: 'none' }, CONFLICT],
      ['zone label matched', 'PVC_Stable_2', { [Z]: 'us-west1-a', uselessLabel: 'none' }, null],
      ["zone label doesn't match", 'PVC_Stable_1', { [Z]: 'us-west1-b', uselessLabel: 'none' }, CONFLICT],
    ])('%s', (_name, claim, labels, want) => {
      const r = run(newVolumeZone, storage, podWith('pod_1', [pvcVolume(claim)]), [node(labels)]);
      expect(r.pre).toBeNull();
      expect(r.filter).toEqual([want]);
    });
  });

  describe('TestWithBinding', () => {
    const storage = lister({
      classes: [{ metadata: { name: 'Class_Immediate' }, provisioner: '' }, { metadata: { name: 'Class_Wait' }, provisioner: '', volumeBindingMode: 'WaitForFirstConsumer' }],
      pvs: [pv('Vol_1', { [BZ]: 'us-west1-a' })],
      pvcs: [
        pvc('PVC_1', 'Vol_1'),
        { metadata: { name: 'PVC_NoSC', namespace: 'default' }, spec: { storageClassName: 'Class_0' } },
        { metadata: { name: 'PVC_EmptySC', namespace: 'default' } },
        { metadata: { name: 'PVC_WaitSC', namespace: 'default' }, spec: { storageClassName: 'Class_Wait' } },
        { metadata: { name: 'PVC_ImmediateSC', namespace: 'default' }, spec: { storageClassName: 'Class_Immediate' } },
      ],
    });
    const testNode = node({ [BZ]: 'us-west1-a', uselessLabel: 'none' });
    const pre = (claim: string) => run(newVolumeZone, storage, podWith('pod_1', [pvcVolume(claim)]), [testNode]);
    it('label zone failure domain matched', () => expect(pre('PVC_1')).toEqual({ pre: null, filter: [null] }));
    it('unbound volume empty storage class', () => expect(pre('PVC_EmptySC').pre).toBe('UnschedulableAndUnresolvable: PersistentVolumeClaim had no pv name and storageClass name'));
    it('unbound volume immediate binding mode', () => expect(pre('PVC_ImmediateSC').pre).toBe('UnschedulableAndUnresolvable: VolumeBindingMode not set for StorageClass "Class_Immediate"'));
    it('unbound volume wait binding mode', () => expect(pre('PVC_WaitSC').pre).toBe('Skip: '));
    it('unbound volume no storage class (deviation: a real lister’s singular resource name, not the fake’s plural)', () => {
      expect(pre('PVC_NoSC').pre).toBe('UnschedulableAndUnresolvable: storageclass.storage.k8s.io "Class_0" not found');
    });
  });
});

describe('VolumeBinding (volume_binding_test.go TestVolumeBinding)', () => {
  const waitSC: StorageClass = { metadata: { name: 'wait-sc' }, provisioner: '', volumeBindingMode: 'WaitForFirstConsumer' };
  const waitHDDSC: StorageClass = { metadata: { name: 'wait-hdd-sc' }, provisioner: '', volumeBindingMode: 'WaitForFirstConsumer' };
  const immediateSC: StorageClass = { metadata: { name: 'immediate-sc' }, provisioner: '', volumeBindingMode: 'Immediate' };
  const classes = [waitSC, waitHDDSC, immediateSC];
  const makePVC = (name: string, sc: string, o: { boundPV?: string; phase?: 'Lost'; storage?: string } = {}): PersistentVolumeClaim => ({
    metadata: { name, namespace: 'default', ...(o.boundPV ? { annotations: { 'pv.kubernetes.io/bind-completed': 'true' } } : {}) },
    spec: { storageClassName: sc, ...(o.boundPV ? { volumeName: o.boundPV } : {}), ...(o.storage ? { resources: { requests: { storage: o.storage } } } : {}) },
    ...(o.phase ? { status: { phase: o.phase } } : {}),
  });
  const makePV = (name: string, sc: string, o: { capacity?: string; affinity?: Record<string, string[]> } = {}): PersistentVolume => ({
    metadata: { name },
    spec: {
      storageClassName: sc,
      ...(o.capacity ? { capacity: { storage: o.capacity } } : {}),
      ...(o.affinity
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: Object.entries(o.affinity).map(([key, values]) => ({ key, operator: 'In', values })) }] } } }
        : {}),
    },
    status: { phase: 'Available' },
  });
  const node = (name: string, labels: Record<string, string> = {}) => makeNodeObj(name, {}, { 'kubernetes.io/hostname': name, ...labels });
  const BIND = "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind";
  const go = (claims: string[], pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[], nodes: Node[]) =>
    run(newVolumeBinding, lister({ pvcs, pvs, classes }), podWith('pod-a', claims.map((c) => pvcVolume(c))), nodes);

  it('pod has not pvcs: PreFilter Skip', () => expect(go([], [], [], [node('node-a')]).pre).toBe('Skip: '));
  it('all bound', () => {
    expect(go(['pvc-a'], [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })], [makePV('pv-a', 'wait-sc')], [node('node-a')])).toEqual({ pre: null, filter: [null] });
  });
  it('PVC does not exist', () => expect(go(['pvc-a'], [], [], [node('node-a')]).pre).toBe('UnschedulableAndUnresolvable: persistentvolumeclaim "pvc-a" not found'));
  it('Part of PVCs do not exist', () => {
    expect(go(['pvc-a', 'pvc-b'], [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })], [], [node('node-a')]).pre).toBe('UnschedulableAndUnresolvable: persistentvolumeclaim "pvc-b" not found');
  });
  it('immediate claims not bound', () => {
    expect(go(['pvc-a'], [makePVC('pvc-a', 'immediate-sc')], [], [node('node-a')]).pre).toBe('UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims');
  });
  it('unbound claims no matches', () => expect(go(['pvc-a'], [makePVC('pvc-a', 'wait-sc')], [], [node('node-a')])).toEqual({ pre: null, filter: [BIND] }));
  it('bound and unbound unsatisfied', () => {
    const r = go(['pvc-a', 'pvc-b'], [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' }), makePVC('pvc-b', 'wait-sc')], [makePV('pv-a', 'wait-sc', { affinity: { foo: ['bar'] } })], [node('node-a', { foo: 'barbar' })]);
    expect(r).toEqual({ pre: null, filter: ["UnschedulableAndUnresolvable: node(s) had volume node affinity conflict, node(s) didn't find available persistent volumes to bind"] });
  });
  it('pvc not found', () => expect(go(['pvc-a'], [], [], [node('node-a')]).pre).toBe('UnschedulableAndUnresolvable: persistentvolumeclaim "pvc-a" not found'));
  it('pv not found', () => {
    expect(go(['pvc-a'], [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })], [], [node('node-a')])).toEqual({
      pre: null,
      filter: ['UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'],
    });
  });
  it('pv not found claim lost', () => {
    expect(go(['pvc-a'], [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a', phase: 'Lost' })], [], [node('node-a')]).pre).toBe(
      'UnschedulableAndUnresolvable: persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"',
    );
  });
  it('local volumes with close capacity are preferred (filter statuses)', () => {
    const H = 'kubernetes.io/hostname';
    const pvs = [
      makePV('pv-a-0', 'wait-sc', { capacity: '200Gi', affinity: { [H]: ['node-a'] } }),
      makePV('pv-a-1', 'wait-sc', { capacity: '200Gi', affinity: { [H]: ['node-a'] } }),
      makePV('pv-b-0', 'wait-sc', { capacity: '100Gi', affinity: { [H]: ['node-b'] } }),
      makePV('pv-b-1', 'wait-sc', { capacity: '100Gi', affinity: { [H]: ['node-b'] } }),
    ];
    const r = go(['pvc-a'], [makePVC('pvc-a', 'wait-sc', { storage: '50Gi' })], pvs, [node('node-a'), node('node-b'), node('node-c')]);
    expect(r).toEqual({ pre: null, filter: [null, null, BIND] });
  });
  it('zonal volumes with close capacity are preferred (filter statuses)', () => {
    const Z = 'topology.kubernetes.io/zone';
    const R = 'topology.kubernetes.io/region';
    const pvs = [
      makePV('pv-a-0', 'wait-sc', { capacity: '200Gi', affinity: { [R]: ['region-a'], [Z]: ['zone-a'] } }),
      makePV('pv-a-1', 'wait-sc', { capacity: '200Gi', affinity: { [R]: ['region-a'], [Z]: ['zone-a'] } }),
      makePV('pv-b-0', 'wait-sc', { capacity: '100Gi', affinity: { [R]: ['region-b'], [Z]: ['zone-b'] } }),
      makePV('pv-b-1', 'wait-sc', { capacity: '100Gi', affinity: { [R]: ['region-b'], [Z]: ['zone-b'] } }),
    ];
    const nodes = ['a', 'b', 'c'].flatMap((z) => ['a', 'b'].map((n) => node(`zone-${z}-node-${n}`, { [R]: `region-${z}`, [Z]: `zone-${z}` })));
    const r = go(['pvc-a'], [makePVC('pvc-a', 'wait-sc', { storage: '50Gi' })], pvs, nodes);
    expect(r).toEqual({ pre: null, filter: [null, null, null, null, BIND, BIND] });
  });
  it('a provisioner and allowedTopologies decide provisioning on the node', () => {
    const zonal: StorageClass = { metadata: { name: 'zonal' }, provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'WaitForFirstConsumer', allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a'] }] }] };
    const storage = lister({ pvcs: [makePVC('data', 'zonal')], classes: [zonal] });
    const r = run(newVolumeBinding, storage, podWith('p', [pvcVolume('data')]), [node('n-a', { 'topology.kubernetes.io/zone': 'a' }), node('n-b', { 'topology.kubernetes.io/zone': 'b' })]);
    expect(r).toEqual({ pre: null, filter: [null, BIND] });
  });
});

describe('VolumeRestrictions', () => {
  const pd = (pdName: string, readOnly = false): Volume => ({ name: 'disk', gcePersistentDisk: { pdName, readOnly } });
  it('a GCE PD in use on the node rejects it unless both mount it read-only', () => {
    const other = podWith('other', [pd('foo')]);
    const nodes = [makeNodeObj('n1'), makeNodeObj('n2')];
    expect(run(newVolumeRestrictions, lister({}), podWith('p', [pd('foo')]), nodes, [{ pod: other, node: 'n1' }]).filter).toEqual(['Unschedulable: node(s) had no available disk', null]);
    const ro = podWith('ro', [pd('bar', true)]);
    expect(run(newVolumeRestrictions, lister({}), podWith('p', [pd('bar', true)]), nodes, [{ pod: ro, node: 'n1' }]).filter).toEqual([null, null]);
  });
  it('a ReadWriteOncePod claim in use anywhere rejects every node', () => {
    const storage = lister({ pvcs: [{ metadata: { name: 'solo', namespace: 'default' }, spec: { accessModes: ['ReadWriteOncePod'] } }] });
    const user = podWith('user', [pvcVolume('solo')]);
    const nodes = [makeNodeObj('n1'), makeNodeObj('n2')];
    const msg = 'Unschedulable: node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
    expect(run(newVolumeRestrictions, storage, podWith('p', [pvcVolume('solo')]), nodes, [{ pod: user, node: 'n1' }]).filter).toEqual([msg, msg]);
    expect(run(newVolumeRestrictions, storage, podWith('p', [pvcVolume('solo')]), nodes).pre).toBe('Skip: ');
  });
});

describe('NodeVolumeLimits', () => {
  const driver = 'pd.csi.storage.gke.io';
  const csiNode = (name: string, count: number): CSINode => ({ metadata: { name }, spec: { drivers: [{ name: driver, nodeID: name, allocatable: { count } }] } });
  const bound = (i: number): [PersistentVolumeClaim, PersistentVolume] => [
    { metadata: { name: `c${i}`, namespace: 'default' }, spec: { volumeName: `v${i}` } },
    { metadata: { name: `v${i}` }, spec: { csi: { driver, volumeHandle: `h${i}` } } },
  ];
  const [c1, v1] = bound(1);
  const [c2, v2] = bound(2);
  const [c3, v3] = bound(3);
  const storage = lister({ pvcs: [c1, c2, c3], pvs: [v1, v2, v3], csiNodes: [csiNode('n1', 2)] });
  it('rejects a node whose CSI driver would exceed its attach count; nodes without CSINode have no limit', () => {
    const placed = [{ pod: podWith('a', [pvcVolume('c1')]), node: 'n1' }, { pod: podWith('b', [pvcVolume('c2')]), node: 'n1' }];
    expect(run(newNodeVolumeLimits, storage, podWith('p', [pvcVolume('c3')]), [makeNodeObj('n1'), makeNodeObj('n2')], placed).filter).toEqual(['Unschedulable: node(s) exceed max volume count', null]);
  });
  it('a volume already attached on the node for another pod counts once', () => {
    const placed = [{ pod: podWith('a', [pvcVolume('c1')]), node: 'n1' }, { pod: podWith('b', [pvcVolume('c2')]), node: 'n1' }];
    expect(run(newNodeVolumeLimits, storage, podWith('p', [pvcVolume('c1')]), [makeNodeObj('n1')], placed).filter).toEqual([null]);
  });
});
