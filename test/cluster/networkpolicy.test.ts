/**
 * NetworkPolicy evaluation against the truth tables of upstream's e2e suite
 * (kubernetes/kubernetes `test/e2e/network/netpol/network_policy.go`), restated: the same pod topology (namespaces
 * x, y, z; pods a, b, c labelled `pod: <name>`, each serving 80 and 81 on TCP, UDP and SCTP with ports named
 * `serve-<port>-<protocol>`), the same policies (built as upstream's `GenNetworkPolicyWithNameAndPodSelector` /
 * `SetSpecIngressRules` / `SetSpecEgressRules` build them) and the same expected reachability (`NewReachability(all,
 * true)` then `Expect`, `ExpectPeer`, `ExpectAllIngress`, `ExpectAllEgress`, in upstream's order). Loopback pairs are
 * skipped as upstream's `ignoreLoopback` does. Then the examples of the Kubernetes documentation's NetworkPolicy page.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import {
  cidrContains,
  evaluateConnection,
  namespaceLabels,
  policyTypesOf,
  type ConnectionPort,
  type PolicyPod,
  type PolicyType,
  type Protocol,
} from '../../src/cluster/networkpolicy.ts';
import { defaultObject } from '../../src/api/defaults.ts';
import { lookupKind } from '../../src/api/kinds.ts';

const NS_KEY = 'kubernetes.io/metadata.name';
const NAMESPACES = ['x', 'y', 'z'];
const nsLabels = (ns: string) => namespaceLabels(ns, { ns });

function ipOf(pod: string): string {
  const [ns, name] = pod.split('/') as [string, string];
  return `10.244.${NAMESPACES.indexOf(ns)}.${name.charCodeAt(0) - 96 + 10}`;
}

function podOf(id: string, extraLabels: Record<string, string> = {}): PolicyPod {
  const [namespace, name] = id.split('/') as [string, string];
  const ports = [80, 81].flatMap((port) => (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })));
  return { kind: 'pod', namespace, name, labels: { pod: name, ...extraLabels }, ip: ipOf(id), ports };
}

type SetFunc = (p: NetworkPolicy) => void;

/** Upstream's `GenNetworkPolicyWithNameAndPodSelector`. */
function gen(name: string, podSelector: LabelSelector, ...setters: SetFunc[]): NetworkPolicy {
  const p: NetworkPolicy = { metadata: { name }, spec: { podSelector } };
  for (const s of setters) s(p);
  return p;
}
/** Upstream's `GenNetworkPolicyWithNameAndPodMatchLabel`. */
const genML = (name: string, matchLabels: Record<string, string>, ...setters: SetFunc[]): NetworkPolicy => gen(name, { matchLabels }, ...setters);
/** Upstream's `SetSpecIngressRules`: the first call creates the list and adds Ingress to policyTypes. */
const ingress =
  (...rules: NetworkPolicyIngressRule[]): SetFunc =>
  (p) => {
    if (!p.spec!.ingress) {
      p.spec!.ingress = [];
      p.spec!.policyTypes = [...(p.spec!.policyTypes ?? []), 'Ingress'];
    }
    p.spec!.ingress.push(...rules);
  };
const egress =
  (...rules: NetworkPolicyEgressRule[]): SetFunc =>
  (p) => {
    if (!p.spec!.egress) {
      p.spec!.egress = [];
      p.spec!.policyTypes = [...(p.spec!.policyTypes ?? []), 'Egress'];
    }
    p.spec!.egress.push(...rules);
  };
const inNs = (ns: string, policy: NetworkPolicy): NetworkPolicy => ({ ...policy, metadata: { ...policy.metadata, namespace: ns } });

/** Upstream's `Reachability`: a matrix of expectations over the test's pods. */
class Reachability {
  readonly expected = new Map<string, boolean>();
  constructor(readonly pods: string[]) {
    for (const f of pods) for (const t of pods) this.expected.set(`${f}>${t}`, true);
  }
  private static match(peer: { ns?: string; pod?: string }, id: string): boolean {
    const [ns, pod] = id.split('/');
    return (peer.ns === undefined || peer.ns === ns) && (peer.pod === undefined || peer.pod === pod);
  }
  expect(from: string, to: string, v: boolean): this {
    this.expected.set(`${from}>${to}`, v);
    return this;
  }
  expectPeer(from: { ns?: string; pod?: string }, to: { ns?: string; pod?: string }, v: boolean): this {
    for (const f of this.pods) for (const t of this.pods) if (Reachability.match(from, f) && Reachability.match(to, t)) this.expected.set(`${f}>${t}`, v);
    return this;
  }
  expectAllIngress(to: string, v: boolean): this {
    for (const f of this.pods) this.expected.set(`${f}>${to}`, v);
    return this;
  }
  expectAllEgress(from: string, v: boolean): this {
    for (const t of this.pods) this.expected.set(`${from}>${t}`, v);
    return this;
  }
}

/** The observed matrix, in the same shape: "x/a>x/b" → allowed. Loopback skipped (upstream's ignoreLoopback). */
function probe(policies: NetworkPolicy[], pods: string[], conn: ConnectionPort, labels: Record<string, Record<string, string>> = {}): Map<string, boolean> {
  const objs = new Map(pods.map((p) => [p, podOf(p, labels[p])]));
  const out = new Map<string, boolean>();
  for (const f of pods) {
    for (const t of pods) {
      if (f === t) continue;
      out.set(`${f}>${t}`, evaluateConnection(policies, nsLabels, objs.get(f)!, objs.get(t)!, conn).allowed);
    }
  }
  return out;
}

function expectMatrix(policies: NetworkPolicy[], r: Reachability, port: number, protocol: Protocol = 'TCP', labels: Record<string, Record<string, string>> = {}): void {
  const want = new Map([...r.expected].filter(([k]) => k.split('>')[0] !== k.split('>')[1]));
  expect(probe(policies, r.pods, { port, protocol }, labels)).toEqual(want);
}

const podSel = (matchLabels: Record<string, string>): LabelSelector => ({ matchLabels });
const nsSel = (ns: string): LabelSelector => ({ matchLabels: { [NS_KEY]: ns } });
const peer = (p: NetworkPolicyPeer): NetworkPolicyPeer => p;
const tcp = (port: number | string, extra: Partial<NetworkPolicyPort> = {}): NetworkPolicyPort => ({ port, protocol: 'TCP', ...extra });

describe('NetworkPolicy: upstream e2e truth tables (network_policy.go)', () => {
  it("should support a 'default-deny-ingress' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b'];
    const policies = [inNs('x', gen('deny-ingress', {}, ingress()))];
    expectMatrix(policies, new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 80);
  });

  it("should support a 'default-deny-all' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', gen('deny-all', {}, ingress(), egress()))];
    expectMatrix(policies, new Reachability(pods).expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false), 80);
  });

  it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const policies = [inNs('x', genML('x-a-allows-x-b', { pod: 'a' }, ingress({ from: [peer({ podSelector: podSel({ pod: 'b' }) })] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 80);
  });

  it('should enforce policy to allow ingress traffic for a target', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [
      inNs('x', gen('deny-all', {}, ingress())),
      inNs('x', genML('allow-all-to-a', { pod: 'a' }, ingress({ from: [{ podSelector: {}, namespaceSelector: {} }] }))),
    ];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', true).expectAllIngress('x/b', false), 80);
  });

  it('should enforce policy to allow ingress traffic from pods in all namespaces', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', genML('allow-from-another-ns', { pod: 'a' }, ingress({ from: [{ namespaceSelector: { matchLabels: {} } }] })))];
    expectMatrix(policies, new Reachability(pods), 80);
  });

  it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false), 80);
  });

  it('should enforce policy based on PodSelector with MatchExpressions', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const from = [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }];
    const policies = [inNs('x', genML('x-a-allows-x-b', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 80);
  });

  it('should enforce policy based on NamespaceSelector with MatchExpressions', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const from = [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'In', values: ['y'] }] } }];
    const policies = [inNs('x', genML('allow-ns-y-match-selector', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false), 80);
  });

  it('should enforce policy based on PodSelector or NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const from = [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] } }, { podSelector: podSel({ pod: 'b' }) }];
    const policies = [inNs('x', genML('allow-ns-y-match-selector', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expect('x/a', 'x/a', false).expect('x/c', 'x/a', false), 80);
  });

  it('should enforce policy based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'];
    const from = [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] }, podSelector: podSel({ pod: 'b' }) }];
    const policies = [inNs('x', genML('allow-ns-y-podselector-and-nsselector', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true), 80);
  });

  it('should enforce policy based on Multiple PodSelectors and NamespaceSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'];
    const from = [
      {
        namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] },
        podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
      },
    ];
    const policies = [inNs('x', genML('allow-ns-y-z-pod-b-c', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expect('y/a', 'x/a', false), 80);
  });

  it('should enforce policy based on any PodSelectors', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    const from = [{ podSelector: podSel({ pod: 'b' }) }, { podSelector: podSel({ pod: 'c' }) }];
    const policies = [inNs('x', genML('allow-ns-x-pod-b-c', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true), 80);
  });

  it('should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    const from = [{ namespaceSelector: nsSel('y'), podSelector: podSel({ pod: 'a' }) }];
    const policies = [inNs('x', genML('allow-ns-y-pod-a-via-namespace-pod-selector', { pod: 'a' }, ingress({ from })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('y/a', 'x/a', true), 80);
  });

  it('should enforce policy based on Ports', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    const policies = [inNs('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }], ports: [tcp(81)] })))];
    const r = new Reachability(pods)
      .expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false)
      .expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true)
      .expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
    expectMatrix(policies, r, 81);
  });

  it('should enforce multiple, stacked policies with overlapping podSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    const allow81 = inNs('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }], ports: [tcp(81)] })));
    const allow = () =>
      new Reachability(pods)
        .expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false)
        .expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true)
        .expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
    expectMatrix([allow81], allow(), 81);
    expectMatrix([allow81], new Reachability(pods).expectAllIngress('x/a', false), 80);
    const allow80 = inNs('x', genML('allow-client-a-via-ns-selector-80', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }], ports: [tcp(80)] })));
    expectMatrix([allow81, allow80], allow(), 80);
  });

  it('should support allow-all policy', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', genML('allow-all', {}, ingress({})))];
    expectMatrix(policies, new Reachability(pods), 80);
    expectMatrix(policies, new Reachability(pods), 81);
  });

  it('should allow ingress access on one named port', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', genML('allow-all', {}, ingress({ ports: [{ port: 'serve-81-tcp' }] })))];
    expectMatrix(policies, new Reachability(pods), 81);
    expectMatrix(policies, new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 80);
  });

  it('should allow ingress access from namespace on one named port', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', genML('allow-client-a-via-ns-selector-80', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }], ports: [tcp('serve-80-tcp')] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false), 80);
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 81);
  });

  it('should allow egress access on one named port', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', genML('allow-egress', {}, egress({ ports: [{ port: 'serve-80-tcp' }] })))];
    expectMatrix(policies, new Reachability(pods), 80);
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, {}, false), 81);
  });

  it('should enforce updated policy', () => {
    const pods = ['x/a', 'y/a'];
    const policy = inNs('x', genML('allow-all-mutate-to-deny-all', {}, ingress({})));
    expectMatrix([policy], new Reachability(pods), 81);
    const updated: NetworkPolicy = { ...policy, spec: { ...policy.spec!, ingress: [] } };
    expectMatrix([updated], new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 81);
  });

  it('should allow ingress access from updated namespace', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ingress({ from: [{ namespaceSelector: podSel({ ns2: 'updated' }) }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 80);
    // AddNamespaceLabel(y, ns2=updated)
    const labels = (ns: string) => namespaceLabels(ns, ns === 'y' ? { ns, ns2: 'updated' } : { ns });
    const objs = Object.fromEntries(pods.map((p) => [p, podOf(p)]));
    expect(evaluateConnection(policies, labels, objs['y/a']!, objs['x/a']!, { port: 80, protocol: 'TCP' }).allowed).toBe(true);
  });

  it('should allow ingress access from updated pod', () => {
    const pods = ['x/a', 'x/b'];
    const policies = [inNs('x', genML('allow-client-a-via-pod-selector', { pod: 'a' }, ingress({ from: [{ podSelector: podSel({ pod: 'b', pod2: 'updated' }) }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 80);
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 80, 'TCP', { 'x/b': { pod2: 'updated' } });
  });

  it('should deny ingress from pods on other namespaces', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', gen('deny-empty-policy', {}, ingress({ from: [{ podSelector: { matchLabels: {} } }] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'y' }, { ns: 'x' }, false).expectPeer({ ns: 'z' }, { ns: 'x' }, false), 80);
  });

  it('should deny ingress access to updated pod', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', gen('deny-ingress-via-label-selector', podSel({ target: 'isolated' }), ingress()))];
    expectMatrix(policies, new Reachability(pods), 80);
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 80, 'TCP', { 'x/a': { target: 'isolated' } });
  });

  it('should deny egress from pods based on PodSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', gen('deny-egress-pod-a', podSel({ pod: 'a' }), egress()))];
    expectMatrix(policies, new Reachability(pods).expectAllEgress('x/a', false), 80);
  });

  it('should deny egress from all pods in a namespace', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', gen('deny-egress-ns-x', {}, egress()))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, {}, false), 80);
  });

  it('should work with Ingress, Egress specified together', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const policy = genML('allow-client-a-via-pod-selector', { pod: 'a' }, ingress({ from: [{ podSelector: podSel({ pod: 'b' }) }] }));
    policy.spec!.egress = [{ ports: [{ port: 80 }] }];
    policy.spec!.policyTypes = ['Egress', 'Ingress'];
    const policies = [inNs('x', policy)];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 80);
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true), 81);
  });

  it('should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const egressPolicy = inNs('x', genML('allow-to-ns-y-pod-a', { pod: 'a' }, egress({ to: [{ namespaceSelector: nsSel('y'), podSelector: podSel({ pod: 'a' }) }] })));
    const rule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: nsSel('x'), podSelector: podSel({ pod: 'a' }) }] };
    const policies = [egressPolicy, inNs('y', genML('allow-from-xa-on-ya-match-selector', { pod: 'a' }, ingress(rule))), inNs('y', genML('allow-from-xa-on-yb-match-selector', { pod: 'b' }, ingress(rule)))];
    const r = new Reachability(pods)
      .expectPeer({ ns: 'x', pod: 'a' }, {}, false)
      .expectPeer({}, { ns: 'y', pod: 'a' }, false)
      .expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y', pod: 'a' }, true)
      .expectPeer({}, { ns: 'y', pod: 'b' }, false);
    expectMatrix(policies, r, 80);
  });

  it('should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const policies = [inNs('x', genML('allow-to-ns-y-pod-a', { pod: 'a' }, egress({ to: [{ namespaceSelector: nsSel('y'), podSelector: podSel({ pod: 'a' }) }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllEgress('x/a', false).expect('x/a', 'y/a', true), 80);
  });

  it('should enforce ingress policy allowing any port traffic to a server on a specific protocol', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', genML('allow-ingress-by-proto', { pod: 'a' }, ingress({ ports: [{ protocol: 'TCP' }] })))];
    expectMatrix(policies, new Reachability(pods), 80, 'TCP');
    expectMatrix(policies, new Reachability(pods).expectPeer({}, { ns: 'x', pod: 'a' }, false), 80, 'UDP');
  });

  it('should enforce multiple ingress policies with ingress allow-all policy taking precedence', () => {
    const pods = ['x/a', 'y/a'];
    const only80 = inNs('x', genML('allow-ingress-port-80', {}, ingress({ ports: [{ port: 80 }] })));
    expectMatrix([only80], new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 81);
    const all = inNs('x', genML('allow-ingress', {}, ingress({})));
    expectMatrix([only80, all], new Reachability(pods), 81);
  });

  it('should enforce multiple egress policies with egress allow-all policy taking precedence', () => {
    const pods = ['x/a', 'y/a'];
    const only80 = inNs('x', genML('allow-egress-port-80', {}, egress({ ports: [{ port: 80 }] })));
    expectMatrix([only80], new Reachability(pods).expectPeer({ ns: 'x' }, {}, false), 81);
    const all = inNs('x', genML('allow-egress', {}, egress({})));
    expectMatrix([only80, all], new Reachability(pods), 81);
  });

  it('should stop enforcing policies after they are deleted', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', gen('deny-all', {}, ingress(), egress()))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, {}, false).expectPeer({}, { ns: 'x' }, false), 80);
    expectMatrix([], new Reachability(pods), 80);
  });

  it('should allow egress access to server in CIDR block', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const policies = [inNs('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, egress({ to: [{ ipBlock: { cidr: `${ipOf('y/b')}/32` } }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllEgress('x/a', false).expect('x/a', 'y/b', true), 80);
  });

  // Upstream's makeLargeCIDRForIP: the pod IP's /4 block for IPv4.
  const largeCidr = (ip: string): string => `${Math.floor(Number(ip.split('.')[0]) / 16) * 16}.0.0.0/4`;

  it('should enforce except clause while egress access to server in CIDR block', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    const policies = [inNs('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, egress({ to: [{ ipBlock: { cidr: largeCidr(ipOf('x/b')), except: [`${ipOf('x/b')}/32`] } }] })))];
    expectMatrix(policies, new Reachability(pods).expect('x/a', 'x/b', false), 80);
  });

  it('should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    const first = inNs('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, egress({ to: [{ ipBlock: { cidr: largeCidr(ipOf('x/b')), except: [`${ipOf('x/b')}/32`] } }] })));
    expectMatrix([first], new Reachability(pods).expect('x/a', 'x/b', false), 80);
    // UpdatePolicy with the same name replaces the first.
    const second = inNs('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, egress({ to: [{ ipBlock: { cidr: `${ipOf('x/b')}/32` } }] })));
    expectMatrix([second], new Reachability(pods).expectAllEgress('x/a', false).expect('x/a', 'x/b', true), 80);
  });

  it('should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const allowEgress = inNs('x', gen('allow-egress-for-target', podSel({ pod: 'a' }), egress({})));
    expectMatrix([allowEgress], new Reachability(pods), 80);
    const denyIngress = inNs('x', gen('deny-ingress-via-label-selector', podSel({ pod: 'a' }), ingress()));
    expectMatrix([allowEgress, denyIngress], new Reachability(pods).expectAllIngress('x/a', false), 80);
  });

  it("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP", () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', gen('deny-ingress', {}, ingress())), inNs('x', genML('allow-only-sctp-ingress-on-port-81', { pod: 'a' }, ingress({ ports: [{ port: 81, protocol: 'SCTP' }] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 81);
  });

  it("should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP", () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', genML('allow-only-sctp-ingress-on-port-80', { pod: 'a' }, ingress({ ports: [{ port: 80, protocol: 'SCTP' }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 81);
  });

  it('should not allow access by TCP when a policy specifies only UDP', () => {
    const pods = ['x/a', 'y/a'];
    const policies = [inNs('x', genML('allow-only-udp-ingress-on-port-81', { pod: 'a' }, ingress({ ports: [{ port: 81, protocol: 'UDP' }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false), 81);
  });

  it('should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', genML('allow-client-a-via-ns-selector-for-immutable-ns-label', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false), 80);
  });

  it('should enforce policy based on NamespaceSelector with MatchExpressions using default ns label', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const to = [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['y'] }] } }];
    const policies = [inNs('x', genML('allow-ns-y-match-selector-for-immutable-ns-label', { pod: 'a' }, egress({ to })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y' }, false), 80);
  });

  it.each(['UDP', 'SCTP'] as const)("%s: should support a 'default-deny-ingress' policy", (protocol) => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b'];
    expectMatrix([inNs('x', gen('deny-all', {}, ingress()))], new Reachability(pods).expectPeer({}, { ns: 'x' }, false), 80, protocol);
  });

  it.each(['UDP', 'SCTP'] as const)('%s: should enforce policy based on Ports', (protocol) => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const policies = [inNs('x', genML('allow-ingress-on-port-81-ns-x', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y') }], ports: [{ port: 81, protocol }] })))];
    expectMatrix(policies, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false), 81, protocol);
  });

  it.each(['UDP', 'SCTP'] as const)('%s: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', (protocol) => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [inNs('x', genML('allow-ns-y-pod-a-via-namespace-pod-selector', { pod: 'a' }, ingress({ from: [{ namespaceSelector: nsSel('y'), podSelector: podSel({ pod: 'a' }) }] })))];
    expectMatrix(policies, new Reachability(pods).expectAllIngress('x/a', false).expect('y/a', 'x/a', true), 80, protocol);
  });
});

describe('NetworkPolicy: the documentation (concepts/services-networking/network-policies)', () => {
  // The page's test-network-policy: db pods in default isolated both ways; ingress from the 172.17.0.0/16 block
  // except 172.17.1.0/24, from namespaces labelled project=myproject, and from role=frontend pods of default, on
  // TCP 6379; egress to 10.0.0.0/24 on TCP 5978.
  const policy: NetworkPolicy = {
    metadata: { name: 'test-network-policy', namespace: 'default' },
    spec: {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'frontend' } } }],
          ports: [{ protocol: 'TCP', port: 6379 }],
        },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
    },
  };
  const db: PolicyPod = { kind: 'pod', namespace: 'default', name: 'db', labels: { role: 'db' }, ip: '10.0.0.5' };
  const labels = (ns: string) => namespaceLabels(ns, ns === 'myproject' ? { project: 'myproject' } : {});
  const pod = (namespace: string, role: string, ip: string): PolicyPod => ({ kind: 'pod', namespace, name: role, labels: { role }, ip });
  const redis = { port: 6379, protocol: 'TCP' } as const;

  it.each([
    ['a role=frontend pod of default', pod('default', 'frontend', '10.244.0.9'), redis, true],
    ['a role=frontend pod of another namespace', pod('other', 'frontend', '10.244.0.9'), redis, false],
    ['any pod of a project=myproject namespace', pod('myproject', 'worker', '10.244.1.9'), redis, true],
    ['an address in 172.17.0.0/16', { kind: 'external', ip: '172.17.0.20' }, redis, true],
    ['an address in the except block 172.17.1.0/24', { kind: 'external', ip: '172.17.1.20' }, redis, false],
    ['a role=frontend pod on another port', pod('default', 'frontend', '10.244.0.9'), { port: 6380, protocol: 'TCP' }, false],
  ] as const)('ingress to db from %s', (_name, source, conn, allowed) => {
    expect(evaluateConnection([policy], labels, source, db, conn).ingress.allowed).toBe(allowed);
  });

  it.each([
    ['10.0.0.7 on TCP 5978', '10.0.0.7', 5978, true],
    ['10.0.0.7 on TCP 5979', '10.0.0.7', 5979, false],
    ['10.0.1.7 on TCP 5978', '10.0.1.7', 5978, false],
  ] as const)('egress from db to %s', (_name, ip, port, allowed) => {
    const dst = pod('default', 'backend', ip);
    expect(evaluateConnection([policy], labels, db, dst, { port, protocol: 'TCP' }).egress.allowed).toBe(allowed);
  });

  // The page's multi-port example: egress to 10.0.0.0/24 on TCP 32000…32768.
  const range: NetworkPolicy = {
    metadata: { name: 'multi-port-egress', namespace: 'default' },
    spec: { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] },
  };
  it.each([
    [31999, false],
    [32000, true],
    [32500, true],
    [32768, true],
    [32769, false],
  ])('endPort: egress to TCP %i is allowed: %s', (port, allowed) => {
    expect(evaluateConnection([range], labels, db, pod('default', 'backend', '10.0.0.7'), { port, protocol: 'TCP' }).allowed).toBe(allowed);
  });

  it('default deny all ingress and egress, then allow all ingress: ingress opens, egress stays closed', () => {
    const denyAll: NetworkPolicy = { metadata: { name: 'default-deny-all', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const allowIngress: NetworkPolicy = { metadata: { name: 'allow-all-ingress', namespace: 'default' }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } };
    const a = pod('default', 'a', '10.244.0.2');
    const b = pod('default', 'b', '10.244.0.3');
    const v = evaluateConnection([denyAll, allowIngress], labels, a, b, { port: 80, protocol: 'TCP' });
    expect(v.ingress).toEqual({ direction: 'Ingress', selectedBy: [{ namespace: 'default', name: 'allow-all-ingress' }, { namespace: 'default', name: 'default-deny-all' }], allowedBy: { policy: { namespace: 'default', name: 'allow-all-ingress' }, rule: 0 }, allowed: true });
    expect(v.egress).toEqual({ direction: 'Egress', selectedBy: [{ namespace: 'default', name: 'default-deny-all' }], allowed: false });
    expect(v.allowed).toBe(false);
    // A client outside the cluster has no egress to check; an allow-all ingress rule (no from) admits it.
    expect(evaluateConnection([denyAll, allowIngress], labels, { kind: 'external', ip: '203.0.113.1' }, b, { port: 80, protocol: 'TCP' }).allowed).toBe(true);
  });
});

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  it.each([
    ['no types, no egress', {}, ['Ingress']],
    ['no types, egress rules', { egress: [{}] }, ['Ingress', 'Egress']],
    ['no types, egress: []', { egress: [] }, ['Ingress']],
    ['types: [] counts as absent', { policyTypes: [], egress: [{}] }, ['Ingress', 'Egress']],
    ['explicit Egress only', { policyTypes: ['Egress'] }, ['Egress']],
  ])('%s', (_name, spec, want) => {
    const p = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: {}, ...spec } } as NetworkPolicy;
    expect(policyTypesOf(p)).toEqual(want);
    const defaulted = defaultObject(structuredClone(p) as unknown as Record<string, unknown>, lookupKind('networking.k8s.io/v1', 'NetworkPolicy')!) as unknown as NetworkPolicy;
    expect(defaulted.spec?.policyTypes).toEqual(want);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.244.0.0/16', '10.244.3.4', true],
    ['10.244.0.0/16', '10.245.0.1', false],
    ['0.0.0.0/0', '203.0.113.1', true],
    ['10.244.1.7/32', '10.244.1.7', true],
    ['10.244.1.7/32', '10.244.1.8', false],
    ['0.0.0.0/4', '10.244.0.1', true],
    ['16.0.0.0/4', '10.244.0.1', false],
    ['fd00::/8', '10.244.0.1', false],
    ['not-a-cidr', '10.244.0.1', false],
  ])('%s contains %s: %s', (cidr, ip, want) => {
    expect(cidrContains(cidr, ip)).toBe(want);
  });
});

describe('NetworkPolicy invariants (fast-check)', () => {
  const labelsArb = fc.record({ app: fc.constantFrom('a', 'b', 'c'), tier: fc.constantFrom('web', 'db') }, { requiredKeys: ['app'] });
  const selArb: fc.Arbitrary<LabelSelector> = fc.oneof(
    fc.constant({}),
    fc.record({ matchLabels: fc.record({ app: fc.constantFrom('a', 'b', 'c') }) }),
    fc.constant<LabelSelector>({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }),
  );
  const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
    fc.record({ podSelector: selArb }),
    fc.record({ namespaceSelector: fc.constantFrom({}, { matchLabels: { [NS_KEY]: 'x' } }) }),
    fc.record({ podSelector: selArb, namespaceSelector: fc.constantFrom({}, { matchLabels: { [NS_KEY]: 'y' } }) }),
    fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom('10.244.0.0/16', '10.244.1.0/24', '0.0.0.0/0') }) }),
  );
  const portArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
    fc.record({ port: fc.constantFrom(80, 81), protocol: fc.constantFrom('TCP', 'UDP') }),
    fc.record({ port: fc.constant(80), endPort: fc.constant(81) }),
    fc.record({ port: fc.constantFrom('serve-80-tcp', 'serve-81-udp') }),
  );
  const ruleArb = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) });
  const policyArb: fc.Arbitrary<NetworkPolicy> = fc
    .record({
      ns: fc.constantFrom('x', 'y'),
      podSelector: selArb,
      types: fc.constantFrom<PolicyType[][]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      ingress: fc.array(ruleArb, { maxLength: 2 }),
      egress: fc.array(ruleArb, { maxLength: 2 }),
      name: fc.stringMatching(/^[a-z]{1,4}$/),
    })
    .map((p) => ({
      metadata: { name: p.name, namespace: p.ns },
      spec: {
        podSelector: p.podSelector,
        policyTypes: p.types,
        ingress: p.ingress.map((r) => ({ from: r.peers, ports: r.ports })),
        egress: p.egress.map((r) => ({ to: r.peers, ports: r.ports })),
      },
    }));
  const podArb = fc.record({ ns: fc.constantFrom('x', 'y'), labels: labelsArb, host: fc.integer({ min: 2, max: 250 }), subnet: fc.integer({ min: 0, max: 2 }) }).map(
    (p): PolicyPod => ({ ...podOf(`${p.ns}/a`), labels: p.labels, ip: `10.244.${p.subnet}.${p.host}` }),
  );
  const connArb = fc.record({ port: fc.constantFrom(80, 81), protocol: fc.constantFrom<Protocol>('TCP', 'UDP') });

  it('a pod selected by no policy for a direction is allowed in it', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 4 }), podArb, podArb, connArb, (policies, src, dst, conn) => {
        const v = evaluateConnection(policies, nsLabels, src, dst, conn);
        if (v.ingress.selectedBy.length === 0) expect(v.ingress.allowed).toBe(true);
        if (v.egress.selectedBy.length === 0) expect(v.egress.allowed).toBe(true);
        expect(v.allowed).toBe(v.ingress.allowed && v.egress.allowed);
      }),
    );
  });

  it('union: once a pod is isolated, adding a policy never turns an allowed connection into a denied one', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 4 }), policyArb, podArb, podArb, connArb, (policies, extra, src, dst, conn) => {
        const before = evaluateConnection(policies, nsLabels, src, dst, conn);
        const after = evaluateConnection([...policies, extra], nsLabels, src, dst, conn);
        if (before.ingress.selectedBy.length > 0 && before.ingress.allowed) expect(after.ingress.allowed).toBe(true);
        if (before.egress.selectedBy.length > 0 && before.egress.allowed) expect(after.egress.allowed).toBe(true);
      }),
    );
  });

  it('the order of policies does not change a verdict', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 5 }), podArb, podArb, connArb, (policies, src, dst, conn) => {
        const a = evaluateConnection(policies, nsLabels, src, dst, conn);
        const b = evaluateConnection([...policies].reverse(), nsLabels, src, dst, conn);
        expect(b.allowed).toBe(a.allowed);
        expect(b.ingress.selectedBy).toEqual(a.ingress.selectedBy);
      }),
    );
  });
});
