/**
 * PromQL results for people: an instant vector as a table, a range result as a table (one column per series) or
 * a compact chart (a sparkline per series with its min, max and last value), and the Prometheus HTTP API's JSON
 * shape (`{resultType, result}`) for tools. Times are shown as simulated time since the start of the run.
 */
import { formatDurationShort } from '../engine/duration.ts';
import { formatLabels, type RangeSeries, type Value } from '../record/promql/value.ts';
import { formatTable } from './kubectl.ts';

/** A sample value as Prometheus prints it: NaN, +Inf, -Inf, else the shortest decimal. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** An instant query's result: a table of series and values (points of a range vector with their simulated time). */
export function formatInstant(v: Value, epochMs: number): string {
  switch (v.type) {
    case 'scalar':
      return `${formatSampleValue(v.v)}\n`;
    case 'string':
      return `${v.s}\n`;
    case 'vector':
      if (v.samples.length === 0) return 'empty query result\n';
      return formatTable(['series', 'value'], v.samples.map((s) => [formatLabels(s.labels), formatSampleValue(s.v)]));
    case 'matrix':
      if (v.series.length === 0) return 'empty query result\n';
      return formatTable(
        ['series', 'values'],
        v.series.map((s) => [formatLabels(s.labels), s.v.map((x, i) => `${formatSampleValue(x)} @${formatDurationShort(s.t[i]! - epochMs)}`).join(' ')]),
      );
  }
}

/** A range result as a table: a TIME column (simulated) and one column per series, numbered in a legend. */
export function formatRangeTable(series: readonly RangeSeries[], startMs: number, endMs: number, stepMs: number, epochMs: number): string {
  if (series.length === 0) return 'empty query result\n';
  const legend = series.map((s, i) => `[${i + 1}] ${formatLabels(s.labels)}`).join('\n');
  const rows: string[][] = [];
  const at = series.map((s) => new Map(s.t.map((t, i) => [t, s.v[i]!])));
  for (let t = startMs; t <= endMs; t += stepMs) {
    rows.push([formatDurationShort(t - epochMs), ...at.map((m) => (m.has(t) ? formatSampleValue(m.get(t)!) : ''))]);
  }
  return `${legend}\n\n${formatTable(['time', ...series.map((_, i) => `[${i + 1}]`)], rows)}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A range result as a chart: per series one line of at most `width` bars (default 60) (each the mean of its steps; a blank where the
 * series has no points), scaled to the min and max over all series so lines compare, then min / max / last.
 */
export function formatRangeChart(series: readonly RangeSeries[], startMs: number, endMs: number, stepMs: number, epochMs: number, width = 60): string {
  if (series.length === 0) return 'empty query result\n';
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const v of s.v) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const span = endMs - startMs;
  const steps = Math.floor(span / stepMs) + 1;
  const cells = Math.max(1, Math.min(width, steps));
  const header = `${formatDurationShort(startMs - epochMs)} … ${formatDurationShort(endMs - epochMs)}, scale ${formatSampleValue(lo)} … ${formatSampleValue(hi)}`;
  const lines = series.map((s) => {
    const sum = new Float64Array(cells);
    const n = new Float64Array(cells);
    s.t.forEach((t, i) => {
      const v = s.v[i]!;
      if (!Number.isFinite(v)) return;
      // Step index first, in integers, so steps map onto cells without floating-point collisions.
      const c = Math.min(cells - 1, Math.floor((Math.round((t - startMs) / stepMs) * cells) / steps));
      sum[c]! += v;
      n[c]!++;
    });
    let bar = '';
    for (let c = 0; c < cells; c++) {
      if (n[c] === 0) bar += ' ';
      else bar += BARS[hi === lo ? BARS.length - 1 : Math.round(((sum[c]! / n[c]! - lo) / (hi - lo)) * (BARS.length - 1))];
    }
    const finite = s.v.filter(Number.isFinite);
    const stats = finite.length === 0 ? 'no finite values' : `min ${formatSampleValue(Math.min(...finite))}  max ${formatSampleValue(Math.max(...finite))}  last ${formatSampleValue(s.v[s.v.length - 1]!)}`;
    return [formatLabels(s.labels), bar, stats];
  });
  return `${header}\n${formatTable(['series', 'chart', 'stats'], lines)}`;
}

/** The Prometheus HTTP API's `data` for a result evaluated at `evalMs` (Unix): times in seconds, values as strings. */
export function promApiData(v: Value | { type: 'range'; series: readonly RangeSeries[] }, evalMs: number): unknown {
  const labels = (l: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  switch (v.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [evalMs / 1000, formatSampleValue(v.v)] };
    case 'string':
      return { resultType: 'string', result: [evalMs / 1000, v.s] };
    case 'vector':
      return { resultType: 'vector', result: v.samples.map((s) => ({ metric: labels(s.labels), value: [evalMs / 1000, formatSampleValue(s.v)] })) };
    case 'matrix':
    case 'range':
      return { resultType: 'matrix', result: v.series.map((s) => ({ metric: labels(s.labels), values: s.t.map((t, i) => [t / 1000, formatSampleValue(s.v[i]!)]) })) };
  }
}
