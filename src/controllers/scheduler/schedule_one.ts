/**
 * Pure pieces of `pkg/scheduler/schedule_one.go` and `framework/types.go`: how many feasible nodes to look for,
 * picking the host among the best-scored nodes, and the FailedScheduling message of a `FitError`.
 */
import type { RandomSource } from './framework/interface.ts';
import type { Status } from './framework/status.ts';

/** `minFeasibleNodesToFind`: below this many nodes all are checked. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** `minFeasibleNodesPercentageToFind`. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** `numberOfHighestScoredNodesToReport`. */
export const NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT = 3;

/**
 * `numFeasibleNodesToFind`: all nodes under 100; else `percentage` of them (the profile's value, else the global
 * one; 0 = adaptive `50 - nodes/125`, at least 5 %), at least 100. Examples: 1000 nodes → 42 % → 420;
 * 6000 nodes → max(5, 2) = 5 % → 300; 40 % of 6000 → 2400.
 */
export function numFeasibleNodesToFind(profilePercentage: number | undefined, numAllNodes: number, globalPercentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = profilePercentage ?? globalPercentage;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/**
 * `selectHost`: the index (into `totals[0..count)`) of a node with the highest total; ties are broken uniformly
 * with the seeded stream. Upstream reservoir-samples with one `rand.Intn` per tied node; drawing once and taking
 * the k-th tied node in list order gives the same uniform choice with a single draw (the result can differ from a
 * real cluster only in tie cases). Returns -1 for an empty list.
 */
export function selectHost(totals: ArrayLike<number>, count: number, rng: RandomSource): number {
  if (count === 0) return -1;
  let max = totals[0] as number;
  let ties = 0;
  for (let j = 0; j < count; j++) {
    const t = totals[j] as number;
    if (t > max) {
      max = t;
      ties = 1;
    } else if (t === max) ties++;
  }
  let k = ties === 1 ? 0 : Math.floor(rng.next() * ties);
  for (let j = 0; j < count; j++) {
    if ((totals[j] as number) !== max) continue;
    if (k === 0) return j;
    k--;
  }
  return -1;
}

/** `NoNodeAvailableMsg` prefix: `0/N nodes are available`. */
export function noNodeAvailableMsg(numAllNodes: number): string {
  return `0/${numAllNodes} nodes are available`;
}

/**
 * `FitError.Error()`: `0/N nodes are available: ` then either the PreFilter message, or the histogram of every
 * node's reasons as `"<count> <reason>"` strings sorted as strings (so `10 Insufficient cpu` sorts before
 * `2 node(s) …`), joined by `, `, ending in `.`; then the PostFilter (preemption) message as it is.
 * Example: `0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu.
 * preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.`
 */
export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, preFilterMsg = '', postFilterMsg = ''): string {
  let msg = `${noNodeAvailableMsg(numAllNodes)}:`;
  if (preFilterMsg !== '') msg += ` ${preFilterMsg}.`;
  else {
    const hist = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) hist.set(r, (hist.get(r) ?? 0) + 1);
    const parts = [...hist].map(([r, n]) => `${n} ${r}`);
    // Go's sort.Strings: byte order, not locale order.
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  // The PostFilter message ends in its own period (`… for scheduling.`): current upstream appends it as it is
  // (older releases added a second one).
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}`;
  return msg;
}
