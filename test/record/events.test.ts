import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { EventRecorder, type EventType, type SimEvent } from '../../src/record/events.ts';

const source = { component: 'kubelet', host: 'node-1' };

function recorder(): { rec: EventRecorder; advance: (ms: number) => void } {
  let now = 0;
  return { rec: new EventRecorder(() => now), advance: (ms) => (now += ms) };
}

/**
 * The correlator as a joined-key map, the recorder's contract in its plainest form: an event repeating
 * (kind, namespace, name, type, reason, message) within 10 minutes of the last one bumps it.
 */
function reference(calls: readonly Call[]): Omit<SimEvent, 'involvedObject' | 'source'>[] {
  const out: { type: EventType; reason: string; message: string; firstTimestampMs: number; lastTimestampMs: number; count: number }[] = [];
  const latest = new Map<string, (typeof out)[number]>();
  let t = 0;
  for (const c of calls) {
    t += c.advanceMs;
    const key = [c.kind, c.namespace, c.name, c.type, c.reason, c.message].join('\u0000');
    const prev = latest.get(key);
    if (prev && t - prev.lastTimestampMs <= 600_000) {
      prev.count += c.count;
      prev.lastTimestampMs = t;
      continue;
    }
    const e = { type: c.type, reason: c.reason, message: c.message, firstTimestampMs: t, lastTimestampMs: t, count: c.count };
    out.push(e);
    latest.set(key, e);
  }
  return out;
}

interface Call {
  advanceMs: number;
  kind: string;
  namespace: string;
  name: string;
  type: EventType;
  reason: string;
  message: string;
  count: number;
  /** Read `all` after this call (the built events must then follow later repeats). */
  read: boolean;
}

describe('EventRecorder aggregation', () => {
  it('bumps count and lastTimestamp of a repeat within 10 minutes, and starts a new record after', () => {
    const { rec, advance } = recorder();
    const pod = { kind: 'Pod', name: 'web-1', namespace: 'default' };
    rec.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', source);
    advance(600_000);
    rec.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', source, 3);
    expect(rec.all).toHaveLength(1);
    expect(rec.all[0]).toMatchObject({ count: 4, firstTimestampMs: 0, lastTimestampMs: 600_000 });
    advance(600_001);
    rec.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', source);
    expect(rec.all.map((e) => e.count)).toEqual([4, 1]);
  });

  it('keeps an event read through `all` up to date with repeats recorded later', () => {
    const { rec, advance } = recorder();
    const pod = { kind: 'Pod', name: 'web-1', namespace: 'default' };
    rec.record(pod, 'Warning', 'Unhealthy', 'Readiness probe failed', source);
    const first = rec.all[0]!;
    advance(10_000);
    rec.record(pod, 'Warning', 'Unhealthy', 'Readiness probe failed', source, 2);
    expect(first).toMatchObject({ count: 3, firstTimestampMs: 0, lastTimestampMs: 10_000 });
    expect(rec.all[0]).toBe(first);
    expect(rec.for('Pod', 'web-1')).toEqual([first]);
  });

  it('keeps apart events that differ in object, namespace, type, reason or message', () => {
    const { rec } = recorder();
    const base = { kind: 'Pod', name: 'a', namespace: 'x' };
    rec.record(base, 'Normal', 'Pulled', 'm', source);
    rec.record({ ...base, name: 'b' }, 'Normal', 'Pulled', 'm', source);
    rec.record({ ...base, namespace: 'y' }, 'Normal', 'Pulled', 'm', source);
    rec.record({ ...base, kind: 'Node' }, 'Normal', 'Pulled', 'm', source);
    rec.record(base, 'Warning', 'Pulled', 'm', source);
    rec.record(base, 'Normal', 'Created', 'm', source);
    rec.record(base, 'Normal', 'Pulled', 'n', source);
    rec.record(base, 'Normal', 'Pulled', 'm', source);
    expect(rec.all.map((e) => e.count)).toEqual([2, 1, 1, 1, 1, 1, 1]);
  });

  it('aggregates among thousands of distinct events about one object (a ReplicaSet creating every pod)', () => {
    const { rec, advance } = recorder();
    const rs = { kind: 'ReplicaSet', name: 'web-7d9f', namespace: 'default' };
    for (let i = 0; i < 5000; i++) rec.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-7d9f-${i}`, { component: 'replicaset-controller' });
    advance(1000);
    rec.record(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-7d9f-17', { component: 'replicaset-controller' });
    rec.record(rs, 'Warning', 'SuccessfulCreate', 'Created pod: web-7d9f-17', { component: 'replicaset-controller' });
    expect(rec.all).toHaveLength(5001);
    expect(rec.all[17]).toMatchObject({ count: 2, lastTimestampMs: 1000 });
    expect(rec.all[5000]).toMatchObject({ type: 'Warning', count: 1 });
  });

  it('walks the index to prune it only once something in it can be older than the window', () => {
    const { rec, advance } = recorder();
    const prune = vi.spyOn(EventRecorder.prototype as unknown as { prune: (t: number) => void }, 'prune');
    const index = () => (rec as unknown as { recentSize: number }).recentSize;
    // A burst at one instant (pods starting) passes the size threshold several times: nothing could be dropped.
    for (let i = 0; i < 20_000; i++) rec.record({ kind: 'Pod', name: `p-${i}`, namespace: 'default' }, 'Normal', 'Scheduled', 'ok', source);
    advance(600_000);
    rec.record({ kind: 'Pod', name: 'late', namespace: 'default' }, 'Normal', 'Scheduled', 'ok', source);
    expect(prune).not.toHaveBeenCalled();
    expect(index()).toBe(20_001);
    // Past the window the burst goes at the next record.
    advance(1);
    rec.record({ kind: 'Pod', name: 'later', namespace: 'default' }, 'Normal', 'Scheduled', 'ok', source);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(index()).toBe(2);
    prune.mockRestore();
  });

  it('records exactly what a joined-key correlator records, across pruning and the switch to a message index', () => {
    const call = fc.record({
      advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400_000 })),
      kind: fc.constantFrom('Pod', 'Node'),
      namespace: fc.constantFrom('', 'default'),
      name: fc.constantFrom('a', 'b'),
      type: fc.constantFrom<EventType>('Normal', 'Warning'),
      reason: fc.constantFrom('Pulled', 'BackOff'),
      message: fc.oneof(fc.constantFrom('m1', 'm2'), fc.integer({ min: 0, max: 40 }).map((i) => `Created pod: p-${i}`)),
      count: fc.integer({ min: 1, max: 3 }),
      read: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 300 }), (calls) => {
        const { rec, advance } = recorder();
        for (const c of calls) {
          advance(c.advanceMs);
          rec.record({ kind: c.kind, namespace: c.namespace, name: c.name }, c.type, c.reason, c.message, source, c.count);
          if (c.read) expect(rec.all.length).toBeGreaterThan(0);
        }
        const got = rec.all.map(({ type, reason, message, firstTimestampMs, lastTimestampMs, count }) => ({ type, reason, message, firstTimestampMs, lastTimestampMs, count }));
        expect(got).toEqual(reference(calls));
      }),
      { numRuns: 200 },
    );
  });
});
