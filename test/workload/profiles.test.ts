import { describe, expect, it } from 'vitest';
import { compileProfile, parseTraceCsv, ProfileSpecError, validateProfile, type ProfileSpec } from '../../src/workload/profiles.ts';
import { RandomStreams } from '../../src/engine/rng.ts';

const H = 3_600_000;
const M = 60_000;

describe('compileProfile', () => {
  it('constant', () => {
    const f = compileProfile({ constant: 120 });
    expect(f(0)).toBe(120);
    expect(f(10 * H)).toBe(120);
  });

  it.each([
    [0, 10],
    [M - 1, 10],
    [M, 50],
    [2 * M, 0],
    [3 * H, 0],
  ])('steps at %i ms -> %f rps', (t, rps) => {
    const f = compileProfile({ steps: [{ at: 0, rps: 10 }, { at: '1m', rps: 50 }, { at: '2m', rps: 0 }] });
    expect(f(t)).toBe(rps);
  });

  it.each([
    [0, 100],
    [H, 100],
    [1.5 * H, 150],
    [2 * H, 200],
    [5 * H, 200],
  ])('linear ramp at %f ms -> %f rps', (t, rps) => {
    const f = compileProfile({ ramp: { from: 100, to: 200, start: '1h', end: '2h' } });
    expect(f(t)).toBeCloseTo(rps, 9);
  });

  // Worked example of the module comment: min 50, max 400, peak at 14h.
  it.each([
    [14 * H, 400],
    [2 * H, 50],
    [8 * H, 225],
    [20 * H, 225],
    [38 * H, 400],
  ])('diurnal at %f ms -> %f rps', (t, rps) => {
    const f = compileProfile({ diurnal: { min: 50, max: 400, peakAt: '14h' } });
    expect(f(t)).toBeCloseTo(rps, 6);
  });

  it('diurnal weekly shape multiplies per weekday, starting at startWeekday', () => {
    const f = compileProfile({ diurnal: { min: 100, max: 100, weekly: [1, 1, 1, 1, 1, 0.5, 0.25], startWeekday: 4 } });
    expect(f(12 * H)).toBeCloseTo(100); // day 0 = Friday
    expect(f(36 * H)).toBeCloseTo(50); // Saturday
    expect(f(60 * H)).toBeCloseTo(25); // Sunday
    expect(f(84 * H)).toBeCloseTo(100); // Monday
  });

  it('spike: trapezoid with ramp', () => {
    const f = compileProfile({ constant: 100, spikes: [{ at: '1h', factor: 5, for: '20m', ramp: '10m' }] });
    expect(f(H - 1)).toBe(100);
    expect(f(H + 5 * M)).toBeCloseTo(300);
    expect(f(H + 10 * M)).toBeCloseTo(500);
    expect(f(H + 29 * M)).toBeCloseTo(500);
    expect(f(H + 35 * M)).toBeCloseTo(300);
    expect(f(H + 40 * M)).toBe(100);
  });

  it('square spike without ramp', () => {
    const f = compileProfile({ constant: 10, spikes: [{ at: 1000, factor: 3, for: 1000 }] });
    expect([f(999), f(1000), f(1999), f(2000)]).toEqual([10, 30, 30, 10]);
  });

  it('bursts repeat every period within [start, until)', () => {
    const f = compileProfile({ constant: 10, bursts: [{ every: '10m', for: '1m', factor: 2, start: '5m', until: '30m' }] });
    expect(f(4 * M)).toBe(10);
    expect(f(5 * M)).toBe(20);
    expect(f(6 * M)).toBe(10);
    expect(f(15 * M + 30_000)).toBe(20);
    expect(f(35 * M)).toBe(10);
  });

  it('sum, scale and shift compose', () => {
    const f = compileProfile({ sum: [{ constant: 10 }, { ramp: { from: 0, to: 100, start: 0, end: '100s' } }], scale: 2, shift: '50s' });
    expect(f(0)).toBe(20); // inner at -50s: 10 + 0
    expect(f(100_000)).toBeCloseTo(2 * (10 + 50));
  });

  it('CSV trace interpolates linearly, holds the ends, and loops', () => {
    const csv = 'time,rps\n0,100\n60,200\n# comment\n2m,100\n';
    const f = compileProfile({ trace: { csv } });
    expect(f(30_000)).toBeCloseTo(150);
    expect(f(90_000)).toBeCloseTo(150);
    expect(f(10 * M)).toBe(100);
    const g = compileProfile({ trace: { csv, loop: true } });
    expect(g(2 * M + 30_000)).toBeCloseTo(150);
  });

  it('noise is a pure function of t, seeded from the stream, bounded by the amplitude', () => {
    const spec: ProfileSpec = { constant: 100, noise: { amplitude: 0.2, bucket: '1m' } };
    const a = compileProfile(spec, new RandomStreams(7).get('load'));
    const b = compileProfile(spec, new RandomStreams(7).get('load'));
    const c = compileProfile(spec, new RandomStreams(8).get('load'));
    const ts = Array.from({ length: 200 }, (_, i) => i * 17_000);
    const va = ts.map(a);
    expect([...ts].reverse().map(b).reverse()).toEqual(va);
    expect(ts.map(c)).not.toEqual(va);
    for (const v of va) {
      expect(v).toBeGreaterThanOrEqual(80 - 1e-9);
      expect(v).toBeLessThanOrEqual(120 + 1e-9);
    }
    expect(new Set(va.map((v) => v.toFixed(6))).size).toBeGreaterThan(50);
  });

  it('never goes negative', () => {
    const f = compileProfile({ constant: 5, scale: 0 });
    expect(f(0)).toBe(0);
  });
});

describe('validateProfile', () => {
  it('accepts a valid composite spec', () => {
    expect(validateProfile({ diurnal: { min: 50, max: 400, peakAt: '14h' }, spikes: [{ at: '14h', factor: 5, for: '20m' }] })).toEqual([]);
  });

  it('collects every error with its path', () => {
    const errors = validateProfile({
      diurnal: { min: 500, max: 400, peakAt: '14x' },
      spikes: [{ at: '1h', factor: -1, for: '20m' }, { at: '1h', factor: 2 }],
      noise: { amplitude: 2 },
      bogus: 1,
    });
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining([
      'profile.bogus', 'profile.diurnal.max', 'profile.diurnal.peakAt', 'profile.spikes[0].factor', 'profile.spikes[1].for', 'profile.noise.amplitude',
    ]));
  });

  it('requires exactly one base', () => {
    expect(validateProfile({ spikes: [] })[0]?.detail).toMatch(/needs one of/);
    expect(validateProfile({ constant: 1, diurnal: { min: 1, max: 2 } })[0]?.detail).toMatch(/exactly one base/);
  });

  it('reports CSV problems with line numbers', () => {
    const errors = validateProfile({ trace: { csv: 'time,rps\n0,1\n0,2\n5,x\n' } }, 'traffic[0].profile');
    expect(errors.map((e) => e.detail)).toEqual(['line 3: time "0" does not increase', 'line 4: rate "x" is not a non-negative number']);
    expect(errors[0]?.field).toBe('traffic[0].profile.trace.csv');
  });

  it('compileProfile throws ProfileSpecError listing all errors', () => {
    expect(() => compileProfile({ constant: -1 })).toThrow(ProfileSpecError);
  });

  it('parseTraceCsv accepts durations and custom columns', () => {
    const p = parseTraceCsv('t,load\n1m,5\n1h,6\n', 't', 'load');
    expect([...p.timesMs]).toEqual([60_000, 3_600_000]);
    expect([...p.rates]).toEqual([5, 6]);
  });
});
