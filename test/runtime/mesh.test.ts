/** Which policy the mesh applies to a Service (src/runtime/mesh.ts `meshPolicyFor`), from the objects alone. */
import { describe, expect, it } from 'vitest';
import type { DestinationRuleSpec, HTTPRouteSpec, VirtualServiceSpec } from '../../src/api/mesh.ts';
import type { MeshObject } from '../../src/cluster/mesh-routes.ts';
import { istioRetry, meshPolicyFor, type MeshObjects } from '../../src/runtime/mesh.ts';
import { ISTIO_DEFAULT_RETRY, retryFlags } from '../../src/workload/mesh.ts';

const obj = <S>(name: string, spec: S, namespace = 'default'): MeshObject<S> => ({ namespace, name, createdAt: '2026-01-01T00:00:00Z', spec });
const objects = (o: Partial<MeshObjects>): MeshObjects => ({ virtualServices: [], destinationRules: [], httpRoutes: [], ...o });

// argo-rollouts/istio-subset-split.yaml, as the Argo example ships it.
const splitVs = obj<VirtualServiceSpec>('istio-subset-split-vsvc', {
  hosts: ['istio-subset-split'],
  http: [{ name: 'primary', route: [{ destination: { host: 'istio-subset-split', subset: 'stable' }, weight: 100 }, { destination: { host: 'istio-subset-split', subset: 'canary' }, weight: 0 }] }],
});
const splitDr = obj<DestinationRuleSpec>('istio-subset-split-destrule', {
  host: 'istio-subset-split',
  subsets: [{ name: 'stable', labels: { app: 'istio-subset-split' } }, { name: 'canary', labels: { app: 'istio-subset-split' } }],
});

describe('istioRetry (Istio ConvertPolicy)', () => {
  it('no retries field: the default policy; attempts 0: none; otherwise the given attempts and conditions', () => {
    expect(istioRetry(undefined)).toBe(ISTIO_DEFAULT_RETRY);
    expect(istioRetry({ attempts: 0 })).toBeUndefined();
    expect(istioRetry({ attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error' })).toEqual(retryFlags('gateway-error', 3, 2000));
    // attempts without retryOn keep the default conditions (503).
    expect(istioRetry({ attempts: 5 })).toEqual({ ...ISTIO_DEFAULT_RETRY, attempts: 5 });
  });
});

describe('meshPolicyFor', () => {
  it('the Argo istio-subset-split manifests: subsets weighted 100/0 by their labels, the default retry policy, LEAST_REQUEST', () => {
    const m = meshPolicyFor(objects({ virtualServices: [splitVs], destinationRules: [splitDr] }), 'default', 'istio-subset-split', true)!;
    expect(m.subsets).toEqual([
      { subset: 'stable', labels: { app: 'istio-subset-split' }, weight: 100 },
      { subset: 'canary', labels: { app: 'istio-subset-split' }, weight: 0 },
    ]);
    expect(m.policy).toEqual({ timeoutMs: 0, retry: ISTIO_DEFAULT_RETRY, balance: 'least-requests' });
    expect(m.sources).toEqual(['VirtualService default/istio-subset-split-vsvc route primary', 'DestinationRule default/istio-subset-split-destrule']);
  });

  it('a subset the DestinationRule does not define finds no pods (Envoy: no cluster, 503)', () => {
    const m = meshPolicyFor(objects({ virtualServices: [splitVs] }), 'default', 'istio-subset-split', true)!;
    expect(m.subsets!.map((s) => s.labels)).toEqual([undefined, undefined]);
  });

  it('without sidecars the VirtualService and DestinationRule do nothing', () => {
    expect(meshPolicyFor(objects({ virtualServices: [splitVs], destinationRules: [splitDr] }), 'default', 'istio-subset-split', false)).toBeUndefined();
  });

  it('a meshed Service without any object still gets Istio defaults', () => {
    expect(meshPolicyFor(objects({}), 'default', 'cart', true)!.policy).toEqual({ timeoutMs: 0, retry: ISTIO_DEFAULT_RETRY, balance: 'least-requests' });
  });

  it('route timeout, DestinationRule load balancer and outlier detection with Istio defaults', () => {
    const vs = obj<VirtualServiceSpec>('r', { hosts: ['ratings.default.svc.cluster.local'], http: [{ timeout: '10s', retries: { attempts: 0 }, route: [{ destination: { host: 'ratings' } }] }] });
    const dr = obj<DestinationRuleSpec>('r', { host: 'ratings', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, outlierDetection: { consecutive5xxErrors: 7 } } });
    const m = meshPolicyFor(objects({ virtualServices: [vs], destinationRules: [dr] }), 'default', 'ratings', true)!;
    expect(m.policy).toEqual({ timeoutMs: 10_000, balance: 'round-robin' });
    expect(m.subsets).toBeUndefined();
    expect(m.outlier).toEqual({ consecutive5xxErrors: 7, intervalMs: 10_000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 10, minHealthPercent: 0 });
  });

  it('HTTPRoute: backend timeouts and the experimental retry apply to its backends, sidecars or not', () => {
    const route = obj<HTTPRouteSpec>('frontend-route', {
      parentRefs: [{ name: 'istio-gateway' }],
      rules: [{ matches: [{ path: { value: '/' } }], backendRefs: [{ name: 'frontend', port: 80 }], timeouts: { request: '10s', backendRequest: '2s' }, retry: { attempts: 2, codes: [503, 504] } }],
    });
    const m = meshPolicyFor(objects({ httpRoutes: [route] }), 'default', 'frontend', false)!;
    expect(m.policy).toEqual({ timeoutMs: 10_000, retry: retryFlags('503,504', 2, 2000) });
    const bare = obj<HTTPRouteSpec>('frontend-route', { rules: [{ backendRefs: [{ name: 'frontend' }], timeouts: { backendRequest: '2s' } }] });
    expect(meshPolicyFor(objects({ httpRoutes: [bare] }), 'default', 'frontend', false)!.policy).toEqual({ timeoutMs: 2000 });
    expect(meshPolicyFor(objects({ httpRoutes: [bare] }), 'default', 'cart', false)).toBeUndefined();
  });
});
