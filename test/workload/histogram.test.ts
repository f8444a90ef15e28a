import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAppModel } from '../../src/workload/app-model.ts';
import { DEFAULT_BUCKETS_S, formatLe, groupedCdf, mixtureCdf } from '../../src/workload/histogram.ts';
import { groupedQuantile, groupMixture, mixtureQuantile } from '../../src/workload/latency.ts';
import { WORKLOAD_METRICS, WorkloadMetrics, type MetricSink } from '../../src/workload/metrics.ts';
import { WorkloadModel } from '../../src/workload/model.ts';
import { PodTable } from '../../src/workload/pod-table.ts';

describe('mixtureCdf', () => {
  it.each([
    // One endpoint, offset 2 ms, mean 10 ms (the module comment's worked example): 1 − e^{−(x−2)/10}.
    { w: [1], off: [2], mean: [10], bounds: [1, 5, 25], want: [0, 1 - Math.exp(-0.3), 1 - Math.exp(-2.3)] },
    // Two equal-weight endpoints, one with a 100 ms offset: below it only the fast half counts.
    { w: [3, 3], off: [0, 100], mean: [10, 10], bounds: [50, 200], want: [0.5 * (1 - Math.exp(-5)), 0.5 * (1 - Math.exp(-20)) + 0.5 * (1 - Math.exp(-10))] },
    // Zero weight is ignored; a zero mean is a step at the offset.
    { w: [0, 2], off: [0, 7], mean: [5, 0], bounds: [6, 7, 8], want: [0, 1, 1] },
    // Far beyond the tail: the whole mass.
    { w: [1], off: [0], mean: [1], bounds: [1000], want: [1] },
  ])('w=$w off=$off mean=$mean at $bounds ms', ({ w, off, mean, bounds, want }) => {
    const out = new Float64Array(bounds.length);
    expect(mixtureCdf(w, off, mean, w.length, bounds, out)).toBe(w.reduce((a, b) => a + b, 0));
    [...out].forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
  });

  it('is 0 everywhere (and returns 0) without weight', () => {
    const out = new Float64Array([9, 9]);
    expect(mixtureCdf([0], [1], [1], 1, [1, 2], out)).toBe(0);
    expect([...out]).toEqual([0, 0]);
  });

  it('inverts mixtureQuantile, is monotone and stays within [0, 1]', () => {
    const comp = fc.record({ w: fc.double({ min: 0.1, max: 100, noNaN: true }), off: fc.double({ min: 0, max: 500, noNaN: true }), mean: fc.double({ min: 0.5, max: 500, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(comp, { minLength: 1, maxLength: 6 }), fc.constantFrom(0.5, 0.95, 0.99), (cs, q) => {
        const w = cs.map((c) => c.w);
        const off = cs.map((c) => c.off);
        const mean = cs.map((c) => c.mean);
        const x = mixtureQuantile(w, off, mean, cs.length, q);
        const out = new Float64Array(1);
        mixtureCdf(w, off, mean, cs.length, [x], out);
        expect(out[0]).toBeCloseTo(q, 6);
        const bounds = DEFAULT_BUCKETS_S.map((b) => b * 1000);
        const all = new Float64Array(bounds.length);
        mixtureCdf(w, off, mean, cs.length, bounds, all);
        for (let i = 0; i < all.length; i++) {
          expect(all[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : all[i - 1]!);
          expect(all[i]).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('writes le as client_golang does', () => {
    expect(DEFAULT_BUCKETS_S.map(formatLe)).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10']);
    expect(formatLe(Infinity)).toBe('+Inf');
  });
});

describe('WorkloadMetrics latency histogram', () => {
  const setup = (histograms?: boolean) => {
    const model = new WorkloadModel({ services: [{ name: 'web', profile: { constant: 100 } }], models: { app: resolveAppModel({ cpuPerRequest: '2m', baseCpu: '0' }).model } });
    const pods = new PodTable();
    pods.add({ name: 'default/web-1', modelKey: 'app', cpuLimitMillis: 300, cpuRequestMillis: 100, memoryLimitBytes: 0, nodeIndex: -1, startedAtMs: -1e6, ready: true });
    const view = { pods, endpointsOf: () => [0], nodeCpuMillis: [] };
    const points = new Map<string, number[]>();
    const sink: MetricSink = { record: (n, l, _t, v) => void (points.get(`${n}${JSON.stringify(l)}`) ?? points.set(`${n}${JSON.stringify(l)}`, []).get(`${n}${JSON.stringify(l)}`)!).push(v) };
    const metrics = new WorkloadMetrics(model, histograms === undefined ? {} : { histograms });
    const p99: number[] = [];
    const meanMs: number[] = [];
    for (let t = 0; t < 3; t++) {
      model.step(t * 10_000, 10_000, view);
      metrics.record(sink, (t + 1) * 10_000, pods);
      p99.push(model.services.latencyP99Ms[0]!);
      meanMs.push(model.services.latencyMeanMs[0]!);
    }
    return { points, p99, meanMs };
  };

  it('counts served requests per bucket, cumulative over ticks; +Inf and _count equal the served total', () => {
    const { points, p99, meanMs } = setup();
    const get = (name: string, labels: Record<string, string>) => points.get(`${name}${JSON.stringify(labels)}`)!;
    const served = get(WORKLOAD_METRICS.httpRequestsTotal, { service: 'web', code: '200' });
    expect(served).toEqual([1000, 2000, 3000]);
    expect(get(WORKLOAD_METRICS.httpRequestDurationSecondsBucket, { service: 'web', le: '+Inf' })).toEqual(served);
    expect(get(WORKLOAD_METRICS.httpRequestDurationSecondsCount, { service: 'web' })).toEqual(served);
    const last = [...DEFAULT_BUCKETS_S.map(formatLe), '+Inf'].map((le) => get(WORKLOAD_METRICS.httpRequestDurationSecondsBucket, { service: 'web', le })[2]!);
    for (let i = 1; i < last.length; i++) expect(last[i]).toBeGreaterThanOrEqual(last[i - 1]!);
    // ρ = 100 / 150 at one endpoint: one shifted exponential, so 99 % of the served are within the model's p99.
    const p99S = p99[2]! / 1000;
    const below = DEFAULT_BUCKETS_S.findIndex((b) => b >= p99S);
    expect(last[below]! / 3000).toBeGreaterThanOrEqual(0.99);
    if (below > 0) expect(last[below - 1]! / 3000).toBeLessThan(0.99);
    // _sum: served × the mean response time.
    expect(meanMs[0]).toBeGreaterThan(0);
    expect(get(WORKLOAD_METRICS.httpRequestDurationSecondsSum, { service: 'web' })[0]).toBeCloseTo((1000 * meanMs[0]!) / 1000, 6);
  });

  it('records no histogram series with histograms: false', () => {
    const { points } = setup(false);
    expect([...points.keys()].some((k) => k.startsWith(WORKLOAD_METRICS.httpRequestDurationSecondsBucket))).toBe(false);
  });
});

describe('one fold, several uses', () => {
  it('the quantiles and the CDF of a folded mixture equal those of the unfolded one, bit for bit', () => {
    const comp = fc.record({
      w: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 100, noNaN: true })),
      // Few distinct offsets and means, so components repeat as a Service's endpoints do.
      off: fc.constantFrom(0, 1, 2.5, 40),
      mean: fc.constantFrom(0.5, 3, 10, 250),
    });
    const bounds = DEFAULT_BUCKETS_S.map((b) => b * 1000);
    fc.assert(
      fc.property(fc.array(comp, { minLength: 1, maxLength: 12 }), (cs) => {
        const w = Float64Array.from(cs, (c) => c.w);
        const off = Float64Array.from(cs, (c) => c.off);
        const mean = Float64Array.from(cs, (c) => c.mean);
        const want = [0.5, 0.95, 0.99].map((q) => mixtureQuantile(w, off, mean, cs.length, q));
        const wantCdf = new Float64Array(bounds.length);
        const wantTotal = mixtureCdf(w, off, mean, cs.length, bounds, wantCdf);
        groupMixture(w, off, mean, cs.length);
        const got = [0.5, 0.95, 0.99].map((q) => groupedQuantile(q));
        const gotCdf = new Float64Array(bounds.length);
        // The quantiles read the fold and leave it for the histogram.
        expect(groupedCdf(bounds, gotCdf)).toBe(wantTotal);
        expect(got).toEqual(want);
        expect([...gotCdf]).toEqual([...wantCdf]);
      }),
    );
  });
});
