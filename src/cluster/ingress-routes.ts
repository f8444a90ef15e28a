/**
 * Ingress routing as ingress-nginx does it: which Ingresses the controller serves (IngressClass), how their rules
 * become nginx `server` and `location` blocks, and which location a request (host, path) lands on.
 *
 * - **Class.** An Ingress is served when its class — `spec.ingressClassName`, else the legacy
 *   `kubernetes.io/ingress.class` annotation — is the controller's; an Ingress with neither got the default
 *   IngressClass at creation ({@link defaultIngressClassName}, the DefaultIngressClass admission plugin).
 * - **Servers.** One per host (`_`, the catch-all, for rules without a host). A request's Host picks the server with
 *   that exact name, else the wildcard server whose `*.` stands for exactly one DNS label (ingress-nginx writes
 *   `*.foo.com` as the regex `^[\w-]+\.foo\.com$`, as the API defines the wildcard), else the catch-all.
 * - **Locations.** Ingresses are read oldest first (`creationTimestamp`, then namespace/name); the first Ingress to
 *   define a path with a path type in a server keeps it. Every server has a root location `/` to the default backend:
 *   the `spec.defaultBackend` of the Ingress that created the server, else the controller's own (HTTP 404). A
 *   `Prefix` path becomes a prefix location ending in `/` plus an exact one without it (`updateServerLocations`);
 *   when any location of a server uses a regex (`nginx.ingress.kubernetes.io/use-regex: "true"` or a
 *   `rewrite-target`), every non-exact location of that server becomes a case-insensitive regex `^path`
 *   (`enforceRegexModifier`). Locations are sorted by descending path length.
 * - **Matching** is nginx's: an exact location (`= /path`) wins outright; otherwise the first regex location in
 *   order that matches; otherwise the longest matching prefix location.
 *
 * The pure API-level matchers ({@link hostMatchesRule}, {@link prefixPathMatches}) follow the networking.k8s.io
 * documentation; where ingress-nginx answers differently (a Prefix rule path written with a trailing slash does not
 * match the path without it), the routing follows ingress-nginx and docs/deviations.md says so.
 */

/** The parts of an Ingress the routing reads. */
export interface IngressObject {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string; annotations?: Readonly<Record<string, string>> };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackendRef;
    rules?: readonly { host?: string; http?: { paths?: readonly { path?: string; pathType?: string; backend?: IngressBackendRef }[] } }[];
  };
}

/** The parts of an IngressClass the class resolution reads. */
export interface IngressClassObject {
  metadata?: { name?: string; creationTimestamp?: string; annotations?: Readonly<Record<string, string>> };
  spec?: { controller?: string };
}

/** `spec.rules[].http.paths[].backend` / `spec.defaultBackend`. */
export interface IngressBackendRef {
  service?: { name?: string; port?: { name?: string; number?: number } };
}

/** The annotation that marks an IngressClass as the cluster's default. */
export const ANNOTATION_IS_DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';
/** The deprecated per-Ingress class annotation. */
export const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class';
/** ingress-nginx's regex switch. */
export const ANNOTATION_USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';
/** ingress-nginx's rewrite annotation; a rewrite implies regex paths. */
export const ANNOTATION_REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';
/** The `spec.controller` of ingress-nginx's IngressClass. */
export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** ingress-nginx's name for the catch-all server. */
export const CATCH_ALL_SERVER = '_';

/**
 * Host matching as networking.k8s.io/v1 defines it: an empty rule host matches every request; a precise host
 * matches equal hosts; `*.foo.com` matches a host of exactly one more label (`bar.foo.com`, not `baz.bar.foo.com`
 * nor `foo.com`).
 */
export function hostMatchesRule(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

/**
 * `Prefix` matching as networking.k8s.io/v1 defines it: element-wise on the path split by `/`, ignoring a trailing
 * slash on either side; `/aaa/bb` does not match `/aaa/bbb`, `/foo/` matches `/foo`.
 */
export function prefixPathMatches(rulePath: string, requestPath: string): boolean {
  const elems = (p: string): string[] => p.split('/').filter((s) => s !== '');
  const rule = elems(rulePath);
  const req = elems(requestPath);
  if (rule.length > req.length) return false;
  return rule.every((e, i) => req[i] === e);
}

/**
 * The DefaultIngressClass admission plugin: the class an Ingress created now gets when it names none (neither
 * `spec.ingressClassName` nor the class annotation). Undefined when no IngressClass is marked default; an error
 * when more than one is, as the plugin refuses the Ingress (`N default IngressClasses were found, only 1 allowed`).
 */
export function defaultIngressClassName(classes: readonly IngressClassObject[]): { name: string } | { error: string } | undefined {
  const defaults = classes.filter((c) => c.metadata?.annotations?.[ANNOTATION_IS_DEFAULT_INGRESS_CLASS] === 'true');
  if (defaults.length === 0) return undefined;
  if (defaults.length > 1) return { error: `${defaults.length} default IngressClasses were found, only 1 allowed` };
  return { name: defaults[0]!.metadata?.name ?? '' };
}

/** What the simulated controller watches: its IngressClass name and `spec.controller` value. */
export interface IngressControllerClass {
  /** Default `nginx` (ingress-nginx's `--ingress-class`). */
  className: string;
  /** Default {@link INGRESS_NGINX_CONTROLLER}. */
  controller: string;
}

/** ingress-nginx's defaults. */
export const DEFAULT_CONTROLLER_CLASS: IngressControllerClass = Object.freeze({ className: 'nginx', controller: INGRESS_NGINX_CONTROLLER });

/**
 * Whether the controller serves `ing`: its class (field, else annotation) names an IngressClass of this controller,
 * or — when the cluster has no IngressClass of that name — equals the controller's class name (the class its Helm
 * chart installs). An Ingress without any class is not served (ingress-nginx's `--watch-ingress-without-class`
 * defaults to false).
 */
export function servedByController(ing: IngressObject, classes: readonly IngressClassObject[], ctl: IngressControllerClass = DEFAULT_CONTROLLER_CLASS): boolean {
  const name = ing.spec?.ingressClassName ?? ing.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS];
  if (name === undefined) return false;
  const cls = classes.find((c) => c.metadata?.name === name);
  return cls ? cls.spec?.controller === ctl.controller : name === ctl.className;
}

/** A backend a location sends requests to; `undefined` service: the controller's default backend (HTTP 404). */
export interface RouteBackend {
  service?: string;
  port?: string | number;
}

/** One nginx location of a server. */
export interface IngressLocation {
  /** The location path as written to nginx (a Prefix path normalized to end in `/`). */
  path: string;
  /** `Exact` (`= path`), `Prefix` (prefix, element-wise by construction) or `ImplementationSpecific`. */
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  /** The path as written in the Ingress (the `path` label of ingress-nginx's metrics). */
  ingressPath: string;
  backend: RouteBackend;
  /** The Ingress that defined it; undefined for the server's root location to the controller's default backend. */
  ingress?: { namespace: string; name: string };
  /** Whether this location asked for regex matching (its Ingress's use-regex or rewrite-target annotation). */
  useRegex: boolean;
  /** True for the server's root location `/` created with the server. */
  isDefaultBackend: boolean;
}

/** One nginx server block. */
export interface IngressServer {
  hostname: string;
  /** Sorted by descending path length (ties in definition order). */
  locations: IngressLocation[];
  /** Any location uses a regex: every non-exact location is matched as `~* ^path`. */
  enforceRegex: boolean;
}

/** The result of routing one request. */
export interface IngressRoute {
  server: string;
  location: IngressLocation;
}

function backendOf(b: IngressBackendRef | undefined): RouteBackend {
  const svc = b?.service;
  if (!svc?.name) return {};
  const port = svc.port?.number ?? svc.port?.name;
  return port === undefined ? { service: svc.name } : { service: svc.name, port };
}

const ROOT = '/';

/** ingress-nginx's `sortIngressSlice`: by creation time, then namespace/name. */
function byAge(a: IngressObject, b: IngressObject): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace ?? 'default'}/${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? 'default'}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The nginx servers for `ingresses` (already filtered to those the controller serves), as ingress-nginx's
 * `createServers` + `updateServerLocations` + the template's sort build them. See the module comment.
 */
export function buildIngressServers(ingresses: readonly IngressObject[]): Map<string, IngressServer> {
  const sorted = [...ingresses].sort(byAge);
  const servers = new Map<string, IngressServer>();
  const newServer = (hostname: string, backend: RouteBackend, ing?: { namespace: string; name: string }): IngressServer => ({
    hostname,
    locations: [{ path: ROOT, pathType: 'Prefix', ingressPath: ROOT, backend, ...(ing ? { ingress: ing } : {}), useRegex: false, isDefaultBackend: true }],
    enforceRegex: false,
  });
  servers.set(CATCH_ALL_SERVER, newServer(CATCH_ALL_SERVER, {}));
  for (const ing of sorted) {
    const ref = { namespace: ing.metadata?.namespace ?? 'default', name: ing.metadata?.name ?? '' };
    const defBackend = ing.spec?.defaultBackend ? backendOf(ing.spec.defaultBackend) : undefined;
    const rules = ing.spec?.rules ?? [];
    // An Ingress with a default backend and no rules is the catch-all's default, when that is still the controller's.
    if (defBackend && rules.length === 0) {
      const root = servers.get(CATCH_ALL_SERVER)!.locations[0]!;
      if (root.backend.service === undefined) {
        root.backend = defBackend;
        root.ingress = ref;
      }
    }
    const annotations = ing.metadata?.annotations ?? {};
    const useRegex = annotations[ANNOTATION_USE_REGEX] === 'true' || (annotations[ANNOTATION_REWRITE_TARGET] ?? '') !== '';
    for (const rule of rules) {
      const host = rule.host || CATCH_ALL_SERVER;
      let server = servers.get(host);
      if (!server) {
        server = newServer(host, defBackend ?? {}, defBackend ? ref : undefined);
        servers.set(host, server);
      }
      for (const p of rule.http?.paths ?? []) {
        const path = p.path || ROOT;
        const pathType = p.pathType === 'Exact' || p.pathType === 'Prefix' ? p.pathType : 'ImplementationSpecific';
        const backend = backendOf(p.backend);
        const existing = server.locations.find((l) => l.path === path && (l.isDefaultBackend ? pathType !== 'Exact' : l.pathType === pathType));
        if (existing) {
          // The root path of a rule takes over the server's default location; any other duplicate keeps the first.
          if (existing.isDefaultBackend) {
            Object.assign(existing, { pathType, ingressPath: path, backend, ingress: ref, useRegex, isDefaultBackend: false });
          }
          continue;
        }
        server.locations.push({ path, pathType, ingressPath: path, backend, ingress: ref, useRegex, isDefaultBackend: false });
      }
    }
  }
  for (const server of servers.values()) {
    server.locations = updateServerLocations(server.locations);
    server.enforceRegex = server.locations.some((l) => l.useRegex);
    // Stable: equal lengths keep their definition order.
    server.locations.sort((a, b) => b.path.length - a.path.length);
  }
  return servers;
}

/**
 * ingress-nginx's `updateServerLocations`: a Prefix location (not regex, not rewritten) becomes the prefix `path/`
 * plus the exact `path`, unless an exact location of that path exists already.
 */
function updateServerLocations(locations: readonly IngressLocation[]): IngressLocation[] {
  const exact = new Set(locations.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const out: IngressLocation[] = [];
  for (const l of locations) {
    if (l.pathType !== 'Prefix' || l.useRegex || l.path === ROOT) {
      out.push(l);
      continue;
    }
    const normalized = l.path.endsWith('/') ? l.path : `${l.path}/`;
    out.push({ ...l, path: normalized });
    if (!exact.has(l.path)) out.push({ ...l, pathType: 'Exact' });
  }
  return out;
}

/** The server a Host header lands on: exact name, else the one-label wildcard, else the catch-all. */
export function selectServer(servers: ReadonlyMap<string, IngressServer>, host: string): IngressServer {
  const exact = servers.get(host);
  if (exact && host !== CATCH_ALL_SERVER) return exact;
  for (const [name, server] of servers) {
    if (name.startsWith('*.') && hostMatchesRule(name, host)) return server;
  }
  return servers.get(CATCH_ALL_SERVER)!;
}

/** Escapes nothing: ingress-nginx writes the path into `~* "^path"` as it is, so the path is the regex. */
function regexMatches(path: string, requestPath: string): boolean {
  try {
    return new RegExp(`^${path}`, 'i').test(requestPath);
  } catch {
    return false;
  }
}

/**
 * nginx's location selection in one server: an exact match wins; else, with regex enforced, the first regex
 * location (descending length) that matches; else the longest prefix location that matches.
 */
export function selectLocation(server: IngressServer, requestPath: string): IngressLocation | undefined {
  for (const l of server.locations) if (l.pathType === 'Exact' && l.path === requestPath) return l;
  if (server.enforceRegex) {
    for (const l of server.locations) if (l.pathType !== 'Exact' && regexMatches(l.path, requestPath)) return l;
    return undefined;
  }
  let best: IngressLocation | undefined;
  for (const l of server.locations) {
    if (l.pathType === 'Exact') continue;
    if (requestPath.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  }
  return best;
}

/** Routes one request through the servers built by {@link buildIngressServers}. */
export function routeIngressRequest(servers: ReadonlyMap<string, IngressServer>, host: string, requestPath: string): IngressRoute {
  const server = selectServer(servers, host);
  // The root location matches every path, so a location is always found; the fallback keeps the type total.
  const location = selectLocation(server, requestPath) ?? server.locations[server.locations.length - 1]!;
  return { server: server.hostname, location };
}
