/**
 * `istio_request_duration_milliseconds` on canary-istio: Istio's histogram of the same latency mixture as the
 * workload's `http_request_duration_seconds`, read through kubesim's PromQL engine.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
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
