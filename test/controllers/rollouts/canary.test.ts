import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../../src/api/argo.ts';
import { abortRollout, promoteRollout, retryRollout, setRolloutImage } from '../../../src/controllers/rollouts/controller.ts';
import { recordStaircase } from '../deployment/fixture.ts';
import { load, replicaSets, setup, statusOf } from './fixture.ts';

function canarySetup() {
  const { objects } = load({ file: 'rollout-canary.yaml' });
  const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })));
  ctx.engine.run({ until: 30_000 });
  return ctx;
}

describe('canary: rollout-canary.yaml (5 replicas, maxSurge 25% → 2, maxUnavailable 25% → 1)', () => {
  it('walks setWeight 20 → pause → 40 → 40s → 60 → 20s → 80 → 20s with Argo replica counts', () => {
    const ctx = canarySetup();
    expect(statusOf(ctx, 'rollout-canary')).toMatchObject({ phase: 'Healthy', availableReplicas: 5 });
    const [v1] = Object.keys(replicaSets(ctx));
    const steps = recordStaircase(ctx);
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'argoproj/rollouts-demo:yellow');
    ctx.engine.run({ until: 60_000 });
    const st = statusOf(ctx, 'rollout-canary');
    const v2 = `rollout-canary-${st.currentPodHash}`;
    // setWeight 20 of 5 → 1 canary / 4 stable; stable scales first (stable RS, then new RS, one per sync).
    expect(st).toMatchObject({ phase: 'Paused', message: 'CanaryPauseStep', currentStepIndex: 1, controllerPause: true });
    expect(replicaSets(ctx)).toEqual({ [v1!]: 4, [v2]: 1 });
    promoteRollout(ctx, 'default', 'rollout-canary');
    ctx.engine.run({ until: 300_000 });
    // The new RS is created at 0; 40 % → 2/3, 60 % → 3/2, 80 % → 4/1, then 100 %.
    expect(steps).toEqual([`${v2}=0`, `${v1}=4`, `${v2}=1`, `${v1}=3`, `${v2}=2`, `${v1}=2`, `${v2}=3`, `${v1}=1`, `${v2}=4`, `${v1}=0`, `${v2}=5`]);
    expect(statusOf(ctx, 'rollout-canary')).toMatchObject({ phase: 'Healthy', stableRS: st.currentPodHash, currentStepIndex: 8 });
    const events = ctx.events.for('Rollout', 'rollout-canary');
    const at = (reason: string, message: string) => events.find((e) => e.reason === reason && e.message === message)?.firstTimestampMs;
    expect(at('RolloutStepCompleted', 'Rollout step 3/8 completed (setWeight: 40)')).toBe(65_000);
    // The 40 s pause starts at 65 s and ends strictly after 105 s.
    expect(at('RolloutStepCompleted', 'Rollout step 4/8 completed (pause: 40s)')).toBe(105_001);
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['RolloutUpdated', 'RolloutPaused', 'RolloutResumed', 'ScalingReplicaSet', 'RolloutCompleted']));
    expect(events.some((e) => e.message === `Scaled up ReplicaSet ${v2} (revision 2) from 0 to 1`)).toBe(true);
    expect(ctx.decisions.all.some((d) => d.summary.startsWith(`scaled ${v2} 0 → 1: basic canary at step 0 (setWeight: 20)`))).toBe(true);
  });

  it('abort brings the stable back within maxSurge and the phase is Degraded; retry starts again from step 0', () => {
    const ctx = canarySetup();
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'v2');
    ctx.engine.run({ until: 60_000 });
    const v2 = `rollout-canary-${statusOf(ctx, 'rollout-canary').currentPodHash}`;
    abortRollout(ctx, 'default', 'rollout-canary');
    ctx.engine.run({ until: 120_000 });
    const st = statusOf(ctx, 'rollout-canary');
    expect(st).toMatchObject({ phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', currentStepIndex: 0, abort: true });
    expect(replicaSets(ctx)[v2]).toBe(0);
    expect(ctx.events.for('Rollout', 'rollout-canary').some((e) => e.type === 'Warning' && e.reason === 'RolloutAborted')).toBe(true);
    retryRollout(ctx, 'default', 'rollout-canary');
    ctx.engine.run({ until: 180_000 });
    expect(statusOf(ctx, 'rollout-canary')).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });
    expect(replicaSets(ctx)[v2]).toBe(1);
  });

  it('promote --full goes to 100 % honouring maxSurge/maxUnavailable', () => {
    const ctx = canarySetup();
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'v2');
    ctx.engine.run({ until: 60_000 });
    const steps = recordStaircase(ctx);
    promoteRollout(ctx, 'default', 'rollout-canary', { full: true });
    ctx.engine.run({ until: 120_000 });
    expect(statusOf(ctx, 'rollout-canary')).toMatchObject({ phase: 'Healthy', currentStepIndex: 8 });
    // Each change stays within 5 + 2 pods and ≥ 4 available: stable steps down by one as canaries become available.
    expect(steps.length).toBeGreaterThan(2);
  });

  it('an HPA-like spec.replicas change mid-canary resizes both ReplicaSets to the same weight', () => {
    const ctx = canarySetup();
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'v2');
    ctx.engine.run({ until: 60_000 });
    const v2 = `rollout-canary-${statusOf(ctx, 'rollout-canary').currentPodHash}`;
    const v1 = `rollout-canary-${statusOf(ctx, 'rollout-canary').stableRS}`;
    // The HPA writes spec.replicas through the scale subresource.
    ctx.store.mutate<Rollout>('Rollout', 'default', 'rollout-canary', (d) => {
      d.spec!.replicas = 10;
    });
    ctx.engine.run({ until: 90_000 });
    // Still paused at step 1 (a pause step does not block scaling events): 20 % of 10 → 2 canaries, 8 stable.
    expect(replicaSets(ctx)).toEqual({ [v1]: 8, [v2]: 2 });
    expect(statusOf(ctx, 'rollout-canary')).toMatchObject({ phase: 'Paused', replicas: 10, selector: 'app=rollout-canary' });
  });
});

describe('canary: the sync that sees a new pod template only resets and writes the status (rolloutCanary)', () => {
  it('creates the new RS at 0 and writes the status; scaling starts in the next sync', () => {
    const ctx = canarySetup();
    const writes: string[] = [];
    ctx.store.watch<Rollout>('Rollout', (e) => writes.push(`status ${String((e.object.status as { phase?: string } | undefined)?.phase)}`));
    ctx.store.watch('ReplicaSet', (e) => {
      const rs = e.object as { metadata: { name: string }; spec?: { replicas?: number } };
      writes.push(`${e.type === 'ADDED' ? 'create' : 'rs'} ${rs.metadata.name}=${rs.spec?.replicas ?? 0}`);
    });
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'v2');
    ctx.engine.run({ until: 30_001 });
    const v2 = `rollout-canary-${statusOf(ctx, 'rollout-canary').currentPodHash}`;
    const created = writes.indexOf(`create ${v2}=0`);
    expect(created).toBeGreaterThanOrEqual(0);
    // The spec change itself, then the new RS at 0, the status write, and only then the first scaling.
    const firstScale = writes.findIndex((w, i) => i > created && w.startsWith('rs ') && !w.endsWith(`${v2}=0`));
    expect(writes.slice(created + 1, firstScale).some((w) => w === 'status Progressing')).toBe(true);
  });

  it('going back to the stable template skips the steps with a SkipSteps event', () => {
    const ctx = canarySetup();
    const v1Image = 'argoproj/rollouts-demo:blue';
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', 'v2');
    ctx.engine.run({ until: 40_000 });
    setRolloutImage(ctx, 'default', 'rollout-canary', 'rollouts-demo', v1Image);
    ctx.engine.run({ until: 80_000 });
    const st = statusOf(ctx, 'rollout-canary');
    expect(st.currentPodHash).toBe(st.stableRS);
    expect(ctx.events.for('Rollout', 'rollout-canary').some((e) => e.reason === 'SkipSteps' && e.message === 'Rollback to stable ReplicaSets')).toBe(true);
  });
});
