/**
 * Upstream's filter tables for three small plugins (kubernetes, Apache-2.0), with upstream's pods, nodes and
 * expected statuses (code and reason): `nodename/node_name_test.go` TestNodeName and
 * `nodeunschedulable/node_unschedulable_test.go` TestNodeUnschedulable (the Filter called alone, as upstream does),
 * `nodeports/node_ports_test.go` TestNodePorts (PreFilter, then Filter unless it skipped). NodePorts'
 * TestPreFilterDisabled is a named deviation: kubesim's Filter reads the pod's host ports itself rather than a
 * PreFilter state, so without PreFilter it still answers instead of upstream's Error.
 */
import type { ContainerPort, Node, Pod, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { toPodInfo } from '../../../src/controllers/scheduler/index.ts';
import { newNodeName } from '../../../src/controllers/scheduler/plugins/NodeName/index.ts';
import { newNodePorts } from '../../../src/controllers/scheduler/plugins/NodePorts/index.ts';
import { newNodeUnschedulable } from '../../../src/controllers/scheduler/plugins/NodeUnschedulable/index.ts';
import type { Plugin, PodInfo, SchedulerCache } from '../../../src/controllers/scheduler/index.ts';
import { buildCache, fixedRng, makeNodeObj, makePod } from './helpers.ts';

let seq = 0;
/** A fresh pod name in namespace default. */
function makeObj(): Pick<Pod, 'metadata'> {
  return { metadata: { name: `p${seq++}`, namespace: 'default' } };
}

const status = (s: { code: string; message(): string } | null | undefined): string | null => (s ? `${s.code}: ${s.message()}` : null);
const stateOf = (pod: PodInfo, cache: SchedulerCache) => ({ pod, cache, data: new Map<string, unknown>(), rng: fixedRng(), activeFilters: [] });
const filterAlone = (plugin: Plugin, pod: PodInfo, cache: SchedulerCache) => status(plugin.filter!(stateOf(pod, cache), pod, 0));

describe('node_name_test.go TestNodeName', () => {
  it.each([
    { name: 'no host specified', podNode: '', node: 'node', want: null },
    { name: 'host matches', podNode: 'foo', node: 'foo', want: null },
    { name: "host doesn't match", podNode: 'bar', node: 'foo', want: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name" },
  ])('$name', ({ podNode, node, want }) => {
    const pod = toPodInfo({ ...makeObj(), spec: { containers: [], ...(podNode ? { nodeName: podNode } : {}) } });
    expect(filterAlone(newNodeName(), pod, buildCache([makeNodeObj(node)]))).toBe(want);
  });
});

describe('node_unschedulable_test.go TestNodeUnschedulable', () => {
  const node = (unschedulable: boolean): Node => ({ ...makeNodeObj('node'), spec: { unschedulable } });
  const tolerates: Toleration[] = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }];
  it.each([
    { name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', tolerations: [], unschedulable: true, want: 'UnschedulableAndUnresolvable: node(s) were unschedulable' },
    { name: 'Schedule pod to normal node', tolerations: [], unschedulable: false, want: null },
    { name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)', tolerations: tolerates, unschedulable: true, want: null },
  ])('$name', ({ tolerations, unschedulable, want }) => {
    expect(filterAlone(newNodeUnschedulable(), makePod({ tolerations }), buildCache([node(unschedulable)]))).toBe(want);
  });
});

/** Upstream's `newPod(host, "PROTO/hostIP/port", …)`: one container with those host ports. */
function portsPod(...specs: string[]): Pod {
  const ports: ContainerPort[] = specs.map((s) => {
    const [protocol, hostIP, port] = s.split('/') as [string, string, string];
    return { containerPort: Number(port), hostIP, hostPort: Number(port), protocol };
  });
  return { ...makeObj(), spec: { nodeName: 'm1', containers: [{ name: 'c', image: 'img', ports }] } };
}
describe('node_ports_test.go TestNodePorts', () => {
  const CONFLICT = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  it.each([
    { name: 'other port', pod: ['UDP/127.0.0.1/8080'], used: ['UDP/127.0.0.1/9090'], want: null },
    { name: 'same udp port', pod: ['UDP/127.0.0.1/8080'], used: ['UDP/127.0.0.1/8080'], want: CONFLICT },
    { name: 'same tcp port', pod: ['TCP/127.0.0.1/8080'], used: ['TCP/127.0.0.1/8080'], want: CONFLICT },
    { name: 'different host ip', pod: ['TCP/127.0.0.1/8080'], used: ['TCP/127.0.0.2/8080'], want: null },
    { name: 'different protocol', pod: ['UDP/127.0.0.1/8080'], used: ['TCP/127.0.0.1/8080'], want: null },
    { name: 'second udp port conflict', pod: ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'], used: ['UDP/127.0.0.1/8080'], want: CONFLICT },
    { name: 'first tcp port conflict', pod: ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'], used: ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], want: CONFLICT },
    { name: 'first tcp port conflict due to 0.0.0.0 hostIP', pod: ['TCP/0.0.0.0/8001'], used: ['TCP/127.0.0.1/8001'], want: CONFLICT },
    { name: 'TCP hostPort conflict due to 0.0.0.0 hostIP', pod: ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'], used: ['TCP/127.0.0.1/8001'], want: CONFLICT },
    { name: 'second tcp port conflict to 0.0.0.0 hostIP', pod: ['TCP/127.0.0.1/8001'], used: ['TCP/0.0.0.0/8001'], want: CONFLICT },
    { name: 'second different protocol', pod: ['UDP/127.0.0.1/8001'], used: ['TCP/0.0.0.0/8001'], want: null },
    { name: 'UDP hostPort conflict due to 0.0.0.0 hostIP', pod: ['UDP/127.0.0.1/8001'], used: ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], want: CONFLICT },
  ])('$name', ({ pod, used, want }) => {
    const cache = buildCache([makeNodeObj('m1')], [{ pod: toPodInfo(portsPod(...used)), node: 'm1' }]);
    const incoming = toPodInfo(portsPod(...pod));
    const plugin = newNodePorts();
    const state = stateOf(incoming, cache);
    expect(plugin.preFilter!(state, incoming)).toBeNull();
    expect(status(plugin.filter!(state, incoming, 0))).toBe(want);
  });

  it('skip filter', () => {
    const pod = makePod({});
    expect(newNodePorts().preFilter!(stateOf(pod, buildCache([makeNodeObj('m1')])), pod)?.code).toBe('Skip');
  });

  it('deviation: TestPreFilterDisabled, kubesim answers from the pod itself (Success) where upstream returns the Error of a missing PreFilter state', () => {
    const pod = makePod({});
    expect(filterAlone(newNodePorts(), pod, buildCache([makeNodeObj('node')]))).toBeNull();
  });
});
