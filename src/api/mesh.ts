/**
 * The service-mesh kinds kubesim simulates: Istio `networking.istio.io` VirtualService and DestinationRule
 * (v1alpha3, v1beta1, v1 — one schema) and Gateway API `gateway.networking.k8s.io` HTTPRoute and Gateway (v1,
 * v1beta1). This module holds their field types (the subset kubesim reads) and their validation, after Istio's
 * `pkg/config/validation` (ValidateVirtualService, ValidateDestinationRule) and the Gateway API CRDs' OpenAPI and
 * CEL rules. Problems are returned as values; `validate.ts` stamps them with file and line.
 */
import { DurationError, parseDuration } from '../engine/duration.ts';
import type { FieldErrorType } from './errors.ts';
import type { FieldPath } from './path.ts';

/** Istio `StringMatch`: exactly one of exact, prefix, regex (RE2). */
export interface IstioStringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** Istio `HTTPMatchRequest` (the fields kubesim evaluates). */
export interface IstioHTTPMatchRequest {
  name?: string;
  uri?: IstioStringMatch;
  method?: IstioStringMatch;
  headers?: Record<string, IstioStringMatch>;
  ignoreUriCase?: boolean;
}

/** Istio `HTTPRouteDestination`. */
export interface IstioHTTPRouteDestination {
  destination: { host: string; subset?: string; port?: { number?: number } };
  /** Share of the route's traffic, 0…100. Default: 100 for a single destination. */
  weight?: number;
}

/** Istio `HTTPRetry`. */
export interface IstioHTTPRetry {
  /** Retries (not tries) allowed; 0 disables retries. */
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
}

/** Istio `HTTPRoute`. */
export interface IstioHTTPRoute {
  name?: string;
  match?: IstioHTTPMatchRequest[];
  route?: IstioHTTPRouteDestination[];
  timeout?: string;
  retries?: IstioHTTPRetry;
}

/** Istio `VirtualService` spec. */
export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: IstioHTTPRoute[];
}

/** Istio `OutlierDetection`. */
export interface IstioOutlierDetection {
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

/** Istio `TrafficPolicy` (the parts kubesim simulates). */
export interface IstioTrafficPolicy {
  loadBalancer?: { simple?: string };
  /** Envoy circuit-breaker thresholds, per calling proxy; each unset one is 2^32 − 1 (unlimited). */
  connectionPool?: {
    tcp?: { maxConnections?: number; connectTimeout?: string };
    http?: { http1MaxPendingRequests?: number; http2MaxRequests?: number; maxRequestsPerConnection?: number; maxRetries?: number };
  };
  outlierDetection?: IstioOutlierDetection;
}

/** Istio `DestinationRule` spec. */
export interface DestinationRuleSpec {
  host?: string;
  trafficPolicy?: IstioTrafficPolicy;
  subsets?: { name: string; labels?: Record<string, string>; trafficPolicy?: IstioTrafficPolicy }[];
}

/** Gateway API `HTTPRouteMatch`. */
export interface GatewayHTTPRouteMatch {
  path?: { type?: 'Exact' | 'PathPrefix' | 'RegularExpression'; value?: string };
  headers?: { type?: 'Exact' | 'RegularExpression'; name: string; value: string }[];
  queryParams?: { type?: 'Exact' | 'RegularExpression'; name: string; value: string }[];
  method?: string;
}

/** Gateway API `HTTPBackendRef`. */
export interface GatewayBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  /** Relative weight, 0…1,000,000. Default 1. */
  weight?: number;
}

/** Gateway API `HTTPRouteRule`. */
export interface GatewayHTTPRouteRule {
  name?: string;
  matches?: GatewayHTTPRouteMatch[];
  backendRefs?: GatewayBackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
  /** Experimental channel (GEP-1731). */
  retry?: { attempts?: number; backoff?: string; codes?: number[] };
}

/** Gateway API `HTTPRoute` spec. */
export interface HTTPRouteSpec {
  parentRefs?: { group?: string; kind?: string; name: string; namespace?: string; sectionName?: string }[];
  hostnames?: string[];
  rules?: GatewayHTTPRouteRule[];
}

/** Gateway API `Gateway` spec. */
export interface GatewaySpec {
  gatewayClassName?: string;
  listeners?: { name: string; hostname?: string; port: number; protocol: string; allowedRoutes?: unknown }[];
  addresses?: { type?: string; value: string }[];
}

/** One validation problem; `validate.ts` adds the source position. */
export interface MeshProblem {
  type: FieldErrorType;
  path: FieldPath;
  detail: string;
  badValue?: unknown;
  supported?: readonly string[];
}

/** Envoy retry conditions Istio accepts in `retryOn` (Istio's `supportedRetryOnPolicies`), besides status codes. */
export const RETRY_ON_POLICIES: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted',
  'unavailable',
];

/** DestinationRule `loadBalancer.simple` values. */
export const SIMPLE_LB_POLICIES: readonly string[] = ['UNSPECIFIED', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST', 'LEAST_CONN'];

const PATH_MATCH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'];
const HEADER_MATCH_TYPES = ['Exact', 'RegularExpression'];
/** Gateway API `Duration` (GEP-2257): 1–4 number+unit pairs, units h, m, s, ms. */
const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Problems of a `kind` object of the mesh groups (empty for other kinds). */
export function meshProblems(kind: string, object: Obj): MeshProblem[] {
  const out: MeshProblem[] = [];
  const spec = isObject(object['spec']) ? object['spec'] : undefined;
  if (!spec) {
    if (kind === 'VirtualService' || kind === 'DestinationRule' || kind === 'HTTPRoute' || kind === 'Gateway') out.push({ type: 'Required', path: ['spec'], detail: '' });
    return out;
  }
  if (kind === 'VirtualService') validateVirtualService(spec, out);
  else if (kind === 'DestinationRule') validateDestinationRule(spec, out);
  else if (kind === 'HTTPRoute') validateHTTPRoute(spec, out);
  else if (kind === 'Gateway') validateGateway(spec, out);
  return out;
}

/** Istio durations: Go syntax, at least 1 ms (`ValidateDuration`). */
function istioDuration(v: unknown, path: FieldPath, out: MeshProblem[]): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') return void out.push({ type: 'Invalid', path, detail: 'must be a duration string such as "2s"', badValue: v });
  try {
    if (parseDuration(v) < 1) out.push({ type: 'Invalid', path, detail: 'duration must be at least 1ms', badValue: v });
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    out.push({ type: 'Invalid', path, detail: e.reason, badValue: v });
  }
}

function stringMatch(m: unknown, path: FieldPath, out: MeshProblem[]): void {
  if (!isObject(m)) return;
  const set = ['exact', 'prefix', 'regex'].filter((k) => m[k] !== undefined);
  if (set.length !== 1) out.push({ type: 'Invalid', path, detail: 'must set exactly one of exact, prefix or regex', badValue: m });
  if (typeof m['regex'] === 'string') regex(m['regex'], [...path, 'regex'], out);
}

function regex(v: string, path: FieldPath, out: MeshProblem[]): void {
  try {
    new RegExp(v, 'u');
  } catch {
    out.push({ type: 'Invalid', path, detail: 'must be a valid regular expression', badValue: v });
  }
}

function percent(v: unknown, path: FieldPath, out: MeshProblem[]): void {
  if (v !== undefined && (!isInt(v) || v < 0 || v > 100)) out.push({ type: 'Invalid', path, detail: 'must be an integer between 0 and 100', badValue: v });
}

function nonNegativeInt(v: unknown, path: FieldPath, out: MeshProblem[]): void {
  if (v !== undefined && (!isInt(v) || v < 0)) out.push({ type: 'Invalid', path, detail: 'must be a non-negative integer', badValue: v });
}

/** After Istio's `ValidateVirtualService` and `validateHTTPRoute`. */
function validateVirtualService(spec: Obj, out: MeshProblem[]): void {
  const hosts = list(spec['hosts']);
  if (hosts.length === 0) out.push({ type: 'Required', path: ['spec', 'hosts'], detail: 'virtual service must have at least one host' });
  hosts.forEach((h, i) => {
    if (typeof h !== 'string' || h === '') out.push({ type: 'Invalid', path: ['spec', 'hosts', i], detail: 'must be a non-empty host name', badValue: h });
  });
  const http = list(spec['http']);
  http.forEach((r, i) => {
    if (!isObject(r)) return;
    const p = ['spec', 'http', i];
    list(r['match']).forEach((m, j) => {
      if (!isObject(m)) return;
      for (const k of ['uri', 'method']) stringMatch(m[k], [...p, 'match', j, k], out);
      const headers = isObject(m['headers']) ? m['headers'] : {};
      for (const [name, hm] of Object.entries(headers)) stringMatch(hm, [...p, 'match', j, 'headers', name], out);
    });
    const route = list(r['route']);
    if (route.length === 0 && r['redirect'] === undefined && r['directResponse'] === undefined) {
      out.push({ type: 'Required', path: [...p, 'route'], detail: 'HTTP route or redirect is required' });
    }
    route.forEach((d, j) => {
      if (!isObject(d)) return;
      const dest = isObject(d['destination']) ? d['destination'] : undefined;
      if (!dest || typeof dest['host'] !== 'string' || dest['host'] === '') out.push({ type: 'Required', path: [...p, 'route', j, 'destination', 'host'], detail: '' });
      const w = d['weight'];
      if (w !== undefined && (!isInt(w) || w < 0)) out.push({ type: 'Invalid', path: [...p, 'route', j, 'weight'], detail: 'weight must be a non-negative integer', badValue: w });
    });
    istioDuration(r['timeout'], [...p, 'timeout'], out);
    const retries = r['retries'];
    if (isObject(retries)) {
      nonNegativeInt(retries['attempts'], [...p, 'retries', 'attempts'], out);
      istioDuration(retries['perTryTimeout'], [...p, 'retries', 'perTryTimeout'], out);
      const on = retries['retryOn'];
      if (typeof on === 'string') {
        for (const part of on.split(',').map((s) => s.trim())) {
          if (part === '' || RETRY_ON_POLICIES.includes(part) || /^[1-5][0-9][0-9]$/.test(part)) continue;
          out.push({ type: 'NotSupported', path: [...p, 'retries', 'retryOn'], detail: '', badValue: part, supported: RETRY_ON_POLICIES });
        }
      }
    }
  });
}

function validateTrafficPolicy(tp: unknown, path: FieldPath, out: MeshProblem[]): void {
  if (!isObject(tp)) return;
  const lb = tp['loadBalancer'];
  if (isObject(lb) && lb['simple'] !== undefined && !SIMPLE_LB_POLICIES.includes(String(lb['simple']))) {
    out.push({ type: 'NotSupported', path: [...path, 'loadBalancer', 'simple'], detail: '', badValue: lb['simple'], supported: SIMPLE_LB_POLICIES });
  }
  const cp = tp['connectionPool'];
  const http = isObject(cp) && isObject(cp['http']) ? cp['http'] : undefined;
  if (http) for (const k of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries']) nonNegativeInt(http[k], [...path, 'connectionPool', 'http', k], out);
  const tcp = isObject(cp) && isObject(cp['tcp']) ? cp['tcp'] : undefined;
  if (tcp) {
    nonNegativeInt(tcp['maxConnections'], [...path, 'connectionPool', 'tcp', 'maxConnections'], out);
    istioDuration(tcp['connectTimeout'], [...path, 'connectionPool', 'tcp', 'connectTimeout'], out);
  }
  const od = tp['outlierDetection'];
  if (isObject(od)) {
    const p = [...path, 'outlierDetection'];
    for (const k of ['consecutive5xxErrors', 'consecutiveGatewayErrors']) nonNegativeInt(od[k], [...p, k], out);
    percent(od['maxEjectionPercent'], [...p, 'maxEjectionPercent'], out);
    percent(od['minHealthPercent'], [...p, 'minHealthPercent'], out);
    istioDuration(od['interval'], [...p, 'interval'], out);
    istioDuration(od['baseEjectionTime'], [...p, 'baseEjectionTime'], out);
  }
}

/** After Istio's `ValidateDestinationRule`. */
function validateDestinationRule(spec: Obj, out: MeshProblem[]): void {
  if (typeof spec['host'] !== 'string' || spec['host'] === '') out.push({ type: 'Required', path: ['spec', 'host'], detail: '' });
  validateTrafficPolicy(spec['trafficPolicy'], ['spec', 'trafficPolicy'], out);
  const seen = new Set<string>();
  list(spec['subsets']).forEach((s, i) => {
    if (!isObject(s)) return;
    const name = s['name'];
    if (typeof name !== 'string' || name === '') out.push({ type: 'Required', path: ['spec', 'subsets', i, 'name'], detail: '' });
    else if (seen.has(name)) out.push({ type: 'Duplicate', path: ['spec', 'subsets', i, 'name'], detail: 'duplicate subset names', badValue: name });
    else seen.add(name);
    validateTrafficPolicy(s['trafficPolicy'], ['spec', 'subsets', i, 'trafficPolicy'], out);
  });
}

function gatewayDuration(v: unknown, path: FieldPath, out: MeshProblem[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !GATEWAY_DURATION.test(v)) {
    out.push({ type: 'Invalid', path, detail: 'must be a Gateway API duration such as "10s" or "1m30s" (units h, m, s, ms)', badValue: v });
    return undefined;
  }
  return parseDuration(v);
}

/** After the Gateway API HTTPRoute CRD's schema and CEL rules. */
function validateHTTPRoute(spec: Obj, out: MeshProblem[]): void {
  list(spec['parentRefs']).forEach((r, i) => {
    if (isObject(r) && (typeof r['name'] !== 'string' || r['name'] === '')) out.push({ type: 'Required', path: ['spec', 'parentRefs', i, 'name'], detail: '' });
  });
  list(spec['rules']).forEach((rule, i) => {
    if (!isObject(rule)) return;
    const p = ['spec', 'rules', i];
    list(rule['matches']).forEach((m, j) => {
      if (!isObject(m)) return;
      const path = m['path'];
      if (isObject(path)) {
        const type = path['type'] ?? 'PathPrefix';
        if (!PATH_MATCH_TYPES.includes(String(type))) out.push({ type: 'NotSupported', path: [...p, 'matches', j, 'path', 'type'], detail: '', badValue: type, supported: PATH_MATCH_TYPES });
        const value = path['value'];
        if (value !== undefined && (typeof value !== 'string' || (type !== 'RegularExpression' && !value.startsWith('/')))) {
          out.push({ type: 'Invalid', path: [...p, 'matches', j, 'path', 'value'], detail: 'value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']', badValue: value });
        } else if (type === 'RegularExpression' && typeof value === 'string') regex(value, [...p, 'matches', j, 'path', 'value'], out);
      }
      list(m['headers']).forEach((h, k) => {
        if (!isObject(h)) return;
        if (typeof h['name'] !== 'string' || h['name'] === '') out.push({ type: 'Required', path: [...p, 'matches', j, 'headers', k, 'name'], detail: '' });
        if (h['type'] !== undefined && !HEADER_MATCH_TYPES.includes(String(h['type']))) out.push({ type: 'NotSupported', path: [...p, 'matches', j, 'headers', k, 'type'], detail: '', badValue: h['type'], supported: HEADER_MATCH_TYPES });
      });
    });
    list(rule['backendRefs']).forEach((b, j) => {
      if (!isObject(b)) return;
      if (typeof b['name'] !== 'string' || b['name'] === '') out.push({ type: 'Required', path: [...p, 'backendRefs', j, 'name'], detail: '' });
      const w = b['weight'];
      if (w !== undefined && (!isInt(w) || w < 0 || w > 1_000_000)) out.push({ type: 'Invalid', path: [...p, 'backendRefs', j, 'weight'], detail: 'must be an integer between 0 and 1000000', badValue: w });
    });
    const t = rule['timeouts'];
    if (isObject(t)) {
      const request = gatewayDuration(t['request'], [...p, 'timeouts', 'request'], out);
      const backend = gatewayDuration(t['backendRequest'], [...p, 'timeouts', 'backendRequest'], out);
      // CEL: backendRequest must be <= request timeout (0 means no timeout).
      if (request !== undefined && backend !== undefined && request > 0 && (backend === 0 || backend > request)) {
        out.push({ type: 'Invalid', path: [...p, 'timeouts'], detail: 'backendRequest timeout cannot be longer than request timeout', badValue: t });
      }
    }
    const retry = rule['retry'];
    if (isObject(retry)) {
      nonNegativeInt(retry['attempts'], [...p, 'retry', 'attempts'], out);
      gatewayDuration(retry['backoff'], [...p, 'retry', 'backoff'], out);
      list(retry['codes']).forEach((c, k) => {
        if (!isInt(c) || c < 400 || c > 599) out.push({ type: 'Invalid', path: [...p, 'retry', 'codes', k], detail: 'must be an HTTP status code between 400 and 599', badValue: c });
      });
    }
  });
}

/** After the Gateway API Gateway CRD: a class name and at least one listener with name, port and protocol. */
function validateGateway(spec: Obj, out: MeshProblem[]): void {
  if (typeof spec['gatewayClassName'] !== 'string' || spec['gatewayClassName'] === '') out.push({ type: 'Required', path: ['spec', 'gatewayClassName'], detail: '' });
  const listeners = list(spec['listeners']);
  if (listeners.length === 0) out.push({ type: 'Required', path: ['spec', 'listeners'], detail: 'must have at least one listener' });
  const names = new Set<string>();
  listeners.forEach((l, i) => {
    if (!isObject(l)) return;
    const name = l['name'];
    if (typeof name !== 'string' || name === '') out.push({ type: 'Required', path: ['spec', 'listeners', i, 'name'], detail: '' });
    else if (names.has(name)) out.push({ type: 'Duplicate', path: ['spec', 'listeners', i, 'name'], detail: 'Listener name must be unique within the Gateway', badValue: name });
    else names.add(name);
    const port = l['port'];
    if (!isInt(port) || port < 1 || port > 65535) out.push({ type: 'Invalid', path: ['spec', 'listeners', i, 'port'], detail: 'must be between 1 and 65535, inclusive', badValue: port });
    if (typeof l['protocol'] !== 'string' || l['protocol'] === '') out.push({ type: 'Required', path: ['spec', 'listeners', i, 'protocol'], detail: '' });
  });
}
