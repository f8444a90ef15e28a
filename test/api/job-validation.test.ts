/**
 * batch/v1 Job validation, the cases of upstream `TestValidateJob` (pkg/apis/batch/validation/validation_test.go)
 * that do not depend on the API server's generated selector: each named by upstream's expected
 * `field: message`, with upstream's inputs.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadManifests } from '../../src/api/index.ts';

function job(spec: Record<string, unknown>, restartPolicy: string | null = 'OnFailure') {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'myjob', namespace: 'default' },
    spec: { template: { spec: { ...(restartPolicy !== null ? { restartPolicy } : {}), containers: [{ name: 'abc', image: 'image' }] } }, ...spec },
  };
}

function errorsOf(o: unknown): string[] {
  return loadManifests([{ file: 'job.yaml', text: stringify(o) }]).errors.filter((e) => !e.warning).map((e) => `${e.field}: ${e.type} ${e.detail}`);
}

describe('Job validation (upstream TestValidateJob)', () => {
  it.each([
    ['spec.completions: Required value: when completion mode is Indexed', job({ completionMode: 'Indexed' }), 'spec.completions: Required when completion mode is Indexed'],
    [
      'spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed',
      job({ completionMode: 'Indexed', completions: 2, parallelism: 100001 }),
      'spec.parallelism: Invalid must be less than or equal to 100000 when completion mode is Indexed',
    ],
    ['spec.ttlSecondsAfterFinished: must be greater than or equal to 0', job({ ttlSecondsAfterFinished: -1 }), 'spec.ttlSecondsAfterFinished: Invalid must be greater than or equal to 0'],
    ['spec.template.spec.restartPolicy: Unsupported value', job({}, 'Invalid'), 'spec.template.spec.restartPolicy: NotSupported '],
    ['spec.parallelism: must be greater than or equal to 0', job({ parallelism: -1 }), 'spec.parallelism: Invalid must be greater than or equal to 0'],
    ['spec.completions: must be greater than or equal to 0', job({ completions: -1 }), 'spec.completions: Invalid must be greater than or equal to 0'],
    ['spec.activeDeadlineSeconds: must be greater than or equal to 0', job({ activeDeadlineSeconds: -1 }), 'spec.activeDeadlineSeconds: Invalid must be greater than or equal to 0'],
  ])('%s', (_name, o, want) => {
    expect(errorsOf(o)).toContain(want);
  });

  it('kubesim differs: restartPolicy Always is refused as the API server refuses it, and a missing one is Required (no defaulting of Jobs)', () => {
    expect(errorsOf(job({}, 'Always'))).toContain('spec.template.spec.restartPolicy: NotSupported ');
    expect(errorsOf(job({}, null))).toContain('spec.template.spec.restartPolicy: Required ');
  });

  it('accepts a valid Indexed Job', () => {
    expect(errorsOf(job({ completionMode: 'Indexed', completions: 100000, parallelism: 8 }, 'Never'))).toEqual([]);
  });
});

function cronJob(spec: Record<string, unknown>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } }, ...spec },
  };
}

describe('CronJob validation (upstream validateCronJobSpec)', () => {
  it.each([
    ['a schedule robfig refuses', { schedule: '61 * * * *' }, 'spec.schedule: Invalid end of range (61) above maximum (59): 61'],
    ['TZ in the schedule', { schedule: 'TZ=UTC 0 * * * *' }, 'spec.schedule: Invalid cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'spec.timeZone: Invalid unknown time zone Mars/Olympus'],
    ['timeZone Local', { timeZone: 'Local' }, 'spec.timeZone: Invalid timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['an unknown concurrency policy', { concurrencyPolicy: 'Sometimes' }, 'spec.concurrencyPolicy: NotSupported '],
    ['a negative starting deadline', { startingDeadlineSeconds: -1 }, 'spec.startingDeadlineSeconds: Invalid must be greater than or equal to 0'],
    ['a negative history limit', { successfulJobsHistoryLimit: -1 }, 'spec.successfulJobsHistoryLimit: Invalid must be greater than or equal to 0'],
    ['restartPolicy Always in the job template', { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'a', image: 'b' }] } } } } }, 'spec.jobTemplate.spec.template.spec.restartPolicy: NotSupported '],
  ])('%s', (_name, spec, want) => {
    expect(errorsOf(cronJob(spec))).toContain(want);
  });

  it('accepts the Kubernetes documentation example with a time zone', () => {
    expect(errorsOf(cronJob({ timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid' }))).toEqual([]);
  });
});

describe('the Kubernetes documentation examples', () => {
  it.each(['job.yaml', 'cronjob.yaml'])('scenarios/manifests/k8s-docs/%s loads valid and simulated', (file) => {
    const text = readFileSync(join(import.meta.dirname, '../../scenarios/manifests/k8s-docs', file), 'utf8');
    const r = loadManifests([{ file, text }]);
    expect(r.errors.filter((e) => !e.warning)).toEqual([]);
    expect(r.objects.map((o) => o.simulated)).toEqual([true]);
  });
});
