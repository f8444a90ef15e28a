/**
 * Kubernetes-style events. Like client-go's EventCorrelator, an event repeating the same (object, type, reason,
 * message) within 10 minutes bumps `count` and `lastTimestamp` instead of adding a record, so a crash-looping pod
 * shows `BackOff (x12 over 8m)` as kubectl does.
 */
import type { Trace } from '../engine/trace.ts';

export type EventType = 'Normal' | 'Warning';

/** The object an event is about. */
export interface InvolvedObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly uid?: string;
}

/** One event, in the shape of core/v1 Event (times in simulated ms). */
export interface SimEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  readonly involvedObject: InvolvedObject;
  /** The component that reported it: `default-scheduler`, `kubelet`, `deployment-controller`, … */
  readonly source: { readonly component: string; readonly host?: string };
  readonly firstTimestampMs: number;
  lastTimestampMs: number;
  count: number;
}

/** Aggregation window for repeats, as the EventCorrelator's (10 minutes). */
const AGGREGATE_WINDOW_MS = 600_000;

export class EventRecorder {
  private readonly list: SimEvent[] = [];
  private readonly recent = new Map<string, SimEvent>();
  private pruneAt = 4096;
  private prunedAtMs = 0;

  constructor(
    private readonly now: () => number,
    private readonly trace?: Trace,
    /** Most events kept; past it the oldest aggregated ones still count but new distinct ones fail loudly. */
    private readonly maxEvents = 2_000_000,
  ) {}

  /**
   * Records an event (aggregating repeats). The event keeps `involvedObject` and `source` as given: they must not be
   * changed afterwards.
   */
  record(
    involvedObject: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    source: { component: string; host?: string },
    /** Occurrences this call stands for (failed probes counted in closed form). Default 1. */
    count = 1,
  ): void {
    const t = this.now();
    const key = `${involvedObject.kind}\u0000${involvedObject.namespace}\u0000${involvedObject.name}\u0000${type}\u0000${reason}\u0000${message}`;
    const prev = this.recent.get(key);
    // Fixed fields in a fixed order need no canonical JSON: tab-separated text, hashed as it is fed.
    const trace = this.trace;
    if (trace) {
      trace.begin(t, 'Event');
      trace.text(involvedObject.kind);
      trace.text('/');
      trace.text(involvedObject.name);
      trace.text('\t');
      trace.text(type);
      trace.text('\t');
      trace.text(reason);
      trace.text('\t');
      trace.text(message);
      if (count !== 1) {
        trace.text('\t');
        trace.value(count);
      }
      trace.end();
    }
    if (prev && t - prev.lastTimestampMs <= AGGREGATE_WINDOW_MS) {
      prev.count += count;
      prev.lastTimestampMs = t;
      return;
    }
    if (this.list.length >= this.maxEvents) throw new RangeError(`more than ${this.maxEvents} events; runaway run`);
    const ev: SimEvent = {
      type,
      reason,
      message,
      // The caller's objects are kept as they are (not copied): every caller builds them for this call, and events
      // are never changed after they are recorded, so a copy per event was pure allocation.
      involvedObject,
      source,
      firstTimestampMs: t,
      lastTimestampMs: t,
      count,
    };
    this.list.push(ev);
    this.recent.set(key, ev);
    // Keys older than the aggregation window can never aggregate again: drop them now and then so the map stays
    // the size of the last ten minutes, not of the run.
    // (Also once per window: after a burst the threshold is high, and the map would otherwise keep every key of
    // the burst and of the hours after it.)
    if (this.recent.size > this.pruneAt || t - this.prunedAtMs > AGGREGATE_WINDOW_MS) {
      for (const [k, e] of this.recent) if (t - e.lastTimestampMs > AGGREGATE_WINDOW_MS) this.recent.delete(k);
      this.pruneAt = Math.max(4096, this.recent.size * 2);
      this.prunedAtMs = t;
    }
  }

  /** All events in the order they were first recorded. */
  get all(): readonly SimEvent[] {
    return this.list;
  }

  /** Events about one object (kind and name, optionally namespace). */
  for(kind: string, name: string, namespace?: string): SimEvent[] {
    return this.list.filter(
      (e) =>
        e.involvedObject.kind === kind &&
        e.involvedObject.name === name &&
        (namespace === undefined || e.involvedObject.namespace === namespace),
    );
  }
}
