/**
 * `kubesim sweep <scenario> --set path=v1,v2,… [--set path2=a,b] [--seeds 1..5] [--json]`: the capacity planner's
 * parameter sweep. Runs the scenario once per combination of the values (cartesian product, first `--set` varying
 * slowest) and per seed, each with the overrides applied as `kubesim run --set` applies them, and prints one row
 * per run: expectations met, availability and p99 per Service, peak replicas, longest pending time, cost and trace
 * hash. With several seeds a second table sums each combination up across them.
 */
import { formatDurationShort } from '../../engine/duration.ts';
import { KUBECTL_GET_TABWRITER, tabwriterFormat } from '../../report/tabwriter.ts';
import { buildReportData } from '../../scenario/report-data.ts';
import { ScenarioRun } from '../../scenario/run.ts';
import type { Scenario } from '../../scenario/types.ts';
import { UsageError } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';
import type { RegisterCommand } from './index.ts';
import { loadScenarioOrExit } from './run.ts';

/** Most runs one sweep may ask for (combinations × seeds); past it the sweep refuses to start. */
export const MAX_SWEEP_RUNS = 200;

/** Most seeds `--seeds a..b` may span. */
const MAX_SEEDS = MAX_SWEEP_RUNS;

/** One swept parameter: a field path and the values it takes, as written (YAML scalars or flow collections). */
export interface SweepParameter {
  path: string;
  values: string[];
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
  if (eq <= 0) throw new UsageError(`--set: expected path=value1,value2,…, got ${JSON.stringify(set)}`);
  const path = set.slice(0, eq).trim();
  const values = splitValues(set.slice(eq + 1));
  if (values.some((v) => v === '')) throw new UsageError(`--set ${path}: empty value in ${JSON.stringify(set.slice(eq + 1))}`);
  return { path, values };
}

/** Parses `--seeds`: `1..5` (inclusive), `1,4,9` or `7`. */
export function parseSeeds(text: string): number[] {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text.trim());
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from) throw new UsageError(`--seeds: empty range ${text}`);
    if (to - from + 1 > MAX_SEEDS) throw new UsageError(`--seeds: ${to - from + 1} seeds; at most ${MAX_SEEDS}`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const seeds = text.split(',').map((s) => {
    if (!/^-?\d+$/.test(s.trim())) throw new UsageError(`--seeds: expected an integer, a list (1,4,9) or a range (1..5), got ${JSON.stringify(s)}`);
    return Number(s.trim());
  });
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds: a seed is listed twice in ${text}`);
  return seeds;
}

/** Every combination of the parameters' values, first parameter varying slowest. */
export function cartesian(parameters: readonly SweepParameter[]): string[][] {
  let combos: string[][] = [[]];
  for (const p of parameters) combos = combos.flatMap((c) => p.values.map((v) => [...c, v]));
  return combos;
}

/** The outcome of one run of a sweep. */
export interface SweepRun {
  /** The value of each swept path, in `--set` order. */
  overrides: Record<string, string>;
  seed: number;
  expectationsMet: number;
  expectationsTotal: number;
  /** Descriptions of the expectations that failed. */
  failed: string[];
  services: { service: string; availability: number; latencyMsP99: number }[];
  /** Highest `status.replicas` per workload, keyed `deployment/<name>` or `rollout/<name>`. */
  peakReplicas: Record<string, number>;
  /** Longest time a pod waited Pending, ms. */
  maxPendingMs: number;
  costDollars: number;
  traceHash: string;
}

/** Runs one loaded scenario to its end and keeps the figures a sweep compares. */
export function sweepOne(scenario: Scenario, overrides: Record<string, string>, seed: number | undefined): SweepRun {
  const run = new ScenarioRun(scenario, seed !== undefined ? { seed } : {}).run();
  const expectations = run.expectations();
  const data = buildReportData(run, expectations);
  const s = data.summary;
  return {
    overrides,
    seed: run.seed,
    expectationsMet: expectations.filter((e) => e.ok).length,
    expectationsTotal: expectations.length,
    failed: expectations.filter((e) => !e.ok).map((e) => e.description),
    services: s.services.map((x) => ({ service: x.service, availability: x.availability, latencyMsP99: x.latencyMsP99 })),
    peakReplicas: Object.fromEntries(s.workloads.map((w) => [`${w.kind.toLowerCase()}/${w.name}`, w.peakReplicas])),
    maxPendingMs: s.maxPendingMs,
    costDollars: s.costDollars,
    traceHash: data.scenario.traceHash,
  };
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(3)}%`;
const millis = (ms: number): string => `${Math.round(ms)}ms`;
const dollars = (d: number): string => `$${d.toFixed(2)}`;

function table(rows: readonly (readonly string[])[]): string {
  return tabwriterFormat(`${rows.map((r) => r.join('\t')).join('\n')}\n`, KUBECTL_GET_TABWRITER);
}

/** The Services and workloads the tables have columns for: those of any run, in first-seen order (`-` where a run has none). */
function columns(runs: readonly SweepRun[]): { services: string[]; workloads: string[] } {
  const services = [...new Set(runs.flatMap((r) => r.services.map((s) => s.service)))];
  const workloads = [...new Set(runs.flatMap((r) => Object.keys(r.peakReplicas)))];
  return { services, workloads };
}

/** One row per run: the values swept, the seed and the figures of {@link SweepRun}. */
export function renderSweepTable(runs: readonly SweepRun[], paths: readonly string[]): string {
  const { services, workloads } = columns(runs);
  const header = [
    ...paths,
    'SEED',
    'EXPECT',
    ...services.flatMap((s) => [`${s} AVAIL`, `${s} P99`]),
    ...workloads.map((w) => (workloads.length === 1 ? 'PEAK REPLICAS' : `${w} PEAK`)),
    'MAX PENDING',
    'COST',
    'TRACE',
  ];
  const rows = runs.map((r) => [
    ...paths.map((p) => r.overrides[p] ?? ''),
    String(r.seed),
    `${r.expectationsMet}/${r.expectationsTotal} ${r.expectationsMet === r.expectationsTotal ? '✓' : '✗'}`,
    ...services.flatMap((s) => {
      const x = r.services.find((y) => y.service === s);
      return x ? [percent(x.availability), millis(x.latencyMsP99)] : ['-', '-'];
    }),
    ...workloads.map((w) => String(r.peakReplicas[w] ?? '-')),
    formatDurationShort(r.maxPendingMs),
    dollars(r.costDollars),
    r.traceHash,
  ]);
  return table([header, ...rows]);
}

/**
 * Per combination across its seeds: how many runs met every expectation, the worst availability and p99 per
 * Service, the highest peak, the longest pending time and the mean cost.
 */
export function renderAcrossSeeds(runs: readonly SweepRun[], paths: readonly string[]): string {
  const { services, workloads } = columns(runs);
  const groups = new Map<string, SweepRun[]>();
  for (const r of runs) {
    const key = JSON.stringify(paths.map((p) => r.overrides[p]));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const header = [
    ...paths,
    'SEEDS OK',
    ...services.flatMap((s) => [`${s} MIN AVAIL`, `${s} MAX P99`]),
    ...workloads.map((w) => (workloads.length === 1 ? 'MAX PEAK' : `${w} MAX PEAK`)),
    'MAX PENDING',
    'MEAN COST',
  ];
  const rows = [...groups.values()].map((g) => {
    const svc = (s: string) => g.flatMap((r) => r.services.filter((x) => x.service === s));
    return [
      ...paths.map((p) => g[0]!.overrides[p] ?? ''),
      `${g.filter((r) => r.expectationsMet === r.expectationsTotal).length}/${g.length}`,
      ...services.flatMap((s) => [percent(Math.min(...svc(s).map((x) => x.availability))), millis(Math.max(...svc(s).map((x) => x.latencyMsP99)))]),
      ...workloads.map((w) => String(Math.max(...g.map((r) => r.peakReplicas[w] ?? 0)))),
      formatDurationShort(Math.max(...g.map((r) => r.maxPendingMs))),
      dollars(g.reduce((sum, r) => sum + r.costDollars, 0) / g.length),
    ];
  });
  return table([header, ...rows]);
}

/** An io that prints each distinct warning or error line once: every combination loads the same file. */
function dedupErrors(io: CliIo): CliIo {
  const seen = new Set<string>();
  return {
    out: io.out,
    err: (text) => {
      if (seen.has(text)) return;
      seen.add(text);
      io.err(text);
    },
  };
}

interface SweepFlags {
  set?: string[];
  seeds?: string;
  json?: boolean;
  progress?: boolean;
}

export const registerSweep: RegisterCommand = (program, io) => {
  program
    .command('sweep <scenario>')
    .description('run a scenario over a grid of parameters and seeds and compare the outcomes')
    .option('--set <path=v1,v2...>', 'a field and the values to try (repeatable; the runs are the cartesian product)')
    .option('--seeds <seeds>', "seeds to run each combination with: 1..5, 1,4,9 or 7 (default: the scenario's seed)")
    .option('--json', 'print the runs as JSON')
    .option('--no-progress', 'no progress line')
    .addHelpText(
      'after',
      `
Values are YAML scalars or flow collections, split on the commas outside brackets and quotes. At most
${MAX_SWEEP_RUNS} runs (combinations × seeds). Exit code 0 even when runs miss expectations: the table is the answer.

Examples:
  kubesim sweep scenarios/webapi-peak.yaml --set spec.cluster.nodePools[0].count=2,3,4
  kubesim sweep scenarios/webapi-peak.yaml --set spec.traffic[0].profile.diurnal.max=400,800 \\
      --set spec.cluster.nodePools[0].count=3,5 --seeds 1..5
  kubesim sweep scenarios/webapi-peak.yaml --set 'spec.traffic[0].profile={constant: 100},{constant: 300}' --json`,
    )
    .action((path: string, flags: SweepFlags) => {
      const parameters = (flags.set ?? []).map(parseSweepParameter);
      const paths = parameters.map((p) => p.path);
      const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
      if (duplicate !== undefined) throw new UsageError(`--set ${duplicate} is given twice; list every value in one --set`);
      const seeds: (number | undefined)[] = flags.seeds === undefined ? [undefined] : parseSeeds(flags.seeds);
      const combos = cartesian(parameters);
      const total = combos.length * seeds.length;
      if (total > MAX_SWEEP_RUNS) {
        throw new UsageError(`the sweep asks for ${total} runs (${combos.length} combination(s) × ${seeds.length} seed(s)); at most ${MAX_SWEEP_RUNS}`);
      }
      // Every combination is loaded (and validated) before the first run, so a bad value fails fast.
      const loadIo = dedupErrors(io);
      const loaded = combos.map((combo) => ({
        overrides: Object.fromEntries(paths.map((p, i) => [p, combo[i]!])),
        scenario: loadScenarioOrExit(path, loadIo, paths.map((p, i) => `${p}=${combo[i]}`)),
      }));
      const showProgress = flags.progress !== false && process.stderr.isTTY === true;
      const runs: SweepRun[] = [];
      for (const { overrides, scenario } of loaded) {
        for (const seed of seeds) {
          if (showProgress) io.err(`\r[${runs.length + 1}/${total}] ${Object.entries(overrides).map(([p, v]) => `${p}=${v}`).join(' ')} seed ${seed ?? scenario.seed} `);
          runs.push(sweepOne(scenario, overrides, seed));
        }
      }
      if (showProgress) io.err('\n');
      if (flags.json) {
        io.out(`${JSON.stringify({ scenario: path, parameters, runs }, null, 2)}\n`);
        return;
      }
      io.out(renderSweepTable(runs, paths));
      if (seeds.length > 1) io.out(`\nacross seeds:\n${renderAcrossSeeds(runs, paths)}`);
    });
};
