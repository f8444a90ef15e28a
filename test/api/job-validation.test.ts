/**
 * batch/v1 Job validation, the cases of upstream `TestValidateJob` (pkg/apis/batch/validation/validation_test.go)
 * that do not depend on the API server's generated selector: each named by upstream's expected
 * `field: message`, with upstream's inputs.
 */
import { describe, expect, it } from 'vitest';
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
