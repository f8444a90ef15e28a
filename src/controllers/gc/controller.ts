/**
 * The garbage collector (background cascading deletion): when an owner is deleted, every object whose
 * ownerReferences name it is deleted too; pods through graceful deletion, so their containers stop as the kubelet
 * stops them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { deletePod } from '../../cluster/pods.ts';
import type { Stored } from '../../cluster/store.ts';
import { Priority, type Controller, type ControllerContext } from '../context.ts';

/**
 * Kinds that own others in a simulation. Pods own the claims a StatefulSet's `whenScaled: Delete` retention
 * policy hands them.
 */
const OWNER_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Rollout', 'AnalysisRun', 'CronJob', 'Job', 'Pod'] as const;

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';

  start(ctx: ControllerContext): void {
    const pending: string[] = [];
    let scheduled = false;
    const drain = () => {
      scheduled = false;
      for (const uid of pending.splice(0).sort()) {
        for (const dep of ctx.store.dependents(uid)) {
          if (dep.kind === 'Pod') deletePod(ctx.store, ctx.clock, ctx.engine.nowMs, dep as Stored<Pod>);
          else {
            ctx.store.delete(dep.kind, dep.metadata.namespace, dep.metadata.name);
            pending.push(dep.metadata.uid);
          }
        }
      }
      if (pending.length > 0) drain();
    };
    for (const kind of OWNER_KINDS) {
      ctx.store.watch(kind, (e) => {
        if (e.type !== 'DELETED') return;
        pending.push(e.object.metadata.uid);
        if (!scheduled) {
          scheduled = true;
          ctx.engine.at(ctx.engine.nowMs, drain, { priority: Priority.GarbageCollector });
        }
      });
    }
  }
}
