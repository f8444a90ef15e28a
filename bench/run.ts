/**
 * `npm run bench [filter…]`: runs every benchmark in bench/*.bench.ts (or those whose name contains a filter),
 * each several times; prints medians against the issue targets and writes bench/results/<file>.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, Measurement } from './harness.ts';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const rows: string[][] = [['benchmark', 'median', 'unit', 'runs', 'target', 'ok']];
let failed = 0;
mkdirSync(join(dir, 'results'), { recursive: true });
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks: Benchmark[] };
  const results: Record<string, unknown>[] = [];
  for (const b of mod.benchmarks) {
    if (filters.length && !filters.some((f) => b.name.includes(f))) continue;
    const runs = b.runs ?? 5;
    const ms: Measurement[] = [];
    for (let i = 0; i < runs; i++) ms.push(await b.run());
    const values = ms.map((m) => m.value);
    const med = median(values);
    const unit = ms[0]!.unit;
    const ok = b.target ? (b.target.higherIsBetter ? med >= b.target.value : med <= b.target.value) : undefined;
    if (ok === false) failed++;
    const extra: Record<string, number> = {};
    for (const k of Object.keys(ms[0]!.extra ?? {})) extra[k] = median(ms.map((m) => m.extra?.[k] ?? NaN));
    results.push({ name: b.name, median: med, unit, values, target: b.target, ok, extra });
    const fmt = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4));
    rows.push([
      b.name,
      fmt(med),
      unit,
      String(runs),
      b.target ? `${b.target.higherIsBetter ? '≥' : '≤'} ${fmt(b.target.value)}` : '',
      ok === undefined ? '' : ok ? '✓' : '✗',
    ]);
    console.log(`${b.name}: ${fmt(med)} ${unit} ${Object.entries(extra).map(([k, v]) => `${k}=${fmt(v)}`).join(' ')}`);
  }
  if (results.length) {
    writeFileSync(
      join(dir, 'results', file.replace('.bench.ts', '.json')),
      `${JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, results }, null, 2)}\n`,
    );
  }
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(`\n${rows.map((r) => r.map((x, c) => x.padEnd(widths[c]!)).join('  ')).join('\n')}`);
process.exitCode = failed ? 1 : 0;
