/**
 * AnalysisRuns, after argo-rollouts `utils/analysis/helpers.go` (NewAnalysisRunFromTemplates, MergeArgs,
 * ResolveArgs) and `analysis/analysis.go` (reconcileAnalysisRun, runMeasurements, calculateNextReconcileTime):
 * templates are merged into a run; the run's controller takes each metric's measurements on schedule (initialDelay,
 * interval, count; 10 s retry after an Error), folds them into counters and assesses metric and run phases with the
 * pure functions of `analysis.ts`. AnalysisRuns are stored objects (kind `AnalysisRun`) owned by their Rollout.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import type { AnalysisRunArgument, AnalysisTemplate, Argument, Metric, MetricProvider } from '../../api/argo.ts';
import { fieldError, type FieldError } from '../../api/errors.ts';
import { parseDuration } from '../../engine/duration.ts';
import type { Stored } from '../../cluster/store.ts';
import { Priority, WorkQueue, involved, type Controller, type ControllerContext } from '../context.ts';
import {
  EvaluateResult,
  addMeasurement,
  assessMetricFailureInconclusiveOrError,
  assessMetricStatus,
  assessRunStatus,
  isTerminal,
  metricLimits,
  type AnalysisPhase,
  type MetricCounters,
  type MetricLimits,
  type RunSummary,
} from './analysis.ts';
import { ConditionError, EvalCondition, parseCondition } from './expr.ts';
import { checkTemplatedQuery } from '../../record/promql/parse.ts';
import { argoPrometheusResult, type AnalysisProviderSource, type PrometheusSource } from './providers.ts';

/** `DefaultErrorRetryInterval`: the wait after an Error measurement instead of `interval`, ms. */
export const DefaultErrorRetryIntervalMs = 10_000;
/** `DefaultMeasurementHistoryLimit`: measurements kept per metric. */
export const DefaultMeasurementHistoryLimit = 10;
/** Label Argo puts on step runs: `rollout-type` = Step / Background / PrePromotion / PostPromotion. */
export const AnalysisRunTypeLabel = 'rollout-type';

/** `Measurement`. Times are RFC 3339 as Argo stores them; `metadata.resumeAtMs` keeps an in-flight job's end. */
export interface Measurement {
  phase: AnalysisPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  value?: string;
  resumeAt?: string;
  metadata?: Record<string, string>;
}

/** `MetricResult`: a metric's counters, phase and latest measurements. */
export interface MetricResult extends MetricCounters {
  name: string;
  phase: AnalysisPhase;
  measurements: Measurement[];
  message?: string;
  dryRun?: boolean;
}

/** `AnalysisRunSpec`. */
export interface AnalysisRunSpec {
  metrics: Metric[];
  args?: Argument[];
  terminate?: boolean;
  dryRun?: { metricName: string }[];
}

/** `AnalysisRunStatus`. */
export interface AnalysisRunStatus {
  phase?: AnalysisPhase;
  message?: string;
  startedAt?: string;
  metricResults?: MetricResult[];
  runSummary?: RunSummary;
  /** The dry-run metrics' tally, present when the run has any. */
  dryRunSummary?: RunSummary;
}

/** `AnalysisRun`. */
export interface AnalysisRun {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'AnalysisRun';
  metadata?: ObjectMeta;
  spec: AnalysisRunSpec;
  status?: AnalysisRunStatus;
}

/** A template as a run needs it: its name (for messages) and spec. */
export interface NamedTemplate {
  readonly name: string;
  readonly spec: AnalysisTemplate['spec'];
}

/**
 * `MergeArgs`: the templates' declared args with values given by the rollout (`incoming`) filled in by name. An
 * incoming arg the templates do not declare is an error, as is a declared arg left without value or valueFrom.
 */
export function MergeArgs(incoming: readonly AnalysisRunArgument[], templateArgs: readonly Argument[]): Argument[] | string {
  const out = templateArgs.map((a) => ({ ...a }));
  for (const arg of incoming) {
    const t = out.find((a) => a.name === arg.name);
    if (!t) return `arg ${arg.name} was not found in the templates`;
    if (arg.value !== undefined) {
      t.value = arg.value;
      delete t.valueFrom;
    } else if (arg.valueFrom !== undefined) {
      t.valueFrom = arg.valueFrom;
      delete t.value;
    }
  }
  for (const a of out) if (a.value === undefined && a.valueFrom === undefined) return `args.${a.name} was not resolved`;
  return out;
}

/**
 * `NewAnalysisRunFromTemplates`: one run whose metrics are the templates' metrics in order (a repeated metric name
 * is an error) and whose args are the templates' args merged (an arg declared twice must agree) then filled from the
 * rollout's args. Returns the run or why it cannot be built.
 */
export function NewAnalysisRunFromTemplates(
  templates: readonly NamedTemplate[],
  args: readonly AnalysisRunArgument[],
  meta: { name: string; namespace: string; labels?: Record<string, string>; ownerReferences?: OwnerReference[] },
): AnalysisRun | string {
  const metrics: Metric[] = [];
  const declared: Argument[] = [];
  const dryRun: { metricName: string }[] = [];
  for (const t of templates) {
    for (const m of t.spec?.metrics ?? []) {
      if (metrics.some((x) => x.name === m.name)) return `two metrics have the same name '${m.name}'`;
      metrics.push(m);
    }
    for (const a of t.spec?.args ?? []) {
      const prev = declared.find((x) => x.name === a.name);
      if (!prev) declared.push({ ...a });
      else if (prev.value === undefined && prev.valueFrom === undefined) Object.assign(prev, a);
      else if (a.value !== undefined && prev.value !== undefined && a.value !== prev.value) {
        return `arg '${a.name}' has conflicting values in the templates`;
      }
    }
    for (const d of (t.spec?.dryRun ?? []) as { metricName?: string }[]) if (d.metricName) dryRun.push({ metricName: d.metricName });
  }
  const merged = MergeArgs(args, declared);
  if (typeof merged === 'string') return merged;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.ownerReferences ? { ownerReferences: meta.ownerReferences } : {}),
    },
    spec: { metrics, ...(merged.length > 0 ? { args: merged } : {}), ...(dryRun.length > 0 ? { dryRun } : {}) },
  };
}

/** `ResolveArgs` on a metric: `{{args.name}}` replaced by the run's arg values everywhere in the metric. */
export function resolveMetricArgs(metric: Metric, args: readonly Argument[] | undefined): Metric | string {
  let missing: string | undefined;
  const text = JSON.stringify(metric).replace(/\{\{\s*args\.([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const a = args?.find((x) => x.name === name);
    if (a?.value === undefined) {
      missing ??= name;
      return '';
    }
    // The value lands inside a JSON string: escape it as one.
    return JSON.stringify(a.value).slice(1, -1);
  });
  if (missing !== undefined) return `failed to resolve {{args.${missing}}}`;
  return JSON.parse(text) as Metric;
}

const SUPPORTED_PROVIDERS = ['job', 'web', 'prometheus'] as const;

/** Which provider a metric uses (the first key set), or undefined. */
export function providerName(p: MetricProvider | undefined): string | undefined {
  if (!p) return undefined;
  return Object.keys(p).find((k) => (p as Record<string, unknown>)[k] !== undefined);
}

function intOf(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Load-time check of an AnalysisTemplate (or ClusterAnalysisTemplate): every metric's provider must be one kubesim
 * can answer (job, web, or a prometheus query it maps onto simulated series), conditions must parse, durations
 * must read. Each error names the template in its detail and points at the field.
 */
export function checkAnalysisTemplate(tpl: AnalysisTemplate | { kind?: string; metadata?: ObjectMeta; spec?: AnalysisTemplate['spec'] }): FieldError[] {
  const errors: FieldError[] = [];
  const who = `${tpl.kind ?? 'AnalysisTemplate'} "${tpl.metadata?.name ?? ''}"`;
  (tpl.spec?.metrics ?? []).forEach((m, i) => {
    const at = `spec.metrics[${i}]`;
    const provider = providerName(m.provider);
    if (!provider) errors.push(fieldError.required(`${at}.provider`, `${who}: metric "${m.name}" has no provider`));
    else if (!(SUPPORTED_PROVIDERS as readonly string[]).includes(provider)) {
      errors.push({
        ...fieldError.notSupported(`${at}.provider`, provider, SUPPORTED_PROVIDERS),
        detail: `${who}: kubesim cannot answer the ${provider} provider of metric "${m.name}"`,
      });
    } else if (provider === 'prometheus') {
      const query = m.provider.prometheus?.query;
      if (!query) errors.push(fieldError.required(`${at}.provider.prometheus.query`, `${who}: metric "${m.name}" has no query`));
      else {
        // Args are unknown at load time: placeholders of the same length keep the query's shape and positions.
        const err = checkTemplatedQuery(query);
        if (err) {
          errors.push(
            fieldError.invalid(`${at}.provider.prometheus.query`, query, `${who}: kubesim cannot evaluate this query: ${err.message} (at "${query.slice(err.from, err.from + 20).split('\n')[0]}")`),
          );
        }
      }
    } else if (provider === 'web' && !m.provider.web?.url) {
      errors.push(fieldError.required(`${at}.provider.web.url`, `${who}: metric "${m.name}" has no url`));
    }
    for (const key of ['successCondition', 'failureCondition'] as const) {
      const c = m[key];
      if (c === undefined || c === '') continue;
      try {
        parseCondition(c);
      } catch (e) {
        errors.push(fieldError.invalid(`${at}.${key}`, c, `${who}: ${(e as Error).message}`));
      }
    }
    for (const key of ['interval', 'initialDelay'] as const) {
      const d = m[key];
      if (d === undefined || d.includes('{{')) continue;
      try {
        parseDuration(d);
      } catch (e) {
        errors.push(fieldError.invalid(`${at}.${key}`, d, `${who}: ${(e as Error).message}`));
      }
    }
  });
  return errors;
}

/** Sources of measurements; either may be absent, and a metric needing an absent one measures Error. */
export interface AnalysisSources {
  providers?: AnalysisProviderSource;
  /** Evaluates prometheus metrics' queries (PromQL over the run's series). */
  prometheus?: PrometheusSource;
}

const emptyCounters = (): MetricCounters => ({ count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0, consecutiveSuccess: 0 });

function isDryRun(spec: AnalysisRunSpec, metricName: string): boolean {
  return (spec.dryRun ?? []).some((d) => {
    try {
      return new RegExp(`^(?:${d.metricName})$`).test(metricName);
    } catch {
      return d.metricName === metricName;
    }
  });
}

/**
 * The AnalysisRun controller (`analysis/controller.go` + `analysis.go`): reconciles each run when it changes and at
 * the next time a measurement is due or an in-flight job ends.
 */
export class AnalysisRunController implements Controller {
  readonly name = 'analysisrun';
  private ctx: ControllerContext | undefined;
  private queue: WorkQueue | undefined;

  constructor(private readonly sources: AnalysisSources = {}) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    // Just before the Rollout controller at the same instant, so a rollout sees a measurement taken now.
    const queue = new WorkQueue(ctx.engine, Priority.Rollout - 1, (key) => this.reconcile(key));
    this.queue = queue;
    ctx.store.watch<AnalysisRun>('AnalysisRun', (e) => {
      if (e.type !== 'DELETED') queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    for (const r of ctx.store.list<AnalysisRun>('AnalysisRun')) queue.add(`${r.metadata.namespace}/${r.metadata.name}`);
  }

  /** `reconcileAnalysisRun` for one `namespace/name` key. */
  reconcile(key: string): void {
    const ctx = this.ctx!;
    const i = key.indexOf('/');
    const ns = key.slice(0, i);
    const name = key.slice(i + 1);
    const run = ctx.store.get<AnalysisRun>('AnalysisRun', ns, name);
    if (!run || (run.status?.phase && isTerminal(run.status.phase))) return;
    const now = ctx.engine.nowMs;
    const status: AnalysisRunStatus = structuredClone(run.status ?? {});
    status.startedAt ??= ctx.clock.timestamp(now);
    const startedMs = ctx.clock.simMs(status.startedAt);
    const results = new Map((status.metricResults ?? []).map((r) => [r.name, r]));
    const spec = run.spec;
    const failedNonDry = () =>
      [...results.values()].some((r) => !r.dryRun && (r.phase === 'Failed' || r.phase === 'Error' || r.phase === 'Inconclusive'));
    let nextMs = Infinity;
    for (const metric of spec.metrics) {
      const dryRun = isDryRun(spec, metric.name);
      let r = results.get(metric.name);
      if (!r) {
        r = { name: metric.name, phase: 'Pending', measurements: [], ...emptyCounters(), ...(dryRun ? { dryRun } : {}) };
        results.set(metric.name, r);
      }
      if (isTerminal(r.phase)) continue;
      const terminating = spec.terminate === true || failedNonDry();
      const limits = limitsOf(metric);
      const last = r.measurements[r.measurements.length - 1];
      if (last && last.phase === 'Running') {
        const resumeMs = Number(last.metadata?.['resumeAtMs'] ?? now);
        if (terminating) this.finish(r, last, 'Successful', 'Metric Terminated', now);
        else if (now >= resumeMs) this.finish(r, last, (last.metadata?.['outcome'] as AnalysisPhase | undefined) ?? 'Successful', last.message, now);
      } else if (!terminating && r.count < limits.effectiveCount) {
        const due = this.nextMeasurementMs(metric, r, last, startedMs);
        if (typeof due === 'string') this.record(r, { phase: 'Error', message: due, startedAt: ctx.clock.timestamp(now), finishedAt: ctx.clock.timestamp(now) });
        else if (now >= due) this.measure(run, metric, r);
      }
      const inFlight = r.measurements[r.measurements.length - 1]?.phase === 'Running';
      const metricStatus = assessMetricStatus(r, limits, { measurements: r.measurements.length, inFlight, terminating: spec.terminate === true || failedNonDry(), previous: r.phase });
      // On a transition the result takes its last measurement's message (the provider's), as upstream.
      if (metricStatus !== r.phase) setResultMessage(r, r.measurements[r.measurements.length - 1]?.message);
      r.phase = metricStatus;
      if (!isTerminal(r.phase)) {
        // A metric that may still measure needs a wake-up at its next due time.
        const lastNow = r.measurements[r.measurements.length - 1];
        if (lastNow?.phase === 'Running') nextMs = Math.min(nextMs, Number(lastNow.metadata?.['resumeAtMs'] ?? now));
        else if (r.count < limits.effectiveCount) {
          const due = this.nextMeasurementMs(metric, r, lastNow, startedMs);
          if (typeof due === 'number') nextMs = Math.min(nextMs, due);
        }
      }
    }
    const terminating = spec.terminate === true || failedNonDry();
    if (terminating) {
      // Terminating: open-ended metrics and those never measured end as Successful (assessMetricStatus, terminating).
      for (const metric of spec.metrics) {
        const r = results.get(metric.name)!;
        if (isTerminal(r.phase)) continue;
        const last = r.measurements[r.measurements.length - 1];
        if (last?.phase === 'Running') this.finish(r, last, 'Successful', 'Metric Terminated', now);
        setResultMessage(r, r.measurements[r.measurements.length - 1]?.message);
        r.phase = 'Successful';
      }
    }
    const ordered = spec.metrics.map((m) => results.get(m.name)!);
    const assessed = assessRunStatus(
      spec.metrics.map((metric, i) => {
        const r = ordered[i]!;
        const tripped = assessMetricFailureInconclusiveOrError(r, limitsOf(metric));
        return {
          name: r.name,
          phase: r.phase,
          dryRun: r.dryRun === true,
          reasonPhase: tripped.phase,
          ...(tripped.message ? { reason: tripped.message } : {}),
          ...(r.message !== undefined ? { message: r.message } : {}),
        };
      }),
      terminating,
    );
    status.metricResults = ordered;
    status.phase = assessed.phase;
    if (assessed.message) status.message = assessed.message;
    else delete status.message;
    status.runSummary = assessed.runSummary;
    if (assessed.dryRunSummary.count > 0) status.dryRunSummary = assessed.dryRunSummary;
    else delete status.dryRunSummary;
    if (status.phase !== run.status?.phase) {
      ctx.decisions.add('analysis', `AnalysisRun/${ns}/${name}`, `AnalysisRun ${name} is ${status.phase}${status.message ? `: ${status.message}` : ''}`, {
        metrics: ordered.map((r) => ({ name: r.name, phase: r.phase, count: r.count, failed: r.failed, error: r.error, inconclusive: r.inconclusive })),
      });
    }
    // A write only when something changed: every write wakes the watchers, this controller included.
    if (JSON.stringify(run.status ?? {}) !== JSON.stringify(status)) {
      ctx.store.mutate<AnalysisRun>('AnalysisRun', ns, name, (d) => {
        d.status = status;
      });
    }
    if (!isTerminal(status.phase) && nextMs !== Infinity) this.queue!.addAfter(key, Math.max(0, nextMs - now));
  }

  /** When the next measurement is due (ms), or why the metric's durations do not read. */
  private nextMeasurementMs(metric: Metric, r: MetricResult, last: Measurement | undefined, startedMs: number): number | string {
    const ctx = this.ctx!;
    try {
      if (!last) return startedMs + (metric.initialDelay ? parseDuration(metric.initialDelay) : 0);
      const finished = ctx.clock.simMs(last.finishedAt ?? last.startedAt ?? '');
      if (last.phase === 'Error') return finished + DefaultErrorRetryIntervalMs;
      return finished + (metric.interval ? parseDuration(metric.interval) : 0);
    } catch (e) {
      return `invalid duration in metric "${r.name}": ${(e as Error).message}`;
    }
  }

  private finish(r: MetricResult, m: Measurement, phase: AnalysisPhase, message: string | undefined, now: number): void {
    m.phase = phase;
    m.finishedAt = this.ctx!.clock.timestamp(now);
    if (message) m.message = message;
    delete m.resumeAt;
    delete m.metadata;
    Object.assign(r, addMeasurement(r, phase));
  }

  private record(r: MetricResult, m: Measurement): void {
    r.measurements.push(m);
    if (r.measurements.length > DefaultMeasurementHistoryLimit) r.measurements.splice(0, r.measurements.length - DefaultMeasurementHistoryLimit);
    if (m.phase !== 'Running') Object.assign(r, addMeasurement(r, m.phase));
  }

  /** Takes one measurement of a metric now (`runMeasurements`). */
  private measure(run: Stored<AnalysisRun>, rawMetric: Metric, r: MetricResult): void {
    const ctx = this.ctx!;
    const now = ctx.engine.nowMs;
    const ts = ctx.clock.timestamp(now);
    const done = (phase: AnalysisPhase, value?: string, message?: string) =>
      this.record(r, { phase, startedAt: ts, finishedAt: ts, ...(value !== undefined ? { value } : {}), ...(message ? { message } : {}) });
    const metric = resolveMetricArgs(rawMetric, run.spec.args);
    if (typeof metric === 'string') return done('Error', undefined, metric);
    const provider = providerName(metric.provider);
    const evaluate = (result: unknown, value: string) => {
      try {
        const success = metric.successCondition ? EvalCondition(result, metric.successCondition) : undefined;
        const failure = metric.failureCondition ? EvalCondition(result, metric.failureCondition) : undefined;
        done(EvaluateResult(success, failure), value);
      } catch (e) {
        done('Error', value, e instanceof ConditionError ? e.message : String(e));
      }
    };
    if (provider === 'job') {
      if (!this.sources.providers) return done('Error', undefined, 'kubesim has no job model for this run');
      const outcome = this.sources.providers.job(metric.provider.job!, now);
      const phase: AnalysisPhase = outcome.succeeded ? 'Successful' : 'Failed';
      if (outcome.durationMs <= 0) return done(phase);
      this.record(r, {
        phase: 'Running',
        startedAt: ts,
        resumeAt: ctx.clock.timestamp(now + outcome.durationMs),
        metadata: { resumeAtMs: String(now + outcome.durationMs), outcome: phase },
      });
      return;
    }
    if (provider === 'web') {
      if (!this.sources.providers) return done('Error', undefined, 'kubesim has no web model for this run');
      const web = metric.provider.web!;
      const out = this.sources.providers.web(web.url, web.jsonPath, now);
      if ('error' in out) return done('Error', undefined, out.error);
      return evaluate(out.value, typeof out.value === 'string' ? out.value : JSON.stringify(out.value));
    }
    if (provider === 'prometheus') {
      if (!this.sources.prometheus) return done('Error', undefined, 'kubesim has no Prometheus for this run');
      let out: ReturnType<typeof argoPrometheusResult>;
      try {
        out = argoPrometheusResult(this.sources.prometheus.query(metric.provider.prometheus?.query ?? '', now));
      } catch (e) {
        return done('Error', undefined, (e as Error).message);
      }
      if ('error' in out) return done('Error', undefined, out.error);
      return evaluate(out.result, out.value);
    }
    return done('Error', undefined, `kubesim cannot answer the ${provider ?? 'missing'} provider`);
  }
}

/** A metric's limits with Argo's defaults. */
function limitsOf(metric: Metric): MetricLimits {
  return metricLimits({
    failureLimit: intOf(metric.failureLimit),
    inconclusiveLimit: intOf(metric.inconclusiveLimit),
    consecutiveErrorLimit: intOf(metric.consecutiveErrorLimit),
    consecutiveSuccessLimit: intOf(metric.consecutiveSuccessLimit),
    count: intOf(metric.count),
    interval: metric.interval,
  });
}

/** `result.Message = lastMeasurement.Message` (an empty one clears it). */
function setResultMessage(r: MetricResult, message: string | undefined): void {
  if (message) r.message = message;
  else delete r.message;
}

/** Stops a run (`spec.terminate = true`), as the rollout does on promotion, abort or a new revision. */
export function terminateAnalysisRun(ctx: ControllerContext, namespace: string, name: string): void {
  const run = ctx.store.get<AnalysisRun>('AnalysisRun', namespace, name);
  if (!run || run.spec.terminate || (run.status?.phase && isTerminal(run.status.phase))) return;
  ctx.store.mutate<AnalysisRun>('AnalysisRun', namespace, name, (d) => {
    d.spec.terminate = true;
  });
  ctx.events.record(involved(run), 'Normal', 'AnalysisRunTerminated', `AnalysisRun ${name} terminated`, { component: 'rollouts-controller' });
}
