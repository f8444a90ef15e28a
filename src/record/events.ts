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

/**
 * The latest event (its number) of each (type, reason, message) about one object: a short list, compared one by
 * one, or past {@link SCAN_LIMIT} of them (a ReplicaSet's `Created pod: …` for every pod) lists by message.
 */
type RecentOfObject = number[] | Map<string, number[]>;

/** Events of one object kept in a list before they are indexed by message. */
const SCAN_LIMIT = 16;

/**
 * The recorder keeps events as columns (one array per field, an event is its number), not as an object each:
 * a run of 100,000 pods records over half a million events and reads them, if at all, once at the end. The
 * {@link SimEvent} objects are built when {@link all} is first read and from then on kept in step.
 */
export class EventRecorder {
  private readonly types: EventType[] = [];
  private readonly reasons: string[] = [];
  private readonly messages: string[] = [];
  private readonly objects: InvolvedObject[] = [];
  private readonly sources: { readonly component: string; readonly host?: string }[] = [];
  private readonly firstMs: number[] = [];
  private readonly lastMs: number[] = [];
  private readonly counts: number[] = [];
  /** The events built so far by {@link all}: the first `built.length` events, kept in step with the columns. */
  private readonly built: SimEvent[] = [];
  /**
   * The latest event of each aggregation key, indexed by kind, then namespace, then name: no key text is built or
   * kept per event (a joined key per event was most of an event's memory), and the strings the maps hold are the
   * callers' own names.
   */
  private readonly recent = new Map<string, Map<string, Map<string, RecentOfObject>>>();
  /** Events in {@link recent}, for the prune threshold. */
  private recentSize = 0;
  private pruneAt = 4096;
  private prunedAtMs = 0;
  /**
   * No event in {@link recent} was last seen before this (a lower bound): until the window has passed since, a prune
   * would walk the whole index and drop nothing, as the first 50,000 events of a 10,000-pod start, all within
   * seconds, would have it do four times.
   */
  private oldestRecentMs = Infinity;

  constructor(
    private readonly now: () => number,
    private readonly trace?: Trace,
    /** Most events kept; past it the oldest aggregated ones still count but new distinct ones fail loudly. */
    private readonly maxEvents = 2_000_000,
  ) {}

  /**
   * Records an event (aggregating repeats). The event keeps `involvedObject` and `source` as given: they must not be
   * changed afterwards (a caller may pass the same objects for many events).
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
    const ofObject = this.recentOf(involvedObject);
    const same = Array.isArray(ofObject) ? ofObject : ofObject.get(message);
    let at = -1;
    if (same) {
      for (let i = 0; i < same.length; i++) {
        const n = same[i]!;
        if (this.types[n] === type && this.reasons[n] === reason && this.messages[n] === message) {
          at = i;
          break;
        }
      }
    }
    if (at >= 0) {
      const n = same![at]!;
      if (t - this.lastMs[n]! <= AGGREGATE_WINDOW_MS) {
        this.counts[n]! += count;
        this.lastMs[n] = t;
        const e = this.built[n];
        if (e) {
          e.count = this.counts[n]!;
          e.lastTimestampMs = t;
        }
        return;
      }
    }
    const n = this.types.length;
    if (n >= this.maxEvents) throw new RangeError(`more than ${this.maxEvents} events; runaway run`);
    this.types.push(type);
    this.reasons.push(reason);
    this.messages.push(message);
    // The caller's objects are kept as they are (not copied): events are never changed after they are recorded,
    // so a copy per event was pure allocation.
    this.objects.push(involvedObject);
    this.sources.push(source);
    this.firstMs.push(t);
    this.lastMs.push(t);
    this.counts.push(count);
    if (at >= 0) same![at] = n;
    else {
      this.recentSize++;
      if (t < this.oldestRecentMs) this.oldestRecentMs = t;
      if (same) same.push(n);
      else (ofObject as Map<string, number[]>).set(message, [n]);
      if (Array.isArray(ofObject) && ofObject.length > SCAN_LIMIT) this.setRecentOf(involvedObject, this.byMessage(ofObject));
    }
    // Events older than the aggregation window can never aggregate again: drop them now and then so the index stays
    // the size of the last ten minutes, not of the run.
    // (Also once per window: after a burst the threshold is high, and the index would otherwise keep every event of
    // the burst and of the hours after it.)
    if (this.recentSize > this.pruneAt || t - this.prunedAtMs > AGGREGATE_WINDOW_MS) {
      if (t - this.oldestRecentMs > AGGREGATE_WINDOW_MS) this.prune(t);
      this.pruneAt = Math.max(4096, this.recentSize * 2);
      this.prunedAtMs = t;
    }
  }

  /** The recent events about one object (a new, empty list the first time). */
  private recentOf(o: InvolvedObject): RecentOfObject {
    const byName = this.byName(o);
    let list = byName.get(o.name);
    if (!list) byName.set(o.name, (list = []));
    return list;
  }

  private setRecentOf(o: InvolvedObject, recent: RecentOfObject): void {
    this.byName(o).set(o.name, recent);
  }

  /** The index of the object's kind and namespace, by object name. */
  private byName(o: InvolvedObject): Map<string, RecentOfObject> {
    let byNamespace = this.recent.get(o.kind);
    if (!byNamespace) this.recent.set(o.kind, (byNamespace = new Map()));
    let byName = byNamespace.get(o.namespace);
    if (!byName) byNamespace.set(o.namespace, (byName = new Map()));
    return byName;
  }

  /** The events of a list by message. */
  private byMessage(list: readonly number[]): Map<string, number[]> {
    const m = new Map<string, number[]>();
    for (const n of list) {
      const same = m.get(this.messages[n]!);
      if (same) same.push(n);
      else m.set(this.messages[n]!, [n]);
    }
    return m;
  }

  /** Drops from the index every event last seen more than the aggregation window before `t`. */
  private prune(t: number): void {
    let size = 0;
    let oldest = Infinity;
    const live = (list: number[]): number => {
      let kept = 0;
      for (const n of list) {
        const lastMs = this.lastMs[n]!;
        if (t - lastMs > AGGREGATE_WINDOW_MS) continue;
        list[kept++] = n;
        if (lastMs < oldest) oldest = lastMs;
      }
      list.length = kept;
      return kept;
    };
    for (const byNamespace of this.recent.values()) {
      for (const byName of byNamespace.values()) {
        for (const [name, recent] of byName) {
          let kept = 0;
          if (Array.isArray(recent)) kept = live(recent);
          else {
            for (const [message, list] of recent) {
              const n = live(list);
              if (n === 0) recent.delete(message);
              kept += n;
            }
          }
          if (kept === 0) byName.delete(name);
          size += kept;
        }
      }
    }
    this.recentSize = size;
    this.oldestRecentMs = oldest;
  }

  /**
   * All events in the order they were first recorded. The objects are built on the first read (and for events
   * recorded since, on the next); repeats recorded later update them, as they did the record itself.
   */
  get all(): readonly SimEvent[] {
    const built = this.built;
    for (let n = built.length; n < this.types.length; n++) {
      built.push({
        type: this.types[n]!,
        reason: this.reasons[n]!,
        message: this.messages[n]!,
        involvedObject: this.objects[n]!,
        source: this.sources[n]!,
        firstTimestampMs: this.firstMs[n]!,
        lastTimestampMs: this.lastMs[n]!,
        count: this.counts[n]!,
      });
    }
    return built;
  }

  /** Events about one object (kind and name, optionally namespace). */
  for(kind: string, name: string, namespace?: string): SimEvent[] {
    return this.all.filter(
      (e) =>
        e.involvedObject.kind === kind &&
        e.involvedObject.name === name &&
        (namespace === undefined || e.involvedObject.namespace === namespace),
    );
  }
}
