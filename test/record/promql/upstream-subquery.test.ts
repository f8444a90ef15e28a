/**
 * Cases restated from Prometheus' promql/promqltest/testdata/subquery.test (Copyright The Prometheus Authors,
 * Apache License 2.0): step alignment, offsets, nested subqueries, rate over subqueries. Inputs and expected
 * numbers as upstream has them; the Fibonacci series upstream lists number by number is generated here, the same
 * numbers (1, 1, 2, … up to 18547707689471986212190138521399707760).
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from './promqltest.ts';

function fibonacci(last: bigint): string {
  const out: bigint[] = [1n, 1n];
  while (out[out.length - 1]! < last) out.push(out[out.length - 1]! + out[out.length - 2]!);
  return out.join(' ');
}

const SCRIPT = `
load 10s
  metric 1 2

eval instant at 10s sum_over_time(metric[50s:10s])
  {} 3

eval instant at 10s sum_over_time(metric[50s:5s])
  {} 4

eval instant at 5m sum_over_time(metric[50s:10s])
  {} 10

eval instant at 5m59s sum_over_time(metric[60s:10s])
  {} 2

eval instant at 10s rate(metric[20s:10s])
  {} 0.1

eval instant at 20s rate(metric[20s:5s])
  {} 0.06666666666666667

clear

load 10s
  http_requests{job="api-server", instance="1", group="production"} 0+20x1000 200+30x1000
  http_requests{job="api-server", instance="0", group="production"} 0+10x1000 100+30x1000
  http_requests{job="api-server", instance="0", group="canary"}  0+30x1000 300+80x1000
  http_requests{job="api-server", instance="1", group="canary"}  0+40x2000

eval instant at 8000s rate(http_requests{group=~"pro.*"}[1m:10s])
  {job="api-server", instance="0", group="production"} 1
  {job="api-server", instance="1", group="production"} 2

eval instant at 20000s avg_over_time(rate(http_requests[1m])[1m:1s])
  {job="api-server", instance="0", group="canary"}     8
  {job="api-server", instance="1", group="canary"}     4
  {job="api-server", instance="1", group="production"} 3
  {job="api-server", instance="0", group="production"} 3

clear

load 10s
  metric1 0+1x1000
  metric2 0+2x1000
  metric3 0+3x1000

eval instant at 1000s sum_over_time(metric1[30s:10s])
  {} 297

eval instant at 1000s sum_over_time(metric1[30s:5s])
  {} 591

eval instant at 1010s sum_over_time(metric1[30s:10s] offset 10s)
  {} 297

eval instant at 1010s sum_over_time(metric1[30s:10s] offset 9s)
  {} 297

eval instant at 1010s sum_over_time(metric1[30s:10s] offset 7s)
  {} 297

eval instant at 1010s sum_over_time(metric1[30s:10s] offset 5s)
  {} 297

eval instant at 1010s sum_over_time(metric1[30s:10s] offset 3s)
  {} 297

eval instant at 1010s sum_over_time((metric1)[30s:10s] offset 3s)
  {} 297

eval instant at 1000s rate(sum_over_time(metric1[30s:10s])[50s:10s])
  {} 0.30000000000000004

eval instant at 1000s rate(sum_over_time(metric2[30s:10s])[50s:10s])
  {} 0.6000000000000001

eval instant at 1000s rate(sum_over_time(metric3[30s:10s])[50s:10s])
  {} 0.9

eval instant at 1000s rate(sum_over_time((metric1+metric2+metric3)[30s:10s])[30s:10s])
  {} 1.8

clear

load 7s
  metric ${fibonacci(18547707689471986212190138521399707760n)}

eval instant at 80s rate(metric[1m])
  {} 2.517857143

eval instant at 80s rate(metric[1m:10s])
  {} 2.4

eval instant at 20s min_over_time(metric[10s])
  {} 2

eval instant at 20s min_over_time(metric[10s:10s])
  {} 2

eval instant at 20m min_over_time(rate(metric[5m])[20m:1m])
  {} 0.12119047619047618
`;

describe('subquery.test (Prometheus, restated)', () => {
  it.each(parseScript(SCRIPT).map((c) => [c.line, c.text, c] as const))('line %i: %s', (_line, _text, c) => {
    expect(c.run()).toBeUndefined();
  });
});
