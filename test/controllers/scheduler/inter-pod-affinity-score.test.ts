/**
 * `interpodaffinity/scoring_test.go` TestPreferredAffinity and TestPreferredAffinityWithHardPodAffinitySymmetricWeight
 * (kubernetes, Apache-2.0), restated with upstream's pods, existing pods, nodes, plugin args and expected
 * normalized scores (or PreScore Skip), through PreScore, Score and NormalizeScore. Upstream's namespace objects
 * reach kubesim as the pods' namespace labels; its namespace "" is "default" here, in pods and in terms'
 * `namespaces` alike. The two "invalid … fails PreScore" rows are named deviations: kubesim rejects the selector
 * when it builds the pod. Upstream names two anti-affinity rows as the affinity rows before them; here they carry
 * "(anti-affinity)" to tell them apart.
 */
import type { Affinity, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { newInterPodAffinity } from '../../../src/controllers/scheduler/plugins/InterPodAffinity/index.ts';
import { buildCache, makeNodeObj, makePod, runScore } from './helpers.ts';

const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  'subteam1.team1': { team: 'team1' },
  'subteam2.team1': { team: 'team1' },
  'subteam1.team2': { team: 'team2' },
  'subteam2.team2': { team: 'team2' },
};

const china = { region: 'China' };
const india = { region: 'India' };
const az1 = { az: 'az1' };
const az2 = { az: 'az2' };
const chinaAz1 = { region: 'China', az: 'az1' };
const s1 = { security: 'S1' };
const s2 = { security: 'S2' };

const security = (operator: 'In' | 'NotIn', value: string): LabelSelectorRequirement => ({ key: 'security', operator, values: [value] });
const weighted = (weight: number, topologyKey: string, matchExpressions: LabelSelectorRequirement[], extra: Partial<PodAffinityTerm> = {}): WeightedPodAffinityTerm => ({
  weight,
  podAffinityTerm: { labelSelector: { matchExpressions }, topologyKey, ...extra },
});
const securityExistsNoWrongkey: LabelSelectorRequirement[] = [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }];
const team1Selector = { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] };

const stayWithS1InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'region', [security('In', 'S1')])] } };
const stayWithS2InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(6, 'region', [security('In', 'S2')])] } };
const affinity3: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, 'region', [security('NotIn', 'S1'), security('In', 'S2')]), weighted(2, 'region', securityExistsNoWrongkey)] },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchExpressions: [{ key: 'security', operator: 'In', values: ['S1', 'value2'] }] }, topologyKey: 'region' },
      { labelSelector: { matchExpressions: securityExistsNoWrongkey }, topologyKey: 'region' },
    ],
  },
};
const awayFromS1InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', [security('In', 'S1')])] } };
const awayFromS2InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', [security('In', 'S2')])] } };
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, 'region', [security('In', 'S1')])] },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', [security('In', 'S2')])] },
};
const nsSelectorTerm = weighted(5, 'region', [security('In', 'S1')], { namespaces: ['subteam2.team2'], namespaceSelector: team1Selector });
const affinityNamespaceSelector: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [nsSelectorTerm] } };
const antiAffinityNamespaceSelector: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [nsSelectorTerm] } };

interface P {
  node?: string;
  namespace?: string;
  labels?: Record<string, string>;
  affinity?: Affinity;
}
const build = (p: P) => {
  const ns = p.namespace ?? 'default';
  return makePod({ namespace: ns, labels: p.labels ?? {}, ...(p.affinity ? { affinity: p.affinity } : {}), opts: { namespaceLabels: NAMESPACE_LABELS[ns] ?? {} } });
};

interface Row {
  name: string;
  pod: P;
  pods?: P[];
  nodes: Record<string, Record<string, string>>;
  want: number[] | 'skip';
  ignorePreferredTermsOfExistingPods?: boolean;
  hardPodAffinityWeight?: number;
}

function scores(r: Row): number[] | 'skip' {
  const cache = buildCache(
    Object.entries(r.nodes).map(([name, labels]) => makeNodeObj(name, {}, labels)),
    (r.pods ?? []).map((p) => ({ pod: build(p), node: p.node! })),
  );
  const plugin = newInterPodAffinity({ hardPodAffinityWeight: r.hardPodAffinityWeight ?? 1, ignorePreferredTermsOfExistingPods: r.ignorePreferredTermsOfExistingPods ?? false });
  return runScore(plugin, build(r.pod), cache);
}

const nsPods = (third: string): P[] => [
  { node: 'node1', namespace: 'subteam1.team1', labels: s1 },
  { node: 'node1', namespace: 'subteam1.team1', labels: s1 },
  { node: 'node1', namespace: third, labels: s1 },
  { node: 'node2', namespace: 'subteam2.team1', labels: s1 },
];

const preferredAffinity: Row[] = [
  { name: 'all nodes are same priority as Affinity is nil', pod: { labels: s1 }, nodes: { node1: china, node2: india, node3: az1 }, want: 'skip' },
  {
    name: "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
    pod: { labels: s1, affinity: stayWithS1InRegion },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s2 }, { node: 'node3', labels: s1 }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [100, 0, 0],
  },
  {
    name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
    pod: { affinity: stayWithS1InRegion },
    pods: [{ node: 'node1', labels: s1 }],
    nodes: { node1: china, node2: chinaAz1, node3: india },
    want: [100, 100, 0],
  },
  {
    name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
    pod: { labels: s1, affinity: stayWithS2InRegion },
    pods: ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((node) => ({ node, labels: s2 })),
    nodes: { node1: china, node2: india, node3: china, node4: china, node5: india },
    want: [100, 0, 100, 100, 0],
  },
  {
    name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
    pod: { labels: s1, affinity: affinity3 },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s2 }, { node: 'node3', labels: s1 }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [20, 100, 0],
  },
  {
    name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: { labels: s2 },
    pods: [{ node: 'node1', labels: s1, affinity: stayWithS1InRegion }, { node: 'node2', labels: s2, affinity: stayWithS2InRegion }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [0, 100, 0],
  },
  {
    name: 'Affinity symmetry with namespace selector',
    pod: { namespace: 'subteam1.team1', labels: s1 },
    pods: [{ node: 'node1', labels: s1, affinity: affinityNamespaceSelector }, { node: 'node2', labels: s2, affinity: stayWithS2InRegion }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [100, 0, 0],
  },
  {
    name: 'AntiAffinity symmetry with namespace selector',
    pod: { namespace: 'subteam1.team1', labels: s1 },
    pods: [{ node: 'node1', labels: s1, affinity: antiAffinityNamespaceSelector }, { node: 'node2', labels: s2, affinity: stayWithS2InRegion }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [0, 100, 100],
  },
  {
    name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: { labels: s1 },
    pods: [{ node: 'node1', labels: s1, affinity: hardAffinity }, { node: 'node2', labels: s2, affinity: hardAffinity }],
    nodes: { node1: china, node2: india, node3: az1 },
    want: [100, 100, 0],
  },
  {
    name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
    pod: { labels: s1, affinity: awayFromS1InAz },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s2 }],
    nodes: { node1: az1, node2: china },
    want: [0, 100],
  },
  {
    name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
    pod: { labels: s1, affinity: awayFromS1InAz },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s1 }],
    nodes: { node1: az1, node2: china },
    want: [0, 100],
  },
  {
    name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
    pod: { labels: s1, affinity: awayFromS1InAz },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node1', labels: s1 }, { node: 'node2', labels: s2 }],
    nodes: { node1: az1, node2: india },
    want: [0, 100],
  },
  {
    name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
    pod: { labels: s2 },
    pods: [{ node: 'node1', labels: s1, affinity: awayFromS2InAz }, { node: 'node2', labels: s2, affinity: awayFromS1InAz }],
    nodes: { node1: az1, node2: az2 },
    want: [0, 100],
  },
  {
    name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
    pod: { labels: s1, affinity: stayWithS1InRegionAwayFromS2InAz },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s1 }],
    nodes: { node1: china, node2: az1 },
    want: [100, 0],
  },
  {
    name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
    pod: { labels: s1, affinity: stayWithS1InRegionAwayFromS2InAz },
    pods: ['node1', 'node1', 'node2', 'node3', 'node3', 'node4', 'node5'].map((node) => ({ node, labels: s1 })),
    nodes: { node1: chinaAz1, node2: india, node3: china, node4: china, node5: india },
    want: [100, 0, 100, 100, 0],
  },
  {
    name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
    pod: { labels: s1, affinity: stayWithS1InRegionAwayFromS2InAz },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', labels: s2 }, { node: 'node3', affinity: stayWithS1InRegionAwayFromS2InAz }, { node: 'node4', affinity: awayFromS1InAz }],
    nodes: { node1: china, node2: az1, node3: india, node4: az2 },
    want: [100, 0, 100, 0],
  },
  {
    name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
    pod: { labels: s1 },
    pods: [{ node: 'node1', labels: s1 }, { node: 'node2', affinity: stayWithS1InRegionAwayFromS2InAz }],
    nodes: { node1: china, node2: china },
    want: [0, 0],
  },
  { name: 'Affinity with pods matching NamespaceSelector', pod: { namespace: 'subteam1.team1', labels: s1, affinity: affinityNamespaceSelector }, pods: nsPods('subteam1.team2'), nodes: { node1: china, node2: india }, want: [100, 0] },
  { name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields', pod: { namespace: 'subteam1.team1', labels: s1, affinity: affinityNamespaceSelector }, pods: nsPods('subteam2.team2'), nodes: { node1: china, node2: india }, want: [100, 0] },
  { name: 'Affinity with pods matching NamespaceSelector (anti-affinity)', pod: { namespace: 'subteam1.team1', labels: s1, affinity: antiAffinityNamespaceSelector }, pods: nsPods('subteam1.team2'), nodes: { node1: china, node2: india }, want: [0, 100] },
  { name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields (anti-affinity)', pod: { namespace: 'subteam1.team1', labels: s1, affinity: antiAffinityNamespaceSelector }, pods: nsPods('subteam2.team2'), nodes: { node1: china, node2: india }, want: [0, 100] },
  {
    name: 'Ignore preferred terms of existing pods',
    pod: { labels: s2 },
    pods: [{ node: 'node1', labels: s1, affinity: stayWithS1InRegionAwayFromS2InAz }, { node: 'node2', labels: s2, affinity: stayWithS2InRegion }],
    nodes: { node1: china, node2: india },
    want: 'skip',
    ignorePreferredTermsOfExistingPods: true,
  },
  {
    name: 'Do not ignore preferred terms of existing pods',
    pod: { labels: s2 },
    pods: [{ node: 'node1', labels: s1, affinity: stayWithS1InRegionAwayFromS2InAz }, { node: 'node2', labels: s2, affinity: stayWithS2InRegion }],
    nodes: { node1: china, node2: india },
    want: [0, 100],
  },
  { name: 'No nodes to score', pod: { labels: s2 }, nodes: {}, want: 'skip' },
];

const hardPodAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['S1'] }] },
        // Upstream's "" is its default namespace, "default" here.
        namespaces: ['default', 'subteam2.team2'],
        namespaceSelector: team1Selector,
        topologyKey: 'region',
      },
    ],
  },
};
const symmetric = (name: string, namespace: string | undefined, weight: number, want: number[] | 'skip'): Row => ({
  name,
  pod: { labels: { service: 'S1' }, ...(namespace ? { namespace } : {}) },
  pods: [{ node: 'node1', affinity: hardPodAffinity }, { node: 'node2', affinity: hardPodAffinity }],
  nodes: { node1: china, node2: india, node3: az1 },
  hardPodAffinityWeight: weight,
  want,
});

describe('interpodaffinity scoring_test.go TestPreferredAffinity', () => {
  for (const r of preferredAffinity) it(r.name, () => expect(scores(r)).toEqual(r.want));
  it.each([
    { name: 'invalid Affinity fails PreScore', affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, 'region', [security('In', '{{.bad-value.}}')])] } } },
    { name: 'invalid AntiAffinity fails PreScore', affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', [security('In', '{{.bad-value.}}')])] } } },
  ])('deviation: $name (kubesim rejects the selector when it builds the pod)', ({ affinity }) => {
    expect(() => build({ affinity })).toThrow(/Invalid value: "\{\{\.bad-value\.\}\}"/);
  });
});

describe('interpodaffinity scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight', () => {
  it.each([
    symmetric('with default weight', undefined, 1, [100, 100, 0]),
    symmetric('with zero weight', undefined, 0, 'skip'),
    symmetric('with no matching namespace', 'subteam1.team2', 1, 'skip'),
    symmetric('with matching NamespaceSelector', 'subteam1.team1', 1, [100, 100, 0]),
    symmetric('with matching Namespaces', 'subteam2.team2', 1, [100, 100, 0]),
  ])('$name', (r) => expect(scores(r)).toEqual(r.want));
});
