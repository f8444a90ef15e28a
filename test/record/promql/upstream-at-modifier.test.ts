/**
 * Cases restated from Prometheus' promql/promqltest/testdata/at_modifier.test (Copyright The Prometheus Authors,
 * Apache License 2.0): `@` with offsets in either order, on instant and range selectors and subqueries, nested,
 * with time functions; inputs and expected numbers as upstream has them (its `expect no_warn|no_info|info` lines
 * are left out: kubesim has no annotations).
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from './promqltest.ts';

const SCRIPT = `
load 10s
  metric{job="1"} 0+1x1000
  metric{job="2"} 0+2x1000

load 1ms
  metric_ms 0+1x10000

eval instant at 10s metric @ 100
  metric{job="1"} 10
  metric{job="2"} 20

eval instant at 10s metric @ 100s
  metric{job="1"} 10
  metric{job="2"} 20

eval instant at 10s metric @ 1m40s
  metric{job="1"} 10
  metric{job="2"} 20

eval instant at 10s metric @ 100 offset 50s
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric @ 100 offset 50
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric offset 50s @ 100
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric offset 50 @ 100
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric @ 0 offset -50s
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric @ 0 offset -50
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric offset -50s @ 0
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s metric offset -50 @ 0
  metric{job="1"} 5
  metric{job="2"} 10

eval instant at 10s -metric @ 100
  {job="1"} -10
  {job="2"} -20

eval instant at 10s ---metric @ 100
  {job="1"} -10
  {job="2"} -20

eval instant at 100s metric_ms @ 1.234
  metric_ms 1234

eval instant at 25s sum_over_time(metric{job="1"}[100s] @ 100)
  {job="1"} 55

eval instant at 25s sum_over_time(metric{job="1"}[100s] @ 100 offset 50s)
  {job="1"} 15

eval instant at 25s sum_over_time(metric{job="1"}[100s] offset 50s @ 100)
  {job="1"} 15

eval instant at 25s sum_over_time(metric{job="1"}[100] @ 100 offset 50)
  {job="1"} 15

eval instant at 25s sum_over_time(metric{job="1"}[100] offset 50s @ 100)
  {job="1"} 15

eval instant at 25s metric{job="1"} @ 50 + metric{job="1"} @ 100
  {job="1"} 15

eval instant at 25s rate(metric{job="1"}[100s] @ 100) + label_replace(rate(metric{job="2"}[123s] @ 200), "job", "1", "", "")
  {job="1"} 0.3

eval instant at 25s sum_over_time(metric{job="1"}[100s] @ 100) + label_replace(sum_over_time(metric{job="2"}[100s] @ 100), "job", "1", "", "")
  {job="1"} 165

eval instant at 25s sum_over_time(metric{job="1"}[100] @ 100) + label_replace(sum_over_time(metric{job="2"}[100] @ 100), "job", "1", "", "")
  {job="1"} 165

eval instant at 25s sum_over_time(metric{job="1"}[100s:1s] @ 100)
  {job="1"} 460

eval instant at 25s sum_over_time(metric{job="1"}[100s:1s] @ 100 offset 20s)
  {job="1"} 288

eval instant at 25s sum_over_time(metric{job="1"}[100s:1s] offset 20s @ 100)
  {job="1"} 288

eval instant at 25s sum_over_time(metric{job="1"}[100:1] offset 20 @ 100)
  {job="1"} 288

eval instant at 100s sum_over_time(sum_over_time(metric{job="1"}[100s] @ 100)[100s:25s] @ 50)
  {job="1"} 220

eval instant at 0s sum_over_time(sum_over_time(sum_over_time(metric{job="1"}[100s] @ 100)[100s:25s] @ 50)[3s:1s] @ 3000)
  {job="1"} 660

eval instant at 0s sum_over_time(sum_over_time(sum_over_time(metric{job="1"}[10s])[100s:25s] @ 50)[3s:1s] @ 200)
  {job="1"} 21

eval instant at 0s sum_over_time(sum_over_time(sum_over_time(metric{job="1"}[10s])[100s:25s] @ 200)[3s:1s] @ 50)
  {job="1"} 192

eval instant at 0s sum_over_time(sum_over_time(sum_over_time(metric{job="1"}[20s])[20s:10s] offset 10s)[100s:25s] @ 1000)
  {job="1"} 1504

eval instant at 10s minute(metric @ 1500)
  {job="1"} 2
  {job="2"} 5

eval instant at 10m timestamp(metric{job="1"} @ 10)
  {job="1"} 10

eval instant at 10m timestamp(timestamp(metric{job="1"} @ 10))
  {job="1"} 600

eval instant at 15m timestamp(timestamp(metric{job="1"} @ 10))
  {job="1"} 900

eval instant at 0s sum_over_time(minute(metric @ 1500)[100s:10s])
  {job="1"} 20
  {job="2"} 50

eval instant at 0s sum_over_time(minute()[50m:1m] @ 6000)
  {} 1315

eval instant at 0s sum_over_time(minute()[50m:1m] @ 6000 offset 5m)
  {} 1365

eval instant at 0s sum_over_time(vector(time())[100s:1s] @ 3000)
  {} 295050

eval instant at 0s sum_over_time(vector(time())[100s:1s] @ 3000 offset 600s)
  {} 235050

eval instant at 0s sum_over_time(timestamp(metric{job="1"} @ 10)[100s:10s] @ 3000)
  {job="1"} 100

eval instant at 0s sum_over_time(timestamp(timestamp(metric{job="1"} @ 999))[10s:1s] @ 10)
  {job="1"} 55
`;

describe('at_modifier.test (Prometheus, restated)', () => {
  it.each(parseScript(SCRIPT).map((c) => [c.line, c.text, c] as const))('line %i: %s', (_line, _text, c) => {
    expect(c.run()).toBeUndefined();
  });
});
