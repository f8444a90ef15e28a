/**
 * PromQL text → {@link Expr}, with Prometheus' own grammar (`@prometheus-io/lezer-promql`, the parser of its web UI)
 * and the checks of Prometheus' `promql/parser/parse.go` on top: argument and operand types, ranges only on
 * selectors, `offset` / `@` only on selectors and subqueries, `bool` only on comparisons, grouping only between
 * vectors. Errors carry the position as Prometheus prints it (`1:15: parse error: …`).
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { typeOf, type AggregateOp, type AtModifier, type BinaryOp, type Expr, type Matcher, type ValueType, type VectorMatching, type VectorSelector } from './ast.ts';
import { FUNCTIONS } from './functions-types.ts';

/** A query kubesim cannot parse or does not evaluate, with where (character offsets, 0-based) and why. */
export class PromQLError extends Error {
  constructor(
    readonly detail: string,
    readonly from: number,
    readonly to: number,
    readonly query: string,
  ) {
    const { line, col } = position(query, from);
    super(`${line}:${col}: parse error: ${detail}`);
    this.name = 'PromQLError';
  }

  /** 1-based line and column of the start of the error. */
  get line(): number {
    return position(this.query, this.from).line;
  }

  get column(): number {
    return position(this.query, this.from).col;
  }
}

function position(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/** Parses and type-checks a PromQL expression; throws {@link PromQLError}. */
export function parsePromQL(query: string): Expr {
  const tree = parser.parse(withoutTrailingDots(query));
  let err: SyntaxNode | undefined;
  tree.iterate({
    enter: (n) => {
      if (err) return false;
      if (n.type.isError) err = n.node;
      return undefined;
    },
  });
  if (err) {
    const end = query.trimEnd().length;
    // At the end of input, point just past the last character rather than at trailing blank lines.
    if (err.from >= end) throw new PromQLError('unexpected end of input', end, end, query);
    const near = query.slice(err.from, err.from + 12).split('\n')[0];
    throw new PromQLError(`unexpected ${JSON.stringify(near)}`, err.from, Math.max(err.to, err.from + 1), query);
  }
  const top = tree.topNode.firstChild;
  if (!top) throw new PromQLError('no expression found in input', 0, 0, query);
  return new Builder(query).expr(top);
}

/**
 * Prometheus' lexer reads `1.` as the number 1 (upstream tests write `histogram_quantile(1./6., …)`); the lezer
 * grammar does not, so a dot that ends a number outside strings and comments becomes a space (offsets unchanged).
 */
function withoutTrailingDots(q: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') {
        out += c + (q[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') {
      const end = q.indexOf('\n', i);
      out += end < 0 ? q.slice(i) : q.slice(i, end);
      i = end < 0 ? q.length : end - 1;
      continue;
    } else if (c === '.' && /\d/.test(q[i - 1] ?? '') && !/[\d\w]/.test(q[i + 1] ?? '')) {
      let j = i - 1;
      while (j >= 0 && /[\d]/.test(q[j]!)) j--;
      if (j < 0 || !/[\w:.]/.test(q[j]!)) {
        out += ' ';
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * Checks a query that still holds `{{…}}` template placeholders (Argo's `{{args.x}}`, unknown until a run
 * starts): each stands in as a run of letters of the same length, so the query keeps its shape and the error its
 * position. Undefined when it parses, else the error (positions in the query as written).
 */
export function checkTemplatedQuery(query: string): PromQLError | undefined {
  try {
    parsePromQL(query.replace(/\{\{[^}]*\}\}/g, (m) => 'a'.repeat(m.length)));
    return undefined;
  } catch (e) {
    if (e instanceof PromQLError) return new PromQLError(e.detail, e.from, e.to, query);
    throw e;
  }
}

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2', Eql: '==', Neq: '!=', Gtr: '>', Lss: '<',
  Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};
const COMPARISONS = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set<BinaryOp>(['and', 'or', 'unless']);
const AGGREGATE_OPS: Readonly<Record<string, AggregateOp>> = {
  Sum: 'sum', Avg: 'avg', Min: 'min', Max: 'max', Count: 'count', Group: 'group', Stddev: 'stddev', Stdvar: 'stdvar',
  Topk: 'topk', Bottomk: 'bottomk', Quantile: 'quantile', CountValues: 'count_values',
};

class Builder {
  constructor(private readonly q: string) {}

  private text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  private fail(n: { from: number; to: number }, detail: string): never {
    throw new PromQLError(detail, n.from, n.to, this.q);
  }

  /** The expression children of a node (skipping tokens and modifiers). */
  private exprChildren(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.type.is('Expr')) out.push(c);
    return out;
  }

  expr(n: SyntaxNode): Expr {
    const span = { from: n.from, to: n.to };
    switch (n.name) {
      case 'NumberDurationLiteral':
        return { type: 'NumberLiteral', value: parseNumber(this.text(n)), ...span };
      case 'StringLiteral':
        return { type: 'StringLiteral', value: this.string(n), ...span };
      case 'ParenExpr':
        return { type: 'ParenExpr', expr: this.expr(this.exprChildren(n)[0]!), ...span };
      case 'UnaryExpr': {
        const inner = this.expr(this.exprChildren(n)[0]!);
        const t = typeOf(inner);
        if (t !== 'scalar' && t !== 'vector') this.fail(n, `unary expression only allowed on expressions of type scalar or instant vector, got ${typeName(t)}`);
        const op = this.text(n.getChild('UnaryOp')!) as '-' | '+';
        return { type: 'UnaryExpr', op, expr: inner, ...span };
      }
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector': {
        const inner = this.expr(this.exprChildren(n)[0]!);
        if (inner.type !== 'VectorSelector') this.fail(n, 'ranges only allowed for vector selectors');
        if (inner.offsetMs !== 0 || inner.at) this.fail(n, 'no offset or @ modifiers allowed before range');
        return { type: 'MatrixSelector', vector: inner, rangeMs: this.duration(n.getChild('DurationExpr')!, true), ...span };
      }
      case 'SubqueryExpr': {
        const inner = this.expr(this.exprChildren(n)[0]!);
        const t = typeOf(inner);
        if (t !== 'vector' && t !== 'scalar') this.fail(n, `subquery is only allowed on instant vector, got ${typeName(t)} instead`);
        const ds = n.getChildren('DurationExpr');
        const stepMs = ds[1] ? this.duration(ds[1], true) : 0;
        return { type: 'SubqueryExpr', expr: inner, rangeMs: this.duration(ds[0]!, true), stepMs, offsetMs: 0, at: undefined, ...span };
      }
      case 'OffsetExpr':
        return this.modified(n, { offsetMs: this.offset(n.getChild('OffsetDurationExpr')!) });
      case 'StepInvariantExpr':
        return this.modified(n, { at: this.at(n) });
      case 'BinaryExpr':
        return this.binary(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'FunctionCall':
        return this.call(n);
      default:
        return this.fail(n, `${n.name} is not supported by kubesim's PromQL engine`);
    }
  }

  /**
   * Applies `offset` or `@` to the selector or subquery it follows. Prometheus' grammar binds these postfix
   * modifiers tighter than any operator; the lezer grammar reads `-m @ 100` as `(-m) @ 100` and `a + b offset 5m` as
   * `(a + b) offset 5m`, so the modifier is pushed down to the rightmost operand, where Prometheus puts it.
   */
  private modified(n: SyntaxNode, mod: { offsetMs?: number; at?: AtModifier }): Expr {
    const apply = (inner: Expr): Expr => {
      if (inner.type === 'UnaryExpr') return { ...inner, expr: apply(inner.expr) };
      if (inner.type === 'BinaryExpr') return { ...inner, rhs: apply(inner.rhs) };
      const what = mod.at ? '@' : 'offset';
      const target = inner.type === 'MatrixSelector' ? inner.vector : inner;
      if (target.type !== 'VectorSelector' && target.type !== 'SubqueryExpr') {
        this.fail(n, `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
      }
      if (mod.offsetMs !== undefined && target.offsetMs !== 0) this.fail(n, 'offset may not be set multiple times');
      if (mod.at && target.at) this.fail(n, '@ <timestamp> may not be set multiple times');
      const changed = { ...target, ...mod } as VectorSelector | typeof target;
      if (inner.type === 'MatrixSelector') return { ...inner, vector: changed as VectorSelector };
      return changed as Expr;
    };
    return { ...apply(this.expr(this.exprChildren(n)[0]!)), from: n.from, to: n.to } as Expr;
  }

  private at(n: SyntaxNode): AtModifier {
    const pre = n.getChild('AtModifierPreprocessors');
    if (pre) return pre.getChild('AtStart') ? { kind: 'start' } : { kind: 'end' };
    const lit = n.getChild('NumberDurationLiteral')!;
    const s = parseNumber(this.text(lit));
    if (!Number.isFinite(s)) this.fail(lit, `timestamp out of bounds for @ modifier: ${this.text(lit)}`);
    return { kind: 'time', ms: Math.round(s * 1000) };
  }

  private offset(n: SyntaxNode): number {
    const op = n.getChild('UnaryOp');
    if (op) {
      const inner = this.offset(n.getChild('OffsetDurationExpr')!);
      return this.text(op) === '-' ? -inner : inner;
    }
    return this.duration(n, false);
  }

  /** A duration expression in ms: literals (`5m`, `1h30m`, `300` seconds) and constant arithmetic on them. */
  private duration(n: SyntaxNode, positive: boolean): number {
    const ms = this.durationValue(n);
    if (positive && !(ms > 0)) this.fail(n, `duration must be greater than 0, got ${this.text(n)}`);
    return ms;
  }

  private durationValue(n: SyntaxNode): number {
    const lit = n.name === 'NumberDurationLiteralInDurationContext' ? n : n.getChild('NumberDurationLiteralInDurationContext');
    const parts = n.getChildren('DurationExpr');
    const op = n.getChild('UnaryOp');
    if (parts.length === 0 && op && n.getChild('DurationExpr')) {
      const inner = this.durationValue(n.getChild('DurationExpr')!);
      return this.text(op) === '-' ? -inner : inner;
    }
    if (parts.length === 2) {
      const [a, b] = [this.durationValue(parts[0]!), this.durationValue(parts[1]!)];
      for (const [name, f] of [['Add', a + b], ['Sub', a - b], ['Mul', (a * b) / 1000], ['Div', (a / b) * 1000], ['Mod', a % b]] as const) {
        if (n.getChild(name)) return Math.round(f);
      }
      this.fail(n, `duration arithmetic ${this.text(n)} is not supported by kubesim`);
    }
    if (parts.length === 1) return this.durationValue(parts[0]!);
    if (!lit) this.fail(n, `duration function ${this.text(n)} is not supported by kubesim`);
    const t = this.text(lit);
    const ms = DURATION.test(t) ? parseDurationMs(t) : Math.round(parseNumber(t) * 1000);
    if (!Number.isFinite(ms)) this.fail(lit, `bad duration ${JSON.stringify(t)}`);
    return ms;
  }

  private vectorSelector(n: SyntaxNode): VectorSelector {
    const id = n.getChild('Identifier');
    const name = id ? this.text(id) : undefined;
    const matchers: Matcher[] = [];
    const lm = n.getChild('LabelMatchers');
    for (let c = lm?.firstChild; c; c = c.nextSibling) {
      if (c.name === 'UnquotedLabelMatcher' || c.name === 'QuotedLabelMatcher') {
        const ln = c.getChild('LabelName') ?? c.getChild('QuotedLabelName')!;
        const label = ln.name === 'LabelName' ? this.text(ln) : this.string(ln.getChild('StringLiteral')!);
        const op = this.text(c.getChild('MatchOp')!) as Matcher['op'];
        const lit = c.getChildren('StringLiteral');
        const value = this.string(lit[lit.length - 1]!);
        matchers.push(matcher(label, op, value, () => this.fail(c, `invalid regular expression in matcher: ${JSON.stringify(value)}`)));
      } else if (c.name === 'QuotedLabelName') {
        matchers.push(matcher('__name__', '=', this.string(c.getChild('StringLiteral')!), () => this.fail(c, 'bad name')));
      }
    }
    const nameMatchers = matchers.filter((m) => m.name === '__name__');
    if (name !== undefined && nameMatchers.length > 0) this.fail(n, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(nameMatchers[0]!.value)}`);
    if (name !== undefined) matchers.unshift(matcher('__name__', '=', name, () => undefined as never));
    // Prometheus: "vector selector must contain at least one non-empty matcher".
    if (!matchers.some((m) => !matches(m, ''))) this.fail(n, 'vector selector must contain at least one non-empty matcher');
    const metricName = name ?? nameMatchers.find((m) => m.op === '=')?.value;
    return { type: 'VectorSelector', name: metricName, matchers, offsetMs: 0, at: undefined, from: n.from, to: n.to };
  }

  private grouping(n: SyntaxNode | null): string[] {
    const out: string[] = [];
    for (let c = n?.firstChild; c; c = c.nextSibling) {
      if (c.name === 'LabelName') out.push(this.text(c));
      else if (c.name === 'QuotedLabelName') out.push(this.string(c.getChild('StringLiteral')!));
    }
    return out;
  }

  private binary(n: SyntaxNode): Expr {
    const [l, r] = this.exprChildren(n) as [SyntaxNode, SyntaxNode];
    let op: BinaryOp | undefined;
    let opNode: SyntaxNode | undefined;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (!c.type.is('Expr') && BINARY_OPS[c.name] !== undefined) {
        op = BINARY_OPS[c.name];
        opNode = c;
      }
      if (c.name === 'FillModifier' || c.name === 'TrimUpper' || c.name === 'TrimLower') this.fail(c, `${this.text(c)} is an experimental modifier kubesim does not evaluate`);
    }
    if (!op || !opNode) this.fail(n, 'unknown binary operator');
    const lhs = this.expr(l);
    const rhs = this.expr(r);
    const returnBool = n.getChild('BoolModifier') !== null;
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    for (const [side, t] of [[l, lt], [r, rt]] as const) {
      if (t !== 'scalar' && t !== 'vector') this.fail(side, `binary expression must contain only scalar and instant vector types`);
    }
    if (returnBool && !COMPARISONS.has(op)) this.fail(opNode, 'bool modifier can only be used on comparison operators');
    if (COMPARISONS.has(op) && !returnBool && lt === 'scalar' && rt === 'scalar') this.fail(opNode, 'comparisons between scalars must use BOOL modifier');
    if (SET_OPS.has(op) && (lt === 'scalar' || rt === 'scalar')) this.fail(opNode, `set operator "${op}" not allowed in binary scalar expression`);
    const mm = n.getChild('MatchingModifierClause');
    let matching: VectorMatching | undefined;
    if (lt === 'vector' && rt === 'vector') {
      const groups = mm?.getChildren('GroupingLabels') ?? [];
      const left = mm?.getChild('GroupLeft');
      const right = mm?.getChild('GroupRight');
      const card = SET_OPS.has(op) ? 'many-to-many' : left ? 'many-to-one' : right ? 'one-to-many' : 'one-to-one';
      if (SET_OPS.has(op) && (left || right)) this.fail(mm!, `no grouping allowed for "${op}" operation`);
      matching = { card, on: mm?.getChild('On') !== null && mm !== null, labels: this.grouping(groups[0] ?? null), include: this.grouping(groups[1] ?? null) };
      for (const l2 of matching.include) {
        if (matching.on && matching.labels.includes(l2)) this.fail(mm!, `label "${l2}" must not occur in ON and GROUP clause at once`);
      }
    } else if (mm) {
      this.fail(mm, 'vector matching only allowed between instant vectors');
    }
    return { type: 'BinaryExpr', op, lhs, rhs, returnBool, matching, from: n.from, to: n.to };
  }

  private aggregate(n: SyntaxNode): Expr {
    const opNode = n.getChild('AggregateOp')!;
    const op = AGGREGATE_OPS[opNode.firstChild?.name ?? ''];
    if (!op) this.fail(opNode, `aggregation ${this.text(opNode)} is not supported by kubesim`);
    const body = n.getChild('FunctionCallBody')!;
    const args = this.exprChildren(body);
    const withParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    if (args.length !== (withParam ? 2 : 1)) this.fail(body, `wrong number of arguments for aggregate expression provided, expected ${withParam ? 2 : 1}, got ${args.length}`);
    const exprNode = args[args.length - 1]!;
    const expr = this.expr(exprNode);
    if (typeOf(expr) !== 'vector') this.fail(exprNode, `expected type instant vector in aggregation expression, got ${typeName(typeOf(expr))}`);
    let param: Expr | undefined;
    if (withParam) {
      param = this.expr(args[0]!);
      const want: ValueType = op === 'count_values' ? 'string' : 'scalar';
      if (typeOf(param) !== want) this.fail(args[0]!, `expected type ${typeName(want)} in aggregation parameter, got ${typeName(typeOf(param))}`);
    }
    const mod = n.getChild('AggregateModifier');
    return {
      type: 'AggregateExpr',
      op,
      expr,
      param,
      grouping: this.grouping(mod?.getChild('GroupingLabels') ?? null),
      without: mod?.getChild('Without') !== null && mod !== null,
      from: n.from,
      to: n.to,
    };
  }

  private call(n: SyntaxNode): Expr {
    const idNode = n.getChild('FunctionIdentifier')!;
    const func = this.text(idNode);
    const sig = FUNCTIONS[func];
    if (!sig) this.fail(idNode, `function "${func}" is not supported by kubesim's PromQL engine`);
    const body = n.getChild('FunctionCallBody')!;
    const argNodes = this.exprChildren(body);
    const min = sig.variadic > 0 ? sig.args.length - sig.variadic : sig.args.length;
    const max = sig.variadic < 0 ? Infinity : sig.args.length;
    if (argNodes.length < min || argNodes.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(body, `expected ${expected} argument(s) in call to "${func}", got ${argNodes.length}`);
    }
    const args = argNodes.map((a, i) => {
      const e = this.expr(a);
      const want = sig.args[Math.min(i, sig.args.length - 1)]!;
      const got = typeOf(e);
      if (got !== want) this.fail(a, `expected type ${typeName(want)} in call to function "${func}", got ${typeName(got)}`);
      return e;
    });
    return { type: 'Call', func, args, from: n.from, to: n.to };
  }

  /** Unquotes a PromQL string literal: Go's escapes in "…" and '…', none in `…`. */
  private string(n: SyntaxNode): string {
    const raw = this.text(n);
    const quote = raw[0];
    if (raw.length < 2 || raw[raw.length - 1] !== quote) this.fail(n, 'unterminated quoted string');
    const body = raw.slice(1, -1);
    if (quote === '`') return body;
    return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
      const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
      if (e.length === 1) {
        if (simple[e] === undefined) this.fail(n, `invalid escape sequence \\${e} in string`);
        return simple[e]!;
      }
      if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return String.fromCharCode(parseInt(e, 8));
    });
  }
}

function typeName(t: ValueType): string {
  return t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t;
}

/** Builds a matcher; a regex is anchored at both ends, as Prometheus' `labels.NewFastRegexMatcher`. */
export function matcher(name: string, op: Matcher['op'], value: string, onBadRegex: () => never): Matcher {
  if (op !== '=~' && op !== '!~') return { name, op, value };
  try {
    return { name, op, value, re: anchoredRegex(value) };
  } catch {
    return onBadRegex();
  }
}

/**
 * An RE2 pattern as a JavaScript regex anchored at both ends, as Prometheus anchors matchers and label_replace:
 * the `s` flag because Prometheus compiles with `(?s)`, Go's `(?P<name>` group syntax as JavaScript's `(?<name>`, a
 * leading `(?i)` as the `i` flag.
 */
export function anchoredRegex(pattern: string): RegExp {
  // A leading `(?i)` (case-insensitive, common in matchers) becomes the `i` flag.
  const insensitive = pattern.startsWith('(?i)');
  const body = (insensitive ? pattern.slice(4) : pattern).replace(/\(\?P</g, '(?<');
  return new RegExp(`^(?:${body})$`, insensitive ? 'si' : 's');
}

/** Whether a label value (the empty string for a missing label) satisfies the matcher. */
export function matches(m: Matcher, v: string): boolean {
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Prometheus' `model.ParseDuration` (y = 365d, w = 7d) in ms. */
export function parseDurationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m || text === '') return NaN;
  const unit = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
  let ms = 0;
  for (let i = 0; i < unit.length; i++) if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * unit[i]!;
  return ms;
}

/** A number literal: decimal, hex, Inf, NaN, or a duration (seconds), with an optional sign. */
export function parseNumber(text: string): number {
  let t = text.trim();
  let sign = 1;
  if (t[0] === '-' || t[0] === '+') {
    sign = t[0] === '-' ? -1 : 1;
    t = t.slice(1).trim();
  }
  const lower = t.toLowerCase();
  if (lower === 'inf') return sign * Infinity;
  if (lower === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/i.test(t)) return sign * parseInt(t.slice(2), 16);
  if (DURATION.test(t) && /[a-z]/i.test(t)) return (sign * parseDurationMs(t)) / 1000;
  return sign * Number(t.replace(/_/g, ''));
}
