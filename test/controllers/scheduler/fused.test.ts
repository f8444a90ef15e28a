/**
 * The fused filter-and-score pass (ScoreShape plans, inline NodeResourcesFit verdicts, per-shape memos) must make
 * exactly the decisions of the general path: same node, same statuses and messages, same decision log (per-plugin
 * scores of the best nodes), same draws from the random stream.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Taint } from 'kubernetes-types/core/v1';
import { Framework, defaultProfile, toNodeInfo, type ScheduleResult, type SchedulerProfile } from '../../../src/controllers/scheduler/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

const ZONES = ['a', 'b', 'c'];

/** `undefined` five times out of six. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: arb, weight: 1 });

const arbNode = fc.record({
  cpu: fc.integer({ min: 1, max: 16 }),
  memGi: fc.integer({ min: 1, max: 32 }),
  pods: fc.integer({ min: 0, max: 8 }),
  taint: fc.constantFrom('none', 'none', 'none', 'NoSchedule', 'PreferNoSchedule'),
  image: fc.boolean(),
  unschedulable: fc.boolean(),
});

const arbPod = fc.record({
  // A small set of request shapes, so memos are built and reused.
  shape: fc.integer({ min: 0, max: 5 }),
  tolerates: fc.boolean(),
  zone: rarely(fc.constantFrom(...ZONES)),
  preferZone: rarely(fc.constantFrom(...ZONES)),
  spread: fc.constantFrom(false, false, false, true),
  anti: fc.constantFrom(false, false, false, true),
  app: fc.integer({ min: 0, max: 2 }),
  priority: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2),
  hostPort: rarely(fc.constantFrom(80, 443)),
  image: fc.boolean(),
  /** Selected by a ReplicaSet-like owner: PodTopologySpread's default spreading scores it after the fused pass. */
  owned: fc.boolean(),
  /** After scheduling: 0 = keep, 1 = delete an earlier pod, 2 = update a node, 3 = remove a node. */
  event: fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3),
  pick: fc.nat(),
});

type NodeCase = typeof arbNode extends fc.Arbitrary<infer T> ? T : never;
type PodCase = typeof arbPod extends fc.Arbitrary<infer T> ? T : never;

const SHAPES: Record<string, string>[][] = [
  [{ cpu: '500m', memory: '1Gi' }],
  [{ cpu: '2', memory: '512Mi' }],
  [{}],
  [{ cpu: '250m' }],
  [{ memory: '3Gi' }, { cpu: '1' }],
  [{ cpu: '4', memory: '8Gi', 'ephemeral-storage': '1Gi' }],
];

interface Case {
  nodes: NodeCase[];
  pods: PodCase[];
  /** Which node features the case keeps (each one makes some score plugins' shapes unknown, or adds filters). */
  preferTaints: boolean;
  hardTaints: boolean;
  images: boolean;
  cordons: boolean;
  percentage: number;
  seed: number;
}

function nodeObj(c: Case, k: number, n: NodeCase, generation = 0) {
  const effect = (n.taint === 'PreferNoSchedule' && !c.preferTaints) || (n.taint === 'NoSchedule' && !c.hardTaints) ? 'none' : n.taint;
  const taints: Taint[] = effect === 'none' ? [] : [{ key: 'dedicated', value: 'x', effect: effect as Taint['effect'] }];
  const obj = makeNodeObj(
    `n${k}`,
    { cpu: String(n.cpu + generation), memory: `${n.memGi}Gi`, pods: String(n.pods), 'ephemeral-storage': '10Gi' },
    { 'kubernetes.io/hostname': `n${k}`, zone: ZONES[k % 3] as string },
    taints,
  );
  if (n.unschedulable && c.cordons) obj.spec!.unschedulable = true;
  if (n.image && c.images) obj.status!.images = [{ names: ['img-big:latest'], sizeBytes: 600 * 1024 * 1024 }];
  return obj;
}

/**
 * Runs the case on a framework and returns every result, made comparable (PodInfo victims → keys). The node index
 * (walking only the nodes matching a pod's required node affinity) is on with the fused pass unless told.
 */
function simulate(c: Case, fusedScoring: boolean, nodeIndex = fusedScoring): unknown[] {
  const nodes = c.nodes.map((n, k) => nodeObj(c, k, n));
  const cache = buildCache(nodes);
  const profile: SchedulerProfile = { ...defaultProfile(), percentageOfNodesToScore: c.percentage };
  const fw = new Framework(profile, cache, { fusedScoring, nodeIndex });
  const rng = fixedRng(c.seed);
  const placed: string[] = [];
  const out: unknown[] = [];
  c.pods.forEach((p, k) => {
    const app = `app-${p.app}`;
    const pod = makePod({
      name: `p${k}`,
      labels: { app },
      reqs: SHAPES[p.shape],
      priority: p.priority,
      images: p.image ? ['img-big'] : undefined,
      ...(p.owned ? { opts: { ownerSelectors: [{ app }] } } : {}),
      ...(p.hostPort !== undefined ? { hostPorts: [p.hostPort] } : {}),
      ...(p.tolerates ? { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] } : {}),
      ...(p.zone ? { nodeSelector: { zone: p.zone } } : {}),
      ...(p.spread ? { spread: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app } } }] } : {}),
      affinity: {
        ...(p.preferZone
          ? { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: [p.preferZone] }] } }] } }
          : {}),
        ...(p.anti
          ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app } } }] } }
          : {}),
      },
    });
    const r: ScheduleResult = fw.schedulePod(pod, rng);
    out.push({
      nodeName: r.nodeName,
      code: r.status.code,
      reasons: r.status.reasons,
      message: r.failedSchedulingMessage,
      decision: r.decision,
      nominated: r.postFilterResult?.nominatedNodeName,
      victims: r.postFilterResult?.victims.map((v) => v.key),
      next: fw.nextStartNodeIndex,
    });
    if (r.nodeName) {
      fw.reserve(pod, r.nodeName, rng);
      placed.push(pod.key);
    } else if (r.postFilterResult?.nominatedNodeName) {
      for (const v of r.postFilterResult.victims) cache.removePod(v.key);
      cache.setNominatedNode(pod, r.postFilterResult.nominatedNodeName);
    }
    if (p.event === 1 && placed.length > 0) cache.removePod(placed[p.pick % placed.length] as string);
    if (p.event === 2 && cache.size > 0) {
      const j = p.pick % c.nodes.length;
      if (cache.node(`n${j}`)) cache.updateNode(toNodeInfo(nodeObj(c, j, c.nodes[j]!, 1 + (p.pick % 3))));
    }
    if (p.event === 3 && cache.size > 1) cache.removeNode(cache.nodes[p.pick % cache.size]!.spec.name);
  });
  return out;
}

describe('fused filter-and-score pass', () => {
  const arbCase = fc.record({
    nodes: fc.oneof(fc.array(arbNode, { minLength: 1, maxLength: 12 }), fc.array(arbNode, { minLength: 100, maxLength: 140 })),
    pods: fc.array(arbPod, { maxLength: 60 }),
    percentage: fc.constantFrom(0, 0, 30, 100),
    preferTaints: fc.constantFrom(false, false, false, true),
    hardTaints: fc.boolean(),
    images: fc.boolean(),
    cordons: fc.constantFrom(false, false, false, true),
    seed: fc.integer({ min: 1, max: 10_000 }),
  });

  it('chooses the same nodes with the same scores, statuses and draws as the general path', () => {
    // The fused pass must actually run in most cycles, or this comparison proves little.
    const fusedPasses = vi.spyOn(Framework.prototype as unknown as { filterAndScoreFused: () => unknown }, 'filterAndScoreFused');
    const cycles = vi.spyOn(Framework.prototype, 'schedulePod');
    // Memos that hold taint verdicts and per-node scores (TaintToleration, NodeUnschedulable, NodeAffinity) beside
    // the resource score.
    const foldKeys = vi.spyOn(Framework.prototype as unknown as { foldKey: () => string }, 'foldKey');
    fc.assert(
      fc.property(arbCase, (c) => {
        expect(simulate(c, true)).toEqual(simulate(c, false));
      }),
      { numRuns: 300 },
    );
    // schedulePod runs in both modes: fused passes in at least a quarter of the fused mode's cycles.
    expect(fusedPasses.mock.calls.length).toBeGreaterThan(cycles.mock.calls.length / 8);
    for (const part of ['|FTaintToleration:', '|FNodeUnschedulable:', '|NTaintToleration:', '|NNodeAffinity:']) {
      expect(foldKeys.mock.results.filter((r) => String(r.value).includes(part)).length).toBeGreaterThan(100);
    }
    vi.restoreAllMocks();
  });

  it('same results where whole blocks of nodes come from memoized summaries (resource-only pods, 64-200 nodes)', () => {
    const blockSummaries = vi.spyOn(Framework.prototype as unknown as { summarizeBlock: () => unknown }, 'summarizeBlock');
    const plainPod = arbPod.map((p): PodCase => ({ ...p, zone: undefined, preferZone: undefined, spread: false, anti: false, hostPort: undefined, priority: 0 }));
    const arbPlain: fc.Arbitrary<Case> = fc.record({
      nodes: fc.array(arbNode, { minLength: 64, maxLength: 200 }),
      pods: fc.array(plainPod, { minLength: 20, maxLength: 120 }),
      percentage: fc.constantFrom(0, 0, 30, 100),
      preferTaints: fc.constant(false),
      hardTaints: fc.constant(false),
      images: fc.boolean(),
      cordons: fc.constant(false),
      seed: fc.integer({ min: 1, max: 10_000 }),
    });
    fc.assert(
      fc.property(arbPlain, (c) => {
        expect(simulate(c, true)).toEqual(simulate(c, false));
      }),
      { numRuns: 100 },
    );
    expect(blockSummaries.mock.calls.length).toBeGreaterThan(1000);
    vi.restoreAllMocks();
  });

  it('walking only the nodes matching the required node affinity: same nodes, statuses, evaluated counts and start index', () => {
    const candidates = vi.spyOn(Framework.prototype as unknown as { affinityCandidates: () => Int32Array | null }, 'affinityCandidates');
    // Two pods in three pin a zone (a third of the nodes), with or without tolerating the tainted nodes.
    const pinned = arbPod.chain((p) => fc.constantFrom(...ZONES, undefined).map((zone): PodCase => ({ ...p, zone: zone ?? p.zone })));
    const arbPinned: fc.Arbitrary<Case> = fc.record({
      // Above 300 nodes a zone holds more than the 100 nodes a pass looks for, so passes stop inside the list.
      nodes: fc.oneof(fc.array(arbNode, { minLength: 3, maxLength: 12 }), fc.array(arbNode, { minLength: 100, maxLength: 160 }), fc.array(arbNode, { minLength: 300, maxLength: 360 })),
      pods: fc.array(pinned, { minLength: 10, maxLength: 60 }),
      percentage: fc.constantFrom(0, 10, 10, 30, 100),
      preferTaints: fc.boolean(),
      hardTaints: fc.boolean(),
      images: fc.boolean(),
      cordons: fc.boolean(),
      seed: fc.integer({ min: 1, max: 10_000 }),
    });
    fc.assert(
      fc.property(arbPinned, (c) => {
        const indexed = simulate(c, true, true);
        expect(indexed).toEqual(simulate(c, true, false));
        expect(simulate(c, false, true)).toEqual(simulate(c, false, false));
      }),
      { numRuns: 60 },
    );
    expect(candidates.mock.results.filter((r) => r.value !== null).length).toBeGreaterThan(300);
    vi.restoreAllMocks();
  });

  it('per-node shapes: PreferNoSchedule taints (at most one per node) and a single preferred term score in the fused pass', () => {
    const fusedPasses = vi.spyOn(Framework.prototype as unknown as { filterAndScoreFused: () => unknown }, 'filterAndScoreFused');
    const spot: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
    const other: Taint = { key: 'legacy', value: 'true', effect: 'PreferNoSchedule' };
    const run = (fusedScoring: boolean, second: boolean) => {
      const nodes = Array.from({ length: 120 }, (_, k) =>
        makeNodeObj(`n${k}`, { cpu: String(4 + (k % 3)), memory: '16Gi', pods: '30' }, { zone: ZONES[k % 3] as string }, [
          ...(k % 5 === 0 ? [spot] : []),
          ...(second && k === 10 ? [other] : []),
        ]),
      );
      const cache = buildCache(nodes);
      const fw = new Framework(defaultProfile(), cache, { fusedScoring });
      const rng = fixedRng(5);
      const out = Array.from({ length: 240 }, (_, k) => {
        const pod = makePod({
          name: `s${k}`,
          reqs: [{ cpu: `${100 + (k % 4) * 300}m`, memory: '512Mi' }],
          ...(k % 3 === 0 ? { tolerations: [{ key: 'spot', operator: 'Exists' as const, effect: 'PreferNoSchedule' as const }] } : {}),
          ...(k % 4 === 1
            ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] } } }
            : {}),
        });
        const r = fw.schedulePod(pod, rng);
        if (r.nodeName) fw.reserve(pod, r.nodeName, rng);
        return r.decision;
      });
      return out;
    };
    fusedPasses.mockClear();
    const one = run(true, false);
    expect(fusedPasses.mock.calls.length).toBe(240);
    expect(one).toEqual(run(false, false));
    expect(one.some((d) => d.topNodes.some((t) => t.scores.NodeAffinity === 100))).toBe(true);
    // A node with two PreferNoSchedule taints: raw counts 0..2 normalize by the feasible maximum, so TaintToleration
    // has no shape and scores the pass's feasible list itself (PreScore, Score, NormalizeScore) after it.
    const scoredAfter = vi.spyOn(Framework.prototype as unknown as { scoreHybrid: () => unknown }, 'scoreHybrid');
    fusedPasses.mockClear();
    const two = run(true, true);
    expect(fusedPasses.mock.calls.length).toBe(240);
    expect(scoredAfter.mock.calls.length).toBeGreaterThan(200);
    expect(two).toEqual(run(false, true));
    vi.restoreAllMocks();
  });

  it('ties: identical nodes draw from the stream exactly as selectHost does', () => {
    const nodes = Array.from({ length: 150 }, (_, k) => makeNodeObj(`n${k}`, { cpu: '4', memory: '8Gi', pods: '110' }));
    const run = (fusedScoring: boolean) => {
      const cache = buildCache(nodes);
      const fw = new Framework(defaultProfile(), cache, { fusedScoring });
      const rng = fixedRng(7);
      return Array.from({ length: 200 }, (_, k) => {
        const pod = makePod({ name: `t${k}`, reqs: [{ cpu: '100m', memory: '128Mi' }] });
        const r = fw.schedulePod(pod, rng);
        fw.reserve(pod, r.nodeName!, rng);
        return r.decision;
      });
    };
    const fused = run(true);
    expect(fused).toEqual(run(false));
    expect(fused[0]!.topNodes.map((t) => t.scores)).toEqual([
      { TaintToleration: 100, NodeResourcesFit: 97, NodeResourcesBalancedAllocation: 99, ImageLocality: 0 },
      { TaintToleration: 100, NodeResourcesFit: 97, NodeResourcesBalancedAllocation: 99, ImageLocality: 0 },
      { TaintToleration: 100, NodeResourcesFit: 97, NodeResourcesBalancedAllocation: 99, ImageLocality: 0 },
    ]);
  });

  it('memos survive the stamp counter wrapping (new epoch, every node restamped)', () => {
    const nodes = Array.from({ length: 120 }, (_, k) => makeNodeObj(`n${k}`, { cpu: String(2 + (k % 5)), memory: `${4 + (k % 3)}Gi`, pods: '20' }));
    const run = (fusedScoring: boolean) => {
      const cache = buildCache(nodes);
      // Private: start just below the wrap so it happens mid-run.
      (cache as unknown as { stampCounter: number }).stampCounter = 0x7fffffff - 150;
      const fw = new Framework(defaultProfile(), cache, { fusedScoring });
      const rng = fixedRng(3);
      const out = Array.from({ length: 300 }, (_, k) => {
        const pod = makePod({ name: `w${k}`, reqs: [{ cpu: `${100 + (k % 3) * 200}m`, memory: `${256 * (1 + (k % 2))}Mi` }] });
        const r = fw.schedulePod(pod, rng);
        if (r.nodeName) fw.reserve(pod, r.nodeName, rng);
        return r.decision;
      });
      return { out, epoch: cache.stampEpoch };
    };
    const fused = run(true);
    expect(fused.epoch).toBe(1);
    expect(fused.out).toEqual(run(false).out);
  });

  it('more request shapes than memos: evicted shapes start over and decide the same', () => {
    const nodes = Array.from({ length: 96 }, (_, k) => makeNodeObj(`n${k}`, { cpu: String(8 + (k % 4)), memory: '32Gi', pods: '50' }));
    const run = (fusedScoring: boolean) => {
      const cache = buildCache(nodes);
      const fw = new Framework(defaultProfile(), cache, { fusedScoring });
      const rng = fixedRng(11);
      // 300 shapes (above the 256 memos), each seen several times, in an order that evicts and rebuilds.
      return Array.from({ length: 1500 }, (_, k) => {
        const shape = (k * 37) % 300;
        const pod = makePod({ name: `e${k}`, reqs: [{ cpu: `${50 + shape * 5}m`, memory: `${64 + (shape % 9) * 32}Mi` }] });
        const r = fw.schedulePod(pod, rng);
        if (r.nodeName) fw.reserve(pod, r.nodeName, rng);
        if (k % 7 === 6) cache.removePod(`default/e${k - 5}`);
        return r.decision;
      });
    };
    expect(run(true)).toEqual(run(false));
  });
});
