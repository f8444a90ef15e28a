/**
 * The discrete-event kernel. It owns the simulated clock (integer milliseconds), the event queue with its total
 * order (time, priority, sequence number), the named random streams, the observation bus and the trace. It knows
 * nothing of Kubernetes; everything async in a simulation is a scheduled event here, never a real `await`.
 */
import { ObservationBus, type EventMap } from './bus.ts';
import { EventQueue, QueueError, type TimerCallback, type TimerId } from './queue.ts';
import { RandomStreams, type RandomStream } from './rng.ts';
import { Trace, type TraceOptions } from './trace.ts';

export type { TimerCallback, TimerId } from './queue.ts';

/** Why {@link Engine.run} returned. */
export type StopReason = 'until' | 'idle' | 'stopped' | 'eventLimit';

export interface RunOptions {
  /** Run events at times ≤ `until` (ms), then leave the clock at `until`. Default: until the queue is empty. */
  until?: number;
  /** Most events this call may run before it stops with reason `eventLimit`. Default: the engine's `maxEvents`. */
  maxEvents?: number;
  /** Checked after every event; returning true stops the run with reason `stopped`. */
  stopWhen?: () => boolean;
}

export interface RunResult {
  readonly reason: StopReason;
  /** Events run by this call. */
  readonly events: number;
  readonly nowMs: number;
  /** A sentence for people: why the run stopped. */
  readonly message: string;
}

export interface EngineOptions {
  /** The seed every random stream derives from. Required: there is no unseeded engine. */
  seed: number | string;
  /** Default event limit per `run` call. Default 500,000,000. */
  maxEvents?: number;
  /** Trace options (keep records for export or not). */
  trace?: TraceOptions;
}

/** Scheduling options for one timer. */
export interface ScheduleOptions {
  /** Lower fires first among timers at the same instant. Default 0. */
  priority?: number;
}

export interface PeriodicOptions extends ScheduleOptions {
  /** Offset of the first firing from now, in ms. Default: one period. */
  phaseMs?: number;
}

export class Engine<Events extends EventMap = EventMap> {
  private readonly queue = new EventQueue();
  private readonly streams: RandomStreams;
  private stopRequest: string | undefined;
  private totalEvents = 0;
  private readonly maxEvents: number;
  /** Current simulated time in integer milliseconds. */
  nowMs = 0;
  /** Observation bus for observers; see {@link ObservationBus}. */
  readonly bus = new ObservationBus<Events>();
  /** The run's trace and its hash. */
  readonly trace: Trace;

  constructor(options: EngineOptions) {
    if (options.seed === undefined || options.seed === null) throw new TypeError('Engine: a seed is required');
    this.streams = new RandomStreams(options.seed);
    this.maxEvents = options.maxEvents ?? 500_000_000;
    this.trace = new Trace(options.trace);
  }

  /** The seed the run's random streams derive from. */
  get seed(): number | string {
    return this.streams.seed;
  }

  /** The named random stream (`rng('scheduler')`, `rng('load')`…), independent of every other stream. */
  rng(name: string): RandomStream {
    return this.streams.get(name);
  }

  /** The registry of all random streams (save/restore all). */
  get randomStreams(): RandomStreams {
    return this.streams;
  }

  /** Events run since the engine was made. */
  get eventsRun(): number {
    return this.totalEvents;
  }

  /** Pending timers. */
  get pending(): number {
    return this.queue.length;
  }

  /** Time of the next pending timer, or Infinity. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Runs `fn` at absolute time `atMs` (not before now). */
  at(atMs: number, fn: TimerCallback, options?: ScheduleOptions): TimerId {
    this.checkTime(atMs);
    return this.queue.add(atMs, fn, options?.priority ?? 0, 0);
  }

  /** Runs `fn` after `delayMs` (≥ 0). */
  after(delayMs: number, fn: TimerCallback, options?: ScheduleOptions): TimerId {
    return this.at(this.nowMs + delayMs, fn, options);
  }

  /** Runs `fn` every `periodMs`, first at now + `phaseMs` (default one period). */
  every(periodMs: number, fn: TimerCallback, options?: PeriodicOptions): TimerId {
    if (!(periodMs > 0) || !Number.isInteger(periodMs)) {
      throw new QueueError(`every: period must be a positive integer of ms, got ${periodMs}`);
    }
    const first = this.nowMs + (options?.phaseMs ?? periodMs);
    this.checkTime(first);
    return this.queue.add(first, fn, options?.priority ?? 0, periodMs);
  }

  /** Cancels a timer; false if it already fired or was cancelled. */
  cancel(id: TimerId): boolean {
    return this.queue.cancel(id);
  }

  /** Moves a live timer (or the one firing now) to `atMs`. False if the id is stale. */
  reschedule(id: TimerId, atMs: number): boolean {
    this.checkTime(atMs);
    return this.queue.reschedule(id, atMs);
  }

  /** Whether a timer is still pending (or firing). */
  isPending(id: TimerId): boolean {
    return this.queue.isLive(id);
  }

  /** When a live timer fires, or NaN. */
  timeOf(id: TimerId): number {
    return this.queue.timeOf(id);
  }

  /** Asks the current `run` to stop after the event being run; `reason` is reported. */
  stop(reason = 'stop requested'): void {
    this.stopRequest = reason;
  }

  /** Runs one event. Returns false when the queue is empty. */
  step(): boolean {
    const t = this.queue.peekTime();
    if (t === Infinity) return false;
    this.nowMs = t;
    this.queue.fireNext();
    this.totalEvents++;
    return true;
  }

  /** Runs events in order until a stop condition; see {@link RunOptions}. */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    if (until < this.nowMs) throw new QueueError(`run: until ${until}ms is before now ${this.nowMs}ms`);
    const limit = options.maxEvents ?? this.maxEvents;
    const stopWhen = options.stopWhen;
    const q = this.queue;
    this.stopRequest = undefined;
    let n = 0;
    for (;;) {
      const t = q.peekTime();
      if (t === Infinity) {
        if (until !== Infinity) this.nowMs = until;
        return this.result(until === Infinity ? 'idle' : 'until', n);
      }
      if (t > until) {
        this.nowMs = until;
        return this.result('until', n);
      }
      if (n >= limit) return this.result('eventLimit', n, limit);
      this.nowMs = t;
      q.fireNext();
      n++;
      if (this.stopRequest !== undefined || (stopWhen !== undefined && stopWhen())) {
        this.totalEvents += n;
        const r = this.result('stopped', 0);
        return { ...r, events: n };
      }
    }
  }

  private result(reason: StopReason, n: number, limit?: number): RunResult {
    this.totalEvents += n;
    const messages: Record<StopReason, string> = {
      until: `reached ${this.nowMs}ms`,
      idle: `no more events at ${this.nowMs}ms`,
      stopped: `stopped at ${this.nowMs}ms: ${this.stopRequest ?? 'stop condition met'}`,
      eventLimit: `event limit of ${limit} reached at ${this.nowMs}ms; the simulation may be looping (raise maxEvents if the run is really this large)`,
    };
    return { reason, events: n, nowMs: this.nowMs, message: messages[reason] };
  }

  private checkTime(atMs: number): void {
    // One comparison rejects NaN and the past; Infinity is rejected separately.
    if (!(atMs >= this.nowMs) || atMs === Infinity) {
      if (!Number.isFinite(atMs)) throw new QueueError(`cannot schedule at ${atMs}`);
      throw new QueueError(`cannot schedule at ${atMs}ms, before now (${this.nowMs}ms)`);
    }
  }
}
