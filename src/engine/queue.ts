/**
 * The event queue: a binary min-heap over timer slots, ordered totally by (time, priority, sequence number).
 *
 * Shape follows SimPy's kernel (a heap of `(time, priority, eventId)`), but without an object per event: every
 * timer lives in a *slot* whose fields sit in typed arrays, and the heap holds slot numbers. Re-arming a timer (the
 * shape of probes and periodic controllers) moves its slot inside the heap and allocates nothing.
 *
 * A {@link TimerId} packs the slot and a generation counter, so a stale id (its timer fired or was cancelled and the
 * slot reused) never touches the new occupant.
 */
import { resized } from './arrays.ts';

/** Opaque handle of a scheduled timer. */
export type TimerId = number & { readonly __brand: 'TimerId' };

/** The callback of a timer: receives the current simulated time in milliseconds. */
export type TimerCallback = (nowMs: number) => void;

const SLOT_BITS = 2 ** 24; // up to 16.7 M live timers; generation in the high part of the id
const NOT_IN_HEAP = -1;
const PRIORITY_OFFSET = 1024;
const SEQ_LIMIT = 2 ** 42;

/** Thrown when the queue is used against its contract (past times, too many live timers, NaN). */
export class QueueError extends Error {
  override name = 'QueueError';
}

export class EventQueue {
  private capacity: number;
  protected times: Float64Array;
  /** (priority, sequence) packed in one float: (priority + 2^10) · 2^42 + seq, exact below 2^53. */
  protected keys: Float64Array;
  protected prios: Int32Array;
  private periods: Float64Array;
  private gens: Uint32Array;
  private pos: Int32Array;
  private heap: Int32Array;
  private fns: (TimerCallback | undefined)[] = [];
  private free: number[] = [];
  private nextSlot = 0;
  private size = 0;
  private seq = 0;
  /** The slot being fired right now, or -1. */
  private firing = NOT_IN_HEAP;
  private firingRearmed = false;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(this.capacity);
    this.keys = new Float64Array(this.capacity);
    this.prios = new Int32Array(this.capacity);
    this.periods = new Float64Array(this.capacity);
    this.gens = new Uint32Array(this.capacity);
    this.pos = new Int32Array(this.capacity).fill(NOT_IN_HEAP);
    this.heap = new Int32Array(this.capacity);
  }

  /** Number of pending timers. */
  get length(): number {
    return this.size;
  }

  /** Time of the earliest pending timer, or `Infinity`. */
  peekTime(): number {
    return this.size === 0 ? Infinity : (this.times[this.heap[0] as number] as number);
  }

  /** Adds a timer firing at `timeMs`; `periodMs > 0` re-arms it after each firing. Lower priority fires first. */
  add(timeMs: number, fn: TimerCallback, priority: number, periodMs: number): TimerId {
    if (!(timeMs === timeMs)) throw new QueueError('timer time is NaN');
    const slot = this.allocSlot();
    this.fns[slot] = fn;
    this.periods[slot] = periodMs;
    this.prios[slot] = priority;
    this.push(slot, timeMs);
    return (this.gens[slot]! * SLOT_BITS + slot) as TimerId;
  }

  /** Cancels a pending timer (also a periodic one from inside its own callback). Returns false for a stale id. */
  cancel(id: TimerId): boolean {
    const slot = this.liveSlot(id);
    if (slot < 0) return false;
    if (slot === this.firing) {
      // Released when the callback returns.
      this.periods[slot] = 0;
      this.firingRearmed = false;
      if (this.pos[slot] !== NOT_IN_HEAP) this.removeAt(this.pos[slot]!);
      return true;
    }
    this.removeAt(this.pos[slot]!);
    this.release(slot);
    return true;
  }

  /**
   * Moves a timer to a new time, with a fresh sequence number (it orders after timers already scheduled for that
   * instant). Works from inside the timer's own callback, which is how a one-shot timer re-arms itself.
   */
  reschedule(id: TimerId, timeMs: number): boolean {
    const slot = this.liveSlot(id);
    if (slot < 0) return false;
    if (timeMs !== timeMs) throw new QueueError('timer time is NaN');
    if (slot === this.firing) this.firingRearmed = true;
    const p = this.pos[slot]!;
    if (p === NOT_IN_HEAP) {
      this.push(slot, timeMs);
      return true;
    }
    const before = this.times[slot]!;
    this.times[slot] = timeMs;
    this.keys[slot] = this.rearmKey(slot);
    // A later time, or the same time with a newer sequence number, can only move the slot down.
    if (timeMs >= before) this.siftDown(p);
    else this.siftUp(p);
    return true;
  }

  /** Whether the id names a pending or firing timer. */
  isLive(id: TimerId): boolean {
    return this.liveSlot(id) >= 0;
  }

  /** Scheduled time of a live timer, or NaN. */
  timeOf(id: TimerId): number {
    const slot = this.liveSlot(id);
    return slot < 0 ? NaN : (this.times[slot] as number);
  }

  /**
   * Pops the earliest timer and runs its callback with its time. Returns the time fired, or NaN when empty. A
   * periodic timer is re-armed at `time + period` unless its callback cancelled or rescheduled it.
   */
  fireNext(): number {
    if (this.size === 0) return NaN;
    const slot = this.heap[0]!;
    const t = this.times[slot]!;
    // The slot stays at the top of the heap while its callback runs: a callback that re-arms its own timer (the
    // common case) then costs one sift-down and no removal/insertion pair.
    this.firing = slot;
    this.firingRearmed = false;
    try {
      (this.fns[slot] as TimerCallback)(t);
    } finally {
      this.firing = NOT_IN_HEAP;
      const p = this.pos[slot]!;
      if (!this.firingRearmed && p !== NOT_IN_HEAP) {
        const period = this.periods[slot]!;
        if (period > 0) {
          this.times[slot] = t + period;
          this.keys[slot] = this.rearmKey(slot);
          this.siftDown(p);
        } else {
          this.removeAt(p);
          this.release(slot);
        }
      } else if (!this.firingRearmed) {
        // Cancelled from inside its own callback.
        this.release(slot);
      }
    }
    return t;
  }

  private liveSlot(id: TimerId): number {
    const slot = id % SLOT_BITS;
    if (slot < 0 || slot >= this.nextSlot) return -1;
    if (this.gens[slot]! !== Math.floor(id / SLOT_BITS)) return -1;
    if (this.fns[slot] === undefined) return -1;
    return slot;
  }

  private allocSlot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.nextSlot >= SLOT_BITS) throw new QueueError(`more than ${SLOT_BITS} live timers`);
    if (this.nextSlot === this.capacity) this.grow();
    return this.nextSlot++;
  }

  private release(slot: number): void {
    this.fns[slot] = undefined;
    this.gens[slot] = (this.gens[slot]! + 1) >>> 0;
    this.free.push(slot);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.times = resized(this.times, cap);
    this.keys = resized(this.keys, cap);
    this.periods = resized(this.periods, cap);
    this.prios = resized(this.prios, cap);
    this.gens = resized(this.gens, cap);
    this.pos = resized(this.pos, cap, NOT_IN_HEAP);
    this.heap = resized(this.heap, cap);
    this.capacity = cap;
  }

  private push(slot: number, timeMs: number): void {
    this.times[slot] = timeMs;
    this.keys[slot] = this.keyFor(this.prios[slot]!);
    const i = this.size++;
    this.heap[i] = slot;
    this.pos[slot] = i;
    this.siftUp(i);
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const slot = heap[i]!;
    this.pos[slot] = NOT_IN_HEAP;
    const last = --this.size;
    if (i === last) return;
    const moved = heap[last]!;
    heap[i] = moved;
    this.pos[moved] = i;
    this.siftDown(i);
    if (this.pos[moved] === i) this.siftUp(i);
  }

  /** The packed (priority, sequence) key of a timer armed now. */
  protected keyFor(priority: number): number {
    if (priority < -PRIORITY_OFFSET || priority >= PRIORITY_OFFSET || !Number.isInteger(priority)) {
      throw new QueueError(`priority must be an integer in [${-PRIORITY_OFFSET}, ${PRIORITY_OFFSET}), got ${priority}`);
    }
    if (this.seq >= SEQ_LIMIT) throw new QueueError('sequence numbers exhausted (2^42 timers armed)');
    return (priority + PRIORITY_OFFSET) * SEQ_LIMIT + this.seq++;
  }

  /** The key of a timer re-armed now: its priority was validated when it was added. */
  private rearmKey(slot: number): number {
    if (this.seq >= SEQ_LIMIT) throw new QueueError('sequence numbers exhausted (2^42 timers armed)');
    return (this.prios[slot]! + PRIORITY_OFFSET) * SEQ_LIMIT + this.seq++;
  }

  /** a before b in (time, priority, seq) order. */
  protected less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.keys[a]! < this.keys[b]!);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const slot = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = heap[parent]!;
      if (!this.less(slot, ps)) break;
      heap[i] = ps;
      pos[ps] = i;
      i = parent;
    }
    heap[i] = slot;
    pos[slot] = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const times = this.times;
    const keys = this.keys;
    const n = this.size;
    const slot = heap[i]!;
    const ts = times[slot]!;
    const ks = keys[slot]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cs = heap[child]!;
      let tc = times[cs]!;
      const right = child + 1;
      if (right < n) {
        const rs = heap[right]!;
        const tr = times[rs]!;
        if (tr < tc || (tr === tc && keys[rs]! < keys[cs]!)) {
          child = right;
          cs = rs;
          tc = tr;
        }
      }
      if (ts < tc || (ts === tc && ks < keys[cs]!)) break;
      heap[i] = cs;
      pos[cs] = i;
      i = child;
    }
    heap[i] = slot;
    pos[slot] = i;
  }
}
