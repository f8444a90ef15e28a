/**
 * The workload model's tick: traffic in, per-pod CPU/memory/backlog and per-Service outcomes out.
 *
 * The run loop calls {@link WorkloadModel.step} once per metric tick (e.g. every 10 s) with a {@link WorkloadView}:
 * the pod table, each Service's endpoints as pod slots, and each node's allocatable CPU. One step:
 *
 * 1. Pods that stopped, were removed or restarted since the last step lose their in-flight requests
 *    (`lostInflight` of the Service that last sent them traffic).
 * 2. Node CPU shares from the previous tick's demands (CFS weights = CPU requests): on a node whose pods want less
 *    than it has, each pod may use its previous demand plus a weight-proportional part of the spare; on a
 *    contended node, weighted max-min fair shares (water-filling). A pod's CPU cap is min(limit, share).
 * 3. Services in call-graph order (callers before callees; cycles broken by Service index, their back-edge calls
 *    arrive one tick later). A Service's offered rate is its profile plus the calls from callers' pods; the tick's
 *    request count is an integer (the fractional part carries to the next tick). The load balancer splits it over
 *    endpoints (`balance.ts`), each receiving pod runs its queue (`latency.ts`), and the requests the pod runs (not
 *    dropped at its queue cap nor rejected by its concurrency limit) call the Services its model names.
 * 4. Pods that got no traffic still run: base CPU, start-up burst, draining backlog.
 * 5. Services in reverse call-graph order (callees first): the per-endpoint fractions become integer counts per
 *    cause; a request whose dependency call fails fails too (`dependency`, probability
 *    `1 − Π_d P(all calls to d succeed)`); the callees' mean latency is added to the caller's latency;
 *    p50/p95/p99 are quantiles of the mixture of the endpoints' latency distributions, weighted by served requests.
 *    `perRequest = n + r` calls (0 ≤ r < 1) means n calls always and one more for a share r of requests, so
 *    `P(all succeed) = (1 − f)^n · (1 − r·f)` for a callee failure ratio f ({@link allCallsSucceed}).
 *
 * Network policy ({@link WorkloadView.reachability}, set when NetworkPolicies exist): the share of a pod's calls
 * to a Service that the network drops never reaches the callee; a request one of whose calls is dropped fails
 * with cause `networkPolicy` (probability `1 − Π_d P(no call to d dropped)`, same form), and so does the share of
 * a Service's external traffic its pods' ingress rules drop.
 *
 * Service mesh ({@link WorkloadView.mesh}, set when VirtualServices, HTTPRoutes or DestinationRules exist): a
 * Service's calls are retried by the caller's proxy in the same tick (retries re-split and re-run its endpoints:
 * real load), per-try and route timeouts cut slow attempts into 504s (`timeout`), and ejected endpoints take no
 * requests; the arithmetic is in `mesh.ts`. Outcomes are counted per request: `offered` and the causes below stay
 * request counts, `retried` counts the extra attempts.
 *
 * Conservation: for every Service and tick, `served + failedNoEndpoints + failedOverload + failedTimeout +
 * failedAppError + failedDependency + failedNetworkPolicy = offered`, in integers. `lostInflight` (requests counted served when they
 * arrived whose pod then died) is reported beside it, not inside it.
 *
 * Simplifications: a caller's timeout and probe latency count only its own queue, not the time it waits on its
 * callees; callee latency enters the caller's reported latency as the callees' mean; a pod behind several
 * Services books lost in-flight requests to the last Service that routed to it.
 *
 * All per-tick state is in typed arrays indexed by pod slot or Service index; a step allocates nothing unless the
 * pod table or an endpoint list grew.
 */
import type { AppModel } from './app-model.ts';
import { BalanceScratch, splitLoad, type BalanceHistory, type BalancePolicy, type BalanceRandom, type TrafficWeight } from './balance.ts';
import { groupedQuantile, groupMixture, newQueueOutput, stepQueue, type QueueInput } from './latency.ts';
import type { PodTable } from './pod-table.ts';
import { compileProfile, type ProfileSpec, type RateFn, type UniformStream } from './profiles.ts';
import type { RequestClass } from '../cluster/mesh-routes.ts';
import {
  attemptDurationMs,
  attemptsToRequests,
  breakerCapacityRps,
  exceedProbability,
  meanBackoffMs,
  retriableShare,
  type AttemptOutcome,
  type ServiceMeshPolicy,
} from './mesh.ts';

/** One Service the model routes traffic to. */
export interface ServiceConfig {
  /** Service name (as `namespace/name` or `name`); used as the `service` metric label. */
  name: string;
  /** External traffic: a profile spec or an already compiled function. Default none (only internal calls). */
  profile?: ProfileSpec | RateFn;
  /** Load-balancing policy. Default `random`. */
  balance?: BalancePolicy;
  /** With `random`, add multinomial noise to the split (draws from `rng`). Default false. */
  balanceNoise?: boolean;
  /** What the requests carry, for the mesh's route matches (`src/runtime/mesh.ts`). Default: all `GET /`. */
  requests?: readonly RequestClass[];
}

/** Construction options of {@link WorkloadModel}. */
export interface WorkloadModelOptions {
  services: readonly ServiceConfig[];
  /** Application models by `PodTable.modelKey`. More can be added with {@link WorkloadModel.addModel}. */
  models?: Readonly<Record<string, AppModel>>;
  /** The run's `engine.rng('load')`: profile noise seeds (at construction) and balancing noise (per step). */
  rng?: UniformStream & BalanceRandom;
}

/**
 * What NetworkPolicies let through, as fractions in [0, 1] (1: nothing dropped). The run loop computes them from
 * the policies and the endpoints (`src/runtime/network-reachability.ts`).
 */
export interface CallReachability {
  /** Share of the calls from the pod in `slot` to Service `service` that the network delivers. */
  allowed(slot: number, service: number): number;
  /** Share of Service `service`'s external traffic (its profile) that its pods' ingress admits. */
  externalAllowed(service: number): number;
}

/** What the run loop shows the model each tick. */
export interface WorkloadView {
  pods: PodTable;
  /** Endpoints of Service `serviceIndex` as pod slots, in a stable order (EndpointSlice order). */
  endpointsOf(serviceIndex: number): ArrayLike<number>;
  /** Allocatable CPU per node index, millicores; 0 or missing = unknown (no node cap). */
  nodeCpuMillis: ArrayLike<number>;
  /** NetworkPolicy reachability; absent: every call and every external request gets through. */
  reachability?: CallReachability;
  /** The service mesh's client-side policy per Service index; absent: plain kube-proxy balancing. */
  mesh?: MeshView;
}

/** What the mesh does to calls to each Service (`src/runtime/mesh.ts` builds it from the mesh objects). */
export interface MeshView {
  /** Policy of calls to Service `service`, or undefined when no mesh route or rule applies. */
  policyOf(service: number): ServiceMeshPolicy | undefined;
  /** Per pod slot, 1 for endpoints of Service `service` its outlier detection ejected; undefined: none. */
  ejectedOf(service: number): ArrayLike<number> | undefined;
}

/** Per-Service results of the last step: counts for the tick, rates in rps, latencies in ms. */
export interface ServiceResults {
  offered: Float64Array;
  served: Float64Array;
  failedNoEndpoints: Float64Array;
  failedOverload: Float64Array;
  failedTimeout: Float64Array;
  failedAppError: Float64Array;
  failedDependency: Float64Array;
  /** Requests failed because NetworkPolicy dropped them or one of their calls (the caller's connect timeout). */
  failedNetworkPolicy: Float64Array;
  lostInflight: Float64Array;
  /** Retry attempts the callers' proxies sent beyond the first attempts (mesh retries; 0 without a mesh). */
  retried: Float64Array;
  /** Endpoints the mesh's outlier detection holds ejected during the tick. */
  ejected: Float64Array;
  /**
   * Requests the callers' proxies failed at once because the destination's connection pool was full (Envoy's
   * circuit breaker, 503 with flag `UO`); a part of `failedOverload`, not an extra cause.
   */
  circuitBreakerOverflow: Float64Array;
  /** Retries the proxies did not send because `maxRetries` retries were outstanding (Envoy `upstream_rq_retry_overflow`). */
  retryOverflow: Float64Array;
  offeredRps: Float64Array;
  /** NaN when nothing was served in the tick. */
  latencyP50Ms: Float64Array;
  latencyP95Ms: Float64Array;
  latencyP99Ms: Float64Array;
  latencyMeanMs: Float64Array;
}

/** Per-pod results of the last step, indexed by pod slot. */
export interface PodResults {
  /** CPU used, millicores (≤ the CPU limit). */
  cpuUsageMillis: Float64Array;
  /** CPU wanted beyond the limit, millicores (the CFS quota's shortfall). */
  cpuThrottledMillis: Float64Array;
  memoryBytes: Float64Array;
  /** Mean requests in the pod (queued + in service). */
  inflight: Float64Array;
  /** Requests per second routed to the pod. */
  rps: Float64Array;
  /** Capacity μ, requests per second. */
  capacityRps: Float64Array;
  /** Queued requests at the end of the tick. */
  backlog: Float64Array;
  /** Latency of a probe sent now, ms (Infinity when the pod would not answer). */
  probeLatencyMs: Float64Array;
  /** Running totals since the pod's slot was (re)used, seconds: for `_total` counters. */
  cpuSecondsTotal: Float64Array;
  cpuThrottledSecondsTotal: Float64Array;
  /** Share of the requests the pod received in the tick that it answered with a 5xx (overload, own timeout, error). */
  errorFraction: Float64Array;
}

const LN2 = Math.log(2);
const LN20 = Math.log(20);
const LN100 = Math.log(100);

const POD_FIELDS = [
  'cpuUsageMillis', 'cpuThrottledMillis', 'memoryBytes', 'inflight', 'rps', 'capacityRps', 'backlog', 'probeLatencyMs',
  'cpuSecondsTotal', 'cpuThrottledSecondsTotal', 'errorFraction',
] as const;
const SVC_FIELDS = [
  'offered', 'served', 'failedNoEndpoints', 'failedOverload', 'failedTimeout', 'failedAppError', 'failedDependency',
  'failedNetworkPolicy', 'lostInflight', 'retried', 'ejected', 'circuitBreakerOverflow', 'retryOverflow', 'offeredRps', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'latencyMeanMs',
] as const;

/**
 * Sees each Service's latency mixture once per step, after its outcomes are counted: `w`, `off`, `mean` hold the
 * first `n` endpoints' served weights (requests), offsets and exponential means (ms), valid only during the call;
 * when `served` > 0, `mixtureGroups` (`latency.ts`) holds the same mixture folded by `groupMixture`.
 */
export interface LatencyObserver {
  observeLatency(serviceIndex: number, served: number, w: Float64Array, off: Float64Array, mean: Float64Array, n: number): void;
}

/** The per-tick traffic, resource and latency model. See the module comment. */
export class WorkloadModel {
  /** Where each Service's latency mixture goes every step (the latency histograms); none by default. */
  latencyObserver: LatencyObserver | undefined = undefined;

  /** Service names, by Service index. */
  readonly serviceNames: readonly string[];
  readonly services: ServiceResults;
  readonly pods: PodResults;
  /** Running totals per Service (requests): served, and failed per cause, for `_total` counters. */
  readonly totals: Pick<ServiceResults, 'offered' | 'served' | 'failedNoEndpoints' | 'failedOverload' | 'failedTimeout' | 'failedAppError' | 'failedDependency' | 'failedNetworkPolicy' | 'lostInflight' | 'retried' | 'circuitBreakerOverflow' | 'retryOverflow'>;

  private readonly serviceIdx = new Map<string, number>();
  private readonly rates: (RateFn | undefined)[];
  private readonly policies: BalancePolicy[];
  private readonly noisy: boolean[];
  private readonly weights: (readonly TrafficWeight[] | undefined)[];
  private readonly rng: (UniformStream & BalanceRandom) | undefined;

  private readonly modelList: AppModel[] = [];
  private readonly modelIdxByKey = new Map<string, number>();
  /** Per model: flat call targets (Service index) and calls per request. */
  private callTargets: number[][] = [];
  private callPer: number[][] = [];
  private anyCalls = false;

  // Per-Service scratch.
  private readonly carry: Float64Array;
  private readonly callRps: Float64Array;
  private readonly nextCallRps: Float64Array;
  private readonly processed: Uint8Array;
  private readonly unrouted: Float64Array;
  /** Per Service: external requests of the tick its pods' ingress dropped (integer). */
  private readonly droppedExternal: Float64Array;
  private reachability: CallReachability | undefined;
  private mesh: MeshView | undefined;
  /** Per Service: the mean wait a request spends in failed attempts and backoffs before its answer, ms. */
  private readonly retryDelayMs: Float64Array;
  private readonly attempt: AttemptOutcome = { overload: 0, appTimeout: 0, errorRate: 0, offsetMs: 0, meanMs: 0, appTimeoutMs: 0 };
  private readonly retryOut = { share: 0, latencyMs: 0 };
  private readonly causeScratch = new Float64Array(7);
  /** Per Service: first attempts of the tick its callers' circuit breaker overflowed (integer). */
  private readonly overflowFirst: Float64Array;
  /** Per Service: retry attempts of the tick the breaker overflowed, rps. */
  private readonly overflowRetryRps: Float64Array;
  private readonly failRatio: Float64Array;
  private readonly order: Int32Array;
  private readonly indegree: Int32Array;
  private readonly edgeMark: Int32Array;
  private readonly adjStart: Int32Array;
  private adj = new Int32Array(64);
  private shareStart: Int32Array;
  private share = new Float64Array(256);
  private latW = new Float64Array(64);
  private latOff = new Float64Array(64);
  private latMean = new Float64Array(64);

  // Per-pod state (grown with the pod table).
  private cap = 0;
  private seenGen = new Uint32Array(0);
  private seenStart = new Float64Array(0);
  private wasRunning = new Uint8Array(0);
  private modelIdx = new Int32Array(0);
  private owner = new Int32Array(0);
  private lambda = new Float64Array(0);
  private backlogStart = new Float64Array(0);
  private computedStamp = new Int32Array(0);
  private emittedCalls = new Float64Array(0);
  private overloadFrac = new Float64Array(0);
  private timeoutFrac = new Float64Array(0);
  private offsetMs = new Float64Array(0);
  private meanExpMs = new Float64Array(0);
  private demandMillis = new Float64Array(0);
  private shareMillis = new Float64Array(0);
  private nodeOrder = new Int32Array(0);
  private nodeStart = new Int32Array(0);

  private tick = 0;
  private nowMs = 0;
  private dtS = 0;
  private readonly scratch = new BalanceScratch();
  private readonly qIn: QueueInput = { arrivalRps: 0, workMillis: 0, cpuPerRequestMillis: 0, backlog: 0, dtS: 0, concurrencyLimit: Infinity, timeoutMs: 0, baseLatencyMs: 0 };
  private readonly qOut = newQueueOutput();
  /** What least-requests reads: last tick's capacity and the start-of-tick backlog (re-pointed when arrays grow). */
  private readonly history: BalanceHistory = { capacityRps: new Float64Array(0), backlog: new Float64Array(0) };

  constructor(opts: WorkloadModelOptions) {
    const n = opts.services.length;
    this.serviceNames = opts.services.map((s) => s.name);
    opts.services.forEach((s, i) => {
      if (this.serviceIdx.has(s.name)) throw new RangeError(`WorkloadModel: duplicate Service ${JSON.stringify(s.name)}`);
      this.serviceIdx.set(s.name, i);
    });
    this.rng = opts.rng;
    this.rates = opts.services.map((s) => (s.profile === undefined ? undefined : typeof s.profile === 'function' ? s.profile : compileProfile(s.profile, opts.rng)));
    this.policies = opts.services.map((s) => s.balance ?? 'random');
    this.noisy = opts.services.map((s) => s.balanceNoise === true);
    this.weights = new Array(n).fill(undefined);
    const f = (): Float64Array => new Float64Array(n);
    this.services = Object.fromEntries(SVC_FIELDS.map((k) => [k, f()])) as unknown as ServiceResults;
    this.totals = {
      offered: f(), served: f(), failedNoEndpoints: f(), failedOverload: f(), failedTimeout: f(), failedAppError: f(),
      failedDependency: f(), failedNetworkPolicy: f(), lostInflight: f(), retried: f(), circuitBreakerOverflow: f(), retryOverflow: f(),
    };
    this.pods = Object.fromEntries(POD_FIELDS.map((k) => [k, new Float64Array(0)])) as unknown as PodResults;
    this.carry = f();
    this.callRps = f();
    this.nextCallRps = f();
    this.unrouted = f();
    this.droppedExternal = f();
    this.retryDelayMs = f();
    this.overflowFirst = f();
    this.overflowRetryRps = f();
    this.failRatio = f();
    this.processed = new Uint8Array(n);
    this.order = new Int32Array(n);
    this.indegree = new Int32Array(n);
    this.edgeMark = new Int32Array(n);
    this.adjStart = new Int32Array(n + 1);
    this.shareStart = new Int32Array(n + 1);
    for (const [key, m] of Object.entries(opts.models ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) this.addModel(key, m);
  }

  /** Index of a Service by name; throws for an unknown name. */
  serviceIndex(name: string): number {
    const i = this.serviceIdx.get(name);
    if (i === undefined) throw new RangeError(`WorkloadModel: unknown Service ${JSON.stringify(name)}`);
    return i;
  }

  /** Registers (or replaces) the application model for a `PodTable.modelKey`. Its calls must name known Services. */
  addModel(key: string, model: AppModel): void {
    const targets = model.calls.map((c) => {
      const i = this.serviceIdx.get(c.service);
      if (i === undefined) throw new RangeError(`WorkloadModel: model ${JSON.stringify(key)} calls unknown Service ${JSON.stringify(c.service)}`);
      return i;
    });
    let idx = this.modelIdxByKey.get(key);
    if (idx === undefined) {
      idx = this.modelList.length;
      this.modelIdxByKey.set(key, idx);
      this.modelList.push(model);
    } else this.modelList[idx] = model;
    this.callTargets[idx] = targets;
    this.callPer[idx] = model.calls.map((c) => c.perRequest);
    this.anyCalls = this.callTargets.some((t) => t.length > 0);
  }

  /**
   * Sets traffic weights between pod sets for a Service (canary routing); `undefined` or `[]` clears them and the
   * Service balances over all its endpoints again.
   */
  setWeights(service: string, weights: readonly TrafficWeight[] | undefined): void {
    this.weights[this.serviceIndex(service)] = weights && weights.length > 0 ? weights.map((w) => ({ ...w })) : undefined;
  }

  /**
   * How long a probe sent to the pod now would take to be answered, ms (the kubelet compares it with the probe's
   * timeoutSeconds); Infinity when it would not be answered; 0 for a slot the model has not stepped yet.
   */
  probeLatencyMs(slot: number): number {
    return slot < this.cap ? (this.pods.probeLatencyMs[slot] as number) : 0;
  }

  /** True when the pod's working set exceeded its memory limit in the last step (the kubelet OOM-kills it). */
  memoryExceedsLimit(slot: number, pods: PodTable): boolean {
    const limit = pods.memoryLimitBytes[slot] as number;
    return slot < this.cap && limit > 0 && (this.pods.memoryBytes[slot] as number) > limit;
  }

  /** Advances the model over `[nowMs, nowMs + dtMs)`. */
  step(nowMs: number, dtMs: number, view: WorkloadView): void {
    if (!(dtMs > 0)) throw new RangeError(`WorkloadModel.step: dtMs must be positive, got ${dtMs}`);
    const pods = view.pods;
    this.ensurePods(pods.capacity);
    this.tick++;
    this.nowMs = nowMs;
    this.reachability = view.reachability;
    this.mesh = view.mesh;
    this.dtS = dtMs / 1000;
    this.collectLost(pods);
    this.computeNodeShares(view);
    this.computeOrder(view);
    this.routeAndRun(view);
    this.runIdlePods(pods);
    this.aggregate(view);
  }

  // -------------------------------------------------------------------------------------------------------------

  private ensurePods(n: number): void {
    if (n <= this.cap) return;
    const F = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const I = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    for (const k of POD_FIELDS) (this.pods as unknown as Record<string, Float64Array>)[k] = F(this.pods[k]);
    const gen = new Uint32Array(n);
    gen.set(this.seenGen);
    this.seenGen = gen;
    this.seenStart = F(this.seenStart);
    const was = new Uint8Array(n);
    was.set(this.wasRunning);
    this.wasRunning = was;
    this.modelIdx = I(this.modelIdx);
    this.owner = I(this.owner);
    this.lambda = F(this.lambda);
    this.backlogStart = F(this.backlogStart);
    this.computedStamp = I(this.computedStamp);
    this.emittedCalls = F(this.emittedCalls);
    this.overloadFrac = F(this.overloadFrac);
    this.timeoutFrac = F(this.timeoutFrac);
    this.offsetMs = F(this.offsetMs);
    this.meanExpMs = F(this.meanExpMs);
    this.demandMillis = F(this.demandMillis);
    this.shareMillis = F(this.shareMillis);
    this.nodeOrder = I(this.nodeOrder);
    this.history.capacityRps = this.pods.capacityRps;
    this.history.backlog = this.backlogStart;
    this.cap = n;
  }

  /** Step 1: detect pods that are new, gone, stopped or restarted; book lost in-flight requests. */
  private collectLost(pods: PodTable): void {
    const P = this.pods;
    const S = this.services;
    S.lostInflight.fill(0);
    for (let i = 0; i < pods.size; i++) {
      const alive = pods.alive[i] === 1;
      const gen = pods.generation[i] as number;
      const running = alive && pods.running[i] === 1;
      const isNew = alive && gen !== this.seenGen[i];
      const restarted = !isNew && alive && pods.startedAtMs[i] !== this.seenStart[i];
      const inflight = P.inflight[i] as number;
      if ((isNew || restarted || !running) && this.wasRunning[i] === 1 && inflight > 0) {
        const s = this.owner[i] as number;
        if (s >= 0) {
          const lost = Math.round(inflight);
          S.lostInflight[s] = (S.lostInflight[s] as number) + lost;
          this.totals.lostInflight[s] = (this.totals.lostInflight[s] as number) + lost;
        }
      }
      if (isNew || restarted || !running) {
        P.inflight[i] = 0;
        P.backlog[i] = 0;
        P.rps[i] = 0;
      }
      if (isNew) {
        this.seenGen[i] = gen;
        const mi = this.modelIdxByKey.get(pods.modelKey[i] as string);
        if (mi === undefined) throw new RangeError(`WorkloadModel: no application model for key ${JSON.stringify(pods.modelKey[i])} (pod ${pods.name[i]})`);
        this.modelIdx[i] = mi;
        this.owner[i] = -1;
        P.capacityRps[i] = 0;
        P.cpuSecondsTotal[i] = 0;
        P.cpuThrottledSecondsTotal[i] = 0;
        this.demandMillis[i] = 0;
      }
      if (alive) this.seenStart[i] = pods.startedAtMs[i] as number;
      this.wasRunning[i] = running ? 1 : 0;
      if (!running) {
        P.cpuUsageMillis[i] = 0;
        P.cpuThrottledMillis[i] = 0;
        P.memoryBytes[i] = 0;
        P.probeLatencyMs[i] = Infinity;
        this.demandMillis[i] = 0;
      }
      this.lambda[i] = 0;
      this.backlogStart[i] = P.backlog[i] as number;
    }
  }

  /**
   * Step 2: per-node CPU shares from last tick's demands. Weights are CPU requests (CFS shares; at least 2
   * millicores' worth, as the kernel's minimum of 2 shares). Worked example: a 1000m node, pods A (request 100m,
   * demand 800m) and B (request 300m, demand 600m): contended (1400 > 1000); fair split 250/750 → B wants only 600,
   * so B gets 600 and A the remaining 400.
   */
  private computeNodeShares(view: WorkloadView): void {
    const pods = view.pods;
    const nodes = view.nodeCpuMillis;
    const nNodes = nodes.length;
    if (this.nodeStart.length < nNodes + 2) this.nodeStart = new Int32Array(nNodes + 2);
    const start = this.nodeStart;
    start.fill(0);
    for (let i = 0; i < pods.size; i++) {
      this.shareMillis[i] = Infinity;
      if (pods.running[i] !== 1 || pods.alive[i] !== 1) continue;
      const ni = pods.nodeIndex[i] as number;
      if (ni >= 0 && ni < nNodes && (nodes[ni] as number) > 0) start[ni + 1] = (start[ni + 1] as number) + 1;
    }
    for (let k = 0; k < nNodes; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    // Counting sort of pods by node, stable in slot order; start[k] ends as the end of node k's range.
    for (let i = 0; i < pods.size; i++) {
      if (pods.running[i] !== 1 || pods.alive[i] !== 1) continue;
      const ni = pods.nodeIndex[i] as number;
      if (ni >= 0 && ni < nNodes && (nodes[ni] as number) > 0) {
        const pos = start[ni] as number;
        this.nodeOrder[pos] = i;
        start[ni] = pos + 1;
      }
    }
    let from = 0;
    for (let k = 0; k < nNodes; k++) {
      const to = start[k] as number;
      if (to > from) this.shareNode(pods, nodes[k] as number, from, to);
      from = to;
    }
  }

  private shareNode(pods: PodTable, capMillis: number, from: number, to: number): void {
    const order = this.nodeOrder;
    const demand = this.demandMillis;
    const share = this.shareMillis;
    let totalDemand = 0;
    let totalWeight = 0;
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      totalDemand += demand[i] as number;
      totalWeight += Math.max(2, pods.cpuRequestMillis[i] as number);
    }
    if (totalDemand <= capMillis) {
      const spare = capMillis - totalDemand;
      for (let k = from; k < to; k++) {
        const i = order[k] as number;
        share[i] = (demand[i] as number) + (spare * Math.max(2, pods.cpuRequestMillis[i] as number)) / totalWeight;
      }
      return;
    }
    // Water-filling: satisfied pods (demand ≤ fair share) get their demand; repeat on the rest.
    for (let k = from; k < to; k++) share[order[k] as number] = -1;
    let remaining = capMillis;
    let weight = totalWeight;
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = from; k < to; k++) {
        const i = order[k] as number;
        if ((share[i] as number) >= 0) continue;
        const w = Math.max(2, pods.cpuRequestMillis[i] as number);
        const d = demand[i] as number;
        if (d <= (remaining * w) / weight) {
          share[i] = d;
          remaining -= d;
          weight -= w;
          changed = true;
        }
      }
    }
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      if ((share[i] as number) < 0) share[i] = (remaining * Math.max(2, pods.cpuRequestMillis[i] as number)) / weight;
    }
  }

  /** Step 3a: callers before callees (Kahn's algorithm, ties by Service index; cycles appended by index). */
  private computeOrder(view: WorkloadView): void {
    const n = this.serviceNames.length;
    const order = this.order;
    if (!this.anyCalls) {
      for (let s = 0; s < n; s++) order[s] = s;
      return;
    }
    const pods = view.pods;
    const mark = this.edgeMark;
    const indeg = this.indegree;
    mark.fill(-1);
    indeg.fill(0);
    let e = 0;
    for (let s = 0; s < n; s++) {
      this.adjStart[s] = e;
      const eps = view.endpointsOf(s);
      for (let k = 0; k < eps.length; k++) {
        const p = eps[k] as number;
        if (pods.alive[p] !== 1) continue;
        const targets = this.callTargets[this.modelIdx[p] as number] as number[];
        for (const d of targets) {
          if (mark[d] === s || d === s) continue;
          mark[d] = s;
          if (e === this.adj.length) {
            const b = new Int32Array(e * 2);
            b.set(this.adj);
            this.adj = b;
          }
          this.adj[e++] = d;
          indeg[d] = (indeg[d] as number) + 1;
        }
      }
    }
    this.adjStart[n] = e;
    // Kahn with a min-index frontier kept implicitly: scan for the lowest ready index each round (n is small).
    const done = this.processed;
    done.fill(0);
    let count = 0;
    let progress = true;
    while (count < n && progress) {
      progress = false;
      for (let s = 0; s < n; s++) {
        if (done[s] || (indeg[s] as number) > 0) continue;
        done[s] = 1;
        order[count++] = s;
        progress = true;
        for (let j = this.adjStart[s] as number; j < (this.adjStart[s + 1] as number); j++) {
          const d = this.adj[j] as number;
          indeg[d] = (indeg[d] as number) - 1;
        }
        break;
      }
    }
    for (let s = 0; s < n; s++) if (!done[s]) order[count++] = s;
  }

  /** Step 3b: offered load, balancing, and each receiving pod's queue, in call-graph order. */
  private routeAndRun(view: WorkloadView): void {
    const n = this.serviceNames.length;
    const pods = view.pods;
    const S = this.services;
    const dtS = this.dtS;
    // Endpoint share offsets per Service.
    let total = 0;
    for (let s = 0; s < n; s++) {
      this.shareStart[s] = total;
      total += view.endpointsOf(s).length;
    }
    this.shareStart[n] = total;
    if (this.share.length < total) this.share = new Float64Array(Math.max(total, this.share.length * 2));
    // splitAndRun takes a Service's previous split of the tick back from its pods; there is none yet.
    this.share.fill(0, 0, total);
    this.callRps.set(this.nextCallRps);
    this.nextCallRps.fill(0);
    this.processed.fill(0);

    for (let o = 0; o < n; o++) {
      const s = this.order[o] as number;
      const rate = this.rates[s];
      const externalRps = rate ? rate(this.nowMs) : 0;
      const rps = externalRps + (this.callRps[s] as number);
      const exact = rps * dtS + (this.carry[s] as number);
      const offered = Math.floor(exact + 1e-9);
      this.carry[s] = exact - offered > 0 ? exact - offered : 0;
      S.offered[s] = offered;
      S.offeredRps[s] = rps;
      // External requests the entry pods' ingress drops never reach them (the client's connect times out).
      let dropped = 0;
      if (this.reachability && externalRps > 0) {
        dropped = Math.round((offered * externalRps * (1 - this.reachability.externalAllowed(s))) / rps);
      }
      this.droppedExternal[s] = dropped;
      const eps = view.endpointsOf(s);
      const policy = this.mesh?.policyOf(s);
      const ejected = this.mesh?.ejectedOf(s);
      let sent = offered - dropped;
      let capRps = Infinity;
      let retryCapRps = Infinity;
      this.overflowFirst[s] = 0;
      this.overflowRetryRps[s] = 0;
      S.retryOverflow[s] = 0;
      if (policy?.pool) {
        const limit = policy.pool.maxConcurrent * Math.max(1, this.callerProxies(s, pods, externalRps));
        const admitted = this.admitUnderBreaker(s, policy, limit, sent / dtS, pods, eps, ejected);
        const over = Math.round(sent - admitted * dtS);
        this.overflowFirst[s] = over;
        sent -= over;
        const attemptMs = this.attemptMs(s, policy, eps);
        capRps = over > 0 ? sent / dtS : breakerCapacityRps(limit, 1, attemptMs);
        retryCapRps = breakerCapacityRps(policy.pool.maxRetries * (limit / policy.pool.maxConcurrent), 1, attemptMs);
      }
      if (!policy?.pool) this.splitAndRun(s, sent / dtS, pods, eps, ejected);
      S.retried[s] = 0;
      this.retryDelayMs[s] = 0;
      if (policy?.retry && policy.retry.attempts > 0) this.retry(s, policy, sent / dtS, pods, eps, ejected, capRps, retryCapRps);
      let out = 0;
      if (ejected) for (let k = 0; k < eps.length; k++) out += ejected[eps[k] as number] === 1 ? 1 : 0;
      S.ejected[s] = out;
      this.processed[s] = 1;
    }
  }

  /**
   * The first-attempt rate, rps, Service `s`'s callers' circuit breakers let through in this tick: all of `rps`
   * when its attempts then keep at most `limit` outstanding (Little's law, `rate × attemptMs`), else the largest
   * rate that does, found by bisection on the endpoints' own response (a lighter load answers faster, which frees
   * slots: the breaker's feedback settles within the tick, as Envoy's does within milliseconds). Leaves the
   * endpoints run at the returned rate.
   */
  private admitUnderBreaker(s: number, policy: ServiceMeshPolicy, limit: number, rps: number, pods: PodTable, eps: ArrayLike<number>, ejected: ArrayLike<number> | undefined): number {
    const fits = (r: number): boolean => {
      this.splitAndRun(s, r, pods, eps, ejected);
      return (r * this.attemptMs(s, policy, eps)) / 1000 <= limit;
    };
    if (rps <= 0 || fits(rps)) return rps;
    let lo = 0;
    let hi = rps;
    // 20 halvings: within a millionth of the offered rate.
    for (let k = 0; k < 20; k++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    this.splitAndRun(s, lo, pods, eps, ejected);
    return lo;
  }

  /**
   * Calling proxies of Service `s` in this tick: the pods that ran with load and call it (callers run first, in
   * call-graph order), and one for external traffic (the client's or ingress gateway's proxy).
   */
  private callerProxies(s: number, pods: PodTable, externalRps: number): number {
    let n = externalRps > 0 ? 1 : 0;
    for (let i = 0; i < pods.size; i++) {
      if (pods.alive[i] !== 1 || this.computedStamp[i] !== this.tick || !((this.lambda[i] as number) > 0)) continue;
      if ((this.callTargets[this.modelIdx[i] as number] as number[]).includes(s)) n++;
    }
    return n;
  }

  /**
   * Mean time an attempt to Service `s` holds a breaker slot, ms, from its endpoints' last run weighted by their
   * load (see `attemptDurationMs`), plus the mean latency of the calls an admitted attempt makes; 0 without history.
   */
  private attemptMs(s: number, policy: ServiceMeshPolicy, eps: ArrayLike<number>): number {
    const perTryMs = policy.retry && policy.retry.attempts > 0 ? policy.retry.perTryTimeoutMs : 0;
    let sum = 0;
    let weight = 0;
    for (let k = 0; k < eps.length; k++) {
      const p = eps[k] as number;
      const w = this.pods.rps[p] as number;
      if (!(w > 0)) continue;
      const o = this.outcomeOf(p);
      let depMs = 0;
      const mi = this.modelIdx[p] as number;
      const targets = this.callTargets[mi] as number[];
      const per = this.callPer[mi] as number[];
      for (let c = 0; c < targets.length; c++) {
        const dm = this.services.latencyMeanMs[targets[c] as number] as number;
        if (dm === dm) depMs += (per[c] as number) * dm;
      }
      sum += w * (attemptDurationMs(o, perTryMs) + Math.max(0, 1 - o.overload - o.appTimeout) * depMs);
      weight += w;
    }
    return weight > 0 ? sum / weight : 0;
  }

  /** Splits `rps` for Service `s` over its endpoints (replacing its previous split of the tick) and runs them. */
  private splitAndRun(s: number, rps: number, pods: PodTable, eps: ArrayLike<number>, ejected: ArrayLike<number> | undefined): void {
    const base = this.shareStart[s] as number;
    for (let k = 0; k < eps.length; k++) {
      const x = this.share[base + k] as number;
      if (x > 0) this.lambda[eps[k] as number] = (this.lambda[eps[k] as number] as number) - x;
    }
    const noise = this.noisy[s] ? this.rng : undefined;
    const balance = this.mesh?.policyOf(s)?.balance ?? (this.policies[s] as BalancePolicy);
    this.unrouted[s] = splitLoad(rps, eps, pods, balance, this.weights[s], this.history, this.share, base, this.scratch, this.dtS, noise, ejected);
    for (let k = 0; k < eps.length; k++) {
      const x = this.share[base + k] as number;
      if (x <= 0) continue;
      const p = eps[k] as number;
      this.lambda[p] = (this.lambda[p] as number) + x;
      this.owner[p] = s;
    }
    for (let k = 0; k < eps.length; k++) if ((this.share[base + k] as number) > 0) this.runPod(pods, eps[k] as number);
  }

  /**
   * Mesh retries of Service `s` (see `mesh.ts`): each round sends the retriable share of the last round's attempts
   * again, re-splitting the grown total so the endpoints run it in this tick, until `attempts` rounds or nothing
   * is left to retry. Books the extra attempts and the mean wait they add to a request. Under a connection pool,
   * retries beyond `retryCapRps` outstanding are not sent (the request keeps its failed answer), and retries that
   * find the pool full (`capRps` attempts in all) overflow as 503 `UO` without another try: Envoy never retries an
   * overflow.
   */
  private retry(
    s: number,
    policy: ServiceMeshPolicy,
    firstRps: number,
    pods: PodTable,
    eps: ArrayLike<number>,
    ejected: ArrayLike<number> | undefined,
    capRps: number,
    retryCapRps: number,
  ): void {
    const r = policy.retry!;
    const base = this.shareStart[s] as number;
    let roundRps = firstRps;
    let totalRps = firstRps;
    let waitMs = 0;
    for (let k = 1; k <= r.attempts && firstRps > 0; k++) {
      let share = 0;
      let latency = 0;
      let sum = 0;
      for (let e = 0; e < eps.length; e++) {
        const x = this.share[base + e] as number;
        if (x <= 0) continue;
        const o = this.outcomeOf(eps[e] as number);
        retriableShare(o, r, this.retryOut);
        share += x * this.retryOut.share;
        latency += x * this.retryOut.latencyMs;
        sum += x;
      }
      if (sum <= 0) break;
      const f = share / sum;
      let next = roundRps * f;
      const retryRoom = Math.max(0, retryCapRps - (totalRps - firstRps));
      if (next > retryRoom) {
        this.services.retryOverflow[s] = (this.services.retryOverflow[s] as number) + (next - retryRoom) * this.dtS;
        next = retryRoom;
      }
      const room = Math.max(0, capRps - totalRps);
      if (next > room) {
        this.overflowRetryRps[s] = (this.overflowRetryRps[s] as number) + next - room;
        next = room;
      }
      if (next * this.dtS < 1e-9) break;
      // The wait of this round's failed attempts, then the backoff before the retry.
      waitMs += (roundRps * (latency / sum) + next * meanBackoffMs(k)) / firstRps;
      roundRps = next;
      totalRps += next;
      this.splitAndRun(s, totalRps, pods, eps, ejected);
    }
    this.services.retried[s] = Math.round((totalRps - firstRps) * this.dtS);
    this.totals.retried[s] = (this.totals.retried[s] as number) + (this.services.retried[s] as number);
    this.services.retryOverflow[s] = Math.round(this.services.retryOverflow[s] as number);
    this.totals.retryOverflow[s] = (this.totals.retryOverflow[s] as number) + (this.services.retryOverflow[s] as number);
    this.retryDelayMs[s] = waitMs;
  }

  /** The last run's attempt outcomes of the pod in `slot`. */
  private outcomeOf(slot: number): AttemptOutcome {
    const m = this.modelList[this.modelIdx[slot] as number] as AppModel;
    const o = this.attempt;
    o.overload = this.overloadFrac[slot] as number;
    o.appTimeout = this.timeoutFrac[slot] as number;
    o.errorRate = m.errorRate;
    o.offsetMs = this.offsetMs[slot] as number;
    o.meanMs = this.meanExpMs[slot] as number;
    o.appTimeoutMs = m.timeoutMs;
    return o;
  }

  /** Step 4: pods with no traffic this tick. */
  private runIdlePods(pods: PodTable): void {
    for (let i = 0; i < pods.size; i++) {
      if (pods.alive[i] === 1 && pods.running[i] === 1 && this.computedStamp[i] !== this.tick) this.runPod(pods, i);
    }
  }

  /** Runs (or re-runs, when a later Service added load) one pod's tick from its start-of-tick backlog. */
  private runPod(pods: PodTable, i: number): void {
    const P = this.pods;
    const mi = this.modelIdx[i] as number;
    const m = this.modelList[mi] as AppModel;
    const dtS = this.dtS;
    const lambda = this.lambda[i] as number;
    const q0 = this.backlogStart[i] as number;
    const uptimeMs = this.nowMs - (pods.startedAtMs[i] as number);
    const overhead = m.baseCpuMillis + (uptimeMs >= 0 && uptimeMs < m.startupBurstMs ? m.startupCpuBurstMillis : 0);
    const limit = pods.cpuLimitMillis[i] as number;
    const shareCap = this.shareMillis[i] as number;
    const capMillis = limit > 0 && limit < shareCap ? limit : shareCap;
    const demand = overhead + (lambda + q0 / dtS) * m.cpuPerRequestMillis;

    const qi = this.qIn;
    qi.arrivalRps = lambda;
    qi.workMillis = capMillis > overhead ? capMillis - overhead : 0;
    qi.cpuPerRequestMillis = m.cpuPerRequestMillis;
    qi.backlog = q0;
    qi.dtS = dtS;
    qi.concurrencyLimit = m.concurrencyLimit;
    qi.timeoutMs = m.timeoutMs;
    qi.baseLatencyMs = m.baseLatencyMs;
    const qo = this.qOut;
    stepQueue(qi, qo);

    const used = Math.min(capMillis, overhead + (qo.processed / dtS) * m.cpuPerRequestMillis);
    const throttled = limit > 0 && demand > limit ? demand - limit : 0;
    const first = this.computedStamp[i] !== this.tick;
    if (!first) {
      // Re-run: take back the totals booked by the earlier run of this tick.
      P.cpuSecondsTotal[i] = (P.cpuSecondsTotal[i] as number) - ((P.cpuUsageMillis[i] as number) / 1000) * dtS;
      P.cpuThrottledSecondsTotal[i] = (P.cpuThrottledSecondsTotal[i] as number) - ((P.cpuThrottledMillis[i] as number) / 1000) * dtS;
    } else this.emittedCalls[i] = 0;
    this.computedStamp[i] = this.tick;
    P.cpuUsageMillis[i] = used;
    P.cpuThrottledMillis[i] = throttled;
    P.cpuSecondsTotal[i] = (P.cpuSecondsTotal[i] as number) + (used / 1000) * dtS;
    P.cpuThrottledSecondsTotal[i] = (P.cpuThrottledSecondsTotal[i] as number) + (throttled / 1000) * dtS;
    this.demandMillis[i] = demand;
    P.rps[i] = lambda;
    P.capacityRps[i] = qo.capacityRps;
    P.backlog[i] = qo.backlog;
    P.inflight[i] = qo.inflight;
    P.probeLatencyMs[i] = qo.probeLatencyMs;
    const uptimeH = uptimeMs > 0 ? uptimeMs / 3_600_000 : 0;
    P.memoryBytes[i] = m.memoryBaseBytes + m.memoryPerInflightBytes * qo.inflight + m.memoryLeakBytesPerHour * uptimeH;
    this.overloadFrac[i] = qo.overloadFraction;
    this.timeoutFrac[i] = qo.timeoutFraction;
    const answered = 1 - qo.overloadFraction - qo.timeoutFraction;
    P.errorFraction[i] = lambda > 0 ? qo.overloadFraction + qo.timeoutFraction + (answered > 0 ? answered : 0) * m.errorRate : 0;
    this.offsetMs[i] = qo.offsetMs;
    this.meanExpMs[i] = qo.meanExpMs;

    // Requests the pod runs call its dependencies (those dropped at the queue cap or rejected never run); book
    // only the change.
    const targets = this.callTargets[mi] as number[];
    if (targets.length > 0) {
      const accepted = lambda * qo.admittedFraction;
      const delta = accepted - (this.emittedCalls[i] as number);
      this.emittedCalls[i] = accepted;
      const per = this.callPer[mi] as number[];
      const reach = this.reachability;
      for (let c = 0; c < targets.length; c++) {
        const d = targets[c] as number;
        // Calls the network drops never reach the callee.
        const add = delta * (per[c] as number) * (reach ? reach.allowed(i, d) : 1);
        if (this.processed[d]) this.nextCallRps[d] = (this.nextCallRps[d] as number) + add;
        else this.callRps[d] = (this.callRps[d] as number) + add;
      }
    }
  }

  /** Step 5: integer outcomes per cause, dependency failures and latency, callees first. */
  private aggregate(view: WorkloadView): void {
    const n = this.serviceNames.length;
    const S = this.services;
    const T = this.totals;
    const dtS = this.dtS;
    for (let o = n - 1; o >= 0; o--) {
      const s = this.order[o] as number;
      const eps = view.endpointsOf(s);
      const base = this.shareStart[s] as number;
      if (this.latW.length < eps.length) {
        const len = Math.max(eps.length, this.latW.length * 2);
        this.latW = new Float64Array(len);
        this.latOff = new Float64Array(len);
        this.latMean = new Float64Array(len);
      }
      let xOver = 0;
      let xTimeout = 0;
      let xErr = 0;
      let xDep = 0;
      let xNetpol = 0;
      let wSum = 0;
      let meanSum = 0;
      let homogeneous = true;
      let firstOff = 0;
      let firstMean = 0;
      const policy = this.mesh?.policyOf(s);
      const perTryMs = policy?.retry && policy.retry.attempts > 0 ? policy.retry.perTryTimeoutMs : 0;
      const routeTimeoutMs = policy ? policy.timeoutMs : 0;
      const waitMs = this.retryDelayMs[s] as number;
      for (let k = 0; k < eps.length; k++) {
        const a = (this.share[base + k] as number) * dtS;
        this.latW[k] = 0;
        if (a <= 0) continue;
        const p = eps[k] as number;
        const mi = this.modelIdx[p] as number;
        const m = this.modelList[mi] as AppModel;
        const fo = this.overloadFrac[p] as number;
        const ft = this.timeoutFrac[p] as number;
        let admitted = a * (1 - fo - ft > 0 ? 1 - fo - ft : 0);
        xOver += a * fo;
        xTimeout += a * ft;
        if (perTryMs > 0) {
          // The caller's proxy cuts attempts slower than the per-try timeout (504, retried if the policy says so).
          const cut = admitted * exceedProbability(perTryMs, this.offsetMs[p] as number, this.meanExpMs[p] as number);
          xTimeout += cut;
          admitted -= cut;
        }
        xErr += admitted * m.errorRate;
        const ok = admitted * (1 - m.errorRate);
        // Dependencies: the chance no call is dropped by the network, then that every delivered call succeeds,
        // and the callees' mean latency (sequential calls).
        let pDelivered = 1;
        let pOk = 1;
        let depLatencyMs = 0;
        const targets = this.callTargets[mi] as number[];
        const per = this.callPer[mi] as number[];
        const reach = this.reachability;
        for (let c = 0; c < targets.length; c++) {
          const d = targets[c] as number;
          const k2 = per[c] as number;
          if (reach) pDelivered *= allCallsSucceed(1 - reach.allowed(p, d), k2);
          pOk *= allCallsSucceed(this.failRatio[d] as number, k2);
          const dm = S.latencyMeanMs[d] as number;
          if (dm === dm) depLatencyMs += k2 * dm;
        }
        xNetpol += ok * (1 - pDelivered);
        xDep += ok * pDelivered * (1 - pOk);
        let w = ok * pDelivered * pOk;
        this.latOff[k] = (this.offsetMs[p] as number) + depLatencyMs + waitMs;
        this.latMean[k] = this.meanExpMs[p] as number;
        if (routeTimeoutMs > 0) {
          // The route timeout bounds the whole request, retries included: slower answers become 504s.
          const late = w * exceedProbability(routeTimeoutMs, this.latOff[k] as number, this.latMean[k] as number);
          xTimeout += late;
          w -= late;
        }
        this.latW[k] = w;
        if (w > 0) {
          const o = this.latOff[k] as number;
          const mm = this.latMean[k] as number;
          if (wSum === 0) {
            firstOff = o;
            firstMean = mm;
          } else if (o !== firstOff || mm !== firstMean) homogeneous = false;
        }
        wSum += w;
        meanSum += w * ((this.latOff[k] as number) + (this.latMean[k] as number));
      }
      const dropped = this.droppedExternal[s] as number;
      // Requests that reached the endpoints (or found none): the causes below share them.
      const overflowFirst = this.overflowFirst[s] as number;
      const requests = (S.offered[s] as number) - dropped - overflowFirst;
      // With mesh retries the endpoints' shares count attempts; they become request counts below.
      const retried = S.retried[s] as number;
      const offered = requests + retried;
      // Cumulative rounding keeps each cause an integer and their sum ≤ offered.
      let cum = (this.unrouted[s] as number) * dtS;
      const noEnd = Math.min(offered, Math.round(cum));
      cum += xOver;
      const c1 = Math.min(offered, Math.round(cum));
      cum += xTimeout;
      const c2 = Math.min(offered, Math.round(cum));
      cum += xErr;
      const c3 = Math.min(offered, Math.round(cum));
      cum += xDep;
      const c4 = Math.min(offered, Math.round(cum));
      cum += xNetpol;
      const c5 = Math.min(offered, Math.round(cum));
      let noEndpoints = noEnd;
      let over = c1 - noEnd;
      let tout = c2 - c1;
      let err = c3 - c2;
      let dep = c4 - c3;
      let netpol = c5 - c4;
      let served = offered - c5;
      const overflowRetry = Math.round((this.overflowRetryRps[s] as number) * dtS);
      let overflow = overflowFirst;
      if (retried > 0 || overflowRetry > 0) {
        const causes = this.causeScratch;
        causes[6] = overflowRetry;
        causes[0] = noEndpoints;
        causes[1] = over;
        causes[2] = tout;
        causes[3] = err;
        causes[4] = dep;
        causes[5] = netpol;
        served = attemptsToRequests(causes, served, requests);
        noEndpoints = causes[0] as number;
        over = causes[1] as number;
        tout = causes[2] as number;
        err = causes[3] as number;
        dep = causes[4] as number;
        netpol = causes[5] as number;
        overflow += causes[6] as number;
      }
      // Circuit-breaker overflows are 503 rejections, booked with the overloads they resemble to the caller.
      over += overflow;
      S.circuitBreakerOverflow[s] = overflow;
      netpol += dropped;
      S.failedNoEndpoints[s] = noEndpoints;
      S.failedOverload[s] = over;
      S.failedTimeout[s] = tout;
      S.failedAppError[s] = err;
      S.failedDependency[s] = dep;
      S.failedNetworkPolicy[s] = netpol;
      S.served[s] = served;
      const all = requests + dropped + overflowFirst;
      this.failRatio[s] = all > 0 ? (all - served) / all : 0;
      T.offered[s] = (T.offered[s] as number) + all;
      T.served[s] = (T.served[s] as number) + served;
      T.failedNoEndpoints[s] = (T.failedNoEndpoints[s] as number) + noEndpoints;
      T.failedOverload[s] = (T.failedOverload[s] as number) + over;
      T.failedTimeout[s] = (T.failedTimeout[s] as number) + tout;
      T.failedAppError[s] = (T.failedAppError[s] as number) + err;
      T.failedDependency[s] = (T.failedDependency[s] as number) + dep;
      T.failedNetworkPolicy[s] = (T.failedNetworkPolicy[s] as number) + netpol;
      T.circuitBreakerOverflow[s] = (T.circuitBreakerOverflow[s] as number) + overflow;
      let folded = false;
      if (wSum > 0) {
        S.latencyMeanMs[s] = meanSum / wSum;
        if (homogeneous) {
          // Every serving endpoint has the same distribution: the closed form, without the mixture solver.
          S.latencyP50Ms[s] = firstOff + firstMean * LN2;
          S.latencyP95Ms[s] = firstOff + firstMean * LN20;
          S.latencyP99Ms[s] = firstOff + firstMean * LN100;
        } else {
          // One fold of the mixture for the three quantiles and the histogram below.
          groupMixture(this.latW, this.latOff, this.latMean, eps.length);
          folded = true;
          S.latencyP50Ms[s] = groupedQuantile(0.5);
          S.latencyP95Ms[s] = groupedQuantile(0.95);
          S.latencyP99Ms[s] = groupedQuantile(0.99);
        }
        if (routeTimeoutMs > 0) {
          // Served requests all answered within the route timeout.
          S.latencyP50Ms[s] = Math.min(S.latencyP50Ms[s] as number, routeTimeoutMs);
          S.latencyP95Ms[s] = Math.min(S.latencyP95Ms[s] as number, routeTimeoutMs);
          S.latencyP99Ms[s] = Math.min(S.latencyP99Ms[s] as number, routeTimeoutMs);
          S.latencyMeanMs[s] = Math.min(S.latencyMeanMs[s] as number, routeTimeoutMs);
        }
      } else {
        S.latencyMeanMs[s] = NaN;
        S.latencyP50Ms[s] = NaN;
        S.latencyP95Ms[s] = NaN;
        S.latencyP99Ms[s] = NaN;
      }
      if (this.latencyObserver !== undefined) {
        if (!folded && served > 0) groupMixture(this.latW, this.latOff, this.latMean, eps.length);
        this.latencyObserver.observeLatency(s, served, this.latW, this.latOff, this.latMean, eps.length);
      }
    }
  }
}

/**
 * The chance that every one of `perRequest` calls succeeds when each fails with probability `failRatio`: a
 * request makes ⌊perRequest⌋ calls and, for the fractional share of requests, one more, so
 * `(1 − f)^⌊k⌋ · (1 − (k − ⌊k⌋)·f)`. With k = 0.05 and a callee that always fails, 95 % of requests succeed (they
 * never call it), where `(1 − f)^k` would fail them all.
 */
export function allCallsSucceed(failRatio: number, perRequest: number): number {
  if (failRatio <= 0) return 1;
  const n = Math.floor(perRequest);
  return Math.pow(1 - failRatio, n) * (1 - (perRequest - n) * failRatio);
}
