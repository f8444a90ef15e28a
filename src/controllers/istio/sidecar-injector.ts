/**
 * Istio's sidecar injector, the mutating admission webhook that adds `istio-proxy` to a pod when it is created —
 * the one place every controller's pods pass through, so Deployments, StatefulSets, DaemonSets, Jobs and Rollouts
 * all get it.
 *
 * Whether a pod is injected (Istio's webhook configuration plus `injectRequired` in `pkg/kube/inject`):
 * 1. Never with `hostNetwork: true`, nor in `kube-system` / `kube-public`.
 * 2. The namespace label `istio-injection` decides first: `enabled` calls the webhook; any other value
 *    (`disabled`) keeps it away. Without that label, a namespace `istio.io/rev` label calls the revision's webhook.
 * 3. Called from a namespace, the pod's own switch — the label `sidecar.istio.io/inject`, else the annotation of
 *    that name (the label wins when both are set) — injects on a YAML true (`true`, `yes`, `on`, `y`), skips on any
 *    other value (`"false"`), and injects when absent (the namespace's policy is `enabled`).
 * 4. In a namespace with neither label, only the pod *label* `sidecar.istio.io/inject: "true"` injects (Istio's
 *    object-selector webhook); the annotation alone does not.
 *
 * What is injected: the `istio-init` init container and the `istio-proxy` container, each with Istio's default
 * resources (requests 100m CPU and 128Mi, limits 2000m and 1Gi, from the `global.proxy.resources` values), or
 * the pod's `sidecar.istio.io/proxyCPU`, `proxyMemory`, `proxyCPULimit` and `proxyMemoryLimit` annotations; and
 * the `sidecar.istio.io/status` annotation that marks an injected pod.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';

/** The proxy container's name. */
export const ISTIO_PROXY = 'istio-proxy';
/** The init container that sets up traffic redirection (without the Istio CNI plugin). */
export const ISTIO_INIT = 'istio-init';
/** The proxy image the injector's template names (Istio 1.24). */
export const ISTIO_PROXY_IMAGE = 'docker.io/istio/proxyv2:1.24.0';
/** Set by the injector on every pod it injected. */
export const ANNOTATION_SIDECAR_STATUS = 'sidecar.istio.io/status';
/** The per-pod switch (a label, or the older annotation). */
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const LABEL_ISTIO_INJECTION = 'istio-injection';
export const LABEL_ISTIO_REV = 'istio.io/rev';

/** Istio's default proxy resources (`values.global.proxy.resources`). */
export const ISTIO_PROXY_DEFAULT_RESOURCES = Object.freeze({ cpu: '100m', memory: '128Mi', cpuLimit: '2000m', memoryLimit: '1024Mi' });

/** Namespaces the injector never touches. */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);
const YAML_TRUE = new Set(['y', 'yes', 'true', 'on']);

/** Whether Istio injects a sidecar into `pod` created in a namespace with `namespaceLabels`. See the module comment. */
export function injectRequired(pod: Pod, namespaceLabels: Readonly<Record<string, string>>): boolean {
  if (pod.spec?.hostNetwork) return false;
  if (IGNORED_NAMESPACES.has(pod.metadata?.namespace ?? 'default')) return false;
  const labels = pod.metadata?.labels ?? {};
  const nsInjection = namespaceLabels[LABEL_ISTIO_INJECTION];
  const webhookCalled = nsInjection !== undefined ? nsInjection === 'enabled' : namespaceLabels[LABEL_ISTIO_REV] !== undefined;
  if (!webhookCalled) {
    // The object-selector webhook: only for namespaces without either label, on the pod label.
    return nsInjection === undefined && labels[SIDECAR_INJECT] === 'true';
  }
  const value = labels[SIDECAR_INJECT] ?? pod.metadata?.annotations?.[SIDECAR_INJECT];
  if (value === undefined || value === '') return true;
  return YAML_TRUE.has(value.toLowerCase());
}

/** The proxy's resources after the pod's `sidecar.istio.io/proxy*` annotations. */
function proxyResources(pod: Pod): NonNullable<Container['resources']> {
  const a = pod.metadata?.annotations ?? {};
  const d = ISTIO_PROXY_DEFAULT_RESOURCES;
  return {
    requests: { cpu: a['sidecar.istio.io/proxyCPU'] ?? d.cpu, memory: a['sidecar.istio.io/proxyMemory'] ?? d.memory },
    limits: { cpu: a['sidecar.istio.io/proxyCPULimit'] ?? d.cpuLimit, memory: a['sidecar.istio.io/proxyMemoryLimit'] ?? d.memoryLimit },
  };
}

/** `pod` with Istio's sidecar when {@link injectRequired} says so (a new object), else `pod` itself. */
export function injectIstioSidecar(pod: Pod, namespaceLabels: Readonly<Record<string, string>>): Pod {
  if (!injectRequired(pod, namespaceLabels)) return pod;
  if ((pod.spec?.containers ?? []).some((c) => c.name === ISTIO_PROXY)) return pod;
  const resources = proxyResources(pod);
  const proxy: Container = { name: ISTIO_PROXY, image: ISTIO_PROXY_IMAGE, args: ['proxy', 'sidecar'], resources };
  const init: Container = { name: ISTIO_INIT, image: ISTIO_PROXY_IMAGE, args: ['istio-iptables'], resources: structuredClone(resources) };
  const status = JSON.stringify({ initContainers: [ISTIO_INIT], containers: [ISTIO_PROXY], volumes: [], imagePullSecrets: null, revision: namespaceLabels[LABEL_ISTIO_REV] ?? 'default' });
  return {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...(pod.metadata?.annotations ?? {}), [ANNOTATION_SIDECAR_STATUS]: status } },
    spec: {
      ...pod.spec,
      initContainers: [...(pod.spec?.initContainers ?? []), init],
      containers: [...(pod.spec?.containers ?? []), proxy],
    },
  };
}

/** Whether the injector injected `pod`. */
export function hasIstioSidecar(pod: Pod): boolean {
  return pod.metadata?.annotations?.[ANNOTATION_SIDECAR_STATUS] !== undefined;
}
