/**
 * Route resolution of the service mesh: which VirtualService (or HTTPRoute) route and which DestinationRule apply
 * to a request sent to a Service, as Istio's sidecar (Envoy) resolves them. Pure: the caller passes the objects.
 *
 * Istio (istio.io/latest/docs/reference/config/networking/virtual-service/):
 * - A host of a VirtualService names Services: a short name (`reviews`) is taken relative to the VirtualService's
 *   namespace (`reviews.<ns>.svc.cluster.local`), `reviews.prod` relative to the cluster domain, a FQDN as is, and
 *   `*.suffix` / `*` are wildcards. The most specific host wins (exact before wildcard, longer wildcard first); for
 *   the sidecar, several VirtualServices of one host are not merged: the oldest wins (then namespace/name).
 * - A VirtualService bound only to gateways (`gateways` without `mesh`) does not apply to calls inside the mesh.
 * - `http` routes are tried in order; the first whose `match` (any entry; no entry matches everything) matches
 *   the request wins. In an entry every condition must hold: `uri`, `method`, `headers` (names case-insensitive;
 *   a missing header matches nothing), `exact` / `prefix` / `regex` (RE2, full match).
 * - Destinations are weighted (a single destination takes 100); `subset` names a DestinationRule subset whose
 *   labels select the pods.
 * - DestinationRule hosts resolve the same way; the most specific rule applies (oldest on a tie).
 *
 * Gateway API (gateway-api.sigs.k8s.io/reference/spec/#httprouterule): within the routes attached to one parent,
 * matches are ranked (1) Exact path, (2) the longest PathPrefix, (3) a method match, (4) the most header matches,
 * (5) the most query-parameter matches; then the oldest Route, then `namespace/name` alphabetically; then rule
 * order. A match without `path` is `PathPrefix /`; a rule without `matches` is one such match.
 *
 * Simulated requests are `GET /` without headers unless a traffic profile's `requests` mix says otherwise
 * ({@link RequestClass}); each class is routed on its own (docs/deviations.md, "Service mesh").
 */
import type {
  DestinationRuleSpec,
  GatewayHTTPRouteMatch,
  HTTPRouteSpec,
  IstioHTTPMatchRequest,
  IstioHTTPRoute,
  IstioStringMatch,
  VirtualServiceSpec,
} from '../api/mesh.ts';

/** The cluster domain Service FQDNs end in. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** What a simulated request carries for matching. */
export interface MeshRequest {
  /** Path with query string stripped, e.g. `/`. */
  path: string;
  /** HTTP method, upper case. */
  method: string;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string>>;
  /** Query parameters. */
  query?: Readonly<Record<string, string>>;
}

/** The request every simulated call is: `GET /`, no headers. */
export const DEFAULT_REQUEST: MeshRequest = Object.freeze({ path: '/', method: 'GET', headers: Object.freeze({}) });

/** One class of a traffic profile's request mix: a share (relative weight) of its requests, and what they carry. */
export interface RequestClass {
  /** Relative weight, > 0; the classes' weights are normalised by their sum. */
  weight: number;
  request: MeshRequest;
}

/** A mesh object as the resolver needs it. */
export interface MeshObject<S> {
  namespace: string;
  name: string;
  /** Creation order key (creationTimestamp, RFC 3339, or any string that sorts by age). */
  createdAt: string;
  spec: S;
}

/** `name.namespace.svc.cluster.local`. */
export function serviceFQDN(namespace: string, name: string): string {
  return `${name}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** A host as Istio reads it in a config of namespace `ns`: short names become FQDNs; wildcards stay. */
export function resolveHost(host: string, ns: string): string {
  if (host === '*' || host.startsWith('*.')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return serviceFQDN(ns, host);
  if (parts.length === 2) return `${host}.${CLUSTER_DOMAIN}`;
  return host;
}

/**
 * How specifically `host` (of a config in namespace `ns`) names `fqdn`: 0 not at all, larger is more specific (an
 * exact name beats every wildcard, a longer wildcard suffix a shorter one).
 */
export function hostSpecificity(host: string, ns: string, fqdn: string): number {
  const h = resolveHost(host, ns);
  if (h === fqdn) return 1_000_000;
  if (h === '*') return 1;
  if (h.startsWith('*.') && fqdn.endsWith(h.slice(1))) return 1 + h.length;
  return 0;
}

/** The most specific config for `fqdn` among `objects`, oldest then namespace/name on a tie; undefined if none. */
function mostSpecific<S>(objects: readonly MeshObject<S>[], fqdn: string, hostsOf: (spec: S) => readonly string[]): MeshObject<S> | undefined {
  let best: MeshObject<S> | undefined;
  let bestScore = 0;
  for (const o of objects) {
    let score = 0;
    for (const h of hostsOf(o.spec)) score = Math.max(score, hostSpecificity(h, o.namespace, fqdn));
    if (score === 0) continue;
    if (!best || score > bestScore || (score === bestScore && olderFirst(o, best) < 0)) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/** Creation time, then `namespace/name`: Istio's and Gateway API's tie break. */
export function olderFirst(a: MeshObject<unknown>, b: MeshObject<unknown>): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Istio `StringMatch` against a value (undefined: the attribute is absent, which matches nothing). */
export function istioStringMatches(m: IstioStringMatch, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) return new RegExp(`^(?:${m.regex})$`, ignoreCase ? 'iu' : 'u').test(v);
  // An empty StringMatch matches any present value.
  return true;
}

/** One Istio `HTTPMatchRequest`: every condition it sets must hold. */
export function istioMatchRequest(m: IstioHTTPMatchRequest, req: MeshRequest): boolean {
  if (m.uri && !istioStringMatches(m.uri, req.path, m.ignoreUriCase === true)) return false;
  if (m.method && !istioStringMatches(m.method, req.method)) return false;
  for (const [name, hm] of Object.entries(m.headers ?? {})) {
    if (!istioStringMatches(hm, req.headers[name.toLowerCase()])) return false;
  }
  return true;
}

/** Index of the first `http` route whose match list matches `req`, or -1 (Envoy answers 404, no route). */
export function selectIstioRoute(http: readonly IstioHTTPRoute[], req: MeshRequest): number {
  for (let i = 0; i < http.length; i++) {
    const match = http[i]!.match;
    if (!match || match.length === 0 || match.some((m) => istioMatchRequest(m, req))) return i;
  }
  return -1;
}

/** The VirtualService that applies to calls to `fqdn` inside the mesh. */
export function virtualServiceFor(objects: readonly MeshObject<VirtualServiceSpec>[], fqdn: string): MeshObject<VirtualServiceSpec> | undefined {
  const inMesh = objects.filter((o) => !o.spec.gateways || o.spec.gateways.length === 0 || o.spec.gateways.includes('mesh'));
  return mostSpecific(inMesh, fqdn, (s) => s.hosts ?? []);
}

/** The DestinationRule that applies to `fqdn`. */
export function destinationRuleFor(objects: readonly MeshObject<DestinationRuleSpec>[], fqdn: string): MeshObject<DestinationRuleSpec> | undefined {
  return mostSpecific(objects, fqdn, (s) => (s.host ? [s.host] : []));
}

/** A Gateway API match with its defaults made explicit (no path: PathPrefix `/`). */
function pathOf(m: GatewayHTTPRouteMatch): { type: string; value: string } {
  return { type: m.path?.type ?? 'PathPrefix', value: m.path?.value ?? '/' };
}

/** Gateway API `HTTPRouteMatch` against a request. PathPrefix matches whole path elements (`/foo` not `/foobar`). */
export function gatewayMatches(m: GatewayHTTPRouteMatch, req: MeshRequest): boolean {
  const p = pathOf(m);
  if (p.type === 'Exact' && req.path !== p.value) return false;
  if (p.type === 'PathPrefix') {
    const prefix = p.value.length > 1 && p.value.endsWith('/') ? p.value.slice(0, -1) : p.value;
    if (prefix !== '/' && !(req.path === prefix || req.path.startsWith(`${prefix}/`))) return false;
  }
  if (p.type === 'RegularExpression' && !new RegExp(`^(?:${p.value})$`, 'u').test(req.path)) return false;
  if (m.method && m.method !== req.method) return false;
  for (const h of m.headers ?? []) {
    const v = req.headers[h.name.toLowerCase()];
    if (v === undefined || (h.type === 'RegularExpression' ? !new RegExp(`^(?:${h.value})$`, 'u').test(v) : v !== h.value)) return false;
  }
  for (const q of m.queryParams ?? []) {
    const v = req.query?.[q.name];
    if (v === undefined || (q.type === 'RegularExpression' ? !new RegExp(`^(?:${q.value})$`, 'u').test(v) : v !== q.value)) return false;
  }
  return true;
}

/** One candidate of the Gateway API ranking: a match of a rule of a route. */
export interface RankedMatch {
  route: MeshObject<HTTPRouteSpec>;
  ruleIndex: number;
  match: GatewayHTTPRouteMatch;
}

/**
 * Gateway API precedence between two matches (negative: `a` first): Exact path, longest prefix, method, most
 * headers, most query params, oldest route, route `namespace/name`, rule order.
 */
export function compareGatewayMatches(a: RankedMatch, b: RankedMatch): number {
  const pa = pathOf(a.match);
  const pb = pathOf(b.match);
  const exact = Number(pb.type === 'Exact') - Number(pa.type === 'Exact');
  if (exact !== 0) return exact;
  if (pa.type === 'PathPrefix' && pb.type === 'PathPrefix' && pa.value.length !== pb.value.length) return pb.value.length - pa.value.length;
  const method = Number(b.match.method !== undefined) - Number(a.match.method !== undefined);
  if (method !== 0) return method;
  const headers = (b.match.headers?.length ?? 0) - (a.match.headers?.length ?? 0);
  if (headers !== 0) return headers;
  const query = (b.match.queryParams?.length ?? 0) - (a.match.queryParams?.length ?? 0);
  if (query !== 0) return query;
  const age = olderFirst(a.route, b.route);
  if (age !== 0) return age;
  return a.ruleIndex - b.ruleIndex;
}

/** Every match of every rule of `routes`, in Gateway API precedence order. */
export function rankGatewayMatches(routes: readonly MeshObject<HTTPRouteSpec>[]): RankedMatch[] {
  const out: RankedMatch[] = [];
  for (const route of routes) {
    (route.spec.rules ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
      for (const match of matches) out.push({ route, ruleIndex, match });
    });
  }
  return out.sort(compareGatewayMatches);
}

/** The first ranked match that matches `req`, or undefined (the Gateway answers 404). */
export function selectGatewayRule(routes: readonly MeshObject<HTTPRouteSpec>[], req: MeshRequest): RankedMatch | undefined {
  return rankGatewayMatches(routes).find((m) => gatewayMatches(m.match, req));
}
