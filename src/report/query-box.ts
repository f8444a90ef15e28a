/**
 * The report's query box, run in the page: it unpacks the embedded series (`query-data.ts`) and answers PromQL with
 * the engine `kubesim query` uses, as a range query over the whole run (a uPlot chart) and an instant query at its
 * end (a table). A parse error is shown with a caret under its position, as the CLI prints it. Bundled for the
 * browser by `src/cli/report-assets.ts`; it needs the page's `#query-data` element and uPlot's global.
 */
import { Evaluator, PromQLEvalError } from '../record/promql/eval.ts';
import { PromQLError, parsePromQL } from '../record/promql/parse.ts';
import { formatLabels, type RangeSeries, type Value } from '../record/promql/value.ts';
import { unpackQueryData, type QueryBoxData } from './query-data.ts';

/** The part of uPlot's API the box uses. */
interface UPlotInstance {
  destroy(): void;
}
type UPlotCtor = new (opts: Record<string, unknown>, data: (number | null)[][], target: HTMLElement) => UPlotInstance;

/** Points a range query draws at most: the step grows with the run (a day at 15 s is 5,760 points per series). */
const MAX_CHART_POINTS = 720;
/** Series charted at most (the table lists all). */
const MAX_CHART_SERIES = 20;
const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#9333ea'];

/** A sample value as Prometheus prints it. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function clock(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return `${h}:${String(m).padStart(2, '0')}${r ? `:${String(r).padStart(2, '0')}` : ''}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** Starts the box in the page; does nothing when the page has no query data. */
function start(): void {
  const dataEl = document.getElementById('query-data');
  const form = document.getElementById('query-form') as HTMLFormElement | null;
  const input = document.getElementById('query-input') as HTMLInputElement | null;
  const errorEl = document.getElementById('query-error');
  const resultEl = document.getElementById('query-result');
  const chartEl = document.getElementById('query-chart');
  const examplesEl = document.getElementById('query-examples');
  if (!dataEl || !form || !input || !errorEl || !resultEl || !chartEl || !examplesEl) return;
  const data = JSON.parse(dataEl.textContent ?? '{}') as QueryBoxData;
  const storage = unpackQueryData(data);
  const startMs = data.epochMs;
  const endMs = data.epochMs + data.endMs;
  const stepMs = Math.max(data.resolutionMs, Math.ceil(data.endMs / MAX_CHART_POINTS / data.resolutionMs) * data.resolutionMs);
  let plot: UPlotInstance | undefined;

  const showError = (text: string) => {
    errorEl.textContent = text;
    errorEl.hidden = false;
  };

  const run = () => {
    const query = input.value;
    errorEl.hidden = true;
    resultEl.replaceChildren();
    plot?.destroy();
    plot = undefined;
    chartEl.replaceChildren();
    if (query.trim() === '') return;
    let expr;
    try {
      expr = parsePromQL(query);
    } catch (e) {
      if (!(e instanceof PromQLError)) throw e;
      const line = query.split('\n')[e.line - 1] ?? '';
      showError(`${e.message}\n  ${line}\n  ${' '.repeat(Math.max(0, e.column - 1))}^`);
      return;
    }
    const evaluator = new Evaluator(storage);
    let instant: Value;
    let range: RangeSeries[] | undefined;
    try {
      instant = evaluator.instant(expr, endMs);
      if (instant.type === 'vector' || instant.type === 'scalar') range = evaluator.range(expr, startMs, endMs, stepMs);
    } catch (e) {
      if (!(e instanceof PromQLEvalError)) throw e;
      showError(`query failed: ${e.message}`);
      return;
    }
    resultEl.append(resultTable(instant, data.epochMs, data.endMs));
    if (range && range.length > 0) plot = drawChart(chartEl, range, startMs, endMs, stepMs);
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run();
  });
  for (const q of data.examples) {
    const b = el('button', q, 'example');
    b.type = 'button';
    b.addEventListener('click', () => {
      input.value = q;
      run();
    });
    examplesEl.append(b);
  }
  if (data.omitted.length > 0) {
    const note = document.getElementById('query-omitted');
    if (note) {
      note.textContent = `Not embedded (too many points for the page; kubesim query answers them): ${data.omitted.join(', ')}`;
      note.hidden = false;
    }
  }
}

/** The instant result at the end of the run as a table: series and value (a range vector: its points). */
function resultTable(v: Value, epochMs: number, endMs: number): HTMLElement {
  const wrap = el('div');
  wrap.append(el('p', `at ${clock(endMs / 1000)} (the end of the run)`, 'query-at'));
  const table = el('table', undefined, 'query-table');
  const head = el('tr');
  head.append(el('th', 'Series'), el('th', 'Value'));
  table.append(head);
  const row = (series: string, value: string) => {
    const tr = el('tr');
    tr.append(el('td', series, 'mono'), el('td', value, 'mono'));
    table.append(tr);
  };
  if (v.type === 'scalar') row('scalar', formatValue(v.v));
  else if (v.type === 'string') row('string', v.s);
  else if (v.type === 'vector') for (const s of v.samples) row(formatLabels(s.labels), formatValue(s.v));
  else for (const s of v.series) row(formatLabels(s.labels), s.v.map((x, i) => `${formatValue(x)} @${clock((s.t[i]! - epochMs) / 1000)}`).join(' '));
  if (table.rows.length === 1) wrap.append(el('p', 'empty query result', 'query-empty'));
  else wrap.append(table);
  return wrap;
}

/** The range result over the run as a line chart, x in simulated seconds. */
function drawChart(target: HTMLElement, series: readonly RangeSeries[], startMs: number, endMs: number, stepMs: number): UPlotInstance | undefined {
  const UPlot = (globalThis as { uPlot?: UPlotCtor }).uPlot;
  if (!UPlot) return undefined;
  const xs: number[] = [];
  for (let t = startMs; t <= endMs; t += stepMs) xs.push((t - startMs) / 1000);
  const shown = series.slice(0, MAX_CHART_SERIES);
  const cols = shown.map((s) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    s.t.forEach((t, i) => {
      const v = s.v[i]!;
      out[Math.round((t - startMs) / stepMs)] = Number.isFinite(v) ? v : null;
    });
    return out;
  });
  const width = Math.max(320, target.clientWidth || 800);
  return new UPlot(
    {
      width,
      height: 260,
      scales: { x: { time: false } },
      // Ticks on whole minutes and hours of simulated time.
      axes: [{ incrs: [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400], values: (_u: unknown, ticks: number[]) => ticks.map(clock) }, {}],
      series: [{ label: 'time', value: (_u: unknown, v: number | null) => (v === null ? '' : clock(v)) }, ...shown.map((s, i) => ({ label: formatLabels(s.labels), stroke: PALETTE[i % PALETTE.length], width: 1.5 }))],
    },
    [xs, ...cols],
    target,
  );
}

start();
