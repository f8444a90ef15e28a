/**
 * The PromQL evaluator, after Prometheus' `promql/engine.go` (v3 semantics): instant queries at one time, range
 * queries as instant evaluations at every step; selectors look back `lookbackDeltaMs` (default 5m) for the last
 * point in (t − lookback, t], ignore series whose last point is a staleness marker, and read ranges as
 * (t − range, t]; `offset` and `@` shift the reference time; subqueries evaluate their expression at steps aligned
 * to multiples of the step. Binary operators follow `VectorBinop` / `VectorscalarBinop` with one-to-one,
 * many-to-one and one-to-many matching, aggregations `aggregation()`, functions `functions.go` (see math.ts).
 */
import type { AggregateExpr, AtModifier, BinaryExpr, Call, Expr, MatrixSelector, SubqueryExpr, VectorMatching, VectorSelector } from './ast.ts';
import { bucketQuantile, extrapolatedRate, goPow, instantValue, kahanSumInc, linearRegression, quantile, type Bucket, type Point } from './math.ts';
import { compareLabels, dropName, labelsKey, type Labels, type PromSeries, type Queryable, type RangeSeries, type Sample, type Value } from './value.ts';
import { civilFromDays } from '../../cluster/time.ts';
import { anchoredRegex } from './parse.ts';

/** An error while evaluating (as Prometheus' runtime errors: duplicate series, many-to-many matching…). */
export class PromQLEvalError extends Error {
  override name = 'PromQLEvalError';
}

export interface EvalOptions {
  /** How far back a selector looks for a point, ms. Default 300,000 (Prometheus' 5m). */
  readonly lookbackDeltaMs?: number;
  /** Step of subqueries that give none, ms. Default 60,000 (Prometheus' default evaluation interval). */
  readonly subqueryStepMs?: number;
  /** Most points a query may build before it fails (Prometheus' `query.max-samples`). Default 50,000,000. */
  readonly maxSamples?: number;
}

interface Ctx {
  readonly startMs: number;
  readonly endMs: number;
}

const DEFAULT_LOOKBACK_MS = 300_000;

/** Evaluates parsed expressions against a {@link Queryable}; one instance may serve many queries. */
export class Evaluator {
  private readonly lookbackMs: number;
  private readonly subqueryStepMs: number;
  private readonly maxSamples: number;
  private readonly selected = new Map<VectorSelector, readonly PromSeries[]>();
  private samples = 0;

  constructor(
    private readonly storage: Queryable,
    options: EvalOptions = {},
  ) {
    this.lookbackMs = options.lookbackDeltaMs ?? DEFAULT_LOOKBACK_MS;
    this.subqueryStepMs = options.subqueryStepMs ?? 60_000;
    this.maxSamples = options.maxSamples ?? 50_000_000;
  }

  /** An instant query at `tMs`. Vectors come back sorted by labels unless the query sorts them itself. */
  instant(expr: Expr, tMs: number): Value {
    this.samples = 0;
    const v = this.eval(expr, tMs, { startMs: tMs, endMs: tMs });
    if (v.type === 'vector') {
      checkDuplicates(v.samples);
      if (!sortsItself(expr)) v.samples.sort((a, b) => compareLabels(a.labels, b.labels));
    }
    return v;
  }

  /** A range query: the expression (scalar or instant vector) at start, start + step, … ≤ end; series sorted by labels. */
  range(expr: Expr, startMs: number, endMs: number, stepMs: number): RangeSeries[] {
    if (!(stepMs > 0)) throw new PromQLEvalError('zero or negative query resolution step widths are not accepted');
    const t = typeofValue(expr);
    if (t !== 'scalar' && t !== 'vector') throw new PromQLEvalError(`invalid expression type "${t === 'matrix' ? 'range vector' : t}" for range query, must be Scalar or instant Vector`);
    this.samples = 0;
    const out = this.stepped(expr, startMs, endMs, stepMs, { startMs, endMs });
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  /** Evaluates at every step and gathers the results into series (a scalar becomes a series with no labels). */
  private stepped(expr: Expr, startMs: number, endMs: number, stepMs: number, ctx: Ctx): RangeSeries[] {
    const byKey = new Map<string, RangeSeries>();
    const order: RangeSeries[] = [];
    for (let t = startMs; t <= endMs; t += stepMs) {
      const v = this.eval(expr, t, ctx);
      const samples = v.type === 'scalar' ? [{ labels: {}, v: v.v }] : v.type === 'vector' ? v.samples : [];
      if (v.type === 'vector') checkDuplicates(v.samples);
      for (const s of samples) {
        const k = labelsKey(s.labels);
        let series = byKey.get(k);
        if (!series) {
          series = { labels: s.labels, t: [], v: [] };
          byKey.set(k, series);
          order.push(series);
        }
        series.t.push(t);
        series.v.push(s.v);
        this.count(1);
      }
    }
    return order;
  }

  private count(n: number): void {
    this.samples += n;
    if (this.samples > this.maxSamples) throw new PromQLEvalError('query processing would load too many samples into memory in query execution');
  }

  private eval(e: Expr, t: number, ctx: Ctx): Value {
    switch (e.type) {
      case 'NumberLiteral':
        return { type: 'scalar', v: e.value };
      case 'StringLiteral':
        return { type: 'string', s: e.value };
      case 'ParenExpr':
        return this.eval(e.expr, t, ctx);
      case 'UnaryExpr': {
        const v = this.eval(e.expr, t, ctx);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', v: -v.v };
        return { type: 'vector', samples: vectorOf(v).map((s) => ({ labels: dropName(s.labels), v: -s.v })) };
      }
      case 'VectorSelector':
        return { type: 'vector', samples: this.vectorSelector(e, t, ctx) };
      case 'MatrixSelector':
        return { type: 'matrix', series: this.matrixSelector(e, t, ctx) };
      case 'SubqueryExpr':
        return { type: 'matrix', series: this.subquery(e, t, ctx) };
      case 'BinaryExpr':
        return this.binary(e, t, ctx);
      case 'AggregateExpr':
        return { type: 'vector', samples: this.aggregate(e, t, ctx) };
      case 'Call':
        return this.call(e, t, ctx);
    }
  }

  private refTime(at: AtModifier | undefined, offsetMs: number, t: number, ctx: Ctx): number {
    const base = at === undefined ? t : at.kind === 'time' ? at.ms : at.kind === 'start' ? ctx.startMs : ctx.endMs;
    return base - offsetMs;
  }

  private series(sel: VectorSelector): readonly PromSeries[] {
    let s = this.selected.get(sel);
    if (!s) {
      s = this.storage.select(sel.matchers);
      this.selected.set(sel, s);
    }
    return s;
  }

  private vectorSelector(sel: VectorSelector, t: number, ctx: Ctx): Sample[] {
    const ref = this.refTime(sel.at, sel.offsetMs, t, ctx);
    const out: Sample[] = [];
    for (const s of this.series(sel)) {
      const i = lastAtOrBefore(s.times, ref);
      if (i < 0 || s.times[i]! <= ref - this.lookbackMs || s.stale?.[i] === 1) continue;
      out.push({ labels: s.labels, v: s.values[i]!, t: s.times[i]! });
    }
    this.count(out.length);
    return out;
  }

  /** The points of each series in (ref − range, ref], staleness markers left out; series without points dropped. */
  private matrixSelector(m: MatrixSelector, t: number, ctx: Ctx): RangeSeries[] {
    const sel = m.vector;
    const ref = this.refTime(sel.at, sel.offsetMs, t, ctx);
    const out: RangeSeries[] = [];
    for (const s of this.series(sel)) {
      const hi = lastAtOrBefore(s.times, ref);
      const rs: RangeSeries = { labels: s.labels, t: [], v: [] };
      for (let i = lastAtOrBefore(s.times, ref - m.rangeMs) + 1; i <= hi; i++) {
        if (s.stale?.[i] === 1) continue;
        rs.t.push(s.times[i]!);
        rs.v.push(s.values[i]!);
      }
      if (rs.t.length > 0) {
        this.count(rs.t.length);
        out.push(rs);
      }
    }
    return out;
  }

  private subquery(sq: SubqueryExpr, t: number, ctx: Ctx): RangeSeries[] {
    const ref = this.refTime(sq.at, sq.offsetMs, t, ctx);
    const step = sq.stepMs > 0 ? sq.stepMs : this.subqueryStepMs;
    // The first step-aligned time after ref − range (Go's integer division truncates toward zero).
    let start = step * Math.trunc((ref - sq.rangeMs) / step);
    if (start <= ref - sq.rangeMs) start += step;
    return this.stepped(sq.expr, start, ref, step, ctx);
  }

  /** The range (start, end] a range-vector argument covers at t, for rate's extrapolation. */
  private rangeOf(arg: Expr, t: number, ctx: Ctx): { startMs: number; endMs: number } {
    const inner = arg.type === 'ParenExpr' ? arg.expr : arg;
    if (inner.type === 'MatrixSelector') {
      const end = this.refTime(inner.vector.at, inner.vector.offsetMs, t, ctx);
      return { startMs: end - inner.rangeMs, endMs: end };
    }
    if (inner.type === 'SubqueryExpr') {
      const end = this.refTime(inner.at, inner.offsetMs, t, ctx);
      return { startMs: end - inner.rangeMs, endMs: end };
    }
    return { startMs: t, endMs: t };
  }

  // Binary operators -------------------------------------------------------------------------------------------

  private binary(e: BinaryExpr, t: number, ctx: Ctx): Value {
    const l = this.eval(e.lhs, t, ctx);
    const r = this.eval(e.rhs, t, ctx);
    if (l.type === 'scalar' && r.type === 'scalar') {
      const [v] = scalarBinop(e.op, l.v, r.v);
      return { type: 'scalar', v: e.returnBool ? (v ? 1 : 0) : v };
    }
    if (l.type === 'scalar' || r.type === 'scalar') {
      const swap = l.type === 'scalar';
      const vec = vectorOf(swap ? r : l);
      const s = (swap ? l : r) as { v: number };
      const out: Sample[] = [];
      for (const x of vec) {
        const [lv, rv] = swap ? [s.v, x.v] : [x.v, s.v];
        let [v, keep] = vectorElemBinop(e.op, lv, rv);
        // A comparison keeps the vector's value even when the scalar is on the left.
        if (isComparison(e.op) && swap) v = rv;
        if (e.returnBool) {
          v = keep ? 1 : 0;
          keep = true;
        }
        if (!keep) continue;
        out.push({ labels: isComparison(e.op) && !e.returnBool ? x.labels : dropName(x.labels), v });
      }
      return { type: 'vector', samples: out };
    }
    const lv = vectorOf(l);
    const rv = vectorOf(r);
    const m = e.matching!;
    switch (e.op) {
      case 'and':
        return { type: 'vector', samples: setAnd(lv, rv, m) };
      case 'or':
        return { type: 'vector', samples: setOr(lv, rv, m) };
      case 'unless':
        return { type: 'vector', samples: setUnless(lv, rv, m) };
      default:
        return { type: 'vector', samples: vectorBinop(e.op, lv, rv, m, e.returnBool) };
    }
  }

  // Aggregations -------------------------------------------------------------------------------------------------

  private aggregate(e: AggregateExpr, t: number, ctx: Ctx): Sample[] {
    const vec = vectorOf(this.eval(e.expr, t, ctx));
    const param = e.param ? this.eval(e.param, t, ctx) : undefined;
    const groups = new Map<string, { labels: Labels; samples: Sample[] }>();
    const order: { labels: Labels; samples: Sample[] }[] = [];
    const countValuesLabel = e.op === 'count_values' ? (param as { s: string }).s : undefined;
    for (const s of vec) {
      let src = s.labels;
      if (countValuesLabel !== undefined) src = { ...src, [countValuesLabel]: formatValue(s.v) };
      const labels = groupingLabels(src, e.grouping, e.without, countValuesLabel);
      const k = labelsKey(labels);
      let g = groups.get(k);
      if (!g) {
        g = { labels, samples: [] };
        groups.set(k, g);
        order.push(g);
      }
      g.samples.push(s);
    }
    const out: Sample[] = [];
    const scalarParam = param?.type === 'scalar' ? param.v : NaN;
    for (const g of order) {
      const vals = g.samples.map((s) => s.v);
      switch (e.op) {
        case 'sum':
          out.push({ labels: g.labels, v: kahanSum(vals) });
          break;
        case 'avg':
          out.push({ labels: g.labels, v: mean(vals) });
          break;
        case 'count':
        case 'count_values':
          out.push({ labels: g.labels, v: vals.length });
          break;
        case 'group':
          out.push({ labels: g.labels, v: 1 });
          break;
        case 'min':
          out.push({ labels: g.labels, v: vals.reduce((m, v) => (v < m || Number.isNaN(m) ? v : m)) });
          break;
        case 'max':
          out.push({ labels: g.labels, v: vals.reduce((m, v) => (v > m || Number.isNaN(m) ? v : m)) });
          break;
        case 'stddev':
          out.push({ labels: g.labels, v: Math.sqrt(variance(vals)) });
          break;
        case 'stdvar':
          out.push({ labels: g.labels, v: variance(vals) });
          break;
        case 'quantile':
          out.push({ labels: g.labels, v: quantile(scalarParam, vals) });
          break;
        case 'topk':
        case 'bottomk': {
          const k = Math.floor(Math.min(scalarParam, Number.MAX_SAFE_INTEGER));
          if (!(k >= 1)) break;
          const sorted = [...g.samples].sort((a, b) => (e.op === 'topk' ? compareDesc(a.v, b.v) : compareAsc(a.v, b.v)));
          out.push(...sorted.slice(0, k));
          break;
        }
      }
    }
    return out;
  }

  // Functions ----------------------------------------------------------------------------------------------------

  private call(e: Call, t: number, ctx: Ctx): Value {
    const f = e.func;
    const arg = (i: number): Value => this.eval(e.args[i]!, t, ctx);
    const scalarArg = (i: number, dflt: number): number => (e.args[i] ? (arg(i) as { v: number }).v : dflt);
    switch (f) {
      case 'time':
        return { type: 'scalar', v: t / 1000 };
      case 'pi':
        return { type: 'scalar', v: Math.PI };
      case 'scalar': {
        const v = vectorOf(arg(0));
        return { type: 'scalar', v: v.length === 1 ? v[0]!.v : NaN };
      }
      case 'vector':
        return { type: 'vector', samples: [{ labels: {}, v: scalarArg(0, NaN) }] };
    }
    if (f in MATH_FUNCS) return mapVector(arg(0), MATH_FUNCS[f]!);
    if (f in DATE_FUNCS) {
      const input = e.args[0] ? vectorOf(arg(0)) : [{ labels: {}, v: t / 1000 }];
      return { type: 'vector', samples: input.map((s) => ({ labels: dropName(s.labels), v: DATE_FUNCS[f]!(s.v) })) };
    }
    switch (f) {
      case 'clamp': {
        const [lo, hi] = [scalarArg(1, NaN), scalarArg(2, NaN)];
        if (hi < lo) return { type: 'vector', samples: [] };
        return mapVector(arg(0), (v) => Math.max(lo, Math.min(hi, v)));
      }
      case 'clamp_max': {
        const hi = scalarArg(1, NaN);
        return mapVector(arg(0), (v) => Math.min(v, hi));
      }
      case 'clamp_min': {
        const lo = scalarArg(1, NaN);
        return mapVector(arg(0), (v) => Math.max(v, lo));
      }
      case 'round': {
        const inverse = 1 / scalarArg(1, 1);
        return mapVector(arg(0), (v) => Math.floor(v * inverse + 0.5) / inverse);
      }
      case 'timestamp':
        return { type: 'vector', samples: vectorOf(arg(0)).map((s) => ({ labels: dropName(s.labels), v: (s.t ?? t) / 1000 })) };
      case 'sort':
      case 'sort_desc': {
        const v = [...vectorOf(arg(0))];
        v.sort((a, b) => (f === 'sort' ? compareAsc(a.v, b.v) : compareDesc(a.v, b.v)));
        return { type: 'vector', samples: v };
      }
      case 'absent':
        return { type: 'vector', samples: vectorOf(arg(0)).length > 0 ? [] : [{ labels: absentLabels(e.args[0]!), v: 1 }] };
      case 'absent_over_time':
        return { type: 'vector', samples: matrixOf(arg(0)).length > 0 ? [] : [{ labels: absentLabels(e.args[0]!), v: 1 }] };
      case 'histogram_quantile':
        return { type: 'vector', samples: histogramQuantile(scalarArg(0, NaN), vectorOf(arg(1))) };
      case 'label_replace':
        return { type: 'vector', samples: labelReplace(vectorOf(arg(0)), ...(e.args.slice(1).map((_, i) => (arg(i + 1) as { s: string }).s) as [string, string, string, string])) };
      case 'label_join': {
        const strs = e.args.slice(1).map((_, i) => (arg(i + 1) as { s: string }).s);
        return { type: 'vector', samples: labelJoin(vectorOf(arg(0)), strs[0]!, strs[1]!, strs.slice(2)) };
      }
      case 'quantile_over_time': {
        const q = scalarArg(0, NaN);
        return overTime(arg(1), true, (p) => quantile(q, p.map((x) => x.v)));
      }
      case 'predict_linear': {
        const d = scalarArg(1, NaN);
        return overTime(arg(0), true, (p) => {
          if (p.length < 2) return undefined;
          const { slope, intercept } = linearRegression(p, t);
          return slope * d + intercept;
        });
      }
    }
    const m = arg(0);
    switch (f) {
      case 'rate':
      case 'increase':
      case 'delta': {
        const r = this.rangeOf(e.args[0]!, t, ctx);
        return overTime(m, true, (p) => extrapolatedRate(p, r.startMs, r.endMs, f !== 'delta', f === 'rate'));
      }
      case 'irate':
        return overTime(m, true, (p) => instantValue(p, true));
      case 'idelta':
        return overTime(m, true, (p) => instantValue(p, false));
      case 'deriv':
        return overTime(m, true, (p) => (p.length < 2 ? undefined : linearRegression(p, p[0]!.t).slope));
      case 'last_over_time':
        return overTime(m, false, (p) => p[p.length - 1]!.v);
      case 'present_over_time':
        return overTime(m, true, () => 1);
      case 'count_over_time':
        return overTime(m, true, (p) => p.length);
      case 'sum_over_time':
        return overTime(m, true, (p) => kahanSum(p.map((x) => x.v)));
      case 'avg_over_time':
        return overTime(m, true, (p) => mean(p.map((x) => x.v)));
      case 'min_over_time':
        return overTime(m, true, (p) => p.map((x) => x.v).reduce((a, v) => (v < a || Number.isNaN(a) ? v : a)));
      case 'max_over_time':
        return overTime(m, true, (p) => p.map((x) => x.v).reduce((a, v) => (v > a || Number.isNaN(a) ? v : a)));
      case 'stddev_over_time':
        return overTime(m, true, (p) => Math.sqrt(varianceOverTime(p)));
      case 'stdvar_over_time':
        return overTime(m, true, (p) => varianceOverTime(p));
      case 'changes':
        return overTime(m, true, (p) => countTransitions(p, (prev, cur) => cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))));
      case 'resets':
        return overTime(m, true, (p) => countTransitions(p, (prev, cur) => cur < prev));
    }
    throw new PromQLEvalError(`function "${f}" is not implemented`);
  }
}

/** Whether the top-level expression fixes its own order (Prometheus leaves those results unsorted). */
function sortsItself(e: Expr): boolean {
  const inner = e.type === 'ParenExpr' ? e.expr : e;
  return (inner.type === 'Call' && (inner.func === 'sort' || inner.func === 'sort_desc')) || (inner.type === 'AggregateExpr' && (inner.op === 'topk' || inner.op === 'bottomk'));
}

function typeofValue(e: Expr): string {
  switch (e.type) {
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'StringLiteral':
      return 'string';
    case 'ParenExpr':
      return typeofValue(e.expr);
    default:
      return 'vector';
  }
}

function vectorOf(v: Value): Sample[] {
  return v.type === 'vector' ? v.samples : [];
}

function matrixOf(v: Value): RangeSeries[] {
  return v.type === 'matrix' ? v.series : [];
}

/** Index of the last time ≤ t, or −1 (binary search over sorted times). */
function lastAtOrBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function checkDuplicates(samples: readonly Sample[]): void {
  if (samples.length < 2) return;
  const seen = new Set<string>();
  for (const s of samples) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new PromQLEvalError('vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
}

function mapVector(v: Value, f: (x: number) => number): Value {
  return { type: 'vector', samples: vectorOf(v).map((s) => ({ labels: dropName(s.labels), v: f(s.v) })) };
}

/** Applies a range function to every series of a matrix; `undefined` leaves the series out. */
function overTime(m: Value, dropsName: boolean, f: (points: Point[]) => number | undefined): Value {
  const out: Sample[] = [];
  for (const s of matrixOf(m)) {
    const points = s.t.map((t, i) => ({ t, v: s.v[i]! }));
    if (points.length === 0) continue;
    const v = f(points);
    if (v !== undefined) out.push({ labels: dropsName ? dropName(s.labels) : s.labels, v });
  }
  return { type: 'vector', samples: out };
}

function countTransitions(p: readonly Point[], counts: (prev: number, cur: number) => boolean): number {
  let n = 0;
  for (let i = 1; i < p.length; i++) if (counts(p[i - 1]!.v, p[i]!.v)) n++;
  return n;
}

function kahanSum(values: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const v of values) [sum, c] = kahanSumInc(v, sum, c);
  return sum + c;
}

/**
 * Mean as the `avg` aggregation and `avg_over_time` take it: a Kahan sum divided by the count, switching to an
 * incremental mean once the sum would overflow; an infinite mean stays so while finite values come.
 */
function mean(values: readonly number[]): number {
  let sum = values[0]!;
  let c = 0;
  let m = 0;
  let incremental = false;
  let count = 1;
  for (let i = 1; i < values.length; i++) {
    const f = values[i]!;
    count++;
    if (isInf(sum) && ((isInf(f) && sum > 0 === f > 0) || (!isInf(f) && !Number.isNaN(f)))) continue;
    if (!incremental) {
      const [nv, nc] = kahanSumInc(f, sum, c);
      if (!isInf(nv)) {
        [sum, c] = [nv, nc];
        continue;
      }
      incremental = true;
      m = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [m, c] = kahanSumInc(f / count, q * m, q * c);
  }
  return incremental ? m + c : sum / count + c / count;
}

const isInf = (x: number) => x === Infinity || x === -Infinity;

/** Population variance by Welford's method from the first value, as the `stddev` / `stdvar` aggregations. */
function variance(values: readonly number[]): number {
  let n = 1;
  let m = values[0]!;
  let acc = 0;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    n++;
    const delta = v - m;
    m += delta / n;
    acc += delta * (v - m);
  }
  return acc / n;
}

/** Population variance with Kahan-compensated running mean, as `stdvar_over_time`. */
function varianceOverTime(p: readonly Point[]): number {
  let count = 0;
  let [m, cMean, aux, cAux] = [0, 0, 0, 0];
  for (const { v } of p) {
    count++;
    const delta = v - (m + cMean);
    [m, cMean] = kahanSumInc(delta / count, m, cMean);
    [aux, cAux] = kahanSumInc(delta * (v - (m + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** topk order: larger first, NaN last. */
function compareDesc(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return b - a;
}

/** bottomk order: smaller first, NaN last. */
function compareAsc(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

/** The labels of an aggregation's group: `by` keeps the listed ones, `without` drops them and the metric name. */
function groupingLabels(labels: Labels, grouping: readonly string[], without: boolean, keep: string | undefined): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const [k, v] of Object.entries(labels)) if (k !== '__name__' && (!grouping.includes(k) || k === keep)) out[k] = v;
  } else {
    for (const k of grouping) if (labels[k] !== undefined && labels[k] !== '') out[k] = labels[k]!;
    if (keep !== undefined && labels[keep] !== undefined) out[keep] = labels[keep]!;
  }
  return out;
}

/** A value as count_values writes it into a label (Go's 'f' format; JS' exponent form past 1e21 and below 1e-6). */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

// Binary operator arithmetic (engine.go: scalarBinop, vectorElemBinop) -------------------------------------------

function isComparison(op: string): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

function arith(op: string, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
  }
  throw new PromQLEvalError(`operator "${op}" not allowed for operations between numbers`);
}

function compare(op: string, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    default:
      return l <= r;
  }
}

/** Scalar op scalar: the value (comparisons give 1 or 0; the parser demands `bool` for them). */
function scalarBinop(op: string, l: number, r: number): [number] {
  return [isComparison(op) ? (compare(op, l, r) ? 1 : 0) : arith(op, l, r)];
}

/** Element op element: the value and whether to keep it (a false comparison filters the element out). */
function vectorElemBinop(op: string, l: number, r: number): [number, boolean] {
  if (isComparison(op)) return [l, compare(op, l, r)];
  return [arith(op, l, r), true];
}

/** The matching signature of a sample: its `on` labels, or all but the `ignoring` ones and the name. */
function signature(labels: Labels, m: VectorMatching): string {
  const out: Record<string, string> = {};
  if (m.on) {
    for (const k of m.labels) if (labels[k] !== undefined && labels[k] !== '') out[k] = labels[k]!;
  } else {
    for (const [k, v] of Object.entries(labels)) if (k !== '__name__' && !m.labels.includes(k)) out[k] = v;
  }
  return labelsKey(out);
}

/** `VectorBinop`: one-to-one, many-to-one (group_left) and one-to-many (group_right) matching. */
function vectorBinop(op: string, lhs: Sample[], rhs: Sample[], m: VectorMatching, returnBool: boolean): Sample[] {
  if (m.card === 'many-to-many') throw new PromQLEvalError('many-to-many only allowed for set operators');
  // The "one" side is the right one, except for group_right.
  const [many, one] = m.card === 'one-to-many' ? [rhs, lhs] : [lhs, rhs];
  const oneSide = new Map<string, Sample>();
  for (const s of one) {
    const sig = signature(s.labels, m);
    if (oneSide.has(sig)) {
      const side = m.card === 'one-to-many' ? 'left' : 'right';
      throw new PromQLEvalError(`found duplicate series for the match group ${formatSig(s.labels, m)} on the ${side} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side`);
    }
    oneSide.set(sig, s);
  }
  const matchedSigs = new Map<string, Set<string> | true>();
  const out: Sample[] = [];
  for (const ms of many) {
    const sig = signature(ms.labels, m);
    const os = oneSide.get(sig);
    if (!os) continue;
    let [lv, rv] = [ms.v, os.v];
    if (m.card === 'one-to-many') [lv, rv] = [rv, lv];
    let [v, keep] = vectorElemBinop(op, lv, rv);
    if (returnBool) {
      v = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const metric = resultMetric(ms.labels, os.labels, op, m, returnBool);
    if (m.card === 'one-to-one') {
      if (matchedSigs.has(sig)) throw new PromQLEvalError(`multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)`);
      matchedSigs.set(sig, true);
    } else {
      const key = labelsKey(metric);
      let inserted = matchedSigs.get(sig);
      if (inserted === undefined || inserted === true) matchedSigs.set(sig, (inserted = new Set()));
      if (inserted.has(key)) throw new PromQLEvalError('multiple matches for labels: grouping labels must ensure unique matches');
      inserted.add(key);
    }
    out.push({ labels: metric, v });
  }
  return out;
}

function formatSig(labels: Labels, m: VectorMatching): string {
  const keys = m.on ? m.labels.filter((k) => labels[k] !== undefined) : Object.keys(labels).filter((k) => k !== '__name__' && !m.labels.includes(k));
  return `{${keys.sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

/** The labels of a binary operation's result (`resultMetric`). */
function resultMetric(many: Labels, one: Labels, op: string, m: VectorMatching, returnBool: boolean): Labels {
  const out: Record<string, string> = { ...many };
  if (!isComparison(op) || returnBool) delete out['__name__'];
  if (m.card === 'one-to-one') {
    if (m.on) {
      for (const k of Object.keys(out)) if (!m.labels.includes(k)) delete out[k];
    } else {
      for (const k of m.labels) delete out[k];
    }
  } else {
    for (const k of m.include) {
      const v = one[k];
      if (v !== undefined && v !== '') out[k] = v;
      else delete out[k];
    }
  }
  return out;
}

function setAnd(lhs: Sample[], rhs: Sample[], m: VectorMatching): Sample[] {
  const right = new Set(rhs.map((s) => signature(s.labels, m)));
  return lhs.filter((s) => right.has(signature(s.labels, m)));
}

function setOr(lhs: Sample[], rhs: Sample[], m: VectorMatching): Sample[] {
  const left = new Set(lhs.map((s) => signature(s.labels, m)));
  return [...lhs, ...rhs.filter((s) => !left.has(signature(s.labels, m)))];
}

function setUnless(lhs: Sample[], rhs: Sample[], m: VectorMatching): Sample[] {
  const right = new Set(rhs.map((s) => signature(s.labels, m)));
  return lhs.filter((s) => !right.has(signature(s.labels, m)));
}

// Function helpers ------------------------------------------------------------------------------------------------

const MATH_FUNCS: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
};

/** UTC calendar parts of a Unix time in seconds, as Prometheus' date functions read them. */
function civil(s: number): { y: number; m: number; d: number; days: number; secs: number } {
  const secs = Math.floor(s);
  const days = Math.floor(secs / 86_400);
  const [y, m, d] = civilFromDays(days);
  return { y, m, d, days, secs: secs - days * 86_400 };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const DATE_FUNCS: Readonly<Record<string, (s: number) => number>> = {
  minute: (s) => Math.floor(civil(s).secs / 60) % 60,
  hour: (s) => Math.floor(civil(s).secs / 3600),
  day_of_month: (s) => civil(s).d,
  // 1970-01-01 was a Thursday (4).
  day_of_week: (s) => (((civil(s).days + 4) % 7) + 7) % 7,
  day_of_year: (s) => {
    const c = civil(s);
    return MONTH_DAYS.slice(0, c.m - 1).reduce((a, b) => a + b, 0) + (c.m > 2 && isLeap(c.y) ? 1 : 0) + c.d;
  },
  days_in_month: (s) => {
    const c = civil(s);
    return c.m === 2 && isLeap(c.y) ? 29 : MONTH_DAYS[c.m - 1]!;
  },
  month: (s) => civil(s).m,
  year: (s) => civil(s).y,
};

/** The labels `absent()` returns: the equality matchers of a selector argument (none when ambiguous). */
function absentLabels(arg: Expr): Labels {
  const inner = arg.type === 'MatrixSelector' ? arg.vector : arg;
  if (inner.type !== 'VectorSelector') return {};
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of inner.matchers) {
    if (m.name === '__name__') continue;
    if (m.op === '=' && !seen.has(m.name)) out[m.name] = m.value;
    else delete out[m.name];
    seen.add(m.name);
  }
  return out;
}

/** `histogram_quantile` over classic `_bucket` series: grouped by their labels without `le` and the name. */
function histogramQuantile(q: number, vec: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  const order: { labels: Labels; buckets: Bucket[] }[] = [];
  // Two buckets alike but for the metric name (two histograms' `_bucket` series) make Prometheus fail the query.
  const seen = new Set<string>();
  for (const s of vec) {
    const own = labelsKey(dropName(s.labels));
    if (seen.has(own)) throw new PromQLEvalError('vector cannot contain metrics with the same labelset');
    seen.add(own);
    const le = s.labels['le'];
    if (le === undefined) continue;
    const upperBound = parseLe(le);
    if (Number.isNaN(upperBound)) continue;
    const { le: _, ...rest } = dropName(s.labels);
    const k = labelsKey(rest);
    let g = groups.get(k);
    if (!g) {
      g = { labels: rest, buckets: [] };
      groups.set(k, g);
      order.push(g);
    }
    g.buckets.push({ upperBound, count: s.v });
  }
  return order.map((g) => ({ labels: g.labels, v: bucketQuantile(q, g.buckets) }));
}

/** An `le` label value as Go's `strconv.ParseFloat` reads it (`+Inf`, `1e-3`, `0.5`). */
function parseLe(le: string): number {
  const t = le.trim().toLowerCase();
  if (t === '+inf' || t === 'inf' || t === '+infinity' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `label_replace(v, dst, replacement, src, regex)`: an anchored match of src's value sets dst to the expansion. */
function labelReplace(vec: Sample[], dst: string, replacement: string, src: string, regex: string): Sample[] {
  let re: RegExp;
  try {
    re = anchoredRegex(regex);
  } catch {
    throw new PromQLEvalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!LABEL_NAME.test(dst)) throw new PromQLEvalError(`invalid destination label name in label_replace(): ${dst}`);
  return vec.map((s) => {
    const m = re.exec(s.labels[src] ?? '');
    if (!m) return s;
    const value = replacement.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, a: string | undefined, b: string | undefined) => {
      const name = a ?? b!;
      const g = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
      return g ?? '';
    });
    const labels: Record<string, string> = { ...s.labels };
    if (value === '') delete labels[dst];
    else labels[dst] = value;
    return { labels, v: s.v };
  });
}

/** `label_join(v, dst, separator, src…)`: dst becomes the src values joined. */
function labelJoin(vec: Sample[], dst: string, sep: string, srcs: readonly string[]): Sample[] {
  if (!LABEL_NAME.test(dst)) throw new PromQLEvalError(`invalid destination label name in label_join(): ${dst}`);
  return vec.map((s) => {
    const value = srcs.map((l) => s.labels[l] ?? '').join(sep);
    const labels: Record<string, string> = { ...s.labels };
    if (value === '') delete labels[dst];
    else labels[dst] = value;
    return { labels, v: s.v };
  });
}
