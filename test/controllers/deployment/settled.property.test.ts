import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { DeploymentController } from '../../../src/controllers/deployment/controller.ts';
import { SettledSyncs } from '../../../src/controllers/deployment/settled.ts';
import { Priority } from '../../../src/controllers/context.ts';
import { makeContext, startFakeReplicaSetController } from './fixture.ts';

interface Case {
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  progressDeadlineSeconds: number;
  readyAfterMs: number;
  /** The new image never becomes ready: the rollout stalls until its deadline. */
  stalls: boolean;
  /** When (ms after the rollout starts) the new ReplicaSet loses available pods, and for how long. */
  dipAtMs: number;
  dipForMs: number;
  dipBy: number;
}

/**
 * One rollout from v1 to v2 with a dip in availability, as a log of what the Deployment controller did: every
 * sync (time and key) and every Deployment and ReplicaSet version written.
 */
function runLog(c: Case): string[] {
  const ctx = makeContext();
  const log: string[] = [];
  startFakeReplicaSetController(ctx, { readyAfterMs: c.readyAfterMs, neverReadyImages: c.stalls ? ['v2'] : [] });
  new DeploymentController().start(ctx);
  const sync = DeploymentController.prototype.syncDeployment;
  vi.spyOn(DeploymentController.prototype, 'syncDeployment').mockImplementation(function (this: DeploymentController, key: string) {
    log.push(`${ctx.engine.nowMs} sync ${key}`);
    sync.call(this, key);
  });
  for (const kind of ['Deployment', 'ReplicaSet']) {
    ctx.store.watch(kind, (e) => log.push(`${ctx.engine.nowMs} ${e.type} ${kind} ${JSON.stringify(e.object)}`));
  }
  ctx.store.create<Deployment>('Deployment', {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: c.replicas,
      progressDeadlineSeconds: c.progressDeadlineSeconds,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } },
    },
  });
  ctx.engine.run({ until: 60_000 });
  ctx.store.mutate<Deployment>('Deployment', 'default', 'web', (d) => {
    d.spec!.template.spec!.containers[0]!.image = 'v2';
  });
  // A pod of the newest ReplicaSet stops being available for a while (a crash), the ReplicaSet reporting it.
  const setAvailable = (delta: number) => {
    const rs = ctx.store.list<ReplicaSet>('ReplicaSet', 'default').at(-1)!;
    ctx.store.mutate<ReplicaSet>('ReplicaSet', 'default', rs.metadata.name, (draft) => {
      draft.status ??= { replicas: 0 };
      const available = Math.max(0, (draft.status.availableReplicas ?? 0) + delta);
      draft.status.availableReplicas = available;
      draft.status.readyReplicas = available;
    });
  };
  ctx.engine.at(60_000 + c.dipAtMs, () => setAvailable(-c.dipBy), { priority: Priority.ReplicaSet });
  ctx.engine.at(60_000 + c.dipAtMs + c.dipForMs, () => setAvailable(c.dipBy), { priority: Priority.ReplicaSet });
  ctx.engine.run({ until: 400_000 });
  return log;
}

describe('SettledSyncs: a replayed sync does what the full sync does', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the same syncs at the same times and the same writes, with and without replay', () => {
    fc.assert(
      fc.property(
        fc.record({
          replicas: fc.integer({ min: 1, max: 6 }),
          maxSurge: fc.integer({ min: 0, max: 2 }),
          maxUnavailable: fc.integer({ min: 0, max: 2 }),
          progressDeadlineSeconds: fc.integer({ min: 5, max: 200 }),
          readyAfterMs: fc.integer({ min: 500, max: 30_000 }),
          stalls: fc.boolean(),
          dipAtMs: fc.integer({ min: 0, max: 120_000 }),
          dipForMs: fc.integer({ min: 1, max: 60_000 }),
          dipBy: fc.integer({ min: 1, max: 3 }),
        }),
        (c) => {
          if (c.maxSurge === 0 && c.maxUnavailable === 0) c.maxSurge = 1;
          const replayed = runLog(c);
          vi.restoreAllMocks();
          vi.spyOn(SettledSyncs.prototype, 'replay').mockReturnValue(false);
          const full = runLog(c);
          vi.restoreAllMocks();
          expect(replayed).toEqual(full);
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('replay happens: a completed rollout that lost a pod is not recomputed at each rate-limited requeue', () => {
    const replay = vi.spyOn(SettledSyncs.prototype, 'replay');
    runLog({ replicas: 3, maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 60, readyAfterMs: 5000, stalls: false, dipAtMs: 30_000, dipForMs: 120_000, dipBy: 1 });
    const replayed = replay.mock.results.filter((r) => r.value === true).length;
    expect(replayed).toBeGreaterThan(100);
  });
});
