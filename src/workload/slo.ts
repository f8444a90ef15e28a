/**
 * Service level objectives per Service, and the error budget a run burns.
 *
 * - Availability: `good / valid ≥ objective`, where valid = offered requests and bad = failed requests of every
 *   cause plus requests lost in flight. The error budget is `(1 − objective) × offered`; `burnedFraction` is
 *   bad / budget (1 = the whole budget spent). Worked example: 99.9 % of 1,000,000 requests leaves a budget of
 *   1,000 bad requests; 250 failures burn 25 % of it.
 * - Latency (`latencyP99: 300ms`): "99 % of served requests finish within 300 ms". Bad = served requests slower
 *   than the threshold, estimated per tick from that tick's p50/p95/p99 by interpolating the survival function
 *   log-linearly through (0, 1), (p50, 0.5), (p95, 0.05), (p99, 0.01) and extending the last segment as an
 *   exponential tail — exact for the model's exponential latencies. Budget = (1 − 0.99) × served.
 */
import { toMillis } from '../engine/duration.ts';
import type { DurationSpec, ProfileError } from './profiles.ts';
import type { ServiceResults } from './model.ts';

/** One Service's objectives as written in a scenario (`expect: - slo: {...}`). */
export interface SloSpec {
  service: string;
  /** `"99.9%"`, or a number: a fraction if ≤ 1 (0.999), a percentage otherwise (99.9). */
  availability?: string | number;
  latencyP50?: DurationSpec;
  latencyP95?: DurationSpec;
  latencyP99?: DurationSpec;
}

/** Budget accounting for one objective. */
export interface BudgetReport {
  /** Objective as a fraction (0.999). */
  objective: number;
  /** Measured good fraction (1 when there were no requests). */
  actual: number;
  /** Requests counted (offered for availability, served for latency). */
  valid: number;
  bad: number;
  /** Bad requests allowed: (1 − objective) × valid. */
  budget: number;
  /** bad / budget (0 when both are 0, Infinity when only the budget is 0). */
  burnedFraction: number;
  met: boolean;
}

/** The SLO outcome of one Service over the run. */
export interface SloReport {
  service: string;
  availability?: BudgetReport;
  latency?: BudgetReport & { percentile: number; thresholdMs: number };
}

/** Parses `"99.9%"` / `0.999` / `99.9` to a fraction in (0, 1], or undefined. */
export function parseObjective(v: string | number): number | undefined {
  let x: number;
  if (typeof v === 'number') x = v > 1 ? v / 100 : v;
  else {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (!m) return undefined;
    x = Number(m[1]) / 100;
  }
  return x > 0 && x <= 1 ? x : undefined;
}

/** Validates SLO specs (service names against `services`), returning every problem. */
export function validateSlo(spec: SloSpec, services: readonly string[], path = 'slo'): ProfileError[] {
  const errors: ProfileError[] = [];
  if (!services.includes(spec.service)) errors.push({ field: `${path}.service`, detail: `unknown Service ${JSON.stringify(spec.service)}` });
  if (spec.availability !== undefined && parseObjective(spec.availability) === undefined) {
    errors.push({ field: `${path}.availability`, detail: `expected a percentage such as "99.9%", got ${JSON.stringify(spec.availability)}` });
  }
  const lat = (['latencyP50', 'latencyP95', 'latencyP99'] as const).filter((k) => spec[k] !== undefined);
  if (lat.length > 1) errors.push({ field: path, detail: `set one latency objective, got ${lat.join(', ')}` });
  for (const k of lat) {
    try {
      if (toMillis(spec[k] as DurationSpec) <= 0) errors.push({ field: `${path}.${k}`, detail: 'must be greater than 0' });
    } catch (e) {
      errors.push({ field: `${path}.${k}`, detail: (e as Error).message });
    }
  }
  if (spec.availability === undefined && lat.length === 0) errors.push({ field: path, detail: 'needs availability or a latency objective' });
  return errors;
}

/**
 * Fraction of requests slower than `xMs` given a tick's quantiles (see the module comment). NaN quantiles (no
 * requests served) give 0.
 */
export function fractionSlowerThan(xMs: number, p50: number, p95: number, p99: number): number {
  if (!(p50 === p50) || xMs < 0) return 0;
  const pts = [0, p50, p95, p99];
  const logS = [0, Math.log(0.5), Math.log(0.05), Math.log(0.01)];
  if (xMs >= p99) {
    const span = p99 - p95;
    if (span <= 0) return xMs > p99 ? 0 : 0.01;
    return Math.exp((logS[3] as number) + (((logS[3] as number) - (logS[2] as number)) * (xMs - p99)) / span);
  }
  for (let k = 1; k < 4; k++) {
    const hi = pts[k] as number;
    if (xMs < hi) {
      const lo = pts[k - 1] as number;
      const f = hi > lo ? (xMs - lo) / (hi - lo) : 1;
      return Math.exp((logS[k - 1] as number) + f * ((logS[k] as number) - (logS[k - 1] as number)));
    }
  }
  return 0.01;
}

/** Accumulates a Service's objectives over the run; call {@link observe} after every model step. */
export class SloTracker {
  private readonly serviceIndex: number;
  private readonly availability: number | undefined;
  private readonly latencyPercentile: number | undefined;
  private readonly latencyThresholdMs: number;
  private offered = 0;
  private bad = 0;
  private served = 0;
  private slow = 0;

  constructor(
    readonly spec: SloSpec,
    serviceNames: readonly string[],
  ) {
    const errors = validateSlo(spec, serviceNames);
    if (errors.length > 0) throw new RangeError(`SloTracker: ${errors.map((e) => `${e.field}: ${e.detail}`).join('; ')}`);
    this.serviceIndex = serviceNames.indexOf(spec.service);
    this.availability = spec.availability !== undefined ? parseObjective(spec.availability) : undefined;
    const key = spec.latencyP99 !== undefined ? 99 : spec.latencyP95 !== undefined ? 95 : spec.latencyP50 !== undefined ? 50 : undefined;
    this.latencyPercentile = key;
    this.latencyThresholdMs = key === undefined ? 0 : toMillis((key === 99 ? spec.latencyP99 : key === 95 ? spec.latencyP95 : spec.latencyP50) as DurationSpec);
  }

  /** Adds one tick of results. */
  observe(r: ServiceResults): void {
    const s = this.serviceIndex;
    const served = r.served[s] as number;
    this.offered += r.offered[s] as number;
    this.bad += (r.offered[s] as number) - served + (r.lostInflight[s] as number);
    this.served += served;
    if (this.latencyPercentile !== undefined && served > 0) {
      this.slow += served * fractionSlowerThan(this.latencyThresholdMs, r.latencyP50Ms[s] as number, r.latencyP95Ms[s] as number, r.latencyP99Ms[s] as number);
    }
  }

  /** The budgets so far. */
  report(): SloReport {
    const out: SloReport = { service: this.spec.service };
    if (this.availability !== undefined) out.availability = budget(this.availability, this.offered, Math.min(this.bad, this.offered));
    if (this.latencyPercentile !== undefined) {
      out.latency = { ...budget(this.latencyPercentile / 100, this.served, this.slow), percentile: this.latencyPercentile, thresholdMs: this.latencyThresholdMs };
    }
    return out;
  }
}

function budget(objective: number, valid: number, bad: number): BudgetReport {
  const allowed = (1 - objective) * valid;
  const actual = valid > 0 ? 1 - bad / valid : 1;
  const burnedFraction = bad === 0 ? 0 : allowed > 0 ? bad / allowed : Infinity;
  // A small epsilon so that exactly-on-target runs count as met despite floating error.
  return { objective, actual, valid, bad, budget: allowed, burnedFraction, met: actual >= objective - 1e-12 };
}
