import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { Priority, WorkQueue } from '../../../src/controllers/context.ts';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from '../../../src/controllers/deployment/rolling.ts';
import { DeploymentSyncer, type Dep, type RS } from '../../../src/controllers/deployment/sync.ts';
import { setDefaultsDeployment } from '../../../src/controllers/deployment/util.ts';
import { makeContext } from './fixture.ts';

// pkg/controller/deployment/rolling_test.go: every row of its four tables, run through kubesim's rolling.ts
// functions on a real store (upstream uses a fake clientset and counts its update actions; here the store's
// ReplicaSet after the call is the update). Upstream names the new and the old ReplicaSet of
// TestDeploymentController_reconcileNewReplicaSet both "foo-v2"; a store needs distinct names, so the old one is
// "foo-v1" (the name plays no part in the arithmetic).

/** Upstream's `newDeployment(name, replicas, nil, maxSurge, maxUnavailable, selector)` (RollingUpdate). */
function newDeployment(replicas: number, maxSurge: number, maxUnavailable: number, selector: Record<string, string> = { foo: 'bar' }): Dep {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'foo-uid' },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'foo', image: 'foo/bar' }] } },
    },
  };
  return setDefaultsDeployment(d) as Dep;
}

/** A harness: a syncer over a fresh store, and upstream's `rs(name, replicas, selector, noTimestamp)` in it. */
function harness() {
  const ctx = makeContext();
  const dc = new DeploymentSyncer(ctx, new WorkQueue(ctx.engine, Priority.Deployment, () => undefined));
  const rs = (name: string, replicas: number, available = 0, selector: Record<string, string> = { foo: 'bar' }): RS => {
    const obj: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: 'default' },
      spec: { replicas, selector: { matchLabels: selector }, template: { metadata: { labels: selector } } },
      status: { replicas, availableReplicas: available },
    };
    return ctx.store.create('ReplicaSet', obj) as RS;
  };
  const replicasOf = (name: string) => ctx.store.get<ReplicaSet>('ReplicaSet', 'default', name)?.spec?.replicas;
  return { dc, rs, replicasOf };
}

describe('TestDeploymentController_reconcileNewReplicaSet', () => {
  it.each([
    ['Should not scale up.', 10, 0, 10, 0, false, undefined],
    ['', 10, 2, 10, 0, true, 2],
    ['', 10, 2, 5, 0, true, 7],
    ['', 10, 2, 10, 2, false, undefined],
    ['Should scale down.', 10, 2, 2, 11, true, 10],
  ] as const)('#%# %s replicas %i maxSurge %i old %i new %i', (_c, deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNewReplicas) => {
    const { dc, rs, replicasOf } = harness();
    const newRS = rs('foo-v2', newReplicas);
    const oldRS = rs('foo-v1', oldReplicas);
    const scaled = reconcileNewReplicaSet(dc, [newRS, oldRS], newRS, newDeployment(deploymentReplicas, maxSurge, 0));
    expect(scaled).toBe(scaleExpected);
    expect(replicasOf('foo-v2')).toBe(scaleExpected ? expectedNewReplicas : newReplicas);
    expect(replicasOf('foo-v1')).toBe(oldReplicas);
  });
});

// Upstream checks only whether this one scaled; the expected old size is checked here too.
describe('TestDeploymentController_reconcileOldReplicaSets', () => {
  it.each([
    ['', 10, 0, 10, 0, 10, 0, true, 9],
    ['', 10, 2, 10, 0, 10, 0, true, 8],
    ['expect unhealthy replicas from old replica sets been cleaned up', 10, 2, 10, 0, 8, 0, true, 8],
    ['expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod been scaled down', 10, 2, 10, 0, 9, 0, true, 8],
    ['the unavailable pods from the newRS would not make us scale down old RSs in a further step', 10, 2, 8, 2, 8, 0, false, 8],
  ] as const)(
    '#%# %s',
    (_c, deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, readyPodsFromOldRS, readyPodsFromNewRS, scaleExpected, expectedOldReplicas) => {
      const { dc, rs, replicasOf } = harness();
      const newRS = rs('foo-new', newReplicas, readyPodsFromNewRS, { foo: 'new' });
      const oldRS = rs('foo-old', oldReplicas, readyPodsFromOldRS, { foo: 'old' });
      const d = newDeployment(deploymentReplicas, 0, maxUnavailable, { foo: 'new' });
      expect(reconcileOldReplicaSets(dc, [oldRS, newRS], [oldRS], newRS, d)).toBe(scaleExpected);
      expect(replicasOf('foo-old')).toBe(expectedOldReplicas);
    },
  );
});

describe('TestDeploymentController_cleanupUnhealthyReplicas', () => {
  it.each([
    [10, 8, 2, 1, 1],
    [10, 8, 2, 3, 2],
    [10, 8, 2, 0, 0],
    [10, 10, 0, 3, 0],
  ])('#%# old %i ready %i unhealthy %i maxCleanupCount %i → %i', (oldReplicas, readyPods, _unHealthyPods, maxCleanupCount, cleanupCountExpected) => {
    const { dc, rs } = harness();
    const oldRS = rs('foo-v2', oldReplicas, readyPods);
    const { cleanupCount } = cleanupUnhealthyReplicas(dc, [oldRS], newDeployment(10, 2, 2, {}), maxCleanupCount);
    expect(cleanupCount).toBe(cleanupCountExpected);
  });
});

describe('TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate', () => {
  it.each([
    [10, 0, 10, 10, true, 9],
    [10, 2, 10, 10, true, 8],
    [10, 2, 8, 10, false, undefined],
    [10, 2, 10, 0, false, undefined],
    [10, 2, 1, 10, false, undefined],
  ] as const)('#%# replicas %i maxUnavailable %i ready %i old %i', (deploymentReplicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOldReplicas) => {
    const { dc, rs, replicasOf } = harness();
    const oldRS = rs('foo-v2', oldReplicas, readyPods);
    const scaled = scaleDownOldReplicaSetsForRollingUpdate(dc, [oldRS], [oldRS], newDeployment(deploymentReplicas, 0, maxUnavailable));
    expect(scaled !== 0).toBe(scaleExpected);
    expect(replicasOf('foo-v2')).toBe(scaleExpected ? expectedOldReplicas : oldReplicas);
  });
});
