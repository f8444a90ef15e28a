/**
 * AnalysisRun assessment, after argo-rollouts `analysis/analysis.go` (assessMetricStatus, assessRunStatus) and
 * `utils/evaluate/evaluate.go` (EvaluateResult). Pure: counters in, phases out. Conditions are evaluated in
 * `expr.ts`; measurements are scheduled by the AnalysisRun controller in `analysis-run.ts`.
 */

/** Phases of measurements, metrics and runs. */
export type AnalysisPhase = 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Error' | 'Inconclusive';

/**
 * `EvaluateResult`: a measurement's phase from whether the success / failure conditions held (`undefined` = the
 * condition is absent). Failure wins; neither true with both present is Inconclusive; no conditions is Successful
 * (the code; the docs say Inconclusive).
 */
export function EvaluateResult(success: boolean | undefined, failure: boolean | undefined): AnalysisPhase {
  if (failure === true) return 'Failed';
  if (success === undefined && failure === undefined) return 'Successful';
  if (success === undefined) return 'Successful';
  if (failure === undefined) return success ? 'Successful' : 'Failed';
  return success ? 'Successful' : 'Inconclusive';
}

/** A metric's counters (`MetricResult`). */
export interface MetricCounters {
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
  consecutiveSuccess: number;
}

/** Folds one completed measurement into a metric's counters (Error does not count toward `count`). */
export function addMeasurement(c: MetricCounters, phase: AnalysisPhase): MetricCounters {
  const next = { ...c };
  if (phase === 'Error') {
    next.error++;
    next.consecutiveError++;
    next.consecutiveSuccess = 0;
    return next;
  }
  next.count++;
  next.consecutiveError = 0;
  if (phase === 'Successful') {
    next.successful++;
    next.consecutiveSuccess++;
  } else {
    next.consecutiveSuccess = 0;
    if (phase === 'Failed') next.failed++;
    else if (phase === 'Inconclusive') next.inconclusive++;
  }
  return next;
}

/** The limits of one metric, with Argo's defaults applied by {@link metricLimits}. */
export interface MetricLimits {
  /** Default 0; −1 disables. */
  failureLimit: number;
  inconclusiveLimit: number;
  /** Default 4. */
  consecutiveErrorLimit: number;
  /** Default 0 (disabled). */
  consecutiveSuccessLimit: number;
  /** Effective count: `count` if > 0; else 1 without `interval`, unlimited (Infinity) with one. */
  effectiveCount: number;
  /** Whether failureLimit was given explicitly or defaulted (not −1). */
  failureLimitInUse: boolean;
}

/** Argo's defaults for a metric's limits. */
export function metricLimits(m: {
  failureLimit?: number;
  inconclusiveLimit?: number;
  consecutiveErrorLimit?: number;
  consecutiveSuccessLimit?: number;
  count?: number;
  interval?: string;
}): MetricLimits {
  const failureLimit = m.failureLimit ?? 0;
  return {
    failureLimit,
    inconclusiveLimit: m.inconclusiveLimit ?? 0,
    consecutiveErrorLimit: m.consecutiveErrorLimit ?? 4,
    consecutiveSuccessLimit: m.consecutiveSuccessLimit ?? 0,
    effectiveCount: m.count && m.count > 0 ? m.count : m.interval ? Infinity : 1,
    failureLimitInUse: failureLimit >= 0,
  };
}

/**
 * `assessMetricStatus`: the metric's phase from its counters. Limits use strict "greater than" (failureLimit 3
 * fails on the 4th failure); later checks override earlier ones, so Error > Inconclusive > Failed.
 */
export function assessMetricStatus(
  c: MetricCounters,
  limits: MetricLimits,
  opts: { measurements: number; inFlight: boolean; terminating: boolean; previous?: AnalysisPhase },
): AnalysisPhase {
  if (opts.previous && isTerminal(opts.previous)) return opts.previous;
  if (opts.measurements === 0) return opts.terminating ? 'Successful' : 'Pending';
  if (opts.inFlight) return 'Running';
  let phase: AnalysisPhase | undefined;
  if (limits.failureLimit >= 0 && c.failed > limits.failureLimit) phase = 'Failed';
  if (c.inconclusive > limits.inconclusiveLimit) phase = 'Inconclusive';
  if (c.consecutiveError > limits.consecutiveErrorLimit) phase = 'Error';
  if (phase) return phase;
  if (limits.consecutiveSuccessLimit > 0 && c.consecutiveSuccess >= limits.consecutiveSuccessLimit) return 'Successful';
  if (c.count >= limits.effectiveCount) {
    if (limits.failureLimitInUse && limits.consecutiveSuccessLimit > 0) return 'Inconclusive';
    if (!limits.failureLimitInUse && limits.consecutiveSuccessLimit > 0) return 'Failed';
    return 'Successful';
  }
  return opts.terminating ? 'Successful' : 'Running';
}

/** Whether a phase is final. */
export function isTerminal(p: AnalysisPhase): boolean {
  return p === 'Successful' || p === 'Failed' || p === 'Error' || p === 'Inconclusive';
}

const severity: Record<AnalysisPhase, number> = { Successful: 0, Running: 1, Pending: 2, Inconclusive: 3, Error: 4, Failed: 5 };

/**
 * `assessMetricFailureInconclusiveOrError`: which limit the metric's counters have tripped and upstream's words
 * for it (`failed (1) > failureLimit (0)`); later checks win, as in {@link assessMetricStatus}. No limit tripped:
 * phase undefined and an empty message (a metric Failed only by consecutiveSuccessLimit says nothing here).
 */
export function assessMetricFailureInconclusiveOrError(
  c: { failed: number; inconclusive: number; consecutiveError: number },
  limits: MetricLimits,
): { phase: AnalysisPhase | undefined; message: string } {
  let phase: AnalysisPhase | undefined;
  let message = '';
  if (limits.failureLimit >= 0 && c.failed > limits.failureLimit) {
    phase = 'Failed';
    message = `failed (${c.failed}) > failureLimit (${limits.failureLimit})`;
  }
  if (c.inconclusive > limits.inconclusiveLimit) {
    phase = 'Inconclusive';
    message = `inconclusive (${c.inconclusive}) > inconclusiveLimit (${limits.inconclusiveLimit})`;
  }
  if (c.consecutiveError > limits.consecutiveErrorLimit) {
    phase = 'Error';
    message = `consecutiveErrors (${c.consecutiveError}) > consecutiveErrorLimit (${limits.consecutiveErrorLimit})`;
  }
  return { phase, message };
}

/** `RunSummary`: metrics counted (started or not) and, of the completed ones, the limit each tripped. */
export interface RunSummary {
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

/** One metric as `assessRunStatus` sees it. */
export interface AssessedMetric {
  name: string;
  /** The metric's phase (`assessMetricStatus`). */
  phase: AnalysisPhase;
  dryRun: boolean;
  /** The limit tripped and its words (`assessMetricFailureInconclusiveOrError`); no limit: no reason. */
  reasonPhase?: AnalysisPhase | undefined;
  reason?: string;
  /** The metric result's message: the provider's, from its last measurement. */
  message?: string;
}

/**
 * `assessRunStatus`: Running while any metric (dry-run included) is not terminal, unless terminating; otherwise the
 * worst phase among non-dry-run metrics (Successful when there are none). The message is built from the first metric
 * in spec order with that worst phase, from its counters at this assessment, `Metric "<name>" assessed <Phase> due to
 * <reason>`, with `: "Error Message: <provider message>"` appended when the result carries one; no reason, no message.
 * Also the run's `runSummary` and `dryRunSummary`: each metric counted, each completed one under the limit it
 * tripped, or successful.
 */
export function assessRunStatus(
  metrics: readonly AssessedMetric[],
  terminating: boolean,
): { phase: AnalysisPhase; message: string; runSummary: RunSummary; dryRunSummary: RunSummary } {
  const runSummary: RunSummary = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  const dryRunSummary: RunSummary = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
  let worst: AnalysisPhase | undefined;
  let message = '';
  let everythingCompleted = true;
  for (const m of metrics) {
    const summary = m.dryRun ? dryRunSummary : runSummary;
    summary.count++;
    if (!isTerminal(m.phase)) {
      everythingCompleted = false;
      continue;
    }
    if (!m.dryRun && (worst === undefined || severity[m.phase] > severity[worst])) {
      worst = m.phase;
      message = m.reason ? `Metric "${m.name}" assessed ${m.phase} due to ${m.reason}${m.message ? `: "Error Message: ${m.message}"` : ''}` : '';
    }
    if (m.reasonPhase === 'Error') summary.error++;
    else if (m.reasonPhase === 'Failed') summary.failed++;
    else if (m.reasonPhase === 'Inconclusive') summary.inconclusive++;
    else summary.successful++;
  }
  if (terminating) return { phase: worst ?? 'Successful', message, runSummary, dryRunSummary };
  if (!everythingCompleted) return { phase: 'Running', message: '', runSummary, dryRunSummary };
  return { phase: worst ?? 'Successful', message, runSummary, dryRunSummary };
}
