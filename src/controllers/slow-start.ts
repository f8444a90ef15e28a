/**
 * `slowStartBatch` (`pkg/controller/replicaset/replica_set.go`, which the DaemonSet and Job controllers call too, as
 * here): create `count` pods in batches of 1, 2, 4, … (starting at `SlowStartInitialBatchSize` = 1, each batch
 * double the last, capped by what is left), stopping after the first batch with any failure, so a quota or webhook
 * error costs one call instead of hundreds.
 */

/** `controller.SlowStartInitialBatchSize`. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * Batch sizes for `count` creations: `min(remaining, initial × 2^k)`. Example: 10 → 1, 2, 4, 3; 0 → none.
 */
export function slowStartBatchSizes(count: number, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let batchSize = Math.min(remaining, initialBatchSize); batchSize > 0; batchSize = Math.min(2 * batchSize, remaining)) {
    sizes.push(batchSize);
    remaining -= batchSize;
  }
  return sizes;
}

/**
 * Runs `fn` per creation, batch by batch, and returns how many succeeded. All calls of a batch run (upstream runs
 * them in parallel); after a batch with a failure no further batch starts. `fn` returns false for a failure.
 * Example: count 10, call #4 fails → batches 1, 2, 4 run (7 calls), 6 succeed, the last 3 are never attempted.
 */
export function slowStartBatch(count: number, fn: (index: number) => boolean, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number {
  let successes = 0;
  let index = 0;
  for (const size of slowStartBatchSizes(count, initialBatchSize)) {
    let failed = false;
    for (let i = 0; i < size; i++) {
      if (fn(index++)) successes++;
      else failed = true;
    }
    if (failed) break;
  }
  return successes;
}
