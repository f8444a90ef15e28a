import { describe, expect, it } from 'vitest';
import { CANARY, SHORT, kubesim } from './helpers.ts';

describe('kubesim query', () => {
  it('prints an instant vector as a table, with kube-state-metrics names and labels', async () => {
    const r = await kubesim('query', SHORT, 'sum by (namespace, deployment) (kube_deployment_status_replicas_available)', '--at', '5m', '--no-progress');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^SERIES\s+VALUE\n\{deployment="webapi-deployment", namespace="default"\}\s+\d+\n$/);
  });

  it('answers a rate over the application counters, by pod set, the shape Argo analysis queries', async () => {
    const r = await kubesim('query', CANARY, 'sum by (code) (rate(http_requests_total[1m]))', '--at', '30m', '-o', 'json', '--no-progress');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    const byCode = Object.fromEntries(body.data.result.map((s) => [s.metric['code'], Number(s.value[1])]));
    expect(byCode['200']).toBeGreaterThan(0);
    expect(Object.keys(byCode).sort()).toEqual(['200', '500', '503', '504']);
  });

  it('draws a range query as a chart and as a table', async () => {
    const chart = await kubesim('query', SHORT, 'kubesim_nodes{state="Ready"}', '--range', '20m:1m', '--no-progress');
    expect(chart.code).toBe(0);
    expect(chart.out).toMatch(/^0s … 20m, scale \d+ … \d+\nSERIES\s+CHART\s+STATS\nkubesim_nodes\{state="Ready"\}\s+[▁▂▃▄▅▆▇█]{21}\s+min \d+\s+max \d+\s+last \d+\n$/);
    const table = await kubesim('query', SHORT, 'kubesim_nodes{state="Ready"}', '--range', '3m:1m', '--at', '10m', '-o', 'table', '--no-progress');
    expect(table.out).toMatch(/^\[1\] kubesim_nodes\{state="Ready"\}\n\nTIME\s+\[1\]\n7m\s+\d+\n8m\s+\d+\n9m\s+\d+\n10m\s+\d+\n$/);
  });

  it('histogram_quantile over the latency histogram lands in the bucket of the model\'s own p99', async () => {
    const bounds = [0, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    const value = async (q: string, at: string) => {
      const r = await kubesim('query', SHORT, q, '--at', at, '-o', 'json', '--no-progress');
      expect(r.code).toBe(0);
      return Number((JSON.parse(r.out) as { data: { result: { value: [number, string] }[] } }).data.result[0]!.value[1]);
    };
    for (const at of ['6m', '12m', '18m']) {
      const estimate = await value('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', at);
      // The window's requests mix the ticks' distributions, so their p99 lies between the ticks' lowest and highest
      // p99; classic buckets interpolate linearly inside the bucket that holds it.
      const lo = await value('min_over_time(http_request_duration_seconds{quantile="0.99"}[5m])', at);
      const hi = await value('max_over_time(http_request_duration_seconds{quantile="0.99"}[5m])', at);
      const floor = Math.max(...bounds.filter((b) => b < lo));
      const ceil = Math.min(...bounds.filter((b) => b >= hi));
      expect(estimate).toBeGreaterThanOrEqual(floor);
      expect(estimate).toBeLessThanOrEqual(ceil);
    }
  });

  it('a bad query is bad input (exit 2) with the position, before the scenario runs', async () => {
    const r = await kubesim('query', 'no-such-scenario.yaml', 'sum(rate(x[5m])');
    expect(r.code).toBe(2);
    expect(r.err).toContain('1:16: parse error: unexpected end of input\n  sum(rate(x[5m])\n                 ^');
  });

  it('a query Prometheus would refuse at run time is bad input too', async () => {
    const r = await kubesim('query', SHORT, 'kube_pod_info * on() kube_pod_info', '--at', '2m', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.err).toContain('query failed: found duplicate series for the match group {} on the right hand-side of the operation');
  });
});
