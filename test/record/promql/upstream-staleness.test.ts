/**
 * Cases restated from Prometheus' promql/promqltest/testdata/staleness.test (Copyright The Prometheus Authors,
 * Apache License 2.0): staleness markers end a series at once for instant selectors and are skipped by range
 * selectors. The stored version of the file predates Prometheus 3's left-open lookback in two rows (a sample exactly
 * 5m before the eval time, at 330s and at 300s); kubesim follows Prometheus 3 (`t <= ref - lookback` is out), so
 * those two rows are left out rather than changed.
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from './promqltest.ts';

const SCRIPT = `
load 10s
  metric 0 1 stale 2

eval instant at 10s metric
  {__name__="metric"} 1

eval instant at 20s metric

eval instant at 30s metric
  {__name__="metric"} 2

eval instant at 40s metric
  {__name__="metric"} 2

eval instant at 331s metric

eval instant at 30s count_over_time(metric[1m])
  {} 3

eval instant at 10s count_over_time(metric[1s])
  {} 1

eval instant at 20s count_over_time(metric[1s])

eval instant at 20s count_over_time(metric[10s])

eval instant at 20s count_over_time(metric[20s])
  {} 1

clear

load 10s
  metric 0

eval instant at 0s metric
  {__name__="metric"} 0

eval instant at 150s metric
  {__name__="metric"} 0

eval instant at 301s metric
`;

describe('staleness.test (Prometheus, restated)', () => {
  it.each(parseScript(SCRIPT).map((c) => [c.line, c.text, c] as const))('line %i: %s', (_line, _text, c) => {
    expect(c.run()).toBeUndefined();
  });

  it('kubesim follows Prometheus 3: a sample exactly one lookback delta old is out', () => {
    const [atBoundary, inside] = parseScript(`
load 10s
  metric 0

eval instant at 300s metric

eval instant at 299s metric
  {__name__="metric"} 0
`).map((c) => c.run());
    expect([atBoundary, inside]).toEqual([undefined, undefined]);
  });
});
