/**
 * The event queue, ordered totally by (time, priority, sequence number).
 *
 * Shape follows SimPy's kernel (a heap of `(time, priority, eventId)`), but without an object per event: every
 * timer lives in a *slot* whose fields sit in typed arrays. Timers that tie on (time, priority) share a *bucket*,
 * a list of slots in arming order, and the heap holds buckets, not timers. Every arming draws the next sequence
 * number, so appending to the tail of a bucket keeps it in sequence order with no comparison: a timer costs a
 * hash look-up and a list link, and the heap is only as large as the number of distinct (time, priority) pairs
 * pending — in a simulation of integer milliseconds, where thousands of timers fall due at the same instant, a
 * small fraction of the timers. Re-arming a timer (the shape of probes and periodic controllers) moves its slot
 * between buckets and allocates nothing once the arrays have grown.
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
const NONE = -1;
/** Bytes per slot, and the slot's fields as float64 (F_) and int32 (W_) word offsets. */
const SLOT_BYTES = 48;
const F_STRIDE = SLOT_BYTES / 8;
const W_STRIDE = SLOT_BYTES / 4;
const F_TIME = 0;
const F_PERIOD = 1;
const W_PRIO = 4;
const W_GEN = 5;
const W_BUCKET = 6;
const W_NEXT = 7;
const W_PREV = 8;
const PRIORITY_OFFSET = 1024;
/** Times below this (about 139 years of ms) that are integers key their bucket by one number. */
const NUMERIC_KEY_LIMIT = 2 ** 42;

/** Thrown when the queue is used against its contract (past times, too many live timers, NaN). */
export class QueueError extends Error {
  override name = 'QueueError';
}

export class EventQueue {
  private capacity: number;
  /**
   * Per slot, interleaved in one buffer ({@link SLOT_BYTES} a slot, seen as float64 and int32 words): time and
   * period, then priority, generation, bucket (NONE while firing or free), next and previous slot in the bucket.
   * An event touches every field of its slot, and with 100,000 timers pending the slots are far from the cache:
   * one line a slot instead of one per field is what makes large queues fast.
   */
  private f: Float64Array;
  private w: Int32Array;
  private fns: (TimerCallback | undefined)[] = [];
  private free: number[] = [];
  private nextSlot = 0;
  // Per bucket: its (time, priority), first and last slot, and place in the heap.
  private bucketCapacity: number;
  private bTimes: Float64Array;
  private bPrios: Int32Array;
  protected bHead: Int32Array;
  protected bTail: Int32Array;
  private bPos: Int32Array;
  private freeBuckets: number[] = [];
  private nextBucket = 0;
  /** Bucket by (time, priority): numeric keys for integer times, text keys for the rest. */
  private readonly byKey = new Map<number, number>();
  private readonly byTextKey = new Map<string, number>();
  /** Min-heap of buckets by (time, priority). */
  private heap: Int32Array;
  private heapSize = 0;
  /** Timers in buckets. */
  private queued = 0;
  /** The slot being fired right now, or NONE. */
  private firing = NONE;
  /** The firing timer is still due at its time: neither cancelled nor re-armed by its callback so far. */
  private firingHeld = false;
  private firingRearmed = false;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    const buffer = new ArrayBuffer(this.capacity * SLOT_BYTES);
    this.f = new Float64Array(buffer);
    this.w = new Int32Array(buffer);
    for (let s = 0; s < this.capacity; s++) this.w[s * W_STRIDE + W_BUCKET] = NONE;
    this.bucketCapacity = 64;
    this.bTimes = new Float64Array(this.bucketCapacity);
    this.bPrios = new Int32Array(this.bucketCapacity);
    this.bHead = new Int32Array(this.bucketCapacity);
    this.bTail = new Int32Array(this.bucketCapacity);
    this.bPos = new Int32Array(this.bucketCapacity);
    this.heap = new Int32Array(this.bucketCapacity);
  }

  /** Number of pending timers (the one firing counts while it is still due). */
  get length(): number {
    return this.queued + (this.firingHeld ? 1 : 0);
  }

  /** Time of the earliest pending timer, or `Infinity`. */
  peekTime(): number {
    if (this.firingHeld) return this.f[this.firing * F_STRIDE + F_TIME]!;
    return this.heapSize === 0 ? Infinity : this.bTimes[this.heap[0]!]!;
  }

  /** Adds a timer firing at `timeMs`; `periodMs > 0` re-arms it after each firing. Lower priority fires first. */
  add(timeMs: number, fn: TimerCallback, priority: number, periodMs: number): TimerId {
    if (!(timeMs === timeMs)) throw new QueueError('timer time is NaN');
    if (priority < -PRIORITY_OFFSET || priority >= PRIORITY_OFFSET || !Number.isInteger(priority)) {
      throw new QueueError(`priority must be an integer in [${-PRIORITY_OFFSET}, ${PRIORITY_OFFSET}), got ${priority}`);
    }
    const slot = this.allocSlot();
    this.fns[slot] = fn;
    this.f[slot * F_STRIDE + F_PERIOD] = periodMs;
    this.w[slot * W_STRIDE + W_PRIO] = priority;
    this.insert(slot, timeMs);
    return ((this.w[slot * W_STRIDE + W_GEN]! >>> 0) * SLOT_BITS + slot) as TimerId;
  }

  /** Cancels a pending timer (also a periodic one from inside its own callback). Returns false for a stale id. */
  cancel(id: TimerId): boolean {
    const slot = this.liveSlot(id);
    if (slot < 0) return false;
    if (slot === this.firing) {
      // Released when the callback returns.
      this.f[slot * F_STRIDE + F_PERIOD] = 0;
      this.firingHeld = false;
      this.firingRearmed = false;
      if (this.w[slot * W_STRIDE + W_BUCKET] !== NONE) this.detach(slot);
      return true;
    }
    this.detach(slot);
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
    if (slot === this.firing) {
      this.firingHeld = false;
      this.firingRearmed = true;
    }
    if (this.w[slot * W_STRIDE + W_BUCKET] !== NONE) this.detach(slot);
    this.insert(slot, timeMs);
    return true;
  }

  /** Whether the id names a pending or firing timer. */
  isLive(id: TimerId): boolean {
    return this.liveSlot(id) >= 0;
  }

  /** Scheduled time of a live timer, or NaN. */
  timeOf(id: TimerId): number {
    const slot = this.liveSlot(id);
    return slot < 0 ? NaN : (this.f[slot * F_STRIDE + F_TIME] as number);
  }

  /**
   * Takes the earliest timer and runs its callback with its time. Returns the time fired, or NaN when empty. A
   * periodic timer is re-armed at `time + period` unless its callback cancelled or rescheduled it.
   */
  fireNext(): number {
    if (this.heapSize === 0) return NaN;
    const slot = this.bHead[this.heap[0]!]!;
    const t = this.f[slot * F_STRIDE + F_TIME]!;
    this.detach(slot);
    this.firing = slot;
    this.firingHeld = true;
    this.firingRearmed = false;
    try {
      (this.fns[slot] as TimerCallback)(t);
    } finally {
      this.firing = NONE;
      if (this.firingHeld) {
        this.firingHeld = false;
        const period = this.f[slot * F_STRIDE + F_PERIOD]!;
        if (period > 0) this.insert(slot, t + period);
        else this.release(slot);
      } else if (!this.firingRearmed) {
        // Cancelled from inside its own callback.
        this.release(slot);
      }
    }
    return t;
  }

  /**
   * Links `slot` into bucket `b` after every timer already there: the newest arming orders last among its ties.
   * (Protected so a test can show that the tie-break checks catch a queue that gets this wrong.)
   */
  protected link(b: number, slot: number): void {
    const tail = this.bTail[b]!;
    this.setLinks(slot, tail, NONE);
    if (tail === NONE) this.bHead[b] = slot;
    else this.setNext(tail, slot);
    this.bTail[b] = slot;
  }

  /** The slot before `slot` in its bucket, or NONE (protected, as {@link link}). */
  protected prevOf(slot: number): number {
    return this.w[slot * W_STRIDE + W_PREV]!;
  }

  /** Sets the slots before and after `slot` in its bucket (protected, as {@link link}). */
  protected setLinks(slot: number, prev: number, next: number): void {
    this.w[slot * W_STRIDE + W_PREV] = prev;
    this.w[slot * W_STRIDE + W_NEXT] = next;
  }

  /** Sets the slot after `slot`, leaving the one before (protected, as {@link link}). */
  protected setNext(slot: number, next: number): void {
    this.w[slot * W_STRIDE + W_NEXT] = next;
  }

  /** Sets the slot before `slot`, leaving the one after (protected, as {@link link}). */
  protected setPrev(slot: number, prev: number): void {
    this.w[slot * W_STRIDE + W_PREV] = prev;
  }

  /** Arms `slot` at `timeMs` in the bucket of (time, its priority), made when none is pending. */
  private insert(slot: number, timeMs: number): void {
    this.f[slot * F_STRIDE + F_TIME] = timeMs;
    const prio = this.w[slot * W_STRIDE + W_PRIO]!;
    const numeric = Number.isInteger(timeMs) && timeMs >= 0 && timeMs < NUMERIC_KEY_LIMIT;
    const key = numeric ? timeMs * (2 * PRIORITY_OFFSET) + (prio + PRIORITY_OFFSET) : 0;
    let b = numeric ? this.byKey.get(key) : this.byTextKey.get(`${timeMs}|${prio}`);
    if (b === undefined) {
      b = this.allocBucket(timeMs, prio);
      if (numeric) this.byKey.set(key, b);
      else this.byTextKey.set(`${timeMs}|${prio}`, b);
    }
    this.link(b, slot);
    this.w[slot * W_STRIDE + W_BUCKET] = b;
    this.queued++;
  }

  /** Unlinks `slot` from its bucket; an emptied bucket leaves the heap. */
  private detach(slot: number): void {
    const b = this.w[slot * W_STRIDE + W_BUCKET]!;
    const p = this.w[slot * W_STRIDE + W_PREV]!;
    const n = this.w[slot * W_STRIDE + W_NEXT]!;
    if (p === NONE) this.bHead[b] = n;
    else this.w[p * W_STRIDE + W_NEXT] = n;
    if (n === NONE) this.bTail[b] = p;
    else this.w[n * W_STRIDE + W_PREV] = p;
    this.w[slot * W_STRIDE + W_BUCKET] = NONE;
    this.queued--;
    if (this.bHead[b] === NONE) this.freeBucket(b);
  }

  private allocBucket(timeMs: number, prio: number): number {
    let b = this.freeBuckets.pop();
    if (b === undefined) {
      if (this.nextBucket === this.bucketCapacity) this.growBuckets();
      b = this.nextBucket++;
    }
    this.bTimes[b] = timeMs;
    this.bPrios[b] = prio;
    this.bHead[b] = NONE;
    this.bTail[b] = NONE;
    const i = this.heapSize++;
    this.heap[i] = b;
    this.bPos[b] = i;
    this.siftUp(i);
    return b;
  }

  private freeBucket(b: number): void {
    const timeMs = this.bTimes[b]!;
    const prio = this.bPrios[b]!;
    if (Number.isInteger(timeMs) && timeMs >= 0 && timeMs < NUMERIC_KEY_LIMIT) this.byKey.delete(timeMs * (2 * PRIORITY_OFFSET) + (prio + PRIORITY_OFFSET));
    else this.byTextKey.delete(`${timeMs}|${prio}`);
    const heap = this.heap;
    const i = this.bPos[b]!;
    const last = --this.heapSize;
    if (i !== last) {
      const moved = heap[last]!;
      heap[i] = moved;
      this.bPos[moved] = i;
      this.siftDown(i);
      if (this.bPos[moved] === i) this.siftUp(i);
    }
    this.freeBuckets.push(b);
  }

  private liveSlot(id: TimerId): number {
    const slot = id % SLOT_BITS;
    if (slot < 0 || slot >= this.nextSlot) return -1;
    if (this.w[slot * W_STRIDE + W_GEN]! >>> 0 !== Math.floor(id / SLOT_BITS)) return -1;
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
    this.w[slot * W_STRIDE + W_GEN] = (this.w[slot * W_STRIDE + W_GEN]! + 1) | 0;
    this.free.push(slot);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const buffer = new ArrayBuffer(cap * SLOT_BYTES);
    const w = new Int32Array(buffer);
    w.set(this.w);
    for (let s = this.capacity; s < cap; s++) w[s * W_STRIDE + W_BUCKET] = NONE;
    this.f = new Float64Array(buffer);
    this.w = w;
    this.capacity = cap;
  }

  private growBuckets(): void {
    const cap = this.bucketCapacity * 2;
    this.bTimes = resized(this.bTimes, cap);
    this.bPrios = resized(this.bPrios, cap);
    this.bHead = resized(this.bHead, cap);
    this.bTail = resized(this.bTail, cap);
    this.bPos = resized(this.bPos, cap);
    this.heap = resized(this.heap, cap);
    this.bucketCapacity = cap;
  }

  /** Bucket a before bucket b in (time, priority) order (distinct buckets never tie on both). */
  private less(a: number, b: number): boolean {
    const ta = this.bTimes[a]!;
    const tb = this.bTimes[b]!;
    return ta < tb || (ta === tb && this.bPrios[a]! < this.bPrios[b]!);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const pos = this.bPos;
    const b = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pb = heap[parent]!;
      if (!this.less(b, pb)) break;
      heap[i] = pb;
      pos[pb] = i;
      i = parent;
    }
    heap[i] = b;
    pos[b] = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const pos = this.bPos;
    const n = this.heapSize;
    const b = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(heap[right]!, heap[child]!)) child = right;
      const cb = heap[child]!;
      if (!this.less(cb, b)) break;
      heap[i] = cb;
      pos[cb] = i;
      i = child;
    }
    heap[i] = b;
    pos[b] = i;
  }
}
