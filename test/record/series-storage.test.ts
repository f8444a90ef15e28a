import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsRecorder, Series } from '../../src/record/metrics.ts';

/**
 * Values that exercise every storage mode: repeats, whole numbers of thousandths (small, and large enough that
 * a chunk's offsets overflow an int32), doubles, -0, NaN, infinities.
 */
const arbValue = fc.oneof(
  fc.constantFrom(0, -0, 1, 3, Number.NaN, Infinity, -Infinity, 0.1, 0.0004, -0.0004, 16_777_217, 2 ** 53),
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1000),
  fc.integer({ min: 0, max: 1e7 }).map((k) => k * 1000.001),
  fc.double({ noNaN: false }),
);

/** A point: a step forward in time (0 replaces the last point) and a value. */
const arbPoint = fc.tuple(fc.constantFrom(0, 15_000, 15_000, 15_000, 7_000), arbValue);
/**
 * Up to 3,500 points (past six chunks of 512, and through every size a growing chunk takes), often a long run
 * of one value first: a constant series that changes late fills its chunks with the run.
 */
const arbPoints = fc
  .tuple(fc.nat({ max: 2200 }), arbValue, fc.array(arbPoint, { maxLength: 1300 }))
  .map(([run, v, rest]) => [...Array.from({ length: run }, () => [15_000, v] as [number, number]), ...rest]);

describe('Series storage (constant, thousandths in int32 chunks, float64 chunks, one array once read)', () => {
  it('stores exactly what a plain array of points would, whatever the mode', () => {
    fc.assert(
      fc.property(arbPoints, fc.boolean(), (points, readMidway) => {
        const s = new Series('x', {});
        const ts: number[] = [];
        const vs: number[] = [];
        let t = 0;
        points.forEach(([dt, v], k) => {
          if (ts.length > 0) t += dt;
          s.push(t, v);
          if (ts.length > 0 && ts[ts.length - 1] === t) vs[vs.length - 1] = v;
          else {
            ts.push(t);
            vs.push(v);
          }
          // Reading every value widens the storage for good; pushes after it must still land.
          if (readMidway && k === points.length >> 1) expect(Array.from(s.values())).toEqual(vs);
        });
        expect(s.length).toBe(vs.length);
        for (let i = 0; i < ts.length; i++) expect(Object.is(s.at(ts[i]!), vs[i])).toBe(true);
        expect(Array.from(s.values())).toEqual(vs);
        expect(Array.from(s.times())).toEqual(ts);
        expect(Object.is(s.max(), vs.reduce((m, x) => (x > m ? x : m), -Infinity))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  // Where a growing chunk changes size (64, 128 … 512 points; later chunks from 256) and where chunks end, each change of storage mode
  // must keep every point: the first differing value (constant → thousandths), the first double (→ float64).
  it.each([1, 63, 64, 65, 127, 128, 511, 512, 1023, 1024, 1025, 2047, 2048, 3000])('keeps every point when the mode changes at point %i', (at) => {
    for (const [before, after] of [
      [() => 7, (k: number) => k],
      [(k: number) => k, (k: number) => k + 0.5e-4],
      [() => 7, (k: number) => k / 3],
    ] as const) {
      const s = new Series('x', {});
      const vs: number[] = [];
      for (let k = 0; k < at + 1100; k++) {
        const v = k < at ? before(k) : after(k);
        s.push(k * 15_000, v);
        vs.push(v);
      }
      expect(Array.from(s.values())).toEqual(vs);
    }
  });

  it('keeps -0 apart from 0 and a double apart from its nearest thousandth', () => {
    const s = new Series('x', {});
    s.push(0, 0);
    s.push(1, -0);
    s.push(2, 5);
    s.push(3, 0.1);
    s.push(4, 0.1 + 0.2);
    const v = s.values();
    expect(Object.is(v[0], 0)).toBe(true);
    expect(Object.is(v[1], -0)).toBe(true);
    expect(v[2]).toBe(5);
    expect(v[3]).toBe(0.1);
    expect(v[4]).toBe(0.1 + 0.2);
  });
});

describe('Series of one recorder sharing equal chunks', () => {
  it('keeps each series exact when chunks are shared, whatever the bases, rewrites and mode changes', () => {
    // A counter's points; each series copies it, shifted (other bases, same offsets) or changed at a few points,
    // so some complete chunks are equal across series and some differ by one point.
    const arbSeries = fc.record({
      shift: fc.constantFrom(0, 0, 5, 1e6),
      changes: fc.array(fc.tuple(fc.nat({ max: 1599 }), fc.constantFrom(1, 0.5, 0.1234, -3)), { maxLength: 3 }),
      rewriteAt: fc.option(fc.nat({ max: 1599 })),
    });
    fc.assert(
      fc.property(fc.array(arbSeries, { minLength: 2, maxLength: 4 }), fc.integer({ min: 1, max: 40 }), (specs, rate) => {
        const recorder = new MetricsRecorder();
        const expected = specs.map(() => [] as number[]);
        const series = specs.map((_, k) => recorder.series('x', { k: String(k) }));
        let count = 0;
        for (let i = 0; i < 1600; i++) {
          count += rate + (i % 7);
          specs.forEach((spec, k) => {
            let v = count + spec.shift;
            for (const [at, dv] of spec.changes) if (at === i) v += dv;
            series[k]!.push(i * 15_000, v);
            expected[k]!.push(v);
            // A second point at the same time replaces the last one, the only point ever rewritten.
            if (spec.rewriteAt === i) {
              series[k]!.push(i * 15_000, v + 2);
              expected[k]![i] = v + 2;
            }
          });
        }
        specs.forEach((_, k) => expect(Array.from(series[k]!.values())).toEqual(expected[k]));
      }),
      { numRuns: 60 },
    );
  });
});
