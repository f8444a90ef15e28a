/**
 * The DaemonSet controller end to end through the Simulation (real scheduler, kubelet, node lifecycle): one pod
 * per eligible node, pinned by node affinity and bound by the scheduler; node selector and taints; nodes joining
 * and leaving; RollingUpdate with maxUnavailable and with maxSurge, OnDelete; failed pods; status and revisions;
 * upstream's event texts.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { defaultObject } from '../../../src/api/defaults.ts';
import { lookupKind } from '../../../src/api/kinds.ts';
import type { KubeObject } from '../../../src/cluster/store.ts';
import { isPodReady } from '../../../src/cluster/pods.ts';
import { Simulation } from '../../../src/runtime/simulation.ts';
import { nodes } from '../../runtime/helpers.ts';

/** A log agent DaemonSet (defaulted: RollingUpdate, maxUnavailable 1, maxSurge 0). */
function agent(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  const o = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'agent:1', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], ...podSpec },
      },
      ...spec,
    },
  };
  return defaultObject(o, lookupKind('apps/v1', 'DaemonSet')!) as KubeObject;
}

function sim(objects: KubeObject[], nodeCount = 3) {
  return new Simulation({ seed: 1, nodes: nodes(nodeCount), objects, behaviours: { behaviour: () => ({ imagePullMs: 1000, startupMs: 2000 }) } });
}

const daemonPods = (s: Simulation) => s.store.list<Pod>('Pod', 'kube-system').filter((p) => !p.metadata.deletionTimestamp);
const byNode = (s: Simulation) => daemonPods(s).map((p) => p.spec?.nodeName ?? '<none>').sort();
const status = (s: Simulation) => s.store.get<DaemonSet>('DaemonSet', 'kube-system', 'agent')!.status!;
const dsEvents = (s: Simulation) => s.events.all.filter((e) => e.involvedObject.kind === 'DaemonSet').map((e) => e.reason);

describe('DaemonSet controller: placement', () => {
  it('creates one pod per node, pinned by required node affinity on metadata.name, bound by the default scheduler', () => {
    const s = sim([agent()]);
    s.until(30_000);
    expect(byNode(s)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const p of daemonPods(s)) {
      const terms = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
      expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec!.nodeName] }] }]);
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'agent', controller: true })]);
      // The automatic tolerations: not-ready and unreachable without tolerationSeconds (never evicted).
      expect(p.spec?.tolerations).toContainEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
      expect(p.spec?.tolerations).toContainEqual({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
      expect(isPodReady(p)).toBe(true);
    }
    const revs = s.store.list<ControllerRevision>('ControllerRevision', 'kube-system');
    expect(revs).toHaveLength(1);
    const hash = revs[0]!.metadata.labels!['controller-revision-hash'];
    expect(revs[0]!.metadata.name).toBe(`agent-${hash}`);
    for (const p of daemonPods(s)) expect(p.metadata.labels?.['controller-revision-hash']).toBe(hash);
    expect(status(s)).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
      observedGeneration: 1,
    });
    const created = s.events.all.filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'DaemonSet');
    expect(created.map((e) => e.message).sort()).toEqual(daemonPods(s).map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(created[0]!.source.component).toBe('daemonset-controller');
  });

  it('runs only on nodes matching the node selector, and follows label changes', () => {
    const s = sim([agent({}, { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' } })], 4);
    s.until(30_000);
    expect(byNode(s)).toEqual(['node-1', 'node-4']);
    expect(status(s).desiredNumberScheduled).toBe(2);
    s.store.mutate<Node>('Node', '', 'node-2', (d) => {
      d.metadata.labels = { ...d.metadata.labels, 'topology.kubernetes.io/zone': 'zone-a' };
    });
    s.store.mutate<Node>('Node', '', 'node-1', (d) => {
      d.metadata.labels = { ...d.metadata.labels, 'topology.kubernetes.io/zone': 'zone-b' };
    });
    s.until(90_000);
    expect(byNode(s)).toEqual(['node-2', 'node-4']);
    expect(status(s)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('skips a node with an untolerated NoSchedule taint, keeps its pod there, and removes it for a NoExecute taint', () => {
    const s = sim([agent()]);
    s.until(30_000);
    s.store.mutate<Node>('Node', '', 'node-1', (d) => {
      d.spec = { ...d.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] };
    });
    s.until(40_000);
    // shouldRun false, shouldContinueRunning true: the running pod stays and counts as misscheduled.
    expect(byNode(s)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(status(s)).toMatchObject({ desiredNumberScheduled: 2, numberMisscheduled: 1 });
    s.store.mutate<Node>('Node', '', 'node-1', (d) => {
      d.spec = { ...d.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] };
    });
    s.until(120_000);
    expect(byNode(s)).toEqual(['node-2', 'node-3']);
    expect(status(s)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
    // The decision log says why the pod went.
    const why = s.decisions.for('DaemonSet/kube-system/agent').map((d) => d.summary);
    expect(why[0]).toBe('create on node-1, node-2, node-3: should run, no daemon pod');
    expect(why).toContainEqual(expect.stringMatching(/^delete agent-\w{5} on node-1: untolerated taint dedicated=db:NoExecute$/));
  });

  it('puts a pod on a cordoned node (it tolerates unschedulable) and on a node added later; a removed node takes its pod along', () => {
    const s = sim([agent()], 2);
    s.cordonNode('node-2');
    s.until(20_000);
    expect(byNode(s)).toEqual(['node-1', 'node-2']);
    s.addNode(nodes(3)[2]!);
    s.until(40_000);
    expect(byNode(s)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(status(s).desiredNumberScheduled).toBe(3);
    s.removeNode('node-1');
    s.until(120_000);
    expect(byNode(s)).toEqual(['node-2', 'node-3']);
    expect(status(s)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 });
  });

  it('keeps its pod on a failed node (infinite not-ready/unreachable toleration) while other pods are evicted after 300 s', () => {
    const web: KubeObject = defaultObject(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
      },
      lookupKind('apps/v1', 'Deployment')!,
    ) as KubeObject;
    const s = sim([agent(), web]);
    s.until(30_000);
    const agentOnNode1 = daemonPods(s).find((p) => p.spec?.nodeName === 'node-1')!.metadata.name;
    const webOnNode1 = s.store.list<Pod>('Pod', 'default').filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata.name);
    expect(webOnNode1.length).toBeGreaterThan(0);
    s.failNode('node-1');
    s.until(30_000 + 50_000 + 300_000 + 60_000);
    for (const n of webOnNode1) expect(s.store.get<Pod>('Pod', 'default', n)?.metadata.deletionTimestamp ?? 'gone').not.toBeUndefined();
    const still = s.store.get<Pod>('Pod', 'kube-system', agentOnNode1)!;
    expect(still.metadata.deletionTimestamp).toBeUndefined();
    // The node lifecycle controller also adds unreachable:NoSchedule, which the daemon tolerations leave out:
    // upstream's shouldRun is false there, so the node drops out of desiredNumberScheduled and its pod, allowed
    // to continue running, counts as misscheduled.
    expect(s.store.get<Node>('Node', '', 'node-1')!.spec?.taints).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }));
    expect(status(s)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1 });
  });

  it('deletes a failed daemon pod with a FailedDaemonPod warning and creates a replacement on that node', () => {
    const s = sim([agent()]);
    s.until(30_000);
    const victim = daemonPods(s).find((p) => p.spec?.nodeName === 'node-2')!;
    s.store.mutate<Pod>('Pod', 'kube-system', victim.metadata.name, (d) => {
      d.status = { ...d.status, phase: 'Failed' };
    });
    s.until(60_000);
    const warning = s.events.all.find((e) => e.reason === 'FailedDaemonPod')!;
    expect(warning.type).toBe('Warning');
    expect(warning.message).toBe(`Found failed daemon pod kube-system/${victim.metadata.name} on node node-2, will try to kill it`);
    const onNode2 = daemonPods(s).filter((p) => p.spec?.nodeName === 'node-2');
    expect(onNode2).toHaveLength(1);
    expect(onNode2[0]!.metadata.name).not.toBe(victim.metadata.name);
  });
});

describe('DaemonSet controller: updates', () => {
  function rollOut(s: Simulation, untilMs: number, stepMs = 500) {
    const samples: { available: number; onNode: Map<string, number> }[] = [];
    for (let t = s.nowMs + stepMs; t <= untilMs; t += stepMs) {
      s.until(t);
      const onNode = new Map<string, number>();
      let available = 0;
      for (const p of s.store.list<Pod>('Pod', 'kube-system')) {
        if (p.spec?.nodeName) onNode.set(p.spec.nodeName, (onNode.get(p.spec.nodeName) ?? 0) + 1);
        if (isPodReady(p) && !p.metadata.deletionTimestamp) available++;
      }
      samples.push({ available, onNode });
    }
    return samples;
  }
  const images = (s: Simulation) => daemonPods(s).map((p) => p.spec!.containers[0]!.image).sort();

  it('RollingUpdate with maxUnavailable 1: replaces one node at a time, never more than one node without a ready pod', () => {
    const s = sim([agent()], 4);
    s.until(30_000);
    s.setImage('DaemonSet', 'kube-system', 'agent', 'agent', 'agent:2');
    const samples = rollOut(s, 200_000);
    expect(Math.min(...samples.map((x) => x.available))).toBe(3);
    for (const x of samples) for (const n of x.onNode.values()) expect(n).toBeLessThanOrEqual(1);
    expect(images(s)).toEqual(['agent:2', 'agent:2', 'agent:2', 'agent:2']);
    expect(s.store.list<ControllerRevision>('ControllerRevision', 'kube-system').map((r) => r.revision).sort()).toEqual([1, 2]);
    expect(status(s)).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4, observedGeneration: 2 });
    expect(dsEvents(s).filter((r) => r === 'SuccessfulDelete')).toHaveLength(4);
    const rolls = s.decisions.for('DaemonSet/kube-system/agent').filter((d) => d.summary.startsWith('rolling update'));
    expect(rolls.map((d) => d.summary.replace(/agent-\w{5}/g, 'agent-*'))).toEqual(Array(4).fill('rolling update (maxUnavailable 1, maxSurge 0 of 4 nodes): delete old agent-*'));
  });

  it('RollingUpdate with maxSurge 1 and maxUnavailable 0: starts the new pod beside the old one, never below four available', () => {
    const s = sim([agent({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } })], 4);
    s.until(30_000);
    s.setImage('DaemonSet', 'kube-system', 'agent', 'agent', 'agent:2');
    const samples = rollOut(s, 200_000);
    expect(Math.min(...samples.map((x) => x.available))).toBe(4);
    expect(Math.max(...samples.flatMap((x) => [...x.onNode.values()]))).toBe(2);
    expect(images(s)).toEqual(['agent:2', 'agent:2', 'agent:2', 'agent:2']);
    expect(byNode(s)).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
  });

  it('OnDelete: a template change replaces only pods that are deleted', () => {
    const s = sim([agent({ updateStrategy: { type: 'OnDelete' } })]);
    s.until(30_000);
    s.setImage('DaemonSet', 'kube-system', 'agent', 'agent', 'agent:2');
    s.until(120_000);
    expect(images(s)).toEqual(['agent:1', 'agent:1', 'agent:1']);
    expect(status(s)).toMatchObject({ updatedNumberScheduled: 0, observedGeneration: 2 });
    const p = daemonPods(s).find((x) => x.spec?.nodeName === 'node-3')!;
    s.deletePod('kube-system', p.metadata.name);
    s.until(200_000);
    expect(images(s)).toEqual(['agent:1', 'agent:1', 'agent:2']);
    expect(status(s).updatedNumberScheduled).toBe(1);
  });

  it('minReadySeconds: a ready pod counts as available only after it, and the update waits for it', () => {
    const s = sim([agent({ minReadySeconds: 30 })], 2);
    s.until(10_000);
    expect(status(s)).toMatchObject({ numberReady: 2, numberAvailable: 0, numberUnavailable: 2 });
    s.until(45_000);
    expect(status(s)).toMatchObject({ numberReady: 2, numberAvailable: 2, numberUnavailable: 0 });
  });
});
