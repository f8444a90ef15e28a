/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): `syncCronJob` reconciles the active list
 * with the Jobs the CronJob owns, then, unless suspended, starts the most recent due schedule as Job
 * `<cronjob>-<minutes>` — or records why not (MissSchedule past startingDeadlineSeconds, JobAlreadyActive under
 * Forbid; Replace deletes the running Jobs first) — and requeues itself 100 ms past the next schedule.
 * `cleanupFinishedJobs` keeps successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs, oldest
 * deleted first.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { cloneJson } from '../../api/clone.ts';
import { CronSyntaxError, formatRfc1123ZUtc, formatRfc3339InZone, isValidTimeZone, parseStandard, type CronSchedule } from '../../api/cron.ts';
import { defaultJob } from '../../api/defaults.ts';
import type { Stored } from '../../cluster/store.ts';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { getJobName, nextScheduleTime, nextScheduleTimeDuration, type ScheduleInputs } from './utils.ts';

const COMPONENT = 'cronjob-controller';

/** `batchv1.CronJobScheduledTimestampAnnotation`. */
export const CronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

type StoredCronJob = Stored<CronJob>;
type CronJobStatus = NonNullable<CronJob['status']>;

export class CronJobController implements Controller {
  readonly name = COMPONENT;
  private ctx!: ControllerContext;
  private queue!: WorkQueue;
  /** Parsed schedules by `timeZone\u0000schedule` (a CronJob's schedule rarely changes). */
  private readonly schedules = new Map<string, CronSchedule | CronSyntaxError>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.sync(key));
    ctx.store.watch<CronJob>('CronJob', (e) => {
      if (e.type !== 'DELETED') this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    ctx.store.watch<Job>('Job', (e) => {
      const ref = (e.object.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === 'CronJob');
      if (!ref) return;
      if (e.type === 'MODIFIED' && e.old && finishedType(e.old) === finishedType(e.object)) return;
      this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    });
  }

  /** `sync`: one reconcile, the status write, and the requeue at the next schedule. */
  private sync(key: string): void {
    const { store } = this.ctx;
    const slash = key.indexOf('/');
    const cj = store.get<CronJob>('CronJob', key.slice(0, slash), key.slice(slash + 1));
    if (!cj) return;
    const jobs = store.ownedBy<Job>('Job', cj.metadata.uid);
    const status: CronJobStatus = cloneJson(cj.status ?? {});
    const r = this.syncCronJob(cj, status, jobs);
    this.cleanupFinishedJobs(cj, status, jobs);
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
      store.mutate<CronJob>('CronJob', cj.metadata.namespace, cj.metadata.name, (d) => {
        d.status = status;
      });
    }
    if (r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
  }

  /** `syncCronJob`: edits `status` in place; returns when to look again. */
  private syncCronJob(cj: StoredCronJob, status: CronJobStatus, jobs: readonly Stored<Job>[]): { requeueAfterMs?: number } {
    const { clock, engine } = this.ctx;
    const nowUnix = clock.epochMs + engine.nowMs;
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid);
      const found = (status.active ?? []).some((a) => a.uid === j.metadata.uid);
      const finished = finishedType(j);
      if (found && finished) {
        status.active = (status.active ?? []).filter((a) => a.uid !== j.metadata.uid);
        this.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
      } else if (finished && j.status?.completionTime) {
        // Finished Jobs need not be active; their completion time is the last success.
        if (!status.lastSuccessfulTime || clock.simMs(j.status.completionTime) > clock.simMs(status.lastSuccessfulTime)) status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    // Active Jobs that are gone.
    for (const a of [...(status.active ?? [])]) {
      if (children.has(a.uid ?? '')) continue;
      this.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
      status.active = (status.active ?? []).filter((x) => x.uid !== a.uid);
    }
    if (status.active?.length === 0) delete status.active;
    if (cj.metadata.deletionTimestamp) return {};
    const timeZone = cj.spec?.timeZone ?? undefined;
    if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
      this.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(timeZone)}: unknown time zone ${timeZone}`);
      return {};
    }
    if (cj.spec?.suspend) return {};
    const sched = this.schedule(cj.spec?.schedule ?? '', timeZone ?? 'UTC');
    if (sched instanceof CronSyntaxError) {
      this.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? '')} : ${sched.message}`);
      return {};
    }
    const inputs = this.scheduleInputs(cj, status);
    const requeue = () => {
      const t = nextScheduleTimeDuration(inputs, nowUnix, sched);
      return t === undefined ? {} : { requeueAfterMs: t };
    };
    const next = nextScheduleTime(inputs, nowUnix, sched);
    if (next.manyMissed) this.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    if (next.error !== undefined) {
      this.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${next.error}`);
      return {};
    }
    const scheduled = next.scheduledMs;
    if (scheduled === undefined) return requeue();
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < nowUnix) {
      this.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatRfc1123ZUtc(scheduled)}`);
      return requeue();
    }
    const name = getJobName(cj.metadata.name, scheduled);
    const lastScheduleMs = status.lastScheduleTime ? clock.epochMs + clock.simMs(status.lastScheduleTime) : undefined;
    if ((status.active ?? []).some((a) => a.name === name) || lastScheduleMs === scheduled) return requeue();
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (status.active ?? []).length > 0) {
      this.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return requeue();
    }
    if (policy === 'Replace') {
      for (const a of [...(status.active ?? [])]) {
        const job = jobs.find((j) => j.metadata.uid === a.uid);
        if (job) this.deleteJob(cj, status, job);
      }
    }
    const created = this.createJob(cj, name, scheduled, timeZone ?? 'UTC');
    if (!created) return {};
    status.active = [...(status.active ?? []), jobRef(created)];
    status.lastScheduleTime = clock.timestamp(scheduled - clock.epochMs);
    inputs.lastScheduleMs = scheduled;
    return requeue();
  }

  /** `getJobFromTemplate2` + `CreateJob`: the Job of one schedule, with the scheduled-timestamp annotation. */
  private createJob(cj: StoredCronJob, name: string, scheduledUnixMs: number, timeZone: string): Stored<Job> | undefined {
    const { store } = this.ctx;
    if (store.get('Job', cj.metadata.namespace, name)) return undefined;
    const jt = cloneJson(cj.spec?.jobTemplate ?? {});
    const job = defaultJob({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        ...(jt.metadata?.labels ? { labels: jt.metadata.labels } : {}),
        annotations: { ...(jt.metadata?.annotations ?? {}), [CronJobScheduledTimestampAnnotation]: formatRfc3339InZone(scheduledUnixMs, timeZone) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: jt.spec ?? {},
    } as Record<string, unknown>) as unknown as Job;
    const stored = store.create<Job>('Job', job);
    this.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
    return stored;
  }

  /**
   * `cleanupFinishedJobs` / `removeOldestJobs`: beyond the history limits, the finished Jobs that started first
   * (by status.startTime, then name) are deleted.
   */
  private cleanupFinishedJobs(cj: StoredCronJob, status: CronJobStatus, jobs: readonly Stored<Job>[]): void {
    const live = jobs.filter((j) => this.ctx.store.get('Job', j.metadata.namespace, j.metadata.name));
    const byType = (t: string) => live.filter((j) => finishedType(j) === t);
    this.removeOldestJobs(cj, status, byType('Complete'), cj.spec?.successfulJobsHistoryLimit);
    this.removeOldestJobs(cj, status, byType('Failed'), cj.spec?.failedJobsHistoryLimit);
  }

  private removeOldestJobs(cj: StoredCronJob, status: CronJobStatus, js: Stored<Job>[], maxJobs: number | undefined): void {
    if (maxJobs === undefined || maxJobs === null) return;
    const numToDelete = js.length - maxJobs;
    if (numToDelete <= 0) return;
    const { clock } = this.ctx;
    // byJobStartTime: jobs without a start time last; ties by name.
    const sorted = [...js].sort((a, b) => {
      const sa = a.status?.startTime;
      const sb = b.status?.startTime;
      if (sa === undefined || sb === undefined) return sa === sb ? (a.metadata.name < b.metadata.name ? -1 : 1) : sa === undefined ? 1 : -1;
      const d = clock.simMs(sa) - clock.simMs(sb);
      return d !== 0 ? d : a.metadata.name < b.metadata.name ? -1 : 1;
    });
    for (const j of sorted.slice(0, numToDelete)) this.deleteJob(cj, status, j);
  }

  /** `deleteJob`: background deletion, off the active list, `SuccessfulDelete`. */
  private deleteJob(cj: StoredCronJob, status: CronJobStatus, job: Stored<Job>): void {
    this.ctx.store.delete('Job', job.metadata.namespace, job.metadata.name);
    status.active = (status.active ?? []).filter((a) => a.uid !== job.metadata.uid);
    if (status.active.length === 0) delete status.active;
    this.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  }

  private schedule(spec: string, timeZone: string): CronSchedule | CronSyntaxError {
    const key = `${timeZone}\u0000${spec}`;
    let s = this.schedules.get(key);
    if (!s) {
      try {
        s = parseStandard(spec, timeZone);
      } catch (e) {
        if (!(e instanceof CronSyntaxError)) throw e;
        s = e;
      }
      this.schedules.set(key, s);
    }
    return s;
  }

  private scheduleInputs(cj: StoredCronJob, status: CronJobStatus): ScheduleInputs {
    const { clock } = this.ctx;
    const deadline = cj.spec?.startingDeadlineSeconds;
    return {
      creationMs: clock.epochMs + clock.simMs(cj.metadata.creationTimestamp ?? clock.timestamp(0)),
      ...(status.lastScheduleTime ? { lastScheduleMs: clock.epochMs + clock.simMs(status.lastScheduleTime) } : {}),
      ...(deadline !== undefined && deadline !== null ? { startingDeadlineSeconds: deadline } : {}),
    };
  }

  private event(cj: StoredCronJob, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(involved(cj), type, reason, message, { component: COMPONENT });
  }
}

/** `getFinishedStatus`: `Complete` or `Failed` when that condition is True. */
export function finishedType(job: Job): 'Complete' | 'Failed' | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

/** `getRef`: the Job's ObjectReference for `status.active`. */
function jobRef(job: Stored<Job>): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion };
}
