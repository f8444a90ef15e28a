/**
 * The StatefulSet controller's loop (pkg/controller/statefulset/stateful_set.go): watches StatefulSets and the
 * pods they own, and syncs each set through {@link StatefulSetControl}. A set's pods are those it controls whose
 * names parse as `<set>-<ordinal>` (`isMemberOf`). The HPA scales a StatefulSet through `spec.replicas` (its scale
 * subresource), as it does a Deployment.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { watchControlledPods } from '../owned-pods.ts';
import { StatefulSetControl } from './control.ts';
import { StatefulPodControl } from './pod-control.ts';
import { isMemberOf } from './utils.ts';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  private ctx!: ControllerContext;
  private queue!: WorkQueue;
  private control!: StatefulSetControl;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.control = new StatefulSetControl(ctx, new StatefulPodControl(ctx));
    // The workload controllers' step: after the HPA has set replicas, before the scheduler places new pods.
    this.queue = new WorkQueue(ctx.engine, Priority.ReplicaSet, (key) => this.sync(key));
    ctx.store.watch<StatefulSet>('StatefulSet', (e) => {
      if (e.type !== 'DELETED') this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    watchControlledPods(ctx.store, 'StatefulSet', (key) => this.queue.add(key));
  }

  /** `sync` → `syncStatefulSet`: one reconcile of the set `namespace/name`. */
  private sync(key: string): void {
    const { store, engine } = this.ctx;
    const slash = key.indexOf('/');
    const set = store.get<StatefulSet>('StatefulSet', key.slice(0, slash), key.slice(slash + 1));
    if (!set) return;
    const pods = store.ownedBy<Pod>('Pod', set.metadata.uid).filter((p) => isMemberOf(set, p));
    const { nextAvailableAtMs } = this.control.updateStatefulSetAndStatus(set, pods);
    if (nextAvailableAtMs !== undefined) this.queue.addAfter(key, nextAvailableAtMs - engine.nowMs);
  }
}
