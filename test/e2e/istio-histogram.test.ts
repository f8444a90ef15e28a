/**
 * `istio_request_duration_milliseconds` on canary-istio: Istio's histogram of the same latency mixture as the
 * workload's `http_request_duration_seconds`, read through kubesim's PromQL engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import type { AnalysisRun } from '../../src/controllers/rollouts/analysis-run.ts';
import { loadScenarioFile, loadScenarioFromText } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { queryInstant } from '../../src/runtime/prometheus.ts';
import { ISTIO_DURATION_BUCKETS_MS } from '../../src/workload/histogram.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('istio_request_duration_milliseconds', () => {
  const loaded = loadScenarioFile(path.resolve(here, '../../scenarios/canary-istio.yaml'), nodeFileSystem, {});
  const r = new ScenarioRun(loaded.scenario!).run();
  const q = (e: string, atMs: number): number => {
    const v = queryInstant(r.sim, e, atMs);
    if (v.type !== 'vector') throw new Error('not a vector');
    expect(v.samples).toHaveLength(1);
    return v.samples[0]!.v;
  };
  const svc = 'destination_service_name="istio-subset-split"';

  it('has Istio\'s 19 bounds and +Inf, with the labels of istio_requests_total and response_code 200', () => {
    const named = (n: string) => r.sim.metrics.all().filter((s) => s.name === n);
    const les = named('istio_request_duration_milliseconds_bucket').map((s) => s.labels['le']);
    expect(new Set(les)).toEqual(new Set([...ISTIO_DURATION_BUCKETS_MS.map(String), '+Inf']));
    expect(les).toHaveLength(20);
    expect(named('istio_request_duration_milliseconds_count')[0]!.labels).toEqual({
      reporter: 'source',
      destination_service: 'istio-subset-split.default.svc.cluster.local',
      destination_service_name: 'istio-subset-split',
      destination_service_namespace: 'default',
      response_code: '200',
    });
  });

  it('counts the served requests istio_requests_total counts as 200, and sums 1000 × the seconds histogram', () => {
    const at = 20 * 60_000;
    expect(q(`istio_request_duration_milliseconds_count{${svc}}`, at)).toBe(q(`istio_requests_total{${svc},response_code="200"}`, at));
    expect(q(`istio_request_duration_milliseconds_count{${svc}}`, at)).toBe(q('http_request_duration_seconds_count{service="istio-subset-split"}', at));
    expect(q(`istio_request_duration_milliseconds_sum{${svc}}`, at) / 1000).toBeCloseTo(q('http_request_duration_seconds_sum{service="istio-subset-split"}', at), 2);
  });

  it('histogram_quantile(0.99) over a minute lands in the Istio bucket that holds the model\'s p99', () => {
    for (const at of [4 * 60_000, 10 * 60_000, 18 * 60_000]) {
      const p99 = q(`histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${svc}}[1m])))`, at);
      const model = q('http_request_duration_seconds{service="istio-subset-split",quantile="0.99"}', at) * 1000;
      const upper = ISTIO_DURATION_BUCKETS_MS.find((b) => b >= model)!;
      const lower = [...ISTIO_DURATION_BUCKETS_MS].reverse().find((b) => b < model) ?? 0;
      expect(p99).toBeGreaterThan(lower);
      expect(p99).toBeLessThanOrEqual(upper);
    }
  });
});

describe('an Argo AnalysisRun on istio_request_duration_milliseconds', () => {
  const scenarios = path.resolve(here, '../../scenarios');
  const base = fs.readFileSync(path.join(scenarios, 'canary-istio.yaml'), 'utf8');
  // Istio's p99 latency of the rollout's Service, measured every minute from 2m: at most 50 ms.
  const analysis = `
  - apiVersion: argoproj.io/v1alpha1
    kind: AnalysisRun
    metadata: {name: istio-p99, namespace: default}
    spec:
      metrics:
      - name: p99
        initialDelay: 2m
        interval: 1m
        count: 3
        successCondition: result[0] <= 50
        provider:
          prometheus:
            address: http://prometheus.istio-system:9090
            query: histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{destination_service_name="istio-subset-split"}[1m])))
`;
  const text = base.replace('  - manifests/argo-rollouts/istio-subset-split.yaml\n', `  - manifests/argo-rollouts/istio-subset-split.yaml${analysis}`);
  const loaded = loadScenarioFromText(text, path.join(scenarios, 'canary-istio-analysis.yaml'), nodeFileSystem);

  it('measures the quantile PromQL gives and succeeds', () => {
    expect(loaded.errors).toEqual([]);
    // Scenarios load AnalysisRuns for views only (Argo creates them); this one is handed to the controller directly.
    const sc = loaded.scenario!;
    const r = new ScenarioRun({ ...sc, manifests: sc.manifests.map((m) => (m.kind === 'AnalysisRun' ? { ...m, simulated: true } : m)) }).run();
    const run = r.sim.store.get<AnalysisRun>('AnalysisRun', 'default', 'istio-p99')!;
    expect(run.status?.phase).toBe('Successful');
    const ms = run.status!.metricResults![0]!.measurements!;
    expect(ms).toHaveLength(3);
    for (const m of ms) {
      const at = Date.parse(m.startedAt!) - r.sim.clock.epochMs;
      const v = queryInstant(r.sim, 'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{destination_service_name="istio-subset-split"}[1m])))', at);
      if (v.type !== 'vector') throw new Error('not a vector');
      expect(m.value).toBe(`[${v.samples[0]!.v}]`);
      expect(v.samples[0]!.v).toBeGreaterThan(0);
      expect(v.samples[0]!.v).toBeLessThanOrEqual(50);
    }
  });
});
