/**
 * backoffLimitPerIndex and maxFailedIndexes end to end through the Simulation (real kubelet and scheduler):
 * kubesim's cases against upstream's documented semantics, not rows of upstream's TestBackoffLimitPerIndex.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultJob } from '../../../src/api/defaults.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { getIndexFailureCount, isIndexFailed } from '../../../src/controllers/job/backoff-per-index.ts';
import { JobCompletionIndexAnnotation } from '../../../src/controllers/job/utils.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

function indexed(spec: Record<string, unknown>): KubeObject {
  return defaultJob({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'shards', namespace: 'default' },
    spec: {
      completions: 4,
      parallelism: 4,
      completionMode: 'Indexed',
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'shard', image: 'registry.example.com/shard:1' }] } },
      ...spec,
    },
  }) as KubeObject;
}

/** Index → exit code of every run: a failing run ends after 30 s, a successful one after a minute. */
function run(spec: Record<string, unknown>, exitCodes: Record<number, number>, untilMs = 10 * 60_000) {
  const s = new Simulation({
    seed: 1,
    nodes: nodes(2),
    objects: [indexed(spec)],
    behaviours: {
      behaviour: (pod: Pod) => {
        const exitCode = exitCodes[Number(pod.metadata?.annotations?.[JobCompletionIndexAnnotation])] ?? 0;
        return { imagePullMs: 0, startupMs: 0, runForMs: exitCode === 0 ? 60_000 : 30_000, exitCode };
      },
    },
  });
  s.until(untilMs);
  const job = s.store.get<Job>('Job', 'default', 'shards')!;
  const pods = s.store.list<Pod>('Pod').sort((a, b) => (a.metadata!.creationTimestamp! < b.metadata!.creationTimestamp! ? -1 : a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const byIndex = (ix: number) => pods.filter((p) => p.metadata?.annotations?.[JobCompletionIndexAnnotation] === String(ix));
  return { s, job, byIndex, conditions: (job.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`) };
}

describe('backoffLimitPerIndex', () => {
  it('retries a failing index up to its own limit, carrying the failure count, then fails the Job with FailedIndexes once the rest succeeded', () => {
    const { job, byIndex, conditions } = run({ backoffLimitPerIndex: 1 }, { 2: 1 });
    // Index 2: the first pod, then one retry after the 10 s back-off, each annotated with the failures before it.
    const two = byIndex(2);
    expect(two.map(getIndexFailureCount)).toEqual([0, 1]);
    const firstFailedAt = Date.parse(two[0]!.status!.containerStatuses![0]!.state!.terminated!.finishedAt!);
    expect(Date.parse(two[1]!.metadata!.creationTimestamp!) - firstFailedAt).toBeGreaterThanOrEqual(10_000);
    for (const ix of [0, 1, 3]) expect(byIndex(ix)).toHaveLength(1);
    expect(job.status).toMatchObject({ completedIndexes: '0,1,3', failedIndexes: '2', succeeded: 3, failed: 2 });
    expect(conditions).toEqual(['FailureTarget=True FailedIndexes: Job has failed indexes', 'Failed=True FailedIndexes: Job has failed indexes']);
  });

  it('maxFailedIndexes 0: the first index failed for good fails the Job at once and its other pods are deleted', () => {
    const { s, job, conditions } = run({ backoffLimitPerIndex: 0, maxFailedIndexes: 0, parallelism: 2 }, { 0: 1 });
    expect(job.status?.failedIndexes).toBe('0');
    expect(conditions).toEqual([
      'FailureTarget=True MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes',
      'Failed=True MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes',
    ]);
    // Index 1 was running alongside; indexes 2 and 3 never started.
    expect(s.events.all.filter((e) => e.involvedObject.kind === 'Job' && e.reason === 'SuccessfulCreate')).toHaveLength(2);
    expect(s.events.all.filter((e) => e.involvedObject.kind === 'Job' && e.reason === 'SuccessfulDelete')).toHaveLength(1);
  });

  it('a FailIndex rule of the pod failure policy fails the index on its first failure, without a retry', () => {
    const policy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
    const { job, byIndex } = run({ backoffLimitPerIndex: 3, podFailurePolicy: policy }, { 1: 42 });
    expect(byIndex(1)).toHaveLength(1);
    expect(job.status).toMatchObject({ failedIndexes: '1', completedIndexes: '0,2,3' });
    expect(job.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('FailedIndexes');
  });
});

describe('kubesim cases, not upstream rows: isIndexFailed', () => {
  const job = (limit: number): Job => ({ spec: { backoffLimitPerIndex: limit, template: {} } });
  const failed = (count?: string): Pod => ({ metadata: { annotations: count === undefined ? {} : { 'batch.kubernetes.io/job-index-failure-count': count } }, status: { phase: 'Failed' } });
  it.each([
    [1, undefined, false],
    [1, '0', false],
    [1, '1', true],
    [0, undefined, true],
    [2, 'x', false],
  ] as const)('limit %i, failure-count annotation %s → %s', (limit, count, want) => {
    expect(isIndexFailed(job(limit), failed(count))).toBe(want);
  });
});
