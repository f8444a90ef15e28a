/** jsonEqual (the kubelet's status and the HPA's outcome comparisons): equal exactly when the two values print the same JSON. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/api/clone.ts';

/** JSON-shaped values with `undefined` members and list items sprinkled in (JSON skips or nulls them). */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.constantFrom(null, true, false, 0, 1, 'a', 'b', '', Number.NaN, Infinity), fc.integer()),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('record')),
  list: fc.array(fc.oneof(tie('node'), fc.constant(undefined)), { maxLength: 3 }),
  record: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 4 }),
})).node;

describe('jsonEqual', () => {
  it('is true exactly when JSON.stringify prints the same text', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
    // Equal values are rare among random pairs: each value against a rebuilt copy of itself.
    fc.assert(
      fc.property(value, (a) => {
        expect(jsonEqual(a, structuredClone(a))).toBe(true);
      }),
    );
  });

  it('skips undefined members wherever they stand, and compares member order', () => {
    expect(jsonEqual({ a: 1, x: undefined, b: 2 }, { a: 1, b: 2, y: undefined })).toBe(true);
    expect(jsonEqual({ x: undefined, a: 1 }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(jsonEqual([undefined], [null])).toBe(true);
  });
});
