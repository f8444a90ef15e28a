/**
 * `interpodaffinity/filtering_test.go` TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes and
 * TestPreFilterDisabled (kubernetes, Apache-2.0), restated with upstream's pods, existing pods and nodes, and
 * expected PreFilter Skip and Filter statuses (code and reason).
 * Upstream's namespace objects (`namespaces`: subteam1.team1 and subteam2.team1 labelled team=team1,
 * subteam1.team2 and subteam2.team2 team=team2) reach kubesim as the pods' namespace labels. Upstream's pods in
 * namespace "" live in "default" here (every pod of a row shares it). The two rows with an invalid label value are
 * named deviations: kubesim rejects such a selector when it builds the pod (and the scenario loader when it reads
 * the manifest), so no PreFilter runs; upstream's PreFilter returns UnschedulableAndUnresolvable.
 */
import type { PodAffinityTerm } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newInterPodAffinity } from '../../../src/controllers/scheduler/plugins/InterPodAffinity/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

const UR = 'UnschedulableAndUnresolvable';
const AFFINITY = `${UR}: node(s) didn't match pod affinity rules`;
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING_ANTI = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";
const SKIP = 'skip';

/** Upstream's `namespaces` objects, by name: their labels. */
const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  'subteam1.team1': { team: 'team1' },
  'subteam2.team1': { team: 'team1' },
  'subteam1.team2': { team: 'team2' },
  'subteam2.team2': { team: 'team2' },
};

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
/** `st.MakePod().PodAffinity{In,NotIn,Exists}(key, topologyKey, values)`: one matchExpression. */
const term = (key: string, operator: Op, topologyKey: string, values?: string[]): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] },
  topologyKey,
});

interface PodSpec {
  namespace?: string;
  labels?: Record<string, string>;
  affinity?: PodAffinityTerm[];
  anti?: PodAffinityTerm[];
}
interface Existing extends PodSpec {
  node: string;
}

function buildPod(p: PodSpec) {
  const ns = p.namespace ?? 'default';
  return makePod({
    namespace: ns,
    labels: p.labels ?? {},
    affinity: {
      ...(p.affinity ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: p.affinity } } : {}),
      ...(p.anti ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: p.anti } } : {}),
    },
    opts: { namespaceLabels: NAMESPACE_LABELS[ns] ?? {} },
  });
}

/**
 * PreFilter, then Filter on each node (`nodes`: name → labels) unless it skipped: `skip`, or per node the
 * Filter's `code: reason` or null.
 */
function runOn(nodes: Record<string, Record<string, string>>, pod: PodSpec, existing: Existing[]): 'skip' | (string | null)[] {
  const cache = buildCache(Object.entries(nodes).map(([name, labels]) => makeNodeObj(name, {}, labels)), existing.map((e) => ({ pod: buildPod(e), node: e.node })));
  const incoming = buildPod(pod);
  const plugin = newInterPodAffinity(undefined);
  const state = { pod: incoming, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
  const pre = plugin.preFilter!(state, incoming);
  if (pre?.code === 'Skip') return SKIP;
  expect(pre).toBeNull();
  return Object.keys(nodes).map((_, i) => {
    const s = plugin.filter!(state, incoming, i);
    return s ? `${s.code}: ${s.message()}` : null;
  });
}

/** TestRequiredAffinitySingleNode's node1 (region r1, zone z11): the one verdict, or `skip`. */
function run(pod: PodSpec, existing: Existing[]): string | null {
  // An existing pod on node2 (upstream's snapshot knows node2 only from that pod) needs node2 in kubesim's cache;
  // it has no labels, as upstream's node-less NodeInfo has none.
  const nodes: Record<string, Record<string, string>> = { node1: { region: 'r1', zone: 'z11' } };
  if (existing.some((e) => e.node === 'node2')) nodes.node2 = {};
  const r = runOn(nodes, pod, existing);
  return r === SKIP ? SKIP : r[0]!;
}

const podLabel = { service: 'securityscan' };
const podLabel2 = { security: 'S1' };
/** Upstream's `pod`: labelled service=securityscan, on node1. */
const pod: Existing = { labels: podLabel, node: 'node1' };
const teamSelectorTerm = (topologyKey: string, namespaceSelector: PodAffinityTerm['namespaceSelector']): PodAffinityTerm => ({
  ...term('service', 'In', topologyKey, ['securityscan', 'value2']),
  namespaceSelector,
});
const team1 = { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] };

const rows: { name: string; pod: PodSpec; pods?: Existing[]; want: string | null }[] = [
  { name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', pod: {}, want: SKIP },
  {
    name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
    pod: { labels: podLabel2, affinity: [term('service', 'In', 'region', ['securityscan', 'value2'])] },
    pods: [pod],
    want: null,
  },
  {
    name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
    pod: { labels: podLabel2, affinity: [term('service', 'NotIn', 'region', ['securityscan3', 'value3'])] },
    pods: [pod],
    want: null,
  },
  {
    name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
    pod: { labels: podLabel2, affinity: [{ ...term('service', 'In', '', ['securityscan', 'value2']), namespaces: ['DiffNameSpace'] }] },
    pods: [{ namespace: 'ns', labels: podLabel, node: 'node1' }],
    want: AFFINITY,
  },
  {
    name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    pod: { labels: podLabel, affinity: [term('service', 'In', '', ['antivirusscan', 'value2'])] },
    pods: [pod],
    want: AFFINITY,
  },
  {
    name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
    pod: {
      labels: podLabel2,
      affinity: [
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, topologyKey: 'region' },
      ],
    },
    pods: [pod],
    want: null,
  },
  {
    name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    pod: {
      labels: podLabel2,
      affinity: [
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan2'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, topologyKey: 'region' },
      ],
    },
    pods: [pod],
    want: AFFINITY,
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
    pod: { labels: podLabel2, affinity: [term('service', 'In', 'region', ['securityscan', 'value2'])], anti: [term('service', 'In', 'node', ['antivirusscan', 'value2'])] },
    pods: [pod],
    want: null,
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
    pod: { labels: podLabel2, affinity: [term('service', 'In', 'region', ['securityscan', 'value2'])], anti: [term('service', 'In', 'node', ['antivirusscan', 'value2'])] },
    pods: [{ labels: podLabel, node: 'node1', anti: [term('service', 'In', 'node', ['antivirusscan', 'value2'])] }],
    want: null,
  },
  {
    name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    pod: { labels: podLabel2, affinity: [term('service', 'In', 'region', ['securityscan', 'value2'])], anti: [term('service', 'In', 'zone', ['securityscan', 'value2'])] },
    pods: [pod],
    want: ANTI,
  },
  {
    name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: { labels: podLabel, affinity: [term('service', 'In', 'region', ['securityscan', 'value2'])], anti: [term('service', 'In', 'node', ['antivirusscan', 'value2'])] },
    pods: [{ labels: podLabel, node: 'node1', anti: [term('service', 'In', 'zone', ['securityscan', 'value2'])] }],
    want: EXISTING_ANTI,
  },
  {
    name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
    pod: { labels: podLabel, affinity: [term('service', 'NotIn', 'region', ['securityscan', 'value2'])] },
    pods: [{ labels: { service: 'securityscan' }, node: 'node2' }],
    want: AFFINITY,
  },
  {
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: { labels: podLabel },
    pods: [{ labels: podLabel, node: 'node1', anti: [term('service', 'In', 'zone', ['securityscan', 'value2'])] }],
    want: EXISTING_ANTI,
  },
  {
    name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
    pod: { labels: podLabel },
    pods: [{ labels: podLabel, node: 'node1', anti: [term('service', 'NotIn', 'zone', ['securityscan', 'value2'])] }],
    want: SKIP,
  },
  {
    name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    pod: { labels: podLabel, anti: [term('service', 'Exists', 'region'), term('security', 'Exists', 'region')] },
    pods: [{ labels: podLabel2, node: 'node1', anti: [term('security', 'Exists', 'zone')] }],
    want: ANTI,
  },
  {
    name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: { labels: podLabel, anti: [term('service', 'Exists', 'zone'), term('security', 'Exists', 'zone')] },
    pods: [{ labels: podLabel2, node: 'node1', anti: [term('security', 'Exists', 'zone')] }],
    want: ANTI,
  },
  {
    name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: { labels: podLabel2, anti: [term('security', 'Exists', 'zone')] },
    pods: [{ labels: podLabel, node: 'node1', anti: [term('service', 'Exists', 'zone'), term('security', 'Exists', 'zone')] }],
    want: EXISTING_ANTI,
  },
  {
    name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: { labels: { abc: '', xyz: '' }, anti: [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')] },
    pods: [{ labels: { def: '', xyz: '' }, node: 'node1', anti: [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')] }],
    want: ANTI,
  },
  {
    name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: { labels: { def: '', xyz: '' }, anti: [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')] },
    pods: [{ labels: { abc: '', xyz: '' }, node: 'node1', anti: [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')] }],
    want: ANTI,
  },
  {
    name: 'affinity with NamespaceSelector',
    pod: { labels: podLabel2, affinity: [teamSelectorTerm('region', team1)] },
    pods: [{ namespace: 'subteam1.team1', labels: podLabel, node: 'node1' }],
    want: null,
  },
  {
    name: 'affinity with non-matching NamespaceSelector',
    pod: { labels: podLabel2, affinity: [teamSelectorTerm('region', team1)] },
    pods: [{ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' }],
    want: AFFINITY,
  },
  {
    name: 'anti-affinity with matching NamespaceSelector',
    pod: { namespace: 'subteam1.team1', labels: podLabel2, anti: [teamSelectorTerm('zone', team1)] },
    pods: [{ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' }],
    want: ANTI,
  },
  {
    name: 'anti-affinity with matching all NamespaceSelector',
    pod: { namespace: 'subteam1.team1', labels: podLabel2, anti: [teamSelectorTerm('zone', {})] },
    pods: [{ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' }],
    want: ANTI,
  },
  {
    name: 'anti-affinity with non-matching NamespaceSelector',
    pod: { namespace: 'subteam1.team1', labels: podLabel2, anti: [teamSelectorTerm('zone', team1)] },
    pods: [{ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' }],
    want: null,
  },
];

describe('interpodaffinity filtering_test.go TestRequiredAffinitySingleNode', () => {
  for (const r of rows) it(r.name, () => expect(run(r.pod, r.pods ?? [])).toBe(r.want));

  it.each([
    { name: 'PodAffinity fails PreFilter with an invalid affinity label syntax', affinity: [term('service', 'In', 'region', ['{{.bad-value.}}']), term('service', 'In', 'node', ['antivirusscan', 'value2'])] },
    { name: 'PodAntiAffinity fails PreFilter with an invalid antiaffinity label syntax', affinity: [term('service', 'In', 'region', ['foo']), term('service', 'In', 'node', ['{{.bad-value.}}'])] },
  ])('deviation: $name (kubesim rejects the selector when it builds the pod)', ({ affinity }) => {
    expect(() => buildPod({ labels: podLabel, affinity })).toThrow(/"\{\{\.bad-value\.\}\}"/);
  });
});

const china = { region: 'China' };
const chinaAz1 = { region: 'China', az: 'az1' };
const india = { region: 'India' };
const r1 = (zone: string, hostname: string) => ({ region: 'r1', zone, hostname });
const multipleNodes: { name: string; pod: PodSpec; pods: Existing[]; nodes: Record<string, Record<string, string>>; want: 'skip' | (string | null)[] }[] = [
  {
    name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
    pod: { affinity: [term('foo', 'In', 'region', ['bar'])] },
    pods: [{ labels: { foo: 'bar' }, node: 'node1' }],
    nodes: { node1: china, node2: chinaAz1, node3: india },
    want: [null, null, AFFINITY],
  },
  {
    name: "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
    pod: { labels: { foo: 'bar', service: 'securityscan' }, affinity: [term('foo', 'In', 'zone', ['bar']), term('service', 'In', 'zone', ['securityscan'])] },
    pods: [{ labels: { foo: 'bar' }, node: 'nodeA' }],
    nodes: { nodeA: { zone: 'az1', hostname: 'h1' }, nodeB: { zone: 'az2', hostname: 'h2' } },
    want: [null, null],
  },
  {
    name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
    pod: { labels: { foo: 'bar', service: 'securityscan' }, affinity: [term('foo', 'In', 'zone', ['bar']), term('service', 'In', 'zone', ['securityscan'])] },
    pods: [{ labels: { foo: 'bar' }, node: 'nodeA' }],
    nodes: { nodeA: { zoneLabel: 'az1', hostname: 'h1' }, nodeB: { zoneLabel: 'az2', hostname: 'h2' } },
    want: [AFFINITY, AFFINITY],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
    pod: { anti: [term('foo', 'In', 'region', ['abc'])] },
    pods: [{ labels: { foo: 'abc' }, node: 'nodeA' }],
    nodes: { nodeA: { region: 'r1', hostname: 'nodeA' }, nodeB: { region: 'r1', hostname: 'nodeB' } },
    want: [ANTI, ANTI],
  },
  {
    name: 'This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
    pod: { anti: [term('foo', 'In', 'region', ['abc']), term('service', 'In', 'zone', ['securityscan'])] },
    pods: [{ labels: { foo: 'abc', service: 'securityscan' }, node: 'nodeA' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [ANTI, ANTI],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
    pod: { anti: [term('foo', 'In', 'region', ['abc'])] },
    pods: [{ labels: { foo: 'abc' }, node: 'nodeA' }],
    nodes: { nodeA: china, nodeB: chinaAz1, nodeC: india },
    want: [ANTI, ANTI, null],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
    pod: { namespace: 'NS1', labels: { foo: '123' }, anti: [term('foo', 'In', 'region', ['bar'])] },
    pods: [
      { namespace: 'NS1', labels: { foo: 'bar' }, node: 'nodeA' },
      { namespace: 'NS2', node: 'nodeC', anti: [term('foo', 'In', 'region', ['123'])] },
    ],
    nodes: { nodeA: china, nodeB: chinaAz1, nodeC: india },
    want: [ANTI, ANTI, null],
  },
  {
    name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
    pod: { labels: { foo: '' } },
    pods: [{ node: 'nodeA', anti: [term('foo', 'Exists', 'invalid-node-label')] }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z1', 'nodeB') },
    want: SKIP,
  },
  {
    name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
    pod: { anti: [term('foo', 'Exists', 'invalid-node-label')] },
    pods: [{ labels: { foo: '' }, node: 'nodeA' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z1', 'nodeB') },
    want: [null, null],
  },
  {
    name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
    pod: { labels: { foo: '', bar: '' } },
    pods: [
      { node: 'nodeA', anti: [term('foo', 'Exists', 'zone')] },
      { node: 'nodeA', anti: [term('bar', 'Exists', 'region')] },
    ],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [EXISTING_ANTI, EXISTING_ANTI],
  },
  {
    name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
    pod: { anti: [term('foo', 'Exists', 'zone'), term('bar', 'Exists', 'region')] },
    pods: [{ labels: { foo: '' }, node: 'nodeA' }, { labels: { bar: '' }, node: 'nodeB' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [ANTI, ANTI],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: { labels: { foo: '', bar: '' } },
    pods: [{ node: 'nodeA', anti: [term('foo', 'Exists', 'invalid-node-label'), term('bar', 'Exists', 'zone')] }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [EXISTING_ANTI, null],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: { anti: [term('foo', 'Exists', 'invalid-node-label'), term('bar', 'Exists', 'zone')] },
    pods: [{ labels: { foo: '', bar: '' }, node: 'nodeA' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [ANTI, null],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: { labels: { foo: '', bar: '' } },
    pods: [{ node: 'nodeA', anti: [term('foo', 'Exists', 'region'), term('bar', 'Exists', 'zone')] }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [EXISTING_ANTI, EXISTING_ANTI],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: { anti: [term('foo', 'Exists', 'region'), term('bar', 'Exists', 'zone')] },
    pods: [{ labels: { foo: '', bar: '' }, node: 'nodeA' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [ANTI, ANTI],
  },
  {
    name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
    pod: { labels: { foo: '', bar: '' } },
    pods: [
      { node: 'nodeA', anti: [term('foo', 'Exists', 'zone'), term('labelA', 'Exists', 'zone')] },
      { node: 'nodeB', anti: [term('bar', 'Exists', 'zone'), term('labelB', 'Exists', 'zone')] },
    ],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB'), nodeC: r1('z3', 'nodeC') },
    want: [EXISTING_ANTI, EXISTING_ANTI, null],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
    pod: { affinity: [term('foo', 'Exists', 'region'), term('bar', 'Exists', 'zone')] },
    pods: [{ labels: { foo: '', bar: '' }, node: 'nodeA' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z1', 'nodeB') },
    want: [null, null],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
    pod: { affinity: [term('foo', 'Exists', 'region'), term('bar', 'Exists', 'zone')] },
    pods: [{ labels: { foo: '' }, node: 'nodeA' }, { labels: { bar: '' }, node: 'nodeB' }],
    nodes: { nodeA: r1('z1', 'nodeA'), nodeB: r1('z2', 'nodeB') },
    want: [AFFINITY, AFFINITY],
  },
];

describe('interpodaffinity filtering_test.go TestRequiredAffinityMultipleNodes', () => {
  for (const r of multipleNodes) it(r.name, () => expect(runOn(r.nodes, r.pod, r.pods)).toEqual(r.want));
});

describe('interpodaffinity filtering_test.go TestPreFilterDisabled', () => {
  it('Filter without PreFilter is an Error reading the PreFilter state', () => {
    const cache = buildCache([makeNodeObj('node')]);
    const pod = makePod({});
    const s = newInterPodAffinity(undefined).filter!({ pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] }, pod, 0);
    expect({ code: s?.code, message: s?.message() }).toEqual({ code: 'Error', message: 'error reading "PreFilterInterPodAffinity" from cycleState: not found' });
  });
});
