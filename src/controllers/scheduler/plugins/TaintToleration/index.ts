/**
 * TaintToleration (`tainttoleration`): Filter rejects a node with an untolerated NoSchedule/NoExecute taint;
 * Score counts untolerated PreferNoSchedule taints and normalizes in reverse (fewer is better).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { CycleState, Plugin } from '../../framework/interface.ts';
import { unresolvable, type Status } from '../../framework/status.ts';
import { MAX_NODE_SCORE, type PodInfo } from '../../types.ts';
import { defaultNormalizeScore, findUntoleratedDoNotScheduleTaint, tolerationsTolerateTaint } from '../helper.ts';

/** Plugin name. */
export const NAME = 'TaintToleration';

/** The filter's reason text for an untolerated taint: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

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

/** Builds the plugin. */
export function newTaintToleration(): Plugin {
  return {
    name: NAME,
    filter(state: CycleState, pod: PodInfo, i: number): Status | null {
      const taints = state.cache.nodes[i]!.spec.taints;
      if (taints.length === 0) return null;
      const taint = findUntoleratedDoNotScheduleTaint(taints, pod.tolerations);
      return taint ? unresolvable(untoleratedTaintReason(taint)) : null;
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      state.data.set(NAME, pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule'));
      return null;
    },
    score(state: CycleState, _pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const tolerations = state.data.get(NAME) as Toleration[];
      const nodes = state.cache.nodes;
      for (let j = 0; j < count; j++) {
        const taints = nodes[feasible[j]!]!.spec.taints;
        out[j] = taints.length === 0 ? 0 : countIntolerableTaintsPreferNoSchedule(taints, tolerations);
      }
      return null;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores, count);
      return null;
    },
  };
}
