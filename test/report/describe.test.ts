import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describeHorizontalPodAutoscaler, describePod, formatRFC1123Z } from '../../src/report/describe.ts';
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
