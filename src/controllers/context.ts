/**
 * What every controller gets: the engine (clock, timers, random streams), the store (the only way to read and write
 * cluster state), the event recorder, the decision log and the metrics. Controllers never import each other.
 */
import { Engine } from '../engine/engine.ts';
import type { TimerId } from '../engine/queue.ts';
import { Store } from '../cluster/store.ts';
import { SimClock } from '../cluster/time.ts';
import { EventRecorder, type InvolvedObject } from '../record/events.ts';
import { DecisionLog } from '../record/decisions.ts';
import { MetricsRecorder } from '../record/metrics.ts';

export interface ControllerContext {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: SimClock;
  readonly events: EventRecorder;
  readonly decisions: DecisionLog;
  readonly metrics: MetricsRecorder;
}

/**
 * A bare context for driving controllers on their own (tests, benchmarks): a fresh engine seeded with `seed`, a
 * store without history or trace, and empty recorders. `Simulation` builds its own, with trace and admission.
 */
export function createControllerContext(seed: number | string = 1): ControllerContext {
  const engine = new Engine({ seed });
  const clock = new SimClock();
  const now = () => engine.nowMs;
  const store = new Store({ clock, now, history: false });
  return { engine, store, clock, events: new EventRecorder(now), decisions: new DecisionLog(now), metrics: new MetricsRecorder() };
}

/** A controller: `start` subscribes to watches and schedules its timers. */
export interface Controller {
  readonly name: string;
  start(ctx: ControllerContext): void;
}

/**
 * Event priorities within one instant: lower runs first. Store writes made by one controller are seen by the next
 * in this order, so a burst of changes settles in a fixed, documented sequence.
 */
export const Priority = {
  /** Scenario timeline actions and faults. */
  Timeline: 0,
  /** Kubelet: container lifecycle, probes. */
  Kubelet: 10,
  NodeLifecycle: 15,
  Endpoints: 20,
  Workload: 25,
  HPA: 30,
  Rollout: 35,
  Deployment: 40,
  ReplicaSet: 50,
  GarbageCollector: 55,
  Scheduler: 60,
  /** The cluster autoscaler's scan, after the scheduler has placed what it can. */
  ClusterAutoscaler: 65,
  /** Metric sampling, after every controller at that instant. */
  Metrics: 90,
} as const;

/**
 * A work queue like client-go's: keys added several times before processing are processed once, and processing
 * runs as an engine event at the controller's priority, at the current instant or later.
 */
export class WorkQueue {
  private readonly dirty = new Set<string>();
  /** The key added last: when `dirty` holds one key, this is it. */
  private lastAdded = '';
  private timer: TimerId | undefined;
  private readonly delayed = new Map<string, TimerId>();
  /** One drain callback and scheduling options for every drain, not a new pair per add. */
  private readonly drainCallback = () => this.drain();
  private readonly options: { readonly priority: number };

  constructor(
    private readonly engine: Engine,
    priority: number,
    private readonly process: (key: string) => void,
  ) {
    this.options = { priority };
  }

  /** Queues a key for processing at the current instant. */
  add(key: string): void {
    this.dirty.add(key);
    this.lastAdded = key;
    if (this.timer === undefined) this.timer = this.engine.at(this.engine.nowMs, this.drainCallback, this.options);
  }

  /** Queues a key after a delay (replaces an earlier delayed add of the same key only if sooner). */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const at = this.engine.nowMs + delayMs;
    const existing = this.delayed.get(key);
    if (existing !== undefined && this.engine.isPending(existing)) {
      if (this.engine.timeOf(existing) <= at) return;
      this.engine.cancel(existing);
    }
    this.delayed.set(
      key,
      this.engine.at(
        at,
        () => {
          this.delayed.delete(key);
          this.add(key);
        },
        this.options,
      ),
    );
  }

  private drain(): void {
    this.timer = undefined;
    const dirty = this.dirty;
    // Most drains process one key (a rate-limited requeue, one object's change): no list to build and sort.
    if (dirty.size === 1) {
      dirty.clear();
      this.process(this.lastAdded);
      return;
    }
    // Keys in sorted order: a deterministic order independent of how the adds interleaved.
    const keys = [...dirty].sort();
    dirty.clear();
    for (const k of keys) this.process(k);
  }
}

/** The involved-object of an event for a stored object. */
export function involved(obj: { kind?: string; metadata?: { name?: string; namespace?: string; uid?: string } }): InvolvedObject {
  return {
    kind: obj.kind ?? '',
    name: obj.metadata?.name ?? '',
    namespace: obj.metadata?.namespace ?? '',
    ...(obj.metadata?.uid ? { uid: obj.metadata.uid } : {}),
  };
}
