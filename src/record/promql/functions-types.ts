/**
 * Signatures of the PromQL functions kubesim evaluates, after Prometheus' `promql/parser/functions.go`: argument
 * types, how many trailing arguments are optional (`variadic`), and the return type. A function the grammar knows
 * but kubesim does not evaluate (native-histogram and experimental ones) is missing here, so the parser rejects it
 * with its position instead of answering wrongly.
 */
import type { ValueType } from './ast.ts';

export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** 0: exactly `args`; n > 0: up to n trailing arguments may be left out; -1: the last one repeats. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const v = (args: ValueType[], returns: ValueType = 'vector', variadic = 0): FunctionSignature => ({ args, variadic, returns });

const MATH = ['abs', 'ceil', 'floor', 'exp', 'sqrt', 'ln', 'log2', 'log10', 'sgn', 'deg', 'rad', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'];
const OVER_TIME = ['avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time', 'present_over_time', 'stddev_over_time', 'stdvar_over_time', 'absent_over_time', 'changes', 'resets', 'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv'];
const DATE = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];

/** Every function kubesim evaluates, by name. */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = Object.freeze({
  ...Object.fromEntries(MATH.map((name) => [name, v(['vector'])])),
  ...Object.fromEntries(OVER_TIME.map((name) => [name, v(['matrix'])])),
  ...Object.fromEntries(DATE.map((name) => [name, v(['vector'], 'vector', 1)])),
  absent: v(['vector']),
  clamp: v(['vector', 'scalar', 'scalar']),
  clamp_max: v(['vector', 'scalar']),
  clamp_min: v(['vector', 'scalar']),
  histogram_quantile: v(['scalar', 'vector']),
  label_join: v(['vector', 'string', 'string', 'string'], 'vector', -1),
  label_replace: v(['vector', 'string', 'string', 'string', 'string']),
  predict_linear: v(['matrix', 'scalar']),
  quantile_over_time: v(['scalar', 'matrix']),
  round: v(['vector', 'scalar'], 'vector', 1),
  scalar: v(['vector'], 'scalar'),
  sort: v(['vector']),
  sort_desc: v(['vector']),
  time: v([], 'scalar'),
  timestamp: v(['vector']),
  vector: v(['scalar']),
  pi: v([], 'scalar'),
});
