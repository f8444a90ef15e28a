/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go): a finished
 * Job (Complete or Failed) with `ttlSecondsAfterFinished` is deleted that many seconds after the condition's
 * lastTransitionTime; its pods go with it through the garbage collector.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Stored } from '../../cluster/store.ts';
import { Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  private ctx!: ControllerContext;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.GarbageCollector, (key) => this.processJob(key));
    ctx.store.watch<Job>('Job', (e) => {
      if (e.type !== 'DELETED' && needsCleanup(e.object)) this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
  }

  /** `processJob`: deletes the Job once its TTL has expired, else requeues it for the moment it will. */
  private processJob(key: string): void {
    const { store, engine, clock } = this.ctx;
    const slash = key.indexOf('/');
    const job = store.get<Job>('Job', key.slice(0, slash), key.slice(slash + 1));
    if (!job || !needsCleanup(job)) return;
    const finishAt = jobFinishTime(job);
    if (finishAt === undefined) return;
    const expireAtMs = clock.simMs(finishAt) + job.spec!.ttlSecondsAfterFinished! * 1000;
    if (expireAtMs > engine.nowMs) {
      this.queue.addAfter(key, expireAtMs - engine.nowMs);
      return;
    }
    store.delete('Job', job.metadata.namespace, job.metadata.name);
  }
}

/** `needsCleanup`: a TTL is set and the Job has finished (and is not being deleted already). */
export function needsCleanup(job: Stored<Job> | Job): boolean {
  return job.spec?.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null && !job.metadata?.deletionTimestamp && jobFinishTime(job) !== undefined;
}

/** `jobFinishTime`: lastTransitionTime of the True Complete or Failed condition. */
export function jobFinishTime(job: Job): string | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.lastTransitionTime;
}
