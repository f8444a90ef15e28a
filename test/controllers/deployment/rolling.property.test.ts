import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { DeploymentController } from '../../../src/controllers/deployment/controller.ts';
import { ResolveFenceposts } from '../../../src/controllers/deployment/util.ts';
import { makeContext, startFakeReplicaSetController } from './fixture.ts';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

describe('rolling update invariants (no outside failures)', () => {
  it('available ≥ replicas − maxUnavailable and total ≤ replicas + maxSurge at every step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 1000, max: 20_000 }),
        (replicas, maxSurge, maxUnavailable, readyAfterMs) => {
          const ctx = makeContext();
          startFakeReplicaSetController(ctx, { readyAfterMs });
          new DeploymentController().start(ctx);
          ctx.store.create<Deployment>('Deployment', {
            metadata: { name: 'web', namespace: 'default' },
            spec: {
              replicas,
              selector: { matchLabels: { app: 'web' } },
              strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
              template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } },
            },
          });
          ctx.engine.run({ until: 600_000 });
          const { surge, unavailable } = ResolveFenceposts(maxSurge, maxUnavailable, replicas);
          const maxUnavailableCapped = Math.min(unavailable, replicas);
          let violations = 0;
          ctx.store.watch<ReplicaSet>('ReplicaSet', () => {
            const rss = ctx.store.list<ReplicaSet>('ReplicaSet', 'default');
            const available = rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);
            const total = rss.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
            if (available < replicas - maxUnavailableCapped || total > replicas + surge) violations++;
          });
          ctx.store.mutate<Deployment>('Deployment', 'default', 'web', (d) => {
            d.spec!.template.spec!.containers[0]!.image = 'v2';
          });
          ctx.engine.run({ until: 3_600_000 });
          const d = ctx.store.get<Deployment>('Deployment', 'default', 'web')!;
          expect(violations).toBe(0);
          expect(d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});
