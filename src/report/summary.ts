/**
 * The terminal summary printed after a run: SLOs per service, workload peaks, pending time, nodes and cost,
 * restarts, the expectations' verdicts and the trace hash. Plain text in aligned columns; ANSI colour only when
 * asked for (the CLI decides from the terminal).
 */
import { formatClock } from './html.ts';
import type { ReportData } from './types.ts';

/** Options for {@link renderSummary}. */
export interface SummaryOptions {
  /** Colour ✓ green and ✗ red with ANSI escapes. */
  color: boolean;
}

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function columns(rows: readonly (readonly string[])[], visibleWidth: (s: string) => number): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleWidth(cell)))).join('  ').trimEnd(),
  );
}

/** Duration for humans: `45s`, `1m34s`, `2h05m`. */
function formatDurationMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(3)}%`;
}

/** Bytes with the largest binary suffix that divides them (`200Mi`, `1536Ki`), or plain bytes. */
function binaryBytes(bytes: number): string {
  const suffixes = ['Ki', 'Mi', 'Gi', 'Ti'];
  let n = bytes;
  let i = -1;
  while (i < suffixes.length - 1 && n >= 1024 && n % 1024 === 0) {
    n /= 1024;
    i++;
  }
  return i < 0 ? String(bytes) : `${n}${suffixes[i]}`;
}

/** Renders the summary. Ends with a newline. */
export function renderSummary(data: ReportData, opts: SummaryOptions): string {
  const paint = (code: string, s: string): string => (opts.color ? `${code}${s}${RESET}` : s);
  // Width without ANSI colour codes, so coloured cells still line up.
  const visibleWidth = (s: string): number => [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;
  const mark = (ok: boolean): string => (ok ? paint(GREEN, '✓') : paint(RED, '✗'));
  const { scenario, summary } = data;
  const out: string[] = [];

  out.push(`${paint(BOLD, scenario.name)}  seed ${scenario.seed}  simulated ${formatClock(scenario.durationMs)}`);
  if (scenario.description) out.push(paint(DIM, scenario.description));
  out.push('');

  if (summary.services.length > 0) {
    const rows: string[][] = [['SERVICE', 'AVAILABILITY', 'OBJECTIVE', '', 'P99', 'OBJECTIVE', '', 'REQUESTS', 'ERRORS']];
    for (const s of summary.services) {
      const availOk = s.availabilityObjective === undefined ? undefined : s.availability >= s.availabilityObjective;
      const p99Ok = s.latencyMsP99Objective === undefined ? undefined : s.latencyMsP99 <= s.latencyMsP99Objective;
      rows.push([
        s.service,
        percent(s.availability),
        s.availabilityObjective === undefined ? '-' : percent(s.availabilityObjective),
        availOk === undefined ? '' : mark(availOk),
        `${Math.round(s.latencyMsP99)}ms`,
        s.latencyMsP99Objective === undefined ? '-' : `${Math.round(s.latencyMsP99Objective)}ms`,
        p99Ok === undefined ? '' : mark(p99Ok),
        String(s.requestsTotal),
        String(s.errorsTotal),
      ]);
    }
    out.push(...columns(rows, visibleWidth), '');
  }

  if (summary.ingresses) {
    const rows: string[][] = [['INGRESS', 'HOST', 'PATH', 'SERVICE', 'REQUESTS', '2XX', '4XX', '5XX']];
    const sum = (by: Record<string, number>, c: string) => Object.entries(by).reduce((n, [k, v]) => (k.startsWith(c) ? n + v : n), 0);
    for (const r of summary.ingresses) {
      rows.push([r.ingress ? `${r.namespace}/${r.ingress}` : '(default backend)', r.host, r.path || '-', r.service || '-', String(r.requests), String(sum(r.byStatus, '2')), String(sum(r.byStatus, '4')), String(sum(r.byStatus, '5'))]);
    }
    out.push(...columns(rows, visibleWidth), '');
  }

  if (summary.networkPolicyDrops) {
    const rows: string[][] = [['DROPPED BY NETWORKPOLICY', 'REQUESTS']];
    for (const d of summary.networkPolicyDrops) rows.push([d.service, String(d.requests)]);
    out.push(...columns(rows, visibleWidth), paint(DIM, 'requests failed because a NetworkPolicy dropped them or one of their calls (kubesim explain-traffic shows why)'), '');
  }

  if (summary.workloads.length > 0) {
    const rows: string[][] = [['WORKLOAD', 'PEAK REPLICAS', 'MIN AVAILABLE']];
    for (const w of summary.workloads) rows.push([`${w.kind.toLowerCase()}/${w.name}`, String(w.peakReplicas), String(w.minAvailableReplicas)]);
    out.push(...columns(rows, visibleWidth), '');
  }

  if (summary.nodeGroups.length > 0) {
    const rows: string[][] = [['NODE GROUP', 'MIN', 'MAX', 'NODES (MIN/PEAK/END)']];
    for (const g of summary.nodeGroups) rows.push([g.name, String(g.min), String(g.max), `${g.nodesMin}/${g.nodesPeak}/${g.nodesEnd}`]);
    out.push(...columns(rows, visibleWidth), '');
    const cost: string[][] = [['POOL', 'INSTANCE TYPE', 'CAPACITY', 'NODE-HOURS', 'COST']];
    for (const c of summary.costByPool) cost.push([c.pool, c.instanceType || '-', c.capacityType, c.nodeHours.toFixed(2), `$${c.dollars.toFixed(2)}`]);
    out.push(...columns(cost, visibleWidth), '');
  }

  const alerts = summary.alerts ?? [];
  if (alerts.length > 0) {
    const time = (ms: number | undefined) => (ms === undefined ? '-' : formatDurationMs(ms));
    const rows: string[][] = [['ALERT', 'LABELS', 'PENDING', 'FIRING', 'RESOLVED']];
    for (const a of alerts) rows.push([a.name, a.labels.length > 60 ? `${a.labels.slice(0, 59)}…` : a.labels || '-', time(a.pendingAtMs), time(a.firedAtMs), time(a.resolvedAtMs)]);
    out.push(...columns(rows, visibleWidth), '');
  }

  if (summary.daemonSets.length > 0) {
    const rows: string[][] = [['DAEMONSET', 'NODES', 'CPU/NODE', 'MEMORY/NODE', 'OF ALLOCATABLE']];
    for (const d of summary.daemonSets) {
      rows.push([`${d.namespace}/${d.name}`, String(d.nodes), `${d.cpuMillisPerNode}m`, binaryBytes(d.memoryBytesPerNode), `${(d.cpuShare * 100).toFixed(1)}% cpu, ${(d.memoryShare * 100).toFixed(1)}% memory`]);
    }
    out.push(...columns(rows, visibleWidth), '');
  }

  const figures: string[][] = [
    ['max pending', summary.maxPendingMs > 0 ? `${formatDurationMs(summary.maxPendingMs)} (${summary.maxPendingPod})` : '0s'],
    ['nodes', `${summary.nodesStart} at start, ${summary.nodesPeak} at peak, ${summary.nodesEnd} at end`],
    ['cost', `$${summary.costDollars.toFixed(2)}`],
    ...(summary.sidecars ? [['sidecars', `${summary.sidecars.pods} istio-proxy, requesting ${summary.sidecars.cpuMillis}m CPU and ${binaryBytes(summary.sidecars.memoryBytes)} memory`]] : []),
    ['restarts', String(summary.restartsTotal)],
    ['evictions', String(summary.podsEvicted)],
    ...(summary.notRecorded ?? []).map((n, i) => [i === 0 ? 'not recorded' : '', n]),
  ];
  out.push(...columns(figures, visibleWidth), '');

  if (data.expectations.length > 0) {
    const failed = data.expectations.filter((e) => !e.ok).length;
    out.push(failed === 0 ? paint(GREEN, `expectations: all ${data.expectations.length} met`) : paint(RED, `expectations: ${failed} of ${data.expectations.length} failed`));
    out.push(...columns(data.expectations.map((e) => [`  ${mark(e.ok)}`, e.description, paint(DIM, e.detail)]), visibleWidth));
    out.push('');
  }
  out.push(`trace ${scenario.traceHash}`);
  return `${out.join('\n')}\n`;
}
