/**
 * checkPausedConditions through one sync of the Rollout controller, with the inputs and expectations of upstream's
 * rollout/canary_test.go (TestCanaryRolloutEnterPauseState, TestCanaryRolloutUpdatePauseConditionWhilePaused,
 * TestCanaryRolloutNoProgressWhilePaused, TestCanaryRolloutResetProgressDeadlineOnRetry,
 * TestCanaryRolloutIncrementStepAfterUnPaused): a canary of 10 at its single pause step, the stable RS at 10/10 and
 * the new RS at 0/0. Upstream's `updateCanaryRolloutStatus(r2, stable, 10, 0, 10, pause)` is the status below.
 */
import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { Rollout } from '../../../src/api/argo.ts';
import { RolloutController } from '../../../src/controllers/rollouts/controller.ts';
import { podTemplateHash } from '../../../src/controllers/rollouts/replicaset.ts';
import type { RolloutStatus } from '../../../src/controllers/rollouts/types.ts';
import { makeContext } from '../deployment/fixture.ts';

type Condition = NonNullable<RolloutStatus['conditions']>[number];
const T0 = '2026-01-01T00:00:00Z';

function template(image: string): PodTemplateSpec {
  return { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'foo', image }] } };
}

function rs(name: string, tpl: PodTemplateSpec, hash: string, replicas: number, available: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', labels: { foo: 'bar', 'rollouts-pod-template-hash': hash }, annotations: { 'rollout.argoproj.io/revision': name.endsWith('1') ? '1' : '2' } },
    spec: { replicas, selector: { matchLabels: { foo: 'bar', 'rollouts-pod-template-hash': hash } }, template: tpl },
    status: { replicas, readyReplicas: available, availableReplicas: available },
  };
}

const cond = (type: string, status: string, reason: string, message: string): Condition => ({ type, status, reason, message, lastUpdateTime: T0, lastTransitionTime: T0 });

/** One sync of r2 (revision 2 at step 0 of [pause: {}]); returns the status written by each store write, in order. */
function syncOnce(opts: { conditions: Condition[]; pause: boolean; controllerPause?: boolean; abort?: boolean }) {
  const ctx = makeContext();
  const t1 = template('foo/bar1');
  const t2 = template('foo/bar2');
  const h1 = podTemplateHash(t1);
  const h2 = podTemplateHash(t2);
  const status: RolloutStatus = {
    currentPodHash: h2,
    stableRS: h1,
    currentStepIndex: 0,
    replicas: 10,
    updatedReplicas: 0,
    readyReplicas: 10,
    availableReplicas: 10,
    selector: 'foo=bar',
    conditions: opts.conditions,
    // Upstream's fixture computes the phase of a paused input (CalculateRolloutPhase).
    ...(opts.pause ? { pauseConditions: [{ reason: 'CanaryPauseStep', startTime: T0 }], controllerPause: true, phase: 'Paused', message: 'CanaryPauseStep' } : {}),
    ...(opts.controllerPause ? { controllerPause: true } : {}),
    ...(opts.abort === false ? { abort: false } : {}),
  };
  const ro = ctx.store.create<Rollout>('Rollout', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'foo', namespace: 'default' },
    spec: {
      replicas: 10,
      selector: { matchLabels: { foo: 'bar' } },
      template: t2,
      strategy: { canary: { maxSurge: 1, maxUnavailable: 0, steps: [{ pause: {} }] } },
    },
    status: status as Record<string, unknown>,
  } as Rollout);
  for (const r of [rs('foo-1', t1, h1, 10, 10), rs('foo-2', t2, h2, 0, 0)]) {
    r.metadata!.ownerReferences = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'foo', uid: ro.metadata.uid!, controller: true }];
    ctx.store.create('ReplicaSet', r as ReplicaSet & { metadata: { name: string; namespace: string } });
  }
  const before = structuredClone(ctx.store.get<Rollout>('Rollout', 'default', 'foo')!.status) as RolloutStatus;
  const writes: RolloutStatus[] = [];
  ctx.store.watch<Rollout>('Rollout', (e) => {
    if (e.type === 'MODIFIED') writes.push(structuredClone(e.object.status) as RolloutStatus);
  });
  const c = new RolloutController() as unknown as { ctx: unknown; queue: unknown; syncRollout(key: string): void };
  c.ctx = ctx;
  c.queue = { addAfter() {} };
  c.syncRollout('default/foo');
  return { before, writes, now: ctx.clock.timestamp(ctx.engine.nowMs), h2 };
}

const typeAndReason = (st: RolloutStatus) => Object.fromEntries((st.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));

describe('checkPausedConditions and the pause (upstream canary_test.go)', () => {
  it('TestCanaryRolloutEnterPauseState: one write adds the pause condition; Progressing stays ReplicaSetUpdated', () => {
    const { writes, now } = syncOnce({ conditions: [], pause: false });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ pauseConditions: [{ reason: 'CanaryPauseStep', startTime: now }], controllerPause: true, phase: 'Paused', message: 'CanaryPauseStep' });
    // generateConditionsPatch(true, ReplicaSetUpdated, …): Available True and Progressing True/ReplicaSetUpdated only.
    expect(typeAndReason(writes[0]!)).toEqual({ Progressing: 'True/ReplicaSetUpdated', Available: 'True/AvailableReason' });
  });

  it('the sync after that writes the paused conditions alone (the conditions-only sync)', () => {
    const first = syncOnce({ conditions: [], pause: false });
    const entered = first.writes[0]!;
    const { before, writes } = syncOnce({ conditions: entered.conditions!, pause: true });
    expect(writes.length).toBeGreaterThanOrEqual(1);
    const changed = Object.keys(writes[0]!).filter((k) => JSON.stringify(writes[0]![k as keyof RolloutStatus]) !== JSON.stringify(before[k as keyof RolloutStatus]));
    expect(changed.sort()).toEqual(['conditions', 'observedGeneration']);
    expect(typeAndReason(writes[0]!)).toEqual({ Progressing: 'Unknown/RolloutPaused', Available: 'True/AvailableReason', Paused: 'True/RolloutPaused' });
    // The rest of that sync changes nothing: a paused step has no progress to make.
    expect(writes).toHaveLength(1);
  });

  it('TestCanaryRolloutUpdatePauseConditionWhilePaused: with the conditions already paused only observedGeneration is written', () => {
    const conditions = [
      cond('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'),
      cond('Paused', 'True', 'RolloutPaused', 'Rollout is paused'),
      cond('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      cond('Completed', 'False', 'RolloutCompleted', 'RolloutCompleted'),
    ];
    const { before, writes } = syncOnce({ conditions, pause: true });
    expect(writes).toHaveLength(1);
    const changed = Object.keys(writes[0]!).filter((k) => JSON.stringify(writes[0]![k as keyof RolloutStatus]) !== JSON.stringify(before[k as keyof RolloutStatus]));
    expect(changed).toEqual(['observedGeneration']);
  });

  it('TestCanaryRolloutNoProgressWhilePaused: paused conditions in place, one write', () => {
    const conditions = [cond('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'), cond('Paused', 'True', 'RolloutPaused', 'Rollout is paused')];
    expect(syncOnce({ conditions, pause: true }).writes).toHaveLength(1);
  });

  it('TestCanaryRolloutResetProgressDeadlineOnRetry: the retry condition is written first, then the sync', () => {
    const conditions = [cond('Progressing', 'False', 'RolloutAborted', 'Rollout aborted update to revision 2')];
    const { before, writes } = syncOnce({ conditions, pause: false, abort: false });
    expect(writes).toHaveLength(2);
    const changed = Object.keys(writes[0]!).filter((k) => JSON.stringify(writes[0]![k as keyof RolloutStatus]) !== JSON.stringify(before[k as keyof RolloutStatus]));
    expect(changed.sort()).toEqual(['conditions', 'message', 'observedGeneration', 'phase']);
    expect(writes[0]!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'RolloutRetry', message: 'Retrying Rollout after abort' });
    expect(writes[0]).toMatchObject({ phase: 'Progressing', message: 'more replicas need to be updated' });
  });

  it('TestCanaryRolloutIncrementStepAfterUnPaused: controllerPause without a pause condition completes the step', () => {
    const { writes } = syncOnce({ conditions: [], pause: false, controllerPause: true });
    expect(writes).toHaveLength(1);
    expect(writes[0]!.controllerPause).toBeUndefined();
    expect(writes[0]!.currentStepIndex).toBe(1);
    expect(writes[0]!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
  });
});
