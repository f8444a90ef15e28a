/**
 * `kubesim query SCENARIO 'PROMQL' [--at T | --range D[:STEP]]`: runs the scenario and evaluates a PromQL query
 * over its series as Prometheus would hold them (exporter names and labels, see record/promql/exporters.ts): an
 * instant query at --at (default: the end), or a range query over the D before --at every STEP (default: the
 * scenario's resolution), printed as a table, a terminal chart or the Prometheus API's JSON.
 */
import { formatDurationShort } from '../../engine/duration.ts';
import { PromQLEvalError } from '../../record/promql/eval.ts';
import { PromQLError, parsePromQL } from '../../record/promql/parse.ts';
import { formatInstant, formatRangeChart, formatRangeTable, promApiData } from '../../report/promql.ts';
import { queryInstant, queryRange } from '../../runtime/prometheus.ts';
import { ScenarioRun } from '../../scenario/run.ts';
import { UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';
import { loadScenarioOrExit, parseSeed, parseTimeFlag, runWithProgress } from './run.ts';

interface QueryFlags {
  at?: string;
  range?: string;
  output?: string;
  seed?: string;
  set?: string[];
  progress?: boolean;
}

/** A parse error with the query and a caret under the position, as a UsageError. */
export function queryError(query: string, e: PromQLError): UsageError {
  const line = query.split('\n')[e.line - 1] ?? '';
  return new UsageError(`${e.message}\n  ${line}\n  ${' '.repeat(Math.max(0, e.column - 1))}^`);
}

export const registerQuery: RegisterCommand = (program, io) => {
  program
    .command('query <scenario> <promql>')
    .description('run a scenario and evaluate a PromQL query over its metrics (instant, or --range)')
    .option('--at <time>', "simulated time of the query, or the end of --range (default: the scenario's end)")
    .option('--range <duration[:step]>', 'a range query over the duration before --at, every step (default: the resolution)')
    .option('-o, --output <format>', 'table, chart (range queries: the default) or json')
    .option('--seed <n>', 'override the scenario seed')
    .option('--set <path=value...>', 'override scenario fields')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
Series carry the real exporters' names and labels: kube-state-metrics (kube_pod_status_phase, kube_deployment_*,
kube_horizontalpodautoscaler_*, kube_node_status_condition, …), cAdvisor (container_cpu_usage_seconds_total,
container_memory_working_set_bytes) and the application (http_requests_total{service,code,…}); kubesim_* for the rest.

Examples:
  kubesim query scenarios/canary.yaml 'sum by (code) (rate(http_requests_total[1m]))' --at 5m
  kubesim query scenarios/webapi-peak.yaml 'kube_horizontalpodautoscaler_status_desired_replicas' --range 24h:10m
  kubesim query scenarios/crashloop.yaml 'increase(kube_pod_container_status_restarts_total[10m]) > 0'`,
    )
    .action((path: string, query: string, flags: QueryFlags) => {
      // Parsed before the run, so a bad query fails at once.
      try {
        parsePromQL(query);
      } catch (e) {
        if (e instanceof PromQLError) throw queryError(query, e);
        throw e;
      }
      const output = flags.output ?? (flags.range ? 'chart' : 'table');
      if (!['table', 'chart', 'json'].includes(output)) throw new UsageError(`--output: expected table, chart or json, got ${JSON.stringify(output)}`);
      if (output === 'chart' && !flags.range) throw new UsageError('--output chart needs --range');
      const scenario = loadScenarioOrExit(path, io, flags.set);
      const seed = parseSeed(flags.seed);
      const atMs = flags.at === undefined ? scenario.durationMs : parseTimeFlag('--at', flags.at);
      if (atMs < 0 || atMs > scenario.durationMs) throw new UsageError(`--at ${flags.at}: outside the scenario (0 … ${formatDurationShort(scenario.durationMs)})`);
      let range: { startMs: number; stepMs: number } | undefined;
      if (flags.range !== undefined) {
        const [d = '', step] = flags.range.split(':');
        const durationMs = parseTimeFlag('--range', d);
        const stepMs = step === undefined ? scenario.resolutionMs : parseTimeFlag('--range step', step);
        if (!(stepMs > 0)) throw new UsageError(`--range: the step must be positive, got ${flags.range}`);
        range = { startMs: Math.max(0, atMs - durationMs), stepMs };
      }
      const run = new ScenarioRun(scenario, seed !== undefined ? { seed } : {});
      runWithProgress(run, atMs, io, flags.progress !== false && process.stderr.isTTY === true);
      const epoch = run.sim.clock.epochMs;
      try {
        if (range) {
          const series = queryRange(run.sim, query, range.startMs, atMs, range.stepMs);
          const [start, end] = [epoch + range.startMs, epoch + atMs];
          if (output === 'json') io.out(`${JSON.stringify({ status: 'success', data: promApiData({ type: 'range', series }, end) })}\n`);
          else if (output === 'table') io.out(formatRangeTable(series, start, end, range.stepMs, epoch));
          else io.out(formatRangeChart(series, start, end, range.stepMs, epoch));
        } else {
          const v = queryInstant(run.sim, query, atMs);
          io.out(output === 'json' ? `${JSON.stringify({ status: 'success', data: promApiData(v, epoch + atMs) })}\n` : formatInstant(v, epoch));
        }
      } catch (e) {
        if (e instanceof PromQLEvalError) throw new UsageError(`query failed: ${e.message}`);
        throw e;
      }
    });
};
