/**
 * The grid of a parameter sweep: the swept parameters (`--set path=v1,v2,…`), the seeds, and the runs they make
 * (every combination of values — a *grid point* — once per seed), each with a stable index. Sharding takes every
 * n-th run, so `--shard i/n` on n machines covers the grid exactly once whatever n is. Pure: no I/O, no clock.
 */

/** A bad sweep argument (the CLI reports it as bad input, exit code 2). */
export class SweepArgumentError extends Error {
  override name = 'SweepArgumentError';
}

/** Most runs one sweep may ask for (grid points × seeds). */
export const MAX_SWEEP_RUNS = 100_000;

/** Most seeds `--seeds a..b` may span. */
export const MAX_SEEDS = 10_000;

/** One swept parameter: a field path and the values it takes, as written (YAML scalars or flow collections). */
export interface SweepParameter {
  path: string;
  values: string[];
}

/** One run of the grid: grid point `point` with seed `seeds[seedIndex]`. */
export interface GridRun {
  /** Position in the grid, 0-based: `point × seeds + seedIndex` (points vary slowest). */
  index: number;
  /** Grid point, 0-based, in {@link cartesian} order. */
  point: number;
  seedIndex: number;
}

/** A slice `index/count` of a grid (0 ≤ index < count). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Splits a `--set` value list on the commas that are not inside brackets, braces or quotes, so flow values keep
 * theirs: `800,{constant: 50, jitter: 0.1},[a, b]` → `800`, `{constant: 50, jitter: 0.1}`, `[a, b]`.
 */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** Parses one `--set path=v1,v2,…`. */
export function parseSweepParameter(set: string): SweepParameter {
  const eq = set.indexOf('=');
  if (eq <= 0) throw new SweepArgumentError(`--set: expected path=value1,value2,…, got ${JSON.stringify(set)}`);
  const path = set.slice(0, eq).trim();
  const values = splitValues(set.slice(eq + 1));
  if (values.some((v) => v === '')) throw new SweepArgumentError(`--set ${path}: empty value in ${JSON.stringify(set.slice(eq + 1))}`);
  return { path, values };
}

/** Parses `--seeds`: `1..5` (inclusive), `1,4,9` or `7`. */
export function parseSeeds(text: string): number[] {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text.trim());
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from) throw new SweepArgumentError(`--seeds: empty range ${text}`);
    if (to - from + 1 > MAX_SEEDS) throw new SweepArgumentError(`--seeds: ${to - from + 1} seeds; at most ${MAX_SEEDS}`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const seeds = text.split(',').map((s) => {
    if (!/^-?\d+$/.test(s.trim())) throw new SweepArgumentError(`--seeds: expected an integer, a list (1,4,9) or a range (1..5), got ${JSON.stringify(s)}`);
    return Number(s.trim());
  });
  if (new Set(seeds).size !== seeds.length) throw new SweepArgumentError(`--seeds: a seed is listed twice in ${text}`);
  if (seeds.length > MAX_SEEDS) throw new SweepArgumentError(`--seeds: ${seeds.length} seeds; at most ${MAX_SEEDS}`);
  return seeds;
}

/** Parses `--shard i/n`: shard `i` (0-based, as Kubernetes' `JOB_COMPLETION_INDEX`) of `n`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new SweepArgumentError(`--shard: expected i/n such as 0/4, got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new SweepArgumentError(`--shard ${text}: n must be at least 1`);
  if (index >= count) throw new SweepArgumentError(`--shard ${text}: i must be below n (shards are numbered 0 to ${count - 1})`);
  return { index, count };
}

/** Every combination of the parameters' values, first parameter varying slowest. */
export function cartesian(parameters: readonly SweepParameter[]): string[][] {
  let combos: string[][] = [[]];
  for (const p of parameters) combos = combos.flatMap((c) => p.values.map((v) => [...c, v]));
  return combos;
}

/** Number of grid points: the product of the value counts (1 with no parameter). */
export function pointCount(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((n, p) => n * p.values.length, 1);
}

/** Checks the parameters and the run count; throws {@link SweepArgumentError}. */
export function checkGrid(parameters: readonly SweepParameter[], seedCount: number): void {
  const paths = parameters.map((p) => p.path);
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate !== undefined) throw new SweepArgumentError(`--set ${duplicate} is given twice; list every value in one --set`);
  const points = pointCount(parameters);
  if (points * seedCount > MAX_SWEEP_RUNS) {
    throw new SweepArgumentError(`the sweep asks for ${points * seedCount} runs (${points} grid point(s) × ${seedCount} seed(s)); at most ${MAX_SWEEP_RUNS}`);
  }
}

/** The runs of the grid in index order, or only those of `shard` (every `count`-th run from `index`). */
export function gridRuns(points: number, seedCount: number, shard?: Shard): GridRun[] {
  const out: GridRun[] = [];
  const total = points * seedCount;
  const step = shard?.count ?? 1;
  for (let index = shard?.index ?? 0; index < total; index += step) out.push({ index, point: Math.floor(index / seedCount), seedIndex: index % seedCount });
  return out;
}
