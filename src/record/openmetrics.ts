/**
 * The OpenMetrics text format (openmetrics.io, `text/openmetrics` 1.0.0) for a whole run: every series of the
 * Prometheus view with all its points and their timestamps, so `promtool tsdb create-blocks-from openmetrics`
 * imports the simulated run into a real Prometheus. One `# TYPE` line per metric family (a `…_total` series is a
 * counter of the family without the suffix, everything else a gauge), the family's series one after another, each
 * series' points in time order, timestamps in Unix seconds, and `# EOF` at the end. Staleness markers have no
 * OpenMetrics form and are left out (Prometheus ends the series by its lookback instead).
 */
import type { SeriesSet } from './promql/storage.ts';

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

/**
 * Writes every series of `set` to `write` in chunks (a day of a large run is many megabytes), families sorted by
 * name and series by labels. Two names that fold into one family (`x` and `x_total`) would make an invalid file,
 * so the second one is written as a gauge family of its own name, `x_total`'s counter keeping `x`.
 */
export function writeOpenMetrics(set: SeriesSet, write: (chunk: string) => void): void {
  const families = new Map<string, { type: 'counter' | 'gauge'; names: string[] }>();
  const names = set.names();
  const counters = new Set(names.filter((n) => familyOf(n).type === 'counter').map((n) => familyOf(n).family));
  for (const name of names) {
    let { family, type } = familyOf(name);
    if (type === 'gauge' && counters.has(family)) [family, type] = [`${name}_gauge`, 'gauge'];
    const f = families.get(family) ?? { type, names: [] };
    f.names.push(name);
    families.set(family, f);
  }
  for (const family of [...families.keys()].sort()) {
    const f = families.get(family)!;
    // A family no scrape ever saw (an exporter's metric for a kind the run has none of) is left out.
    if (f.names.every((n) => set.seriesOf(n).length === 0)) continue;
    const lines: string[] = [`# TYPE ${family} ${f.type}`];
    for (const name of f.names) {
      const sampleName = f.type === 'gauge' && family !== name ? family : name;
      for (const s of set.seriesOf(name)) {
        const labels = Object.keys(s.labels)
          .filter((k) => k !== '__name__')
          .sort()
          .map((k) => `${k}="${escapeLabelValue(s.labels[k]!)}"`)
          .join(',');
        const head = labels === '' ? sampleName : `${sampleName}{${labels}}`;
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
