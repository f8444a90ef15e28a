/**
 * Metric series. A series is a name plus labels (Prometheus style:
 * `http_request_duration_seconds{service="webapi",quantile="0.99"}`) with points (t ms, value) appended in time
 * order; values live in growable typed arrays so sampling thousands of series stays cheap.
 */
import { resized } from '../engine/arrays.ts';

export type Labels = Readonly<Record<string, string>>;

/** Canonical series id: name{k="v",…} with labels sorted. */
export function seriesId(name: string, labels: Labels = {}): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

const NO_LABELS: Labels = Object.freeze({});

/** Initial capacity of a series' contiguous arrays, points. */
const FIRST_CAPACITY = 64;
/** Points per chunk of a series' values (a power of two: 2 KiB of float64). */
const CHUNK_SHIFT = 8;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;

export class Series {
  /**
   * Times of the points, or undefined while they are evenly spaced (`t0 + i × step`): most series get a point
   * every tick, and not storing their times halves their memory (a day of 1,000 Services' series is gigabytes).
   */
  private t: Float64Array | undefined = undefined;
  /**
   * The values, stored as compactly as they allow: none while every point so far has the same value
   * (`constant`; error counters and bucket counts that stay 0 all day); then in chunks of {@link CHUNK} points,
   * 4 bytes a point while every value is a float32 exactly (replica counts, pod counts), else 8 (`wide`). Chunks
   * grow without copying and waste at most one chunk, where a doubling array copies every point about once and
   * leaves a third of its room empty on average. Reading every value (`values()`) moves them to one contiguous
   * float64 array (`flat`) for good.
   */
  private chunks: (Float32Array | Float64Array)[] | undefined = undefined;
  private wide = false;
  private flat: Float64Array | undefined = undefined;
  private constant = 0;
  private n = 0;
  private t0 = 0;
  private step = 0;
  /** Time of the last point (-Infinity when empty), kept beside `n` so a push reads no array. */
  private lastT = -Infinity;

  constructor(
    readonly name: string,
    readonly labels: Labels,
  ) {}

  get length(): number {
    return this.n;
  }

  /** Appends a point; a second point at the same time replaces the first. */
  push(tMs: number, value: number): void {
    if (tMs === this.lastT) {
      this.set(this.n - 1, value);
      return;
    }
    if (tMs < this.lastT) throw new RangeError(`series ${this.name}: time went backwards`);
    if (this.t === undefined) {
      if (this.n === 0) this.t0 = tMs;
      else if (this.n === 1) this.step = tMs - this.t0;
      else if (tMs !== this.t0 + this.n * this.step) this.materializeTimes();
    }
    if (this.t !== undefined && this.n === this.t.length) this.t = resized(this.t, this.n * 2);
    if (this.t !== undefined) this.t[this.n] = tMs;
    this.n++;
    this.lastT = tMs;
    this.set(this.n - 1, value);
  }

  /** Writes point `i` (the last, `n − 1`), widening the storage when the value needs it. */
  private set(i: number, value: number): void {
    if (this.flat !== undefined) {
      if (i === this.flat.length) this.flat = resized(this.flat, i * 2);
      this.flat[i] = value;
      return;
    }
    let chunks = this.chunks;
    if (chunks === undefined) {
      // Object.is: -0 is not 0 here (a chart or a CSV may tell them apart).
      if (i === 0) this.constant = value;
      if (Object.is(value, this.constant)) return;
      // The first point that differs: the points before it all held `constant`.
      this.wide = !(isFloat32(value) && isFloat32(this.constant));
      chunks = this.chunks = [];
      for (let c = 0; c <= i >> CHUNK_SHIFT; c++) chunks.push(this.newChunk().fill(this.constant));
    } else if (!this.wide && !isFloat32(value)) {
      this.wide = true;
      for (let c = 0; c < chunks.length; c++) chunks[c] = Float64Array.from(chunks[c]!);
    }
    const c = i >> CHUNK_SHIFT;
    if (c === chunks.length) chunks.push(this.newChunk());
    chunks[c]![i & CHUNK_MASK] = value;
  }

  private newChunk(): Float32Array | Float64Array {
    return this.wide ? new Float64Array(CHUNK) : new Float32Array(CHUNK);
  }

  /** Times (ms) of the points. (The series stores them from now on.) */
  times(): Float64Array {
    return this.materializeTimes().subarray(0, this.n);
  }

  /** Values of the points. (The series stores them in one float64 array from now on.) */
  values(): Float64Array {
    if (this.flat === undefined) {
      const flat = new Float64Array(Math.max(FIRST_CAPACITY, capacityFor(this.n)));
      if (this.chunks === undefined) flat.fill(this.constant, 0, this.n);
      else this.chunks.forEach((chunk, c) => flat.set(chunk.subarray(0, Math.min(CHUNK, this.n - c * CHUNK)), c * CHUNK));
      this.flat = flat;
      this.chunks = undefined;
    }
    return this.flat.subarray(0, this.n);
  }

  /** Value of point i (< n). */
  private valueAt(i: number): number {
    if (this.flat !== undefined) return this.flat[i]!;
    if (this.chunks !== undefined) return this.chunks[i >> CHUNK_SHIFT]![i & CHUNK_MASK]!;
    return this.constant;
  }

  /** Value at time t (last point at or before t), or undefined. */
  at(tMs: number): number | undefined {
    if (this.n === 0 || tMs < (this.t === undefined ? this.t0 : this.t[0]!)) return undefined;
    if (this.t === undefined) {
      const i = this.n === 1 || this.step === 0 ? this.n - 1 : Math.min(this.n - 1, Math.floor((tMs - this.t0) / this.step));
      return this.valueAt(i);
    }
    let lo = 0;
    let hi = this.n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid]! <= tMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.valueAt(found);
  }

  max(): number {
    let m = -Infinity;
    for (let i = 0; i < this.n; i++) {
      const x = this.valueAt(i);
      if (x > m) m = x;
    }
    return m;
  }

  private materializeTimes(): Float64Array {
    if (this.t === undefined) {
      const t = new Float64Array(Math.max(FIRST_CAPACITY, capacityFor(this.n)));
      for (let i = 0; i < this.n; i++) t[i] = this.t0 + i * this.step;
      this.t = t;
    }
    return this.t;
  }
}

/** Whether a float32 holds the value exactly (NaN counts: its payload carries no meaning here). */
function isFloat32(value: number): boolean {
  return Math.fround(value) === value || Number.isNaN(value);
}

/** Capacity for n points and room to grow: the next power of two above n. */
function capacityFor(n: number): number {
  return 2 ** Math.ceil(Math.log2(n + 1));
}

export class MetricsRecorder {
  private readonly byId = new Map<string, Series>();
  /**
   * Series by frozen labels object and name. Recorders that write every tick reuse frozen label objects (see
   * `WorkloadMetrics`); looking those up by identity skips building the canonical id, which was most of the cost
   * of recording 10,000 pods' series. A frozen object cannot change, so the identity stands for its id.
   */
  private readonly byLabels = new WeakMap<Labels, Map<string, Series>>();

  /** The series for name+labels, created on first use. */
  series(name: string, labels: Labels = NO_LABELS): Series {
    const frozen = Object.isFrozen(labels);
    let named: Map<string, Series> | undefined;
    if (frozen) {
      named = this.byLabels.get(labels);
      const hit = named?.get(name);
      if (hit) return hit;
    }
    const id = seriesId(name, labels);
    let s = this.byId.get(id);
    if (!s) {
      s = new Series(name, { ...labels });
      this.byId.set(id, s);
    }
    if (frozen) {
      if (!named) this.byLabels.set(labels, (named = new Map()));
      named.set(name, s);
    }
    return s;
  }

  /** Appends one point. */
  record(name: string, labels: Labels, tMs: number, value: number): void {
    this.series(name, labels).push(tMs, value);
  }

  /** Looks a series up by its canonical id or by name (first match). */
  find(idOrName: string): Series | undefined {
    const s = this.byId.get(idOrName);
    if (s) return s;
    for (const x of this.byId.values()) if (x.name === idOrName) return x;
    return undefined;
  }

  /** Every series, sorted by id. */
  all(): Series[] {
    return [...this.byId.keys()].sort().map((k) => this.byId.get(k)!);
  }
}
