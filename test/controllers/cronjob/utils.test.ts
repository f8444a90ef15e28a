/**
 * The CronJob controller's schedule arithmetic with the rows of upstream `TestMostRecentScheduleTime` and
 * `TestNextScheduleTimeDuration` (pkg/controller/cronjob/utils_test.go), inputs and expectations unchanged: the
 * reference time is 2016-05-19T10:00:00Z (a Thursday).
 */
import { describe, expect, it } from 'vitest';
import { parseStandard } from '../../../src/api/cron.ts';
import { parseRfc3339 } from '../../../src/cluster/time.ts';
import { getJobName, mostRecentScheduleTime, nextScheduleDelta, nextScheduleTimeDuration, type MissedSchedules, type ScheduleInputs } from '../../../src/controllers/cronjob/utils.ts';

const top = parseRfc3339('2016-05-19T10:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const at = (d: number) => top + d;

interface Row {
  name: string;
  schedule: string;
  cj: ScheduleInputs;
  includeSDS?: boolean;
  now: number;
  expectedEarliestTime?: number;
  expectedRecentTime: number | undefined;
  expectedTooManyMissed?: MissedSchedules;
  wantErr?: boolean;
}

const rows: Row[] = [
  { name: 'now before next schedule', schedule: '0 * * * *', cj: { creationMs: top }, now: at(30 * S), expectedRecentTime: undefined, expectedEarliestTime: top },
  { name: 'now just after next schedule', schedule: '0 * * * *', cj: { creationMs: top }, now: at(61 * M), expectedRecentTime: at(60 * M), expectedEarliestTime: top },
  { name: 'missed 5 schedules', schedule: '0 * * * *', cj: { creationMs: at(10 * S) }, now: at(301 * M), expectedRecentTime: at(300 * M), expectedEarliestTime: at(10 * S), expectedTooManyMissed: 'fewMissed' },
  {
    name: 'complex schedule', schedule: '30 6-16/4 * * 1-5', cj: { creationMs: top, lastScheduleMs: at(30 * M) },
    now: at(24 * H + 31 * M), expectedRecentTime: at(24 * H + 30 * M), expectedEarliestTime: at(30 * M), expectedTooManyMissed: 'fewMissed',
  },
  {
    name: 'another complex schedule', schedule: '30 10,11,12 * * 1-5', cj: { creationMs: top, lastScheduleMs: at(30 * M) },
    now: at(30 * H + 30 * M), expectedRecentTime: undefined, expectedEarliestTime: at(30 * M), expectedTooManyMissed: 'fewMissed',
  },
  {
    name: 'complex schedule with longer diff between executions', schedule: '30 6-16/4 * * 1-5', cj: { creationMs: top, lastScheduleMs: at(30 * M) },
    now: at(96 * H + 31 * M), expectedRecentTime: at(96 * H + 30 * M), expectedEarliestTime: at(30 * M), expectedTooManyMissed: 'fewMissed',
  },
  {
    name: 'complex schedule with shorter diff between executions', schedule: '30 6-16/4 * * 1-5', cj: { creationMs: top },
    now: at(24 * H + 31 * M), expectedRecentTime: at(24 * H + 30 * M), expectedEarliestTime: top, expectedTooManyMissed: 'fewMissed',
  },
  {
    name: '@every schedule', schedule: '@every 1h', cj: { creationMs: at(-59 * M), startingDeadlineSeconds: 10, lastScheduleMs: at(1 * M) },
    now: at(7 * 24 * H), expectedRecentTime: at(6 * 24 * H + 23 * H + 1 * M), expectedEarliestTime: at(1 * M), expectedTooManyMissed: 'manyMissed',
  },
  { name: 'rogue cronjob', schedule: '59 23 31 2 *', cj: { creationMs: at(10 * S) }, now: at(1 * H), expectedRecentTime: undefined, wantErr: true },
  {
    name: 'earliestTime being CreationTimestamp and LastScheduleTime', schedule: '0 * * * *', cj: { creationMs: top, lastScheduleMs: top },
    now: at(30 * S), expectedEarliestTime: top, expectedRecentTime: undefined,
  },
  { name: 'earliestTime being LastScheduleTime', schedule: '*/5 * * * *', cj: { creationMs: top, lastScheduleMs: at(30 * M) }, now: at(31 * M), expectedEarliestTime: at(30 * M), expectedRecentTime: undefined },
  {
    name: 'earliestTime being LastScheduleTime (within StartingDeadlineSeconds)', schedule: '*/5 * * * *', cj: { creationMs: top, startingDeadlineSeconds: 60, lastScheduleMs: at(30 * M) },
    now: at(31 * M), expectedEarliestTime: at(30 * M), expectedRecentTime: undefined,
  },
  {
    name: 'earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)', schedule: '*/5 * * * *', cj: { creationMs: top, startingDeadlineSeconds: 60, lastScheduleMs: at(30 * M) },
    includeSDS: true, now: at(32 * M), expectedEarliestTime: at(31 * M), expectedRecentTime: undefined,
  },
];

describe('mostRecentScheduleTime (upstream TestMostRecentScheduleTime)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, tt) => {
    const got = mostRecentScheduleTime(tt.cj, tt.now, parseStandard(tt.schedule), tt.includeSDS ?? false);
    if (tt.wantErr) {
      expect(got.error).toBeDefined();
      return;
    }
    expect(got.error).toBeUndefined();
    expect(got.earliestMs).toBe(tt.expectedEarliestTime);
    expect(got.mostRecentMs).toBe(tt.expectedRecentTime);
    expect(got.missed).toBe(tt.expectedTooManyMissed ?? 'noneMissed');
  });
});

describe('nextScheduleTimeDuration (upstream TestNextScheduleTimeDuration)', () => {
  it.each([
    ['complex schedule skipping weekend', '30 6-16/4 * * 1-5', { creationMs: top, lastScheduleMs: at(30 * M) }, at(24 * H + 31 * M), 3 * H + 59 * M + nextScheduleDelta],
    ['another complex schedule skipping weekend', '30 10,11,12 * * 1-5', { creationMs: top, lastScheduleMs: at(30 * M) }, at(30 * H + 30 * M), 66 * H + nextScheduleDelta],
    ['once a week cronjob, missed two runs', '0 12 * * 4', { creationMs: top, lastScheduleMs: at(2 * H) }, at(19 * 24 * H + 1 * H + 30 * M), 48 * H + 30 * M + nextScheduleDelta],
    ['no previous run of a cronjob', '0 12 * * 5', { creationMs: top }, at(6 * H), 20 * H + nextScheduleDelta],
  ] as const)('%s', (_name, schedule, cj, now, expected) => {
    expect(nextScheduleTimeDuration(cj, now, parseStandard(schedule))).toBe(expected);
  });
});

describe('getJobName', () => {
  it('is <cronjob>-<scheduled time in minutes since the epoch>', () => {
    expect(getJobName('hello', top)).toBe(`hello-${top / 60_000}`);
    expect(getJobName('hello', parseRfc3339('2026-01-05T02:00:00Z'))).toBe('hello-29459640');
  });
});
