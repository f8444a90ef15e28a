/**
 * The claims of `scenarios/retry-storm.yaml` and `scenarios/outlier-ejection.yaml`, checked on the runs, and the
 * mesh views and series through the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { queryInstant } from '../../src/runtime/prometheus.ts';
import { kubesim } from '../cli/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (name: string) => path.resolve(here, `../../scenarios/${name}`);

function run(name: string, set: string[] = []): ScenarioRun {
  const r = loadScenarioFile(file(name), nodeFileSystem, { set });
  expect(r.errors).toEqual([]);
  return new ScenarioRun(r.scenario!).run();
}

const availability = (r: ScenarioRun) => r.sloReports()[0]!.availability!.actual;
const attempts = (n: number) => [`spec.manifests[5].spec.http[0].retries.attempts=${n}`];

describe('retry-storm', () => {
  const storm = run('retry-storm.yaml');
  const calm = run('retry-storm.yaml', attempts(0));
  const m = storm.sim.metrics;
  const inv = storm.sim.workload!.model;
  const i = inv.serviceIndex('inventory');

  it('before the slowdown nothing is retried and everything is served', () => {
    const retried = m.find('kubesim_mesh_retries_total{service="inventory"}')!;
    expect(retried.at(295_000)).toBe(0);
    expect(m.find('istio_requests_total{destination_service="inventory.shop.svc.cluster.local",destination_service_name="inventory",destination_service_namespace="shop",reporter="source",response_code="504"}')!.at(295_000)).toBe(0);
  });

  it('after it, retries about double the load on inventory: ~600 attempts a second for 300 requests', () => {
    expect(inv.services.offered[i]! / 5).toBe(300);
    const perSecond = (inv.services.offered[i]! + inv.services.retried[i]!) / 5;
    expect(perSecond).toBeGreaterThan(560);
    expect(perSecond).toBeLessThan(640);
  });

  it('47 % of requests fail from then on, 63 % availability; with attempts 0 the slowdown costs 1 %', () => {
    expect(1 - inv.services.served[i]! / inv.services.offered[i]!).toBeCloseTo(0.47, 2);
    expect(availability(storm)).toBeCloseTo(0.631, 3);
    expect(availability(calm)).toBeCloseTo(0.990, 3);
    expect(calm.sim.workload!.model.totals.retried[i]).toBe(0);
  });

  it('a single retry already tips the service over (the sweep in the description)', () => {
    expect(availability(run('retry-storm.yaml', attempts(1)))).toBeCloseTo(0.631, 3);
  });

  it('every expectation holds', () => expect(storm.expectations().every((e) => e.ok)).toBe(true));
});

describe('outlier-ejection', () => {
  const r = run('outlier-ejection.yaml');
  const off = run('outlier-ejection.yaml', ['spec.manifests[6].spec.trafficPolicy.outlierDetection.consecutive5xxErrors=0']);
  const mesh = r.sim.decisions.all.filter((d) => d.controller === 'mesh');

  it('the hotfix pod is ejected at 1m, its first tick of traffic, and after each return (30 s, 60 s … growing)', () => {
    expect(mesh[0]!.tMs).toBe(60_000);
    expect(mesh[0]!.summary).toMatch(/^outlier detection ejected shop\/reviews-hotfix-.*: 5 consecutive 5xx$/);
    const returns = mesh.filter((d) => d.summary.includes('returned')).map((d) => d.summary.replace(/.* after /, ''));
    expect(returns).toEqual(['30s', '60s', '90s', '120s', '150s']);
  });

  it('six ticks of a quarter of the calls fail: 1,500 requests, 98.6 %; without ejection 75 %', () => {
    const t = r.sim.workload!.serviceTotals('frontend')!;
    expect(t.failed).toBe(1500);
    expect(availability(off)).toBeCloseTo(0.75, 6);
  });

  it("maxEjectionPercent as Envoy's ejectHost checks it: the share already ejected must be below it", () => {
    const od = 'spec.manifests[6].spec.trafficPolicy.outlierDetection.maxEjectionPercent';
    // 0 of 4 ejected is 0 % < 10 %: the one bad host goes even though 1 of 4 is 25 %.
    expect(availability(run('outlier-ejection.yaml', [`${od}=10`]))).toBeCloseTo(availability(r), 9);
    expect(availability(run('outlier-ejection.yaml', [`${od}=0`]))).toBeCloseTo(0.75, 6);
  });

  it('Kubernetes never sees it: no Unhealthy event, every pod Ready', () => {
    expect(r.sim.events.all.filter((e) => e.reason === 'Unhealthy')).toEqual([]);
    expect(r.expectations().every((e) => e.ok)).toBe(true);
  });
});

describe('mesh views through the CLI', () => {
  it('get virtualservices prints the CRD columns', async () => {
    const out = await kubesim('get', 'vs', '-n', 'shop', '-f', file('retry-storm.yaml'), '--at', '1m');
    expect(out.code).toBe(0);
    expect(out.out.split('\n')[0]).toMatch(/^NAME\s+GATEWAYS\s+HOSTS\s+AGE$/);
    expect(out.out.split('\n')[1]).toMatch(/^inventory\s+\["inventory"\]\s+60s$/);
  });

  it('get destinationrules and describe one as the generic describer does', async () => {
    const get = await kubesim('get', 'dr', '-n', 'shop', '-f', file('outlier-ejection.yaml'));
    expect(get.out.split('\n').slice(0, 2).map((l) => l.split(/\s+/))).toEqual([['NAME', 'HOST', 'AGE'], ['reviews', 'reviews', '10m']]);
    const d = await kubesim('describe', 'destinationrule/reviews', '-n', 'shop', '-f', file('outlier-ejection.yaml'));
    expect(d.code).toBe(0);
    expect(d.out).toContain('Kind:         DestinationRule\n');
    expect(d.out).toMatch(/ {4}Outlier Detection:\n {6}Base Ejection Time: +30s\n {6}consecutive5xxErrors: +5\n {6}Interval: +10s\n {6}Max Ejection Percent: +50\n/);
  });
});

describe('canary-istio', () => {
  const r = run('canary-istio.yaml');
  const store = r.sim.store;
  type Vs = { spec: { http: { route: { destination: { subset: string }; weight: number }[] }[] } };
  type Dr = { spec: { subsets: { name: string; labels: Record<string, string> }[] } };
  const weightsAt = (tMs: number) => store.listAt<Vs & { metadata: { name: string } }>('VirtualService', tMs, 'default')[0]!.spec.http[0]!.route.map((d) => `${d.destination.subset}=${d.weight}`);
  const hashesAt = (tMs: number) => store.listAt<Dr & { metadata: { name: string } }>('DestinationRule', tMs, 'default')[0]!.spec.subsets.map((s) => `${s.name}=${s.labels['rollouts-pod-template-hash']}`);

  it('Argo writes the split into the VirtualService and pins the subsets to the pod-template hashes', () => {
    expect(weightsAt(240_000)).toEqual(['stable=100', 'canary=0']);
    const [stable] = hashesAt(240_000);
    expect(hashesAt(240_000)).toEqual([stable, stable!.replace('stable', 'canary')]);
    expect(weightsAt(360_000)).toEqual(['stable=90', 'canary=10']);
    const during = hashesAt(360_000);
    expect(during[0]).toBe(stable);
    expect(during[1]).not.toBe(stable!.replace('stable', 'canary'));
    expect(weightsAt(1_190_000)).toEqual(['stable=100', 'canary=0']);
  });

  it("Argo's Istio success-rate query is answered: 100 % before the canary, 98 % on the new version", () => {
    // The shape of Argo's Istio analysis example (irate over istio_requests_total, reporter="source").
    const q = `sum(irate(istio_requests_total{reporter="source",destination_service=~"istio-subset-split.default.svc.cluster.local",response_code!~"5.*"}[1m])) /
      sum(irate(istio_requests_total{reporter="source",destination_service=~"istio-subset-split.default.svc.cluster.local"}[1m]))`;
    const at = (tMs: number) => {
      const v = queryInstant(r.sim, q, tMs);
      if (v.type !== 'vector') throw new Error('not a vector');
      return v.samples[0]!.v;
    };
    expect(at(240_000)).toBe(1);
    expect(at(1_100_000)).toBeCloseTo(0.98, 9);
  });

  it('the mesh routes by the VirtualService: 84 canary errors during the pause, 1,044 over the run', () => {
    const errors = r.sim.metrics.find('kubesim_http_requests_failed_total{cause="appError",service="istio-subset-split"}')!;
    // 10 rps to the canary × 2 % × 420 s.
    expect(errors.at(720_000)).toBe(84);
    const t = r.sim.workload!.serviceTotals('istio-subset-split')!;
    expect(t.failed).toBe(1044);
    expect(r.expectations().every((e) => e.ok)).toBe(true);
  });
});
