/**
 * Route resolution of the service mesh: Istio's host and match semantics and Gateway API's match precedence, with
 * the cases of their documentation and the Gateway API conformance suite.
 */
import { describe, expect, it } from 'vitest';
import type { GatewayHTTPRouteMatch, HTTPRouteSpec, IstioHTTPRoute, VirtualServiceSpec } from '../../src/api/mesh.ts';
import {
  DEFAULT_REQUEST,
  compareGatewayMatches,
  gatewayMatches,
  hostSpecificity,
  istioStringMatches,
  resolveHost,
  selectGatewayRule,
  selectIstioRoute,
  virtualServiceFor,
  type MeshObject,
  type MeshRequest,
} from '../../src/cluster/mesh-routes.ts';

const req = (path: string, headers: Record<string, string> = {}, method = 'GET'): MeshRequest => ({ path, method, headers });

describe('Istio hosts', () => {
  // virtual-service reference, `hosts`: a short name is interpreted relative to the rule's namespace.
  it.each([
    ['reviews', 'default', 'reviews.default.svc.cluster.local'],
    ['reviews', 'foo', 'reviews.foo.svc.cluster.local'],
    ['reviews.prod', 'foo', 'reviews.prod.svc.cluster.local'],
    ['reviews.prod.svc.cluster.local', 'foo', 'reviews.prod.svc.cluster.local'],
    ['*.prod.svc.cluster.local', 'foo', '*.prod.svc.cluster.local'],
  ])('%s in namespace %s is %s', (host, ns, fqdn) => expect(resolveHost(host, ns)).toBe(fqdn));

  it('an exact host beats a wildcard, a longer wildcard a shorter one, and other names do not match', () => {
    const fqdn = 'reviews.prod.svc.cluster.local';
    const exact = hostSpecificity('reviews', 'prod', fqdn);
    const wild = hostSpecificity('*.prod.svc.cluster.local', 'x', fqdn);
    const wider = hostSpecificity('*.svc.cluster.local', 'x', fqdn);
    expect(exact).toBeGreaterThan(wild);
    expect(wild).toBeGreaterThan(wider);
    expect(wider).toBeGreaterThan(hostSpecificity('*', 'x', fqdn));
    expect(hostSpecificity('ratings', 'prod', fqdn)).toBe(0);
    expect(hostSpecificity('reviews', 'default', fqdn)).toBe(0);
  });

  const vs = (name: string, hosts: string[], createdAt: string, gateways?: string[]): MeshObject<VirtualServiceSpec> => ({
    namespace: 'prod', name, createdAt, spec: { hosts, ...(gateways ? { gateways } : {}), http: [] },
  });
  it('the most specific VirtualService applies; on a tie the oldest; gateway-only ones never apply to the mesh', () => {
    const fqdn = 'reviews.prod.svc.cluster.local';
    expect(virtualServiceFor([vs('wild', ['*.prod.svc.cluster.local'], '1'), vs('exact', ['reviews'], '2')], fqdn)?.name).toBe('exact');
    expect(virtualServiceFor([vs('b', ['reviews'], '2'), vs('a', ['reviews'], '1')], fqdn)?.name).toBe('a');
    expect(virtualServiceFor([vs('b', ['reviews'], '1'), vs('a', ['reviews'], '1')], fqdn)?.name).toBe('a');
    expect(virtualServiceFor([vs('gw', ['reviews'], '1', ['bookinfo-gateway'])], fqdn)).toBeUndefined();
    expect(virtualServiceFor([vs('both', ['reviews'], '1', ['bookinfo-gateway', 'mesh'])], fqdn)?.name).toBe('both');
  });
});

describe('Istio StringMatch and HTTP routes', () => {
  it.each<[Record<string, string>, string, boolean]>([
    [{ exact: '/productpage' }, '/productpage', true],
    [{ exact: '/productpage' }, '/productpage/x', false],
    [{ prefix: '/api/v1' }, '/api/v1/users', true],
    [{ prefix: '/api/v1' }, '/api/v2', false],
    // RE2, anchored: Envoy's safe_regex matches the whole value.
    [{ regex: '/reviews/[0-9]+' }, '/reviews/12', true],
    [{ regex: '/reviews/[0-9]+' }, '/reviews/12/x', false],
  ])('%o against %s: %s', (m, value, ok) => expect(istioStringMatches(m, value)).toBe(ok));

  // The reference's first example: requests from user jason go to v2, everything else to v3.
  const reviews: IstioHTTPRoute[] = [
    { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    { route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
  ];
  it('the first route whose match matches wins; a header match needs the header', () => {
    expect(selectIstioRoute(reviews, req('/', { 'end-user': 'jason' }))).toBe(0);
    expect(selectIstioRoute(reviews, req('/', { 'end-user': 'kim' }))).toBe(1);
    expect(selectIstioRoute(reviews, DEFAULT_REQUEST)).toBe(1);
  });

  // The reference's HTTPMatchRequest example: prefix /ratings/v2/ and ignoreUriCase, else a catch-all.
  const ratings: IstioHTTPRoute[] = [
    { match: [{ uri: { prefix: '/ratings/v2/' }, ignoreUriCase: true }], route: [{ destination: { host: 'ratings.prod.svc.cluster.local' } }] },
    { match: [{ uri: { exact: '/wpcatalog' } }, { uri: { exact: '/consumercatalog' } }], route: [{ destination: { host: 'productpage' } }] },
  ];
  it.each([
    ['/ratings/v2/1', 0],
    ['/RATINGS/V2/1', 0],
    ['/consumercatalog', 1],
    ['/wpcatalog', 1],
    ['/ratings/v1/1', -1],
  ])('%s takes route %i (-1: no route, Envoy answers 404)', (path, i) => expect(selectIstioRoute(ratings, req(path))).toBe(i));
});

describe('Gateway API matching', () => {
  it.each<[GatewayHTTPRouteMatch, string, boolean]>([
    [{}, '/anything', true],
    [{ path: { type: 'PathPrefix', value: '/foo' } }, '/foo', true],
    [{ path: { type: 'PathPrefix', value: '/foo' } }, '/foo/bar', true],
    // PathPrefix matches whole path elements: /foo does not match /foobar.
    [{ path: { type: 'PathPrefix', value: '/foo' } }, '/foobar', false],
    [{ path: { type: 'PathPrefix', value: '/foo/' } }, '/foo', true],
    [{ path: { type: 'Exact', value: '/foo' } }, '/foo/', false],
    [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } }, '/v2/x', true],
  ])('%o against %s: %s', (m, path, ok) => expect(gatewayMatches(m, req(path))).toBe(ok));

  const route = (name: string, createdAt: string, rules: HTTPRouteSpec['rules']): MeshObject<HTTPRouteSpec> => ({ namespace: 'gateway-conformance-infra', name, createdAt, spec: { rules } });

  // Conformance HTTPRouteMatching (conformance/tests/httproute-matching.go): one route, two rules, each with a path
  // match and a header match; upstream's six requests and the backend each must reach.
  const matching = route('matching', '1', [
    { matches: [{ path: { type: 'PathPrefix', value: '/' } }, { headers: [{ name: 'version', value: 'one' }] }], backendRefs: [{ name: 'infra-backend-v1' }] },
    { matches: [{ path: { type: 'PathPrefix', value: '/v2' } }, { headers: [{ name: 'version', value: 'two' }] }], backendRefs: [{ name: 'infra-backend-v2' }] },
  ]);
  it.each<[string, Record<string, string>, string]>([
    ['/', {}, 'infra-backend-v1'],
    ['/example', {}, 'infra-backend-v1'],
    ['/', { version: 'one' }, 'infra-backend-v1'],
    ['/v2', {}, 'infra-backend-v2'],
    ['/v2/example', {}, 'infra-backend-v2'],
    ['/', { version: 'two' }, 'infra-backend-v2'],
  ])('HTTPRouteMatching: %s %o reaches %s', (path, headers, backend) => {
    const m = selectGatewayRule([matching], req(path, headers))!;
    expect(m.route.spec.rules![m.ruleIndex]!.backendRefs![0]!.name).toBe(backend);
  });

  it('precedence: Exact, longest prefix, method, most headers, most query params, oldest route, name, rule order', () => {
    const a = route('a', '2', []);
    const b = route('b', '1', []);
    const c = (m: object, r = a, ruleIndex = 0) => ({ route: r, ruleIndex, match: m });
    const sorted = [
      c({ path: { type: 'PathPrefix', value: '/' } }, a, 1),
      c({ path: { type: 'PathPrefix', value: '/' } }, b),
      c({ path: { type: 'PathPrefix', value: '/' }, queryParams: [{ name: 'q', value: '1' }] }),
      c({ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x', value: '1' }] }),
      c({ path: { type: 'PathPrefix', value: '/' }, method: 'GET' }),
      c({ path: { type: 'PathPrefix', value: '/foo' } }),
      c({ path: { type: 'Exact', value: '/' } }),
    ].sort(compareGatewayMatches);
    expect(sorted.map((m) => JSON.stringify(m.match) + m.route.name + m.ruleIndex)).toEqual([
      '{"path":{"type":"Exact","value":"/"}}a0',
      '{"path":{"type":"PathPrefix","value":"/foo"}}a0',
      '{"path":{"type":"PathPrefix","value":"/"},"method":"GET"}a0',
      '{"path":{"type":"PathPrefix","value":"/"},"headers":[{"name":"x","value":"1"}]}a0',
      '{"path":{"type":"PathPrefix","value":"/"},"queryParams":[{"name":"q","value":"1"}]}a0',
      '{"path":{"type":"PathPrefix","value":"/"}}b0',
      '{"path":{"type":"PathPrefix","value":"/"}}a1',
    ]);
  });
});
