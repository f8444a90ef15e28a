/**
 * `kubesim sweep <scenario> --set path=v1,v2,… [--seeds 1..10] [--workers N] [--shard i/n] [-o table|csv|json]
 * [--out DIR] [--emit-job]`: the capacity planner's parameter sweep. Runs the scenario once per grid point (every
 * combination of the values, first `--set` varying slowest) and per seed, on worker threads, and sums each point up
 * across its seeds with the Pareto front of cost against SLO attainment and a recommendation. `--shard` runs a slice
 * for `kubesim merge`; `--emit-job` writes a Kubernetes Indexed Job that runs the slices on a cluster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { formatFieldError } from '../../api/errors.ts';
import { renderSweepHtml } from '../../report/sweep-html.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import {
  analyzeSweep,
  renderSweepCsv,
  renderSweepJson,
  renderSweepTable,
  type SweepDocument,
} from '../../sweep/document.ts';
import { cartesian, checkGrid, gridRuns, parseSeeds, parseShard, parseSweepParameter, SweepArgumentError, type Shard } from '../../sweep/grid.ts';
import { buildSweepJob, DEFAULT_SWEEP_IMAGE } from '../../sweep/job.ts';
import type { RunResult } from '../../sweep/run.ts';
import { UsageError } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';
import { nodeFileSystem } from '../node-fs.ts';
import { loadReportAssets } from '../report-assets.ts';
import { runSweepTasks } from '../sweep-pool.ts';
import type { SweepTask } from '../sweep-task.ts';
import type { RegisterCommand } from './index.ts';

/** Output formats of `kubesim sweep` and `kubesim merge`. */
export const SWEEP_FORMATS = ['table', 'csv', 'json'] as const;
export type SweepFormat = (typeof SWEEP_FORMATS)[number];

/** Parses `-o`; `--json` is the older spelling of `-o json`. */
export function parseFormat(output: string | undefined, json: boolean | undefined): SweepFormat {
  const f = output ?? (json ? 'json' : 'table');
  if (!(SWEEP_FORMATS as readonly string[]).includes(f)) throw new UsageError(`-o: expected one of ${SWEEP_FORMATS.join(', ')}, got ${JSON.stringify(f)}`);
  return f as SweepFormat;
}

/** Wraps the pure module's argument errors as bad input. */
function args<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SweepArgumentError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Prints a finished sweep in `format` and, with `out`, writes `sweep.json` and (for a whole grid) `sweep.html` there.
 * Shared by `sweep` and `merge`, so a merge prints exactly what the unsharded sweep prints.
 */
export function emitSweep(doc: SweepDocument, format: SweepFormat, out: string | undefined, io: CliIo): void {
  const analysis = analyzeSweep(doc);
  const json = renderSweepJson(doc, analysis);
  io.out(format === 'json' ? json : format === 'csv' ? renderSweepCsv(doc, analysis) : renderSweepTable(doc, analysis));
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'sweep.json'), json);
  if (!doc.shard) writeFileSync(join(out, 'sweep.html'), renderSweepHtml(doc, analysis, loadReportAssets()));
  if (format === 'table') io.out(`\nWrote ${join(out, doc.shard ? 'sweep.json' : 'sweep.html')}${doc.shard ? '' : ', sweep.json'}\n`);
}

/** A progress bar with the runs done and an estimate of the time left, redrawn on stderr. */
function progressBar(io: CliIo, total: number): { update: (done: number) => void; end: () => void } {
  const start = performance.now();
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const elapsedS = (performance.now() - start) / 1000;
    const etaS = done > 0 ? (elapsedS / done) * (total - done) : NaN;
    const eta = Number.isFinite(etaS) ? `ETA ${formatSeconds(etaS)}` : 'ETA …';
    io.err(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} runs  ${formatSeconds(elapsedS)} elapsed  ${eta} `);
  };
  return {
    update: (done) => {
      const now = performance.now();
      // At most ten redraws a second, and always the last.
      if (done < total && now - last < 100) return;
      last = now;
      draw(done);
    },
    end: () => io.err('\n'),
  };
}

function formatSeconds(s: number): string {
  const r = Math.round(s);
  return r < 60 ? `${r}s` : `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s`;
}

interface SweepFlags {
  set?: string[];
  seeds?: string;
  workers?: string;
  shard?: string;
  output?: string;
  json?: boolean;
  out?: string;
  progress?: boolean;
  emitJob?: boolean;
  shards?: string;
  image?: string;
  namespace?: string;
  resultsPvc?: string;
}

/** Parses a positive integer flag. */
function positiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

export const registerSweep: RegisterCommand = (program, io) => {
  program
    .command('sweep <scenario>')
    .description('run a scenario over a grid of parameters and seeds on every core; the Pareto front of cost vs SLO attainment')
    .option('--set <path=v1,v2...>', 'a field and the values to try (repeatable; the grid is the cartesian product)')
    .option('--seeds <seeds>', "seeds to run each grid point with: 1..10, 1,4,9 or 7 (default: the scenario's seed)")
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'run only shard i of n (0-based): every n-th run of the grid, from run i')
    .option('-o, --output <format>', 'table, csv or json')
    .option('--json', 'same as -o json')
    .option('--out <dir>', 'write sweep.json and the report sweep.html here')
    .option('--no-progress', 'no progress bar')
    .option('--emit-job', 'print a Kubernetes Indexed Job (with its ConfigMap and results volume) that runs the sweep in --shards shards')
    .option('--shards <n>', 'shards of the emitted Job (completions = parallelism)', '4')
    .option('--image <image>', 'container image of the emitted Job; it must have kubesim on its PATH', DEFAULT_SWEEP_IMAGE)
    .option('--namespace <ns>', 'namespace of the emitted objects', 'default')
    .option('--results-pvc <name>', 'an existing ReadWriteMany PersistentVolumeClaim for the results (default: the Job brings its own)')
    .addHelpText(
      'after',
      `
Values are YAML scalars or flow collections, split on the commas outside brackets and quotes. At most 100,000 runs
(grid points × seeds). A run that fails is a row with its error. Exit code 0 even when runs miss expectations: the
table is the answer; 2 when no grid point loads.

Columns (-o csv; -o json has the same keys under "points", with the runs under "runs"):
  point, <each --set path>, seeds, runs_failed, cost_mean, cost_p95, slo_attainment_mean, slo_attainment_worst,
  error_budget_burn_mean, error_budget_burn_worst, latency_p99_ms_mean, latency_p99_ms_worst, pending_max_ms,
  nodes_peak, expectations_pass_rate, pareto, replay

Examples:
  kubesim sweep scenarios/capacity-plan.yaml --set 'spec.cluster.nodePools[0].instanceType=m5.large,c5.xlarge' \\
      --set 'spec.manifests[1].spec.maxReplicas=6,10,16' --seeds 1..10 --out out/plan
  kubesim sweep scenarios/webapi-peak.yaml --set 'spec.cluster.nodePools[0].count=2,3,4' --shard 0/4 -o json --out out/s0
  kubesim merge out/s*/sweep.json --out out/merged
  kubesim sweep scenarios/capacity-plan.yaml --set … --seeds 1..10 --emit-job --shards 8 > job.yaml`,
    )
    .action(async (path: string, flags: SweepFlags) => {
      const parameters = args(() => (flags.set ?? []).map(parseSweepParameter));
      const paths = parameters.map((p) => p.path);
      const seeds = flags.seeds === undefined ? null : args(() => parseSeeds(flags.seeds!));
      const seedList: (number | undefined)[] = seeds ?? [undefined];
      args(() => checkGrid(parameters, seedList.length));
      const format = parseFormat(flags.output, flags.json);
      const shard: Shard | undefined = flags.shard === undefined ? undefined : args(() => parseShard(flags.shard!));
      const combos = cartesian(parameters);
      const setsOf = (point: number) => paths.map((p, i) => `${p}=${combos[point]![i]}`);

      // Every point is loaded (and validated) before the first run: a point that does not load is a row of errors,
      // and a sweep where none loads stops here.
      const read = new Set<string>();
      const recordingFs = { ...nodeFileSystem, readFile: (p: string) => (read.add(nodeFileSystem.resolve(p)), nodeFileSystem.readFile(p)) };
      const loadErrors = new Map<number, string>();
      const printed = new Set<string>();
      let scenarioName = '';
      for (let point = 0; point < combos.length; point++) {
        const r = loadScenarioFile(resolve(path), recordingFs, { set: setsOf(point) });
        for (const e of [...r.warnings, ...r.errors]) {
          const line = formatFieldError(e);
          if (!printed.has(line)) io.err(`${line}\n`);
          printed.add(line);
        }
        if (!r.scenario || r.errors.length) loadErrors.set(point, r.errors.map(formatFieldError).join('\n'));
        else scenarioName ||= r.scenario.metadata.name;
      }
      if (loadErrors.size === combos.length) throw new UsageError(`${path}: ${combos.length === 1 ? `${printed.size} error(s); the scenario was not run` : `none of the ${combos.length} grid points loads; nothing was run`}`);

      if (flags.emitJob) {
        const shards = positiveInt('--shards', flags.shards ?? '4');
        const job = buildSweepJob({
          name: scenarioName,
          scenarioArg: path,
          scenarioFile: resolve(path),
          cwd: process.cwd(),
          files: [...read].sort().map((f) => ({ path: f, text: nodeFileSystem.readFile(f) })),
          sweepArgs: [...parameters.flatMap((p) => ['--set', `${p.path}=${p.values.join(',')}`]), ...(flags.seeds !== undefined ? ['--seeds', flags.seeds] : [])],
          shards,
          workers: flags.workers === undefined ? 1 : positiveInt('--workers', flags.workers),
          image: flags.image ?? DEFAULT_SWEEP_IMAGE,
          namespace: flags.namespace ?? 'default',
          ...(flags.resultsPvc ? { resultsClaim: flags.resultsPvc } : {}),
        });
        io.out(job);
        return;
      }

      const workers = flags.workers === undefined ? availableParallelism() : positiveInt('--workers', flags.workers);
      const runs = gridRuns(combos.length, seedList.length, shard);
      const failedToLoad: RunResult[] = [];
      const tasks: SweepTask[] = [];
      for (const g of runs) {
        const seed = seedList[g.seedIndex];
        const error = loadErrors.get(g.point);
        if (error !== undefined) failedToLoad.push({ index: g.index, point: g.point, seed: seed ?? null, error });
        else tasks.push({ index: g.index, point: g.point, seed, path, sets: setsOf(g.point) });
      }
      const bar = flags.progress !== false && process.stderr.isTTY === true ? progressBar(io, runs.length) : undefined;
      const results = await runSweepTasks(tasks, workers, (done) => bar?.update(done + failedToLoad.length));
      bar?.end();
      const doc: SweepDocument = {
        scenario: path,
        parameters,
        seeds,
        ...(shard ? { shard } : {}),
        runs: [...results, ...failedToLoad].sort((a, b) => a.index - b.index),
      };
      emitSweep(doc, format, flags.out, io);
    });
};
