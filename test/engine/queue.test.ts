/**
 * The bucketed event queue against a model: a plain list of live timers, the earliest by (time, priority,
 * sequence number) fired first, where every arming (add, reschedule, periodic re-arm) draws a fresh sequence
 * number. Random programs of adds, cancels and reschedules — also from inside a firing callback, of the firing
 * timer itself — must fire the same timers at the same times in the same order and answer every query alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type TimerId } from '../../src/engine/queue.ts';

interface ModelTimer {
  id: number;
  time: number;
  prio: number;
  seq: number;
  period: number;
}

class ModelQueue {
  private timers: ModelTimer[] = [];
  private seq = 0;
  private nextId = 0;
  private firing: ModelTimer | undefined;
  private firingState: 'held' | 'rearmed' | 'cancelled' = 'held';
  constructor(private readonly fns: Map<number, (t: number) => void>) {}

  get length(): number {
    return this.timers.length + (this.firing && this.firingState === 'held' ? 1 : 0);
  }
  peekTime(): number {
    if (this.firing && this.firingState === 'held') return this.firing.time;
    const first = this.first();
    return first ? first.time : Infinity;
  }
  add(time: number, fn: (t: number) => void, prio: number, period: number): number {
    const id = this.nextId++;
    this.fns.set(id, fn);
    this.timers.push({ id, time, prio, seq: this.seq++, period });
    return id;
  }
  cancel(id: number): boolean {
    if (this.firing?.id === id && this.firingState !== 'cancelled' && this.fns.has(id)) {
      this.firing.period = 0;
      this.firingState = 'cancelled';
      this.timers = this.timers.filter((x) => x.id !== id);
      return true;
    }
    const i = this.timers.findIndex((x) => x.id === id);
    if (i < 0) return this.firing?.id === id && this.fns.has(id) ? (this.timers = this.timers.filter((x) => x.id !== id), true) : false;
    this.timers.splice(i, 1);
    this.fns.delete(id);
    return true;
  }
  reschedule(id: number, time: number): boolean {
    if (this.firing?.id === id && this.fns.has(id)) {
      this.firingState = 'rearmed';
      this.timers = this.timers.filter((x) => x.id !== id);
      this.timers.push({ ...this.firing, time, seq: this.seq++ });
      return true;
    }
    const t = this.timers.find((x) => x.id === id);
    if (!t) return false;
    t.time = time;
    t.seq = this.seq++;
    return true;
  }
  isLive(id: number): boolean {
    return this.fns.has(id);
  }
  timeOf(id: number): number {
    const t = this.timers.find((x) => x.id === id);
    if (t) return t.time;
    return this.firing?.id === id && this.fns.has(id) ? this.firing.time : NaN;
  }
  fireNext(): number {
    const t = this.first();
    if (!t) return NaN;
    this.timers.splice(this.timers.indexOf(t), 1);
    this.firing = t;
    this.firingState = 'held';
    this.fns.get(t.id)!(t.time);
    const state = this.firingState;
    this.firing = undefined;
    if (state === 'held') {
      if (t.period > 0) this.timers.push({ ...t, time: t.time + t.period, seq: this.seq++ });
      else this.fns.delete(t.id);
    } else if (state === 'cancelled') this.fns.delete(t.id);
    return t.time;
  }
  private first(): ModelTimer | undefined {
    let best: ModelTimer | undefined;
    for (const x of this.timers) {
      if (!best || x.time < best.time || (x.time === best.time && (x.prio < best.prio || (x.prio === best.prio && x.seq < best.seq)))) best = x;
    }
    return best;
  }
}

/** What a firing callback does to the queue. */
type Action = { kind: 'none' } | { kind: 'add'; dt: number; prio: number } | { kind: 'cancel'; which: number } | { kind: 'reschedule'; which: number; dt: number } | { kind: 'self'; op: 'cancel' | 'reschedule'; dt: number };

type Op =
  | { op: 'add'; dt: number; prio: number; period: number; action: Action }
  | { op: 'cancel'; which: number }
  | { op: 'reschedule'; which: number; dt: number }
  | { op: 'fire'; n: number };

const arbAction: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('add' as const), dt: fc.integer({ min: 0, max: 4 }), prio: fc.integer({ min: -1, max: 1 }) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('reschedule' as const), which: fc.nat(), dt: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('self' as const), op: fc.constantFrom('cancel' as const, 'reschedule' as const), dt: fc.integer({ min: 0, max: 4 }) }),
);

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), dt: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(2.5)), prio: fc.integer({ min: -2, max: 2 }), period: fc.constantFrom(0, 0, 1, 3), action: arbAction }),
  fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('reschedule' as const), which: fc.nat(), dt: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('fire' as const), n: fc.integer({ min: 1, max: 6 }) }),
);

interface Q {
  readonly length: number;
  peekTime(): number;
  add(time: number, fn: (t: number) => void, prio: number, period: number): number;
  cancel(id: number): boolean;
  reschedule(id: number, time: number): boolean;
  isLive(id: number): boolean;
  timeOf(id: number): number;
  fireNext(): number;
}

/** Runs a program on a queue; returns everything observable, in order. */
function play(q: Q, ops: Op[]): string[] {
  const out: string[] = [];
  const ids: number[] = [];
  let now = 0;
  let label = 0;
  let fires = 0;
  const pick = (which: number) => ids[which % ids.length]!;
  const callback = (name: number, action: Action, own: () => number) => (t: number) => {
    out.push(`fire ${name}@${t} len=${q.length} peek=${q.peekTime()} own=${q.timeOf(own())}`);
    // Periodic timers run their action a few times only, so programs end.
    if (++fires > 400) return;
    switch (action.kind) {
      case 'add': {
        const n = label++;
        let id = -1;
        id = q.add(t + action.dt, callback(n, { kind: 'none' }, () => id), action.prio, 0);
        ids.push(id);
        break;
      }
      case 'cancel':
        if (ids.length) out.push(`in-cancel ${q.cancel(pick(action.which))}`);
        break;
      case 'reschedule':
        if (ids.length) out.push(`in-reschedule ${q.reschedule(pick(action.which), t + action.dt)}`);
        break;
      case 'self':
        out.push(action.op === 'cancel' ? `self-cancel ${q.cancel(own())}` : `self-reschedule ${q.reschedule(own(), t + action.dt)}`);
        break;
    }
  };
  for (const o of ops) {
    switch (o.op) {
      case 'add': {
        const n = label++;
        let id = -1;
        id = q.add(now + o.dt, callback(n, o.action, () => id), o.prio, o.period);
        ids.push(id);
        break;
      }
      case 'cancel':
        if (ids.length) out.push(`cancel ${q.cancel(pick(o.which))}`);
        break;
      case 'reschedule':
        if (ids.length) out.push(`reschedule ${q.reschedule(pick(o.which), now + o.dt)}`);
        break;
      case 'fire':
        for (let k = 0; k < o.n && q.length > 0; k++) now = q.fireNext();
        break;
    }
    out.push(`len=${q.length} peek=${q.peekTime()} live=${ids.map((id) => (q.isLive(id) ? q.timeOf(id) : '-')).join(',')}`);
  }
  return out;
}

describe('EventQueue against a model queue', () => {
  it('fires, cancels, reschedules and answers queries exactly as the model', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), (ops) => {
        const real = new EventQueue(16);
        const model = new ModelQueue(new Map());
        const q: Q = {
          get length() {
            return real.length;
          },
          peekTime: () => real.peekTime(),
          add: (t, fn, p, period) => real.add(t, fn, p, period),
          cancel: (id) => real.cancel(id as TimerId),
          reschedule: (id, t) => real.reschedule(id as TimerId, t),
          isLive: (id) => real.isLive(id as TimerId),
          timeOf: (id) => real.timeOf(id as TimerId),
          fireNext: () => real.fireNext(),
        };
        expect(play(q, ops)).toEqual(play(model, ops));
      }),
      { numRuns: 500 },
    );
  });

  it('grows past its initial capacity with many ties and many distinct times', () => {
    const q = new EventQueue(16);
    const order: number[] = [];
    for (let i = 0; i < 5000; i++) q.add(i % 7 === 0 ? i : i % 3, () => order.push(i), 0, 0);
    while (q.length > 0) q.fireNext();
    const expected = Array.from({ length: 5000 }, (_, i) => i).sort((a, b) => (a % 7 === 0 ? a : a % 3) - (b % 7 === 0 ? b : b % 3) || a - b);
    expect(order).toEqual(expected);
  });
});
