import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import { promoteRollout, setRolloutImage } from '../../../src/controllers/rollouts/controller.ts';
import { load, replicaSets, setup, statusOf } from './fixture.ts';

const selectorOf = (ctx: ReturnType<typeof setup>, name: string) =>
  ctx.store.get<Service>('Service', 'default', name)?.spec?.selector?.['rollouts-pod-template-hash'];

describe('blue-green: rollout-bluegreen.yaml (autoPromotionEnabled false, preview service)', () => {
  it('previews v2, pauses, switches the active service on promote and scales v1 down 30 s later', () => {
    const { objects } = load({ file: 'rollout-bluegreen.yaml' });
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })));
    ctx.engine.run({ until: 30_000 });
    const v1Hash = statusOf(ctx, 'rollout-bluegreen').currentPodHash!;
    expect(statusOf(ctx, 'rollout-bluegreen')).toMatchObject({ phase: 'Healthy', stableRS: v1Hash, blueGreen: { activeSelector: v1Hash } });
    expect(selectorOf(ctx, 'rollout-bluegreen-active')).toBe(v1Hash);

    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'argoproj/rollouts-demo:green');
    ctx.engine.run({ until: 60_000 });
    const st = statusOf(ctx, 'rollout-bluegreen');
    const v2Hash = st.currentPodHash!;
    expect(st).toMatchObject({ phase: 'Paused', message: 'BlueGreenPause', stableRS: v1Hash });
    expect(selectorOf(ctx, 'rollout-bluegreen-preview')).toBe(v2Hash);
    expect(selectorOf(ctx, 'rollout-bluegreen-active')).toBe(v1Hash);
    expect(replicaSets(ctx)).toEqual({ [`rollout-bluegreen-${v1Hash}`]: 2, [`rollout-bluegreen-${v2Hash}`]: 2 });

    promoteRollout(ctx, 'default', 'rollout-bluegreen');
    ctx.engine.run({ until: 61_000 });
    expect(selectorOf(ctx, 'rollout-bluegreen-active')).toBe(v2Hash);
    expect(statusOf(ctx, 'rollout-bluegreen')).toMatchObject({ phase: 'Healthy', stableRS: v2Hash });
    ctx.engine.run({ until: 89_999 });
    expect(replicaSets(ctx)[`rollout-bluegreen-${v1Hash}`]).toBe(2);
    ctx.engine.run({ until: 92_000 });
    // scaleDownDelaySeconds defaults to 30: promoted at 60 s, v1 goes to 0 at 90 s.
    expect(replicaSets(ctx)[`rollout-bluegreen-${v1Hash}`]).toBe(0);
    const reasons = ctx.events.for('Rollout', 'rollout-bluegreen').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['SwitchService', 'RolloutPaused', 'RolloutCompleted', 'ScalingReplicaSet']));
  });

  it('previewReplicaCount and autoPromotionSeconds: 1 preview pod, then full size and an automatic switch', () => {
    const { objects } = load({ file: 'rollout-bluegreen.yaml' });
    const ro = objects.find((o) => o.kind === 'Rollout')!.object as { spec: { strategy: { blueGreen: Record<string, unknown> } } };
    Object.assign(ro.spec.strategy.blueGreen, { autoPromotionEnabled: true, autoPromotionSeconds: 20, previewReplicaCount: 1 });
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })));
    ctx.engine.run({ until: 30_000 });
    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'green');
    ctx.engine.run({ until: 40_000 });
    const v2 = `rollout-bluegreen-${statusOf(ctx, 'rollout-bluegreen').currentPodHash}`;
    expect(replicaSets(ctx)[v2]).toBe(1);
    expect(statusOf(ctx, 'rollout-bluegreen').phase).toBe('Paused');
    ctx.engine.run({ until: 120_000 });
    expect(replicaSets(ctx)[v2]).toBe(2);
    expect(statusOf(ctx, 'rollout-bluegreen')).toMatchObject({ phase: 'Healthy', blueGreen: { activeSelector: statusOf(ctx, 'rollout-bluegreen').currentPodHash } });
  });
});

describe('blue-green scaleDownDelayRevisionLimit (ScaleDownDelayHelper)', () => {
  it('with limit 1, a second promotion inside the delay scales the older previous RS down at once and keeps the newer one', () => {
    const { objects } = load({ file: 'rollout-bluegreen.yaml' });
    const ro = objects.find((o) => o.kind === 'Rollout')!.object as { spec: { strategy: { blueGreen: Record<string, unknown> } } };
    Object.assign(ro.spec.strategy.blueGreen, { autoPromotionEnabled: true, scaleDownDelaySeconds: 300, scaleDownDelayRevisionLimit: 1 });
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })));
    ctx.engine.run({ until: 30_000 });
    const v1 = `rollout-bluegreen-${statusOf(ctx, 'rollout-bluegreen').currentPodHash}`;
    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'argoproj/rollouts-demo:green');
    ctx.engine.run({ until: 60_000 });
    const v2 = `rollout-bluegreen-${statusOf(ctx, 'rollout-bluegreen').currentPodHash}`;
    expect(replicaSets(ctx)).toMatchObject({ [v1]: 2, [v2]: 2 });
    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'argoproj/rollouts-demo:yellow');
    ctx.engine.run({ until: 90_000 });
    const v3 = `rollout-bluegreen-${statusOf(ctx, 'rollout-bluegreen').currentPodHash}`;
    expect(statusOf(ctx, 'rollout-bluegreen').blueGreen?.activeSelector).toBe(statusOf(ctx, 'rollout-bluegreen').currentPodHash);
    // v2 (newest previous) keeps its 300 s delay; v1 is past the limit and goes to 0 now.
    expect(replicaSets(ctx)).toMatchObject({ [v1]: 0, [v2]: 2, [v3]: 2 });
  });

  it('without a limit both previous ReplicaSets keep their pods through the delay', () => {
    const { objects } = load({ file: 'rollout-bluegreen.yaml' });
    const ro = objects.find((o) => o.kind === 'Rollout')!.object as { spec: { strategy: { blueGreen: Record<string, unknown> } } };
    Object.assign(ro.spec.strategy.blueGreen, { autoPromotionEnabled: true, scaleDownDelaySeconds: 300 });
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })));
    ctx.engine.run({ until: 30_000 });
    const v1 = `rollout-bluegreen-${statusOf(ctx, 'rollout-bluegreen').currentPodHash}`;
    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'argoproj/rollouts-demo:green');
    ctx.engine.run({ until: 60_000 });
    setRolloutImage(ctx, 'default', 'rollout-bluegreen', 'rollouts-demo', 'argoproj/rollouts-demo:yellow');
    ctx.engine.run({ until: 90_000 });
    expect(replicaSets(ctx)[v1]).toBe(2);
  });
});
