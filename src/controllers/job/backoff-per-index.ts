/**
 * `backoffLimitPerIndex` of Indexed Jobs (`pkg/controller/job/indexed_job_utils.go`, GA in 1.33): each index has
 * its own failure budget, carried from pod to pod in the `batch.kubernetes.io/job-index-failure-count` annotation
 * (and `…-index-ignored-failure-count` for failures an Ignore rule of the pod failure policy did not count). An
 * index whose failing pod had already used its budget, or that a FailIndex rule matched, is failed for good
 * (`status.failedIndexes`); the Job fails once more than `maxFailedIndexes` indexes failed, or once every index has
 * either succeeded or failed. Each index waits out its own pod-failure back-off before its next pod.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { getRemainingTimeForFailuresCount } from './backoff.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { getCompletionIndex, hasJobTrackingFinalizer, isPodFailed, parseIndexesFromString, unknownCompletionIndex, withOrderedIndexes, type Interval } from './utils.ts';

/** `batch.JobIndexFailureCountAnnotation`. */
export const JobIndexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';
/** `batch.JobIndexIgnoredFailureCountAnnotation`. */
export const JobIndexIgnoredFailureCountAnnotation = 'batch.kubernetes.io/job-index-ignored-failure-count';
/** `batch.JobReasonMaxFailedIndexesExceeded` and its message. */
export const JobReasonMaxFailedIndexesExceeded = 'MaxFailedIndexesExceeded';
export const MaxFailedIndexesExceededMessage = 'Job has exceeded the specified maximal number of failed indexes';
/** `batch.JobReasonFailedIndexes` and its message. */
export const JobReasonFailedIndexes = 'FailedIndexes';
export const FailedIndexesMessage = 'Job has failed indexes';

/** `hasBackoffLimitPerIndex`. */
export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** `parseInt32`: a count annotation's value; 0 when absent, not a number, negative or past int32. */
function parseCount(v: string | undefined): number {
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2_147_483_647 ? 0 : n;
}

/** `getIndexFailureCount`: the pod's `job-index-failure-count`. */
export function getIndexFailureCount(pod: Pod): number {
  return parseCount(pod.metadata?.annotations?.[JobIndexFailureCountAnnotation]);
}

/** `getIndexAbsoluteFailureCount`: counted plus ignored failures of the pod's index before it. */
export function getIndexAbsoluteFailureCount(pod: Pod): number {
  return getIndexFailureCount(pod) + parseCount(pod.metadata?.annotations?.[JobIndexIgnoredFailureCountAnnotation]);
}

/**
 * `isIndexFailed`: the pod failed, and a FailIndex rule matched it, or its failure counts and its index had
 * already failed `backoffLimitPerIndex` times before it.
 */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  let counted = false;
  if (isPodFailed(pod, job)) {
    if (job.spec?.podFailurePolicy) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else counted = true;
  }
  return counted && getIndexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/**
 * `calculateFailedIndexes`: `status.failedIndexes` plus the indexes of pods not yet counted (holding the tracking
 * finalizer) that failed their index.
 */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[]): Interval[] {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIndexesFromString(job.status?.failedIndexes ?? undefined, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== unknownCompletionIndex && ix < completions && hasJobTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withOrderedIndexes(prev, [...fresh].sort((a, b) => a - b));
}

/**
 * `getNewIndexFailureCounts`: the annotations of the pod replacing `replaced` in its index: its counts plus its own
 * failure (counted, or ignored by the pod failure policy). Without a pod being replaced, none.
 */
export function getNewIndexFailureCounts(job: Job, replaced: Pod | undefined): { failureCount: number; ignoredFailureCount: number } {
  if (!replaced) return { failureCount: 0, ignoredFailureCount: 0 };
  let failureCount = getIndexFailureCount(replaced);
  let ignoredFailureCount = parseCount(replaced.metadata?.annotations?.[JobIndexIgnoredFailureCountAnnotation]);
  if (job.spec?.podFailurePolicy && !matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) ignoredFailureCount++;
  else failureCount++;
  return { failureCount, ignoredFailureCount };
}

/**
 * The failed pod each pending index replaces (`getPodsWithDelayedDeletionPerIndex`): per index neither succeeded,
 * failed nor active, its failed pod with the most failures before it, the latest finished on a tie.
 */
export function podsBeingReplacedPerIndex(
  job: Job,
  pods: readonly Pod[],
  exclude: (ix: number) => boolean,
  finishedMs: (p: Pod) => number,
): Map<number, Pod> {
  const out = new Map<number, Pod>();
  const completions = job.spec?.completions ?? 0;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === unknownCompletionIndex || ix >= completions || exclude(ix)) continue;
    const last = out.get(ix);
    if (!last || (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) && finishedMs(p) >= finishedMs(last))) out.set(ix, p);
  }
  return out;
}

/**
 * `getRemainingTimePerIndex`: an index's wait (ms) before its next pod: the pod-failure back-off
 * (`defaultBackoff · 2^(failures−1)`, capped) for the failures the replaced pod's index has seen, less the time
 * since that pod finished. 0 without a pod being replaced.
 */
export function getRemainingTimePerIndex(nowMs: number, defaultBackoffMs: number, maxBackoffMs: number, replaced: Pod | undefined, finishedMs: (p: Pod) => number): number {
  if (!replaced) return 0;
  return getRemainingTimeForFailuresCount(nowMs, defaultBackoffMs, maxBackoffMs, getIndexAbsoluteFailureCount(replaced) + 1, finishedMs(replaced));
}
