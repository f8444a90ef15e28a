/**
 * The trace: every state change of a run as a canonical record, folded into a running hash. Two runs are equal
 * exactly when their trace hashes are equal; the records themselves can be kept and exported as JSON lines to find
 * where two runs part.
 */
import { canonicalJson, RunningHash } from './canonical.ts';

/** A trace record: the simulated time, a kind naming the change, and its data. */
export interface TraceRecord {
  readonly t: number;
  readonly kind: string;
  readonly [field: string]: unknown;
}

export interface TraceOptions {
  /** Keep every record in memory for {@link Trace.toJsonLines}. Default false (only the hash is kept). */
  keepRecords?: boolean;
  /** Upper bound on kept records; past it, recording stops with a clear error. Default 5,000,000. */
  maxRecords?: number;
}

export class Trace {
  private readonly hash = new RunningHash();
  private readonly lines: string[] | undefined;
  private readonly maxRecords: number;
  private count = 0;

  constructor(options: TraceOptions = {}) {
    this.lines = options.keepRecords ? [] : undefined;
    this.maxRecords = options.maxRecords ?? 5_000_000;
  }

  /** Number of records folded in. */
  get length(): number {
    return this.count;
  }

  /** Folds one record in. */
  record(t: number, kind: string, data?: Record<string, unknown>): void {
    const line = canonicalJson(data ? { ...data, t, kind } : { t, kind });
    this.hash.update(line);
    this.count++;
    if (this.lines) {
      if (this.lines.length >= this.maxRecords) {
        throw new RangeError(`trace: more than ${this.maxRecords} kept records; run with keepRecords off`);
      }
      this.lines.push(line);
    }
  }

  /**
   * Folds in a record whose payload is already a stable string (e.g. an object's JSON), given in parts that are
   * hashed as their concatenation without building it: cheaper than {@link record} for large payloads.
   */
  recordText(t: number, kind: string, ...parts: string[]): void {
    this.hash.feed(`${t} ${kind} `);
    for (const part of parts) this.hash.feed(part);
    this.hash.end();
    this.count++;
    if (this.lines) {
      if (this.lines.length >= this.maxRecords) {
        throw new RangeError(`trace: more than ${this.maxRecords} kept records; run with keepRecords off`);
      }
      this.lines.push(JSON.stringify({ t, kind, text: parts.join('') }));
    }
  }

  /** The running hash: 16 hex digits. */
  get traceHash(): string {
    return this.hash.hex();
  }

  /** The kept records as JSON lines (empty unless `keepRecords`). */
  toJsonLines(): string {
    return this.lines ? this.lines.map((l) => `${l}\n`).join('') : '';
  }
}
