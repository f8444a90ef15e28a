/**
 * The simulated ingress controller (ingress-nginx) between the scenario's Ingress traffic and the Services: every
 * tick it routes each `traffic[i].ingress` entry's requests by host and path through the Ingresses the store holds
 * now (`src/cluster/ingress-routes.ts`; re-read when an Ingress or IngressClass changes), hands the backend Service
 * the share it admits (`src/workload/ingress.ts`), and after the workload model's step records ingress-nginx's
 * series from the backend's outcome:
 *
 * | series                                                         | labels                                         |
 * |----------------------------------------------------------------|------------------------------------------------|
 * | `nginx_ingress_controller_requests`                            | controller_class, controller_namespace,        |
 * | `nginx_ingress_controller_request_duration_seconds_bucket`     | controller_pod, canary, host, ingress, method, |
 * | `nginx_ingress_controller_request_duration_seconds_sum/_count` | namespace, path, service, status (+ le)        |
 *
 * Counters are cumulative from the start of the run and appear once they count something, as a Prometheus client
 * exports a label set only after its first observation. The controller itself is not a pod on the simulated nodes.
 */
import type { Store } from '../cluster/store.ts';
import {
  buildIngressServers,
  routeIngressRequest,
  servedByController,
  type IngressClassObject,
  type IngressControllerClass,
  type IngressObject,
} from '../cluster/ingress-routes.ts';
import {
  admittedShare,
  fitShiftedExponential,
  INGRESS_NGINX_TIME_BUCKETS_S,
  shiftedExponentialCdf,
  statusShares,
  type IngressControllerModel,
} from '../workload/ingress.ts';
import { formatLe } from '../workload/histogram.ts';
import type { MetricSink } from '../workload/metrics.ts';
import type { WorkloadModel } from '../workload/model.ts';
import type { RateFn } from '../workload/profiles.ts';

/** One traffic entry that enters through the ingress controller. */
export interface IngressTrafficEntry {
  /** The request's Host header. */
  host: string;
  /** The request path. */
  path: string;
  /** Requests per second at a simulated time. */
  rate: RateFn;
}

/** The controller: its class, capacity and latency. */
export type IngressControllerConfig = IngressControllerClass & IngressControllerModel;

/** ingress-nginx's series names. */
export const INGRESS_NGINX_METRICS = Object.freeze({
  requests: 'nginx_ingress_controller_requests',
  durationBucket: 'nginx_ingress_controller_request_duration_seconds_bucket',
  durationSum: 'nginx_ingress_controller_request_duration_seconds_sum',
  durationCount: 'nginx_ingress_controller_request_duration_seconds_count',
});

/** The labels the Helm chart's controller carries on every series. */
const CONTROLLER_NAMESPACE = 'ingress-nginx';
const CONTROLLER_POD = 'ingress-nginx-controller';
const STATUSES = ['200', '500', '503', '504'] as const;

/** One route's requests over the run (see {@link IngressTraffic.routeTotals}). */
export interface IngressRouteTotals {
  ingress: string;
  namespace: string;
  /** The server (host) the requests landed on; `_` for the catch-all. */
  host: string;
  /** The Ingress path of the location; empty for the controller's default backend. */
  path: string;
  service: string;
  requests: number;
  /** Requests by HTTP status code. */
  byStatus: Record<string, number>;
}

interface Route {
  /** Backend Service index in the workload model; -1: the controller's default backend (404). */
  service: number;
  /** Labels without `status`. */
  labels: Record<string, string>;
}

/** Cumulative counts of one label set (route × status). */
interface Counter {
  labels: Readonly<Record<string, string>>;
  bucketLabels: readonly Readonly<Record<string, string>>[];
  count: number;
  sumS: number;
  buckets: Float64Array;
}

export class IngressTraffic {
  private routes: Route[] = [];
  private dirty = true;
  private store: Store | undefined;
  private rateAtMs = Number.NaN;
  private lastRecordMs = 0;
  /** Per entry at {@link rateAtMs}: offered and admitted requests per second. */
  private readonly offeredRps: Float64Array;
  private readonly admittedRps: Float64Array;
  private readonly counters = new Map<string, Counter>();
  /** Counter keys in first-observed order: series are recorded in a stable order. */
  private readonly order: string[] = [];

  constructor(
    private readonly entries: readonly IngressTrafficEntry[],
    private readonly controller: IngressControllerConfig,
    /** The workload model's index of a Service (`namespace`, `name`), undefined when it carries no traffic. */
    private readonly serviceIndex: (namespace: string, name: string) => number | undefined,
  ) {
    this.offeredRps = new Float64Array(entries.length);
    this.admittedRps = new Float64Array(entries.length);
  }

  /** Reads routes from `store` from now on, again whenever an Ingress or IngressClass changes. */
  attach(store: Store): void {
    this.store = store;
    store.watch('Ingress', () => (this.dirty = true));
    store.watch('IngressClass', () => (this.dirty = true));
  }

  /** Requests per second the controller sends to Service `service` at `tMs` (0 without Ingress traffic to it). */
  serviceRps(service: number, tMs: number): number {
    if (this.entries.length === 0) return 0;
    this.refresh(tMs);
    let rps = 0;
    for (let e = 0; e < this.entries.length; e++) if (this.routes[e]!.service === service) rps += this.admittedRps[e]!;
    return rps;
  }

  /** After the model's step at `nowMs` (the tick since the previous call): books each route's requests by status and latency. */
  record(model: WorkloadModel, nowMs: number, sink: MetricSink): void {
    const dtS = (nowMs - this.lastRecordMs) / 1000;
    this.lastRecordMs = nowMs;
    if (this.entries.length === 0 || !(dtS > 0)) return;
    // The model asked for the rates at `nowMs` during its step.
    this.refresh(nowMs);
    const S = model.services;
    for (let e = 0; e < this.entries.length; e++) {
      const route = this.routes[e]!;
      const offered = this.offeredRps[e]! * dtS;
      if (!(offered > 0)) continue;
      const admitted = this.admittedRps[e]! * dtS;
      const refused = offered - admitted;
      if (route.service < 0) {
        this.observe(route, '404', offered, this.controller.latencyMs, 0);
        continue;
      }
      const s = route.service;
      const shares = statusShares({
        offered: S.offered[s]!, served: S.served[s]!, failedNoEndpoints: S.failedNoEndpoints[s]!, failedOverload: S.failedOverload[s]!,
        failedTimeout: S.failedTimeout[s]!, failedAppError: S.failedAppError[s]!, failedDependency: S.failedDependency[s]!, failedNetworkPolicy: S.failedNetworkPolicy[s]!,
      });
      const p50 = S.latencyP50Ms[s]!;
      const p99 = S.latencyP99Ms[s]!;
      const d = p50 === p50 && p99 === p99 ? fitShiftedExponential(p50, p99) : { offsetMs: 0, meanMs: 0 };
      STATUSES.forEach((status, k) => {
        const n = admitted * shares[k]! + (status === '503' ? refused : 0);
        if (n > 0) this.observe(route, status, n, this.controller.latencyMs + d.offsetMs, d.meanMs);
      });
    }
    for (const key of this.order) {
      const c = this.counters.get(key)!;
      sink.record(INGRESS_NGINX_METRICS.requests, c.labels, nowMs, Math.round(c.count));
      sink.record(INGRESS_NGINX_METRICS.durationCount, c.labels, nowMs, Math.round(c.count));
      sink.record(INGRESS_NGINX_METRICS.durationSum, c.labels, nowMs, c.sumS);
      c.bucketLabels.forEach((labels, b) => sink.record(INGRESS_NGINX_METRICS.durationBucket, labels, nowMs, Math.round(b < c.buckets.length ? c.buckets[b]! : c.count)));
    }
  }

  /** Requests per second offered for Ingress `namespace/name` at the last tick; undefined when no entry routes to it. */
  ingressRps(namespace: string, name: string): number | undefined {
    let rps: number | undefined;
    for (let e = 0; e < this.entries.length; e++) {
      const l = this.routes[e]?.labels;
      if (l && l['ingress'] === name && l['namespace'] === namespace) rps = (rps ?? 0) + this.offeredRps[e]!;
    }
    return rps;
  }

  /**
   * Requests per route over the run so far, by HTTP status, in first-seen order: one row per (host, path, Ingress,
   * Service) that counted something.
   */
  routeTotals(): IngressRouteTotals[] {
    const rows = new Map<string, IngressRouteTotals>();
    for (const key of this.order) {
      const c = this.counters.get(key)!;
      const l = c.labels;
      const rk = key.slice(0, key.lastIndexOf('\0'));
      let row = rows.get(rk);
      if (!row) rows.set(rk, (row = { ingress: l['ingress']!, namespace: l['namespace']!, host: l['host']!, path: l['path']!, service: l['service']!, requests: 0, byStatus: {} }));
      const n = Math.round(c.count);
      row.requests += n;
      row.byStatus[l['status']!] = (row.byStatus[l['status']!] ?? 0) + n;
    }
    return [...rows.values()];
  }

  /** Adds `n` requests of a route and status, their latency offset + exponential(mean), ms. */
  private observe(route: Route, status: string, n: number, offsetMs: number, meanMs: number): void {
    const key = `${route.labels['host']}\0${route.labels['path']}\0${route.labels['namespace']}\0${route.labels['ingress']}\0${route.labels['service']}\0${status}`;
    let c = this.counters.get(key);
    if (!c) {
      const labels = Object.freeze({ ...route.labels, status });
      const les = [...INGRESS_NGINX_TIME_BUCKETS_S, Infinity].map(formatLe);
      c = { labels, bucketLabels: les.map((le) => Object.freeze({ ...labels, le })), count: 0, sumS: 0, buckets: new Float64Array(INGRESS_NGINX_TIME_BUCKETS_S.length) };
      this.counters.set(key, c);
      this.order.push(key);
    }
    const dist = { offsetMs, meanMs };
    c.count += n;
    c.sumS += (n * (offsetMs + meanMs)) / 1000;
    INGRESS_NGINX_TIME_BUCKETS_S.forEach((le, b) => {
      c.buckets[b] = c.buckets[b]! + n * shiftedExponentialCdf(dist, le * 1000);
    });
  }

  /** Re-routes after an Ingress change and evaluates the rates at `tMs` (once per tick). */
  private refresh(tMs: number): void {
    if (this.dirty) this.reroute();
    if (tMs === this.rateAtMs) return;
    this.rateAtMs = tMs;
    let total = 0;
    for (let e = 0; e < this.entries.length; e++) {
      const r = Math.max(0, this.entries[e]!.rate(tMs));
      this.offeredRps[e] = r;
      total += r;
    }
    const share = admittedShare(total, this.controller.capacityRps);
    for (let e = 0; e < this.entries.length; e++) this.admittedRps[e] = this.offeredRps[e]! * share;
  }

  private reroute(): void {
    this.dirty = false;
    const ingresses = (this.store?.list<IngressObject & { metadata: { name: string } }>('Ingress') ?? []) as IngressObject[];
    const classes = (this.store?.list('IngressClass') ?? []) as IngressClassObject[];
    const servers = buildIngressServers(ingresses.filter((i) => servedByController(i, classes, this.controller)));
    this.routes = this.entries.map((entry) => {
      const { server, location } = routeIngressRequest(servers, entry.host, entry.path);
      const namespace = location.ingress?.namespace ?? '';
      const svc = location.backend.service;
      const index = svc !== undefined && namespace !== '' ? this.serviceIndex(namespace, svc) : undefined;
      return {
        service: index ?? -1,
        labels: {
          canary: '',
          controller_class: this.controller.controller,
          controller_namespace: CONTROLLER_NAMESPACE,
          controller_pod: CONTROLLER_POD,
          host: server,
          ingress: location.ingress?.name ?? '',
          method: 'GET',
          namespace,
          path: location.isDefaultBackend && !location.ingress ? '' : location.ingressPath,
          service: index === undefined ? '' : svc ?? '',
        },
      };
    });
  }
}
