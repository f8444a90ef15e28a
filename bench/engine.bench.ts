/**
 * Engine throughput: N pending timers, each event a trivial callback that re-arms itself (the shape of probes and
 * periodic controllers). Targets from the Foundation issue: ≥ 5 M events/s with 1,000 pending, ≥ 2 M/s with
 * 100,000 pending; from issue 14: ≥ 3 M events/s with 100,000 pending holds of random 1–10 ms.
 */
import { Engine } from '../src/engine/engine.ts';
import { RandomStream } from '../src/engine/rng.ts';
import type { Benchmark } from './harness.ts';

/** Events per second of wall time, and of this process's CPU time (fairer when other processes share the cores). */
interface Rate {
  wall: number;
  cpu: number;
}

function timed(events: number, run: () => void): Rate {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  run();
  const sec = (performance.now() - start) / 1000;
  const c = process.cpuUsage(cpu0);
  return { wall: events / sec, cpu: events / ((c.user + c.system) / 1e6) };
}

function selfRescheduling(pending: number, events: number): Rate {
  const e = new Engine({ seed: 1 });
  let counter = 0;
  // Periods spread 1..997 ms so timers interleave through the whole heap.
  for (let i = 0; i < pending; i++) {
    const period = 1 + ((i * 7919) % 997);
    const id = e.at(i % 1000, (t) => {
      counter++;
      e.reschedule(id, t + period);
    });
  }
  e.run({ maxEvents: 10_000 }); // warm-up
  const r = timed(events, () => e.run({ maxEvents: events }));
  if (counter === 0) throw new Error('no events ran');
  return r;
}

function periodic(pending: number, events: number): Rate {
  const e = new Engine({ seed: 1 });
  let counter = 0;
  for (let i = 0; i < pending; i++) e.every(1 + ((i * 7919) % 997), () => counter++, { phaseMs: i % 1000 });
  e.run({ maxEvents: 10_000 });
  const r = timed(events, () => e.run({ maxEvents: events }));
  if (counter === 0) throw new Error('no events ran');
  return r;
}

/**
 * The classic hold model: `pending` timers, each event holding its timer again for a random 1–10 ms (integers, so
 * about a tenth of all timers fall due at each instant: many ties, broken by sequence number). The holds are drawn
 * beforehand from a seeded stream, so the measurement is the queue's, not the generator's.
 */
function randomHolds(pending: number, events: number, rearm: 'reschedule' | 'after'): Rate {
  const e = new Engine({ seed: 1 });
  const rng = new RandomStream('holds', 1);
  const holds = new Uint8Array(1 << 20);
  for (let i = 0; i < holds.length; i++) holds[i] = 1 + rng.int(10);
  let k = 0;
  const hold = () => holds[k++ & (holds.length - 1)]!;
  if (rearm === 'reschedule') {
    for (let i = 0; i < pending; i++) {
      const id = e.at(hold(), (t) => {
        e.reschedule(id, t + hold());
      });
    }
  } else {
    const fire = () => {
      e.after(hold(), fire);
    };
    for (let i = 0; i < pending; i++) e.at(hold(), fire);
  }
  e.run({ maxEvents: 100_000 }); // warm-up
  const before = k;
  const r = timed(events, () => e.run({ maxEvents: events }));
  if (k - before !== events) throw new Error(`expected ${events} events, ran ${k - before}`);
  return r;
}

const measure = (r: Rate) => ({ value: r.wall, unit: 'events/s', extra: { cpuEventsPerSec: r.cpu } });

export const benchmarks: Benchmark[] = [
  { name: 'engine/reschedule-1k-pending', target: { value: 5e6, higherIsBetter: true }, run: () => measure(selfRescheduling(1_000, 5_000_000)) },
  { name: 'engine/reschedule-100k-pending', target: { value: 2e6, higherIsBetter: true }, run: () => measure(selfRescheduling(100_000, 5_000_000)) },
  { name: 'engine/every-1k-pending', target: { value: 5e6, higherIsBetter: true }, run: () => measure(periodic(1_000, 5_000_000)) },
  { name: 'engine/every-100k-pending', target: { value: 2e6, higherIsBetter: true }, run: () => measure(periodic(100_000, 5_000_000)) },
  { name: 'engine/hold-1-10ms-100k-pending-reschedule', target: { value: 3e6, higherIsBetter: true }, run: () => measure(randomHolds(100_000, 5_000_000, 'reschedule')) },
  { name: 'engine/hold-1-10ms-100k-pending-after', target: { value: 3e6, higherIsBetter: true }, run: () => measure(randomHolds(100_000, 5_000_000, 'after')) },
];
