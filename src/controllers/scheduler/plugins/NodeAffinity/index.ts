/**
 * NodeAffinity (`nodeaffinity`): Filter on the profile's `addedAffinity` (NodeAffinityArgs), then on
 * `spec.nodeSelector` AND required node affinity; Score sums the weights of the matching preferred terms of the
 * pod and of `addedAffinity`, normalized with `DefaultNormalizeScore(100, reverse=false)`.
 */
import type { NodeAffinity as NodeAffinitySpec } from 'kubernetes-types/core/v1';
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import type { SchedulerCache } from '../../cache.ts';
import { affinityVerdictAt, preferredScoreAt } from '../node-verdicts.ts';
import { MAX_NODE_SCORE, type NodeSpecInfo, type PodInfo } from '../../types.ts';
import { defaultNormalizeScore } from '../helper.ts';
import { compileNodeSelector, compilePreferredSchedulingTerms, type PreferredSchedulingTerms } from '../../../../api/selector.ts';

/** Plugin name. */
export const NAME = 'NodeAffinity';
/** `ErrReasonPod`. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** `errReasonEnforced`: the node fails the profile's `addedAffinity`. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

/** The Filter's verdicts, stamped once so a rejected node costs no allocation. */
const REJECTED = unresolvable(ERR_REASON_POD).withPlugin(NAME);
const ENFORCED = unresolvable(ERR_REASON_ENFORCED).withPlugin(NAME);
const SKIP_SHAPE: ScoreShape = { kind: 'skip' };
const NODE_SHAPE: ScoreShape = { kind: 'node' };

/**
 * `NodeAffinityArgs`: `addedAffinity` applies to every pod this profile schedules, on top of the pod's own node
 * affinity: its required selector must match as well, its preferred terms add to every node's score. Default: none.
 */
export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinitySpec;
}

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

/**
 * Positions (ascending) of the nodes matching one (nodeSelector, required node affinity) pair, made at a node
 * generation; null when too many match for the list to save work.
 */
interface AffinityMatches {
  generation: number;
  positions: Int32Array | null;
}

/** Stands for an absent nodeSelector or required affinity in the {@link AffinityMatches} keys. */
const ABSENT_PART = {};

/** Per cache, matching node positions by required node affinity, then nodeSelector (interned parts; {@link ABSENT_PART} for none). */
const affinityMatches = new WeakMap<SchedulerCache, WeakMap<object, WeakMap<object, AffinityMatches>>>();

/** Ascending positions of the nodes matching the pod's nodeSelector and required affinity; null when over half do. */
function matchingPositions(cache: SchedulerCache, pod: PodInfo): Int32Array | null {
  const n = cache.size;
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!podMatchesNodeAffinityAt(cache, pod, i)) continue;
    if (2 * ++m > n) return null;
    out[m - 1] = i;
  }
  return out.slice(0, m);
}

/**
 * The positions (ascending) of the nodes matching the pod's nodeSelector and required node affinity
 * ({@link podMatchesNodeSelectorAndAffinityTerms}), memoized per pair of interned parts until a node changes; null
 * when over half the nodes match (a pass over all of them costs little more). Shared by the Filter pass, which walks
 * only these nodes, and PodTopologySpread, which counts only these when its constraints honor node affinity.
 */
export function matchingNodePositions(cache: SchedulerCache, pod: PodInfo): Int32Array | null {
  let byAffinity = affinityMatches.get(cache);
  if (!byAffinity) {
    byAffinity = new WeakMap();
    affinityMatches.set(cache, byAffinity);
  }
  const k1 = pod.requiredNodeAffinity ?? ABSENT_PART;
  let inner = byAffinity.get(k1);
  if (!inner) {
    inner = new WeakMap();
    byAffinity.set(k1, inner);
  }
  const k2 = pod.nodeSelector ?? ABSENT_PART;
  let e = inner.get(k2);
  if (e === undefined || e.generation !== cache.nodeGeneration) {
    e = { generation: cache.nodeGeneration, positions: matchingPositions(cache, pod) };
    inner.set(k2, e);
  }
  return e.positions;
}

/** `PreferredSchedulingTerms.Score`: the sum of the weights of the terms that match the node. */
function preferredTermsScore(terms: PreferredSchedulingTerms, node: NodeSpecInfo): number {
  let s = 0;
  for (const t of terms) if (t.term.matches(node)) s += t.weight;
  return s;
}

/** Sum of weights of the pod's preferred terms that match the node (the raw score without added affinity). */
export function preferredNodeAffinityScore(pod: PodInfo, node: NodeSpecInfo): number {
  return preferredTermsScore(pod.preferredNodeAffinity, node);
}

/** Builds the plugin (`New`): `rawArgs` is a validated {@link NodeAffinityArgs}, or undefined for none. */
export function newNodeAffinity(rawArgs?: unknown): Plugin {
  const added = (rawArgs as NodeAffinityArgs | undefined)?.addedAffinity;
  const required = added?.requiredDuringSchedulingIgnoredDuringExecution;
  const addedNodeSelector = required ? compileNodeSelector(required) : null;
  const preferred = added?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const addedPrefSchedTerms = preferred.length > 0 ? compilePreferredSchedulingTerms(preferred) : null;
  const nothingToScore = (pod: PodInfo): boolean => pod.preferredNodeAffinity.length === 0 && addedPrefSchedTerms === null;
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status | null {
      return pod.nodeSelector || pod.requiredNodeAffinity || addedNodeSelector ? null : SKIP;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      if (addedNodeSelector && !addedNodeSelector.matches(state.cache.nodes[i]!.spec)) return ENFORCED;
      return podMatchesNodeAffinityAt(state.cache, pod, i) ? null : REJECTED;
    },
    // One preferred term of weight w: raw scores are 0 or w, which normalization maps to 0 and 100 whatever the
    // feasible nodes (all 0 stay 0; a maximum of w gives 100 * w / w), so each node's score is its own.
    scoreShape(_cache: unknown, pod: PodInfo): ScoreShape | null {
      if (nothingToScore(pod)) return SKIP_SHAPE;
      return addedPrefSchedTerms === null && pod.preferredNodeAffinity.length === 1 ? NODE_SHAPE : null;
    },
    nodeScore(cache: SchedulerCache, pod: PodInfo, i: number): number {
      return preferredScoreAt(cache, i, pod, preferredNodeAffinityScore) > 0 ? MAX_NODE_SCORE : 0;
    },
    // The pod's (interned) preferred terms: `nodeScore` runs only when there are no added preferred terms.
    nodeScorePart: (pod: PodInfo): object => pod.preferredNodeAffinity,
    preScore(_state: CycleState, pod: PodInfo): Status | null {
      return nothingToScore(pod) ? SKIP : null;
    },
    score(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const cache = state.cache;
      // The pod's part is memoized per (terms, node spec): pods of one workload share their interned terms.
      const own = pod.preferredNodeAffinity.length > 0;
      for (let j = 0; j < count; j++) {
        const i = feasible[j]!;
        const added = addedPrefSchedTerms ? preferredTermsScore(addedPrefSchedTerms, cache.nodes[i]!.spec) : 0;
        out[j] = added + (own ? preferredScoreAt(cache, i, pod, preferredNodeAffinityScore) : 0);
      }
      return null;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores, count);
      return null;
    },
  };
}
