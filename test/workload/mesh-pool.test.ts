/** Connection-pool (Envoy circuit-breaker) arithmetic of `src/workload/mesh.ts`, and its validation. */
import { describe, expect, it } from 'vitest';
import { meshProblems } from '../../src/api/mesh.ts';
import { meshPolicyFor } from '../../src/runtime/mesh.ts';
import { ISTIO_DURATION_BUCKETS_MS, LatencyHistograms } from '../../src/workload/histogram.ts';
import { attemptDurationMs, breakerCapacityRps, connectionPoolLimits, ISTIO_POOL_UNLIMITED, type AttemptOutcome } from '../../src/workload/mesh.ts';

describe('connectionPoolLimits', () => {
  const U = ISTIO_POOL_UNLIMITED;
  it.each<[string, Parameters<typeof connectionPoolLimits>[0], number, number]>([
    ['nothing set: unlimited', {}, U, U],
    ['HTTP/1.1: connections plus pending', { maxConnections: 10, http1MaxPendingRequests: 1 }, 11, U],
    ['http2MaxRequests caps it', { maxConnections: 100, http1MaxPendingRequests: 100, http2MaxRequests: 50 }, 50, U],
    ['connections alone leave the pending queue unlimited', { maxConnections: 1 }, U, U],
    ['http2MaxRequests alone', { http2MaxRequests: 7 }, 7, U],
    ['maxRetries', { http2MaxRequests: 7, maxRetries: 3 }, 7, 3],
  ])('%s', (_name, pool, maxConcurrent, maxRetries) => {
    expect(connectionPoolLimits(pool)).toEqual({ maxConcurrent, maxRetries });
  });
});

describe('breakerCapacityRps', () => {
  it.each<[number, number, number, number]>([
    // limit per proxy, proxies, attempt ms, attempts a second
    [10, 3, 100, 300],
    [11, 3, 110, 300],
    [1, 1, 1000, 1],
    [10, 0, 100, 100], // external traffic alone still passes one proxy
    [10, 3, 0, Infinity], // no history yet
    [ISTIO_POOL_UNLIMITED, 3, 100, Infinity],
  ])('limit %d × %d proxies, %d ms attempts: %d rps', (limit, proxies, ms, rps) => {
    expect(breakerCapacityRps(limit, proxies, ms)).toBe(rps);
  });
});

describe('attemptDurationMs', () => {
  const o = (over: number, appTimeout: number, offsetMs: number, meanMs: number, appTimeoutMs: number): AttemptOutcome => ({ overload: over, appTimeout, errorRate: 0, offsetMs, meanMs, appTimeoutMs });
  it.each<[string, AttemptOutcome, number, number]>([
    ['all admitted', o(0, 0, 2, 10, 3000), 0, 12],
    ['rejections take no time', o(0.5, 0, 2, 10, 3000), 0, 6],
    ['own timeouts hold the slot until they fire', o(0, 0.1, 2, 10, 3000), 0, 0.9 * 12 + 300],
    ['the per-try timeout bounds a slow attempt', o(0, 0, 400, 200, 3000), 500, 500],
    ['a per-try timeout longer than the attempt changes nothing', o(0, 0, 2, 10, 3000), 500, 12],
  ])('%s', (_name, outcome, perTry, ms) => {
    expect(attemptDurationMs(outcome, perTry)).toBeCloseTo(ms, 9);
  });
});

describe('DestinationRule connectionPool', () => {
  const dr = (connectionPool: unknown) => ({ spec: { host: 'inventory', trafficPolicy: { connectionPool } } });
  it('accepts the fields kubesim reads', () => {
    expect(meshProblems('DestinationRule', dr({ tcp: { maxConnections: 10, connectTimeout: '1s' }, http: { http1MaxPendingRequests: 1, http2MaxRequests: 10, maxRetries: 3 } }))).toEqual([]);
  });
  it('reports every bad value with its path', () => {
    const p = meshProblems('DestinationRule', dr({ tcp: { maxConnections: -1, connectTimeout: 'soon' }, http: { maxRetries: 1.5 } }));
    expect(p.map((x) => x.path.join('.'))).toEqual([
      'spec.trafficPolicy.connectionPool.http.maxRetries',
      'spec.trafficPolicy.connectionPool.tcp.maxConnections',
      'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
    ]);
  });
  it('becomes the meshed Service\'s pool; without one there is none', () => {
    const objects = (connectionPool?: unknown) => ({
      virtualServices: [],
      httpRoutes: [],
      destinationRules: [{ namespace: 'shop', name: 'inventory', createdAt: '', spec: { host: 'inventory', trafficPolicy: connectionPool ? { connectionPool } : {} } }],
    });
    expect(meshPolicyFor(objects({ tcp: { maxConnections: 10 }, http: { http1MaxPendingRequests: 1 } }) as never, 'shop', 'inventory', true)!.policy.pool).toEqual({ maxConcurrent: 11, maxRetries: ISTIO_POOL_UNLIMITED });
    expect(meshPolicyFor(objects() as never, 'shop', 'inventory', true)!.policy.pool).toBeUndefined();
  });
});

describe('LatencyHistograms', () => {
  it('the module comment\'s worked example, in ms with Istio\'s bounds', () => {
    const h = new LatencyHistograms(Float64Array.from(ISTIO_DURATION_BUCKETS_MS), 1, 1);
    h.observe(0, 1000, Float64Array.of(1), Float64Array.of(2), Float64Array.of(10), 1, 12);
    const at = (le: number) => h.counts[ISTIO_DURATION_BUCKETS_MS.indexOf(le)]!;
    expect(at(0.5)).toBe(0);
    expect(at(1)).toBe(0);
    expect(at(5)).toBeCloseTo(259.18, 2);
    expect(at(25)).toBeCloseTo(899.74, 2);
    expect(at(3600000)).toBe(1000);
    expect(h.counts[ISTIO_DURATION_BUCKETS_MS.length]).toBe(1000);
    expect(h.sums[0]).toBe(12_000);
  });
  it('sums in seconds with unit 1000, and ignores an empty step', () => {
    const h = new LatencyHistograms(Float64Array.of(5, 10), 2, 1000);
    h.observe(1, 0, Float64Array.of(1), Float64Array.of(2), Float64Array.of(10), 1, 12);
    h.observe(1, 10, Float64Array.of(1), Float64Array.of(2), Float64Array.of(10), 1, 12);
    expect(Array.from(h.counts.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(h.counts[5]).toBe(10);
    expect(h.sums[1]).toBeCloseTo(0.12, 12);
  });
});
