/** Series storage (times kept implicitly while evenly spaced) against plain arrays, and the recorder's look-ups. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MetricsRecorder, Series, seriesId } from '../../src/record/metrics.ts';

describe('Series', () => {
  it('stores what was pushed: times, values and at() match plain arrays, regular or not', () => {
    const arbGaps = fc.array(fc.oneof(fc.constant(15_000), fc.constant(15_000), fc.constant(0), fc.integer({ min: 1, max: 40_000 })), { maxLength: 300 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), arbGaps, fc.boolean(), (start, gaps, readMidway) => {
        const s = new Series('x', {});
        const t: number[] = [];
        const v: number[] = [];
        let now = start;
        gaps.forEach((gap, i) => {
          now += gap;
          s.push(now, i);
          if (t.length > 0 && t[t.length - 1] === now) v[v.length - 1] = i;
          else {
            t.push(now);
            v.push(i);
          }
          if (readMidway && i === gaps.length >> 1) expect([...s.times()]).toEqual(t);
        });
        expect(s.length).toBe(t.length);
        expect([...s.values()]).toEqual(v);
        for (const q of [start - 1, start, now, now + 1, ...t.map((x) => x + 7_000)]) {
          let want: number | undefined;
          for (let k = 0; k < t.length; k++) if (t[k]! <= q) want = v[k];
          expect(s.at(q)).toBe(want);
        }
        expect([...s.times()]).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses time going backwards', () => {
    const s = new Series('x', {});
    s.push(10, 1);
    expect(() => s.push(5, 2)).toThrow(RangeError);
  });
});

describe('MetricsRecorder', () => {
  it('finds a series by frozen labels and by an equal plain object alike', () => {
    const m = new MetricsRecorder();
    const frozen = Object.freeze({ service: 'web', code: '200' });
    const a = m.series('http_requests_total', frozen);
    expect(m.series('http_requests_total', { code: '200', service: 'web' })).toBe(a);
    expect(m.series('http_requests_total', frozen)).toBe(a);
    expect(m.find(seriesId('http_requests_total', frozen))).toBe(a);
    expect(m.series('other', frozen)).not.toBe(a);
  });
});
