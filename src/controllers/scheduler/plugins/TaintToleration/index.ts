/**
 * TaintToleration (`tainttoleration`): Filter rejects a node with an untolerated NoSchedule/NoExecute taint;
 * Score counts untolerated PreferNoSchedule taints and normalizes in reverse (fewer is better).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import type { SchedulerCache } from '../../cache.ts';
import { SKIP, unresolvable, type Status } from '../../framework/status.ts';
import { MAX_NODE_SCORE, type NodeSpecInfo, type PodInfo } from '../../types.ts';
import { preferTaintScoreAt, taintVerdictAt } from '../node-verdicts.ts';
import { defaultNormalizeScore, findUntoleratedDoNotScheduleTaint, toleratesTaint, tolerationsTolerateTaint } from '../helper.ts';

/** Plugin name. */
export const NAME = 'TaintToleration';

/**
 * The Filter's reason for a node with an untolerated NoSchedule/NoExecute taint, as current upstream words it. It
 * names no taint (earlier releases said `node(s) had untolerated taint {key: value}`), so the FailedScheduling
 * histogram folds every tainted node into one count.
 */
export const ERR_REASON_UNTOLERATED_TAINT = 'node(s) had untolerated taint(s)';
const UNTOLERATED = unresolvable(ERR_REASON_UNTOLERATED_TAINT).withPlugin(NAME);
const NODE_SHAPE: ScoreShape = { kind: 'node' };

/**
 * `countIntolerableTaintsPreferNoSchedule`: PreferNoSchedule taints not tolerated by the pod's tolerations whose
 * effect is empty or PreferNoSchedule (`getAllTolerationPreferNoSchedule`).
 */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

/** `computeTaintTolerationScore`: raw counts then `DefaultNormalizeScore(100, reverse=true)`. */
export function computeTaintTolerationScore(nodesTaints: readonly (readonly Taint[])[], tolerations: readonly Toleration[]): number[] {
  const prefer = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  const scores = Float64Array.from(nodesTaints.map((t) => countIntolerableTaintsPreferNoSchedule(t, prefer)));
  defaultNormalizeScore(MAX_NODE_SCORE, true, scores, scores.length);
  return [...scores];
}

/**
 * The untolerated PreferNoSchedule taints of `taints` under `tolerations` that apply to PreferNoSchedule (empty or
 * PreferNoSchedule effect): {@link countIntolerableTaintsPreferNoSchedule} after `getAllTolerationPreferNoSchedule`,
 * without building the filtered list.
 */
function countUntoleratedPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    let tolerated = false;
    for (const t of tolerations) {
      if (t.effect && t.effect !== 'PreferNoSchedule') continue;
      if (toleratesTaint(t, taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) n++;
  }
  return n;
}

/** The per-node score of a node spec when it has at most one PreferNoSchedule taint: 100 if tolerated (or none), else 0. */
function preferNoScheduleNodeScore(pod: PodInfo, spec: NodeSpecInfo): number {
  return countUntoleratedPreferNoSchedule(spec.taints, pod.tolerations) === 0 ? MAX_NODE_SCORE : 0;
}

/** The Filter's verdict on a node spec, stamped with the plugin (shared by every pod with the same tolerations). */
export function taintFilterVerdict(pod: PodInfo, spec: NodeSpecInfo): Status | null {
  return findUntoleratedDoNotScheduleTaint(spec.taints, pod.tolerations) ? UNTOLERATED : null;
}

/** The pod-side part of the Filter and the per-node score: the pod's (interned) tolerations. */
function tolerationsOf(pod: PodInfo): object {
  return pod.tolerations;
}

/** Builds the plugin. */
export function newTaintToleration(): Plugin {
  return {
    name: NAME,
    // Not an upstream extension point of this plugin: with no NoSchedule/NoExecute taint anywhere the Filter
    // cannot reject, so it is skipped (same verdicts, no per-node call).
    preFilter(state: CycleState): Status | null {
      return state.cache.noScheduleTaintedNodeCount === 0 ? SKIP : null;
    },
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      if (state.cache.noScheduleTaints[i] === 0) return null;
      return taintVerdictAt(state.cache, i, pod, taintFilterVerdict);
    },
    filterPart: tolerationsOf,
    // No PreferNoSchedule taint anywhere: every raw count is 0, which reverse normalization maps to 100. At most
    // one on every node: raw counts are 0 or 1, and whatever the feasible nodes' maximum, reverse normalization
    // maps 0 to 100 and 1 to 0 (a maximum of 1 gives 100 - 100 * 1 / 1), so each node's score is its own.
    scoreShape(cache: SchedulerCache): ScoreShape | null {
      if (cache.preferNoScheduleTaintedNodeCount === 0) return { kind: 'constant', score: MAX_NODE_SCORE };
      return cache.multiPreferNoScheduleTaintedNodeCount === 0 ? NODE_SHAPE : null;
    },
    nodeScore(cache: SchedulerCache, pod: PodInfo, i: number): number {
      return cache.preferNoScheduleTaints[i] === 0 ? MAX_NODE_SCORE : preferTaintScoreAt(cache, i, pod, preferNoScheduleNodeScore);
    },
    nodeScorePart: tolerationsOf,
    preScore(state: CycleState, pod: PodInfo): Status | null {
      state.data.set(NAME, pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule'));
      return null;
    },
    score(state: CycleState, _pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const tolerations = state.data.get(NAME) as Toleration[];
      const nodes = state.cache.nodes;
      const prefer = state.cache.preferNoScheduleTaints;
      for (let j = 0; j < count; j++) {
        const i = feasible[j]!;
        const c = prefer[i]!;
        // Without a relevant toleration every PreferNoSchedule taint counts.
        out[j] = c === 0 || tolerations.length === 0 ? c : countIntolerableTaintsPreferNoSchedule(nodes[i]!.spec.taints, tolerations);
      }
      return null;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores, count);
      return null;
    },
  };
}
