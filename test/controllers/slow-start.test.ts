import { describe, expect, it } from 'vitest';
import { slowStartBatch, slowStartBatchSizes } from '../../src/controllers/slow-start.ts';

describe('slowStartBatch', () => {
  it.each([
    [0, []],
    [1, [1]],
    [10, [1, 2, 4, 3]],
    [500, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  ])('batch sizes for %i', (count, sizes) => {
    expect(slowStartBatchSizes(count)).toEqual(sizes);
  });

  // replica_set_test.go TestSlowStartBatch: count 10, calls fail after callLimit.
  it.each([
    ['all fail', 0, 0, 1],
    ['all succeed', 10, 10, 10],
    ['some succeed', 5, 5, 7],
  ])('%s: callLimit %i → %i successes after %i calls', (_name, callLimit, successes, calls) => {
    let callCount = 0;
    const got = slowStartBatch(10, () => ++callCount <= callLimit);
    expect([got, callCount]).toEqual([successes, calls]);
  });
});
