/**
 * Canonical JSON (object keys sorted, no whitespace) and a 64-bit running hash over it. The hash is FNV-1a over
 * UTF-16 code units in two independent 32-bit lanes; it is not cryptographic, only stable across runs, platforms
 * and browsers (no Node API).
 */

/** JSON with object keys sorted at every level; `undefined` members are dropped, non-finite numbers rejected. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      // Plain loops and concatenation: this runs for every event and decision of a run.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          out += `${i > 0 ? ',' : ''}${v === undefined ? 'null' : canonicalJson(v)}`;
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/**
 * Whether `canonicalJson(a) === canonicalJson(b)`, without building either string: members that are `undefined`
 * do not count, an `undefined` list item equals `null`, key order does not matter. (A status compared with the one
 * a controller just computed is usually equal, and the strings were most of the comparison's cost.)
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonicalEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k) || x[k] === undefined) continue;
    defined++;
    const v = Object.hasOwn(y, k) ? y[k] : undefined;
    if (v === undefined || !canonicalEqual(x[k], v)) return false;
  }
  for (const k in y) if (Object.hasOwn(y, k) && y[k] !== undefined) defined--;
  return defined === 0;
}

// Tags of structural hashing (RunningHash.value): arbitrary distinct words.
const TAG_UNDEFINED = 0x7e0;
const TAG_NULL = 0x7e1;
const TAG_FALSE = 0x7e2;
const TAG_TRUE = 0x7e3;
const TAG_INT = 0x7e4;
const TAG_FLOAT = 0x7e5;
const TAG_STRING = 0x7e6;
const TAG_ARRAY = 0x7e7;
const TAG_OBJECT = 0x7e8;
const TAG_END = 0x7e9;
/** Scratch space for a float's bits; DataView with an explicit byte order, so the hash is the same on every platform. */
const FLOAT_VIEW = new DataView(new ArrayBuffer(8));

/** A running 64-bit hash; `update` folds text in, `hex` prints the current value as 16 hex digits. */
export class RunningHash {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;
  /** A code unit waiting for its pair (or -1): units are folded two at a time, which halves the multiplications. */
  private pending = -1;

  update(text: string): void {
    this.feed(text);
    this.end();
  }

  /**
   * Folds in part of a record: `feed(x); feed(y); end()` equals `update(x + y)` without building the concatenation
   * (a store record is a short head and an object's JSON of a few kilobytes).
   */
  feed(text: string): void {
    const n = text.length;
    if (n === 0) return;
    let a = this.a;
    let b = this.b;
    let i = 0;
    if (this.pending >= 0) {
      const c = this.pending | (text.charCodeAt(0) << 16);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
      i = 1;
    }
    for (; i + 1 < n; i += 2) {
      // Two UTF-16 units in one 32-bit word.
      const c = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
    }
    this.pending = i < n ? text.charCodeAt(i) : -1;
    this.a = a;
    this.b = b;
  }

  /** Ends a record fed in parts. */
  end(): void {
    // A record separator word so that ["ab","c"] and ["a","bc"] differ.
    this.word(0x1e);
  }

  /**
   * Folds in one 32-bit word (a tag or a number's bits) after any code unit still waiting for its pair. For
   * structural hashing ({@link value}): words cost one multiplication each, and no text is built.
   */
  word(w: number): void {
    let a = this.a;
    let b = this.b;
    if (this.pending >= 0) {
      a = Math.imul(a ^ this.pending, 0x01000193);
      b = Math.imul(b ^ this.pending, 0x01000193) ^ (a >>> 15);
      this.pending = -1;
    }
    a = Math.imul(a ^ w, 0x01000193);
    this.b = Math.imul(b ^ w, 0x01000193) ^ (a >>> 15);
    this.a = a;
  }

  /**
   * Folds in a number: a 32-bit integer as one word (-0 as 0, as JSON writes it), anything else as its IEEE 754 bits
   * (little-endian words).
   */
  number(n: number): void {
    if ((n | 0) === n) {
      this.word(TAG_INT);
      this.word(n);
    } else {
      FLOAT_VIEW.setFloat64(0, n, true);
      this.word(TAG_FLOAT);
      this.word(FLOAT_VIEW.getInt32(0, true));
      this.word(FLOAT_VIEW.getInt32(4, true));
    }
  }

  /**
   * Folds in a JSON value structurally, without serialising it: every value starts with a tag word, strings and
   * lists with their length, an object's members (in insertion order, as `JSON.stringify` writes them, skipping
   * `undefined` and functions) end with a closing tag, so distinct values feed distinct word sequences. `undefined`
   * itself (a removed field) has a tag of its own.
   */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.word(TAG_STRING);
        this.word(v.length);
        this.feed(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.word(v ? TAG_TRUE : TAG_FALSE);
        return;
      case 'object':
        if (v === null) {
          this.word(TAG_NULL);
        } else if (Array.isArray(v)) {
          this.word(TAG_ARRAY);
          this.word(v.length);
          // As in JSON, a missing list item is null.
          for (let i = 0; i < v.length; i++) this.value(v[i] ?? null);
        } else {
          this.word(TAG_OBJECT);
          const o = v as Record<string, unknown>;
          for (const k in o) {
            const m = o[k];
            if (m === undefined || typeof m === 'function') continue;
            // A member's name: its length in a word no tag can equal (tags are below 0x800), then its text.
            this.word((k.length << 12) | 0xfff);
            this.feed(k);
            this.value(m);
          }
          this.word(TAG_END);
        }
        return;
      default:
        this.word(TAG_UNDEFINED);
    }
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
