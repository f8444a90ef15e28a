/**
 * The Rollout's ReplicaSets, after argo-rollouts `rollout/replicaset.go` and `rollout/sync.go`: finding and creating
 * the new RS (`<rollout>-<hash>`, labelled `rollouts-pod-template-hash`, created at 0 replicas), scaling with a
 * `ScalingReplicaSet` event and a decision-log entry, scale-down deadlines (`scale-down-deadline` annotation) and
 * scaling old ReplicaSets down. One {@link RolloutSync} carries everything a single sync reads and decides.
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec, Service } from 'kubernetes-types/core/v1';
import type { Rollout } from '../../api/argo.ts';
import type { Stored } from '../../cluster/store.ts';
import { involved, type ControllerContext } from '../context.ts';
import { ComputeHash } from '../deployment/util.ts';
import { DefaultRolloutUniqueLabelKey, GetReplicasOrDefault } from './canary-math.ts';
import type { RolloutStatus, RolloutView } from './types.ts';

/** `rollout.argoproj.io/revision` on the Rollout and its ReplicaSets. */
export const RevisionAnnotation = 'rollout.argoproj.io/revision';
/** `rollout.argoproj.io/desired-replicas`: spec.replicas of the Rollout when the RS was last scaled. */
export const DesiredReplicasAnnotation = 'rollout.argoproj.io/desired-replicas';
/** `scale-down-deadline`: RFC 3339 time after which an old RS is scaled to 0. */
export const ScaleDownDeadlineAnnotation = 'scale-down-deadline';
/** The event source, as the Argo controller names itself. */
export const RolloutsComponent = { component: 'rollouts-controller' };

/** Everything one sync of one Rollout reads and decides; `status` is the new status being built. */
export interface RolloutSync {
  readonly ctx: ControllerContext;
  readonly ro: Stored<Rollout>;
  /** spec (template resolved from workloadRef) and the new status. */
  readonly view: RolloutView;
  readonly status: RolloutStatus;
  readonly template: PodTemplateSpec;
  readonly hash: string;
  newRS: Stored<ReplicaSet> | undefined;
  stableRS: Stored<ReplicaSet> | undefined;
  /** Every owned RS that is neither new nor stable, highest revision first. */
  otherRSs: Stored<ReplicaSet>[];
  /** The smallest delay (ms) after which this Rollout must be synced again (Infinity: none). */
  requeueAfterMs: number;
}

/** The revision number of an RS (0 when unannotated). */
export function revisionOf(rs: ReplicaSet | undefined): number {
  return Number(rs?.metadata?.annotations?.[RevisionAnnotation] ?? 0) || 0;
}

/** The pod-template hash label of an RS. */
export function hashOf(rs: ReplicaSet | undefined): string | undefined {
  return rs?.metadata?.labels?.[DefaultRolloutUniqueLabelKey];
}

/** Asks for another sync after `delayMs`. */
export function requeueAfter(s: RolloutSync, delayMs: number): void {
  s.requeueAfterMs = Math.min(s.requeueAfterMs, Math.max(0, delayMs));
}

/** The hash of a Rollout's template, as Argo computes it (`controller.ComputeHash` with the collision count). */
export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  return ComputeHash(template, collisionCount);
}

/**
 * `createNewReplicaSet`: `<rollout>-<hash>` at 0 replicas, its template and selector carrying the hash label,
 * revision = highest existing + 1, owned by the Rollout.
 */
export function createNewReplicaSet(s: RolloutSync, all: readonly Stored<ReplicaSet>[]): Stored<ReplicaSet> {
  const { ctx, ro, hash, template } = s;
  const revision = Math.max(0, ...all.map(revisionOf)) + 1;
  const name = `${ro.metadata.name}-${hash}`;
  const labels = { ...(template.metadata?.labels ?? {}), [DefaultRolloutUniqueLabelKey]: hash };
  const rs = ctx.store.create<ReplicaSet>('ReplicaSet', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ro.metadata.namespace,
      labels,
      annotations: {
        [RevisionAnnotation]: String(revision),
        [DesiredReplicasAnnotation]: String(GetReplicasOrDefault(ro.spec?.replicas)),
      },
      ownerReferences: [
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: ro.metadata.name, uid: ro.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      replicas: 0,
      minReadySeconds: ro.spec?.minReadySeconds ?? 0,
      selector: {
        ...(s.view.spec.selector ?? {}),
        matchLabels: { ...(s.view.spec.selector?.matchLabels ?? template.metadata?.labels ?? {}), [DefaultRolloutUniqueLabelKey]: hash },
      },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  });
  ctx.events.record(involved(ro), 'Normal', 'NewReplicaSetCreated', `Created ReplicaSet ${name} (revision ${revision})`, RolloutsComponent);
  ctx.decisions.add('rollout', `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`, `created ReplicaSet ${name} (revision ${revision}) at 0 replicas for the new pod template`, {
    replicaSet: name,
    revision,
  });
  return rs;
}

/**
 * `scaleReplicaSetAndRecordEvent`: sets spec.replicas (and the desired-replicas annotation), records
 * `Scaled up|down ReplicaSet <name> (revision N) from a to b` and a decision saying why. Returns the new RS, or the
 * same one when nothing changed.
 */
export function scaleReplicaSet(s: RolloutSync, rs: Stored<ReplicaSet>, replicas: number, why: string): Stored<ReplicaSet> {
  const { ctx, ro } = s;
  const from = rs.spec?.replicas ?? 0;
  const desired = String(GetReplicasOrDefault(ro.spec?.replicas));
  if (from === replicas && rs.metadata.annotations?.[DesiredReplicasAnnotation] === desired) return rs;
  const updated = ctx.store.mutate<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name, (d) => {
    d.spec!.replicas = replicas;
    (d.metadata.annotations ??= {})[DesiredReplicasAnnotation] = desired;
  });
  if (from !== replicas) {
    const dir = replicas > from ? 'up' : 'down';
    ctx.events.record(
      involved(ro),
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${dir} ReplicaSet ${rs.metadata.name} (revision ${revisionOf(rs)}) from ${from} to ${replicas}`,
      RolloutsComponent,
    );
    ctx.decisions.add('rollout', `Rollout/${ro.metadata.namespace}/${ro.metadata.name}`, `scaled ${rs.metadata.name} ${from} → ${replicas}: ${why}`, {
      replicaSet: rs.metadata.name,
      from,
      to: replicas,
      step: s.status.currentStepIndex ?? null,
      reason: why,
    });
  }
  if (s.newRS?.metadata.name === updated.metadata.name) s.newRS = updated;
  if (s.stableRS?.metadata.name === updated.metadata.name) s.stableRS = updated;
  s.otherRSs = s.otherRSs.map((r) => (r.metadata.name === updated.metadata.name ? updated : r));
  return updated;
}

/** Sets or clears an RS's scale-down deadline annotation. */
export function setScaleDownDeadline(s: RolloutSync, rs: Stored<ReplicaSet>, deadline: string | undefined): Stored<ReplicaSet> {
  if (rs.metadata.annotations?.[ScaleDownDeadlineAnnotation] === deadline) return rs;
  const updated = s.ctx.store.mutate<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name, (d) => {
    if (deadline === undefined) delete d.metadata.annotations?.[ScaleDownDeadlineAnnotation];
    else (d.metadata.annotations ??= {})[ScaleDownDeadlineAnnotation] = deadline;
  });
  if (s.newRS?.metadata.name === updated.metadata.name) s.newRS = updated;
  if (s.stableRS?.metadata.name === updated.metadata.name) s.stableRS = updated;
  s.otherRSs = s.otherRSs.map((r) => (r.metadata.name === updated.metadata.name ? updated : r));
  return updated;
}

/**
 * Scales an RS down after a delay: annotate it with `now + delaySeconds` the first time, keep it up until then,
 * then scale it to 0 and drop the annotation. Returns whether the RS's scale changed in this call.
 */
export function scaleDownWithDelay(s: RolloutSync, rs: Stored<ReplicaSet>, delaySeconds: number, why: string): boolean {
  const { ctx } = s;
  if ((rs.spec?.replicas ?? 0) === 0) {
    if (rs.metadata.annotations?.[ScaleDownDeadlineAnnotation] !== undefined) setScaleDownDeadline(s, rs, undefined);
    return false;
  }
  const now = ctx.engine.nowMs;
  const annotated = rs.metadata.annotations?.[ScaleDownDeadlineAnnotation];
  if (annotated === undefined) {
    if (delaySeconds <= 0) {
      scaleReplicaSet(s, rs, 0, why);
      return true;
    }
    setScaleDownDeadline(s, rs, ctx.clock.timestamp(now + delaySeconds * 1000));
    requeueAfter(s, delaySeconds * 1000);
    ctx.decisions.add('rollout', `Rollout/${s.ro.metadata.namespace}/${s.ro.metadata.name}`, `${rs.metadata.name} will be scaled down in ${delaySeconds}s: ${why}`, {
      replicaSet: rs.metadata.name,
      delaySeconds,
    });
    return false;
  }
  const deadlineMs = ctx.clock.simMs(annotated);
  if (now < deadlineMs) {
    requeueAfter(s, deadlineMs - now);
    return false;
  }
  const scaled = scaleReplicaSet(s, rs, 0, `${why}; scale-down deadline ${annotated} passed`);
  setScaleDownDeadline(s, scaled, undefined);
  return true;
}

/**
 * `isReplicaSetReferenced`: whether anything still points at the RS, judged from the Rollout's status as it was at
 * the start of this sync (stable RS, current pod hash, blue-green active/preview selectors, both traffic-weight
 * hashes) and from the live Services' `rollouts-pod-template-hash` selectors (canary stable/canary services, or
 * blue-green active/preview). A Service that cannot be found counts as referencing it, as upstream.
 */
export function isReplicaSetReferenced(s: RolloutSync, rs: ReplicaSet): boolean {
  const rsPodHash = hashOf(rs);
  if (!rsPodHash) return false;
  const st = (s.ro.status ?? {}) as RolloutStatus;
  if (rsPodHash === st.stableRS || rsPodHash === st.currentPodHash) return true;
  if (rsPodHash === st.blueGreen?.activeSelector || rsPodHash === st.blueGreen?.previewSelector) return true;
  const weights = st.canary?.weights;
  if (weights && (rsPodHash === weights.canary.podTemplateHash || rsPodHash === weights.stable.podTemplateHash)) return true;
  const strategy = s.view.spec.strategy;
  const services = strategy.canary ? [strategy.canary.stableService, strategy.canary.canaryService] : [strategy.blueGreen?.activeService, strategy.blueGreen?.previewService];
  for (const name of services) {
    if (!name) continue;
    const svc = s.ctx.store.get<Service>('Service', s.ro.metadata.namespace, name);
    if (!svc || svc.spec?.selector?.[DefaultRolloutUniqueLabelKey] === rsPodHash) return true;
  }
  return false;
}
