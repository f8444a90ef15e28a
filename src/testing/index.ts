/**
 * `kubesim/testing`: property-based testing of scaling policies on the real simulator — fast-check arbitraries that
 * draw small, JSON-able scenarios (load profiles, clusters, Deployments, HPAs, outside failures), a synchronous
 * runner, invariants that throw with the object, time and numbers, and a wrapper that turns a failure into the seed,
 * the fast-check path and a scenario YAML that `kubesim run` replays.
 *
 * ```ts
 * import fc from 'fast-check';
 * import { arbScenario, assertScenarioProperty, invariants } from 'kubesim/testing';
 * assertScenarioProperty(arbScenario({ hpa: true }), (run) => invariants.all(run), { numRuns: 30 });
 * ```
 */
import {
  all,
  noNodeOvercommitted,
  noPendingWhileGroupHasRoom,
  outsideFailures,
  ownerChainsResolve,
  podBoundOnce,
  replicasWithinHpaBounds,
  requestsConserved,
  rollingUpdateBounds,
  timeMonotone,
} from './invariants.ts';

export {
  arbCluster,
  arbDeployment,
  arbFaults,
  arbHpaSpec,
  arbLoadProfile,
  arbNodePool,
  arbNodeGroup,
  arbAutoscalerOptions,
  arbScenario,
  nodeNamesOf,
  secondsToDuration,
  serviceFor,
} from './arbitraries.ts';
export { loadScenarioObject, runScenario, sampleTimes, scenarioYaml } from './run.ts';
export { InvariantError } from './invariants.ts';
export { assertScenarioProperty, isScenarioObject, replayable, ScenarioPropertyError } from './replay.ts';

/**
 * The invariants, each `(run) => void` throwing an {@link InvariantError} when it does not hold:
 * `noNodeOvercommitted`, `podBoundOnce`, `ownerChainsResolve`, `replicasWithinHpaBounds`, `requestsConserved`,
 * `timeMonotone`, `noPendingWhileGroupHasRoom(run, { thresholdMs })` (no pod unbound longer than T while a node
 * group that fits it has room), `rollingUpdateBounds(run, deployment, { strict })` (returns what it checked and excused),
 * `outsideFailures(run)` (the failures that excuse a bound) and `all(run)`.
 */
export const invariants = {
  all,
  noNodeOvercommitted,
  noPendingWhileGroupHasRoom,
  outsideFailures,
  ownerChainsResolve,
  podBoundOnce,
  replicasWithinHpaBounds,
  requestsConserved,
  rollingUpdateBounds,
  timeMonotone,
} as const;

export type {
  ClusterObject,
  ClusterOptions,
  DeploymentOptions,
  FaultOptions,
  HpaOptions,
  LoadProfileOptions,
  NodePoolObject,
  NodeGroupOptions,
  AutoscalerObject,
  NodePoolOptions,
  ScenarioObject,
  ScenarioOptions,
  TimelineObject,
} from './arbitraries.ts';
export type { RunScenarioOptions } from './run.ts';
export type { ExcusedViolation, OutsideFailure, PendingWithRoomOptions, RollingUpdateOptions, RollingUpdateReport } from './invariants.ts';
export type { ScenarioPropertyParams } from './replay.ts';
