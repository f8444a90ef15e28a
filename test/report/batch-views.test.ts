/**
 * `kubectl get jobs` / `get cronjobs` rows and `kubectl describe job` / `describe cronjob`, as kubectl's printers
 * (printJob, printCronJob in pkg/printers/internalversion/printers.go) and describers lay them out.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { describeCronJob, describeJob } from '../../src/report/describe.ts';
import { getCronJobs, getJobs, jobStatus, printCronJob, printJob } from '../../src/report/kubectl.ts';

const epochMs = Date.parse('2026-01-05T00:00:00Z');
const clock = { epochMs, nowMs: 10 * 60_000 };
const meta = { name: 'pi', namespace: 'default', creationTimestamp: '2026-01-05T00:00:00Z' };

describe('printJob', () => {
  it.each([
    ['completions set, running', { completions: 6, parallelism: 2 }, { succeeded: 2, startTime: '2026-01-05T00:00:00Z' }, ['pi', 'Running', '2/6', '10m', '10m']],
    ['no completions, parallelism 1', { parallelism: 1 }, { succeeded: 0 }, ['pi', 'Running', '0/1', '', '10m']],
    ['no completions, parallelism 3', { parallelism: 3 }, { succeeded: 1 }, ['pi', 'Running', '1/1 of 3', '', '10m']],
    [
      'complete: duration from start to completion',
      { completions: 1 },
      { succeeded: 1, startTime: '2026-01-05T00:00:00Z', completionTime: '2026-01-05T00:02:05Z', conditions: [{ type: 'Complete', status: 'True' }] },
      ['pi', 'Complete', '1/1', '2m5s', '10m'],
    ],
  ] as const)('%s', (_name, spec, status, want) => {
    expect(printJob({ metadata: meta, spec: spec as Job['spec'], status: status as Job['status'] }, clock)).toEqual(want);
  });

  it('STATUS precedence: Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet, Running', () => {
    const withConds = (...types: string[]): Job => ({ metadata: meta, status: { conditions: types.map((type) => ({ type, status: 'True' })) } });
    expect(jobStatus(withConds('SuccessCriteriaMet', 'Complete'))).toBe('Complete');
    expect(jobStatus(withConds('FailureTarget', 'Failed'))).toBe('Failed');
    expect(jobStatus({ ...withConds('Suspended'), metadata: { ...meta, deletionTimestamp: '2026-01-05T00:01:00Z' } })).toBe('Terminating');
    expect(jobStatus(withConds('Suspended'))).toBe('Suspended');
    expect(jobStatus(withConds('FailureTarget'))).toBe('FailureTarget');
    expect(jobStatus(withConds('SuccessCriteriaMet'))).toBe('SuccessCriteriaMet');
    expect(jobStatus({ metadata: meta, status: { conditions: [{ type: 'Suspended', status: 'False' }] } })).toBe('Running');
  });

  it('prints the table with kubectl headers', () => {
    expect(getJobs([{ metadata: meta, spec: { completions: 6, template: {} as never }, status: { succeeded: 2 } }], clock)).toBe(
      'NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   2/6                      10m\n',
    );
  });
});

describe('printCronJob', () => {
  const cj: CronJob = {
    metadata: { ...meta, name: 'hello' },
    spec: { schedule: '0 2 * * *', timeZone: 'Europe/Berlin', suspend: false, jobTemplate: {} },
    status: { active: [{ name: 'hello-1' }], lastScheduleTime: '2026-01-05T00:09:00Z' },
  };
  it('NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
    expect(printCronJob(cj, clock)).toEqual(['hello', '0 2 * * *', 'Europe/Berlin', 'False', '1', '60s', '10m']);
    expect(printCronJob({ ...cj, spec: { schedule: '@hourly', jobTemplate: {} }, status: {} }, clock)).toEqual(['hello', '@hourly', '<none>', '<unset>', '0', '<none>', '10m']);
    expect(getCronJobs([cj], clock).split('\n')[0]).toBe('NAME    SCHEDULE    TIMEZONE        SUSPEND   ACTIVE   LAST SCHEDULE   AGE');
  });
});

describe('describe job / cronjob', () => {
  it('describeJob: counts, times, completed indexes', () => {
    const text = describeJob(
      {
        metadata: meta,
        spec: { parallelism: 2, completions: 4, completionMode: 'Indexed', suspend: false, backoffLimit: 6, activeDeadlineSeconds: 600, template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0' }] } } },
        status: { active: 1, ready: 1, succeeded: 3, failed: 1, completedIndexes: '0-2', startTime: '2026-01-05T00:00:00Z' },
      },
      [],
      clock,
    );
    expect(text).toContain('Completion Mode:          Indexed\n');
    expect(text).toContain('Active Deadline Seconds:  600s\n');
    expect(text).toContain('Pods Statuses:            1 Active (1 Ready) / 3 Succeeded / 1 Failed\n');
    expect(text).toContain('Completed Indexes:        0-2\n');
    expect(text).toContain('Start Time:               Mon, 05 Jan 2026 00:00:00 +0000\n');
  });

  it('describeCronJob: schedule, policies, last schedule, active jobs', () => {
    const text = describeCronJob(
      {
        metadata: { ...meta, name: 'hello' },
        spec: { schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: {} } } },
        status: { active: [{ name: 'hello-29459529' }], lastScheduleTime: '2026-01-05T00:09:00Z' },
      },
      [],
      clock,
    );
    expect(text).toContain('Concurrency Policy:            Forbid\n');
    expect(text).toContain('Starting Deadline Seconds:     <unset>\n');
    expect(text).toContain('Last Schedule Time:  Mon, 05 Jan 2026 00:09:00 +0000\n');
    expect(text).toContain('Active Jobs:         hello-29459529\n');
  });
});
