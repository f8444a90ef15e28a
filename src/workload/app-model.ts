/**
 * The application model: how one workload (and each version, keyed by container image) turns requests into CPU,
 * memory, latency and errors. The scenario writes it under `workloads.<name>`; {@link resolveAppModel} turns that
 * spec into plain numbers once, so the per-tick model only does arithmetic.
 *
 * Units in the spec follow Kubernetes quantities: CPU in cores or millicores (`"250m"`, `0.25`), memory in bytes
 * with suffixes (`"90Mi"`, `"1G"`), durations as Go durations (`"30s"`).
 *
 * `cpuPerRequest` is CPU *time* per request, written as a CPU quantity: `"2m"` means 2 millicore-seconds per
 * request, so a load of 100 requests/second uses 200 millicores, and on one full core a request takes 2 ms of CPU.
 */
import { parseQuantity, scaledValue } from '../api/quantity.ts';
import { toMillis } from '../engine/duration.ts';
import type { DurationSpec, ProfileError } from './profiles.ts';

/** A dependency call: each request to this workload makes `perRequest` calls to Service `service` (average). */
export interface CallSpec {
  service: string;
  perRequest?: number;
}

/** The fields a workload or one of its versions may set. Every field is optional; see {@link DEFAULT_APP_MODEL}. */
export interface AppModelFields {
  /** CPU time per request as a CPU quantity (`"2m"` = 2 millicore-seconds). Default `"2m"`. */
  cpuPerRequest?: string | number;
  /** CPU used with no load. Default `"5m"`. */
  baseCpu?: string | number;
  memory?: {
    /** Working set with no load. Default `"64Mi"`. */
    base?: string | number;
    /** Extra working set per in-flight request. Default `"0"`. */
    perInflightRequest?: string | number;
    /** Growth of the working set per hour of container uptime (a leak). Default `"0"`. */
    leakPerHour?: string | number;
  };
  /** Start-up work: extra CPU for the first `burstDuration` after the container starts. Defaults 0 and 0s. */
  startup?: { cpuBurst?: string | number; burstDuration?: DurationSpec; [kubeletOwned: string]: unknown };
  /** Maximum in-flight requests per pod (queue + in service); 0 means unlimited. Default 0. */
  concurrency?: number;
  /** Fraction of served requests that return an application error (HTTP 500). Default 0. */
  errorRate?: number;
  /** Calls to other Services per request. Default none. */
  calls?: CallSpec[];
  /** Request timeout (client or server deadline): a request that would wait longer fails. Default `"30s"`. */
  timeout?: DurationSpec;
  /** Latency not spent on this pod's CPU (network, disk, locks). Default `"1ms"`. */
  baseLatency?: DurationSpec;
}

/** A workload's model: defaults for all versions, plus per-image overrides. */
export interface AppModelSpec extends AppModelFields {
  /** Per container image: fields that differ in that version (merged over the workload's fields). */
  versions?: Record<string, AppModelFields>;
}

/** A resolved model: plain numbers in the units their names say. */
export interface AppModel {
  cpuPerRequestMillis: number;
  baseCpuMillis: number;
  memoryBaseBytes: number;
  memoryPerInflightBytes: number;
  memoryLeakBytesPerHour: number;
  startupCpuBurstMillis: number;
  startupBurstMs: number;
  /** Infinity when unlimited. */
  concurrencyLimit: number;
  errorRate: number;
  calls: readonly { service: string; perRequest: number }[];
  timeoutMs: number;
  baseLatencyMs: number;
}

/** The defaults, resolved: 2m CPU per request, 5m base CPU, 64Mi memory, no limit, no errors, 30s timeout, 1ms. */
export const DEFAULT_APP_MODEL: AppModel = Object.freeze({
  cpuPerRequestMillis: 2,
  baseCpuMillis: 5,
  memoryBaseBytes: 64 * 1024 * 1024,
  memoryPerInflightBytes: 0,
  memoryLeakBytesPerHour: 0,
  startupCpuBurstMillis: 0,
  startupBurstMs: 0,
  concurrencyLimit: Infinity,
  errorRate: 0,
  calls: Object.freeze([]),
  timeoutMs: 30_000,
  baseLatencyMs: 1,
});

/**
 * A Kubernetes quantity (`"250m"`, `"1.5"`, `"90Mi"`, `"1e3"`) as a number in base units, or undefined if
 * malformed. Parsed exactly by `src/api/quantity.ts`, then read at nano precision: the model needs fractions of a
 * millicore (`"2500u"` CPU per request), which MilliValue would round up.
 */
export function parseQuantityValue(q: string | number): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  try {
    return Number(scaledValue(parseQuantity(q.trim()), -9)) / 1e9;
  } catch {
    return undefined;
  }
}

function quantity(v: string | number | undefined, field: string, errors: ProfileError[], scale: number, fallback: number): number {
  if (v === undefined) return fallback;
  const parsed = parseQuantityValue(v);
  if (parsed === undefined || parsed < 0) {
    errors.push({ field, detail: `expected a non-negative quantity such as "250m" or "90Mi", got ${JSON.stringify(v)}` });
    return fallback;
  }
  return parsed * scale;
}

function duration(v: DurationSpec | undefined, field: string, errors: ProfileError[], fallback: number): number {
  if (v === undefined) return fallback;
  try {
    const ms = toMillis(v);
    if (ms < 0) throw new Error(`must not be negative, got ${JSON.stringify(v)}`);
    return ms;
  } catch (e) {
    errors.push({ field, detail: (e as Error).message });
    return fallback;
  }
}

function applyFields(base: AppModel, f: AppModelFields, path: string, errors: ProfileError[]): AppModel {
  const m = { ...base };
  m.cpuPerRequestMillis = quantity(f.cpuPerRequest, `${path}.cpuPerRequest`, errors, 1000, base.cpuPerRequestMillis);
  m.baseCpuMillis = quantity(f.baseCpu, `${path}.baseCpu`, errors, 1000, base.baseCpuMillis);
  if (f.memory !== undefined) {
    m.memoryBaseBytes = quantity(f.memory.base, `${path}.memory.base`, errors, 1, base.memoryBaseBytes);
    m.memoryPerInflightBytes = quantity(f.memory.perInflightRequest, `${path}.memory.perInflightRequest`, errors, 1, base.memoryPerInflightBytes);
    m.memoryLeakBytesPerHour = quantity(f.memory.leakPerHour, `${path}.memory.leakPerHour`, errors, 1, base.memoryLeakBytesPerHour);
  }
  if (f.startup !== undefined) {
    m.startupCpuBurstMillis = quantity(f.startup.cpuBurst, `${path}.startup.cpuBurst`, errors, 1000, base.startupCpuBurstMillis);
    m.startupBurstMs = duration(f.startup.burstDuration, `${path}.startup.burstDuration`, errors, base.startupBurstMs);
  }
  if (f.concurrency !== undefined) {
    if (!Number.isInteger(f.concurrency) || f.concurrency < 0) {
      errors.push({ field: `${path}.concurrency`, detail: `expected a non-negative integer (0 = unlimited), got ${JSON.stringify(f.concurrency)}` });
    } else m.concurrencyLimit = f.concurrency === 0 ? Infinity : f.concurrency;
  }
  if (f.errorRate !== undefined) {
    if (typeof f.errorRate !== 'number' || !(f.errorRate >= 0 && f.errorRate <= 1)) {
      errors.push({ field: `${path}.errorRate`, detail: `expected a fraction in [0, 1], got ${JSON.stringify(f.errorRate)}` });
    } else m.errorRate = f.errorRate;
  }
  if (f.calls !== undefined) {
    if (!Array.isArray(f.calls)) errors.push({ field: `${path}.calls`, detail: 'expected a list of {service, perRequest}' });
    else {
      m.calls = f.calls.map((c, i) => {
        const per = c.perRequest ?? 1;
        if (typeof c.service !== 'string' || c.service === '') errors.push({ field: `${path}.calls[${i}].service`, detail: 'expected a Service name' });
        if (typeof per !== 'number' || !(per >= 0)) errors.push({ field: `${path}.calls[${i}].perRequest`, detail: `expected a non-negative number, got ${JSON.stringify(per)}` });
        return { service: String(c.service), perRequest: per };
      });
    }
  }
  m.timeoutMs = duration(f.timeout, `${path}.timeout`, errors, base.timeoutMs);
  if (f.timeout !== undefined && m.timeoutMs === 0) errors.push({ field: `${path}.timeout`, detail: 'must be greater than 0' });
  m.baseLatencyMs = duration(f.baseLatency, `${path}.baseLatency`, errors, base.baseLatencyMs);
  return m;
}

/**
 * Resolves a workload's model for one image (or the workload default when `image` is undefined or has no
 * override). Returns the model and every problem found; on errors the affected fields keep their defaults.
 */
export function resolveAppModel(spec: AppModelSpec, image?: string, path = 'workload'): { model: AppModel; errors: ProfileError[] } {
  const errors: ProfileError[] = [];
  let model = applyFields(DEFAULT_APP_MODEL, spec, path, errors);
  const override = image !== undefined ? spec.versions?.[image] : undefined;
  if (override) model = applyFields(model, override, `${path}.versions[${JSON.stringify(image)}]`, errors);
  return { model: Object.freeze(model), errors };
}

/** Validates a workload's model and every version, returning all problems (empty when valid). */
export function validateAppModel(spec: AppModelSpec, path = 'workload'): ProfileError[] {
  const errors = resolveAppModel(spec, undefined, path).errors;
  for (const image of Object.keys(spec.versions ?? {}).sort()) {
    const base = applyFields(DEFAULT_APP_MODEL, spec, path, []);
    applyFields(base, spec.versions?.[image] as AppModelFields, `${path}.versions[${JSON.stringify(image)}]`, errors);
  }
  return errors;
}
