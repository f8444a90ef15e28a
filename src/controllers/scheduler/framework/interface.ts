/**
 * Extension points of the scheduling framework (`framework/interface.go`). A plugin implements only the points it
 * needs. Differences from upstream, for speed: Score and NormalizeScore work on the whole list of feasible node
 * positions at once (`feasible[0..count)`) and write into a preallocated `Float64Array`, instead of one call per
 * node; Filter returns `null` for Success.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1';
import type { SchedulerCache } from '../cache.ts';
import type { PodInfo } from '../types.ts';
import type { Status } from './status.ts';
import type { PlainFitScoring } from '../plugins/NodeResourcesFit/index.ts';

/** Per-cycle scratch space (`framework.CycleState`): plugins keep their PreFilter/PreScore results here. */
export interface CycleState {
  readonly pod: PodInfo;
  readonly cache: SchedulerCache;
  /** Plugin name → its state for this cycle. */
  readonly data: Map<string, unknown>;
  /** The seeded `scheduler` stream (selectHost ties, preemption's random offset). */
  readonly rng: RandomSource;
  /** Filter plugins not skipped by PreFilter for this pod (set by the runtime). */
  activeFilters: readonly Plugin[];
}

/** A seeded random stream: `next()` returns a float in [0, 1). The runtime passes `engine.rng('scheduler')`. */
export interface RandomSource {
  next(): number;
}

/** A simplified PodDisruptionBudget: which pods it covers and how many may still be disrupted. */
export interface PdbInfo {
  namespace: string;
  /** `spec.selector` matcher over pod labels; an empty or nil selector matches nothing (upstream). */
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** `status.disruptionsAllowed`. */
  disruptionsAllowed: number;
  /** `status.disruptedPods` names (already being disrupted, not counted again). */
  disruptedPods?: readonly string[];
}

/**
 * The volume plugins' view of the API (upstream: the PV, PVC, StorageClass and CSINode informers' listers, and
 * the client VolumeBinding's PreBind writes with). Reads see the store at the current instant.
 */
export interface StorageLister {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  /** Every PersistentVolume, in name order. */
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  csiNode(nodeName: string): CSINode | undefined;
  /** `bindAPIUpdate` for a static binding: the volume's claimRef (and `bound-by-controller`) set to the claim. */
  bindVolumeToClaim(volumeName: string, claim: PersistentVolumeClaim): void;
  /** `bindAPIUpdate` for a claim to provision: `volume.kubernetes.io/selected-node` set to the node. */
  setSelectedNode(claim: PersistentVolumeClaim, nodeName: string): void;
}

/** What plugins may read besides the cycle state. */
export interface FrameworkHandle {
  readonly cache: SchedulerCache;
  /** The storage API; undefined where no store backs the framework (the volume plugins then Skip every pod). */
  readonly storage: StorageLister | undefined;
  /** Current PodDisruptionBudgets (DefaultPreemption). */
  pdbs(): readonly PdbInfo[];
  /** Runs every enabled Filter plugin for `pod` on node `i` (used by preemption's dry runs). */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeIndex: number): Status | null;
  /** Runs every enabled PreFilter plugin again (used by preemption after changing the cache). */
  runPreFilterPlugins(state: CycleState, pod: PodInfo): Status | null;
}

/** Per-node statuses of a failed Filter pass, by node position (`NodeToStatusMap`). */
export type NodeToStatus = Map<number, Status>;

/** `PostFilterResult` of DefaultPreemption, plus the victims the runtime must evict. */
export interface PostFilterResult {
  /** The node the preemptor is nominated to; empty to clear a nomination. */
  nominatedNodeName: string;
  /** Pods to delete so the preemptor fits. */
  victims: PodInfo[];
  /** Lower-priority pods nominated to the same node, whose nomination the runtime must clear. */
  clearNominations: PodInfo[];
}

/**
 * What a Score plugin's normalized score for a pod will be, known before the Filter pass, so the runtime can
 * score feasible nodes inside the filter loop instead of in separate passes:
 * - `skip`: PreScore returns Skip whatever the feasible nodes;
 * - `constant`: every feasible node gets `score` (0..100);
 * - `fit`: `plainFitScore(scoring, allocatable, node NonZeroRequested + pod non-missing request)` on cpu + memory;
 * - `balanced`: `balancedTwoResourceScore(allocatable, node requested + pod request)` on cpu + memory;
 * - `node`: the plugin's {@link Plugin.nodeScore} of each node, which normalization over any feasible set leaves
 *   as it is (raw scores of one nonzero value only normalize to 0 or 100 whatever the other feasible nodes).
 */
export type ScoreShape =
  | { readonly kind: 'skip' }
  | { readonly kind: 'constant'; readonly score: number }
  | { readonly kind: 'fit'; readonly scoring: PlainFitScoring }
  | { readonly kind: 'balanced' }
  | { readonly kind: 'node' };

/** A plugin: a name and any of the extension points. */
export interface Plugin {
  readonly name: string;
  /** Computes per-pod state; Skip means the Filter of this plugin is not run for this pod. */
  preFilter?(state: CycleState, pod: PodInfo): Status | null;
  /** Feasibility of node `i`; null = Success. */
  filter?(state: CycleState, pod: PodInfo, nodeIndex: number): Status | null;
  /** Runs when no node is feasible (DefaultPreemption). */
  postFilter?(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Status };
  /** Per-pod scoring state; Skip leaves the plugin out of this pod's total. */
  preScore?(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number): Status | null;
  /** Raw scores of `feasible[0..count)` into `out[0..count)`. */
  score?(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null;
  /** Normalizes `scores[0..count)` in place into [0, 100] (`ScoreExtensions.NormalizeScore`). */
  normalizeScore?(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, scores: Float64Array): Status | null;
  /**
   * Not an upstream extension point: the {@link ScoreShape} of this pod's scores given the cache, or null when
   * only PreScore / Score / NormalizeScore can tell. Must agree exactly with those three.
   */
  scoreShape?(cache: SchedulerCache, pod: PodInfo): ScoreShape | null;
  /**
   * Not an upstream extension point: the normalized score (0..100) of node `i` when {@link scoreShape} returned
   * `node` for the pod; must equal what PreScore, Score and NormalizeScore give that node in any feasible list.
   */
  nodeScore?(cache: SchedulerCache, pod: PodInfo, i: number): number;
  /**
   * Not an upstream extension point: the pod-side part the Filter's verdict depends on, for a Filter whose verdict
   * depends on nothing else but the node's spec and which never returns an Error. Two pods with the same part get
   * the same verdict on every unchanged node, so the fused pass memoizes whether a node passes with its score.
   */
  filterPart?(pod: PodInfo): object;
  /** Not an upstream extension point: the pod-side part {@link nodeScore} reads beside the node's spec (same use). */
  nodeScorePart?(pod: PodInfo): object;
  /**
   * Before the binding (VolumeBinding: its API writes, then whether every claim is bound). Returns null when done,
   * `Wait` while the binding cycle must wait and ask again (upstream blocks the binding goroutine polling every
   * second), or a failure, which unreserves the pod and sends it back to the queue.
   */
  preBind?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  /** Reserves resources for the chosen node; failure makes the cycle fail. */
  reserve?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  /** Undoes `reserve`. */
  unreserve?(state: CycleState, pod: PodInfo, nodeName: string): void;
  /** Binds the pod; Skip hands it to the next Bind plugin. */
  bind?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

/** Builds a plugin from its args and the handle. */
export type PluginFactory = (args: unknown, handle: FrameworkHandle) => Plugin;
