import { describe, expect, it } from 'vitest';
import { mixtureQuantile, newQueueOutput, stationaryResponseS, stepQueue, type QueueInput } from '../../src/workload/latency.ts';

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

  it('the backlog is capped by the timeout: later arrivals time out', () => {
    // Cap = μ × 3 s = 750 requests; filling takes 750 / 50 = 15 s; the second tick rejects after 5 s.
    const o = run({ arrivalRps: 300, backlog: 500, timeoutMs: 3000 });
    expect(o.backlog).toBeCloseTo(750);
    const rejected = 300 * 10 - (300 * 5 + 250 * 5);
    expect(o.timeoutFraction).toBeGreaterThanOrEqual(rejected / 3000 - 1e-9);
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

  it('ignores zero weights and returns 0 with none', () => {
    expect(mixtureQuantile([0, 1], [0, 3], [1000, 1], 2, 0.5)).toBeCloseTo(3 + Math.log(2));
    expect(mixtureQuantile([0], [0], [1], 1, 0.5)).toBe(0);
  });
});
