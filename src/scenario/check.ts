/**
 * The small toolkit the scenario validator is written with: a {@link Checker} that collects {@link FieldError}s
 * stamped with the field path and the `file:line:col` of the offending node, plus typed readers (object with known
 * fields, string, integer, number, duration, quantity) that report what is wrong and return `undefined`.
 */
import { fieldError, type FieldError, type SourcePosition } from '../api/errors.ts';
import { type FieldPath, formatPath } from '../api/path.ts';
import { QuantityError, parseQuantity, type Quantity } from '../api/quantity.ts';
import { DurationError, parseDuration } from '../engine/duration.ts';
import { type NodeLocation, locate, parseFieldPath } from './parse.ts';

/** A plain mapping. */
export type Obj = Record<string, unknown>;

/** True for a plain mapping (not a list, not null). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * The closest of `candidates` to `word`, if it is close: same letters ignoring case, or an edit distance of at
 * most 2 (1 for words of 4 letters or fewer). Ties go to the first candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === word.toLowerCase()) return c;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = word.length <= 4 ? 1 : 2;
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean "x"?` or empty. */
export function hint(word: string, candidates: readonly string[]): string {
  const m = didYouMean(word, candidates);
  return m !== undefined ? `; did you mean "${m}"?` : '';
}

/** Collects errors and warnings with positions. */
export class Checker {
  readonly errors: FieldError[] = [];
  readonly warnings: FieldError[] = [];

  constructor(
    readonly file: string,
    readonly locations?: ReadonlyMap<string, NodeLocation>,
  ) {}

  /** Where `path` is written (its value, or its key), falling back to the nearest written ancestor. */
  at(path: FieldPath, which: 'key' | 'value' = 'value'): SourcePosition | undefined {
    return locate(this.locations, this.file, path, which) ?? undefined;
  }

  /** Adds an error built by one of the `fieldError` constructors; its `field` is replaced by `path`. */
  add(e: FieldError, path: FieldPath, which: 'key' | 'value' = 'value'): void {
    const source = this.at(path, which);
    this.errors.push({ ...e, field: formatPath(path), ...(source ? { source } : {}) });
  }

  /** Like {@link add}, as a warning. */
  warn(e: FieldError, path: FieldPath, which: 'key' | 'value' = 'value'): void {
    const source = this.at(path, which);
    this.warnings.push({ ...e, field: formatPath(path), warning: true, ...(source ? { source } : {}) });
  }

  /** Adds errors from a validator that prints paths relative to `base` (`profile.spikes[0].at`). */
  addRelative(errors: readonly { field: string; detail: string }[], base: FieldPath, strip = ''): void {
    for (const e of errors) {
      const rel = e.field.startsWith(strip) ? e.field.slice(strip.length) : e.field;
      const path = [...base, ...parseFieldPath(rel)];
      const fe = e as Partial<FieldError> & { field: string; detail: string };
      if (fe.type) this.add({ ...(fe as FieldError) }, path);
      else {
        const bad = get(this.root, path);
        if (bad === undefined) this.add(fieldError.required('', e.detail.replace(/,? got undefined$/, '')), path, 'key');
        else this.add({ type: 'Invalid', field: '', badValue: bad, detail: e.detail }, path);
      }
    }
  }

  /** The document root, for {@link addRelative}'s bad values. */
  root: unknown = undefined;

  /**
   * Reads a mapping with known fields: a wrong type or an unknown field (with a hint) is an error; `required`
   * fields that are missing are errors at the mapping.
   */
  object(v: unknown, path: FieldPath, known: readonly string[], required: readonly string[] = []): Obj | undefined {
    if (!isObj(v)) {
      this.add(fieldError.typeInvalid('', v, `expected a mapping with fields ${known.join(', ')}`), path);
      return undefined;
    }
    for (const key of Object.keys(v)) {
      if (!known.includes(key)) this.unknown(path, key, known);
    }
    for (const key of required) {
      if (v[key] === undefined || v[key] === null) this.add(fieldError.required('', `${key} must be set`), [...path, key], 'key');
    }
    return v;
  }

  /** An unknown-field error at `path.key`, with a hint. */
  unknown(path: FieldPath, key: string, known: readonly string[]): void {
    const p = [...path, key];
    this.add({ type: 'FieldValueUnknown', field: '', detail: `unknown field "${key}"${hint(key, known)}` }, p, 'key');
  }

  /** A non-empty string, or undefined (error unless absent and optional). */
  string(v: unknown, path: FieldPath, opts: { required?: boolean } = {}): string | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.add(fieldError.required(''), path, 'key');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add(fieldError.typeInvalid('', v, 'expected a string'), path);
      return undefined;
    }
    if (v === '') {
      this.add(fieldError.required('', 'must not be empty'), path);
      return undefined;
    }
    return v;
  }

  /** An integer in [min, max]. */
  integer(v: unknown, path: FieldPath, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.add(fieldError.required(''), path, 'key');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      this.add(fieldError.typeInvalid('', v, 'expected an integer'), path);
      return undefined;
    }
    return this.range(v, path, opts);
  }

  /** A finite number in [min, max]. */
  number(v: unknown, path: FieldPath, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.add(fieldError.required(''), path, 'key');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(fieldError.typeInvalid('', v, 'expected a number'), path);
      return undefined;
    }
    return this.range(v, path, opts);
  }

  private range(v: number, path: FieldPath, opts: { min?: number; max?: number }): number | undefined {
    if (opts.min !== undefined && v < opts.min) {
      this.add(fieldError.invalid('', v, `must be greater than or equal to ${opts.min}`), path);
      return undefined;
    }
    if (opts.max !== undefined && v > opts.max) {
      this.add(fieldError.invalid('', v, `must be less than or equal to ${opts.max}`), path);
      return undefined;
    }
    return v;
  }

  /** A boolean. */
  boolean(v: unknown, path: FieldPath): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.add(fieldError.typeInvalid('', v, 'expected true or false'), path);
      return undefined;
    }
    return v;
  }

  /**
   * A Go duration string (`"90s"`, `"1h30m"`) as integer ms. A bare number other than 0 is an error: it has no
   * unit, as in Go's `time.ParseDuration`.
   */
  duration(v: unknown, path: FieldPath, opts: { required?: boolean; positive?: boolean; allowNegative?: boolean } = {}): number | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.add(fieldError.required('', 'a duration such as "15m" must be set'), path, 'key');
      return undefined;
    }
    if (v === 0) return opts.positive ? this.fail(v, path, 'must be greater than 0') : 0;
    if (typeof v !== 'string') {
      const detail = typeof v === 'number' ? `a bare number has no unit; write a Go duration such as "${v}s" or "${v}ms"` : 'expected a Go duration such as "15m"';
      this.add(fieldError.invalid('', v, detail), path);
      return undefined;
    }
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      return this.fail(v, path, e instanceof DurationError ? e.reason : String(e));
    }
    if (ms < 0 && !opts.allowNegative) return this.fail(v, path, 'must not be negative');
    if (ms === 0 && opts.positive) return this.fail(v, path, 'must be greater than 0');
    return ms;
  }

  private fail(v: unknown, path: FieldPath, detail: string): undefined {
    this.add(fieldError.invalid('', v, detail), path);
    return undefined;
  }

  /** A non-negative Kubernetes quantity (`"4"`, `"500m"`, `"16Gi"`, or a number). */
  quantity(v: unknown, path: FieldPath, opts: { required?: boolean } = {}): Quantity | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.add(fieldError.required(''), path, 'key');
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.add(fieldError.typeInvalid('', v, 'expected a quantity such as "500m" or "16Gi"'), path);
      return undefined;
    }
    let q: Quantity;
    try {
      q = parseQuantity(String(v));
    } catch (e) {
      return this.fail(v, path, e instanceof QuantityError ? e.reason : String(e));
    }
    if (q.unscaled < 0n) return this.fail(v, path, 'must be greater than or equal to 0');
    return q;
  }

  /** One of `values`. */
  oneOf<T extends string>(v: unknown, path: FieldPath, values: readonly T[]): T | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.add({ ...fieldError.notSupported('', v, values), detail: typeof v === 'string' ? hint(v, values).replace(/^; /, '') : '' }, path);
      return undefined;
    }
    return v as T;
  }

  /** A list, or undefined with an error. */
  list(v: unknown, path: FieldPath, what: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.add(fieldError.typeInvalid('', v, `expected a list of ${what}`), path);
      return undefined;
    }
    return v;
  }

  /** A map of string to string (labels, selectors). */
  stringMap(v: unknown, path: FieldPath): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.add(fieldError.typeInvalid('', v, 'expected a mapping of strings'), path);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') this.add(fieldError.typeInvalid('', val, 'expected a string (quote numbers and booleans)'), [...path, k]);
      else Object.defineProperty(out, k, { value: val, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

/** The value at `path` in `root`, or undefined. */
export function get(root: unknown, path: FieldPath): unknown {
  let v = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObj(v) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}
