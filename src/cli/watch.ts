/**
 * `kubesim run SCENARIO --watch [--speed 600x]`: live playback in a terminal. The run advances by `speed` ×
 * the wall time of each frame, and every frame redraws the key figures (per Service the request rate, error rate and
 * p99 latency of the last sample, nodes, pods, cost so far) and the `kubectl get deploy`, `get hpa` and `get pods`
 * tables with the latest events, cut to the terminal's size. Pacing only decides where the run pauses between
 * frames; the run, its summary and its trace hash are those of `kubesim run` without `--watch`.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { formatDurationShort } from '../engine/duration.ts';
import { seriesId } from '../record/metrics.ts';
import { toReportEvents } from '../report/events.ts';
import { getDeployments, getEvents, getHorizontalPodAutoscalers, getPods } from '../report/kubectl.ts';
import type { ScenarioRun } from '../scenario/run.ts';
import { UsageError } from './exit-codes.ts';
import type { CliIo } from './main.ts';

/** Simulated ms per wall ms, or as fast as the machine goes (one redraw per simulated minute). */
export type WatchSpeed = number | 'max';

/** The default `--speed`: ten simulated minutes per second, a day in 2.4 minutes. */
export const DEFAULT_WATCH_SPEED = 600;

/** Wall time of one frame, ms. */
const FRAME_MS = 100;

/** Parses `--speed`: `600x`, `600` or `max`. */
export function parseWatchSpeed(text: string | undefined): WatchSpeed {
  if (text === undefined) return DEFAULT_WATCH_SPEED;
  if (text === 'max') return 'max';
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(text);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--speed: expected a factor such as 600x, or max, got ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** The terminal's size (rows × columns). */
export interface TerminalSize {
  rows: number;
  cols: number;
}

/** The last value of the series `name{service, …extra}`, or undefined. */
function lastOf(run: ScenarioRun, name: string, service: string, extra: Record<string, string> = {}): number | undefined {
  const s = run.sim.metrics.find(seriesId(name, { ...extra, service }));
  const v = s?.values();
  return v && v.length > 0 ? v[v.length - 1] : undefined;
}

function fixed(v: number | undefined, digits: number, unit = ''): string {
  return v === undefined || !Number.isFinite(v) ? '-' : `${v.toFixed(digits)}${unit}`;
}

/** A table's lines, at most `max` of its rows (after the header), with a line saying how many were left out. */
function cut(table: string, max: number): string[] {
  const lines = table.split('\n').filter((l) => l !== '');
  if (lines.length - 1 <= max) return lines;
  const keep = Math.max(0, max - 1);
  return [...lines.slice(0, keep + 1), `… ${lines.length - 1 - keep} more`];
}

/** One frame of the playback at the run's current time, cut to `size`. */
export function renderWatchFrame(run: ScenarioRun, untilMs: number, speed: WatchSpeed, size: TerminalSize): string {
  const { sim, scenario } = run;
  const now = sim.nowMs;
  const clock = { epochMs: sim.clock.epochMs, nowMs: now };
  const nodes = sim.store.list<Node>('Node');
  const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const pods = sim.store.list<Pod>('Pod');
  const phase = (p: string) => pods.filter((x) => (x.status?.phase ?? 'Pending') === p).length;
  const width = 24;
  const filled = untilMs > 0 ? Math.round((now / untilMs) * width) : width;
  const lines: string[] = [
    `kubesim  ${scenario.metadata.name}  ${formatDurationShort(now)} / ${formatDurationShort(untilMs)}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]  ${speed === 'max' ? 'max speed' : `${speed}×`}`,
    `nodes ${ready}/${nodes.length} Ready   pods ${phase('Running')} Running, ${phase('Pending')} Pending   cost $${sim.cost.toFixed(2)}`,
  ];
  if (scenario.traffic.length > 0) {
    const rows = scenario.traffic.map((t) => [
      t.service,
      fixed(lastOf(run, 'http_requests_per_second', t.service), 1),
      fixed(lastOf(run, 'http_errors_per_second', t.service), 2),
      fixed((lastOf(run, 'http_request_duration_seconds', t.service, { quantile: '0.99' }) ?? Number.NaN) * 1000, 0, 'ms'),
    ]);
    const w = [0, 1, 2, 3].map((i) => Math.max(...[['SERVICE', 'RPS', 'ERRORS/S', 'P99'][i]!, ...rows.map((r) => r[i]!)].map((s) => s.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('   ').trimEnd();
    lines.push('', line(['SERVICE', 'RPS', 'ERRORS/S', 'P99']), ...rows.map(line));
  }
  const deployments = sim.store.list<Deployment>('Deployment');
  if (deployments.length > 0) lines.push('', ...cut(getDeployments(deployments, clock), 4));
  const hpas = sim.store.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  if (hpas.length > 0) lines.push('', ...cut(getHorizontalPodAutoscalers(hpas, clock), 3));
  const events = toReportEvents(sim.events.all)
    .filter((e) => e.lastTimestampMs <= now)
    .sort((a, b) => a.lastTimestampMs - b.lastTimestampMs)
    .slice(-4);
  // What is left of the screen goes to the pods, after the events' header line and one line per event.
  const eventLines = events.length > 0 ? events.length + 2 : 0;
  const podRows = Math.max(1, size.rows - lines.length - 2 - eventLines - 1);
  lines.push('', ...cut(getPods(pods, clock), podRows));
  if (events.length > 0) lines.push('', ...cut(getEvents(events, clock), events.length));
  return lines
    .slice(0, size.rows - 1)
    .map((l) => (l.length > size.cols ? `${l.slice(0, Math.max(0, size.cols - 1))}…` : l))
    .join('\n');
}

const CLEAR = '\x1b[H\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Runs to `untilMs`, redrawing a frame every {@link FRAME_MS} of wall time; resolves when the run is there. */
export async function runWatched(run: ScenarioRun, untilMs: number, io: CliIo, speed: WatchSpeed, size: () => TerminalSize): Promise<void> {
  const restore = () => io.out(SHOW_CURSOR);
  const interrupted = () => {
    restore();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  io.out(HIDE_CURSOR);
  try {
    for (let t = 0; ; ) {
      const frameStart = performance.now();
      t = Math.min(untilMs, speed === 'max' ? t + 60_000 : t + speed * FRAME_MS);
      run.run(t);
      io.out(`${CLEAR}${renderWatchFrame(run, untilMs, speed, size())}\n`);
      if (t >= untilMs) break;
      const rest = FRAME_MS - (performance.now() - frameStart);
      if (speed !== 'max' && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  } finally {
    process.removeListener('SIGINT', interrupted);
    restore();
  }
}
