import { describe, expect, it } from 'vitest';
import { mapPrometheusQuery } from '../../../src/controllers/rollouts/providers.ts';
import { MergeArgs, NewAnalysisRunFromTemplates, checkAnalysisTemplate, resolveMetricArgs } from '../../../src/controllers/rollouts/analysis-run.ts';

describe('mapPrometheusQuery', () => {
  it.each([
    [
      'sum(rate(http_requests_total{service="webapi",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="webapi"}[5m]))',
      { kind: 'errorRate', service: 'webapi', windowMs: 300_000 },
    ],
    [
      // The Argo docs' Istio success-rate query.
      'sum(irate(istio_requests_total{reporter="source",destination_service=~"checkout.prod.svc.cluster.local",response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{reporter="source",destination_service=~"checkout.prod.svc.cluster.local"}[5m]))',
      { kind: 'successRate', service: 'checkout', windowMs: 300_000 },
    ],
    [
      'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service="webapi",rollouts_pod_template_hash="abc"}[2m])) by (le))',
      { kind: 'latencyQuantile', quantile: 0.99, service: 'webapi', podSelector: { 'rollouts-pod-template-hash': 'abc' }, windowMs: 120_000 },
    ],
    ['sum(rate(http_requests_total{service="webapi"}[1m]))', { kind: 'rps', service: 'webapi', windowMs: 60_000 }],
  ])('%s', (query, want) => {
    expect(mapPrometheusQuery(query)).toEqual({ query: want });
  });

  it.each([
    'up{job="x"}',
    'avg(container_memory_working_set_bytes{pod=~"x.*"})',
    'sum(rate(http_requests_total{service="a",code=~"4.."}[1m])) / sum(rate(http_requests_total{service="a"}[1m]))',
  ])('%s is not mappable', (query) => {
    expect(mapPrometheusQuery(query)).toHaveProperty('error');
  });
});

describe('checkAnalysisTemplate', () => {
  it('names the template and the field of an unmappable query, an unsupported provider and a bad condition', () => {
    const errors = checkAnalysisTemplate({
      kind: 'AnalysisTemplate',
      metadata: { name: 'slo' },
      spec: {
        metrics: [
          { name: 'cpu', successCondition: 'result[0] <', provider: { prometheus: { query: 'avg(node_cpu_seconds_total{mode="idle"})' } } },
          { name: 'dd', provider: { datadog: {} } },
          { name: 'ok', interval: '5x', provider: { web: { url: 'http://x/{{args.a}}' } } },
        ],
      },
    });
    expect(errors.map((e) => [e.type, e.field])).toEqual([
      ['Invalid', 'spec.metrics[0].provider.prometheus.query'],
      ['Invalid', 'spec.metrics[0].successCondition'],
      ['NotSupported', 'spec.metrics[1].provider'],
      ['Invalid', 'spec.metrics[2].interval'],
    ]);
    expect(errors.every((e) => e.detail.startsWith('AnalysisTemplate "slo"'))).toBe(true);
  });
});

describe('NewAnalysisRunFromTemplates / MergeArgs / resolveMetricArgs', () => {
  const metric = (name: string) => ({ name, provider: { web: { url: 'http://svc/{{args.service}}' } } });
  it('merges metrics and args, fills values from the rollout and resolves {{args.x}}', () => {
    const run = NewAnalysisRunFromTemplates(
      [
        { name: 'a', spec: { metrics: [metric('m1')], args: [{ name: 'service' }] } },
        { name: 'b', spec: { metrics: [metric('m2')], args: [{ name: 'service' }] } },
      ],
      [{ name: 'service', value: 'web"api' }],
      { name: 'r', namespace: 'default' },
    );
    if (typeof run === 'string') throw new Error(run);
    expect(run.spec.metrics.map((m) => m.name)).toEqual(['m1', 'm2']);
    const resolved = resolveMetricArgs(run.spec.metrics[0]!, run.spec.args);
    expect(typeof resolved !== 'string' && resolved.provider.web?.url).toBe('http://svc/web"api');
  });
  it('reports duplicate metrics, unknown and unresolved args', () => {
    expect(NewAnalysisRunFromTemplates([{ name: 'a', spec: { metrics: [metric('m'), metric('m')] } }], [], { name: 'r', namespace: 'd' })).toBe(
      "two metrics have the same name 'm'",
    );
    expect(MergeArgs([{ name: 'x', value: '1' }], [])).toBe('arg x was not found in the templates');
    expect(MergeArgs([], [{ name: 'service' }])).toBe('args.service was not resolved');
  });
});
