/**
 * The arithmetic of the simulated ingress controller (ingress-nginx): its capacity, the status codes it reports for
 * the requests it proxied, and the latency histogram it observes.
 *
 * - **Capacity.** With `replicas` × `cpu` per replica and `cpuPerRequest`, the controller proxies at most
 *   `replicas · cpu / cpuPerRequest` requests per second; above that, the excess share of every route is refused
 *   with 503 (nginx's worker connections are exhausted) and never reaches the backend. Without a capacity the
 *   controller is unlimited and only adds its fixed latency.
 * - **Status.** A proxied request gets the backend Service's outcome of the tick, in proportion: served 200; the
 *   application's errors and failed dependencies 500; no endpoints and overload 503; timeouts and requests a
 *   NetworkPolicy dropped 504 (nginx's upstream timeout). A request no rule matches gets the default backend's 404.
 * - **Latency.** `nginx_ingress_controller_request_duration_seconds` needs a distribution, where the workload model
 *   reports quantiles: the backend's latency is taken as offset + exponential through its p50 and p99 (the model's
 *   own per-pod shape), shifted by the controller's latency.
 */
import { DEFAULT_BUCKETS_S } from './histogram.ts';

/** ingress-nginx's `--time-buckets` default, seconds: Prometheus' DefBuckets, the same as the model's histograms. */
export const INGRESS_NGINX_TIME_BUCKETS_S: readonly number[] = DEFAULT_BUCKETS_S;

/** The default latency the controller adds to every request, ms (one proxy hop on the same network). */
export const DEFAULT_INGRESS_LATENCY_MS = 1;

/** The controller's capacity and latency, resolved. */
export interface IngressControllerModel {
  /** Requests per second the controller can proxy; Infinity: unlimited. */
  capacityRps: number;
  /** Latency added to every request, ms. */
  latencyMs: number;
}

/** Share of the offered requests the controller proxies, in [0, 1]: all up to its capacity, then capacity / offered. */
export function admittedShare(offeredRps: number, capacityRps: number): number {
  return offeredRps <= capacityRps || offeredRps <= 0 ? 1 : capacityRps / offeredRps;
}

/** Capacity from replicas, millicores per replica and CPU millicore-seconds per request. */
export function controllerCapacityRps(replicas: number, cpuMillisPerReplica: number, cpuPerRequestMillis: number): number {
  return cpuPerRequestMillis > 0 ? (replicas * cpuMillisPerReplica) / cpuPerRequestMillis : Infinity;
}

/** A shifted exponential latency distribution, ms. */
export interface ShiftedExponential {
  offsetMs: number;
  meanMs: number;
}

const LN2 = Math.log(2);
const LN100 = Math.log(100);

/**
 * The offset + exponential through `p50` and `p99` (ms): mean = (p99 − p50) / (ln 100 − ln 2), offset = p50 − mean·ln 2.
 * p50 10 ms and p99 50 ms give mean 10.22 ms and offset 2.92 ms. Equal quantiles give a point mass.
 */
export function fitShiftedExponential(p50Ms: number, p99Ms: number): ShiftedExponential {
  const meanMs = p99Ms > p50Ms ? (p99Ms - p50Ms) / (LN100 - LN2) : 0;
  return { offsetMs: Math.max(0, p50Ms - meanMs * LN2), meanMs };
}

/** P(latency ≤ x ms). */
export function shiftedExponentialCdf(d: ShiftedExponential, xMs: number): number {
  if (xMs < d.offsetMs) return 0;
  if (d.meanMs <= 0) return 1;
  return 1 - Math.exp(-(xMs - d.offsetMs) / d.meanMs);
}

/** The backend's outcome counts of one tick (the workload model's per-Service results). */
export interface BackendOutcome {
  offered: number;
  served: number;
  failedNoEndpoints: number;
  failedOverload: number;
  failedTimeout: number;
  failedAppError: number;
  failedDependency: number;
  failedNetworkPolicy: number;
}

/** HTTP status shares of a proxied request from its backend's tick: `[200, 500, 503, 504]`, summing to 1. */
export function statusShares(o: BackendOutcome): [ok: number, serverError: number, unavailable: number, timeout: number] {
  if (!(o.offered > 0)) return [1, 0, 0, 0];
  return [
    o.served / o.offered,
    (o.failedAppError + o.failedDependency) / o.offered,
    (o.failedNoEndpoints + o.failedOverload) / o.offered,
    (o.failedTimeout + o.failedNetworkPolicy) / o.offered,
  ];
}
