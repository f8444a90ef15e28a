import { describe, expect, it } from 'vitest';
import type { RolloutSpec } from '../../../src/api/argo.ts';
import { CalculateRolloutPhase } from '../../../src/controllers/rollouts/status.ts';
import type { RolloutStatus } from '../../../src/controllers/rollouts/types.ts';

// argo-rollouts utils/rollout/rolloututil_test.go: the TestRolloutStatus* cases GetRolloutPhase answers with
// CalculateRolloutPhase (a status without a phase, generation observed), on upstream's newCanaryRollout and
// newBlueGreenRollout fixtures. Not ported: the cases about spec.restartAt (kubesim does not model restarts),
// observedGeneration / workload-reference generations and controllerPause (TestIsUnpausing): GetRolloutPhase's
// wrapper around CalculateRolloutPhase is not modelled, kubesim always computing the phase from the current sync.

const canary = (): { spec: RolloutSpec; status: RolloutStatus } => ({
  spec: {
    replicas: 5,
    strategy: { canary: { steps: [{ setWeight: 10 }, { pause: { duration: 60 } }, { setWeight: 20 }] } },
  } as RolloutSpec,
  status: { currentStepIndex: 1, replicas: 4, readyReplicas: 1, updatedReplicas: 3, availableReplicas: 2 },
});
const blueGreen = (): { spec: RolloutSpec; status: RolloutStatus } => ({
  spec: { replicas: 5, strategy: { blueGreen: {} } } as RolloutSpec,
  status: { currentStepIndex: 1, replicas: 4, readyReplicas: 1, updatedReplicas: 3, availableReplicas: 2, blueGreen: {} },
});

describe('CalculateRolloutPhase (rolloututil_test.go)', () => {
  it('TestRolloutStatusDegraded', () => {
    const ro = canary();
    ro.status.conditions = [{ type: 'Progressing', status: '', reason: 'ProgressDeadlineExceeded', message: 'timed out' } as never];
    expect(CalculateRolloutPhase(ro.spec, ro.status)).toEqual({ phase: 'Degraded', message: 'ProgressDeadlineExceeded: timed out' });
  });

  it('TestRolloutStatusPaused', () => {
    const ro = canary();
    ro.spec = { ...ro.spec, paused: true };
    expect(CalculateRolloutPhase(ro.spec, ro.status)).toEqual({ phase: 'Paused', message: 'manually paused' });
  });

  it.each<[string, () => { spec: RolloutSpec; status: RolloutStatus }, string]>([
    ['canary: more replicas need to be updated', () => {
      const ro = canary();
      Object.assign(ro.status, { updatedReplicas: 4, availableReplicas: 4, replicas: 5 });
      return ro;
    }, 'more replicas need to be updated'],
    ['canary: updated replicas are still becoming available', () => {
      const ro = canary();
      Object.assign(ro.status, { updatedReplicas: 5, availableReplicas: 4, replicas: 5 });
      return ro;
    }, 'updated replicas are still becoming available'],
    ['canary: old replicas are pending termination', () => {
      const ro = canary();
      Object.assign(ro.status, { updatedReplicas: 5, availableReplicas: 5, replicas: 7 });
      return ro;
    }, 'old replicas are pending termination'],
    ['blue-green: active service cutover pending', () => {
      const ro = blueGreen();
      Object.assign(ro.status, { blueGreen: { activeSelector: 'abc1234' }, stableRS: 'abc1234', currentPodHash: 'def5678', replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
      return ro;
    }, 'active service cutover pending'],
    ['blue-green: waiting for analysis to complete', () => {
      const ro = blueGreen();
      ro.spec = { ...ro.spec, strategy: { blueGreen: { postPromotionAnalysis: {} } } } as RolloutSpec;
      Object.assign(ro.status, { blueGreen: { activeSelector: 'def5678' }, stableRS: 'abc1234', currentPodHash: 'def5678', replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
      return ro;
    }, 'waiting for analysis to complete'],
    ['blue-green: waiting for post-promotion verification to complete', () => {
      const ro = blueGreen();
      Object.assign(ro.status, { blueGreen: { activeSelector: 'def5678' }, stableRS: 'abc1234', currentPodHash: 'def5678', replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
      return ro;
    }, 'waiting for post-promotion verification to complete'],
    ['a newly created rollout with hashes but no updated replica count', () => {
      const ro = canary();
      const { replicas: _replicas, ...spec } = ro.spec;
      return { spec: spec as RolloutSpec, status: { observedGeneration: '0', stableRS: 'abc1234', currentPodHash: 'abc1234' } };
    }, 'more replicas need to be updated'],
  ])('TestRolloutStatusProgressing: %s', (_n, make, message) => {
    const ro = make();
    expect(CalculateRolloutPhase(ro.spec, ro.status)).toEqual({ phase: 'Progressing', message });
  });

  it('TestRolloutStatusHealthy: canary', () => {
    const ro = canary();
    Object.assign(ro.status, { replicas: 5, updatedReplicas: 5, availableReplicas: 5, readyReplicas: 5, stableRS: 'abc1234', currentPodHash: 'abc1234' });
    expect(CalculateRolloutPhase(ro.spec, ro.status)).toEqual({ phase: 'Healthy', message: '' });
  });

  it('TestRolloutStatusHealthy: blue-green', () => {
    const ro = blueGreen();
    Object.assign(ro.status, { replicas: 5, updatedReplicas: 5, availableReplicas: 5, readyReplicas: 5, blueGreen: { activeSelector: 'abc1234' }, currentPodHash: 'abc1234', stableRS: 'abc1234' });
    expect(CalculateRolloutPhase(ro.spec, ro.status)).toEqual({ phase: 'Healthy', message: '' });
  });
});
