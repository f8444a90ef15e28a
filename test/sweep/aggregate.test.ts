import { describe, expect, it } from 'vitest';
import { paretoFront, percentileNearestRank, recommend, summarizePoints } from '../../src/sweep/aggregate.ts';
import type { RunFigures, RunResult } from '../../src/sweep/run.ts';

function figures(over: Partial<RunFigures>): RunFigures {
  return {
    cost: 1,
    slo_attainment: 0.999,
    error_budget_burn: 0.1,
    latency_p99_ms: 100,
    pending_max_ms: 0,
    nodes_peak: 3,
    expectations_met: 2,
    expectations_total: 2,
    expectations_failed: [],
    trace_hash: '0000000000000000',
    ...over,
  };
}

describe('paretoFront (lower cost, higher attainment)', () => {
  it.each([
    ['one point', [[0, 1, 0.9]], [0]],
    ['cheaper and better dominates', [[0, 1, 0.99], [1, 2, 0.9]], [0]],
    ['a trade-off keeps both, cheapest first', [[0, 2, 0.999], [1, 1, 0.99]], [1, 0]],
    ['same cost: only the best attainment', [[0, 1, 0.9], [1, 1, 0.95]], [1]],
    ['same attainment: only the cheapest', [[0, 2, 0.9], [1, 1, 0.9]], [1]],
    ['exact ties are both on the front', [[0, 1, 0.9], [1, 1, 0.9]], [0, 1]],
    ['a staircase with dominated points inside', [[0, 1, 0.9], [1, 2, 0.85], [2, 3, 0.99], [3, 4, 0.98], [4, 5, 0.999]], [0, 2, 4]],
  ])('%s', (_name, rows, front) => {
    expect(paretoFront(rows.map(([id, cost, attainment]) => ({ id: id!, cost: cost!, attainment: attainment! })))).toEqual(front);
  });
});

describe('percentileNearestRank', () => {
  it.each([
    [[5], 0.95, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[10, 1, 5], 0.5, 5],
    [Array.from({ length: 20 }, (_, i) => i + 1), 0.95, 19],
  ])('%j at %d is %d', (xs, p, want) => {
    expect(percentileNearestRank(xs, p)).toBe(want);
  });
});

describe('summarizePoints', () => {
  const combos = [['a'], ['b']];
  const runs: RunResult[] = [
    { index: 3, point: 1, seed: 2, figures: figures({ cost: 4, slo_attainment: 0.9, error_budget_burn: 3, latency_p99_ms: 900, pending_max_ms: 60_000, nodes_peak: 5, expectations_met: 1 }) },
    { index: 0, point: 0, seed: 1, figures: figures({ cost: 1, slo_attainment: 0.999, error_budget_burn: 0.2, latency_p99_ms: 100 }) },
    { index: 1, point: 0, seed: 2, figures: figures({ cost: 3, slo_attainment: 0.995, error_budget_burn: 0.6, latency_p99_ms: 300, pending_max_ms: 5000, nodes_peak: 4 }) },
    { index: 2, point: 1, seed: 1, error: 'simulation stopped: event limit' },
  ];
  const [a, b] = summarizePoints(runs, combos);

  it.each([
    ['seeds', 2, 2],
    ['runs_failed', 0, 1],
    ['cost_mean', 2, 4],
    ['cost_p95', 3, 4],
    ['slo_attainment_mean', 0.997, 0.9],
    ['slo_attainment_worst', 0.995, 0.9],
    ['error_budget_burn_mean', 0.4, 3],
    ['error_budget_burn_worst', 0.6, 3],
    ['latency_p99_ms_mean', 200, 900],
    ['latency_p99_ms_worst', 300, 900],
    ['pending_max_ms', 5000, 60_000],
    ['nodes_peak', 4, 5],
    ['expectations_pass_rate', 1, 0],
    ['pareto', true, false],
    ['replay_seed', 2, 2],
  ] as const)('%s: %j and %j', (key, wantA, wantB) => {
    if (typeof wantA === 'number' && !Number.isInteger(wantA)) expect(a![key]).toBeCloseTo(wantA, 12);
    else expect(a![key]).toBe(wantA);
    expect(b![key]).toBe(wantB);
  });

  it('a point whose every run failed has no figures and is not on the front', () => {
    const [p] = summarizePoints([{ index: 0, point: 0, seed: 1, error: 'boom' }], [['x']]);
    expect(p).toMatchObject({ runs_failed: 1, cost_mean: null, slo_attainment_mean: null, pareto: false, expectations_pass_rate: 0, replay_seed: 1 });
  });

  it('the same runs in any order give the same summaries', () => {
    expect(summarizePoints([...runs].reverse(), combos)).toEqual(summarizePoints(runs, combos));
  });
});

describe('recommend', () => {
  const point = (n: number, over: Partial<RunFigures>[]) =>
    summarizePoints(over.map((o, i) => ({ index: i, point: 0, seed: i + 1, figures: figures(o) })), [[String(n)]])[0]!;
  const at = (n: number, p: ReturnType<typeof point>) => ({ ...p, point: n });

  it('picks the cheapest point whose every seed stayed within the error budget', () => {
    const cheapButBurns = at(0, point(0, [{ cost: 1, error_budget_burn: 0.5 }, { cost: 1, error_budget_burn: 1.2 }]));
    const ok = at(1, point(1, [{ cost: 2, error_budget_burn: 1 }, { cost: 2, error_budget_burn: 0.9 }]));
    const dearer = at(2, point(2, [{ cost: 3, error_budget_burn: 0 }]));
    expect(recommend([cheapButBurns, ok, dearer])?.point).toBe(1);
  });

  it('at equal cost, the higher attainment; none when no point qualifies', () => {
    const lower = at(0, point(0, [{ cost: 2, slo_attainment: 0.99 }]));
    const higher = at(1, point(1, [{ cost: 2, slo_attainment: 0.999 }]));
    expect(recommend([lower, higher])?.point).toBe(1);
    expect(recommend([at(0, point(0, [{ error_budget_burn: 2 }]))])).toBeUndefined();
  });

  it('without SLOs in the scenario, every expectation met on every seed', () => {
    const failing = at(0, point(0, [{ cost: 1, error_budget_burn: null, expectations_met: 1 }]));
    const passing = at(1, point(1, [{ cost: 2, error_budget_burn: null }]));
    expect(recommend([failing, passing])?.point).toBe(1);
  });
});
