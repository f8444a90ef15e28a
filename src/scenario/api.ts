/**
 * The library API behind `src/index.ts`: load a scenario from a path, YAML text or an object, run it, and read it
 * back — state at any time, events, metrics, decisions, the trace hash and a summary.
 */
import { formatFieldError, type FieldError } from '../api/errors.ts';
import type { KubeObject, Stored } from '../cluster/store.ts';
import { toMillis } from '../engine/duration.ts';
import type { Decision } from '../record/decisions.ts';
import type { SimEvent } from '../record/events.ts';
import type { MetricsRecorder } from '../record/metrics.ts';
import type { ReportData } from '../report/types.ts';
import type { FileSystem } from './fs.ts';
import { loadScenarioFile, loadScenarioFromObject, loadScenarioFromText } from './load.ts';
import { buildReportData } from './report-data.ts';
import { ScenarioRun, type SimulateOptions } from './run.ts';
import type { ExpectationResult } from './expectations.ts';
import type { Scenario } from './types.ts';
import { findKind } from './resources.ts';

/** Thrown by {@link loadScenario} with every error (file:line:col, field path, what was expected). */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(readonly errors: readonly FieldError[]) {
    super(`invalid scenario:\n${errors.map((e) => `  ${formatFieldError(e)}`).join('\n')}`);
  }
}

export interface LoadScenarioOptions {
  /** File access for paths and manifest globs. Default in Node: the real file system. */
  fs?: FileSystem;
  /** `--set path=value` overrides. */
  set?: string[];
}

/**
 * Loads a scenario from a file path, from YAML text (anything containing a newline or starting with
 * `apiVersion`), or from an object. Rejects with a {@link ScenarioError} listing every problem.
 */
export async function loadScenario(source: string | object, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const opts = options.set ? { set: options.set } : {};
  let r;
  if (typeof source === 'object') r = loadScenarioFromObject(source, options.fs, opts);
  else if (source.includes('\n') || source.trimStart().startsWith('apiVersion')) r = loadScenarioFromText(source, 'scenario.yaml', options.fs, opts);
  else {
    const fs = options.fs ?? (await import('../cli/node-fs.ts')).nodeFileSystem;
    r = loadScenarioFile(source, fs, opts);
  }
  if (!r.scenario || r.errors.length) throw new ScenarioError(r.errors);
  return r.scenario;
}

/** A time as a Go duration (`'30m'`) or integer milliseconds. */
export type SimTime = string | number;

/** A scenario being simulated. */
export class Run {
  private readonly inner: ScenarioRun;

  constructor(readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.inner = new ScenarioRun(scenario, options);
  }

  /** Advances to a simulated time (default: the scenario's end). Returns this for chaining. */
  until(time: SimTime = this.scenario.durationMs): this {
    this.inner.run(toMillis(time));
    return this;
  }

  /** Current simulated time, ms. */
  get nowMs(): number {
    return this.inner.sim.nowMs;
  }

  /**
   * Objects of a kind (`'pods'`, `'Pod'`, `'deployments'`…), optionally by name, as they were at `at` (default now).
   */
  get<T extends KubeObject = KubeObject>(kind: string, options: { at?: SimTime; name?: string; namespace?: string } = {}): Stored<T>[] {
    const k = kindName(kind);
    const at = options.at === undefined ? this.nowMs : toMillis(options.at);
    if (at > this.nowMs) throw new RangeError(`get: ${at}ms is in the future of the run (now ${this.nowMs}ms); call until() first`);
    return this.inner.sim.store
      .listAt<T>(k, at, options.namespace)
      .filter((o) => options.name === undefined || o.metadata.name === options.name);
  }

  /** Kubernetes-style events so far. */
  get events(): readonly SimEvent[] {
    return this.inner.sim.events.all;
  }

  /** The decision log: why each controller did what it did. */
  get decisions(): readonly Decision[] {
    return this.inner.sim.decisions.all;
  }

  /** Metric series: `metrics.find('http_requests_per_second')`, `metrics.all()`. */
  get metrics(): MetricsRecorder {
    return this.inner.sim.metrics;
  }

  /** Hash of every state change so far: equal hashes, equal runs. */
  get traceHash(): string {
    return this.inner.sim.traceHash;
  }

  /** The expectations of the scenario, evaluated now. */
  expectations(): ExpectationResult[] {
    return this.inner.expectations();
  }

  /** Summary figures, series, events, timeline and expectations: what the report draws. */
  summary(): ReportData {
    return buildReportData(this.inner, this.inner.expectations());
  }

  /** The underlying runner (cluster, controllers, store) for advanced use. */
  get runner(): ScenarioRun {
    return this.inner;
  }
}

/** Starts simulating a loaded scenario (nothing runs until {@link Run.until}). */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): Run {
  return new Run(scenario, options);
}

/** The store kind for a name as typed (`'pods'`, `'po'`, `'Pod'`…); unknown names are taken as kinds. */
function kindName(kind: string): string {
  return findKind(kind)?.kind ?? kind;
}
