/**
 * `podtopologyspread/scoring_test.go` TestPodTopologySpreadScore (kubernetes, Apache-2.0): every row, restated with
 * upstream's pods, existing pods, candidate and failed nodes and expected normalized scores, through PreScore,
 * Score and NormalizeScore with upstream's `DefaultingType: System`. The rows that set a node inclusion policy or
 * matchLabelKeys run with those gates on, as kubesim always is; "matchLabelKeys ignored when feature gate
 * disabled" is a named deviation (kubesim has no MatchLabelKeysInPodTopologySpread gate to turn off).
 */
import type { NodeSelectorRequirement, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodTopologySpread } from '../../../src/controllers/scheduler/plugins/PodTopologySpread/index.ts';
import { buildCache, exists, makeNodeObj, makePod, runScore, spread } from './helpers.ts';

const H = 'kubernetes.io/hostname';
const foo = exists('foo');
const bar = exists('bar');
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];
const soft = (maxSkew: number, key: string, selector: Parameters<typeof spread>[2], opts: Parameters<typeof spread>[3] = {}) => spread(maxSkew, key, selector, { ...opts, when: 'ScheduleAnyway' });
const required = (...matchExpressions: NodeSelectorRequirement[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });

interface Node {
  name: string;
  labels: Record<string, string>;
  taints?: Taint[];
}
interface Row {
  name: string;
  pod: { labels: Record<string, string>; spread: TopologySpreadConstraint[]; nodeSelector?: Record<string, string>; affinity?: ReturnType<typeof required> };
  existing: { node: string; labels: Record<string, string>; namespace?: string; terminating?: boolean }[];
  nodes: Node[];
  failed?: Node[];
  /** Selectors of the Services that select the pod (upstream's `objs`), for system defaulting. */
  services?: Record<string, string>[];
  want: number[];
}

/** `count` existing pods with `labels` (default foo) on each node, in the order given. */
const on = (counts: Record<string, number>, labels: Record<string, string> = { foo: '' }) =>
  Object.entries(counts).flatMap(([node, n]) => Array.from({ length: n }, () => ({ node, labels })));
const host = (name: string, extra: Record<string, string> = {}): Node => ({ name, labels: { [H]: name, ...extra } });
const hosts = (...names: string[]) => names.map((n) => host(n));
const zoned = (...names: string[]) => names.map((n) => host(n, { zone: n < 'node-x' ? 'zone1' : 'zone2' }));
/** The nodes of the inclusion-policy rows: labelled `node`, node-a and node-b also foo. */
const policyNodes = (fooOnAB: boolean, taintC = false): Node[] =>
  ['node-a', 'node-b', 'node-c'].map((n) => ({ name: n, labels: { node: n, ...(fooOnAB && n !== 'node-c' ? { foo: '' } : {}) }, ...(taintC && n === 'node-c' ? { taints } : {}) }));
const policyPods = on({ 'node-a': 2, 'node-b': 1, 'node-c': 1 });
/** The matchLabelKeys rows' nodes: node-a, node-b in zone1 and node-c, node-d in zone2. */
const mlkNodes = ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => host(n, { zone: n < 'node-c' ? 'zone1' : 'zone2' }));
const mlkPods = [...on({ 'node-a': 1 }), ...on({ 'node-b': 1 }, { foo: '', bar: '' }), ...on({ 'node-c': 1 }), ...on({ 'node-c': 1 }, { bar: '' })];

const rows: Row[] = [
  { name: 'one constraint on node, no existing pods', pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] }, existing: [], nodes: hosts('node-a', 'node-b'), want: [100, 100] },
  { name: 'one constraint on node, only one node is candidate', pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] }, existing: on({ 'node-a': 2, 'node-b': 1 }), nodes: hosts('node-a'), failed: hosts('node-b'), want: [100] },
  { name: 'one constraint on node, all nodes have the same number of matching pods', pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] }, existing: on({ 'node-a': 1, 'node-b': 1 }), nodes: hosts('node-a', 'node-b'), want: [100, 100] },
  { name: 'one constraint on node, all 4 nodes are candidates', pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] }, existing: on({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), nodes: hosts('node-a', 'node-b', 'node-c', 'node-d'), want: [20, 60, 100, 0] },
  { name: 'one constraint on node, null selector', pod: { labels: { foo: '' }, spread: [soft(1, H, undefined)] }, existing: on({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), nodes: hosts('node-a', 'node-b', 'node-c', 'node-d'), want: [100, 100, 100, 100] },
  { name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2', pod: { labels: { foo: '' }, spread: [soft(2, H, foo)] }, existing: on({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), nodes: hosts('node-a', 'node-b', 'node-c', 'node-d'), want: [33, 66, 100, 16] },
  { name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3', pod: { labels: { foo: '' }, spread: [soft(3, H, foo)] }, existing: on({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }), nodes: hosts('node-a', 'node-b', 'node-c', 'node-d'), want: [44, 66, 77, 100] },
  {
    name: "system defaulting, nodes don't have zone, pods match service",
    pod: { labels: { foo: '' }, spread: [] },
    existing: on({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }),
    nodes: hosts('node-a', 'node-b', 'node-c', 'node-d'),
    services: [{ foo: '' }],
    want: [44, 66, 77, 100],
  },
  { name: 'one constraint on node, 3 out of 4 nodes are candidates', pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] }, existing: on({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), nodes: hosts('node-a', 'node-b', 'node-x'), failed: hosts('node-y'), want: [33, 83, 100] },
  {
    name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
    pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] },
    existing: on({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
    nodes: [host('node-a'), { name: 'node-b', labels: { n: 'node-b' } }, host('node-x')],
    failed: hosts('node-y'),
    want: [16, 0, 100],
  },
  { name: 'one constraint on zone, 3 out of 4 nodes are candidates', pod: { labels: { foo: '' }, spread: [soft(1, 'zone', foo)] }, existing: on({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), nodes: zoned('node-a', 'node-b', 'node-x'), failed: zoned('node-y'), want: [75, 75, 100] },
  {
    name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
    pod: { labels: { foo: '' }, spread: [soft(1, 'zone', foo), soft(1, H, foo)] },
    existing: on({ 'node-a': 2, 'node-b': 1, 'node-x': 2, 'node-y': 4 }),
    nodes: zoned('node-a', 'node-x'),
    failed: zoned('node-b', 'node-y'),
    want: [100, 63],
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors',
    pod: { labels: { foo: '', bar: '' }, spread: [soft(1, 'zone', foo), soft(1, H, bar)] },
    existing: [...on({ 'node-a': 1 }), ...on({ 'node-b': 1 }, { foo: '', bar: '' }), ...on({ 'node-y': 1 }), ...on({ 'node-y': 1 }, { bar: '' })],
    nodes: zoned('node-a', 'node-b', 'node-x', 'node-y'),
    want: [60, 20, 100, 60],
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
    pod: { labels: { foo: '', bar: '' }, spread: [soft(1, 'zone', foo), soft(1, H, bar)] },
    existing: [...on({ 'node-b': 1 }, { bar: '' }), ...on({ 'node-x': 1 }), ...on({ 'node-y': 1 }, { foo: '', bar: '' })],
    nodes: zoned('node-a', 'node-b', 'node-x', 'node-y'),
    want: [100, 60, 40, 0],
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
    pod: { labels: { foo: '', bar: '' }, spread: [soft(1, 'zone', foo), soft(1, H, bar)] },
    existing: [...on({ 'node-a': 1 }), ...on({ 'node-b': 1 }, { foo: '', bar: '' }), ...on({ 'node-y': 1 }), ...on({ 'node-y': 1 }, { bar: '' })],
    nodes: zoned('node-a', 'node-b', 'node-x'),
    failed: zoned('node-y'),
    want: [50, 25, 100],
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] },
    existing: [{ node: 'node-a', labels: { foo: '' }, namespace: 'ns1' }, ...on({ 'node-a': 1, 'node-b': 2 })],
    nodes: hosts('node-a', 'node-b'),
    want: [100, 33],
  },
  {
    name: 'terminating Pods should be excluded',
    pod: { labels: { foo: '' }, spread: [soft(1, H, foo)] },
    existing: [{ node: 'node-a', labels: { foo: '' }, terminating: true }, ...on({ 'node-b': 1 })],
    nodes: hosts('node-a', 'node-b'),
    want: [100, 0],
  },
  {
    name: 'minDomains has no effect when ScheduleAnyway',
    pod: { labels: { foo: '' }, spread: [soft(2, 'node', foo, { minDomains: 10 })] },
    existing: on({ 'node-a': 2, 'node-b': 2, 'node-c': 1 }),
    nodes: ['node-a', 'node-b', 'node-c'].map((n) => ({ name: n, labels: { node: n } })),
    want: [75, 75, 100],
  },
  { name: 'NodeAffinityPolicy honoed with labelSelectors', pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [soft(1, 'node', foo)] }, existing: policyPods, nodes: policyNodes(true), want: [0, 33, 100] },
  { name: 'NodeAffinityPolicy ignored with labelSelectors', pod: { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [soft(1, 'node', foo, { affinity: 'Ignore' })] }, existing: policyPods, nodes: policyNodes(true), want: [66, 100, 100] },
  {
    name: 'NodeAffinityPolicy honoed with nodeAffinity',
    pod: { labels: { foo: '' }, affinity: required({ key: 'foo', operator: 'In', values: [''] }), spread: [soft(1, 'node', foo)] },
    existing: policyPods,
    nodes: policyNodes(true),
    want: [0, 33, 100],
  },
  {
    name: 'NodeAffinityPolicy ignored with nodeAffinity',
    pod: { labels: { foo: '' }, affinity: required({ key: 'foo', operator: 'In', values: [''] }), spread: [soft(1, 'node', foo, { affinity: 'Ignore' })] },
    existing: policyPods,
    nodes: policyNodes(true),
    want: [66, 100, 100],
  },
  { name: 'NodeTaintsPolicy honored', pod: { labels: { foo: '' }, spread: [soft(1, 'node', foo, { taints: 'Honor' })] }, existing: policyPods, nodes: policyNodes(false, true), want: [0, 33, 100] },
  { name: 'NodeTaintsPolicy ignored', pod: { labels: { foo: '' }, spread: [soft(1, 'node', foo)] }, existing: policyPods, nodes: policyNodes(false, true), want: [66, 100, 100] },
  {
    name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
    pod: { labels: { foo: '', bar: '' }, spread: [soft(1, 'zone', {}, { matchLabelKeys: ['foo'] }), soft(1, H, {}, { matchLabelKeys: ['bar'] })] },
    existing: mlkPods,
    nodes: mlkNodes,
    want: [60, 20, 60, 100],
  },
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
    pod: { labels: { foo: '', bar: '', baz: '' }, spread: [soft(1, 'zone', foo), soft(1, H, bar, { matchLabelKeys: ['baz'] })] },
    existing: [...on({ 'node-a': 1 }), ...on({ 'node-b': 1 }, { foo: '', bar: '', baz: '' }), ...on({ 'node-c': 1 }), ...on({ 'node-c': 1 }, { bar: '' }), ...on({ 'node-c': 1 }, { bar: '', baz: '' })],
    nodes: mlkNodes,
    want: [60, 20, 60, 100],
  },
];

/** Upstream's "matchLabelKeys ignored when feature gate disabled": kubesim always applies matchLabelKeys. */
const gateOffRow: Row = {
  name: 'matchLabelKeys ignored when feature gate disabled',
  pod: { labels: { foo: '', bar: '', baz: '' }, spread: [soft(1, 'zone', foo, { matchLabelKeys: ['baz'] }), soft(1, H, bar, { matchLabelKeys: ['baz'] })] },
  existing: mlkPods,
  nodes: mlkNodes,
  want: [60, 20, 60, 100],
};

function scores(r: Row): number[] | 'skip' {
  const all = [...r.nodes, ...(r.failed ?? [])];
  const cache = buildCache(
    all.map((n) => makeNodeObj(n.name, {}, n.labels, n.taints ?? [])),
    r.existing.map((e) => {
      const info = makePod({ labels: e.labels, ...(e.namespace ? { namespace: e.namespace } : {}) });
      return { pod: e.terminating ? { ...info, terminating: true } : info, node: e.node };
    }),
  );
  const pod = makePod({
    name: 'p',
    labels: r.pod.labels,
    spread: r.pod.spread,
    ...(r.pod.nodeSelector ? { nodeSelector: r.pod.nodeSelector } : {}),
    ...(r.pod.affinity ? { affinity: r.pod.affinity } : {}),
    ...(r.services ? { opts: { ownerSelectors: r.services } } : {}),
  });
  return runScore(newPodTopologySpread({ defaultingType: 'System', defaultConstraints: [] }), pod, cache, r.nodes.map((n) => n.name));
}

describe('podtopologyspread scoring_test.go TestPodTopologySpreadScore', () => {
  for (const r of rows) it(r.name, () => expect(scores(r)).toEqual(r.want));
  it(`deviation: ${gateOffRow.name} (kubesim has the gate on and ANDs baz into both selectors, so no existing pod matches and every node scores 100)`, () => {
    expect(scores(gateOffRow)).toEqual([100, 100, 100, 100]);
  });
});
