import { describe, expect, it } from 'vitest';
import { slowStartBatch, slowStartBatchSizes } from '../../src/controllers/slow-start.ts';

describe('slowStartBatch', () => {
  // kubesim's own cases: the batch sizes.
  it.each([
    [0, []],
    [1, [1]],
    [10, [1, 2, 4, 3]],
    [500, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  ])('kubesim: batch sizes for %i', (count, sizes) => {
    expect(slowStartBatchSizes(count)).toEqual(sizes);
  });

  // replica_set_test.go TestSlowStartBatch: count 10, initial batch 1, calls fail after callLimit.
  it.each([
    ['callLimit = 0 (all fail)', 0, 0, 1],
    ['callLimit = count (all succeed)', 10, 10, 10],
    ['callLimit < count (some succeed)', 5, 5, 7],
  ])('TestSlowStartBatch %s: callLimit %i → %i successes after %i calls', (_name, callLimit, successes, calls) => {
    let callCount = 0;
    const got = slowStartBatch(10, () => ++callCount <= callLimit);
    expect([got, callCount]).toEqual([successes, calls]);
  });
});
