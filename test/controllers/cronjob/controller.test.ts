/**
 * The CronJob controller end to end through the Simulation: schedules in UTC and in a time zone, Job names and the
 * scheduled-timestamp annotation, status (active, lastScheduleTime, lastSuccessfulTime), concurrencyPolicy Allow /
 * Forbid / Replace, startingDeadlineSeconds after a suspension, missed schedules, history limits, upstream's events.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { defaultObject } from '../../../src/api/defaults.ts';
import { lookupKind } from '../../../src/api/kinds.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

/** The `hello` CronJob of the Kubernetes documentation (CC BY 4.0), with the given spec fields. */
function hello(spec: Record<string, unknown> = {}): KubeObject {
  return defaultObject(
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'hello', image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
        ...spec,
      },
    },
    lookupKind('batch/v1', 'CronJob')!,
  ) as KubeObject;
}

function sim(objects: KubeObject[], runForMs: number) {
  return new Simulation({ seed: 1, nodes: nodes(2), objects, behaviours: { behaviour: () => ({ imagePullMs: 0, startupMs: 0, runForMs }) } });
}

const cj = (s: Simulation) => s.store.get<CronJob>('CronJob', 'default', 'hello')!;
const events = (s: Simulation) => s.events.all.filter((e) => e.involvedObject.kind === 'CronJob').map((e) => `${e.reason}: ${e.message}`);
const jobNames = (s: Simulation) => s.store.list<Job>('Job').map((j) => j.metadata.name);
/** Minutes since the epoch of simulated minute `m` (the default epoch is 2026-01-05T00:00:00Z). */
const minute = (s: Simulation, m: number) => (s.clock.epochMs + m * 60_000) / 60_000;

describe('CronJob controller end to end', () => {
  it('creates <cronjob>-<minutes> at each schedule, 100 ms late, and keeps 3 successful Jobs', () => {
    const s = sim([hello()], 5_000);
    const created: number[] = [];
    s.store.watch<Job>('Job', (e) => {
      if (e.type === 'ADDED') created.push(s.nowMs);
    });
    s.until(6 * 60_000 + 30_000);
    expect(created).toEqual([1, 2, 3, 4, 5, 6].map((m) => m * 60_000 + 100));
    expect(jobNames(s)).toEqual([4, 5, 6].map((m) => `hello-${minute(s, m)}`));
    const j = s.store.get<Job>('Job', 'default', `hello-${minute(s, 6)}`)!;
    expect(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-05T00:06:00Z');
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    expect(j.spec?.backoffLimit).toBe(6);
    expect(cj(s).status?.lastScheduleTime).toBe('2026-01-05T00:06:00Z');
    expect(cj(s).status?.lastSuccessfulTime).toBe('2026-01-05T00:06:06Z');
    expect(cj(s).status?.active).toBeUndefined();
    expect(events(s).slice(0, 2)).toEqual([`SuccessfulCreate: Created job hello-${minute(s, 1)}`, `SawCompletedJob: Saw completed job: hello-${minute(s, 1)}, condition: Complete`]);
    expect(events(s)).toContain(`SuccessfulDelete: Deleted job hello-${minute(s, 1)}`);
  });

  it('timeZone: "0 2 * * *" in Europe/Berlin runs at 01:00Z in January; the annotation carries the zone offset', () => {
    const s = sim([hello({ schedule: '0 2 * * *', timeZone: 'Europe/Berlin' })], 5_000);
    s.until(61 * 60_000);
    expect(jobNames(s)).toEqual([`hello-${minute(s, 60)}`]);
    expect(s.store.list<Job>('Job')[0]!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-05T02:00:00+01:00');
  });

  it('Allow runs Jobs side by side; Forbid skips a schedule while one is active (JobAlreadyActive); Replace deletes it', () => {
    const allow = sim([hello({ successfulJobsHistoryLimit: 10 })], 150_000);
    allow.until(3 * 60_000 + 1_000);
    // Each runs 150 s: at 3:01 the Jobs of 1:00, 2:00 and 3:00 all run.
    expect(cj(allow).status?.active?.map((a) => a.name)).toEqual([1, 2, 3].map((m) => `hello-${minute(allow, m)}`));

    const forbid = sim([hello({ concurrencyPolicy: 'Forbid' })], 150_000);
    forbid.until(4 * 60_000 + 1_000);
    // 2:00 and 3:00 find the 1:00 Job running; when it completes (3:31) the most recent missed schedule, 3:00,
    // starts late (no startingDeadlineSeconds), and 4:00 finds that one running.
    expect(jobNames(forbid)).toEqual([1, 3].map((m) => `hello-${minute(forbid, m)}`));
    const third = forbid.store.get<Job>('Job', 'default', `hello-${minute(forbid, 3)}`)!;
    expect(forbid.clock.simMs(third.metadata.creationTimestamp!)).toBeGreaterThan(3 * 60_000 + 30_000);
    expect(third.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-05T00:03:00Z');
    const skipped = forbid.events.all.filter((e) => e.reason === 'JobAlreadyActive');
    expect(skipped.map((e) => e.message)).toEqual(['Not starting job because prior execution is running and concurrency policy is Forbid']);
    expect(skipped[0]!.count).toBe(3);

    const replace = sim([hello({ concurrencyPolicy: 'Replace' })], 150_000);
    replace.until(2 * 60_000 + 1_000);
    expect(jobNames(replace)).toEqual([`hello-${minute(replace, 2)}`]);
    expect(events(replace)).toContain(`SuccessfulDelete: Deleted job hello-${minute(replace, 1)}`);
  });

  it('after a suspension, only the most recent missed schedule starts, and only within startingDeadlineSeconds', () => {
    const late = sim([hello({ suspend: true, startingDeadlineSeconds: 30 })], 5_000);
    late.until(10 * 60_000 + 40_000);
    late.apply(hello({ suspend: false, startingDeadlineSeconds: 30 }));
    late.until(10 * 60_000 + 50_000);
    // 00:10 was missed by 40 s, beyond the 30 s deadline: the controller looks no further back than the deadline.
    expect(jobNames(late)).toEqual([]);
    expect(events(late)).toEqual([]);
    late.until(11 * 60_000 + 1_000);
    expect(jobNames(late)).toEqual([`hello-${minute(late, 11)}`]);

    const noDeadline = sim([hello({ suspend: true })], 5_000);
    noDeadline.until(10 * 60_000 + 40_000);
    noDeadline.apply(hello({ suspend: false }));
    noDeadline.until(10 * 60_000 + 41_000);
    expect(jobNames(noDeadline)).toEqual([`hello-${minute(noDeadline, 10)}`]);
  });

  it('more than 100 missed schedules: TooManyMissedTimes, and the most recent one still starts', () => {
    const s = sim([hello({ suspend: true })], 5_000);
    s.until(120 * 60_000 + 30_000);
    s.apply(hello({ suspend: false }));
    s.until(120 * 60_000 + 31_000);
    expect(events(s)[0]).toBe('TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(jobNames(s)).toEqual([`hello-${minute(s, 120)}`]);
  });

  it('failedJobsHistoryLimit 1 keeps only the latest failed Job', () => {
    const objects = [hello({ jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } } })];
    const s = new Simulation({ seed: 1, nodes: nodes(2), objects, behaviours: { behaviour: () => ({ imagePullMs: 0, startupMs: 0, runForMs: 5_000, exitCode: 1 }) } });
    s.until(4 * 60_000 + 30_000);
    expect(jobNames(s)).toEqual([`hello-${minute(s, 4)}`]);
    expect(events(s)).toContain(`SawCompletedJob: Saw completed job: hello-${minute(s, 1)}, condition: Failed`);
  });
});
