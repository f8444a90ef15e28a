import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../../src/api/argo.ts';
import { checkAnalysisTemplate } from '../../../src/controllers/rollouts/analysis-run.ts';
import { getTrafficWeights, promoteRollout, setRolloutImage } from '../../../src/controllers/rollouts/controller.ts';
import type { AnalysisProviderSource } from '../../../src/controllers/rollouts/providers.ts';
import { MANIFESTS, load, setup, statusOf } from './fixture.ts';

const files = readdirSync(MANIFESTS).filter((f) => f.endsWith('.yaml')).sort();

const alwaysPass = `
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata: {name: always-pass}
spec:
  metrics:
  - name: always-pass
    count: 1
    provider:
      job:
        spec:
          template: {spec: {containers: [{name: ok, image: alpine}], restartPolicy: Never}}
`;

/** Jobs succeed after 3 s: nothing fails. */
const jobsSucceed: AnalysisProviderSource = { job: () => ({ succeeded: true, durationMs: 3000 }), web: () => ({ value: 'true' }) };

function run(file: string) {
  const { objects } = load({ file: 'analysis-templates.yaml' }, { file: 'always-pass.yaml', text: alwaysPass }, { file });
  const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })), { sources: { providers: jobsSucceed } });
  return { ctx, rollouts: objects.filter((o) => o.kind === 'Rollout').map((o) => o.name) };
}

describe('shared argo-rollouts manifests', () => {
  it('the AnalysisTemplates pass checkAnalysisTemplate', () => {
    const { objects } = load({ file: 'analysis-templates.yaml' });
    for (const o of objects) expect(checkAnalysisTemplate(o.object)).toEqual([]);
  });

  it.each(files.filter((f) => f !== 'analysis-templates.yaml'))('%s deploys to Healthy, then rolls an update to Healthy', (file) => {
    const { ctx, rollouts } = run(file);
    expect(rollouts.length).toBe(1);
    const name = rollouts[0]!;
    ctx.engine.run({ until: 60_000, maxEvents: 100_000 });
    expect(statusOf(ctx, name)).toMatchObject({ phase: 'Healthy', message: '' });
    const ro = ctx.store.get<Rollout>('Rollout', 'default', name)!;
    const container = ro.spec?.workloadRef ? 'rollouts-demo' : ro.spec!.template!.spec!.containers[0]!.name;
    setRolloutImage(ctx, 'default', name, container, 'argoproj/rollouts-demo:green');
    // Manual gates (pause without duration, autoPromotionEnabled false) are promoted each time one is reached.
    for (let t = 90_000; t <= 900_000; t += 30_000) {
      ctx.engine.run({ until: t, maxEvents: 100_000 });
      if (statusOf(ctx, name).phase === 'Paused') promoteRollout(ctx, 'default', name);
    }
    const st = statusOf(ctx, name);
    expect(st).toMatchObject({ phase: 'Healthy', stableRS: st.currentPodHash });
  });

  it('istio-subset-split.yaml exports the exact 90/10 split at setWeight 10 and 100 % after promotion', () => {
    const { ctx } = run('istio-subset-split.yaml');
    ctx.engine.run({ until: 30_000 });
    const stable = statusOf(ctx, 'istio-subset-split').stableRS!;
    expect(getTrafficWeights(ctx.store, 'default', 'istio-subset-split')).toEqual([{ podTemplateHash: stable, weightPercent: 100 }]);
    setRolloutImage(ctx, 'default', 'istio-subset-split', 'istio-subset-split', 'nginx:1.20-alpine');
    ctx.engine.run({ until: 60_000 });
    const st = statusOf(ctx, 'istio-subset-split');
    expect(st).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });
    expect(st.canary?.weights).toEqual({ canary: { weight: 10, podTemplateHash: st.currentPodHash }, stable: { weight: 90, podTemplateHash: stable } });
    expect(getTrafficWeights(ctx.store, 'default', 'istio-subset-split')).toEqual([
      { podTemplateHash: stable, weightPercent: 90 },
      { podTemplateHash: st.currentPodHash, weightPercent: 10 },
    ]);
    promoteRollout(ctx, 'default', 'istio-subset-split');
    ctx.engine.run({ until: 120_000 });
    expect(getTrafficWeights(ctx.store, 'default', 'istio-subset-split')).toEqual([{ podTemplateHash: st.currentPodHash, weightPercent: 100 }]);
    expect(getTrafficWeights(ctx.store, 'default', 'no-such-service')).toBeUndefined();
  });
});
