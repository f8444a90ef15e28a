/**
 * `podtopologyspread/filtering_test.go` (kubernetes, Apache-2.0) TestSingleConstraint, TestMultipleConstraints and
 * TestPreFilterDisabled, restated with upstream's pods, nodes, existing pods and expected Filter status code per
 * node. Upstream runs these with `DefaultingType: List` and no default constraints; the rows that set a node
 * inclusion policy run with the NodeInclusionPolicyInPodTopologySpread gate on, as kubesim always is (with the
 * gate off upstream uses Honor/Ignore, the defaults every other row leaves in place, so every row applies).
 * As upstream's rows say, only PodTopologySpread runs: a node another plugin would reject can still pass here.
 */
import type { NodeSelectorRequirement, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodTopologySpread } from '../../../src/controllers/scheduler/plugins/PodTopologySpread/index.ts';
import { buildCache, exists, fixedRng, makeNodeObj, makePod, spread } from './helpers.ts';

type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable';
const OK: Code = 'Success';
const UN: Code = 'Unschedulable';
const UR: Code = 'UnschedulableAndUnresolvable';

const foo = exists('foo');
const bar = exists('bar');
/** Upstream's `taints`: the unschedulable taint, NoSchedule. */
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];
const required = (...matchExpressions: NodeSelectorRequirement[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });

interface Existing {
  name: string;
  node: string;
  labels: Record<string, string>;
  namespace?: string;
  terminating?: boolean;
}
interface Row {
  name: string;
  pod: { labels: Record<string, string>; spread: TopologySpreadConstraint[]; nodeSelector?: Record<string, string>; affinity?: ReturnType<typeof required> };
  nodes: { name: string; labels: Record<string, string>; taints?: Taint[] }[];
  existing?: Existing[];
  want: Record<string, Code>;
}

/** Upstream's four nodes: node-a and node-b in zone1, node-x and node-y in zone2, each labelled `node: <name>`. */
const fourNodes = ['node-a', 'node-b', 'node-x', 'node-y'].map((n) => ({ name: n, labels: { zone: n < 'node-x' ? 'zone1' : 'zone2', node: n } }));
const pods = (spec: [string, string, Record<string, string>?][]): Existing[] => spec.map(([name, node, labels]) => ({ name, node, labels: labels ?? { foo: '' } }));
/** 2/1/0/3 over node-a, node-b, node-x, node-y. */
const spread2103 = pods([['p-a1', 'node-a'], ['p-a2', 'node-a'], ['p-b1', 'node-b'], ['p-y1', 'node-y'], ['p-y2', 'node-y'], ['p-y3', 'node-y']]);
const threeNodes = ['node-a', 'node-b', 'node-c'].map((n) => ({ name: n, labels: { node: n } }));
const spread221 = pods([['p-a1', 'node-a'], ['p-a2', 'node-a'], ['p-b1', 'node-b'], ['p-b2', 'node-b'], ['p-c1', 'node-c']]);
/** Nodes of the inclusion-policy rows: node-a..node-x labelled foo, node-y not. */
const policyNodes = (y: { labels?: Record<string, string>; taints?: Taint[] } = {}) => [
  ...['node-a', 'node-b', 'node-x'].map((n) => ({ name: n, labels: { node: n, foo: '' } })),
  { name: 'node-y', labels: y.labels ?? { node: 'node-y' }, ...(y.taints ? { taints: y.taints } : {}) },
];
const policyPods = pods([['p-b1', 'node-a'], ['p-b2', 'node-b'], ['p-y1', 'node-y']]);
const zoneOf = (n: string) => (n < 'node-x' ? 'zone1' : 'zone2');
const zonedPolicyNodes = (fooOn: string[], taintY: boolean) =>
  ['node-a', 'node-b', 'node-x', 'node-y'].map((n) => ({
    name: n,
    labels: { zone: zoneOf(n), node: n, ...(fooOn.includes(n) ? { foo: '' } : {}) },
    ...(taintY && n === 'node-y' ? { taints } : {}),
  }));
const zonedPolicyPods = pods([['p-a1', 'node-a'], ['p-b1', 'node-b'], ['p-y1', 'node-y']]);

const singleConstraint: Row[] = [
  { name: 'no existing pods', pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo)] }, nodes: fourNodes, want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK } },
  { name: "no existing pods, incoming pod doesn't match itself", pod: { labels: { foo: '' }, spread: [spread(1, 'zone', bar)] }, nodes: fourNodes, want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK } },
  {
    name: 'existing pods in a different namespace do not count',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo)] },
    nodes: fourNodes,
    existing: [
      { name: 'p-a1', node: 'node-a', labels: { foo: '' }, namespace: 'ns1' },
      { name: 'p-b1', node: 'node-a', labels: { foo: '' }, namespace: 'ns2' },
      ...pods([['p-x1', 'node-x'], ['p-y1', 'node-y']]),
    ],
    want: { 'node-a': OK, 'node-b': OK, 'node-x': UN, 'node-y': UN },
  },
  {
    name: 'existing pods do not match null selector',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', undefined)] },
    nodes: fourNodes,
    existing: pods([['p-x1', 'node-x'], ['p-y1', 'node-y']]),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'pods spread across zones as 3/3, all nodes fit',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo)] },
    nodes: fourNodes,
    existing: spread2103,
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo)] },
    nodes: fourNodes.map((n) => (n.name === 'node-b' ? { name: 'node-b', labels: { zon: 'zone1', node: 'node-b' } } : n)),
    existing: pods([['p-a1', 'node-a'], ['p-b1', 'node-b'], ['p-x1', 'node-x'], ['p-y1', 'node-y']]),
    want: { 'node-a': OK, 'node-b': UR, 'node-x': UN, 'node-y': UN },
  },
  {
    name: "pod cannot be scheduled as all nodes don't have label 'rack'",
    pod: { labels: { foo: '' }, spread: [spread(1, 'rack', foo)] },
    nodes: [fourNodes[0]!, fourNodes[2]!],
    want: { 'node-a': UR, 'node-x': UR },
  },
  { name: 'pods spread across nodes as 2/1/0/3, only node-x fits', pod: { labels: { foo: '' }, spread: [spread(1, 'node', foo)] }, nodes: fourNodes, existing: spread2103, want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN } },
  {
    name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
    pod: { labels: { foo: '' }, spread: [spread(2, 'node', foo)] },
    nodes: fourNodes,
    existing: spread2103,
    want: { 'node-a': UN, 'node-b': OK, 'node-x': OK, 'node-y': UN },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
    pod: { labels: { bar: '' }, spread: [spread(1, 'node', foo)] },
    nodes: fourNodes,
    existing: spread2103,
    want: { 'node-a': UN, 'node-b': OK, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
    pod: { labels: { foo: '' }, affinity: required({ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }), spread: [spread(1, 'node', foo)] },
    nodes: fourNodes,
    existing: spread2103,
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'terminating Pods should be excluded',
    pod: { labels: { foo: '' }, spread: [spread(1, 'node', foo)] },
    nodes: [{ name: 'node-a', labels: { node: 'node-a' } }, { name: 'node-b', labels: { node: 'node-b' } }],
    existing: [{ name: 'p-a', node: 'node-a', labels: { foo: '' }, terminating: true }, ...pods([['p-b', 'node-b']])],
    want: { 'node-a': OK, 'node-b': UN },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
    pod: { labels: { foo: '' }, affinity: required({ key: 'node', operator: 'NotIn', values: ['node-b'] }), spread: [spread(1, 'zone', foo)] },
    nodes: fourNodes,
    existing: pods([['p-b1', 'node-b'], ['p-b2', 'node-b'], ['p-y1', 'node-y']]),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': UN, 'node-y': UN },
  },
  {
    name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
    pod: { labels: { foo: '' }, spread: [spread(2, 'node', foo, { minDomains: 4 })] },
    nodes: threeNodes,
    existing: spread221,
    want: { 'node-a': UN, 'node-b': UN, 'node-c': OK },
  },
  {
    name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
    pod: { labels: { foo: '' }, spread: [spread(2, 'node', foo, { minDomains: 2 })] },
    nodes: threeNodes,
    existing: spread221,
    want: { 'node-a': OK, 'node-b': OK, 'node-c': OK },
  },
  {
    name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
    pod: { labels: { foo: '' }, spread: [spread(2, 'zone', foo, { minDomains: 3 })] },
    nodes: fourNodes,
    existing: pods([['p-b1', 'node-a'], ['p-b2', 'node-b'], ['p-y1', 'node-y']]),
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit',
    pod: { labels: { foo: '' }, spread: [spread(2, 'zone', foo, { minDomains: 1 })] },
    nodes: fourNodes,
    existing: pods([['p-b1', 'node-a'], ['p-b2', 'node-b'], ['p-y1', 'node-y']]),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'NodeAffinityPolicy honored with labelSelectors',
    pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [spread(1, 'node', foo)] },
    nodes: policyNodes(),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'NodeAffinityPolicy ignored with labelSelectors',
    pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [spread(1, 'node', foo, { affinity: 'Ignore' })] },
    nodes: policyNodes(),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'NodeAffinityPolicy honored with nodeAffinity',
    pod: { labels: { foo: '' }, affinity: required({ key: 'foo', operator: 'In', values: [''] }), spread: [spread(1, 'node', foo)] },
    nodes: policyNodes(),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': OK },
  },
  {
    // Upstream gives this row the name of the nodeSelector row above; its pod has required node affinity.
    name: 'NodeAffinityPolicy ignored with labelSelectors (the nodeAffinity row)',
    pod: { labels: { foo: '' }, affinity: required({ key: 'foo', operator: 'In', values: [''] }), spread: [spread(1, 'node', foo, { affinity: 'Ignore' })] },
    nodes: policyNodes(),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'NodeTaintsPolicy honored',
    pod: { labels: { foo: '' }, spread: [spread(1, 'node', foo, { taints: 'Honor' })] },
    nodes: policyNodes({ taints }),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': OK },
  },
  {
    name: 'NodeTaintsPolicy ignored',
    pod: { labels: { foo: '' }, spread: [spread(1, 'node', foo)] },
    nodes: policyNodes({ taints }),
    existing: policyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
];

const multipleConstraints: Row[] = [
  {
    name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', foo)] },
    nodes: fourNodes,
    existing: spread2103,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', foo)] },
    nodes: fourNodes,
    existing: [...spread2103, ...pods([['p-y4', 'node-y']])],
    want: { 'node-a': UN, 'node-b': UN, 'node-x': UN, 'node-y': UN },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
    pod: { labels: { foo: '', bar: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', bar)] },
    nodes: fourNodes,
    existing: pods([['p-a1', 'node-a'], ['p-y1', 'node-y', { bar: '' }]]),
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
    pod: { labels: { foo: '', bar: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', bar)] },
    nodes: fourNodes,
    existing: pods([['p-a1', 'node-a'], ['p-x1', 'node-x', { bar: '' }], ['p-y1', 'node-y', { bar: '' }]]),
    want: { 'node-a': UN, 'node-b': UN, 'node-x': UN, 'node-y': UN },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
    pod: { labels: { foo: '', bar: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', bar)] },
    nodes: fourNodes,
    existing: pods([['p-a1', 'node-a'], ['p-a2', 'node-a', { foo: '', bar: '' }], ['p-y1', 'node-y'], ['p-y2', 'node-y', { foo: '', bar: '' }], ['p-y3', 'node-y']]),
    want: { 'node-a': UN, 'node-b': OK, 'node-x': UN, 'node-y': UN },
  },
  {
    name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
    pod: { labels: { bar: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', bar)] },
    nodes: fourNodes,
    existing: pods([['p-a1', 'node-a'], ['p-x1', 'node-x', { bar: '' }], ['p-y1', 'node-y', { bar: '' }]]),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': UN, 'node-y': UN },
  },
  {
    name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', foo)] },
    nodes: fourNodes.map((n) => (n.name === 'node-x' ? { name: 'node-x', labels: { zone: 'zone2' } } : n)),
    existing: pods([['p-a1', 'node-a'], ['p-y3', 'node-y']]),
    want: { 'node-a': UN, 'node-b': OK, 'node-x': UR, 'node-y': UN },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
    pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', foo, { affinity: 'Ignore' })] },
    nodes: zonedPolicyNodes(['node-a', 'node-b', 'node-x'], false),
    existing: zonedPolicyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
    pod: { labels: { foo: '' }, spread: [spread(1, 'zone', foo, { taints: 'Honor' }), spread(1, 'node', foo)] },
    nodes: zonedPolicyNodes(['node-a', 'node-b', 'node-x'], true),
    existing: zonedPolicyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
    pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [spread(1, 'zone', foo), spread(1, 'node', foo)] },
    nodes: zonedPolicyNodes(['node-a', 'node-x', 'node-y'], true),
    existing: zonedPolicyPods,
    want: { 'node-a': UN, 'node-b': OK, 'node-x': OK, 'node-y': UN },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/honor, node: ignore/ignore',
    pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [spread(1, 'zone', foo, { taints: 'Honor' }), spread(1, 'node', foo, { affinity: 'Ignore' })] },
    nodes: zonedPolicyNodes(['node-a', 'node-x', 'node-y'], true),
    existing: zonedPolicyPods,
    want: { 'node-a': UN, 'node-b': UN, 'node-x': OK, 'node-y': UN },
  },
];

/** PreFilter (must succeed) then Filter on every node, as upstream's loop: the status code per node. */
function filterCodes(r: Row): Record<string, string> {
  const cache = buildCache(
    r.nodes.map((n) => makeNodeObj(n.name, {}, n.labels, n.taints ?? [])),
    (r.existing ?? []).map((e) => {
      const info = makePod({ name: e.name, labels: e.labels, ...(e.namespace ? { namespace: e.namespace } : {}) });
      return { pod: e.terminating ? { ...info, terminating: true } : info, node: e.node };
    }),
  );
  const pod = makePod({ name: 'p', labels: r.pod.labels, spread: r.pod.spread, ...(r.pod.nodeSelector ? { nodeSelector: r.pod.nodeSelector } : {}), ...(r.pod.affinity ? { affinity: r.pod.affinity } : {}) });
  const plugin = newPodTopologySpread({ defaultingType: 'List', defaultConstraints: [] });
  const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
  expect(plugin.preFilter!(state, pod)).toBeNull();
  return Object.fromEntries(r.nodes.map((n) => [n.name, plugin.filter!(state, pod, cache.indexOf(n.name))?.code ?? 'Success']));
}

describe('podtopologyspread filtering_test.go TestSingleConstraint', () => {
  for (const r of singleConstraint) it(r.name, () => expect(filterCodes(r)).toEqual(r.want));
});

describe('podtopologyspread filtering_test.go TestMultipleConstraints', () => {
  for (const r of multipleConstraints) it(r.name, () => expect(filterCodes(r)).toEqual(r.want));
});

describe('podtopologyspread filtering_test.go TestPreFilterDisabled', () => {
  it('Filter without PreFilter is an Error reading the PreFilter state', () => {
    const cache = buildCache([makeNodeObj('node', {}, {})]);
    const pod = makePod({});
    const plugin = newPodTopologySpread({ defaultingType: 'List', defaultConstraints: [] });
    const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
    const s = plugin.filter!(state, pod, 0);
    expect({ code: s?.code, message: s?.message() }).toEqual({ code: 'Error', message: 'reading "PreFilterPodTopologySpread" from cycleState: not found' });
  });
});
