/**
 * The Job controller (pkg/controller/job/job_controller.go): `syncJob` counts a Job's newly finished pods, decides
 * whether the Job has failed (backoffLimit, OnFailure restarts, activeDeadlineSeconds, a FailJob rule of the pod
 * failure policy) or succeeded (completions reached), and otherwise `manageJob` creates or deletes pods towards
 * `wantActive`, in slow-start batches, honouring the pod-failure back-off (10 s doubling to 10 min); an Indexed
 * Job also succeeds when a `successPolicy` rule is met, and with `backoffLimitPerIndex` retries each index on its
 * own budget and fails by `maxFailedIndexes` or failed indexes. Terminal conditions follow the current release:
 * FailureTarget / SuccessCriteriaMet first, Failed / Complete once no pod
 * of the Job is terminating. Events: SuccessfulCreate, SuccessfulDelete, Completed, BackoffLimitExceeded,
 * DeadlineExceeded, PodFailurePolicy, Suspended, Resumed.
 *
 * Pods carry the `batch.kubernetes.io/job-tracking` finalizer until counted. The store deletes objects at once, so
 * a pod removed while it still holds the finalizer is kept here, as the API server would keep it, until counted.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { cloneJson } from '../../api/clone.ts';
import { defaultPod } from '../../api/defaults.ts';
import { deletePod, isPodActive, isPodReady } from '../../cluster/pods.ts';
import type { Stored } from '../../cluster/store.ts';
import { generateName } from '../../cluster/names.ts';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { activePodsLess } from '../ranking.ts';
import { slowStartBatch } from '../slow-start.ts';
import { emptyBackoffRecord, getRemainingTime, newBackoffRecord, type BackoffRecord } from './backoff.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { JobReasonSuccessPolicy, matchSuccessPolicy } from './success-policy.ts';
import {
  calculateFailedIndexes,
  FailedIndexesMessage,
  getNewIndexFailureCounts,
  getRemainingTimePerIndex,
  hasBackoffLimitPerIndex,
  JobIndexFailureCountAnnotation,
  JobIndexIgnoredFailureCountAnnotation,
  JobReasonFailedIndexes,
  JobReasonMaxFailedIndexesExceeded,
  MaxFailedIndexesExceededMessage,
  podsBeingReplacedPerIndex,
} from './backoff-per-index.ts';
import {
  DefaultJobPodFailureBackOff,
  findConditionByType,
  firstPendingIndexes,
  formatIntervals,
  getCompletionIndex,
  hasIndex,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isJobFinished,
  isPodFailed,
  isPodTerminating,
  JobCompletionIndexAnnotation,
  JobCompletionIndexEnvName,
  JobTrackingFinalizer,
  jobSuspended,
  MaxJobPodFailureBackOff,
  MaxPodCreateDeletePerSync,
  onlyReplaceFailedPods,
  parseIndexesFromString,
  pastBackoffLimitOnFailure,
  podGenerateNameWithIndex,
  SyncJobBatchPeriod,
  totalIndexes,
  unknownCompletionIndex,
  wantActive,
  withOrderedIndexes,
  type Interval,
} from './utils.ts';

const COMPONENT = 'job-controller';

type StoredJob = Stored<Job>;

/** What one sync knows (upstream `syncJobCtx`). */
interface SyncJobCtx {
  job: StoredJob;
  pods: Stored<Pod>[];
  activePods: Stored<Pod>[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  newBackoffRecord: BackoffRecord;
  finishedCondition: JobCondition | undefined;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  /** With backoffLimitPerIndex: the indexes failed for good (`status.failedIndexes` and this sync's). */
  failedIndexes?: Interval[];
}

export class JobController implements Controller {
  readonly name = COMPONENT;
  private ctx!: ControllerContext;
  private queue!: WorkQueue;
  /** `podBackoffStore`: per Job key, failures since the last success. */
  private readonly backoff = new Map<string, BackoffRecord>();
  /** Pods deleted from the store while holding the tracking finalizer, by Job uid then pod uid. */
  private readonly heldByFinalizer = new Map<string, Map<string, Stored<Pod>>>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.syncJob(key));
    ctx.store.watch<Job>('Job', (e) => {
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      if (e.type === 'DELETED') this.heldByFinalizer.delete(e.object.metadata.uid);
      // Creation, deletion and spec changes sync at once (enqueueSyncJobImmediately); status writes after the
      // batch period, as pod events do (enqueueSyncJobBatched).
      if (e.type === 'MODIFIED' && e.old?.metadata.generation === e.object.metadata.generation) this.queue.addAfter(key, SyncJobBatchPeriod);
      else this.queue.add(key);
    });
    ctx.store.watch<Pod>('Pod', (e) => {
      const ref = (e.object.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === 'Job');
      if (!ref) return;
      if (e.type === 'DELETED' && hasJobTrackingFinalizer(e.object)) {
        let held = this.heldByFinalizer.get(ref.uid);
        if (!held) this.heldByFinalizer.set(ref.uid, (held = new Map()));
        // The kubelet puts a deleted pod in a terminal phase before it goes: Failed unless it had succeeded.
        const pod = e.object;
        const ts = ctx.clock.timestamp(ctx.engine.nowMs);
        held.set(pod.metadata.uid, {
          ...pod,
          metadata: { ...pod.metadata, deletionTimestamp: pod.metadata.deletionTimestamp ?? ts },
          status: { ...(pod.status ?? {}), phase: pod.status?.phase === 'Succeeded' ? 'Succeeded' : 'Failed' },
        });
      }
      if (e.type === 'MODIFIED' && e.old && !countsChanged(e.old, e.object)) return;
      this.queue.addAfter(`${e.object.metadata.namespace}/${ref.name}`, SyncJobBatchPeriod);
    });
  }

  /** `syncJob`: one reconcile of the Job `namespace/name`. */
  private syncJob(key: string): void {
    const { store, engine } = this.ctx;
    const slash = key.indexOf('/');
    const job = store.get<Job>('Job', key.slice(0, slash), key.slice(slash + 1));
    if (!job) {
      this.backoff.delete(key);
      return;
    }
    if (isJobFinished(job)) {
      this.backoff.delete(key);
      this.releaseHeld(job);
      return;
    }
    const now = engine.nowMs;
    const pods = [...store.ownedBy<Pod>('Pod', job.metadata.uid), ...(this.heldByFinalizer.get(job.metadata.uid)?.values() ?? [])];
    const activePods = pods.filter(isPodActive);
    const { newSucceeded, newFailed } = getNewFinishedPods(job, pods);
    const status = job.status ?? {};
    const jc: SyncJobCtx = {
      job,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isPodTerminating).length,
      succeeded: (status.succeeded ?? 0) + newSucceeded.length,
      failed: (status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length,
      newBackoffRecord: newBackoffRecord(
        this.backoff.get(key) ?? emptyBackoffRecord,
        newSucceeded.map((p) => this.finishedTime(p)),
        newFailed.map((p) => this.finishedTime(p)),
      ),
      finishedCondition: undefined,
      prevSucceededIndexes: [],
      succeededIndexes: [],
    };
    let startTime = status.startTime;
    // Job first start; StartTime only when not suspended.
    if (startTime === undefined && !jobSuspended(job)) startTime = this.ctx.clock.timestamp(now);
    let conditions = [...(status.conditions ?? [])];
    let active = activePods.length;
    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const exceedsBackoffLimit = jc.failed > backoffLimit;

    jc.finishedCondition = findConditionByType(conditions, 'SuccessCriteriaMet')?.status === 'True' ? findConditionByType(conditions, 'SuccessCriteriaMet') : undefined;
    if (!jc.finishedCondition) {
      const target = findConditionByType(conditions, 'FailureTarget');
      if (target?.status === 'True') jc.finishedCondition = this.newCondition('Failed', target.reason ?? '', target.message ?? '');
      else {
        const msg = getFailJobMessage(job, pods);
        if (msg !== undefined) jc.finishedCondition = this.newCondition('FailureTarget', 'PodFailurePolicy', msg);
      }
    }
    if (!jc.finishedCondition) {
      if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        jc.finishedCondition = this.newCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (this.pastActiveDeadline(job, startTime)) {
        jc.finishedCondition = this.newCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (job.spec?.activeDeadlineSeconds !== undefined && !jobSuspended(job) && startTime !== undefined) {
        this.queue.addAfter(key, job.spec.activeDeadlineSeconds * 1000 - (now - this.ctx.clock.simMs(startTime)));
      }
    }
    if (isIndexedJob(job)) {
      const completions = job.spec?.completions ?? 0;
      jc.prevSucceededIndexes = parseIndexesFromString(status.completedIndexes, completions);
      jc.succeededIndexes = withOrderedIndexes(jc.prevSucceededIndexes, succeededIndexesOf(job, pods));
      jc.succeeded = totalIndexes(jc.succeededIndexes);
      if (hasBackoffLimitPerIndex(job)) {
        jc.failedIndexes = calculateFailedIndexes(job, pods);
        const failedTotal = totalIndexes(jc.failedIndexes);
        const maxFailedIndexes = job.spec?.maxFailedIndexes;
        if (!jc.finishedCondition) {
          if (maxFailedIndexes !== undefined && maxFailedIndexes !== null && failedTotal > maxFailedIndexes) {
            jc.finishedCondition = this.newCondition('FailureTarget', JobReasonMaxFailedIndexesExceeded, MaxFailedIndexesExceededMessage);
          } else if (failedTotal > 0 && failedTotal + totalIndexes(jc.succeededIndexes) >= completions) {
            jc.finishedCondition = this.newCondition('FailureTarget', JobReasonFailedIndexes, FailedIndexesMessage);
          }
        }
      }
      if (!jc.finishedCondition) {
        const msg = matchSuccessPolicy(job.spec?.successPolicy, completions, jc.succeededIndexes);
        if (msg !== undefined) jc.finishedCondition = this.newCondition('SuccessCriteriaMet', JobReasonSuccessPolicy, msg);
      }
    }
    if (jc.finishedCondition) {
      // Remove active pods if the Job failed; their finalizers stay until they are counted below.
      const { deleted, deletedReady } = this.deletePods(job, jc.activePods, false);
      active -= deleted;
      jc.terminating += deleted;
      jc.ready -= deletedReady;
    } else {
      const manageJobCalled = !job.metadata.deletionTimestamp;
      if (manageJobCalled) {
        active = this.manageJob(job, jc, key, now);
      }
      const completions = job.spec?.completions;
      const complete = completions === undefined || completions === null ? jc.succeeded > 0 && active === 0 : jc.succeeded >= completions && active === 0;
      if (complete) {
        jc.finishedCondition = this.newCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods');
      } else if (manageJobCalled) {
        const suspended = jobSuspended(job);
        const r = ensureJobConditionStatus(conditions, 'Suspended', suspended ? 'True' : 'False', suspended ? 'JobSuspended' : 'JobResumed', suspended ? 'Job suspended' : 'Job resumed', this.ctx.clock.timestamp(now));
        if (r.updated) {
          conditions = r.list;
          this.event(job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed');
          // Resumed jobs restart activeDeadlineSeconds from now.
          if (!suspended) startTime = this.ctx.clock.timestamp(now);
        }
      }
    }
    this.trackJobStatusAndRemoveFinalizers(jc, key, { active, startTime, conditions });
  }

  /**
   * `trackJobStatusAndRemoveFinalizers`, with `flushUncountedAndRemoveFinalizers` folded in: the store takes each
   * write at once, so a pod's count and its finalizer removal happen together and `uncountedTerminatedPods` stays
   * empty. Then `enactJobFinished` and the events of `recordJobFinished`.
   */
  private trackJobStatusAndRemoveFinalizers(jc: SyncJobCtx, key: string, next: { active: number; startTime: string | undefined; conditions: JobCondition[] }): void {
    const { job } = jc;
    const status = job.status ?? {};
    const indexed = isIndexedJob(job);
    const completions = job.spec?.completions ?? 0;
    let succeeded = status.succeeded ?? 0;
    let failed = status.failed ?? 0;
    const newSucceededIndexes: number[] = [];
    const toRemoveFinalizer: Stored<Pod>[] = [];
    const sorted = indexed ? [...jc.pods].sort((a, b) => getCompletionIndex(a.metadata.annotations) - getCompletionIndex(b.metadata.annotations)) : jc.pods;
    for (const pod of sorted) {
      if (!hasJobTrackingFinalizer(pod)) continue;
      const considerPodFailed = isPodFailed(pod, job);
      // canRemoveFinalizer (no backoffLimitPerIndex: a failed pod's finalizer goes at once).
      if (!(jc.finishedCondition || pod.status?.phase === 'Succeeded' || considerPodFailed)) continue;
      toRemoveFinalizer.push(pod);
      if (pod.status?.phase === 'Succeeded') {
        if (indexed) {
          const ix = getCompletionIndex(pod.metadata.annotations);
          if (ix !== unknownCompletionIndex && ix < completions && !hasIndex(jc.prevSucceededIndexes, ix)) newSucceededIndexes.push(ix);
        } else succeeded++;
      } else if (considerPodFailed || (jc.finishedCondition && jc.finishedCondition.type !== 'SuccessCriteriaMet')) {
        // When the Job is finished, every pod not terminated yet counts as failed.
        const ix = getCompletionIndex(pod.metadata.annotations);
        if (!indexed || (ix !== unknownCompletionIndex && ix < completions)) {
          if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) failed++;
        }
      }
    }
    let completedIndexes = status.completedIndexes;
    if (indexed) {
      const all = withOrderedIndexes(jc.prevSucceededIndexes, newSucceededIndexes);
      succeeded = totalIndexes(all);
      completedIndexes = formatIntervals(all);
    }
    let conditions = next.conditions;
    let finished = jc.finishedCondition;
    if (finished?.type === 'FailureTarget') {
      // The interim condition first; Failed replaces it in the final write.
      if (!findConditionByType(conditions, 'FailureTarget')) conditions = [...conditions, finished];
      finished = this.newCondition('Failed', finished.reason ?? '', finished.message ?? '');
    }
    if (finished?.type === 'SuccessCriteriaMet') {
      if (!findConditionByType(conditions, 'SuccessCriteriaMet')) conditions = [...conditions, finished];
      finished = this.newCondition('Complete', finished.reason ?? '', finished.message ?? '');
    }
    for (const pod of toRemoveFinalizer) this.removeTrackingFinalizer(job, pod);
    if (toRemoveFinalizer.length > 0) this.backoff.set(key, jc.newBackoffRecord);
    // enactJobFinished: the terminal condition waits for terminating pods (delayTerminalCondition).
    let completionTime = job.status?.completionTime;
    let jobFinished = false;
    if (finished && jc.terminating === 0) {
      conditions = ensureJobConditionStatus(conditions, finished.type, finished.status, finished.reason ?? '', finished.message ?? '', finished.lastTransitionTime!).list;
      if (finished.type === 'Complete') completionTime = finished.lastTransitionTime;
      jobFinished = true;
    }
    const newStatus: NonNullable<Job['status']> = {
      ...(next.startTime !== undefined ? { startTime: next.startTime } : {}),
      ...(completionTime !== undefined ? { completionTime } : {}),
      active: next.active,
      succeeded,
      failed,
      ready: jc.ready,
      terminating: jc.terminating,
      ...(indexed ? { completedIndexes } : {}),
      ...(jc.failedIndexes ? { failedIndexes: formatIntervals(jc.failedIndexes) } : {}),
      uncountedTerminatedPods: {},
      ...(conditions.length > 0 ? { conditions } : {}),
    };
    if (JSON.stringify(newStatus) !== JSON.stringify(job.status ?? {})) {
      this.ctx.store.mutate<Job>('Job', job.metadata.namespace, job.metadata.name, (d) => {
        d.status = newStatus;
      });
    }
    if (jobFinished && finished) this.recordJobFinished(job, finished, succeeded);
  }

  /** `recordJobFinished`: `Completed` (and `TooManySucceededPods`), or the failure's reason and message. */
  private recordJobFinished(job: StoredJob, cond: JobCondition, succeeded: number): void {
    if (cond.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions !== undefined && completions !== null && succeeded > completions) {
        this.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      this.event(job, 'Normal', 'Completed', 'Job completed');
    } else this.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
  }

  /**
   * `manageJob`: delete all active pods of a suspended Job; else delete the surplus over `wantActive`, or create the
   * missing pods (after the pod-failure back-off) in slow-start batches, at most 500 per sync. Returns the active
   * count after its changes.
   */
  private manageJob(job: StoredJob, jc: SyncJobCtx, key: string, now: number): number {
    const active = jc.activePods.length;
    if (jobSuspended(job)) {
      const { deleted, deletedReady } = this.deletePods(job, activePodsForRemoval(job, jc.activePods, active), true);
      jc.terminating += deleted;
      jc.ready -= deletedReady;
      return active - deleted;
    }
    const want = wantActive(job, active, jc.succeeded);
    const rmAtLeast = Math.max(0, active - want);
    const podsToDelete = activePodsForRemoval(job, jc.activePods, rmAtLeast).slice(0, MaxPodCreateDeletePerSync);
    if (podsToDelete.length > 0) {
      const { deleted, deletedReady } = this.deletePods(job, podsToDelete, true);
      jc.terminating += deleted;
      jc.ready -= deletedReady;
      return active - deleted;
    }
    const terminating = onlyReplaceFailedPods(job) ? jc.terminating : 0;
    let diff = want - terminating - active;
    if (diff <= 0) return active;
    const remaining = getRemainingTime(jc.newBackoffRecord, now, DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff);
    if (remaining > 0) {
      this.queue.addAfter(key, Math.max(remaining, SyncJobBatchPeriod));
      return active;
    }
    diff = Math.min(diff, MaxPodCreateDeletePerSync);
    let indexesToAdd: number[] = [];
    let replaced = new Map<number, Pod>();
    if (isIndexedJob(job)) {
      const activeIndexes = new Set(jc.activePods.map((p) => getCompletionIndex(p.metadata.annotations)));
      const failed = jc.failedIndexes ?? [];
      indexesToAdd = firstPendingIndexes(withOrderedIndexes(jc.succeededIndexes, expandIntervals(failed)), activeIndexes, diff, job.spec?.completions ?? 0);
      if (hasBackoffLimitPerIndex(job)) {
        replaced = podsBeingReplacedPerIndex(job, jc.pods, (ix) => hasIndex(jc.succeededIndexes, ix) || hasIndex(failed, ix) || activeIndexes.has(ix), (p) => this.finishedTime(p));
        // getPodCreationInfoForIndependentIndexes: indexes still in their own back-off wait.
        let minRemaining = Infinity;
        indexesToAdd = indexesToAdd.filter((ix) => {
          const remaining = getRemainingTimePerIndex(now, DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff, replaced.get(ix), (p) => this.finishedTime(p));
          if (remaining > 0) minRemaining = Math.min(minRemaining, remaining);
          return remaining <= 0;
        });
        if (minRemaining !== Infinity) this.queue.addAfter(key, Math.max(minRemaining, SyncJobBatchPeriod));
      }
      diff = indexesToAdd.length;
    }
    const created = slowStartBatch(diff, (i) => this.createPod(job, indexesToAdd[i] ?? unknownCompletionIndex, replaced.get(indexesToAdd[i] ?? unknownCompletionIndex)));
    return active + created;
  }

  /** `CreatePodsWithGenerateName` from the template, with the Job's labels, finalizer and completion index. */
  private createPod(job: StoredJob, completionIndex: number, replaced?: Pod): boolean {
    const { store, engine } = this.ctx;
    const template = cloneJson(job.spec?.template ?? {});
    const metadata = template.metadata ?? {};
    const labels: Record<string, string> = {
      ...(metadata.labels ?? {}),
      'batch.kubernetes.io/controller-uid': job.metadata.uid,
      'batch.kubernetes.io/job-name': job.metadata.name,
      'controller-uid': job.metadata.uid,
      'job-name': job.metadata.name,
    };
    const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
    const spec = template.spec ?? { containers: [] };
    let prefix = `${job.metadata.name}-`;
    if (completionIndex !== unknownCompletionIndex) {
      annotations[JobCompletionIndexAnnotation] = String(completionIndex);
      labels[JobCompletionIndexAnnotation] = String(completionIndex);
      spec.hostname = `${job.metadata.name}-${completionIndex}`;
      prefix = podGenerateNameWithIndex(job.metadata.name, completionIndex);
      if (hasBackoffLimitPerIndex(job)) {
        // addIndexFailureCountAnnotation: the index's failures so far travel with its next pod.
        const counts = getNewIndexFailureCounts(job, replaced);
        annotations[JobIndexFailureCountAnnotation] = String(counts.failureCount);
        if (counts.ignoredFailureCount > 0) annotations[JobIndexIgnoredFailureCountAnnotation] = String(counts.ignoredFailureCount);
      }
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) addCompletionIndexEnvVariable(c);
    }
    const podName = generateName(prefix, engine.rng('names'), (n) => !!store.get('Pod', job.metadata.namespace, n));
    const pod = defaultPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...metadata,
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        name: podName,
        generateName: prefix,
        namespace: job.metadata.namespace,
        finalizers: [...(metadata.finalizers ?? []).filter((f) => f !== JobTrackingFinalizer), JobTrackingFinalizer],
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec,
      status: { phase: 'Pending' },
    } as Record<string, unknown>) as Pod;
    try {
      store.create('Pod', pod);
    } catch (e) {
      this.event(job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
      return false;
    }
    this.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`);
    return true;
  }

  /**
   * `deleteJobPods` (finalizer removed first, so the pod is not counted) or `deleteActivePods` (finalizer kept: the
   * pod counts as failed). Returns how many were deleted, and how many of them were ready.
   */
  private deletePods(job: StoredJob, pods: readonly Stored<Pod>[], removeFinalizer: boolean): { deleted: number; deletedReady: number } {
    let deletedReady = 0;
    for (const pod of pods) {
      if (removeFinalizer) this.removeTrackingFinalizer(job, pod);
      const current = this.ctx.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
      if (current) deletePod(this.ctx.store, this.ctx.clock, this.ctx.engine.nowMs, current);
      this.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      if (isPodReady(pod)) deletedReady++;
    }
    return { deleted: pods.length, deletedReady };
  }

  private removeTrackingFinalizer(job: StoredJob, pod: Stored<Pod>): void {
    const held = this.heldByFinalizer.get(job.metadata.uid);
    if (held?.delete(pod.metadata.uid) && held.size === 0) this.heldByFinalizer.delete(job.metadata.uid);
    const current = this.ctx.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid || !hasJobTrackingFinalizer(current)) return;
    this.ctx.store.update<Pod>('Pod', current.metadata.namespace, current.metadata.name, (c) => {
      const finalizers = (c.metadata.finalizers ?? []).filter((f) => f !== JobTrackingFinalizer);
      const { finalizers: _dropped, ...rest } = c.metadata;
      return { ...c, metadata: finalizers.length > 0 ? { ...rest, finalizers } : rest };
    });
  }

  /** A finished Job's held pods are released (its sync will not count them any more). */
  private releaseHeld(job: StoredJob): void {
    this.heldByFinalizer.delete(job.metadata.uid);
  }

  /** `pastActiveDeadline`: activeDeadlineSeconds since startTime have passed (never while suspended). */
  private pastActiveDeadline(job: Job, startTime: string | undefined): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    if (ads === undefined || ads === null || startTime === undefined || jobSuspended(job)) return false;
    return this.ctx.engine.nowMs - this.ctx.clock.simMs(startTime) >= ads * 1000;
  }

  /**
   * `getFinishedTime` (ms): the Ready=False transition, else the latest container finish, else the deletion time
   * less its grace period, else the creation time.
   */
  private finishedTime(p: Pod): number {
    const { clock } = this.ctx;
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'False' && ready.lastTransitionTime) return clock.simMs(ready.lastTransitionTime);
    let latest = -Infinity;
    for (const s of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) {
      const t = s.state?.terminated?.finishedAt;
      if (t) latest = Math.max(latest, clock.simMs(t));
    }
    if (latest !== -Infinity) return latest;
    if (p.metadata?.deletionTimestamp) return clock.simMs(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    return p.metadata?.creationTimestamp ? clock.simMs(p.metadata.creationTimestamp) : this.ctx.engine.nowMs;
  }

  private newCondition(type: string, reason: string, message: string): JobCondition {
    const ts = this.ctx.clock.timestamp(this.ctx.engine.nowMs);
    return { type, status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason, message };
  }

  private event(job: StoredJob, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(involved(job), type, reason, message, { component: COMPONENT });
  }
}

/** Whether a pod update can move one of the Job's counts: phase, readiness, deletion, container restarts. */
function countsChanged(o: Pod, n: Pod): boolean {
  return o.status?.phase !== n.status?.phase || isPodReady(o) !== isPodReady(n) || o.metadata?.deletionTimestamp !== n.metadata?.deletionTimestamp || restarts(o) !== restarts(n);
}

function restarts(p: Pod): number {
  let n = 0;
  for (const s of p.status?.containerStatuses ?? []) n += s.restartCount;
  for (const s of p.status?.initContainerStatuses ?? []) n += s.restartCount;
  return n;
}

/** `getNewFinishedPods`: pods still holding the finalizer that have succeeded, and those that count as failed. */
export function getNewFinishedPods(job: Job, pods: readonly Stored<Pod>[]): { newSucceeded: Stored<Pod>[]; newFailed: Stored<Pod>[] } {
  const newSucceeded: Stored<Pod>[] = [];
  const newFailed: Stored<Pod>[] = [];
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  for (const p of pods) {
    if (!hasJobTrackingFinalizer(p)) continue;
    if (indexed) {
      const ix = getCompletionIndex(p.metadata.annotations);
      if (ix === unknownCompletionIndex || ix >= completions) continue;
    }
    if (p.status?.phase === 'Succeeded') newSucceeded.push(p);
    else if (isPodFailed(p, job)) newFailed.push(p);
  }
  return { newSucceeded, newFailed };
}

/** The completion indexes of an Indexed Job's succeeded pods (`calculateSucceededIndexes`' new part). */
function succeededIndexesOf(job: Job, pods: readonly Pod[]): number[] {
  const completions = job.spec?.completions ?? 0;
  const out: number[] = [];
  for (const p of pods) {
    if (p.status?.phase !== 'Succeeded') continue;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== unknownCompletionIndex && ix < completions) out.push(ix);
  }
  return out;
}

/** `getFailJobMessage`: the message of the first failed pod matching a FailJob rule. */
export function getFailJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  const policy = job.spec?.podFailurePolicy;
  if (!policy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(policy, p);
    if (m.jobFailureMessage !== undefined) return m.jobFailureMessage;
  }
  return undefined;
}

/**
 * `activePodsForRemoval`: an Indexed Job's pods with duplicate or out-of-range indexes first, then the rest in
 * `controller.ActivePods` order (unscheduled, pending, not ready before their opposites), `rmAtLeast` in all.
 */
export function activePodsForRemoval<P extends Pod>(job: Job, pods: readonly P[], rmAtLeast: number): P[] {
  const rm: P[] = [];
  let left: P[] = [...pods];
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    const seen = new Set<number>();
    left = [];
    const byIndex = [...pods].sort((a, b) => getCompletionIndex(a.metadata?.annotations) - getCompletionIndex(b.metadata?.annotations));
    for (const p of byIndex) {
      const ix = getCompletionIndex(p.metadata?.annotations);
      if (ix === unknownCompletionIndex || ix >= completions || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < rmAtLeast) {
    left.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
    rm.push(...left.slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

/** `ensureJobConditionStatus`: update the condition of `type` if it differs; never add one that is False. */
export function ensureJobConditionStatus(list: readonly JobCondition[], type: string, status: string, reason: string, message: string, now: string): { list: JobCondition[]; updated: boolean } {
  const i = list.findIndex((c) => c.type === type);
  const fresh: JobCondition = { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
  if (i >= 0) {
    const c = list[i]!;
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const out = [...list];
      out[i] = fresh;
      return { list: out, updated: true };
    }
    return { list: [...list], updated: false };
  }
  if (status !== 'False') return { list: [...list, fresh], updated: true };
  return { list: [...list], updated: false };
}

/** `addCompletionIndexEnvVariable`: JOB_COMPLETION_INDEX from the pod's completion-index annotation. */
function addCompletionIndexEnvVariable(c: Container): void {
  if ((c.env ?? []).some((e) => e.name === JobCompletionIndexEnvName)) return;
  c.env = [...(c.env ?? []), { name: JobCompletionIndexEnvName, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JobCompletionIndexAnnotation}']` } } }];
}

/** The indexes of ordered intervals, in order. */
function expandIntervals(intervals: readonly Interval[]): number[] {
  const out: number[] = [];
  for (const v of intervals) for (let ix = v.first; ix <= v.last; ix++) out.push(ix);
  return out;
}
