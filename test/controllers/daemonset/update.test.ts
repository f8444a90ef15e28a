/**
 * `rollingUpdate` (update.go) as a pure plan: which old pods go and where new pods surge, for the decision
 * branches of both modes. Nodes are visited in name order.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { DaemonSet, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { rollingUpdate, type NodeToDaemonPods } from '../../../src/controllers/daemonset/update.ts';

const NEW = 'new-hash';
const node = (name: string, labels: Record<string, string> = {}): Node => ({ metadata: { name, labels } });
const ds = (strategy: DaemonSetUpdateStrategy, nodeSelector?: Record<string, string>): DaemonSet => ({
  metadata: { name: 'ds', namespace: 'default' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [], ...(nodeSelector ? { nodeSelector } : {}) } }, updateStrategy: strategy },
});
/** A pod on `nodeName`, new or old, available or not (the availability predicate reads the `avail` label). */
const pod = (name: string, nodeName: string, isNew: boolean, available: boolean): Pod => ({
  metadata: { name, labels: { 'controller-revision-hash': isNew ? NEW : 'old-hash', avail: String(available) } },
  spec: { nodeName, containers: [] },
});
const isAvailable = (p: Pod) => p.metadata?.labels?.['avail'] === 'true';
const unavailable = (n: number | string): DaemonSetUpdateStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: n, maxSurge: 0 } });
const surge = (n: number | string): DaemonSetUpdateStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: n } });

describe('rollingUpdate without surge', () => {
  it.each<[string, DaemonSetUpdateStrategy, Pod[][], string[]]>([
    ['maxUnavailable 1, all old and available: the first node only', unavailable(1), [[pod('a', 'n1', false, true)], [pod('b', 'n2', false, true)], [pod('c', 'n3', false, true)]], ['a']],
    ['maxUnavailable 2: two at once', unavailable(2), [[pod('a', 'n1', false, true)], [pod('b', 'n2', false, true)], [pod('c', 'n3', false, true)]], ['a', 'b']],
    ['a new pod not yet available uses the budget', unavailable(1), [[pod('a', 'n1', true, false)], [pod('b', 'n2', false, true)], [pod('c', 'n3', false, true)]], []],
    ['an unavailable old pod goes whatever the budget', unavailable(1), [[pod('a', 'n1', true, false)], [pod('b', 'n2', false, false)], [pod('c', 'n3', false, true)]], ['b']],
    ['a node without a pod counts as unavailable', unavailable(1), [[], [pod('b', 'n2', false, true)], [pod('c', 'n3', false, true)]], []],
    ['33% of 3 rounds up to 1', unavailable('33%'), [[pod('a', 'n1', false, true)], [pod('b', 'n2', false, true)], [pod('c', 'n3', false, true)]], ['a']],
  ])('%s', (_name, strategy, podsPerNode, toDelete) => {
    const nodes = podsPerNode.map((_, i) => node(`n${i + 1}`));
    const m: NodeToDaemonPods = new Map(podsPerNode.map((pods, i) => [`n${i + 1}`, pods]));
    expect(rollingUpdate(ds(strategy), nodes, m, NEW, isAvailable)).toMatchObject({ oldPodsToDelete: toDelete, newNodesToCreate: [] });
  });
});

describe('rollingUpdate with surge', () => {
  it.each<[string, DaemonSetUpdateStrategy, Pod[][], string[], string[]]>([
    ['maxSurge 1: one new pod beside an old one', surge(1), [[pod('a', 'n1', false, true)], [pod('b', 'n2', false, true)]], [], ['n1']],
    ['a surged pod not yet available holds the budget', surge(1), [[pod('a', 'n1', false, true), pod('a2', 'n1', true, false)], [pod('b', 'n2', false, true)]], [], []],
    ['the old pod goes once the new one is available', surge(1), [[pod('a', 'n1', false, true), pod('a2', 'n1', true, true)], [pod('b', 'n2', false, true)]], ['a'], ['n2']],
    ['an unavailable old pod gets a new one beside it whatever the budget', surge(1), [[pod('a', 'n1', false, false)], [pod('b', 'n2', false, true)]], [], ['n1', 'n2']],
    ['100% surges everywhere', surge('100%'), [[pod('a', 'n1', false, true)], [pod('b', 'n2', false, true)]], [], ['n1', 'n2']],
  ])('%s', (_name, strategy, podsPerNode, toDelete, toCreate) => {
    const nodes = podsPerNode.map((_, i) => node(`n${i + 1}`));
    const m: NodeToDaemonPods = new Map(podsPerNode.map((pods, i) => [`n${i + 1}`, pods]));
    expect(rollingUpdate(ds(strategy), nodes, m, NEW, isAvailable)).toMatchObject({ oldPodsToDelete: toDelete, newNodesToCreate: toCreate });
  });

  it('a pod on a node that should no longer run one goes only once the other nodes are covered', () => {
    const d = ds(surge(1), { role: 'log' });
    const nodes = [node('n1', { role: 'log' }), node('n2', {})];
    // n2 lost its label: its available old pod is a sunset candidate; n1's old pod is available too, so the
    // available count (2) exceeds desired (1) by one, and n2's pod may go; n1 surges.
    const m: NodeToDaemonPods = new Map([
      ['n1', [pod('a', 'n1', false, true)]],
      ['n2', [pod('b', 'n2', false, true)]],
    ]);
    expect(rollingUpdate(d, nodes, m, NEW, isAvailable)).toMatchObject({ oldPodsToDelete: ['b'], newNodesToCreate: ['n1'] });
    const unavailableN1: NodeToDaemonPods = new Map([
      ['n1', [pod('a', 'n1', false, false)]],
      ['n2', [pod('b', 'n2', false, true)]],
    ]);
    expect(rollingUpdate(d, nodes, unavailableN1, NEW, isAvailable)).toMatchObject({ oldPodsToDelete: [], newNodesToCreate: ['n1'] });
  });
});
