import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Rollout } from '../../src/api/argo.ts';
import {
  describeHorizontalPodAutoscaler,
  describePod,
  describeReplicaSet,
  describeRollout,
  describeService,
  formatEndpointSlices,
  formatRFC1123Z,
} from '../../src/report/describe.ts';
import type { ReportEvent } from '../../src/report/types.ts';

const epochMs = Date.parse('2024-01-01T00:00:00Z');
const clock = { epochMs, nowMs: 3600_000 };
const at = (simMs: number): string => new Date(epochMs + simMs).toISOString();

describe('formatRFC1123Z', () => {
  it.each([
    [Date.parse('2006-01-02T15:04:05Z'), 'Mon, 02 Jan 2006 15:04:05 +0000'],
    [0, 'Thu, 01 Jan 1970 00:00:00 +0000'],
    [Date.parse('2024-02-29T23:59:59Z'), 'Thu, 29 Feb 2024 23:59:59 +0000'],
    [Date.parse('2000-03-01T00:00:00Z'), 'Wed, 01 Mar 2000 00:00:00 +0000'],
  ])('%d → %s', (ms, want) => {
    expect(formatRFC1123Z(ms)).toBe(want);
  });
});

const events: ReportEvent[] = [
  { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-1 to general-1', involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, firstTimestampMs: 600_000, lastTimestampMs: 600_000, count: 1, source: { component: 'default-scheduler' } },
  { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, firstTimestampMs: 610_000, lastTimestampMs: 900_000, count: 12, source: { component: 'kubelet', host: 'general-1' } },
  { type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target', involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'web', namespace: 'default' }, firstTimestampMs: 1_200_000, lastTimestampMs: 1_200_000, count: 1, source: { component: 'horizontal-pod-autoscaler' } },
];

describe('describe views (snapshots)', () => {
  it('pod', () => {
    const pod: Pod = {
      metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web', 'pod-template-hash': '7d9c5' }, creationTimestamp: at(600_000), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9c5', uid: 'u1', controller: true }] },
      spec: {
        nodeName: 'general-1',
        priority: 0,
        serviceAccountName: 'default',
        containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '256Mi' } }, readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 } }],
      },
      status: {
        phase: 'Running',
        hostIP: '10.0.0.11',
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }],
        startTime: at(600_000),
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
        containerStatuses: [{ name: 'web', image: 'nginx:1.27', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: at(606_000) } } }],
      },
    };
    expect(describePod(pod, events, clock)).toMatchInlineSnapshot(`
      "Name:             web-1
      Namespace:        default
      Priority:         0
      Service Account:  default
      Node:             general-1/10.0.0.11
      Start Time:       Mon, 01 Jan 2024 00:10:00 +0000
      Labels:           app=web
                        pod-template-hash=7d9c5
      Annotations:      <none>
      Status:           Running
      IP:               10.244.1.5
      IPs:
        IP:           10.244.1.5
      Controlled By:  ReplicaSet/web-7d9c5
      Containers:
        web:
          Image:          nginx:1.27
          Image ID:       
          Port:           8080/TCP
          Host Port:      0/TCP
          State:          Running
            Started:      Mon, 01 Jan 2024 00:10:06 +0000
          Ready:          True
          Restart Count:  0
          Limits:
            memory:  256Mi
          Requests:
            cpu:        250m
            memory:     128Mi
          Readiness:    http-get http://:8080/healthz delay=0s timeout=1s period=5s #success=1 #failure=3
          Environment:  <none>
          Mounts:       <none>
      Conditions:
        Type              Status
        Initialized       True 
        Ready             True 
        ContainersReady   True 
        PodScheduled      True 
      Volumes:            <none>
      QoS Class:          Burstable
      Node-Selectors:     <none>
      Tolerations:        <none>
      Events:
        Type     Reason     Age                 From               Message
        ----     ------     ----                ----               -------
        Normal   Scheduled  50m                 default-scheduler  Successfully assigned default/web-1 to general-1
        Warning  Unhealthy  45m (x12 over 49m)  kubelet            Readiness probe failed: HTTP probe failed with statuscode: 503
      "
    `);
  });

  it('hpa', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: at(0) },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
      status: {
        currentReplicas: 4,
        desiredReplicas: 4,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 62, averageValue: '155m' } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
        ],
      },
    };
    expect(describeHorizontalPodAutoscaler(hpa, events, clock)).toMatchInlineSnapshot(`
      "Name:                                                  web
      Namespace:                                             default
      Labels:                                                <none>
      Annotations:                                           <none>
      CreationTimestamp:                                     Mon, 01 Jan 2024 00:00:00 +0000
      Reference:                                             Deployment/web
      Metrics:                                               ( current / target )
        resource cpu on pods  (as a percentage of request):  62% (155m) / 80%
      Min replicas:                                          2
      Max replicas:                                          10
      Deployment pods:                                       4 current / 4 desired
      Conditions:
        Type            Status  Reason              Message
        ----            ------  ------              -------
        AbleToScale     True    ReadyForNewScale    recommended size matches current size
        ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)
        ScalingLimited  False   DesiredWithinRange  the desired count is within the acceptable range
      Events:
        Type    Reason             Age   From                       Message
        ----    ------             ----  ----                       -------
        Normal  SuccessfulRescale  40m   horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization (percentage of request) above target
      "
    `);
  });
});

const slice = (name: string, ips: [string, boolean | undefined][], ports: { name?: string; port: number }[] | undefined): EndpointSlice => ({
  addressType: 'IPv4',
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  endpoints: ips.map(([ip, ready]) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready } })),
  ...(ports ? { ports } : {}),
});

describe('formatEndpointSlices (kubectl describe service Endpoints)', () => {
  it.each([
    ['no slices', [], '', '<none>'],
    ['ready addresses with the port', [slice('a', [['10.0.0.1', true], ['10.0.0.2', undefined]], [{ port: 8080 }])], '', '10.0.0.1:8080,10.0.0.2:8080'],
    ['not-ready endpoints left out', [slice('a', [['10.0.0.1', false], ['10.0.0.2', true]], [{ port: 80 }])], '', '10.0.0.2:80'],
    ['no ready endpoint prints an empty value', [slice('a', [['10.0.0.1', false]], [{ port: 80 }])], '', ''],
    ['three shown, the rest counted', [slice('a', [['10.0.0.1', true], ['10.0.0.2', true], ['10.0.0.3', true]], [{ port: 80 }]), slice('b', [['10.0.0.4', true], ['10.0.0.5', true]], [{ port: 80 }])], '', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...'],
    ['only the named port', [slice('a', [['10.0.0.1', true]], [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }])], 'metrics', '10.0.0.1:9090'],
    ['headless without ports: bare addresses', [slice('a', [['10.0.0.1', true]], undefined)], '', '10.0.0.1'],
    ['IPv6 in brackets', [slice('a', [['fd00::1', true]], [{ port: 80 }])], '', '[fd00::1]:80'],
  ] as const)('%s', (_title, slices, port, want) => {
    expect(formatEndpointSlices(slices as unknown as EndpointSlice[], port)).toBe(want);
  });
});

const template = {
  metadata: { labels: { app: 'web', 'pod-template-hash': '7d9c5' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '250m' } } }] },
};
const rsPod = (name: string, phase: string, owner: string, createdMs: number, ready = true): Pod => ({
  metadata: { name, namespace: 'default', creationTimestamp: at(createdMs), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] },
  spec: { containers: [{ name: 'web' }] },
  status: {
    phase,
    containerStatuses: [
      phase === 'Running'
        ? { name: 'web', image: 'x', imageID: '', ready, restartCount: 0, state: { running: { startedAt: at(createdMs) } } }
        : { name: 'web', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
    ],
  },
});

describe('describe views of replica sets, services and rollouts (snapshots)', () => {
  it('replicaset: replicas, pods by phase, pod template, events', () => {
    const rs: ReplicaSet = {
      metadata: { name: 'web-7d9c5', namespace: 'default', uid: 'uid-web-7d9c5', labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d9c5' } }, template },
      status: { replicas: 3, availableReplicas: 2 },
    };
    const pods = [rsPod('web-7d9c5-a', 'Running', 'web-7d9c5', 0), rsPod('web-7d9c5-b', 'Running', 'web-7d9c5', 0), rsPod('web-7d9c5-c', 'Pending', 'web-7d9c5', 0), rsPod('other-x', 'Running', 'other', 0)];
    const rsEvents: ReportEvent[] = [{ type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: web-7d9c5-a', involvedObject: { kind: 'ReplicaSet', name: 'web-7d9c5', namespace: 'default' }, firstTimestampMs: 0, lastTimestampMs: 0, count: 1, source: { component: 'replicaset-controller' } }];
    const out = describeReplicaSet(rs, pods, rsEvents, clock);
    expect(out).toMatch(/^Replicas:\s+3 current \/ 3 desired$/m);
    expect(out).toMatch(/^Pods Status:\s+2 Running \/ 1 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(out).toMatch(/^Controlled By:\s+Deployment\/web$/m);
    expect(out).toMatchSnapshot();
  });

  it('service: ports, target ports and ready endpoints', () => {
    const svc: Service = {
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    };
    const out = describeService(svc, [slice('web-abc', [['10.244.0.5', true], ['10.244.1.7', false]], [{ name: 'http', port: 8080 }])], [], clock);
    expect(out).toMatch(/^Port:\s+http\s+80\/TCP$/m);
    expect(out).toMatch(/^Endpoints:\s+10\.244\.0\.5:8080$/m);
    expect(out).toMatchSnapshot();
  });

  it('rollout: canary step, weights, images and the tree of revisions', () => {
    const ro: Rollout = {
      metadata: { name: 'web', namespace: 'default', uid: 'ro1', creationTimestamp: at(0) },
      spec: { replicas: 5, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { duration: '1m' } }] } } },
      status: { phase: 'Paused', message: 'CanaryPauseStep', currentStepIndex: 1, stableRS: 'aaa', currentPodHash: 'bbb', replicas: 5, updatedReplicas: 1, readyReplicas: 5, availableReplicas: 5 },
    };
    const mkRS = (hash: string, image: string, revision: number, replicas: number): ReplicaSet => ({
      metadata: { name: `web-${hash}`, namespace: 'default', uid: `uid-web-${hash}`, labels: { 'rollouts-pod-template-hash': hash }, annotations: { 'rollout.argoproj.io/revision': String(revision) }, creationTimestamp: at(revision * 60_000), ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'ro1', controller: true }] },
      spec: { replicas, selector: {}, template: { spec: { containers: [{ name: 'web', image }] } } },
      status: { replicas, availableReplicas: replicas, readyReplicas: replicas },
    });
    const replicaSets = [mkRS('aaa', 'web:v1', 1, 4), mkRS('bbb', 'web:v2', 2, 1)];
    const pods = [...['p1', 'p2', 'p3', 'p4'].map((n) => rsPod(`web-aaa-${n}`, 'Running', 'web-aaa', 60_000)), rsPod('web-bbb-q1', 'Running', 'web-bbb', 120_000)];
    const out = describeRollout(ro, replicaSets, pods, clock);
    expect(out).toMatch(/^Status: {10}॥ Paused$/m);
    expect(out).toMatch(/^ {2}Step: {10}1\/4$/m);
    expect(out).toMatch(/^ {2}SetWeight: {5}20$/m);
    // Without traffic routing: the canary's share of available pods, 1 × 100 / 5 = 20.
    expect(out).toMatch(/^ {2}ActualWeight: {2}20$/m);
    expect(out).toMatch(/^Images: {10}web:v1 \(stable\)\n {17}web:v2 \(canary\)$/m);
    expect(out).toMatch(/^├──# revision:2/m);
    expect(out).toMatch(/^│  └──⧉ web-bbb\s+ReplicaSet\s+✔ Healthy\s+58m\s+canary$/m);
    expect(out).toMatchSnapshot();
  });
});
