/**
 * The benchmark harness. Each `bench/<name>.bench.ts` exports `benchmarks: Benchmark[]`; `npm run bench [name…]`
 * runs each one several times, prints a table of medians against the targets, and writes JSON to bench/results/.
 */

/** A measured figure. `higherIsBetter` decides how the target is compared. */
export interface Measurement {
  value: number;
  unit: string;
  /** Further figures worth keeping (RSS, events run, …). */
  extra?: Record<string, number>;
}

export interface Benchmark {
  /** Unique name, e.g. `engine/1k-pending`. */
  name: string;
  /** The target for the median. */
  target?: { value: number; higherIsBetter: boolean };
  /** Runs per measurement (median taken). Default 5. */
  runs?: number;
  /** One measured run. Synchronous or async. */
  run(): Measurement | Promise<Measurement>;
}
