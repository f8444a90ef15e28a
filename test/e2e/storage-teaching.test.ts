/**
 * What the storage and StatefulSet scenarios claim in their descriptions, checked on the runs themselves
 * (teaching.test.ts style): zonal volumes pin a StatefulSet pod to its zone through a node failure, and an HPA
 * scales a StatefulSet up and down in ordinal order, each new pod waiting for its own volume.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';

const scenarioDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

function prepare(file: string): ScenarioRun {
  const r = loadScenarioFile(path.join(scenarioDir, file), nodeFileSystem);
  expect(r.errors).toEqual([]);
  return new ScenarioRun(r.scenario!);
}

const MIN = 60_000;
const isReady = (p: Pod | undefined) => p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const zoneOf = (run: ScenarioRun, node: string | undefined) => run.sim.store.get<Node>('Node', '', node ?? '')?.metadata.labels?.['topology.kubernetes.io/zone'];
const pvZone = (pv: PersistentVolume | undefined) => pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values?.[0];

describe('statefulset-zone-failure', () => {
  it('web-1 comes back only in zone a: Pending with the volume affinity conflict while zone a is full, then on the new zone-a node with its old volume', () => {
    const run = prepare('statefulset-zone-failure.yaml');
    const { store } = run.sim;
    const placements: { at: number; node: string }[] = [];
    store.watch<Pod>('Pod', (e) => {
      if (e.object.metadata.name === 'web-1' && e.object.spec?.nodeName && !e.old?.spec?.nodeName) placements.push({ at: run.sim.nowMs, node: e.object.spec.nodeName });
    });
    run.run(9 * MIN);
    // Every claim's volume was provisioned in the zone of its pod's first node.
    for (const i of [0, 1, 2]) {
      const pod = store.get<Pod>('Pod', 'default', `web-${i}`)!;
      const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', `www-web-${i}`)!;
      expect(claim.status?.phase).toBe('Bound');
      expect(pvZone(store.get<PersistentVolume>('PersistentVolume', '', claim.spec!.volumeName!))).toBe(zoneOf(run, pod.spec?.nodeName));
    }
    expect(store.get<Pod>('Pod', 'default', 'web-1')!.spec?.nodeName).toBe('zone-a-2');
    const volume = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-1')!.spec!.volumeName;

    // The node failed at 10m; the 300 s toleration has passed, but the pod on the unreachable node stays Terminating.
    run.run(19 * MIN);
    const stuck = store.get<Pod>('Pod', 'default', 'web-1')!;
    expect(stuck.metadata.deletionTimestamp).toBeDefined();
    expect(stuck.spec?.nodeName).toBe('zone-a-2');

    // After the VM is gone: a new web-1, Pending for the volume's zone although zones b and c have room.
    run.run(30 * MIN);
    const pending = store.get<Pod>('Pod', 'default', 'web-1')!;
    expect(pending.spec?.nodeName).toBeUndefined();
    const cond = pending.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond?.reason).toBe('Unschedulable');
    expect(cond?.message).toMatch(/^0\/5 nodes are available: 1 Insufficient cpu, 4 node\(s\) had volume node affinity conflict\. /);
    for (const n of ['zone-b-1', 'zone-b-2', 'zone-c-1', 'zone-c-2']) {
      const requested = store.list<Pod>('Pod').filter((p) => p.spec?.nodeName === n).length * 500;
      expect(2000 - requested).toBeGreaterThanOrEqual(500);
    }

    run.run();
    const back = store.get<Pod>('Pod', 'default', 'web-1')!;
    expect(isReady(back)).toBe(true);
    expect(back.spec?.nodeName).toBe('zone-a-3');
    expect(store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-1')!.spec!.volumeName).toBe(volume);
    expect(placements.map((p) => zoneOf(run, p.node) ?? 'a')).toEqual(['a', 'a']);
    expect(placements[1]!.at).toBeGreaterThanOrEqual(40 * MIN);
  });
});

describe('statefulset-hpa', () => {
  it('scales up in ordinal order, each pod after its predecessor is Ready and its own claim is Bound; scales down from the highest ordinal, one at a time; the claims stay', () => {
    const run = prepare('statefulset-hpa.yaml');
    const { store } = run.sim;
    const created = new Map<string, number>();
    const ready = new Map<string, number>();
    const bound = new Map<string, number>();
    const deleting = new Map<string, number>();
    const gone = new Map<string, number>();
    const claimBound = new Map<string, number>();
    store.watch<Pod>('Pod', (e) => {
      const n = e.object.metadata.name;
      const t = run.sim.nowMs;
      if (e.type === 'ADDED') created.set(n, t);
      if (e.type === 'DELETED') gone.set(n, t);
      else {
        if (e.object.spec?.nodeName && !bound.has(n)) bound.set(n, t);
        if (isReady(e.object) && !ready.has(n)) ready.set(n, t);
        if (e.object.metadata.deletionTimestamp && !deleting.has(n)) deleting.set(n, t);
      }
    });
    store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (e.object.status?.phase === 'Bound' && !claimBound.has(e.object.metadata.name)) claimBound.set(e.object.metadata.name, run.sim.nowMs);
    });
    run.run();
    const names = [0, 1, 2, 3, 4, 5].map((i) => `web-${i}`);
    for (let i = 1; i < names.length; i++) expect(created.get(names[i]!)!).toBeGreaterThanOrEqual(ready.get(names[i - 1]!)!);
    for (const n of names) expect(bound.get(n)!).toBeGreaterThanOrEqual(claimBound.get(`www-${n}`)!);
    // Scale-down: web-5 first, and each next deletion only once the previous pod is gone.
    const down = ['web-5', 'web-4', 'web-3', 'web-2'];
    for (const n of down) expect(gone.has(n)).toBe(true);
    for (let i = 1; i < down.length; i++) expect(deleting.get(down[i]!)!).toBeGreaterThanOrEqual(gone.get(down[i - 1]!)!);
    expect(deleting.get('web-5')!).toBeGreaterThanOrEqual(35 * MIN);
    expect(store.list<Pod>('Pod').map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1']);
    const claims = store.list<PersistentVolumeClaim>('PersistentVolumeClaim');
    expect(claims.map((c) => `${c.metadata.name} ${c.status?.phase}`)).toEqual(names.map((n) => `www-${n} Bound`));
  });
});

describe('volume-expansion', () => {
  it('grows data-postgres-0 online through Resizing and FileSystemResizePending, and refuses the two bad patches with the API server errors', () => {
    const run = prepare('volume-expansion.yaml');
    const { store } = run.sim;
    const claimKey = (c: PersistentVolumeClaim) => `${c.metadata?.namespace}/${c.metadata?.name}`;
    const seen: { at: number; conditions: string[]; capacity: string | undefined; allocated: string | undefined }[] = [];
    store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (e) => {
      if (claimKey(e.object) !== 'default/data-postgres-0') return;
      const row = { at: run.sim.nowMs, conditions: (e.object.status?.conditions ?? []).map((c) => c.type), capacity: e.object.status?.capacity?.['storage'], allocated: e.object.status?.allocatedResources?.['storage'] };
      const last = seen[seen.length - 1];
      if (!last || JSON.stringify({ ...last, at: 0 }) !== JSON.stringify({ ...row, at: 0 })) seen.push(row);
    });
    const podUid = () => store.get<Pod>('Pod', 'default', 'postgres-0')?.metadata.uid;
    run.run(9 * MIN);
    const uid = podUid();
    run.run(30 * MIN);
    const steps = seen.filter((s) => s.at >= 10 * MIN).map(({ at: _at, ...s }) => s);
    expect(steps).toEqual([
      { conditions: ['Resizing'], capacity: '10Gi', allocated: '20Gi' },
      { conditions: ['FileSystemResizePending'], capacity: '10Gi', allocated: '20Gi' },
      { conditions: [], capacity: '20Gi', allocated: '20Gi' },
    ]);
    const times = seen.filter((s) => s.at >= 10 * MIN).map((s) => s.at - 10 * MIN);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThanOrEqual(2000);
    expect(times[1]).toBeLessThanOrEqual(10_000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeLessThanOrEqual(5000);
    const claim = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data-postgres-0')!;
    expect(store.get<PersistentVolume>('PersistentVolume', '', claim.spec!.volumeName!)!.spec!.capacity!['storage']).toBe('20Gi');
    const reasons = run.sim.events.all.filter((e) => e.involvedObject.name === 'data-postgres-0' && e.firstTimestampMs >= 10 * MIN).map((e) => `${e.reason} ${e.message}`);
    expect(reasons).toEqual([
      'ExternalExpanding waiting for an external controller to expand this PVC',
      `Resizing External resizer is resizing volume ${claim.spec!.volumeName}`,
      'FileSystemResizeRequired Require file system resize of volume on node',
      `FileSystemResizeSuccessful MountVolume.NodeExpandVolume succeeded for volume "${claim.spec!.volumeName}" ${store.get<Pod>('Pod', 'default', 'postgres-0')!.spec!.nodeName}`,
    ]);
    // Online: the same pod throughout.
    expect(podUid()).toBe(uid);
    const refused = run.sim.decisions.all.filter((d) => d.controller === 'timeline').map((d) => d.summary);
    expect(refused).toEqual([
      'resize persistentvolumeclaim/data-postgres-0 to 20Gi',
      'resize persistentvolumeclaim/reports to 200Gi: persistentvolumeclaims "reports" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
      'resize persistentvolumeclaim/data-postgres-0 to 15Gi: PersistentVolumeClaim "data-postgres-0" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    ]);
    expect(store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'reports')!.spec!.resources!.requests!['storage']).toBe('100Gi');
  });
});
