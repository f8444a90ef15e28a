/**
 * Pure helpers of the DaemonSet controller, ported from `pkg/controller/daemon/util/daemonset_util.go` and the
 * predicate part of `pkg/controller/daemon/daemon_controller.go`: which nodes should run a daemon pod
 * (`NodeShouldRunDaemonPod`: node name, node selector and required node affinity, taints against the template's
 * tolerations plus the automatic daemon tolerations), the pod template a daemon pod is created from, the node a
 * pod is meant for (`GetTargetNodeName`), and the surge / unavailability budgets of a rolling update.
 */
import type { Affinity, Node, NodeSelectorRequirement, Pod, PodSpec, PodTemplateSpec, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import { cloneJson } from '../../api/clone.ts';
import { getScaledValueFromIntOrPercent } from '../../api/intorstr.ts';
import { compileNodeSelector, selectorFromSet } from '../../api/selector.ts';
import { toleratesTaint } from '../scheduler/plugins/helper.ts';
import { creationMs } from '../deployment/util.ts';

/** `apps.DefaultDaemonSetUniqueLabelKey` (= `ControllerRevisionHashLabelKey`): the revision hash on pods and revisions. */
export const DefaultDaemonSetUniqueLabelKey = 'controller-revision-hash';
/** `extensions.DaemonSetTemplateGenerationKey`: the deprecated template-generation label. */
export const DaemonSetTemplateGenerationKey = 'pod-template-generation';
/** `apps.DeprecatedTemplateGeneration`: the DaemonSet annotation carrying the template generation. */
export const DeprecatedTemplateGeneration = 'deprecated.daemonset.template.generation';
/** `metav1.ObjectNameField`: the field a daemon pod's required node affinity selects its node by. */
export const ObjectNameField = 'metadata.name';

/** The taint keys the automatic daemon tolerations cover (`k8s.io/api/core/v1` well-known taints). */
export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';
export const TaintNodeDiskPressure = 'node.kubernetes.io/disk-pressure';
export const TaintNodeMemoryPressure = 'node.kubernetes.io/memory-pressure';
export const TaintNodePIDPressure = 'node.kubernetes.io/pid-pressure';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';
export const TaintNodeNetworkUnavailable = 'node.kubernetes.io/network-unavailable';

/**
 * `GetTemplateGeneration`: the generation in the deprecated annotation; undefined when absent, null when it does
 * not parse as an integer (upstream returns an error, and callers then treat it as absent).
 */
export function GetTemplateGeneration(ds: DaemonSet): number | undefined | null {
  const annotation = ds.metadata?.annotations?.[DeprecatedTemplateGeneration];
  if (annotation === undefined) return undefined;
  return /^[+-]?\d+$/.test(annotation) ? Number(annotation) : null;
}

/**
 * `v1helper.AddOrUpdateTolerationInPodSpec`: replaces a toleration with the same key, operator, value and effect
 * (`MatchToleration`), else appends it. Returns whether the spec changed.
 */
export function AddOrUpdateTolerationInPodSpec(spec: PodSpec, toleration: Toleration): boolean {
  const tolerations = spec.tolerations ?? [];
  const same = (t: Toleration) =>
    (t.key ?? '') === (toleration.key ?? '') &&
    (t.operator ?? '') === (toleration.operator ?? '') &&
    (t.value ?? '') === (toleration.value ?? '') &&
    (t.effect ?? '') === (toleration.effect ?? '');
  let updated = false;
  const next: Toleration[] = [];
  for (const t of tolerations) {
    if (same(t)) {
      if (JSON.stringify(t) === JSON.stringify(toleration)) return false;
      next.push(toleration);
      updated = true;
      continue;
    }
    next.push(t);
  }
  if (!updated) next.push(toleration);
  spec.tolerations = next;
  return true;
}

/**
 * `AddOrUpdateDaemonPodTolerations`: daemon pods tolerate not-ready and unreachable NoExecute forever (no
 * tolerationSeconds, so taint-based eviction never removes them), the disk-, memory- and pid-pressure and
 * unschedulable NoSchedule taints, and with hostNetwork the network-unavailable NoSchedule taint.
 */
export function AddOrUpdateDaemonPodTolerations(spec: PodSpec): void {
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeNotReady, operator: 'Exists', effect: 'NoExecute' });
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeUnreachable, operator: 'Exists', effect: 'NoExecute' });
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeDiskPressure, operator: 'Exists', effect: 'NoSchedule' });
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeMemoryPressure, operator: 'Exists', effect: 'NoSchedule' });
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodePIDPressure, operator: 'Exists', effect: 'NoSchedule' });
  AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeUnschedulable, operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) AddOrUpdateTolerationInPodSpec(spec, { key: TaintNodeNetworkUnavailable, operator: 'Exists', effect: 'NoSchedule' });
}

/**
 * `CreatePodTemplate`: a copy of the template with the daemon tolerations, the template-generation label when the
 * generation is known, and the revision hash label when `hash` is not empty.
 */
export function CreatePodTemplate(template: PodTemplateSpec, generation: number | undefined | null, hash: string): PodTemplateSpec {
  const t = cloneJson(template);
  t.spec = t.spec ?? { containers: [] };
  AddOrUpdateDaemonPodTolerations(t.spec);
  t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}) } };
  if (generation !== undefined && generation !== null) t.metadata.labels![DaemonSetTemplateGenerationKey] = String(generation);
  if (hash.length > 0) t.metadata.labels![DefaultDaemonSetUniqueLabelKey] = hash;
  return t;
}

/** `SurgeCount`: maxSurge scaled on `numberToSchedule`, rounded up; 0 unless RollingUpdate with maxSurge set. */
export function SurgeCount(ds: DaemonSet, numberToSchedule: number): number {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return 0;
  const r = ds.spec.updateStrategy.rollingUpdate;
  if (!r || r.maxSurge === undefined || r.maxSurge === null) return 0;
  return getScaledValueFromIntOrPercent(r.maxSurge, numberToSchedule, true);
}

/** `UnavailableCount`: maxUnavailable scaled on `numberToSchedule`, rounded up; 0 unless RollingUpdate. */
export function UnavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return 0;
  const r = ds.spec.updateStrategy.rollingUpdate;
  if (!r) return 0;
  return getScaledValueFromIntOrPercent(r.maxUnavailable ?? 0, numberToSchedule, true);
}

/** `AllowsSurge`: the DaemonSet may run more than one pod on a node (maxSurge of 1 node is above 0). */
export function AllowsSurge(ds: DaemonSet): boolean {
  return SurgeCount(ds, 1) > 0;
}

/** `IsPodUpdated`: the pod carries the current hash, or the current template generation. */
export function IsPodUpdated(pod: Pod, hash: string, dsTemplateGeneration: number | undefined | null): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = dsTemplateGeneration !== undefined && dsTemplateGeneration !== null && labels[DaemonSetTemplateGenerationKey] === String(dsTemplateGeneration);
  const hashMatches = hash.length > 0 && labels[DefaultDaemonSetUniqueLabelKey] === hash;
  return hashMatches || templateMatches;
}

/**
 * `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the single term
 * `metadata.name In [nodename]`, so the default scheduler can only bind the pod there; preferred terms stay.
 * Returns a new affinity (the input is not modified).
 */
export function ReplaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodename: string): Affinity {
  const nodeSelReq: NodeSelectorRequirement = { key: ObjectNameField, operator: 'In', values: [nodename] };
  const required = { nodeSelectorTerms: [{ matchFields: [nodeSelReq] }] };
  if (!affinity) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  return { ...affinity, nodeAffinity: { ...(affinity.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: required } };
}

/**
 * `GetTargetNodeName`: `spec.nodeName`, else the single `metadata.name In` value of the required node affinity.
 * Returns an Error (upstream's message) when neither names a node.
 */
export function GetTargetNodeName(pod: Pod): string | Error {
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return new Error(`no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod ${ns}/${name}`);
  const terms = required.nodeSelectorTerms ?? [];
  if (terms.length < 1) return new Error(`no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution of pod ${ns}/${name}`);
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === ObjectNameField && exp.operator === 'In') {
        if ((exp.values ?? []).length !== 1) return new Error(`the matchFields value of '${ObjectNameField}' is not unique for pod ${ns}/${name}`);
        return exp.values![0]!;
      }
    }
  }
  return new Error(`no node name found for pod ${ns}/${name}`);
}

/** `v1helper.FindMatchingUntoleratedTaint`: the first taint passing `filter` that no toleration tolerates. */
export function FindMatchingUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerations.some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

/** `NewPod`: the template as a pod bound to `nodeName`, with the daemon tolerations (for the predicates). */
export function NewPod(ds: DaemonSet, nodeName: string): Pod {
  const spec: PodSpec = { ...cloneJson(ds.spec?.template?.spec ?? { containers: [] }), nodeName };
  AddOrUpdateDaemonPodTolerations(spec);
  return { metadata: { ...cloneJson(ds.spec?.template?.metadata ?? {}), namespace: ds.metadata?.namespace ?? 'default' }, spec };
}

/**
 * `predicates`: the pod's node name, its node selector and required node affinity (`GetRequiredNodeAffinity(pod)
 * .Match(node)`; unparsable terms match nothing), and its NoSchedule/NoExecute taints against its tolerations.
 */
export function predicates(pod: Pod, node: Node, taints: readonly Taint[]): { fitsNodeName: boolean; fitsNodeAffinity: boolean; fitsTaints: boolean } {
  const nodeName = node.metadata?.name ?? '';
  const fitsNodeName = !pod.spec?.nodeName || pod.spec.nodeName === nodeName;
  const labels = node.metadata?.labels ?? {};
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const fitsNodeAffinity =
    (!selector || Object.keys(selector).length === 0 || selectorFromSet(selector).matches(labels)) &&
    (!required || compileNodeSelector(required).matches({ name: nodeName, labels }));
  const fitsTaints = !FindMatchingUntoleratedTaint(taints, pod.spec?.tolerations ?? [], (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  return { fitsNodeName, fitsNodeAffinity, fitsTaints };
}

/**
 * `NodeShouldRunDaemonPod`: `shouldRun` — a daemon pod should be created on the node when none runs there;
 * `shouldContinueRunning` — a daemon pod already there may stay. An untolerated NoSchedule taint stops new pods
 * but lets a running one stay; an untolerated NoExecute taint evicts it. Resources are not checked: the default
 * scheduler places daemon pods (and preempts for them) like any other pod.
 */
export function NodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const nodeName = node.metadata?.name ?? '';
  const pod = NewPod(ds, nodeName);
  const templateNodeName = ds.spec?.template?.spec?.nodeName;
  if (templateNodeName && templateNodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const { fitsNodeName, fitsNodeAffinity, fitsTaints } = predicates(pod, node, taints);
  if (!fitsNodeName || !fitsNodeAffinity) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsTaints) {
    const untoleratedNoExecute = FindMatchingUntoleratedTaint(taints, pod.spec?.tolerations ?? [], (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !untoleratedNoExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * Why `NodeShouldRunDaemonPod` says no new pod for the node, in the words of the check that failed (kubesim's, for
 * the decision log): the template's nodeName, the node selector or required affinity, or the first untolerated
 * NoSchedule/NoExecute taint. Undefined when a pod should run.
 */
export function nodeShouldNotRunReason(node: Node, ds: DaemonSet): string | undefined {
  const nodeName = node.metadata?.name ?? '';
  const templateNodeName = ds.spec?.template?.spec?.nodeName;
  if (templateNodeName && templateNodeName !== nodeName) return `spec.template.spec.nodeName is ${templateNodeName}`;
  const pod = NewPod(ds, nodeName);
  const taints = node.spec?.taints ?? [];
  const { fitsNodeAffinity } = predicates(pod, node, taints);
  if (!fitsNodeAffinity) return "node didn't match the node selector/affinity";
  const taint = FindMatchingUntoleratedTaint(taints, pod.spec?.tolerations ?? [], (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (taint) return `untolerated taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
  return undefined;
}

/**
 * `podByCreationTimestampAndPhase` as a comparator: scheduled pods first, then the oldest, then by name.
 */
export function podByCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const aScheduled = !!a.spec?.nodeName;
  const bScheduled = !!b.spec?.nodeName;
  if (aScheduled !== bScheduled) return aScheduled ? -1 : 1;
  const ta = creationMs(a);
  const tb = creationMs(b);
  if (ta === tb) {
    const an = a.metadata?.name ?? '';
    const bn = b.metadata?.name ?? '';
    return an < bn ? -1 : an > bn ? 1 : 0;
  }
  return ta - tb;
}

/**
 * `findUpdatedPodsOnNode`: the node's one updated and one old pod (not terminating), or `ok: false` when there
 * are several of either (the manage loop prunes those first).
 */
export function findUpdatedPodsOnNode(ds: DaemonSet, podsOnNode: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = GetTemplateGeneration(ds);
  for (const pod of podsOnNode) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (IsPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/**
 * `getPatch` (update.go): the revision data — the set's template, marked as a whole replacement
 * (`{"spec":{"template":{…,"$patch":"replace"}}}`). `Match` compares it with a revision's data.
 */
export function getPatch(ds: DaemonSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...cloneJson(ds.spec?.template ?? {}), $patch: 'replace' } } };
}
