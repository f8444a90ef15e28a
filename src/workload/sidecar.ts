/**
 * What an Istio sidecar adds to the application model of the pod it is injected into, from the figures of Istio's
 * "Performance and Scalability" page (Istio 1.16.2: 1000 services, 2000 sidecars, 70,000 mesh-wide requests per
 * second):
 *
 * - "The Envoy proxy uses 0.35 vCPU and 40 MB memory per 1000 requests per second going through the proxy": 0.35
 *   millicore-seconds of CPU per request through the proxy. A request to the pod passes its proxy once inbound, and
 *   each call it makes passes it once outbound, so a pod making `c` calls per request spends `0.35 · (1 + c)` ms.
 *   The 40 MB are taken as the proxy's working set, held constant.
 * - "The Envoy proxy adds 2.65 ms to the 90th percentile latency": added to the latency of every request into an
 *   injected pod (one hop: the caller's outbound proxy and this inbound one, as the benchmark measures a hop).
 *
 * The proxy's CPU is part of the pod's usage, so the HPA's Resource metric (the pod's usage over the sum of its
 * containers' requests, the proxy's included) sees it, as upstream. Its limit is its own, though: each container
 * has its own cgroup quota, so the proxy's 2000m limit does not lend the application CPU
 * ({@link sidecarPodCpuLimitMillis}).
 */
import type { AppModel } from './app-model.ts';

/** Proxy CPU per request through it, millicore-seconds (0.35 vCPU per 1000 rps). */
export const ISTIO_PROXY_CPU_PER_REQUEST_MILLIS = 0.35;
/** Proxy working set, bytes (40 MB). */
export const ISTIO_PROXY_MEMORY_BYTES = 40_000_000;
/** Latency the proxies add to a hop, ms (p90 figure). */
export const ISTIO_PROXY_LATENCY_MS = 2.65;

/** `model` with an Istio sidecar's CPU, memory and latency added. */
export function withIstioProxy(model: AppModel): AppModel {
  return {
    ...model,
    cpuPerRequestMillis: model.cpuPerRequestMillis + istioProxyCpuPerRequestMillis(model),
    memoryBaseBytes: model.memoryBaseBytes + ISTIO_PROXY_MEMORY_BYTES,
    baseLatencyMs: model.baseLatencyMs + ISTIO_PROXY_LATENCY_MS,
  };
}

/** The proxy's CPU per request the pod serves, millicore-seconds: inbound once, outbound once per call. */
export function istioProxyCpuPerRequestMillis(model: AppModel): number {
  return ISTIO_PROXY_CPU_PER_REQUEST_MILLIS * (1 + model.calls.reduce((sum, c) => sum + c.perRequest, 0));
}

/**
 * The CPU cap, millicores, of a pod whose application model carries its proxy's work ({@link withIstioProxy}), so
 * that the pod serves what its two containers' own quotas let through: the application container alone manages
 * `appLimit / (c − cp)` requests a second and the proxy `proxyLimit / cp` (c: the model's CPU per request with the
 * proxy's share cp), and the slower of the two, times c, is the cap of the combined work. 0 (no limit) when
 * neither container has one; a container without a limit does not bound the pod.
 *
 * @param appLimitMillis the application containers' CPU limits summed; 0 = none.
 * @param proxyLimitMillis the istio-proxy container's CPU limit; 0 = none.
 * @param model the pod's model, proxy work included.
 */
export function sidecarPodCpuLimitMillis(appLimitMillis: number, proxyLimitMillis: number, model: AppModel): number {
  const total = model.cpuPerRequestMillis;
  const proxy = istioProxyCpuPerRequestMillis(model);
  const app = total - proxy;
  const appRps = appLimitMillis > 0 && app > 0 ? appLimitMillis / app : Infinity;
  const proxyRps = proxyLimitMillis > 0 && proxy > 0 ? proxyLimitMillis / proxy : Infinity;
  const rps = Math.min(appRps, proxyRps);
  return Number.isFinite(rps) ? rps * total : 0;
}
