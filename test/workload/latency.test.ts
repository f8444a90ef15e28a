import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixtureQuantile, newQueueOutput, RHO_MAX, stationaryResponseS, stepQueue, type QueueInput, type QueueOutput } from '../../src/workload/latency.ts';

function run(over: Partial<QueueInput>) {
  const inp: QueueInput = { arrivalRps: 0, workMillis: 500, cpuPerRequestMillis: 2, backlog: 0, dtS: 10, concurrencyLimit: Infinity, timeoutMs: 30_000, baseLatencyMs: 0, ...over };
  const out = newQueueOutput();
  stepQueue(inp, out);
  return out;
}

describe('stationaryResponseS', () => {
  // Worked example from the module comment: μ = 250 rps (500m at 2m), λ = 200 → ρ = 0.8, T = 4 ms / 0.2 = 20 ms.
  it.each([
    [0, 0.004],
    [0.5, 0.008],
    [0.8, 0.02],
    [0.9, 0.04],
  ])('M/M/1 below one core: rho %f -> %f s', (rho, t) => {
    expect(stationaryResponseS(rho, 0.002, 0.5)).toBeCloseTo(t, 12);
  });

  it('Sakasegawa M/M/c agrees with M/M/1 at c = 1 and queues less with more cores at equal rho', () => {
    expect(stationaryResponseS(0.8, 0.002, 1)).toBeCloseTo(0.01, 12);
    expect(stationaryResponseS(0.8, 0.002, 1.0000001)).toBeCloseTo(0.01, 6);
    expect(stationaryResponseS(0.8, 0.002, 4)).toBeLessThan(0.01);
    expect(stationaryResponseS(0.8, 0.002, 4)).toBeGreaterThan(0.002);
  });

  it('caps rho at 0.98', () => {
    expect(stationaryResponseS(5, 0.002, 0.5)).toBeCloseTo(0.004 / 0.02, 9);
  });
});

describe('stepQueue', () => {
  it('below saturation: no backlog, latency from the stationary queue', () => {
    const o = run({ arrivalRps: 200 });
    expect(o.capacityRps).toBeCloseTo(250);
    expect(o.backlog).toBe(0);
    expect(o.processed).toBeCloseTo(2000);
    expect(o.meanExpMs).toBeCloseTo(20);
    expect(o.overloadFraction).toBe(0);
    expect(o.timeoutFraction).toBeLessThan(1e-12);
    expect(o.inflight).toBeCloseTo(4); // Little: 200 rps × 20 ms
  });

  it('latency rises with utilisation', () => {
    const lat = [50, 100, 150, 200, 240].map((l) => run({ arrivalRps: l }).meanExpMs);
    for (let i = 1; i < lat.length; i++) expect(lat[i]).toBeGreaterThan(lat[i - 1] as number);
  });

  it('beyond capacity the backlog grows at λ − μ and nothing fails before the cap', () => {
    const o = run({ arrivalRps: 300 });
    expect(o.backlog).toBeCloseTo(500); // (300 − 250) × 10 s
    expect(o.processed).toBeCloseTo(2500);
    expect(o.timeoutFraction).toBeLessThan(0.01);
    expect(o.offsetMs).toBeCloseTo(1000); // mean backlog 250 / 250 rps = 1 s
    expect(o.probeLatencyMs).toBeGreaterThan(2000);
  });

  it('the backlog is capped by the deadline budget: later arrivals time out', () => {
    // μ = 250 rps, T_sat = 4 ms / 0.02 = 0.2 s, budget = 3 s − 0.2 s × ln 100 = 2.079 s, cap = 519.7 requests.
    // (Before issue 5 the cap was μ × timeout = 750, which left no room for the response itself.)
    const o = run({ arrivalRps: 300, backlog: 500, timeoutMs: 3000 });
    const cap = 250 * (3 - 0.2 * Math.log(100));
    expect(o.backlog).toBeCloseTo(cap, 9);
    const fillS = (cap - 500) / 50;
    const rejected = 300 * 10 - (300 * fillS + 250 * (10 - fillS));
    expect(o.timeoutFraction).toBeGreaterThanOrEqual(rejected / 3000 - 1e-9);
    expect(o.overloadFraction).toBe(0);
    expect(o.processed).toBeCloseTo(2500, 9); // the CPU still serves μ
  });

  it('the backlog is capped by the concurrency limit: rejections are overload', () => {
    const o = run({ arrivalRps: 300, concurrencyLimit: 100 });
    expect(o.backlog).toBeCloseTo(100);
    expect(o.overloadFraction).toBeGreaterThan(0.15);
    expect(o.probeLatencyMs).toBe(Infinity);
  });

  it('no CPU for requests: every arrival times out and probes get no answer', () => {
    const o = run({ arrivalRps: 10, workMillis: 0 });
    expect(o.timeoutFraction).toBe(1);
    expect(o.probeLatencyMs).toBe(Infinity);
  });

  it('drains a backlog when load drops', () => {
    const o = run({ arrivalRps: 150, backlog: 500 });
    expect(o.backlog).toBe(0);
    expect(o.processed).toBeCloseTo(2000);
  });
});

/** One tick's outcome in requests: served (admitted and within the deadline) and failed per cause. */
interface Tick {
  arrivals: number;
  served: number;
  timedOut: number;
  overloaded: number;
  /** Requests the pod ran (not dropped at the cap nor rejected). */
  admitted: number;
  processed: number;
  backlog: number;
  capacityRps: number;
  p99Ms: number;
}

/** Runs the queue over a rate per tick, carrying the backlog as the model does. */
function simulate(base: Partial<QueueInput>, ratesRps: readonly number[]): Tick[] {
  const inp: QueueInput = { arrivalRps: 0, workMillis: 500, cpuPerRequestMillis: 2, backlog: 0, dtS: 10, concurrencyLimit: Infinity, timeoutMs: 30_000, baseLatencyMs: 0, ...base };
  const out: QueueOutput = newQueueOutput();
  return ratesRps.map((rps) => {
    inp.arrivalRps = rps;
    stepQueue(inp, out);
    inp.backlog = out.backlog;
    const arrivals = rps * inp.dtS;
    return {
      arrivals, served: arrivals * (1 - out.overloadFraction - out.timeoutFraction), timedOut: arrivals * out.timeoutFraction,
      overloaded: arrivals * out.overloadFraction, admitted: arrivals * out.admittedFraction, processed: out.processed, backlog: out.backlog, capacityRps: out.capacityRps,
      p99Ms: out.offsetMs + out.meanExpMs * Math.log(100),
    };
  });
}

describe('stepQueue: goodput under overload (issue 5)', () => {
  // [name, workMillis, cpuPerRequestMillis, timeoutMs, baseLatencyMs]. The first is the pod: 500m limit −
  // 20m base = 480m of work at 5m per request → μ = 96 rps, 3 s timeout (it served 10.97 % at 100 rps before).
  it.each([
    ['issue 5 pod: 96 rps, 3 s timeout', 480, 5, 3000, 1],
    ['half a core at 2m: 250 rps, 30 s timeout', 500, 2, 30_000, 0],
    ['two cores at 2m (M/M/c): 1000 rps, 1 s timeout', 2000, 2, 1000, 5],
    ['a tenth of a core at 10m: 10 rps, 30 s timeout', 100, 10, 30_000, 20],
  ])('%s: steady 1.04 × capacity serves ≥ 0.95 × capacity every tick once the queue is full', (_name, work, cpr, timeoutMs, baseMs) => {
    const mu = work / cpr;
    const ticks = simulate({ workMillis: work, cpuPerRequestMillis: cpr, timeoutMs, baseLatencyMs: baseMs }, new Array(400).fill(1.04 * mu));
    const fullAt = ticks.findIndex((t, i) => i > 0 && t.backlog === ticks[i - 1]?.backlog);
    expect(fullAt).toBeGreaterThan(0);
    for (const t of ticks.slice(fullAt)) {
      expect(t.served).toBeGreaterThanOrEqual(0.95 * mu * 10);
      expect(t.processed).toBeCloseTo(mu * 10, 6); // the CPU is busy, and busy with useful work
      expect(t.served).toBeLessThanOrEqual(t.processed + 1e-6);
      expect(t.p99Ms).toBeLessThanOrEqual(timeoutMs + 1e-6); // the served answer within the deadline
    }
    // Before the queue fills nothing fails beyond the stationary tail.
    for (const t of ticks.slice(0, fullAt - 1)) expect(t.served).toBeGreaterThanOrEqual(0.99 * t.arrivals);
  });

  it('the issue 5 pod at 100 rps: 95 % served (the excess 4 % and a 1 % tail time out), p99 at the 3 s timeout', () => {
    const ticks = simulate({ workMillis: 480, cpuPerRequestMillis: 5, timeoutMs: 3000, baseLatencyMs: 1 }, new Array(60).fill(100));
    const last = ticks[ticks.length - 1] as Tick;
    // Worked example of the module comment: Qcap = 96 × 0.600 s = 57.6; served = 96 × 0.99 = 95.04 per second.
    expect(last.backlog).toBeCloseTo(96 * (3 - 0.001 - (1 / 96 / (1 - RHO_MAX)) * Math.log(100)), 9);
    expect(last.served / 10).toBeCloseTo(95.04, 6);
    expect(last.timedOut / 10).toBeCloseTo(4.96, 6);
    expect(last.overloaded).toBe(0);
    expect(last.admitted / 10).toBeCloseTo(96, 6); // the 1 % late ones ran; the excess 4 rps never did
    expect(last.p99Ms).toBeCloseTo(3000, 6);
  });

  it('no cliff at capacity when the deadline leaves no room to queue: overload serves what 0.99 × capacity did', () => {
    // A tenth of a core at 10m (μ = 10 rps), 10 s timeout: T_sat = 0.1 s / 0.02 = 5 s and T_sat × ln 100 = 23 s
    // exceed the timeout, so no backlog is admitted and the stationary tail e^(−9.98 / 5) = 13.6 % times out on
    // both sides of μ. (The stationary tail is pessimistic here: a queue that drops expired requests while they
    // wait would lose fewer.)
    const base = { workMillis: 100, cpuPerRequestMillis: 10, timeoutMs: 10_000, baseLatencyMs: 20 };
    const below = simulate(base, new Array(20).fill(9.9)).at(-1) as Tick;
    const over = simulate(base, new Array(20).fill(10.4)).at(-1) as Tick;
    const tail = Math.exp(-9.98 / 5);
    expect(below.served).toBeCloseTo(99 * (1 - tail), 6);
    expect(over.served).toBeCloseTo(100 * (1 - tail), 6);
    expect(over.backlog).toBe(0);
  });

  it('a 10 s burst at 2 × capacity with a 30 s timeout: nothing fails, the queue is served later', () => {
    const mu = 250;
    const rates = [0.5, 0.5, 2, 0.5, 0.5, 0.5, 0.5].map((f) => f * mu);
    const ticks = simulate({ timeoutMs: 30_000 }, rates);
    for (const t of ticks) expect(t.timedOut + t.overloaded).toBeLessThan(1e-6);
    expect(ticks[2]?.backlog).toBeCloseTo(2500, 9); // 10 s × (500 − 250) rps
    expect(ticks[2]?.processed).toBeCloseTo(2500, 9); // the CPU ran at μ during the burst
    expect(ticks[3]?.processed).toBeCloseTo(2500, 9); // and after it, draining at μ − λ = 125 rps
    expect(ticks[3]?.backlog).toBeCloseTo(1250, 9);
    expect(ticks[4]?.backlog).toBe(0);
    const arrived = ticks.reduce((a, t) => a + t.arrivals, 0);
    const processed = ticks.reduce((a, t) => a + t.processed, 0);
    expect(processed).toBeCloseTo(arrived, 6);
    expect(Math.max(...ticks.map((t) => t.p99Ms))).toBeLessThan(30_000);
  });

  it('overload with a tiny timeout: the failures are timeouts, not overload, and the CPU still serves μ', () => {
    // A 50 ms timeout is below T_sat × ln 100 = 0.92 s: no queue is admitted, the excess fails at once.
    const ticks = simulate({ timeoutMs: 50 }, [500, 500, 500]);
    for (const t of ticks) {
      expect(t.overloaded).toBe(0);
      expect(t.admitted).toBeCloseTo(2500, 9); // the other half is dropped unrun
      expect(t.timedOut).toBeGreaterThanOrEqual(2500 - 1e-9);
      expect(t.backlog).toBe(0);
      expect(t.processed).toBeCloseTo(2500, 9);
    }
  });

  const arbQueue = fc.record({
    workMillis: fc.integer({ min: 10, max: 4000 }),
    cpuPerRequestMillis: fc.integer({ min: 1, max: 50 }),
    timeoutMs: fc.integer({ min: 10, max: 60_000 }),
    baseLatencyMs: fc.integer({ min: 0, max: 200 }),
    concurrencyLimit: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 5000 })),
    dtS: fc.constantFrom(1, 5, 10, 15),
    loads: fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 1, maxLength: 30 }),
  });

  it('property: fractions are shares of the arrivals, the backlog balances, the CPU never exceeds μ', () => {
    fc.assert(fc.property(arbQueue, (c) => {
      const mu = c.workMillis / c.cpuPerRequestMillis;
      const inp: QueueInput = { ...c, arrivalRps: 0, backlog: 0 };
      const out = newQueueOutput();
      for (const f of c.loads) {
        inp.arrivalRps = f * mu;
        const q0 = inp.backlog;
        stepQueue(inp, out);
        const arrivals = inp.arrivalRps * c.dtS;
        const failed = out.overloadFraction + out.timeoutFraction;
        if (out.overloadFraction < 0 || out.timeoutFraction < 0 || failed > 1 + 1e-12) return false;
        // What runs is what is not rejected: admitted + overload + dropped-at-the-cap timeouts = 1.
        if (out.admittedFraction < 0 || out.admittedFraction + out.overloadFraction > 1 + 1e-12) return false;
        if (out.admittedFraction < 1 - failed - 1e-12) return false;
        if (out.backlog < 0 || out.backlog > Math.max(q0, c.concurrencyLimit) + 1e-9) return false;
        if (out.processed > mu * c.dtS * (1 + 1e-12) + 1e-9 || out.processed < -1e-9) return false;
        // Served (admitted, within the deadline) never exceeds what the CPU processed plus what waits in the queue.
        if (arrivals * (1 - failed) > out.processed + out.backlog - q0 + 1e-6 * (1 + arrivals)) return false;
        inp.backlog = out.backlog;
      }
      return true;
    }), { numRuns: 500 });
  });

  it('property: in sustained overload goodput is μ (less the 1 % tail) whenever the deadline leaves room to queue', () => {
    fc.assert(fc.property(arbQueue, fc.double({ min: 1.01, max: 4, noNaN: true }), (c, factor) => {
      const mu = c.workMillis / c.cpuPerRequestMillis;
      const satS = stationaryResponseS(RHO_MAX, c.cpuPerRequestMillis / 1000, c.workMillis / 1000);
      fc.pre((c.timeoutMs - c.baseLatencyMs) / 1000 > satS * Math.log(100));
      const ticks = simulate({ ...c, concurrencyLimit: Infinity }, new Array(200).fill(factor * mu));
      const last = ticks[ticks.length - 1] as Tick;
      return last.served >= 0.99 * mu * c.dtS * (1 - 1e-9) && last.overloaded === 0;
    }), { numRuns: 300 });
  });
});

describe('mixtureQuantile', () => {
  it('closed form for identical components: off + mean ln(1/(1-q))', () => {
    const w = [1, 2, 3];
    const off = [5, 5, 5];
    const mean = [10, 10, 10];
    expect(mixtureQuantile(w, off, mean, 3, 0.5)).toBeCloseTo(5 + 10 * Math.log(2), 12);
    expect(mixtureQuantile(w, off, mean, 3, 0.99)).toBeCloseTo(5 + 10 * Math.log(100), 12);
  });

  it('solves the mixture: half the weight on a 1 ms and half on a 100 ms exponential', () => {
    const x = mixtureQuantile([1, 1], [0, 0], [1, 100], 2, 0.99);
    const survival = 0.5 * Math.exp(-x / 1) + 0.5 * Math.exp(-x / 100);
    expect(survival).toBeCloseTo(0.01, 9);
  });

  it('treats repeated components as one with their weights summed', () => {
    const x = mixtureQuantile([1, 2, 3, 4], [5, 0, 5, 0], [10, 2, 10, 2], 4, 0.95);
    expect(x).toBeCloseTo(mixtureQuantile([4, 6], [5, 0], [10, 2], 2, 0.95), 9);
    const survival = (4 * Math.exp(-(x - 5) / 10) + 6 * Math.exp(-x / 2)) / 10;
    expect(survival).toBeCloseTo(0.05, 9);
  });

  it('ignores zero weights and returns 0 with none', () => {
    expect(mixtureQuantile([0, 1], [0, 3], [1000, 1], 2, 0.5)).toBeCloseTo(3 + Math.log(2));
    expect(mixtureQuantile([0], [0], [1], 1, 0.5)).toBe(0);
  });

  it('agrees with plain bisection on random mixtures (offsets, zero means, tiny and huge weights)', () => {
    /** The mixture's survival function (unnormalised): the weight of the components beyond x. */
    const survivalOf = (w: number[], off: number[], mean: number[]) => (x: number) =>
      w.reduce((s, wi, i) => s + (x <= off[i]! ? wi : mean[i]! > 0 ? wi * Math.exp(-(x - off[i]!) / mean[i]!) : 0), 0);
    const bisect = (w: number[], off: number[], mean: number[], q: number) => {
      const survival = survivalOf(w, off, mean);
      const target = (1 - q) * w.reduce((a, b) => a + b, 0);
      let lo = Math.min(...off);
      let hi = Math.max(...off.map((o, i) => o + mean[i]! * Math.log(1 / (1 - q))));
      for (let k = 0; k < 200; k++) {
        const x = (lo + hi) / 2;
        if (survival(x) > target) lo = x;
        else hi = x;
      }
      return (lo + hi) / 2;
    };
    const comp = fc.record({ w: fc.double({ min: 1e-6, max: 1e6, noNaN: true }), off: fc.double({ min: 0, max: 500, noNaN: true }), mean: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 5000, noNaN: true })) });
    fc.assert(
      fc.property(fc.array(comp, { minLength: 2, maxLength: 12 }), fc.constantFrom(0.5, 0.9, 0.95, 0.99), (cs, q) => {
        const w = cs.map((c) => c.w);
        const off = cs.map((c) => c.off);
        const mean = cs.map((c) => c.mean);
        const got = mixtureQuantile(w, off, mean, cs.length, q);
        const want = bisect(w, off, mean, q);
        // Where the survival function is flat to within rounding (a point mass exactly balancing the rest), every
        // x on the plateau is a quantile: there the survival at the answer is what has to match, not x itself.
        const total = w.reduce((a, b) => a + b, 0);
        const survivalAt = (x: number) => survivalOf(w, off, mean)(x) / total;
        const onPlateau = Math.abs(survivalAt(got) - (1 - q)) <= 1e-12 && Math.abs(survivalAt(want) - (1 - q)) <= 1e-12;
        if (!onPlateau) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
      }),
      { numRuns: 500 },
    );
  });
});
