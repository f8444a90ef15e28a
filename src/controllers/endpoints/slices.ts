/**
 * EndpointSlice computation, as the endpointslice controller does it (`k8s.io/endpointslice`: `utils.go`,
 * `reconciler.go`, `util/controller_utils.go`). Pure: from a Service, the pods and the nodes, the slices the
 * controller wants to exist. The loop (watching, diffing against existing slices, writing) lives beside it.
 *
 * Per pod (`podToEndpoint`):
 *   serving     = the pod's Ready condition is True
 *   terminating = the pod has a deletionTimestamp
 *   ready       = publishNotReadyAddresses || (serving && !terminating)
 * Pods in a terminal phase (Succeeded, Failed) or without an IP are left out (`shouldPodBeInEndpoints`, with
 * terminating pods included). A pod whose node is unknown (including an unscheduled pod: node name "") is skipped
 * unless the Service publishes not-ready addresses; upstream then also returns an error so the Service is
 * requeued, which {@link desiredEndpointSlices} reports in `skipped`.
 *
 * Deviations, on purpose: endpoints are ordered by pod namespace/name (upstream keeps a hash set, so its order is
 * arbitrary; a simulator needs a total order), slices are computed fresh rather than diffed against existing ones
 * (upstream's `reconcileByPortMapping` packing of existing slices is a write-minimising detail), names are left
 * to `generateName`, IPs are not re-canonicalised, and topology hints are not computed.
 */
import type { Node, Pod, PodStatus, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { isPodReady } from '../../cluster/pods.ts';

export { isPodReady };

/** Label naming the Service an EndpointSlice belongs to (`discovery.LabelServiceName`). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Label naming the controller managing a slice (`discovery.LabelManagedBy`). */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** Label set on slices of headless Services (`v1.IsHeadlessService`). */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** The upstream controller's name, the value of {@link LABEL_MANAGED_BY}. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** kube-controller-manager's `--max-endpoints-per-slice` default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
/** Node label carrying the zone (`v1.LabelTopologyZone`). */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** EndpointSlice address types the controller manages. */
export type AddressType = 'IPv4' | 'IPv6';

/** `ShouldPodBeInEndpoints`: not terminal, has an IP, and (unless `includeTerminating`) not being deleted. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** `ShouldSetHostname`: the pod names a hostname and its subdomain is this Service, in the same namespace. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (pod.spec?.hostname ?? '').length > 0 && pod.spec?.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace;
}

function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** `getEndpointAddresses`: the pod IPs of the given family, in `status.podIPs` order. */
export function getEndpointAddresses(podStatus: PodStatus | undefined, addressType: AddressType): string[] {
  const out: string[] = [];
  for (const p of podStatus?.podIPs ?? []) {
    const ip = (p.ip ?? '').trim();
    if (ip === '') continue;
    if (isIPv6(ip) === (addressType === 'IPv6')) out.push(ip);
  }
  return out;
}

/** `podToEndpoint`: one Endpoint for a pod; `node` supplies the zone. */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  // For compatibility, ready is never true for a terminating pod unless publishNotReadyAddresses is set.
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: getEndpointAddresses(pod.status, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, service)) ep.hostname = pod.spec?.hostname;
  return ep;
}

/**
 * `FindPort`: a numeric targetPort is used as is; a named one is looked up among the pod's container ports (then
 * restartable init containers, i.e. sidecars) with the same protocol. An unset targetPort defaults to `port`, as
 * the API server defaults it. Returns undefined when no port matches.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** `getEndpointPorts`: the Service's ports resolved against the pod; ports that cannot be resolved are skipped. */
export function getEndpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports = service.spec?.ports ?? [];
  // A headless Service may have no ports.
  if (ports.length === 0 && service.spec?.clusterIP === 'None') return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** `isServiceIPSet`: the Service has a ClusterIP that is not `None`. */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

/**
 * `getAddressTypesForService`: from `spec.ipFamilies`; failing that, the ClusterIP's family; a headless Service
 * without families gets both. Sorted IPv4 first.
 */
export function getAddressTypesForService(service: Service): AddressType[] {
  const fams = new Set<AddressType>();
  for (const f of service.spec?.ipFamilies ?? []) {
    if (f === 'IPv4') fams.add('IPv4');
    if (f === 'IPv6') fams.add('IPv6');
  }
  if (fams.size === 0) {
    if (isServiceIPSet(service)) fams.add(isIPv6(service.spec?.clusterIP as string) ? 'IPv6' : 'IPv4');
    else {
      fams.add('IPv4');
      fams.add('IPv6');
    }
  }
  return (['IPv4', 'IPv6'] as const).filter((f) => fams.has(f));
}

/**
 * `setEndpointSliceLabels` for a new slice: the Service's labels minus the reserved ones, the headless label when
 * the Service has no ClusterIP, and the service-name and managed-by labels.
 */
export function endpointSliceLabels(service: Service, controllerName = CONTROLLER_NAME): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata?.labels ?? {})) {
    if (k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS) continue;
    out[k] = v;
  }
  if (!isServiceIPSet(service)) out[LABEL_HEADLESS] = '';
  out[LABEL_SERVICE_NAME] = service.metadata?.name ?? '';
  out[LABEL_MANAGED_BY] = controllerName;
  return out;
}

/** `getEndpointSlicePrefix`: `<service>-`, or the bare name when the dash would make it an invalid DNS subdomain. */
export function getEndpointSlicePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  // NameIsDNSSubdomain(prefix, true): the trailing dash is masked as a letter, then the DNS-1123 subdomain rule.
  const masked = `${serviceName}a`;
  return masked.length <= 253 && DNS1123_SUBDOMAIN.test(masked) ? prefix : serviceName;
}

/** `newEndpointSlice`: an empty slice owned by the Service (controller reference), with its labels. */
export function newEndpointSlice(service: Service, ports: EndpointPort[], addressType: AddressType, controllerName = CONTROLLER_NAME): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: getEndpointSlicePrefix(service.metadata?.name ?? ''),
      namespace: service.metadata?.namespace,
      labels: endpointSliceLabels(service, controllerName),
      ownerReferences: [{
        apiVersion: 'v1', kind: 'Service', name: service.metadata?.name ?? '', uid: service.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true,
      }],
    },
    addressType,
    ports,
    endpoints: [],
  };
}

/** Options of {@link desiredEndpointSlices}. */
export interface SliceOptions {
  /** Default {@link DEFAULT_MAX_ENDPOINTS_PER_SLICE} (100). */
  maxEndpointsPerSlice?: number;
  controllerName?: string;
}

/** A pod left out of the slices, with upstream's reason. */
export interface SkippedPod {
  pod: string;
  reason: string;
}

/** True if the pod's labels satisfy the Service's equality selector. */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/**
 * Orders pods of one namespace as their `namespace/name` keys would sort, by comparing the names alone (the shared
 * `namespace/` prefix decides nothing), without building two key strings per comparison.
 */
function compareByName(a: Pod, b: Pod): number {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
}

/**
 * The EndpointSlices the controller wants for a Service: pods in the Service's namespace matching its selector,
 * grouped by resolved ports and address type, at most `maxEndpointsPerSlice` per slice; a placeholder slice
 * (no ports, no endpoints) for an address type with no endpoints. Returns `undefined` for a Service without a
 * selector (the controller does not manage its slices). `nodeByName` resolves nodes (for zone and existence).
 */
export function desiredEndpointSlices(
  service: Service,
  pods: readonly Pod[],
  nodeByName: (name: string) => Node | undefined,
  opts: SliceOptions = {},
): { slices: EndpointSlice[]; skipped: SkippedPod[] } | undefined {
  const selector = service.spec?.selector;
  if (!selector) return undefined;
  const max = opts.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const controllerName = opts.controllerName ?? CONTROLLER_NAME;
  const ns = service.metadata?.namespace;
  const selected = pods
    .filter((p) => p.metadata?.namespace === ns && selectorMatches(selector, p.metadata?.labels))
    .sort(compareByName);
  const slices: EndpointSlice[] = [];
  const skipped: SkippedPod[] = [];
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  for (const addressType of getAddressTypesForService(service)) {
    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
    for (const pod of selected) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = getEndpointPorts(service, pod);
      const key = JSON.stringify([...ports].sort(comparePorts));
      const node = nodeByName(pod.spec?.nodeName ?? '');
      if (!node && !publishNotReady) {
        if (addressType === getAddressTypesForService(service)[0]) {
          skipped.push({ pod: podKey(pod), reason: `skipping Pod ${pod.metadata?.name} for Service ${ns}/${service.metadata?.name}: Node ${pod.spec?.nodeName ?? ''} Not Found` });
        }
        continue;
      }
      const ep = podToEndpoint(pod, node, service, addressType);
      if (ep.addresses.length === 0) continue;
      let g = groups.get(key);
      if (!g) {
        g = { ports, endpoints: [] };
        groups.set(key, g);
      }
      g.endpoints.push(ep);
    }
    if (groups.size === 0) {
      slices.push(newEndpointSlice(service, [], addressType, controllerName));
      continue;
    }
    for (const key of [...groups.keys()].sort()) {
      const g = groups.get(key) as { ports: EndpointPort[]; endpoints: Endpoint[] };
      for (let i = 0; i < g.endpoints.length; i += max) {
        const slice = newEndpointSlice(service, g.ports, addressType, controllerName);
        slice.endpoints = g.endpoints.slice(i, i + max);
        slices.push(slice);
      }
    }
  }
  return { slices, skipped };
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const ka = `${a.name ?? ''}/${a.protocol ?? ''}/${a.port ?? 0}`;
  const kb = `${b.name ?? ''}/${b.protocol ?? ''}/${b.port ?? 0}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
