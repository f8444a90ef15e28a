/**
 * The scheduling queue (`backend/queue/scheduling_queue.go`), pure: time is passed in as `nowMs`.
 * - activeQ: ordered by PrioritySort (higher `priority` first, then earlier queue timestamp, then arrival order);
 * - backoffQ: pods that failed, waiting `1 s × 2^(attempts-1)` capped at 10 s from their last failure;
 * - unschedulable pods: parked until a cluster event that may help (node added or updated, pod deleted) or for
 *   at most 5 minutes (`podMaxInUnschedulablePodsDuration`).
 * Upstream flushes backoffQ every 1 s and the unschedulable pods every 30 s; here they move at their exact due
 * time, which `nextWakeMs()` reports so the engine schedules a timer instead of polling.
 */
import type { PodInfo } from './types.ts';

/** Default `podInitialBackoffSeconds` = 1 s. */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
/** Default `podMaxBackoffSeconds` = 10 s. */
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** `DefaultPodMaxInUnschedulablePodsDuration` = 5 min. */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;

/** Cluster events that move unschedulable pods back (`framework.ClusterEvent`, simplified). */
export type ClusterEvent = 'NodeAdd' | 'NodeUpdate' | 'PodDelete' | 'AssignedPodUpdate' | 'PvcAdd' | 'PvcUpdate' | 'PvAdd' | 'PvUpdate' | 'StorageClassAdd';

/** A pod in the queue with its bookkeeping (`framework.QueuedPodInfo`). */
export interface QueuedPodInfo {
  pod: PodInfo;
  /** Time it entered its current sub-queue (PrioritySort's timestamp), ms. */
  timestampMs: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Time of the first attempt, ms (for latency metrics). */
  initialAttemptMs?: number;
  /** Arrival sequence number: the final tie-break. */
  seq: number;
}

/** Options of {@link SchedulingQueue}. */
export interface SchedulingQueueOptions {
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
}

/**
 * `calculateBackoffDuration`: initial backoff doubled for each attempt after the first, capped at the max.
 * Example: 1 s initial, 10 s max → attempts 1, 2, 3, 4, 5 → 1, 2, 4, 8, 10 s.
 */
export function calculateBackoffDurationMs(attempts: number, initialMs = DEFAULT_POD_INITIAL_BACKOFF_MS, maxMs = DEFAULT_POD_MAX_BACKOFF_MS): number {
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return d > maxMs ? maxMs : d;
}

/** A binary heap with a strict total order. */
class Heap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as T, a[p] as T)) break;
      [a[i], a[p]] = [a[p] as T, a[i] as T];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0] as T;
    const last = a.pop() as T;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T)) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
  remove(pred: (x: T) => boolean): T | undefined {
    const i = this.items.findIndex(pred);
    if (i < 0) return undefined;
    const [x] = this.items.splice(i, 1);
    const rest = this.items;
    this.items = [];
    for (const y of rest) this.push(y);
    return x;
  }
  values(): readonly T[] {
    return this.items;
  }
}

/** `PrioritySort.Less`: higher priority first, then earlier timestamp, then arrival order. */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.pod.priority !== b.pod.priority) return a.pod.priority > b.pod.priority;
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs;
  return a.seq < b.seq;
}

/** The pure scheduling queue. */
export class SchedulingQueue {
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly activeQ = new Heap<QueuedPodInfo>(prioritySortLess);
  private readonly backoffQ: Heap<QueuedPodInfo>;
  /** Unschedulable pods in the order they were parked (their timestamps never decrease). */
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly where = new Map<string, 'active' | 'backoff' | 'unschedulable' | 'inFlight'>();
  private readonly inFlight = new Map<string, { info: QueuedPodInfo; cycle: number }>();
  private seq = 0;
  /** Incremented by every `pop` (`schedulingCycle`). */
  private schedulingCycle = 0;
  /** Cycle of the last move request (`moveRequestCycle`). */
  private moveRequestCycle = -1;

  constructor(opts: SchedulingQueueOptions = {}) {
    this.initialBackoffMs = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.backoffQ = new Heap<QueuedPodInfo>((a, b) => {
      const ea = this.backoffExpiryMs(a);
      const eb = this.backoffExpiryMs(b);
      return ea !== eb ? ea < eb : prioritySortLess(a, b);
    });
  }

  /** When the pod's backoff ends: last failure + `calculateBackoffDuration(attempts)`. */
  backoffExpiryMs(info: QueuedPodInfo): number {
    return info.timestampMs + calculateBackoffDurationMs(info.attempts, this.initialBackoffMs, this.maxBackoffMs);
  }

  /** Adds a new pending pod to activeQ (`Add`). A pod already queued is updated instead. */
  add(pod: PodInfo, nowMs: number): void {
    if (this.where.has(pod.key)) {
      this.update(pod, nowMs);
      return;
    }
    const info: QueuedPodInfo = { pod, timestampMs: nowMs, attempts: 0, seq: this.seq++ };
    this.activeQ.push(info);
    this.where.set(pod.key, 'active');
  }

  /**
   * A queued pod changed (`Update`): its info is replaced; an unschedulable pod is given another try (to backoffQ
   * while backing off, else activeQ), as an update may make it schedulable.
   */
  update(pod: PodInfo, nowMs: number): void {
    const w = this.where.get(pod.key);
    if (w === undefined) return this.add(pod, nowMs);
    if (w === 'inFlight') {
      const f = this.inFlight.get(pod.key) as { info: QueuedPodInfo };
      f.info.pod = pod;
      return undefined;
    }
    if (w === 'unschedulable') {
      const info = this.unschedulable.get(pod.key) as QueuedPodInfo;
      this.unschedulable.delete(pod.key);
      info.pod = pod;
      this.requeue(info, nowMs);
      return undefined;
    }
    const q = w === 'active' ? this.activeQ : this.backoffQ;
    const info = q.remove((x) => x.pod.key === pod.key) as QueuedPodInfo;
    info.pod = pod;
    q.push(info);
    return undefined;
  }

  /** Removes a pod from every sub-queue (`Delete`): it was bound elsewhere or deleted. */
  delete(key: string): void {
    const w = this.where.get(key);
    if (w === undefined) return;
    this.where.delete(key);
    if (w === 'active') this.activeQ.remove((x) => x.pod.key === key);
    else if (w === 'backoff') this.backoffQ.remove((x) => x.pod.key === key);
    else if (w === 'unschedulable') this.unschedulable.delete(key);
    else this.inFlight.delete(key);
  }

  private requeue(info: QueuedPodInfo, nowMs: number): void {
    if (this.backoffExpiryMs(info) > nowMs && info.attempts > 0) {
      this.backoffQ.push(info);
      this.where.set(info.pod.key, 'backoff');
    } else {
      this.activeQ.push(info);
      this.where.set(info.pod.key, 'active');
    }
  }

  /** Moves due pods: backoffQ pods whose backoff ended, unschedulable pods parked for 5 minutes. */
  flush(nowMs: number): void {
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffExpiryMs(top) > nowMs) break;
      this.backoffQ.pop();
      this.activeQ.push(top);
      this.where.set(top.pod.key, 'active');
    }
    for (const [key, info] of this.unschedulable) {
      if (nowMs - info.timestampMs < this.maxUnschedulableMs) break;
      this.unschedulable.delete(key);
      this.requeue(info, nowMs);
    }
  }

  /**
   * Takes the next pod to schedule (after flushing what is due), or undefined. The pod stays "in flight" until
   * `done` (scheduled) or `addUnschedulable` (failed).
   */
  pop(nowMs: number): { info: QueuedPodInfo; cycle: number } | undefined {
    this.flush(nowMs);
    const info = this.activeQ.pop();
    if (!info) return undefined;
    info.attempts++;
    info.initialAttemptMs ??= nowMs;
    const cycle = ++this.schedulingCycle;
    this.inFlight.set(info.pod.key, { info, cycle });
    this.where.set(info.pod.key, 'inFlight');
    return { info, cycle };
  }

  /** The in-flight pod was scheduled (bound or assumed): forget it. */
  done(key: string): void {
    if (this.where.get(key) === 'inFlight') this.delete(key);
  }

  /**
   * The in-flight pod failed (`AddUnschedulableIfNotPresent`). It is parked as unschedulable, or goes straight
   * to backoffQ when a move request happened during its cycle (the event it would wait for already passed) or
   * when it failed with an error rather than a verdict.
   */
  addUnschedulable(key: string, nowMs: number, opts: { error?: boolean } = {}): void {
    const f = this.inFlight.get(key);
    if (!f) return;
    this.inFlight.delete(key);
    const info = f.info;
    info.timestampMs = nowMs;
    if (opts.error || this.moveRequestCycle >= f.cycle) {
      this.backoffQ.push(info);
      this.where.set(key, 'backoff');
      return;
    }
    this.unschedulable.set(key, info);
    this.where.set(key, 'unschedulable');
  }

  /** A cluster event that may make pods schedulable (`MoveAllToActiveOrBackoffQueue`). */
  onClusterEvent(_event: ClusterEvent, nowMs: number): void {
    for (const [key, info] of [...this.unschedulable]) {
      this.unschedulable.delete(key);
      this.requeue(info, nowMs);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** The earliest time something becomes due (backoff end or 5-minute park end); undefined if nothing waits. */
  nextWakeMs(): number | undefined {
    let t: number | undefined;
    const top = this.backoffQ.peek();
    if (top) t = this.backoffExpiryMs(top);
    const first = this.unschedulable.values().next();
    if (!first.done) {
      const u = first.value.timestampMs + this.maxUnschedulableMs;
      if (t === undefined || u < t) t = u;
    }
    return t;
  }

  /** Sizes of the sub-queues. */
  lengths(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** Keys of pods parked as unschedulable, oldest first. */
  unschedulableKeys(): string[] {
    return [...this.unschedulable.keys()];
  }
}
