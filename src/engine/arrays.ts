/** Growing the typed arrays that hold the runtime's hot state (timer slots, node columns, pod slots, series). */

/** The typed arrays the runtime grows. */
export type GrowableArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A copy of `a` with room for `length` elements: the same type, `a`'s values first, the rest `fill` (0). */
export function resized<T extends GrowableArray>(a: T, length: number, fill = 0): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}
