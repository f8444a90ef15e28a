/**
 * Istio's injection decision (the webhooks' namespace and object selectors plus `injectRequired`) and what it
 * injects; the app model overhead of the proxy.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { hasIstioSidecar, injectIstioSidecar, injectRequired } from '../../../src/controllers/istio/sidecar-injector.ts';
import { DEFAULT_APP_MODEL } from '../../../src/workload/app-model.ts';
import { sidecarPodCpuLimitMillis, withIstioProxy } from '../../../src/workload/sidecar.ts';
import { calculatePodRequests } from '../../../src/controllers/hpa/replica-calculator.ts';

const pod = (opts: { ns?: string; label?: string; annotation?: string; hostNetwork?: boolean; annotations?: Record<string, string> } = {}): Pod => ({
  metadata: {
    name: 'p',
    namespace: opts.ns ?? 'shop',
    ...(opts.label !== undefined ? { labels: { 'sidecar.istio.io/inject': opts.label } } : {}),
    annotations: { ...(opts.annotation !== undefined ? { 'sidecar.istio.io/inject': opts.annotation } : {}), ...(opts.annotations ?? {}) },
  },
  spec: { ...(opts.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '200m' } } }] },
});

describe('injectRequired', () => {
  it.each([
    ['namespace enabled, pod silent', { 'istio-injection': 'enabled' }, {}, true],
    ['namespace enabled, pod annotation "false"', { 'istio-injection': 'enabled' }, { annotation: 'false' }, false],
    ['namespace enabled, pod label "false"', { 'istio-injection': 'enabled' }, { label: 'false' }, false],
    ['namespace enabled, label "true" beats annotation "false"', { 'istio-injection': 'enabled' }, { label: 'true', annotation: 'false' }, true],
    ['namespace enabled, annotation "yes" (YAML true)', { 'istio-injection': 'enabled' }, { annotation: 'yes' }, true],
    ['namespace disabled, pod label "true"', { 'istio-injection': 'disabled' }, { label: 'true' }, false],
    ['namespace revision label, pod silent', { 'istio.io/rev': 'canary' }, {}, true],
    ['istio-injection wins over istio.io/rev', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, {}, false],
    ['no namespace label, pod label "true" (object selector)', {}, { label: 'true' }, true],
    ['no namespace label, pod annotation "true" only', {}, { annotation: 'true' }, false],
    ['no namespace label, pod silent', {}, {}, false],
    ['hostNetwork pod in an enabled namespace', { 'istio-injection': 'enabled' }, { hostNetwork: true }, false],
    ['kube-system is never injected', { 'istio-injection': 'enabled' }, { ns: 'kube-system' }, false],
  ] as const)('%s → %s', (_name, nsLabels, opts, want) => {
    expect(injectRequired(pod(opts), nsLabels)).toBe(want);
  });
});

describe('injectIstioSidecar', () => {
  it('adds istio-init and istio-proxy with Istio\'s default resources and the status annotation', () => {
    const out = injectIstioSidecar(pod(), { 'istio-injection': 'enabled' });
    expect(hasIstioSidecar(out)).toBe(true);
    expect(out.spec!.containers.map((c) => c.name)).toEqual(['app', 'istio-proxy']);
    expect(out.spec!.initContainers!.map((c) => c.name)).toEqual(['istio-init']);
    expect(out.spec!.containers[1]!.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
  });

  it('takes the proxy* annotations', () => {
    const out = injectIstioSidecar(
      pod({ annotations: { 'sidecar.istio.io/proxyCPU': '50m', 'sidecar.istio.io/proxyMemory': '64Mi', 'sidecar.istio.io/proxyCPULimit': '500m', 'sidecar.istio.io/proxyMemoryLimit': '256Mi' } }),
      { 'istio-injection': 'enabled' },
    );
    expect(out.spec!.containers[1]!.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('the HPA\'s Resource metric divides by the pod\'s summed requests, the proxy\'s included (200m + 100m)', () => {
    const out = injectIstioSidecar(pod(), { 'istio-injection': 'enabled' });
    expect(calculatePodRequests([out], '', 'cpu').get('p')).toBe(300);
  });

  it('leaves a pod it does not inject untouched (the same object)', () => {
    const p = pod();
    expect(injectIstioSidecar(p, {})).toBe(p);
  });
});

describe('withIstioProxy (Istio 1.16 performance figures)', () => {
  it('adds 0.35 ms CPU per request through the proxy (inbound and each outbound call), 40 MB and 2.65 ms', () => {
    const base = { ...DEFAULT_APP_MODEL, cpuPerRequestMillis: 1, calls: [{ service: 'a', perRequest: 2 }, { service: 'b', perRequest: 0.5 }] };
    const m = withIstioProxy(base);
    expect(m.cpuPerRequestMillis).toBeCloseTo(1 + 0.35 * 3.5, 12);
    expect(m.memoryBaseBytes).toBe(base.memoryBaseBytes + 40_000_000);
    expect(m.baseLatencyMs).toBeCloseTo(base.baseLatencyMs + 2.65, 12);
  });
});

describe('sidecarPodCpuLimitMillis: each container keeps its own CPU quota', () => {
  // 5 ms of application CPU a request, no calls: the proxy adds 0.35 ms, 5.35 ms in all.
  const m = withIstioProxy({ ...DEFAULT_APP_MODEL, cpuPerRequestMillis: 5, calls: [] });
  it.each([
    ['the app limit binds: 500m / 5 ms = 100 rps, times 5.35 ms', 500, 2000, 535],
    ['the proxy limit binds: 20m / 0.35 ms ≈ 57 rps', 500, 20, (20 / 0.35) * 5.35],
    ['no app limit: the proxy alone bounds the pod', 0, 2000, (2000 / 0.35) * 5.35],
    ['no limit at all: unlimited (0)', 0, 0, 0],
  ])('%s', (_name, app, proxy, want) => {
    expect(sidecarPodCpuLimitMillis(app, proxy, m)).toBeCloseTo(want, 9);
  });
});
