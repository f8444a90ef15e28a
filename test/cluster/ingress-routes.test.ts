/**
 * Ingress routing: the Kubernetes Ingress documentation's path and host examples (networking.k8s.io/v1 semantics),
 * and ingress-nginx's documented path priority (user-guide/ingress-path-matching.md), with its inputs unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  buildIngressServers,
  defaultIngressClassName,
  hostMatchesRule,
  prefixPathMatches,
  routeIngressRequest,
  servedByController,
  type IngressObject,
} from '../../src/cluster/ingress-routes.ts';

type PathRow = { path: string; pathType: 'Prefix' | 'Exact' };

/** One Ingress with one host-less rule holding `paths`; each path's backend is named after its index. */
function ingressWith(paths: readonly PathRow[]): IngressObject {
  return {
    metadata: { name: 'docs', namespace: 'default' },
    spec: { rules: [{ http: { paths: paths.map((p, i) => ({ ...p, backend: { service: { name: `svc${i}`, port: { number: 80 } } } })) } }] },
  };
}

// Kubernetes docs, concepts/services-networking/ingress "Examples": kind, rule path(s), request path, matches, and
// (for several paths) which path the docs say wins.
const DOC_TABLE: readonly { kind: string; paths: readonly PathRow[]; request: string; matches: boolean; winner?: number }[] = [
  { kind: 'Prefix', paths: [{ path: '/', pathType: 'Prefix' }], request: '/anything/at/all', matches: true },
  { kind: 'Exact', paths: [{ path: '/foo', pathType: 'Exact' }], request: '/foo', matches: true },
  { kind: 'Exact', paths: [{ path: '/foo', pathType: 'Exact' }], request: '/bar', matches: false },
  { kind: 'Exact', paths: [{ path: '/foo', pathType: 'Exact' }], request: '/foo/', matches: false },
  { kind: 'Exact', paths: [{ path: '/foo/', pathType: 'Exact' }], request: '/foo', matches: false },
  { kind: 'Prefix', paths: [{ path: '/foo', pathType: 'Prefix' }], request: '/foo', matches: true },
  { kind: 'Prefix', paths: [{ path: '/foo', pathType: 'Prefix' }], request: '/foo/', matches: true },
  { kind: 'Prefix', paths: [{ path: '/foo/', pathType: 'Prefix' }], request: '/foo', matches: true },
  { kind: 'Prefix', paths: [{ path: '/foo/', pathType: 'Prefix' }], request: '/foo/', matches: true },
  { kind: 'Prefix', paths: [{ path: '/aaa/bb', pathType: 'Prefix' }], request: '/aaa/bbb', matches: false },
  { kind: 'Prefix', paths: [{ path: '/aaa/bbb', pathType: 'Prefix' }], request: '/aaa/bbb', matches: true },
  { kind: 'Prefix', paths: [{ path: '/aaa/bbb/', pathType: 'Prefix' }], request: '/aaa/bbb', matches: true },
  { kind: 'Prefix', paths: [{ path: '/aaa/bbb', pathType: 'Prefix' }], request: '/aaa/bbb/', matches: true },
  { kind: 'Prefix', paths: [{ path: '/aaa/bbb', pathType: 'Prefix' }], request: '/aaa/bbb/ccc', matches: true },
  { kind: 'Prefix', paths: [{ path: '/aaa/bbb', pathType: 'Prefix' }], request: '/aaa/bbbxyz', matches: false },
  { kind: 'Prefix', paths: [{ path: '/', pathType: 'Prefix' }, { path: '/aaa', pathType: 'Prefix' }], request: '/aaa/ccc', matches: true, winner: 1 },
  { kind: 'Prefix', paths: [{ path: '/', pathType: 'Prefix' }, { path: '/aaa', pathType: 'Prefix' }, { path: '/aaa/bbb', pathType: 'Prefix' }], request: '/aaa/bbb', matches: true, winner: 2 },
  { kind: 'Prefix', paths: [{ path: '/', pathType: 'Prefix' }, { path: '/aaa', pathType: 'Prefix' }, { path: '/aaa/bbb', pathType: 'Prefix' }], request: '/ccc', matches: true, winner: 0 },
  { kind: 'Prefix', paths: [{ path: '/aaa', pathType: 'Prefix' }], request: '/ccc', matches: false },
  { kind: 'Mixed', paths: [{ path: '/foo', pathType: 'Prefix' }, { path: '/foo', pathType: 'Exact' }], request: '/foo', matches: true, winner: 1 },
];

/** The API-level verdict of one path: Exact is string equality, Prefix element-wise. */
const apiMatches = (p: PathRow, request: string): boolean => (p.pathType === 'Exact' ? p.path === request : prefixPathMatches(p.path, request));

/** The rows where ingress-nginx answers otherwise: a Prefix rule path with a trailing slash becomes `/foo/` + `= /foo/`. */
const NGINX_TRAILING_SLASH_DEVIATION = new Set(['/foo/ → /foo', '/aaa/bbb/ → /aaa/bbb']);

describe('Kubernetes Ingress docs: path matching examples', () => {
  it.each(DOC_TABLE.map((r) => [`${r.kind} ${r.paths.map((p) => p.path).join(', ')} → ${r.request}`, r] as const))('%s (API semantics)', (_name, row) => {
    expect(row.paths.some((p) => apiMatches(p, row.request))).toBe(row.matches);
  });

  it.each(DOC_TABLE.map((r) => [`${r.kind} ${r.paths.map((p) => p.path).join(', ')} → ${r.request}`, r] as const))('%s (ingress-nginx routing)', (_name, row) => {
    const servers = buildIngressServers([ingressWith(row.paths)]);
    const route = routeIngressRequest(servers, 'any.example', row.request);
    const key = `${row.paths[0]!.path} → ${row.request}`;
    if (row.paths.length === 1 && NGINX_TRAILING_SLASH_DEVIATION.has(key)) {
      // Named deviation of ingress-nginx from the API table (docs/deviations.md): the default backend answers.
      expect(route.location.isDefaultBackend).toBe(true);
      return;
    }
    const matched = !route.location.isDefaultBackend;
    expect(matched).toBe(row.matches);
    if (row.matches) expect(route.location.backend.service).toBe(`svc${row.winner ?? 0}`);
    else expect(route.location.backend.service).toBeUndefined();
  });

  it.each([
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
  ] as const)('host %s, Host header %s: %s', (rule, header, match) => {
    expect(hostMatchesRule(rule, header)).toBe(match);
    // Through the controller: a wildcard server, else the catch-all (which has no rules here: the default backend).
    const servers = buildIngressServers([{ metadata: { name: 'w' }, spec: { rules: [{ host: rule, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'wild' } } }] } }] } }]);
    expect(routeIngressRequest(servers, header, '/').location.backend.service).toBe(match ? 'wild' : undefined);
  });

  it('a precise host beats a wildcard that also matches; a rule without a host serves other hosts', () => {
    const servers = buildIngressServers([
      {
        metadata: { name: 'ingress-wildcard-host' },
        spec: {
          rules: [
            { host: 'foo.bar.com', http: { paths: [{ pathType: 'Prefix', path: '/bar', backend: { service: { name: 'service1', port: { number: 80 } } } }] } },
            { host: '*.bar.com', http: { paths: [{ pathType: 'Prefix', path: '/foo', backend: { service: { name: 'service2', port: { number: 80 } } } }] } },
            { http: { paths: [{ pathType: 'Prefix', path: '/', backend: { service: { name: 'service3' } } }] } },
          ],
        },
      },
    ]);
    expect(routeIngressRequest(servers, 'foo.bar.com', '/bar').location.backend.service).toBe('service1');
    // foo.bar.com has its own server: its /foo is not looked up in the wildcard's.
    expect(routeIngressRequest(servers, 'foo.bar.com', '/foo').location.isDefaultBackend).toBe(true);
    expect(routeIngressRequest(servers, 'baz.bar.com', '/foo').location.backend.service).toBe('service2');
    expect(routeIngressRequest(servers, 'other.example', '/x').location.backend.service).toBe('service3');
  });
});

describe('ingress-nginx path priority (ingress-path-matching.md)', () => {
  const svc = (name: string) => ({ service: { name, port: { number: 80 } } });

  it('regex paths are ordered by descending length and the first match wins', () => {
    // test-ingress-1 and test-ingress-2 of the example (v1beta1 paths without a pathType: ImplementationSpecific).
    const servers = buildIngressServers([
      { metadata: { name: 'test-ingress-1', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { rules: [{ host: 'test.com', http: { paths: [{ path: '/foo/bar', backend: svc('service1') }, { path: '/foo/bar/', backend: svc('service2') }] } }] } },
      {
        metadata: { name: 'test-ingress-2', creationTimestamp: '2026-01-01T00:00:01Z', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/$1' } },
        spec: { rules: [{ host: 'test.com', http: { paths: [{ path: '/foo/bar/(.+)', backend: svc('service3') }] } }] },
      },
    ]);
    const server = servers.get('test.com')!;
    expect(server.enforceRegex).toBe(true);
    expect(server.locations.map((l) => l.path)).toEqual(['/foo/bar/(.+)', '/foo/bar/', '/foo/bar', '/']);
    expect(routeIngressRequest(servers, 'test.com', '/foo/bar/1').location.backend.service).toBe('service3');
    expect(routeIngressRequest(servers, 'test.com', '/foo/bar/').location.backend.service).toBe('service2');
    expect(routeIngressRequest(servers, 'test.com', '/foo/bar').location.backend.service).toBe('service1');
  });

  it('the warning: /foo/bar/bar goes to the longer regex /foo/bar/[A-Z0-9]{3}, case-insensitively', () => {
    const servers = buildIngressServers([
      {
        metadata: { name: 'test-ingress-3', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } },
        spec: { rules: [{ host: 'test.com', http: { paths: [{ path: '/foo/bar/bar', backend: svc('bar') }, { path: '/foo/bar/[A-Z0-9]{3}', backend: svc('regex') }] } }] },
      },
    ]);
    expect(servers.get('test.com')!.locations.map((l) => l.path)).toEqual(['/foo/bar/[A-Z0-9]{3}', '/foo/bar/bar', '/']);
    expect(routeIngressRequest(servers, 'test.com', '/foo/bar/bar').location.backend.service).toBe('regex');
  });

  it('use-regex on one Ingress makes every path of that host a regex, whichever Ingress defines it', () => {
    const servers = buildIngressServers([
      { metadata: { name: 'plain', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { rules: [{ host: 'test.com', http: { paths: [{ path: '/app', pathType: 'ImplementationSpecific', backend: svc('plain') }] } }] } },
      { metadata: { name: 'rx', creationTimestamp: '2026-01-01T00:00:01Z', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } }, spec: { rules: [{ host: 'test.com', http: { paths: [{ path: '/api/.*', pathType: 'ImplementationSpecific', backend: svc('rx') }] } }] } },
    ]);
    // Case-insensitive under regex: /APP matches ^/app.
    expect(routeIngressRequest(servers, 'test.com', '/APP/x').location.backend.service).toBe('plain');
    expect(routeIngressRequest(servers, 'test.com', '/api/v1').location.backend.service).toBe('rx');
  });

  it('ImplementationSpecific without regex is nginx string-prefix matching', () => {
    const servers = buildIngressServers([{ metadata: { name: 'is' }, spec: { rules: [{ http: { paths: [{ path: '/foo', pathType: 'ImplementationSpecific', backend: svc('is') }] } }] } }]);
    expect(routeIngressRequest(servers, 'h', '/foobar').location.backend.service).toBe('is');
    expect(routeIngressRequest(servers, 'h', '/FOO').location.isDefaultBackend).toBe(true);
  });

  it('the older Ingress keeps a path both define; a default backend answers what no path matches', () => {
    const servers = buildIngressServers([
      { metadata: { name: 'newer', creationTimestamp: '2026-01-02T00:00:00Z' }, spec: { rules: [{ host: 'a.example', http: { paths: [{ path: '/x', pathType: 'Prefix', backend: svc('newer') }] } }] } },
      { metadata: { name: 'older', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { defaultBackend: svc('fallback'), rules: [{ host: 'a.example', http: { paths: [{ path: '/x', pathType: 'Prefix', backend: svc('older') }] } }] } },
      { metadata: { name: 'catch-all', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { defaultBackend: svc('catch') } },
    ]);
    expect(routeIngressRequest(servers, 'a.example', '/x/1').location.backend.service).toBe('older');
    expect(routeIngressRequest(servers, 'a.example', '/y').location.backend.service).toBe('fallback');
    expect(routeIngressRequest(servers, 'b.example', '/y').location.backend.service).toBe('catch');
  });
});

describe('IngressClass', () => {
  const cls = (name: string, isDefault: boolean, controller = 'k8s.io/ingress-nginx') => ({
    metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    spec: { controller },
  });

  it('DefaultIngressClass admission: none, one, or refusal with more than one', () => {
    expect(defaultIngressClassName([cls('a', false)])).toBeUndefined();
    expect(defaultIngressClassName([cls('a', false), cls('b', true)])).toEqual({ name: 'b' });
    expect(defaultIngressClassName([cls('a', true), cls('b', true)])).toEqual({ error: '2 default IngressClasses were found, only 1 allowed' });
  });

  it('the controller serves its class by field or annotation, not another controller\'s nor a classless Ingress', () => {
    const classes = [cls('nginx', false), cls('other', false, 'example.com/other')];
    expect(servedByController({ spec: { ingressClassName: 'nginx' } }, classes)).toBe(true);
    expect(servedByController({ metadata: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } } }, classes)).toBe(true);
    expect(servedByController({ spec: { ingressClassName: 'other' } }, classes)).toBe(false);
    expect(servedByController({ spec: {} }, classes)).toBe(false);
    // No IngressClass objects: the controller's own class name (its chart's class) is served.
    expect(servedByController({ spec: { ingressClassName: 'nginx' } }, [])).toBe(true);
  });
});
