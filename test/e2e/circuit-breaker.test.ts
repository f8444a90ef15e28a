/**
 * The claims of `scenarios/circuit-breaker.yaml`: retry-storm's slowdown behind a DestinationRule connection pool,
 * checked on the runs, and the breaker's series through kubesim's PromQL engine.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { queryInstant } from '../../src/runtime/prometheus.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function run(name: string): ScenarioRun {
  const r = loadScenarioFile(path.resolve(here, `../../scenarios/${name}`), nodeFileSystem, {});
  expect(r.errors).toEqual([]);
  return new ScenarioRun(r.scenario!).run();
}

const availability = (r: ScenarioRun) => r.sloReports()[0]!.availability!.actual;

describe('circuit-breaker', () => {
  const guarded = run('circuit-breaker.yaml');
  const storm = run('retry-storm.yaml');
  const model = guarded.sim.workload!.model;
  const inv = model.serviceIndex('inventory');
  const fe = model.serviceIndex('frontend');

  it('before the slowdown the pool refuses nothing', () => {
    expect(guarded.sim.metrics.find('envoy_cluster_upstream_rq_pending_overflow{cluster_name="outbound|80||inventory.shop.svc.cluster.local"}')!.at(295_000)).toBe(0);
  });

  it('during it the frontend keeps 88 % of its requests (retry-storm: 53 %)', () => {
    const served = (r: ScenarioRun) => r.sim.workload!.model.services.served[fe]! / r.sim.workload!.model.services.offered[fe]!;
    expect(served(guarded)).toBeCloseTo(0.88, 2);
    expect(served(storm)).toBeCloseTo(0.53, 2);
  });

  it('91 % availability over the run against retry-storm\'s 63 %, and a p99 under 150 ms', () => {
    expect(availability(guarded)).toBeCloseTo(0.908, 3);
    expect(availability(storm)).toBeCloseTo(0.631, 3);
    expect(guarded.sim.metrics.find('http_request_duration_seconds{quantile="0.99",service="frontend"}')!.at(1_200_000)).toBeLessThan(0.15);
  });

  it('the refusals are 503 UO, counted per Envoy cluster, and are the failures inventory answers no more', () => {
    const uo = model.totals.circuitBreakerOverflow[inv]!;
    expect(uo).toBeGreaterThan(0);
    // A breaker overflow is a 503 the caller's proxy answers itself: part of the overload rejections.
    expect(model.totals.failedOverload[inv]).toBeGreaterThanOrEqual(uo);
    const at = 1_200_000;
    const q = (e: string): number => {
      const v = queryInstant(guarded.sim, e, at);
      if (v.type !== 'vector') throw new Error('not a vector');
      return v.samples[0]!.v;
    };
    expect(q('sum(istio_requests_total{destination_service_name="inventory",response_code="503",response_flags="UO"})')).toBe(uo);
    expect(q('envoy_cluster_upstream_rq_pending_overflow')).toBe(uo);
    // About 11 % of inventory's requests are refused once it slows down.
    expect(model.services.circuitBreakerOverflow[inv]! / model.services.offered[inv]!).toBeCloseTo(0.11, 2);
  });

  it('conserves requests with and without the pool: served plus every failure cause is what was offered', () => {
    for (const [m, s] of [[model, inv], [model, fe], [storm.sim.workload!.model, inv], [storm.sim.workload!.model, fe]] as const) {
      const t = m.totals;
      const failed = t.failedNoEndpoints[s]! + t.failedOverload[s]! + t.failedTimeout[s]! + t.failedAppError[s]! + t.failedDependency[s]! + t.failedNetworkPolicy[s]!;
      // lostInflight is reported beside the causes, not inside them (model.ts).
      expect(t.served[s]! + failed).toBe(t.offered[s]);
    }
  });

  it('every expectation holds', () => expect(guarded.expectations().every((e) => e.ok)).toBe(true));
});
