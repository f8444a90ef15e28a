/**
 * The DaemonSet invariant of issue 15, on the real runtime: once settled, every node that should run a daemon pod
 * runs exactly one, Running and Ready, at the current template; nodes that should not keep one have none; and the
 * status counts say so. Random clusters (labels, taints, cordons), DaemonSets (node selector, tolerations, update
 * strategy) and changes (nodes added, removed and relabelled, a template change).
 */
import fc from 'fast-check';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import type { ControllerRevision, DaemonSet, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { defaultObject } from '../../src/api/defaults.ts';
import { lookupKind } from '../../src/api/kinds.ts';
import { isPodReady } from '../../src/cluster/pods.ts';
import type { KubeObject } from '../../src/cluster/store.ts';
import { GetTargetNodeName, NodeShouldRunDaemonPod } from '../../src/controllers/daemonset/util.ts';
import { Simulation, type NodeSpecEntry } from '../../src/runtime/simulation.ts';

interface NodeShape {
  role: 'a' | 'b';
  taint: 'none' | 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
  cordoned: boolean;
}

const arbNode: fc.Arbitrary<NodeShape> = fc.record({
  role: fc.constantFrom('a', 'b'),
  taint: fc.constantFrom('none', 'none', 'NoSchedule', 'NoExecute', 'PreferNoSchedule'),
  cordoned: fc.boolean(),
});

const arbCase = fc.record({
  nodes: fc.array(arbNode, { minLength: 1, maxLength: 7 }),
  selector: fc.boolean(),
  toleration: fc.constantFrom('none', 'NoSchedule', 'Exists'),
  strategy: fc.constantFrom<DaemonSetUpdateStrategy>(
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%', maxSurge: 0 } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '100%' } },
  ),
  added: fc.array(arbNode, { maxLength: 3 }),
  removed: fc.nat({ max: 2 }),
  relabel: fc.uniqueArray(fc.nat({ max: 9 }), { maxLength: 3 }),
  newImage: fc.boolean(),
});

function nodeEntry(i: number, shape: NodeShape): NodeSpecEntry {
  const name = `node-${i}`;
  const taints: Taint[] = shape.taint === 'none' ? [] : [{ key: 'dedicated', value: 'x', effect: shape.taint }];
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, role: shape.role } },
    spec: { ...(taints.length ? { taints } : {}), ...(shape.cordoned ? { unschedulable: true } : {}) },
    status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' }, allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
  };
  return { node, pool: 'pool' };
}

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function daemonSet(c: Case): KubeObject {
  const tolerations = c.toleration === 'none' ? [] : c.toleration === 'NoSchedule' ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] : [{ key: 'dedicated', operator: 'Exists' }];
  return defaultObject(
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        updateStrategy: c.strategy,
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            ...(c.selector ? { nodeSelector: { role: 'a' } } : {}),
            tolerations,
            containers: [{ name: 'agent', image: 'agent:1', resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
          },
        },
      },
    },
    lookupKind('apps/v1', 'DaemonSet')!,
  ) as KubeObject;
}

describe('DaemonSet: one pod per eligible node once settled', () => {
  it('holds for random clusters, DaemonSets and changes', () => {
    let eligibleSeen = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const sim = new Simulation({
          seed: 1,
          nodes: c.nodes.map((n, i) => nodeEntry(i, n)),
          objects: [daemonSet(c)],
          behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 2000 }) },
        });
        sim.until(60_000);
        c.added.forEach((n, i) => sim.addNode(nodeEntry(c.nodes.length + i, n)));
        for (let i = 0; i < Math.min(c.removed, c.nodes.length - 1); i++) sim.removeNode(`node-${i}`);
        const live = sim.store.list<Node>('Node');
        for (const i of new Set(c.relabel.map((k) => k % live.length))) {
          const node = live[i]!;
          sim.store.mutate<Node>('Node', '', node.metadata.name, (d) => {
            d.metadata.labels = { ...d.metadata.labels, role: d.metadata.labels?.['role'] === 'a' ? 'b' : 'a' };
          });
        }
        if (c.newImage) sim.setImage('DaemonSet', 'kube-system', 'agent', 'agent', 'agent:2');
        sim.until(60_000 + 10 * 60_000);

        const ds = sim.store.get<DaemonSet>('DaemonSet', 'kube-system', 'agent')!;
        const revisions = sim.store.list<ControllerRevision>('ControllerRevision', 'kube-system');
        const current = revisions.reduce((a, b) => (b.revision > a.revision ? b : a));
        const hash = current.metadata!.labels!['controller-revision-hash'];
        const pods = sim.store.list<Pod>('Pod', 'kube-system').filter((p) => !p.metadata.deletionTimestamp);
        let desired = 0;
        for (const node of sim.store.list<Node>('Node')) {
          const { shouldRun, shouldContinueRunning } = NodeShouldRunDaemonPod(node, ds);
          const here = pods.filter((p) => GetTargetNodeName(p) === node.metadata.name);
          if (shouldRun) {
            desired++;
            expect(here, `${node.metadata.name} should run exactly one daemon pod`).toHaveLength(1);
            expect(here[0]!.spec?.nodeName).toBe(node.metadata.name);
            expect(isPodReady(here[0]!)).toBe(true);
            expect(here[0]!.metadata.labels?.['controller-revision-hash']).toBe(hash);
          } else if (!shouldContinueRunning) {
            expect(here, `${node.metadata.name} should run no daemon pod`).toHaveLength(0);
          } else {
            expect(here.length).toBeLessThanOrEqual(1);
          }
        }
        // No pod is meant for a node that is gone.
        const nodeNames = new Set(sim.store.list<Node>('Node').map((n) => n.metadata.name));
        for (const p of pods) expect(nodeNames.has(GetTargetNodeName(p) as string)).toBe(true);
        expect(ds.status).toMatchObject({ desiredNumberScheduled: desired, currentNumberScheduled: desired, numberReady: desired, numberAvailable: desired, updatedNumberScheduled: desired, numberUnavailable: 0 });
        eligibleSeen += desired;
      }),
      { numRuns: 60, seed: 1515 },
    );
    expect(eligibleSeen).toBeGreaterThan(60);
  });
});
