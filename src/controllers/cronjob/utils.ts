/**
 * The CronJob controller's time arithmetic, ported from `pkg/controller/cronjob/utils.go`: the most recent missed
 * schedule (`mostRecentScheduleTime`, with the "more than 100 missed" rule), the next schedule to start
 * (`nextScheduleTime`), when to look again (`nextScheduleTimeDuration`, 100 ms past the next schedule), and the Job
 * name `<cronjob>-<scheduled time in minutes>`. Times are Unix ms.
 */
import type { CronSchedule } from '../../api/cron.ts';

/** `missedSchedulesType`. */
export type MissedSchedules = 'noneMissed' | 'fewMissed' | 'manyMissed';

/** `nextScheduleDelta`: requeue 100 ms after the schedule, for clock skew. */
export const nextScheduleDelta = 100;

/** What `mostRecentScheduleTime` reads of a CronJob, as Unix ms. */
export interface ScheduleInputs {
  creationMs: number;
  lastScheduleMs?: number;
  startingDeadlineSeconds?: number;
}

export interface MostRecent {
  earliestMs: number;
  mostRecentMs: number | undefined;
  missed: MissedSchedules;
  /** Set for a schedule that never fires twice a second apart (`59 23 31 2 *`). */
  error?: string;
}

/**
 * `mostRecentScheduleTime`: from the last schedule time (else creation, else the starting deadline when later),
 * the latest schedule not after `now`, found by counting intervals of the first two schedules (t2 − t1) and
 * stepping from one interval before the estimate; more than 100 missed schedules is `manyMissed`.
 * Example: hourly, last scheduled 10:00, now 13:30 → t1 11:00, t2 12:00, 3 missed, most recent 13:00.
 */
export function mostRecentScheduleTime(cj: ScheduleInputs, nowMs: number, schedule: CronSchedule, includeStartingDeadlineSeconds: boolean): MostRecent {
  let earliestMs = cj.lastScheduleMs ?? cj.creationMs;
  let missed: MissedSchedules = 'noneMissed';
  if (includeStartingDeadlineSeconds && cj.startingDeadlineSeconds !== undefined) {
    const schedulingDeadline = nowMs - cj.startingDeadlineSeconds * 1000;
    if (schedulingDeadline > earliestMs) earliestMs = schedulingDeadline;
  }
  const t1 = schedule.next(earliestMs);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && nowMs < t1) return { earliestMs, mostRecentMs: undefined, missed };
  if (t1 !== undefined && t2 !== undefined && nowMs < t2) return { earliestMs, mostRecentMs: t1, missed };
  // Go's Round(time.Second).Seconds() of t2 − t1; a schedule that never fires (robfig's zero time) gives 0.
  const timeBetweenTwoSchedules = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || timeBetweenTwoSchedules < 1) return { earliestMs, mostRecentMs: undefined, missed, error: 'time difference between two schedules is less than 1 second' };
  const timeElapsed = Math.trunc((nowMs - t1) / 1000);
  const numberOfMissedSchedules = Math.trunc(timeElapsed / timeBetweenTwoSchedules) + 1;
  const potentialEarliest = t1 + (numberOfMissedSchedules - 1 - 1) * timeBetweenTwoSchedules * 1000;
  let mostRecentMs: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecentMs = t;
  if (numberOfMissedSchedules > 100) missed = 'manyMissed';
  else if (numberOfMissedSchedules > 0) missed = 'fewMissed';
  return { earliestMs, mostRecentMs, missed };
}

/**
 * `nextScheduleTime`: the schedule to start now (undefined when none is due), honouring startingDeadlineSeconds;
 * `manyMissed` is reported so the caller records `TooManyMissedTimes`.
 */
export function nextScheduleTime(cj: ScheduleInputs, nowMs: number, schedule: CronSchedule): { scheduledMs: number | undefined; manyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, true);
  if (r.mostRecentMs === undefined || r.mostRecentMs > nowMs) return { scheduledMs: undefined, manyMissed: false, ...(r.error ? { error: r.error } : {}) };
  return { scheduledMs: r.mostRecentMs, manyMissed: r.missed === 'manyMissed' };
}

/**
 * `nextScheduleTimeDuration`: how long until 100 ms past the next schedule after the most recent one (after now,
 * when schedules were missed or the schedule is invalid). Undefined when the schedule never fires again.
 */
export function nextScheduleTimeDuration(cj: ScheduleInputs, nowMs: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, false);
  let mostRecent: number;
  if (r.error !== undefined) mostRecent = nowMs;
  else if (r.mostRecentMs === undefined) mostRecent = r.missed === 'noneMissed' ? r.earliestMs : nowMs;
  else mostRecent = r.mostRecentMs;
  const next = schedule.next(mostRecent);
  return next === undefined ? undefined : next + nextScheduleDelta - nowMs;
}

/** `getJobName`: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function getJobName(cronJobName: string, scheduledUnixMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledUnixMs / 60_000)}`;
}
