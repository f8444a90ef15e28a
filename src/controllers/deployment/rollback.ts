/**
 * `kubectl rollout undo` for Deployments (kubectl's `DeploymentRollbacker`, the client-side rollback that replaced
 * the controller's deprecated rollback annotation): copy the chosen revision's pod template and annotations into
 * the Deployment; the controller then rolls out to it, reusing the old ReplicaSet with a new revision number.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { ControllerContext } from '../context.ts';
import {
  DefaultDeploymentUniqueLabelKey,
  EqualIgnoreHash,
  Revision,
  SetDeploymentAnnotationsTo,
} from './util.ts';

/** What a rollback did, with kubectl's wording. */
export interface RollbackResult {
  readonly ok: boolean;
  /** `rolled back`, `skipped rollback (current template already matches revision 2)`, or an error message. */
  readonly message: string;
  /** The revision rolled back to, when found. */
  readonly revision?: number;
}

/**
 * Rolls a Deployment back to `toRevision`, or (0 / unset) to the previous revision (the second highest), as
 * `kubectl rollout undo deployment/<name> [--to-revision=N]` does. A paused Deployment is refused, as kubectl does.
 */
export function rollbackDeployment(ctx: ControllerContext, namespace: string, name: string, toRevision = 0): RollbackResult {
  const d = ctx.store.get<Deployment>('Deployment', namespace, name);
  if (!d) return { ok: false, message: `deployments.apps "${name}" not found` };
  if (d.spec?.paused) {
    return { ok: false, message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  }
  const rsList = ctx.store
    .ownedBy<ReplicaSet>('ReplicaSet', d.metadata.uid)
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller === true));
  let target: ReplicaSet | undefined;
  let latestRevision = -1;
  let latest: ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of rsList) {
    const v = Revision(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        target = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        target = rs;
      }
    } else if (v === toRevision) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) return { ok: false, message: `unable to find specified revision ${toRevision} in history` };
  if (!target) return { ok: false, message: `no rollout history found for deployment "${name}"` };
  const revision = Revision(target) ?? 0;
  if (EqualIgnoreHash(target.spec?.template, d.spec?.template)) {
    return { ok: true, message: `skipped rollback (current template already matches revision ${revision})`, revision };
  }
  const template = structuredClone(target.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[DefaultDeploymentUniqueLabelKey];
  const annotations = SetDeploymentAnnotationsTo(d, target);
  ctx.store.mutate<Deployment>('Deployment', namespace, name, (draft) => {
    draft.spec!.template = template;
    draft.metadata.annotations = annotations;
  });
  ctx.decisions.add('deployment', `Deployment/${namespace}/${name}`, `rollout undo to revision ${revision}`, {
    replicaSet: target.metadata?.name ?? '',
    revision,
  });
  return { ok: true, message: 'rolled back', revision };
}
