/** `TestBinpackingEstimate` (estimator/binpacking_estimator_test.go), inputs and expectations as upstream's. */
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../src/controllers/scheduler/framework/profile.ts';
import { binpackingEstimate, EstimationLimiter, type PodEquivalenceGroup } from '../../../src/controllers/autoscaler/estimator.ts';
import { ClusterSnapshot } from '../../../src/controllers/autoscaler/snapshot.ts';
import { makeNode, podCopies, type TestPodOptions } from './fixtures.ts';

const estimatee: TestPodOptions = { namespace: 'universe', labels: { app: 'estimatee' } };
const group = (name: string, cpu: number, mem: number, n: number, o: TestPodOptions = {}): PodEquivalenceGroup => ({ pods: podCopies(name, cpu, mem, n, { ...estimatee, ...o }) });
const highResourcePodGroup = group('high', 500, 1000, 10);

const cases: { name: string; millicores: number; memory: number; maxNodes?: number; groups: PodEquivalenceGroup[]; nodes: number; pods: number; processed?: PodEquivalenceGroup }[] = [
  { name: 'simple resource-based binpacking', millicores: 350 * 3 - 50, memory: 2 * 1000, groups: [group('e', 350, 1000, 10)], nodes: 5, pods: 10 },
  { name: 'pods-per-node bound binpacking', millicores: 10000, memory: 20000, groups: [group('e', 10, 100, 20)], nodes: 2, pods: 20 },
  { name: 'hostport conflict forces pod-per-node', millicores: 1000, memory: 5000, groups: [group('e', 200, 1000, 8, { hostPort: 5555 })], nodes: 8, pods: 8 },
  { name: 'limiter cuts binpacking', millicores: 1000, memory: 5000, maxNodes: 5, groups: [group('e', 500, 1000, 20)], nodes: 5, pods: 10 },
  {
    name: 'decreasing ordered pods are processed first',
    millicores: 1000,
    memory: 5000,
    maxNodes: 5,
    groups: [group('low', 50, 1000, 10), highResourcePodGroup],
    nodes: 5,
    pods: 10,
    processed: highResourcePodGroup,
  },
  {
    name: 'hostname topology spreading with maxSkew=2 forces 2 pods/node',
    millicores: 1000,
    memory: 5000,
    groups: [group('e', 200, 200, 8, { maxSkew: { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', minDomains: 1 } })],
    nodes: 4,
    pods: 8,
  },
  {
    name: 'zonal topology spreading with maxSkew=2 only allows 2 pods to schedule',
    millicores: 1000,
    memory: 5000,
    groups: [group('e', 20, 100, 8, { maxSkew: { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', minDomains: 1 } })],
    nodes: 1,
    pods: 2,
  },
  // Upstream runs this row with its fast path on; kubesim has one path, which must give the same answer.
  { name: 'fastpath - simple resource-based binpacking', millicores: 350 * 3 - 50, memory: 2 * 1000, groups: [group('e', 350, 1000, 10)], nodes: 5, pods: 10 },
];

/**
 * Upstream row added with a later estimator that revisits pods after adding nodes; kubesim ports the estimator
 * without that pass (docs/deviations.md), which puts one pod per node here.
 */
const retroactive = {
  name: 'hostname topology spreading with maxSkew=1 with a large scaleup handles scheduling pods retroactively',
  millicores: 1000,
  memory: 5000,
  groups: [group('e', 20, 100, 12, { maxSkew: { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', minDomains: 3 } })],
  nodes: 3,
  pods: 12,
};

describe('binpackingEstimate (TestBinpackingEstimate)', () => {
  it.fails(`deviation (no retroactive pass): ${retroactive.name}`, () => {
    const snapshot = new ClusterSnapshot(defaultProfile());
    snapshot.addNode(makeNode(100, 100, 10, 'oldnode', 'zone-jupiter'));
    const est = binpackingEstimate(snapshot, retroactive.groups, makeNode(retroactive.millicores, retroactive.memory, 10, 'template', 'zone-mars'), new EstimationLimiter(0));
    expect(est.nodeCount).toBe(retroactive.nodes);
  });

  it.each(cases)('$name', (tc) => {
    const snapshot = new ClusterSnapshot(defaultProfile());
    // One node in another zone, as upstream's test adds, so zonal spreading has two domains.
    snapshot.addNode(makeNode(100, 100, 10, 'oldnode', 'zone-jupiter'));
    const template = makeNode(tc.millicores, tc.memory, 10, 'template', 'zone-mars');
    const est = binpackingEstimate(snapshot, tc.groups, template, new EstimationLimiter(tc.maxNodes ?? 0));
    expect(est.nodeCount).toBe(tc.nodes);
    expect(est.scheduledPods.length).toBe(tc.pods);
    if (tc.processed) expect(est.scheduledPods).toEqual(tc.processed.pods);
    // The snapshot is reverted: only the old node is left.
    expect(snapshot.cache.nodes.map((n) => n.spec.name)).toEqual(['oldnode']);
  });
});
