/** The workload model under NetworkPolicy reachability: dropped calls and external requests, and fractional calls. */
import { describe, expect, it } from 'vitest';
import { resolveAppModel } from '../../src/workload/app-model.ts';
import { allCallsSucceed, WorkloadModel, type CallReachability, type WorkloadView } from '../../src/workload/model.ts';
import { PodTable } from '../../src/workload/pod-table.ts';

const STEP = 10_000;

/** web (external 100 rps, calls `back` perRequest times) → back; one pod each. */
function fixture(perRequest: number, reachability?: CallReachability) {
  const model = new WorkloadModel({
    services: [{ name: 'web', profile: { constant: 100 } }, { name: 'back' }],
    models: { web: resolveAppModel({ calls: [{ service: 'back', perRequest }] }).model, back: resolveAppModel({}).model },
  });
  const pods = new PodTable(4);
  const base = { cpuLimitMillis: 1000, cpuRequestMillis: 100, memoryLimitBytes: 0, nodeIndex: -1, startedAtMs: -3_600_000, ready: true };
  const web = pods.add({ ...base, name: 'web-0', modelKey: 'web' });
  const back = pods.add({ ...base, name: 'back-0', modelKey: 'back' });
  const endpoints = [[web], [back]];
  const view: WorkloadView = { pods, endpointsOf: (s) => endpoints[s]!, nodeCpuMillis: [], ...(reachability ? { reachability } : {}) };
  return { model, view, web };
}

const reach = (callAllowed: number, externalAllowed = 1): CallReachability => ({ allowed: () => callAllowed, externalAllowed: () => externalAllowed });

function steps(f: ReturnType<typeof fixture>, n: number): void {
  for (let i = 0; i < n; i++) f.model.step(i * STEP, STEP, f.view);
}

function conserved(m: WorkloadModel, s: number): boolean {
  const r = m.services;
  const sum = r.served[s]! + r.failedNoEndpoints[s]! + r.failedOverload[s]! + r.failedTimeout[s]! + r.failedAppError[s]! + r.failedDependency[s]! + r.failedNetworkPolicy[s]!;
  return sum === r.offered[s];
}

describe('allCallsSucceed', () => {
  it.each([
    [0, 0.05, 1],
    [1, 0.05, 0.95],
    [1, 1, 0],
    [0.5, 2, 0.25],
    [0.5, 1.5, 0.25 * 0.75 / 0.5],
    [0.1, 2.5, 0.81 * 0.95],
  ])('failRatio %f, perRequest %f → %f', (f, k, want) => {
    expect(allCallsSucceed(f, k)).toBeCloseTo(want, 12);
  });
});

describe('WorkloadModel with NetworkPolicy reachability', () => {
  it('without reachability nothing is dropped', () => {
    const f = fixture(1);
    steps(f, 2);
    expect(f.model.services.failedNetworkPolicy[0]).toBe(0);
    expect(f.model.services.offered[1]).toBe(1000);
  });

  it('dropped calls never reach the callee and fail the caller with cause networkPolicy', () => {
    const f = fixture(1, reach(0));
    steps(f, 2);
    const s = f.model.services;
    expect(s.offered[1]).toBe(0);
    expect(s.failedNetworkPolicy[0]).toBe(1000);
    expect(s.failedDependency[0]).toBe(0);
    expect(s.served[0]).toBe(0);
    expect(conserved(f.model, 0)).toBe(true);
  });

  it('a rare call that is always dropped fails only the requests that make it (perRequest 0.05 → 5 %)', () => {
    const f = fixture(0.05, reach(0));
    steps(f, 2);
    expect(f.model.services.failedNetworkPolicy[0]).toBe(50);
    expect(f.model.services.served[0]).toBe(950);
  });

  it('half of the endpoints reachable: half the calls arrive, three quarters of two-call requests fail', () => {
    const f = fixture(2, reach(0.5));
    steps(f, 3);
    const s = f.model.services;
    // 1,000 requests × 2 calls × 0.5 delivered.
    expect(s.offered[1]).toBe(1000);
    expect(s.failedNetworkPolicy[0]).toBe(750);
    expect(conserved(f.model, 0)).toBe(true);
    expect(f.model.totals.failedNetworkPolicy[0]).toBe(3 * 750);
  });

  it('external requests the entry pods do not admit are dropped before the balancer', () => {
    const f = fixture(1, reach(1, 0.25));
    steps(f, 2);
    const s = f.model.services;
    expect(s.offered[0]).toBe(1000);
    expect(s.failedNetworkPolicy[0]).toBe(750);
    expect(s.served[0]).toBe(250);
    expect(f.model.pods.rps[f.web]).toBeCloseTo(25, 9);
    expect(conserved(f.model, 0)).toBe(true);
    // The running totals count the dropped requests as offered too.
    expect(f.model.totals.offered[0]).toBe(2000);
    expect(f.model.totals.failedNetworkPolicy[0]).toBe(1500);
  });
});
