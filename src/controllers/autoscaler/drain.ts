/**
 * The drain rules of a simulated node removal (`utils/drain/drain.go` `GetPodsForDeletionOnNodeDrain` and
 * `simulator/drain.go`): which pods must move if the node goes, or the pod that blocks it and why.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { labelSelectorAsSelector } from '../../api/selector.ts';

/** `PodSafeToEvictKey`: `"true"` lifts the replication, kube-system and local-storage rules; `"false"` blocks. */
export const POD_SAFE_TO_EVICT_KEY = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
/** `ScaleDownDisabledKey` on a node: `"true"` keeps the node. */
export const SCALE_DOWN_DISABLED_KEY = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
/** The kubelet's mirror-pod annotation (`kubernetes.io/config.mirror`). */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** `PodLongTerminatingExtraThreshold`: a pod deleting longer than its grace period plus this is ignored. */
export const POD_LONG_TERMINATING_EXTRA_THRESHOLD_MS = 30_000;

/** `drain.BlockingPodReason`. */
export type BlockingPodReason = 'NotReplicated' | 'UnmovableKubeSystemPod' | 'LocalStorageRequested' | 'NotSafeToEvictAnnotation' | 'NotEnoughPdb' | 'UnexpectedError';

export interface BlockingPod {
  pod: Pod;
  reason: BlockingPodReason;
}

/** The outcome of a drain simulation: the pods to move, or the blocking pod with upstream's error message. */
export type DrainResult = { pods: Pod[]; blocking?: undefined; message?: undefined } | { pods: Pod[]; blocking: BlockingPod; message: string };

/** Options of {@link getPodsForDeletionOnNodeDrain} (the `--skip-nodes-with-*` flags, both default true). */
export interface DrainOptions {
  skipNodesWithSystemPods: boolean;
  skipNodesWithLocalStorage: boolean;
}

function controllerRef(pod: Pod) {
  return pod.metadata?.ownerReferences?.find((r) => r.controller);
}

/** `IsMirrorPod`. */
export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
}

/** `IsDaemonSetPod`: controlled by a DaemonSet. */
export function isDaemonSetPod(pod: Pod): boolean {
  return controllerRef(pod)?.kind === 'DaemonSet';
}

/** `IsPodLongTerminating`: deleting for longer than its grace period + 30 s. */
export function isPodLongTerminating(pod: Pod, nowMs: number, simMs: (ts: string) => number): boolean {
  const ts = pod.metadata?.deletionTimestamp;
  if (!ts) return false;
  const graceS = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return simMs(ts) + graceS * 1000 + POD_LONG_TERMINATING_EXTRA_THRESHOLD_MS < nowMs;
}

/** `isPodTerminal`: finished for good given its restart policy, or failed (rejected by the kubelet). */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never' && (phase === 'Succeeded' || phase === 'Failed')) return true;
  if (policy === 'OnFailure' && phase === 'Succeeded') return true;
  return phase === 'Failed';
}

/** `HasLocalStorage`: a hostPath volume, or an emptyDir not backed by memory. */
export function hasLocalStorage(pod: Pod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.hostPath !== undefined || (v.emptyDir !== undefined && v.emptyDir.medium !== 'Memory'));
}

const REPLICATED_KINDS = new Set(['ReplicationController', 'ReplicaSet', 'Job', 'StatefulSet']);

function pdbMatches(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
  return labelSelectorAsSelector(pdb.spec?.selector).matches(pod.metadata?.labels ?? {});
}

/**
 * `GetPodsForDeletionOnNodeDrain` (with `checkReferences` false, as `FastGetPodsToMove`), then `checkPdbs`. Mirror
 * pods, long-terminating pods and DaemonSet pods are skipped; a pod neither safe to evict nor terminal blocks the
 * node when it has no replicating controller, when it is in kube-system without a PDB (with
 * `skipNodesWithSystemPods`), when it has local storage (with `skipNodesWithLocalStorage`), or when annotated
 * `safe-to-evict: "false"`; finally any pod to move that a PDB with `disruptionsAllowed < 1` covers blocks it.
 */
export function getPodsForDeletionOnNodeDrain(pods: readonly Pod[], pdbs: readonly PodDisruptionBudget[], opts: DrainOptions, nowMs: number, simMs: (ts: string) => number): DrainResult {
  const kubeSystemPdbs = pdbs.filter((p) => p.metadata?.namespace === 'kube-system');
  const out: Pod[] = [];
  for (const pod of pods) {
    if (isMirrorPod(pod)) continue;
    if (isPodLongTerminating(pod, nowMs, simMs)) continue;
    if (isDaemonSetPod(pod)) continue;
    const annotation = pod.metadata?.annotations?.[POD_SAFE_TO_EVICT_KEY];
    const safeToEvict = annotation === 'true';
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    if (!safeToEvict && !isPodTerminal(pod)) {
      const ref = controllerRef(pod);
      if (!ref || !REPLICATED_KINDS.has(ref.kind)) {
        return { pods: [], blocking: { pod, reason: 'NotReplicated' }, message: `${ns}/${name} is not replicated` };
      }
      if (ns === 'kube-system' && opts.skipNodesWithSystemPods && !kubeSystemPdbs.some((p) => pdbMatches(p, pod))) {
        return { pods: [], blocking: { pod, reason: 'UnmovableKubeSystemPod' }, message: `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${name}` };
      }
      if (opts.skipNodesWithLocalStorage && hasLocalStorage(pod)) {
        return { pods: [], blocking: { pod, reason: 'LocalStorageRequested' }, message: `pod with local storage present: ${name}` };
      }
      if (annotation === 'false') {
        return { pods: [], blocking: { pod, reason: 'NotSafeToEvictAnnotation' }, message: `pod annotated as not safe to evict present: ${name}` };
      }
    }
    out.push(pod);
  }
  for (const pdb of pdbs) {
    for (const pod of out) {
      if (pdbMatches(pdb, pod) && (pdb.status?.disruptionsAllowed ?? 0) < 1) {
        return { pods: [], blocking: { pod, reason: 'NotEnoughPdb' }, message: `not enough pod disruption budget to move ${pod.metadata?.namespace}/${pod.metadata?.name}` };
      }
    }
  }
  return { pods: out };
}
