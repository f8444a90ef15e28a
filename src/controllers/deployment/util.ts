/**
 * The Deployment controller's arithmetic and bookkeeping, ported from kubernetes/kubernetes
 * `pkg/controller/deployment/util/deployment_util.go` (and `ComputeHash` from `pkg/controller/controller_utils.go`).
 * Function names are upstream's; everything here is pure (it reads objects and returns values, or mutates an immer
 * draft handed in, as upstream mutates its copy).
 */
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { getScaledValueFromIntOrPercent, type IntOrString } from '../../api/intorstr.ts';
import { canonicalJson } from '../../engine/canonical.ts';
import { parseRfc3339 } from '../../cluster/time.ts';

/** Revision of a ReplicaSet within its Deployment's rollout history. */
export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet served (set when a rollback reuses it). */
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** `spec.replicas` of the Deployment when it last sized this ReplicaSet. */
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas + maxSurge` of the Deployment when it last sized this ReplicaSet (for proportional scaling). */
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The pod-template-hash label every ReplicaSet and pod of a Deployment carries. */
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';
/** kubectl's last-applied annotation, never copied to ReplicaSets. */
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** Characters kept in `revision-history` (`maxRevHistoryLengthInChars` in the controller). */
export const MaxRevHistoryLengthInChars = 2000;
/** The "no deadline / no limit" sentinel of int32 fields. */
export const MaxInt32 = 2147483647;

/** Condition reasons, as upstream spells them. */
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
export const FailedRSCreateReason = 'ReplicaSetCreateError';
export const NewReplicaSetReason = 'NewReplicaSetCreated';
export const FoundNewRSReason = 'FoundNewReplicaSet';
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';
export const PausedDeployReason = 'DeploymentPaused';
export const ResumedDeployReason = 'DeploymentResumed';
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

const annotationsToSkip = new Set([
  LastAppliedConfigAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

// ---------------------------------------------------------------------------------------------------------------
// Defaults

/**
 * `SetDefaults_Deployment` (apps/v1): replicas 1, strategy RollingUpdate with maxSurge/maxUnavailable 25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600. Returns a defaulted copy; the input is not changed.
 */
export function setDefaultsDeployment<T extends Deployment>(d: T): T {
  const spec = d.spec ?? ({} as NonNullable<Deployment['spec']>);
  const type = spec.strategy?.type ?? 'RollingUpdate';
  const strategy =
    type === 'RollingUpdate'
      ? {
          type,
          rollingUpdate: {
            maxSurge: spec.strategy?.rollingUpdate?.maxSurge ?? '25%',
            maxUnavailable: spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%',
          },
        }
      : { ...spec.strategy, type };
  return {
    ...d,
    spec: {
      ...spec,
      replicas: spec.replicas ?? 1,
      strategy,
      revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
    },
  };
}

/** `spec.replicas`, or 1 (the API default) when unset. */
export function specReplicas(obj: { spec?: { replicas?: number } }): number {
  return obj.spec?.replicas ?? 1;
}

/** `spec.replicas` of a ReplicaSet, 0 when unset. */
function rsReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Fenceposts

/** Thrown by {@link ResolveFenceposts} for a value that is neither an int nor `"N%"`. */
export class FencepostError extends Error {
  override name = 'FencepostError';
}

/**
 * `ResolveFenceposts`: maxSurge rounds up, maxUnavailable rounds down, an unset value counts as 0, and when both
 * come out 0 maxUnavailable becomes 1 so a rollout can always move.
 * Worked example: 39%/39% of 10 → surge ceil(3.9)=4, unavailable floor(3.9)=3; 0%/0% of 0 → 0/1.
 */
export function ResolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  let surge: number;
  let unavailable: number;
  try {
    surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
    unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  } catch (e) {
    throw new FencepostError((e as Error).message);
  }
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** `IsRollingUpdate`: strategy type RollingUpdate. */
export function IsRollingUpdate(d: Deployment): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate';
}

/** `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; otherwise the resolved value capped at replicas. */
export function MaxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!IsRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  let unavailable = 0;
  try {
    unavailable = ResolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable;
  } catch {
    // Upstream ignores the error here (validation rejects such values); 0 is what it then uses.
  }
  return Math.min(unavailable, replicas);
}

/** `MinAvailable`: replicas − MaxUnavailable for RollingUpdate, 0 otherwise. */
export function MinAvailable(d: Deployment): number {
  if (!IsRollingUpdate(d)) return 0;
  return specReplicas(d) - MaxUnavailable(d);
}

/** `MaxSurge`: the resolved surge for RollingUpdate (not capped), 0 otherwise. */
export function MaxSurge(d: Deployment): number {
  if (!IsRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return ResolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d)).surge;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Counting

/** `GetReplicaCountForReplicaSets`: Σ spec.replicas. */
export function GetReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsReplicas(rs);
  return n;
}

/** `GetActualReplicaCountForReplicaSets`: Σ status.replicas. */
export function GetActualReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

/** `GetReadyReplicaCountForReplicaSets`: Σ status.readyReplicas. */
export function GetReadyReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

/** `GetAvailableReplicaCountForReplicaSets`: Σ status.availableReplicas. */
export function GetAvailableReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/**
 * `NewRSNewReplicas`: how many replicas the new ReplicaSet should have now.
 * RollingUpdate: room = (replicas + surge) − Σ spec(all); if no room keep the new RS as is, else grow it by
 * min(room, replicas − new). Worked example: 10 replicas, surge 2, old 5, new 0 → room 12−5 = 7, grow by min(7, 10)
 * = 7. Recreate: replicas. Note the surge here is the raw scaled maxSurge, not ResolveFenceposts'.
 */
export function NewRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = specReplicas(d);
  const type = d.spec?.strategy?.type;
  if (type === 'RollingUpdate') {
    const maxSurge = getScaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true);
    const currentPodCount = GetReplicaCountForReplicaSets(allRSs);
    const maxTotalPods = replicas + maxSurge;
    if (currentPodCount >= maxTotalPods) return rsReplicas(newRS);
    const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - rsReplicas(newRS));
    return rsReplicas(newRS) + scaleUpCount;
  }
  if (type === 'Recreate') return replicas;
  throw new FencepostError(`deployment type ${type} isn't supported`);
}

/** Reads a non-negative int32 annotation; undefined when missing or invalid (upstream logs and ignores it). */
export function getNonNegativeInt32FromAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined || !/^[0-9]+$/.test(v)) return undefined;
  const n = Number(v);
  return n > MaxInt32 ? undefined : n;
}

/**
 * `IsSaturated`: the new RS is at the Deployment's size, its desired-replicas annotation agrees, and all its pods
 * are available.
 */
export function IsSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getNonNegativeInt32FromAnnotation(rs, DesiredReplicasAnnotation);
  if (desired === undefined) return false;
  const replicas = specReplicas(d);
  return rsReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

// ---------------------------------------------------------------------------------------------------------------
// Proportional scaling

/** Go's `math.Round`: halves away from zero (JS Math.round sends −2.5 to −2). */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * `getReplicaSetFraction`: how many replicas this RS should gain (or lose) when the Deployment is resized, in
 * proportion to its share of the Deployment's previous max size (max-replicas annotation).
 * Worked example: 120 replicas, surge 10 → new max 130; RS of 50 annotated max 110 → round(50×130/110) − 50 =
 * round(59.09) − 50 = 9. Scaling to 0 returns −spec. A missing or 0 annotation falls back to status.replicas,
 * and to 0 (no change) if that is 0 too.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = specReplicas(d);
  if (replicas === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicas + MaxSurge(d);
  let before = getNonNegativeInt32FromAnnotation(rs, MaxReplicasAnnotation) ?? 0;
  if (before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const newRSsize = (rsReplicas(rs) * deploymentMaxReplicas) / before;
  return goRound(newRSsize) - rsReplicas(rs);
}

/**
 * `GetProportion`: this RS's share of `deploymentReplicasToAdd`, bounded by what is still left to add
 * (`toAdd − added`): min when scaling up, max when scaling down. 0 for an empty RS or nothing left.
 */
export function GetProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (!rs || rsReplicas(rs) === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) {
    return 0;
  }
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  if (deploymentReplicasToAdd > 0) return Math.min(rsFraction, allowed);
  return Math.max(rsFraction, allowed);
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering and selection of ReplicaSets

/** Creation time of an object in Unix ms (0 when missing). */
export function creationMs(obj: { metadata?: { creationTimestamp?: string } }): number {
  const ts = obj.metadata?.creationTimestamp;
  const ms = ts ? parseRfc3339(ts) : 0;
  return Number.isNaN(ms) ? 0 : ms;
}

/** `ReplicaSetsByCreationTimestamp`: older first, ties by name. */
export function compareByCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const d = creationMs(a) - creationMs(b);
  if (d !== 0) return d;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** `ReplicaSetsBySizeOlder`: larger first, ties older first. */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (rsReplicas(a) === rsReplicas(b)) return compareByCreationTimestamp(a, b);
  return rsReplicas(b) - rsReplicas(a);
}

/** `ReplicaSetsBySizeNewer`: larger first, ties newer first. */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (rsReplicas(a) === rsReplicas(b)) return compareByCreationTimestamp(b, a);
  return rsReplicas(b) - rsReplicas(a);
}

/** `ReplicaSetsByRevision`: lower revision first; equal or unparsable revisions by creation time then name. */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = Revision(a);
  const rb = Revision(b);
  if (ra === undefined || rb === undefined || ra === rb) return compareByCreationTimestamp(a, b);
  return ra - rb;
}

/** `FilterActiveReplicaSets`: RSs with spec.replicas > 0. */
export function FilterActiveReplicaSets<T extends ReplicaSet>(rss: readonly (T | undefined)[]): T[] {
  return rss.filter((rs): rs is T => rs !== undefined && rsReplicas(rs) > 0);
}

/**
 * `FindActiveOrLatest`: the only active RS, or (none active) the new RS, else the newest old RS; undefined when
 * more than one RS is active (then the Deployment scales proportionally).
 */
export function FindActiveOrLatest<T extends ReplicaSet>(newRS: T | undefined, oldRSs: readonly T[]): T | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => compareByCreationTimestamp(b, a));
  const active = FilterActiveReplicaSets<T>([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** The pod template without the pod-template-hash label (what `EqualIgnoreHash` compares). */
function templateWithoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[DefaultDeploymentUniqueLabelKey];
  return { ...t, metadata: { ...t?.metadata, labels } };
}

/** `EqualIgnoreHash`: two pod templates are equal apart from the pod-template-hash label. */
export function EqualIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  if (a === b) return true;
  return templateKey(a) === templateKey(b);
}

/**
 * The canonical JSON of a template without its hash label, kept per template object: stored objects are never
 * changed in place, and every sync of a Deployment compares its template with each of its ReplicaSets'.
 */
const templateKeys = new WeakMap<PodTemplateSpec, string>();
function templateKey(t: PodTemplateSpec | undefined): string {
  if (t === undefined) return canonicalJson(templateWithoutHash(t));
  let key = templateKeys.get(t);
  if (key === undefined) {
    key = canonicalJson(templateWithoutHash(t));
    templateKeys.set(t, key);
  }
  return key;
}

/**
 * Records that `rsTemplate` is `template` plus the pod-template-hash label (a new ReplicaSet's template), so
 * {@link EqualIgnoreHash} knows its key without serialising it: the two keys are equal by construction.
 */
export function templateWithHashOf(rsTemplate: PodTemplateSpec, template: PodTemplateSpec | undefined): void {
  templateKeys.set(rsTemplate, templateKey(template));
}

/** `FindNewReplicaSet`: the oldest RS whose template equals the Deployment's (ignoring the hash label). */
export function FindNewReplicaSet<T extends ReplicaSet>(d: Deployment, rsList: readonly T[]): T | undefined {
  const sorted = [...rsList].sort(compareByCreationTimestamp);
  return sorted.find((rs) => EqualIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** `FindOldReplicaSets`: every RS but the new one (all), and those of them with replicas > 0 (active). */
export function FindOldReplicaSets<T extends ReplicaSet>(
  d: Deployment,
  rsList: readonly T[],
): { requiredRSs: T[]; allOldRSs: T[] } {
  const newRS = FindNewReplicaSet(d, rsList);
  const allOldRSs = rsList.filter((rs) => rs !== newRS);
  return { requiredRSs: allOldRSs.filter((rs) => rsReplicas(rs) !== 0), allOldRSs };
}

// ---------------------------------------------------------------------------------------------------------------
// Revisions and annotations

/** `Revision`: the revision annotation as a number; 0 when missing; undefined when unparsable. */
export function Revision(obj: { metadata?: { annotations?: Record<string, string> } }): number | undefined {
  const v = obj.metadata?.annotations?.[RevisionAnnotation];
  if (v === undefined) return 0;
  return /^[+-]?[0-9]+$/.test(v) ? Number(v) : undefined;
}

/** `MaxRevision`: the highest revision among the RSs (unparsable ones skipped), 0 if none. */
export function MaxRevision(allRSs: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  for (const rs of allRSs) {
    const v = rs ? Revision(rs) : undefined;
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** `LastRevision`: the second-highest revision (the one `kubectl rollout undo` goes back to). */
export function LastRevision(allRSs: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of allRSs) {
    const v = rs ? Revision(rs) : undefined;
    if (v === undefined) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

/**
 * `SetReplicasAnnotations`: records desired and max replicas on a RS's annotations (mutates `annotations`, which
 * may be an immer draft); true when something changed.
 */
export function SetReplicasAnnotations(annotations: Record<string, string>, desiredReplicas: number, maxReplicas: number): boolean {
  let updated = false;
  const desired = String(desiredReplicas);
  if (annotations[DesiredReplicasAnnotation] !== desired) {
    annotations[DesiredReplicasAnnotation] = desired;
    updated = true;
  }
  const max = String(maxReplicas);
  if (annotations[MaxReplicasAnnotation] !== max) {
    annotations[MaxReplicasAnnotation] = max;
    updated = true;
  }
  return updated;
}

/** `ReplicasAnnotationsNeedUpdate`: whether either annotation differs from the given values. */
export function ReplicasAnnotationsNeedUpdate(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const a = rs.metadata?.annotations;
  if (!a) return true;
  return a[DesiredReplicasAnnotation] !== String(desiredReplicas) || a[MaxReplicasAnnotation] !== String(maxReplicas);
}

/**
 * `SetNewReplicaSetAnnotations`: copies the Deployment's annotations (except revision/replica bookkeeping and
 * last-applied) onto the new RS, raises its revision to `newRevision` when lower, and when it raises an existing
 * revision (a rollback onto an older template) appends the old one to revision-history, dropping the oldest entries
 * to stay within `revHistoryLimitInChars`. A RS about to be created also gets the replica annotations.
 * Mutates `rs` (an immer draft or a fresh object); returns whether annotations changed.
 */
export function SetNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars: number = MaxRevHistoryLengthInChars,
): boolean {
  rs.metadata ??= {};
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const k of Object.keys(d.metadata?.annotations ?? {}).sort()) {
    const v = d.metadata!.annotations![k]!;
    if (annotationsToSkip.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[RevisionAnnotation];
  const hadRevision = oldRevision !== undefined;
  let oldRevisionInt = 0;
  if (hadRevision && oldRevision !== '') {
    if (!/^[+-]?[0-9]+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (!/^[+-]?[0-9]+$/.test(newRevision)) return false;
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    annotations[RevisionAnnotation] = newRevision;
    changed = true;
  }
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = annotations[RevisionHistoryAnnotation] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0]!.length === 0) {
      annotations[RevisionHistoryAnnotation] = oldRevision;
    } else {
      // Drop the oldest entries until "history,old" fits: each dropped entry frees its length plus a comma.
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen -= oldRevisions[start]!.length + 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) {
        annotations[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists && SetReplicasAnnotations(annotations, specReplicas(d), specReplicas(d) + MaxSurge(d))) changed = true;
  return changed;
}

/**
 * `SetDeploymentAnnotationsTo`: on rollback, the Deployment's annotations become the target RS's (bookkeeping
 * annotations kept from the Deployment). Returns the new annotation map.
 */
export function SetDeploymentAnnotationsTo(d: Deployment, rollbackToRS: ReplicaSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (annotationsToSkip.has(k)) out[k] = v;
  for (const [k, v] of Object.entries(rollbackToRS.metadata?.annotations ?? {})) if (!annotationsToSkip.has(k)) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions and progress

/** A new condition stamped with `nowTimestamp` (RFC 3339) for both times. */
export function NewDeploymentCondition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  nowTimestamp: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: nowTimestamp, lastTransitionTime: nowTimestamp, reason, message };
}

/** `GetDeploymentCondition`. */
export function GetDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * `SetDeploymentCondition`: no change when status and reason are the same; keeps lastTransitionTime when only the
 * reason changes; otherwise replaces the condition (appended last). Returns the new conditions array.
 */
export function SetDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): DeploymentStatus {
  const current = GetDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return status;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] };
}

/**
 * `RemoveDeploymentCondition`. Returns `status` itself when it has no condition of `type` and a non-empty (or no)
 * conditions list, where the copy would equal it key for key: the common case of nothing to remove allocates nothing.
 */
export function RemoveDeploymentCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  const current = status.conditions;
  if (current === undefined || (current.length > 0 && !GetDeploymentCondition(status, type))) return status;
  const conditions = (status.conditions ?? []).filter((c) => c.type !== type);
  const out: DeploymentStatus = { ...status, conditions };
  if (conditions.length === 0) delete out.conditions;
  return out;
}

/** `HasProgressDeadline`: progressDeadlineSeconds set and not MaxInt32. */
export function HasProgressDeadline(d: Deployment): boolean {
  const pds = d.spec?.progressDeadlineSeconds;
  return pds !== undefined && pds !== MaxInt32;
}

/** `HasRevisionHistoryLimit`: revisionHistoryLimit set and not MaxInt32. */
export function HasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== MaxInt32;
}

/**
 * `DeploymentComplete`: every replica updated and available, no old pods left, and the status is for the current
 * generation.
 */
export function DeploymentComplete(d: Deployment, st: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    (st.updatedReplicas ?? 0) === replicas &&
    (st.replicas ?? 0) === replicas &&
    (st.availableReplicas ?? 0) === replicas &&
    (st.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/**
 * `DeploymentProgressing`: compared with the Deployment's current status, the new status has more updated
 * replicas, fewer old replicas, more ready, or more available.
 */
export function DeploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldStatusOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStatusOldReplicas = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * A condition's lastUpdateTime in Unix ms (NaN when missing or unparsable), parsed once per condition object:
 * stored conditions never change in place, and a Deployment waiting for pods is synced every 100 ms.
 */
export function conditionLastUpdateMs(c: DeploymentCondition): number {
  let ms = lastUpdateMsCache.get(c);
  if (ms === undefined) {
    ms = parseRfc3339(c.lastUpdateTime ?? '');
    lastUpdateMsCache.set(c, ms);
  }
  return ms;
}
const lastUpdateMsCache = new WeakMap<DeploymentCondition, number>();

/**
 * `DeploymentTimedOut`: the Progressing condition's lastUpdateTime + progressDeadlineSeconds is strictly before
 * now (`nowUnixMs`). Never for a complete rollout (NewReplicaSetAvailable); always once ProgressDeadlineExceeded.
 * Worked example: deadline 10 s, last update 00:01:09, now 00:01:20 → 00:01:19 < 00:01:20 → timed out.
 */
export function DeploymentTimedOut(d: Deployment, newStatus: DeploymentStatus, nowUnixMs: number): boolean {
  if (!HasProgressDeadline(d)) return false;
  const condition = GetDeploymentCondition(newStatus, 'Progressing');
  if (!condition) return false;
  if (condition.reason === NewRSAvailableReason) return false;
  if (condition.reason === TimedOutReason) return true;
  const from = conditionLastUpdateMs(condition);
  if (Number.isNaN(from)) return false;
  return from + d.spec!.progressDeadlineSeconds! * 1000 < nowUnixMs;
}

// ---------------------------------------------------------------------------------------------------------------
// pod-template-hash

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * `rand.SafeEncodeString`: maps each character to one of 27 consonants and digits so generated names never spell
 * words. Decimal digits map to `4 5 6 7 8 9 b c d f` ('0' = 48, 48 % 27 = 21 → '4').
 */
export function SafeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += alphanums[ch.codePointAt(0)! % alphanums.length];
  return out;
}

/** FNV-1a 32-bit over UTF-8 bytes, continuing from `h`. */
function fnv32a(bytes: Iterable<number>, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * `controller.ComputeHash`: the pod-template-hash label value. Upstream writes the template through
 * `DeepHashObject` (go-spew's `%#v` of the Go struct) into FNV-32a, then the collision count as 4 little-endian
 * bytes, and prints the sum in decimal through SafeEncodeString. kubesim hashes canonical JSON (sorted keys) of the
 * template instead of the go-spew text, because that text depends on Go type names and field order: the algorithm,
 * the collision-count suffix and the alphabet are upstream's, the hash values are not the same numbers a real
 * cluster would print for the same template.
 */
export function ComputeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff], h);
  }
  return SafeEncodeString(String(h));
}
