/**
 * The DaemonSet controller's pure helpers against upstream's tables: daemonset_util_test.go (TestIsPodUpdated,
 * TestCreatePodTemplate, TestReplaceDaemonSetPodNodeNameNodeAffinity, TestGetTargetNodeName),
 * daemon_controller_test.go (TestNodeShouldRunDaemonPod, and the taint cases of its tainted-node tests) and
 * update_test.go (TestGetUnavailableNumbers, for updatedDesiredNodeCounts). Inputs and expectations are upstream's.
 */
import type { Affinity, Node, Pod, PodSpec, Taint } from 'kubernetes-types/core/v1';
import type { DaemonSet, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import {
  AddOrUpdateDaemonPodTolerations,
  CreatePodTemplate,
  DaemonSetTemplateGenerationKey,
  DefaultDaemonSetUniqueLabelKey,
  GetTargetNodeName,
  IsPodUpdated,
  NodeShouldRunDaemonPod,
  ReplaceDaemonSetPodNodeNameNodeAffinity,
} from '../../../src/controllers/daemonset/util.ts';
import { updatedDesiredNodeCounts, type NodeToDaemonPods } from '../../../src/controllers/daemonset/update.ts';

const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
const simpleDaemonSetLabel2 = { name: 'simple-daemon', type: 'test' };

function newPod(podName: string, nodeName: string, labels: Record<string, string> | undefined): Pod {
  return {
    apiVersion: 'v1',
    metadata: { name: podName, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { nodeName, containers: [{ name: '', image: 'foo/bar' }] },
  };
}

describe('IsPodUpdated (TestIsPodUpdated)', () => {
  const templateGeneration = 12345;
  const badGeneration = 12350;
  const hash = '55555';
  const labels = { [DaemonSetTemplateGenerationKey]: String(templateGeneration), [DefaultDaemonSetUniqueLabelKey]: hash };
  const labelsNoHash = { [DaemonSetTemplateGenerationKey]: String(templateGeneration) };
  it.each([
    ['templateGeneration and hash both match', templateGeneration, newPod('pod1', 'node1', labels), hash, true],
    ["templateGeneration matches, hash doesn't", templateGeneration, newPod('pod1', 'node1', labels), hash + '123', true],
    ['templateGeneration matches, no hash label, has hash', templateGeneration, newPod('pod1', 'node1', labelsNoHash), hash, true],
    ['templateGeneration matches, no hash label, no hash', templateGeneration, newPod('pod1', 'node1', labelsNoHash), '', true],
    ['templateGeneration matches, has hash label, no hash', templateGeneration, newPod('pod1', 'node1', labels), '', true],
    ["templateGeneration doesn't match, hash does", badGeneration, newPod('pod1', 'node1', labels), hash, true],
    ["templateGeneration and hash don't match", badGeneration, newPod('pod1', 'node1', labels), hash + '123', false],
    ['empty labels, no hash', templateGeneration, newPod('pod1', 'node1', {}), '', false],
    ['empty labels', templateGeneration, newPod('pod1', 'node1', {}), hash, false],
    ['no labels', templateGeneration, newPod('pod1', 'node1', undefined), hash, false],
  ] as const)('%s', (_name, generation, pod, h, isUpdated) => {
    expect(IsPodUpdated(pod, h, generation)).toBe(isUpdated);
  });
});

describe('CreatePodTemplate (TestCreatePodTemplate)', () => {
  it.each([
    [1, '', false],
    [2, '3242341807', true],
  ] as const)('generation %d, hash %j', (generation, hash, expectUniqueLabel) => {
    const t = CreatePodTemplate({}, generation, hash);
    expect(t.metadata?.labels?.[DaemonSetTemplateGenerationKey]).toBe(String(generation));
    if (expectUniqueLabel) expect(t.metadata?.labels?.[DefaultDaemonSetUniqueLabelKey]).toBe(hash);
    else expect(t.metadata?.labels).not.toHaveProperty(DefaultDaemonSetUniqueLabelKey);
  });
});

describe('AddOrUpdateDaemonPodTolerations', () => {
  it('adds not-ready and unreachable NoExecute without tolerationSeconds, the pressure and unschedulable NoSchedule ones, and network-unavailable for hostNetwork', () => {
    const spec: PodSpec = { containers: [], hostNetwork: true, tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] };
    AddOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('replaces a matching toleration (same key, operator, value, effect) instead of adding a second, and is idempotent', () => {
    const spec: PodSpec = { containers: [], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] };
    AddOrUpdateDaemonPodTolerations(spec);
    AddOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations!.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
    expect(spec.tolerations).toHaveLength(6);
  });
});

const nameIn = (...values: string[]) => ({ key: 'metadata.name', operator: 'In', values });
const hostnameIn = (key: string, ...values: string[]) => ({ key, operator: 'In', values });
const required = (...terms: object[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } }) as Affinity;

describe('ReplaceDaemonSetPodNodeNameNodeAffinity (TestReplaceDaemonSetPodNodeNameNodeAffinity)', () => {
  const pinned = required({ matchFields: [nameIn('host_1')] });
  const preferred = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [hostnameIn('kubernetes.io/hostname', 'host_1')] } }] };
  it.each<[string, Affinity | undefined, Affinity]>([
    ['nil affinity', undefined, pinned],
    ['required hostname expression', required({ matchExpressions: [hostnameIn('kubernetes.io/hostname', 'host_1')] }), pinned],
    [
      'preferred terms only: kept, required added',
      { nodeAffinity: preferred } as Affinity,
      { nodeAffinity: { ...preferred, ...pinned.nodeAffinity } } as Affinity,
    ],
    ['matchFields with two names', required({ matchFields: [nameIn('host_1', 'host_2')] }), pinned],
    ['nil affinity again', undefined, pinned],
    ['two terms', required({ matchExpressions: [hostnameIn('hostname', 'host_1')] }, { matchFields: [nameIn('host_2')] }), pinned],
    ['NotIn another node', required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['host_2'] }] }), pinned],
    ['an unknown field key', required({ matchFields: [{ key: 'metadata.foo', operator: 'In', values: ['bar'] }] }), pinned],
  ])('%s', (_name, affinity, expected) => {
    expect(ReplaceDaemonSetPodNodeNameNodeAffinity(affinity, 'host_1')).toEqual(expected);
  });
});

describe('GetTargetNodeName (TestGetTargetNodeName)', () => {
  const pod = (name: string, spec: PodSpec): Pod => ({ metadata: { name, namespace: 'default' }, spec });
  it.each<[Pod, string | undefined]>([
    [pod('pod1', { containers: [], nodeName: 'node-1' }), 'node-1'],
    [pod('pod2', { containers: [], affinity: required({ matchFields: [nameIn('node-1')] }) }), 'node-1'],
    [pod('pod3', { containers: [], affinity: required({ matchFields: [nameIn('node-1', 'node-2')] }) }), undefined],
    [pod('pod4', { containers: [] }), undefined],
  ])('%#', (p, nodeName) => {
    const got = GetTargetNodeName(p);
    if (nodeName === undefined) expect(got).toBeInstanceOf(Error);
    else expect(got).toBe(nodeName);
  });
});

/** Upstream's `newNode`: labels, Ready, and `allocatableResources("100M", "1")` with 100 pods. */
function newNode(name: string, labels: Record<string, string> | undefined, extra: { unschedulable?: boolean; taints?: Taint[] } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), ...(extra.taints ? { taints: extra.taints } : {}) },
    status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { memory: '100M', cpu: '1', pods: '100' } },
  };
}

function resourcePodSpec(nodeName: string, memory: string, cpu: string): PodSpec {
  return { ...(nodeName ? { nodeName } : {}), containers: [{ name: '', resources: { requests: { memory, cpu } } }] };
}

function ds(spec: PodSpec, strategy?: DaemonSetUpdateStrategy): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'foo', namespace: 'default' },
    spec: {
      selector: { matchLabels: simpleDaemonSetLabel },
      template: { metadata: { labels: simpleDaemonSetLabel }, spec },
      ...(strategy ? { updateStrategy: strategy } : {}),
    },
  };
}

/** upstream `updateStrategies()`: OnDelete and RollingUpdate (maxUnavailable 1). */
const strategies: DaemonSetUpdateStrategy[] = [{ type: 'OnDelete' }, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }];

describe('NodeShouldRunDaemonPod (TestNodeShouldRunDaemonPod)', () => {
  const typeIn = (value: string): PodSpec => ({ containers: [], affinity: required({ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }) });
  const hostPort: PodSpec = { containers: [{ name: '', ports: [{ containerPort: 0, hostPort: 666 }] }] };
  // Pods already on the node (the host-port and resource rows) do not matter: resources and ports are the
  // scheduler's business, so those rows run and continue running.
  it.each<[string, PodSpec, boolean, boolean, boolean?]>([
    ['ShouldRunDaemonPod', resourcePodSpec('', '50M', '0.5'), true, true],
    ['InsufficientResourceError', resourcePodSpec('', '200M', '0.5'), true, true],
    ['ErrPodNotMatchHostName', resourcePodSpec('other-node', '50M', '0.5'), false, false],
    ['ErrPodNotFitsHostPorts', hostPort, true, true],
    ['InsufficientResourceError (pod with host port on node)', resourcePodSpec('', '100M', '0.5'), true, true],
    ['ShouldRunDaemonPod (pod with host port on node)', resourcePodSpec('', '50M', '0.5'), true, true],
    ['ErrNodeSelectorNotMatch', { containers: [], nodeSelector: simpleDaemonSetLabel2 }, false, false],
    ['ShouldRunDaemonPod (node selector)', { containers: [], nodeSelector: simpleDaemonSetLabel }, true, true],
    ['ErrPodAffinityNotMatch', typeIn('test'), false, false],
    ['ShouldRunDaemonPod (affinity)', typeIn('production'), true, true],
    ['ShouldRunDaemonPodOnUnschedulableNode', resourcePodSpec('', '50M', '0.5'), true, true, true],
  ])('%s', (_name, spec, shouldRun, shouldContinueRunning, unschedulable) => {
    for (const strategy of strategies) {
      const node = newNode('test-node', simpleDaemonSetLabel, unschedulable ? { unschedulable: true } : {});
      expect(NodeShouldRunDaemonPod(node, ds(spec, strategy))).toEqual({ shouldRun, shouldContinueRunning });
    }
  });

  // The taint cases of TestTaintedNodeDaemonDoesNotLaunchIntolerantPods, TestTaintedNodeDaemonLaunchesToleratePod,
  // TestNodeDaemonLaunchesToleratePod and TestTaintPressureNodeDaemonLaunchesPod, at the predicate.
  const noScheduleTaints: Taint[] = [{ key: 'k1', value: 'v1', effect: 'NoSchedule' }];
  const noExecuteTaints: Taint[] = [{ key: 'k1', value: 'v1', effect: 'NoExecute' }];
  const noScheduleTolerations = [{ key: 'k1', value: 'v1', effect: 'NoSchedule' }];
  it.each<[string, Taint[], PodSpec, boolean, boolean]>([
    ['untolerated NoSchedule: no new pod, a running one stays', noScheduleTaints, { containers: [] }, false, true],
    ['untolerated NoExecute: no pod, a running one goes', noExecuteTaints, { containers: [] }, false, false],
    ['tolerated NoSchedule taint', noScheduleTaints, { containers: [], tolerations: noScheduleTolerations }, true, true],
    ['not-ready NoExecute is tolerated automatically', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], { containers: [] }, true, true],
    ['unreachable NoExecute is tolerated automatically', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], { containers: [] }, true, true],
    [
      'disk, memory and pid pressure are tolerated automatically',
      [
        { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
      ],
      { containers: [] },
      true,
      true,
    ],
    ['network-unavailable is not tolerated without hostNetwork', [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }], { containers: [] }, false, true],
    ['network-unavailable is tolerated with hostNetwork', [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }], { containers: [], hostNetwork: true }, true, true],
    ['PreferNoSchedule taints are ignored', [{ key: 'k1', value: 'v1', effect: 'PreferNoSchedule' }], { containers: [] }, true, true],
  ])('%s', (_name, taints, spec, shouldRun, shouldContinueRunning) => {
    expect(NodeShouldRunDaemonPod(newNode('tainted', undefined, { taints }), ds(spec))).toEqual({ shouldRun, shouldContinueRunning });
  });
});

describe('updatedDesiredNodeCounts (TestGetUnavailableNumbers)', () => {
  const unavailable = (v: number | string): DaemonSetUpdateStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: v } });
  const surge = (v: number | string): DaemonSetUpdateStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: v } });
  const ready = (p: Pod): Pod => ({ ...p, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  const nodes = (n: number) => Array.from({ length: n }, (_, i) => newNode(`node-${i}`, undefined));
  const twoReady = (): NodeToDaemonPods =>
    new Map([
      ['node-0', [ready(newPod('pod-0', 'node-0', simpleDaemonSetLabel))]],
      ['node-1', [ready(newPod('pod-1', 'node-1', simpleDaemonSetLabel))]],
    ]);
  const oneReady = (): NodeToDaemonPods => new Map([['node-0', [ready(newPod('pod-0', 'node-0', simpleDaemonSetLabel))]]]);
  const terminating = (): NodeToDaemonPods => {
    const r1 = ready(newPod('pod-1', 'node-1', simpleDaemonSetLabel));
    const p1: Pod = { ...r1, metadata: { ...r1.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    return new Map([
      ['node-0', [ready(newPod('pod-0', 'node-0', simpleDaemonSetLabel))]],
      ['node-1', [p1]],
    ]);
  };
  it.each<[string, number, DaemonSetUpdateStrategy, () => NodeToDaemonPods, number, number, number, number]>([
    ['No nodes', 0, unavailable(0), () => new Map(), 0, 0, 0, 0],
    ['Two nodes with ready pods', 2, unavailable(1), twoReady, 0, 1, 2, 0],
    ['Two nodes, one node without pods', 2, unavailable(0), oneReady, 0, 1, 2, 1],
    ['Two nodes, one node without pods, surge', 2, surge(0), oneReady, 0, 1, 2, 1],
    ['Two nodes with pods, MaxUnavailable in percents', 2, unavailable('50%'), twoReady, 0, 1, 2, 0],
    ['Two nodes with pods, MaxUnavailable in percents, surge', 2, surge('50%'), twoReady, 1, 0, 2, 0],
    ['Two nodes with pods, MaxUnavailable is 100%, surge', 2, surge('100%'), twoReady, 2, 0, 2, 0],
    ['Two nodes with pods, MaxUnavailable in percents, pod terminating', 3, unavailable('50%'), terminating, 0, 2, 3, 1],
  ])('%s', (_name, nodeCount, strategy, nodeToPods, maxSurge, maxUnavailable, desiredNumberScheduled, emptyNodes) => {
    const m = nodeToPods();
    const got = updatedDesiredNodeCounts(ds({ containers: [] }, strategy), nodes(nodeCount), m);
    expect(got).toEqual({ maxSurge, maxUnavailable, desiredNumberScheduled });
    expect([...m.values()].filter((pods) => pods.length === 0)).toHaveLength(emptyNodes);
  });
});
