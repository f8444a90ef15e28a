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
  /** The open record's time and kind, and its pieces as text, when records are kept. */
  private head: { t: number; kind: string } | undefined;
  private readonly pieces: string[] | undefined;

  constructor(options: TraceOptions = {}) {
    this.lines = options.keepRecords ? [] : undefined;
    this.pieces = options.keepRecords ? [] : undefined;
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
    if (this.lines) this.keep(line);
  }

  /**
   * Folds in a record whose payload is already a stable string (e.g. an object's JSON), given in parts that are
   * hashed as their concatenation without building it: cheaper than {@link record} for large payloads.
   */
  recordText(t: number, kind: string, ...parts: string[]): void {
    this.begin(t, kind);
    for (const part of parts) this.text(part);
    this.end();
  }

  /**
   * Starts a record written in pieces: {@link text} and {@link value}, closed by {@link end}. Nothing is built
   * unless records are kept; the pieces are folded into the hash as they come.
   */
  begin(t: number, kind: string): void {
    this.hash.number(t);
    this.hash.feed(kind);
    this.hash.word(0x20);
    if (this.lines) this.head = { t, kind };
  }

  /** Adds text to the open record (hashed code unit by code unit, as its concatenation with the text around it). */
  text(s: string): void {
    this.hash.feed(s);
    if (this.pieces) this.pieces.push(s);
  }

  /**
   * Adds a JSON value to the open record, hashed structurally (see {@link RunningHash.value}) instead of serialised;
   * a kept record shows it as its JSON, or `-` for undefined.
   */
  value(v: unknown): void {
    this.hash.value(v);
    if (this.pieces) this.pieces.push(v === undefined ? '-' : JSON.stringify(v));
  }

  /** Closes the record opened by {@link begin}. */
  end(): void {
    this.hash.end();
    this.count++;
    if (this.lines) {
      this.keep(JSON.stringify({ ...this.head, text: this.pieces!.join('') }));
      this.pieces!.length = 0;
    }
  }

  private keep(line: string): void {
    if (this.lines!.length >= this.maxRecords) {
      throw new RangeError(`trace: more than ${this.maxRecords} kept records; run with keepRecords off`);
    }
    this.lines!.push(line);
  }

  /** The running hash: 16 hex digits. */
  get traceHash(): string {
    return this.hash.hex();
  }

  /** The kept records as JSON lines (empty unless `keepRecords`). */
  toJsonLines(): string {
    return this.lines ? this.lines.map((l) => `${l}\n`).join('') : '';
  }

  /** Each kept record's JSON line (no newline), in order: what {@link toJsonLines} joins, for writing a long trace. */
  eachJsonLine(fn: (line: string) => void): void {
    if (this.lines) for (const l of this.lines) fn(l);
  }
}
