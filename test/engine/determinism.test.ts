/**
 * Determinism properties of the kernel: random schedules replay to the same trace hash, same-time events run in
 * scheduling order, cancel is exact, and the checks are shown to catch a broken tie-break.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { EventQueue } from '../../src/engine/queue.ts';

type Op =
  | { op: 'at'; dt: number; prio: number; spawn: number }
  | { op: 'every'; period: number; phase: number; times: number }
  | { op: 'cancel'; which: number }
  | { op: 'reschedule'; which: number; dt: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('at' as const), dt: fc.integer({ min: 0, max: 50 }), prio: fc.integer({ min: -2, max: 2 }), spawn: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant('every' as const), period: fc.integer({ min: 1, max: 20 }), phase: fc.integer({ min: 0, max: 20 }), times: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('reschedule' as const), which: fc.nat(), dt: fc.integer({ min: 0, max: 50 }) }),
);

/** Runs a random schedule; each firing draws from a stream and records into the trace. */
function runSchedule(ops: Op[], seed: number): { hash: string; log: string[] } {
  const e = new Engine({ seed });
  const ids: ReturnType<Engine['at']>[] = [];
  const log: string[] = [];
  let label = 0;
  const fire = (name: string, spawn: number) => (t: number) => {
    const draw = e.rng('load').int(1000);
    log.push(`${t}:${name}:${draw}`);
    e.trace.record(t, 'fire', { name, draw });
    for (let k = 0; k < spawn; k++) e.after(draw % 7, fire(`${name}.${k}`, 0));
  };
  for (const o of ops) {
    switch (o.op) {
      case 'at':
        ids.push(e.at(e.nowMs + o.dt, fire(`a${label++}`, o.spawn), { priority: o.prio }));
        break;
      case 'every': {
        let n = 0;
        const name = `p${label++}`;
        const id = e.every(o.period, (t) => {
          fire(name, 0)(t);
          if (++n >= o.times) e.cancel(id);
        }, { phaseMs: o.phase });
        ids.push(id);
        break;
      }
      case 'cancel':
        if (ids.length) e.cancel(ids[o.which % ids.length]!);
        break;
      case 'reschedule':
        if (ids.length) e.reschedule(ids[o.which % ids.length]!, e.nowMs + o.dt);
        break;
    }
  }
  e.run();
  return { hash: e.trace.traceHash, log };
}

describe('determinism', () => {
  it('random schedules run twice give equal trace hashes and logs', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), fc.integer(), (ops, seed) => {
        const a = runSchedule(ops, seed);
        const b = runSchedule(ops, seed);
        expect(a.hash).toBe(b.hash);
        expect(a.log).toEqual(b.log);
      }),
      { numRuns: 200 },
    );
  });

  it('different seeds give different traces', () => {
    const ops: Op[] = Array.from({ length: 20 }, (_, i) => ({ op: 'at', dt: i, prio: 0, spawn: 1 }));
    expect(runSchedule(ops, 1).hash).not.toBe(runSchedule(ops, 2).hash);
  });

  it('cancel is exact: a cancelled timer never fires and every other one does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { minLength: 1, maxLength: 200 }),
        (plan) => {
          const e = new Engine({ seed: 0 });
          const fired = new Set<number>();
          const ids = plan.map(([t], i) => e.at(t, () => fired.add(i)));
          plan.forEach(([, cancel], i) => cancel && e.cancel(ids[i]!));
          e.run();
          plan.forEach(([, cancel], i) => expect(fired.has(i)).toBe(!cancel));
        },
      ),
    );
  });
});

/** The property "same-time, same-priority events run in scheduling order", for any queue. */
function sameTimeRunsInOrder(makeQueue: () => EventQueue) {
  return fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 100 }), (times) => {
    const q = makeQueue();
    const order: number[] = [];
    times.forEach((t, i) => q.add(t, () => order.push(i), 0, 0));
    while (q.length > 0) q.fireNext();
    const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
    return order.join(',') === expected.join(',');
  });
}

/** A queue with a deliberately broken tie-break: a timer joins its (time, priority) bucket first, not last. */
class BrokenTieBreakQueue extends EventQueue {
  protected override link(b: number, slot: number): void {
    super.link(b, slot);
    // Rotate the new tail to the head: the newest arming now orders first among its ties.
    if (this.bHead[b] === slot) return;
    const head = this.bHead[b]!;
    const before = this.prevOf(slot);
    this.setNext(before, -1);
    this.bTail[b] = before;
    this.setLinks(slot, -1, head);
    this.setPrev(head, slot);
    this.bHead[b] = slot;
  }
}

describe('tie-breaking', () => {
  it('same-time events run in scheduling order', () => {
    fc.assert(sameTimeRunsInOrder(() => new EventQueue()), { numRuns: 300 });
  });

  it('the same check catches a queue whose tie-break ignores the sequence number', () => {
    const result = fc.check(sameTimeRunsInOrder(() => new BrokenTieBreakQueue()), { numRuns: 300 });
    expect(result.failed).toBe(true);
  });
});
