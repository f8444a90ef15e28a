/**
 * The result of a sweep as one value — the grid, every run and the per-point summaries — and its three renderings:
 * `table` (aligned columns for a terminal), `csv` and `json`. A shard's JSON carries only its runs; `mergeDocuments`
 * joins shards into the document of the unsharded sweep, so the merged output is byte for byte the single run's.
 */
import { KUBECTL_GET_TABWRITER, tabwriterFormat } from '../report/tabwriter.ts';
import { recommend, summarizePoints, type PointSummary } from './aggregate.ts';
import { cartesian, pointCount, type Shard, type SweepParameter } from './grid.ts';
import type { RunResult } from './run.ts';

/** `kind` of the JSON document. */
export const SWEEP_KIND = 'SweepResult';
/** Format version of the JSON document; merge refuses other versions. */
export const SWEEP_FORMAT_VERSION = 1;

/** Everything a sweep produced. */
export interface SweepDocument {
  /** The scenario file as given on the command line (replay commands name it). */
  scenario: string;
  parameters: SweepParameter[];
  /** The seeds run per point; null: the scenario's own seed. */
  seeds: number[] | null;
  /** Present on a shard's output only. */
  shard?: Shard;
  /** The runs, in grid-index order. */
  runs: RunResult[];
}

/** The summaries and the recommendation of a document. */
export interface SweepAnalysis {
  points: PointSummary[];
  recommendation: PointSummary | undefined;
}

/** Summarises a document's runs per point. */
export function analyzeSweep(doc: SweepDocument): SweepAnalysis {
  const points = summarizePoints(doc.runs, cartesian(doc.parameters));
  // A shard's points summarise a slice; only points with every run present take part.
  const complete = points.filter((p) => p.seeds === (doc.seeds?.length ?? 1));
  return { points, recommendation: recommend(complete) };
}

/** Quotes one shell word when it needs it (POSIX single quotes). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `kubesim run <scenario> --seed S --set path=value …`: the command that replays one run of a point. */
export function replayCommand(doc: SweepDocument, point: PointSummary): string {
  const words = ['kubesim', 'run', doc.scenario];
  if (point.replay_seed !== null) words.push('--seed', String(point.replay_seed));
  doc.parameters.forEach((p, i) => words.push('--set', `${p.path}=${point.values[i]}`));
  return words.map(shellQuote).join(' ');
}

/** Column names of the per-point table in `-o csv`, after the point number and the swept paths. */
export const POINT_COLUMNS = [
  'seeds',
  'runs_failed',
  'cost_mean',
  'cost_p95',
  'slo_attainment_mean',
  'slo_attainment_worst',
  'error_budget_burn_mean',
  'error_budget_burn_worst',
  'latency_p99_ms_mean',
  'latency_p99_ms_worst',
  'pending_max_ms',
  'nodes_peak',
  'expectations_pass_rate',
  'pareto',
  'replay',
] as const;

/** A number for CSV and JSON: finite numbers as JavaScript prints them, Infinity as `Infinity`, null as empty. */
function csvNumber(x: number | null): string {
  return x === null ? '' : String(x);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `-o csv`: one line per grid point; the header is `point`, the swept paths, then {@link POINT_COLUMNS}. */
export function renderSweepCsv(doc: SweepDocument, analysis: SweepAnalysis): string {
  const header = ['point', ...doc.parameters.map((p) => p.path), ...POINT_COLUMNS];
  const lines = [header.map(csvField).join(',')];
  for (const p of analysis.points) {
    const cells = [
      String(p.point),
      ...p.values,
      String(p.seeds),
      String(p.runs_failed),
      csvNumber(p.cost_mean),
      csvNumber(p.cost_p95),
      csvNumber(p.slo_attainment_mean),
      csvNumber(p.slo_attainment_worst),
      csvNumber(p.error_budget_burn_mean),
      csvNumber(p.error_budget_burn_worst),
      csvNumber(p.latency_p99_ms_mean),
      csvNumber(p.latency_p99_ms_worst),
      csvNumber(p.pending_max_ms),
      csvNumber(p.nodes_peak),
      String(p.expectations_pass_rate),
      String(p.pareto),
      replayCommand(doc, p),
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Non-finite numbers (a burn of Infinity) as strings, so JSON keeps them; {@link parseSweepJson} reads them back. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** `-o json`: the document (grid and runs) with the per-point summaries, the Pareto front and the recommendation. */
export function renderSweepJson(doc: SweepDocument, analysis: SweepAnalysis): string {
  const body = {
    kind: SWEEP_KIND,
    version: SWEEP_FORMAT_VERSION,
    scenario: doc.scenario,
    parameters: doc.parameters,
    seeds: doc.seeds,
    ...(doc.shard ? { shard: doc.shard } : {}),
    runs: doc.runs.map((r) => ({
      index: r.index,
      point: r.point,
      seed: r.seed,
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.figures ? r.figures : {}),
    })),
    points: analysis.points.map((p) => ({ ...p, replay: replayCommand(doc, p) })),
    pareto_front: analysis.points.filter((p) => p.pareto).sort((a, b) => a.cost_mean! - b.cost_mean! || a.point - b.point).map((p) => p.point),
    recommendation: analysis.recommendation?.point ?? null,
  };
  return `${JSON.stringify(body, replacer, 2)}\n`;
}

const FIGURE_KEYS = [
  'cost',
  'slo_attainment',
  'error_budget_burn',
  'latency_p99_ms',
  'pending_max_ms',
  'nodes_peak',
  'expectations_met',
  'expectations_total',
  'expectations_failed',
  'trace_hash',
] as const;

/** Reads a `-o json` document back; throws an Error naming `file` and what is wrong. */
export function parseSweepJson(text: string, file: string): SweepDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_k, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  const o = raw as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || o['kind'] !== SWEEP_KIND) throw new Error(`${file}: not the JSON output of kubesim sweep (kind ${SWEEP_KIND})`);
  if (o['version'] !== SWEEP_FORMAT_VERSION) throw new Error(`${file}: format version ${JSON.stringify(o['version'])}; this kubesim reads version ${SWEEP_FORMAT_VERSION}`);
  const runs = (o['runs'] as Record<string, unknown>[]).map((r): RunResult => {
    const out: RunResult = { index: r['index'] as number, point: r['point'] as number, seed: r['seed'] as number | null };
    if (typeof r['error'] === 'string') out.error = r['error'];
    else out.figures = Object.fromEntries(FIGURE_KEYS.map((k) => [k, r[k]])) as unknown as RunResult['figures'];
    return out;
  });
  return {
    scenario: o['scenario'] as string,
    parameters: o['parameters'] as SweepParameter[],
    seeds: o['seeds'] as number[] | null,
    ...(o['shard'] ? { shard: o['shard'] as Shard } : {}),
    runs,
  };
}

/**
 * Joins shard documents of one sweep into the unsharded document. Throws an Error when they are of different
 * sweeps, overlap, or leave runs out (naming the missing shards).
 */
export function mergeDocuments(docs: readonly { file: string; doc: SweepDocument }[]): SweepDocument {
  if (docs.length === 0) throw new Error('nothing to merge');
  const first = docs[0]!;
  const sameGrid = (d: SweepDocument) =>
    d.scenario === first.doc.scenario && JSON.stringify(d.parameters) === JSON.stringify(first.doc.parameters) && JSON.stringify(d.seeds) === JSON.stringify(first.doc.seeds);
  for (const { file, doc } of docs) {
    if (!sameGrid(doc)) throw new Error(`${file} is of another sweep than ${first.file} (scenario, --set or --seeds differ)`);
  }
  const total = pointCount(first.doc.parameters) * (first.doc.seeds?.length ?? 1);
  const byIndex = new Map<number, { file: string; run: RunResult }>();
  for (const { file, doc } of docs) {
    for (const run of doc.runs) {
      const seen = byIndex.get(run.index);
      if (seen) throw new Error(`run ${run.index} is in both ${seen.file} and ${file}`);
      if (run.index < 0 || run.index >= total) throw new Error(`${file}: run ${run.index} is outside the grid of ${total} runs`);
      byIndex.set(run.index, { file, run });
    }
  }
  if (byIndex.size !== total) {
    const counts = [...new Set(docs.map((d) => d.doc.shard?.count ?? 1))];
    const missing: number[] = [];
    for (let i = 0; i < total; i++) if (!byIndex.has(i)) missing.push(i);
    const hint =
      counts.length === 1 && counts[0]! > 1
        ? `; missing shard(s) ${[...new Set(missing.map((i) => i % counts[0]!))].map((s) => `${s}/${counts[0]}`).join(', ')}`
        : '';
    throw new Error(`the files hold ${byIndex.size} of the ${total} runs${hint}`);
  }
  const runs = [...byIndex.values()].map((x) => x.run).sort((a, b) => a.index - b.index);
  return { scenario: first.doc.scenario, parameters: first.doc.parameters, seeds: first.doc.seeds, runs };
}

const dollars = (d: number | null): string => (d === null ? '-' : `$${d.toFixed(2)}`);
const percent = (r: number | null): string => (r === null ? '-' : `${(r * 100).toFixed(3)}%`);
const burn = (b: number | null): string => (b === null ? '-' : Number.isFinite(b) ? `${(b * 100).toFixed(0)}%` : '∞');
const millis = (ms: number | null): string => (ms === null ? '-' : `${Math.round(ms)}ms`);

function seconds(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function table(rows: readonly (readonly string[])[]): string {
  return tabwriterFormat(`${rows.map((r) => r.join('\t')).join('\n')}\n`, KUBECTL_GET_TABWRITER);
}

/**
 * `-o table`: one row per grid point (Pareto points marked `*`), then the front, the recommendation with the command
 * that replays it, and every failed run with its error.
 */
export function renderSweepTable(doc: SweepDocument, analysis: SweepAnalysis): string {
  const header = [
    'POINT',
    ...doc.parameters.map((p) => p.path),
    'SEEDS',
    'COST MEAN',
    'COST P95',
    'SLO MEAN',
    'SLO WORST',
    'BURN MEAN',
    'BURN WORST',
    'P99 MEAN',
    'P99 WORST',
    'MAX PENDING',
    'PEAK NODES',
    'PASS',
    'PARETO',
  ];
  const rows = analysis.points.map((p) => [
    String(p.point),
    ...p.values,
    p.runs_failed > 0 ? `${p.seeds - p.runs_failed}/${p.seeds}` : String(p.seeds),
    dollars(p.cost_mean),
    dollars(p.cost_p95),
    percent(p.slo_attainment_mean),
    percent(p.slo_attainment_worst),
    burn(p.error_budget_burn_mean),
    burn(p.error_budget_burn_worst),
    millis(p.latency_p99_ms_mean),
    millis(p.latency_p99_ms_worst),
    seconds(p.pending_max_ms),
    p.nodes_peak === null ? '-' : String(p.nodes_peak),
    `${Math.round(p.expectations_pass_rate * 100)}%`,
    p.pareto ? '*' : '',
  ]);
  const out = [table([header, ...rows])];
  if (doc.shard) out.push(`\nshard ${doc.shard.index}/${doc.shard.count}: ${doc.runs.length} run(s); merge the shards' JSON with kubesim merge for the whole grid\n`);
  const front = analysis.points.filter((p) => p.pareto).sort((a, b) => a.cost_mean! - b.cost_mean! || a.point - b.point);
  if (front.length > 0) out.push(`\nPareto front (cost vs SLO attainment): point${front.length > 1 ? 's' : ''} ${front.map((p) => p.point).join(', ')}\n`);
  const r = analysis.recommendation;
  if (r) {
    const what = doc.parameters.map((p, i) => `${p.path}=${r.values[i]}`).join(' ');
    out.push(
      `recommendation: point ${r.point}${what ? ` (${what})` : ''}, the cheapest whose every seed met every SLO: ` +
        `cost ${dollars(r.cost_mean)} mean, SLO attainment ${percent(r.slo_attainment_mean)} mean, ${percent(r.slo_attainment_worst)} worst\n`,
      `  replay: ${replayCommand(doc, r)}\n`,
    );
  } else if (!doc.shard) out.push('recommendation: none: no point met every SLO on every seed\n');
  const failed = doc.runs.filter((x) => x.error !== undefined);
  if (failed.length > 0) {
    out.push(`\nfailed runs (${failed.length}):\n`);
    out.push(table([['RUN', 'POINT', 'SEED', 'ERROR'], ...failed.map((x) => [String(x.index), String(x.point), x.seed === null ? '-' : String(x.seed), x.error!.split('\n')[0]!])]));
  }
  return out.join('');
}
