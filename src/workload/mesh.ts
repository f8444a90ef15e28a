/**
 * The per-tick arithmetic of a service mesh's client side (the caller's Envoy sidecar), in the workload model's
 * fluid terms: which failed attempts are retried, what the retries cost in latency, what a timeout cuts, and when
 * outlier detection ejects an endpoint.
 *
 * Retries (Envoy's router retry policy as Istio programs it): a request's first attempt goes to an endpoint; an
 * attempt that fails with a retriable outcome is sent again, up to `attempts` more times, each after a backoff.
 * With a retriable failure share f of attempts, N requests send N·(1 + f + f² + … + f^attempts) attempts, all of
 * them real load on the backend in the same tick; f is re-read after each round, since the extra load raises it
 * (the storm). A request fails when its last attempt fails, so successes (≤ N) are the successful attempts.
 *
 * Which outcomes are retriable (Envoy `retry_on`, envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/
 * router_filter#x-envoy-retry-on): `5xx` every 5xx and per-try timeouts; `gateway-error` 502/503/504 and per-try
 * timeouts; `reset` per-try timeouts (no response); `retriable-status-codes` the listed codes (Istio adds 503 by
 * default, `pilot/pkg/networking/core/route/retry/retry.go`). The model's outcomes map to codes as its metrics do:
 * overload 503, the application's own timeout 504, application errors 500.
 */
import type { BalancePolicy } from './balance.ts';

/** A retry policy in the model's terms. */
export interface MeshRetry {
  /** Retries after the first attempt (Istio `attempts`, Envoy `num_retries`). */
  attempts: number;
  /** Per-attempt timeout, ms; 0 = none (the route timeout bounds the attempt). */
  perTryTimeoutMs: number;
  /** Retry on application errors (500). */
  on500: boolean;
  /** Retry on overload rejections (503). */
  on503: boolean;
  /** Retry on the application's own timeouts (504). */
  on504: boolean;
  /** Retry attempts cut by the per-try timeout. */
  onPerTryTimeout: boolean;
}

/** What the mesh does to calls to one Service. */
export interface ServiceMeshPolicy {
  retry?: MeshRetry;
  /** The proxy's load balancer (DestinationRule `loadBalancer.simple`); undefined: the Service's own policy. */
  balance?: BalancePolicy;
  /** Route timeout for the whole request (all attempts), ms; 0 = none (Istio's default). */
  timeoutMs: number;
  /** The DestinationRule's connection pool (Envoy's circuit breakers, one set per calling proxy); absent: none. */
  pool?: ConnectionPool;
}

/**
 * Envoy circuit-breaker thresholds of one upstream cluster, as Istio programs them from `connectionPool`. Each
 * calling pod's sidecar keeps its own counters, so the limits hold per calling proxy.
 */
export interface ConnectionPool {
  /**
   * Requests one proxy lets be outstanding to the destination at once: for HTTP/1.1 (Istio's default upstream
   * protocol) one per connection (`tcp.maxConnections`) plus the pending queue (`http.http1MaxPendingRequests`),
   * never more than `http.http2MaxRequests` (Envoy `max_requests`); beyond it requests overflow (503, flag `UO`).
   */
  maxConcurrent: number;
  /** Retries one proxy lets be outstanding at once (`http.maxRetries`, Envoy `max_retries`); beyond it a failed attempt is not retried. */
  maxRetries: number;
}

/** Istio's default for every connection-pool threshold it leaves unset: 2^32 − 1. */
export const ISTIO_POOL_UNLIMITED = 4_294_967_295;

/**
 * Envoy's breaker thresholds from Istio's `connectionPool` fields (unset: {@link ISTIO_POOL_UNLIMITED}). An HTTP/1.1
 * connection carries one request at a time, so a proxy has at most `maxConnections` requests on the wire and
 * `http1MaxPendingRequests` waiting for a connection; `http2MaxRequests` caps the outstanding requests in any case.
 */
export function connectionPoolLimits(p: { maxConnections?: number; http1MaxPendingRequests?: number; http2MaxRequests?: number; maxRetries?: number }): ConnectionPool {
  const u = ISTIO_POOL_UNLIMITED;
  const h1 = (p.maxConnections ?? u) + (p.http1MaxPendingRequests ?? u);
  return { maxConcurrent: Math.min(h1, p.http2MaxRequests ?? u), maxRetries: p.maxRetries ?? u };
}

/**
 * The attempt rate, per second, a destination's callers can keep outstanding under a concurrency limit of `limit`
 * per proxy: by Little's law an attempt that takes `attemptMs` holds its slot that long, so `proxies` proxies
 * sustain `limit × proxies / (attemptMs / 1000)` attempts a second. Infinity when attempts take no time (no
 * history yet) or nothing limits. Worked example: 3 frontend proxies, `http2MaxRequests: 10`, attempts of 100 ms:
 * 300 attempts a second pass, the rest overflow.
 */
export function breakerCapacityRps(limit: number, proxies: number, attemptMs: number): number {
  if (!(attemptMs > 0) || limit >= ISTIO_POOL_UNLIMITED) return Infinity;
  return (limit * Math.max(1, proxies) * 1000) / attemptMs;
}

/**
 * How long one attempt holds a breaker slot, ms: the mean time to the answer over an endpoint's attempt outcomes
 * (rejections answer at once, the application's own timeouts after `appTimeoutMs`, admitted attempts after their
 * latency, or the per-try timeout when that cuts them).
 */
export function attemptDurationMs(o: AttemptOutcome, perTryTimeoutMs: number): number {
  const admitted = Math.max(0, 1 - o.overload - o.appTimeout);
  const served = o.offsetMs + o.meanMs;
  const t = perTryTimeoutMs > 0 ? Math.min(served, perTryTimeoutMs) : served;
  return admitted * t + o.appTimeout * o.appTimeoutMs;
}

/** Istio's policy when a route sets no `retries` (`DefaultPolicy`): 2 retries on 503, connect failures and resets of streams. */
export const ISTIO_DEFAULT_RETRY: MeshRetry = Object.freeze({ attempts: 2, perTryTimeoutMs: 0, on500: false, on503: true, on504: false, onPerTryTimeout: false });

/**
 * The model's retry flags for an Envoy `retry_on` list and retriable status codes (Istio's `parseRetryOn`: numbers
 * in `retryOn` are status codes and imply `retriable-status-codes`).
 */
export function retryFlags(retryOn: string, attempts: number, perTryTimeoutMs: number): MeshRetry {
  const parts = retryOn.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const codes = new Set(parts.filter((p) => /^\d{3}$/.test(p)).map(Number));
  const has = (p: string): boolean => parts.includes(p);
  const any5xx = has('5xx');
  const gateway = has('gateway-error');
  const statusCodes = has('retriable-status-codes') || codes.size > 0;
  const code = (c: number): boolean => any5xx || (statusCodes && codes.has(c));
  return {
    attempts,
    perTryTimeoutMs,
    on500: code(500),
    on503: code(503) || gateway,
    on504: code(504) || gateway,
    onPerTryTimeout: any5xx || gateway || has('reset'),
  };
}

/** P(latency > limit) for a latency `offsetMs + Exp(meanMs)`: the share a timeout of `limitMs` cuts. */
export function exceedProbability(limitMs: number, offsetMs: number, meanMs: number): number {
  if (!(limitMs > 0)) return 0;
  if (limitMs <= offsetMs) return 1;
  if (!(meanMs > 0)) return 0;
  return Math.exp(-(limitMs - offsetMs) / meanMs);
}

/** Envoy's default retry backoff: base 25 ms, cap 10 × base (250 ms). */
export const RETRY_BACKOFF_BASE_MS = 25;

/**
 * Mean wait before retry `k` (1-based) under Envoy's fully jittered exponential backoff: uniform in
 * [0, min(base·(2^k − 1), 10·base)), so 12.5 ms, 37.5 ms, 87.5 ms, 125 ms, 125 ms … with the 25 ms default.
 */
export function meanBackoffMs(k: number, baseMs = RETRY_BACKOFF_BASE_MS): number {
  return Math.min(baseMs * (2 ** k - 1), 10 * baseMs) / 2;
}

/** One endpoint's attempt outcomes in a tick, as fractions of the attempts it received. */
export interface AttemptOutcome {
  /** Rejected at the queue cap or concurrency limit (503). */
  overload: number;
  /** Timed out by the application's own timeout (504). */
  appTimeout: number;
  /** Application error rate of admitted requests (500). */
  errorRate: number;
  /** Latency of an admitted request: `offsetMs + Exp(meanMs)`. */
  offsetMs: number;
  meanMs: number;
  /** The application's own timeout, ms (0: none), the latency of its 504s. */
  appTimeoutMs: number;
}

/**
 * The share of one endpoint's attempts that the policy retries, and their summed latency per attempt (ms), from
 * which the caller's added wait follows. Per-try timeouts cut an admitted attempt at `perTryTimeoutMs`; an error
 * answer takes the request's mean latency; a rejection takes no time.
 */
export function retriableShare(o: AttemptOutcome, r: MeshRetry, out: { share: number; latencyMs: number }): void {
  const admitted = Math.max(0, 1 - o.overload - o.appTimeout);
  const cut = exceedProbability(r.perTryTimeoutMs, o.offsetMs, o.meanMs);
  let share = 0;
  let latency = 0;
  if (r.on503) share += o.overload;
  if (r.on504) {
    share += o.appTimeout;
    latency += o.appTimeout * o.appTimeoutMs;
  }
  if (r.onPerTryTimeout) {
    share += admitted * cut;
    latency += admitted * cut * r.perTryTimeoutMs;
  }
  if (r.on500) {
    const e = admitted * (1 - cut) * o.errorRate;
    share += e;
    latency += e * (o.offsetMs + o.meanMs);
  }
  out.share = share;
  out.latencyMs = latency;
}

/**
 * Attempt counts to request counts: `causes` (per failure cause, attempts) and `servedAttempts` out of `attempts`
 * describe every attempt of the tick; `requests` were sent. Successful attempts are successful requests (capped at
 * `requests`); the failed requests are shared over the causes in proportion to the failed attempts, with
 * cumulative rounding so the counts stay integers summing to `requests − served`. Rewrites `causes`; returns the
 * served requests.
 */
export function attemptsToRequests(causes: Float64Array, servedAttempts: number, requests: number): number {
  const served = Math.min(requests, servedAttempts);
  const failed = requests - served;
  let total = 0;
  for (let i = 0; i < causes.length; i++) total += causes[i] as number;
  // No failed attempt: every request was served (rounding aside).
  if (total <= 0) return requests;
  let cum = 0;
  let prev = 0;
  for (let i = 0; i < causes.length; i++) {
    cum += ((causes[i] as number) * failed) / total;
    const r = Math.round(cum);
    causes[i] = r - prev;
    prev = r;
  }
  return served;
}

/**
 * Expected number of runs of `n` consecutive failures in `requests` independent answers that fail with
 * probability `p`: a run can start at the first answer or right after a success, `p^n (1 + (requests − n)(1 − p))`
 * (0 when fewer than `n` answers). Envoy ejects a host on its `consecutive_5xx`-th consecutive 5xx.
 */
export function expectedFailureRuns(p: number, n: number, requests: number): number {
  if (n <= 0 || requests < n || p <= 0) return 0;
  return Math.pow(p, n) * (1 + (requests - n) * (1 - p));
}
