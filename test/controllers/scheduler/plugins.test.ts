import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { computeTaintTolerationScore, fitsPorts } from '../../../src/controllers/scheduler/index.ts';
import { newNodeAffinity, type NodeAffinityArgs } from '../../../src/controllers/scheduler/plugins/NodeAffinity/index.ts';
import { newInterPodAffinity } from '../../../src/controllers/scheduler/plugins/InterPodAffinity/index.ts';
import { calculatePriority } from '../../../src/controllers/scheduler/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod, runScore } from './helpers.ts';

const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
const tol = (key: string, value: string, effect: Toleration['effect']): Toleration => ({ key, operator: 'Equal', value, effect });

describe('taint_toleration_test.go TestTaintTolerationScore', () => {
  it.each([
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      tolerations: [tol('foo', 'bar', 'PreferNoSchedule')],
      nodes: [[pns('foo', 'bar')], [pns('foo', 'blah')]],
      want: [100, 0],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      tolerations: [tol('cpu-type', 'arm64', 'PreferNoSchedule'), tol('disk-type', 'ssd', 'PreferNoSchedule')],
      nodes: [[], [pns('cpu-type', 'arm64')], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      want: [100, 100, 100],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      tolerations: [tol('foo', 'bar', 'PreferNoSchedule')],
      nodes: [[], [pns('cpu-type', 'arm64')], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      want: [100, 50, 0],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      tolerations: [tol('cpu-type', 'arm64', 'NoSchedule'), tol('disk-type', 'ssd', 'NoSchedule')],
      nodes: [[], [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      want: [100, 100, 0],
    },
    { name: 'Default behaviour No taints and tolerations, lands on node with no taints', tolerations: [], nodes: [[], [pns('cpu-type', 'arm64')]], want: [100, 0] },
  ] as { name: string; tolerations: Toleration[]; nodes: Taint[][]; want: number[] }[])('$name', (c) => {
    expect(computeTaintTolerationScore(c.nodes, c.tolerations)).toEqual(c.want);
  });
});

describe('node_affinity_test.go TestNodeAffinityPriority', () => {
  const affinity1 = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } }] } };
  const affinity2 = {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
        { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
        {
          weight: 5,
          preference: {
            matchExpressions: [
              { key: 'foo', operator: 'In', values: ['bar'] },
              { key: 'key', operator: 'In', values: ['value'] },
              { key: 'az', operator: 'In', values: ['az1'] },
            ],
          },
        },
      ],
    },
  };
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  it.each([
    { name: 'all nodes are same priority as NodeAffinity is nil', affinity: undefined, labels: [label1, label2, label3], want: 'skip' },
    { name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", affinity: affinity1, labels: [label4, label2, label3], want: [0, 0, 0] },
    { name: 'only node1 matches the preferred scheduling requirements of pod', affinity: affinity1, labels: [label1, label2, label3], want: [100, 0, 0] },
    { name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ', affinity: affinity2, labels: [label1, label5, label2], want: [18, 100, 36] },
    { name: 'added affinity', affinity: undefined, labels: [label1, label2], args: { addedAffinity: affinity1.nodeAffinity }, want: [100, 0] },
    {
      name: 'added affinity and pod has default affinity',
      affinity: affinity1,
      labels: [label1, label2, label5],
      args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } }] } },
      want: [40, 60, 100],
    },
    { name: 'calculate the priorities correctly even if PreScore is not called', affinity: affinity2, labels: [label1, label5, label2], want: [18, 100, 36] },
  ] as unknown as { name: string; affinity: never; labels: Record<string, string>[]; args?: NodeAffinityArgs; want: number[] | 'skip' }[])('$name', (c) => {
    const cache = buildCache(c.labels.map((l, i) => makeNodeObj(`node${i}`, {}, l)));
    expect(runScore(newNodeAffinity(c.args), makePod({ affinity: c.affinity }), cache)).toEqual(c.want);
  });
});

describe('interpodaffinity filtering', () => {
  const nodes = [makeNodeObj('n1', {}, { region: 'r1', zone: 'z1', 'kubernetes.io/hostname': 'n1' }), makeNodeObj('n2', {}, { region: 'r1', zone: 'z2', 'kubernetes.io/hostname': 'n2' }), makeNodeObj('n3', {}, { region: 'r2', zone: 'z3', 'kubernetes.io/hostname': 'n3' })];
  const term = (key: string, labels: Record<string, string>) => ({ topologyKey: key, labelSelector: { matchLabels: labels } });
  const run = (cache: ReturnType<typeof buildCache>, pod: ReturnType<typeof makePod>): (string | null)[] => {
    const plugin = newInterPodAffinity(undefined);
    const state = { pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] };
    const pre = plugin.preFilter!(state, pod);
    if (pre?.code === 'Skip') return cache.nodes.map(() => null);
    return cache.nodes.map((n) => plugin.filter!(state, pod, n.index)?.reasons[0] ?? null);
  };
  it('required affinity: only nodes in the region of a matching pod', () => {
    const cache = buildCache(nodes, [{ pod: makePod({ labels: { app: 'db' } }), node: 'n1' }]);
    const pod = makePod({ labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('region', { app: 'db' })] } } } as never);
    expect(run(cache, pod)).toEqual([null, null, "node(s) didn't match pod affinity rules"]);
  });
  it('required affinity to itself: the first pod may go anywhere', () => {
    const cache = buildCache(nodes);
    const pod = makePod({ labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('region', { app: 'web' })] } } } as never);
    expect(run(cache, pod)).toEqual([null, null, null]);
  });
  it("required anti-affinity and existing pods' anti-affinity", () => {
    const existing = makePod({ labels: { app: 'db' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('zone', { app: 'web' })] } } } as never);
    const cache = buildCache(nodes, [{ pod: existing, node: 'n2' }, { pod: makePod({ labels: { app: 'cache' } }), node: 'n3' }]);
    const pod = makePod({ labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('kubernetes.io/hostname', { app: 'cache' })] } } } as never);
    expect(run(cache, pod)).toEqual([null, "node(s) didn't satisfy existing pods anti-affinity rules", "node(s) didn't match pod anti-affinity rules"]);
  });
});

describe('nodeports and imagelocality', () => {
  it.each([
    [[{ hostIP: '0.0.0.0', protocol: 'TCP', port: 8080 }], [{ hostIP: '127.0.0.1', protocol: 'TCP', port: 8080 }], false],
    [[{ hostIP: '127.0.0.1', protocol: 'TCP', port: 8080 }], [{ hostIP: '127.0.0.2', protocol: 'TCP', port: 8080 }], true],
    [[{ hostIP: '0.0.0.0', protocol: 'UDP', port: 8080 }], [{ hostIP: '0.0.0.0', protocol: 'TCP', port: 8080 }], true],
  ])('fitsPorts %j vs %j → %s', (want, used, ok) => expect(fitsPorts(want, used)).toBe(ok));
  const MB = 1024 * 1024;
  it.each([
    [0, 1, 0],
    [23 * MB, 1, 0],
    [523 * MB, 1, 51],
    [2000 * MB, 1, 100],
    [1000 * MB, 2, 49],
  ])('calculatePriority(%i, %i) = %i', (sum, n, want) => expect(calculatePriority(sum, n)).toBe(want));
});
