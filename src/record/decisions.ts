/**
 * The decision log: why each controller did what it did. Every entry names the controller, the object, a one-line
 * summary and structured details (scheduler plugin scores, HPA ratios and clamps, rollout steps), so a reader can
 * follow every decision.
 */
import type { Trace } from '../engine/trace.ts';

export interface Decision {
  readonly tMs: number;
  /** `scheduler`, `hpa`, `deployment`, `rollout`, `kubelet`, … */
  readonly controller: string;
  /** `kind/namespace/name` of the object decided about. */
  readonly object: string;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export class DecisionLog {
  private readonly entries: Decision[] = [];

  constructor(
    private readonly now: () => number,
    private readonly trace?: Trace,
    private readonly maxEntries = 5_000_000,
  ) {}

  /** Adds a decision. `details` must be JSON-able. */
  add(controller: string, object: string, summary: string, details: Record<string, unknown> = {}): void {
    if (this.entries.length >= this.maxEntries) throw new RangeError(`more than ${this.maxEntries} decisions`);
    const d: Decision = { tMs: this.now(), controller, object, summary, details };
    this.trace?.recordText(d.tMs, 'Decision', controller, '\t', object, '\t', summary);
    this.entries.push(d);
  }

  get all(): readonly Decision[] {
    return this.entries;
  }

  /** Decisions about one object, optionally up to a time. */
  for(object: string, untilMs = Infinity): Decision[] {
    return this.entries.filter((d) => d.object === object && d.tMs <= untilMs);
  }
}
