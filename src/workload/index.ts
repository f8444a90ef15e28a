/**
 * The workload model's public surface: traffic profiles, application models, the per-tick model and its pod
 * table, load-balancing policies, metric naming and SLO budgets. See `model.ts` for how the run loop wires it.
 */
export { compileProfile, validateProfile, parseTraceCsv, ProfileSpecError } from './profiles.ts';
export type { ProfileSpec, ProfileError, RateFn, DurationSpec, SpikeSpec, BurstSpec, NoiseSpec, DiurnalSpec, TraceSpec, UniformStream } from './profiles.ts';
export { resolveAppModel, validateAppModel, DEFAULT_APP_MODEL } from './app-model.ts';
export type { AppModel, AppModelSpec, AppModelFields, CallSpec } from './app-model.ts';
export { WorkloadModel } from './model.ts';
export type { WorkloadModelOptions, WorkloadView, ServiceConfig, ServiceResults, PodResults } from './model.ts';
export { PodTable } from './pod-table.ts';
export type { PodInit } from './pod-table.ts';
export { BALANCE_POLICIES } from './balance.ts';
export type { BalancePolicy, TrafficWeight } from './balance.ts';
export { WorkloadMetrics, WORKLOAD_METRICS } from './metrics.ts';
export type { MetricSink } from './metrics.ts';
export { SloTracker, validateSlo, parseObjective } from './slo.ts';
export type { SloSpec, SloReport, BudgetReport } from './slo.ts';
