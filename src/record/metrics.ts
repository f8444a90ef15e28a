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
/**
 * Points per chunk of a series' values (a power of two: 4 KiB of float64, 2 KiB of int32). Each chunk is a typed
 * array, and a typed array with its buffer costs about 180 bytes beside its data: with 128-point chunks that was a
 * third again on top of int32 data. A chunk starts at {@link FIRST_CHUNK} points and doubles until it is full, so a
 * short series (or a day's last chunk) is not padded to the full size. (512 measured best: a day of 100 Services'
 * heap 186 MiB with 128, 175 with 256, 170 with 512, 175 with 1,024, where sparse series lose their empty chunks.)
 */
const CHUNK_SHIFT = 9;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;
/** Room a series' first chunk is first given, points. */
const FIRST_CHUNK = 64;
/**
 * Room a later chunk is first given, points: a series that filled a chunk is a long one, and each doubling is one
 * more typed array to allocate (a few microseconds each: from 64, growing was 4 % of a traffic day's CPU).
 */
const LATER_CHUNK = 256;
/**
 * Points per block sharing one base in thousandths (`bases`): an int32 offset from the base covers 2^31
 * thousandths, which a request counter climbs past within about a thousand points at a few hundred rps, so the
 * bases are finer than the chunks.
 */
const BLOCK_SHIFT = 7;
/** Values kept as integers are counted in thousandths (the workload's counters are rounded to 0.001). */
const SCALE = 1000;

export class Series {
  /**
   * Times of the points, or undefined while they are evenly spaced (`t0 + i × step`): most series get a point
   * every tick, and not storing their times halves their memory (a day of 1,000 Services' series is gigabytes).
   */
  private t: Float64Array | undefined = undefined;
  /**
   * The values, stored as compactly as they allow, in chunks of {@link CHUNK} points (only the last chunk grows,
   * by doubling, so a series copies each point at most about once and wastes at most half its last chunk):
   * - none while every point so far has the same value (`constant`: error counters that stay 0 all day);
   * - 4 bytes a point while every value is a whole number of thousandths (`scaled`: the value × 1,000 as an int32
   *   offset from the first of its block of 2^{@link BLOCK_SHIFT} points, `bases`): request counters, histogram
   *   buckets; a chunk whose points all equal their blocks' first stores no offsets (null), so replica and pod
   *   counts cost next to nothing between changes;
   * - else 8 bytes a point (`wide`). A value that does not fit widens the storage once.
   * Reading every value (`values()`) moves them to one contiguous array (`flat`) for good.
   */
  private scaled: (Int32Array | null)[] | undefined = undefined;
  private bases: number[] = [];
  private wide: Float64Array[] | undefined = undefined;
  private flat: Float64Array | undefined = undefined;
  private constant = 0;
  private n = 0;
  private t0 = 0;
  private step = 0;
  /** Time of the last point (-Infinity when empty), kept beside `n` so a push reads no array. */
  private lastT = -Infinity;

  /**
   * @param chunks where full int32 chunks are shared with equal ones of other series (a recorder's series share
   * one); none for a series on its own.
   */
  constructor(
    readonly name: string,
    readonly labels: Labels,
    private readonly chunks?: ChunkInterner,
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
    const wide = this.wide;
    if (wide !== undefined) {
      const c = i >> CHUNK_SHIFT;
      const j = i & CHUNK_MASK;
      if (c === wide.length) wide.push(new Float64Array(roomFor(0, c)));
      else if (j === wide[c]!.length) wide[c] = resized(wide[c]!, j * 2);
      wide[c]![j] = value;
      return;
    }
    if (this.scaled === undefined) {
      // Object.is: -0 is not 0 here (a chart or a CSV may tell them apart).
      if (i === 0) this.constant = value;
      if (Object.is(value, this.constant)) return;
      // The first point that differs: the points before it all held `constant` (offset 0 from it).
      const k = scaledOf(this.constant);
      if (!Number.isNaN(k) && !Number.isNaN(scaledOf(value))) {
        this.scaled = [];
        for (let c = 0; c <= i >> CHUNK_SHIFT; c++) this.scaled.push(null);
        for (let b = 0; b <= i >> BLOCK_SHIFT; b++) this.bases.push(k);
      }
    }
    if (this.scaled === undefined || !this.setScaled(i, value)) this.widen(i, value);
  }

  /** Writes point i as thousandths, if it is a whole number of them within an int32 of its block's first. */
  private setScaled(i: number, value: number): boolean {
    const k = scaledOf(value);
    if (Number.isNaN(k)) return false;
    const scaled = this.scaled!;
    const c = i >> CHUNK_SHIFT;
    if (c === scaled.length) {
      // Chunk c − 1 is complete and no later write reaches it (only the last point is ever rewritten).
      const prev = scaled[c - 1];
      if (prev != null && this.chunks !== undefined) scaled[c - 1] = this.chunks.intern(prev);
      scaled.push(null);
    }
    const b = i >> BLOCK_SHIFT;
    if (b === this.bases.length) this.bases.push(k);
    const offset = k - this.bases[b]!;
    if (offset !== (offset | 0)) return false;
    const j = i & CHUNK_MASK;
    let chunk = scaled[c]!;
    if (chunk === null) {
      if (offset === 0) return true;
      // The chunk's points so far all equal their blocks' first: offset 0.
      chunk = scaled[c] = new Int32Array(roomFor(j, c));
    } else if (j >= chunk.length) chunk = scaled[c] = resized(chunk, roomFor(j, c));
    chunk[j] = offset;
    return true;
  }

  /** Moves to 8-byte chunks: points 0 … i−1 as stored so far, then `value` as point i. */
  private widen(i: number, value: number): void {
    const wide: Float64Array[] = [];
    for (let c = 0; c <= i >> CHUNK_SHIFT; c++) {
      const end = Math.min(CHUNK, i - c * CHUNK);
      // Full chunks before the last; the last with room for point i.
      const chunk = new Float64Array(end === CHUNK ? CHUNK : roomFor(end, c));
      for (let j = 0; j < end; j++) chunk[j] = this.valueAt(c * CHUNK + j);
      wide.push(chunk);
    }
    wide[i >> CHUNK_SHIFT]![i & CHUNK_MASK] = value;
    this.wide = wide;
    this.scaled = undefined;
    this.bases = [];
  }

  /** Times (ms) of the points. (The series stores them from now on.) */
  times(): Float64Array {
    return this.materializeTimes().subarray(0, this.n);
  }

  /** Values of the points. (The series stores them in one float64 array from now on.) */
  values(): Float64Array {
    if (this.flat === undefined) {
      const flat = new Float64Array(Math.max(FIRST_CAPACITY, capacityFor(this.n)));
      for (let i = 0; i < this.n; i++) flat[i] = this.valueAt(i);
      this.flat = flat;
      this.wide = undefined;
      this.scaled = undefined;
      this.bases = [];
    }
    return this.flat.subarray(0, this.n);
  }

  /** Value of point i (< n). */
  private valueAt(i: number): number {
    if (this.flat !== undefined) return this.flat[i]!;
    if (this.wide !== undefined) return this.wide[i >> CHUNK_SHIFT]![i & CHUNK_MASK]!;
    if (this.scaled !== undefined) {
      const chunk = this.scaled[i >> CHUNK_SHIFT]!;
      return (this.bases[i >> BLOCK_SHIFT]! + (chunk === null ? 0 : chunk[i & CHUNK_MASK]!)) / SCALE;
    }
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

/**
 * The value in thousandths, when it is a whole number of them that divides back to exactly the value (NaN
 * otherwise; -0 too, which would come back as 0).
 */
function scaledOf(value: number): number {
  const k = Math.round(value * SCALE);
  return Number.isSafeInteger(k) && k / SCALE === value && !Object.is(value, -0) ? k : Number.NaN;
}

/** Room for point j of chunk c: a power of two above j, from {@link FIRST_CHUNK} (later chunks {@link LATER_CHUNK}) up to {@link CHUNK}. */
function roomFor(j: number, c: number): number {
  return Math.min(CHUNK, Math.max(c === 0 ? FIRST_CHUNK : LATER_CHUNK, capacityFor(j)));
}

/** Capacity for n points and room to grow: the next power of two above n. */
function capacityFor(n: number): number {
  return 2 ** Math.ceil(Math.log2(n + 1));
}

/**
 * Complete int32 chunks by content, so series whose points are equal share one chunk. A histogram's buckets above
 * its largest latency hold the same counts as `+Inf` and `_count` (and the 200s counter): in a day of 1,000
 * Services that is 8 of each Service's 13 counter series. Offsets are shared, not values: each series keeps its
 * own bases, so a shared chunk is right whatever they are.
 */
export class ChunkInterner {
  private readonly byHash = new Map<number, Int32Array[]>();

  /** An earlier chunk equal to `chunk` (never to be written again), or `chunk` itself, kept for later ones. */
  intern(chunk: Int32Array): Int32Array {
    let h = 2166136261;
    for (let j = 0; j < chunk.length; j++) h = Math.imul(h ^ chunk[j]!, 16777619);
    const same = this.byHash.get(h);
    if (same === undefined) {
      this.byHash.set(h, [chunk]);
      return chunk;
    }
    for (const other of same) if (equalChunks(other, chunk)) return other;
    same.push(chunk);
    return chunk;
  }
}

function equalChunks(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

export class MetricsRecorder {
  private readonly byId = new Map<string, Series>();
  private readonly chunks = new ChunkInterner();
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
      s = new Series(name, { ...labels }, this.chunks);
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
