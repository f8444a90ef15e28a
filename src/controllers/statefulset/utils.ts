/**
 * Pure helpers of the StatefulSet controller, ported from `pkg/controller/statefulset/stateful_set_utils.go`:
 * stable identities (`<set>-<ordinal>`, `.spec.ordinals.start`), claim names (`<claim>-<set>-<ordinal>`), pod
 * health as the controller reads it, the pods of a revision, and ControllerRevisions with upstream's hash naming.
 */
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { defaultPod } from '../../api/defaults.ts';
import { getScaledValueFromIntOrPercent } from '../../api/intorstr.ts';
import { isPodReady, podAvailability } from '../../cluster/pods.ts';
import type { SimClock } from '../../cluster/time.ts';
import { canonicalJson } from '../../engine/canonical.ts';
import { SafeEncodeString } from '../deployment/util.ts';

/** `apps.StatefulSetPodNameLabel`: every pod carries its own name as a label (a per-pod Service selects it). */
export const StatefulSetPodNameLabel = 'statefulset.kubernetes.io/pod-name';
/** `apps.PodIndexLabel` (1.28+): the pod's ordinal as a label. */
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';
/** `apps.ControllerRevisionHashLabelKey`: the name of the revision a pod was created from. */
export const ControllerRevisionHashLabelKey = 'controller-revision-hash';
/** `history.ControllerRevisionHashLabel`: the revision's own hash label. */
export const ControllerRevisionHashLabel = 'controller.kubernetes.io/hash';




/** `statefulPodRegex`: `<parent>-<ordinal>`, the ordinal a decimal without sign. */
const statefulPodRegex = /^(.*)-([0-9]+)$/;

/** `getParentNameAndOrdinal`: the parent's name and the ordinal of a pod name, or ordinal −1 when it has none. */
export function getParentNameAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = statefulPodRegex.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  // Go parses into int32: a number that does not fit is no ordinal.
  return ordinal > 2 ** 31 - 1 ? { parent: '', ordinal: -1 } : { parent: m[1]!, ordinal };
}

/** `getOrdinal`: the pod's ordinal, −1 when its name has none. */
export function getOrdinal(pod: Pod): number {
  return getParentNameAndOrdinal(pod).ordinal;
}

/** `getStartOrdinal`: `.spec.ordinals.start` (default 0). */
export function getStartOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** `getEndOrdinal`: the last ordinal in range, `start + replicas − 1`. */
export function getEndOrdinal(set: StatefulSet): number {
  return getStartOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

/** `podInOrdinalRange`: the pod's ordinal is within [start, end]. */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const ordinal = getOrdinal(pod);
  return ordinal >= getStartOrdinal(set) && ordinal <= getEndOrdinal(set);
}

/** `getPodName`: `<set>-<ordinal>`. */
export function getPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name ?? ''}-${ordinal}`;
}

/** `getPersistentVolumeClaimName`: `<claim template>-<set>-<ordinal>` (`www-web-0`). */
export function getPersistentVolumeClaimName(set: StatefulSet, claim: PersistentVolumeClaim, ordinal: number): string {
  return `${claim.metadata?.name ?? ''}-${set.metadata?.name ?? ''}-${ordinal}`;
}

/** `isMemberOf`: the pod's name says it belongs to `set`. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return getParentNameAndOrdinal(pod).parent === set.metadata?.name;
}

/** `identityMatches`: name, namespace and the identity labels are those of its ordinal in `set`. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata?.name === parent &&
    pod.metadata?.name === getPodName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[StatefulSetPodNameLabel] === pod.metadata?.name
  );
}

/** `storageMatches`: every claim template has a volume of its name that mounts this ordinal's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const claim of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(claim.metadata?.name ?? '');
    if (v?.persistentVolumeClaim?.claimName !== getPersistentVolumeClaimName(set, claim, ordinal)) return false;
  }
  return true;
}

/**
 * `getPersistentVolumeClaims`: the claims of a pod by template name, each named for the ordinal, in the set's
 * namespace, labelled with the template's labels and the set's `matchLabels`.
 */
export function getPersistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const { status: _status, ...rest } = structuredClone(template);
    const claim: PersistentVolumeClaim = rest;
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...(claim.metadata ?? {}),
      name: getPersistentVolumeClaimName(set, template, ordinal),
      namespace: set.metadata?.namespace ?? 'default',
      labels: { ...(template.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
    };
    claims.set(template.metadata?.name ?? '', claim);
  }
  return claims;
}

/** `updateStorage`: points the pod's volumes of the claim templates at this ordinal's claims. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [];
  for (const [name, claim] of claims) {
    volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata!.name! } });
  }
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec!.volumes = volumes;
}

/** `initIdentity` / `updateIdentity`: name, namespace, hostname, subdomain and the identity labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata = { ...(pod.metadata ?? {}), name: getPodName(set, ordinal), namespace: set.metadata?.namespace ?? 'default' };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetPodNameLabel]: pod.metadata.name!, [PodIndexLabel]: String(ordinal) };
  pod.spec = { ...(pod.spec ?? { containers: [] }), hostname: pod.metadata.name! };
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
}

/** `isRunningAndReady`: phase Running and the Ready condition True. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/**
 * `isRunningAndAvailable`: running and ready for `minReadySeconds`. `availableAtMs` is when a ready pod becomes
 * available, so the controller can requeue then.
 */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, nowMs: number, clock: SimClock): boolean {
  return pod.status?.phase === 'Running' && podAvailability(pod, minReadySeconds, nowMs, clock).available;
}

/** `isCreated`: the API server has the pod (its phase is set). */
export function isCreated(pod: Pod): boolean {
  return pod.status?.phase !== undefined && pod.status.phase !== '';
}

/** `isPending`. */
export function isPending(pod: Pod): boolean {
  return pod.status?.phase === 'Pending';
}

/** `isFailed`. */
export function isFailed(pod: Pod): boolean {
  return pod.status?.phase === 'Failed';
}

/** `isSucceeded`. */
export function isSucceeded(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded';
}

/** `isTerminating`: deletionTimestamp set. */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

/** `isHealthy`: running and ready and not terminating. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** `isUnavailable`: not healthy, or not yet available for minReadySeconds. */
export function isUnavailable(pod: Pod, minReadySeconds: number, nowMs: number, clock: SimClock): boolean {
  return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, nowMs, clock);
}

/** `allowsBurst`: podManagementPolicy Parallel creates and deletes without waiting on predecessors. */
export function allowsBurst(set: StatefulSet): boolean {
  return set.spec?.podManagementPolicy === 'Parallel';
}

/** `getPodRevision`: the pod's `controller-revision-hash` label. */
export function getPodRevision(pod: Pod): string {
  return pod.metadata?.labels?.[ControllerRevisionHashLabelKey] ?? '';
}

/** `getStatefulSetMaxUnavailable`: maxUnavailable scaled on replicas, rounded down, at least 1 (default 1). */
export function getStatefulSetMaxUnavailable(maxUnavailable: number | string | undefined, replicaCount: number): number {
  const v = getScaledValueFromIntOrPercent(maxUnavailable ?? 1, replicaCount, false);
  return v === 0 ? 1 : v;
}

/** `ascendingOrdinal` as a comparator. */
export function ascendingOrdinal(a: Pod, b: Pod): number {
  return getOrdinal(a) - getOrdinal(b);
}

/** `descendingOrdinal` as a comparator. */
export function descendingOrdinal(a: Pod, b: Pod): number {
  return getOrdinal(b) - getOrdinal(a);
}

/** The controller owner reference a set puts on its pods and revisions. */
export function controllerRef(set: StatefulSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata?.name ?? '', uid: set.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/**
 * `newStatefulSetPod`: the pod of `ordinal` from the set's template, with its identity, storage and the set as
 * controller.
 */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const template: PodTemplateSpec = set.spec?.template ?? {};
  const pod = defaultPod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...structuredClone(template.metadata ?? {}),
      name: getPodName(set, ordinal),
      namespace: set.metadata?.namespace ?? 'default',
      ownerReferences: [controllerRef(set)],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  } as Record<string, unknown>) as Pod;
  updateIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * `newVersionedStatefulSetPod`: ordinals below the partition (or, without a rollingUpdate block, below
 * `start + status.currentReplicas`) are created from the current revision, every other from the update revision.
 */
export function newVersionedStatefulSetPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const rolling = strategy?.type === 'RollingUpdate' || strategy?.type === undefined;
  const partition = strategy?.rollingUpdate?.partition;
  const current =
    rolling &&
    ((strategy?.rollingUpdate === undefined && ordinal < getStartOrdinal(currentSet) + (currentSet.status?.currentReplicas ?? 0)) ||
      (partition !== undefined && ordinal < getStartOrdinal(currentSet) + partition));
  const pod = current ? newStatefulSetPod(currentSet, ordinal) : newStatefulSetPod(updateSet, ordinal);
  pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [ControllerRevisionHashLabelKey]: current ? currentRevision : updateRevision };
  return pod;
}

// ---------------------------------------------------------------------------------------------------------------
// ControllerRevisions (pkg/controller/history)

/** `getPatch`: the revision's data, the set's template marked as a whole replacement. */
export function getPatch(set: StatefulSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** FNV-1 (not 1a: `fnv.New32`) 32-bit over bytes, continuing from `h`. */
function fnv32(bytes: Iterable<number>, h = 0x811c9dc5): number {
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/**
 * `history.HashControllerRevision`: FNV-32 of the revision's raw data, then the collision count written as a
 * decimal string, printed in decimal through SafeEncodeString. kubesim hashes canonical JSON of the data where
 * upstream hashes Go's JSON encoding (field order differs), so the values are not a real cluster's.
 */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(canonicalJson(data)));
  if (collisionCount !== undefined) h = fnv32(enc.encode(String(collisionCount)), h);
  return SafeEncodeString(String(h));
}

/** `history.ControllerRevisionName`: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * `newRevision`: the ControllerRevision of the set's current template, number `revision`, named with the hash of
 * its data and the collision count, labelled with the template's labels and the hash.
 */
export function newRevision(set: StatefulSet & { metadata: { uid?: string } }, revision: number, collisionCount: number): ControllerRevision {
  const data = getPatch(set);
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name ?? '', hash),
      namespace: set.metadata.namespace ?? 'default',
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [ControllerRevisionHashLabel]: hash },
      ownerReferences: [controllerRef(set)],
    },
    data,
    revision,
  };
}

/** `history.EqualRevision`: same data (hash label and canonical data). */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return canonicalJson(a.data ?? null) === canonicalJson(b.data ?? null);
}

/** `nextRevision`: one more than the highest revision number (1 for none). */
export function nextRevision(revisions: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of revisions) max = Math.max(max, r.revision);
  return max + 1;
}

/** `ApplyRevision`: the set with the template recorded in `revision`. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = { ...(data?.spec?.template ?? {}) };
  delete template['$patch'];
  return { ...set, spec: { ...set.spec!, template: template as PodTemplateSpec } };
}

/**
 * `completeRollingUpdate`: once every replica is updated and ready under RollingUpdate, the update revision
 * becomes the current one.
 */
export function completeRollingUpdate(set: StatefulSet, status: NonNullable<StatefulSet['status']>): void {
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas ?? 0;
    status.currentRevision = status.updateRevision ?? '';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PVC retention (stateful_set_utils.go claimOwnerMatchesSetAndPod / updateClaimOwnerRefForSetAndPod)

/** The retention policy with its Retain defaults. */
export function getPersistentVolumeClaimRetentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

function hasOwnerRef(claim: PersistentVolumeClaim, uid: string): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
}

/**
 * `claimOwnerMatchesSetAndPod`: whether the claim's owner references say what the policy asks: a reference to the
 * set when whenDeleted is Delete (for a pod not scaled down), to the pod when whenScaled is Delete and the pod is
 * scaled down.
 */
export function claimOwnerMatchesSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet, setUid: string, pod: Pod, podUid: string): boolean {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const setRef = hasOwnerRef(claim, setUid);
  const podRef = podUid !== '' && hasOwnerRef(claim, podUid);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Delete') return scaledDown !== setRef && scaledDown === podRef;
  if (policy.whenScaled === 'Delete') return !setRef && scaledDown === podRef;
  if (policy.whenDeleted === 'Delete') return setRef && !podRef;
  return !setRef && !podRef;
}

/** `updateClaimOwnerRefForSetAndPod`: the claim's owner references as {@link claimOwnerMatchesSetAndPod} wants. */
export function updateClaimOwnerRefForSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet & { metadata: { uid?: string } }, pod: Pod & { metadata?: { uid?: string } }): void {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const setUid = set.metadata.uid ?? '';
  const podUid = pod.metadata?.uid ?? '';
  const scaledDown = !podInOrdinalRange(pod, set);
  const wantSet = policy.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown);
  const wantPod = policy.whenScaled === 'Delete' && scaledDown && podUid !== '';
  let refs = (claim.metadata?.ownerReferences ?? []).filter((r) => r.uid !== setUid && (podUid === '' || r.uid !== podUid));
  if (wantSet) refs = [...refs, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name ?? '', uid: setUid }];
  if (wantPod) refs = [...refs, { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name ?? '', uid: podUid }];
  claim.metadata = { ...(claim.metadata ?? {}), ownerReferences: refs };
  if (refs.length === 0) delete claim.metadata.ownerReferences;
}
