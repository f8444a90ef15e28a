/**
 * The claims of `scenarios/networkpolicy-breaks-checkout.yaml`, checked on the run, and `kubesim explain-traffic`
 * on it through the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { kubesim } from '../cli/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(here, '../../scenarios/networkpolicy-breaks-checkout.yaml');
const REL = path.relative(process.cwd(), FILE);

function run(): ScenarioRun {
  const r = loadScenarioFile(FILE, nodeFileSystem);
  expect(r.errors).toEqual([]);
  return new ScenarioRun(r.scenario!).run();
}

describe('networkpolicy-breaks-checkout', () => {
  const r = run();
  const m = r.sim.metrics;
  const failed = (svc: string, cause: string, tMs: number) => m.find(`kubesim_http_requests_failed_total{cause=${JSON.stringify(cause)},service=${JSON.stringify(svc)}}`)?.at(tMs) ?? NaN;
  const offered = (svc: string, tMs: number) => m.find(`http_requests_per_second{service=${JSON.stringify(svc)}}`)?.at(tMs) ?? NaN;

  it('before the fix every checkout fails with cause networkPolicy and paymentservice gets no call', () => {
    // 100 page views/s from 2m, 5 % of them checkouts: 5 checkouts/s, each calling paymentservice once.
    expect(offered('checkoutservice', 300_000)).toBeCloseTo(5, 6);
    expect(offered('paymentservice', 300_000)).toBe(0);
    // From 2m to 10m: 5/s × 480 s = 2,400 checkouts, all failed by the dropped payment call.
    expect(failed('checkoutservice', 'networkPolicy', 600_000)).toBe(2400);
    expect(failed('checkoutservice', 'dependency', 600_000)).toBe(0);
  });

  it('browsing works: the frontend loses only the page views that check out, as dependency failures', () => {
    expect(failed('frontend', 'dependency', 600_000)).toBe(2400);
    expect(failed('frontend', 'networkPolicy', 600_000)).toBe(0);
    const summary = buildReportData(r, r.expectations()).summary;
    expect(summary.networkPolicyDrops).toEqual([{ service: 'checkoutservice', requests: 2400 }]);
    // 109,000 page views, 2,400 failed: 97.8 %.
    expect(summary.services[0]!.availability).toBeCloseTo(1 - 2400 / 109_000, 9);
  });

  it('nothing crashes: no restart, every pod ready', () => {
    expect(r.observations.restarts).toBe(0);
    expect(r.expectations().every((e) => e.ok)).toBe(true);
  });

  it('the paymentservice policy applied at 10m restores checkout within a tick', () => {
    expect(failed('checkoutservice', 'networkPolicy', 1_200_000)).toBe(2400);
    expect(offered('paymentservice', 700_000)).toBeCloseTo(5, 6);
    expect(r.actions.map((a) => a.description)).toContain('apply networkpolicy/paymentservice');
  });
});

describe('kubesim explain-traffic', () => {
  it('names deny-all as the policy that drops checkoutservice→paymentservice at 5m', async () => {
    const { code, out } = await kubesim('explain-traffic', REL, 'checkoutservice→paymentservice', '--at', '5m', '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^Egress from checkoutservice-[a-z0-9-]+:\n  Selected by: +checkoutservice, deny-all\n  Allowed by: +checkoutservice spec\.egress\[0\] \(to <any>; ports <any>\)$/m);
    expect(out).toMatch(/^Ingress to paymentservice-[a-z0-9-]+:\n  Selected by: +deny-all\n  Allowed by: +<none>\n  Not matching:\n    deny-all: +has no ingress rules: selected pods are isolated for ingress \(default deny\)$/m);
    expect(out).toMatch(/^Verdict: +DENIED: dropped at the ingress of paymentservice-/m);
    expect(out).toMatch(/^Summary: +DENIED: deployment\/checkoutservice reaches 0 of 1 ready endpoint\(s\) of service\/paymentservice$/m);
  });

  it('after the fix (->, at 15m) the paymentservice policy allows it', async () => {
    const { code, out } = await kubesim('explain-traffic', REL, 'checkoutservice->paymentservice', '--at', '15m', '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/Selected by: +deny-all, paymentservice\n  Allowed by: +paymentservice spec\.ingress\[0\] \(from podSelector app=checkoutservice; ports 50051\/TCP\)/);
    expect(out).toMatch(/^Summary: +ALLOWED/m);
  });

  it('explains a port and peer mismatch: the frontend may not call paymentservice', async () => {
    const { out } = await kubesim('explain-traffic', REL, 'frontend→paymentservice', '--at', '15m', '--no-progress');
    expect(out).toMatch(/paymentservice: +spec\.ingress\[0\] \(from podSelector app=checkoutservice; ports 50051\/TCP\): the source matches no peer/);
  });

  it('bad paths and unknown names are usage errors (exit 2)', async () => {
    expect((await kubesim('explain-traffic', REL, 'frontend', '--no-progress')).code).toBe(2);
    const unknown = await kubesim('explain-traffic', REL, 'nosuch→paymentservice', '--at', '1m', '--no-progress');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no Service or workload named "nosuch" in namespace default');
  });
});

describe('partial reachability (test/fixtures/scenarios/netpol-partial.yaml)', () => {
  const FIXTURE = path.resolve(here, '../fixtures/scenarios/netpol-partial.yaml');
  const load = (set: string[] = []) => {
    const res = loadScenarioFile(FIXTURE, nodeFileSystem, { set });
    expect(res.errors).toEqual([]);
    return new ScenarioRun(res.scenario!).run();
  };
  const rate = (r: ScenarioRun, name: string, tMs: number) => r.sim.metrics.find(name)?.at(tMs) ?? NaN;

  it('web reaches one of the two api endpoints: half its requests fail with cause networkPolicy', () => {
    const r = load();
    // External clients are admitted by the ipBlock on web's named port (targetPort http → 8080).
    expect(rate(r, 'http_requests_per_second{service="web"}', 120_000)).toBeCloseTo(100, 6);
    expect(rate(r, 'http_requests_per_second{service="api"}', 120_000)).toBeCloseTo(50, 6);
    const t = r.sim.workload!.serviceTotals('web')!;
    expect(t.failedNetworkPolicy / t.offered).toBeCloseTo(0.5, 2);
  });

  it('external clients outside the ipBlock are dropped before web', () => {
    const r = load(['spec.manifests[6].spec.ingress[0].from[0].ipBlock.cidr=198.51.100.0/24']);
    const t = r.sim.workload!.serviceTotals('web')!;
    expect(t.failedNetworkPolicy).toBe(t.offered);
    expect(rate(r, 'http_requests_per_second{service="api"}', 120_000)).toBe(0);
  });

  it('explain-traffic: PARTLY ALLOWED, 1 of 2 endpoints; external→web ALLOWED by the ipBlock rule', async () => {
    const rel = path.relative(process.cwd(), FIXTURE);
    const partly = await kubesim('explain-traffic', rel, 'web→api', '--at', '2m', '--no-progress');
    expect(partly.out).toMatch(/^Summary: +PARTLY ALLOWED: deployment\/web reaches 1 of 2 ready endpoint\(s\) of service\/api$/m);
    expect(partly.out).toMatch(/api-b-batch-only: +spec\.ingress\[0\] \(from podSelector app=batch; ports <any>\): the source matches no peer/);
    const ext = await kubesim('explain-traffic', rel, 'external→web', '--at', '2m', '--no-progress');
    expect(ext.out).toMatch(/^  Address: +203\.0\.113\.1 \(outside the cluster: no egress policy applies\)$/m);
    expect(ext.out).toMatch(/Allowed by: +web-from-clients spec\.ingress\[0\] \(from ipBlock 203\.0\.113\.0\/24; ports http\/TCP\)/);
    expect(ext.out).not.toContain('Egress from');
  });
});
