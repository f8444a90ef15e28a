/**
 * Ingress traffic end to end (test/fixtures/scenarios/ingress-shop.yaml): routing by host and path through the
 * simulated ingress-nginx, its capacity, ingress-nginx's series answered by PromQL through the CLI, re-routing when
 * an Ingress changes mid-run, and the load-time check of a target nothing routes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { formatFieldError } from '../../src/api/errors.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { kubesim } from '../cli/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(here, '../fixtures/scenarios/ingress-shop.yaml');
const REL = path.relative(process.cwd(), FILE);

function run(set: string[] = []): ScenarioRun {
  const r = loadScenarioFile(FILE, nodeFileSystem, { set });
  expect(r.errors.map(formatFieldError)).toEqual([]);
  return new ScenarioRun(r.scenario!).run();
}

describe('ingress-shop', () => {
  const r = run();
  const rps = (svc: string, tMs: number) => r.sim.metrics.find(`http_requests_per_second{service=${JSON.stringify(svc)}}`)?.at(tMs) ?? NaN;

  it('routes by host and path: / and /apis to web, /api/orders to api, an unknown host to the defaultBackend', () => {
    // Before 5m: web gets shop.example/ (300) + /apis (100, not under Prefix /api) + other.example (100); api 200.
    expect(rps('web', 120_000)).toBeCloseTo(500, 6);
    expect(rps('api', 120_000)).toBeCloseTo(200, 6);
    const rows = buildReportData(r, r.expectations()).summary.ingresses!;
    expect(rows.map((x) => [x.ingress, x.host, x.path, x.service])).toEqual([
      ['shop', 'shop.example', '/', 'web'],
      ['shop', 'shop.example', '/api', 'api'],
      ['fallback', '_', '/', 'web'],
    ]);
  });

  it('the controller proxies at most 2 x 500m / 1m = 1,000 requests a second; the excess gets 503', () => {
    // After 5m, 1,200 offered: each route keeps 1000/1200 of its requests.
    // (Whole requests per 10 s tick: 666.6 of 666.67.)
    expect(rps('web', 420_000)).toBeCloseTo((800 * 1000) / 1200, 0);
    expect(rps('api', 420_000)).toBeCloseTo((400 * 1000) / 1200, 0);
    const shopApi = buildReportData(r, r.expectations()).summary.ingresses!.find((x) => x.path === '/api')!;
    // 503s only after 5m: 400/s × 1/6 × 300 s (+ the tick at 10m) = 20,000 + 67.
    expect(shopApi.byStatus['503']).toBe(Math.round((400 / 6) * 310));
    expect(shopApi.byStatus['200']! + shopApi.byStatus['503']!).toBe(shopApi.requests);
  });

  it('PromQL over nginx_ingress_controller_requests answers through the CLI, with ingress-nginx labels', async () => {
    const { code, out } = await kubesim('query', REL, 'sum by (ingress, path, status) (rate(nginx_ingress_controller_requests{host="shop.example"}[1m]))', '--at', '8m', '--no-progress', '-o', 'json');
    expect(code).toBe(0);
    const rows = (JSON.parse(out) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
    const v = (p: string, s: string) => Number(rows.find((x) => x.metric['path'] === p && x.metric['status'] === s)?.value[1]);
    expect(v('/', '200')).toBeCloseTo(700 * (1000 / 1200), 0);
    expect(v('/', '503')).toBeCloseTo(700 / 6, 0);
    expect(v('/api', '200')).toBeCloseTo(400 * (1000 / 1200), 0);
  });

  it('request_duration_seconds: the histogram quantile sees the backend latency plus the controller\'s 2 ms', async () => {
    const { code, out } = await kubesim('query', REL, 'histogram_quantile(0.5, sum by (le, path) (rate(nginx_ingress_controller_request_duration_seconds_bucket{ingress="shop",status="200"}[1m])))', '--at', '3m', '--no-progress', '-o', 'json');
    expect(code).toBe(0);
    const rows = (JSON.parse(out) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
    const p50 = (p: string) => Number(rows.find((x) => x.metric['path'] === p)?.value[1]);
    const backend = (svc: string) => r.sim.metrics.find(`http_request_duration_seconds{quantile="0.5",service=${JSON.stringify(svc)}}`)!.at(180_000) ?? NaN;
    // Both land in the 5–10 ms bucket; interpolation keeps them inside it, above the backend's own median.
    for (const [p, svc] of [['/', 'web'], ['/api', 'api']] as const) {
      expect(p50(p)).toBeGreaterThan(backend(svc));
      expect(p50(p)).toBeLessThanOrEqual(0.01);
    }
  });

  it('an Ingress changed mid-run re-routes: /api to web from 6m', () => {
    const moved = run([
      'spec.timeline=[{at: 6m, apply: {apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: shop}, spec: {ingressClassName: nginx, rules: [{host: shop.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}}}]',
    ]);
    const at = (svc: string, tMs: number) => moved.sim.metrics.find(`http_requests_per_second{service=${JSON.stringify(svc)}}`)?.at(tMs) ?? NaN;
    expect(at('api', 330_000)).toBeGreaterThan(0);
    expect(at('api', 420_000)).toBe(0);
    expect(at('web', 420_000)).toBeCloseTo(1000, 0);
  });

  it('kubesim run prints the INGRESS table: route, backend and requests by status class', async () => {
    const { code, out } = await kubesim('run', REL, '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^INGRESS +HOST +PATH +SERVICE +REQUESTS +2XX +4XX +5XX$/m);
    expect(out).toMatch(/^default\/shop +shop\.example +\/api +api +182000 +161333 +0 +20667$/m);
    expect(out).toMatch(/^default\/fallback +_ +\/ +web +60000 /m);
  });

  it('an HPA Object metric on the Ingress reads the controller\'s requests for it (the docs\' requests-per-second example)', () => {
    const hpa = '{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: api}, spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}, minReplicas: 1, maxReplicas: 10, metrics: [{type: Object, object: {metric: {name: requests-per-second}, describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: shop}, target: {type: Value, value: 2k}}}]}}';
    const h = run([`spec.manifests[7]=${hpa}`]);
    const at4m = h.sim.store.getAt<{ status?: { currentMetrics?: { object?: { current?: { value?: string } } }[] } }>('HorizontalPodAutoscaler', 'default', 'api', 240_000);
    // shop.example: / 300 + /api 200 + /apis 100 (Prefix /api does not take it) = 600 requests a second.
    expect(at4m?.status?.currentMetrics?.[0]?.object?.current?.value).toBe('600');
  });

  it('a target no rule or defaultBackend routes is a load error naming host and path', () => {
    const res = loadScenarioFile(FILE, nodeFileSystem, { set: ['spec.manifests[6].spec.ingressClassName=other', 'spec.traffic[2].ingress.name=fallback'] });
    expect(res.errors.map(formatFieldError).join('\n')).toContain('no Ingress rule matches host "other.example" and path "/anything" and no defaultBackend catches it (ingress-nginx answers 404)');
  });

  it('a named Ingress must be the one the request lands on', () => {
    const res = loadScenarioFile(FILE, nodeFileSystem, { set: ['spec.traffic[3].ingress.name=shop', 'spec.traffic[3].ingress.host=nowhere.example'] });
    expect(res.errors.map(formatFieldError).join('\n')).toContain('host "nowhere.example" and path "/apis" are routed by Ingress default/fallback, path "/"');
  });

  it('ingressController: cpu without replicas is an error', () => {
    const res = loadScenarioFile(FILE, nodeFileSystem, { set: ['spec.ingressController={cpu: 1}'] });
    expect(res.errors.map(formatFieldError).join('\n')).toContain('needs replicas: without replicas the controller is unlimited');
  });
});
