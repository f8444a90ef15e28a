/**
 * PodTopologySpread (`podtopologyspread/filtering.go`, `scoring.go`, `common.go`). Filter enforces DoNotSchedule
 * constraints (`matching pods in the node's domain + self-match - global minimum <= maxSkew`); Score prefers
 * domains with fewer matching pods for ScheduleAnyway constraints, or for the system default constraints
 * (hostname maxSkew 3, zone maxSkew 5) when the pod has none.
 *
 * Counting uses the cache's per-matcher pod counts per node, so PreFilter/PreScore are one pass over the node
 * list per constraint instead of a pass over every pod.
 */
import { cycleStateSlot } from '../../framework/cycle_state.ts';
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import { SKIP, errorStatus, unresolvable, unschedulable, type Status } from '../../framework/status.ts';
import type { SchedulerCache, TopologyDomains } from '../../cache.ts';
import { spreadMatcher } from '../../podinfo.ts';
import type { Selector } from '../../../../api/selector.ts';
import { MAX_NODE_SCORE, type PodInfo, type SpreadConstraint } from '../../types.ts';
import { taintVerdictAt } from '../node-verdicts.ts';
import { matchingNodePositions, podMatchesNodeAffinityAt } from '../NodeAffinity/index.ts';
import { taintFilterVerdict } from '../TaintToleration/index.ts';

/** Plugin name. */
export const NAME = 'PodTopologySpread';
/** `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
// Filter verdicts, stamped once: a rejected node costs no allocation.
const NODE_LABEL_NOT_MATCH = unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH).withPlugin(NAME);
const CONSTRAINTS_NOT_MATCH = unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH).withPlugin(NAME);
const PRE_FILTER_STATE_NOT_FOUND = errorStatus(`reading "PreFilter${NAME}" from cycleState: not found`).withPlugin(NAME);

/** `v1.LabelHostname`. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** `v1.LabelTopologyZone`. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** `PodTopologySpreadArgs`: `System` uses hostname(3) + zone(5) defaults; `List` uses `defaultConstraints`. */
export interface PodTopologySpreadArgs {
  defaultingType: 'System' | 'List';
  /** Only for `List`: maxSkew, topologyKey, whenUnsatisfiable (ScheduleAnyway ones are used for scoring). */
  defaultConstraints: { maxSkew: number; topologyKey: string; whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' }[];
}

const SYSTEM_DEFAULTS = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' as const },
  { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' as const },
];

/** `topologyNormalizingWeight`: `ln(size + 2)`, so more domains weigh each matching pod more. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** `scoreForCount`: `cnt * weight + (maxSkew - 1)`. */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/** `matchNodeInclusionPolicies` for node `i`. */
function matchNodeInclusionPolicies(cache: SchedulerCache, c: SpreadConstraint, pod: PodInfo, i: number): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && (pod.nodeSelector || pod.requiredNodeAffinity) && !podMatchesNodeAffinityAt(cache, pod, i)) return false;
  // The TaintToleration Filter's verdict: non-null exactly when a NoSchedule/NoExecute taint is not tolerated.
  if (c.nodeTaintsPolicy === 'Honor' && taintVerdictAt(cache, i, pod, taintFilterVerdict) !== null) return false;
  return true;
}

interface FilterConstraintState {
  c: SpreadConstraint;
  domains: TopologyDomains;
  /** Matching pods per domain over eligible nodes (`TpPairToMatchNum`). */
  matchNum: Float64Array;
  /** 1 where the domain has at least one eligible node. */
  present: Uint8Array;
  /** Global minimum over present domains (`criticalPaths[0]`), MaxInt32 when none. */
  minMatch: number;
  domainsNum: number;
  selfMatch: number;
  /** Per domain, 1 when a node there passes this constraint: `matchNum + selfMatch - minMatchNum <= maxSkew`. */
  fits: Uint8Array;
}

/**
 * `calPreFilterState`: domain counts for the pod's DoNotSchedule constraints over all nodes. With `useIndex` (the
 * default; `false` for differential tests), when every constraint honors the pod's node affinity only the nodes
 * matching it are visited (the shared node-affinity index), since no other node counts.
 */
export function calPreFilterState(cache: SchedulerCache, pod: PodInfo, constraints: readonly SpreadConstraint[], useIndex = true): FilterConstraintState[] {
  const states = constraints.map((c) => {
    const domains = cache.domains(c.topologyKey);
    return {
      c,
      domains,
      matchNum: new Float64Array(domains.values.length),
      present: new Uint8Array(domains.values.length),
      minMatch: 0x7fffffff,
      domainsNum: 0,
      selfMatch: c.selector.matches(pod.labels) ? 1 : 0,
      fits: new Uint8Array(domains.values.length),
      counts: cache.matchCounts(c.matcher),
    };
  });
  const single = states.length === 1;
  const hasNodeAffinity = pod.nodeSelector !== null || pod.requiredNodeAffinity !== null;
  // Inclusion policies can only exclude a node when the pod has node affinity (Honor) or taints are honored.
  const policiesMatter = constraints.some((c) => (c.nodeAffinityPolicy === 'Honor' && hasNodeAffinity) || c.nodeTaintsPolicy === 'Honor');
  if (single && !policiesMatter) {
    // Every node with the key counts, so the sums are the cache's incremental per-domain counts, and every
    // domain (each comes from some node's label) is present.
    const s = states[0]!;
    s.matchNum.set(cache.domainMatchCounts(s.c.matcher, s.c.topologyKey));
    s.present.fill(1);
  } else {
    const honored = useIndex && hasNodeAffinity && constraints.every((c) => c.nodeAffinityPolicy === 'Honor');
    const positions = honored ? matchingNodePositions(cache, pod) : null;
    // On the matching nodes the node affinity holds: only honored taints can still exclude one.
    const policiesLeft = positions === null ? policiesMatter : constraints.some((c) => c.nodeTaintsPolicy === 'Honor');
    accumulateDomains(cache, pod, states, single, policiesLeft, positions);
  }
  for (const s of states) {
    for (let d = 0; d < s.present.length; d++) {
      if (!s.present[d]) continue;
      s.domainsNum++;
      if (s.matchNum[d]! < s.minMatch) s.minMatch = s.matchNum[d]!;
    }
    // The Filter's skew test depends on the node only through its domain, so it is decided here per domain.
    const minMatchNum = s.domainsNum < s.c.minDomains ? 0 : s.minMatch;
    for (let d = 0; d < s.fits.length; d++) {
      const matchNum = s.present[d] ? s.matchNum[d]! : 0;
      s.fits[d] = matchNum + s.selfMatch - minMatchNum <= s.c.maxSkew ? 1 : 0;
    }
  }
  return states;
}

/**
 * True when node `i` has every constraint's topology key: `nodeLabelsMatchSpreadConstraints` read from the domain
 * tables, whose position is -1 exactly where the node lacks the key (no label lookups in the per-node passes).
 */
function inAllDomains(domains: readonly TopologyDomains[], i: number): boolean {
  for (let k = 0; k < domains.length; k++) if (domains[k]!.domainOf[i]! < 0) return false;
  return true;
}

/**
 * The general pass of `calPreFilterState`: each eligible node's matching pods added to its domains, over every node
 * or only those at `positions`. A node with no matching pod in a domain already known present can change nothing,
 * so its inclusion policies are not evaluated.
 */
function accumulateDomains(
  cache: SchedulerCache,
  pod: PodInfo,
  states: readonly (FilterConstraintState & { counts: Int32Array })[],
  single: boolean,
  policiesMatter: boolean,
  positions: Int32Array | null,
): void {
  const n = positions === null ? cache.size : positions.length;
  const domains = states.map((s) => s.domains);
  for (let j = 0; j < n; j++) {
    const i = positions === null ? j : positions[j]!;
    if (!single && !inAllDomains(domains, i)) continue;
    for (let k = 0; k < states.length; k++) {
      const s = states[k]!;
      const d = s.domains.domainOf[i]!;
      if (d < 0) break;
      const cnt = s.counts[i]!;
      if (cnt === 0 && s.present[d] === 1) continue;
      if (policiesMatter && !matchNodeInclusionPolicies(cache, s.c, pod, i)) continue;
      s.present[d] = 1;
      s.matchNum[d]! += cnt;
    }
  }
}

/** The Filter verdict for node `i` given the PreFilter state (null = fits). */
export function spreadFilter(states: readonly FilterConstraintState[], i: number): Status | null {
  for (let k = 0; k < states.length; k++) {
    const s = states[k]!;
    const d = s.domains.domainOf[i]!;
    if (d < 0) return NODE_LABEL_NOT_MATCH;
    if (s.fits[d] === 0) return CONSTRAINTS_NOT_MATCH;
  }
  return null;
}

/**
 * The general pass of PreScore's `processAllNode`: each counted node's matching pods added to its used domains.
 * Only nodes holding a matching pod can add anything, so the key and policy tests run for those alone.
 */
function accumulatePairCounts(
  cache: SchedulerCache,
  pod: PodInfo,
  constraints: readonly SpreadConstraint[],
  requireAll: boolean,
  domains: readonly TopologyDomains[],
  counts: readonly Int32Array[],
  used: readonly Uint8Array[],
  pairCounts: Float64Array[],
): void {
  const n = cache.size;
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let k = 0; k < counts.length; k++) if (counts[k]![i]! !== 0) any = true;
    if (!any || (requireAll && !inAllDomains(domains, i))) continue;
    for (let k = 0; k < constraints.length; k++) {
      const c = constraints[k]!;
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      const cnt = counts[k]![i]!;
      if (cnt === 0) continue;
      const dom = domains[k]!;
      let d = dom.domainOf[i]!;
      if (d < 0) d = dom.values.length;
      if (!used[k]![d]) continue;
      if (!matchNodeInclusionPolicies(cache, c, pod, i)) continue;
      pairCounts[k]![d]! += cnt;
    }
  }
}

/**
 * PreScore's pass over the feasible nodes: marks each non-hostname constraint's domains holding a counted feasible
 * node in `used` and counts them in `topoSize` (a node lacking the key is in the "" domain, index `values.length`);
 * with `requireAll`, a node lacking a constraint's key is ignored (`ignored[j]`). Returns the ignored count. When no
 * node can be ignored it stops as soon as every constraint has all its domains in use, since later nodes change
 * nothing (3 zones: after a few nodes, not all 500).
 */
function markUsedDomains(
  constraints: readonly SpreadConstraint[],
  domains: readonly TopologyDomains[],
  feasible: Int32Array,
  count: number,
  requireAll: boolean,
  used: readonly Uint8Array[],
  topoSize: number[],
  ignored: Uint8Array,
): number {
  const stopEarly = !requireAll || domains.every((d) => d.missing === 0);
  let open = 0;
  const full = constraints.map((c, k) => {
    if (c.topologyKey === LABEL_HOSTNAME) return 0;
    open++;
    return domains[k]!.values.length + (domains[k]!.missing > 0 ? 1 : 0);
  });
  let ignoredCount = 0;
  for (let j = 0; j < count && !(stopEarly && open === 0); j++) {
    const i = feasible[j]!;
    if (requireAll && !inAllDomains(domains, i)) {
      ignored[j] = 1;
      ignoredCount++;
      continue;
    }
    for (let k = 0; k < constraints.length; k++) {
      if (full[k] === 0) continue;
      const dom = domains[k]!;
      let d = dom.domainOf[i]!;
      if (d < 0) d = dom.values.length;
      if (used[k]![d]) continue;
      used[k]![d] = 1;
      if (++topoSize[k]! === full[k]) open--;
    }
  }
  return ignoredCount;
}

/**
 * Entries of a constraint's per-domain score arrays: its domains plus the "" domain, or none for a hostname
 * constraint, which is scored from the per-node counts and never marks or sums domains (one domain per node would
 * cost two arrays as long as the cluster, 45 kB at 5,000 nodes, for every pod scheduled).
 */
function scoredDomains(c: SpreadConstraint, d: TopologyDomains): number {
  return c.topologyKey === LABEL_HOSTNAME ? 0 : d.values.length + 1;
}

interface ScoreState {
  constraints: SpreadConstraint[];
  counts: Int32Array[];
  domains: TopologyDomains[];
  /** Per constraint, pod counts per domain (index `values.length` = nodes lacking the key). */
  pairCounts: Float64Array[];
  weights: number[];
  ignored: Uint8Array;
}

interface ScoreConstraints {
  constraints: SpreadConstraint[];
  systemDefaulted: boolean;
}

/**
 * The default constraints built for a default spreading selector, by selector object and namespace: every pod of
 * a ReplicaSet shares its selector object (see podinfo's defaultSelector), so they are built once per owner, not
 * twice per scheduling cycle (scoreShape and PreScore).
 */
type DefaultConstraintsCache = WeakMap<object, Map<string, ScoreConstraints>>;

function buildScoreConstraints(pod: PodInfo, args: PodTopologySpreadArgs, cache?: DefaultConstraintsCache): ScoreConstraints {
  if (pod.topologySpreadConstraints.length > 0) {
    return { constraints: pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), systemDefaulted: false };
  }
  const sel = pod.defaultSpreadSelector;
  if (!sel || sel.requirements.length === 0) return { constraints: [], systemDefaulted: args.defaultingType === 'System' };
  if (!cache) return buildDefaultConstraints(pod.namespace, sel, args);
  let byNs = cache.get(sel);
  if (!byNs) {
    byNs = new Map();
    cache.set(sel, byNs);
  }
  let built = byNs.get(pod.namespace);
  if (!built) {
    built = buildDefaultConstraints(pod.namespace, sel, args);
    byNs.set(pod.namespace, built);
  }
  return built;
}

function buildDefaultConstraints(namespace: string, sel: Selector, args: PodTopologySpreadArgs): ScoreConstraints {
  const defaults = args.defaultingType === 'System' ? SYSTEM_DEFAULTS : args.defaultConstraints;
  const matcher = spreadMatcher(namespace, sel);
  const constraints = defaults
    .filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway')
    .map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway' as const,
      minDomains: 1,
      nodeAffinityPolicy: 'Honor' as const,
      nodeTaintsPolicy: 'Ignore' as const,
      selector: sel,
      matcher,
    }));
  return { constraints, systemDefaulted: args.defaultingType === 'System' };
}

/** Builds the plugin. */
export function newPodTopologySpread(rawArgs: unknown): Plugin {
  const args = (rawArgs as PodTopologySpreadArgs | undefined) ?? { defaultingType: 'System', defaultConstraints: [] };
  const preFilterState = cycleStateSlot<FilterConstraintState[]>(NAME);
  const defaultConstraints: DefaultConstraintsCache = new WeakMap();
  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status | null {
      if (pod.topologySpreadConstraints.length === 0) return SKIP;
      const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
      if (constraints.length === 0) return SKIP;
      preFilterState.write(state, calPreFilterState(state.cache, pod, constraints));
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, i: number): Status | null {
      const states = preFilterState.read(state);
      // Only when PreFilter is disabled or skipped: upstream's getPreFilterState error.
      if (!states) return PRE_FILTER_STATE_NOT_FOUND;
      return spreadFilter(states, i);
    },
    scoreShape(_cache: SchedulerCache, pod: PodInfo): ScoreShape | null {
      return buildScoreConstraints(pod, args, defaultConstraints).constraints.length === 0 ? { kind: 'skip' } : null;
    },
    preScore(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number): Status | null {
      const { constraints, systemDefaulted } = buildScoreConstraints(pod, args, defaultConstraints);
      if (constraints.length === 0 || count === 0) return SKIP;
      const cache = state.cache;
      const requireAll = pod.topologySpreadConstraints.length > 0 || !systemDefaulted;
      const domains = constraints.map((c) => cache.domains(c.topologyKey));
      const counts = constraints.map((c) => cache.matchCounts(c.matcher));
      const pairCounts = domains.map((d, k) => new Float64Array(scoredDomains(constraints[k]!, d)));
      const used = domains.map((d, k) => new Uint8Array(scoredDomains(constraints[k]!, d)));
      const topoSize = constraints.map(() => 0);
      const ignored = new Uint8Array(count);
      const ignoredCount = markUsedDomains(constraints, domains, feasible, count, requireAll, used, topoSize, ignored);
      const hasNodeAffinity = pod.nodeSelector !== null || pod.requiredNodeAffinity !== null;
      const policiesMatter = constraints.some((c) => (c.nodeAffinityPolicy === 'Honor' && hasNodeAffinity) || c.nodeTaintsPolicy === 'Honor');
      if (!policiesMatter && domains.every((d) => d.missing === 0)) {
        // Every node has every key and counts: each used domain's sum is the cache's incremental per-domain count,
        // so the pass over all nodes below (5,000 nodes for every pod scheduled) is not needed.
        for (let k = 0; k < constraints.length; k++) {
          if (constraints[k]!.topologyKey === LABEL_HOSTNAME) continue;
          const sums = cache.domainMatchCounts(constraints[k]!.matcher, constraints[k]!.topologyKey);
          for (let d = 0; d < sums.length; d++) if (used[k]![d]) pairCounts[k]![d] = sums[d]!;
        }
      } else {
        accumulatePairCounts(cache, pod, constraints, requireAll, domains, counts, used, pairCounts);
      }
      const weights = constraints.map((c, k) =>
        topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? count - ignoredCount : topoSize[k]!),
      );
      state.data.set(`${NAME}/score`, { constraints, counts, domains, pairCounts, weights, ignored } satisfies ScoreState);
      return null;
    },
    score(state: CycleState, _pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const s = state.data.get(`${NAME}/score`) as ScoreState;
      for (let j = 0; j < count; j++) {
        const i = feasible[j]!;
        let score = 0;
        for (let k = 0; k < s.constraints.length; k++) {
          const c = s.constraints[k]!;
          const d = s.domains[k]!.domainOf[i]!;
          if (d < 0) continue;
          const cnt = c.topologyKey === LABEL_HOSTNAME ? s.counts[k]![i]! : s.pairCounts[k]![d]!;
          score += scoreForCount(cnt, c.maxSkew, s.weights[k]!);
        }
        out[j] = Math.round(score);
      }
      return null;
    },
    normalizeScore(state: CycleState, _pod: PodInfo, _f: Int32Array, count: number, scores: Float64Array): Status | null {
      const s = state.data.get(`${NAME}/score`) as ScoreState;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      for (let j = 0; j < count; j++) {
        if (s.ignored[j]) continue;
        if (scores[j]! < min) min = scores[j]!;
        if (scores[j]! > max) max = scores[j]!;
      }
      for (let j = 0; j < count; j++) {
        if (s.ignored[j]) scores[j] = 0;
        else if (max === 0) scores[j] = MAX_NODE_SCORE;
        // Worked example: raw [3, 5, 9] → min 3, max 9 → 100·(12-3)/9 = 100, 100·(12-5)/9 = 77, 100·3/9 = 33.
        else scores[j] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[j]!)) / max);
      }
      return null;
    },
  };
}
