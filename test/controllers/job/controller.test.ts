/**
 * The Job controller end to end through the Simulation (real kubelet and scheduler): the pod-failure back-off of
 * 10 s doubling per failure, backoffLimit, OnFailure restarts, activeDeadlineSeconds, ttlSecondsAfterFinished, the
 * pod failure policy, Indexed completion, suspend and resume; upstream's event and condition texts.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultJob } from '../../../src/api/defaults.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import type { ContainerBehaviour } from '../../../src/controllers/kubelet/kubelet.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

/** The `pi` Job of the Kubernetes documentation (CC BY 4.0), with the given spec fields. */
function pi(spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KubeObject {
  return defaultJob({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: {
      template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy } },
      backoffLimit: 4,
      ...spec,
    },
  }) as KubeObject;
}

function sim(objects: KubeObject[], behaviour: (pod: Pod) => Partial<ContainerBehaviour>) {
  return new Simulation({ seed: 1, nodes: nodes(2), objects, behaviours: { behaviour: (pod) => ({ imagePullMs: 0, startupMs: 0, ...behaviour(pod) }) } });
}

const job = (s: Simulation, name = 'pi') => s.store.get<Job>('Job', 'default', name);
const jobEvents = (s: Simulation) => s.events.all.filter((e) => e.involvedObject.kind === 'Job').map((e) => `${e.reason}: ${e.message}`);
const conditions = (s: Simulation) => (job(s)?.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}`);

describe('Job controller end to end', () => {
  it('runs completions 6 with parallelism 2 in three waves of two and completes', () => {
    const s = sim([pi({ completions: 6, parallelism: 2 })], () => ({ runForMs: 60_000 }));
    let maxActive = 0;
    s.store.watch<Pod>('Pod', () => {
      const running = s.store.list<Pod>('Pod').filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
      maxActive = Math.max(maxActive, running);
    });
    s.until(10 * 60_000);
    expect(job(s)?.status?.succeeded).toBe(6);
    expect(maxActive).toBe(2);
    expect(conditions(s)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(jobEvents(s).filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(6);
    expect(jobEvents(s).at(-1)).toBe('Completed: Job completed');
    // Three waves of about a minute each (plus the 1 s batching of pod events between them).
    const done = s.clock.simMs(job(s)!.status!.completionTime!);
    expect(done).toBeGreaterThan(180_000);
    expect(done).toBeLessThan(190_000);
  });

  it('waits 10 s, 20 s, 40 s after consecutive failures before each replacement, then fails with BackoffLimitExceeded', () => {
    const s = sim([pi({ backoffLimit: 3 })], () => ({ runForMs: 5_000, exitCode: 1 }));
    const created: number[] = [];
    s.store.watch<Pod>('Pod', (e) => {
      if (e.type === 'ADDED') created.push(s.nowMs);
    });
    s.until(10 * 60_000);
    const pods = [...created];
    expect(pods).toHaveLength(4);
    // Each pod fails 5 s after it is created (no pull, scheduled at once); the next one follows after the back-off.
    const gaps = pods.slice(1).map((t, i) => t - (pods[i]! + 5_000));
    expect(gaps).toEqual([10_000, 20_000, 40_000]);
    expect(job(s)?.status?.failed).toBe(4);
    expect(conditions(s)).toEqual(['FailureTarget=True BackoffLimitExceeded', 'Failed=True BackoffLimitExceeded']);
    expect(jobEvents(s)).toContain('BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('OnFailure: the kubelet restarts the container in place; restarts reaching backoffLimit fail the Job', () => {
    const s = sim([pi({ backoffLimit: 2 }, 'OnFailure')], () => ({ runForMs: 5_000, exitCode: 1 }));
    s.until(5 * 60_000);
    expect(conditions(s)).toContain('Failed=True BackoffLimitExceeded');
    const podEvents = s.events.all.filter((e) => e.involvedObject.kind === 'Pod').map((e) => e.reason);
    expect(podEvents).toContain('BackOff');
    // One pod only: OnFailure retries inside the pod, which the Job then deletes.
    expect(jobEvents(s).filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(1);
  });

  it('activeDeadlineSeconds: the Job fails with DeadlineExceeded and its running pods are deleted', () => {
    const s = sim([pi({ activeDeadlineSeconds: 30, parallelism: 2, completions: 2 })], () => ({ runForMs: 300_000 }));
    s.until(29_000);
    expect(job(s)?.status?.active).toBe(2);
    s.until(5 * 60_000);
    expect(conditions(s)).toEqual(['FailureTarget=True DeadlineExceeded', 'Failed=True DeadlineExceeded']);
    expect(jobEvents(s)).toContain('DeadlineExceeded: Job was active longer than specified deadline');
    expect(jobEvents(s).filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(2);
    expect(job(s)?.status?.failed).toBe(2);
    expect(s.clock.simMs(job(s)!.status!.conditions!.find((c) => c.type === 'FailureTarget')!.lastTransitionTime!)).toBe(30_000);
  });

  it('ttlSecondsAfterFinished: the finished Job and its pods are deleted that long after completion', () => {
    const s = sim([pi({ ttlSecondsAfterFinished: 100 })], () => ({ runForMs: 20_000 }));
    s.until(60_000);
    const done = s.clock.simMs(job(s)!.status!.completionTime!);
    s.until(done + 99_000);
    expect(job(s)).toBeDefined();
    s.until(done + 100_000 + 60_000);
    expect(job(s)).toBeUndefined();
    expect(s.store.list('Pod')).toEqual([]);
  });

  it('podFailurePolicy FailJob on an exit code fails the Job at once with upstream message; Ignore does not count', () => {
    const policy = {
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [42] } },
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } },
      ],
    };
    const failing = sim([pi({ backoffLimit: 6, podFailurePolicy: policy })], () => ({ runForMs: 5_000, exitCode: 42 }));
    failing.until(60_000);
    const name = failing.store.list<Pod>('Pod')[0]!.metadata.name;
    expect(conditions(failing)).toEqual(['FailureTarget=True PodFailurePolicy', 'Failed=True PodFailurePolicy']);
    expect(jobEvents(failing)).toContain(`PodFailurePolicy: Container pi for pod default/${name} failed with exit code 42 matching FailJob rule at index 0`);

    let runs = 0;
    const ignored = sim([pi({ backoffLimit: 0, podFailurePolicy: policy })], () => ({ runForMs: 5_000, exitCode: runs++ < 2 ? 3 : 0 }));
    ignored.until(5 * 60_000);
    expect(job(ignored)?.status?.failed).toBe(0);
    expect(job(ignored)?.status?.succeeded).toBe(1);
    expect(conditions(ignored)).toContain('Complete=True CompletionsReached');
  });

  it('Indexed: one pod per index with the index annotation, label, hostname and JOB_COMPLETION_INDEX; completedIndexes', () => {
    const s = sim([pi({ completionMode: 'Indexed', completions: 4, parallelism: 4 })], () => ({ runForMs: 10_000 }));
    s.until(1_000);
    const pods = s.store.list<Pod>('Pod');
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2', '3']);
    const p0 = pods.find((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '0')!;
    expect(p0.metadata.name).toMatch(/^pi-0-[a-z0-9]{5}$/);
    expect(p0.spec?.hostname).toBe('pi-0');
    expect(p0.spec?.containers[0]?.env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    expect(p0.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    s.until(60_000);
    expect(job(s)?.status?.completedIndexes).toBe('0-3');
    expect(job(s)?.status?.succeeded).toBe(4);
    // Counted pods lose the tracking finalizer.
    expect(s.store.list<Pod>('Pod').every((p) => !p.metadata.finalizers)).toBe(true);
  });

  it('suspend deletes the active pods without counting them; resume starts them again', () => {
    const s = sim([pi({ completions: 2, parallelism: 2 })], () => ({ runForMs: 120_000 }));
    s.until(30_000);
    s.apply(pi({ completions: 2, parallelism: 2, suspend: true }));
    s.until(60_000);
    expect(job(s)?.status?.active).toBe(0);
    expect(job(s)?.status?.failed).toBe(0);
    expect(conditions(s)).toEqual(['Suspended=True JobSuspended']);
    s.apply(pi({ completions: 2, parallelism: 2, suspend: false }));
    s.until(10 * 60_000);
    expect(conditions(s)).toEqual(['Suspended=False JobResumed', 'SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(jobEvents(s).filter((e) => /^(Suspended|Resumed):/.test(e))).toEqual(['Suspended: Job suspended', 'Resumed: Job resumed']);
  });
});
