/**
 * The framework runtime and one scheduling cycle (`framework/runtime/framework.go`, `schedule_one.go`):
 * PreFilter → (nominated node first) → Filter over a round-robin sample → PostFilter when nothing fits →
 * PreScore → Score → NormalizeScore → weights → selectHost. Pure: the cache is read, never written, by
 * `schedulePod`; `reserve` assumes the pod into the cache.
 */
import type { SchedulerCache } from '../cache.ts';
import type { PodInfo } from '../types.ts';
import { MAX_NODE_SCORE } from '../types.ts';
import { fitErrorMessage, NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT, numFeasibleNodesToFind, selectHost } from '../schedule_one.ts';
import type { CycleState, FrameworkHandle, NodeToStatus, PdbInfo, Plugin, PluginFactory, PostFilterResult, RandomSource, ScoreShape, StorageLister } from './interface.ts';
import { NODE_BLOCK_SHIFT, NODE_BLOCK_SIZE } from '../cache.ts';
import { fitsNativeQuick, plainFitScore, type PlainFitScoring } from '../plugins/NodeResourcesFit/index.ts';
import { balancedTwoResourceScore } from '../plugins/NodeResourcesBalancedAllocation/index.ts';
import { matchingNodePositions, type NodeAffinityArgs } from '../plugins/NodeAffinity/index.ts';
import type { ExtensionPoint, SchedulerProfile } from './profile.ts';
import { IN_TREE_REGISTRY } from './registry.ts';
import { Status, errorStatus, unschedulable } from './status.ts';

const FIT_NAME = 'NodeResourcesFit';
const AFFINITY_NAME = 'NodeAffinity';
/**
 * In-tree filters that never return an Error status: when only these run before NodeAffinity, a node NodeAffinity
 * rejects can be skipped without hiding an Error that would have ended the cycle.
 */
const NEVER_ERROR_FILTERS: ReadonlySet<string> = new Set(['NodeUnschedulable', 'NodeName', 'TaintToleration']);

/**
 * Nodes a pass looked at, from its start position: up to and including the node where the `toFind`-th feasible
 * node was found, else all `n` (the pass walks nodes in order from `start` and stops there).
 */
function processedNodes(count: number, toFind: number, last: number, start: number, n: number): number {
  if (count < toFind) return n;
  const k = last - start;
  return (k < 0 ? k + n : k) + 1;
}

/** First index `j` in `a[0..m)` (ascending) with `a[j] >= x`, or `m`. */
function lowerBound(a: Int32Array, m: number, x: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The node position visited `k`-th by a Filter pass starting at `start`: round-robin over all `n` positions, or,
 * with a candidate list `cand` (ascending, `m` long, its first position at or after `start` at `j0`), over those.
 */
function walkPosition(k: number, start: number, n: number, cand: Int32Array | null, j0: number, m: number): number {
  if (cand === null) {
    const i = start + k;
    return i >= n ? i - n : i;
  }
  const j = j0 + k;
  return cand[j < m ? j : j - m]!;
}

/** The per-pod inputs of the fused resource score. */
interface FusedScore {
  fit: PlainFitScoring | null;
  fitWeight: number;
  balancedWeight: number;
  /** Scoring requests (per-container 100m / 200Mi defaults) for NodeResourcesFit. */
  fitCpuMillis: number;
  fitMemoryBytes: number;
  /** Real requests for BalancedAllocation. */
  cpuMillis: number;
  memoryBytes: number;
}

/** Weighted NodeResourcesFit + BalancedAllocation score of node `i` (the non-constant part of a plan's total). */
function fusedScore(c: SchedulerCache, f: FusedScore, i: number): number {
  let t = 0;
  if (f.fit) t += plainFitScore(f.fit, c.allocCpu[i]!, c.allocMem[i]!, c.nzCpu[i]! + f.fitCpuMillis, c.nzMem[i]! + f.fitMemoryBytes) * f.fitWeight;
  if (f.balancedWeight !== 0) {
    t += balancedTwoResourceScore(c.allocCpu[i]!, c.allocMem[i]!, c.reqCpu[i]! + f.cpuMillis, c.reqMem[i]! + f.memoryBytes) * f.balancedWeight;
  }
  return t;
}

/** The largest memoized value: totals of weighted 0..100 scores stay exact in an Int32Array slot up to it. */
const MAX_MEMO_VALUE = 0x7fffffff;

/** Whether the plan's resource score plus every per-node score, at 100 each, fits a memo slot. */
function memoizedTotalsFit(plan: ScorePlan): boolean {
  let w = plan.fitWeight + plan.balancedWeight;
  for (const q of plan.perNode) w += q.weight;
  return w * MAX_NODE_SCORE <= MAX_MEMO_VALUE;
}

/** Identity of a memo (with the fold key): everything `fusedScore` and `fitsNativeQuick` read from the pod and the plan. */
function shapeKey(f: FusedScore, ephemeralStorageBytes: number): string {
  const fit = f.fit ? `${f.fit.least ? 'L' : 'M'}${f.fit.cpuWeight},${f.fit.memoryWeight}x${f.fitWeight}` : '-';
  return `${fit}|${f.balancedWeight}|${f.fitCpuMillis}|${f.fitMemoryBytes}|${f.cpuMillis}|${f.memoryBytes}|${ephemeralStorageBytes}`;
}

/**
 * Memoized fused values of one request shape by node position: `slots[2i]` is the stamp node `i` had when
 * `slots[2i + 1]` was computed (side by side, so one cache line serves both reads); valid while equal to the
 * node's current stamp within the same `epoch`.
 */
interface ShapeMemo {
  slots: Int32Array;
  /** Per aligned block of nodes, its summary ({@link SUMMARY_STRIDE} entries, `S_*` offsets). */
  blocks: Int32Array;
  epoch: number;
  /** `memoTick` at the last use. */
  lastUse: number;
}

/** Block summary layout: the block stamp it was made at, feasible count, first feasible position, best value,
 * how many nodes reach it, best three positions (-1 when fewer). */
const S_STAMP = 0;
const S_FEASIBLE = 1;
const S_FIRST = 2;
const S_MAX = 3;
const S_MAX_COUNT = 4;
const S_TOP = 5;
const SUMMARY_STRIDE = 8;

function newShapeMemo(capacity: number, epoch: number, lastUse: number): ShapeMemo {
  return { slots: new Int32Array(2 * capacity), blocks: new Int32Array(SUMMARY_STRIDE * ((capacity >> NODE_BLOCK_SHIFT) + 1)), epoch, lastUse };
}

/** Initial `best`: no totals, no nodes. */
const NO_BEST = [-Infinity, -Infinity, -Infinity, -1, -1, -1];

/**
 * Inserts (total `t`, node) into `best` = [t1, t2, t3, node1, node2, node3] when `t` beats the third: strictly
 * greater moves ahead, so among equal totals the earlier offered stays first (list order).
 */
function offerBest(best: Float64Array, t: number, node: number): void {
  if (t > best[0]!) {
    best[2] = best[1]!;
    best[5] = best[4]!;
    best[1] = best[0]!;
    best[4] = best[3]!;
    best[0] = t;
    best[3] = node;
  } else if (t > best[1]!) {
    best[2] = best[1]!;
    best[5] = best[4]!;
    best[1] = t;
    best[4] = node;
  } else {
    best[2] = t;
    best[5] = node;
  }
}

/**
 * Shapes memoized at once (least recently used dropped first); each costs 8 bytes per node. Workloads of a few
 * hundred request shapes scheduled in turn would evict every memo before its reuse with fewer.
 */
const MAX_SHAPE_MEMOS = 256;
/** Shapes remembered as seen once; a memo is only built for a shape seen before, so unique pods cost nothing. */
const MAX_SEEN_SHAPES = 4096;

/** What a Filter pass found. */
interface FilterPass {
  /** Nodes looked at. */
  processed: number;
  /** Feasible nodes found. */
  count: number;
  /** Rejected nodes, in the scratch lists. */
  failed: number;
  /** The first feasible node's position. */
  firstNode: number;
  /** Fused pass only: how many nodes share the best total. */
  ties: number;
  /** A filter's Error, which ends the cycle. */
  error: Status | null;
}

const EMPTY_PASS: FilterPass = { processed: 0, count: 0, failed: 0, firstNode: -1, ties: 0, error: null };

/** `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Per-plugin scores of one node in the decision log. */
export interface NodeScoreReport {
  nodeName: string;
  /** Σ weight × normalized score. */
  totalScore: number;
  /** Plugin → normalized score (0..100), before weighting. Plugins skipped at PreScore are absent. */
  scores: Readonly<Record<string, number>>;
}

// Shared by every decision that has them (frozen: decisions are only read): a record per pod is kept for the whole run.
const NO_PLUGIN_SCORES: Readonly<Record<string, number>> = Object.freeze({});
const NO_TOP_NODES: readonly NodeScoreReport[] = Object.freeze([]);

/** What the decision log records about one cycle. */
export interface SchedulingDecision {
  pod: string;
  /** Nodes in the cluster. */
  totalNodes: number;
  /** Nodes the filter pass looked at. */
  evaluatedNodes: number;
  /** Feasible nodes found (at most numFeasibleNodesToFind). */
  feasibleNodes: number;
  /** The best nodes (up to 3), best first; a single feasible node is reported unscored. */
  topNodes: readonly NodeScoreReport[];
  /** Plugin weights used for the totals: the framework's own frozen record, shared by its decisions. */
  weights: Readonly<Record<string, number>>;
  /** How the node was chosen. */
  via: 'nominatedNode' | 'onlyFeasibleNode' | 'scores' | 'none';
}

/** The outcome of `schedulePod`. */
export interface ScheduleResult {
  nodeName?: string;
  status: Status;
  /** The `FailedScheduling` event message when no node was chosen. */
  failedSchedulingMessage?: string;
  decision: SchedulingDecision;
  /** DefaultPreemption's outcome: nomination and victims to evict. */
  postFilterResult?: PostFilterResult;
  /** The cycle's state, for Reserve, PreBind and Bind of the chosen node (set with `nodeName`). */
  state?: CycleState;
}

/** Options of {@link Framework}. */
export interface FrameworkOptions {
  /** Current PodDisruptionBudgets, read by preemption. Default none. */
  pdbs?: () => readonly PdbInfo[];
  /** The global `percentageOfNodesToScore` (used when the profile leaves it 0). Default 0 (adaptive). */
  globalPercentageOfNodesToScore?: number;
  /** Out-of-tree plugins, merged over the in-tree registry. */
  registry?: Readonly<Record<string, PluginFactory>>;
  /** The storage API the volume plugins read; without it they Skip every pod. Default none. */
  storage?: StorageLister;
  /**
   * Fuse Filter and Score into one pass when every Score plugin's {@link ScoreShape} is known for the pod. The
   * outcome is identical either way; `false` forces the general path (differential tests). Default true.
   */
  fusedScoring?: boolean;
  /**
   * Walk only the nodes matching a pod's nodeSelector and required node affinity (a memoized list) when that list
   * is short; nodes it leaves out are exactly those the Filter chain would reject, so the feasible nodes, the
   * number of nodes processed and the next start index are the same. `false` walks every node (differential
   * tests). Default true.
   */
  nodeIndex?: boolean;
}

/** A Score plugin of shape `node` and its weight. */
interface PerNodeScore {
  plugin: Plugin;
  weight: number;
}

const NO_PLUGINS: readonly Plugin[] = [];
const NO_SCORES: readonly PerNodeScore[] = [];

/**
 * A pod's fused score: `constant + fitWeight × plainFitScore + balancedWeight × balancedTwoResourceScore`, plus
 * each Score plugin's shape for the decision log.
 */
interface ScorePlan {
  constant: number;
  fit: PlainFitScoring | null;
  fitWeight: number;
  balancedWeight: number;
  /** Score plugins of shape `node` with their weights, added node by node. */
  perNode: PerNodeScore[];
  /**
   * Per Score plugin (profile order), its shape, or null for a plugin whose shape is unknown: those run their
   * PreScore / Score / NormalizeScore over the feasible list after the pass (PodTopologySpread's default spreading).
   */
  shapes: (ScoreShape | null)[];
  /** Whether any plugin has a null shape. */
  general: boolean;
}

/** One profile's plugins bound to a cache. Holds the round-robin `nextStartNodeIndex`. */
export class Framework implements FrameworkHandle {
  readonly profile: SchedulerProfile;
  readonly cache: SchedulerCache;
  /** Where the next filter pass starts (`sched.nextStartNodeIndex`). */
  nextStartNodeIndex = 0;
  private readonly preFilterPlugins: Plugin[] = [];
  private readonly filterPlugins: Plugin[] = [];
  private readonly postFilterPlugins: Plugin[] = [];
  private readonly scorePlugins: { plugin: Plugin; weight: number; preScore: boolean }[] = [];
  private readonly reservePlugins: Plugin[] = [];
  private readonly preBindPlugins: Plugin[] = [];
  private readonly bindPlugins: Plugin[] = [];
  readonly storage: StorageLister | undefined;
  private readonly pdbSource: () => readonly PdbInfo[];
  private readonly globalPercentage: number;
  private readonly fusedScoring: boolean;
  private readonly nodeIndex: boolean;
  /** The in-tree NodeAffinity Filter, and the in-tree filters that may precede it in the node-index pass. */
  private readonly affinityFilter: Plugin | undefined;
  private readonly neverErrorFilters = new Set<Plugin>();
  /** The active filter list last checked for the node-index pass, and whether it allows that pass. */
  private indexActive: readonly Plugin[] | null = null;
  private indexUsable = false;
  /** Whether the profile's NodeAffinityArgs carry a required `addedAffinity` selector. */
  private readonly addedAffinityRequired: boolean;
  /** The last list given to {@link withoutImpliedAffinity} and its answer. */
  private impliedIn: readonly Plugin[] | null = null;
  private impliedOut: readonly Plugin[] | null = null;
  /** The in-tree NodeResourcesFit Filter, whose "fits" verdict the filter loop can decide inline. */
  private readonly fitFilter: Plugin | undefined;
  private readonly weights: Readonly<Record<string, number>>;
  private readonly shapeMemos = new Map<string, ShapeMemo>();
  /** Counts memo uses, for least-recently-used eviction. */
  private memoTick = 0;
  /** Active Filter lists by the mask of PreFilter plugins that skipped, and each list without NodeResourcesFit. */
  private readonly activeFiltersByMask = new Map<number, Plugin[]>();
  private lastActive: readonly Plugin[] | null = null;
  private lastOthers: readonly Plugin[] | null = null;
  private readonly shapesSeen = new Set<string>();
  /** Ids of pod-side parts (interned tolerations, preferred terms) naming them in memo keys. */
  private readonly partIds = new WeakMap<object, number>();
  private partCounter = 0;
  /** The last Filter list split by {@link splitStaticFilters}: its Filters with a pod part, and the others. */
  private splitIn: readonly Plugin[] | null = null;
  private splitStatic: readonly Plugin[] = [];
  private splitRest: readonly Plugin[] = [];
  /** What the current fused pass memoizes beside the resource score: Filters and per-node scores with a pod part. */
  private foldFilters: readonly Plugin[] = [];
  private foldScores: readonly PerNodeScore[] = [];
  private feasible = new Int32Array(0);
  /**
   * The last fused pass: the best three totals then their node positions ({@link offerBest}); the nodes sharing
   * the best total in list order, each item a position or `-1 - block` for a summarized block; the memo it used
   * and the best fused value.
   */
  private readonly best = new Float64Array(6);
  private tieItems = new Int32Array(0);
  private nTieItems = 0;
  private tieValue = 0;
  private passMemo!: ShapeMemo;
  /** Memo for a shape seen the first time: written, never hit. */
  private scratchMemo: ShapeMemo = newShapeMemo(0, 0, 0);
  private failedNodes = new Int32Array(0);
  private failedStatuses: (Status | null)[] = [];
  private totals = new Float64Array(0);
  private pluginScores: Float64Array[] = [];

  constructor(profile: SchedulerProfile, cache: SchedulerCache, opts: FrameworkOptions = {}) {
    this.profile = profile;
    this.cache = cache;
    this.pdbSource = opts.pdbs ?? (() => []);
    this.globalPercentage = opts.globalPercentageOfNodesToScore ?? 0;
    this.fusedScoring = opts.fusedScoring ?? true;
    this.nodeIndex = opts.nodeIndex ?? true;
    this.storage = opts.storage;
    const registry = { ...IN_TREE_REGISTRY, ...opts.registry };
    let fitFilter: Plugin | undefined;
    let affinityFilter: Plugin | undefined;
    for (const pp of profile.plugins) {
      const factory = registry[pp.name];
      if (!factory) throw new Error(`Framework: plugin ${JSON.stringify(pp.name)} is not registered`);
      const args = (profile.pluginArgs as Record<string, unknown>)[pp.name];
      const p = factory(args, this);
      const on = (point: ExtensionPoint): boolean => !pp.disabled.has(point);
      if (p.preFilter && on('preFilter')) this.preFilterPlugins.push(p);
      if (p.filter && on('filter')) this.filterPlugins.push(p);
      if (p.filter && on('filter') && pp.name === FIT_NAME && factory === IN_TREE_REGISTRY[FIT_NAME]) fitFilter = p;
      if (p.filter && on('filter') && pp.name === AFFINITY_NAME && factory === IN_TREE_REGISTRY[AFFINITY_NAME]) affinityFilter = p;
      if (p.filter && NEVER_ERROR_FILTERS.has(pp.name) && factory === IN_TREE_REGISTRY[pp.name]) this.neverErrorFilters.add(p);
      if (p.postFilter && on('postFilter')) this.postFilterPlugins.push(p);
      if (p.score && on('score')) this.scorePlugins.push({ plugin: p, weight: pp.weight, preScore: !!p.preScore && on('preScore') });
      if (p.reserve && on('reserve')) this.reservePlugins.push(p);
      if (p.preBind && on('preBind')) this.preBindPlugins.push(p);
      if (p.bind && on('bind')) this.bindPlugins.push(p);
    }
    this.fitFilter = fitFilter;
    this.affinityFilter = affinityFilter;
    const affinityArgs = (profile.pluginArgs as Record<string, unknown>)[AFFINITY_NAME] as NodeAffinityArgs | undefined;
    this.addedAffinityRequired = affinityArgs?.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
    this.weights = Object.freeze(Object.fromEntries(this.scorePlugins.map((s) => [s.plugin.name, s.weight])));
  }

  /** Current PDBs (FrameworkHandle). */
  pdbs(): readonly PdbInfo[] {
    return this.pdbSource();
  }

  /** A fresh cycle state for `pod`; every Filter plugin is active until PreFilter skips it. */
  newCycleState(pod: PodInfo, rng: RandomSource): CycleState {
    return { pod, cache: this.cache, data: new Map(), rng, activeFilters: this.filterPlugins };
  }

  /**
   * Runs PreFilter plugins. A plugin returning Skip has its Filter left out for this pod: the state's
   * `activeFilters` list is rebuilt once here so the per-node loop does no lookups. Returns the first
   * rejection (stamped), else null.
   */
  runPreFilterPlugins(state: CycleState, pod: PodInfo): Status | null {
    // Bit k set = the k-th PreFilter plugin skipped; the resulting filter lists are few and kept by mask.
    let skippedMask = 0;
    const plugins = this.preFilterPlugins;
    for (let k = 0; k < plugins.length; k++) {
      const p = plugins[k]!;
      const s = p.preFilter!(state, pod);
      if (s === null || s.code === 'Success') continue;
      if (s.code === 'Skip') {
        skippedMask |= 2 ** k;
        continue;
      }
      return s.withPlugin(p.name);
    }
    let active = this.activeFiltersByMask.get(skippedMask);
    if (!active) {
      const skipped = new Set(plugins.filter((_, k) => Math.floor(skippedMask / 2 ** k) % 2 === 1).map((p) => p.name));
      active = this.filterPlugins.filter((p) => !skipped.has(p.name));
      this.activeFiltersByMask.set(skippedMask, active);
    }
    state.activeFilters = active;
    return null;
  }

  /** Runs the active Filter plugins on node `i` in order, stopping at the first failure (stamped with the plugin). */
  runFilterPlugins(state: CycleState, pod: PodInfo, i: number): Status | null {
    const filters = state.activeFilters;
    for (let k = 0; k < filters.length; k++) {
      const p = filters[k]!;
      const s = p.filter!(state, pod, i);
      if (s !== null) return s.withPlugin(p.name);
    }
    return null;
  }

  private ensureScratch(n: number): void {
    if (this.feasible.length >= n) return;
    const cap = Math.max(n, 64);
    this.feasible = new Int32Array(cap);
    this.tieItems = new Int32Array(cap);
    this.scratchMemo = newShapeMemo(cap, 0, 0);
    this.failedNodes = new Int32Array(cap);
    this.failedStatuses = new Array<Status | null>(cap).fill(null);
    this.totals = new Float64Array(cap);
    this.pluginScores = this.scorePlugins.map(() => new Float64Array(cap));
  }

  /**
   * The fused score of `pod` when every Score plugin reports a {@link ScoreShape} (and none has its PreScore
   * disabled, which would change what Skip means); null otherwise.
   */
  private scorePlan(pod: PodInfo): ScorePlan | null {
    if (!this.fusedScoring) return null;
    // Negative requests (rejected by API validation) could push a score out of [0, 100], which only the general
    // path reports as an error.
    const r = pod.requests;
    if (r.cpuMillis < 0 || r.memoryBytes < 0 || pod.nonMissingCpuMillis < 0 || pod.nonMissingMemoryBytes < 0) return null;
    const plan: ScorePlan = { constant: 0, fit: null, fitWeight: 0, balancedWeight: 0, perNode: [], shapes: [], general: false };
    for (const sp of this.scorePlugins) {
      const p = sp.plugin;
      // Memoized values are 32-bit integers: integer weights up to 10^6 keep every total exact and in range.
      if (!Number.isInteger(sp.weight) || sp.weight < 0 || sp.weight > 1_000_000) return null;
      if (!p.scoreShape || (!!p.preScore && !sp.preScore)) return null;
      const shape = p.scoreShape(this.cache, pod);
      if (shape === null) {
        // Scored after the pass by the plugin itself, as the general path scores it.
        plan.general = true;
        plan.shapes.push(null);
        continue;
      }
      switch (shape.kind) {
        case 'skip':
          break;
        case 'constant':
          plan.constant += shape.score * sp.weight;
          break;
        case 'fit':
          if (plan.fit) return null;
          plan.fit = shape.scoring;
          plan.fitWeight = sp.weight;
          break;
        case 'balanced':
          if (plan.balancedWeight !== 0 || sp.weight === 0) return null;
          plan.balancedWeight = sp.weight;
          break;
        case 'node':
          if (!p.nodeScore) return null;
          if (sp.weight !== 0) plan.perNode.push({ plugin: p, weight: sp.weight });
          break;
      }
      plan.shapes.push(shape);
    }
    return plan;
  }

  /** One scheduling cycle for `pod`. Reads the cache; advances `nextStartNodeIndex`. */
  schedulePod(pod: PodInfo, rng: RandomSource): ScheduleResult {
    const cache = this.cache;
    const n = cache.size;
    const decision: SchedulingDecision = { pod: pod.key, totalNodes: n, evaluatedNodes: 0, feasibleNodes: 0, topNodes: NO_TOP_NODES, weights: this.weights, via: 'none' };
    if (n === 0) {
      return { status: unschedulable(NO_NODES_AVAILABLE), failedSchedulingMessage: NO_NODES_AVAILABLE, decision };
    }
    this.ensureScratch(n);
    const state = this.newCycleState(pod, rng);
    const pre = this.runPreFilterPlugins(state, pod);
    if (pre) {
      if (pre.code === 'Error') return { status: pre, failedSchedulingMessage: pre.message(), decision };
      const statuses: NodeToStatus = new Map();
      for (let i = 0; i < n; i++) statuses.set(i, pre);
      return this.fail(state, pod, statuses, decision, pre.message());
    }
    if (pod.nominatedNodeName !== '') {
      const ni = cache.indexOf(pod.nominatedNodeName);
      if (ni >= 0 && this.runFilterPlugins(state, pod, ni) === null) {
        decision.evaluatedNodes = 1;
        decision.feasibleNodes = 1;
        decision.via = 'nominatedNode';
        decision.topNodes = [{ nodeName: pod.nominatedNodeName, totalScore: 0, scores: NO_PLUGIN_SCORES }];
        return { nodeName: pod.nominatedNodeName, status: new Status('Success'), decision, state };
      }
    }
    const toFind = numFeasibleNodesToFind(this.profile.percentageOfNodesToScore || undefined, n, this.globalPercentage);
    const plan = this.scorePlan(pod);
    const start = this.nextStartNodeIndex;
    const pass = plan ? this.filterAndScoreFused(state, pod, plan, toFind, start) : this.filterNodes(state, pod, toFind, start);
    if (pass.error) return { status: pass.error, failedSchedulingMessage: pass.error.message(), decision };
    this.nextStartNodeIndex = (start + pass.processed) % n;
    decision.evaluatedNodes = pass.processed;
    decision.feasibleNodes = pass.count;
    const failedStatuses = this.failedStatuses;
    if (pass.count === 0) {
      const statuses: NodeToStatus = new Map();
      for (let f = 0; f < pass.failed; f++) statuses.set(this.failedNodes[f]!, failedStatuses[f]!);
      failedStatuses.fill(null, 0, pass.failed);
      return this.fail(state, pod, statuses, decision, '');
    }
    failedStatuses.fill(null, 0, pass.failed);
    if (pass.count === 1) {
      const name = cache.nodes[pass.firstNode]!.spec.name;
      decision.via = 'onlyFeasibleNode';
      decision.topNodes = [{ nodeName: name, totalScore: 0, scores: NO_PLUGIN_SCORES }];
      return { nodeName: name, status: new Status('Success'), decision, state };
    }
    if (plan?.general) return this.scoreHybrid(state, pod, plan, pass.count, rng, decision);
    if (plan) {
      // selectHost: the k-th best-scored node in list order, one draw only when there is a tie.
      const ties = pass.ties;
      const k = ties === 1 ? 0 : Math.floor(rng.next() * ties);
      const best = this.tieNode(k);
      decision.via = 'scores';
      const top = this.best;
      const nodes = [best];
      const totals = [top[0]!];
      for (let r = 0; r < 3; r++) {
        const node = top[3 + r]!;
        if (node < 0 || node === best || nodes.length >= NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT) continue;
        nodes.push(node);
        totals.push(top[r]!);
      }
      // Built by `map`, which sizes the kept array exactly (one grown by `push` keeps room for 17).
      decision.topNodes = nodes.map((node, r) => this.planReport(plan, pod, node, totals[r]!));
      return { nodeName: cache.nodes[best]!.spec.name, status: new Status('Success'), decision, state };
    }
    const feasible = this.feasible;
    const count = pass.count;
    const scored = this.scoreNodes(state, pod, feasible, count);
    if (scored) return { status: scored, failedSchedulingMessage: scored.message(), decision };
    const best = selectHost(this.totals, count, rng);
    decision.via = 'scores';
    decision.topNodes = this.topNodes(feasible, count, best);
    return { nodeName: cache.nodes[feasible[best]!]!.spec.name, status: new Status('Success'), decision, state };
  }

  /**
   * The filters other than NodeResourcesFit when its verdict can be decided inline (the in-tree plugin is active,
   * no pod is nominated anywhere, the pod requests no scalar resource); null when it cannot.
   */
  private filtersBesideFit(state: CycleState, pod: PodInfo): readonly Plugin[] | null {
    const fitFilter = this.fitFilter;
    if (fitFilter === undefined || this.cache.nominatedPods.size !== 0 || pod.requests.scalar.size !== 0) return null;
    const active = state.activeFilters;
    if (active !== this.lastActive) {
      this.lastActive = active;
      this.lastOthers = active.includes(fitFilter) ? active.filter((p) => p !== fitFilter) : null;
    }
    return this.lastOthers;
  }

  /**
   * The positions (ascending) of the nodes matching the pod's nodeSelector and required node affinity, when the
   * pass may walk only those: the in-tree NodeAffinity Filter is active and only never-erroring in-tree filters
   * run before it (every other node is then rejected without an Error), and at most half the nodes match. Null
   * otherwise.
   */
  private affinityCandidates(state: CycleState, pod: PodInfo): Int32Array | null {
    if (!this.nodeIndex || this.affinityFilter === undefined || (pod.nodeSelector === null && pod.requiredNodeAffinity === null)) return null;
    const active = state.activeFilters;
    if (active !== this.indexActive) {
      this.indexActive = active;
      const at = active.indexOf(this.affinityFilter);
      this.indexUsable = at >= 0 && active.slice(0, at).every((p) => this.neverErrorFilters.has(p));
    }
    if (!this.indexUsable) return null;
    return matchingNodePositions(this.cache, pod);
  }

  /**
   * `others` without the NodeAffinity Filter when the pass walks the candidate list `cand`: every candidate
   * matches the pod's own terms, and with no `addedAffinity` selector in the profile the Filter passes them all.
   */
  private withoutImpliedAffinity(others: readonly Plugin[] | null, cand: Int32Array | null): readonly Plugin[] | null {
    if (others === null || cand === null || this.addedAffinityRequired) return others;
    if (others !== this.impliedIn) {
      this.impliedIn = others;
      this.impliedOut = others.filter((p) => p !== this.affinityFilter);
    }
    return this.impliedOut;
  }

  /** Runs `filters` on node `i` in order; the first rejection stamped with its plugin, or null. */
  private runFilters(filters: readonly Plugin[], state: CycleState, pod: PodInfo, i: number): Status | null {
    for (let m = 0; m < filters.length; m++) {
      const p = filters[m]!;
      const s = p.filter!(state, pod, i);
      if (s !== null) return s.withPlugin(p.name);
    }
    return null;
  }

  /** Records a rejected node in the scratch lists. */
  private reject(failed: number, i: number, s: Status): void {
    this.failedNodes[failed] = i;
    this.failedStatuses[failed] = s;
  }

  /**
   * The general Filter pass over the round-robin sample: feasible positions into `this.feasible` (scored later by
   * the Score plugins), rejections into the scratch lists. When the NodeResourcesFit quick test passes only the
   * other active filters run; when it fails, the whole chain runs for the exact first failure and its reasons.
   */
  private filterNodes(state: CycleState, pod: PodInfo, toFind: number, start: number, useIndex = true): FilterPass {
    const cache = this.cache;
    const n = cache.size;
    const feasible = this.feasible;
    const cand = useIndex ? this.affinityCandidates(state, pod) : null;
    const others = this.withoutImpliedAffinity(this.filtersBesideFit(state, pod), cand);
    const req = pod.requests;
    const m = cand === null ? n : cand.length;
    const j0 = cand === null ? 0 : lowerBound(cand, m, start);
    let count = 0;
    let failed = 0;
    for (let k = 0; k < m && count < toFind; k++) {
      const i = walkPosition(k, start, n, cand, j0, m);
      const s = others !== null && fitsNativeQuick(cache, req, i) ? this.runFilters(others, state, pod, i) : this.runFilterPlugins(state, pod, i);
      if (s === null) feasible[count++] = i;
      else if (s.code === 'Error') return { ...EMPTY_PASS, error: s };
      else this.reject(failed++, i, s);
    }
    if (cand !== null && count === 0) {
      // The rejections of the nodes left out are needed for the FailedScheduling message and preemption.
      this.failedStatuses.fill(null, 0, failed);
      return this.filterNodes(state, pod, toFind, start, false);
    }
    return { processed: processedNodes(count, toFind, feasible[count - 1]!, start, n), count, failed, firstNode: feasible[0]!, ties: 0, error: null };
  }

  /**
   * Filter and Score in one pass for a pod with a {@link ScorePlan}: each feasible node's total is the plan's
   * constant plus its fused resource score. The pass keeps the best three (total desc, list order asc) in
   * `this.best` and the nodes sharing the best total, in list order, as `this.tieItems` — all selectHost and the
   * decision log need.
   *
   * With the fit decided inline, "quick fit and fused score" depends only on the node's state and the pod's
   * request shape, so it is memoized per shape until the node's stamp changes. When NodeResourcesFit is the only
   * active filter, a whole aligned block of nodes that no pod touched since the shape last saw it is taken from
   * its memoized summary (feasible count, first feasible node, best value and how many reach it, best three) in
   * O(1) instead of node by node; a tie inside such a block is resolved by {@link tieNode}.
   */
  private filterAndScoreFused(state: CycleState, pod: PodInfo, plan: ScorePlan, toFind: number, start: number, useBlocks = true, useIndex = true): FilterPass {
    const cache = this.cache;
    const n = cache.size;
    const req = pod.requests;
    const cand = useIndex ? this.affinityCandidates(state, pod) : null;
    const besides = this.withoutImpliedAffinity(this.filtersBesideFit(state, pod), cand);
    const others = besides === null ? null : this.splitStaticFilters(besides);
    this.foldFilters = besides === null ? NO_PLUGINS : this.splitStatic;
    // The per-node scores memoized with the resource score; the rest are added node by node.
    let perNode = plan.perNode;
    this.foldScores = NO_SCORES;
    if (besides !== null && perNode.length > 0 && memoizedTotalsFit(plan)) {
      this.foldScores = perNode.filter((q) => q.plugin.nodeScorePart !== undefined);
      perNode = perNode.filter((q) => q.plugin.nodeScorePart === undefined);
    }
    const fused: FusedScore = {
      fit: plan.fit,
      fitWeight: plan.fitWeight,
      balancedWeight: plan.balancedWeight,
      fitCpuMillis: pod.nonMissingCpuMillis,
      fitMemoryBytes: pod.nonMissingMemoryBytes,
      cpuMillis: req.cpuMillis,
      memoryBytes: req.memoryBytes,
    };
    const constant = plan.constant;
    // A shape seen for the first time gets the scratch memo, reset to stamp 0, which no node or block ever has.
    const kept = others !== null ? this.shapeMemo(shapeKey(fused, req.ephemeralStorageBytes) + this.foldKey(pod), n) : undefined;
    const memo = kept ?? this.scratchMemo;
    if (others !== null && (!kept || memo.epoch !== cache.stampEpoch)) {
      memo.slots.fill(0, 0, 2 * n);
      memo.blocks.fill(0);
      memo.epoch = cache.stampEpoch;
    }
    this.passMemo = memo;
    const slots = memo.slots;
    const summaries = memo.blocks;
    const nodeStamp = cache.nodeStamp;
    const blockStamp = cache.blockStamp;
    const nOthers = others?.length ?? 0;
    // Blocks are aligned runs of positions, which a candidate list is not. Per-node scores left out of the memo vary
    // inside a block, whose summary holds the memoized values only.
    const nPerNode = perNode.length;
    const blocks = useBlocks && others !== null && nOthers === 0 && cand === null && nPerNode === 0 && !plan.general;
    // A plan with plugins scored after the pass keeps the feasible list and each node's fused total.
    const general = plan.general;
    const feasible = this.feasible;
    const totals = this.totals;
    const m = cand === null ? n : cand.length;
    const j0 = cand === null ? 0 : lowerBound(cand, m, start);
    let lastNode = -1;
    const best = this.best;
    best.set(NO_BEST);
    const tieItems = this.tieItems;
    let nTieItems = 0;
    let ties = 0;
    let count = 0;
    let failed = 0;
    let processed = 0;
    let firstNode = -1;
    // Rejections inside summarized blocks are not listed; if nothing turns out feasible the pass is redone node by node.
    let unlistedRejections = false;
    let k = 0;
    while (k < m && count < toFind) {
      const i = walkPosition(k, start, n, cand, j0, m);
      if (blocks && (i & (NODE_BLOCK_SIZE - 1)) === 0 && i + NODE_BLOCK_SIZE <= n && k + NODE_BLOCK_SIZE <= n) {
        const b = i >> NODE_BLOCK_SHIFT;
        const o = b * SUMMARY_STRIDE;
        if (summaries[o + S_STAMP] !== blockStamp[b]) this.summarizeBlock(state, pod, memo, b, fused);
        const feasibleInBlock = summaries[o + S_FEASIBLE]!;
        if (count + feasibleInBlock < toFind) {
          k += NODE_BLOCK_SIZE;
          processed += NODE_BLOCK_SIZE;
          if (feasibleInBlock < NODE_BLOCK_SIZE) unlistedRejections = true;
          if (feasibleInBlock === 0) continue;
          if (count === 0) firstNode = summaries[o + S_FIRST]!;
          count += feasibleInBlock;
          const t = constant + summaries[o + S_MAX]!;
          if (t >= best[0]!) {
            if (t > best[0]!) nTieItems = ties = 0;
            tieItems[nTieItems++] = -1 - b;
            ties += summaries[o + S_MAX_COUNT]!;
          }
          for (let c = 0; c < 3; c++) {
            const p = summaries[o + S_TOP + c]!;
            if (p < 0) break;
            const tp = constant + slots[2 * p + 1]!;
            if (!(tp > best[2]!)) break;
            offerBest(best, tp, p);
          }
          continue;
        }
      }
      k++;
      processed++;
      // The node's memoized value ({@link memoValue}), -1 when it fails (or the memo is not used).
      let v = -1;
      if (others !== null) {
        const stamp = nodeStamp[i]!;
        if (slots[2 * i] === stamp) v = slots[2 * i + 1]!;
        else {
          v = this.memoValue(state, pod, fused, i);
          slots[2 * i] = stamp;
          slots[2 * i + 1] = v;
        }
      }
      let s: Status | null;
      if (v >= 0) s = nOthers === 0 ? null : this.runFilters(others!, state, pod, i);
      else {
        // The whole chain, for the exact first failure (or a node the quick fit test cannot decide).
        s = this.runFilterPlugins(state, pod, i);
        if (s === null) v = fusedScore(cache, fused, i) + this.foldedScore(pod, i);
      }
      if (s !== null) {
        if (s.code === 'Error') return { ...EMPTY_PASS, error: s };
        this.reject(failed++, i, s);
        continue;
      }
      if (count++ === 0) firstNode = i;
      lastNode = i;
      let t = constant + v;
      for (let q = 0; q < nPerNode; q++) t += perNode[q]!.weight * perNode[q]!.plugin.nodeScore!(cache, pod, i);
      if (general) {
        feasible[count - 1] = i;
        totals[count - 1] = t;
        continue;
      }
      if (t >= best[0]!) {
        if (t > best[0]!) nTieItems = ties = 0;
        tieItems[nTieItems++] = i;
        ties++;
      }
      if (t > best[2]!) offerBest(best, t, i);
    }
    if (count === 0 && (unlistedRejections || cand !== null)) {
      this.failedStatuses.fill(null, 0, failed);
      return this.filterAndScoreFused(state, pod, plan, toFind, start, false, false);
    }
    if (cand !== null) processed = processedNodes(count, toFind, lastNode, start, n);
    this.nTieItems = nTieItems;
    this.tieValue = best[0]! - constant;
    return { processed, count, failed, firstNode, ties, error: null };
  }

  /**
   * Recomputes block `b`'s summary in `memo` (refreshing stale node slots): feasible count, first feasible
   * position, best value and how many nodes reach it, and the best three positions (value desc, position asc).
   */
  private summarizeBlock(state: CycleState, pod: PodInfo, memo: ShapeMemo, b: number, fused: FusedScore): void {
    const cache = this.cache;
    const slots = memo.slots;
    const o = b * SUMMARY_STRIDE;
    const s = memo.blocks;
    let feasible = 0;
    let first = -1;
    let max = -1;
    let maxCount = 0;
    let p1 = -1;
    let p2 = -1;
    let p3 = -1;
    let v1 = -1;
    let v2 = -1;
    let v3 = -1;
    const end = (b + 1) << NODE_BLOCK_SHIFT;
    for (let i = b << NODE_BLOCK_SHIFT; i < end; i++) {
      const stamp = cache.nodeStamp[i]!;
      let v: number;
      if (slots[2 * i] === stamp) v = slots[2 * i + 1]!;
      else {
        v = this.memoValue(state, pod, fused, i);
        slots[2 * i] = stamp;
        slots[2 * i + 1] = v;
      }
      if (v < 0) continue;
      if (feasible++ === 0) first = i;
      if (v > max) {
        max = v;
        maxCount = 1;
      } else if (v === max) maxCount++;
      if (v > v3) {
        if (v > v1) {
          v3 = v2;
          p3 = p2;
          v2 = v1;
          p2 = p1;
          v1 = v;
          p1 = i;
        } else if (v > v2) {
          v3 = v2;
          p3 = p2;
          v2 = v;
          p2 = i;
        } else {
          v3 = v;
          p3 = i;
        }
      }
    }
    s[o + S_STAMP] = cache.blockStamp[b]!;
    s[o + S_FEASIBLE] = feasible;
    s[o + S_FIRST] = first;
    s[o + S_MAX] = max;
    s[o + S_MAX_COUNT] = maxCount;
    s[o + S_TOP] = p1;
    s[o + S_TOP + 1] = p2;
    s[o + S_TOP + 2] = p3;
  }

  /**
   * What a shape memo holds for node `i`: -1 when the pod fails the quick fit test or a Filter of
   * `this.foldFilters` there, else its fused resource score plus the per-node scores of `this.foldScores`. It
   * depends only on the node's state and the pod's request shape and pod parts, all named by the memo key.
   */
  private memoValue(state: CycleState, pod: PodInfo, fused: FusedScore, i: number): number {
    const cache = this.cache;
    if (!fitsNativeQuick(cache, pod.requests, i)) return -1;
    const filters = this.foldFilters;
    for (let m = 0; m < filters.length; m++) if (filters[m]!.filter!(state, pod, i) !== null) return -1;
    const v = fusedScore(cache, fused, i);
    return this.foldScores.length === 0 ? v : v + this.foldedScore(pod, i);
  }

  /** The weighted per-node scores of `this.foldScores` at node `i`. */
  private foldedScore(pod: PodInfo, i: number): number {
    const scores = this.foldScores;
    let t = 0;
    for (let q = 0; q < scores.length; q++) t += scores[q]!.weight * scores[q]!.plugin.nodeScore!(this.cache, pod, i);
    return t;
  }

  /**
   * The Filters of `filters` without a pod part (run node by node); those with one are left in `this.splitStatic`
   * (memoized). Kept for the last list: the lists come from a few cached ones.
   */
  private splitStaticFilters(filters: readonly Plugin[]): readonly Plugin[] {
    if (filters !== this.splitIn) {
      this.splitIn = filters;
      this.splitStatic = filters.filter((p) => p.filterPart !== undefined);
      this.splitRest = filters.filter((p) => p.filterPart === undefined);
    }
    return this.splitRest;
  }

  /** The part of a memo key naming the memoized Filters and per-node scores, by their plugin and pod part. */
  private foldKey(pod: PodInfo): string {
    let key = '';
    for (const f of this.foldFilters) key += `|F${f.name}:${this.partId(f.filterPart!(pod))}`;
    for (const q of this.foldScores) key += `|N${q.plugin.name}:${q.weight}:${this.partId(q.plugin.nodeScorePart!(pod))}`;
    return key;
  }

  /** A number naming a pod part in memo keys, the same for as long as the part lives. */
  private partId(part: object): number {
    let id = this.partIds.get(part);
    if (id === undefined) {
      id = ++this.partCounter;
      this.partIds.set(part, id);
    }
    return id;
  }

  /** The `k`-th (0-based, list order) node sharing the best total of the last fused pass. */
  private tieNode(k: number): number {
    const memo = this.passMemo;
    let left = k;
    for (let j = 0; j < this.nTieItems; j++) {
      const item = this.tieItems[j]!;
      if (item >= 0) {
        if (left === 0) return item;
        left--;
        continue;
      }
      const b = -1 - item;
      const inBlock = memo.blocks[b * SUMMARY_STRIDE + S_MAX_COUNT]!;
      if (left >= inBlock) {
        left -= inBlock;
        continue;
      }
      const end = (b + 1) << NODE_BLOCK_SHIFT;
      for (let i = b << NODE_BLOCK_SHIFT; i < end; i++) {
        // The block's slots are current: its summary is, and it was made from them.
        if (memo.slots[2 * i + 1] !== this.tieValue) continue;
        if (left === 0) return i;
        left--;
      }
    }
    return -1;
  }

  /** The memo of a shape (its use recorded for least-recently-used eviction), or undefined the first time a shape is seen. */
  private shapeMemo(key: string, n: number): ShapeMemo | undefined {
    let m = this.shapeMemos.get(key);
    if (m) {
      m.lastUse = ++this.memoTick;
      if (m.slots.length < 2 * n) {
        // Stamp 0 is never issued, so the new positions start invalid.
        const grown = newShapeMemo(this.feasible.length, m.epoch, m.lastUse);
        grown.slots.set(m.slots);
        grown.blocks.set(m.blocks);
        m = grown;
        this.shapeMemos.set(key, m);
      }
      return m;
    }
    if (!this.shapesSeen.has(key)) {
      if (this.shapesSeen.size >= MAX_SEEN_SHAPES) this.shapesSeen.clear();
      this.shapesSeen.add(key);
      return undefined;
    }
    if (this.shapeMemos.size >= MAX_SHAPE_MEMOS) {
      let oldest: string | undefined;
      let oldestUse = Infinity;
      for (const [k, memo] of this.shapeMemos) {
        if (memo.lastUse < oldestUse) {
          oldestUse = memo.lastUse;
          oldest = k;
        }
      }
      const evicted = this.shapeMemos.get(oldest as string)!;
      this.shapeMemos.delete(oldest as string);
      // The evicted arrays serve the new shape: epoch -1 matches no cache epoch, so the pass clears them first.
      if (evicted.slots.length >= 2 * this.feasible.length) {
        evicted.epoch = -1;
        evicted.lastUse = ++this.memoTick;
        this.shapeMemos.set(key, evicted);
        return evicted;
      }
    }
    m = newShapeMemo(this.feasible.length, this.cache.stampEpoch, ++this.memoTick);
    this.shapeMemos.set(key, m);
    return m;
  }

  /** The decision-log entry of node `i` under a fused plan: each non-skipped plugin's score, recomputed. */
  private planReport(plan: ScorePlan, pod: PodInfo, i: number, total: number, j = -1): NodeScoreReport {
    const c = this.cache;
    const scores: Record<string, number> = {};
    plan.shapes.forEach((shape, k) => {
      const name = this.scorePlugins[k]!.plugin.name;
      if (shape === null) {
        // Scored after the pass: its normalized score of the `j`-th feasible node, absent when PreScore skipped it.
        const arr = this.pluginScores[k]!;
        if (!Number.isNaN(arr[0]!)) scores[name] = arr[j]!;
      } else if (shape.kind === 'constant') scores[name] = shape.score;
      else if (shape.kind === 'fit') {
        scores[name] = plainFitScore(shape.scoring, c.allocCpu[i]!, c.allocMem[i]!, c.nzCpu[i]! + pod.nonMissingCpuMillis, c.nzMem[i]! + pod.nonMissingMemoryBytes);
      } else if (shape.kind === 'balanced') {
        scores[name] = balancedTwoResourceScore(c.allocCpu[i]!, c.allocMem[i]!, c.reqCpu[i]! + pod.requests.cpuMillis, c.reqMem[i]! + pod.requests.memoryBytes);
      } else if (shape.kind === 'node') {
        scores[name] = this.scorePlugins[k]!.plugin.nodeScore!(c, pod, i);
      }
    });
    return { nodeName: c.nodes[i]!.spec.name, totalScore: total, scores };
  }

  /**
   * The end of a fused pass whose plan leaves some plugins to score after it: those plugins' PreScore, Score and
   * NormalizeScore over the feasible list (as {@link scoreNodes}) added to each node's fused total, then selectHost
   * and the decision log's best nodes, as the general path picks them.
   */
  private scoreHybrid(state: CycleState, pod: PodInfo, plan: ScorePlan, count: number, rng: RandomSource, decision: SchedulingDecision): ScheduleResult {
    const feasible = this.feasible;
    const scored = this.scoreNodes(state, pod, feasible, count, plan);
    if (scored) return { status: scored, failedSchedulingMessage: scored.message(), decision };
    const best = selectHost(this.totals, count, rng);
    decision.via = 'scores';
    decision.topNodes = this.topPicks(count, best).map((j) => this.planReport(plan, pod, feasible[j]!, this.totals[j]!, j));
    return { nodeName: this.cache.nodes[feasible[best]!]!.spec.name, status: new Status('Success'), decision, state };
  }

  /**
   * Runs the Score plugins over `feasible[0..count)` into `this.totals`. With a `plan`, only the plugins it leaves
   * unshaped run, added to the fused totals the pass wrote.
   */
  private scoreNodes(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, plan?: ScorePlan): Status | null {
    const totals = this.totals;
    if (!plan) totals.fill(0, 0, count);
    for (let k = 0; k < this.scorePlugins.length; k++) {
      if (plan && plan.shapes[k] !== null) continue;
      const sp = this.scorePlugins[k]!;
      const out = this.pluginScores[k]!;
      out[0] = Number.NaN;
      if (sp.preScore) {
        const s = sp.plugin.preScore!(state, pod, feasible, count);
        if (s !== null && s.code === 'Skip') continue;
        if (s !== null && s.code !== 'Success') return s.withPlugin(sp.plugin.name);
      }
      const s = sp.plugin.score!(state, pod, feasible, count, out);
      if (s !== null && s.code !== 'Success') return s.withPlugin(sp.plugin.name);
      if (sp.plugin.normalizeScore) sp.plugin.normalizeScore(state, pod, feasible, count, out);
      for (let j = 0; j < count; j++) {
        const v = out[j]!;
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) {
          return errorStatus(`plugin "${sp.plugin.name}" returns an invalid score ${v}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
        }
        totals[j]! += v * sp.weight;
      }
    }
    return null;
  }

  private topNodes(feasible: Int32Array, count: number, best: number): NodeScoreReport[] {
    return this.topPicks(count, best).map((j) => {
      const scores: Record<string, number> = {};
      this.scorePlugins.forEach((sp, k) => {
        const arr = this.pluginScores[k]!;
        if (!Number.isNaN(arr[0]!)) scores[sp.plugin.name] = arr[j]!;
      });
      return { nodeName: this.cache.nodes[feasible[j]!]!.spec.name, totalScore: this.totals[j]!, scores };
    });
  }

  /** The selected host's index, then the best two others by total (first in list order wins ties). */
  private topPicks(count: number, best: number): number[] {
    // One pass keeping the best two others (first in list order wins ties), after the selected host.
    const totals = this.totals;
    let a = -1;
    let b = -1;
    for (let j = 0; j < count; j++) {
      if (j === best) continue;
      const t = totals[j]!;
      if (a < 0 || t > totals[a]!) {
        b = a;
        a = j;
      } else if (b < 0 || t > totals[b]!) b = j;
    }
    return [best, a, b].filter((j) => j >= 0).slice(0, NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT);
  }

  private fail(state: CycleState, pod: PodInfo, statuses: NodeToStatus, decision: SchedulingDecision, preFilterMsg: string): ScheduleResult {
    let postFilterMsg = '';
    let postFilterResult: PostFilterResult | undefined;
    for (const p of this.postFilterPlugins) {
      const r = p.postFilter!(state, pod, statuses);
      if (r.status.isSuccess()) {
        postFilterResult = r.result;
        postFilterMsg = '';
        break;
      }
      if (r.status.message() !== '') postFilterMsg = r.status.message();
    }
    const msg = fitErrorMessage(this.cache.size, statuses.values(), preFilterMsg, postFilterMsg);
    const result: ScheduleResult = { status: unschedulable(msg), failedSchedulingMessage: msg, decision };
    if (postFilterResult) result.postFilterResult = postFilterResult;
    return result;
  }

  /**
   * Runs Reserve plugins with the cycle's `state` (a fresh one when absent), then assumes the pod on the node in
   * the cache. A Reserve failure runs Unreserve of every Reserve plugin, in reverse order, as upstream.
   */
  reserve(pod: PodInfo, nodeName: string, rng: RandomSource, state: CycleState = this.newCycleState(pod, rng)): Status | null {
    for (const p of this.reservePlugins) {
      const s = p.reserve!(state, pod, nodeName);
      if (s !== null && !s.isSuccess()) {
        for (let k = this.reservePlugins.length - 1; k >= 0; k--) this.reservePlugins[k]!.unreserve?.(state, pod, nodeName);
        return s.withPlugin(p.name);
      }
    }
    this.cache.addPod(pod, nodeName);
    return null;
  }

  /** Undoes {@link reserve} after a failed binding cycle: Unreserve in reverse order, then forgets the assumed pod. */
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let k = this.reservePlugins.length - 1; k >= 0; k--) this.reservePlugins[k]!.unreserve?.(state, pod, nodeName);
    this.cache.removePod(pod.key);
  }

  /**
   * Runs PreBind plugins in order: null when all are done, `Wait` (stamped) while one waits, or the first failure,
   * wrapped as upstream's `running PreBind plugin "<name>": <message>`.
   */
  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.preBindPlugins) {
      const s = p.preBind!(state, pod, nodeName);
      if (s === null || s.code === 'Success' || s.code === 'Skip') continue;
      if (s.code === 'Wait') return s.withPlugin(p.name);
      return new Status(s.code, [`running PreBind plugin ${JSON.stringify(p.name)}: ${s.message()}`], p.name);
    }
    return null;
  }

  /** Runs Bind plugins until one does not Skip (DefaultBinder: Success; the runtime writes the binding). */
  bind(pod: PodInfo, nodeName: string, rng: RandomSource, state: CycleState = this.newCycleState(pod, rng)): Status | null {
    for (const p of this.bindPlugins) {
      const s = p.bind!(state, pod, nodeName);
      if (s !== null && s.code === 'Skip') continue;
      return s === null ? null : s.withPlugin(p.name);
    }
    return null;
  }
}
