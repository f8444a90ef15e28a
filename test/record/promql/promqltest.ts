/**
 * A runner for Prometheus' `promql/promqltest` script format, so the upstream test cases can be restated with
 * their inputs and expectations untouched: `load <step>` with series in expanding notation (`0+10x10`, `1x3`, `_`,
 * `stale`), `clear`, `eval instant at <time> <expr>` with expected samples, `eval range from <t> to <t> step <d>
 * <expr>` with expected series, `eval_fail` / `expect fail` for errors, `eval_ordered` / `expect ordered` for order.
 * `expect warn|info|no_warn|no_info` lines are read and ignored (kubesim has no annotations).
 */
import { Evaluator } from '../../../src/record/promql/eval.ts';
import { almostEqual } from '../../../src/record/promql/math.ts';
import { parseDurationMs, parseNumber as parseNum, parsePromQL } from '../../../src/record/promql/parse.ts';
import { SeriesSet } from '../../../src/record/promql/storage.ts';
import { expandValues } from '../../../src/record/promql/notation.ts';

export { expandValues };
import { formatLabels, labelsKey, type Labels, type Value } from '../../../src/record/promql/value.ts';

/** One eval command of a script, run by {@link runScript}. */
export interface EvalCase {
  readonly line: number;
  readonly text: string;
  run(): string | undefined;
}

const EPSILON = 1e-6;

function parseTime(t: string): number {
  const ms = parseDurationMs(t);
  return Number.isNaN(ms) ? Math.round(Number(t) * 1000) : ms;
}

/** `{a="b"}` or `name{a="b"}` or `name` → labels (with `__name__`). */
function parseSeriesDesc(desc: string): Labels {
  const m = /^([a-zA-Z_:][\w:]*)?\s*(?:\{(.*)\})?$/.exec(desc.trim());
  if (!m) throw new Error(`bad series ${desc}`);
  const labels: Record<string, string> = {};
  if (m[1]) labels['__name__'] = m[1];
  for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][\w]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = JSON.parse(`"${l[2]}"`) as string;
  return labels;
}

/** Splits `desc values…`; a desc with labels ends at its closing brace (label values may hold spaces). */
function splitSeriesLine(line: string): [string, string] {
  const ws = line.search(/\s/);
  const open = line.indexOf('{');
  const cut = open >= 0 && (ws < 0 || open < ws) ? line.indexOf('}', open) + 1 : ws;
  if (cut <= 0) return [line, ''];
  return [line.slice(0, cut), line.slice(cut).trim()];
}

/** Parses a script into its eval cases (each runs against the data loaded before it). */
export function parseScript(script: string): EvalCase[] {
  const lines = script.split('\n');
  const cases: EvalCase[] = [];
  let storage = new SeriesSet();
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    i++;
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'clear') {
      storage = new SeriesSet();
      continue;
    }
    const load = /^load\s+(\S+)/.exec(line);
    if (load) {
      const step = parseTime(load[1]!);
      while (i < lines.length && /^\s+\S/.test(lines[i]!) && !lines[i]!.trim().startsWith('#')) {
        const [desc, vals] = splitSeriesLine(lines[i]!.trim());
        i++;
        const times: number[] = [];
        const values: number[] = [];
        const stale: number[] = [];
        expandValues(vals).forEach((p, k) => {
          if (p === undefined) return;
          times.push(k * step);
          values.push(p === 'stale' ? NaN : p);
          stale.push(p === 'stale' ? 1 : 0);
        });
        storage.add({ labels: parseSeriesDesc(desc), times, values, stale });
      }
      continue;
    }
    const ev = /^(eval|eval_fail|eval_ordered|eval_warn|eval_info)\s+(instant\s+at\s+(\S+)|range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+))\s+(.*)$/.exec(line);
    if (!ev) throw new Error(`promqltest: cannot read line ${i}: ${line}`);
    const lineNo = i;
    const expected: string[] = [];
    let fail = ev[1] === 'eval_fail';
    let ordered = ev[1] === 'eval_ordered';
    while (i < lines.length && /^\s+\S/.test(lines[i]!)) {
      const l = lines[i]!.trim();
      i++;
      if (l.startsWith('#')) continue;
      if (/^expect\s+fail/.test(l)) fail = true;
      else if (/^expect\s+ordered/.test(l)) ordered = true;
      else if (/^expect\s/.test(l)) continue;
      else expected.push(l);
    }
    const expr = ev[7]!;
    const data = storage;
    const isRange = ev[4] !== undefined;
    cases.push({
      line: lineNo,
      text: line,
      run: () => {
        const evaluator = new Evaluator(data);
        let got: Value | ReturnType<Evaluator['range']>;
        try {
          const parsed = parsePromQL(expr);
          got = isRange ? evaluator.range(parsed, parseTime(ev[4]!), parseTime(ev[5]!), parseTime(ev[6]!)) : evaluator.instant(parsed, parseTime(ev[3]!));
        } catch (e) {
          return fail ? undefined : `unexpected error: ${(e as Error).message}`;
        }
        if (fail) return 'expected an error, got a result';
        return Array.isArray(got) ? compareRange(got, expected, parseTime(ev[4]!), parseTime(ev[6]!)) : compareInstant(got, expected, ordered);
      },
    });
  }
  return cases;
}

function sameValue(a: number, b: number): boolean {
  return almostEqual(a, b, EPSILON);
}

function compareInstant(got: Value, expected: string[], ordered: boolean): string | undefined {
  if (got.type === 'scalar') {
    if (expected.length !== 1) return `got scalar ${got.v}, expected ${expected.join('; ')}`;
    return sameValue(parseNum(expected[0]!), got.v) ? undefined : `scalar: got ${got.v}, expected ${expected[0]}`;
  }
  if (got.type === 'string') return expected[0] === JSON.stringify(got.s) ? undefined : `string: got ${got.s}`;
  const samples = got.type === 'vector' ? got.samples.map((s) => ({ labels: s.labels, vals: [s.v] })) : got.series.map((s) => ({ labels: s.labels, vals: s.v }));
  if (samples.length !== expected.length) {
    return `got ${samples.length} samples (${samples.map((s) => `${formatLabels(s.labels)} ${s.vals.join(' ')}`).join('; ')}), expected ${expected.length} (${expected.join('; ')})`;
  }
  const byKey = new Map(samples.map((s, idx) => [labelsKey(s.labels), { ...s, idx }]));
  for (let k = 0; k < expected.length; k++) {
    const [desc, vals] = splitSeriesLine(expected[k]!);
    const want = parseSeriesDesc(desc);
    const g = byKey.get(labelsKey(want));
    if (!g) return `missing ${desc}; got ${samples.map((s) => formatLabels(s.labels)).join('; ')}`;
    if (ordered && g.idx !== k) return `${desc} at position ${g.idx}, expected ${k}`;
    const wantVals = expandValues(vals);
    if (wantVals.length !== g.vals.length || wantVals.some((w, j) => typeof w !== 'number' || !sameValue(w, g.vals[j]!))) {
      return `${desc}: got ${g.vals.join(' ')}, expected ${vals}`;
    }
  }
  return undefined;
}

function compareRange(got: ReturnType<Evaluator['range']>, expected: string[], startMs: number, stepMs: number): string | undefined {
  if (got.length !== expected.length) return `got ${got.length} series (${got.map((s) => formatLabels(s.labels)).join('; ')}), expected ${expected.length}`;
  const byKey = new Map(got.map((s) => [labelsKey(s.labels), s]));
  for (const e of expected) {
    const [desc, vals] = splitSeriesLine(e);
    const s = byKey.get(labelsKey(parseSeriesDesc(desc)));
    if (!s) return `missing series ${desc}`;
    const want = expandValues(vals);
    const gotByStep = new Map(s.t.map((t, j) => [Math.round((t - startMs) / stepMs), s.v[j]!]));
    const wantSteps = want.map((w, j) => [j, w] as const).filter(([, w]) => w !== undefined);
    if (wantSteps.length !== gotByStep.size) return `${desc}: got ${[...gotByStep].map(([j, v]) => `${j}:${v}`).join(' ')}, expected ${vals}`;
    for (const [j, w] of wantSteps) {
      const g = gotByStep.get(j);
      if (g === undefined || typeof w !== 'number' || !sameValue(w, g)) return `${desc} step ${j}: got ${g}, expected ${w}`;
    }
  }
  return undefined;
}
