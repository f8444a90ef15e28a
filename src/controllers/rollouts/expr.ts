/**
 * Analysis conditions (`successCondition`, `failureCondition`), evaluated as argo-rollouts `utils/evaluate`
 * (`EvalCondition`) does with expr-lang: the measurement is bound to `result`, plus Argo's helper functions. The
 * text is parsed by jsep into a syntax tree and walked here; nothing is ever handed to `eval` or `new Function`, and
 * only the names below exist, so a condition cannot reach anything else.
 *
 * Supported: numbers, strings ('x' or "x"), true/false/nil, `result`, `result[0]`, `result.field`, arithmetic
 * (+ − * / %), comparisons (== != < <= > >=), membership (`2 in result`: an array element or an object key), `&&`
 * `||` `!` and expr's `and` `or` `not`, the ternary, array literals
 * and the functions `len`, `asInt`, `asFloat`, `isNaN`, `isInf`, `isNil`, `default`, `abs`, `min`, `max`. expr's
 * closures (`all`, `filter`, …) are not supported: a condition using them is a parse error at load time.
 */
import jsep from 'jsep';

jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
// expr's membership operator binds like the comparisons.
jsep.addBinaryOp('in', 7);
jsep.addUnaryOp('not');
jsep.addLiteral('nil', null);

/** A condition that failed to parse or to evaluate; `message` says where and why. */
export class ConditionError extends Error {
  override name = 'ConditionError';
}

/** Parses a condition, throwing {@link ConditionError} with jsep's message on a syntax error. */
export function parseCondition(condition: string): jsep.Expression {
  try {
    const ast = jsep(condition);
    checkNames(ast);
    return ast;
  } catch (e) {
    if (e instanceof ConditionError) throw e;
    throw new ConditionError(`cannot parse ${JSON.stringify(condition)}: ${(e as Error).message}`);
  }
}

const FUNCTIONS: Readonly<Record<string, (args: unknown[]) => unknown>> = {
  len: ([v]) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    throw new ConditionError(`invalid argument for len (type ${typeName(v)})`);
  },
  // Argo's asInt/asFloat parse strings (web and job results are strings); asInt truncates a float as Go's
  // int64(v) does, asFloat passes numbers through.
  asInt: ([v]) => {
    if (typeof v === 'number') return Math.trunc(v);
    const s = String(v);
    if (!/^[+-]?\d+$/.test(s)) throw new ConditionError(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
    return Number(s);
  },
  asFloat: ([v]) => {
    if (typeof v === 'number') return v;
    const s = String(v).trim();
    const n = Number(s);
    if (s === '' || (Number.isNaN(n) && !/^[+-]?nan$/i.test(s))) throw new ConditionError(`strconv.ParseFloat: parsing ${JSON.stringify(String(v))}: invalid syntax`);
    return n;
  },
  isNaN: ([v]) => typeof v === 'number' && Number.isNaN(v),
  isInf: ([v]) => typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v),
  isNil: ([v]) => v === null || v === undefined,
  default: ([v, d]) => (v === null || v === undefined ? d : v),
  abs: ([v]) => Math.abs(num(v, 'abs')),
  min: (args) => Math.min(...args.map((a) => num(a, 'min'))),
  max: (args) => Math.max(...args.map((a) => num(a, 'max'))),
};

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'float64' : typeof v;
}

function num(v: unknown, op: string): number {
  if (typeof v !== 'number') throw new ConditionError(`invalid operation: ${op} on ${typeName(v)}`);
  return v;
}

/** Rejects names that are neither `result` nor a known function, at parse time (a load-time error). */
function checkNames(node: jsep.Expression): void {
  switch (node.type) {
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (name !== 'result') throw new ConditionError(`unknown name ${name} (only result and ${Object.keys(FUNCTIONS).join(', ')} exist)`);
      return;
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== 'Identifier' || !((call.callee as jsep.Identifier).name in FUNCTIONS)) {
        throw new ConditionError(`unknown function in call (known: ${Object.keys(FUNCTIONS).join(', ')})`);
      }
      call.arguments.forEach(checkNames);
      return;
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      checkNames(m.object);
      if (m.computed) checkNames(m.property);
      return;
    }
    case 'Literal':
      return;
    case 'UnaryExpression':
      return checkNames((node as jsep.UnaryExpression).argument);
    case 'BinaryExpression':
      checkNames((node as jsep.BinaryExpression).left);
      return checkNames((node as jsep.BinaryExpression).right);
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      [c.test, c.consequent, c.alternate].forEach(checkNames);
      return;
    }
    case 'ArrayExpression':
      for (const el of (node as jsep.ArrayExpression).elements) if (el) checkNames(el);
      return;
    default:
      throw new ConditionError(`unsupported syntax (${node.type})`);
  }
}

function evaluate(node: jsep.Expression, result: unknown): unknown {
  switch (node.type) {
    case 'Literal':
      return (node as jsep.Literal).value;
    case 'Identifier':
      return result;
    case 'ArrayExpression':
      return (node as jsep.ArrayExpression).elements.map((e) => (e ? evaluate(e, result) : null));
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const obj = evaluate(m.object, result);
      const key = m.computed ? evaluate(m.property, result) : (m.property as jsep.Identifier).name;
      if (Array.isArray(obj)) {
        if (typeof key !== 'number' || !Number.isInteger(key)) throw new ConditionError(`cannot index array with ${typeName(key)}`);
        const i = key < 0 ? obj.length + key : key;
        if (i < 0 || i >= obj.length) throw new ConditionError(`index out of range: ${key} (array length is ${obj.length})`);
        return obj[i];
      }
      if (obj !== null && typeof obj === 'object') return (obj as Record<string, unknown>)[String(key)];
      throw new ConditionError(`cannot fetch ${String(key)} from ${typeName(obj)}`);
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const fn = FUNCTIONS[(call.callee as jsep.Identifier).name]!;
      return fn(call.arguments.map((a) => evaluate(a, result)));
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const v = evaluate(u.argument, result);
      if (u.operator === '!' || u.operator === 'not') {
        if (typeof v !== 'boolean') throw new ConditionError(`invalid operation: ${u.operator} (mismatched type ${typeName(v)})`);
        return !v;
      }
      if (u.operator === '-') return -num(v, '-');
      if (u.operator === '+') return num(v, '+');
      throw new ConditionError(`unsupported operator ${u.operator}`);
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const t = evaluate(c.test, result);
      if (typeof t !== 'boolean') throw new ConditionError(`non-bool expression (type ${typeName(t)}) used as condition`);
      return evaluate(t ? c.consequent : c.alternate, result);
    }
    case 'BinaryExpression':
      return binary(node as jsep.BinaryExpression, result);
    default:
      throw new ConditionError(`unsupported syntax (${node.type})`);
  }
}

function binary(b: jsep.BinaryExpression, result: unknown): unknown {
  const op = b.operator;
  if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
    const l = evaluate(b.left, result);
    if (typeof l !== 'boolean') throw new ConditionError(`invalid operation: ${op} (mismatched type ${typeName(l)})`);
    // Short-circuit as expr does.
    if ((op === '&&' || op === 'and') && !l) return false;
    if ((op === '||' || op === 'or') && l) return true;
    const r = evaluate(b.right, result);
    if (typeof r !== 'boolean') throw new ConditionError(`invalid operation: ${op} (mismatched type ${typeName(r)})`);
    return r;
  }
  const l = evaluate(b.left, result);
  const r = evaluate(b.right, result);
  if (op === 'in') return member(l, r);
  if (op === '==' || op === '===') return equal(l, r);
  if (op === '!=' || op === '!==') return !equal(l, r);
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    if (typeof l === 'string' && typeof r === 'string') return compare(op, l, r);
    if (typeof l !== 'number' || typeof r !== 'number') {
      throw new ConditionError(`invalid operation: ${typeName(l)} ${op} ${typeName(r)} (mismatched types)`);
    }
    return compare(op, l, r);
  }
  const x = num(l, op);
  const y = num(r, op);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      if (y === 0) throw new ConditionError('integer divide by zero');
      return x % y;
    default:
      throw new ConditionError(`unsupported operator ${op}`);
  }
}

function compare<T extends number | string>(op: string, l: T, r: T): boolean {
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

/** expr's `in`: an element of an array (by `==`), or a key of an object; anything else is a type error. */
function member(l: unknown, r: unknown): boolean {
  if (Array.isArray(r)) return r.some((v) => equal(l, v));
  if (r !== null && typeof r === 'object') {
    if (typeof l !== 'string') throw new ConditionError(`cannot use ${typeName(l)} as type string in map key`);
    return Object.hasOwn(r, l);
  }
  throw new ConditionError(`invalid operation: in (mismatched types ${typeName(l)} and ${typeName(r)})`);
}

function equal(l: unknown, r: unknown): boolean {
  if ((l === null || l === undefined) && (r === null || r === undefined)) return true;
  if (Array.isArray(l) && Array.isArray(r)) return l.length === r.length && l.every((v, i) => equal(v, r[i]));
  return l === r;
}

/**
 * `EvalCondition`: the condition's value with `result` bound; throws {@link ConditionError} when it does not parse,
 * fails to evaluate (index out of range, mismatched types) or is not a boolean (expr's `AsBool`).
 */
export function EvalCondition(result: unknown, condition: string): boolean {
  const v = evaluate(parseCondition(condition), result);
  if (typeof v !== 'boolean') throw new ConditionError(`expected bool, but got ${typeName(v)}`);
  return v;
}
