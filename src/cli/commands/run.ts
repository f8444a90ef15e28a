/**
 * `kubesim run <scenario>`: loads and runs a scenario, prints the summary, writes events, metrics, decisions and the
 * report, and exits 1 when an expectation (or `--expect-hash`) fails.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatFieldError } from '../../api/errors.ts';
import { formatDurationShort, parseDuration } from '../../engine/duration.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { buildReportData } from '../../scenario/report-data.ts';
import { ScenarioRun } from '../../scenario/run.ts';
import type { Scenario } from '../../scenario/types.ts';
import { alertEvents } from '../../report/alert-events.ts';
import { renderReportHtml } from '../../report/html.ts';
import { packQueryData } from '../../report/query-data.ts';
import type { ReportEvent } from '../../report/types.ts';
import type { SimEvent } from '../../record/events.ts';
import { renderSummary } from '../../report/summary.ts';
import { writeOpenMetrics } from '../../record/openmetrics.ts';
import { prometheusOf } from '../../runtime/prometheus.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { ExitCode, UsageError } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';
import { nodeFileSystem } from '../node-fs.ts';
import { loadReportAssets } from '../report-assets.ts';
import { DEFAULT_WATCH_SPEED, parseWatchSpeed, runWatched } from '../watch.ts';
import type { RegisterCommand } from './index.ts';

export interface RunFlags {
  seed?: string;
  until?: string;
  set?: string[];
  out?: string;
  json?: boolean;
  expectHash?: string;
  trace?: string;
  metricsOut?: string;
  progress?: boolean;
  watch?: boolean;
  speed?: string;
}

/** Loads a scenario for a command, printing every error and warning; throws a UsageError (exit 2) on errors. */
export function loadScenarioOrExit(path: string, io: CliIo, set: readonly string[] = []): Scenario {
  const r = loadScenarioFile(resolve(path), nodeFileSystem, { set: [...set] });
  for (const w of r.warnings) io.err(`${formatFieldError(w)}\n`);
  if (!r.scenario || r.errors.length) {
    for (const e of r.errors) io.err(`${formatFieldError(e)}\n`);
    throw new UsageError(`${path}: ${r.errors.length} error(s); the scenario was not run`);
  }
  return r.scenario;
}

/** Parses --seed. */
export function parseSeed(seed: string | undefined): number | undefined {
  if (seed === undefined) return undefined;
  if (!/^-?\d+$/.test(seed)) throw new UsageError(`--seed: expected an integer, got ${JSON.stringify(seed)}`);
  return Number(seed);
}

/** Parses a time flag such as --until or --at. */
export function parseTimeFlag(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}

/** Runs a scenario to `untilMs` in chunks, drawing a progress bar on a TTY. */
export function runWithProgress(run: ScenarioRun, untilMs: number, io: CliIo, showProgress: boolean): void {
  const wallStart = performance.now();
  const chunk = Math.max(60_000, Math.ceil(untilMs / 100));
  for (let t = Math.min(chunk, untilMs); ; t = Math.min(t + chunk, untilMs)) {
    run.run(t);
    if (showProgress) {
      const frac = untilMs > 0 ? t / untilMs : 1;
      const width = 30;
      const filled = Math.round(frac * width);
      const wallMs = performance.now() - wallStart;
      const speed = wallMs > 0 ? Math.round(t / wallMs) : 0;
      io.err(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${formatDurationShort(t)}/${formatDurationShort(untilMs)}  ${speed.toLocaleString('en-US')}× real time `);
    }
    if (t >= untilMs) break;
  }
  if (showProgress) io.err('\n');
}

/**
 * Writes events.jsonl, metrics.csv, decisions.jsonl (and optionally the trace) for a run. `alerts` (the alert
 * transitions as events, `alertEvents`) go into events.jsonl by first timestamp, after the cluster's events of the
 * same instant. Each file is streamed line by line: a day of 1,000 Services is about 180 million metric points, far
 * past the longest string V8 can build (about 512 MiB), which a joined file used to need.
 */
export function writeRunFiles(dir: string, sim: Simulation, alerts: readonly ReportEvent[] = []): void {
  mkdirSync(dir, { recursive: true });
  const ts = (ms: number) => sim.clock.timestamp(ms);
  writeLines(join(dir, 'events.jsonl'), (line) => {
    const write = (e: SimEvent | ReportEvent) =>
      line(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          type: e.type,
          reason: e.reason,
          message: e.message,
          involvedObject: e.involvedObject,
          source: e.source,
          firstTimestamp: ts(e.firstTimestampMs),
          lastTimestamp: ts(e.lastTimestampMs),
          count: e.count,
        }),
      );
    let j = 0;
    for (const e of sim.events.all) {
      while (j < alerts.length && alerts[j]!.firstTimestampMs < e.firstTimestampMs) write(alerts[j++]!);
      write(e);
    }
    while (j < alerts.length) write(alerts[j++]!);
  });
  writeLines(join(dir, 'metrics.csv'), (line) => {
    line('series,labels,time,time_seconds,value');
    // Every series repeats the same few thousand scrape times: each is formatted once (the clock's own cache keeps
    // only the last minute, and the series start over from 0 one after another).
    const stamps = new Map<number, string>();
    const ts = (ms: number) => {
      let text = stamps.get(ms);
      if (text === undefined) stamps.set(ms, (text = sim.clock.timestamp(ms)));
      return text;
    };
    for (const s of sim.metrics.all()) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(';');
      const t = s.times();
      const v = s.values();
      for (let i = 0; i < t.length; i++) line(`${s.name},"${labels}",${ts(t[i]!)},${t[i]! / 1000},${v[i]}`);
    }
  });
  writeLines(join(dir, 'decisions.jsonl'), (line) => {
    for (const d of sim.decisions.all) line(JSON.stringify({ time: ts(d.tMs), t: d.tMs, controller: d.controller, object: d.object, summary: d.summary, details: d.details }));
  });
}

/** Lines written to a file each followed by a newline, in writes of about 1 MiB. */
export function writeLines(path: string, each: (line: (text: string) => void) => void): void {
  writeChunks(path, (write) => {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      write(parts.join(''));
      parts = [];
      size = 0;
    };
    each((text) => {
      parts.push(text, '\n');
      size += text.length + 1;
      if (size >= 1 << 20) flush();
    });
    if (parts.length) flush();
  });
}

/** A file written in the chunks `each` hands over, closed however `each` ends. */
function writeChunks(path: string, each: (write: (chunk: string) => void) => void): void {
  const fd = openSync(path, 'w');
  try {
    each((chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}

/** Writes the run's series as OpenMetrics text, streamed in chunks. */
function writeMetricsFile(path: string, sim: Simulation): void {
  writeChunks(path, (write) => writeOpenMetrics(prometheusOf(sim), write));
}

export const registerRun: RegisterCommand = (program: Command, io, setExit) => {
  program
    .command('run <scenario>')
    .description('run a scenario and print its summary; write events, metrics, decisions and a report')
    .option('--seed <n>', 'override the scenario seed')
    .option('--until <duration>', 'stop early, e.g. 2h')
    .option('--set <path=value...>', 'override scenario fields, e.g. spec.traffic[0].profile.diurnal.max=800')
    .option('--out <dir>', 'write events.jsonl, metrics.csv, decisions.jsonl and report.html here')
    .option('--json', 'print the summary as JSON')
    .option('--expect-hash <hash>', 'fail (exit 1) unless the run has this trace hash')
    .option('--trace <file>', 'write every trace record as JSON lines')
    .option('--metrics-out <file>', 'write every series in the OpenMetrics text format (promtool tsdb create-blocks-from openmetrics imports it)')
    .option('--no-progress', 'no progress bar')
    .option('--watch', 'play the run back in the terminal: key figures, deployments, HPAs, pods and events redrawn as time passes')
    .option('--speed <factor>', `--watch: simulated time per wall time, e.g. 600x (default ${DEFAULT_WATCH_SPEED}x), or max`)
    .action(async (path: string, flags: RunFlags) => {
      const speed = parseWatchSpeed(flags.speed);
      if (flags.watch && process.stdout.isTTY !== true) throw new UsageError('--watch redraws a terminal, and stdout is not one');
      const scenario = loadScenarioOrExit(path, io, flags.set);
      const seed = parseSeed(flags.seed);
      const until = flags.until ? Math.min(parseTimeFlag('--until', flags.until), scenario.durationMs) : scenario.durationMs;
      const run = new ScenarioRun(scenario, { ...(seed !== undefined ? { seed } : {}), keepTrace: !!flags.trace });
      if (flags.watch) await runWatched(run, until, io, speed, () => ({ rows: process.stdout.rows || 24, cols: process.stdout.columns || 80 }));
      else runWithProgress(run, until, io, flags.progress !== false && !flags.json && process.stderr.isTTY === true);
      const expectations = run.expectations();
      const data = buildReportData(run, expectations);
      if (flags.out) {
        writeRunFiles(flags.out, run.sim, alertEvents(run.alerts().alerts, run.sim.clock.epochMs));
        const query = packQueryData(prometheusOf(run.sim), { epochMs: run.sim.clock.epochMs, endMs: run.sim.nowMs, resolutionMs: run.sim.resolutionMs });
        writeFileSync(join(flags.out, 'report.html'), renderReportHtml(data, loadReportAssets(), query));
      }
      if (flags.trace) writeLines(flags.trace, (line) => run.sim.engine.trace.eachJsonLine(line));
      if (flags.metricsOut) writeMetricsFile(flags.metricsOut, run.sim);
      const hashOk = !flags.expectHash || flags.expectHash === run.sim.traceHash;
      if (flags.json) {
        io.out(`${JSON.stringify({ scenario: data.scenario, summary: data.summary, expectations: data.expectations, traceHash: run.sim.traceHash, hashOk }, null, 2)}\n`);
      } else {
        io.out(renderSummary(data, { color: process.stdout.isTTY === true }));
        if (flags.out) io.out(`\nWrote ${join(flags.out, 'report.html')}, events.jsonl, metrics.csv, decisions.jsonl\n`);
        if (!hashOk) io.out(`trace hash mismatch: expected ${flags.expectHash}, got ${run.sim.traceHash}\n`);
      }
      if (!hashOk || expectations.some((e) => !e.ok)) setExit(ExitCode.ExpectationFailed);
    });
};
