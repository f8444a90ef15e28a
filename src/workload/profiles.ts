/**
 * Traffic profiles: a declarative, JSON-able spec (as written under `traffic[].profile` in a scenario) compiled to
 * a pure function `rateAt(tMs)` giving requests per second at simulated time `tMs`.
 *
 * A profile object has at most one *base* key and any number of *modifiers*:
 *
 * | base key   | shape                                                        | meaning                                     |
 * |------------|--------------------------------------------------------------|---------------------------------------------|
 * | `constant` | `number`                                                     | flat rps                                    |
 * | `steps`    | `[{at, rps}]`                                                | the rps of the last step with `at <= t`; 0 before the first |
 * | `ramp`     | `{from, to, start, end}`                                     | `from` before `start`, linear to `to` at `end`, then `to` |
 * | `diurnal`  | `{min, max, peakAt, weekly?, startWeekday?}`                 | cosine day curve, `max` at `peakAt` every day, `min` 12 h away |
 * | `trace`    | `{csv, timeColumn?, rateColumn?, loop?}`                     | CSV replay with linear interpolation        |
 * | `sum`      | `[profile, …]`                                               | pointwise sum of sub-profiles               |
 *
 * Modifiers, applied in this order to `t' = t - shift`: `spikes` (multiplicative trapezoids), `bursts` (periodic
 * multiplicative windows), `noise` (multiplicative, seeded value-noise), `scale` (a constant factor). Exactly one
 * base key is required; combine several curves with `sum`.
 *
 * Durations (`at`, `start`, `end`, `peakAt`, `for`, `ramp`, `every`, `shift`, `bucket`) are Go duration strings
 * (`"14h"`, `"20m"`) or integer milliseconds. The result is clamped at 0: a profile never offers negative load.
 *
 * Noise is a pure function of `t`: at compile time one 32-bit seed per `noise` node is drawn from the stream passed
 * in (the run passes `engine.rng('load')`), and the noise value at `t` is interpolated between hashed values of the
 * two enclosing buckets. So `rateAt` may be called in any order, any number of times, with the same answer.
 */
import { toMillis } from '../engine/duration.ts';

/** A duration: a Go duration string (`"15m"`) or integer milliseconds. */
export type DurationSpec = string | number;

/** A multiplicative spike: ramps from 1 to `factor` over `ramp` from `at`, holds for `for`, ramps back over `ramp`. */
export interface SpikeSpec {
  at: DurationSpec;
  factor: number;
  for: DurationSpec;
  /** Ramp-up and ramp-down time. Default 0 (a square spike). */
  ramp?: DurationSpec;
}

/** Repeating spikes: `factor` for `for`, every `every`, starting at `start` (default 0), up to `until` (default forever). */
export interface BurstSpec {
  every: DurationSpec;
  for: DurationSpec;
  factor: number;
  start?: DurationSpec;
  until?: DurationSpec;
}

/** Multiplicative noise: the rate is multiplied by `1 + amplitude * v(t)` with `v` in [-1, 1], smooth per `bucket`. */
export interface NoiseSpec {
  /** Relative amplitude, 0 ≤ amplitude ≤ 1 (0.1 = ±10 %). */
  amplitude: number;
  /** Correlation length of the noise. Default `"1m"`. */
  bucket?: DurationSpec;
}

/** A cosine day curve. */
export interface DiurnalSpec {
  min: number;
  max: number;
  /** Time of day of the peak, e.g. `"14h"`. Default `"12h"`. */
  peakAt?: DurationSpec;
  /** Seven per-weekday factors, Monday first. Default all 1. */
  weekly?: number[];
  /** Weekday of simulated day 0, 0 = Monday … 6 = Sunday. Default 0. */
  startWeekday?: number;
}

/** A CSV trace. The time column is a Go duration (`"1h30m"`) or a number of seconds. */
export interface TraceSpec {
  csv: string;
  /** Header name of the time column. Default `"time"`. */
  timeColumn?: string;
  /** Header name of the rate column (rps). Default `"rps"`. */
  rateColumn?: string;
  /** Repeat the trace after its last point (period = last time). Default false: hold the last value. */
  loop?: boolean;
}

/** A traffic profile as it appears in scenario YAML. See the module comment for the semantics. */
export interface ProfileSpec {
  constant?: number;
  steps?: { at: DurationSpec; rps: number }[];
  ramp?: { from: number; to: number; start: DurationSpec; end: DurationSpec };
  diurnal?: DiurnalSpec;
  trace?: TraceSpec;
  sum?: ProfileSpec[];
  spikes?: SpikeSpec[];
  bursts?: BurstSpec[];
  noise?: NoiseSpec;
  /** Constant factor applied last. Default 1. */
  scale?: number;
  /** Time shift: the profile evaluates its inner curve at `t - shift`. Default 0. */
  shift?: DurationSpec;
}

/** One validation problem: `field` is a path such as `profile.spikes[1].for`. */
export interface ProfileError {
  field: string;
  detail: string;
}

/** Thrown by {@link compileProfile} when the spec is invalid; `errors` holds every problem found. */
export class ProfileSpecError extends Error {
  constructor(readonly errors: readonly ProfileError[]) {
    super(`invalid traffic profile: ${errors.map((e) => `${e.field}: ${e.detail}`).join('; ')}`);
    this.name = 'ProfileSpecError';
  }
}

/** A compiled profile: requests per second at time `tMs`, ≥ 0, a pure function of `tMs`. */
export type RateFn = (tMs: number) => number;

/** The source of noise seeds, e.g. `engine.rng('load')`. */
export interface UniformStream {
  next(): number;
}

const DAY_MS = 86_400_000;
const BASE_KEYS = ['constant', 'steps', 'ramp', 'diurnal', 'trace', 'sum'] as const;
const MODIFIER_KEYS = ['spikes', 'bursts', 'noise', 'scale', 'shift'] as const;
const KNOWN_KEYS = new Set<string>([...BASE_KEYS, ...MODIFIER_KEYS]);

// ---------------------------------------------------------------------------------------------------------------
// Validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(v: unknown, field: string, errors: ProfileError[], opts: { min?: number; max?: number } = {}): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    errors.push({ field, detail: `expected a finite number, got ${JSON.stringify(v)}` });
    return;
  }
  if (opts.min !== undefined && v < opts.min) errors.push({ field, detail: `must be >= ${opts.min}, got ${v}` });
  if (opts.max !== undefined && v > opts.max) errors.push({ field, detail: `must be <= ${opts.max}, got ${v}` });
}

function checkDuration(v: unknown, field: string, errors: ProfileError[], opts: { positive?: boolean } = {}): void {
  if (typeof v !== 'string' && typeof v !== 'number') {
    errors.push({ field, detail: `expected a duration such as "15m" or integer milliseconds, got ${JSON.stringify(v)}` });
    return;
  }
  let ms: number;
  try {
    ms = toMillis(v);
  } catch (e) {
    errors.push({ field, detail: (e as Error).message });
    return;
  }
  if (ms < 0) errors.push({ field, detail: `must not be negative, got ${JSON.stringify(v)}` });
  else if (opts.positive && ms === 0) errors.push({ field, detail: 'must be greater than 0' });
}

/**
 * Checks a profile spec and returns every problem found (empty when valid). `path` prefixes each `field`
 * (default `"profile"`), so the caller can map errors to the scenario file.
 */
export function validateProfile(spec: unknown, path = 'profile'): ProfileError[] {
  const errors: ProfileError[] = [];
  validateInto(spec, path, errors);
  return errors;
}

function validateInto(spec: unknown, path: string, errors: ProfileError[]): void {
  if (!isObject(spec)) {
    errors.push({ field: path, detail: `expected an object, got ${JSON.stringify(spec)}` });
    return;
  }
  for (const key of Object.keys(spec)) {
    if (!KNOWN_KEYS.has(key)) {
      errors.push({ field: `${path}.${key}`, detail: `unknown field; supported: ${[...KNOWN_KEYS].join(', ')}` });
    }
  }
  const bases = BASE_KEYS.filter((k) => spec[k] !== undefined);
  if (bases.length === 0) {
    errors.push({ field: path, detail: `needs one of ${BASE_KEYS.join(', ')}` });
  } else if (bases.length > 1) {
    errors.push({ field: path, detail: `has ${bases.join(' and ')}; use exactly one base (combine with sum)` });
  }
  if (spec.constant !== undefined) checkNumber(spec.constant, `${path}.constant`, errors, { min: 0 });
  if (spec.steps !== undefined) {
    if (!Array.isArray(spec.steps) || spec.steps.length === 0) {
      errors.push({ field: `${path}.steps`, detail: 'expected a non-empty list of {at, rps}' });
    } else {
      let prevMs = -1;
      spec.steps.forEach((s: unknown, i: number) => {
        const f = `${path}.steps[${i}]`;
        if (!isObject(s)) return errors.push({ field: f, detail: 'expected {at, rps}' });
        checkDuration(s.at, `${f}.at`, errors);
        checkNumber(s.rps, `${f}.rps`, errors, { min: 0 });
        const ms = safeMillis(s.at);
        if (ms !== undefined && ms <= prevMs) errors.push({ field: `${f}.at`, detail: 'steps must be in increasing time order' });
        if (ms !== undefined) prevMs = ms;
        return undefined;
      });
    }
  }
  if (spec.ramp !== undefined) {
    const r = spec.ramp;
    const f = `${path}.ramp`;
    if (!isObject(r)) errors.push({ field: f, detail: 'expected {from, to, start, end}' });
    else {
      checkNumber(r.from, `${f}.from`, errors, { min: 0 });
      checkNumber(r.to, `${f}.to`, errors, { min: 0 });
      checkDuration(r.start, `${f}.start`, errors);
      checkDuration(r.end, `${f}.end`, errors);
      const s = safeMillis(r.start);
      const e = safeMillis(r.end);
      if (s !== undefined && e !== undefined && e <= s) errors.push({ field: `${f}.end`, detail: 'must be after start' });
    }
  }
  if (spec.diurnal !== undefined) {
    const d = spec.diurnal;
    const f = `${path}.diurnal`;
    if (!isObject(d)) errors.push({ field: f, detail: 'expected {min, max, peakAt}' });
    else {
      checkNumber(d.min, `${f}.min`, errors, { min: 0 });
      checkNumber(d.max, `${f}.max`, errors, { min: 0 });
      if (typeof d.min === 'number' && typeof d.max === 'number' && d.max < d.min) {
        errors.push({ field: `${f}.max`, detail: `must be >= min (${d.min}), got ${d.max}` });
      }
      if (d.peakAt !== undefined) checkDuration(d.peakAt, `${f}.peakAt`, errors);
      if (d.weekly !== undefined) {
        if (!Array.isArray(d.weekly) || d.weekly.length !== 7) {
          errors.push({ field: `${f}.weekly`, detail: 'expected 7 factors, Monday first' });
        } else d.weekly.forEach((w: unknown, i: number) => checkNumber(w, `${f}.weekly[${i}]`, errors, { min: 0 }));
      }
      if (d.startWeekday !== undefined) {
        if (!Number.isInteger(d.startWeekday) || (d.startWeekday as number) < 0 || (d.startWeekday as number) > 6) {
          errors.push({ field: `${f}.startWeekday`, detail: 'expected an integer 0 (Monday) … 6 (Sunday)' });
        }
      }
    }
  }
  if (spec.trace !== undefined) {
    const t = spec.trace;
    const f = `${path}.trace`;
    if (!isObject(t) || typeof t.csv !== 'string') errors.push({ field: `${f}.csv`, detail: 'expected CSV text' });
    else {
      const parsed = parseTraceCsv(t.csv, (t.timeColumn as string | undefined) ?? 'time', (t.rateColumn as string | undefined) ?? 'rps');
      for (const e of parsed.errors) errors.push({ field: `${f}.csv`, detail: e });
    }
  }
  if (spec.sum !== undefined) {
    if (!Array.isArray(spec.sum) || spec.sum.length === 0) {
      errors.push({ field: `${path}.sum`, detail: 'expected a non-empty list of profiles' });
    } else spec.sum.forEach((p: unknown, i: number) => validateInto(p, `${path}.sum[${i}]`, errors));
  }
  if (spec.spikes !== undefined) {
    if (!Array.isArray(spec.spikes)) errors.push({ field: `${path}.spikes`, detail: 'expected a list of {at, factor, for}' });
    else
      spec.spikes.forEach((s: unknown, i: number) => {
        const f = `${path}.spikes[${i}]`;
        if (!isObject(s)) return errors.push({ field: f, detail: 'expected {at, factor, for, ramp?}' });
        checkDuration(s.at, `${f}.at`, errors);
        checkNumber(s.factor, `${f}.factor`, errors, { min: 0 });
        checkDuration(s.for, `${f}.for`, errors);
        if (s.ramp !== undefined) checkDuration(s.ramp, `${f}.ramp`, errors);
        return undefined;
      });
  }
  if (spec.bursts !== undefined) {
    if (!Array.isArray(spec.bursts)) errors.push({ field: `${path}.bursts`, detail: 'expected a list of {every, for, factor}' });
    else
      spec.bursts.forEach((b: unknown, i: number) => {
        const f = `${path}.bursts[${i}]`;
        if (!isObject(b)) return errors.push({ field: f, detail: 'expected {every, for, factor, start?, until?}' });
        checkDuration(b.every, `${f}.every`, errors, { positive: true });
        checkDuration(b.for, `${f}.for`, errors);
        checkNumber(b.factor, `${f}.factor`, errors, { min: 0 });
        if (b.start !== undefined) checkDuration(b.start, `${f}.start`, errors);
        if (b.until !== undefined) checkDuration(b.until, `${f}.until`, errors);
        const every = safeMillis(b.every);
        const dur = safeMillis(b.for);
        if (every !== undefined && dur !== undefined && dur > every) {
          errors.push({ field: `${f}.for`, detail: `must not exceed every (${JSON.stringify(b.every)})` });
        }
        return undefined;
      });
  }
  if (spec.noise !== undefined) {
    const n = spec.noise;
    const f = `${path}.noise`;
    if (!isObject(n)) errors.push({ field: f, detail: 'expected {amplitude, bucket?}' });
    else {
      checkNumber(n.amplitude, `${f}.amplitude`, errors, { min: 0, max: 1 });
      if (n.bucket !== undefined) checkDuration(n.bucket, `${f}.bucket`, errors, { positive: true });
    }
  }
  if (spec.scale !== undefined) checkNumber(spec.scale, `${path}.scale`, errors, { min: 0 });
  // A shift may be negative (evaluate the curve earlier), so it is checked without the sign rule.
  if (spec.shift !== undefined && safeMillis(spec.shift) === undefined) {
    errors.push({ field: `${path}.shift`, detail: `expected a duration such as "1h" or "-30m", got ${JSON.stringify(spec.shift)}` });
  }
}

function safeMillis(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return toMillis(v);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSV traces

/** A parsed trace: strictly increasing times (ms) and rates (rps). */
export interface ParsedTrace {
  timesMs: Float64Array;
  rates: Float64Array;
  errors: string[];
}

/**
 * Parses CSV text with a header row. Blank lines and lines starting with `#` are skipped. Times are Go durations
 * (`"90s"`, `"1h"`) or plain numbers of seconds; they must increase strictly. Errors name the 1-based line.
 */
export function parseTraceCsv(csv: string, timeColumn = 'time', rateColumn = 'rps'): ParsedTrace {
  const errors: string[] = [];
  const times: number[] = [];
  const rates: number[] = [];
  const lines = csv.split(/\r?\n/);
  let header: string[] | undefined;
  let ti = -1;
  let ri = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (!header) {
      header = cells;
      ti = header.indexOf(timeColumn);
      ri = header.indexOf(rateColumn);
      if (ti < 0) errors.push(`line ${n + 1}: no column "${timeColumn}" in header ${JSON.stringify(line)}`);
      if (ri < 0) errors.push(`line ${n + 1}: no column "${rateColumn}" in header ${JSON.stringify(line)}`);
      if (ti < 0 || ri < 0) break;
      continue;
    }
    const tCell = cells[ti] ?? '';
    const rCell = cells[ri] ?? '';
    const tMs = /^\d+(\.\d+)?$/.test(tCell) ? Math.round(Number(tCell) * 1000) : safeMillis(tCell);
    const rate = Number(rCell);
    if (tMs === undefined) {
      errors.push(`line ${n + 1}: time ${JSON.stringify(tCell)} is neither seconds nor a duration`);
      continue;
    }
    if (rCell === '' || !Number.isFinite(rate) || rate < 0) {
      errors.push(`line ${n + 1}: rate ${JSON.stringify(rCell)} is not a non-negative number`);
      continue;
    }
    if (times.length > 0 && tMs <= (times[times.length - 1] as number)) {
      errors.push(`line ${n + 1}: time ${JSON.stringify(tCell)} does not increase`);
      continue;
    }
    times.push(tMs);
    rates.push(rate);
  }
  if (!header) errors.push('empty trace: expected a header row and at least one data row');
  else if (times.length === 0 && errors.length === 0) errors.push('no data rows');
  return { timesMs: Float64Array.from(times), rates: Float64Array.from(rates), errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation

/**
 * Compiles a profile spec into a pure {@link RateFn}. Throws {@link ProfileSpecError} with every problem when the
 * spec is invalid. `rng` provides the noise seeds (one draw per `noise` node, depth-first order); it is only read
 * at compile time, and only if the profile has noise.
 */
export function compileProfile(spec: ProfileSpec, rng?: UniformStream): RateFn {
  const errors = validateProfile(spec);
  if (errors.length > 0) throw new ProfileSpecError(errors);
  const inner = compileNode(spec, rng);
  return (tMs) => {
    const r = inner(tMs);
    return r > 0 ? r : 0;
  };
}

function compileNode(spec: ProfileSpec, rng: UniformStream | undefined): RateFn {
  let fn = compileBase(spec, rng);
  for (const s of spec.spikes ?? []) fn = withFactor(fn, spikeFactor(s));
  for (const b of spec.bursts ?? []) fn = withFactor(fn, burstFactor(b));
  if (spec.noise && spec.noise.amplitude > 0) {
    if (!rng) throw new ProfileSpecError([{ field: 'profile.noise', detail: 'noise needs a random stream (rng)' }]);
    fn = withFactor(fn, noiseFactor(spec.noise, Math.floor(rng.next() * 0x1_0000_0000)));
  }
  const scale = spec.scale ?? 1;
  if (scale !== 1) {
    const f = fn;
    fn = (t) => f(t) * scale;
  }
  const shiftMs = spec.shift !== undefined ? toMillis(spec.shift) : 0;
  if (shiftMs !== 0) {
    const f = fn;
    fn = (t) => f(t - shiftMs);
  }
  return fn;
}

function withFactor(fn: RateFn, factor: RateFn): RateFn {
  return (t) => fn(t) * factor(t);
}

function compileBase(spec: ProfileSpec, rng: UniformStream | undefined): RateFn {
  if (spec.constant !== undefined) {
    const c = spec.constant;
    return () => c;
  }
  if (spec.steps) return stepsRate(spec.steps.map((s) => toMillis(s.at)), spec.steps.map((s) => s.rps));
  if (spec.ramp) {
    const { from, to } = spec.ramp;
    const startMs = toMillis(spec.ramp.start);
    const endMs = toMillis(spec.ramp.end);
    return (t) => (t <= startMs ? from : t >= endMs ? to : from + ((to - from) * (t - startMs)) / (endMs - startMs));
  }
  if (spec.diurnal) return diurnalRate(spec.diurnal);
  if (spec.trace) {
    const p = parseTraceCsv(spec.trace.csv, spec.trace.timeColumn ?? 'time', spec.trace.rateColumn ?? 'rps');
    return traceRate(p.timesMs, p.rates, spec.trace.loop ?? false);
  }
  const parts = (spec.sum ?? []).map((p) => compileNode(p, rng));
  return (t) => {
    let total = 0;
    for (const p of parts) total += p(t);
    return total;
  };
}

function stepsRate(atMs: number[], rps: number[]): RateFn {
  return (t) => {
    let r = 0;
    for (let i = 0; i < atMs.length && (atMs[i] as number) <= t; i++) r = rps[i] as number;
    return r;
  };
}

/**
 * `min + (max - min) * (1 + cos(2π (t - peakAt) / 24h)) / 2`, times the weekday factor.
 * Worked example: min 50, max 400, peakAt 14h: at 14:00 the cosine is 1 → 400; at 02:00 it is -1 → 50; at 08:00
 * it is 0 → 225.
 */
function diurnalRate(d: DiurnalSpec): RateFn {
  const peakMs = d.peakAt !== undefined ? toMillis(d.peakAt) : 12 * 3_600_000;
  const amplitude = (d.max - d.min) / 2;
  const mid = d.min + amplitude;
  const weekly = d.weekly;
  const startDay = d.startWeekday ?? 0;
  const omega = (2 * Math.PI) / DAY_MS;
  return (t) => {
    const r = mid + amplitude * Math.cos(omega * (t - peakMs));
    if (!weekly) return r;
    const day = (((Math.floor(t / DAY_MS) + startDay) % 7) + 7) % 7;
    return r * (weekly[day] as number);
  };
}

function traceRate(timesMs: Float64Array, rates: Float64Array, loop: boolean): RateFn {
  const n = timesMs.length;
  const first = timesMs[0] as number;
  const last = timesMs[n - 1] as number;
  const period = last;
  return (tIn) => {
    let t = tIn;
    if (loop && period > 0 && t > last) t = ((t % period) + period) % period;
    if (t <= first) return rates[0] as number;
    if (t >= last) return rates[n - 1] as number;
    // Binary search for the segment [lo, lo+1] containing t.
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((timesMs[mid] as number) <= t) lo = mid;
      else hi = mid;
    }
    const t0 = timesMs[lo] as number;
    const t1 = timesMs[hi] as number;
    const r0 = rates[lo] as number;
    return r0 + (((rates[hi] as number) - r0) * (t - t0)) / (t1 - t0);
  };
}

/** Trapezoid: 1 before `at`, linear to `factor` over `ramp`, `factor` for `for`, linear back to 1 over `ramp`. */
function spikeFactor(s: SpikeSpec): RateFn {
  const atMs = toMillis(s.at);
  const forMs = toMillis(s.for);
  const rampMs = s.ramp !== undefined ? toMillis(s.ramp) : 0;
  const peakStart = atMs + rampMs;
  const peakEnd = peakStart + forMs;
  const end = peakEnd + rampMs;
  const k = s.factor - 1;
  return (t) => {
    if (t < atMs || t >= end) return 1;
    if (t < peakStart) return 1 + (k * (t - atMs)) / rampMs;
    if (t < peakEnd) return s.factor;
    return 1 + (k * (end - t)) / rampMs;
  };
}

function burstFactor(b: BurstSpec): RateFn {
  const everyMs = toMillis(b.every);
  const forMs = toMillis(b.for);
  const startMs = b.start !== undefined ? toMillis(b.start) : 0;
  const untilMs = b.until !== undefined ? toMillis(b.until) : Infinity;
  return (t) => {
    if (t < startMs || t >= untilMs) return 1;
    return (t - startMs) % everyMs < forMs ? b.factor : 1;
  };
}

/**
 * Value noise: each bucket index `k` gets a pseudo-random value in [-1, 1] from an integer hash of (seed, k); the
 * value at `t` is the smoothstep interpolation between buckets `floor(t/bucket)` and the next, so the curve is
 * continuous and a pure function of `t`.
 */
function noiseFactor(n: NoiseSpec, seed: number): RateFn {
  const bucketMs = n.bucket !== undefined ? toMillis(n.bucket) : 60_000;
  const a = n.amplitude;
  return (t) => {
    const x = t / bucketMs;
    const k = Math.floor(x);
    const f = x - k;
    const s = f * f * (3 - 2 * f);
    const v0 = hashUnit(seed, k);
    const v1 = hashUnit(seed, k + 1);
    return 1 + a * (v0 + (v1 - v0) * s);
  };
}

/** A 32-bit integer hash (lowbias32-style mixing) of (seed, k) mapped to [-1, 1]. */
export function hashUnit(seed: number, k: number): number {
  let h = (seed ^ Math.imul(k | 0, 0x9e3779b1) ^ Math.imul(Math.floor(k / 0x1_0000_0000) | 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}
