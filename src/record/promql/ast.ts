/**
 * The PromQL syntax tree kubesim evaluates, after Prometheus' `promql/parser/ast.go`: the lezer tree of
 * `@prometheus-io/lezer-promql` is turned into these nodes (see parse.ts), type-checked as Prometheus' parser checks
 * them. Times and durations are integer milliseconds.
 */

/** PromQL value types, as `parser.ValueType`. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** A label matcher: `name op "value"`; regexes are anchored (`^(?:value)$`), as Prometheus' are. */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
  /** The anchored regex for `=~` and `!~`. */
  readonly re?: RegExp;
}

/** Where a node sits in the query text (character offsets), for error messages. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** `@ t` (ms) or `@ start()` / `@ end()`. */
export type AtModifier = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

export interface VectorSelector extends Span {
  readonly type: 'VectorSelector';
  readonly name: string | undefined;
  /** Every matcher, the metric name as `__name__="…"` included. */
  readonly matchers: readonly Matcher[];
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
}

export interface MatrixSelector extends Span {
  readonly type: 'MatrixSelector';
  readonly vector: VectorSelector;
  readonly rangeMs: number;
}

export interface SubqueryExpr extends Span {
  readonly type: 'SubqueryExpr';
  readonly expr: Expr;
  readonly rangeMs: number;
  /** 0: the query's step (range queries) or the default evaluation interval, 1m (instant queries). */
  readonly stepMs: number;
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
}

export interface NumberLiteral extends Span {
  readonly type: 'NumberLiteral';
  readonly value: number;
}

export interface StringLiteral extends Span {
  readonly type: 'StringLiteral';
  readonly value: string;
}

export interface ParenExpr extends Span {
  readonly type: 'ParenExpr';
  readonly expr: Expr;
}

export interface UnaryExpr extends Span {
  readonly type: 'UnaryExpr';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

/** Vector matching of a binary operation, as `parser.VectorMatching`. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** `on(...)` labels when `on`, else the `ignoring(...)` labels. */
  readonly labels: readonly string[];
  readonly on: boolean;
  /** `group_left(...)` / `group_right(...)` labels taken from the "one" side. */
  readonly include: readonly string[];
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless';

export interface BinaryExpr extends Span {
  readonly type: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Set when both sides are vectors. */
  readonly matching: VectorMatching | undefined;
}

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile' | 'count_values';

export interface AggregateExpr extends Span {
  readonly type: 'AggregateExpr';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** k of topk/bottomk, q of quantile, the label of count_values. */
  readonly param: Expr | undefined;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export interface Call extends Span {
  readonly type: 'Call';
  readonly func: string;
  readonly args: readonly Expr[];
}

export type Expr =
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | NumberLiteral
  | StringLiteral
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call;

/** The value type an expression evaluates to, as `Expr.Type()`. */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'ParenExpr':
    case 'UnaryExpr':
      return typeOf(e.expr);
    case 'BinaryExpr':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'Call':
      return FUNCTION_RETURNS[e.func] ?? 'vector';
  }
}

/** Return types of the functions that do not return an instant vector. */
const FUNCTION_RETURNS: Readonly<Record<string, ValueType>> = { scalar: 'scalar', time: 'scalar', pi: 'scalar' };
