/**
 * The OpenMetrics text format (openmetrics.io, `text/openmetrics` 1.0.0) for a whole run: every series of the
 * Prometheus view with all its points and their timestamps, so `promtool tsdb create-blocks-from openmetrics`
 * imports the simulated run into a real Prometheus. One `# TYPE` line per metric family (a `…_total` series is a
 * counter of the family without the suffix; `X_bucket{le}` with `X_sum` and `X_count` a histogram `X`; everything
 * else a gauge), the family's series one after another, each series' points in time order, timestamps in Unix
 * seconds, and `# EOF` at the end. A histogram's points are written as OpenMetrics MetricPoints: at each time, its
 * buckets in ascending `le`, then `_count`, then `_sum`. Staleness markers have no OpenMetrics form and are left out
 * (Prometheus ends the series by its lookback instead).
 */
import type { SeriesSet } from './promql/storage.ts';
import { labelsKey, type Labels, type PromSeries } from './promql/value.ts';

/** A label value escaped as the format wants: backslash, double quote and newline. */
function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value: NaN, +Inf, -Inf or a decimal (JS' shortest form, exponent included, is valid here). */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Unix ms → seconds with millisecond precision. */
function formatTimestamp(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The family name and type of a series name. */
export function familyOf(name: string): { family: string; type: 'counter' | 'gauge' } {
  return name.endsWith('_total') && name.length > '_total'.length ? { family: name.slice(0, -'_total'.length), type: 'counter' } : { family: name, type: 'gauge' };
}

/** The histogram families among `names`: every `X` with `X_bucket`, `X_sum` and `X_count` all present. */
function histogramFamilies(names: readonly string[]): Set<string> {
  const all = new Set(names);
  return new Set(names.filter((n) => n.endsWith('_bucket')).map((n) => n.slice(0, -'_bucket'.length)).filter((x) => all.has(`${x}_sum`) && all.has(`${x}_count`)));
}

/** The `# TYPE` of a family. */
type FamilyType = 'counter' | 'gauge' | 'histogram';

/**
 * Writes every series of `set` to `write` in chunks (a day of a large run is many megabytes), families sorted by
 * name and series by labels. Two names that fold into one family (`x` and `x_total`, or a gauge `x` beside the
 * histogram `x`, as `http_request_duration_seconds{quantile}` is beside its `_bucket` series) would make an
 * invalid file, so the gauge is written as a family of its own name with `_gauge` added.
 */
export function writeOpenMetrics(set: SeriesSet, write: (chunk: string) => void): void {
  const families = new Map<string, { type: FamilyType; names: string[] }>();
  const names = set.names();
  const histograms = histogramFamilies(names);
  const counters = new Set(names.filter((n) => familyOf(n).type === 'counter').map((n) => familyOf(n).family));
  for (const name of names) {
    let { family, type }: { family: string; type: FamilyType } = familyOf(name);
    const base = name.replace(/_(bucket|sum|count)$/, '');
    if (base !== name && histograms.has(base)) [family, type] = [base, 'histogram'];
    else if (type === 'gauge' && (counters.has(family) || histograms.has(family))) [family, type] = [`${name}_gauge`, 'gauge'];
    const f = families.get(family) ?? { type, names: [] };
    f.names.push(name);
    families.set(family, f);
  }
  for (const family of [...families.keys()].sort()) {
    const f = families.get(family)!;
    // A family no scrape ever saw (an exporter's metric for a kind the run has none of) is left out.
    if (f.names.every((n) => set.seriesOf(n).length === 0)) continue;
    const lines: string[] = [`# TYPE ${family} ${f.type}`];
    if (f.type === 'histogram') {
      writeHistogram(set, family, lines, write);
      if (lines.length > 0) write(`${lines.join('\n')}\n`);
      continue;
    }
    for (const name of f.names) {
      const sampleName = f.type === 'gauge' && family !== name ? family : name;
      for (const s of set.seriesOf(name)) {
        const head = sampleHead(sampleName, s.labels);
        for (let i = 0; i < s.times.length; i++) {
          if (s.stale?.[i] === 1) continue;
          lines.push(`${head} ${formatValue(s.values[i]!)} ${formatTimestamp(s.times[i]!)}`);
        }
        if (lines.length > 10_000) {
          write(`${lines.join('\n')}\n`);
          lines.length = 0;
        }
      }
    }
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
  }
  write('# EOF\n');
}

/** `name{k="v",…}` with the labels but `__name__` sorted (just `name` without labels). */
function sampleHead(name: string, labels: Labels): string {
  const list = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`)
    .join(',');
  return list === '' ? name : `${name}{${list}}`;
}

/**
 * A histogram family's series, one Metric (labels without `le`) after another, sorted by labels; each as its
 * MetricPoints in time order: the buckets in ascending `le`, `_count`, `_sum`, at the times of `_count`. A bucket
 * or `_sum` without a point at such a time is left out of that MetricPoint.
 */
function writeHistogram(set: SeriesSet, family: string, lines: string[], write: (chunk: string) => void): void {
  const metrics = new Map<string, { labels: Labels; buckets: { le: number; s: PromSeries }[]; sum?: PromSeries; count?: PromSeries }>();
  const metricOf = (labels: Labels) => {
    const { __name__: _, le: _le, ...rest } = labels;
    const k = labelsKey(rest);
    let m = metrics.get(k);
    if (!m) metrics.set(k, (m = { labels: rest, buckets: [] }));
    return m;
  };
  for (const s of set.seriesOf(`${family}_bucket`)) metricOf(s.labels).buckets.push({ le: Number(s.labels['le'] === '+Inf' ? Infinity : s.labels['le']), s });
  for (const s of set.seriesOf(`${family}_sum`)) metricOf(s.labels).sum = s;
  for (const s of set.seriesOf(`${family}_count`)) metricOf(s.labels).count = s;
  for (const key of [...metrics.keys()].sort()) {
    const m = metrics.get(key)!;
    if (!m.count) continue;
    m.buckets.sort((a, b) => a.le - b.le);
    const parts: { head: string; s: PromSeries; i: number }[] = [
      ...m.buckets.map((b) => ({ head: sampleHead(`${family}_bucket`, { ...m.labels, le: b.s.labels['le']! }), s: b.s, i: 0 })),
      { head: sampleHead(`${family}_count`, m.labels), s: m.count, i: 0 },
      ...(m.sum ? [{ head: sampleHead(`${family}_sum`, m.labels), s: m.sum, i: 0 }] : []),
    ];
    const times = m.count.times;
    for (let j = 0; j < times.length; j++) {
      if (m.count.stale?.[j] === 1) continue;
      const t = times[j]!;
      for (const p of parts) {
        while (p.i < p.s.times.length && p.s.times[p.i]! < t) p.i++;
        if (p.s.times[p.i] !== t || p.s.stale?.[p.i] === 1) continue;
        lines.push(`${p.head} ${formatValue(p.s.values[p.i]!)} ${formatTimestamp(t)}`);
      }
      if (lines.length > 10_000) {
        write(`${lines.join('\n')}\n`);
        lines.length = 0;
      }
    }
  }
}
