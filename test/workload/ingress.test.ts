/** The ingress controller's arithmetic: capacity, admitted share, status shares and the latency fit. */
import { describe, expect, it } from 'vitest';
import { admittedShare, controllerCapacityRps, fitShiftedExponential, shiftedExponentialCdf, statusShares } from '../../src/workload/ingress.ts';

describe('ingress controller arithmetic', () => {
  it.each([
    [2, 500, 1, 1000],
    [3, 1000, 0.5, 6000],
    [1, 1000, 0, Infinity],
  ])('%i replicas x %im / %im per request = %d rps', (replicas, cpu, per, want) => {
    expect(controllerCapacityRps(replicas, cpu, per)).toBe(want);
  });

  it.each([
    [700, 1000, 1],
    [1200, 1000, 1000 / 1200],
    [0, 0, 1],
    [50, Infinity, 1],
  ])('offered %d, capacity %d: share %d', (offered, cap, want) => {
    expect(admittedShare(offered, cap)).toBeCloseTo(want, 12);
  });

  it('status shares follow the backend tick: 200 served, 500 app/dependency, 503 no endpoints/overload, 504 timeout/netpol', () => {
    expect(statusShares({ offered: 100, served: 80, failedAppError: 5, failedDependency: 5, failedNoEndpoints: 2, failedOverload: 3, failedTimeout: 4, failedNetworkPolicy: 1 })).toEqual([0.8, 0.1, 0.05, 0.05]);
    expect(statusShares({ offered: 0, served: 0, failedAppError: 0, failedDependency: 0, failedNoEndpoints: 0, failedOverload: 0, failedTimeout: 0, failedNetworkPolicy: 0 })).toEqual([1, 0, 0, 0]);
  });

  it('the shifted exponential through p50 10 ms and p99 50 ms returns those quantiles', () => {
    const d = fitShiftedExponential(10, 50);
    expect(d.meanMs).toBeCloseTo(40 / Math.log(50), 9);
    expect(shiftedExponentialCdf(d, 10)).toBeCloseTo(0.5, 9);
    expect(shiftedExponentialCdf(d, 50)).toBeCloseTo(0.99, 9);
    expect(shiftedExponentialCdf(d, d.offsetMs - 1)).toBe(0);
    // Equal quantiles: a point mass.
    expect(shiftedExponentialCdf(fitShiftedExponential(7, 7), 7)).toBe(1);
  });
});
