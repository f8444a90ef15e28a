/**
 * kube-scheduler for kubesim: the public surface of `src/controllers/scheduler/`. Pure functions carry their
 * upstream names so they can be checked against Kubernetes' own test tables.
 */
import type { RandomSource } from './framework/interface.ts';
import type { Framework, ScheduleResult } from './framework/runtime.ts';
import type { PodInfo } from './types.ts';

export { SchedulerCache } from './cache.ts';
export { Framework, NO_NODES_AVAILABLE } from './framework/runtime.ts';
export { IN_TREE_REGISTRY } from './framework/registry.ts';
export { DEFAULT_PLUGINS, KNOWN_PLUGINS, defaultProfile, parseSchedulerProfile } from './framework/profile.ts';
export { SKIP, SUCCESS, Status, errorStatus, unresolvable, unschedulable } from './framework/status.ts';
export {
  calculatePodResources,
  compileAffinityTerm,
  normalizedImageName,
  podRequests,
  resourceValue,
  toNodeInfo,
  toPodInfo,
} from './podinfo.ts';
export {
  MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND,
  MIN_FEASIBLE_NODES_TO_FIND,
  fitErrorMessage,
  numFeasibleNodesToFind,
  selectHost,
} from './schedule_one.ts';
export {
  DEFAULT_POD_INITIAL_BACKOFF_MS,
  DEFAULT_POD_MAX_BACKOFF_MS,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS,
  SchedulingQueue,
  calculateBackoffDurationMs,
  prioritySortLess,
} from './queue.ts';
export { DEFAULT_MEMORY_REQUEST_BYTES, DEFAULT_MILLI_CPU_REQUEST, MAX_NODE_SCORE } from './types.ts';
export { buildBrokenLinearFunction, defaultNormalizeScore, findUntoleratedDoNotScheduleTaint, toleratesTaint, tolerationsTolerateTaint } from './plugins/helper.ts';
export {
  balancedResourceScorer,
  buildRequestedToCapacityRatioScorerFunction,
  goRound,
  leastRequestedScore,
  leastResourceScorer,
  mostRequestedScore,
  mostResourceScorer,
} from './plugins/NodeResourcesFit/resourceAllocation.ts';
export { defaultNodeResourcesFitArgs, fits, fitsRequest, isExtendedResourceName } from './plugins/NodeResourcesFit/index.ts';
export { computeTaintTolerationScore, countIntolerableTaintsPreferNoSchedule, ERR_REASON_UNTOLERATED_TAINT } from './plugins/TaintToleration/index.ts';
export { podMatchesNodeSelectorAndAffinityTerms, preferredNodeAffinityScore } from './plugins/NodeAffinity/index.ts';
export { fitsPorts } from './plugins/NodePorts/index.ts';
export { calculatePriority, scaledImageScore } from './plugins/ImageLocality/index.ts';
export { scoreForCount, topologyNormalizingWeight } from './plugins/PodTopologySpread/index.ts';
export { podMatchesAllAffinityTerms } from './plugins/InterPodAffinity/index.ts';
export {
  calcNumCandidates,
  filterPodsWithPDBViolation,
  moreImportantPod,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  selectVictimsOnNode,
} from './plugins/DefaultPreemption/index.ts';

export type { AntiAffinityGroup, CachedNode, TopologyDomains } from './cache.ts';
export type { CycleState, FrameworkHandle, NodeToStatus, PdbInfo, Plugin, PluginFactory, PostFilterResult, RandomSource } from './framework/interface.ts';
export type { FrameworkOptions, NodeScoreReport, ScheduleResult, SchedulingDecision } from './framework/runtime.ts';
export type { DefaultPreemptionArgs, ExtensionPoint, ParsedProfile, ProfilePlugin, SchedulerProfile } from './framework/profile.ts';
export type { Code } from './framework/status.ts';
export type { CalculatedPodResources, ContainerRequests, PodRequestsInput, ToPodInfoOptions } from './podinfo.ts';
export type { ClusterEvent, QueuedPodInfo, SchedulingQueueOptions } from './queue.ts';
export type { AffinityTerm, HostPort, NodeSpecInfo, PodInfo, PodMatcher, Resource, SpreadConstraint } from './types.ts';
export type { FunctionShapePoint } from './plugins/helper.ts';
export type { ResourceScorer, ResourceSpec } from './plugins/NodeResourcesFit/resourceAllocation.ts';
export type { InsufficientResource, NodeResourcesFitArgs, ScoringStrategyType } from './plugins/NodeResourcesFit/index.ts';
export type { Candidate } from './plugins/DefaultPreemption/index.ts';

/**
 * One scheduling cycle: `{ nodeName?, status, failedSchedulingMessage?, decision, postFilterResult? }`. `rng` is
 * the seeded `scheduler` stream (`engine.rng('scheduler')`). Does not change the cache; call `fw.reserve` to
 * assume the pod on the chosen node.
 */
export function schedulePod(fw: Framework, pod: PodInfo, rng: RandomSource): ScheduleResult {
  return fw.schedulePod(pod, rng);
}
