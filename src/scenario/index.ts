/**
 * The scenario language: load a scenario file (YAML, or an object) into a typed, validated, fully defaulted
 * {@link Scenario}, or every error at once with `file:line:col` and field path. File access goes through the
 * {@link FileSystem} the caller passes (`nodeFileSystem` from `src/cli/node-fs.ts` in Node, a
 * {@link MemoryFileSystem} in tests and browsers).
 */
export { loadScenarioFile, loadScenarioFromText, loadScenarioFromObject, DEFAULT_SEED, DEFAULT_RESOLUTION_MS, MAX_DURATION_MS } from './load.ts';
export { applyOverrides } from './overrides.ts';
export { MemoryFileSystem, globWith, hasGlobMagic } from './fs.ts';
export { INSTANCE_TYPES, INSTANCE_TYPE_NAMES } from './instance-types.ts';
export {
  nodeName,
  nodeZone,
  nodeLabels,
  DEFAULT_MAX_PODS,
  DEFAULT_EPHEMERAL_STORAGE_BYTES,
  DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
  EVICTION_HARD_MEMORY_BYTES,
} from './cluster.ts';
export { DEFAULT_STARTUP, DEFAULT_FAULT_DURATION_MS, TIMELINE_ACTIONS, EXPECTATIONS } from './sections.ts';
export { didYouMean } from './check.ts';
export { DEFAULT_PARSE_LIMITS } from './parse.ts';
export { SCENARIO_API_VERSION } from './types.ts';

export type { ScenarioLoadOptions } from './load.ts';
export type { FileSystem } from './fs.ts';
export type { InstanceType } from './instance-types.ts';
export type { ParseLimits } from './parse.ts';
export type {
  Scenario,
  ScenarioLoadResult,
  ClusterSpec,
  NodePool,
  NodeResources,
  PoolTaint,
  WorkloadSpec,
  StartupSpec,
  HealthSpec,
  VersionSpec,
  TrafficSpec,
  Balancing,
  WorkloadRef,
  PodTarget,
  TimelineAction,
  TimelineActionType,
  TimelineEntry,
  FaultSpec,
  Expectation,
} from './types.ts';
