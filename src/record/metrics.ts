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

export class Series {
  /**
   * Times of the points, or undefined while they are evenly spaced (`t0 + i × step`): most series get a point
   * every tick, and not storing their times halves their memory (a day of 1,000 Services' series is gigabytes).
   */
  private t: Float64Array | undefined = undefined;
  private v = new Float64Array(64);
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
      this.v[this.n - 1] = value;
      return;
    }
    if (tMs < this.lastT) throw new RangeError(`series ${this.name}: time went backwards`);
    if (this.t === undefined) {
      if (this.n === 0) this.t0 = tMs;
      else if (this.n === 1) this.step = tMs - this.t0;
      else if (tMs !== this.t0 + this.n * this.step) this.materializeTimes();
    }
    if (this.n === this.v.length) {
      this.v = resized(this.v, this.n * 2);
      if (this.t !== undefined) this.t = resized(this.t, this.n * 2);
    }
    if (this.t !== undefined) this.t[this.n] = tMs;
    this.v[this.n] = value;
    this.n++;
    this.lastT = tMs;
  }

  /** Times (ms) of the points. (The series stores them from now on.) */
  times(): Float64Array {
    return this.materializeTimes().subarray(0, this.n);
  }

  values(): Float64Array {
    return this.v.subarray(0, this.n);
  }

  /** Value at time t (last point at or before t), or undefined. */
  at(tMs: number): number | undefined {
    if (this.n === 0 || tMs < (this.t === undefined ? this.t0 : this.t[0]!)) return undefined;
    if (this.t === undefined) {
      const i = this.n === 1 || this.step === 0 ? this.n - 1 : Math.min(this.n - 1, Math.floor((tMs - this.t0) / this.step));
      return this.v[i];
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
    return found < 0 ? undefined : this.v[found];
  }

  max(): number {
    let m = -Infinity;
    for (let i = 0; i < this.n; i++) if (this.v[i]! > m) m = this.v[i]!;
    return m;
  }

  private materializeTimes(): Float64Array {
    if (this.t === undefined) {
      const t = new Float64Array(this.v.length);
      for (let i = 0; i < this.n; i++) t[i] = this.t0 + i * this.step;
      this.t = t;
    }
    return this.t;
  }
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
