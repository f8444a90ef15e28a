import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { QueueError } from '../../src/engine/queue.ts';

describe('Engine', () => {
  it('runs events in (time, priority, sequence) order', () => {
    const e = new Engine({ seed: 1 });
    const seen: string[] = [];
    e.at(10, () => seen.push('t10-p0-a'));
    e.at(10, () => seen.push('t10-p-1'), { priority: -1 });
    e.at(5, () => seen.push('t5'));
    e.at(10, () => seen.push('t10-p0-b'));
    e.at(10, () => seen.push('t10-p1'), { priority: 1 });
    expect(e.run().reason).toBe('idle');
    expect(seen).toEqual(['t5', 't10-p-1', 't10-p0-a', 't10-p0-b', 't10-p1']);
  });

  it('runs periodic tasks with a phase, and until leaves the clock at until', () => {
    const e = new Engine({ seed: 1 });
    const times: number[] = [];
    e.every(10, (t) => times.push(t), { phaseMs: 3 });
    const r = e.run({ until: 45 });
    expect(times).toEqual([3, 13, 23, 33, 43]);
    expect(r.reason).toBe('until');
    expect(e.nowMs).toBe(45);
  });

  it('cancels exactly, including a periodic task from its own callback and stale ids', () => {
    const e = new Engine({ seed: 1 });
    const seen: number[] = [];
    const a = e.at(1, () => seen.push(1));
    e.at(2, () => seen.push(2));
    expect(e.cancel(a)).toBe(true);
    expect(e.cancel(a)).toBe(false);
    let n = 0;
    const p = e.every(5, () => {
      n++;
      if (n === 3) e.cancel(p);
    });
    e.run({ until: 100 });
    expect(seen).toEqual([2]);
    expect(n).toBe(3);
    expect(e.pending).toBe(0);
  });

  it('a stale id never touches the timer that reused its slot', () => {
    const e = new Engine({ seed: 1 });
    const old = e.at(1, () => {});
    e.run();
    let fired = false;
    e.at(5, () => (fired = true));
    expect(e.cancel(old)).toBe(false);
    expect(e.reschedule(old, 100)).toBe(false);
    e.run();
    expect(fired).toBe(true);
  });

  it('reschedules a pending timer and re-arms a one-shot from inside its callback', () => {
    const e = new Engine({ seed: 1 });
    const times: number[] = [];
    const id = e.at(50, (t) => {
      times.push(t);
      if (t < 30) e.reschedule(id, t + 7);
    });
    e.reschedule(id, 10);
    e.run();
    expect(times).toEqual([10, 17, 24, 31]);
  });

  it('stops at the event limit with a clear reason instead of hanging', () => {
    const e = new Engine({ seed: 1 });
    e.every(1, () => {});
    const r = e.run({ maxEvents: 1000 });
    expect(r.reason).toBe('eventLimit');
    expect(r.events).toBe(1000);
    expect(r.message).toMatch(/event limit of 1000 reached/);
  });

  it('stops on a stop condition and on stop()', () => {
    const e = new Engine({ seed: 1 });
    let n = 0;
    e.every(1, () => n++);
    expect(e.run({ stopWhen: () => n >= 5 }).reason).toBe('stopped');
    expect(n).toBe(5);
    e.at(e.nowMs + 2, () => e.stop('enough'));
    const r = e.run();
    expect(r.reason).toBe('stopped');
    expect(r.message).toMatch(/enough/);
  });

  it('refuses to schedule in the past', () => {
    const e = new Engine({ seed: 1 });
    e.run({ until: 100 });
    expect(() => e.at(50, () => {})).toThrow(QueueError);
    expect(() => e.every(0, () => {})).toThrow(/positive integer/);
  });

  it('step() runs one event at a time', () => {
    const e = new Engine({ seed: 1 });
    e.at(3, () => {});
    e.at(7, () => {});
    expect(e.step()).toBe(true);
    expect(e.nowMs).toBe(3);
    expect(e.step()).toBe(true);
    expect(e.step()).toBe(false);
  });

  it('observers cannot change the run, and their errors are kept aside', () => {
    const e = new Engine<{ tick: { n: number } }>({ seed: 1 });
    e.bus.on('tick', (p) => {
      (p as { n: number }).n = 99; // frozen: throws in strict mode, caught by the bus
    });
    e.bus.on('tick', () => {
      throw new Error('observer bug');
    });
    const payload = { n: 1 };
    e.bus.emit('tick', payload);
    expect(payload.n).toBe(1);
    expect(e.bus.observerErrors).toHaveLength(2);
  });

  it('requires a seed', () => {
    expect(() => new Engine({} as never)).toThrow(/seed is required/);
  });
});
