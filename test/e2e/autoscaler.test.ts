/**
 * What the cluster-autoscaler scenarios claim in their descriptions, checked on the runs themselves: nodes come
 * after the provisioning delay and go after the unneeded time, a too-big pod gets upstream's NotTriggerScaleUp
 * reasons, a PDB allowing no disruption keeps underused nodes, and the status ConfigMap is kept.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile, loadScenarioFromText } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';

const scenarioDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

function prepare(file: string): ScenarioRun {
  const r = loadScenarioFile(path.join(scenarioDir, file), nodeFileSystem);
  expect(r.errors).toEqual([]);
  return new ScenarioRun(r.scenario!);
}

describe('autoscaler-spike', () => {
  it('the spike adds nodes 90 s after the scale-up; they go after 10 unneeded minutes; cost is reported per group', () => {
    const run = prepare('autoscaler-spike.yaml');
    const added: number[] = [];
    const removed: number[] = [];
    run.sim.store.watch<Node>('Node', (e) => {
      if (e.type === 'ADDED') added.push(run.sim.nowMs);
      if (e.type === 'DELETED') removed.push(run.sim.nowMs);
    });
    run.run();
    const ups = run.sim.decisions.all.filter((d) => d.controller === 'cluster-autoscaler' && d.summary.startsWith('scale up'));
    expect(ups.length).toBeGreaterThan(0);
    // The first node registers exactly the provisioning delay after the first scale-up, after the spike at 1h.
    expect(ups[0]!.tMs).toBeGreaterThan(3_600_000);
    expect(added[0]! - ups[0]!.tMs).toBe(90_000);
    expect(removed.length).toBe(added.length);
    const firstUnneeded = run.sim.decisions.all.find((d) => d.controller === 'cluster-autoscaler' && d.summary.startsWith('unneeded nodes: burst'));
    expect(removed[0]! - firstUnneeded!.tMs).toBeGreaterThanOrEqual(600_000);
    expect(run.sim.store.size('Node')).toBe(2);
    const data = buildReportData(run, run.expectations());
    expect(data.summary.nodeGroups).toEqual([{ name: 'burst', min: 2, max: 8, nodesMin: 2, nodesPeak: 4, nodesEnd: 2 }]);
    const [burst] = data.summary.costByPool;
    expect(burst!.pool).toBe('burst');
    expect(burst!.dollars).toBeCloseTo(data.summary.costDollars, 9);
    expect(burst!.dollars).toBeCloseTo(burst!.nodeHours * 0.0084, 9);
    expect(burst!.nodeHours).toBeGreaterThan(6);
    const status = run.sim.store.get<ConfigMap>('ConfigMap', 'kube-system', 'cluster-autoscaler-status');
    expect(status?.data?.['status']).toContain('cloudProviderTarget: 2');
    expect(run.expectations().every((e) => e.ok)).toBe(true);
  });
});

describe('autoscaler-too-big', () => {
  it("the 12-CPU pod gets NotTriggerScaleUp with one reason per group, and no node is added", () => {
    const run = prepare('autoscaler-too-big.yaml').run();
    const events = run.sim.events.all.filter((e) => e.reason === 'NotTriggerScaleUp');
    expect(events).toHaveLength(1);
    expect(events[0]!.involvedObject.name).toMatch(/^report-/);
    expect(events[0]!.message).toBe("pod didn't trigger scale-up: 1 Insufficient cpu, 1 max node group size reached");
    expect(run.sim.store.size('Node')).toBe(2);
  });
});

describe('autoscaler-pdb-blocks', () => {
  it('every underused node is kept because the PDB allows no disruption', () => {
    const run = prepare('autoscaler-pdb-blocks.yaml').run();
    const plan = run.sim.decisions.all.find((d) => d.controller === 'cluster-autoscaler' && d.object === 'ScaleDown');
    const kept = (plan!.details as { unremovable: { node: string; reason: string; detail: string }[] }).unremovable;
    expect(kept.map((k) => k.node)).toEqual(['general-1', 'general-2', 'general-3']);
    for (const k of kept) {
      expect(k.reason).toBe('BlockedByPod');
      expect(k.detail).toMatch(/^not enough pod disruption budget to move default\/api-/);
    }
    expect(run.sim.store.size('Node')).toBe(3);
  });
});

describe('volume-aware scale-up (the volume plugins on template nodes)', () => {
  // Two node groups in zones a and b; the price expander prefers b. A pod pinned to zone a by its volume's node
  // affinity must scale up only the zone-a group; a pod without volumes takes the cheaper zone-b group.
  const scenario = (withVolume: boolean) => `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
spec:
  seed: 1
  duration: 10m
  cluster:
    nodePools:
    - {name: zone-a, min: 0, max: 3, count: 0, capacity: {cpu: "4", memory: 16Gi}, zones: [a], pricePerHour: 0.40}
    - {name: zone-b, min: 0, max: 3, count: 0, capacity: {cpu: "4", memory: 16Gi}, zones: [b], pricePerHour: 0.10}
    autoscaler: {expander: price}
  manifests:
  - apiVersion: v1
    kind: PersistentVolume
    metadata: {name: data-a}
    spec:
      capacity: {storage: 10Gi}
      accessModes: [ReadWriteOnce]
      storageClassName: manual
      csi: {driver: pd.csi.storage.gke.io, volumeHandle: data-a}
      nodeAffinity:
        required:
          nodeSelectorTerms:
          - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [a]}]
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: data}
    spec:
      storageClassName: manual
      volumeName: data-a
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 10Gi}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: db}
    spec:
      replicas: 1
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: db, image: postgres:16.4, resources: {requests: {cpu: "1", memory: 1Gi}}}]
${withVolume ? '          volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]' : ''}
`;
  const groupsOf = (withVolume: boolean) => {
    const r = loadScenarioFromText(scenario(withVolume), 'two-zones.yaml');
    expect(r.errors).toEqual([]);
    const run = new ScenarioRun(r.scenario!).run();
    const pod = run.sim.store.list<Pod>('Pod')[0]!;
    return { nodes: run.sim.store.list<Node>('Node').map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']), node: pod.spec?.nodeName };
  };
  it('scales up only the zone-a group for a pod whose volume is in zone a', () => {
    expect(groupsOf(true)).toEqual({ nodes: ['a'], node: expect.stringMatching(/^zone-a-/) });
  });
  it('the price expander picks zone b when no volume pins the pod', () => {
    expect(groupsOf(false)).toEqual({ nodes: ['b'], node: expect.stringMatching(/^zone-b-/) });
  });
});
