import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { Rollout } from '../../../src/api/argo.ts';
import type { Stored } from '../../../src/cluster/store.ts';
import { isDynamicallyRollingBackToStable } from '../../../src/controllers/rollouts/canary.ts';
import { isReplicaSetReferenced, type RolloutSync } from '../../../src/controllers/rollouts/replicaset.ts';
import type { RolloutStatus, RolloutView } from '../../../src/controllers/rollouts/types.ts';
import { makeContext } from '../deployment/fixture.ts';

const rsWith = (hash: string, available: number): ReplicaSet => ({
  metadata: { name: `rs-${hash}`, labels: hash ? { 'rollouts-pod-template-hash': hash } : {} },
  spec: { selector: {} },
  status: { replicas: available, availableReplicas: available },
});

describe('isDynamicallyRollingBackToStable (canary_test.go TestIsDynamicallyRollingBackToStable)', () => {
  const weightsTo = (hash: string): RolloutStatus['canary'] => ({ weights: { canary: { weight: 0, podTemplateHash: hash }, stable: { weight: 100, podTemplateHash: '' } } });
  it.each([
    { name: 'desired RS != stable RS', status: { currentPodHash: 'abc123', stableRS: 'def456' }, rsHash: '', expectedResult: false },
    { name: 'not using traffic routing', trafficRoutingDisabled: true, status: { currentPodHash: 'abc123', stableRS: 'abc123' }, rsHash: '', expectedResult: false },
    { name: 'not using dynamicStableScaling', dynamicStableScalingDisabled: true, status: { currentPodHash: 'abc123', stableRS: 'abc123' }, rsHash: '', expectedResult: false },
    { name: 'weighted selector == desired RS', status: { currentPodHash: 'abc123', stableRS: 'abc123', canary: weightsTo('abc123') }, rsHash: 'abc123', expectedResult: false },
    {
      name: 'weighted selector != desired RS, desired not fully available',
      status: { currentPodHash: 'abc123', stableRS: 'abc123', canary: weightsTo('def456') },
      rsHash: 'abc123',
      rsAvailableReplicas: 1,
      expectedResult: true,
    },
    {
      name: 'weighted selector != desired RS, desired RS is fully available',
      status: { currentPodHash: 'abc123', stableRS: 'abc123', canary: weightsTo('def456') },
      rsHash: 'abc123',
      expectedResult: true,
    },
  ] as { name: string; status: RolloutStatus; trafficRoutingDisabled?: boolean; dynamicStableScalingDisabled?: boolean; rsHash: string; rsAvailableReplicas?: number; expectedResult: boolean }[])(
    '$name',
    ({ status, trafficRoutingDisabled, dynamicStableScalingDisabled, rsHash, rsAvailableReplicas, expectedResult }) => {
      // newCanaryRollout("test", 10, nil, nil, nil, maxSurge 0, maxUnavailable 1); the desired RS has 1 available.
      const ro: RolloutView = {
        spec: {
          replicas: 10,
          strategy: {
            canary: { maxSurge: 0, maxUnavailable: 1, ...(trafficRoutingDisabled ? {} : { trafficRouting: {} }), ...(dynamicStableScalingDisabled ? {} : { dynamicStableScale: true }) },
          },
        },
        status,
      };
      expect(isDynamicallyRollingBackToStable(ro, rsWith(rsHash, rsAvailableReplicas ?? 1)) !== undefined).toBe(expectedResult);
    },
  );
  it('returns the previous desired hash the router still weights', () => {
    const ro: RolloutView = { spec: { replicas: 10, strategy: { canary: { trafficRouting: {}, dynamicStableScale: true } } }, status: { currentPodHash: 'a', stableRS: 'a', canary: weightsTo('b') } };
    expect(isDynamicallyRollingBackToStable(ro, rsWith('a', 3))).toBe('b');
  });
});

describe('isReplicaSetReferenced: the status at the start of the sync and the live Service selectors', () => {
  function sync(status: RolloutStatus, services: Record<string, string>, strategy: RolloutView['spec']['strategy']): RolloutSync {
    const ctx = makeContext();
    for (const [name, hash] of Object.entries(services)) {
      ctx.store.create<Service>('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: 'x', 'rollouts-pod-template-hash': hash } } });
    }
    const ro = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', namespace: 'default' }, spec: { strategy }, status } as unknown as Stored<Rollout>;
    // The status being built this sync has moved on: none of these rules may read it.
    return { ctx, ro, view: { spec: { strategy }, status: {} }, status: {}, template: {}, hash: 'new', newRS: undefined, stableRS: undefined, otherRSs: [], requeueAfterMs: Infinity };
  }
  const canary = { canaryService: 'canary', stableService: 'stable', trafficRouting: {} };
  const rs = (hash: string) => rsWith(hash, 1) as Stored<ReplicaSet>;
  it.each([
    ['stable RS', { stableRS: 'h' }, true],
    ['current pod hash', { currentPodHash: 'h' }, true],
    ['canary weight hash', { canary: { weights: { canary: { weight: 10, podTemplateHash: 'h' }, stable: { weight: 90, podTemplateHash: 's' } } } }, true],
    ['stable weight hash', { canary: { weights: { canary: { weight: 10, podTemplateHash: 'c' }, stable: { weight: 90, podTemplateHash: 'h' } } } }, true],
    ['nothing', { stableRS: 's', currentPodHash: 'c' }, false],
  ] as [string, RolloutStatus, boolean][])('status: %s', (_n, status, expected) => {
    expect(isReplicaSetReferenced(sync(status, { canary: 'c', stable: 's' }, { canary }), rs('h'))).toBe(expected);
  });
  it('a live Service selecting it, or a Service that is missing, counts as a reference', () => {
    expect(isReplicaSetReferenced(sync({}, { canary: 'h', stable: 's' }, { canary }), rs('h'))).toBe(true);
    expect(isReplicaSetReferenced(sync({}, { stable: 's' }, { canary }), rs('h'))).toBe(true);
  });
  it('blue-green: active and preview selectors in status and live', () => {
    const bg = { blueGreen: { activeService: 'active', previewService: 'preview' } };
    expect(isReplicaSetReferenced(sync({ blueGreen: { previewSelector: 'h' } }, { active: 'a', preview: 'p' }, bg), rs('h'))).toBe(true);
    expect(isReplicaSetReferenced(sync({}, { active: 'h', preview: 'p' }, bg), rs('h'))).toBe(true);
    expect(isReplicaSetReferenced(sync({}, { active: 'a', preview: 'p' }, bg), rs('h'))).toBe(false);
  });
  it('an RS without a pod-template hash is never referenced', () => {
    expect(isReplicaSetReferenced(sync({ stableRS: '' }, {}, { canary }), rs(''))).toBe(false);
  });
});
