import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import {
  formatHPAMetrics,
  getCurrentSetWeight,
  getDeployments,
  getEvents,
  getHorizontalPodAutoscalers,
  getNodes,
  getPods,
  getReplicaSets,
  getRollouts,
  getServices,
  listRollouts,
  printPod,
  type RolloutView,
} from '../../src/report/kubectl.ts';
import { tabwriterFormat } from '../../src/report/tabwriter.ts';
import type { ReportEvent } from '../../src/report/types.ts';

const epochMs = Date.parse('2024-01-01T00:00:00Z');
const nowMs = 30 * 24 * 3600 * 1000; // 30 days into the run, so "20d ago" stays in range
const clock = { epochMs, nowMs };
/** ISO timestamp `agoMs` before simulated now. */
const ago = (agoMs: number): string => new Date(epochMs + nowMs - agoMs).toISOString();
const S = 1000;
const D = 24 * 3600 * S;

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const running = { running: {} };
const status = (s: Partial<ContainerStatus>): ContainerStatus => ({ name: '', image: '', imageID: '', ready: false, restartCount: 0, ...s });
const lastFinished = (agoMs: number) => ({ terminated: { exitCode: 0, finishedAt: ago(agoMs) } });

function pod(name: string, spec: Partial<NonNullable<Pod['spec']>>, st: NonNullable<Pod['status']>, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return { metadata: { name, ...meta }, spec: { containers: containers(1), ...spec }, status: st };
}

// kubernetes pkg/printers/internalversion/printers_test.go TestPrintPod (NAME READY STATUS RESTARTS AGE).
describe('printPod (TestPrintPod)', () => {
  const deleting = { deletionTimestamp: ago(10 * S) };
  it.each<[string, Pod, string[]]>([
    ['name, containers, restarts, ready', pod('test1', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ restartCount: 3 })] }), ['test1', '1/2', 'podPhase', '6', '<unknown>']],
    ['container error overwrites pod phase', pod('test2', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } })] }), ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['first container overwrites the rest', pod('test3', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [status({ restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } }), status({ restartCount: 3, state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } } })] }), ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['ready is not enough for running', pod('test4', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ ready: true, restartCount: 3 })] }), ['test4', '1/2', 'podPhase', '6', '<unknown>']],
    ['pod reason wins over phase', pod('test5', { containers: containers(2) }, { reason: 'podReason', phase: 'podPhase', containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ ready: true, restartCount: 3 })] }), ['test5', '1/2', 'podReason', '6', '<unknown>']],
    ['completed + running, no Ready condition', pod('test6', { containers: containers(2) }, { phase: 'Running', containerStatuses: [status({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), status({ ready: true, restartCount: 3, state: running })] }), ['test6', '1/2', 'NotReady', '6', '<unknown>']],
    ['completed + running, Ready condition', pod('test6', { containers: containers(2) }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [status({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), status({ ready: true, restartCount: 3, state: running })] }), ['test6', '1/2', 'Running', '6', '<unknown>']],
    ['init container restarting', pod('test7', { initContainers: containers(1) }, { phase: 'podPhase', initContainerStatuses: [status({ restartCount: 3, state: running, lastState: lastFinished(10 * S) })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>']],
    ['two init containers, first restarting', pod('test8', { initContainers: containers(2) }, { phase: 'podPhase', initContainerStatuses: [status({ restartCount: 3, state: running, lastState: lastFinished(10 * S) }), status({ state: { waiting: {} } })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>']],
    ['first init done, second restarting', pod('test9', { initContainers: containers(2) }, { phase: 'podPhase', initContainerStatuses: [status({ state: { terminated: { exitCode: 0 } } }), status({ restartCount: 3, state: running, lastState: lastFinished(10 * S) })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['first init done with restarts', pod('test10', { initContainers: containers(2) }, { phase: 'podPhase', initContainerStatuses: [status({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastFinished(120 * S) }), status({ restartCount: 3, state: running, lastState: lastFinished(10 * S) })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>']],
    ['init done, container restarting', pod('test11', { initContainers: containers(1) }, { phase: 'Running', initContainerStatuses: [status({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastFinished(120 * S) })], containerStatuses: [status({ restartCount: 4, state: running, lastState: lastFinished(20 * S) })] }), ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>']],
    ['restarted 5d ago', pod('test12', {}, { phase: 'Running', containerStatuses: [status({ ready: true, restartCount: 3, state: running, lastState: lastFinished(5 * D) })] }), ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>']],
    ['one never restarted, other 10d ago', pod('test13', { containers: containers(2) }, { phase: 'Running', containerStatuses: [status({ ready: true, state: running }), status({ ready: true, restartCount: 3, state: running, lastState: lastFinished(10 * D) })] }), ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>']],
    ['latest restart wins', pod('test14', { containers: containers(2) }, { phase: 'Running', containerStatuses: [status({ ready: true, restartCount: 6, state: running, lastState: lastFinished(5 * D) }), status({ ready: true, restartCount: 3, state: running, lastState: lastFinished(20 * D) })] }), ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>']],
    ['SchedulingGated', pod('test15', { containers: containers(2) }, { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), ['test15', '0/2', 'SchedulingGated', '0', '<unknown>']],
    ['succeeded', pod('test16', {}, { phase: 'Succeeded', containerStatuses: [status({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })] }), ['test16', '0/1', 'Completed', '0', '<unknown>']],
    ['failed', pod('test17', {}, { phase: 'Failed', containerStatuses: [status({ state: { terminated: { reason: 'Error', exitCode: 1 } } })] }), ['test17', '0/1', 'Error', '0', '<unknown>']],
    ['succeeded while deleting', pod('test18', {}, { phase: 'Succeeded', containerStatuses: [status({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })] }, deleting), ['test18', '0/1', 'Completed', '0', '<unknown>']],
    ['running while deleting', pod('test19', {}, { phase: 'Running', containerStatuses: [status({ state: running })] }, deleting), ['test19', '0/1', 'Terminating', '0', '<unknown>']],
    ['pending while deleting', pod('test20', {}, { phase: 'Pending' }, deleting), ['test20', '0/1', 'Terminating', '0', '<unknown>']],
  ])('%s', (_name, p, want) => {
    expect(printPod(p, clock)).toEqual(want);
  });
});

// TestPrintPodWithRestartableInitContainer.
describe('printPod with restartable init containers', () => {
  const sidecars = [
    { name: 'restartable-init-1', restartPolicy: 'Always' },
    { name: 'restartable-init-2', restartPolicy: 'Always' },
  ];
  it.each<[string, Pod, string[]]>([
    ['first running but not started', pod('test1', { initContainers: sidecars }, { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'False' }], initContainerStatuses: [status({ name: 'restartable-init-1', restartCount: 3, state: running, started: false, lastState: lastFinished(10 * S) }), status({ name: 'restartable-init-2', state: { waiting: {} }, started: false })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>']],
    ['first started, second not', pod('test1', { initContainers: sidecars }, { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'False' }], initContainerStatuses: [status({ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastFinished(10 * S) }), status({ name: 'restartable-init-2', state: running, started: false })], containerStatuses: [status({ state: { waiting: {} } })] }), ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['both started, container running', pod('test2', { initContainers: sidecars }, { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [status({ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastFinished(10 * S) }), status({ name: 'restartable-init-2', state: running, started: true })], containerStatuses: [status({ ready: true, restartCount: 4, state: running, lastState: lastFinished(20 * S) })] }), ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>']],
    ['sidecars errored, container completed', pod('test3', { initContainers: sidecars }, { phase: 'Succeeded', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [status({ name: 'restartable-init-1', restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false, lastState: lastFinished(10 * S) }), status({ name: 'restartable-init-2', state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false })], containerStatuses: [status({ restartCount: 4, state: { terminated: { reason: 'Completed', exitCode: 0 } }, lastState: lastFinished(20 * S) })] }), ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>']],
    ['statuses for unknown containers', pod('test4', { initContainers: [{ name: 'init1', image: 'initimage' }, { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' }], containers: [{ name: 'container1', image: 'containerimage' }] }, { phase: 'Running', initContainerStatuses: [status({ name: 'initinvalid' }), status({ name: 'init1' }), status({ name: 'sidecar1' })], containerStatuses: [status({ name: 'containerinvalid' }), status({ name: 'container1' })] }), ['test4', '0/2', 'Init:0/2', '0', '<unknown>']],
  ])('%s', (_name, p, want) => {
    expect(printPod(p, clock)).toEqual(want);
  });
});

describe('printPod: simulator cases', () => {
  it.each<[string, Pod, string]>([
    ['CrashLoopBackOff from the waiting reason', pod('a', {}, { phase: 'Running', containerStatuses: [status({ restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: lastFinished(30 * S) })] }), 'CrashLoopBackOff'],
    ['OOMKilled from the terminated reason', pod('a', {}, { phase: 'Running', containerStatuses: [status({ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } })] }), 'OOMKilled'],
    ['ExitCode without a reason', pod('a', {}, { phase: 'Running', containerStatuses: [status({ state: { terminated: { exitCode: 2 } } })] }), 'ExitCode:2'],
    ['Signal without a reason', pod('a', {}, { phase: 'Running', containerStatuses: [status({ state: { terminated: { exitCode: 137, signal: 9 } } })] }), 'Signal:9'],
    ['Init:ExitCode', pod('a', { initContainers: containers(1) }, { phase: 'Pending', initContainerStatuses: [status({ state: { terminated: { exitCode: 3 } } })] }), 'Init:ExitCode:3'],
    ['Init:CrashLoopBackOff', pod('a', { initContainers: containers(1) }, { phase: 'Pending', initContainerStatuses: [status({ state: { waiting: { reason: 'CrashLoopBackOff' } } })] }), 'Init:CrashLoopBackOff'],
    ['Unknown on an unreachable node', pod('a', {}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(S) }), 'Unknown'],
    ['ContainerCreating', pod('a', {}, { phase: 'Pending', containerStatuses: [status({ state: { waiting: { reason: 'ContainerCreating' } } })] }), 'ContainerCreating'],
  ])('%s', (_name, p, want) => {
    expect(printPod(p, clock)[2]).toBe(want);
  });
});

// TestPrintPodwide.
describe('printPod -o wide', () => {
  it('adds IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    const p = pod('test1', { containers: containers(2), nodeName: 'test1', readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }] }, { phase: 'podPhase', podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }], nominatedNodeName: 'node1', conditions: [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }], containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ restartCount: 3 })] });
    expect(printPod(p, clock, { wide: true })).toEqual(['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']);
  });
  it('prints <none> for missing IP, node and gates', () => {
    const p = pod('test2', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [status({ ready: true, restartCount: 3, state: running }), status({ restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } })] });
    expect(printPod(p, clock, { wide: true })).toEqual(['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });
});

describe('tabwriter', () => {
  it('aligns columns with minwidth and padding, never padding the trailing cell', () => {
    expect(tabwriterFormat('NAME\tREADY\tAGE\nweb-1\t1/1\t5m\n', { minWidth: 6, padding: 3 })).toBe(
      // NAME column: max(len("web-1") + 3, 6) = 8; READY: max(5 + 3, 6) = 8.
      'NAME    READY   AGE\nweb-1   1/1     5m\n',
    );
  });
  it('starts a new column block after a line without that column', () => {
    expect(tabwriterFormat('a:\t1\nlonger key:\t2\nsection\nx:\t3\n', { minWidth: 0, padding: 2 })).toBe(
      // "longer key:" is 11 wide + 2 padding = 13 for the first block; the block after "section" is 2 + 2.
      'a:           1\nlonger key:  2\nsection\nx:  3\n',
    );
  });
});

const meta = (name: string, agoMs: number) => ({ name, namespace: 'default', creationTimestamp: ago(agoMs) });

describe('get tables (snapshots)', () => {
  it('pods, wide', () => {
    const pods: Pod[] = [
      { metadata: meta('webapi-7d9c5-abcde', 2 * 3600 * S), spec: { containers: containers(1), nodeName: 'general-1' }, status: { phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], containerStatuses: [status({ ready: true, state: running })] } },
      { metadata: meta('webapi-7d9c5-fghij', 95 * S), spec: { containers: containers(1) }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } },
    ];
    expect(getPods(pods, clock, { wide: true })).toMatchInlineSnapshot(`
      "NAME                 READY   STATUS    RESTARTS   AGE    IP           NODE        NOMINATED NODE   READINESS GATES
      webapi-7d9c5-abcde   1/1     Running   0          120m   10.244.1.5   general-1   <none>           <none>
      webapi-7d9c5-fghij   0/1     Pending   0          95s    <none>       <none>      <none>           <none>
      "
    `);
  });

  it('deployments and replicasets', () => {
    const d: Deployment = { metadata: meta('webapi', 3 * 3600 * S), spec: { replicas: 3, selector: { matchLabels: { app: 'webapi' } }, template: {} }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(getDeployments([d], clock)).toMatchInlineSnapshot(`
      "NAME     READY   UP-TO-DATE   AVAILABLE   AGE
      webapi   2/3     3            2           3h
      "
    `);
    const rs: ReplicaSet[] = [
      { metadata: meta('webapi-7d9c5', 3 * 3600 * S), spec: { replicas: 0, selector: {} }, status: { replicas: 0, readyReplicas: 0 } },
      { metadata: meta('webapi-85f4b', 7 * 60 * S), spec: { replicas: 3, selector: {} }, status: { replicas: 3, readyReplicas: 2 } },
    ];
    expect(getReplicaSets(rs, clock)).toMatchInlineSnapshot(`
      "NAME           DESIRED   CURRENT   READY   AGE
      webapi-7d9c5   0         0         0       3h
      webapi-85f4b   3         3         2       7m
      "
    `);
  });

  it('nodes with status and roles', () => {
    const nodes: Node[] = [
      { metadata: { ...meta('general-1', 2 * D), labels: { 'node-role.kubernetes.io/worker': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.30.0' } as never } },
      { metadata: meta('general-2', 2 * D), spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }], nodeInfo: { kubeletVersion: 'v1.30.0' } as never } },
      { metadata: meta('general-3', 40 * S) },
    ];
    expect(getNodes(nodes, clock)).toMatchInlineSnapshot(`
      "NAME        STATUS                        ROLES    AGE   VERSION
      general-1   Ready                         worker   2d    v1.30.0
      general-2   NotReady,SchedulingDisabled   <none>   2d    v1.30.0
      general-3   Unknown                       <none>   40s   
      "
    `);
  });

  it('hpa with cpu and memory targets', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: meta('webapi', 3600 * S),
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'webapi' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '112m' } } },
          { type: 'Resource', resource: { name: 'memory', current: { averageUtilization: 30, averageValue: '90Mi' } } },
        ],
      },
    };
    expect(getHorizontalPodAutoscalers([hpa], clock)).toMatchInlineSnapshot(`
      "NAME     REFERENCE           TARGETS                         MINPODS   MAXPODS   REPLICAS   AGE
      webapi   Deployment/webapi   cpu: 45%/80%, memory: 30%/80%   2         10        3          60m
      "
    `);
  });

  it('formatHPAMetrics: unknown current, averageValue, more than two', () => {
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
    const pods = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } };
    const ext = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } };
    expect(formatHPAMetrics([cpu], [])).toBe('cpu: <unknown>/50%');
    expect(formatHPAMetrics([cpu, pods, ext], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }, { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '80' } } }])).toBe(
      'cpu: 12%/50%, 80/100 + 1 more...',
    );
    expect(formatHPAMetrics([], [])).toBe('<none>');
  });

  it('services', () => {
    const svc: Service[] = [
      { metadata: meta('webapi-service', D), spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.12'], ports: [{ port: 80, protocol: 'TCP' }] } },
      { metadata: meta('edge', D), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.13'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] } },
    ];
    expect(getServices(svc, clock)).toMatchInlineSnapshot(`
      "NAME             TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE
      webapi-service   ClusterIP      10.96.0.12   <none>        80/TCP          24h
      edge             LoadBalancer   10.96.0.13   <pending>     443:30443/TCP   24h
      "
    `);
  });

  it('events', () => {
    const events: ReportEvent[] = [
      { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-1 to general-1', involvedObject: { kind: 'Pod', name: 'web-1' }, firstTimestampMs: nowMs - 70 * S, lastTimestampMs: nowMs - 70 * S, count: 1, source: { component: 'default-scheduler' } },
      { type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', involvedObject: { kind: 'Pod', name: 'web-2' }, firstTimestampMs: nowMs - 300 * S, lastTimestampMs: nowMs - 5 * S, count: 4, source: { component: 'default-scheduler' } },
    ];
    expect(getEvents(events, clock)).toMatchInlineSnapshot(`
      "LAST SEEN   TYPE      REASON             OBJECT      MESSAGE
      70s         Normal    Scheduled          pod/web-1   Successfully assigned default/web-1 to general-1
      5s          Warning   FailedScheduling   pod/web-2   0/3 nodes are available: 3 Insufficient cpu.
      "
    `);
  });

  it('rollouts: get and argo list', () => {
    const ro: RolloutView = {
      metadata: meta('webapi', 3600 * S),
      spec: { replicas: 5, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] } } },
      status: { phase: 'Paused', currentStepIndex: 1, replicas: 6, readyReplicas: 6, updatedReplicas: 1, availableReplicas: 6 },
    };
    expect(getRollouts([ro], clock)).toMatchInlineSnapshot(`
      "NAME     DESIRED   CURRENT   UP-TO-DATE   AVAILABLE   AGE
      webapi   5         6         1            6           60m
      "
    `);
    expect(listRollouts([ro])).toMatchInlineSnapshot(`
      "NAME        STRATEGY   STATUS        STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE
      webapi      Canary     Paused        1/4   20          6/6    5        1           6        
      "
    `);
  });
});

// argo-rollouts utils/replicaset GetCurrentSetWeight.
describe('getCurrentSetWeight', () => {
  const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];
  it.each<[string, RolloutView['status'], number]>([
    ['at first step', { currentStepIndex: 0 }, 20],
    ['pause after 20', { currentStepIndex: 1 }, 20],
    ['at 50', { currentStepIndex: 2 }, 50],
    ['past the last step', { currentStepIndex: 4 }, 100],
    ['aborted', { currentStepIndex: 2, abort: true }, 0],
  ])('%s', (_n, st, want) => {
    expect(getCurrentSetWeight({ spec: { strategy: { canary: { steps } } }, status: st })).toBe(want);
  });
  it('is 0 when no setWeight precedes the current step', () => {
    expect(getCurrentSetWeight({ spec: { strategy: { canary: { steps: [{ pause: {} }, { setWeight: 10 }] } } }, status: { currentStepIndex: 0 } })).toBe(0);
  });
});
