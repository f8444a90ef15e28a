/**
 * NetworkPolicy evaluation (networking.k8s.io/v1) as the API defines it and every conforming network plugin enforces
 * it; the truth tables of upstream's e2e suite (`test/e2e/network/netpol/network_policy.go`) are the test cases.
 *
 * - A policy selects the pods of its own namespace that match `spec.podSelector` (`{}`: all of them), for each
 *   direction in `spec.policyTypes` (defaulted by `SetDefaults_NetworkPolicy`: Ingress always, Egress when there
 *   are egress rules).
 * - A pod selected by no policy for a direction is not isolated in that direction: everything is allowed. A pod
 *   selected by at least one is isolated: a connection is allowed only if some rule of some selecting policy allows
 *   it (the union; there are no deny rules, and the order of policies does not matter). A policy with the
 *   direction in its types and no rules (`ingress` absent or `[]`) allows nothing: default deny.
 * - A connection from pod A to pod B needs both halves: A's egress must allow it (to B, on B's port) and B's
 *   ingress must allow it (from A, on that port).
 * - A rule allows a connection when one of its peers matches the other side (no `from`/`to`, or an empty list:
 *   any peer, also outside the cluster) and one of its ports matches (no `ports`: every port and protocol).
 * - A peer with `podSelector` alone means pods of the policy's namespace; `namespaceSelector` alone all pods of
 *   the matching namespaces; both in one peer, the pods matching `podSelector` in those namespaces (an AND: two
 *   peers in the list would be an OR). Namespaces are matched on their labels, which always include
 *   `kubernetes.io/metadata.name: <name>` (the API server sets it). `ipBlock` matches an address inside `cidr` and
 *   outside every `except`; it matches pod IPs too, as the e2e suite's CIDR cases require.
 * - A port matches on protocol (default TCP) and number: `port` alone the one port, `port` with `endPort` the
 *   range port…endPort, no `port` every port of the protocol; a named port is resolved on the destination pod
 *   (its container port of that name and protocol; a pod without one does not match), for egress rules too.
 *
 * Pure: the caller passes the policies, the namespaces' labels and both ends of the connection.
 */
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import { labelSelectorAsSelector, type Labels, type Selector } from '../api/selector.ts';

/** The label the API server puts on every Namespace, with the namespace's name as value. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

/**
 * The address external traffic comes from: a client outside the cluster (TEST-NET-3, RFC 5737). Only ipBlock peers
 * (such as `0.0.0.0/0`) and rules without `from` admit it.
 */
export const EXTERNAL_CLIENT_IP = '203.0.113.1';

/** A transport protocol NetworkPolicy ports name. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A policy direction (`spec.policyTypes` entry). */
export type PolicyType = 'Ingress' | 'Egress';

/** A container port of a pod, for named-port resolution. */
export interface NamedPort {
  name: string;
  containerPort: number;
  /** Default TCP. */
  protocol?: string;
}

/** A pod as NetworkPolicy sees it: where it is, its labels, its IP and its named ports. */
export interface PolicyPod {
  kind: 'pod';
  namespace: string;
  name: string;
  labels: Labels;
  /** Pod IP (dotted IPv4); absent while the pod has none, then no ipBlock matches it. */
  ip?: string;
  ports?: readonly NamedPort[];
}

/** A client outside the cluster (external traffic entering through a Service). */
export interface ExternalClient {
  kind: 'external';
  /** Its address (dotted IPv4), matched by ipBlock peers only. */
  ip: string;
}

/** One end of a connection. */
export type Endpoint = PolicyPod | ExternalClient;

/** The destination port of a connection: the port on the destination pod (a Service's targetPort, resolved). */
export interface ConnectionPort {
  protocol: Protocol;
  port: number;
}

/** Which policy (and which of its rules) decided a direction. */
export interface PolicyRef {
  namespace: string;
  name: string;
}

/** The verdict of one direction (the source's egress or the destination's ingress). */
export interface DirectionVerdict {
  direction: PolicyType;
  /** Policies that select the pod for this direction, in (namespace, name) order. Empty: not isolated. */
  selectedBy: readonly PolicyRef[];
  /** The first rule (in policy order, then rule order) that allows the connection; absent when none does. */
  allowedBy?: { policy: PolicyRef; rule: number };
  /** Not isolated, or allowed by a rule. An external client's egress is always allowed (no policy applies to it). */
  allowed: boolean;
}

/** Both halves of a connection and the result. */
export interface ConnectionVerdict {
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  allowed: boolean;
}

/** Returns the labels of a namespace (the caller adds {@link LABEL_METADATA_NAME}, see {@link namespaceLabels}). */
export type NamespaceLabelsOf = (namespace: string) => Labels;

/** A namespace's labels as selectors see them: its own plus `kubernetes.io/metadata.name`. */
export function namespaceLabels(name: string, labels: Labels | undefined): Labels {
  return { ...labels, [LABEL_METADATA_NAME]: name };
}

/** `SetDefaults_NetworkPolicy`'s policy types of a policy (already defaulted objects keep theirs). */
export function policyTypesOf(policy: NetworkPolicy): PolicyType[] {
  const types = policy.spec?.policyTypes ?? [];
  if (types.length > 0) return types.filter((t): t is PolicyType => t === 'Ingress' || t === 'Egress');
  return (policy.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

const compiled = new WeakMap<object, Selector>();

/** A label selector compiled once per object (policies are immutable in the store; edits replace them). */
function selectorOf(sel: object | undefined): Selector | undefined {
  if (sel === undefined) return undefined;
  let s = compiled.get(sel);
  if (!s) {
    s = labelSelectorAsSelector(sel);
    compiled.set(sel, s);
  }
  return s;
}

/** Whether `policy` selects `pod` (same namespace, podSelector matches), regardless of direction. */
export function policySelectsPod(policy: NetworkPolicy, pod: PolicyPod): boolean {
  if ((policy.metadata?.namespace ?? 'default') !== pod.namespace) return false;
  return (selectorOf(policy.spec?.podSelector ?? {}) as Selector).matches(pod.labels);
}

/** Parses dotted IPv4 to an unsigned 32-bit number; undefined for anything else. */
export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

/**
 * Whether an IPv4 address lies in a CIDR (`10.0.0.0/8`). IPv6 CIDRs never contain an IPv4 address (kubesim's pod
 * IPs are IPv4); a malformed CIDR contains nothing (validation reports it).
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf('/');
  if (slash < 0) return false;
  const base = parseIPv4(cidr.slice(0, slash));
  const bitsText = cidr.slice(slash + 1);
  const addr = parseIPv4(ip);
  if (base === undefined || addr === undefined || !/^\d{1,2}$/.test(bitsText)) return false;
  const bits = Number(bitsText);
  if (bits > 32) return false;
  // 2^(32−bits)-sized blocks: compare the block numbers (no 32-bit shifts, which overflow in JS).
  const size = 2 ** (32 - bits);
  return Math.floor(base / size) === Math.floor(addr / size);
}

/** Whether one peer of a rule of `policy` matches `other`. */
export function peerMatches(peer: NetworkPolicyPeer, policy: NetworkPolicy, other: Endpoint, nsLabels: NamespaceLabelsOf): boolean {
  if (peer.ipBlock) {
    if (other.ip === undefined) return false;
    const ip = other.ip;
    return cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, ip));
  }
  if (other.kind !== 'pod') return false;
  const podSel = selectorOf(peer.podSelector);
  const nsSel = selectorOf(peer.namespaceSelector);
  if (podSel === undefined && nsSel === undefined) return false;
  if (nsSel === undefined) {
    if (other.namespace !== (policy.metadata?.namespace ?? 'default')) return false;
  } else if (!nsSel.matches(nsLabels(other.namespace))) return false;
  return podSel === undefined || podSel.matches(other.labels);
}

/** The number of a named port on a pod for a protocol, as network plugins resolve it; undefined when it has none. */
export function resolveNamedPort(pod: PolicyPod, name: string, protocol: Protocol): number | undefined {
  return pod.ports?.find((p) => p.name === name && (p.protocol ?? 'TCP') === protocol)?.containerPort;
}

/** Whether one `ports` entry matches a connection to `destination`. */
export function portMatches(np: NetworkPolicyPort, conn: ConnectionPort, destination: Endpoint): boolean {
  if ((np.protocol ?? 'TCP') !== conn.protocol) return false;
  if (np.port === undefined) return true;
  if (typeof np.port === 'string') return destination.kind === 'pod' && resolveNamedPort(destination, np.port, conn.protocol) === conn.port;
  const end = np.endPort ?? np.port;
  return conn.port >= np.port && conn.port <= end;
}

/** Policies in a stable order: namespace, then name. */
function sortedPolicies(policies: readonly NetworkPolicy[]): NetworkPolicy[] {
  const key = (p: NetworkPolicy): string => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
  return [...policies].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * One direction of a connection for the pod `subject`: its egress towards `other` (`direction` Egress) or its
 * ingress from `other` (Ingress). `destination` is the end whose named ports resolve (the connection's target).
 */
export function evaluateDirection(
  policies: readonly NetworkPolicy[],
  direction: PolicyType,
  subject: PolicyPod,
  other: Endpoint,
  conn: ConnectionPort,
  destination: Endpoint,
  nsLabels: NamespaceLabelsOf,
): DirectionVerdict {
  const selectedBy: PolicyRef[] = [];
  let allowedBy: DirectionVerdict['allowedBy'];
  for (const policy of sortedPolicies(policies)) {
    if (!policyTypesOf(policy).includes(direction) || !policySelectsPod(policy, subject)) continue;
    const ref = { namespace: policy.metadata?.namespace ?? 'default', name: policy.metadata?.name ?? '' };
    selectedBy.push(ref);
    if (allowedBy) continue;
    const rules = (direction === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress) ?? [];
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const peers = (direction === 'Ingress' ? (rule as NetworkPolicyIngressRule).from : (rule as NetworkPolicyEgressRule).to) ?? [];
      const peerOk = peers.length === 0 || peers.some((p) => peerMatches(p, policy, other, nsLabels));
      const ports = rule.ports ?? [];
      const portOk = ports.length === 0 || ports.some((p) => portMatches(p, conn, destination));
      if (peerOk && portOk) {
        allowedBy = { policy: ref, rule: r };
        break;
      }
    }
  }
  const verdict: DirectionVerdict = { direction, selectedBy, allowed: selectedBy.length === 0 || allowedBy !== undefined };
  if (allowedBy) verdict.allowedBy = allowedBy;
  return verdict;
}

/**
 * Whether a connection from `source` to the pod `destination` on `conn` is allowed: the source's egress (when it
 * is a pod) and the destination's ingress.
 */
export function evaluateConnection(
  policies: readonly NetworkPolicy[],
  nsLabels: NamespaceLabelsOf,
  source: Endpoint,
  destination: PolicyPod,
  conn: ConnectionPort,
): ConnectionVerdict {
  const egress: DirectionVerdict =
    source.kind === 'pod' ? evaluateDirection(policies, 'Egress', source, destination, conn, destination, nsLabels) : { direction: 'Egress', selectedBy: [], allowed: true };
  const ingress = evaluateDirection(policies, 'Ingress', destination, source, conn, destination, nsLabels);
  return { egress, ingress, allowed: egress.allowed && ingress.allowed };
}

/** A Pod object as {@link PolicyPod}: namespace, labels, `status.podIP` and its containers' ports. */
export function policyPodOf(pod: Pod): PolicyPod {
  const ports: NamedPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name) ports.push({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' });
  }
  const out: PolicyPod = { kind: 'pod', namespace: pod.metadata?.namespace ?? 'default', name: pod.metadata?.name ?? '', labels: pod.metadata?.labels ?? {}, ports };
  if (pod.status?.podIP) out.ip = pod.status.podIP;
  return out;
}

/** The labels selectors see on a namespace, from its object when there is one. */
export function namespaceLabelsFrom(namespaces: readonly Namespace[]): NamespaceLabelsOf {
  const byName = new Map(namespaces.map((n) => [n.metadata?.name ?? '', n.metadata?.labels]));
  const cache = new Map<string, Labels>();
  return (name) => {
    let l = cache.get(name);
    if (!l) cache.set(name, (l = namespaceLabels(name, byName.get(name))));
    return l;
  };
}

/**
 * The port a call to `service` arrives on at the endpoint `pod`: the Service's first port's `targetPort` (a number;
 * a name resolved on the pod's container ports, as the EndpointSlice controller does; absent: the Service port) and
 * its protocol. A call names no port, so kubesim sends it to the first.
 */
export function servicePortOn(service: Service, pod: Pod): ConnectionPort {
  const sp = service.spec?.ports?.[0];
  const protocol = (sp?.protocol ?? 'TCP') as Protocol;
  const target = sp?.targetPort ?? sp?.port ?? 0;
  if (typeof target === 'number') return { protocol, port: target };
  if (/^\d+$/.test(target)) return { protocol, port: Number(target) };
  const resolved = resolveNamedPort(policyPodOf(pod), target, protocol);
  return { protocol, port: resolved ?? sp?.port ?? 0 };
}
