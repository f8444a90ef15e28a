import { describe, expect, it } from 'vitest';
import { fractionSlowerThan, parseObjective, SloTracker, validateSlo } from '../../src/workload/slo.ts';
import type { ServiceResults } from '../../src/workload/model.ts';

function results(offered: number, served: number, p50: number, p95: number, p99: number, lost = 0): ServiceResults {
  const one = (v: number) => Float64Array.of(v);
  return {
    offered: one(offered), served: one(served), failedNoEndpoints: one(offered - served), failedOverload: one(0), failedTimeout: one(0),
    failedAppError: one(0), failedDependency: one(0), failedNetworkPolicy: one(0), lostInflight: one(lost), retried: one(0), ejected: one(0), circuitBreakerOverflow: one(0), retryOverflow: one(0), offeredRps: one(0), latencyP50Ms: one(p50),
    latencyP95Ms: one(p95), latencyP99Ms: one(p99), latencyMeanMs: one(0),
  };
}

describe('parseObjective', () => {
  it.each<[string | number, number | undefined]>([
    ['99.9%', 0.999], [' 99 % ', 0.99], [0.995, 0.995], [99.5, 0.995], ['100%', 1], ['0%', undefined], ['abc', undefined], [150, undefined],
  ])('%s -> %s', (input, expected) => {
    const v = parseObjective(input);
    if (expected === undefined) expect(v).toBeUndefined();
    else expect(v).toBeCloseTo(expected, 12);
  });
});

describe('fractionSlowerThan', () => {
  // An exponential latency with mean 100 ms: p50 = 69.3, p95 = 299.6, p99 = 460.5 — interpolation is exact.
  const m = 100;
  const q = (p: number) => m * Math.log(1 / (1 - p));
  it.each([50, 100, 200, 300, 460, 600, 1000])('exponential with mean 100 ms, threshold %i ms', (x) => {
    expect(fractionSlowerThan(x, q(0.5), q(0.95), q(0.99))).toBeCloseTo(Math.exp(-x / m), 9);
  });
  it('no requests (NaN quantiles) count as none slow', () => {
    expect(fractionSlowerThan(100, NaN, NaN, NaN)).toBe(0);
  });
});

describe('SloTracker', () => {
  // Worked example of the module comment: 99.9 % of 1,000,000 requests → budget 1,000; 250 failures burn 25 %.
  it('availability budget', () => {
    const t = new SloTracker({ service: 'web', availability: '99.9%' }, ['web']);
    t.observe(results(500_000, 499_800, 10, 20, 30));
    t.observe(results(500_000, 499_950, 10, 20, 30));
    const r = t.report().availability;
    expect(r?.budget).toBeCloseTo(1000, 6);
    expect(r?.bad).toBe(250);
    expect(r?.burnedFraction).toBeCloseTo(0.25, 9);
    expect(r?.met).toBe(true);
  });

  it('lost in-flight requests count against availability', () => {
    const t = new SloTracker({ service: 'web', availability: '99%' }, ['web']);
    t.observe(results(100, 100, 10, 20, 30, 5));
    expect(t.report().availability?.bad).toBe(5);
    expect(t.report().availability?.met).toBe(false);
  });

  it('latency objective from per-tick quantiles', () => {
    const t = new SloTracker({ service: 'web', latencyP99: '300ms' }, ['web']);
    const q = (p: number) => 100 * Math.log(1 / (1 - p));
    t.observe(results(1000, 1000, q(0.5), q(0.95), q(0.99)));
    const r = t.report().latency;
    expect(r?.percentile).toBe(99);
    expect(r?.thresholdMs).toBe(300);
    expect(r?.bad).toBeCloseTo(1000 * Math.exp(-3), 6); // ~5 % slower than 300 ms
    expect(r?.met).toBe(false);
    expect(r?.burnedFraction).toBeCloseTo(Math.exp(-3) / 0.01, 6);
  });

  it('validation names the bad fields', () => {
    expect(validateSlo({ service: 'nope', availability: 'x', latencyP99: '1x' }, ['web']).map((e) => e.field)).toEqual(['slo.service', 'slo.availability', 'slo.latencyP99']);
    expect(() => new SloTracker({ service: 'web' }, ['web'])).toThrow(/needs availability/);
  });
});
