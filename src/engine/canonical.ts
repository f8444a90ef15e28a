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
    let a = this.a;
    let b = this.b;
    if (this.pending >= 0) {
      a = Math.imul(a ^ this.pending, 0x01000193);
      b = Math.imul(b ^ this.pending, 0x01000193) ^ (a >>> 15);
      this.pending = -1;
    }
    // A record separator so that ["ab","c"] and ["a","bc"] differ.
    a = Math.imul(a ^ 0x1e, 0x01000193);
    this.b = Math.imul(b ^ 0x1e, 0x01000193) ^ (a >>> 15);
    this.a = a;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
