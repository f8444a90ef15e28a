import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { ReplicaProgressThreshold, RolloutTrafficRouting, SetCanaryScale } from '../../../src/api/argo.ts';
import {
  CalculateReplicaCountsForBasicCanary,
  CalculateReplicaCountsForTrafficRoutedCanary,
  GetCurrentSetWeight,
  MaxSurge,
  MaxUnavailable,
  approximateWeightedCanaryStableReplicaCounts,
  resolveFenceposts,
  ReplicaProgressThresholdMet,
  AtDesiredReplicaCountsForCanary,
  checkReplicasAvailable,
  trafficWeightToReplicas,
} from '../../../src/controllers/rollouts/canary-math.ts';
import type { RolloutView } from '../../../src/controllers/rollouts/types.ts';

interface Case {
  name: string;
  rolloutSpecReplicas: number;
  setWeight?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  promoteFull?: boolean;
  stableSpecReplica: number;
  stableAvailableReplica: number;
  canarySpecReplica?: number;
  canaryAvailableReplica?: number;
  expectedStableReplicaCount: number;
  expectedCanaryReplicaCount: number;
  olderRS?: ReplicaSet;
  setCanaryScale?: SetCanaryScale;
  trafficRouting?: RolloutTrafficRouting;
  abortScaleDownDelaySeconds?: number;
  statusAbort?: boolean;
  minPodsPerReplicaSet?: number;
}

const rs = (name: string, spec: number, available: number): ReplicaSet => ({
  metadata: { name, labels: { 'rollouts-pod-template-hash': name } },
  spec: { replicas: spec, selector: {} },
  status: { replicas: spec, availableReplicas: available },
});

function rollout(c: Case): RolloutView {
  return {
    spec: {
      replicas: c.rolloutSpecReplicas,
      strategy: {
        canary: {
          maxSurge: c.maxSurge ?? 0,
          maxUnavailable: c.maxUnavailable ?? 0,
          steps: [{ setWeight: c.setWeight ?? 0, ...(c.setCanaryScale ? { setCanaryScale: c.setCanaryScale } : {}) }],
          ...(c.trafficRouting ? { trafficRouting: c.trafficRouting } : {}),
          ...(c.abortScaleDownDelaySeconds !== undefined ? { abortScaleDownDelaySeconds: c.abortScaleDownDelaySeconds } : {}),
          ...(c.minPodsPerReplicaSet !== undefined ? { minPodsPerReplicaSet: c.minPodsPerReplicaSet } : {}),
        },
      },
    },
    status: { stableRS: 'stable', currentPodHash: 'canary', promoteFull: c.promoteFull ?? false, abort: c.statusAbort ?? false },
  };
}

// canary_test.go TestCalculateReplicaCountsForCanary, every row.
const cases: Case[] = [
  { name: 'Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas', rolloutSpecReplicas: 10, setWeight: 100, maxSurge: 3, maxUnavailable: 0, stableSpecReplica: 7, stableAvailableReplica: 8, canarySpecReplica: 6, canaryAvailableReplica: 3, expectedStableReplicaCount: 7, expectedCanaryReplicaCount: 6 },
  { name: 'Use max surge int to scale up canary', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: 2, maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'Use max surge percentage to scale up canary', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'Scale down extra stable replicas', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, canarySpecReplica: 2, canaryAvailableReplica: 2, expectedStableReplicaCount: 8, expectedCanaryReplicaCount: 2 },
  { name: 'Do not go past max surge', rolloutSpecReplicas: 10, setWeight: 30, maxSurge: 2, maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'Use max unavailable int to scale down stableRS', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: 2, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 8, expectedCanaryReplicaCount: 0 },
  { name: 'Use max surge percentage to scale down stableRS', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: '20%', stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 8, expectedCanaryReplicaCount: 0 },
  { name: 'Do not go past max unavailable', rolloutSpecReplicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 2, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 8, expectedCanaryReplicaCount: 0 },
  { name: 'Use Max Surge and Max Unavailable', rolloutSpecReplicas: 10, setWeight: 50, maxSurge: 2, maxUnavailable: 1, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 9, expectedCanaryReplicaCount: 2 },
  { name: 'Scale canaryRS to zero on setWeight of 0%', rolloutSpecReplicas: 10, setWeight: 0, maxSurge: 1, maxUnavailable: 1, stableSpecReplica: 10, stableAvailableReplica: 10, canarySpecReplica: 1, canaryAvailableReplica: 1, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 0 },
  { name: 'Scale stable to zero on setWeight of 100%', rolloutSpecReplicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 1, stableSpecReplica: 1, stableAvailableReplica: 1, canarySpecReplica: 10, canaryAvailableReplica: 10, expectedStableReplicaCount: 0, expectedCanaryReplicaCount: 10 },
  { name: 'Do not scale canaryRS down to zero on non-zero weight', rolloutSpecReplicas: 1, setWeight: 20, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 1 },
  { name: 'Do not scale canaryRS down to zero on non-100 weight', rolloutSpecReplicas: 1, setWeight: 90, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 1 },
  { name: 'Scale canaryRS to zero on <50 weight without surge', rolloutSpecReplicas: 1, setWeight: 49, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 0 },
  { name: 'Scale stableRS down to zero on >=50 weight without surge', rolloutSpecReplicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 0, expectedCanaryReplicaCount: 0 },
  { name: 'Scale canaryRS to one on >=50 weight without surge and stable replicas', rolloutSpecReplicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 0, stableAvailableReplica: 0, expectedStableReplicaCount: 0, expectedCanaryReplicaCount: 1 },
  { name: 'Scale up Stable before canaryRS', rolloutSpecReplicas: 10, setWeight: 30, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 7, expectedCanaryReplicaCount: 1, olderRS: rs('older', 3, 3) },
  { name: 'Scale down canaryRS and stable', rolloutSpecReplicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 3, stableSpecReplica: 8, stableAvailableReplica: 5, canarySpecReplica: 4, canaryAvailableReplica: 4, expectedStableReplicaCount: 7, expectedCanaryReplicaCount: 3 },
  { name: 'Scale down stable and canary available', rolloutSpecReplicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 2, canarySpecReplica: 10, canaryAvailableReplica: 8, expectedStableReplicaCount: 2, expectedCanaryReplicaCount: 9 },
  { name: 'Do not scale down canaryRS or stable when older RS count >= scaleDownCount', rolloutSpecReplicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 8, stableAvailableReplica: 6, canarySpecReplica: 4, canaryAvailableReplica: 2, expectedStableReplicaCount: 8, expectedCanaryReplicaCount: 4, olderRS: rs('older', 3, 3) },
  { name: 'Do not round past maxSurge with uneven setWeight divisor', rolloutSpecReplicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 9, expectedCanaryReplicaCount: 0 },
  { name: 'Do not round past maxSurge with uneven setWeight divisor (part 2)', rolloutSpecReplicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 9, stableAvailableReplica: 9, expectedStableReplicaCount: 9, expectedCanaryReplicaCount: 1 },
  { name: 'Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas', rolloutSpecReplicas: 10, setWeight: 10, maxSurge: '0%', maxUnavailable: '0%', stableSpecReplica: 10, stableAvailableReplica: 10, expectedStableReplicaCount: 9, expectedCanaryReplicaCount: 0 },
  { name: 'setCanaryScale.replicas with trafficRouting ignores setWeight', rolloutSpecReplicas: 1, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 9, setWeight: 100, setCanaryScale: { replicas: 9 }, trafficRouting: {} },
  { name: 'setCanaryScale.weight with trafficRouting ignores setWeight', rolloutSpecReplicas: 4, stableSpecReplica: 4, stableAvailableReplica: 4, expectedStableReplicaCount: 4, expectedCanaryReplicaCount: 8, setWeight: 100, setCanaryScale: { weight: 200 }, trafficRouting: {} },
  { name: 'Ignore setCanaryScale replicas/weight when matchTrafficWeight is true', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, setCanaryScale: { replicas: 9, weight: 100, matchTrafficWeight: true }, trafficRouting: {}, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'Ignore setCanaryScale when trafficRouting is missing and use setWeight for replicas', rolloutSpecReplicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpecReplica: 10, stableAvailableReplica: 10, setCanaryScale: { replicas: 9, weight: 100 }, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'honor maxSurge during scale up when stableRS unavailable', rolloutSpecReplicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 4, stableAvailableReplica: 1, expectedStableReplicaCount: 4, expectedCanaryReplicaCount: 1 },
  { name: 'scale down to maxunavailable without exceeding maxSurge', rolloutSpecReplicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stableSpecReplica: 3, stableAvailableReplica: 3, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 0 },
  { name: 'scale down to maxunavailable without exceeding maxSurge (part 2)', rolloutSpecReplicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stableSpecReplica: 1, stableAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 2 },
  { name: 'honor maxUnavailable during scale down stableRS unavailable', rolloutSpecReplicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 4, stableAvailableReplica: 1, canarySpecReplica: 1, canaryAvailableReplica: 1, expectedStableReplicaCount: 3, expectedCanaryReplicaCount: 1 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 1', rolloutSpecReplicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 0, stableAvailableReplica: 0, canarySpecReplica: 4, canaryAvailableReplica: 4, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 4 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 2', rolloutSpecReplicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 1, stableAvailableReplica: 0, canarySpecReplica: 4, canaryAvailableReplica: 4, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 4 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 3', rolloutSpecReplicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpecReplica: 1, stableAvailableReplica: 1, canarySpecReplica: 4, canaryAvailableReplica: 4, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 3 },
  { name: 'promote full does not consider weight', promoteFull: true, rolloutSpecReplicas: 4, setWeight: 1, maxSurge: 4, maxUnavailable: 4, stableSpecReplica: 4, stableAvailableReplica: 4, expectedStableReplicaCount: 0, expectedCanaryReplicaCount: 4 },
  { name: 'promote full still honors maxSurge/maxUnavailable', promoteFull: true, rolloutSpecReplicas: 4, setWeight: 1, maxSurge: 3, maxUnavailable: 0, stableSpecReplica: 4, stableAvailableReplica: 4, expectedStableReplicaCount: 4, expectedCanaryReplicaCount: 3 },
  { name: 'aborted with abortScaleDownDelaySeconds:0 and setCanaryScale', rolloutSpecReplicas: 1, setCanaryScale: { replicas: 1 }, trafficRouting: {}, abortScaleDownDelaySeconds: 0, statusAbort: true, stableSpecReplica: 1, stableAvailableReplica: 1, canarySpecReplica: 1, canaryAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 1 },
  { name: 'aborted with abortScaleDownDelaySeconds>0 and setCanaryScale', rolloutSpecReplicas: 1, setCanaryScale: { replicas: 1 }, trafficRouting: {}, abortScaleDownDelaySeconds: 30, statusAbort: true, stableSpecReplica: 1, stableAvailableReplica: 1, canarySpecReplica: 1, canaryAvailableReplica: 1, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 0 },
  { name: 'Honor MinPodsPerReplicaSet when using trafficRouting and starting canary', rolloutSpecReplicas: 10, setWeight: 5, stableSpecReplica: 10, stableAvailableReplica: 10, trafficRouting: {}, minPodsPerReplicaSet: 2, expectedStableReplicaCount: 10, expectedCanaryReplicaCount: 2 },
  { name: 'Cap MinPodsPerReplicaSet when it exceeds rollout replicas with trafficRouting', rolloutSpecReplicas: 1, setWeight: 100, promoteFull: true, stableSpecReplica: 1, stableAvailableReplica: 1, trafficRouting: {}, minPodsPerReplicaSet: 2, expectedStableReplicaCount: 1, expectedCanaryReplicaCount: 1 },
];

describe('CalculateReplicaCountsFor{Basic,TrafficRouted}Canary (canary_test.go TestCalculateReplicaCountsForCanary)', () => {
  it.each(cases)('$name', (c) => {
    const ro = rollout(c);
    const stable = rs('stable', c.stableSpecReplica, c.stableAvailableReplica);
    const canary = rs('canary', c.canarySpecReplica ?? 0, c.canaryAvailableReplica ?? 0);
    const got = c.trafficRouting
      ? CalculateReplicaCountsForTrafficRoutedCanary(ro, undefined)
      : CalculateReplicaCountsForBasicCanary(ro, canary, stable, c.olderRS ? [c.olderRS] : []);
    expect(got).toEqual({ canary: c.expectedCanaryReplicaCount, stable: c.expectedStableReplicaCount });
  });

  it('new deployment (stable == new) drives the new RS to R (TestCalculateReplicaCountsForNewDeployment)', () => {
    const ro = rollout({ name: '', rolloutSpecReplicas: 10, setWeight: 10, maxSurge: 0, maxUnavailable: 1, stableSpecReplica: 0, stableAvailableReplica: 0, expectedCanaryReplicaCount: 0, expectedStableReplicaCount: 0 });
    expect(CalculateReplicaCountsForBasicCanary(ro, rs('stable', 10, 0), rs('stable', 10, 0), [])).toEqual({ canary: 10, stable: 0 });
  });

  // newRollout(replicas, setWeight, maxSurge 0, maxUnavailable 1, "canary", "stable", nil, nil) with trafficRouting.
  const routed = (setWeight: number, extra: { dynamicStableScale?: boolean; abort?: boolean } = {}): RolloutView => ({
    spec: { replicas: 10, strategy: { canary: { maxSurge: 0, maxUnavailable: 1, steps: [{ setWeight }], trafficRouting: {}, ...(extra.dynamicStableScale ? { dynamicStableScale: true } : {}) } } },
    status: { stableRS: 'stable', currentPodHash: 'canary', ...(extra.abort ? { abort: true } : {}) },
  });
  const weights = (canary: number, stable: number) => ({ canary: { weight: canary, podTemplateHash: '' }, stable: { weight: stable, podTemplateHash: '' } });
  it.each([
    ['verify we scale down stable', routed(10, { dynamicStableScale: true }), weights(10, 90), 1, 9],
    ['verify we take max of desired canary (20) > actual (10)', routed(20, { dynamicStableScale: true }), weights(10, 90), 2, 9],
    ['verify when we abort, we leave canary scaled up if there is still traffic to it', routed(20, { dynamicStableScale: true, abort: true }), weights(20, 80), 2, 10],
    ['verify when we abort, we reduce canary when there is less traffic to it', routed(20, { dynamicStableScale: true, abort: true }), weights(10, 90), 1, 10],
  ] as const)('TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale: %s', (_n, ro, w, canary, stable) => {
    expect(CalculateReplicaCountsForTrafficRoutedCanary(ro, w)).toEqual({ canary, stable });
  });

  it('no stable, or stable == new: the new RS takes spec.replicas (TestCalculateReplicaCountsForCanaryStableRSdEdgeCases)', () => {
    const ro: RolloutView = { spec: { replicas: 10, strategy: { canary: { maxSurge: 0, maxUnavailable: 1, steps: [{ setWeight: 10 }] } } }, status: { stableRS: '', currentPodHash: '' } };
    const newRS = rs('stable', 9, 9);
    expect(CalculateReplicaCountsForBasicCanary(ro, newRS, undefined, [])).toEqual({ canary: 10, stable: 0 });
    expect(CalculateReplicaCountsForBasicCanary(ro, newRS, newRS, [])).toEqual({ canary: 10, stable: 0 });
  });

  it('TestTrafficWeightToReplicas', () => {
    expect([0, 20, 25, 33, 99, 100].map((w) => trafficWeightToReplicas(10, w))).toEqual([0, 2, 3, 4, 10, 10]);
  });

  it('traffic routing keeps stable at R (TestCalculateReplicaCountsForCanaryTrafficRouting)', () => {
    const ro = rollout({ name: '', rolloutSpecReplicas: 10, setWeight: 10, trafficRouting: {}, stableSpecReplica: 0, stableAvailableReplica: 0, expectedCanaryReplicaCount: 0, expectedStableReplicaCount: 0 });
    expect(CalculateReplicaCountsForTrafficRoutedCanary(ro, undefined)).toEqual({ canary: 1, stable: 10 });
  });
});

describe('approximateWeightedCanaryStableReplicaCounts (TestApproximateWeightedNewStableReplicaCounts)', () => {
  // [replicas, weight, maxSurge, expCanary, expStable], maxWeight 100.
  it.each([
    [0, 0, 0, 0, 0], [0, 50, 0, 0, 0], [0, 100, 0, 0, 0], [0, 0, 1, 0, 0], [0, 50, 1, 0, 0], [0, 100, 1, 0, 0],
    [1, 0, 0, 0, 1], [1, 1, 0, 0, 1], [1, 49, 0, 0, 1], [1, 50, 0, 1, 0], [1, 99, 0, 1, 0], [1, 100, 0, 1, 0],
    [1, 0, 1, 0, 1], [1, 1, 1, 1, 1], [1, 49, 1, 1, 1], [1, 50, 1, 1, 1], [1, 99, 1, 1, 1], [1, 100, 1, 1, 0],
    [2, 0, 0, 0, 2], [2, 1, 0, 1, 1], [2, 50, 0, 1, 1], [2, 99, 0, 1, 1], [2, 100, 0, 2, 0],
    [2, 0, 1, 0, 2], [2, 1, 1, 1, 2], [2, 50, 1, 1, 1], [2, 99, 1, 2, 1], [2, 100, 1, 2, 0],
    [3, 10, 0, 1, 2], [3, 25, 0, 1, 2], [3, 33, 0, 1, 2], [3, 34, 0, 1, 2], [3, 49, 0, 1, 2], [3, 50, 0, 2, 1],
    [3, 10, 1, 1, 3], [3, 25, 1, 1, 3], [3, 33, 1, 1, 2], [3, 34, 1, 1, 2], [3, 49, 1, 2, 2], [3, 50, 1, 2, 2],
    [10, 0, 1, 0, 10], [10, 1, 0, 1, 9], [10, 14, 0, 1, 9], [10, 15, 0, 2, 8], [10, 16, 0, 2, 8], [10, 99, 0, 9, 1], [10, 100, 1, 10, 0],
    [10, 1, 1, 1, 10], [10, 18, 1, 2, 9], [10, 19, 1, 2, 9], [10, 20, 1, 2, 8], [10, 23, 1, 2, 8], [10, 24, 1, 3, 8],
    [10, 25, 1, 3, 8], [10, 99, 1, 10, 1],
  ])('replicas %i weight %i surge %i → canary %i stable %i', (replicas, weight, surge, canary, stable) => {
    expect(approximateWeightedCanaryStableReplicaCounts(replicas, weight, 100, surge)).toEqual({ canary, stable });
  });
});

describe('fenceposts, weights, defaults', () => {
  const base = (canary: object, replicas?: number): RolloutView => ({ spec: { ...(replicas !== undefined ? { replicas } : {}), strategy: { canary } }, status: {} });
  it('defaults 25%/25%: 10 replicas → surge 3, unavailable 2; unset replicas → 1', () => {
    expect(MaxSurge(base({}, 10))).toBe(3);
    expect(MaxUnavailable(base({}, 10))).toBe(2);
    expect(MaxSurge(base({}))).toBe(1);
    expect(MaxUnavailable(base({}))).toBe(0);
  });
  it('blue-green has no surge', () => {
    expect(MaxSurge({ spec: { replicas: 10, strategy: { blueGreen: { activeService: 'a' } } }, status: {} })).toBe(0);
  });
  it('GetCurrentSetWeight walks back to the nearest setWeight; MW after the last step; 0 when aborted', () => {
    const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: 10 } }];
    const at = (i: number, abort = false): RolloutView => ({ spec: { strategy: { canary: { steps } } }, status: { currentStepIndex: i, abort } });
    expect([0, 1, 2, 3, 4].map((i) => GetCurrentSetWeight(at(i)))).toEqual([20, 20, 40, 40, 100]);
    expect(GetCurrentSetWeight(at(1, true))).toBe(0);
  });
  it('trafficWeightToReplicas rounds up: 10 at 33% → 4, at 99% → 10', () => {
    expect(trafficWeightToReplicas(10, 33)).toBe(4);
    expect(trafficWeightToReplicas(10, 99)).toBe(10);
  });
});

describe('resolveFenceposts (replicaset_test.go TestResolveFenceposts, the rows upstream shares with the Deployment controller)', () => {
  it.each([
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
  ] as const)('maxSurge=%s maxUnavailable=%s of %i → %i/%i (error %s)', (surge, unavailable, desired, es, eu, err) => {
    if (err) expect(() => resolveFenceposts(surge, unavailable, desired)).toThrow(/invalid value/);
    else expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: es, unavailable: eu });
  });
  it('MaxSurge and MaxUnavailable use the zeros upstream returns with the error (validation rejects such values)', () => {
    const bad: RolloutView = { spec: { replicas: 10, strategy: { canary: { maxSurge: 'oops', maxUnavailable: '39%' } } }, status: {} };
    expect(MaxSurge(bad)).toBe(0);
    expect(MaxUnavailable(bad)).toBe(0);
  });
});

describe('MaxUnavailable for blue-green: GetValueFromIntOrPercent with no fencepost rule', () => {
  const bg = (replicas: number, maxUnavailable?: number | string): RolloutView => ({
    spec: { replicas, strategy: { blueGreen: { activeService: 'a', ...(maxUnavailable !== undefined ? { maxUnavailable } : {}) } } },
    status: {},
  });
  it.each([
    [1, undefined, 0],
    [4, undefined, 1],
    [10, '25%', 2],
    [10, 0, 0],
    [3, 5, 3],
    [0, 1, 0],
  ])('replicas %i maxUnavailable %s → %i', (replicas, mu, expected) => {
    expect(MaxUnavailable(bg(replicas, mu))).toBe(expected);
  });
});

describe('replicaProgressThreshold', () => {
  const rsWith = (spec: number, available: number): ReplicaSet => ({ metadata: { name: 'rs' }, spec: { replicas: spec, selector: {} }, status: { replicas: spec, availableReplicas: available } });
  // trafficrouting_test.go TestCheckReplicasAvailableWithReplicaProgressThreshold: a traffic-routed canary of 10
  // replicas (maxSurge 1, maxUnavailable 0), an RS of 5 with `availableReplicas` available, checked at weight 50.
  it.each([
    { name: 'threshold met - 80% available with 80% threshold', availableReplicas: 4, threshold: { type: 'Percent', value: 80 }, expectedResult: true },
    { name: 'threshold not met - 60% available with 80% threshold', availableReplicas: 3, threshold: { type: 'Percent', value: 80 }, expectedResult: false },
    { name: 'nil threshold - requires 100% availability', availableReplicas: 4, threshold: undefined, expectedResult: false },
  ] as { name: string; availableReplicas: number; threshold?: ReplicaProgressThreshold; expectedResult: boolean }[])('checkReplicasAvailable: $name', ({ availableReplicas, threshold, expectedResult }) => {
    const ro: RolloutView = {
      spec: { replicas: 10, strategy: { canary: { maxSurge: 1, maxUnavailable: 0, trafficRouting: { smi: {} }, ...(threshold ? { replicaProgressThreshold: threshold } : {}) } } },
      status: {},
    };
    expect(checkReplicasAvailable(ro, rsWith(5, availableReplicas), 50)).toBe(expectedResult);
  });

  const view = (threshold?: ReplicaProgressThreshold): RolloutView => ({ spec: { replicas: 10, strategy: { canary: threshold ? { replicaProgressThreshold: threshold } : {} } }, status: {} });
  it.each([
    ['unset: all desired available and at spec', undefined, 5, 5, 5, true],
    ['unset: one short', undefined, 5, 4, 5, false],
    ['unset: spec differs', undefined, 6, 5, 5, false],
    ['negative value behaves as unset', { type: 'Percent', value: -1 }, 5, 4, 5, false],
    ['Percent 80: 4 of 5', { type: 'Percent', value: 80 }, 5, 4, 5, true],
    ['Percent 80: 3 of 5', { type: 'Percent', value: 80 }, 5, 3, 5, false],
    ['Percent: 1/3 ≈ 33.33 meets 33 (and the float slack keeps 2/3 at 66.67 ≥ 66)', { type: 'Percent', value: 33 }, 3, 1, 3, true],
    ['Percent with desired 0 passes', { type: 'Percent', value: 100 }, 0, 0, 0, true],
    ['Pods 2: 2 available', { type: 'Pods', value: 2 }, 5, 2, 5, true],
    ['Pods 2: 1 available', { type: 'Pods', value: 2 }, 5, 1, 5, false],
  ] as [string, ReplicaProgressThreshold | undefined, number, number, number, boolean][])('ReplicaProgressThresholdMet: %s', (_n, threshold, spec, available, desired, expected) => {
    expect(ReplicaProgressThresholdMet(view(threshold), rsWith(spec, available), desired)).toBe(expected);
  });
  it('a missing RS fails', () => {
    expect(ReplicaProgressThresholdMet(view({ type: 'Pods', value: 0 }), undefined, 0)).toBe(false);
  });
  it('a setWeight step completes at 80 % of the canary pods with a Percent 80 threshold (basic canary)', () => {
    const steps = [{ setWeight: 50 }];
    const ro = (threshold?: ReplicaProgressThreshold): RolloutView => ({
      spec: { replicas: 10, strategy: { canary: { steps, maxSurge: 0, maxUnavailable: 5, ...(threshold ? { replicaProgressThreshold: threshold } : {}) } } },
      status: { currentStepIndex: 0, stableRS: 's', currentPodHash: 'n' },
    });
    const canary: ReplicaSet = { metadata: { name: 'n' }, spec: { replicas: 5, selector: {} }, status: { replicas: 5, availableReplicas: 4 } };
    const stable: ReplicaSet = { metadata: { name: 's' }, spec: { replicas: 5, selector: {} }, status: { replicas: 5, availableReplicas: 5 } };
    expect(AtDesiredReplicaCountsForCanary(ro(), canary, stable, [], undefined)).toBe(false);
    expect(AtDesiredReplicaCountsForCanary(ro({ type: 'Percent', value: 80 }), canary, stable, [], undefined)).toBe(true);
  });
});
