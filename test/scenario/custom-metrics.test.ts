/**
 * An HPA on a Pods metric (requests per second per pod), served from the workload model as a Prometheus adapter
 * would serve it: 100 rps over pods targeting 20 rps each → 5 replicas.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../src/index.ts';
import { MemoryFileSystem } from '../../src/scenario/fs.ts';

const SCENARIO = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: rps-hpa}
spec:
  duration: 20m
  cluster:
    nodePools:
    - {name: pool, count: 2, capacity: {cpu: "8", memory: 32Gi}}
  manifests:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - name: web
            image: web:v1
            resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 256Mi}}
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports: [{port: 80}]
  - apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: web}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 1
      maxReplicas: 10
      metrics:
      - type: Pods
        pods:
          metric: {name: http_requests_per_second}
          target: {type: AverageValue, averageValue: "20"}
  traffic:
  - service: web
    profile: {constant: 100}
`;

describe('HPA on a Pods metric from the workload model', () => {
  it('scales to offered rps / target per pod', async () => {
    const scenario = await loadScenario(SCENARIO, { fs: new MemoryFileSystem({}) });
    const run = simulate(scenario).until('20m');
    const hpa = run.get<{ status?: { currentReplicas?: number } }>('hpa', { name: 'web' })[0]!;
    expect(hpa.status?.currentReplicas).toBe(5);
    expect(run.events.some((e) => e.reason === 'SuccessfulRescale' && /pods metric http_requests_per_second above target/.test(e.message))).toBe(true);
  });
});

describe('HPA on an External metric from the workload model', () => {
  it('scales on a Service request rate (External, AverageValue) picked by the selector', async () => {
    const external = SCENARIO.replace(
      `      - type: Pods
        pods:
          metric: {name: http_requests_per_second}
          target: {type: AverageValue, averageValue: "20"}`,
      `      - type: External
        external:
          metric: {name: http_requests_total_rate, selector: {matchLabels: {service: web}}}
          target: {type: AverageValue, averageValue: "25"}`,
    );
    const scenario = await loadScenario(external, { fs: new MemoryFileSystem({}) });
    const run = simulate(scenario).until('20m');
    const hpa = run.get<{ status?: { currentReplicas?: number } }>('hpa', { name: 'web' })[0]!;
    // 100 rps over a target of 25 per pod → 4.
    expect(hpa.status?.currentReplicas).toBe(4);
    expect(run.events.some((e) => e.reason === 'SuccessfulRescale' && /external metric http_requests_total_rate/.test(e.message))).toBe(true);
  });

  it('answers a queue-length name with the queued requests, and a Service the selector does not name with no data', async () => {
    const { WorkloadDriver } = await import('../../src/runtime/workload-driver.ts');
    const scenario = await loadScenario(SCENARIO, { fs: new MemoryFileSystem({}) });
    const run = simulate(scenario).until('5m');
    const driver = (run as unknown as { inner: { sim: { workload: InstanceType<typeof WorkloadDriver> } } }).inner.sim.workload;
    expect(driver.externalMetricMilli('default', 'work_queue_length', { matchLabels: { service: 'web' } })).toEqual([expect.any(Number)]);
    expect(driver.externalMetricMilli('default', 'http_requests', undefined)).toEqual([100_000]);
    expect(driver.externalMetricMilli('default', 'http_requests', { matchLabels: { service: 'nope' } })).toBeUndefined();
    expect(driver.externalMetricMilli('default', 'cpu_temperature', undefined)).toBeUndefined();
  });
});
