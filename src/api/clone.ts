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
