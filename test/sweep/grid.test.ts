import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartesian, checkGrid, gridRuns, parseSeeds, parseShard, parseSweepParameter, splitValues } from '../../src/sweep/grid.ts';

describe('sweep arguments', () => {
  it.each([
    ['1,2,3', ['1', '2', '3']],
    ['800', ['800']],
    ['{constant: 50, jitter: 0.1},{constant: 80}', ['{constant: 50, jitter: 0.1}', '{constant: 80}']],
    ['[a, b],[c]', ['[a, b]', '[c]']],
    ['"a,b",c', ['"a,b"', 'c']],
    [' 2m , 5m ', ['2m', '5m']],
  ])('splitValues(%j)', (text, values) => {
    expect(splitValues(text)).toEqual(values);
  });

  it('parses a parameter', () => {
    expect(parseSweepParameter('spec.seed=1,2')).toEqual({ path: 'spec.seed', values: ['1', '2'] });
  });

  it.each([
    ['1..5', [1, 2, 3, 4, 5]],
    ['7', [7]],
    ['1,4,9', [1, 4, 9]],
    ['-1..1', [-1, 0, 1]],
  ])('parseSeeds(%j)', (text, seeds) => {
    expect(parseSeeds(text)).toEqual(seeds);
  });

  it.each([
    ['0/4', { index: 0, count: 4 }],
    ['3/4', { index: 3, count: 4 }],
    [' 0 / 1 ', { index: 0, count: 1 }],
  ])('parseShard(%j)', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each([
    ['4/4', 'i must be below n (shards are numbered 0 to 3)'],
    ['0/0', 'n must be at least 1'],
    ['1-4', 'expected i/n'],
  ])('parseShard(%j) refuses: %s', (text, message) => {
    expect(() => parseShard(text)).toThrow(message);
  });

  it('refuses a grid past 100,000 runs and a path given twice', () => {
    const p = { path: 'a', values: Array.from({ length: 1001 }, (_, i) => String(i)) };
    expect(() => checkGrid([p], 100)).toThrow('the sweep asks for 100100 runs (1001 grid point(s) × 100 seed(s)); at most 100000');
    expect(() => checkGrid([p], 99)).not.toThrow();
    expect(() => checkGrid([{ path: 'a', values: ['1'] }, { path: 'a', values: ['2'] }], 1)).toThrow('--set a is given twice');
  });
});

describe('grid expansion', () => {
  it('builds the cartesian product, first parameter slowest', () => {
    expect(cartesian([{ path: 'a', values: ['1', '2'] }, { path: 'b', values: ['x', 'y', 'z'] }])).toEqual([
      ['1', 'x'], ['1', 'y'], ['1', 'z'], ['2', 'x'], ['2', 'y'], ['2', 'z'],
    ]);
    expect(cartesian([])).toEqual([[]]);
  });

  it('numbers runs point-major, seeds fastest', () => {
    expect(gridRuns(2, 3)).toEqual([
      { index: 0, point: 0, seedIndex: 0 },
      { index: 1, point: 0, seedIndex: 1 },
      { index: 2, point: 0, seedIndex: 2 },
      { index: 3, point: 1, seedIndex: 0 },
      { index: 4, point: 1, seedIndex: 1 },
      { index: 5, point: 1, seedIndex: 2 },
    ]);
  });

  it('a shard takes every n-th run from its index', () => {
    expect(gridRuns(2, 3, { index: 1, count: 4 }).map((r) => r.index)).toEqual([1, 5]);
    expect(gridRuns(1, 2, { index: 3, count: 4 })).toEqual([]);
  });

  it('property: the shards i/n of any grid are disjoint and their union is the grid, for any n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 64 }), (points, seeds, n) => {
        const whole = gridRuns(points, seeds);
        const parts = Array.from({ length: n }, (_, i) => gridRuns(points, seeds, { index: i, count: n }));
        const all = parts.flat().map((r) => r.index);
        expect(new Set(all).size).toBe(all.length);
        expect(parts.flat().sort((a, b) => a.index - b.index)).toEqual(whole);
        // Balanced: shard sizes differ by at most one run.
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
