/**
 * A deep copy of JSON data (objects, arrays, strings, numbers, booleans, null), keeping key order. Manifests and
 * stored objects are plain data, and this is several times cheaper than `structuredClone`, which handles every
 * kind of value: the ReplicaSet controller copies its pod template for every pod it creates.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const src = value as Record<string, unknown>;
  for (const k in src) {
    // An own key named `__proto__` (JSON.parse and YAML make them) would set the copy's prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: cloneJson(src[k]), enumerable: true, writable: true, configurable: true });
    else out[k] = cloneJson(src[k]);
  }
  return out as T;
}

/**
 * Whether `JSON.stringify(a) === JSON.stringify(b)` for JSON-like data, without building the strings: same keys
 * in the same order (undefined members skipped), equal values; non-finite numbers print as null.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && !Number.isFinite(a)) a = null;
  if (typeof b === 'number' && !Number.isFinite(b)) b = null;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // JSON prints an undefined element as null.
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  // Walk both key lists in order, skipping members JSON leaves out (no filtered copies of the key lists).
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && ra[ka[i]!] === undefined) i++;
    while (j < kb.length && rb[kb[j]!] === undefined) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const k = ka[i]!;
    if (k !== kb[j] || !jsonEqual(ra[k], rb[k])) return false;
    i++;
    j++;
  }
}
