import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector } from '../../src/api/selector.ts';
import { isPodActive, isPodReady, podAvailability } from '../../src/cluster/pods.ts';
import { OwnedPodCounts } from '../../src/controllers/owned-pods.ts';
import { createControllerContext } from '../../src/controllers/context.ts';

const OWNERS = ['uid-a', 'uid-b'];

/** The counts as the ReplicaSet controller used to find them: a walk over the owner's pods. */
function walk(ctx: ReturnType<typeof createControllerContext>, uid: string, labels: Record<string, string>, minReadySeconds: number) {
  const sel = labelSelectorAsSelector({ matchLabels: labels });
  const c = { active: 0, fullyLabeled: 0, ready: 0, available: 0, nextAvailableAt: Infinity };
  ctx.store.eachOwnedBy<Pod>('Pod', uid, (pod) => {
    if (!isPodActive(pod)) return;
    c.active++;
    if (sel.matches(pod.metadata.labels ?? {})) c.fullyLabeled++;
    if (!isPodReady(pod)) return;
    c.ready++;
    const a = podAvailability(pod, minReadySeconds, ctx.engine.nowMs, ctx.clock);
    if (a.available) c.available++;
    else if (a.availableAtMs !== undefined) c.nextAvailableAt = Math.min(c.nextAvailableAt, a.availableAtMs);
  });
  return c;
}

type Op =
  | { op: 'create'; owners: number[]; labelled: boolean }
  | { op: 'ready'; i: number; ready: boolean }
  | { op: 'phase'; i: number; phase: 'Running' | 'Failed' }
  | { op: 'terminate'; i: number }
  | { op: 'relabel'; i: number; labelled: boolean }
  | { op: 'delete'; i: number }
  | { op: 'advance'; ms: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), owners: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 0, maxLength: 3 }), labelled: fc.boolean() }),
  fc.record({ op: fc.constant('ready' as const), i: fc.nat(), ready: fc.boolean() }),
  fc.record({ op: fc.constant('phase' as const), i: fc.nat(), phase: fc.constantFrom('Running' as const, 'Failed' as const) }),
  fc.record({ op: fc.constant('terminate' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('relabel' as const), i: fc.nat(), labelled: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 9_000 }) }),
);

describe('OwnedPodCounts', () => {
  it('property: the counts equal a walk over the owned pods after any sequence of pod changes, at every instant', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), fc.integer({ min: 0, max: 10 }), fc.boolean(), (ops, minReadySeconds, preexisting) => {
        const ctx = createControllerContext();
        const { store, engine, clock } = ctx;
        let counter = 0;
        const names: string[] = [];
        const create = (owners: number[], labelled: boolean) => {
          const name = `p${counter++}`;
          store.create<Pod>('Pod', {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name,
              namespace: 'default',
              labels: labelled ? { app: 'a', extra: 'x' } : { other: 'y' },
              ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: OWNERS[o]!, uid: OWNERS[o]!, controller: true })),
            },
            spec: { containers: [] },
            status: { phase: 'Pending' },
          });
          names.push(name);
        };
        if (preexisting) create([0], true);
        const counts = new OwnedPodCounts(store, clock);
        const labels = { app: 'a' };
        const sel = labelSelectorAsSelector({ matchLabels: labels });
        const pick = (i: number) => (names.length === 0 ? undefined : names[i % names.length]);
        for (const o of ops) {
          const name = o.op === 'create' || o.op === 'advance' ? undefined : pick(o.i);
          if (o.op === 'create') create(o.owners, o.labelled);
          else if (o.op === 'advance') engine.run({ until: engine.nowMs + o.ms });
          else if (name !== undefined && o.op === 'delete') {
            store.delete('Pod', 'default', name);
            names.splice(names.indexOf(name), 1);
          } else if (name !== undefined) {
            store.update<Pod>('Pod', 'default', name, (p): Pod => {
              if (o.op === 'ready') {
                const conditions = [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: clock.timestamp(engine.nowMs) }];
                return { ...p, status: { ...p.status, conditions } };
              }
              if (o.op === 'phase') return { ...p, status: { ...p.status, phase: o.phase } };
              if (o.op === 'terminate') return { ...p, metadata: { ...p.metadata, deletionTimestamp: clock.timestamp(engine.nowMs) } };
              const labels: Record<string, string> = o.op === 'relabel' && o.labelled ? { app: 'a' } : {};
              return { ...p, metadata: { ...p.metadata, labels } };
            });
          }
          for (const uid of OWNERS) {
            expect(counts.counts(uid, sel, minReadySeconds, engine.nowMs)).toEqual(walk(ctx, uid, labels, minReadySeconds));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
