/**
 * One `syncJob` on a fixture, rows of upstream `TestControllerSyncJob` (pkg/controller/job/job_controller_test.go)
 * with upstream's inputs and expectations. kubesim runs the current release's gates (JobPodReplacementPolicy,
 * JobManagedBy, JobSuccessPolicy on), so `terminating` is compared only where upstream's row expects a value, and a
 * terminal condition may be preceded by its interim FailureTarget / SuccessCriteriaMet; rows that need a fake API
 * error, a pod-creation limit or pending expectations have no counterpart here (creations never fail).
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultJob } from '../../../src/api/defaults.ts';
import { createControllerContext } from '../../../src/controllers/context.ts';
import { JobController } from '../../../src/controllers/job/controller.ts';
import { JobCompletionIndexAnnotation, JobTrackingFinalizer } from '../../../src/controllers/job/utils.ts';

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

interface Row {
  parallelism: number;
  /** −1: unset (a work-queue Job). */
  completions: number;
  backoffLimit?: number;
  completionMode?: 'Indexed';
  suspend?: boolean;
  wasSuspended?: boolean;
  deleting?: boolean;
  podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed';
  pendingPods?: number;
  activePods?: number;
  succeededPods?: number;
  failedPods?: number;
  terminatingPods?: number;
  readyPods?: number;
  podsWithIndexes?: [string, Phase][];
  initialStatus?: { active?: number; succeed?: number; failed?: number; conditions?: JobCondition[] };
  expectedCreations?: number;
  expectedDeletions?: number;
  expectedActive?: number;
  expectedSucceeded?: number;
  expectedFailed?: number;
  expectedReady?: number;
  expectedTerminating?: number;
  expectedCompletedIdxs?: string;
  expectedCreatedIndexes?: number[];
  expectedConditions?: { type: string; status: string; reason?: string; message?: string }[];
}

const limitMsg = 'Job has reached the specified backoff limit';

const rows: Record<string, Row> = {
  'job start': { parallelism: 2, completions: 5, backoffLimit: 6, expectedCreations: 2, expectedActive: 2, expectedReady: 0 },
  'WQ job start': { parallelism: 2, completions: -1, backoffLimit: 6, expectedCreations: 2, expectedActive: 2, expectedReady: 0 },
  'pending pods': { parallelism: 2, completions: 5, backoffLimit: 6, pendingPods: 2, expectedActive: 2, expectedReady: 0 },
  'correct # of pods': { parallelism: 3, completions: 5, backoffLimit: 6, activePods: 3, readyPods: 2, expectedActive: 3, expectedReady: 2 },
  'WQ job: correct # of pods': { parallelism: 2, completions: -1, backoffLimit: 6, activePods: 2, expectedActive: 2, expectedReady: 0 },
  'too few active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, succeededPods: 1, expectedCreations: 1, expectedActive: 2, expectedSucceeded: 1, expectedReady: 0 },
  'WQ job: recreate pods when failed': {
    parallelism: 1, completions: -1, backoffLimit: 6, activePods: 1, failedPods: 1, podReplacementPolicy: 'Failed', terminatingPods: 1,
    expectedTerminating: 1, expectedReady: 0, expectedFailed: 1, expectedActive: 1,
  },
  'WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy': {
    parallelism: 1, completions: 1, backoffLimit: 6, activePods: 1, failedPods: 1, terminatingPods: 1,
    expectedTerminating: 1, expectedReady: 0, expectedActive: 1, expectedFailed: 2,
  },
  'WQ job: recreate pods when terminating or failed': {
    parallelism: 1, completions: -1, backoffLimit: 6, activePods: 1, failedPods: 1, podReplacementPolicy: 'TerminatingOrFailed', terminatingPods: 1,
    expectedTerminating: 1, expectedReady: 0, expectedActive: 1, expectedFailed: 2,
  },
  'more terminating pods than parallelism': {
    parallelism: 1, completions: 1, backoffLimit: 6, activePods: 2, failedPods: 0, terminatingPods: 4, podReplacementPolicy: 'Failed',
    expectedTerminating: 5, expectedReady: 0, expectedActive: 1, expectedDeletions: 1,
  },
  'too few active pods with a dynamic job': { parallelism: 2, completions: -1, backoffLimit: 6, activePods: 1, expectedCreations: 1, expectedActive: 2, expectedReady: 0 },
  'too many active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 3, expectedDeletions: 1, expectedActive: 2, expectedReady: 0 },
  'too many active pods; PodReplacementPolicy enabled': {
    parallelism: 2, completions: 5, backoffLimit: 6, activePods: 3, expectedDeletions: 1, expectedActive: 2, expectedReady: 0, expectedTerminating: 1,
  },
  'count ready pods when too many active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 3, readyPods: 3, expectedDeletions: 1, expectedActive: 2, expectedReady: 2 },
  'failed + succeed pods: reset backoff delay': {
    parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, succeededPods: 1, failedPods: 1,
    expectedCreations: 1, expectedActive: 2, expectedSucceeded: 1, expectedFailed: 1, expectedReady: 0,
  },
  'new failed pod': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, failedPods: 1, expectedCreations: 1, expectedActive: 2, expectedFailed: 1, expectedReady: 0 },
  'no new pod; possible finalizer update of failed pod': {
    parallelism: 1, completions: 1, backoffLimit: 6, initialStatus: { active: 1, succeed: 0, failed: 1 }, activePods: 1, failedPods: 0,
    expectedCreations: 0, expectedActive: 1, expectedFailed: 1, expectedReady: 0,
  },
  'job finish': { parallelism: 2, completions: 5, backoffLimit: 6, succeededPods: 5, expectedSucceeded: 5, expectedConditions: [{ type: 'Complete', status: 'True' }], expectedReady: 0 },
  'WQ job finishing': { parallelism: 2, completions: -1, backoffLimit: 6, activePods: 1, succeededPods: 1, expectedActive: 1, expectedSucceeded: 1, expectedReady: 0 },
  'WQ job all finished': { parallelism: 2, completions: -1, backoffLimit: 6, succeededPods: 2, expectedSucceeded: 2, expectedConditions: [{ type: 'Complete', status: 'True' }], expectedReady: 0 },
  'WQ job all finished despite one failure': {
    parallelism: 2, completions: -1, backoffLimit: 6, succeededPods: 1, failedPods: 1, expectedSucceeded: 1, expectedFailed: 1, expectedConditions: [{ type: 'Complete', status: 'True' }], expectedReady: 0,
  },
  'more active pods than parallelism': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 10, expectedDeletions: 8, expectedActive: 2, expectedReady: 0 },
  'more active pods than remaining completions': {
    parallelism: 3, completions: 4, backoffLimit: 6, activePods: 3, succeededPods: 2, expectedDeletions: 1, expectedActive: 2, expectedSucceeded: 2, expectedReady: 0,
  },
  'status change': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 2, succeededPods: 2, expectedActive: 2, expectedSucceeded: 2, expectedReady: 0 },
  'deleting job': { parallelism: 2, completions: 5, backoffLimit: 6, deleting: true, pendingPods: 1, activePods: 1, succeededPods: 1, expectedActive: 2, expectedSucceeded: 1, expectedReady: 0 },
  'too many job failures': {
    parallelism: 2, completions: 5, deleting: true, failedPods: 1, expectedFailed: 1,
    expectedConditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: limitMsg }], expectedReady: 0,
  },
  'indexed job start': { parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'Indexed', expectedCreations: 2, expectedActive: 2, expectedCreatedIndexes: [0, 1], expectedReady: 0 },
  'indexed job with some pods deleted, podReplacementPolicy Failed': {
    parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'Indexed', expectedCreations: 1, expectedActive: 1, expectedCreatedIndexes: [0],
    podReplacementPolicy: 'Failed', terminatingPods: 1, expectedTerminating: 1, expectedReady: 0,
  },
  'indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed': {
    parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'Indexed', expectedCreations: 2, expectedActive: 2, expectedCreatedIndexes: [0, 1],
    podReplacementPolicy: 'TerminatingOrFailed', terminatingPods: 1, expectedTerminating: 1, expectedReady: 0,
  },
  'indexed job completed': {
    parallelism: 2, completions: 3, backoffLimit: 6, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['1', 'Succeeded'], ['2', 'Succeeded']],
    expectedSucceeded: 3, expectedFailed: 1, expectedCompletedIdxs: '0-2', expectedConditions: [{ type: 'Complete', status: 'True' }], expectedReady: 0,
  },
  'indexed job failed': {
    parallelism: 2, completions: 3, backoffLimit: 0, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']],
    expectedSucceeded: 1, expectedFailed: 2, expectedCompletedIdxs: '0',
    expectedConditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: limitMsg }], expectedReady: 0, expectedDeletions: 1,
  },
  'count terminating pods when indexed job fails and PodReplacementPolicy enabled': {
    parallelism: 2, completions: 3, backoffLimit: 0, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']],
    expectedSucceeded: 1, expectedFailed: 2, expectedCompletedIdxs: '0',
    expectedConditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: limitMsg }], expectedReady: 0, expectedDeletions: 1, expectedTerminating: 1,
  },
  'count ready pods when job fails': {
    parallelism: 2, completions: 3, backoffLimit: 0, activePods: 2, readyPods: 2, failedPods: 1, expectedFailed: 3,
    expectedConditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: limitMsg }], expectedReady: 0, expectedDeletions: 2,
  },
  'indexed job repeated completed index': {
    parallelism: 2, completions: 3, backoffLimit: 6, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Succeeded'], ['1', 'Succeeded']],
    expectedCreations: 1, expectedActive: 1, expectedSucceeded: 2, expectedCompletedIdxs: '0,1', expectedCreatedIndexes: [2], expectedReady: 0,
  },
  'indexed job some running and completed pods': {
    parallelism: 8, completions: 20, backoffLimit: 6, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Running'], ['2', 'Succeeded'], ['3', 'Pending'], ['4', 'Succeeded'], ['5', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded'], ['9', 'Succeeded']],
    expectedCreations: 6, expectedActive: 8, expectedSucceeded: 6, expectedCompletedIdxs: '2,4,5,7-9', expectedCreatedIndexes: [1, 6, 10, 11, 12, 13], expectedReady: 0,
  },
  'indexed job some failed pods': {
    parallelism: 3, completions: 4, backoffLimit: 6, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Failed'], ['1', 'Pending'], ['2', 'Failed']],
    expectedCreations: 2, expectedActive: 3, expectedFailed: 2, expectedCreatedIndexes: [0, 2], expectedReady: 0,
  },
  'indexed job some pods without index': {
    parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'Indexed', activePods: 1, succeededPods: 1, failedPods: 1,
    podsWithIndexes: [['invalid', 'Running'], ['invalid', 'Succeeded'], ['invalid', 'Failed'], ['invalid', 'Pending'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running']],
    expectedDeletions: 3, expectedActive: 2, expectedSucceeded: 1, expectedFailed: 0, expectedCompletedIdxs: '0', expectedReady: 0,
  },
  'indexed job repeated indexes': {
    parallelism: 5, completions: 5, backoffLimit: 6, completionMode: 'Indexed', succeededPods: 1, failedPods: 1,
    podsWithIndexes: [['invalid', 'Running'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running'], ['2', 'Pending']],
    expectedCreations: 0, expectedDeletions: 2, expectedActive: 2, expectedSucceeded: 1, expectedCompletedIdxs: '0', expectedReady: 0,
  },
  'indexed job with indexes outside of range': {
    parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['5', 'Running'], ['6', 'Succeeded'], ['7', 'Pending'], ['8', 'Failed']],
    expectedCreations: 0, expectedSucceeded: 1, expectedDeletions: 2, expectedCompletedIdxs: '0', expectedActive: 0, expectedFailed: 0, expectedReady: 0,
  },
  'suspending a job with satisfied expectations; PodReplacementPolicy enabled': {
    suspend: true, parallelism: 2, activePods: 2, completions: 4, backoffLimit: 6, expectedCreations: 0, expectedDeletions: 2, expectedActive: 0,
    expectedConditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }], expectedReady: 0, expectedTerminating: 2,
  },
  'count ready pods when suspending a job with satisfied expectations': {
    suspend: true, parallelism: 2, activePods: 2, readyPods: 2, completions: 4, backoffLimit: 6, expectedCreations: 0, expectedDeletions: 2, expectedActive: 0,
    expectedConditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }], expectedReady: 0,
  },
  'resuming a suspended job': {
    wasSuspended: true, suspend: false, parallelism: 2, completions: 4, backoffLimit: 6, expectedCreations: 2, expectedDeletions: 0, expectedActive: 2,
    expectedConditions: [{ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }], expectedReady: 0,
  },
  'suspending a deleted job; PodReplacementPolicy enabled': {
    suspend: true, deleting: true, parallelism: 2, activePods: 2, completions: 4, backoffLimit: 6, expectedCreations: 0, expectedDeletions: 0, expectedActive: 2, expectedReady: 0, expectedTerminating: 0,
  },
  'FailureTarget=False condition added manually is ignored': {
    parallelism: 1, completions: 1, backoffLimit: 6, activePods: 1, readyPods: 1,
    initialStatus: { active: 1, conditions: [{ type: 'FailureTarget', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }] },
    expectedActive: 1, expectedReady: 1, expectedConditions: [{ type: 'FailureTarget', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
  },
  'backoff limit exceeded; JobManagedBy enabled': {
    parallelism: 2, completions: 3, backoffLimit: 0, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']],
    expectedSucceeded: 1, expectedFailed: 2, expectedCompletedIdxs: '0',
    expectedConditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: limitMsg }], expectedReady: 0, expectedDeletions: 1,
  },
};

/** Builds the Job and its pods (each holding the tracking finalizer, as upstream's fixtures do) and runs one sync. */
function syncOnce(tc: Row) {
  const ctx = createControllerContext(1);
  new JobController().start(ctx);
  const spec: Record<string, unknown> = {
    parallelism: tc.parallelism,
    ...(tc.completions >= 0 ? { completions: tc.completions } : {}),
    backoffLimit: tc.backoffLimit ?? 0,
    ...(tc.completionMode ? { completionMode: tc.completionMode } : {}),
    suspend: tc.suspend ?? false,
    ...(tc.podReplacementPolicy ? { podReplacementPolicy: tc.podReplacementPolicy } : {}),
    selector: { matchLabels: { foo: 'bar' } },
    template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'foo', image: 'foo/bar' }] } },
  };
  const conditions: JobCondition[] = [...(tc.initialStatus?.conditions ?? [])];
  if (tc.wasSuspended) conditions.push({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
  const jobObj = defaultJob({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'foobar', namespace: 'default' }, spec }) as unknown as Job;
  if (tc.initialStatus || conditions.length > 0) {
    jobObj.status = {
      ...(tc.initialStatus ? { startTime: ctx.clock.timestamp(0), active: tc.initialStatus.active ?? 0, succeeded: tc.initialStatus.succeed ?? 0, failed: tc.initialStatus.failed ?? 0 } : {}),
      ...(conditions.length > 0 ? { conditions } : {}),
    };
  }
  if (tc.deleting) jobObj.metadata = { ...jobObj.metadata, deletionTimestamp: ctx.clock.timestamp(0) };
  const job = ctx.store.create<Job>('Job', jobObj);
  let n = 0;
  const addPod = (phase: Phase, opts: { ready?: boolean; terminating?: boolean; index?: string } = {}) => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `foobar-pod-${n++}`,
        namespace: 'default',
        labels: { foo: 'bar' },
        finalizers: [JobTrackingFinalizer],
        ...(opts.index !== undefined ? { annotations: { [JobCompletionIndexAnnotation]: opts.index } } : {}),
        ...(opts.terminating ? { deletionTimestamp: ctx.clock.timestamp(0) } : {}),
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: job.metadata.uid, controller: true }],
      },
      spec: { containers: [{ name: 'foo', image: 'foo/bar' }] },
      status: {
        phase,
        // Upstream's fixture pods carry the zero creation time, so a finished one finished long before the sync
        // (no back-off pending); here they finished an hour before it.
        ...(opts.ready ? { conditions: [{ type: 'Ready', status: 'True' }] } : phase === 'Succeeded' || phase === 'Failed' ? { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ctx.clock.timestamp(-3_600_000) }] } : {}),
      },
    };
    ctx.store.create('Pod', pod);
  };
  // setPodsStatuses: pending, active (the first readyPods of them Ready), succeeded, failed, terminating (Running, deleted).
  for (let i = 0; i < (tc.pendingPods ?? 0); i++) addPod('Pending');
  for (let i = 0; i < (tc.activePods ?? 0); i++) addPod('Running', { ready: i < (tc.readyPods ?? 0) });
  for (let i = 0; i < (tc.succeededPods ?? 0); i++) addPod('Succeeded');
  for (let i = 0; i < (tc.failedPods ?? 0); i++) addPod('Failed');
  for (let i = 0; i < (tc.terminatingPods ?? 0); i++) addPod('Running', { terminating: true });
  for (const [index, phase] of tc.podsWithIndexes ?? []) addPod(phase, { index });
  ctx.engine.run({ until: 0 });
  const events = ctx.events.all.filter((e) => e.involvedObject.kind === 'Job');
  const created = events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message.slice('Created pod: '.length));
  return {
    status: ctx.store.get<Job>('Job', 'default', 'foobar')!.status ?? {},
    creations: created.length,
    deletions: events.filter((e) => e.reason === 'SuccessfulDelete').length,
    createdIndexes: created.map((name) => Number(ctx.store.get<Pod>('Pod', 'default', name)!.metadata.annotations?.[JobCompletionIndexAnnotation])).sort((a, b) => a - b),
  };
}

describe('syncJob (upstream TestControllerSyncJob rows)', () => {
  it.each(Object.entries(rows))('%s', (_name, tc) => {
    const got = syncOnce(tc);
    expect(got.creations).toBe(tc.expectedCreations ?? 0);
    expect(got.deletions).toBe(tc.expectedDeletions ?? 0);
    expect(got.status.active ?? 0).toBe(tc.expectedActive ?? 0);
    expect(got.status.succeeded ?? 0).toBe(tc.expectedSucceeded ?? 0);
    expect(got.status.failed ?? 0).toBe(tc.expectedFailed ?? 0);
    if (tc.expectedReady !== undefined) expect(got.status.ready).toBe(tc.expectedReady);
    if (tc.expectedTerminating !== undefined) expect(got.status.terminating).toBe(tc.expectedTerminating);
    if (tc.expectedCompletedIdxs !== undefined) expect(got.status.completedIndexes).toBe(tc.expectedCompletedIdxs);
    if (tc.expectedCreatedIndexes !== undefined) expect(got.createdIndexes).toEqual(tc.expectedCreatedIndexes);
    for (const want of tc.expectedConditions ?? []) {
      expect(got.status.conditions ?? []).toContainEqual(expect.objectContaining(want));
    }
    if (!tc.expectedConditions) expect((got.status.conditions ?? []).filter((c) => c.type !== 'FailureTarget' && c.type !== 'SuccessCriteriaMet')).toEqual([]);
  });

  it('kubesim differs by name: with the current gates a Job that completes in this sync shows SuccessCriteriaMet before Complete', () => {
    const got = syncOnce(rows['job finish']!);
    expect((got.status.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}`)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(got.status.completionTime).toBeDefined();
  });
});
