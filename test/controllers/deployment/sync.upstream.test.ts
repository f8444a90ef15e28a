import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { formatRfc3339 } from '../../../src/cluster/time.ts';
import { Priority, WorkQueue } from '../../../src/controllers/context.ts';
import { DeploymentSyncer, type Dep, type RS } from '../../../src/controllers/deployment/sync.ts';
import { MaxSurge, SetReplicasAnnotations, setDefaultsDeployment } from '../../../src/controllers/deployment/util.ts';
import { makeContext } from './fixture.ts';

// pkg/controller/deployment/sync_test.go TestScale: every row, through DeploymentSyncer.scale on a real store.
// Upstream reads the sizes from its fake clientset's update actions, skipping the ReplicaSets a row lists in
// `wasntUpdated`; in those rows kubesim writes nothing to those ReplicaSets, so the store's sizes are compared with
// every expectation.

/** Upstream's `newDeployment(name, replicas, nil, maxSurge, maxUnavailable, selector)`: surge and unavailable 0 unless given. */
function newDeployment(replicas: number, maxSurge = 0, maxUnavailable = 0, selector: Record<string, string> | undefined = undefined): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'foo-uid', annotations: {} },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: '', image: 'foo/bar' }] } },
    },
  };
}

const newTimestamp = Date.UTC(2016, 4, 20, 2, 0, 0);
const oldTimestamp = Date.UTC(2016, 4, 20, 1, 0, 0);
const olderTimestamp = Date.UTC(2016, 4, 20, 0, 0, 0);

/** Upstream's `rs(name, replicas, nil, timestamp)`, with `status.availableReplicas` 0. */
interface RsRow {
  name: string;
  replicas: number;
  created: number;
}
const rs = (name: string, replicas: number, created: number): RsRow => ({ name, replicas, created });

interface ScaleRow {
  name: string;
  deployment: Deployment;
  oldDeployment: Deployment;
  newRS: RsRow | undefined;
  oldRSs: RsRow[];
  expectedNew: number | undefined;
  expectedOld: number[];
  desiredReplicasAnnotations?: Record<string, number>;
}

const updatedTemplate = (replicas: number) => {
  const d = newDeployment(replicas, 0, 0, { foo: 'bar' });
  d.spec!.template.metadata!.labels = { ...d.spec!.template.metadata!.labels, another: 'label' };
  return d;
};

const rows: ScaleRow[] = [
  { name: 'normal scaling event: 10 -> 12', deployment: newDeployment(12), oldDeployment: newDeployment(10), newRS: rs('foo-v1', 10, newTimestamp), oldRSs: [], expectedNew: 12, expectedOld: [] },
  { name: 'normal scaling event: 10 -> 5', deployment: newDeployment(5), oldDeployment: newDeployment(10), newRS: rs('foo-v1', 10, newTimestamp), oldRSs: [], expectedNew: 5, expectedOld: [] },
  { name: 'proportional scaling: 5 -> 10', deployment: newDeployment(10), oldDeployment: newDeployment(5), newRS: rs('foo-v2', 2, newTimestamp), oldRSs: [rs('foo-v1', 3, oldTimestamp)], expectedNew: 4, expectedOld: [6] },
  { name: 'proportional scaling: 5 -> 3', deployment: newDeployment(3), oldDeployment: newDeployment(5), newRS: rs('foo-v2', 2, newTimestamp), oldRSs: [rs('foo-v1', 3, oldTimestamp)], expectedNew: 1, expectedOld: [2] },
  { name: 'proportional scaling: 9 -> 4', deployment: newDeployment(4), oldDeployment: newDeployment(9), newRS: rs('foo-v2', 8, newTimestamp), oldRSs: [rs('foo-v1', 1, oldTimestamp)], expectedNew: 4, expectedOld: [0] },
  {
    name: 'proportional scaling: 7 -> 10',
    deployment: newDeployment(10),
    oldDeployment: newDeployment(7),
    newRS: rs('foo-v3', 2, newTimestamp),
    oldRSs: [rs('foo-v2', 3, oldTimestamp), rs('foo-v1', 2, olderTimestamp)],
    expectedNew: 3,
    expectedOld: [4, 3],
  },
  {
    name: 'proportional scaling: 13 -> 8',
    deployment: newDeployment(8),
    oldDeployment: newDeployment(13),
    newRS: rs('foo-v3', 2, newTimestamp),
    oldRSs: [rs('foo-v2', 8, oldTimestamp), rs('foo-v1', 3, olderTimestamp)],
    expectedNew: 1,
    expectedOld: [5, 2],
  },
  {
    name: 'leftover distribution: 3 -> 4',
    deployment: newDeployment(4),
    oldDeployment: newDeployment(3),
    newRS: rs('foo-v3', 1, newTimestamp),
    oldRSs: [rs('foo-v2', 1, oldTimestamp), rs('foo-v1', 1, olderTimestamp)],
    expectedNew: 2,
    expectedOld: [1, 1],
  },
  {
    name: 'leftover distribution: 3 -> 2',
    deployment: newDeployment(2),
    oldDeployment: newDeployment(3),
    newRS: rs('foo-v3', 1, newTimestamp),
    oldRSs: [rs('foo-v2', 1, oldTimestamp), rs('foo-v1', 1, olderTimestamp)],
    expectedNew: 1,
    expectedOld: [1, 0],
  },
  {
    name: 'proportional scaling (no new rs): 4 -> 5',
    deployment: newDeployment(5),
    oldDeployment: newDeployment(4),
    newRS: undefined,
    oldRSs: [rs('foo-v2', 2, oldTimestamp), rs('foo-v1', 2, olderTimestamp)],
    expectedNew: undefined,
    expectedOld: [3, 2],
  },
  {
    name: 'proportional scaling: 6 -> 0',
    deployment: newDeployment(0),
    oldDeployment: newDeployment(6),
    newRS: rs('foo-v3', 3, newTimestamp),
    oldRSs: [rs('foo-v2', 2, oldTimestamp), rs('foo-v1', 1, olderTimestamp)],
    expectedNew: 0,
    expectedOld: [0, 0],
  },
  {
    name: 'proportional scaling: 0 -> 6',
    deployment: newDeployment(6),
    oldDeployment: newDeployment(6),
    newRS: rs('foo-v3', 0, newTimestamp),
    oldRSs: [rs('foo-v2', 0, oldTimestamp), rs('foo-v1', 0, olderTimestamp)],
    expectedNew: 6,
    expectedOld: [0, 0],
  },
  {
    name: 'failed rs update',
    deployment: newDeployment(5),
    oldDeployment: newDeployment(5),
    newRS: rs('foo-v3', 2, newTimestamp),
    oldRSs: [rs('foo-v2', 1, oldTimestamp), rs('foo-v1', 1, olderTimestamp)],
    expectedNew: 2,
    expectedOld: [2, 1],
    desiredReplicasAnnotations: { 'foo-v2': 3 },
  },
  {
    name: 'deployment with surge pods',
    deployment: newDeployment(20, 2),
    oldDeployment: newDeployment(10, 2),
    newRS: rs('foo-v2', 6, newTimestamp),
    oldRSs: [rs('foo-v1', 6, oldTimestamp)],
    expectedNew: 11,
    expectedOld: [11],
  },
  {
    name: 'change both surge and size',
    deployment: newDeployment(50, 6),
    oldDeployment: newDeployment(10, 3),
    newRS: rs('foo-v2', 5, newTimestamp),
    oldRSs: [rs('foo-v1', 8, oldTimestamp)],
    expectedNew: 22,
    expectedOld: [34],
  },
  {
    name: 'change both size and template',
    deployment: updatedTemplate(14),
    oldDeployment: newDeployment(10, 0, 0, { foo: 'bar' }),
    newRS: undefined,
    oldRSs: [rs('foo-v2', 7, newTimestamp), rs('foo-v1', 3, oldTimestamp)],
    expectedNew: undefined,
    expectedOld: [10, 4],
  },
  {
    name: 'saturated but broken new replica set does not affect old pods',
    deployment: newDeployment(2, 1, 1),
    oldDeployment: newDeployment(2, 1, 1),
    newRS: rs('foo-v2', 2, newTimestamp),
    oldRSs: [rs('foo-v1', 1, oldTimestamp)],
    expectedNew: 2,
    expectedOld: [1],
  },
];

describe('TestScale', () => {
  it.each(rows)('$name', (row) => {
    const ctx = makeContext();
    const dc = new DeploymentSyncer(ctx, new WorkQueue(ctx.engine, Priority.Deployment, () => undefined));
    const old = setDefaultsDeployment(row.oldDeployment);
    const create = (r: RsRow): RS => {
      const desired = row.desiredReplicasAnnotations?.[r.name] ?? old.spec!.replicas!;
      const annotations: Record<string, string> = {};
      SetReplicasAnnotations(annotations, desired, desired + MaxSurge(old));
      const obj: ReplicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: r.name, namespace: 'default', annotations, creationTimestamp: formatRfc3339(r.created) },
        spec: { replicas: r.replicas, selector: {}, template: {} },
        status: { replicas: r.replicas, availableReplicas: 0 },
      };
      return ctx.store.create('ReplicaSet', obj) as RS;
    };
    const newRS = row.newRS && create(row.newRS);
    const oldRSs = row.oldRSs.map(create);
    dc.scale(setDefaultsDeployment(row.deployment) as Dep, newRS, oldRSs);
    const size = (name: string) => ctx.store.get<ReplicaSet>('ReplicaSet', 'default', name)?.spec?.replicas;
    if (row.newRS) expect(size(row.newRS.name)).toBe(row.expectedNew);
    expect(row.oldRSs.map((r) => size(r.name))).toEqual(row.expectedOld);
  });
});

// TestDeploymentController_cleanupDeployment and TestDeploymentController_cleanupDeploymentOrder: every row, through
// DeploymentSyncer.cleanupDeployment, counting the store's ReplicaSet deletions. kubesim's store gives every object
// generation 1, so the fixtures report observedGeneration 1 (upstream's have 0 and 0: synced either way).
function cleanupHarness() {
  const ctx = makeContext();
  const dc = new DeploymentSyncer(ctx, new WorkQueue(ctx.engine, Priority.Deployment, () => undefined));
  const deleted: string[] = [];
  ctx.store.watch<ReplicaSet>('ReplicaSet', (e) => {
    if (e.type === 'DELETED') deleted.push(e.object.metadata.name);
  });
  const create = (name: string, specReplicas: number, statusReplicas: number, opts: { created?: number; revision?: string; deleting?: boolean } = {}): RS =>
    ctx.store.create('ReplicaSet', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: 'default',
        ...(opts.created !== undefined ? { creationTimestamp: formatRfc3339(opts.created) } : {}),
        ...(opts.revision ? { annotations: { 'deployment.kubernetes.io/revision': opts.revision } } : {}),
        ...(opts.deleting ? { deletionTimestamp: formatRfc3339(0) } : {}),
      },
      spec: { replicas: specReplicas, selector: { matchLabels: { foo: 'bar' } }, template: {} },
      status: { replicas: statusReplicas, observedGeneration: 1 },
    } satisfies ReplicaSet) as RS;
  const deployment = (revisionHistoryLimit: number) =>
    setDefaultsDeployment({ ...newDeployment(1, 0, 0, { foo: 'bar' }), spec: { ...newDeployment(1, 0, 0, { foo: 'bar' }).spec!, revisionHistoryLimit } }) as Dep;
  return { dc, create, deleted, deployment };
}

describe('TestDeploymentController_cleanupDeployment', () => {
  type Row = [string, [string, number, number, boolean?][], number, number];
  it.each<Row>([
    ['#0', [['foo-1', 0, 0], ['foo-2', 0, 0], ['foo-3', 0, 0]], 1, 2],
    ['#1 Only delete the replica set with Spec.Replicas = Status.Replicas = 0.', [['foo-1', 0, 0], ['foo-2', 0, 1], ['foo-3', 1, 0], ['foo-4', 1, 1]], 0, 1],
    ['#2', [['foo-1', 0, 0], ['foo-2', 0, 0]], 0, 2],
    ['#3', [['foo-1', 1, 1], ['foo-2', 1, 1]], 0, 0],
    ['#4 already deleted', [['foo-1', 0, 0, true]], 0, 0],
    ['#5 with unlimited revisionHistoryLimit', [['foo-1', 0, 0], ['foo-2', 0, 0], ['foo-3', 0, 0]], 2147483647, 0],
  ])('%s', (_n, sets, revisionHistoryLimit, expectedDeletions) => {
    const { dc, create, deleted, deployment } = cleanupHarness();
    const oldRSs = sets.map(([name, spec, status, deleting]) => create(name, spec, status, { deleting }));
    dc.cleanupDeployment(oldRSs, deployment(revisionHistoryLimit));
    expect(deleted.length).toBe(expectedDeletions);
  });
});

describe('TestDeploymentController_cleanupDeploymentOrder', () => {
  const now = Date.UTC(2026, 0, 5);
  const minute = 60_000;
  type Row = [string, [string, number, number, string][], number, string[]];
  it.each<Row>([
    ['revision order: rs1 < rs2, delete rs1', [['foo-1', 0, -1, '1'], ['foo-2', 0, 0, '2']], 1, ['foo-1']],
    ['revision order: rs2 < rs1, delete rs2', [['foo-1', 0, -1, '2'], ['foo-2', 0, 0, '1']], 1, ['foo-2']],
    ["rs1 has revision but rs2 doesn't have revision, delete rs2", [['foo-1', 0, -1, '1'], ['foo-2', 0, 0, '']], 1, ['foo-2']],
    ["rs1 doesn't have revision while rs2 has revision, delete rs1", [['foo-1', 0, -1, ''], ['foo-2', 0, 0, '2']], 1, ['foo-1']],
    ['revision order: rs1 < rs2 < r3, but rs1 has replicas, delete rs2', [['foo-1', 1, -1, '1'], ['foo-2', 0, 0, '2'], ['foo-3', 0, 1, '3']], 1, ['foo-2']],
    ["revision order: rs1 < rs2 < r3, both rs1 && rs2 have replicas, don't delete", [['foo-1', 1, -1, '1'], ['foo-2', 1, 0, '2'], ['foo-3', 0, 1, '3']], 1, []],
    [
      'revision order: rs2 < rs4 < rs1 < rs3, delete rs2 && rs4',
      [['foo-1', 0, -1, '3'], ['foo-2', 0, 0, '1'], ['foo-3', 0, 1, '4'], ['foo-4', 0, 2, '2']],
      2,
      ['foo-2', 'foo-4'],
    ],
  ])('%s', (_n, sets, revisionHistoryLimit, expectedDeletedRSs) => {
    const { dc, create, deleted, deployment } = cleanupHarness();
    const oldRSs = sets.map(([name, replicas, minutes, revision]) => create(name, replicas, replicas, { created: now + minutes * minute, revision }));
    dc.cleanupDeployment(oldRSs, deployment(revisionHistoryLimit));
    expect([...deleted].sort()).toEqual(expectedDeletedRSs);
  });
});
