import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Framework,
  SchedulingQueue,
  calculateBackoffDurationMs,
  defaultProfile,
  fitErrorMessage,
  fits,
  numFeasibleNodesToFind,
  parseSchedulerProfile,
  podMatchesNodeSelectorAndAffinityTerms,
  selectHost,
  unresolvable,
  unschedulable,
  findUntoleratedDoNotScheduleTaint,
  type PdbInfo,
} from '../../../src/controllers/scheduler/index.ts';
import { selectorFromSet } from '../../../src/api/selector.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

describe('schedule_one_test.go TestNumFeasibleNodesToFind', () => {
  it.each([
    { name: 'not set percentageOfNodesToScore and nodes number not more than 50', global: 0, profile: undefined, n: 10, want: 10 },
    { name: 'set profile percentageOfNodesToScore and nodes number not more than 50', global: 0, profile: 40, n: 10, want: 10 },
    { name: 'not set percentageOfNodesToScore and nodes number more than 50', global: 0, profile: undefined, n: 1000, want: 420 },
    { name: 'set profile percentageOfNodesToScore and nodes number more than 50', global: 0, profile: 40, n: 1000, want: 400 },
    { name: 'set global and profile percentageOfNodesToScore and nodes number more than 50', global: 100, profile: 70, n: 1000, want: 700 },
    { name: 'set global percentageOfNodesToScore and nodes number more than 50', global: 40, profile: undefined, n: 1000, want: 400 },
    { name: 'not set profile percentageOfNodesToScore and nodes number more than 50*125', global: 0, profile: undefined, n: 6000, want: 300 },
    { name: 'set profile percentageOfNodesToScore and nodes number more than 50*125', global: 0, profile: 40, n: 6000, want: 2400 },
  ])('$name', (c) => expect(numFeasibleNodesToFind(c.profile, c.n, c.global)).toBe(c.want));
});

describe('selectHost', () => {
  it('picks the max; ties use the seeded stream; same seed → same pick', () => {
    expect(selectHost([1, 5, 3], 3, fixedRng())).toBe(1);
    const a = selectHost([5, 5, 5, 5], 4, fixedRng(7));
    expect(selectHost([5, 5, 5, 5], 4, fixedRng(7))).toBe(a);
    expect(selectHost([], 0, fixedRng())).toBe(-1);
  });
});

describe('FailedScheduling message (FitError.Error)', () => {
  it('sorts the reason histogram as strings and appends the preemption message', () => {
    const statuses = [
      unschedulable('Insufficient cpu'),
      unschedulable('Insufficient cpu'),
      unschedulable('Insufficient cpu'),
      unresolvable('node(s) had untolerated taint(s)'),
      unresolvable('node(s) had untolerated taint(s)'),
    ];
    expect(fitErrorMessage(5, statuses, '', 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.')).toBe(
      '0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    );
  });

  it('end to end: insufficient cpu and a taint, then preemption that cannot help', () => {
    const nodes = [
      ...[1, 2, 3].map((i) => makeNodeObj(`small-${i}`, { cpu: '1', memory: '4Gi' })),
      ...[1, 2].map((i) => makeNodeObj(`gpu-${i}`, { cpu: '8', memory: '32Gi' }, {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])),
    ];
    const cache = buildCache(nodes);
    const fw = new Framework(defaultProfile(), cache);
    const r = fw.schedulePod(makePod({ reqs: [{ cpu: '2' }] }), fixedRng());
    expect(r.nodeName).toBeUndefined();
    // Insufficient cpu with request 2 > allocatable 1 is unresolvable (newer fit.go), so preemption cannot help.
    expect(r.failedSchedulingMessage).toBe(
      '0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    );
  });

  it('preemptionPolicy Never', () => {
    const cache = buildCache([makeNodeObj('n1', { cpu: '1' })], [{ pod: makePod({ reqs: [{ cpu: '1' }] }), node: 'n1' }]);
    const fw = new Framework(defaultProfile(), cache);
    const r = fw.schedulePod(makePod({ reqs: [{ cpu: '1' }], priority: 100, preemptionPolicy: 'Never' }), fixedRng());
    expect(r.failedSchedulingMessage).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });
});

describe('DefaultPreemption', () => {
  const setup = (pdbs: PdbInfo[] = []) => {
    const cache = buildCache([makeNodeObj('n1', { cpu: '4' }), makeNodeObj('n2', { cpu: '4' })]);
    const place = (name: string, node: string, cpu: string, priority: number, startMs: number, labels: Record<string, string> = {}) =>
      cache.addPod(makePod({ name, reqs: [{ cpu }], priority, startMs, labels }), node);
    // n1: two low-priority pods; n2: one mid-priority pod using everything.
    place('low-a', 'n1', '2', 1, 10, { app: 'a' });
    place('low-b', 'n1', '2', 1, 20, { app: 'b' });
    place('mid', 'n2', '4', 5, 5);
    return { cache, fw: new Framework(defaultProfile(), cache, { pdbs: () => pdbs }) };
  };

  it('evicts the fewest, lowest-priority victims and nominates the node', () => {
    const { cache, fw } = setup();
    const r = fw.schedulePod(makePod({ name: 'high', reqs: [{ cpu: '2' }], priority: 10 }), fixedRng());
    expect(r.nodeName).toBeUndefined();
    expect(r.postFilterResult?.nominatedNodeName).toBe('n1');
    expect(r.postFilterResult?.victims.map((v) => v.name)).toHaveLength(1);
    // The cache is restored after the dry runs.
    expect(cache.node('n1')?.pods.map((p) => p.name).sort()).toEqual(['low-a', 'low-b']);
    expect(r.failedSchedulingMessage).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('prefers victims whose eviction does not violate a PDB', () => {
    const pdb: PdbInfo = { namespace: 'default', matches: (l) => selectorFromSet({ app: 'a' }).matches(l), disruptionsAllowed: 0 };
    const { fw } = setup([pdb]);
    const r = fw.schedulePod(makePod({ name: 'high', reqs: [{ cpu: '2' }], priority: 10 }), fixedRng());
    expect(r.postFilterResult?.victims.map((v) => v.name)).toEqual(['low-b']);
  });

  it('no lower-priority pods: no victims found', () => {
    const { fw } = setup();
    const r = fw.schedulePod(makePod({ name: 'low', reqs: [{ cpu: '2' }], priority: 0 }), fixedRng());
    expect(r.failedSchedulingMessage).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });
});

describe('SchedulingQueue', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10000],
    [9, 10000],
  ])('calculateBackoffDuration(attempts=%i) = %i ms', (a, ms) => expect(calculateBackoffDurationMs(a)).toBe(ms));

  it('orders by priority then timestamp; backoff and 5-minute flush; nextWakeMs', () => {
    const q = new SchedulingQueue();
    q.add(makePod({ name: 'a', priority: 1 }), 0);
    q.add(makePod({ name: 'b', priority: 5 }), 10);
    q.add(makePod({ name: 'c', priority: 5 }), 20);
    expect(q.pop(30)?.info.pod.name).toBe('b');
    expect(q.pop(30)?.info.pod.name).toBe('c');
    const a = q.pop(30)!;
    expect(a.info.pod.name).toBe('a');
    q.addUnschedulable(a.info.pod.key, 100);
    expect(q.lengths().unschedulable).toBe(1);
    expect(q.nextWakeMs()).toBe(100 + 300_000);
    q.onClusterEvent('NodeAdd', 500);
    // Backoff after attempt 1 is 1 s from the failure at 100 ms.
    expect(q.lengths().backoff).toBe(1);
    expect(q.nextWakeMs()).toBe(1100);
    expect(q.pop(1099)).toBeUndefined();
    expect(q.pop(1100)?.info.attempts).toBe(2);
  });

  it('a move request during the cycle sends the failed pod to backoff, not to the unschedulable pods', () => {
    const q = new SchedulingQueue();
    q.add(makePod({ name: 'a' }), 0);
    const p = q.pop(0)!;
    q.onClusterEvent('PodDelete', 5);
    q.addUnschedulable(p.info.pod.key, 10);
    expect(q.lengths()).toMatchObject({ backoff: 1, unschedulable: 0 });
  });
});

describe('parseSchedulerProfile', () => {
  it('accepts a KubeSchedulerConfiguration with a bin-packing strategy', () => {
    const r = parseSchedulerProfile({
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      profiles: [
        {
          schedulerName: 'bin-packing',
          percentageOfNodesToScore: 100,
          plugins: { score: { disabled: [{ name: 'NodeResourcesBalancedAllocation' }], enabled: [{ name: 'NodeResourcesFit', weight: 5 }] } },
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory' }] } } }],
        },
      ],
    });
    expect(r.errors).toEqual([]);
    expect(r.profile?.schedulerName).toBe('bin-packing');
    expect(r.profile?.pluginArgs.NodeResourcesFit.scoringStrategy).toEqual({ type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] });
    expect(r.profile?.plugins.find((p) => p.name === 'NodeResourcesFit')?.weight).toBe(5);
    expect([...(r.profile?.plugins.find((p) => p.name === 'NodeResourcesBalancedAllocation')?.disabled ?? [])]).toEqual(['score']);
  });

  it('collects every error with its field path', () => {
    const r = parseSchedulerProfile({
      percentageOfNodesToScore: 101,
      plugins: { score: { enabled: [{ name: 'NoSuchPlugin' }] } },
      pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', resources: [{ name: 'cpu', weight: 101 }] } } }],
    });
    expect(r.profile).toBeUndefined();
    expect(r.errors.map((e) => e.field)).toEqual([
      'percentageOfNodesToScore',
      'plugins.score.enabled[0].name',
      'pluginConfig[0].args.scoringStrategy.resources[0].weight',
      'pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape',
    ]);
  });
});

describe('properties', () => {
  const arbCluster = fc.record({
    nodes: fc.array(
      fc.record({ cpu: fc.integer({ min: 1, max: 8 }), memGi: fc.integer({ min: 1, max: 16 }), zone: fc.constantFrom('a', 'b', 'c'), tainted: fc.boolean() }),
      { minLength: 1, maxLength: 12 },
    ),
    pods: fc.array(
      fc.record({ cpuM: fc.integer({ min: 0, max: 3000 }), memMi: fc.integer({ min: 0, max: 4096 }), tolerates: fc.boolean(), zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }) }),
      { maxLength: 40 },
    ),
    seed: fc.integer({ min: 1, max: 1000 }),
  });
  interface Cluster {
    nodes: { cpu: number; memGi: number; zone: string; tainted: boolean }[];
    pods: { cpuM: number; memMi: number; tolerates: boolean; zone: string | undefined }[];
    seed: number;
  }
  const simulate = (c: Cluster) => {
    const cache = buildCache(
      c.nodes.map((n, i) =>
        makeNodeObj(`n${i}`, { cpu: String(n.cpu), memory: `${n.memGi}Gi`, pods: '5' }, { zone: n.zone }, n.tainted ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] : []),
      ),
    );
    const fw = new Framework(defaultProfile(), cache);
    const rng = fixedRng(c.seed);
    const placements: (string | undefined)[] = [];
    c.pods.forEach((p, k) => {
      const pod = makePod({
        name: `p${k}`,
        reqs: [{ cpu: `${p.cpuM}m`, memory: `${p.memMi}Mi` }],
        ...(p.tolerates ? { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] } : {}),
        ...(p.zone ? { nodeSelector: { zone: p.zone } } : {}),
      });
      const r = fw.schedulePod(pod, rng);
      placements.push(r.nodeName);
      if (r.nodeName) {
        const node = cache.node(r.nodeName)!;
        // Bound pods pass every filter on their node at bind time.
        expect(fits(pod, cache, node.index)).toEqual([]);
        expect(findUntoleratedDoNotScheduleTaint(node.spec.taints, pod.tolerations)).toBeUndefined();
        expect(podMatchesNodeSelectorAndAffinityTerms(pod, node.spec)).toBe(true);
        fw.reserve(pod, r.nodeName, rng);
      }
    });
    return { cache, placements };
  };
  it('a bound pod passes every filter; no node is over-committed', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const { cache } = simulate(c);
        for (const n of cache.nodes) {
          const i = n.index;
          expect(cache.reqCpu[i]!).toBeLessThanOrEqual(cache.allocCpu[i]!);
          expect(cache.reqMem[i]!).toBeLessThanOrEqual(cache.allocMem[i]!);
          expect(cache.podCount[i]!).toBeLessThanOrEqual(cache.allocPods[i]!);
        }
      }),
      { numRuns: 60 },
    );
  });
  it('the same seed gives the same placements', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        expect(simulate(c).placements).toEqual(simulate(c).placements);
      }),
      { numRuns: 40 },
    );
  });
});
