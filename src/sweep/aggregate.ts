/**
 * Sums a sweep up per grid point across its seeds, finds the Pareto front of cost against SLO attainment, and picks
 * the recommendation: the cheapest point whose every seed met every SLO. Pure and order-stable: results are read in
 * grid-index order, so the same runs give the same figures whatever order they finished in.
 */
import type { RunResult } from './run.ts';

/** One grid point across its seeds. Field names are the column names of `-o csv` and the keys of `-o json`. */
export interface PointSummary {
  /** Grid point, 0-based. */
  point: number;
  /** The value of each swept path, in `--set` order. */
  values: string[];
  /** Runs of this point (one per seed). */
  seeds: number;
  /** Runs that produced no figures (see `RunResult.error`). */
  runs_failed: number;
  /** Mean cost over the successful runs, US dollars; null when every run failed (likewise below). */
  cost_mean: number | null;
  /** 95th percentile of the cost (nearest rank), US dollars. */
  cost_p95: number | null;
  slo_attainment_mean: number | null;
  /** Lowest attainment of any seed. */
  slo_attainment_worst: number | null;
  /** Mean error-budget burn; null also when the scenario has no SLO. */
  error_budget_burn_mean: number | null;
  /** Highest burn of any seed. */
  error_budget_burn_worst: number | null;
  latency_p99_ms_mean: number | null;
  /** Highest p99 of any seed. */
  latency_p99_ms_worst: number | null;
  /** Longest pending time of any seed, milliseconds. */
  pending_max_ms: number | null;
  /** Highest node count of any seed. */
  nodes_peak: number | null;
  /** Share of all runs (failed ones count as not passing) that met every expectation, 0..1. */
  expectations_pass_rate: number;
  /** True when no other point is as cheap and as good on mean cost and mean attainment, and better on one. */
  pareto: boolean;
  /** The seed whose run is worth replaying: the lowest attainment (the first such seed), else the first seed. */
  replay_seed: number | null;
}

/** Mean of a non-empty list, summed in list order. */
function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Nearest-rank percentile of a non-empty list: the smallest value with at least `p` of the values at or below it. */
export function percentileNearestRank(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Per-point summaries of `runs` (any order; each point's runs are read in index order). */
export function summarizePoints(runs: readonly RunResult[], combos: readonly (readonly string[])[]): PointSummary[] {
  const byPoint: RunResult[][] = combos.map(() => []);
  for (const r of [...runs].sort((a, b) => a.index - b.index)) byPoint[r.point]?.push(r);
  const points = byPoint.map((rs, point): PointSummary => {
    const ok = rs.filter((r) => r.figures !== undefined);
    const f = ok.map((r) => r.figures!);
    const burns = f.map((x) => x.error_budget_burn).filter((b): b is number => b !== null);
    const some = f.length > 0;
    let worst: RunResult | undefined;
    for (const r of ok) if (!worst || r.figures!.slo_attainment < worst.figures!.slo_attainment) worst = r;
    return {
      point,
      values: [...combos[point]!],
      seeds: rs.length,
      runs_failed: rs.length - ok.length,
      cost_mean: some ? mean(f.map((x) => x.cost)) : null,
      cost_p95: some ? percentileNearestRank(f.map((x) => x.cost), 0.95) : null,
      slo_attainment_mean: some ? mean(f.map((x) => x.slo_attainment)) : null,
      slo_attainment_worst: some ? Math.min(...f.map((x) => x.slo_attainment)) : null,
      error_budget_burn_mean: burns.length ? mean(burns) : null,
      error_budget_burn_worst: burns.length ? Math.max(...burns) : null,
      latency_p99_ms_mean: some ? mean(f.map((x) => x.latency_p99_ms)) : null,
      latency_p99_ms_worst: some ? Math.max(...f.map((x) => x.latency_p99_ms)) : null,
      pending_max_ms: some ? Math.max(...f.map((x) => x.pending_max_ms)) : null,
      nodes_peak: some ? Math.max(...f.map((x) => x.nodes_peak)) : null,
      expectations_pass_rate: rs.length ? f.filter((x) => x.expectations_met === x.expectations_total).length / rs.length : 0,
      pareto: false,
      replay_seed: (worst ?? rs[0])?.seed ?? null,
    };
  });
  const front = new Set(paretoFront(points.flatMap((p) => (p.cost_mean !== null && p.slo_attainment_mean !== null ? [{ id: p.point, cost: p.cost_mean, attainment: p.slo_attainment_mean }] : []))));
  for (const p of points) p.pareto = front.has(p.point);
  return points;
}

/** A candidate for the Pareto front: lower `cost` is better, higher `attainment` is better. */
export interface ParetoCandidate {
  id: number;
  cost: number;
  attainment: number;
}

/**
 * The ids of the non-dominated candidates, cheapest first (ties by id). A candidate is dominated when another costs
 * no more and attains no less, and costs less or attains more. Equal candidates are both on the front.
 */
export function paretoFront(candidates: readonly ParetoCandidate[]): number[] {
  const sorted = [...candidates].sort((a, b) => a.cost - b.cost || b.attainment - a.attainment || a.id - b.id);
  const out: number[] = [];
  // Sweep cheapest first: a candidate is on the front when it attains more than every cheaper one, or equals the
  // best so far at the same cost and attainment (an exact tie).
  let best = -Infinity;
  let bestCost = NaN;
  for (const c of sorted) {
    if (c.attainment > best) {
      out.push(c.id);
      best = c.attainment;
      bestCost = c.cost;
    } else if (c.attainment === best && c.cost === bestCost) out.push(c.id);
  }
  return out;
}

/**
 * The recommendation: among the points with no failed run whose every seed met every SLO objective (worst burn at
 * most 1; without SLOs in the scenario, every run met every expectation), the lowest mean cost, then the highest
 * mean attainment, then the lowest point. Undefined when no point qualifies.
 */
export function recommend(points: readonly PointSummary[]): PointSummary | undefined {
  const meets = (p: PointSummary): boolean =>
    p.runs_failed === 0 && p.cost_mean !== null && (p.error_budget_burn_worst !== null ? p.error_budget_burn_worst <= 1 : p.expectations_pass_rate === 1);
  let best: PointSummary | undefined;
  for (const p of points) {
    if (!meets(p)) continue;
    if (!best || p.cost_mean! < best.cost_mean! || (p.cost_mean === best.cost_mean && p.slo_attainment_mean! > best.slo_attainment_mean!)) best = p;
  }
  return best;
}
