/**
 * The service mesh as the workload model sees it ({@link MeshView}): from the VirtualServices, DestinationRules and
 * HTTPRoutes in the store, each Service's client-side policy (retries, timeouts, load balancer), its weighted
 * subsets, and the endpoints Envoy's outlier detection holds ejected.
 *
 * Which traffic is meshed: Envoy applies a VirtualService in the calling pod's sidecar. kubesim decides per
 * destination Service: its VirtualService and DestinationRule apply to all its traffic when the Service is meshed —
 * its namespace is labelled for injection (`istio-injection=enabled` or `istio.io/rev`) or one of its endpoints'
 * pods runs an `istio-proxy` container (the injected sidecar) — and an HTTPRoute applies to the traffic of its
 * backends (the Gateway's or the GAMMA mesh's proxy routes it). docs/deviations.md, "Service mesh", lists what
 * differs from per-caller Envoy.
 *
 * Policies (see {@link meshPolicyFor}) are recomputed on first use after a mesh object, Namespace, Pod or endpoint
 * list changed ({@link MeshRouting.invalidate}). Outlier detection ({@link MeshRouting.afterStep}) runs after each
 * model step, as Envoy's detector does per host: a host whose answers include `consecutive5xxErrors` 5xx in a row
 * is ejected (a Poisson draw on the expected number of such runs in the tick, from the `mesh` random stream)
 * unless `maxEjectionPercent` of the hosts already are; at each `interval` sweep a host ejected for at least
 * `baseEjectionTime × its ejection count` (at most 300 s, Envoy's `max_ejection_time`) returns.
 */
import type { Namespace } from 'kubernetes-types/core/v1';
import type { DestinationRuleSpec, HTTPRouteSpec, IstioHTTPRetry, VirtualServiceSpec } from '../api/mesh.ts';
import { labelSelectorAsSelector, type Labels } from '../api/selector.ts';
import {
  DEFAULT_REQUEST,
  destinationRuleFor,
  resolveHost,
  selectGatewayRule,
  selectIstioRoute,
  serviceFQDN,
  virtualServiceFor,
  type MeshObject,
  type MeshRequest,
  type RequestClass,
} from '../cluster/mesh-routes.ts';
import { parseDuration } from '../engine/duration.ts';
import type { MetricsRecorder } from '../record/metrics.ts';
import type { DecisionLog } from '../record/decisions.ts';
import type { BalancePolicy, TrafficWeight } from '../workload/balance.ts';
import { formatLe, ISTIO_DURATION_BUCKETS_MS, LatencyHistograms, type HistogramObserver } from '../workload/histogram.ts';
import { connectionPoolLimits, expectedFailureRuns, ISTIO_DEFAULT_RETRY, retryFlags, type MeshRetry, type ServiceMeshPolicy } from '../workload/mesh.ts';
import type { MeshView, WorkloadModel } from '../workload/model.ts';
import { serviceObject, type ReachabilitySource } from './network-reachability.ts';

/** Istio's `retryOn` when a route sets `retries` without it: the default policy's conditions and its 503. */
const ISTIO_DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503';

/** Envoy's `max_ejection_time` default, ms. */
const MAX_EJECTION_TIME_MS = 300_000;

/** Outlier detection settings with Istio's defaults filled in. */
export interface OutlierSpec {
  /** Default 5; 0 disables. */
  consecutive5xxErrors: number;
  /** Default 10 s. */
  intervalMs: number;
  /** Default 30 s. */
  baseEjectionTimeMs: number;
  /** Default 10. */
  maxEjectionPercent: number;
  /** Default 0 (Envoy's healthy panic threshold). */
  minHealthPercent: number;
}

/** One weighted destination of the chosen route: a subset's labels (undefined: every endpoint). */
export interface SubsetWeight {
  subset: string | undefined;
  /** Labels the subset selects pods by; undefined when the subset is not defined (its share finds no endpoint). */
  labels: Labels | undefined;
  weight: number;
}

/** Everything the mesh does to one Service, and what it came from (for views and decisions). */
export interface ServiceMesh {
  policy: ServiceMeshPolicy;
  /** Weighted subsets of the route; undefined when the route sends everything to the Service as a whole. */
  subsets: SubsetWeight[] | undefined;
  outlier: OutlierSpec | undefined;
  /** `VirtualService ns/name route <name|#i>`, `HTTPRoute ns/name rule #i`, and `DestinationRule ns/name`. */
  sources: string[];
}

/** The mesh objects of a cluster, for {@link meshPolicyFor}. */
export interface MeshObjects {
  virtualServices: readonly MeshObject<VirtualServiceSpec>[];
  destinationRules: readonly MeshObject<DestinationRuleSpec>[];
  httpRoutes: readonly MeshObject<HTTPRouteSpec>[];
}

const LB: Readonly<Record<string, BalancePolicy>> = { ROUND_ROBIN: 'round-robin', LEAST_REQUEST: 'least-requests', LEAST_CONN: 'least-requests', RANDOM: 'random' };

const ms = (d: string | undefined): number => (d === undefined ? 0 : parseDuration(d));

/** Istio `ConvertPolicy`: no `retries` is the default policy, `attempts: 0` none, else the given one. */
export function istioRetry(r: IstioHTTPRetry | undefined): MeshRetry | undefined {
  if (r === undefined) return ISTIO_DEFAULT_RETRY;
  const attempts = r.attempts ?? 0;
  if (attempts <= 0) return undefined;
  return retryFlags(r.retryOn ?? ISTIO_DEFAULT_RETRY_ON, attempts, ms(r.perTryTimeout));
}

/**
 * The mesh's treatment of calls to Service `namespace/name` (`meshed`: its traffic passes sidecars), or undefined
 * when nothing applies. A VirtualService (meshed only) wins over HTTPRoutes naming the Service as a backend.
 */
export function meshPolicyFor(objects: MeshObjects, namespace: string, name: string, meshed: boolean, req: MeshRequest = DEFAULT_REQUEST): ServiceMesh | undefined {
  const fqdn = serviceFQDN(namespace, name);
  const sources: string[] = [];
  let policy: ServiceMeshPolicy | undefined;
  let subsets: SubsetWeight[] | undefined;
  const dr = meshed ? destinationRuleFor(objects.destinationRules, fqdn) : undefined;
  const vs = meshed ? virtualServiceFor(objects.virtualServices, fqdn) : undefined;
  const i = vs ? selectIstioRoute(vs.spec.http ?? [], req) : -1;
  if (vs && i >= 0) {
    const route = vs.spec.http![i]!;
    sources.push(`VirtualService ${vs.namespace}/${vs.name} route ${route.name ?? `#${i}`}`);
    const retry = istioRetry(route.retries);
    policy = { timeoutMs: ms(route.timeout), ...(retry ? { retry } : {}) };
    const dests = (route.route ?? []).filter((d) => resolveHost(d.destination.host, vs.namespace) === fqdn);
    if (dests.some((d) => d.destination.subset !== undefined)) {
      subsets = dests.map((d) => {
        const subset = d.destination.subset;
        const def = subset === undefined ? undefined : dr?.spec.subsets?.find((s) => s.name === subset);
        return { subset, labels: subset === undefined ? {} : def ? (def.labels ?? {}) : undefined, weight: dests.length === 1 ? 100 : (d.weight ?? 0) };
      });
    }
  } else {
    const routes = objects.httpRoutes.filter((r) => (r.spec.rules ?? []).some((rule) => (rule.backendRefs ?? []).some((b) => (b.kind ?? 'Service') === 'Service' && b.name === name && (b.namespace ?? r.namespace) === namespace)));
    const m = routes.length > 0 ? selectGatewayRule(routes, req) : undefined;
    const rule = m?.route.spec.rules?.[m.ruleIndex];
    if (m && rule && (rule.backendRefs ?? []).some((b) => b.name === name)) {
      sources.push(`HTTPRoute ${m.route.namespace}/${m.route.name} rule #${m.ruleIndex}`);
      const request = ms(rule.timeouts?.request);
      const backend = ms(rule.timeouts?.backendRequest);
      const r = rule.retry;
      const retry = r && (r.attempts ?? 0) > 0 ? retryFlags(r.codes && r.codes.length > 0 ? r.codes.join(',') : ISTIO_DEFAULT_RETRY_ON, r.attempts!, backend) : undefined;
      // Without retries the backend timeout bounds the one attempt, as a route timeout would.
      const timeoutMs = retry ? request : Math.min(request || Infinity, backend || Infinity);
      policy = { timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 0, ...(retry ? { retry } : {}) };
    }
  }
  if (!policy && !dr && !meshed) return undefined;
  // Every meshed call has Istio's default retry policy, with or without a VirtualService.
  policy ??= { timeoutMs: 0, retry: ISTIO_DEFAULT_RETRY };
  let outlier: OutlierSpec | undefined;
  if (dr) {
    sources.push(`DestinationRule ${dr.namespace}/${dr.name}`);
    const tp = dr.spec.trafficPolicy;
    const simple = tp?.loadBalancer?.simple;
    // Istio's default for a meshed Service is LEAST_REQUEST.
    policy.balance = (simple && LB[simple]) || 'least-requests';
    const cp = tp?.connectionPool;
    if (cp && (cp.tcp?.maxConnections !== undefined || cp.http?.http1MaxPendingRequests !== undefined || cp.http?.http2MaxRequests !== undefined || cp.http?.maxRetries !== undefined)) {
      policy.pool = connectionPoolLimits({ ...cp.tcp, ...cp.http });
    }
    const od = tp?.outlierDetection;
    if (od) {
      outlier = {
        consecutive5xxErrors: od.consecutive5xxErrors ?? 5,
        intervalMs: od.interval ? parseDuration(od.interval) : 10_000,
        baseEjectionTimeMs: od.baseEjectionTime ? parseDuration(od.baseEjectionTime) : 30_000,
        maxEjectionPercent: od.maxEjectionPercent ?? 10,
        minHealthPercent: od.minHealthPercent ?? 0,
      };
    }
  } else if (meshed) policy.balance = 'least-requests';
  return { policy, subsets, outlier, sources };
}

/** The subset name kubesim gives the share of a request mix no route of the VirtualService matches. */
export const NO_ROUTE_SUBSET = '(no route)';

/**
 * The mesh's treatment of Service `namespace/name` under a request mix: each class is routed on its own
 * ({@link meshPolicyFor} with its request), and the Service's subset weights are the classes' shares of their
 * routes' weights summed per subset (a class routed to the Service as a whole counts for every endpoint, a class no
 * route of the VirtualService matches for no endpoint: Envoy's 404 `NR`). Timeout and retries are those of the
 * heaviest routed class (the first on a tie): one policy per destination (docs/deviations.md). Without a mix, or
 * when every class takes one route, this is {@link meshPolicyFor} of the default request.
 *
 * Worked example: classes 90 (no header) and 10 (`x-canary: true`), routes `x-canary: true → canary` and a
 * default `stable 100`: subsets stable 90 %, canary 10 %.
 */
export function meshPolicyForMix(objects: MeshObjects, namespace: string, name: string, meshed: boolean, mix?: readonly RequestClass[]): ServiceMesh | undefined {
  if (!mix || mix.length === 0) return meshPolicyFor(objects, namespace, name, meshed);
  let total = 0;
  for (const c of mix) total += c.weight;
  const vs = meshed ? virtualServiceFor(objects.virtualServices, serviceFQDN(namespace, name)) : undefined;
  const shares = new Map<string, SubsetWeight>();
  const sources: string[] = [];
  const routes = new Set<string>();
  let main: ServiceMesh | undefined;
  let mainWeight = 0;
  const add = (subset: string | undefined, labels: Labels | undefined, percent: number): void => {
    const key = subset ?? '';
    const w = shares.get(key);
    if (w) w.weight += percent;
    else shares.set(key, { subset, labels, weight: percent });
  };
  for (const c of mix) {
    const q = (100 * c.weight) / total;
    if (vs && selectIstioRoute(vs.spec.http ?? [], c.request) < 0) {
      add(NO_ROUTE_SUBSET, undefined, q);
      routes.add(NO_ROUTE_SUBSET);
      continue;
    }
    const m = meshPolicyFor(objects, namespace, name, meshed, c.request);
    routes.add(m?.sources[0] ?? '');
    for (const src of m?.sources ?? []) if (!sources.includes(src)) sources.push(src);
    if (m && c.weight > mainWeight) {
      main = m;
      mainWeight = c.weight;
    }
    const subsets = m?.subsets;
    let sum = 0;
    for (const w of subsets ?? []) sum += w.weight;
    if (subsets && sum > 0) for (const w of subsets) add(w.subset, w.labels, (q * w.weight) / sum);
    else add(undefined, {}, q);
  }
  main ??= meshPolicyFor(objects, namespace, name, meshed);
  if (!main) return undefined;
  // Every class on one route: that route's own subsets, as without a mix.
  if (routes.size === 1 && !routes.has(NO_ROUTE_SUBSET)) return main;
  return { ...main, subsets: [...shares.values()], sources };
}

/** What {@link MeshRouting} reads from the driver. */
export interface MeshSource extends ReachabilitySource {
  decisions: DecisionLog;
  /** The run's `engine.rng('mesh')`. */
  rng: { next(): number };
  /** The request mix of Service `service`'s traffic profile; undefined: every request is `GET /`. */
  requestsOf?(service: number): readonly RequestClass[] | undefined;
}

/** Per-Service outlier detector state, indexed by pod slot. */
interface Detector {
  ejectedAtMs: Float64Array;
  ejections: Int32Array;
  generation: Uint32Array;
  mask: Uint8Array;
  active: number;
  lastSweepMs: number;
}

const MESH_KINDS = ['VirtualService', 'DestinationRule', 'HTTPRoute'];

const ISTIO_BOUNDS_MS = Float64Array.from(ISTIO_DURATION_BUCKETS_MS);

export class MeshRouting implements MeshView, HistogramObserver {
  private dirty = true;
  private services: (ServiceMesh | undefined)[] = [];
  private weights: (TrafficWeight[] | undefined)[] = [];
  private readonly detectors = new Map<number, Detector>();
  private meshActive = false;
  private labels: Record<string, string>[] = [];
  /** `istio_request_duration_milliseconds` per Service, from the latency mixture the model observes. */
  private readonly durations: LatencyHistograms;
  /** Per Service: the histogram's series, buckets then `+Inf`, `_sum` and `_count` (a handle each: 22 points a tick). */
  private durationSeries: { push(tMs: number, value: number): void }[][] = [];
  /** The recorder the handles belong to. */
  private durationSink: MetricsRecorder | undefined;

  constructor(private readonly src: MeshSource) {
    this.durations = new LatencyHistograms(ISTIO_BOUNDS_MS, src.serviceNames.length, 1);
  }

  /** The served requests of a meshed Service enter its `istio_request_duration_milliseconds` histogram. */
  observeLatency(s: number, served: number, w: Float64Array, off: Float64Array, mean: Float64Array, n: number, meanMs: number): void {
    if (this.meshActive && this.services[s] !== undefined) this.durations.observe(s, served, w, off, mean, n, meanMs);
  }

  /** True while some VirtualService, DestinationRule or HTTPRoute exists, or a namespace is labelled for injection. */
  get active(): boolean {
    this.refresh();
    return this.meshActive;
  }

  /** A mesh object, Namespace, Pod or endpoint list changed: recompute on next use. */
  invalidate(): void {
    this.dirty = true;
  }

  /** The resolved mesh of each Service (undefined: none applies), recomputed if something changed. */
  meshOf(service: number): ServiceMesh | undefined {
    this.refresh();
    return this.services[service];
  }

  policyOf(service: number): ServiceMeshPolicy | undefined {
    return this.meshOf(service)?.policy;
  }

  ejectedOf(service: number): ArrayLike<number> | undefined {
    const d = this.detectors.get(service);
    if (!d || d.active === 0) return undefined;
    const o = this.services[service]?.outlier;
    const eps = this.src.endpointsOf(service);
    // Below minHealthPercent healthy hosts Envoy's panic mode balances over every host.
    if (o && eps.length > 0 && (100 * (eps.length - d.active)) / eps.length < o.minHealthPercent) return undefined;
    return d.mask;
  }

  /** The weights of the Service's subsets (pod masks by slot), or undefined when its route names no subset. */
  weightsOf(service: number): readonly TrafficWeight[] | undefined {
    this.refresh();
    return this.weights[service];
  }

  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const store = this.src.store;
    const read = <S>(kind: string): MeshObject<S>[] =>
      store.list<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string; creationTimestamp?: string }; spec?: S }>(kind).map((o) => ({
        namespace: o.metadata.namespace,
        name: o.metadata.name,
        createdAt: o.metadata.creationTimestamp ?? '',
        spec: (o.spec ?? {}) as S,
      }));
    const objects: MeshObjects = {
      virtualServices: read<VirtualServiceSpec>('VirtualService'),
      destinationRules: read<DestinationRuleSpec>('DestinationRule'),
      httpRoutes: read<HTTPRouteSpec>('HTTPRoute'),
    };
    const injected = new Set(
      store
        .list<Namespace>('Namespace')
        .filter((ns) => ns.metadata?.labels?.['istio-injection'] === 'enabled' || ns.metadata?.labels?.['istio.io/rev'] !== undefined)
        .map((ns) => ns.metadata!.name!),
    );
    this.meshActive = injected.size > 0 || MESH_KINDS.some((k) => store.list(k).length > 0);
    const n = this.src.serviceNames.length;
    this.services = new Array(n).fill(undefined);
    this.weights = new Array(n).fill(undefined);
    if (!this.meshActive) return;
    const table = this.src.table;
    for (let s = 0; s < n; s++) {
      const svc = serviceObject(store, this.src.serviceNames[s]!);
      if (!svc) continue;
      const ns = svc.metadata!.namespace!;
      const eps = this.src.endpointsOf(s);
      let meshed = injected.has(ns);
      for (let k = 0; k < eps.length && !meshed; k++) meshed = this.src.podAt(eps[k]!)?.spec?.containers?.some((c) => c.name === 'istio-proxy') === true;
      const mesh = meshPolicyForMix(objects, ns, svc.metadata!.name!, meshed, this.src.requestsOf?.(s));
      this.services[s] = mesh;
      if (!mesh?.subsets) continue;
      this.weights[s] = mesh.subsets.map((w) => {
        const members = new Uint8Array(table.capacity);
        if (w.labels) {
          const sel = labelSelectorAsSelector({ matchLabels: w.labels });
          for (let k = 0; k < eps.length; k++) {
            const pod = this.src.podAt(eps[k]!);
            if (pod && sel.matches(pod.metadata?.labels ?? {})) members[eps[k]!] = 1;
          }
        }
        return { podSet: w.subset ?? '', weightPercent: w.weight, members };
      });
    }
  }

  /**
   * Outlier detection after a model step of `dtMs` ending at `nowMs`: ejections from the tick's answers, and the
   * interval sweep's returns.
   */
  afterStep(model: WorkloadModel, nowMs: number, dtMs: number): void {
    this.refresh();
    const table = this.src.table;
    for (let s = 0; s < this.services.length; s++) {
      const o = this.services[s]?.outlier;
      if (!o || o.consecutive5xxErrors <= 0) {
        this.detectors.delete(s);
        continue;
      }
      let d = this.detectors.get(s);
      if (!d || d.mask.length < table.capacity) d = this.grow(s, d, table.capacity, nowMs);
      const eps = this.src.endpointsOf(s);
      const name = this.src.serviceNames[s]!;
      // Slots that now hold another pod, or left the Service, start over.
      d.active = 0;
      for (let k = 0; k < eps.length; k++) {
        const p = eps[k]!;
        if (d.generation[p] !== table.generation[p]) {
          d.generation[p] = table.generation[p]!;
          d.mask[p] = 0;
          d.ejections[p] = 0;
        }
        d.active += d.mask[p]!;
      }
      if (nowMs - d.lastSweepMs >= o.intervalMs) {
        d.lastSweepMs = nowMs - ((nowMs - d.lastSweepMs) % o.intervalMs);
        for (let k = 0; k < eps.length; k++) {
          const p = eps[k]!;
          if (d.mask[p] !== 1) continue;
          const ejectionMs = Math.min(o.baseEjectionTimeMs * d.ejections[p]!, Math.max(MAX_EJECTION_TIME_MS, o.baseEjectionTimeMs));
          if (ejectionMs <= nowMs - d.ejectedAtMs[p]!) {
            d.mask[p] = 0;
            d.active--;
            this.src.decisions.add('mesh', `Service/${name}`, `outlier detection returned ${table.name[p]} after ${ejectionMs / 1000}s`, { pod: table.name[p], ejections: d.ejections[p] });
          }
        }
      }
      for (let k = 0; k < eps.length; k++) {
        const p = eps[k]!;
        if (d.mask[p] === 1 || table.alive[p] !== 1) continue;
        const answered = model.pods.rps[p]! * (dtMs / 1000);
        const runs = expectedFailureRuns(model.pods.errorFraction[p]!, o.consecutive5xxErrors, answered);
        if (runs <= 0 || this.src.rng.next() >= 1 - Math.exp(-runs)) continue;
        // Envoy's ejectHost: only while fewer than maxEjectionPercent of the hosts are ejected.
        if ((100 * d.active) / eps.length >= o.maxEjectionPercent) continue;
        d.mask[p] = 1;
        d.active++;
        d.ejections[p] = d.ejections[p]! + 1;
        d.ejectedAtMs[p] = nowMs;
        this.src.decisions.add('mesh', `Service/${name}`, `outlier detection ejected ${table.name[p]}: ${o.consecutive5xxErrors} consecutive 5xx`, {
          pod: table.name[p],
          errorFraction: model.pods.errorFraction[p],
          ejections: d.ejections[p],
        });
      }
    }
  }

  private grow(s: number, d: Detector | undefined, cap: number, nowMs: number): Detector {
    const next: Detector = {
      ejectedAtMs: new Float64Array(cap),
      ejections: new Int32Array(cap),
      generation: new Uint32Array(cap),
      mask: new Uint8Array(cap),
      active: d?.active ?? 0,
      lastSweepMs: d?.lastSweepMs ?? nowMs,
    };
    if (d) {
      next.ejectedAtMs.set(d.ejectedAtMs);
      next.ejections.set(d.ejections);
      next.generation.set(d.generation);
      next.mask.set(d.mask);
    }
    this.detectors.set(s, next);
    return next;
  }

  /**
   * The mesh's series at `nowMs` for every meshed Service: `istio_requests_total` (Istio's standard metric, as the
   * calling proxy reports it: `reporter="source"`, `destination_service` the FQDN, `response_code`),
   * `kubesim_mesh_retries_total` and `kubesim_mesh_ejected_endpoints`; `istio_request_duration_milliseconds_*`;
   * and, for a Service with a connection pool, its refusals: `istio_requests_total{response_code="503",
   * response_flags="UO"}` (the plain 503 series then leaves them out), `envoy_cluster_upstream_rq_pending_overflow`
   * and `envoy_cluster_upstream_rq_retry_overflow`.
   */
  record(metrics: MetricsRecorder, nowMs: number, model: WorkloadModel): void {
    if (!this.meshActive) return;
    const T = model.totals;
    this.services.forEach((mesh, s) => {
      if (!mesh) return;
      const L = (this.labels[s] ??= this.istioLabels(s));
      const uo = T.circuitBreakerOverflow[s]!;
      const codes: [string, number][] = [
        ['200', T.served[s]!],
        ['500', T.failedAppError[s]! + T.failedDependency[s]!],
        ['503', T.failedOverload[s]! + T.failedNoEndpoints[s]! - uo],
        ['504', T.failedTimeout[s]! + T.failedNetworkPolicy[s]!],
      ];
      for (const [code, v] of codes) metrics.record('istio_requests_total', { ...L, response_code: code }, nowMs, v);
      if (mesh.policy.pool) {
        // The breaker's overflows: Envoy answers them itself, 503 with response flag UO, and counts them per cluster.
        const cluster = { cluster_name: this.clusterNameOf(s) };
        metrics.record('istio_requests_total', { ...L, response_code: '503', response_flags: 'UO' }, nowMs, uo);
        metrics.record('envoy_cluster_upstream_rq_pending_overflow', cluster, nowMs, uo);
        metrics.record('envoy_cluster_upstream_rq_retry_overflow', cluster, nowMs, T.retryOverflow[s]!);
      }
      this.recordDurations(metrics, nowMs, s, L);
      metrics.record('kubesim_mesh_retries_total', { service: model.serviceNames[s]! }, nowMs, T.retried[s]!);
      metrics.record('kubesim_mesh_ejected_endpoints', { service: model.serviceNames[s]! }, nowMs, model.services.ejected[s]!);
    });
  }

  /**
   * `istio_request_duration_milliseconds_bucket{le}`, `_sum` (ms) and `_count` of a Service's served requests
   * (`response_code="200"`), with Istio's labels, kept to a thousandth as the workload histograms are.
   */
  private recordDurations(metrics: MetricsRecorder, nowMs: number, s: number, L: Record<string, string>): void {
    const nb = ISTIO_BOUNDS_MS.length;
    if (metrics !== this.durationSink) {
      this.durationSink = metrics;
      this.durationSeries = [];
    }
    const out = (this.durationSeries[s] ??= [
      ...[...ISTIO_DURATION_BUCKETS_MS, Infinity].map((b) => metrics.series('istio_request_duration_milliseconds_bucket', { ...L, response_code: '200', le: formatLe(b) })),
      metrics.series('istio_request_duration_milliseconds_sum', { ...L, response_code: '200' }),
      metrics.series('istio_request_duration_milliseconds_count', { ...L, response_code: '200' }),
    ]);
    const base = s * (nb + 1);
    const B = this.durations.counts;
    for (let b = 0; b <= nb; b++) out[b]!.push(nowMs, Math.round((B[base + b] as number) * 1000) / 1000);
    out[nb + 1]!.push(nowMs, Math.round((this.durations.sums[s] as number) * 1000) / 1000);
    out[nb + 2]!.push(nowMs, B[base + nb] as number);
  }

  /** Envoy's outbound cluster of a Service as Istio names it: `outbound|<port>||<fqdn>`, the Service's first port. */
  private clusterNameOf(s: number): string {
    const svc = serviceObject(this.src.store, this.src.serviceNames[s]!);
    const ns = svc?.metadata?.namespace ?? 'default';
    const name = svc?.metadata?.name ?? this.src.serviceNames[s]!;
    return `outbound|${svc?.spec?.ports?.[0]?.port ?? 80}||${serviceFQDN(ns, name)}`;
  }

  private istioLabels(s: number): Record<string, string> {
    const svc = serviceObject(this.src.store, this.src.serviceNames[s]!);
    const ns = svc?.metadata?.namespace ?? 'default';
    const name = svc?.metadata?.name ?? this.src.serviceNames[s]!;
    return { reporter: 'source', destination_service: serviceFQDN(ns, name), destination_service_name: name, destination_service_namespace: ns };
  }
}
