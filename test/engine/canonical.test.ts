/** Canonical JSON (keys sorted, undefined dropped) and the running hash fed in parts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEqual, canonicalJson, RunningHash } from '../../src/engine/canonical.ts';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'], c: undefined }, '{"a":[true,null,"x"],"b":1}'],
    [[undefined, { z: { y: 1, x: 2 } }], '[null,{"z":{"x":2,"y":1}}]'],
    [{}, '{}'],
    [[], '[]'],
    ['q"uote', '"q\\"uote"'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('prints what the first, map/join version printed (trace hashes depend on it)', () => {
    const reference = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
    };
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === reference(v)));
  });

  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson({ x: Infinity })).toThrow(/non-finite/);
  });
});

describe('RunningHash', () => {
  it('feeding a record in parts equals updating with their concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 5 }), (records) => {
        const whole = new RunningHash();
        const parts = new RunningHash();
        for (const r of records) {
          whole.update(r.join(''));
          for (const p of r) parts.feed(p);
          parts.end();
        }
        return whole.hex() === parts.hex();
      }),
    );
  });

  it('separates records: ["ab","c"] and ["a","bc"] differ', () => {
    const h1 = new RunningHash();
    h1.update('ab');
    h1.update('c');
    const h2 = new RunningHash();
    h2.update('a');
    h2.update('bc');
    expect(h1.hex()).not.toBe(h2.hex());
  });
});

describe('RunningHash.value (structural hashing of the trace)', () => {
  const hashOf = (v: unknown) => {
    const h = new RunningHash();
    h.value(v);
    h.end();
    return h.hex();
  };
  /** JSON values with undefined members and items, -0, floats and near-miss twins. */
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, undefined, 0, -0, 1, 1.5, 2 ** 40, '', '0', '1', 'a', 'ab', true, false),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'ab', ''), tie('v'), { maxKeys: 3 }),
    ),
  })).v;

  it('equal JSON texts (insertion order) hash equal, and different ones differ', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
        // undefined has a tag of its own (a removed field), so it is never null's twin here.
        if ((a === undefined) !== (b === undefined)) return hashOf(a) !== hashOf(b);
        return (hashOf(a) === hashOf(b)) === same;
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [['a', 'b'], ['ab']],
    [{ a: 1 }, { a: '1' }],
    [{ ab: 1 }, { a: 1, b: 1 }],
    [{ a: { b: 1 } }, { a: {}, b: 1 }],
    [[[]], [[], []]],
    [{ a: [] }, { a: {} }],
    [1, 1.5],
    [null, undefined],
    ['', []],
  ])('%j and %j differ', (a, b) => {
    expect(hashOf(a)).not.toBe(hashOf(b));
  });

  it.each([
    [{ a: 1, b: undefined }, { a: 1 }],
    [[undefined], [null]],
    [0, -0],
  ])('%j and %j are the same JSON and hash equal', (a, b) => {
    expect(hashOf(a)).toBe(hashOf(b));
  });
});

describe('canonicalEqual', () => {
  /** JSON-like values with undefined members and items, shuffled key order and near-miss twins. */
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, undefined, 0, -0, 1, '', '0', 'a', true, false), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 })),
  })).v;
  const reorder = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
  const json = (v: unknown) => canonicalJson(v === undefined ? null : v);

  it('is true exactly when the canonical JSON texts are equal', () => {
    fc.assert(fc.property(value, value, (a, b) => canonicalEqual(a, b) === (json(a) === json(b))), { numRuns: 2000 });
    fc.assert(fc.property(value, (a) => canonicalEqual(a, reorder(a)) && canonicalEqual(reorder(a), a)));
  });

  it.each([
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: null }, {}, false],
    [{ a: null }, { a: undefined }, false],
    [[undefined], [null], true],
    [[1, 2], [2, 1], false],
    [{ a: [] }, { a: {} }, false],
    [{ a: '1' }, { a: 1 }, false],
  ])('%j vs %j: %s', (a, b, equal) => {
    expect(canonicalEqual(a, b)).toBe(equal);
    expect(json(a) === json(b)).toBe(equal);
  });
});
