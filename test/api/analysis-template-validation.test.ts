/**
 * AnalysisTemplates whose prometheus queries kubesim evaluates itself: a query that does not parse with
 * Prometheus' grammar, or calls a function the engine lacks, is bad input at load time, with the field path, the
 * file position of the field and the line and column inside the query.
 */
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/api/index.ts';

const template = (query: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: slo}
spec:
  args: [{name: service}]
  metrics:
  - name: errors
    provider:
      prometheus:
        address: http://prometheus:9090
        query: |
${query
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
`;

describe('AnalysisTemplate prometheus queries', () => {
  it('accepts a query with {{args}} placeholders', () => {
    const r = loadManifests([{ file: 'slo.yaml', text: template('sum(rate(http_requests_total{service="{{args.service}}",code=~"5.."}[5m]))\n/ sum(rate(http_requests_total{service="{{args.service}}"}[5m]))') }]);
    expect(r.errors).toEqual([]);
  });

  it.each([
    ['sum(rate(http_requests_total{service="{{args.service}}"}[5m])\n/ sum(rate(x[5m]))', 'line 2, column 19 of the query: unexpected end of input'],
    ['histogram_count(rate(x[5m]))', 'line 1, column 1 of the query: function "histogram_count" is not supported'],
    ['rate(http_requests_total)', 'line 1, column 6 of the query: expected type range vector in call to function "rate", got instant vector'],
  ])('rejects %j', (query, want) => {
    const r = loadManifests([{ file: 'slo.yaml', text: template(query) }]);
    expect(r.errors.map((e) => [e.field, e.type, e.source?.line])).toEqual([['spec.metrics[0].provider.prometheus.query', 'Invalid', 11]]);
    expect(r.errors[0]!.detail).toContain(want);
  });
});
