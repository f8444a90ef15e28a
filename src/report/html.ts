/**
 * The self-contained `report.html`: one file with the chart library (uPlot) inlined, the run's data embedded as JSON
 * and a small script that draws the charts, so it opens offline from disk. Charts are drawn only for series present
 * in the data. The time axis is simulated time as `h:mm` from the start of the run; timeline actions are drawn as
 * dashed vertical markers on every chart, and all charts share one cursor.
 */
import type { QueryBoxData } from './query-data.ts';
import type { ReportData, ReportSeries } from './types.ts';
import { renderServiceGraph, SERVICE_GRAPH_STYLE } from './service-graph.ts';

/** The chart library sources the CLI reads from node_modules (see `src/cli/report-assets.ts`). */
export interface ReportAssets {
  /** uPlot's IIFE build (`dist/uPlot.iife.min.js`), defines the global `uPlot`. */
  chartJs: string;
  /** uPlot's stylesheet (`dist/uPlot.min.css`). */
  chartCss?: string;
  /** The query box's script (`query-box.ts` bundled for the browser); without it the report has no query box. */
  queryJs?: string;
}

/** How one chart picks and draws series. Values are multiplied by `scale` (e.g. seconds → ms). */
interface ChartSpec {
  id: string;
  title: string;
  /** Y-axis label. */
  unit: string;
  /** Draw as steps (counts) rather than straight lines (rates, latencies). */
  stepped: boolean;
  lines: Array<{ label: string; seriesIndex: number; scale: number; dash?: number[]; axis?: 'right' }>;
  /** Label of the right axis, when some line uses it. */
  rightUnit?: string;
  /** Left-axis lines drawn stacked (each on top of the ones before), filled. */
  stacked?: boolean;
}

/**
 * Renders the single-file HTML report. `assets` provides the chart library to inline; nothing is fetched. With
 * `query` (the run's packed series, `packQueryData`) and `assets.queryJs`, the report gets a PromQL query box.
 */
export function renderReportHtml(data: ReportData, assets: ReportAssets, query?: QueryBoxData): string {
  const withQuery = query !== undefined && assets.queryJs !== undefined;
  const charts = chartSpecs(data.series);
  const payload = {
    scenario: data.scenario,
    summary: data.summary,
    timeline: data.timeline,
    expectations: data.expectations,
    // Chronological by first occurrence; ties keep the recorded order (Array.prototype.sort is stable).
    events: [...data.events].sort((a, b) => a.firstTimestampMs - b.firstTimestampMs),
    series: data.series.map((s) => ({ t: Array.from(s.points.t), v: Array.from(s.points.v, (x) => (Number.isFinite(x) ? x : null)) })),
    charts,
  };
  const s = data.scenario;
  const failed = data.expectations.filter((e) => !e.ok).length;
  const verdict =
    data.expectations.length === 0
      ? '<span class="badge neutral">no expectations</span>'
      : failed === 0
        ? `<span class="badge ok">all ${data.expectations.length} expectations met</span>`
        : `<span class="badge bad">${failed} of ${data.expectations.length} expectations failed</span>`;
  return `${documentHead(`${s.name} — kubesim report`, [assets.chartCss ?? '', STYLE, SERVICE_GRAPH_STYLE])}
<body>
<header>
  <div class="title"><h1>${escapeHtml(s.name)}</h1>${verdict}</div>
  ${s.description ? `<p class="description">${escapeHtml(s.description)}</p>` : ''}
  <dl class="meta">
    <div><dt>seed</dt><dd>${escapeHtml(String(s.seed))}</dd></div>
    <div><dt>simulated</dt><dd>${escapeHtml(formatClock(s.durationMs))}</dd></div>
    <div><dt>trace hash</dt><dd class="mono">${escapeHtml(s.traceHash)}</dd></div>
  </dl>
</header>
<main>
${renderExpectations(data)}
${renderFigures(data)}
<section class="charts" id="charts">
${charts.map((c) => `<figure class="chart" data-chart="${escapeHtml(c.id)}"><figcaption>${escapeHtml(c.title)}</figcaption><div class="plot"></div></figure>`).join('\n')}
</section>
${renderServiceGraph(data.summary.serviceGraph)}
${withQuery ? QUERY_SECTION : ''}
${renderTimeline(data)}
${renderObjectTables(data)}
<section class="card" id="events">
  <h2>Events <span class="count" id="event-count"></span></h2>
  <div class="filters">
    <input id="event-filter" type="search" placeholder="Filter by reason, object or message" aria-label="Filter events">
    <select id="event-type" aria-label="Event type"><option value="">All types</option><option>Normal</option><option>Warning</option></select>
  </div>
  <div class="table-wrap"><table class="events"><thead><tr><th>First seen</th><th>Type</th><th>Reason</th><th>Object</th><th>Count</th><th>From</th><th>Message</th></tr></thead><tbody></tbody></table></div>
</section>
</main>
<footer>kubesim · simulated time shown as h:mm from the start of the run</footer>
<script type="application/json" id="report-data">${escapeJsonForScript(JSON.stringify(payload))}</script>
<script>${escapeScript(assets.chartJs)}</script>
<script>${CLIENT_SCRIPT}</script>
${withQuery ? `<script type="application/json" id="query-data">${escapeJsonForScript(JSON.stringify(query))}</script>
<script>${escapeScript(assets.queryJs!)}</script>` : ''}
</body>
</html>
`;
}

/** The query box's markup; `query-box.ts` fills it. */
const QUERY_SECTION = `<section class="card" id="query">
  <h2>Query</h2>
  <p class="hint">PromQL over this run's series, under the exporters' names (as <code>kubesim query</code> answers): a chart over the whole run, a table at its end.</p>
  <form id="query-form" class="filters"><input id="query-input" type="text" spellcheck="false" autocomplete="off" placeholder="e.g. sum by (code) (rate(http_requests_total[5m]))" aria-label="PromQL query"><button type="submit">Run</button></form>
  <div id="query-examples" class="examples"></div>
  <pre id="query-error" class="query-error" hidden></pre>
  <div id="query-chart"></div>
  <div id="query-result" class="table-wrap"></div>
  <p id="query-omitted" class="hint" hidden></p>
</section>`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Makes JSON safe inside `<script type="application/json">`: `<` becomes `\u003c`, so neither `</script>` nor
 * `<!--` can occur, and U+2028/U+2029 are escaped too. `JSON.parse` gives back the identical value.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A script body may not contain `</script`; in minified JS it can only sit inside a string, where `<\/` is equal. */
function escapeScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function escapeStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The start of a self-contained kubesim page up to `</head>`: doctype, charset, viewport, an empty icon (no request
 * for favicon.ico), the title and one `<style>` element per stylesheet, each escaped so it cannot close its element.
 */
export function documentHead(title: string, styles: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
${styles.map((css) => `<style>${escapeStyle(css)}</style>`).join('\n')}
</head>`;
}

/** Simulated time as `h:mm` (or `h:mm:ss` when not on a whole minute). */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const base = `${h}:${String(m).padStart(2, '0')}`;
  return s === 0 ? base : `${base}:${String(s).padStart(2, '0')}`;
}

function labelsKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** Index list of the series named `name`, ordered by their labels so the chart is the same on every run. */
function byName(series: readonly ReportSeries[], name: string): number[] {
  return series
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.name === name)
    .sort((a, b) => (labelsKey(a.s.labels) < labelsKey(b.s.labels) ? -1 : labelsKey(a.s.labels) > labelsKey(b.s.labels) ? 1 : a.i - b.i))
    .map(({ i }) => i);
}

const PHASE_ORDER = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

/** Decides which charts to draw from the series present. */
function chartSpecs(series: readonly ReportSeries[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const label = (i: number, key: string): string => (series[i] as ReportSeries).labels[key] ?? (series[i] as ReportSeries).name;
  const add = (spec: ChartSpec): void => {
    if (spec.lines.length > 0) charts.push(spec);
  };

  add({
    id: 'replicasets',
    title: 'ReplicaSet replicas',
    unit: 'pods',
    stepped: true,
    lines: [
      ...byName(series, 'kube_replicaset_status_replicas').map((i) => ({ label: label(i, 'replicaset'), seriesIndex: i, scale: 1 })),
      ...byName(series, 'kube_deployment_status_replicas_available').map((i) => ({
        label: `${label(i, 'deployment')} available`,
        seriesIndex: i,
        scale: 1,
        dash: [6, 4],
      })),
    ],
  });
  add({
    id: 'pod-phases',
    title: 'Pods by phase',
    unit: 'pods',
    stepped: true,
    lines: byName(series, 'kube_pod_status_phase')
      .sort((a, b) => rank(PHASE_ORDER, label(a, 'phase')) - rank(PHASE_ORDER, label(b, 'phase')) || a - b)
      .map((i) => ({ label: label(i, 'phase'), seriesIndex: i, scale: 1 })),
  });
  add({
    id: 'nodes',
    title: 'Nodes',
    unit: 'nodes',
    stepped: true,
    lines: byName(series, 'kubesim_nodes').map((i) => ({ label: label(i, 'state'), seriesIndex: i, scale: 1 })),
  });
  const groups = byName(series, 'kubesim_node_group_nodes');
  if (groups.length > 0) {
    add({
      id: 'node-groups',
      title: 'Nodes by node group (stacked) and cost',
      unit: 'nodes',
      rightUnit: '$',
      stepped: true,
      stacked: true,
      lines: [
        ...groups.map((i) => ({ label: label(i, 'group'), seriesIndex: i, scale: 1 })),
        ...byName(series, 'kubesim_cost_dollars_total').map((i) => ({ label: 'total cost', seriesIndex: i, scale: 1, axis: 'right' as const, dash: [6, 4] })),
      ],
    });
  }
  add({
    id: 'node-utilization',
    title: 'Node CPU utilisation (requests / allocatable)',
    unit: '%',
    stepped: false,
    lines: byName(series, 'kubesim_node_cpu_utilization').map((i) => ({ label: label(i, 'node'), seriesIndex: i, scale: 100 })),
  });
  const hpas = [...new Set(byName(series, 'kube_horizontalpodautoscaler_status_current_replicas').map((i) => label(i, 'hpa')))];
  for (const hpa of hpas) {
    const of = (name: string): number[] => byName(series, name).filter((i) => label(i, 'hpa') === hpa);
    add({
      id: `hpa-${hpa}`,
      title: `HPA ${hpa}: replicas and metric`,
      unit: 'replicas',
      rightUnit: 'metric',
      stepped: true,
      lines: [
        ...of('kube_horizontalpodautoscaler_status_current_replicas').map((i) => ({ label: 'current replicas', seriesIndex: i, scale: 1 })),
        ...of('kube_horizontalpodautoscaler_status_desired_replicas').map((i) => ({ label: 'desired replicas', seriesIndex: i, scale: 1, dash: [6, 4] })),
        ...of('kubesim_hpa_metric_value').map((i) => ({ label: `${label(i, 'metric')}`, seriesIndex: i, scale: 1, axis: 'right' as const })),
        ...of('kubesim_hpa_metric_target').map((i) => ({ label: `${label(i, 'metric')} target`, seriesIndex: i, scale: 1, dash: [2, 4], axis: 'right' as const })),
      ],
    });
  }
  add({
    id: 'rps',
    title: 'Requests per second',
    unit: 'req/s',
    stepped: false,
    lines: byName(series, 'http_requests_per_second').map((i) => ({ label: label(i, 'service'), seriesIndex: i, scale: 1 })),
  });
  add({
    id: 'latency',
    title: 'Request latency',
    unit: 'ms',
    stepped: false,
    lines: byName(series, 'http_request_duration_seconds').map((i) => ({
      label: `${label(i, 'service')} p${Math.round(Number(label(i, 'quantile')) * 100)}`,
      seriesIndex: i,
      scale: 1000,
    })),
  });
  add({
    id: 'errors',
    title: 'Errors per second',
    unit: 'err/s',
    stepped: false,
    lines: byName(series, 'http_errors_per_second').map((i) => ({ label: label(i, 'service'), seriesIndex: i, scale: 1 })),
  });
  add({
    id: 'pending',
    title: 'Pending pods',
    unit: 'pods',
    stepped: true,
    lines: byName(series, 'kubesim_pods_pending').map((i) => ({ label: 'pending', seriesIndex: i, scale: 1 })),
  });
  add({
    id: 'cost',
    title: 'Cost',
    unit: '$',
    stepped: false,
    lines: byName(series, 'kubesim_cost_dollars_total').map((i) => ({ label: 'total cost', seriesIndex: i, scale: 1 })),
  });
  return charts;
}

function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}

function renderExpectations(data: ReportData): string {
  if (data.expectations.length === 0) return '';
  const items = data.expectations
    .map(
      (e) =>
        `<li class="${e.ok ? 'ok' : 'bad'}"><span class="mark" aria-label="${e.ok ? 'met' : 'failed'}">${e.ok ? '✓' : '✗'}</span><span class="what">${escapeHtml(e.description)}</span><span class="detail">${escapeHtml(e.detail)}</span></li>`,
    )
    .join('');
  return `<section class="card"><h2>Expectations</h2><ul class="expectations">${items}</ul></section>`;
}

function renderFigures(data: ReportData): string {
  const sm = data.summary;
  const figures: Array<[string, string]> = [];
  for (const svc of sm.services) {
    figures.push([`${svc.service} availability`, `${(svc.availability * 100).toFixed(3)}%`]);
    figures.push([`${svc.service} p99`, `${Math.round(svc.latencyMsP99)} ms`]);
  }
  for (const d of sm.networkPolicyDrops ?? []) figures.push([`${d.service} requests dropped by NetworkPolicy`, String(d.requests)]);
  for (const w of sm.workloads) figures.push([`${w.name} peak replicas`, String(w.peakReplicas)]);
  figures.push(['max pending', formatSeconds(sm.maxPendingMs)]);
  figures.push(['nodes start / peak / end', `${sm.nodesStart} / ${sm.nodesPeak} / ${sm.nodesEnd}`]);
  figures.push(['cost', `$${sm.costDollars.toFixed(2)}`]);
  figures.push(['restarts', String(sm.restartsTotal)]);
  for (const d of sm.daemonSets) figures.push([`${d.name} per node`, `${d.cpuMillisPerNode}m cpu (${(d.cpuShare * 100).toFixed(1)}%)`]);
  return `<section class="figures">${figures.map(([k, v]) => `<div class="figure"><div class="value">${escapeHtml(v)}</div><div class="label">${escapeHtml(k)}</div></div>`).join('')}</section>`;
}

/**
 * The workload and storage objects at the end of the run, one `kubectl get <resource> -A` table each, cells as
 * kubectl prints them; nothing when the run has none.
 */
function renderObjectTables(data: ReportData): string {
  const tables = data.objects ?? [];
  if (tables.length === 0) return '';
  const table = (t: (typeof tables)[number]) =>
    `<h3><code>kubectl get ${escapeHtml(t.resource)}${t.headers[0] === 'Namespace' ? ' -A' : ''}</code></h3>` +
    `<div class="table-wrap"><table class="objects" data-resource="${escapeHtml(t.resource)}"><thead><tr>${t.headers.map((h) => `<th>${escapeHtml(h.toUpperCase())}</th>`).join('')}</tr></thead>` +
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
  return `<section class="card" id="objects"><h2>Workloads and storage at the end</h2>${tables.map(table).join('\n')}</section>`;
}

function formatSeconds(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function renderTimeline(data: ReportData): string {
  if (data.timeline.length === 0) return '';
  const items = [...data.timeline]
    .sort((a, b) => a.atMs - b.atMs)
    .map((a) => `<li><time>${escapeHtml(formatClock(a.atMs))}</time><span>${escapeHtml(a.description)}</span></li>`)
    .join('');
  return `<section class="card"><h2>Timeline</h2><ol class="timeline">${items}</ol></section>`;
}

/** The report stylesheet, shared by the sweep report (`sweep-html.ts`). */
export const STYLE = `
:root { --fg:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --card:#fff; --ok:#0f7b4f; --bad:#c81e1e; --warn-bg:#fff4e5; --accent:#2563eb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color:var(--fg); background:var(--bg); }
header { background:var(--card); border-bottom:1px solid var(--line); padding:20px 32px 16px; }
.title { display:flex; align-items:center; gap:14px; flex-wrap:wrap; }
h1 { font-size:22px; margin:0; font-weight:650; }
h2 { font-size:15px; margin:0 0 10px; font-weight:650; }
.description { margin:6px 0 10px; color:var(--muted); max-width:900px; }
.meta { display:flex; gap:28px; margin:0; flex-wrap:wrap; }
.meta div { display:flex; gap:8px; align-items:baseline; }
dt { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
dd { margin:0; font-weight:600; }
.mono, time, td.num { font-family: ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px; }
.badge { font-size:12px; font-weight:600; padding:3px 10px; border-radius:999px; }
.badge.ok { background:#e3f6ec; color:var(--ok); } .badge.bad { background:#fde8e8; color:var(--bad); } .badge.neutral { background:var(--line); color:var(--muted); }
main { padding:20px 32px 32px; display:flex; flex-direction:column; gap:18px; }
.card, .chart { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; }
.expectations { list-style:none; margin:0; padding:0; display:grid; gap:6px; }
.expectations li { display:grid; grid-template-columns:22px minmax(200px,1fr) 2fr; gap:10px; align-items:baseline; }
.expectations .mark { font-weight:700; } .expectations .ok .mark { color:var(--ok); } .expectations .bad .mark { color:var(--bad); }
.expectations .detail { color:var(--muted); }
.figures { display:grid; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); gap:12px; }
.figure { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.figure .value { font-size:20px; font-weight:650; } .figure .label { color:var(--muted); font-size:12px; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(520px,1fr)); gap:18px; }
.chart { margin:0; min-width:0; } .chart figcaption { font-weight:650; margin-bottom:6px; }
.uplot { font-family:inherit; } .u-legend { font-size:12px; } .u-legend .u-marker { border-radius:2px; }
.timeline { list-style:none; margin:0; padding:0; display:grid; gap:4px; }
.timeline li { display:flex; gap:14px; } .timeline time { color:var(--accent); min-width:60px; }
.filters { display:flex; gap:10px; margin-bottom:10px; }
.filters input { flex:1; max-width:420px; padding:6px 10px; border:1px solid var(--line); border-radius:6px; font:inherit; }
.filters select { padding:6px 8px; border:1px solid var(--line); border-radius:6px; font:inherit; background:#fff; }
.table-wrap { max-height:520px; overflow:auto; border:1px solid var(--line); border-radius:6px; }
table.events { border-collapse:collapse; width:100%; font-size:13px; }
.events th { position:sticky; top:0; background:#f0f3f7; text-align:left; font-weight:600; padding:6px 10px; border-bottom:1px solid var(--line); }
.events td { padding:5px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
.events tr.warning td { background:var(--warn-bg); } .events tr.warning td.type { color:#b45309; font-weight:650; }
.count { color:var(--muted); font-weight:400; font-size:13px; }
#objects h3 { font-size:13px; font-weight:600; margin:14px 0 6px; } #objects h3:first-of-type { margin-top:4px; }
table.objects { border-collapse:collapse; width:100%; font-size:13px; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; }
.objects th { background:#f0f3f7; text-align:left; font-weight:600; padding:5px 10px; border-bottom:1px solid var(--line); white-space:nowrap; }
.objects td { padding:4px 10px; border-bottom:1px solid var(--line); white-space:nowrap; }
#query .hint { color:var(--muted); margin:0 0 8px; }
#query-input { max-width:none; font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
.filters button, .examples button { padding:6px 12px; border:1px solid var(--line); border-radius:6px; font:inherit; background:#fff; cursor:pointer; }
.examples { display:flex; flex-wrap:wrap; gap:6px; margin-bottom:10px; }
.examples button { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px; padding:3px 8px; color:var(--accent); }
.query-error { color:var(--bad); background:#fde8e8; padding:8px 10px; border-radius:6px; font-size:12.5px; white-space:pre; overflow:auto; }
table.query-table { border-collapse:collapse; width:100%; font-size:13px; }
.query-table th { text-align:left; background:#f0f3f7; padding:6px 10px; } .query-table td { padding:4px 10px; border-top:1px solid var(--line); }
.query-at, .query-empty { color:var(--muted); margin:6px 10px; }
footer { color:var(--muted); font-size:12px; padding:0 32px 24px; }
`;

/** Runs in the page: draws the charts with uPlot and wires the events filter. Plain ES2017, no imports. */
const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#9333ea'];
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function clock(sec) {
    var s = Math.round(sec), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h + ':' + pad2(m) + (r ? ':' + pad2(r) : '');
  }
  // Union of the chart's sample times; each series carries its last value forward over times it lacks.
  function align(chart) {
    var times = {};
    chart.lines.forEach(function (l) { data.series[l.seriesIndex].t.forEach(function (t) { times[t] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var cols = chart.lines.map(function (l) {
      var s = data.series[l.seriesIndex], out = new Array(xs.length), j = 0, last = null;
      for (var i = 0; i < xs.length; i++) {
        while (j < s.t.length && s.t[j] <= xs[i]) { last = s.v[j] === null ? null : s.v[j] * l.scale; j++; }
        out[i] = j === 0 ? null : last;
      }
      return out;
    });
    // Stacked charts: each left-axis line is drawn on top of the ones before it.
    if (chart.stacked) {
      var below = null;
      chart.lines.forEach(function (l, k) {
        if (l.axis === 'right') return;
        if (below) for (var i = 0; i < xs.length; i++) if (cols[k][i] !== null) cols[k][i] += below[i] || 0;
        below = cols[k];
      });
    }
    return [xs.map(function (t) { return t / 1000; })].concat(cols);
  }
  var markers = data.timeline.map(function (a) { return { x: a.atMs / 1000, label: a.description }; });
  function markerPlugin() {
    return { hooks: { draw: function (u) {
      var ctx = u.ctx; ctx.save();
      ctx.strokeStyle = 'rgba(100,116,139,0.75)'; ctx.setLineDash([4, 4]); ctx.lineWidth = 1;
      markers.forEach(function (m) {
        var x = Math.round(u.valToPos(m.x, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      });
      ctx.restore();
    } } };
  }
  var xIncrs = [1, 5, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800];
  var plots = [];
  data.charts.forEach(function (chart) {
    var fig = document.querySelector('[data-chart="' + chart.id + '"] .plot');
    var stepped = chart.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;
    var series = [{ label: 'time', value: function (u, v) { return v == null ? '–' : clock(v); } }];
    chart.lines.forEach(function (l, k) {
      var s = { label: l.label, stroke: PALETTE[k % PALETTE.length], width: 1.75, scale: l.axis === 'right' ? 'right' : 'y',
        value: function (u, v) { return v == null ? '–' : (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)); } };
      if (l.dash) s.dash = l.dash;
      if (stepped && l.axis !== 'right') s.paths = stepped;
      if (chart.stacked && l.axis !== 'right') s.fill = PALETTE[k % PALETTE.length] + '22';
      series.push(s);
    });
    var axes = [
      { scale: 'x', incrs: xIncrs, values: function (u, splits) { return splits.map(clock); }, grid: { stroke: '#eef1f4' } },
      { scale: 'y', label: chart.unit, grid: { stroke: '#eef1f4' }, size: 56 }
    ];
    var scales = { x: { time: false }, y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.08 : 1]; } } };
    if (chart.rightUnit) {
      axes.push({ scale: 'right', side: 1, label: chart.rightUnit, grid: { show: false }, size: 56 });
      scales.right = { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.08 : 1]; } };
    }
    var width = Math.max(320, fig.clientWidth);
    var opts = { width: width, height: 240, series: series, axes: axes, scales: scales, plugins: [markerPlugin()],
      cursor: { sync: { key: 'kubesim' } }, legend: { live: true } };
    plots.push({ plot: new uPlot(opts, align(chart), fig), el: fig });
  });
  // One resize per animation frame, however many resize events arrive.
  var resizePending = false;
  window.addEventListener('resize', function () {
    if (resizePending) return;
    resizePending = true;
    requestAnimationFrame(function () {
      resizePending = false;
      plots.forEach(function (p) { p.plot.setSize({ width: Math.max(320, p.el.clientWidth), height: 240 }); });
    });
  });

  var tbody = document.querySelector('table.events tbody');
  var filter = document.getElementById('event-filter');
  var typeSel = document.getElementById('event-type');
  var counter = document.getElementById('event-count');
  var rows = data.events.map(function (e) {
    var tr = document.createElement('tr');
    if (e.type === 'Warning') tr.className = 'warning';
    var obj = e.involvedObject.kind.toLowerCase() + '/' + e.involvedObject.name;
    var cells = [clock(e.firstTimestampMs / 1000), e.type, e.reason, obj, String(e.count), e.source.component, e.message];
    cells.forEach(function (text, i) {
      var td = document.createElement('td'); td.textContent = text;
      if (i === 0 || i === 4) td.className = 'num';
      if (i === 1) td.className = 'type';
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
    return { tr: tr, type: e.type, text: (e.reason + ' ' + obj + ' ' + e.message + ' ' + e.source.component).toLowerCase() };
  });
  function applyFilter() {
    var q = filter.value.trim().toLowerCase(), t = typeSel.value, shown = 0;
    rows.forEach(function (r) {
      var visible = (!t || r.type === t) && (!q || r.text.indexOf(q) !== -1);
      r.tr.style.display = visible ? '' : 'none';
      if (visible) shown++;
    });
    counter.textContent = shown === rows.length ? '(' + rows.length + ')' : '(' + shown + ' of ' + rows.length + ')';
  }
  filter.addEventListener('input', applyFilter);
  typeSel.addEventListener('change', applyFilter);
  applyFilter();
})();
`;
