/**
 * Durations in the Go `time.ParseDuration` / Kubernetes `metav1.Duration` form, on kubesim's integer-millisecond
 * clock. `"1h30m"`, `"15s"`, `"250ms"`, `"1.5h"` parse; `formatDuration` prints Go's `Duration.String()` form
 * (`1h30m0s`, `15s`, `250ms`).
 */

/** Thrown by {@link parseDuration}; `message` says what was wrong and what was expected. */
export class DurationError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid duration ${JSON.stringify(input)}: ${reason}`);
    this.name = 'DurationError';
  }
}

/** Go's unit table, in nanoseconds. `µ` (U+00B5) and `μ` (U+03BC) are both accepted, as in Go. */
const UNIT_NANOS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const EXPECTED = 'expected a Go duration such as "1h30m", "15s" or "250ms" (units h, m, s, ms, us, ns)';
const TOKEN = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Parses a Go duration string into integer milliseconds. A bare `0` is allowed, as in Go; every other number needs
 * a unit. Durations that are not a whole number of milliseconds are rejected, since the simulated clock ticks in
 * milliseconds.
 */
export function parseDuration(input: string): number {
  if (typeof input !== 'string') throw new DurationError(String(input), `not a string; ${EXPECTED}`);
  let s = input.trim();
  if (s === '') throw new DurationError(input, `empty; ${EXPECTED}`);
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new DurationError(input, EXPECTED);
  let totalNanos = 0;
  while (s.length > 0) {
    const m = TOKEN.exec(s);
    if (!m) {
      const missingUnit = /^\d+(\.\d*)?$/.test(s);
      throw new DurationError(input, missingUnit ? `missing unit in ${JSON.stringify(s)}; ${EXPECTED}` : EXPECTED);
    }
    const whole = m[1] ?? '';
    const frac = m[2] ?? '';
    if (whole === '' && frac === '') throw new DurationError(input, EXPECTED);
    const unit = UNIT_NANOS[m[3] as string] as number;
    totalNanos += Number(whole || '0') * unit + (frac ? Number(`0.${frac}`) * unit : 0);
    s = s.slice(m[0].length);
  }
  const ms = totalNanos / 1e6;
  const rounded = Math.round(ms);
  if (Math.abs(ms - rounded) > 1e-6) {
    throw new DurationError(input, 'finer than the simulation clock resolution of 1ms');
  }
  if (!Number.isSafeInteger(rounded)) throw new DurationError(input, 'too large');
  return sign * rounded === 0 ? 0 : sign * rounded;
}

/** Like {@link parseDuration} but also accepts a non-negative integer number of milliseconds. */
export function toMillis(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new DurationError(String(value), 'a number of milliseconds must be an integer');
    return value;
  }
  return parseDuration(value);
}

/**
 * Prints integer milliseconds as Go's `time.Duration.String()` does: `1h30m0s`, `1m0.5s`, `15s`, `250ms`, `0s`.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  const secs = milli === 0 ? `${s}` : `${s}.${String(milli).padStart(3, '0').replace(/0+$/, '')}`;
  let out = `${secs}s`;
  if (h > 0) out = `${h}h${m}m${out}`;
  else if (m > 0) out = `${m}m${out}`;
  return (neg ? '-' : '') + out;
}

/**
 * A compact form for people and tables: Go's form with zero trailing units dropped (`1h30m`, `2h`, `15s`, `250ms`).
 * It still parses back with {@link parseDuration}.
 */
export function formatDurationShort(ms: number): string {
  const go = formatDuration(ms);
  if (!go.includes('h') && !go.includes('m')) return go;
  if (go.endsWith('ms')) return go;
  return go.replace(/([hm])0s$/, '$1').replace(/h0m$/, 'h');
}
