import { describe, expect, it } from 'vitest';
import { argoPrometheusResult } from '../../../src/controllers/rollouts/providers.ts';
import { checkTemplatedQuery } from '../../../src/record/promql/parse.ts';
import { MergeArgs, NewAnalysisRunFromTemplates, checkAnalysisTemplate, resolveMetricArgs } from '../../../src/controllers/rollouts/analysis-run.ts';

describe('checkTemplatedQuery', () => {
  it.each([
    'sum(rate(http_requests_total{service="{{args.service-name}}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="{{args.service-name}}"}[5m]))',
    // The Argo docs' Istio success-rate query.
    'sum(irate(istio_requests_total{reporter="source",destination_service=~"{{args.service-name}}",response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{reporter="source",destination_service=~"{{args.service-name}}"}[5m]))',
    'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service="webapi"}[2m])) by (le))',
    'avg(container_memory_working_set_bytes{pod=~"x.*"}) > {{args.limit}}',
  ])('evaluates %s', (query) => {
    expect(checkTemplatedQuery(query)).toBeUndefined();
  });

  it.each([
    ['sum(rate(x[5m])', 1, 16, 'unexpected end of input'],
    ['rate(x)', 1, 6, 'expected type range vector in call to function "rate", got instant vector'],
    ['histogram_count(rate(x[1m]))', 1, 1, 'function "histogram_count" is not supported'],
    ['sum(rate(x{a="{{args.a}}"}[1m]))\n/ sum(y) by (', 2, 14, 'unexpected end of input'],
  ])('rejects %s at %i:%i', (query, line, column, message) => {
    const err = checkTemplatedQuery(query)!;
    expect([err.line, err.column]).toEqual([line, column]);
    expect(err.message).toContain(message);
  });
});

describe('argoPrometheusResult', () => {
  it('hands a vector over as its values and a scalar as a float, as Argo does', () => {
    expect(argoPrometheusResult({ type: 'vector', samples: [{ labels: { a: '1' }, v: 0.5 }, { labels: { a: '2' }, v: NaN }] })).toEqual({ result: [0.5, NaN], value: '[0.5,NaN]' });
    expect(argoPrometheusResult({ type: 'vector', samples: [] })).toEqual({ result: [], value: '[]' });
    expect(argoPrometheusResult({ type: 'scalar', v: Infinity })).toEqual({ result: Infinity, value: '+Inf' });
    expect(argoPrometheusResult({ type: 'matrix', series: [] })).toEqual({ error: 'Prometheus metric type not supported' });
  });
});

describe('checkAnalysisTemplate', () => {
  it('names the template and the field of a query that does not parse, an unsupported provider and a bad condition', () => {
    const errors = checkAnalysisTemplate({
      kind: 'AnalysisTemplate',
      metadata: { name: 'slo' },
      spec: {
        metrics: [
          { name: 'cpu', successCondition: 'result[0] <', provider: { prometheus: { query: 'avg(node_cpu_seconds_total{mode="idle"}' } } },
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
