/**
 * The mesh's per-tick arithmetic (src/workload/mesh.ts) and its effect in the workload model: retries add real
 * load in the same tick, requests stay conserved, timeouts cut slow answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_MODEL, type AppModel } from '../../src/workload/app-model.ts';
import {
  ISTIO_DEFAULT_RETRY,
  attemptsToRequests,
  exceedProbability,
  expectedFailureRuns,
  meanBackoffMs,
  retriableShare,
  retryFlags,
  type ServiceMeshPolicy,
} from '../../src/workload/mesh.ts';
import { WorkloadModel, type MeshView } from '../../src/workload/model.ts';
import { PodTable } from '../../src/workload/pod-table.ts';

describe('retryFlags (Envoy retry_on as Istio programs it)', () => {
  it.each<[string, { on500: boolean; on503: boolean; on504: boolean; onPerTryTimeout: boolean }]>([
    ['5xx', { on500: true, on503: true, on504: true, onPerTryTimeout: true }],
    ['gateway-error', { on500: false, on503: true, on504: true, onPerTryTimeout: true }],
    ['reset', { on500: false, on503: false, on504: false, onPerTryTimeout: true }],
    ['connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503', { on500: false, on503: true, on504: false, onPerTryTimeout: false }],
    // Istio's parseRetryOn: a bare status code implies retriable-status-codes.
    ['500,504', { on500: true, on503: false, on504: true, onPerTryTimeout: false }],
    ['retriable-status-codes', { on500: false, on503: false, on504: false, onPerTryTimeout: false }],
  ])('%s', (on, flags) => expect(retryFlags(on, 2, 0)).toEqual({ attempts: 2, perTryTimeoutMs: 0, ...flags }));

  it("Istio's default policy: 2 retries on 503, no per-try timeout", () => {
    expect(ISTIO_DEFAULT_RETRY).toEqual({ attempts: 2, perTryTimeoutMs: 0, on500: false, on503: true, on504: false, onPerTryTimeout: false });
  });
});

describe('arithmetic', () => {
  it.each([
    [100, 20, 40, Math.exp(-2)],
    [20, 20, 40, 1],
    [10, 20, 40, 1],
    [0, 20, 40, 0],
    [100, 20, 0, 0],
  ])('exceedProbability(%d ms | %d + Exp(%d)) = %f', (limit, off, mean, p) => expect(exceedProbability(limit, off, mean)).toBeCloseTo(p, 12));

  it("Envoy's jittered backoff means: 12.5, 37.5, 87.5, then capped at 125 ms", () => {
    expect([1, 2, 3, 4, 5].map((k) => meanBackoffMs(k))).toEqual([12.5, 37.5, 87.5, 125, 125]);
  });

  it('retriableShare: overload 503s, cut attempts and errors by the flags', () => {
    const o = { overload: 0.1, appTimeout: 0.05, errorRate: 0.2, offsetMs: 0, meanMs: 100, appTimeoutMs: 3000 };
    const out = { share: 0, latencyMs: 0 };
    retriableShare(o, retryFlags('5xx', 3, 100), out);
    const cut = 0.85 * Math.exp(-1);
    expect(out.share).toBeCloseTo(0.1 + 0.05 + cut + (0.85 - cut) * 0.2, 12);
    expect(out.latencyMs).toBeCloseTo(0.05 * 3000 + cut * 100 + (0.85 - cut) * 0.2 * 100, 9);
    retriableShare(o, ISTIO_DEFAULT_RETRY, out);
    expect(out).toEqual({ share: 0.1, latencyMs: 0 });
  });

  it('attemptsToRequests: successes are capped at the requests; failures shared by cause, in integers', () => {
    // 150 attempts for 100 requests: 60 served, 90 failed attempts (60 overload, 30 timeout) → 40 failed requests.
    const causes = Float64Array.of(0, 60, 30, 0, 0, 0);
    expect(attemptsToRequests(causes, 60, 100)).toBe(60);
    expect([...causes]).toEqual([0, 27, 13, 0, 0, 0]);
    const none = Float64Array.of(0, 0, 0, 0, 0, 0);
    expect(attemptsToRequests(none, 120, 100)).toBe(100);
  });

  it.each([
    [1, 5, 10, 1 + 5 * 0],
    [0.5, 5, 4, 0],
    [0.5, 5, 5, 1 / 32],
    [0.5, 5, 15, (1 / 32) * (1 + 10 * 0.5)],
    [0, 5, 100, 0],
  ])('expectedFailureRuns(p=%f, n=%i, %i answers) = %f', (p, n, k, runs) => expect(expectedFailureRuns(p, n, k)).toBeCloseTo(runs, 12));
});

/** One Service of `pods` pods at 500m CPU and 5m a request (100 rps each), with `rps` external requests. */
function oneService(pods: number, model: Partial<AppModel>, policy: ServiceMeshPolicy | undefined, rps: number) {
  const m = new WorkloadModel({ services: [{ name: 'inventory', profile: { constant: rps } }], models: { inv: { ...DEFAULT_APP_MODEL, cpuPerRequestMillis: 5, baseCpuMillis: 0, ...model } } });
  const table = new PodTable(8);
  const eps: number[] = [];
  for (let i = 0; i < pods; i++) eps.push(table.add({ name: `inv-${i}`, modelKey: 'inv', cpuLimitMillis: 500, cpuRequestMillis: 500, memoryLimitBytes: 0, nodeIndex: -1, startedAtMs: -60_000, ready: true, serving: true, running: true }));
  const mesh: MeshView = { policyOf: () => policy, ejectedOf: () => undefined };
  const view = { pods: table, endpointsOf: () => eps, nodeCpuMillis: [], ...(policy ? { mesh } : {}) };
  return { m, step: (t: number) => m.step(t, 10_000, view) };
}

describe('WorkloadModel with mesh retries', () => {
  it('retries of overload 503s are real load: the pods receive requests × (1 + f + f² …) in the same tick', () => {
    // 2 pods, concurrency 10: at 300 rps most attempts are rejected with 503s and retried.
    const retry = retryFlags('5xx', 3, 0);
    const plain = oneService(2, { concurrencyLimit: 10 }, undefined, 300);
    const meshed = oneService(2, { concurrencyLimit: 10 }, { timeoutMs: 0, retry }, 300);
    for (let t = 0; t < 60_000; t += 10_000) {
      plain.step(t);
      meshed.step(t);
    }
    const a = plain.m.services;
    const b = meshed.m.services;
    expect(a.retried[0]).toBe(0);
    expect(b.retried[0]).toBeGreaterThan(1000);
    expect(b.offered[0]).toBe(3000);
    const received = (m: WorkloadModel) => m.pods.rps[0]! + m.pods.rps[1]!;
    expect(received(meshed.m)).toBeCloseTo(300 + b.retried[0]! / 10, 0);
    expect(received(plain.m)).toBeCloseTo(300, 9);
    // The retries win some requests back (another try may find a free slot): more served, never more than offered.
    expect(b.served[0]).toBeGreaterThanOrEqual(a.served[0]!);
    expect(b.served[0]).toBeLessThanOrEqual(3000);
  });

  it('a route timeout turns answers slower than it into 504s and bounds the reported latency', () => {
    // One pod at 95 % load: a queue builds, p99 well above 200 ms without the timeout.
    const slow = oneService(1, {}, undefined, 95);
    const cut = oneService(1, {}, { timeoutMs: 200 }, 95);
    for (let t = 0; t < 120_000; t += 10_000) {
      slow.step(t);
      cut.step(t);
    }
    expect(slow.m.services.latencyP99Ms[0]).toBeGreaterThan(200);
    expect(cut.m.services.failedTimeout[0]).toBeGreaterThan(0);
    expect(cut.m.services.latencyP99Ms[0]).toBeLessThanOrEqual(200);
  });

  it('property: with any retry policy every tick conserves requests (served + failed = offered)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 10, max: 800 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom('5xx', 'gateway-error', '503', 'reset'), fc.integer({ min: 0, max: 1000 }), (pods, rps, attempts, on, perTry) => {
        const s = oneService(pods, { concurrencyLimit: 20, errorRate: 0.05, timeoutMs: 2000 }, { timeoutMs: 1500, retry: retryFlags(on, attempts, perTry) }, rps);
        for (let t = 0; t < 40_000; t += 10_000) {
          s.step(t);
          const S = s.m.services;
          const failed = S.failedNoEndpoints[0]! + S.failedOverload[0]! + S.failedTimeout[0]! + S.failedAppError[0]! + S.failedDependency[0]! + S.failedNetworkPolicy[0]!;
          if (S.served[0]! + failed !== S.offered[0]) return false;
          if (S.served[0]! < 0 || failed < 0) return false;
        }
        return true;
      }),
      { numRuns: 60, seed: 16 },
    );
  });
});
