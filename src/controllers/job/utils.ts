/**
 * The Job controller's arithmetic, ported from `pkg/controller/job/job_controller.go` and `indexed_job_utils.go`:
 * how many pods a Job wants active (`wantActive` of `manageJob`), which pods count as failed or terminating, the
 * OnFailure restart budget (`pastBackoffLimitOnFailure`), and the completion indexes of Indexed Jobs with their
 * text form (`"1,3-5,7"`). Pure functions of the Job and its pods.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';

/** `batch.JobCompletionIndexAnnotation` (also the label of the same name, `PodIndexLabel`). */
export const JobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
/** `batch.JobTrackingFinalizer`: a pod keeps it until the controller has counted it. */
export const JobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
/** The env var of an Indexed Job's containers (`addCompletionIndexEnvVariables`). */
export const JobCompletionIndexEnvName = 'JOB_COMPLETION_INDEX';
/** `MaxPodCreateDeletePerSync`. */
export const MaxPodCreateDeletePerSync = 500;
/** `DefaultJobPodFailureBackOff`: 10 s, doubled per consecutive failure. */
export const DefaultJobPodFailureBackOff = 10_000;
/** `MaxJobPodFailureBackOff`: 10 min. */
export const MaxJobPodFailureBackOff = 600_000;
/** `syncJobBatchPeriod`: pod events coalesce for 1 s before a sync; a delayed sync waits at least this. */
export const SyncJobBatchPeriod = 1_000;

/** `unknownCompletionIndex`. */
export const unknownCompletionIndex = -1;

/** `isIndexedJob`. */
export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** `jobSuspended`. */
export function jobSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/** `onlyReplaceFailedPods`: podReplacementPolicy Failed, which a podFailurePolicy implies. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

/**
 * `isPodFailed`: phase Failed; or, unless only failed pods are replaced, deleted before it succeeded (an orphan that
 * never reaches Failed still counts).
 */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** `controller.CountTerminatingPods`: deleted and not yet in a terminal phase. */
export function isPodTerminating(p: Pod): boolean {
  return !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
}

/** `hasJobTrackingFinalizer`. */
export function hasJobTrackingFinalizer(p: Pod): boolean {
  return (p.metadata?.finalizers ?? []).includes(JobTrackingFinalizer);
}

/**
 * The `wantActive` of `manageJob`. Without completions: parallelism until the first success, then whatever runs.
 * With completions: the remaining completions, at most parallelism, never negative.
 * Example: completions 10, parallelism 4, 8 succeeded → min(10 − 8, 4) = 2.
 */
export function wantActive(job: Job, active: number, succeeded: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/**
 * `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, the container restarts of the running and pending pods
 * reach backoffLimit (any restart at all when the limit is 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let result = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) result += s.restartCount;
    for (const s of p.status?.containerStatuses ?? []) result += s.restartCount;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? result > 0 : result >= limit;
}

/** `getCompletionIndex`: the annotation as a non-negative integer, else {@link unknownCompletionIndex}. */
export function getCompletionIndex(annotations: Readonly<Record<string, string>> | undefined): number {
  const v = annotations?.[JobCompletionIndexAnnotation];
  if (v === undefined || !/^\d+$/.test(v)) return unknownCompletionIndex;
  const n = Number(v);
  return n > 2_147_483_647 ? unknownCompletionIndex : n;
}

/** `interval`: a run of consecutive indexes `first..last`. */
export interface Interval {
  first: number;
  last: number;
}

/** `orderedIntervals.String`: `"1,3-5,7"`; a run of two prints as `"1,2"`. */
export function formatIntervals(intervals: readonly Interval[]): string {
  const parts: string[] = [];
  for (const v of intervals) {
    if (v.last === v.first) parts.push(String(v.first));
    else if (v.last === v.first + 1) parts.push(`${v.first},${v.last}`);
    else parts.push(`${v.first}-${v.last}`);
  }
  return parts.join(',');
}

/** `parseIndexesFromString`: `"1,3-5,7"` → intervals, dropping indexes ≥ completions (and malformed parts). */
export function parseIndexesFromString(text: string | undefined, completions: number): Interval[] {
  const out: Interval[] = [];
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    let last = m[2] !== undefined ? Number(m[2]) : first;
    if (first >= completions || last < first) continue;
    last = Math.min(last, completions - 1);
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 >= first) prev.last = Math.max(prev.last, last);
    else out.push({ first, last });
  }
  return out;
}

/** `orderedIntervals.withOrderedIndexes`: the union with new indexes (any order, duplicates ignored). */
export function withOrderedIndexes(intervals: readonly Interval[], newIndexes: readonly number[]): Interval[] {
  const all = new Set<number>(newIndexes);
  for (const v of intervals) for (let i = v.first; i <= v.last; i++) all.add(i);
  const sorted = [...all].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (const i of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 === i) prev.last = i;
    else out.push({ first: i, last: i });
  }
  return out;
}

/** `orderedIntervals.total`. */
export function totalIndexes(intervals: readonly Interval[]): number {
  let n = 0;
  for (const v of intervals) n += v.last - v.first + 1;
  return n;
}

/** `orderedIntervals.has`. */
export function hasIndex(intervals: readonly Interval[], ix: number): boolean {
  return intervals.some((v) => v.first <= ix && ix <= v.last);
}

/**
 * `firstPendingIndexes`: the lowest `count` indexes below `completions` that have neither succeeded nor an active
 * pod. Example: completions 5, succeeded "0,2", active index 1, count 2 → [3, 4].
 */
export function firstPendingIndexes(succeeded: readonly Interval[], activeIndexes: ReadonlySet<number>, count: number, completions: number): number[] {
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) {
    if (!hasIndex(succeeded, ix) && !activeIndexes.has(ix)) out.push(ix);
  }
  return out;
}

/** `podGenerateNameWithIndex`: `<job>-<index>-`, the job name shortened so the whole stays within 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendIndex = `-${index}-`;
  const maxGeneratedNameLength = 58;
  const base = jobName.length + appendIndex.length > maxGeneratedNameLength ? jobName.slice(0, maxGeneratedNameLength - appendIndex.length) : jobName;
  return `${base}${appendIndex}`;
}

/** `findConditionByType`. */
export function findConditionByType(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** `IsJobFinished`: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}
