import { describe, expect, it } from 'vitest';
import {
  balancedResourceScorer,
  buildBrokenLinearFunction,
  calculatePodResources,
  leastRequestedScore,
  mostRequestedScore,
  type ContainerRequests,
} from '../../../src/controllers/scheduler/index.ts';
import { newNodeResourcesFit, type NodeResourcesFitArgs } from '../../../src/controllers/scheduler/plugins/NodeResourcesFit/index.ts';
import { newBalancedAllocation } from '../../../src/controllers/scheduler/plugins/NodeResourcesBalancedAllocation/index.ts';
import { parseSchedulerProfile } from '../../../src/controllers/scheduler/framework/profile.ts';
import { buildCache, makeNodeObj, makePod, runScore } from './helpers.ts';

const cpuMem = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const ext = 'intel.com/foo';
const extendedResourceSet = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
  { name: ext, weight: 1 },
];
// Upstream's tests give cpu in whole cores ("4000" = 4,000,000 m): parsed the same way here.
const twoContainers = [
  { cpu: '1000', memory: '2000' },
  { cpu: '2000', memory: '3000' },
];

type Case = {
  name: string;
  pod: Record<string, string>[];
  nodes: [string, Record<string, string>][];
  existing?: [string, Record<string, string>[]][];
  resources?: { name: string; weight: number }[];
  want: number[];
};

function fitScores(type: NodeResourcesFitArgs['scoringStrategy']['type'], c: Case, shape?: { utilization: number; score: number }[]): number[] {
  const cache = buildCache(
    c.nodes.map(([n, cap]) => makeNodeObj(n, cap)),
    (c.existing ?? []).map(([node, reqs]) => ({ pod: makePod({ reqs }), node })),
  );
  const plugin = newNodeResourcesFit({
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: { type, resources: c.resources ?? cpuMem, ...(shape ? { requestedToCapacityRatio: { shape } } : {}) },
  });
  return runScore(plugin, makePod({ reqs: c.pod }), cache) as number[];
}

describe('least_allocated_test.go TestLeastAllocatedScoringStrategy', () => {
  const cases: Case[] = [
    { name: 'nothing scheduled, nothing requested', pod: [], nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '4000', memory: '10000' }]], want: [100, 100] },
    { name: 'nothing scheduled, resources requested, differently sized nodes', pod: twoContainers, nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]], want: [37, 50] },
    {
      name: 'no resources requested, pods scheduled',
      pod: [],
      nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '4000', memory: '10000' }]],
      existing: [['node1', []], ['node1', []], ['node2', []], ['node2', []]],
      want: [100, 100],
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: [],
      nodes: [['node1', { cpu: '10000', memory: '20000' }], ['node2', { cpu: '10000', memory: '20000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [70, 57],
    },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: twoContainers,
      nodes: [['node1', { cpu: '10000', memory: '20000' }], ['node2', { cpu: '10000', memory: '20000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [57, 45],
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: twoContainers,
      nodes: [['node1', { cpu: '10000', memory: '20000' }], ['node2', { cpu: '10000', memory: '50000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [57, 60],
    },
    {
      name: 'requested resources exceed node capacity',
      pod: [{ cpu: '3000', memory: '0' }],
      nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '4000', memory: '10000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [50, 25],
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      pod: [],
      nodes: [['node1', {}], ['node2', {}]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [0, 0],
    },
    {
      name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
      pod: twoContainers,
      nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]],
      resources: [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }],
      want: [41, 50],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      pod: twoContainers,
      nodes: [['node1', { cpu: '6000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '4' }]],
      resources: extendedResourceSet,
      want: [50, 50],
    },
    {
      name: 'honor extended resource if the pod requests',
      pod: [{ cpu: '3000', memory: '5000', [ext]: '2' }],
      nodes: [['node1', { cpu: '6000', memory: '10000', [ext]: '4' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '10' }]],
      resources: extendedResourceSet,
      want: [50, 60],
    },
    {
      name: "if the node doesn't have a resource",
      pod: [{ cpu: '3000', memory: '4000' }],
      nodes: [['node1', { cpu: '6000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '4' }]],
      resources: [{ name: ext, weight: 2 }, { name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }],
      want: [55, 55],
    },
  ];
  it.each(cases)('$name', (c) => expect(fitScores('LeastAllocated', c)).toEqual(c.want));
  it('Resources not set, pods scheduled with error (deviation: kubesim fails in PreScore, upstream in Score with MinNodeScore)', () => {
    const c: Case = { name: '', pod: twoContainers, nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]], resources: [], want: [] };
    expect(() => fitScores('LeastAllocated', c)).toThrow('resources not found');
  });
  // Upstream's argument-validation rows, through the scheduler configuration parser (the v1 API kubesim reads).
  const fitConfig = (resources: { name: string; weight: number }[]) =>
    parseSchedulerProfile({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'LeastAllocated', resources } } }] }).errors.map((e) => e.field);
  const weightField = (i: number) => `pluginConfig[0].args.scoringStrategy.resources[${i}].weight`;
  it('resource with negative weight', () => expect(fitConfig([{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }])).toEqual([weightField(0)]));
  it('resource with zero weight (deviation: the v1 API defaults a zero weight to 1 before validation; upstream validates the internal config)', () => {
    expect(fitConfig([{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }])).toEqual([]);
  });
  it('resource weight larger than MaxNodeScore', () => expect(fitConfig([{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }])).toEqual([weightField(1)]));
  it.each([
    [3000, 4000, 25],
    [5000, 10000, 50],
    [6000, 4000, 0],
    [0, 0, 0],
  ])('kubesim case, not upstream: leastRequestedScore(%i, %i) = %i', (r, c, want) => expect(leastRequestedScore(r, c)).toBe(want));
});

describe('most_allocated_test.go TestMostAllocatedScoringStrategy', () => {
  const cases: Case[] = [
    { name: 'nothing scheduled, nothing requested', pod: [], nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '4000', memory: '10000' }]], want: [0, 0] },
    { name: 'nothing scheduled, resources requested, differently sized nodes', pod: twoContainers, nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]], want: [62, 50] },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: [],
      nodes: [['node1', { cpu: '10000', memory: '20000' }], ['node2', { cpu: '10000', memory: '20000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [30, 42],
    },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: twoContainers,
      nodes: [['node1', { cpu: '10000', memory: '20000' }], ['node2', { cpu: '10000', memory: '20000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '0' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [42, 55],
    },
    {
      name: 'resources requested equal node capacity',
      pod: [{ cpu: '2000', memory: '4000' }, { cpu: '3000', memory: '5000' }],
      nodes: [['node1', { cpu: '5000', memory: '10000' }], ['node2', { cpu: '10000', memory: '9000' }]],
      want: [95, 75],
    },
    {
      // Upstream gives this weighted row the same name as the second one.
      name: 'nothing scheduled, resources requested, differently sized nodes',
      pod: twoContainers,
      nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]],
      resources: [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }],
      want: [58, 50],
    },
    {
      name: 'no resources requested, pods scheduled, nonzero request for resource',
      pod: [{}],
      nodes: [['node1', { cpu: '250m', memory: '1000Mi' }], ['node2', { cpu: '250m', memory: '1000Mi' }]],
      existing: [['node1', [{}]], ['node1', [{}]]],
      want: [80, 30],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      pod: twoContainers,
      nodes: [['node1', { cpu: '6000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '4' }]],
      resources: extendedResourceSet,
      want: [50, 50],
    },
    {
      name: 'honor extended resource if the pod request',
      pod: [{ cpu: '3000', memory: '5000', [ext]: '2' }],
      nodes: [['node1', { cpu: '6000', memory: '10000', [ext]: '4' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '10' }]],
      resources: extendedResourceSet,
      want: [50, 40],
    },
    {
      name: "if the node doesn't have a resource",
      pod: [{ cpu: '3000', memory: '4000' }],
      nodes: [['node1', { cpu: '6000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000', [ext]: '4' }]],
      resources: [{ name: ext, weight: 2 }, { name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }],
      want: [45, 45],
    },
  ];
  it.each(cases)('$name', (c) => expect(fitScores('MostAllocated', c)).toEqual(c.want));
  it('Resources not set, pods scheduled with error (deviation: kubesim fails in PreScore, upstream in Score with MinNodeScore)', () => {
    const c: Case = { name: '', pod: twoContainers, nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]], resources: [], want: [] };
    expect(() => fitScores('MostAllocated', c)).toThrow('resources not found');
  });
  const fitConfig = (resources: { name: string; weight: number }[]) =>
    parseSchedulerProfile({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources } } }] }).errors.map((e) => e.field);
  const weightField = (i: number) => `pluginConfig[0].args.scoringStrategy.resources[${i}].weight`;
  it('resource with negative weight', () => expect(fitConfig([{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }])).toEqual([weightField(0)]));
  it('resource with zero weight (deviation: the v1 API defaults a zero weight to 1 before validation; upstream validates the internal config)', () => {
    expect(fitConfig([{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }])).toEqual([]);
  });
  it('resource weight larger than MaxNodeScore', () => expect(fitConfig([{ name: 'memory', weight: 101 }])).toEqual([weightField(0)]));
  it('kubesim case, not upstream: mostRequestedScore clamps to capacity', () => expect(mostRequestedScore(300, 250)).toBe(100));
});

describe('requested_to_capacity_ratio_test.go', () => {
  const shape = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];
  const cases: Case[] = [
    { name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)', pod: [], nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '4000', memory: '10000' }]], existing: [['node1', []], ['node1', []]], want: [100, 100] },
    { name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)', pod: twoContainers, nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]], existing: [['node1', []], ['node1', []]], want: [38, 50] },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      pod: [],
      nodes: [['node1', { cpu: '4000', memory: '10000' }], ['node2', { cpu: '6000', memory: '10000' }]],
      existing: [['node1', [{ cpu: '3000', memory: '5000' }]], ['node2', [{ cpu: '3000', memory: '5000' }]]],
      want: [38, 50],
    },
  ];
  it.each(cases)('TestRequestedToCapacityRatioScoringStrategy: $name', (c) => expect(fitScores('RequestedToCapacityRatio', c, shape)).toEqual(c.want));

  const binPack = [{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }];
  const node = (name: string, foo: number, bar?: number) =>
    [name, { cpu: '4000', memory: String(10000 * 1024 * 1024), [ext]: String(foo), ...(bar !== undefined ? { 'intel.com/bar': String(bar) } : {}) }] as [string, Record<string, string>];
  it.each([
    { name: 'nothing scheduled, nothing requested', pod: [], existing: [], want: [0, 0] },
    { name: 'resources requested, pods scheduled with less resources', pod: [{ [ext]: '2' }], existing: [], want: [2, 5] },
    { name: 'resources requested, pods scheduled with resources, on node with existing pod running ', pod: [{ [ext]: '2' }], existing: [['node2', [{ [ext]: '2' }]]], want: [2, 10] },
    { name: 'resources requested, pods scheduled with more resources', pod: [{ [ext]: '4' }], existing: [], want: [5, 10] },
  ] as { name: string; pod: Record<string, string>[]; existing: [string, Record<string, string>[]][]; want: number[] }[])(
    'TestResourceBinPackingSingleExtended: $name',
    (c) => {
      const got = fitScores('RequestedToCapacityRatio', { ...c, nodes: [node('node1', 8), node('node2', 4)], resources: [{ name: ext, weight: 1 }] }, binPack);
      expect(got).toEqual(c.want);
    },
  );
  it.each([
    { name: 'nothing scheduled, nothing requested', pod: [], existing: [], want: [0, 0] },
    { name: 'resources requested, pods scheduled with less resources', pod: [{ [ext]: '2', 'intel.com/bar': '2' }], existing: [], want: [4, 3] },
    { name: 'resources requested, pods scheduled with resources, on node with existing pod running ', pod: [{ [ext]: '2', 'intel.com/bar': '2' }], existing: [['node2', [{ [ext]: '4', 'intel.com/bar': '2' }]]], want: [4, 7] },
    { name: 'resources requested, pods scheduled with more resources', pod: [{ [ext]: '4', 'intel.com/bar': '2' }], existing: [], want: [5, 5] },
  ] as { name: string; pod: Record<string, string>[]; existing: [string, Record<string, string>[]][]; want: number[] }[])(
    'TestResourceBinPackingMultipleExtended: $name',
    (c) => {
      const got = fitScores(
        'RequestedToCapacityRatio',
        { ...c, nodes: [node('node1', 8, 4), node('node2', 4, 8)], resources: [{ name: ext, weight: 3 }, { name: 'intel.com/bar', weight: 5 }] },
        binPack,
      );
      expect(got).toEqual(c.want);
    },
  );

  const fn1 = buildBrokenLinearFunction([{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }]);
  const fn2 = buildBrokenLinearFunction([{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, { utilization: 100, score: 0 }]);
  const fn3 = buildBrokenLinearFunction([{ utilization: 0, score: 2 }, { utilization: 40, score: 2 }, { utilization: 100, score: 2 }]);
  it.each([
    [fn1, -10, 1], [fn1, 0, 1], [fn1, 9, 1], [fn1, 10, 1], [fn1, 15, 1], [fn1, 19, 1], [fn1, 20, 2], [fn1, 89, 8], [fn1, 90, 9], [fn1, 99, 9], [fn1, 100, 9], [fn1, 110, 9],
    [fn2, -10, 2], [fn2, 0, 2], [fn2, 20, 6], [fn2, 30, 8], [fn2, 40, 10], [fn2, 70, 5], [fn2, 100, 0], [fn2, 110, 0],
    [fn3, -10, 2], [fn3, 0, 2], [fn3, 20, 2], [fn3, 40, 2], [fn3, 70, 2], [fn3, 110, 2],
  ] as [(p: number) => number, number, number][])('TestBrokenLinearFunction f(%#) p=%i → %i', (f, p, want) => expect(f(p)).toBe(want));
});

describe('balanced_allocation_test.go TestNodeResourcesBalancedAllocation', () => {
  const cpuAndMemory = [{ cpu: '1000m', memory: '2000' }, { cpu: '2000m', memory: '3000' }];
  const cpuOnly = [{ cpu: '1000m', memory: '0' }, { cpu: '2000m', memory: '0' }];
  const cpuAndMemoryAndGPU = [{ cpu: '1000m', memory: '2000' }, { cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' }];
  const gpuSet = [...cpuMem, { name: 'nvidia.com/gpu', weight: 1 }];
  const cases: { name: string; pod: Record<string, string>[]; nodes: [string, Record<string, string>][]; existing: [string, Record<string, string>[]][]; resources?: typeof cpuMem; want: number[] | 'skip' }[] = [
    { name: 'nothing scheduled, nothing requested, skip in PreScore', pod: [], nodes: [['node1', { cpu: '4', memory: '10000' }], ['node2', { cpu: '4', memory: '10000' }]], existing: [], want: 'skip' },
    { name: 'nothing scheduled, resources requested, differently sized nodes', pod: cpuAndMemory, nodes: [['node1', { cpu: '4', memory: '10000' }], ['node2', { cpu: '6', memory: '10000' }]], existing: [], want: [87, 100] },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: cpuAndMemory,
      nodes: [['node1', { cpu: '10', memory: '20000' }], ['node2', { cpu: '10', memory: '20000' }]],
      existing: [['node1', cpuOnly], ['node2', cpuAndMemory]],
      want: [82, 95],
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: cpuAndMemory,
      nodes: [['node1', { cpu: '10', memory: '20000' }], ['node2', { cpu: '10', memory: '50000' }]],
      existing: [['node1', cpuOnly], ['node2', cpuAndMemory]],
      want: [82, 80],
    },
    {
      name: 'requested resources at node capacity',
      pod: cpuOnly,
      nodes: [['node1', { cpu: '6', memory: '10000' }], ['node2', { cpu: '6', memory: '10000' }]],
      existing: [['node1', cpuOnly], ['node2', cpuAndMemory]],
      want: [50, 75],
    },
    {
      name: 'include scalar resource on a node for balanced resource allocation',
      pod: [{ memory: '0', 'nvidia.com/gpu': '1' }],
      nodes: [['node1', { cpu: '3500m', memory: '40000', 'nvidia.com/gpu': '8' }], ['node2', { cpu: '3500m', memory: '40000', 'nvidia.com/gpu': '8' }]],
      existing: [['node2', cpuAndMemory], ['node1', cpuAndMemoryAndGPU]],
      resources: gpuSet,
      want: [70, 65],
    },
    {
      name: "resources requested, pods scheduled with resources if PreScore not called (deviation: kubesim's Score reads PreScore's state, which its framework always provides; run with PreScore)",
      pod: cpuAndMemory,
      nodes: [['node1', { cpu: '10', memory: '20000' }], ['node2', { cpu: '10', memory: '20000' }]],
      existing: [['node1', cpuOnly], ['node2', cpuAndMemory]],
      want: [82, 95],
    },
    {
      name: 'node without the scalar resource should skip the scalar resource',
      pod: cpuAndMemory,
      nodes: [['node1', { cpu: '3500m', memory: '40000', 'nvidia.com/gpu': '8' }], ['node2', { cpu: '3500m', memory: '40000' }]],
      existing: [],
      resources: gpuSet,
      want: [63, 63],
    },
  ];
  // it() per row: it.each would cut the names short.
  for (const c of cases) it(c.name, () => {
    const cache = buildCache(
      c.nodes.map(([n, cap]) => makeNodeObj(n, cap)),
      c.existing.map(([node, reqs]) => ({ pod: makePod({ reqs }), node })),
    );
    expect(runScore(newBalancedAllocation({ resources: c.resources ?? cpuMem }), makePod({ reqs: c.pod }), cache)).toEqual(c.want);
  });
  it('kubesim case, not upstream: three resources use the population standard deviation', () => {
    // cpu 3000/3500, memory 5000/40000, gpu 4/8 → mean 0.494, std 0.2994 → int(70.06) = 70, as upstream.
    expect(balancedResourceScorer([3000, 5000, 4], [3500, 40000, 8])).toBe(70);
  });
});

describe('pod requests (resource helpers, the 100m / 200Mi rule)', () => {
  const c = (requests: Record<string, number>, sidecar = false): ContainerRequests => ({ requests: new Map(Object.entries(requests)), sidecar });
  it.each([
    { name: 'one requestless container', containers: [c({})], init: [], overhead: {}, cpu: 100, mem: 209715200, reqCpu: 0 },
    { name: 'container(1 cpu, 1Mi) + requestless', containers: [c({ cpu: 1000, memory: 1048576 }), c({})], init: [], overhead: {}, cpu: 1100, mem: 1048576 + 209715200, reqCpu: 1000 },
    {
      name: 'init(3 cpu) + container(1 cpu,1Mi) + requestless + overhead(1 cpu,1Mi)',
      containers: [c({ cpu: 1000, memory: 1048576 }), c({})],
      init: [c({ cpu: 3000 })],
      overhead: { cpu: 1000, memory: 1048576 },
      cpu: 4000,
      mem: 2 * 1048576 + 209715200,
      reqCpu: 4000,
    },
    { name: 'zero containers get no defaults', containers: [], init: [], overhead: {}, cpu: 0, mem: 0, reqCpu: 0 },
    { name: 'explicit zero stays zero', containers: [c({ cpu: 0, memory: 0 })], init: [], overhead: {}, cpu: 0, mem: 0, reqCpu: 0 },
    {
      name: 'sidecars add, later init containers run beside them',
      containers: [c({ cpu: 1000 })],
      init: [c({ cpu: 500 }, true), c({ cpu: 2000 })],
      overhead: {},
      // memory: container 200Mi + sidecar 200Mi = 400Mi; init (200Mi) beside the sidecar (200Mi) = 400Mi; max = 400Mi.
      cpu: 2500,
      mem: 209715200 * 2,
      reqCpu: 2500,
    },
  ])('$name', (t) => {
    const r = calculatePodResources({ containers: t.containers, initContainers: t.init, overhead: new Map(Object.entries(t.overhead)) });
    expect(r.nonMissingCpuMillis).toBe(t.cpu);
    expect(r.nonMissingMemoryBytes).toBe(t.mem);
    expect(r.requests.cpuMillis).toBe(t.reqCpu);
  });
  it('node side (≥1.32): defaults only when the aggregate lacks the key', () => {
    const r = calculatePodResources({ containers: [c({ cpu: 1000 }), c({})], initContainers: [] });
    expect(r.nonZeroCpuMillis).toBe(1000);
    expect(r.nonZeroMemoryBytes).toBe(2 * 209715200);
  });
});
