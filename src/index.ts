/**
 * kubesim's public API.
 *
 * ```ts
 * import { loadScenario, simulate } from 'kubesim';
 * const scenario = await loadScenario('scenarios/webapi-peak.yaml');
 * const run = simulate(scenario, { seed: 7 }).until('2h');
 * run.get('pods', { at: '30m' });
 * run.metrics.find('http_requests_per_second');
 * run.events; run.decisions; run.traceHash; run.summary();
 * ```
 */
export { loadScenario, simulate, Run, ScenarioError } from './scenario/api.ts';
export { ScenarioRun } from './scenario/run.ts';
export { Simulation } from './runtime/simulation.ts';
export { Engine } from './engine/engine.ts';
export { parseDuration, formatDuration } from './engine/duration.ts';
export { loadManifests } from './api/load.ts';
export { parseQuantity, cpuMillis, memoryBytes } from './api/quantity.ts';
export { renderReportHtml } from './report/html.ts';
export { renderSummary } from './report/summary.ts';
export { evaluateConnection } from './cluster/networkpolicy.ts';
export { explainTraffic } from './report/explain-traffic.ts';
export { VERSION } from './version.ts';

export type { LoadScenarioOptions, SimTime } from './scenario/api.ts';
export type { SimulateOptions } from './scenario/run.ts';
export type { ExpectationResult } from './scenario/expectations.ts';
export type { Scenario } from './scenario/types.ts';
export type { SimulationConfig, NodeSpecEntry } from './runtime/simulation.ts';
export type { FieldError } from './api/errors.ts';
export type { SimEvent } from './record/events.ts';
export type { Decision } from './record/decisions.ts';
export type { ReportData } from './report/types.ts';
export type { ConnectionVerdict, DirectionVerdict, Endpoint, PolicyPod } from './cluster/networkpolicy.ts';
