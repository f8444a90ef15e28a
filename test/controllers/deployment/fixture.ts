/**
 * Test fixture for workload controllers: an engine, a store and a ControllerContext, plus a minimal stand-in for the
 * ReplicaSet controller (pods are not objects here: each RS tracks its pods' availability times and reports
 * status.replicas / readyReplicas / availableReplicas like the real one).
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { createControllerContext, Priority, type ControllerContext } from '../../../src/controllers/context.ts';

export function makeContext(seed = 1): ControllerContext {
  return createControllerContext(seed);
}

export interface FakeReplicaSetOptions {
  /** Time from pod creation to available (ready + minReadySeconds). Default 5 s. */
  readyAfterMs?: number;
  /** Images whose pods never become ready. */
  neverReadyImages?: readonly string[];
}

/** A fake ReplicaSet controller: pods appear at once and become available after `readyAfterMs`. */
export function startFakeReplicaSetController(ctx: ControllerContext, opts: FakeReplicaSetOptions = {}): void {
  const readyAfterMs = opts.readyAfterMs ?? 5000;
  const pods = new Map<string, number[]>(); // RS key → availableAt per pod (Infinity = never)
  const refresh = (ns: string, name: string) => {
    const rs = ctx.store.get<ReplicaSet>('ReplicaSet', ns, name);
    if (!rs) return;
    const key = `${ns}/${name}`;
    const list = pods.get(key) ?? [];
    const want = rs.spec?.replicas ?? 0;
    const image = rs.spec?.template?.spec?.containers?.[0]?.image ?? '';
    const never = opts.neverReadyImages?.includes(image) ?? false;
    while (list.length < want) {
      const at = never ? Infinity : ctx.engine.nowMs + readyAfterMs;
      list.push(at);
      if (at !== Infinity) ctx.engine.at(at, () => refresh(ns, name), { priority: Priority.ReplicaSet });
    }
    if (list.length > want) {
      // Unavailable pods go first, then the most recently available (ActivePodsWithRanks, roughly).
      list.sort((a, b) => b - a);
      list.splice(0, list.length - want);
    }
    pods.set(key, list);
    const available = list.filter((t) => t <= ctx.engine.nowMs).length;
    ctx.store.mutate<ReplicaSet>('ReplicaSet', ns, name, (d) => {
      d.status = {
        replicas: list.length,
        readyReplicas: available,
        availableReplicas: available,
        observedGeneration: d.metadata.generation ?? 0,
      };
    });
  };
  ctx.store.watch<ReplicaSet>('ReplicaSet', (e) => {
    if (e.type === 'DELETED') return;
    if (e.old && e.old.spec === e.object.spec) return;
    const { namespace, name } = e.object.metadata;
    ctx.engine.at(ctx.engine.nowMs, () => refresh(namespace, name), { priority: Priority.ReplicaSet });
  });
}

/** Records every change of an RS's spec.replicas in order: `name=replicas`. */
export function recordStaircase(ctx: ControllerContext): string[] {
  const steps: string[] = [];
  ctx.store.watch<ReplicaSet>('ReplicaSet', (e) => {
    if (e.type === 'DELETED') return;
    const before = e.old?.spec?.replicas;
    const after = e.object.spec?.replicas ?? 0;
    if (before !== after) steps.push(`${e.object.metadata.name}=${after}`);
  });
  return steps;
}
