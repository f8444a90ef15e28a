import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { DeploymentController, pauseDeployment, resumeDeployment, rollbackDeployment } from '../../../src/controllers/deployment/controller.ts';
import { ComputeHash, RevisionAnnotation, RevisionHistoryAnnotation } from '../../../src/controllers/deployment/util.ts';
import { defaultedDeployment } from '../../../src/controllers/deployment/sync.ts';
import { makeContext, recordStaircase, startFakeReplicaSetController } from './fixture.ts';

function webapi(replicas: number, image: string, strategy: Deployment['spec'] extends infer S ? S extends { strategy?: infer T } ? T : never : never): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'webapi-deployment', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'webapi' } },
      strategy,
      progressDeadlineSeconds: 60,
      template: { metadata: { labels: { app: 'webapi' } }, spec: { containers: [{ name: 'webapi', image }] } },
    },
  };
}

function setup(d: Deployment, opts: Parameters<typeof startFakeReplicaSetController>[1] = {}) {
  const ctx = makeContext();
  startFakeReplicaSetController(ctx, opts);
  new DeploymentController().start(ctx);
  ctx.store.create('Deployment', d);
  return ctx;
}

const rsName = (image: string) =>
  `webapi-deployment-${ComputeHash({ metadata: { labels: { app: 'webapi' } }, spec: { containers: [{ name: 'webapi', image }] } })}`;

function setImage(ctx: ReturnType<typeof makeContext>, image: string) {
  ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (d) => {
    d.spec!.template.spec!.containers[0]!.image = image;
  });
}

describe('Deployment controller: rolling update', () => {
  it('maxSurge 1 / maxUnavailable 0 with 3 replicas walks the documented staircase and never drops availability', () => {
    const ctx = setup(webapi(3, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
    ctx.engine.run({ until: 60_000 });
    const dep = () => ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    expect(dep().status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    const v1 = rsName('v1');
    const v2 = rsName('v2');
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', v1)?.metadata.annotations?.[RevisionAnnotation]).toBe('1');

    const steps = recordStaircase(ctx);
    let minAvailable = Infinity;
    let maxTotal = 0;
    ctx.store.watch<ReplicaSet>('ReplicaSet', () => {
      const rss = ctx.store.list<ReplicaSet>('ReplicaSet', 'default');
      minAvailable = Math.min(minAvailable, rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0));
      maxTotal = Math.max(maxTotal, rss.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0));
    });
    setImage(ctx, 'v2');
    ctx.engine.run({ until: 200_000 });
    expect(steps).toEqual([`${v2}=1`, `${v1}=2`, `${v2}=2`, `${v1}=1`, `${v2}=3`, `${v1}=0`]);
    expect(minAvailable).toBeGreaterThanOrEqual(3);
    expect(maxTotal).toBeLessThanOrEqual(4);
    expect(dep().metadata.annotations?.[RevisionAnnotation]).toBe('2');
    expect(dep().status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${v2}" has successfully progressed.`,
    });
    const messages = ctx.events.for('Deployment', 'webapi-deployment').map((e) => e.message);
    expect(messages).toContain(`Scaled up replica set ${v2} from 0 to 1`);
    expect(messages).toContain(`Scaled down replica set ${v1} from 3 to 2`);
    expect(ctx.decisions.all.some((d) => d.summary.includes('maxSurge 1'))).toBe(true);
  });

  it('a new version that never becomes ready stalls and reports ProgressDeadlineExceeded', () => {
    const ctx = setup(webapi(3, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }), {
      neverReadyImages: ['bad'],
    });
    ctx.engine.run({ until: 30_000 });
    setImage(ctx, 'bad');
    ctx.engine.run({ until: 200_000 });
    const d = ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(d.status).toMatchObject({ availableReplicas: 3, updatedReplicas: 1, unavailableReplicas: 1 });
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v1'))?.spec?.replicas).toBe(3);
  });

  it('rollout undo goes back to revision 1, which becomes revision 3 with history "1"', () => {
    const ctx = setup(webapi(2, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }));
    ctx.engine.run({ until: 30_000 });
    setImage(ctx, 'v2');
    ctx.engine.run({ until: 90_000 });
    expect(rollbackDeployment(ctx, 'default', 'webapi-deployment')).toMatchObject({ ok: true, message: 'rolled back', revision: 1 });
    ctx.engine.run({ until: 200_000 });
    const v1 = ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v1'))!;
    expect(v1.spec?.replicas).toBe(2);
    expect(v1.metadata.annotations?.[RevisionAnnotation]).toBe('3');
    expect(v1.metadata.annotations?.[RevisionHistoryAnnotation]).toBe('1');
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v2'))?.spec?.replicas).toBe(0);
    expect(rollbackDeployment(ctx, 'default', 'webapi-deployment', 7)).toMatchObject({ ok: false, message: 'unable to find specified revision 7 in history' });
  });

  it('Recreate scales old to 0 before creating the new ReplicaSet', () => {
    const ctx = setup(webapi(3, 'v1', { type: 'Recreate' }));
    ctx.engine.run({ until: 30_000 });
    const steps = recordStaircase(ctx);
    setImage(ctx, 'v2');
    ctx.engine.run({ until: 100_000 });
    expect(steps).toEqual([`${rsName('v1')}=0`, `${rsName('v2')}=3`]);
  });

  it('scaling mid-rollout spreads replicas proportionally; paused deployments only scale', () => {
    const ctx = setup(webapi(10, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }), {
      neverReadyImages: ['bad'],
    });
    ctx.engine.run({ until: 30_000 });
    setImage(ctx, 'bad');
    ctx.engine.run({ until: 60_000 });
    // Stuck like sync.go's example: new 5 (never ready), old 8.
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('bad'))?.spec?.replicas).toBe(5);
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v1'))?.spec?.replicas).toBe(8);
    pauseDeployment(ctx, 'default', 'webapi-deployment');
    ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (d) => {
      d.spec!.replicas = 15;
    });
    ctx.engine.run({ until: 90_000 });
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v1'))?.spec?.replicas).toBe(11);
    expect(ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('bad'))?.spec?.replicas).toBe(7);
    const d = ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('DeploymentPaused');
    resumeDeployment(ctx, 'default', 'webapi-deployment');
    ctx.engine.run({ until: 95_000 });
    expect(ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'DeploymentResumed',
    );
  });
});

describe('Deployment controller: work skipped on unchanged inputs still follows every change', () => {
  it('an annotation added after many no-op syncs reaches the new ReplicaSet; minReadySeconds too', () => {
    const ctx = setup(webapi(3, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
    ctx.engine.run({ until: 60_000 });
    const rs = () => ctx.store.get<ReplicaSet>('ReplicaSet', 'default', rsName('v1'))!;
    const before = rs();
    // A resync of an unchanged Deployment writes nothing.
    ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (d) => {
      d.metadata.labels = { touched: 'yes' };
    });
    ctx.engine.run({ until: 61_000 });
    expect(rs()).toBe(before);
    ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (d) => {
      d.metadata.annotations = { ...d.metadata.annotations, team: 'payments' };
    });
    ctx.engine.run({ until: 62_000 });
    expect(rs().metadata.annotations).toMatchObject({ team: 'payments', [RevisionAnnotation]: '1' });
    ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (d) => {
      d.spec!.minReadySeconds = 7;
    });
    ctx.engine.run({ until: 63_000 });
    expect(rs().spec?.minReadySeconds).toBe(7);
    expect(rs().metadata.annotations?.team).toBe('payments');
  });

  it('a stored Deployment version is defaulted once, and a write yields a newly defaulted version', () => {
    const ctx = setup(webapi(3, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
    ctx.engine.run({ until: 60_000 });
    const stored = ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    const d = defaultedDeployment(stored);
    expect(defaultedDeployment(stored)).toBe(d);
    expect(d.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 60 });
    expect(stored.spec?.revisionHistoryLimit).toBeUndefined();
    ctx.store.mutate<Deployment>('Deployment', 'default', 'webapi-deployment', (draft) => {
      draft.spec!.revisionHistoryLimit = 2;
    });
    const next = defaultedDeployment(ctx.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!);
    expect(next).not.toBe(d);
    expect(next.spec?.revisionHistoryLimit).toBe(2);
  });
});
