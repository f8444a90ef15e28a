/**
 * Latency and saturation of one pod, as a queue whose server is the pod's CPU.
 *
 * ## Model
 * Capacity. A pod gets `allocMillis` of CPU in a tick: its demand, capped by its CPU limit and by its weighted fair
 * share of the node (see `model.ts`). Fixed overhead (base CPU, start-up burst) is served first; what is left,
 * `workMillis`, serves requests:
 *
 *     μ (capacity, requests/s) = workMillis / cpuPerRequestMillis
 *
 * e.g. 500m of work at 2m per request serves μ = 250 rps. A request alone on one full core takes
 * `S = cpuPerRequestMillis / 1000` seconds (2 ms); the pod has `c = workMillis / 1000` cores' worth of servers.
 *
 * Below saturation (ρ = λ/μ < 1, no backlog): a stationary queue.
 *   - c ≤ 1 (a fraction of one core, time-sliced: processor sharing / M/M/1): mean response time
 *     `T = (1/μ) / (1 − ρ)`. Worked example: μ = 250 rps, λ = 200 rps → ρ = 0.8, T = 4 ms / 0.2 = 20 ms.
 *   - c > 1 (several cores, M/M/c): Sakasegawa's approximation of the mean wait,
 *     `Wq = S · ρ^(√(2(c+1)) − 1) / (c (1 − ρ))`, and `T = S + Wq`. At c = 1 it equals the M/M/1 formula.
 *   - ρ is capped at 0.98 (T ≤ 50× the service time) so the stationary part stays finite; sustained overload
 *     shows up as backlog instead.
 *   - Response time is exponential with mean T (exact for M/M/1 FCFS, an approximation otherwise), shifted by a
 *     fixed offset (base latency not on this CPU + backlog wait): `p_q = offset + T · ln(1 / (1 − q))`,
 *     so p50 = offset + 0.69 T, p95 = offset + 3.0 T, p99 = offset + 4.6 T.
 *   - Concurrency limit L: the M/M/1 probability that L or more requests are in the pod, `ρ^L`, is rejected
 *     (HTTP 503, cause `overload`).
 *   - Timeouts: the exponential tail beyond the timeout, `exp(−(timeout − offset) / T)`, fails (cause `timeout`).
 *
 * Beyond capacity (λ > μ) or with a backlog: a fluid FIFO queue over the tick. The backlog Q grows at λ − μ (or
 * drains at μ − λ). A request arriving when Q has reached `Qcap = min(L, μ · waitBudget)` fails: at L it is
 * rejected at once (`overload`), at μ · waitBudget it could not be answered before its deadline (`timeout`),
 * whichever bound is lower. The fate of each request is decided when it arrives (FIFO, constant μ within a tick),
 * so every tick's requests are counted served or failed in that tick; the CPU for them is spent as the backlog
 * drains (`processed`). The backlog adds its mean wait `(Q0 + Q1) / 2 / μ` to the offset.
 *
 * Deadline-aware admission. A request admitted behind Q waits Q / μ, then takes the exponential part (mean T; with
 * a backlog ρ is at its cap, so T = T_sat = the stationary T at ρ = 0.98, the largest it gets). The server admits
 * it only if it would still answer within its deadline 99 times in 100:
 *
 *     waitBudget = timeout − baseLatency − T_sat · ln 100          (0 when negative)
 *
 * So in sustained overload the queue settles at Qcap, the pod spends all its CPU on requests that make their
 * deadline, and goodput stays at ≈ 0.99 μ; only the excess λ − μ fails. (Admitting up to μ · timeout instead put
 * every admitted request's mean response at the timeout, and nearly all of them failed although the CPU served
 * μ: goodput collapsed.) Worked example: 500m limit, 20m base CPU, 5m per request, 3 s timeout, 1 ms base latency
 * → μ = 480 / 5 = 96 rps, T_sat = (1/96 s) / 0.02 = 0.521 s, waitBudget = 3 − 0.001 − 0.521 · 4.605 = 0.600 s,
 * Qcap = 57.6 requests. At λ = 100 rps the backlog fills in 57.6 / 4 = 14.4 s; then each second 96 requests are
 * admitted, 4 fail as timeouts, and of the admitted the tail beyond the deadline, e^(−ln 100) = 1 %, times out:
 * 95.0 requests served per second (95 % availability), p99 of the served ≈ the 3 s timeout.
 * With a 30 s timeout the budget is 27.6 s: a 10 s burst at 2 μ queues 10 s of work and is all served later.
 *
 * ## Assumptions
 * - Poisson arrivals, exponential service; a deterministic fluid queue above saturation. No retries.
 * - Deadline propagation: a request whose deadline would pass before it could be answered is dropped when it
 *   arrives at a full queue, so it costs no CPU and calls no dependency. Requests in the exponential tail beyond the timeout did run
 *   (their CPU is spent) but count as timeouts.
 * - CFS throttling is reflected as capacity (the limit caps `allocMillis`), not as extra latency from the
 *   100 ms quota period.
 * - Probes go through the same queue as requests: an overloaded pod answers probes slowly.
 */
import { resized } from '../engine/arrays.ts';

const LN2 = Math.log(2);
const LN20 = Math.log(20);
const LN100 = Math.log(100);

/** ρ cap of the stationary part (T ≤ 50 × service time). */
export const RHO_MAX = 0.98;

/** Inputs of {@link stepQueue}; reused across calls to stay allocation-free. */
export interface QueueInput {
  /** Arrival rate to this pod in the tick, requests/second. */
  arrivalRps: number;
  /** CPU available for requests (after base and start-up overhead), millicores. */
  workMillis: number;
  /** CPU time per request, millicore-seconds. */
  cpuPerRequestMillis: number;
  /** Backlog at the start of the tick, requests. */
  backlog: number;
  /** Tick length, seconds. */
  dtS: number;
  /** In-flight cap; Infinity for none. */
  concurrencyLimit: number;
  timeoutMs: number;
  baseLatencyMs: number;
}

/** Outputs of {@link stepQueue}; the caller owns and reuses the object. Fractions are of arrivals. */
export interface QueueOutput {
  /** Capacity μ, requests/second (Infinity when requests cost no CPU). */
  capacityRps: number;
  /** Requests completed in the tick (backlog and new), for CPU accounting. */
  processed: number;
  /** Backlog at the end of the tick, requests. */
  backlog: number;
  /** Fraction of arrivals rejected for the concurrency limit. */
  overloadFraction: number;
  /** Fraction of arrivals failed by timeout. */
  timeoutFraction: number;
  /**
   * Fraction of arrivals the pod runs: not dropped at the queue cap nor rejected by the concurrency limit. Only
   * these spend CPU and call the pod's dependencies (a late one in the timeout tail still counts as a timeout).
   */
  admittedFraction: number;
  /** Fixed part of the response time: base latency + backlog wait, ms. */
  offsetMs: number;
  /** Mean of the exponential part of the response time, ms. */
  meanExpMs: number;
  /** Mean in-flight requests (backlog + in service), for memory. */
  inflight: number;
  /** Latency a probe sent at the end of the tick would see, ms (Infinity when it would be rejected). */
  probeLatencyMs: number;
}

/** A fresh output object for {@link stepQueue}. */
export function newQueueOutput(): QueueOutput {
  return { capacityRps: 0, processed: 0, backlog: 0, overloadFraction: 0, timeoutFraction: 0, admittedFraction: 1, offsetMs: 0, meanExpMs: 0, inflight: 0, probeLatencyMs: 0 };
}

/**
 * Mean response time (seconds) of the stationary queue: M/M/1 below one core, Sakasegawa's M/M/c above.
 * `serviceS` is the single-request CPU time on one core; `cores` the CPU available for requests.
 */
export function stationaryResponseS(rho: number, serviceS: number, cores: number): number {
  const r = rho < RHO_MAX ? (rho > 0 ? rho : 0) : RHO_MAX;
  if (cores <= 1) return serviceS / cores / (1 - r);
  const wq = (serviceS * Math.pow(r, Math.sqrt(2 * (cores + 1)) - 1)) / (cores * (1 - r));
  return serviceS + wq;
}

/** Advances one pod's queue by one tick. See the module comment for the formulas. */
export function stepQueue(inp: QueueInput, out: QueueOutput): void {
  const { arrivalRps: lambda, dtS, concurrencyLimit: limit, timeoutMs, baseLatencyMs } = inp;
  const q0 = inp.backlog;
  const arrivals = lambda * dtS;
  const mu = inp.cpuPerRequestMillis > 0 ? inp.workMillis / inp.cpuPerRequestMillis : Infinity;
  out.capacityRps = mu;
  const serviceS = inp.cpuPerRequestMillis / 1000;
  const cores = inp.workMillis / 1000;

  // Deadline-aware admission (module comment): admit behind a backlog only while the wait leaves room for the
  // exponential part's p99 at saturation, so admitted requests make their deadline and goodput stays ≈ μ.
  const satMeanS = mu === Infinity ? serviceS : mu > 0 ? stationaryResponseS(RHO_MAX, serviceS, cores) : Infinity;
  const waitBudgetS = (timeoutMs - baseLatencyMs) / 1000 - satMeanS * LN100;
  const qTimeout = waitBudgetS > 0 ? mu * waitBudgetS : 0;
  const qCap = limit < qTimeout ? limit : qTimeout;
  const capIsLimit = limit <= qTimeout;

  // Fluid FIFO queue: how many arrivals are admitted, and the backlog at the end of the tick.
  let accepted: number;
  let q1: number;
  if (mu <= 0) {
    accepted = 0;
    q1 = q0;
  } else if (q0 > qCap) {
    // Capacity dropped below the backlog: admit nothing until the queue drains to the cap.
    const drainS = (q0 - qCap) / mu;
    if (drainS >= dtS) {
      accepted = 0;
      q1 = q0 - mu * dtS;
    } else {
      const rest = dtS - drainS;
      if (lambda > mu) {
        accepted = mu * rest;
        q1 = qCap;
      } else {
        accepted = lambda * rest;
        q1 = Math.max(0, qCap - (mu - lambda) * rest);
      }
    }
  } else if (lambda > mu) {
    const fillS = (qCap - q0) / (lambda - mu);
    if (fillS >= dtS) {
      accepted = arrivals;
      q1 = q0 + (lambda - mu) * dtS;
    } else {
      accepted = lambda * fillS + mu * (dtS - fillS);
      q1 = qCap;
    }
  } else {
    accepted = arrivals;
    q1 = mu === Infinity ? 0 : Math.max(0, q0 - (mu - lambda) * dtS);
  }
  if (accepted > arrivals) accepted = arrivals;
  const rejectedAtCap = arrivals - accepted;
  out.processed = q0 + accepted - q1;
  out.backlog = q1;

  // Stationary part for the admitted requests.
  let meanExpS = 0;
  let rho = 0;
  // Unbounded capacity (no CPU cap known, or free requests): no queueing, only the request's own CPU time.
  if (mu === Infinity) meanExpS = serviceS;
  else if (mu <= 0) meanExpS = Infinity;
  else {
    rho = q1 > 0 ? RHO_MAX : accepted / dtS / mu;
    meanExpS = stationaryResponseS(rho, serviceS, cores);
  }
  const backlogWaitS = mu > 0 && mu !== Infinity ? (q0 + q1) / 2 / mu : 0;
  const offsetMs = baseLatencyMs + backlogWaitS * 1000;
  const meanExpMs = meanExpS * 1000;
  out.offsetMs = offsetMs;
  out.meanExpMs = meanExpMs;

  // Fractions of arrivals, in the order: rejected at the cap, concurrency tail, timeout tail.
  let overload = 0;
  let timeout = 0;
  let ran = 1;
  if (arrivals > 0) {
    const capShare = rejectedAtCap / arrivals;
    if (mu <= 0) {
      timeout = 1;
      ran = 0;
    } else {
      if (capIsLimit) overload = capShare;
      else timeout = capShare;
      const admitted = 1 - capShare;
      const overloadTail = limit !== Infinity && rho > 0 ? Math.pow(rho < RHO_MAX ? rho : RHO_MAX, limit) : 0;
      overload += admitted * overloadTail;
      const left = admitted * (1 - overloadTail);
      ran = left;
      const slackMs = timeoutMs - offsetMs;
      // Beyond 40 means the tail is below 5e-18 of the requests: skip the exp (the hot path at low load).
      const timeoutTail = slackMs <= 0 ? 1 : meanExpMs > 0 && slackMs < 40 * meanExpMs ? Math.exp(-slackMs / meanExpMs) : 0;
      timeout += left * timeoutTail;
    }
  }
  out.overloadFraction = overload;
  out.timeoutFraction = timeout;
  out.admittedFraction = ran;

  const inflight = q1 + (meanExpS === Infinity ? 0 : (accepted / dtS) * meanExpS);
  out.inflight = inflight < limit ? inflight : limit;
  if (mu <= 0 || q1 >= limit) out.probeLatencyMs = Infinity;
  else out.probeLatencyMs = baseLatencyMs + (mu === Infinity ? 0 : (q1 / mu) * 1000) + meanExpMs;
}

/**
 * A mixture's distinct (offset, mean) components with their weights summed, as {@link groupMixture} last left
 * them: entries `0 … count − 1` of `w`, `off` and `mean` (scratch grown as needed and reused across calls, so read
 * it before the next call), and `total`, the input weights summed in input order.
 */
export const mixtureGroups = { w: new Float64Array(16), off: new Float64Array(16), mean: new Float64Array(16), count: 0, total: 0 };

/**
 * Folds the `n` components with positive weight into {@link mixtureGroups}: components with the same offset and
 * mean add up (a Service's endpoints are mostly alike, and a few new or loaded ones differ), so what iterates over
 * the groups costs distinct components, not endpoints. Returns the group count.
 */
export function groupMixture(w: ArrayLike<number>, off: ArrayLike<number>, mean: ArrayLike<number>, n: number): number {
  const g = mixtureGroups;
  let k = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    if (!(wi > 0)) continue;
    total += wi;
    const o = off[i] as number;
    const m = mean[i] as number;
    let j = 0;
    while (j < k && (g.off[j] !== o || g.mean[j] !== m)) j++;
    if (j === k) {
      if (k === g.w.length) {
        g.w = resized(g.w, k * 2);
        g.off = resized(g.off, k * 2);
        g.mean = resized(g.mean, k * 2);
      }
      g.w[k] = 0;
      g.off[k] = o;
      g.mean[k] = m;
      k++;
    }
    g.w[j] = (g.w[j] as number) + wi;
  }
  g.count = k;
  g.total = total;
  return k;
}

/**
 * The q-quantile (ms) of a mixture of shifted exponentials: component i has weight `w[i]` (any scale), offset
 * `off[i]` ms and mean `mean[i]` ms. Solves `Σ w_i S_i(x) = (1 − q) Σ w_i` with `S_i(x) = min(1, e^{−(x−off_i)/mean_i})`
 * by Newton's method on the logarithm of the survival, kept inside a shrinking bracket (a step that would leave the
 * bracket bisects instead), to a relative precision of 1e-12; when every component is the same it uses the
 * closed form `off + mean · ln(1/(1−q))`. Components with zero weight are ignored; returns 0 for none.
 *
 * Why Newton on the logarithm: the log-survival of one shifted exponential is a straight line past its offset, and
 * the endpoints of a Service are nearly alike, so the iteration lands in two or three steps where 40 halvings took
 * 40; this runs three times per Service per tick. It starts from the weighted mean of the components' own quantiles,
 * and iterates over the distinct (offset, mean) pairs with their weights summed ({@link groupMixture}).
 */
export function mixtureQuantile(w: ArrayLike<number>, off: ArrayLike<number>, mean: ArrayLike<number>, n: number, q: number): number {
  groupMixture(w, off, mean, n);
  return groupedQuantile(q);
}

/**
 * {@link mixtureQuantile} of the mixture {@link groupMixture} last folded into {@link mixtureGroups}: several
 * quantiles (and the histogram's CDF) of one mixture then share one fold. The same value as `mixtureQuantile` on the
 * unfolded mixture: the bracket's ends are a minimum and a maximum over the components, which the distinct ones
 * share, and the total is the fold's, summed in input order.
 */
export function groupedQuantile(q: number): number {
  const g = mixtureGroups;
  const k = g.count;
  if (k === 0) return 0;
  const tailLog = q === 0.5 ? LN2 : q === 0.95 ? LN20 : q === 0.99 ? LN100 : Math.log(1 / (1 - q));
  if (k === 1) return (g.off[0] as number) + (g.mean[0] as number) * tailLog;
  let lo = Infinity;
  let hi = 0;
  for (let j = 0; j < k; j++) {
    const o = g.off[j] as number;
    if (o < lo) lo = o;
    const x = o + (g.mean[j] as number) * tailLog;
    if (x > hi) hi = x;
  }
  if (hi === Infinity) return Infinity;
  return solveMixtureQuantile(g.w, g.off, g.mean, k, g.total, lo, hi, q);
}

/** The Newton iteration of {@link mixtureQuantile} over distinct components, within the bracket [lo, hi]. */
function solveMixtureQuantile(
  w: Float64Array,
  off: Float64Array,
  mean: Float64Array,
  n: number,
  total: number,
  lo: number,
  hi: number,
  q: number,
): number {
  let guess = 0;
  const tailLog = q === 0.5 ? LN2 : q === 0.95 ? LN20 : q === 0.99 ? LN100 : Math.log(1 / (1 - q));
  for (let i = 0; i < n; i++) guess += w[i]! * (off[i]! + mean[i]! * tailLog);
  // The quantile lies in [lo, hi]: below every offset the survival is total; above every component's own quantile
  // it is below the target.
  const target = (1 - q) * total;
  const logTarget = Math.log(target);
  let x = guess / total;
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  for (let iter = 0; iter < 100; iter++) {
    // S(x) = Σ w_i S_i(x), decreasing in x; dS its derivative (0 below every offset).
    let sum = 0;
    let dS = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i] as number;
      if (!(wi > 0)) continue;
      const d = x - (off[i] as number);
      if (d <= 0) {
        sum += wi;
        continue;
      }
      const m = mean[i] as number;
      if (m > 0) {
        const si = wi * Math.exp(-d / m);
        sum += si;
        dS -= si / m;
      }
    }
    if (sum > target) lo = x;
    else if (sum < target) hi = x;
    else return x;
    // Newton on ln S(x) − ln target: the step is (ln S − ln target) · S / (−dS).
    const tolerance = 1e-12 * Math.max(1, Math.abs(x));
    let next = sum > 0 && dS < 0 ? x - ((Math.log(sum) - logTarget) * sum) / dS : Number.NaN;
    // Converged: the step is below the precision (checked before the bracket, which x itself may now bound).
    if (Math.abs(next - x) <= tolerance) return next;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (hi - lo <= tolerance) return next;
    x = next;
  }
  return x;
}
