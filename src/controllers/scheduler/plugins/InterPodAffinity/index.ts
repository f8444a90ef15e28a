/**
 * InterPodAffinity (`interpodaffinity/filtering.go`, `scoring.go`). Filter: the pod's required affinity must be
 * met by existing pods in the node's domain, its required anti-affinity must not be, and no existing pod's
 * required anti-affinity may match the pod in that domain. Score: preferred terms both ways plus existing pods'
 * required affinity (hardPodAffinityWeight), summed per topology domain.
 *
 * Counts come from the cache's per-matcher node counts and its grouped anti-affinity terms, so a cycle is
 * O(nodes × terms), not O(pods).
 */
import { cycleStateSlot } from '../../framework/cycle_state.ts';
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import { SKIP, errorStatus, unresolvable, unschedulable, type Status } from '../../framework/status.ts';
import type { SchedulerCache, TopologyDomains } from '../../cache.ts';
import type { AffinityTerm, PodInfo, PodMatcher } from '../../types.ts';
import { MAX_NODE_SCORE } from '../../types.ts';

/** Plugin name. */
export const NAME = 'InterPodAffinity';
/** `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
/** `ErrReasonAffinityRulesNotMatch`. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** `ErrReasonAntiAffinityRulesNotMatch`. */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

// Filter verdicts, stamped once: a rejected node costs no allocation.
const AFFINITY_RULES_NOT_MATCH = unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
const ANTI_AFFINITY_RULES_NOT_MATCH = unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
const EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
const PRE_FILTER_STATE_NOT_FOUND = errorStatus(`error reading "PreFilter${NAME}" from cycleState: not found`).withPlugin(NAME);

/** `InterPodAffinityArgs` (defaults: hardPodAffinityWeight 1, ignorePreferredTermsOfExistingPods false). */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** `podMatchesAllAffinityTerms`: false for an empty list. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod)) return false;
  return true;
}

interface TermCounts {
  term: AffinityTerm;
  domains: TopologyDomains;
  /** Matching existing pods per domain of `term.topologyKey`. */
  perDomain: Float64Array;
}

interface FilterState {
  affinity: TermCounts[];
  /** `len(affinityCounts) == 0`: no existing pod matches all affinity terms on a node with a term's key. */
  affinityEmpty: boolean;
  selfMatchesAll: boolean;
  anti: TermCounts[];
  /**
   * Per existing anti-affinity group matching the pod: its (pod, term) pairs per domain of the term's key; a
   * domain with any is blocked.
   */
  existingAnti: { domains: TopologyDomains; pairs: Float64Array }[];
}

function allTermsMatcher(terms: readonly AffinityTerm[]): PodMatcher {
  // A pod matching all terms carries every term's required label; the first one serves as the index hint.
  const requiredLabel = terms.find((t) => t.requiredLabel)?.requiredLabel;
  return {
    sig: `all(${terms.map((t) => t.sig).join(';')})`,
    matches: (p) => podMatchesAllAffinityTerms(terms, p),
    ...(requiredLabel ? { requiredLabel } : {}),
  };
}

/**
 * PreFilter state: affinity / anti-affinity counts per domain and domains blocked by existing pods. The per-domain
 * sums are the cache's live incremental counters, not copies: the state is valid until the cache changes, and
 * every caller that changes it (preemption's dry runs) runs PreFilter again before filtering.
 */
export function interPodAffinityPreFilter(cache: SchedulerCache, pod: PodInfo): FilterState | undefined {
  const existingAnti: { domains: TopologyDomains; pairs: Float64Array }[] = [];
  // Only groups whose term can match the pod (the order of `existingAnti` does not change a verdict).
  for (const g of cache.antiAffinityGroupsFor(pod)) {
    if (!g.term.matches(pod)) continue;
    // Upstream counts only pairs on nodes with the term's topology key: a term whose key no node has blocks
    // nothing and does not keep PreFilter from skipping. When every node has the key, the group's pairs (a live
    // group has some) all count, and its per-domain sums (5,000 of them for a hostname term) need no scan.
    const pairs = cache.antiAffinityGroupDomainCounts(g);
    const domains = cache.domains(g.term.topologyKey);
    if ((domains.missing === 0 && g.total > 0) || pairs.some((v) => v > 0)) existingAnti.push({ domains, pairs });
  }
  if (pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0 && existingAnti.length === 0) return undefined;
  let affinity: TermCounts[] = [];
  let affinityEmpty = true;
  if (pod.requiredAffinityTerms.length > 0) {
    const all = allTermsMatcher(pod.requiredAffinityTerms);
    affinity = pod.requiredAffinityTerms.map((term) => {
      const perDomain = cache.domainMatchCounts(all, term.topologyKey);
      if (perDomain.some((v) => v > 0)) affinityEmpty = false;
      return { term, domains: cache.domains(term.topologyKey), perDomain };
    });
  }
  const anti = pod.requiredAntiAffinityTerms.map((term) => ({
    term,
    domains: cache.domains(term.topologyKey),
    perDomain: cache.domainMatchCounts(term, term.topologyKey),
  }));
  return {
    affinity,
    affinityEmpty,
    selfMatchesAll: podMatchesAllAffinityTerms(pod.requiredAffinityTerms, pod),
    anti,
    existingAnti,
  };
}

/** The Filter verdict for node `i` (null = fits), in upstream order. */
export function interPodAffinityFilter(s: FilterState, i: number): Status | null {
  // satisfyPodAffinity
  if (s.affinity.length > 0) {
    let podsExist = true;
    for (const t of s.affinity) {
      const d = t.domains.domainOf[i]!;
      if (d < 0) return AFFINITY_RULES_NOT_MATCH;
      if (t.perDomain[d]! <= 0) podsExist = false;
    }
    // The first pod of a group with affinity to itself may go anywhere that has the topology keys.
    if (!podsExist && !(s.affinityEmpty && s.selfMatchesAll)) return AFFINITY_RULES_NOT_MATCH;
  }
  for (const t of s.anti) {
    const d = t.domains.domainOf[i]!;
    if (d >= 0 && t.perDomain[d]! > 0) return ANTI_AFFINITY_RULES_NOT_MATCH;
  }
  for (const e of s.existingAnti) {
    const d = e.domains.domainOf[i]!;
    if (d >= 0 && e.pairs[d]! > 0) return EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH;
  }
  return null;
}

interface ScoreState {
  /** Topology key → (domains, score per domain). */
  topologyScore: { domains: TopologyDomains; score: Float64Array }[];
}

/** Builds the plugin. */
export function newInterPodAffinity(rawArgs: unknown): Plugin {
  const args = (rawArgs as InterPodAffinityArgs | undefined) ?? { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false };
  const preFilterState = cycleStateSlot<FilterState>(NAME);
  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      const s = interPodAffinityPreFilter(state.cache, pod);
      if (!s) return SKIP;
      preFilterState.write(state, s);
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, i: number): Status | null {
      const s = preFilterState.read(state);
      // Only when PreFilter is disabled or skipped: upstream's getPreFilterState error.
      if (!s) return PRE_FILTER_STATE_NOT_FOUND;
      return interPodAffinityFilter(s, i);
    },
    scoreShape(cache: SchedulerCache, pod: PodInfo): ScoreShape | null {
      const hasConstraints = pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
      return !hasConstraints && (args.ignorePreferredTermsOfExistingPods || cache.scoringAffinityPods.size === 0) ? { kind: 'skip' } : null;
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      const cache = state.cache;
      const hasConstraints = pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
      if (!hasConstraints && cache.scoringAffinityPods.size === 0) return SKIP;
      const byKey = new Map<string, { domains: TopologyDomains; score: Float64Array; touched: boolean }>();
      const slot = (key: string) => {
        let e = byKey.get(key);
        if (!e) {
          const domains = cache.domains(key);
          e = { domains, score: new Float64Array(domains.values.length), touched: false };
          byKey.set(key, e);
        }
        return e;
      };
      // The incoming pod's preferred terms against every existing pod: weight × matching pods per domain.
      const incoming = (terms: readonly AffinityTerm[], sign: number): void => {
        for (const t of terms) {
          const counts = cache.matchCounts(t);
          const e = slot(t.topologyKey);
          const n = cache.size;
          for (let i = 0; i < n; i++) {
            const c = counts[i]!;
            if (c === 0) continue;
            const d = e.domains.domainOf[i]!;
            if (d < 0) continue;
            e.score[d]! += sign * t.weight * c;
            e.touched = true;
          }
        }
      };
      incoming(pod.preferredAffinityTerms, 1);
      incoming(pod.preferredAntiAffinityTerms, -1);
      // Existing pods' own terms against the incoming pod.
      const existing = (t: AffinityTerm, weight: number, nodeIndex: number): void => {
        if (!t.matches(pod)) return;
        const e = slot(t.topologyKey);
        const d = e.domains.domainOf[nodeIndex]!;
        if (d < 0) return;
        e.score[d]! += weight;
        e.touched = true;
      };
      for (const p of cache.scoringAffinityPods) {
        const placed = cache.placement(p.key);
        if (!placed) continue;
        const i = placed.node.index;
        if (args.hardPodAffinityWeight > 0) for (const t of p.requiredAffinityTerms) existing(t, args.hardPodAffinityWeight, i);
        for (const t of p.preferredAffinityTerms) existing(t, t.weight, i);
        for (const t of p.preferredAntiAffinityTerms) existing(t, -t.weight, i);
      }
      const topologyScore = [...byKey.values()].filter((e) => e.touched);
      if (topologyScore.length === 0) return SKIP;
      state.data.set(`${NAME}/score`, { topologyScore } satisfies ScoreState);
      return null;
    },
    score(state: CycleState, _pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const s = state.data.get(`${NAME}/score`) as ScoreState;
      for (let j = 0; j < count; j++) {
        const i = feasible[j]!;
        let score = 0;
        for (const e of s.topologyScore) {
          const d = e.domains.domainOf[i]!;
          if (d >= 0) score += e.score[d]!;
        }
        out[j] = score;
      }
      return null;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      let min = Infinity;
      let max = -Infinity;
      for (let j = 0; j < count; j++) {
        if (scores[j]! < min) min = scores[j]!;
        if (scores[j]! > max) max = scores[j]!;
      }
      const diff = max - min;
      // Worked example: raw [-5, 0, 15] → diff 20 → 0, int(100 × 5/20) = 25, 100.
      for (let j = 0; j < count; j++) scores[j] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[j]! - min) / diff)) : 0;
      return null;
    },
  };
}
