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
import type { CycleState, FrameworkHandle, NodeToStatus, PdbInfo, Plugin, PluginFactory, PostFilterResult, RandomSource } from './interface.ts';
import type { ExtensionPoint, SchedulerProfile } from './profile.ts';
import { IN_TREE_REGISTRY } from './registry.ts';
import { Status, errorStatus, unschedulable } from './status.ts';

/** `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Per-plugin scores of one node in the decision log. */
export interface NodeScoreReport {
  nodeName: string;
  /** Σ weight × normalized score. */
  totalScore: number;
  /** Plugin → normalized score (0..100), before weighting. Plugins skipped at PreScore are absent. */
  scores: Record<string, number>;
}

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
  topNodes: NodeScoreReport[];
  /** Plugin weights used for the totals. */
  weights: Record<string, number>;
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
}

/** Options of {@link Framework}. */
export interface FrameworkOptions {
  /** Current PodDisruptionBudgets, read by preemption. Default none. */
  pdbs?: () => readonly PdbInfo[];
  /** The global `percentageOfNodesToScore` (used when the profile leaves it 0). Default 0 (adaptive). */
  globalPercentageOfNodesToScore?: number;
  /** Out-of-tree plugins, merged over the in-tree registry. */
  registry?: Readonly<Record<string, PluginFactory>>;
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
  private readonly bindPlugins: Plugin[] = [];
  private readonly pdbSource: () => readonly PdbInfo[];
  private readonly globalPercentage: number;
  private feasible = new Int32Array(0);
  private totals = new Float64Array(0);
  private pluginScores: Float64Array[] = [];

  constructor(profile: SchedulerProfile, cache: SchedulerCache, opts: FrameworkOptions = {}) {
    this.profile = profile;
    this.cache = cache;
    this.pdbSource = opts.pdbs ?? (() => []);
    this.globalPercentage = opts.globalPercentageOfNodesToScore ?? 0;
    const registry = { ...IN_TREE_REGISTRY, ...opts.registry };
    for (const pp of profile.plugins) {
      const factory = registry[pp.name];
      if (!factory) throw new Error(`Framework: plugin ${JSON.stringify(pp.name)} is not registered`);
      const args = (profile.pluginArgs as Record<string, unknown>)[pp.name];
      const p = factory(args, this);
      const on = (point: ExtensionPoint): boolean => !pp.disabled.has(point);
      if (p.preFilter && on('preFilter')) this.preFilterPlugins.push(p);
      if (p.filter && on('filter')) this.filterPlugins.push(p);
      if (p.postFilter && on('postFilter')) this.postFilterPlugins.push(p);
      if (p.score && on('score')) this.scorePlugins.push({ plugin: p, weight: pp.weight, preScore: !!p.preScore && on('preScore') });
      if (p.reserve && on('reserve')) this.reservePlugins.push(p);
      if (p.bind && on('bind')) this.bindPlugins.push(p);
    }
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
    let skipped: Set<string> | undefined;
    for (const p of this.preFilterPlugins) {
      const s = p.preFilter!(state, pod);
      if (s === null || s.code === 'Success') continue;
      if (s.code === 'Skip') {
        (skipped ??= new Set()).add(p.name);
        continue;
      }
      return s.withPlugin(p.name);
    }
    state.activeFilters = skipped ? this.filterPlugins.filter((p) => !skipped.has(p.name)) : this.filterPlugins;
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
    this.totals = new Float64Array(cap);
    this.pluginScores = this.scorePlugins.map(() => new Float64Array(cap));
  }

  /** One scheduling cycle for `pod`. Reads the cache; advances `nextStartNodeIndex`. */
  schedulePod(pod: PodInfo, rng: RandomSource): ScheduleResult {
    const cache = this.cache;
    const n = cache.size;
    const weights = Object.fromEntries(this.scorePlugins.map((s) => [s.plugin.name, s.weight]));
    const decision: SchedulingDecision = { pod: pod.key, totalNodes: n, evaluatedNodes: 0, feasibleNodes: 0, topNodes: [], weights, via: 'none' };
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
        decision.topNodes = [{ nodeName: pod.nominatedNodeName, totalScore: 0, scores: {} }];
        return { nodeName: pod.nominatedNodeName, status: new Status('Success'), decision };
      }
    }
    const toFind = numFeasibleNodesToFind(this.profile.percentageOfNodesToScore || undefined, n, this.globalPercentage);
    const feasible = this.feasible;
    let count = 0;
    const statuses: NodeToStatus = new Map();
    let processed = 0;
    const start = this.nextStartNodeIndex;
    for (let k = 0; k < n && count < toFind; k++) {
      const i = (start + k) % n;
      const s = this.runFilterPlugins(state, pod, i);
      processed++;
      if (s === null) feasible[count++] = i;
      else if (s.code === 'Error') return { status: s, failedSchedulingMessage: s.message(), decision };
      else statuses.set(i, s);
    }
    this.nextStartNodeIndex = (start + processed) % n;
    decision.evaluatedNodes = processed;
    decision.feasibleNodes = count;
    if (count === 0) return this.fail(state, pod, statuses, decision, '');
    if (count === 1) {
      const name = cache.nodes[feasible[0]!]!.spec.name;
      decision.via = 'onlyFeasibleNode';
      decision.topNodes = [{ nodeName: name, totalScore: 0, scores: {} }];
      return { nodeName: name, status: new Status('Success'), decision };
    }
    const scored = this.scoreNodes(state, pod, feasible, count);
    if (scored) return { status: scored, failedSchedulingMessage: scored.message(), decision };
    const best = selectHost(this.totals, count, rng);
    decision.via = 'scores';
    decision.topNodes = this.topNodes(feasible, count, best);
    return { nodeName: cache.nodes[feasible[best]!]!.spec.name, status: new Status('Success'), decision };
  }

  private scoreNodes(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number): Status | null {
    const totals = this.totals;
    totals.fill(0, 0, count);
    for (let k = 0; k < this.scorePlugins.length; k++) {
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
    const picks = [best, a, b].filter((j) => j >= 0).slice(0, NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT);
    return picks.map((j) => {
      const scores: Record<string, number> = {};
      this.scorePlugins.forEach((sp, k) => {
        const arr = this.pluginScores[k]!;
        if (!Number.isNaN(arr[0]!)) scores[sp.plugin.name] = arr[j]!;
      });
      return { nodeName: this.cache.nodes[feasible[j]!]!.spec.name, totalScore: this.totals[j]!, scores };
    });
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

  /** Runs Reserve plugins, then assumes the pod on the node in the cache. */
  reserve(pod: PodInfo, nodeName: string, rng: RandomSource): Status | null {
    const state = this.newCycleState(pod, rng);
    for (const p of this.reservePlugins) {
      const s = p.reserve!(state, pod, nodeName);
      if (s !== null && !s.isSuccess()) return s.withPlugin(p.name);
    }
    this.cache.addPod(pod, nodeName);
    return null;
  }

  /** Runs Bind plugins until one does not Skip (DefaultBinder: Success; the runtime writes the binding). */
  bind(pod: PodInfo, nodeName: string, rng: RandomSource): Status | null {
    const state = this.newCycleState(pod, rng);
    for (const p of this.bindPlugins) {
      const s = p.bind!(state, pod, nodeName);
      if (s !== null && s.code === 'Skip') continue;
      return s === null ? null : s.withPlugin(p.name);
    }
    return null;
  }
}
