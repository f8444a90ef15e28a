/**
 * The Job controller's pod-failure back-off, ported from `pkg/controller/job/backoff_utils.go`: how many pods failed
 * since the last success (`newBackoffRecord`) and how long to wait before the next replacement pod
 * (`getRemainingTimeForFailuresCount`), the delay doubling from the default per failure up to the maximum.
 * Times are simulated milliseconds; pods enter as their finish times (upstream `getFinishedTime`).
 */

/** `backoffRecord`: consecutive failures after the last success, and when the latest of them finished (ms). */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: number | undefined;
}

/** The record of a Job that has seen no failure yet. */
export const emptyBackoffRecord: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };

/**
 * `backoffStore.newBackoffRecord`: folds the pods newly seen finished into the previous record. Any new success
 * resets the count; then only failures that finished strictly after the latest success count.
 * @param newSucceeded finish times (ms) of pods newly seen Succeeded
 * @param newFailed finish times (ms) of pods newly seen Failed
 */
export function newBackoffRecord(old: BackoffRecord, newSucceeded: readonly number[], newFailed: readonly number[]): BackoffRecord {
  const succeeded = [...newSucceeded].sort((a, b) => a - b);
  const failed = [...newFailed].sort((a, b) => a - b);
  if (succeeded.length === 0) {
    if (failed.length === 0) return old;
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length, lastFailureTime: failed[failed.length - 1] };
  }
  const lastSuccess = succeeded[succeeded.length - 1]!;
  let count = 0;
  let lastFailureTime: number | undefined;
  for (let i = failed.length - 1; i >= 0; i--) {
    const t = failed[i]!;
    if (t <= lastSuccess) break;
    lastFailureTime ??= t;
    count++;
  }
  return { failuresAfterLastSuccess: count, lastFailureTime };
}

/**
 * `getRemainingTimeForFailuresCount`: the wait (ms, ≥ 0) before a replacement pod may be created at `now` (ms):
 * `defaultBackoff · 2^(failures−1)`, capped at `maxBackoff`, less the time since the last failure.
 */
export function getRemainingTimeForFailuresCount(
  now: number,
  defaultBackoff: number,
  maxBackoff: number,
  failuresCount: number,
  lastFailureTime: number | undefined,
): number {
  if (failuresCount === 0 || lastFailureTime === undefined) return 0;
  let backoff = defaultBackoff;
  for (let i = 1; i < failuresCount; i++) {
    backoff *= 2;
    if (backoff >= maxBackoff) {
      backoff = maxBackoff;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** `backoffRecord.getRemainingTime`: the record's wait (ms) at `now` (ms). */
export function getRemainingTime(record: BackoffRecord, now: number, defaultBackoff: number, maxBackoff: number): number {
  return getRemainingTimeForFailuresCount(now, defaultBackoff, maxBackoff, record.failuresAfterLastSuccess, record.lastFailureTime);
}
