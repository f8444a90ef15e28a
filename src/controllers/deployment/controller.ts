/**
 * The Deployment controller, after `pkg/controller/deployment/deployment_controller.go` (`syncDeployment`). It
 * watches Deployments, their ReplicaSets and pods, and for each Deployment key decides: paused → proportional
 * scaling only; scaling event → proportional scaling; otherwise the Recreate or RollingUpdate strategy.
 * Pods themselves are the ReplicaSet controller's business; this controller only sizes and annotates ReplicaSets.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { Priority, WorkQueue, involved, type Controller, type ControllerContext } from '../context.ts';
import { rolloutRecreate } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { SettledSyncs } from './settled.ts';
import { DeploymentControllerComponent, DeploymentSyncer, defaultedDeployment, type Dep } from './sync.ts';

export { rollbackDeployment, type RollbackResult } from './rollback.ts';

/** The Deployment controller. `start` subscribes to Deployment, ReplicaSet and Pod changes. */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private syncer: DeploymentSyncer | undefined;
  private settled: SettledSyncs | undefined;

  start(ctx: ControllerContext): void {
    // Every sync succeeds, so each is followed by upstream's handleErr(nil): Forget the key's rate-limit failures.
    const queue = new WorkQueue(ctx.engine, Priority.Deployment, (key) => {
      this.syncDeployment(key);
      this.syncer!.rateLimiter.Forget(key);
    });
    this.syncer = new DeploymentSyncer(ctx, queue);
    this.settled = new SettledSyncs(this.syncer);
    const enqueueOwner = (rs: ReplicaSet | undefined) => {
      const ref = rs?.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      if (ref && rs?.metadata?.namespace !== undefined) queue.add(`${rs.metadata.namespace}/${ref.name}`);
    };
    ctx.store.watch<Deployment>('Deployment', (e) => {
      if (e.type !== 'DELETED') queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    ctx.store.watch<ReplicaSet>('ReplicaSet', (e) => {
      enqueueOwner(e.object);
      if (e.old && e.old.metadata.ownerReferences !== e.object.metadata.ownerReferences) enqueueOwner(e.old);
    });
    // Recreate waits for old pods to be gone: a pod deletion may unblock it (upstream's deletePod handler).
    ctx.store.watch<Pod>('Pod', (e) => {
      if (e.type !== 'DELETED') return;
      const ref = e.object.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
      if (ref) enqueueOwner(ctx.store.get<ReplicaSet>('ReplicaSet', e.object.metadata.namespace, ref.name));
    });
    for (const d of ctx.store.list<Deployment>('Deployment')) queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
  }

  /** `syncDeployment` for one `namespace/name` key. */
  syncDeployment(key: string): void {
    const dc = this.syncer!;
    const [namespace, name] = splitKey(key);
    const stored = dc.ctx.store.get<Deployment>('Deployment', namespace, name);
    if (!stored) return;
    let d: Dep = defaultedDeployment(stored);
    const selector = d.spec?.selector;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      dc.ctx.events.record(involved(d), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', {
        component: DeploymentControllerComponent,
      });
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        dc.updateStatus(d, { ...(d.status ?? {}), observedGeneration: d.metadata.generation ?? 0 });
      }
      return;
    }
    const rsList = dc.getReplicaSetsForDeployment(d);
    const settled = this.settled!;
    if (settled.replay(stored, d, rsList)) return;
    settled.begin();
    if (d.metadata.deletionTimestamp) {
      const r = dc.getAllReplicaSetsAndSyncRevision(d, rsList, false);
      dc.syncDeploymentStatus([...r.oldRSs, r.newRS], r.newRS, r.d);
      return;
    }
    d = dc.checkPausedConditions(d);
    if (d.spec?.paused) {
      dc.sync(d, rsList);
      return;
    }
    const scaling = dc.isScalingEvent(d, rsList);
    d = scaling.d;
    if (scaling.scaling) {
      dc.sync(d, dc.getReplicaSetsForDeployment(d));
      return;
    }
    const current = dc.getReplicaSetsForDeployment(d);
    if (d.spec?.strategy?.type === 'Recreate') {
      rolloutRecreate(dc, d, current);
      return;
    }
    rolloutRolling(dc, d, current);
    settled.remember(stored, rsList);
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/** `kubectl rollout pause deployment/<name>`: sets spec.paused. */
export function pauseDeployment(ctx: ControllerContext, namespace: string, name: string): void {
  ctx.store.mutate<Deployment>('Deployment', namespace, name, (draft) => {
    draft.spec!.paused = true;
  });
}

/** `kubectl rollout resume deployment/<name>`: clears spec.paused. */
export function resumeDeployment(ctx: ControllerContext, namespace: string, name: string): void {
  ctx.store.mutate<Deployment>('Deployment', namespace, name, (draft) => {
    delete draft.spec!.paused;
  });
}
