/**
 * DefaultPreemption (`defaultpreemption/default_preemption.go`, `framework/preemption/preemption.go`): when no node
 * fits, find nodes where evicting lower-priority pods makes room, pick the one whose eviction hurts least, and
 * nominate the pod there. Victims are returned; the runtime evicts them.
 *
 * Dry runs mutate the cache (remove the lower-priority pods, re-add the reprieved ones) and restore it before
 * returning, so every filter sees exactly the state it would see on the real node.
 */
import type { CycleState, FrameworkHandle, NodeToStatus, PdbInfo, Plugin, PostFilterResult } from '../../framework/interface.ts';
import { fitErrorMessage } from '../../schedule_one.ts';
import { SUCCESS, Status, unresolvable, unschedulable } from '../../framework/status.ts';
import type { DefaultPreemptionArgs } from '../../framework/profile.ts';
import type { SchedulerCache } from '../../cache.ts';
import type { PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'DefaultPreemption';
/** Status of nodes where preemption cannot help (their filter status was UnschedulableAndUnresolvable). */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Status of nodes with no lower-priority pod. */
export const NO_VICTIMS_FOUND = 'No preemption victims found for incoming pod';

/** `MoreImportantPod`: higher priority first, then the earlier start time. */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.startMs < b.startMs;
}

/**
 * `filterPodsWithPDBViolation`: splits pods (already sorted by importance) into those whose eviction would
 * exceed some PDB's disruptionsAllowed (budgets consumed in order) and the rest.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PdbInfo[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.namespace !== pod.namespace || !pdb.matches(pod.labels)) return;
        if (pdb.disruptedPods?.includes(pod.name)) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/** `podEligibleToPreemptOthers`: the reason text when not eligible, else undefined. */
export function podEligibleToPreemptOthers(pod: PodInfo, cache: SchedulerCache, statuses: NodeToStatus): string | undefined {
  if (pod.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  if (pod.nominatedNodeName !== '') {
    const ni = cache.indexOf(pod.nominatedNodeName);
    if (ni >= 0 && statuses.get(ni)?.code === 'UnschedulableAndUnresolvable') return undefined;
    const node = cache.node(pod.nominatedNodeName);
    if (node?.pods.some((p) => p.priority < pod.priority && p.terminating)) {
      return 'not eligible due to a terminating pod on the nominated node.';
    }
  }
  return undefined;
}

/** One node where preemption works. */
export interface Candidate {
  nodeIndex: number;
  nodeName: string;
  /** Sorted by importance (most important first). */
  victims: PodInfo[];
  numPDBViolations: number;
}

/** `calcNumCandidates`: `n × percentage / 100`, at least the absolute minimum, at most n. */
export function calcNumCandidates(numNodes: number, args: DefaultPreemptionArgs): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

/** `GetEarliestPodStartTime`: the earliest start among the victims of the highest priority. */
function earliestStartOfHighest(victims: readonly PodInfo[]): number {
  if (victims.length === 0) return Number.NEGATIVE_INFINITY;
  let best = victims[0] as PodInfo;
  for (const v of victims) {
    if (v.priority > best.priority || (v.priority === best.priority && v.startMs < best.startMs)) best = v;
  }
  return best.startMs;
}

/**
 * `pickOneNodeForPreemption`: successive filters keep the candidates with the fewest PDB violations, then the
 * lowest highest-victim priority, then the smallest sum of (priority + 2^31) (so fewer victims weigh less), then
 * the fewest victims, then the latest start time of the most important victims; the first remaining wins.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const narrow = (list: Candidate[], key: (c: Candidate) => number, pickMin: boolean): Candidate[] => {
    let best = pickMin ? Infinity : -Infinity;
    for (const c of list) {
      const k = key(c);
      if (pickMin ? k < best : k > best) best = k;
    }
    return list.filter((c) => key(c) === best);
  };
  let list = [...candidates];
  // A node with no victims needs no eviction at all: pick it at once.
  const free = list.find((c) => c.victims.length === 0);
  if (free) return free;
  list = narrow(list, (c) => c.numPDBViolations, true);
  list = narrow(list, (c) => (c.victims[0] as PodInfo).priority, true);
  list = narrow(list, (c) => c.victims.reduce((s, v) => s + v.priority + 2147483648, 0), true);
  list = narrow(list, (c) => c.victims.length, true);
  list = narrow(list, (c) => earliestStartOfHighest(c.victims), false);
  return list[0];
}

/**
 * `SelectVictimsOnNode`: remove every lower-priority pod; if the pod still does not fit, the node is rejected
 * with the filter's status. Otherwise reprieve pods (PDB-violating ones first, each group most important first)
 * while the pod keeps fitting; the rest are the victims. The cache is restored before returning.
 */
export function selectVictimsOnNode(
  handle: FrameworkHandle,
  state: CycleState,
  pod: PodInfo,
  nodeIndex: number,
  pdbs: readonly PdbInfo[],
): { victims: PodInfo[]; numPDBViolations: number } | Status {
  const cache = handle.cache;
  const node = cache.nodes[nodeIndex]!;
  const nodeName = node.spec.name;
  const potential = node.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return unresolvable(NO_VICTIMS_FOUND);
  for (const p of potential) cache.removePod(p.key);
  const fitsNow = (): Status | null => {
    const pre = handle.runPreFilterPlugins(state, pod);
    if (pre) return pre;
    return handle.runFilterPlugins(state, pod, cache.indexOf(nodeName));
  };
  const restore = (): void => {
    for (const p of potential) if (!cache.placement(p.key)) cache.addPod(p, nodeName);
  };
  const status = fitsNow();
  if (status) {
    restore();
    return status;
  }
  potential.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    cache.addPod(p, nodeName);
    if (fitsNow() === null) return true;
    cache.removePod(p.key);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  restore();
  // Re-run PreFilter so the caller's cycle state matches the restored cache.
  handle.runPreFilterPlugins(state, pod);
  victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  return { victims, numPDBViolations };
}

/** Builds the plugin. */
export function newDefaultPreemption(rawArgs: unknown, handle: FrameworkHandle): Plugin {
  const args = (rawArgs as DefaultPreemptionArgs | undefined) ?? { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 };
  return {
    name: NAME,
    postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Status } {
      const cache = handle.cache;
      const notEligible = podEligibleToPreemptOthers(pod, cache, statuses);
      if (notEligible) return { status: unschedulable(`preemption: ${notEligible}`) };
      const n = cache.size;
      const out: NodeToStatus = new Map();
      const potential: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = statuses.get(i);
        if (s && s.code === 'UnschedulableAndUnresolvable') out.set(i, unresolvable(PREEMPTION_NOT_HELPFUL));
        else potential.push(i);
      }
      const candidates: Candidate[] = [];
      if (potential.length > 0) {
        const pdbs = handle.pdbs();
        const numCandidates = calcNumCandidates(potential.length, args);
        const offset = Math.floor(state.rng.next() * potential.length);
        let nonViolating = 0;
        for (let k = 0; k < potential.length; k++) {
          const i = potential[(offset + k) % potential.length]!;
          const r = selectVictimsOnNode(handle, state, pod, i, pdbs);
          if (r instanceof Status) {
            out.set(i, r);
            continue;
          }
          candidates.push({ nodeIndex: i, nodeName: cache.nodes[i]!.spec.name, ...r });
          if (r.numPDBViolations === 0) nonViolating++;
          if (nonViolating > 0 && candidates.length >= numCandidates) break;
        }
      }
      if (candidates.length === 0) {
        const msg = fitErrorMessage(out.size, out.values());
        return { result: { nominatedNodeName: '', victims: [], clearNominations: [] }, status: unschedulable(`preemption: ${msg}`) };
      }
      // Non-violating candidates come first, as upstream concatenates them before the violating ones.
      const ordered = [...candidates.filter((c) => c.numPDBViolations === 0), ...candidates.filter((c) => c.numPDBViolations > 0)];
      const best = pickOneNodeForPreemption(ordered) as Candidate;
      const clearNominations = (cache.nominatedPods.get(best.nodeName) ?? []).filter((p) => p.priority < pod.priority);
      return { result: { nominatedNodeName: best.nodeName, victims: best.victims, clearNominations }, status: SUCCESS };
    },
  };
}
