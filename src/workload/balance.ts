/**
 * Load balancing: how a Service's request rate is split across its endpoints in one tick.
 *
 * Which endpoints: the READY ones (EndpointSlice `ready`). When a Service has no ready endpoint, kube-proxy falls
 * back to endpoints that are `serving` and terminating (KEP-1669, ProxyTerminatingEndpoints), so a rollout that
 * leaves only draining pods still answers. With none of either, every request fails (`noEndpoints`).
 *
 * How, among them (`BalancePolicy`):
 * - `random` — kube-proxy's iptables mode: each connection picks an endpoint uniformly at random, so the split is
 *   even in expectation. With `noise`, the tick's request count is split multinomially (normal approximation:
 *   `n_i = N p_i + √(N p_i (1 − p_i)) z_i`, clipped at 0 and rescaled to N), drawing from the seeded stream.
 * - `round-robin` — IPVS `rr`: an exactly even split.
 * - `least-requests` — Envoy/Istio LEAST_REQUEST: pods with more spare capacity get more. Fluid form: weight
 *   ∝ capacity / (1 + backlog) from the previous tick (pods without history weigh as the mean of the others).
 *
 * Weighted splits (canary traffic routing, set by the rollout controllers through `setWeights`): the Service's
 * rate is first split between pod sets by `weightPercent` (normalised by their sum); each set then balances over
 * its own endpoints. A set with weight but no usable endpoint fails its share (`noEndpoints`), as a mesh answers
 * "no healthy upstream". Pods outside every listed set get no traffic while weights are set. A weight with
 * `members` (a mesh subset: the pods a DestinationRule subset's labels select) takes the pods flagged there
 * instead of a pod set.
 *
 * Endpoints flagged in `excluded` (ejected by the mesh's outlier detection) take no new requests, as if not ready.
 */
import type { PodTable } from './pod-table.ts';

/** How a Service spreads requests over its endpoints. Default `random`. */
export type BalancePolicy = 'random' | 'round-robin' | 'least-requests';

/** The supported policies, for validation messages. */
export const BALANCE_POLICIES: readonly BalancePolicy[] = ['random', 'round-robin', 'least-requests'];

/** One traffic weight: pods whose `podSet` equals `podSet` get `weightPercent` of the Service's requests. */
export interface TrafficWeight {
  podSet: string;
  weightPercent: number;
  /** Per pod slot, 1 for the pods of this weight; when set it replaces the `podSet` test. */
  members?: ArrayLike<number>;
}

/** A uniform random source, e.g. `engine.rng('load')`. */
export interface BalanceRandom {
  next(): number;
}

/** Per-pod history that `least-requests` reads (the model's previous-tick arrays). */
export interface BalanceHistory {
  capacityRps: ArrayLike<number>;
  backlog: ArrayLike<number>;
}

/** Scratch buffers reused across calls; grown on demand. */
export class BalanceScratch {
  weight = new Float64Array(16);
  ensure(n: number): void {
    if (this.weight.length < n) this.weight = new Float64Array(Math.max(n, this.weight.length * 2));
  }
}

/** True if pod `p` may take new requests: alive, running and ready. */
function usableReady(pods: PodTable, p: number): boolean {
  return pods.alive[p] === 1 && pods.running[p] === 1 && pods.ready[p] === 1;
}

/** True if pod `p` is a terminating endpoint still serving (the fallback set). */
function usableServing(pods: PodTable, p: number): boolean {
  return pods.alive[p] === 1 && pods.running[p] === 1 && pods.serving[p] === 1;
}

/**
 * Splits `rps` over `endpoints` (pod slots). Writes endpoint k's rate into `out[outOffset + k]` (same order as
 * `endpoints`) and returns the rate that found no endpoint. `dtS` (tick seconds) sizes the multinomial noise.
 */
export function splitLoad(
  rps: number,
  endpoints: ArrayLike<number>,
  pods: PodTable,
  policy: BalancePolicy,
  weights: readonly TrafficWeight[] | undefined,
  history: BalanceHistory,
  out: Float64Array,
  outOffset: number,
  scratch: BalanceScratch,
  dtS: number,
  noise?: BalanceRandom,
  excluded?: ArrayLike<number>,
): number {
  const n = endpoints.length;
  for (let k = 0; k < n; k++) out[outOffset + k] = 0;
  if (rps <= 0) return 0;
  let anyReady = false;
  for (let k = 0; k < n && !anyReady; k++) anyReady = usableReady(pods, endpoints[k] as number);
  const base = anyReady ? usableReady : usableServing;
  const usable = excluded ? (t: PodTable, p: number) => excluded[p] !== 1 && base(t, p) : base;

  if (!weights || weights.length === 0) {
    return splitGroup(rps, endpoints, pods, usable, undefined, undefined, policy, history, out, outOffset, scratch, dtS, noise);
  }
  let totalWeight = 0;
  for (const w of weights) totalWeight += w.weightPercent > 0 ? w.weightPercent : 0;
  if (totalWeight <= 0) return rps;
  let lost = 0;
  for (const w of weights) {
    if (!(w.weightPercent > 0)) continue;
    lost += splitGroup((rps * w.weightPercent) / totalWeight, endpoints, pods, usable, w.podSet, w.members, policy, history, out, outOffset, scratch, dtS, noise);
  }
  return lost;
}

/**
 * Splits `rps` over the usable endpoints of one pod set (or of the `subset` mask, or all when both are undefined); adds
 * into `out`.
 */
function splitGroup(
  rps: number,
  endpoints: ArrayLike<number>,
  pods: PodTable,
  usable: (pods: PodTable, p: number) => boolean,
  podSet: string | undefined,
  subset: ArrayLike<number> | undefined,
  policy: BalancePolicy,
  history: BalanceHistory,
  out: Float64Array,
  outOffset: number,
  scratch: BalanceScratch,
  dtS: number,
  noise: BalanceRandom | undefined,
): number {
  const n = endpoints.length;
  scratch.ensure(n);
  const w = scratch.weight;
  let members = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = endpoints[k] as number;
    const ok = usable(pods, p) && (subset ? subset[p] === 1 : podSet === undefined || pods.podSet[p] === podSet);
    w[k] = ok ? 1 : 0;
    if (ok) members++;
  }
  if (members === 0) return rps;
  if (policy === 'least-requests') {
    // Capacity-weighted; pods with no history (new this tick) weigh as the mean of those with one.
    let known = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      if (w[k] === 0) continue;
      const p = endpoints[k] as number;
      const cap = history.capacityRps[p] as number;
      if (cap > 0 && Number.isFinite(cap)) {
        w[k] = cap / (1 + (history.backlog[p] as number));
        sum += w[k] as number;
        known++;
      } else w[k] = -1;
    }
    const fill = known > 0 ? sum / known : 1;
    for (let k = 0; k < n; k++) if (w[k] === -1) w[k] = fill;
  }
  for (let k = 0; k < n; k++) total += w[k] as number;

  if (policy === 'random' && noise && members > 1) {
    // Multinomial split of the tick's N requests, normal approximation; rescaled so the group total is exact.
    const count = rps * dtS;
    let noisyTotal = 0;
    for (let k = 0; k < n; k++) {
      const wk = w[k] as number;
      if (wk === 0) continue;
      const p = wk / total;
      const z = standardNormal(noise);
      const x = count * p + Math.sqrt(count * p * (1 - p)) * z;
      // A tiny floor instead of 0 keeps the member positive, so the rescale below never divides by zero.
      const floor = 1e-9 * count * p;
      w[k] = x > floor ? x : floor;
      noisyTotal += w[k] as number;
    }
    for (let k = 0; k < n; k++) out[outOffset + k] = (out[outOffset + k] as number) + (rps * (w[k] as number)) / noisyTotal;
    return 0;
  }
  for (let k = 0; k < n; k++) out[outOffset + k] = (out[outOffset + k] as number) + (rps * (w[k] as number)) / total;
  return 0;
}

/** A standard normal draw by Box–Muller, two uniforms per draw so the stream position is predictable. */
function standardNormal(rng: BalanceRandom): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
