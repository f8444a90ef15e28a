/**
 * NodeAffinity (`nodeaffinity`): Filter on `spec.nodeSelector` AND required node affinity; Score sums the weights
 * of matching preferred terms, normalized with `DefaultNormalizeScore(100, reverse=false)`.
 */
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import type { SchedulerCache } from '../../cache.ts';
import { affinityVerdictAt } from '../node-verdicts.ts';
import { MAX_NODE_SCORE, type NodeSpecInfo, type PodInfo } from '../../types.ts';
import { defaultNormalizeScore } from '../helper.ts';

/** Plugin name. */
export const NAME = 'NodeAffinity';
/** `ErrReasonPod`. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/** The Filter's verdict, stamped once so a rejected node costs no allocation. */
const REJECTED = unresolvable(ERR_REASON_POD).withPlugin(NAME);

/** `GetRequiredNodeAffinity(pod).Match(node)`: nodeSelector and required terms both satisfied. */
export function podMatchesNodeSelectorAndAffinityTerms(pod: PodInfo, node: NodeSpecInfo): boolean {
  if (pod.nodeSelector && !pod.nodeSelector.matches(node.labels)) return false;
  if (pod.requiredNodeAffinity && !pod.requiredNodeAffinity.matches(node)) return false;
  return true;
}

/**
 * {@link podMatchesNodeSelectorAndAffinityTerms} for the node at position `i`, memoized per (nodeSelector, required
 * affinity) and node spec (see node-verdicts.ts).
 */
export function podMatchesNodeAffinityAt(cache: SchedulerCache, pod: PodInfo, i: number): boolean {
  return affinityVerdictAt(cache, i, pod, podMatchesNodeSelectorAndAffinityTerms);
}

/** Sum of weights of the pod's preferred terms that match the node (the raw score). */
export function preferredNodeAffinityScore(pod: PodInfo, node: NodeSpecInfo): number {
  let s = 0;
  for (const t of pod.preferredNodeAffinity) if (t.term.matches(node)) s += t.weight;
  return s;
}

/** Builds the plugin. */
export function newNodeAffinity(): Plugin {
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status | null {
      return pod.nodeSelector || pod.requiredNodeAffinity ? null : SKIP;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      return podMatchesNodeAffinityAt(state.cache, pod, i) ? null : REJECTED;
    },
    scoreShape(_cache: unknown, pod: PodInfo): ScoreShape | null {
      return pod.preferredNodeAffinity.length === 0 ? { kind: 'skip' } : null;
    },
    preScore(_state: CycleState, pod: PodInfo): Status | null {
      return pod.preferredNodeAffinity.length === 0 ? SKIP : null;
    },
    score(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      for (let j = 0; j < count; j++) out[j] = preferredNodeAffinityScore(pod, state.cache.nodes[feasible[j]!]!.spec);
      return null;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores, count);
      return null;
    },
  };
}
