/**
 * `kubesim explain-traffic`: why a call from one workload to a Service is allowed or dropped by NetworkPolicy, in
 * the layout of `kubectl describe` (`Key:\tvalue` through kubectl's tabwriter, nested levels indented by two
 * spaces). For a source pod and each ready endpoint of the destination: the policies that select the source for
 * Egress and the destination for Ingress, the rule that allows each half or, when none does, why each selecting
 * policy's rules do not match (no rules at all is a default deny), and the verdict.
 *
 * Pure: the caller passes the objects as they were at the instant it looks at.
 */
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { labelSelectorAsSelector } from '../api/selector.ts';
import {
  EXTERNAL_CLIENT_IP,
  evaluateConnection,
  namespaceLabelsFrom,
  peerMatches,
  policyPodOf,
  policySelectsPod,
  policyTypesOf,
  portMatches,
  servicePortOn,
  type ConnectionPort,
  type DirectionVerdict,
  type Endpoint,
  type NamespaceLabelsOf,
  type PolicyPod,
  type PolicyType,
} from '../cluster/networkpolicy.ts';
import { KUBECTL_DESCRIBE_TABWRITER, tabwriterFormat } from './tabwriter.ts';

/** A workload whose pods can be a source (Deployment, StatefulSet, DaemonSet, ReplicaSet, Rollout). */
export interface WorkloadLike {
  kind: string;
  metadata: { name: string; namespace: string };
  spec?: { selector?: LabelSelector };
}

/** The objects at the instant looked at. */
export interface TrafficState {
  pods: readonly Pod[];
  services: readonly Service[];
  workloads: readonly WorkloadLike[];
  policies: readonly NetworkPolicy[];
  namespaces: readonly Namespace[];
}

/** The question: calls from `source` (a workload, Service or `pod/NAME`) to `destination` (a Service). */
export interface TrafficQuestion {
  source: string;
  destination: string;
  namespace: string;
  /** How the instant prints (`5m`). */
  at: string;
}

/** The source name that stands for a client outside the cluster (the scenario's external traffic). */
export const EXTERNAL = 'external';

/** Thrown when a side names nothing that exists at the instant. */
export class TrafficQuestionError extends Error {
  override name = 'TrafficQuestionError';
}

/** Splits `frontend→cartservice` or `frontend->cartservice`. */
export function parseTrafficPath(text: string): { source: string; destination: string } {
  const parts = text.split(/→|->/);
  if (parts.length !== 2 || !parts[0]!.trim() || !parts[1]!.trim()) {
    throw new TrafficQuestionError(`expected SOURCE→DESTINATION (or SOURCE->DESTINATION), e.g. frontend→cartservice, got ${JSON.stringify(text)}`);
  }
  return { source: parts[0]!.trim(), destination: parts[1]!.trim() };
}

function byName(a: { metadata?: { name?: string } }, b: { metadata?: { name?: string } }): number {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Pods that take part in traffic: bound, with an IP, not terminating, in the namespace; by name. */
function livePods(state: TrafficState, namespace: string): Pod[] {
  return state.pods
    .filter((p) => (p.metadata?.namespace ?? 'default') === namespace && p.spec?.nodeName && p.status?.podIP && !p.metadata?.deletionTimestamp)
    .sort(byName);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The pods a name on the command line stands for, and how to print it. */
function resolveSide(state: TrafficState, name: string, namespace: string, prefer: 'workload' | 'service'): { label: string; pods: Pod[]; service?: Service } {
  const pods = livePods(state, namespace);
  if (name.startsWith('pod/')) {
    const pod = pods.find((p) => p.metadata?.name === name.slice(4));
    if (!pod) throw new TrafficQuestionError(`pod "${name.slice(4)}" not found (or not running) in namespace ${namespace}`);
    return { label: name, pods: [pod] };
  }
  const service = state.services.find((s) => s.metadata?.name === name && (s.metadata?.namespace ?? 'default') === namespace);
  const workload = [...state.workloads].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)).find((w) => w.metadata.name === name && w.metadata.namespace === namespace);
  const fromService = (svc: Service) => {
    const sel = svc.spec?.selector ?? {};
    const matching = Object.keys(sel).length === 0 ? [] : pods.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata?.labels?.[k] === v));
    return { label: `service/${name}`, pods: matching, service: svc };
  };
  const fromWorkload = (w: WorkloadLike) => {
    const sel = labelSelectorAsSelector(w.spec?.selector);
    return { label: `${w.kind.toLowerCase()}/${name}`, pods: pods.filter((p) => sel.matches(p.metadata?.labels)) };
  };
  if (prefer === 'service' && service) return fromService(service);
  if (workload) return fromWorkload(workload);
  if (service) return fromService(service);
  throw new TrafficQuestionError(`no Service or workload named "${name}" in namespace ${namespace}`);
}

function selectorText(sel: LabelSelector | undefined): string {
  const s = labelSelectorAsSelector(sel ?? {}).toString();
  return s === '' ? '<all>' : s;
}

function peerText(peer: NetworkPolicyPeer): string {
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${selectorText(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${selectorText(peer.podSelector)}`);
  return parts.join(' and ');
}

function portText(p: NetworkPolicyPort): string {
  const proto = p.protocol ?? 'TCP';
  if (p.port === undefined) return `<any>/${proto}`;
  return `${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${proto}`;
}

/** One rule in one line: `spec.ingress[0] (from podSelector app=frontend; ports 5050/TCP)`. */
function ruleText(direction: PolicyType, index: number, rule: NetworkPolicyIngressRule | NetworkPolicyEgressRule): string {
  const peers = (direction === 'Ingress' ? (rule as NetworkPolicyIngressRule).from : (rule as NetworkPolicyEgressRule).to) ?? [];
  const word = direction === 'Ingress' ? 'from' : 'to';
  const peerPart = peers.length === 0 ? `${word} <any>` : `${word} ${peers.map(peerText).join(' or ')}`;
  const ports = rule.ports ?? [];
  const portPart = ports.length === 0 ? 'ports <any>' : `ports ${ports.map(portText).join(', ')}`;
  return `spec.${direction.toLowerCase()}[${index}] (${peerPart}; ${portPart})`;
}

function rulesOf(policy: NetworkPolicy, direction: PolicyType): (NetworkPolicyIngressRule | NetworkPolicyEgressRule)[] {
  return (direction === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress) ?? [];
}

/** Why no rule of one selecting policy matches: default deny, or the part of each rule that does not. */
function whyNot(policy: NetworkPolicy, direction: PolicyType, other: Endpoint, conn: ConnectionPort, destination: Endpoint, nsLabels: NamespaceLabelsOf): string[] {
  const name = policy.metadata?.name ?? '';
  const rules = rulesOf(policy, direction);
  if (rules.length === 0) return [`${name}:\thas no ${direction.toLowerCase()} rules: selected pods are isolated for ${direction.toLowerCase()} (default deny)`];
  return rules.map((rule, i) => {
    const peers = (direction === 'Ingress' ? (rule as NetworkPolicyIngressRule).from : (rule as NetworkPolicyEgressRule).to) ?? [];
    const peerOk = peers.length === 0 || peers.some((p) => peerMatches(p, policy, other, nsLabels));
    const ports = rule.ports ?? [];
    const portOk = ports.length === 0 || ports.some((p) => portMatches(p, conn, destination));
    const misses = [...(peerOk ? [] : [direction === 'Ingress' ? 'the source matches no peer' : 'the destination matches no peer']), ...(portOk ? [] : [`${conn.port}/${conn.protocol} matches no port`])];
    return `${name}:\t${ruleText(direction, i, rule)}: ${misses.join(', ')}`;
  });
}

function podText(p: PolicyPod | Endpoint): string {
  return p.kind === 'pod' ? `${p.name} (${p.ip ?? 'no IP'})` : `external client ${p.ip}`;
}

/** The lines of one direction's verdict. */
function directionLines(
  v: DirectionVerdict,
  policies: readonly NetworkPolicy[],
  subject: PolicyPod,
  other: Endpoint,
  conn: ConnectionPort,
  destination: Endpoint,
  nsLabels: NamespaceLabelsOf,
): string[] {
  const title = v.direction === 'Egress' ? `Egress from ${subject.name}:` : `Ingress to ${subject.name}:`;
  const out = [title];
  if (v.selectedBy.length === 0) {
    out.push(`  Selected by:\t<none> (not isolated for ${v.direction.toLowerCase()}: all traffic allowed)`);
    return out;
  }
  out.push(`  Selected by:\t${v.selectedBy.map((p) => p.name).join(', ')}`);
  if (v.allowedBy) {
    const policy = policies.find((p) => (p.metadata?.namespace ?? 'default') === v.allowedBy!.policy.namespace && p.metadata?.name === v.allowedBy!.policy.name)!;
    out.push(`  Allowed by:\t${v.allowedBy.policy.name} ${ruleText(v.direction, v.allowedBy.rule, rulesOf(policy, v.direction)[v.allowedBy.rule]!)}`);
    return out;
  }
  out.push('  Allowed by:\t<none>');
  const selecting = policies
    .filter((p) => policyTypesOf(p).includes(v.direction) && policySelectsPod(p, subject))
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  out.push('  Not matching:');
  for (const p of selecting) for (const line of whyNot(p, v.direction, other, conn, destination, nsLabels)) out.push(`    ${line}`);
  return out;
}

/** The explanation, kubectl-describe style. Throws {@link TrafficQuestionError} for names that resolve to nothing. */
export function explainTraffic(state: TrafficState, q: TrafficQuestion): string {
  const nsLabels = namespaceLabelsFrom(state.namespaces);
  const external = q.source === EXTERNAL;
  const src = external ? { label: 'external client', pods: [] } : resolveSide(state, q.source, q.namespace, 'workload');
  const dst = resolveSide(state, q.destination, q.namespace, 'service');
  if (!external && src.pods.length === 0) throw new TrafficQuestionError(`${src.label} has no running pod at ${q.at}`);
  const endpoints = dst.pods.filter(isReady);
  const lines: string[] = [];
  const source: Endpoint = external ? { kind: 'external', ip: EXTERNAL_CLIENT_IP } : policyPodOf(src.pods[0]!);
  lines.push(`Source:\t${src.label}`);
  if (source.kind === 'pod') {
    const key = (p: Pod) => selectorText({ matchLabels: p.metadata?.labels ?? {} });
    const same = src.pods.every((p) => key(p) === key(src.pods[0]!));
    const note = src.pods.length === 1 ? '' : same ? ` (first of ${src.pods.length} with the same labels)` : ` (first of ${src.pods.length}; their labels differ: name one with pod/NAME)`;
    lines.push(`  Pod:\t${podText(source)}${note}`);
  } else lines.push(`  Address:\t${source.ip} (outside the cluster: no egress policy applies)`);
  const sp = dst.service?.spec?.ports?.[0];
  lines.push(`Destination:\t${dst.label}${sp ? `, port ${sp.name ? `${sp.name} ` : ''}${sp.port}/${sp.protocol ?? 'TCP'}` : ''}`);
  lines.push(`At:\t${q.at}`);
  const policies = state.policies;
  lines.push(`Policies:\t${policies.length === 0 ? '<none> (nothing is isolated)' : [...policies].sort(byName).map((p) => p.metadata?.name).join(', ')}`);
  if (endpoints.length === 0) {
    lines.push(`Verdict:\tno ready endpoint: calls fail before NetworkPolicy is asked`);
    return tabwriterFormat(`${lines.join('\n')}\n`, KUBECTL_DESCRIBE_TABWRITER);
  }
  let allowed = 0;
  const blocks: string[] = [];
  for (const pod of endpoints) {
    const d = policyPodOf(pod);
    const conn = dst.service ? servicePortOn(dst.service, pod) : { protocol: 'TCP' as const, port: pod.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? 0 };
    const v = evaluateConnection(policies, nsLabels, source, d, conn);
    if (v.allowed) allowed++;
    const block = [
      '',
      `Endpoint:\t${podText(d)}, target port ${conn.port}/${conn.protocol}`,
      ...(source.kind === 'pod' ? directionLines(v.egress, policies, source, d, conn, d, nsLabels) : []),
      ...directionLines(v.ingress, policies, d, source, conn, d, nsLabels),
      `Verdict:\t${v.allowed ? 'ALLOWED' : `DENIED: dropped at the ${v.egress.allowed || source.kind !== 'pod' ? `ingress of ${d.name}` : `egress of ${source.name}`}; the caller sees a connect timeout`}`,
    ];
    blocks.push(...block);
  }
  lines.push(...blocks, '');
  const total = endpoints.length;
  lines.push(
    `Summary:\t${allowed === total ? 'ALLOWED' : allowed === 0 ? 'DENIED' : 'PARTLY ALLOWED'}: ${src.label} reaches ${allowed} of ${total} ready endpoint(s) of ${dst.label}`,
  );
  return tabwriterFormat(`${lines.join('\n')}\n`, KUBECTL_DESCRIBE_TABWRITER);
}
