/**
 * Tables of upstream `replica_calculator_test.go` (TestReplicaCalcResourceScale, …ResourceTolerance,
 * …ResourceMissingMetrics, …PodMetric, …ObjectMetric, …ObjectPerPodMetric, …ExternalMetric, …ExternalPerPodMetric,
 * TestReplicaCalcComputedToleranceAlgImplementation, TestGroupPods, TestCalculateRequests, TestGetPerPodUsage),
 * with the test constants (CPU initialization period 2 min, initial readiness delay 10 s), as upstream's master has
 * them (terminal pods, Failed and Succeeded, are ignored since kubernetes/kubernetes#141302).
 * Rows at math.MaxInt64 run with int64 max as the nearest double, 2^63 (what Go's float64 conversions of it give
 * too); their names say so and docs/deviations.md lists it.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  calcPlainMetricReplicas,
  calculatePodRequests,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getPerPodUsage,
  getResourceReplicas,
  groupPods,
  type PodMetric,
  type Tolerances,
} from '../../../src/controllers/hpa/replica-calculator.ts';
import { SimClock } from '../../../src/cluster/time.ts';

const clock = new SimClock();
const NOW = 10 * 3_600_000;
const ZERO = '0001-01-01T00:00:00Z';
const ZERO_MS = clock.simMs(ZERO);
const ts = (ms: number) => clock.timestamp(ms);
const parseTime = (s: string) => clock.simMs(s);
const TEST_OPTS = { nowMs: NOW, cpuInitializationPeriodMs: 120_000, delayOfInitialReadinessStatusMs: 10_000, parseTime };
const DEFAULT_TOL: Tolerances = { scaleDown: 0.1, scaleUp: 0.1 };
const timeNow = () => ts(NOW);
const time3MinsAgo = () => ts(NOW - 180_000);
/** `math.MaxInt64` as a JavaScript number: the nearest double, 2^63. */
const MAX_INT64 = 2 ** 63;
const MAX_INT32 = 2_147_483_647;
const AS_DOUBLE = ' (int64 max as the double 2^63)';

interface Fixture {
  currentReplicas: number;
  requests?: string[];
  /** levels[pod][container] */
  levels?: number[][];
  podNames?: string[];
  container?: string;
  podReadiness?: ('True' | 'False')[];
  podStartTime?: string[];
  podPhase?: string[];
  podDeletionTimestamp?: boolean[];
}

const levels = (...v: number[]) => v.map((x) => [x, x]);

function buildPods(f: Fixture): Pod[] {
  const n = Math.max(f.currentReplicas, f.podPhase?.length ?? 0);
  const pods: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const req = f.requests && i < f.requests.length ? { requests: { cpu: f.requests[i]! } } : {};
    pods.push({
      metadata: {
        name: `test-pod-${i}`,
        namespace: 'test-namespace',
        labels: { name: 'test-pod' },
        ...(f.podDeletionTimestamp?.[i] ? { deletionTimestamp: ts(NOW) } : {}),
      },
      spec: { containers: [{ name: 'container1', resources: req }, { name: 'container2', resources: req }] },
      status: {
        phase: f.podPhase?.[i] ?? 'Running',
        startTime: f.podStartTime?.[i] ?? ZERO,
        conditions: [{ type: 'Ready', status: f.podReadiness?.[i] ?? 'True' }],
      },
    });
  }
  return pods;
}

/** What metrics/client.go makes of the fake resource metrics: pod sum, or one container; absent when incomplete. */
function resourceMetrics(f: Fixture): Map<string, PodMetric> {
  const m = new Map<string, PodMetric>();
  (f.levels ?? []).forEach((containers, i) => {
    const name = f.podNames?.[i] ?? `test-pod-${i}`;
    let value: number | undefined;
    if (f.container) {
      const j = Number(f.container.replace('container', '')) - 1;
      value = j < containers.length ? containers[j] : undefined;
    } else if (containers.length === 2) {
      value = containers[0]! + containers[1]!;
    }
    if (value !== undefined) m.set(name, { value, timestampMs: ZERO_MS, windowMs: 60_000 });
  });
  return m;
}

interface ResourceCase {
  name: string;
  f: Fixture;
  target: number;
  replicas?: number;
  utilization?: number;
  raw?: number;
  error?: string;
  tolerances?: Tolerances;
}

function runResource(c: ResourceCase) {
  const run = () =>
    getResourceReplicas({
      ...TEST_OPTS,
      currentReplicas: c.f.currentReplicas,
      targetUtilization: c.target,
      resource: 'cpu',
      tolerances: c.tolerances ?? DEFAULT_TOL,
      pods: buildPods(c.f),
      metrics: resourceMetrics(c.f),
      ...(c.f.container ? { container: c.f.container } : {}),
    });
  if (c.error) {
    expect(run).toThrow(c.error);
    return;
  }
  const r = run();
  expect([r.replicaCount, r.utilization, r.rawUtilization]).toEqual([c.replicas, c.utilization, c.raw]);
}

const cpu = (n: number, v = '1.0') => Array.from({ length: n }, () => v);
const T = 'True' as const;
const F = 'False' as const;

describe('TestReplicaCalcResourceScale', () => {
  const cases: ResourceCase[] = [
    { name: 'scale up', f: { currentReplicas: 3, requests: cpu(3), levels: levels(300, 500, 700) }, target: 30, replicas: 5, utilization: 50, raw: 1000 },
    { name: 'scale up: container metric', f: { currentReplicas: 3, container: 'container2', requests: cpu(3), levels: [[1000, 300], [1000, 500], [1000, 700]] }, target: 30, replicas: 5, utilization: 50, raw: 500 },
    { name: 'scale up: unready pod scales less', f: { currentReplicas: 3, podReadiness: [F, T, T], requests: cpu(3), levels: levels(300, 500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 1200 },
    { name: 'scale up: hot-CPU container scales less', f: { currentReplicas: 3, podStartTime: [timeNow(), time3MinsAgo(), time3MinsAgo()], container: 'container2', requests: cpu(3), levels: [[0, 300], [0, 500], [0, 700]] }, target: 30, replicas: 4, utilization: 60, raw: 600 },
    { name: 'scale up: hot-CPU pod scales less', f: { currentReplicas: 3, podStartTime: [timeNow(), time3MinsAgo(), time3MinsAgo()], requests: cpu(3), levels: levels(300, 500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 1200 },
    { name: 'no scale: unready pods ignored', f: { currentReplicas: 3, podReadiness: [T, F, F], requests: cpu(3), levels: levels(400, 500, 700) }, target: 30, replicas: 3, utilization: 40, raw: 800 },
    { name: 'no scale: hot-CPU pods ignored', f: { currentReplicas: 3, podReadiness: [T, F, F], podStartTime: [time3MinsAgo(), timeNow(), timeNow()], requests: cpu(3), levels: levels(400, 500, 700) }, target: 30, replicas: 3, utilization: 40, raw: 800 },
    { name: 'scale up: failed pods ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podPhase: ['Running', 'Running', 'Failed', 'Failed'], requests: cpu(4), levels: levels(500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 1200 },
    { name: 'scale up: failed pods ignored with missing container metric', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podPhase: ['Running', 'Running', 'Failed', 'Failed'], container: 'container2', requests: cpu(4), levels: [[1000, 500], [9000, 700], [1000], [9000]] }, target: 30, replicas: 4, utilization: 60, raw: 600 },
    { name: 'scale up: container metrics with failed pods ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podPhase: ['Running', 'Running', 'Failed', 'Failed'], container: 'container2', requests: cpu(4), levels: [[1000, 500], [9000, 700]] }, target: 30, replicas: 4, utilization: 60, raw: 600 },
    { name: 'scale up: succeeded pods ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podPhase: ['Running', 'Running', 'Succeeded', 'Succeeded'], requests: cpu(4), levels: levels(500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 1200 },
    { name: 'scale up: container metric with succeeded pods ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podPhase: ['Running', 'Running', 'Succeeded', 'Succeeded'], container: 'container2', requests: cpu(4), levels: [[1000, 500], [9000, 700]] }, target: 30, replicas: 4, utilization: 60, raw: 600 },
    { name: 'scale up: pods being deleted are ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podDeletionTimestamp: [false, false, true, true], podPhase: ['Running', 'Running', 'Running', 'Running'], requests: cpu(4), levels: levels(500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 1200 },
    { name: 'scale up: container metrics with pods being deleted ignored', f: { currentReplicas: 2, podReadiness: [T, T, F, F], podDeletionTimestamp: [false, false, true, true], podPhase: ['Running', 'Running', 'Running', 'Running'], container: 'container1', requests: cpu(4), levels: levels(500, 700) }, target: 30, replicas: 4, utilization: 60, raw: 600 },
    { name: 'scale down', f: { currentReplicas: 5, requests: cpu(5), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 3, utilization: 28, raw: 560 },
    { name: 'scale down: container metric', f: { currentReplicas: 5, container: 'container2', requests: cpu(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 3, utilization: 28, raw: 280 },
    { name: 'scale down: exclude unready pods', f: { currentReplicas: 5, podReadiness: [T, T, T, F, F], requests: cpu(5), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 2, utilization: 30, raw: 600 },
    { name: 'scale down: container metric excludes unready pods', f: { currentReplicas: 5, podReadiness: [T, T, T, F, F], container: 'container2', requests: cpu(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 2, utilization: 30, raw: 300 },
    { name: 'scale down: exclude unscheduled pods', f: { currentReplicas: 5, podReadiness: [T, F, F, F, F], podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'], requests: cpu(5), levels: levels(100) }, target: 50, replicas: 1, utilization: 10, raw: 200 },
    { name: 'scale down: container metric excludes unscheduled pods', f: { currentReplicas: 5, podReadiness: [T, F, F, F, F], podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'], container: 'container2', requests: cpu(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 1, utilization: 10, raw: 100 },
    { name: 'scale down: ignore hot-CPU pods', f: { currentReplicas: 5, podStartTime: [time3MinsAgo(), time3MinsAgo(), time3MinsAgo(), timeNow(), timeNow()], requests: cpu(5), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 2, utilization: 30, raw: 600 },
    { name: 'scale down: container metric ignores hot-CPU pods', f: { currentReplicas: 5, podStartTime: [time3MinsAgo(), time3MinsAgo(), time3MinsAgo(), timeNow(), timeNow()], container: 'container2', requests: cpu(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]] }, target: 50, replicas: 2, utilization: 30, raw: 300 },
    { name: 'scale down: failed pods ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], requests: cpu(7), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 3, utilization: 28, raw: 560 },
    { name: 'scale down: container metric with failed pods ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], container: 'container2', requests: cpu(7), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 3, utilization: 28, raw: 280 },
    { name: 'scale down: succeeded pods ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Succeeded', 'Succeeded'], requests: cpu(7), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 3, utilization: 28, raw: 560 },
    { name: 'scale down: container metric with succeeded pods ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Succeeded', 'Succeeded'], container: 'container2', requests: cpu(7), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 3, utilization: 28, raw: 280 },
    { name: 'scale down: pods being deleted are ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'], podDeletionTimestamp: [false, false, false, false, false, true, true], requests: cpu(7), levels: levels(100, 300, 500, 250, 250) }, target: 50, replicas: 3, utilization: 28, raw: 560 },
    { name: 'scale down: still-running pods being deleted are ignored', f: { currentReplicas: 5, podReadiness: [T, T, T, T, T, F, F], podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'], podDeletionTimestamp: [false, false, false, false, false, true, true], container: 'container2', requests: cpu(7), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] }, target: 50, replicas: 3, utilization: 28, raw: 280 },
  ];
  it.each(cases)('$name', runResource);
});

describe('TestReplicaCalcResourceTolerance', () => {
  const mixed = ['0.9', '1.0', '1.1'];
  const cases: ResourceCase[] = [
    { name: 'within default tolerance', f: { currentReplicas: 3, requests: mixed, levels: levels(1010, 1030, 1020) }, target: 100, replicas: 3, utilization: 102, raw: 2040 },
    { name: 'outside 0% tolerance', tolerances: { scaleDown: 0, scaleUp: 0 }, f: { currentReplicas: 3, requests: mixed, levels: levels(909, 1010, 1111) }, target: 100, replicas: 4, utilization: 101, raw: 2020 },
    { name: 'within 200% scale-up tolerance', tolerances: { scaleDown: 0.1, scaleUp: 2 }, f: { currentReplicas: 3, requests: mixed, levels: levels(1890, 1910, 1900) }, target: 100, replicas: 3, utilization: 190, raw: 3800 },
    { name: 'outside 8% scale-up tolerance (superfluous scale-down tolerance)', tolerances: { scaleDown: 2, scaleUp: 0.08 }, f: { currentReplicas: 3, requests: mixed, levels: levels(1100, 1080, 1090) }, target: 100, replicas: 4, utilization: 109, raw: 2180 },
    { name: 'within 36% scale-down tolerance', tolerances: { scaleDown: 0.36, scaleUp: 0.1 }, f: { currentReplicas: 3, requests: mixed, levels: levels(660, 640, 650) }, target: 100, replicas: 3, utilization: 65, raw: 1300 },
    { name: 'outside 34% scale-down tolerance', tolerances: { scaleDown: 0.34, scaleUp: 0.1 }, f: { currentReplicas: 3, requests: mixed, levels: levels(660, 640, 650) }, target: 100, replicas: 2, utilization: 65, raw: 1300 },
  ];
  it.each(cases)('$name', runResource);
});

describe('TestReplicaCalcResourceMissingMetrics', () => {
  const cases: ResourceCase[] = [
    { name: 'superfluous metrics counted', f: { currentReplicas: 4, requests: cpu(4), levels: levels(4000, 9500, 3000, 7000, 3200, 2000) }, target: 100, replicas: 24, utilization: 587, raw: 11750 },
    { name: 'some pods missing metrics scales down', f: { currentReplicas: 4, requests: cpu(4), levels: levels(400, 95) }, target: 100, replicas: 3, utilization: 24, raw: 495 },
    { name: 'no change: metric equal to target', f: { currentReplicas: 2, requests: cpu(2), levels: levels(1000) }, target: 100, replicas: 2, utilization: 100, raw: 2000 },
    { name: 'no change: metric above target', f: { currentReplicas: 2, requests: cpu(2), levels: levels(1900) }, target: 100, replicas: 2, utilization: 190, raw: 3800 },
    { name: 'no change: metric below target', f: { currentReplicas: 2, requests: cpu(2), levels: levels(600) }, target: 100, replicas: 2, utilization: 60, raw: 1200 },
    { name: 'no change: unready pod metric missing', f: { currentReplicas: 3, podReadiness: [F, T, T], requests: cpu(3), levels: levels(100, 450) }, target: 50, replicas: 3, utilization: 45, raw: 900 },
    { name: 'no change: hot-CPU pod metric missing', f: { currentReplicas: 3, podStartTime: [timeNow(), time3MinsAgo(), time3MinsAgo()], requests: cpu(3), levels: levels(100, 450) }, target: 50, replicas: 3, utilization: 45, raw: 900 },
    { name: 'scale up: unready pod metric missing', f: { currentReplicas: 3, podReadiness: [F, T, T], requests: cpu(3), levels: levels(100, 2000) }, target: 50, replicas: 4, utilization: 200, raw: 4000 },
    { name: 'scale up: hot-CPU pod metric missing', f: { currentReplicas: 3, podReadiness: [F, T, T], podStartTime: [timeNow(), time3MinsAgo(), time3MinsAgo()], requests: cpu(3), levels: levels(100, 2000) }, target: 50, replicas: 4, utilization: 200, raw: 4000 },
    { name: 'scale down: unready pod metric missing', f: { currentReplicas: 4, podReadiness: [F, T, T, T], requests: cpu(4), levels: levels(100, 100, 100) }, target: 50, replicas: 3, utilization: 10, raw: 200 },
    { name: 'scale down: target over 100', f: { currentReplicas: 4, podReadiness: [F, T, T, T], requests: ['1.0', '1.0', '2.0', '2.0'], levels: levels(200, 100, 100) }, target: 300, replicas: 2, utilization: 6, raw: 200 },
    { name: 'rolling update with maxSurge: extra pod missing metric', f: { currentReplicas: 2, podPhase: ['Running', 'Running', 'Running'], requests: cpu(3), levels: levels(100, 100) }, target: 50, replicas: 2, utilization: 10, raw: 200 },
    { name: 'disjoint pod and metric names', f: { currentReplicas: 1, requests: cpu(1), levels: levels(100), podNames: ['an-older-pod-name'] }, target: 100, error: 'no metrics returned matched known pods' },
    { name: 'no metrics returned from metrics API', f: { currentReplicas: 4, requests: cpu(3), levels: [] }, target: 100, error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' },
    { name: 'missing CPU request on container', f: { currentReplicas: 1, requests: [], levels: levels(200) }, target: 100, error: 'missing request for' },
  ];
  it.each(cases)('$name', runResource);
});

describe('TestReplicaCalcComputedToleranceAlgImplementation', () => {
  // 10 pods at 150m, requests ≈ 300m each (jittered): 50 % used. Target chosen just past the tolerance.
  const startPods = 10;
  const totalUsed = startPods * 150;
  const totalRequested = 2 * totalUsed;
  const requestedToUsed = Math.trunc(totalRequested / totalUsed);
  const perPod = totalRequested / startPods;
  const requests = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPod + d}m`);
  const f: Fixture = { currentReplicas: startPods, requests, levels: levels(...Array.from({ length: 10 }, () => totalUsed / 10)) };
  const run = (target: number) =>
    getResourceReplicas({
      ...TEST_OPTS,
      currentReplicas: startPods,
      targetUtilization: Math.trunc(target * 100),
      resource: 'cpu',
      tolerances: DEFAULT_TOL,
      pods: buildPods(f),
      metrics: resourceMetrics(f),
    });
  it('scales down just outside the tolerance', () => {
    const target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.01;
    const finalPods = Math.ceil((totalUsed / (totalRequested * target)) * startPods);
    const r = run(target);
    expect([r.replicaCount, r.utilization, r.rawUtilization]).toEqual([finalPods, 50, 300]);
  });
  it('holds just inside it', () => {
    const r = run(Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.004);
    expect([r.replicaCount, r.utilization, r.rawUtilization]).toEqual([startPods, 50, 300]);
  });
});

interface MetricCase {
  name: string;
  current: number;
  levels: number[];
  target: number;
  replicas: number;
  usage: number;
  tolerances?: Tolerances;
  podReadiness?: ('True' | 'False')[];
  podStartTime?: string[];
  podPhase?: string[];
}

function plainPods(c: MetricCase): Pod[] {
  return buildPods({
    currentReplicas: c.current,
    ...(c.podReadiness ? { podReadiness: c.podReadiness } : {}),
    ...(c.podStartTime ? { podStartTime: c.podStartTime } : {}),
    ...(c.podPhase ? { podPhase: c.podPhase } : {}),
  });
}

describe('TestReplicaCalcPodMetric', () => {
  const cases: MetricCase[] = [
    { name: 'scale up', current: 3, levels: [20000, 10000, 30000], target: 15000, replicas: 4, usage: 20000 },
    { name: 'scale up: unready hot-CPU pod scales less', current: 3, podReadiness: [T, T, F], podStartTime: [time3MinsAgo(), time3MinsAgo(), timeNow()], levels: [50000, 10000, 30000], target: 15000, replicas: 6, usage: 30000 },
    { name: 'scale up: unready hot-CPU pods avoid scale-down', current: 3, podReadiness: [F, T, F], podStartTime: [timeNow(), time3MinsAgo(), timeNow()], levels: [50000, 15000, 30000], target: 15000, replicas: 7, usage: 31666 },
    { name: 'scale down', current: 5, levels: [12000, 12000, 12000, 12000, 12000], target: 20000, replicas: 3, usage: 12000 },
    { name: 'within default tolerance', current: 3, levels: [20000, 21000, 21000], target: 20000, replicas: 3, usage: 20666 },
    { name: 'outside configurable 1% tolerance', tolerances: { scaleDown: 0.1, scaleUp: 0.01 }, current: 3, levels: [20000, 21000, 21000], target: 20000, replicas: 4, usage: 20666 },
    { name: 'no change: missing metrics', current: 5, levels: [20000, 19000, 21000], target: 20000, replicas: 5, usage: 20000 },
    { name: 'rolling update with maxSurge: extra pod missing metric', current: 2, podPhase: ['Running', 'Running', 'Running'], levels: [10000, 10000], target: 17000, replicas: 2, usage: 10000 },
  ];
  it.each(cases)('$name', (c) => {
    const metrics = new Map(c.levels.map((v, i) => [`test-pod-${i}`, { value: v, timestampMs: ZERO_MS, windowMs: 0 }]));
    const r = getMetricReplicas({
      ...TEST_OPTS,
      currentReplicas: c.current,
      targetUsage: c.target,
      metricName: 'qps',
      tolerances: c.tolerances ?? DEFAULT_TOL,
      pods: plainPods(c),
      metrics,
    });
    expect([r.replicaCount, r.utilization]).toEqual([c.replicas, c.usage]);
  });
});

describe('TestReplicaCalcObjectMetric', () => {
  const cases: MetricCase[] = [
    { name: 'scale up', current: 3, levels: [20000], target: 15000, replicas: 4, usage: 20000 },
    { name: `scale up: very large metric saturates replicas to MaxInt32${AS_DOUBLE}`, current: 3, levels: [MAX_INT64], target: 1, replicas: MAX_INT32, usage: MAX_INT64 },
    { name: 'scale up: ignores unready pods', current: 3, podReadiness: [F, T, F], levels: [50000], target: 10000, replicas: 5, usage: 50000 },
    { name: 'scale down', current: 5, levels: [12000], target: 20000, replicas: 3, usage: 12000 },
    { name: 'within default tolerance', current: 3, levels: [20666], target: 20000, replicas: 3, usage: 20666 },
    { name: 'outside configurable 1% tolerance', tolerances: { scaleDown: 0.1, scaleUp: 0.01 }, current: 3, levels: [20666], target: 20000, replicas: 4, usage: 20666 },
  ];
  it.each(cases)('$name', (c) => {
    const r = getObjectMetricReplicas(c.current, c.target, c.levels[0]!, c.tolerances ?? DEFAULT_TOL, plainPods(c));
    expect([r.replicaCount, r.usage]).toEqual([c.replicas, c.usage]);
  });
});

describe('TestReplicaCalcExternalMetric', () => {
  const cases: MetricCase[] = [
    { name: 'scale down: ignores unready pods (would otherwise scale up)', current: 3, podReadiness: [F, T, F], levels: [8600], target: 4400, replicas: 2, usage: 8600 },
    { name: 'scale down', current: 5, levels: [8600], target: 14334, replicas: 3, usage: 8600 },
    { name: 'within default tolerance', current: 3, levels: [8600], target: 8888, replicas: 3, usage: 8600 },
    { name: 'outside configurable 1% tolerance', tolerances: { scaleDown: 0.1, scaleUp: 0.01 }, current: 3, levels: [8900], target: 8800, replicas: 4, usage: 8900 },
    { name: `usage overflow caps at MaxInt64${AS_DOUBLE}`, current: 3, levels: [MAX_INT64 / 2 + 1, MAX_INT64 / 2 + 1], target: MAX_INT64, replicas: 3, usage: MAX_INT64 },
  ];
  it.each(cases)('$name', (c) => {
    const r = getExternalMetricReplicas(c.current, c.target, c.levels, c.tolerances ?? DEFAULT_TOL, plainPods(c));
    expect([r.replicaCount, r.usage]).toEqual([c.replicas, c.usage]);
  });
});

describe('TestReplicaCalcObjectPerPodMetric / ExternalPerPodMetric', () => {
  it.each([
    { name: `object: usage overflow with huge target leaves replicas unchanged${AS_DOUBLE}`, status: 1, usage: MAX_INT64, target: MAX_INT64, replicas: 1, perPod: MAX_INT64 },
    { name: 'object: scale up', status: 3, usage: 20000, target: 5000, replicas: 4, perPod: 6667 },
    { name: 'object: scale down', status: 5, usage: 6000, target: 2000, replicas: 3, perPod: 1200 },
    { name: 'object: within default tolerance', status: 4, usage: 20166, target: 5000, replicas: 4, perPod: 5042 },
    { name: 'object: outside configurable 1% tolerance', status: 4, usage: 20208, target: 5000, replicas: 5, perPod: 5052, tol: { scaleDown: 0.1, scaleUp: 0.01 } },
    { name: 'object: statusReplicas zero', status: 0, usage: 20000, target: 5000, replicas: 4, perPod: 0 },
    { name: 'object: statusReplicas zero and metric zero', status: 0, usage: 0, target: 5000, replicas: 0, perPod: 0 },
  ])('$name', (c) => {
    const r = getObjectPerPodMetricReplicas(c.status, c.target, c.usage, c.tol ?? DEFAULT_TOL);
    expect([r.replicaCount, r.usage]).toEqual([c.replicas, c.perPod]);
  });
  it.each([
    { name: `external: replica count overflow saturates to MaxInt32${AS_DOUBLE}`, status: 1, usage: MAX_INT64, target: 1, replicas: MAX_INT32, perPod: MAX_INT64 },
    { name: `external: usage overflow with huge target leaves replicas unchanged${AS_DOUBLE}`, status: 1, usage: MAX_INT64, target: MAX_INT64, replicas: 1, perPod: MAX_INT64 },
    { name: 'external: statusReplicas zero and metric zero', status: 0, usage: 0, target: 5000, replicas: 0, perPod: 0 },
    { name: 'external: scale up', status: 3, usage: 8600, target: 2150, replicas: 4, perPod: 2867 },
    { name: 'external: scale down', status: 5, usage: 8600, target: 2867, replicas: 3, perPod: 1720 },
    { name: 'external: within default tolerance', status: 3, usage: 8600, target: 2900, replicas: 3, perPod: 2867 },
    { name: 'external: outside configurable 1% tolerance', status: 3, usage: 8600, target: 2800, replicas: 4, perPod: 2867, tol: { scaleDown: 0.1, scaleUp: 0.01 } },
    { name: 'external: statusReplicas zero', status: 0, usage: 20000, target: 5000, replicas: 4, perPod: 0 },
  ])('$name', (c) => {
    const r = getExternalPerPodMetricReplicas(c.status, c.target, c.usage, c.tol ?? DEFAULT_TOL);
    expect([r.replicaCount, r.usage]).toEqual([c.replicas, c.perPod]);
  });
  it.each([
    { name: 'zero replicas returns zero', usage: 20000, replicas: 0, expected: 0 },
    { name: 'normal division with ceiling', usage: 1000, replicas: 3, expected: 334 },
    { name: `overflow returns MaxInt64${AS_DOUBLE}`, usage: MAX_INT64, replicas: 1, expected: MAX_INT64 },
  ])('TestGetPerPodUsage: $name', ({ usage, replicas, expected }) => {
    expect(getPerPodUsage(usage, replicas)).toBe(expected);
  });
});

describe('TestGroupPods', () => {
  const pod = (name: string, status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod => ({
    metadata: { name, ...extra },
    status,
  });
  const m = (value: number, tsMs = ZERO_MS, windowMs = 0) => ({ value, timestampMs: tsMs, windowMs });
  const cases: {
    name: string;
    pods: Pod[];
    metrics: [string, PodMetric][];
    resource: string;
    ready: number;
    unready: string[];
    missing: string[];
    ignored: string[];
  }[] = [
    { name: 'void', pods: [], metrics: [], resource: 'cpu', ready: 0, unready: [], missing: [], ignored: [] },
    { name: 'count in a ready pod - memory', pods: [pod('bentham', { phase: 'Running' })], metrics: [['bentham', m(1, NOW, 60_000)]], resource: 'memory', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'unready a pod without ready condition - CPU', pods: [pod('lucretius', { phase: 'Running', startTime: ts(NOW) })], metrics: [['lucretius', m(1)]], resource: 'cpu', ready: 0, unready: ['lucretius'], missing: [], ignored: [] },
    { name: 'count in a ready pod with fresh metrics during initialization period - CPU', pods: [pod('bentham', { phase: 'Running', startTime: ts(NOW - 60_000), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(NOW - 30_000) }] })], metrics: [['bentham', m(1, NOW, 30_000)]], resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'unready a ready pod without fresh metrics during initialization period - CPU', pods: [pod('bentham', { phase: 'Running', startTime: ts(NOW - 60_000), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(NOW - 30_000) }] })], metrics: [['bentham', m(1, NOW, 60_000)]], resource: 'cpu', ready: 0, unready: ['bentham'], missing: [], ignored: [] },
    { name: 'unready an unready pod during initialization period - CPU', pods: [pod('lucretius', { phase: 'Running', startTime: ts(NOW - 600_000), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ts(NOW - 594_000) }] })], metrics: [['lucretius', m(1)]], resource: 'cpu', ready: 0, unready: ['lucretius'], missing: [], ignored: [] },
    { name: 'count in a ready pod without fresh metrics after initialization period - CPU', pods: [pod('bentham', { phase: 'Running', startTime: ts(NOW - 180_000), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(NOW - 180_000) }] })], metrics: [['bentham', m(1, NOW - 120_000, 60_000)]], resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'count in an unready pod that was ready after initialization period - CPU', pods: [pod('lucretius', { phase: 'Running', startTime: ts(NOW - 600_000), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ts(NOW - 540_000) }] })], metrics: [['lucretius', m(1)]], resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'unready pod that has never been ready after initialization period - CPU', pods: [pod('lucretius', { phase: 'Running', startTime: ts(NOW - 600_000), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ts(NOW - 590_000) }] })], metrics: [['lucretius', m(1)]], resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'a missing pod', pods: [pod('epicurus', { phase: 'Running', startTime: ts(NOW - 180_000) })], metrics: [], resource: 'cpu', ready: 0, unready: [], missing: ['epicurus'], ignored: [] },
    {
      name: 'several pods',
      pods: [
        pod('lucretius', { phase: 'Running', startTime: ts(NOW) }),
        pod('niccolo', { phase: 'Running', startTime: ts(NOW - 180_000), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(NOW - 180_000) }] }),
        pod('epicurus', { phase: 'Running', startTime: ts(NOW - 180_000) }),
      ],
      metrics: [['lucretius', m(1)], ['niccolo', m(1)]],
      resource: 'cpu',
      ready: 1,
      unready: ['lucretius'],
      missing: ['epicurus'],
      ignored: [],
    },
    { name: 'pending pods are unreadied', pods: [pod('unscheduled', { phase: 'Pending' })], metrics: [], resource: 'cpu', ready: 0, unready: ['unscheduled'], missing: [], ignored: [] },
    { name: 'ignore pods with deletion timestamps', pods: [pod('deleted', { phase: 'Pending' }, { deletionTimestamp: '1970-01-01T00:00:01Z' })], metrics: [['deleted', m(1)]], resource: 'cpu', ready: 0, unready: [], missing: [], ignored: ['deleted'] },
    { name: 'ignore pods in a failed state', pods: [pod('failed', { phase: 'Failed' })], metrics: [['failed', m(1)]], resource: 'cpu', ready: 0, unready: [], missing: [], ignored: ['failed'] },
    { name: 'ignore pods in a succeeded state', pods: [pod('succeeded', { phase: 'Succeeded' })], metrics: [['succeeded', m(1)]], resource: 'cpu', ready: 0, unready: [], missing: [], ignored: ['succeeded'] },
  ];
  it.each(cases)('$name', (c) => {
    const g = groupPods(c.pods, new Map(c.metrics), c.resource, TEST_OPTS);
    expect(g.readyPodCount).toBe(c.ready);
    expect([...g.unreadyPods].sort()).toEqual(c.unready);
    expect([...g.missingPods].sort()).toEqual(c.missing);
    expect([...g.ignoredPods].sort()).toEqual(c.ignored);
  });
});

describe('TestCalculateRequests', () => {
  const c = (name: string, cpuReq?: string) => ({ name, resources: cpuReq ? { requests: { cpu: cpuReq } } : {} });
  const pod = (spec: Record<string, unknown>): Pod => ({ metadata: { name: 'test-pod', namespace: 'test-namespace' }, spec: spec as unknown as Pod["spec"] });
  it.each([
    { name: 'void', pods: [], container: '', podLevel: false, expected: {} },
    { name: 'Sum container requests if pod-level feature is disabled', pods: [pod({ containers: [c('container1', '100m'), c('container2', '50m')] })], container: '', podLevel: false, expected: { 'test-pod': 150 } },
    { name: 'Pod-level resources are enabled, but not set: fallback to sum container requests', pods: [pod({ containers: [c('container1', '100m'), c('container2', '50m')] })], container: '', podLevel: true, expected: { 'test-pod': 150 } },
    { name: 'Pod-level resources override container requests when feature enabled and pod resources specified', pods: [pod({ resources: { requests: { cpu: '800m' } }, containers: [c('container1', '100m'), c('container2', '50m')] })], container: '', podLevel: true, expected: { 'test-pod': 800 } },
    { name: 'Fail if at least one of the containers is missing requests and pod-level feature/requests are not set', pods: [pod({ containers: [c('container1'), c('container2', '50m')] })], container: '', podLevel: false, error: 'missing request for cpu in container container1 of Pod test-pod' },
    { name: 'Pod-level resources override missing container requests when feature enabled and pod resources specified', pods: [pod({ resources: { requests: { cpu: '800m' } }, containers: [c('container1'), c('container2', '50m')] })], container: '', podLevel: true, expected: { 'test-pod': 800 } },
    { name: 'Container: if a container name is specified, calculate requests only for that container', pods: [pod({ containers: [c('container1', '100m'), c('container2', '50m')] })], container: 'container1', podLevel: false, expected: { 'test-pod': 100 } },
    { name: 'Container: if a container name is specified, calculate requests only for that container and ignore pod-level requests', pods: [pod({ resources: { requests: { cpu: '800m' } }, containers: [c('container1', '100m'), c('container2', '50m')] })], container: 'container1', podLevel: true, expected: { 'test-pod': 100 } },
    { name: 'pod with restartable init containers', pods: [pod({ containers: [c('container1', '100m')], initContainers: [c('init-container1', '20m'), { ...c('restartable-container1', '50m'), restartPolicy: 'Always' }] })], container: '', podLevel: false, expected: { 'test-pod': 150 } },
  ] as { name: string; pods: Pod[]; container: string; podLevel: boolean; expected?: Record<string, number>; error?: string }[])('$name', (t) => {
    const run = () => Object.fromEntries(calculatePodRequests(t.pods, t.container, 'cpu', t.podLevel));
    if (t.error) expect(run).toThrow(t.error);
    else expect(run()).toEqual(t.expected);
  });
  it('TestCalculatePodRequestsFromContainers_NonExistentContainer', () => {
    expect(() => calculatePodRequests([pod({ containers: [c('container1', '100m')] })], 'non-existent-container', 'cpu')).toThrow(
      'container non-existent-container not found in Pod test-pod',
    );
  });
});

describe('kubesim cases, not upstream: calcPlainMetricReplicas', () => {
  it('fills missing pods with exactly the target on scale-down (Resource AverageValue)', () => {
    // 3 pods, one without a sample; 2 × 100 against 500 → ratio 0.2 → fill 500 → (100+100+500)/3 = 233 → ceil(0.466×3) = 2.
    const pods = buildPods({ currentReplicas: 3 });
    const metrics = new Map([
      ['test-pod-0', { value: 100, timestampMs: NOW, windowMs: 60_000 }],
      ['test-pod-1', { value: 100, timestampMs: NOW, windowMs: 60_000 }],
    ]);
    const r = calcPlainMetricReplicas({ ...TEST_OPTS, currentReplicas: 3, targetUsage: 500, resource: 'memory', tolerances: DEFAULT_TOL, pods, metrics });
    expect([r.replicaCount, r.utilization, r.path]).toEqual([2, 100, 'rebalanced']);
  });
});
