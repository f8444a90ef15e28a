/**
 * Shared machinery of the Deployment controller, after `pkg/controller/deployment/sync.go`: finding/creating the new
 * ReplicaSet and syncing revisions, scaling a ReplicaSet (with its ScalingReplicaSet event), proportional scaling for
 * paused Deployments and scaling events, revision-history clean-up and status calculation.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { ControllerContext, WorkQueue } from '../context.ts';
import { involved } from '../context.ts';
import { DefaultControllerRateLimiter, type RateLimiter } from '../ratelimit.ts';
import { StoreError, type Stored } from '../../cluster/store.ts';
import { canonicalEqual } from '../../engine/canonical.ts';
import type { SettledRollout, SettledSyncs } from './settled.ts';
import {
  ComputeHash,
  DefaultDeploymentUniqueLabelKey,
  DesiredReplicasAnnotation,
  EqualIgnoreHash,
  FilterActiveReplicaSets,
  FindActiveOrLatest,
  FindNewReplicaSet,
  FoundNewRSReason,
  GetActualReplicaCountForReplicaSets,
  GetAvailableReplicaCountForReplicaSets,
  GetDeploymentCondition,
  GetProportion,
  GetReadyReplicaCountForReplicaSets,
  GetReplicaCountForReplicaSets,
  HasProgressDeadline,
  HasRevisionHistoryLimit,
  IsRollingUpdate,
  IsSaturated,
  MaxRevision,
  MaxRevHistoryLengthInChars,
  MaxSurge,
  MaxUnavailable,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewDeploymentCondition,
  NewReplicaSetReason,
  NewRSNewReplicas,
  PausedDeployReason,
  ReplicasAnnotationsNeedUpdate,
  ResumedDeployReason,
  RevisionAnnotation,
  SetDeploymentCondition,
  SetNewReplicaSetAnnotations,
  SetReplicasAnnotations,
  TimedOutReason,
  compareByCreationTimestamp,
  compareByRevision,
  compareBySizeNewer,
  compareBySizeOlder,
  getNonNegativeInt32FromAnnotation,
  setDefaultsDeployment,
  specReplicas,
  templateWithHashOf,
} from './util.ts';

/** A stored ReplicaSet. */
export type RS = Stored<ReplicaSet>;
/** A stored Deployment, with API defaults applied (see {@link setDefaultsDeployment}). */
export type Dep = Stored<Deployment>;

/** The event source component, as upstream's recorder names it. */
export const DeploymentControllerComponent = 'deployment-controller';

/**
 * `setDefaultsDeployment` of a stored Deployment, computed once per stored version: stored objects never change in
 * place, so the defaulted copy stays valid until the next write, and a Deployment waiting for its pods is synced
 * every 100 ms (the rate-limited requeue).
 */
export function defaultedDeployment(stored: Stored<Deployment>): Dep {
  let d = defaulted.get(stored);
  if (d === undefined) {
    d = setDefaultsDeployment(stored);
    defaulted.set(stored, d);
  }
  return d;
}
const defaulted = new WeakMap<Stored<Deployment>, Dep>();

/**
 * For each RS annotations object, the Deployment annotations and revision with which {@link SetNewReplicaSetAnnotations}
 * last found nothing to write: the function is pure, so the same three inputs again mean no write again, without
 * copying the annotations to find out.
 */
const annotationsInSync = new WeakMap<Record<string, string>, { deployment: Record<string, string> | undefined; revision: string }>();

/** The `kind/namespace/name` key the decision log uses for a Deployment. */
export function decisionObject(d: Dep): string {
  return `Deployment/${d.metadata.namespace}/${d.metadata.name}`;
}

/** One Deployment controller instance's access to the cluster: the store, the clock, events, decisions, requeues. */
export class DeploymentSyncer {
  constructor(
    readonly ctx: ControllerContext,
    readonly queue: WorkQueue,
    /** The queue's rate limiter (client-go's default), for `enqueueRateLimited`. */
    readonly rateLimiter: RateLimiter = DefaultControllerRateLimiter(),
  ) {}

  /**
   * What the last syncRolloutStatus found when it had nothing to write (undefined when it wrote): read by
   * {@link SettledSyncs} to remember a sync that changed nothing.
   */
  settledRollout: SettledRollout | undefined;

  /** `enqueueRateLimited` (the queue's `AddRateLimited`): requeues the Deployment after the rate limiter's delay. */
  enqueueRateLimited(d: Dep): void {
    const key = this.key(d);
    this.queue.addAfter(key, this.rateLimiter.When(key, this.ctx.engine.nowMs));
  }

  private timestampMs = NaN;
  private timestampText = '';

  /** Current simulated time as an RFC 3339 timestamp (what conditions carry), formatted once per instant. */
  nowTimestamp(): string {
    const nowMs = this.ctx.engine.nowMs;
    if (nowMs !== this.timestampMs) {
      this.timestampText = this.ctx.clock.timestamp(nowMs);
      this.timestampMs = nowMs;
    }
    return this.timestampText;
  }

  /** Current simulated time in Unix ms (comparable with parsed timestamps). */
  nowUnixMs(): number {
    return this.ctx.clock.epochMs + this.ctx.engine.nowMs;
  }

  /** Work-queue key of a Deployment. */
  key(d: Dep): string {
    return `${d.metadata.namespace}/${d.metadata.name}`;
  }

  /** Writes a Deployment change and returns the stored result with defaults applied. */
  updateDeployment(d: Dep, recipe: (draft: Deployment) => void): Dep {
    const next = this.ctx.store.mutate<Deployment>('Deployment', d.metadata.namespace, d.metadata.name, (draft) => {
      recipe(draft as Deployment);
    });
    return defaultedDeployment(next);
  }

  /** Replaces the Deployment's status (no write when it is unchanged). */
  updateStatus(d: Dep, status: DeploymentStatus): Dep {
    if (canonicalEqual(d.status ?? {}, status)) return d;
    // One new object, not an immer draft: the status is replaced whole.
    const next = this.ctx.store.update<Deployment>('Deployment', d.metadata.namespace, d.metadata.name, (cur) => ({ ...cur, status }));
    return defaultedDeployment(next);
  }

  /**
   * `scaleReplicaSetAndRecordEvent`: scales a RS when its size differs; returns whether it was scaled and the
   * current object.
   */
  scaleReplicaSetAndRecordEvent(rs: RS, newScale: number, d: Dep, why: string): { scaled: boolean; rs: RS } {
    if ((rs.spec?.replicas ?? 0) === newScale) return { scaled: false, rs };
    const op = (rs.spec?.replicas ?? 0) < newScale ? 'up' : 'down';
    return this.scaleReplicaSet(rs, newScale, d, op, why);
  }

  /**
   * `scaleReplicaSet`: writes the new size and refreshes the desired/max-replicas annotations; records
   * `Scaled <op> replica set <name> from <a> to <b>` when the size changed.
   */
  scaleReplicaSet(rs: RS, newScale: number, d: Dep, scalingOperation: string, why: string): { scaled: boolean; rs: RS } {
    const oldScale = rs.spec?.replicas ?? 0;
    const sizeNeedsUpdate = oldScale !== newScale;
    const replicas = specReplicas(d);
    const maxReplicas = replicas + MaxSurge(d);
    const annotationsNeedUpdate = ReplicasAnnotationsNeedUpdate(rs, replicas, maxReplicas);
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
    // One new object, not an immer draft, sharing what did not change as a draft would: a new spec only for a new
    // size (so an annotation refresh alone does not bump the generation), new annotations only when they differ.
    const updated = this.ctx.store.update<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name, (cur) => {
      const spec = cur.spec === undefined ? { selector: {}, replicas: newScale } : cur.spec.replicas === newScale ? cur.spec : { ...cur.spec, replicas: newScale };
      const current = cur.metadata.annotations;
      const annotations = { ...current };
      const metadata = SetReplicasAnnotations(annotations, replicas, maxReplicas) || current === undefined ? { ...cur.metadata, annotations } : cur.metadata;
      return spec === cur.spec && metadata === cur.metadata ? cur : { ...cur, metadata, spec };
    });
    if (sizeNeedsUpdate) {
      this.ctx.events.record(
        involved(d),
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${scalingOperation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
        { component: DeploymentControllerComponent },
      );
      this.ctx.decisions.add('deployment', decisionObject(d), `scaled ${scalingOperation} ${rs.metadata.name} ${oldScale} → ${newScale}: ${why}`, {
        replicaSet: rs.metadata.name,
        from: oldScale,
        to: newScale,
      });
    }
    return { scaled: sizeNeedsUpdate, rs: updated };
  }

  /** The ReplicaSets this Deployment controls, sorted by name. */
  getReplicaSetsForDeployment(d: Dep): RS[] {
    return this.ctx.store
      .ownedBy<ReplicaSet>('ReplicaSet', d.metadata.uid)
      .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller === true));
  }

  /**
   * `getAllReplicaSetsAndSyncRevision`: the new RS (created when `createIfNotExisted`) and all old RSs; syncs the
   * new RS's revision and the Deployment's revision annotation. Returns the possibly updated Deployment.
   */
  getAllReplicaSetsAndSyncRevision(
    d: Dep,
    rsList: readonly RS[],
    createIfNotExisted: boolean,
  ): { d: Dep; newRS: RS | undefined; oldRSs: RS[] } {
    const existing = FindNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const r = this.getNewReplicaSet(d, rsList, oldRSs, createIfNotExisted);
    return { d: r.d, newRS: r.newRS, oldRSs };
  }

  /** `getNewReplicaSet`; see {@link getAllReplicaSetsAndSyncRevision}. */
  getNewReplicaSet(d: Dep, rsList: readonly RS[], oldRSs: readonly RS[], createIfNotExisted: boolean): { d: Dep; newRS: RS | undefined } {
    const existingNewRS = FindNewReplicaSet(d, rsList);
    const newRevision = String(MaxRevision(oldRSs) + 1);

    if (existingNewRS) {
      let rs = existingNewRS;
      const rsAnnotations = existingNewRS.metadata.annotations;
      const minReadySecondsNeedsUpdate = (existingNewRS.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      const inSync = rsAnnotations && annotationsInSync.get(rsAnnotations);
      let annotationsUpdated = false;
      let annotations: Record<string, string> | undefined;
      if (minReadySecondsNeedsUpdate || !inSync || inSync.deployment !== d.metadata.annotations || inSync.revision !== newRevision) {
        // Upstream deep-copies the RS; SetNewReplicaSetAnnotations only writes its annotations, so copying those
        // (not the whole template, on every sync of every Deployment) leaves the stored object just as untouched.
        const copy: ReplicaSet = { ...existingNewRS, metadata: { ...existingNewRS.metadata, annotations: { ...rsAnnotations } } };
        annotationsUpdated = SetNewReplicaSetAnnotations(d, copy, newRevision, true, MaxRevHistoryLengthInChars);
        annotations = copy.metadata!.annotations!;
        if (!annotationsUpdated && rsAnnotations) annotationsInSync.set(rsAnnotations, { deployment: d.metadata.annotations, revision: newRevision });
      }
      if (annotationsUpdated || minReadySecondsNeedsUpdate) {
        rs = this.ctx.store.mutate<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name, (draft) => {
          draft.metadata.annotations = annotations!;
          if (minReadySecondsNeedsUpdate) draft.spec!.minReadySeconds = d.spec?.minReadySeconds ?? 0;
        });
      }
      const revision = rs.metadata.annotations?.[RevisionAnnotation] ?? '';
      let status = d.status ?? {};
      if (HasProgressDeadline(d) && !GetDeploymentCondition(status, 'Progressing')) {
        status = SetDeploymentCondition(
          status,
          NewDeploymentCondition('Progressing', 'True', FoundNewRSReason, `Found new replica set "${rs.metadata.name}"`, this.nowTimestamp()),
        );
      }
      if (d.metadata.annotations?.[RevisionAnnotation] !== revision || status !== (d.status ?? {})) {
        d = this.updateDeployment(d, (draft) => {
          (draft.metadata!.annotations ??= {})[RevisionAnnotation] = revision;
          draft.status = status;
        });
      }
      return { d, newRS: rs };
    }

    if (!createIfNotExisted) return { d, newRS: undefined };

    const template = structuredClone(d.spec?.template ?? {});
    const hash = ComputeHash(template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [DefaultDeploymentUniqueLabelKey]: hash } };
    templateWithHashOf(template, d.spec?.template);
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [DefaultDeploymentUniqueLabelKey]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const newReplicasCount = NewRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = newReplicasCount;
    SetNewReplicaSetAnnotations(d, newRS, newRevision, false, MaxRevHistoryLengthInChars);

    let created: RS;
    let alreadyExists = false;
    try {
      created = this.ctx.store.create<ReplicaSet>('ReplicaSet', newRS);
    } catch (e) {
      if (!(e instanceof StoreError) || e.reason !== 'AlreadyExists') throw e;
      const rs = this.ctx.store.get<ReplicaSet>('ReplicaSet', d.metadata.namespace, newRS.metadata!.name!)!;
      const ref = rs.metadata.ownerReferences?.find((r) => r.controller);
      if (ref?.uid === d.metadata.uid && EqualIgnoreHash(d.spec?.template, rs.spec?.template)) {
        created = rs;
        alreadyExists = true;
      } else {
        // A foreign RS holds the name: bump collisionCount so the next sync hashes to a different name.
        this.ctx.decisions.add('deployment', decisionObject(d), `hash collision on ${newRS.metadata!.name}; collisionCount + 1`, {});
        const collisionCount = (d.status?.collisionCount ?? 0) + 1;
        this.updateStatus(d, { ...(d.status ?? {}), collisionCount });
        this.queue.add(this.key(d));
        return { d, newRS: undefined };
      }
    }
    if (!alreadyExists) {
      this.ctx.decisions.add('deployment', decisionObject(d), `created ${created.metadata.name} (revision ${newRevision}) at ${newReplicasCount}`, {
        replicaSet: created.metadata.name,
        revision: Number(newRevision),
        replicas: newReplicasCount,
        podTemplateHash: hash,
      });
    }
    if (!alreadyExists && newReplicasCount > 0) {
      this.ctx.events.record(
        involved(d),
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`,
        { component: DeploymentControllerComponent },
      );
    }
    let status = d.status ?? {};
    if (!alreadyExists && HasProgressDeadline(d)) {
      status = SetDeploymentCondition(
        status,
        NewDeploymentCondition('Progressing', 'True', NewReplicaSetReason, `Created new replica set "${created.metadata.name}"`, this.nowTimestamp()),
      );
    }
    if (d.metadata.annotations?.[RevisionAnnotation] !== newRevision || status !== (d.status ?? {})) {
      d = this.updateDeployment(d, (draft) => {
        (draft.metadata!.annotations ??= {})[RevisionAnnotation] = newRevision;
        draft.status = status;
      });
    }
    return { d, newRS: created };
  }

  /**
   * `sync`: for paused Deployments and scaling events: proportional scaling, history clean-up when paused, then
   * status.
   */
  sync(d: Dep, rsList: readonly RS[]): void {
    const r = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    d = r.d;
    this.scale(d, r.newRS, r.oldRSs);
    if (d.spec?.paused) this.cleanupDeployment(r.oldRSs, d);
    this.syncDeploymentStatus([...r.oldRSs, r.newRS], r.newRS, d);
  }

  /**
   * `scale`: resize the only active RS; or, when the new RS is saturated, drop the old ones; or spread the change
   * over all active RSs in proportion to their size (RollingUpdate).
   * Worked example (sync.go): 10 replicas, surge 3, stuck at new 5 / old 8 (13 pods), scaled to 15 → allowed 18,
   * toAdd 5; old gets round(8×18/13)−8 = 3, new round(5×18/13)−5 = 2 → old 11, new 7.
   */
  scale(d: Dep, newRS: RS | undefined, oldRSs: readonly RS[]): void {
    const replicas = specReplicas(d);
    const activeOrLatest = FindActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if ((activeOrLatest.spec?.replicas ?? 0) === replicas) return;
      this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicas, d, `only active replica set; deployment scaled to ${replicas}`);
      return;
    }
    if (IsSaturated(d, newRS)) {
      for (const old of FilterActiveReplicaSets(oldRSs)) {
        this.scaleReplicaSetAndRecordEvent(old, 0, d, `new replica set ${newRS!.metadata.name} is saturated`);
      }
      return;
    }
    if (!IsRollingUpdate(d)) return;
    const allRSs = FilterActiveReplicaSets<RS>([...oldRSs, newRS]);
    const allRSsReplicas = GetReplicaCountForReplicaSets(allRSs);
    const allowedSize = replicas > 0 ? replicas + MaxSurge(d) : 0;
    const toAdd = allowedSize - allRSsReplicas;
    let scalingOperation = '';
    if (toAdd > 0) {
      allRSs.sort(compareBySizeNewer);
      scalingOperation = 'up';
    } else if (toAdd < 0) {
      allRSs.sort(compareBySizeOlder);
      scalingOperation = 'down';
    }
    let added = 0;
    const nameToSize = new Map<string, number>();
    for (const rs of allRSs) {
      if (toAdd !== 0) {
        const proportion = GetProportion(rs, d, toAdd, added);
        nameToSize.set(rs.metadata.name, (rs.spec?.replicas ?? 0) + proportion);
        added += proportion;
      } else nameToSize.set(rs.metadata.name, rs.spec?.replicas ?? 0);
    }
    allRSs.forEach((rs, i) => {
      if (i === 0 && toAdd !== 0) {
        // Leftovers from rounding go to (or come from) the largest RS.
        const leftover = toAdd - added;
        nameToSize.set(rs.metadata.name, Math.max(0, nameToSize.get(rs.metadata.name)! + leftover));
      }
      this.scaleReplicaSet(
        rs,
        nameToSize.get(rs.metadata.name)!,
        d,
        scalingOperation,
        `proportional scaling: allowed ${allowedSize} (replicas ${replicas} + maxSurge ${MaxSurge(d)}), had ${allRSsReplicas}, to add ${toAdd}`,
      );
    });
  }

  /** `isScalingEvent`: an active RS's desired-replicas annotation differs from spec.replicas. */
  isScalingEvent(d: Dep, rsList: readonly RS[]): { d: Dep; scaling: boolean } {
    const r = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of FilterActiveReplicaSets<RS>([...r.oldRSs, r.newRS])) {
      const desired = getNonNegativeInt32FromAnnotation(rs, DesiredReplicasAnnotation);
      if (desired === undefined) continue;
      if (desired !== specReplicas(r.d)) return { d: r.d, scaling: true };
    }
    return { d: r.d, scaling: false };
  }

  /**
   * `checkPausedConditions`: pausing or resuming resets the progress clock by setting Progressing=Unknown with
   * DeploymentPaused / DeploymentResumed (not once the deadline was exceeded).
   */
  checkPausedConditions(d: Dep): Dep {
    if (!HasProgressDeadline(d)) return d;
    const cond = GetDeploymentCondition(d.status, 'Progressing');
    if (cond?.reason === TimedOutReason) return d;
    const pausedCondExists = cond?.reason === PausedDeployReason;
    let status = d.status ?? {};
    if (d.spec?.paused && !pausedCondExists) {
      status = SetDeploymentCondition(status, NewDeploymentCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', this.nowTimestamp()));
    } else if (!d.spec?.paused && pausedCondExists) {
      status = SetDeploymentCondition(status, NewDeploymentCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', this.nowTimestamp()));
    } else return d;
    return this.updateStatus(d, status);
  }

  /**
   * `cleanupDeployment`: deletes the oldest (by revision) old RSs beyond revisionHistoryLimit, skipping any that still
   * have pods or whose status is behind their spec (they are skipped, not replaced by later ones).
   */
  cleanupDeployment(oldRSs: readonly RS[], d: Dep): void {
    if (!HasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
    if (diff <= 0) return;
    cleanable.sort(compareByRevision);
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      this.ctx.store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      this.ctx.decisions.add('deployment', decisionObject(d), `deleted old replica set ${rs.metadata.name}: beyond revisionHistoryLimit ${d.spec!.revisionHistoryLimit}`, {});
    }
  }

  /** `syncDeploymentStatus`: write the calculated status if it changed. */
  syncDeploymentStatus(allRSs: readonly (RS | undefined)[], newRS: RS | undefined, d: Dep): Dep {
    return this.updateStatus(d, this.calculateStatus(allRSs, newRS, d));
  }

  /**
   * `calculateStatus`: replica counts summed over the RSs (unavailable = Σ spec − Σ available, floored at 0), and
   * the Available condition (available ≥ replicas − maxUnavailable).
   */
  calculateStatus(allRSs: readonly (RS | undefined)[], newRS: RS | undefined, d: Dep): DeploymentStatus {
    const availableReplicas = GetAvailableReplicaCountForReplicaSets(allRSs);
    const totalReplicas = GetReplicaCountForReplicaSets(allRSs);
    const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
    let status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 0,
      replicas: GetActualReplicaCountForReplicaSets(allRSs),
      updatedReplicas: GetActualReplicaCountForReplicaSets([newRS]),
      readyReplicas: GetReadyReplicaCountForReplicaSets(allRSs),
      availableReplicas,
      unavailableReplicas,
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
      ...(d.status?.conditions ? { conditions: [...d.status.conditions] } : {}),
    };
    const now = this.nowTimestamp();
    if (availableReplicas >= specReplicas(d) - MaxUnavailable(d)) {
      status = SetDeploymentCondition(status, NewDeploymentCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
    } else {
      status = SetDeploymentCondition(
        status,
        NewDeploymentCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now),
      );
    }
    return status;
  }
}

/** Old RSs sorted oldest first (creation time, then name), as the rolling-update loops visit them. */
export function sortedByCreation<T extends ReplicaSet>(rss: readonly T[]): T[] {
  return [...rss].sort(compareByCreationTimestamp);
}
