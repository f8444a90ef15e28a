import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import { SimClock } from '../../../src/cluster/time.ts';
import { Priority, WorkQueue } from '../../../src/controllers/context.ts';
import { requeueStuckDeployment, syncRolloutStatus } from '../../../src/controllers/deployment/progress.ts';
import { DeploymentSyncer, type Dep, type RS } from '../../../src/controllers/deployment/sync.ts';
import { GetDeploymentCondition, NewRSAvailableReason, ReplicaSetUpdatedReason, TimedOutReason } from '../../../src/controllers/deployment/util.ts';
import { makeContext } from './fixture.ts';

const MaxInt32 = 2147483647;

function newDeploymentStatus(replicas: number, updatedReplicas: number, availableReplicas: number): DeploymentStatus {
  return { replicas, updatedReplicas, availableReplicas };
}

/** progress_test.go `currentDeployment`. */
function currentDeployment(
  pds: number | undefined,
  replicas: number,
  statusReplicas: number,
  updatedReplicas: number,
  availableReplicas: number,
  conditions: DeploymentCondition[] | undefined,
): Dep {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'progress-test', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '', generation: 0 },
    spec: {
      ...(pds === undefined ? {} : { progressDeadlineSeconds: pds }),
      replicas,
      selector: { matchLabels: { app: 'x' } },
      template: {},
      strategy: { type: 'Recreate' },
    },
    status: { ...newDeploymentStatus(statusReplicas, updatedReplicas, availableReplicas), ...(conditions ? { conditions } : {}) },
  } as Dep;
}

describe('requeueStuckDeployment (progress_test.go TestRequeueStuckDeployment)', () => {
  const pds = 60;
  const failed: DeploymentCondition[] = [{ type: 'Progressing', status: 'False', reason: TimedOutReason }];
  const stuck: DeploymentCondition[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: '2017-02-15T18:49:00Z' }];
  const at = (time: string) => Date.parse(time);
  const rows: { name: string; d: Dep; status: DeploymentStatus; now?: number; expectedMs: number }[] = [
    { name: 'nil progressDeadlineSeconds specified', d: currentDeployment(undefined, 4, 3, 3, 2, undefined), status: newDeploymentStatus(3, 3, 2), expectedMs: -1 },
    { name: 'infinite progressDeadlineSeconds specified', d: currentDeployment(MaxInt32, 4, 3, 3, 2, undefined), status: newDeploymentStatus(3, 3, 2), expectedMs: -1 },
    { name: 'no progressing condition found', d: currentDeployment(pds, 4, 3, 3, 2, undefined), status: newDeploymentStatus(3, 3, 2), expectedMs: -1 },
    { name: 'complete deployment does not need to be requeued', d: currentDeployment(pds, 3, 3, 3, 3, undefined), status: newDeploymentStatus(3, 3, 3), expectedMs: -1 },
    { name: 'already failed deployment does not need to be requeued', d: currentDeployment(pds, 3, 3, 3, 0, failed), status: newDeploymentStatus(3, 3, 0), expectedMs: -1 },
    { name: 'stuck deployment - 30s', d: currentDeployment(pds, 3, 3, 3, 1, stuck), status: newDeploymentStatus(3, 3, 1), now: at('2017-02-15T18:49:30Z'), expectedMs: 30_000 },
    { name: 'stuck deployment - 1s', d: currentDeployment(pds, 3, 3, 3, 1, stuck), status: newDeploymentStatus(3, 3, 1), now: at('2017-02-15T18:49:59Z'), expectedMs: 1000 },
    { name: 'failed deployment - now', d: currentDeployment(pds, 3, 3, 3, 1, stuck), status: newDeploymentStatus(3, 3, 1), now: at('2017-02-15T18:50:00Z'), expectedMs: 0 },
    { name: 'failed deployment - 1s after deadline', d: currentDeployment(pds, 3, 3, 3, 1, stuck), status: newDeploymentStatus(3, 3, 1), now: at('2017-02-15T18:50:01Z'), expectedMs: 0 },
    { name: 'failed deployment - 60s after deadline', d: currentDeployment(pds, 3, 3, 3, 1, stuck), status: newDeploymentStatus(3, 3, 1), now: at('2017-02-15T18:51:00Z'), expectedMs: 0 },
  ];

  /** A syncer whose clock reads `nowUnixMs` at engine time 0, and the keys its queue processed (key@ms). */
  function syncerAt(nowUnixMs: number) {
    const base = makeContext();
    const ctx = { ...base, clock: new SimClock(nowUnixMs) };
    const processed: string[] = [];
    const queue = new WorkQueue(ctx.engine, Priority.Deployment, (key) => processed.push(`${key}@${ctx.engine.nowMs}`));
    return { ctx, dc: new DeploymentSyncer(ctx, queue), processed };
  }

  // Upstream's nowFn is package state: a row without one keeps the previous row's. Only the first rows lack one
  // and they return before reading the clock.
  it.each(rows)('$name', ({ d, status, now, expectedMs }) => {
    const { dc } = syncerAt(now ?? at('2017-02-15T18:49:00Z'));
    expect(requeueStuckDeployment(dc, d, status)).toBe(expectedMs);
  });

  it('deviation: failed deployment - less than a second => now (1 ns before the 1 s mark is 1 ms: the clock counts ms)', () => {
    const { dc } = syncerAt(at('2017-02-15T18:49:59Z') + 1);
    expect(requeueStuckDeployment(dc, currentDeployment(pds, 3, 3, 3, 1, stuck), newDeploymentStatus(3, 3, 1))).toBe(0);
  });

  it('requeues after the remaining time plus 1 s, or rate-limited: 5 ms apart, 100 ms once the bucket of 100 (refilled at 10 qps) is spent', () => {
    const early = syncerAt(at('2017-02-15T18:49:30Z'));
    requeueStuckDeployment(early.dc, currentDeployment(pds, 3, 3, 3, 1, stuck), newDeploymentStatus(3, 3, 1));
    early.ctx.engine.run();
    expect(early.processed).toEqual(['default/progress-test@31000']);

    const late = syncerAt(at('2017-02-15T18:51:00Z'));
    const d = currentDeployment(pds, 3, 3, 3, 1, stuck);
    // Each processed key requeues itself as the controller's sync would, then forgets its failures (handleErr(nil)).
    const times: number[] = [];
    const queue = new WorkQueue(late.ctx.engine, Priority.Deployment, (key) => {
      times.push(late.ctx.engine.nowMs);
      if (times.length < 110) requeueStuckDeployment(dc, d, newDeploymentStatus(3, 3, 1));
      dc.rateLimiter.Forget(key);
    });
    const dc = new DeploymentSyncer(late.ctx, queue);
    queue.add(dc.key(d));
    late.ctx.engine.run();
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 5)).toEqual([5, 5, 5, 5, 5]);
    expect(gaps.slice(-2)).toEqual([100, 100]);
    expect(times).toHaveLength(110);
  });
});

describe('syncRolloutStatus (progress_test.go TestSyncRolloutStatus)', () => {
  const pds = 60;
  const testTime = '2017-02-15T18:49:00Z';
  const failedTimedOut: DeploymentCondition = { type: 'Progressing', status: 'False', reason: TimedOutReason };
  const newRSAvailable: DeploymentCondition = { type: 'Progressing', status: 'True', reason: NewRSAvailableReason, lastUpdateTime: testTime, lastTransitionTime: testTime };
  const replicaSetUpdated: DeploymentCondition = { type: 'Progressing', status: 'True', reason: ReplicaSetUpdatedReason, lastUpdateTime: testTime, lastTransitionTime: testTime };
  /** progress_test.go `newRSWithAvailable`. */
  const newRSWithAvailable = (name: string, specReplicas: number, statusReplicas: number, availableReplicas: number): ReplicaSet => ({
    metadata: { name, namespace: 'default' },
    spec: { replicas: specReplicas, selector: {} },
    status: { replicas: statusReplicas, availableReplicas },
  });
  type Row = {
    name: string;
    d: Dep;
    allRSs: ReplicaSet[];
    newRS?: ReplicaSet;
    conditionStatus?: 'True' | 'False';
    conditionReason?: string;
    lastUpdate?: string;
    lastTransition?: string;
  };
  const rows: Row[] = [
    { name: 'General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline', d: currentDeployment(undefined, 3, 2, 2, 2, [replicaSetUpdated]), allRSs: [newRSWithAvailable('bar', 0, 1, 1)], newRS: newRSWithAvailable('foo', 3, 2, 2) },
    { name: 'General: do not estimate progress of deployment with only one active ReplicaSet', d: currentDeployment(pds, 3, 3, 3, 3, [newRSAvailable]), allRSs: [newRSWithAvailable('bar', 3, 3, 3)], conditionStatus: 'True', conditionReason: NewRSAvailableReason, lastUpdate: testTime, lastTransition: testTime },
    { name: 'DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True', d: currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]), allRSs: [newRSWithAvailable('bar', 0, 1, 1)], newRS: newRSWithAvailable('foo', 3, 2, 2), conditionStatus: 'True', conditionReason: ReplicaSetUpdatedReason, lastTransition: testTime },
    { name: 'DeploymentProgressing: update everything if deployment has Progressing=False', d: currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]), allRSs: [newRSWithAvailable('bar', 0, 1, 1)], newRS: newRSWithAvailable('foo', 3, 2, 2), conditionStatus: 'True', conditionReason: ReplicaSetUpdatedReason },
    { name: 'DeploymentProgressing: create Progressing condition if it does not exist', d: currentDeployment(pds, 3, 2, 2, 2, []), allRSs: [newRSWithAvailable('bar', 0, 1, 1)], newRS: newRSWithAvailable('foo', 3, 2, 2), conditionStatus: 'True', conditionReason: ReplicaSetUpdatedReason },
    { name: 'DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True', d: currentDeployment(pds, 3, 3, 3, 3, [replicaSetUpdated]), allRSs: [], newRS: newRSWithAvailable('foo', 3, 3, 3), conditionStatus: 'True', conditionReason: NewRSAvailableReason, lastTransition: testTime },
    { name: 'DeploymentComplete: update everything if deployment has Progressing=False', d: currentDeployment(pds, 3, 3, 3, 3, [failedTimedOut]), allRSs: [], newRS: newRSWithAvailable('foo', 3, 3, 3), conditionStatus: 'True', conditionReason: NewRSAvailableReason },
    { name: 'DeploymentComplete: create Progressing condition if it does not exist', d: currentDeployment(pds, 3, 3, 3, 3, []), allRSs: [], newRS: newRSWithAvailable('foo', 3, 3, 3), conditionStatus: 'True', conditionReason: NewRSAvailableReason },
    { name: 'DeploymentComplete: defend against NPE when newRS=nil', d: currentDeployment(pds, 0, 3, 3, 3, [replicaSetUpdated]), allRSs: [newRSWithAvailable('foo', 0, 0, 0)], conditionStatus: 'True', conditionReason: NewRSAvailableReason },
    { name: 'DeploymentTimedOut: update status if rollout exceeds Progress Deadline', d: currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]), allRSs: [], newRS: newRSWithAvailable('foo', 3, 2, 2), conditionStatus: 'False', conditionReason: TimedOutReason },
    { name: 'DeploymentTimedOut: do not update status if deployment has existing timedOut condition', d: currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]), allRSs: [], newRS: newRSWithAvailable('foo', 3, 2, 2), conditionStatus: 'False', conditionReason: TimedOutReason, lastUpdate: testTime, lastTransition: testTime },
  ];

  // Upstream runs after TestRequeueStuckDeployment, whose last row left nowFn at 18:51:00: well past the deadline.
  // Its lastUpdate/lastTransition checks compare the row's own field with testTime, so they never fail; the rows
  // keep those fields as upstream wrote them, and only status and reason are asserted, as upstream in effect does.
  it.each(rows)('$name', ({ d, allRSs, newRS, conditionStatus, conditionReason }) => {
    const base = makeContext();
    const ctx = { ...base, clock: new SimClock(Date.parse('2017-02-15T18:51:00Z')) };
    const stored = ctx.store.create<Deployment>('Deployment', d) as Dep;
    const dc = new DeploymentSyncer(ctx, new WorkQueue(ctx.engine, Priority.Deployment, () => {}));
    const rss = (newRS ? [...allRSs, newRS] : allRSs) as RS[];
    const out = syncRolloutStatus(dc, rss, newRS as RS | undefined, stored);
    const newCond = GetDeploymentCondition(out.status, 'Progressing');
    if (!newCond) {
      // Upstream: no condition is expected only without a (finite) progress deadline.
      expect(d.spec?.progressDeadlineSeconds === undefined || d.spec.progressDeadlineSeconds === MaxInt32).toBe(true);
      return;
    }
    expect({ status: newCond.status, reason: newCond.reason }).toEqual({ status: conditionStatus, reason: conditionReason });
  });
});
