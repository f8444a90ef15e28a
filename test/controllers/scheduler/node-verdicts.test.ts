/**
 * The memoized NodeAffinity and TaintToleration verdicts (plugins/node-verdicts.ts) follow node updates and node
 * removal: a verdict is kept per node spec, so a relabelled or retainted node, or another node taking a removed
 * node's position, is judged (and scored for preferred node affinity) afresh; pods with equal selectors,
 * tolerations and preferred terms share one memo.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { Framework, SchedulerCache, defaultProfile, toNodeInfo, toPodInfo } from '../../../src/controllers/scheduler/index.ts';
import { RandomStream } from '../../../src/engine/rng.ts';

const node = (name: string, labels: Record<string, string>, taints: Taint[] = []): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
});

const pod = (name: string, spec: Partial<NonNullable<Pod['spec']>>): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }], ...spec },
});

function place(fw: Framework, p: Pod): string | undefined {
  return fw.schedulePod(toPodInfo(p), new RandomStream('scheduler', 1)).nodeName;
}

describe('memoized node verdicts', () => {
  it('a relabelled node is judged by its new labels', () => {
    const cache = new SchedulerCache();
    cache.addNode(toNodeInfo(node('a', { disk: 'ssd' })));
    cache.addNode(toNodeInfo(node('b', {})));
    const fw = new Framework(defaultProfile(), cache);
    const wantsSsd = { nodeSelector: { disk: 'ssd' } };
    expect(place(fw, pod('p1', wantsSsd))).toBe('a');
    cache.updateNode(toNodeInfo(node('a', {})));
    cache.updateNode(toNodeInfo(node('b', { disk: 'ssd' })));
    expect(place(fw, pod('p2', wantsSsd))).toBe('b');
  });

  it('a node taking a removed node position is judged afresh', () => {
    const cache = new SchedulerCache();
    cache.addNode(toNodeInfo(node('a', { zone: 'x' })));
    cache.addNode(toNodeInfo(node('b', { zone: 'y' })));
    const fw = new Framework(defaultProfile(), cache);
    const affinity = {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }] } } },
    };
    expect(place(fw, pod('p1', affinity))).toBe('a');
    cache.removeNode('a');
    cache.addNode(toNodeInfo(node('c', { zone: 'y' })));
    const r = fw.schedulePod(toPodInfo(pod('p2', affinity)), new RandomStream('scheduler', 1));
    expect(r.nodeName).toBeUndefined();
    expect(r.failedSchedulingMessage).toContain("didn't match Pod's node affinity/selector");
  });

  it('a retainted node is judged by its new taints', () => {
    const cache = new SchedulerCache();
    cache.addNode(toNodeInfo(node('a', {})));
    const fw = new Framework(defaultProfile(), cache);
    expect(place(fw, pod('p1', {}))).toBe('a');
    cache.updateNode(toNodeInfo(node('a', {}, [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }])));
    const r = fw.schedulePod(toPodInfo(pod('p2', {})), new RandomStream('scheduler', 1));
    expect(r.failedSchedulingMessage).toMatch(/^0\/1 nodes are available: 1 node\(s\) had untolerated taint\(s\)\. /);
    const tolerant = pod('p3', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] });
    expect(place(fw, tolerant)).toBe('a');
  });

  it('a relabelled node is scored by its new labels for preferred node affinity', () => {
    const cache = new SchedulerCache();
    cache.addNode(toNodeInfo(node('a', { disk: 'ssd' })));
    cache.addNode(toNodeInfo(node('b', {})));
    const fw = new Framework(defaultProfile(), cache);
    const prefersSsd = {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } },
    };
    // Two pods with the same terms: the second one's cycle reads the memo the first one shared.
    expect(place(fw, pod('p1', structuredClone(prefersSsd)))).toBe('a');
    expect(place(fw, pod('p2', structuredClone(prefersSsd)))).toBe('a');
    cache.updateNode(toNodeInfo(node('a', {})));
    cache.updateNode(toNodeInfo(node('b', { disk: 'ssd' })));
    expect(place(fw, pod('p3', structuredClone(prefersSsd)))).toBe('b');
    expect(place(fw, pod('p4', structuredClone(prefersSsd)))).toBe('b');
  });

  it('pods with equal tolerations and selectors share the interned parts', () => {
    const spec = { nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'k', operator: 'Exists' as const }] };
    const a = toPodInfo(pod('a', structuredClone(spec)));
    const b = toPodInfo(pod('b', structuredClone(spec)));
    expect(a.tolerations).toBe(b.tolerations);
    expect(a.nodeSelector).toBe(b.nodeSelector);
    const preferred = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' as const }] } }] } } };
    expect(toPodInfo(pod('c', structuredClone(preferred))).preferredNodeAffinity).toBe(toPodInfo(pod('d', structuredClone(preferred))).preferredNodeAffinity);
  });
});
