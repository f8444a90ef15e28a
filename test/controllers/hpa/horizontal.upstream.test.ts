/**
 * Reconcile cases of upstream `horizontal_test.go` (TestScaleContainerResource, TestScaleUpUnreadyOrHotCpuNoScale,
 * TestScaleUpCPU, TestScaleDownCPU), run through kubesim's own HorizontalController over its MetricsServer, once
 * with the caches (quiet syncs, cohorts, the metric memo) and once with `cache: false`; both must give upstream's
 * result, and the same decisions, events and statuses over the next syncs.
 *
 * The fixture is upstream's: pods `test-pod-<i>` with two containers requesting half the pod's CPU request each and
 * each using half its reported level, Ready condition whose lastTransitionTime is the pod's start (Go's zero time
 * unless hot, "now", or cool, 3 min ago), controller constants of the tests (tolerance 0.1, CPU initialization 2 min,
 * initial readiness delay 10 s, down-stabilisation 5 min, legacy scale-up factor 8). A preset empty
 * `recommendations` list skips the initial recommendation, as upstream's nil-vs-empty map entry does.
 *
 * Where kubesim knowingly differs from the upstream fixture the case name says so: upstream's default target is a
 * ReplicationController, which kubesim does not simulate, so those cases scale a Deployment
 * (docs/deviations.md, HPA).
 */
import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { createControllerContext } from '../../../src/controllers/context.ts';
import { HorizontalController } from '../../../src/controllers/hpa/controller.ts';
import { MetricsServer } from '../../../src/controllers/hpa/metrics-server.ts';
import type { Recommendation } from '../../../src/controllers/hpa/normalize.ts';
import { milliValue } from '../../../src/api/quantity.ts';

const NS = 'test-namespace';
const T = 600_000;
const GO_ZERO = '0001-01-01T00:00:00Z';
const RC_AS_DEPLOYMENT = ' (deviation: ReplicationController target scaled as a Deployment)';

type Start = 'hot' | 'cool';

/** Upstream's `horizontalScenario`, the fields these cases use. */
interface HorizontalScenario {
  minReplicas: number;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  CPUTarget?: number;
  metricsTarget?: MetricSpec[];
  reportedLevels: number[];
  reportedCPURequests?: string[];
  reportedPodReadiness?: ('True' | 'False')[];
  reportedPodStartTime?: Start[];
  reportedPodPhase?: string[];
  reportedPodDeletionTimestamp?: boolean[];
  recommendations?: Recommendation[];
  initialConditions?: { type: string; status: string; reason?: string }[];
  behavior?: HorizontalPodAutoscalerBehavior;
  resource?: { kind: 'Deployment' | 'ReplicaSet'; name: string };
  /** Upstream's `lastScaleTime`, as ms before the sync (0: now). */
  lastScaleTimeAgoMs?: number;
  /**
   * The scale subresource when not the default: absent (the scale get fails), without a selector, or (upstream's
   * `Selector: "cheddar cheese"`) a string selector, which in kubesim only an Argo Rollout's `status.selector` is.
   */
  scale?: 'missing' | 'noSelector' | { statusSelector: string };
  /** Metric clients whose reads fail, as upstream's reactors returning "something went wrong". */
  failingClients?: ('resource' | 'custom' | 'external')[];
  /** Labels every pod carries besides `name: test-pod`. */
  extraPodLabels?: Record<string, string>;
  /** Another HPA of the namespace whose target selects these labels (upstream's preset `hpaSelectors`). */
  otherHpaSelector?: Record<string, string>;
  /** Replaces the HPA object the fixture builds (upstream's tests that prepend their own list reactor). */
  hpa?: (generated: HorizontalPodAutoscaler) => HorizontalPodAutoscaler;
}

interface UpstreamCase {
  name: string;
  fixture: HorizontalScenario;
  expectedDesiredReplicas: number;
  /** Expected CPU utilization in the status, where upstream checks it. */
  expectedUtilization?: number;
  /** Expected status conditions as [type, status, reason], in order, where upstream checks them. */
  expectedConditions?: [string, string, string][];
  /** The HPAScaleToZero gate (upstream's `hpaScaleToZero`). */
  hpaScaleToZero?: boolean;
  /** The SuccessfulRescale event's message, where upstream's `verifyEvents` checks it. */
  expectedRescaleMessage?: string;
  /** Upstream's update reactor fails the test on a status write (TestAvoidUnnecessaryUpdates). */
  expectNoStatusUpdate?: boolean;
}

function run(f: HorizontalScenario, cache: boolean, scaleToZero = false) {
  const ctx = createControllerContext(1);
  const { engine, store, clock } = ctx;
  engine.run({ until: T });
  const stringSelector = typeof f.scale === 'object' ? f.scale.statusSelector : undefined;
  const kind = stringSelector !== undefined ? 'Rollout' : (f.resource?.kind ?? 'Deployment');
  const apiVersion = kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1';
  const name = f.resource?.name ?? 'test-rc';
  const labels = { name: 'test-pod' };
  if (f.scale !== 'missing') {
    store.create(kind, {
      apiVersion,
      kind,
      metadata: { name, namespace: NS },
      spec: { replicas: f.specReplicas, ...(f.scale === undefined ? { selector: { matchLabels: labels } } : {}) },
      status: { replicas: f.statusReplicas, ...(stringSelector !== undefined ? { selector: stringSelector } : {}) },
    });
  }
  const n = f.reportedCPURequests?.length ?? f.statusReplicas;
  for (let i = 0; i < n; i++) {
    const requestMilli = milliValue(f.reportedCPURequests?.[i] ?? '1.0');
    const start = f.reportedPodStartTime?.[i];
    const startTime = start === 'hot' ? clock.timestamp(T) : start === 'cool' ? clock.timestamp(T - 180_000) : GO_ZERO;
    const phase = f.reportedPodPhase?.[i] ?? 'Running';
    // Go integer division, as upstream's fixture halves the request in milli-units.
    const half = { requests: { cpu: `${Math.trunc(requestMilli / 2)}m` } };
    store.create<Pod>('Pod', {
      metadata: {
        name: `test-pod-${i}`,
        namespace: NS,
        labels: { ...labels, ...f.extraPodLabels },
        ...(f.reportedPodDeletionTimestamp?.[i] ? { deletionTimestamp: clock.timestamp(T) } : {}),
      },
      spec: { containers: [{ name: 'container1', resources: half }, { name: 'container2', resources: half }] },
      status: {
        phase,
        startTime,
        conditions: [{ type: 'Ready', status: f.reportedPodReadiness?.[i] ?? 'True', lastTransitionTime: startTime }],
        // The metrics pipeline reports every running pod, as upstream's fake metrics client does.
        ...(phase === 'Running'
          ? { containerStatuses: ['container1', 'container2'].map((c) => ({ name: c, image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: clock.timestamp(0) } } })) }
          : {}),
      },
    });
  }
  const level = (pod: string) => f.reportedLevels[Number(pod.slice('test-pod-'.length))];
  // A failing client is a source that returns nothing: kubesim's metrics pipeline has no other failure.
  const fails = (c: 'resource' | 'custom' | 'external') => f.failingClients?.includes(c) ?? false;
  const metrics = new MetricsServer({
    cpuMillisAvg: (_ns, pod, _from, _to, container) => {
      const l = fails('resource') ? undefined : level(pod);
      return l === undefined ? undefined : container ? l / 2 : l;
    },
    memoryBytes: () => undefined,
  }, {
    // Upstream's fake custom and external metrics clients: a Pods metric gives pod i level i, an Object metric the
    // first level, an External metric every level.
    podMetricMilli: (_ns, pod) => (fails('custom') ? undefined : level(pod)),
    objectMetricMilli: () => (fails('custom') ? undefined : f.reportedLevels[0]),
    externalMetricMilli: () => (fails('external') ? undefined : f.reportedLevels),
  });
  const controller = new HorizontalController({
    metrics,
    tolerance: 0.1,
    downscaleStabilizationWindowMs: 300_000,
    cpuInitializationPeriodMs: 120_000,
    initialReadinessDelayMs: 10_000,
    scaleUpLimitFactor: 8,
    cache,
    scaleToZero,
    ...(f.recommendations ? { initialRecommendations: new Map([[`${NS}/test-hpa`, f.recommendations]]) } : {}),
  });
  const specMetrics: MetricSpec[] = [
    ...(f.CPUTarget ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: f.CPUTarget } } }] : []),
    ...(f.metricsTarget ?? []),
  ];
  // Upstream's fixture defaults an empty metric list to a CPU metric without a target, as the API server would.
  if (specMetrics.length === 0) specMetrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: '' } } });
  if (f.otherHpaSelector) {
    // Synced first, so its selector is known when test-hpa syncs.
    store.create(kind, { apiVersion, kind, metadata: { name: 'test-target-2', namespace: NS }, spec: { replicas: 1, selector: { matchLabels: f.otherHpaSelector } }, status: { replicas: 1 } });
    store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', {
      metadata: { name: 'test-hpa-2', namespace: NS },
      spec: { scaleTargetRef: { apiVersion, kind, name: 'test-target-2' }, minReplicas: 1, maxReplicas: 1, metrics: specMetrics },
    });
  }
  controller.start(ctx);
  const generated: HorizontalPodAutoscaler = {
    metadata: { name: 'test-hpa', namespace: NS },
    spec: { scaleTargetRef: { apiVersion, kind, name }, minReplicas: f.minReplicas, maxReplicas: f.maxReplicas, metrics: specMetrics, ...(f.behavior ? { behavior: f.behavior } : {}) },
    status: {
      currentReplicas: f.specReplicas,
      desiredReplicas: f.specReplicas,
      ...(f.lastScaleTimeAgoMs !== undefined ? { lastScaleTime: clock.timestamp(T - f.lastScaleTimeAgoMs) } : {}),
      ...(f.initialConditions ? { conditions: f.initialConditions } : {}),
    },
  };
  const created = store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', f.hpa ? f.hpa(generated) : generated);
  // The first sync, at the HPA's creation.
  engine.run({ until: T });
  const hpaAfter = store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', NS, 'test-hpa')!;
  const first = {
    replicas: f.scale === 'missing' ? undefined : store.get<{ spec: { replicas: number } }>(kind, NS, name)!.spec.replicas,
    status: hpaAfter.status!,
    statusUpdated: hpaAfter !== created,
    rescales: ctx.events.all.filter((e) => e.reason === 'SuccessfulRescale').length,
    messages: ctx.events.all.map((e) => e.message),
  };
  // Three more syncs on the same scrape: where the caches answer.
  engine.run({ until: T + 45_000 });
  const later = {
    decisions: ctx.decisions.all.map((d) => [d.tMs, d.summary, d.details]),
    events: ctx.events.all.map((e) => [e.reason, e.count, e.message]),
    status: store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', NS, 'test-hpa')!.status,
    replicas: f.scale === 'missing' ? undefined : store.get<{ spec: { replicas: number } }>(kind, NS, name)!.spec.replicas,
  };
  return { first, later };
}

const cpu = (n: number) => Array.from({ length: n }, () => '1.0');
const T_ = 'True' as const;
const F_ = 'False' as const;

const cases: Record<string, UpstreamCase[]> = {
  TestScaleContainerResource: [
    {
      name: `scale up container resource${RC_AS_DEPLOYMENT}`,
      fixture: {
        minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3,
        metricsTarget: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } } }],
        reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3),
      },
      expectedDesiredReplicas: 5,
    },
    {
      name: `scale down container resource${RC_AS_DEPLOYMENT}`,
      fixture: {
        minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5,
        metricsTarget: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container2', target: { type: 'Utilization', averageUtilization: 50 } } }],
        reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), recommendations: [],
      },
      expectedDesiredReplicas: 3,
    },
  ],
  TestScaleUpUnreadyOrHotCpuNoScale: [
    {
      name: `unready pods excluded from scaling${RC_AS_DEPLOYMENT}`,
      fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [400, 500, 700], reportedCPURequests: cpu(3), reportedPodReadiness: [T_, F_, F_] },
      expectedDesiredReplicas: 3,
      expectedUtilization: 40,
    },
    {
      name: `hot CPU pods excluded from scaling${RC_AS_DEPLOYMENT}`,
      fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [400, 500, 700], reportedCPURequests: cpu(3), reportedPodReadiness: [T_, F_, F_], reportedPodStartTime: ['cool', 'hot', 'hot'] },
      expectedDesiredReplicas: 3,
      expectedUtilization: 40,
    },
  ],
  TestScaleUpCPU: [
    { name: `scale up${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3) }, expectedDesiredReplicas: 5 },
    { name: `scale up with unready pods results in less scale${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), reportedPodReadiness: [F_, T_, T_] }, expectedDesiredReplicas: 4 },
    { name: `scale up with hot cpu pods results in less scale${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), reportedPodStartTime: ['hot', 'cool', 'cool'] }, expectedDesiredReplicas: 4 },
    { name: `scale up ignores failed pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, CPUTarget: 30, reportedLevels: [500, 700], reportedCPURequests: cpu(4), reportedPodReadiness: [T_, T_, F_, F_], reportedPodPhase: ['Running', 'Running', 'Failed', 'Failed'] }, expectedDesiredReplicas: 4 },
    { name: `scale up ignores deletion pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, CPUTarget: 30, reportedLevels: [500, 700], reportedCPURequests: cpu(4), reportedPodReadiness: [T_, T_, F_, F_], reportedPodPhase: ['Running', 'Running', 'Running', 'Running'], reportedPodDeletionTimestamp: [false, false, true, true] }, expectedDesiredReplicas: 4 },
    { name: 'scale up deployment', fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), resource: { kind: 'Deployment', name: 'test-dep' } }, expectedDesiredReplicas: 5 },
    { name: 'scale up replicaset', fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), resource: { kind: 'ReplicaSet', name: 'test-replicaset' } }, expectedDesiredReplicas: 5 },
    { name: `no scale up when all unready pods bring utilization within target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [400, 500, 700], reportedCPURequests: cpu(3), reportedPodReadiness: [T_, F_, F_] }, expectedDesiredReplicas: 3 },
  ],
  TestScaleDownCPU: [
    { name: `scale down${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 3 },
    { name: `scale down includes unready pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), reportedPodReadiness: [T_, T_, T_, F_, F_], recommendations: [] }, expectedDesiredReplicas: 2 },
    { name: `scale down ignores hot cpu pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), reportedPodStartTime: ['cool', 'cool', 'cool', 'hot', 'hot'], recommendations: [] }, expectedDesiredReplicas: 2 },
    { name: `scale down ignores failed pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(7), reportedPodReadiness: [T_, T_, T_, T_, T_, F_, F_], reportedPodPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], recommendations: [] }, expectedDesiredReplicas: 3 },
    { name: `scale down ignores deletion pods${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(7), reportedPodReadiness: [T_, T_, T_, T_, T_, F_, F_], reportedPodPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'], reportedPodDeletionTimestamp: [false, false, false, false, false, true, true], recommendations: [] }, expectedDesiredReplicas: 3 },
  ],
};

const qps = (averageValue: string): MetricSpec[] => [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue } } }];
const objectQps = (target: { type: 'Value'; value: string } | { type: 'AverageValue'; averageValue: string }): MetricSpec[] => [
  { type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps' }, target } },
];
const SCALED_TO_ZERO = [{ type: 'ScaledToZero', status: 'True', reason: 'ScaledToZero' }];
const FROM_ZERO_ON: [string, string, string][] = [
  ['ScaledToZero', 'False', 'NotScaledToZero'],
  ['AbleToScale', 'True', 'SucceededRescale'],
  ['ScalingActive', 'True', 'ValidMetricFound'],
  ['ScalingLimited', 'False', 'DesiredWithinRange'],
];
const FROM_ZERO_OFF: [string, string, string][] = [
  ['AbleToScale', 'True', 'SucceededGetScale'],
  ['ScalingActive', 'False', 'ScalingDisabled'],
];
cases['TestScaleUpCM'] = [
  { name: `scale up custom metric${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: qps('15.0'), reportedLevels: [20000, 10000, 30000], reportedCPURequests: cpu(3) }, expectedDesiredReplicas: 4 },
  { name: `unready and hot cpu pods do not reduce scale for custom metric${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: qps('15.0'), reportedLevels: [50000, 10000, 30000], reportedPodReadiness: [T_, T_, F_], reportedPodStartTime: ['cool', 'cool', 'hot'], reportedCPURequests: cpu(3) }, expectedDesiredReplicas: 6 },
  {
    name: `unready and hot cpu pods scale to max with scaling limited condition${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: qps('15.0'), reportedLevels: [50000, 15000, 30000], reportedPodReadiness: [F_, T_, F_], reportedPodStartTime: ['hot', 'cool', 'hot'], reportedCPURequests: cpu(3) },
    expectedDesiredReplicas: 6,
    expectedConditions: [['AbleToScale', 'True', 'SucceededRescale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'True', 'TooManyReplicas']],
  },
];
cases['TestScaleUpCMObject'] = [
  { name: `scale up object metric with value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: objectQps({ type: 'Value', value: '15.0' }), reportedLevels: [20000] }, expectedDesiredReplicas: 4 },
  { name: `scale up from zero with feature gate enabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '15.0' }), reportedLevels: [20000], initialConditions: SCALED_TO_ZERO }, expectedDesiredReplicas: 2, expectedConditions: FROM_ZERO_ON, hpaScaleToZero: true },
  { name: `scale up from zero with feature gate disabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '15.0' }), reportedLevels: [20000], initialConditions: SCALED_TO_ZERO }, expectedDesiredReplicas: 0, expectedConditions: FROM_ZERO_OFF, hpaScaleToZero: false },
  { name: `scale up from zero ignores tolerance with feature gate enabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '1.0' }), reportedLevels: [1000], initialConditions: SCALED_TO_ZERO }, expectedDesiredReplicas: 1, expectedConditions: FROM_ZERO_ON, hpaScaleToZero: true },
  { name: `scale up from zero ignores tolerance with feature gate disabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '1.0' }), reportedLevels: [1000], initialConditions: SCALED_TO_ZERO }, expectedDesiredReplicas: 0, expectedConditions: FROM_ZERO_OFF, hpaScaleToZero: false },
  { name: `scale up per-pod object metric with average value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: objectQps({ type: 'AverageValue', averageValue: '10.0' }), reportedLevels: [40000] }, expectedDesiredReplicas: 4 },
];

/** Upstream's `statusOkWithOverrides`: the conditions of a successful rescale, each override replacing its type. */
function statusOkWithOverrides(...overrides: [string, string, string][]): [string, string, string][] {
  const out: [string, string, string][] = [
    ['AbleToScale', 'True', 'SucceededRescale'],
    ['ScalingActive', 'True', 'ValidMetricFound'],
    ['ScalingLimited', 'False', 'DesiredWithinRange'],
  ];
  for (const o of overrides) {
    const i = out.findIndex((c) => c[0] === o[0]);
    if (i >= 0) out[i] = o;
    else out.push(o);
  }
  return out;
}
const externalQps = (target: { type: 'Value'; value: string } | { type: 'AverageValue'; averageValue: string }): MetricSpec[] => [
  { type: 'External', external: { metric: { name: 'qps', selector: {} }, target } },
];
cases['TestScaleUpCMExternal'] = [
  { name: `scale up external metric with value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: externalQps({ type: 'Value', value: '6666m' }), reportedLevels: [8600] }, expectedDesiredReplicas: 4 },
  { name: `scale up external metric with per-pod average value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, metricsTarget: externalQps({ type: 'AverageValue', averageValue: '2222m' }), reportedLevels: [8600] }, expectedDesiredReplicas: 4 },
];
cases['TestScaleUpOneMetricInvalid'] = [
  { name: `one invalid metric type, the CPU metric scales up${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, metricsTarget: [{ type: 'CheddarCheese' }], reportedLevels: [300, 400, 500], reportedCPURequests: cpu(3) }, expectedDesiredReplicas: 4, expectedUtilization: 40 },
];
cases['TestScaleUpFromZeroOneMetricInvalid'] = [true, false].map((gate) => ({
  name: `HPAScaleToZero=${gate}${RC_AS_DEPLOYMENT}`,
  fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, CPUTarget: 30, metricsTarget: [{ type: 'CheddarCheese' }], reportedLevels: [300, 400, 500], reportedCPURequests: cpu(3), recommendations: [] },
  expectedDesiredReplicas: 0,
  expectedConditions: FROM_ZERO_OFF,
  hpaScaleToZero: gate,
}));
cases['TestScaleDownStabilizeInitialSize'] = [
  {
    name: `the initial recommendation holds the first scale-down${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5) },
    expectedDesiredReplicas: 5,
    expectedConditions: statusOkWithOverrides(['AbleToScale', 'True', 'ReadyForNewScale'], ['AbleToScale', 'True', 'ScaleDownStabilized']),
  },
];
cases['TestScaleDownCM'] = [
  { name: `scale down pods metric${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: qps('20.0'), reportedLevels: [12000, 12000, 12000, 12000, 12000], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 3 },
  { name: `scale down object metric with value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: objectQps({ type: 'Value', value: '20.0' }), reportedLevels: [12000], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 3 },
  { name: `scale down to zero object metric with feature gate enabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: objectQps({ type: 'Value', value: '20.0' }), reportedLevels: [0], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 0, expectedConditions: statusOkWithOverrides(['ScaledToZero', 'True', 'ScaledToZero']), hpaScaleToZero: true },
  { name: `scale down to zero object metric with feature gate disabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: objectQps({ type: 'Value', value: '20.0' }), reportedLevels: [0], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 0, expectedConditions: statusOkWithOverrides(), hpaScaleToZero: false },
  { name: `scale down per-pod object metric with average value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: objectQps({ type: 'AverageValue', averageValue: '20.0' }), reportedLevels: [60000], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 3 },
  { name: `scale down external metric with value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: externalQps({ type: 'Value', value: '14400m' }), reportedLevels: [8600], recommendations: [] }, expectedDesiredReplicas: 3 },
  { name: `scale down to zero external metric with feature gate enabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: externalQps({ type: 'Value', value: '14400m' }), reportedLevels: [0], recommendations: [] }, expectedDesiredReplicas: 0, expectedConditions: statusOkWithOverrides(['ScaledToZero', 'True', 'ScaledToZero']), hpaScaleToZero: true },
  { name: `scale down to zero external metric with feature gate disabled${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: externalQps({ type: 'Value', value: '14400m' }), reportedLevels: [0], recommendations: [] }, expectedDesiredReplicas: 0, expectedConditions: statusOkWithOverrides(), hpaScaleToZero: false },
  { name: `scale down per-pod external metric with average value target${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, metricsTarget: externalQps({ type: 'AverageValue', averageValue: '3000m' }), reportedLevels: [8600], recommendations: [] }, expectedDesiredReplicas: 3 },
];
const gates = <T,>(f: (gate: boolean) => T): T[] => [true, false].map(f);
cases['TestScaleUpFromZeroWithoutCondition'] = gates((gate) => ({
  name: `HPAScaleToZero=${gate}${RC_AS_DEPLOYMENT}`,
  fixture: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '15.0' }), reportedLevels: [20000] },
  expectedDesiredReplicas: 0,
  expectedConditions: FROM_ZERO_OFF,
  hpaScaleToZero: gate,
}));
cases['TestScaleUpFromZeroWhenMinReplicasIncreased'] = gates((gate) => ({
  name: `HPAScaleToZero=${gate}${RC_AS_DEPLOYMENT}`,
  fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, metricsTarget: objectQps({ type: 'Value', value: '15000m' }), reportedLevels: [10000], initialConditions: SCALED_TO_ZERO },
  expectedDesiredReplicas: gate ? 2 : 0,
  expectedConditions: gate
    ? [['ScaledToZero', 'False', 'NotScaledToZero'], ['AbleToScale', 'True', 'SucceededRescale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'True', 'TooFewReplicas']]
    : FROM_ZERO_OFF,
  hpaScaleToZero: gate,
}));
cases['TestScaledToZeroConditionHandledOnNormalRescale'] = gates((gate) => ({
  name: `HPAScaleToZero=${gate}${RC_AS_DEPLOYMENT}`,
  fixture: { minReplicas: 1, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), initialConditions: SCALED_TO_ZERO },
  expectedDesiredReplicas: 5,
  expectedConditions: gate ? FROM_ZERO_ON : statusOkWithOverrides(['ScalingLimited', 'False', 'DesiredWithinRange']),
  hpaScaleToZero: gate,
}));
cases['TestManualScaleToZeroDisablesHPA'] = gates((gate) => ({
  name: `HPAScaleToZero=${gate}${RC_AS_DEPLOYMENT}`,
  fixture: { minReplicas: 1, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, CPUTarget: 50, reportedLevels: [], reportedCPURequests: [] },
  expectedDesiredReplicas: 0,
  expectedConditions: FROM_ZERO_OFF,
  hpaScaleToZero: gate,
}));
const mixedRequests = ['0.9', '1.0', '1.1'];
const TOLERATED = statusOkWithOverrides(['AbleToScale', 'True', 'ReadyForNewScale']);
const NO_METRICS = (reason: string): [string, string, string][] => [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', reason]];
// Upstream's TestTolerance, TestToleranceCM, TestToleranceCMObject, TestToleranceCMExternal, TestTolerancePerPodCMObject
// and TestTolerancePerPodCMExternal.
cases['TestTolerance'] = [
  { name: `CPU resource metric within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 100, reportedLevels: [1010, 1030, 1020], reportedCPURequests: mixedRequests }, expectedDesiredReplicas: 3, expectedConditions: TOLERATED },
  { name: `pods metric within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, metricsTarget: qps('20.0'), reportedLevels: [20000, 20001, 21000], reportedCPURequests: mixedRequests }, expectedDesiredReplicas: 3, expectedConditions: TOLERATED },
  { name: `object metric with value target within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, metricsTarget: objectQps({ type: 'Value', value: '20.0' }), reportedLevels: [20050], reportedCPURequests: mixedRequests }, expectedDesiredReplicas: 3, expectedConditions: TOLERATED },
  { name: `external metric with value target within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, metricsTarget: externalQps({ type: 'Value', value: '8666m' }), reportedLevels: [8600] }, expectedDesiredReplicas: 4, expectedConditions: TOLERATED },
  { name: `per-pod object metric within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, metricsTarget: objectQps({ type: 'AverageValue', averageValue: '2200m' }), reportedLevels: [8600] }, expectedDesiredReplicas: 4, expectedConditions: TOLERATED },
  { name: `per-pod external metric within tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, metricsTarget: externalQps({ type: 'AverageValue', averageValue: '2200m' }), reportedLevels: [8600] }, expectedDesiredReplicas: 4, expectedConditions: TOLERATED },
];
/** Upstream's `generateScalingRules(0, 0, 700, 60, 0)` as the scale-up rules: a 700 % per 60 s policy, no window. */
const upRules700: HorizontalPodAutoscalerBehavior = { scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 700, periodSeconds: 60 }] } };
/** TestComputedToleranceAlgImplementation's requests: 300m per pod, jittered by ±100, ±10, ±2, ±1 and 0, 0. */
const toleranceAlgRequests = [400, 200, 310, 290, 302, 298, 301, 299, 300, 300].map((m) => `${m}m`);
// Upstream's single-case tests from TestMinReplicas to TestUpscaleCapGreaterThanMaxReplicas TestStabilizeDownscale and TestComputedToleranceAlgImplementation, one row each, named after the test.
cases['min/max replicas, missing metrics and events'] = [
  { name: `TestMinReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 90, reportedLevels: [10, 95, 10], reportedCPURequests: mixedRequests, recommendations: [] }, expectedDesiredReplicas: 2, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'TooFewReplicas']) },
  { name: `TestZeroMinReplicasDesiredZero${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 90, reportedLevels: [0, 0, 0], reportedCPURequests: mixedRequests, recommendations: [] }, expectedDesiredReplicas: 0, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'False', 'DesiredWithinRange']) },
  { name: `TestMinReplicasDesiredZero${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 90, reportedLevels: [0, 0, 0], reportedCPURequests: mixedRequests, recommendations: [] }, expectedDesiredReplicas: 2, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'TooFewReplicas']) },
  { name: `TestZeroReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 3, maxReplicas: 5, specReplicas: 0, statusReplicas: 0, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [] }, expectedDesiredReplicas: 0, expectedConditions: NO_METRICS('ScalingDisabled') },
  { name: `TestTooFewReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 3, maxReplicas: 5, specReplicas: 2, statusReplicas: 2, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [] }, expectedDesiredReplicas: 3, expectedConditions: [['AbleToScale', 'True', 'SucceededRescale']] },
  { name: `TestTooManyReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 3, maxReplicas: 5, specReplicas: 10, statusReplicas: 10, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [] }, expectedDesiredReplicas: 5, expectedConditions: [['AbleToScale', 'True', 'SucceededRescale']] },
  { name: `TestMaxReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 90, reportedLevels: [8000, 9500, 1000], reportedCPURequests: mixedRequests }, expectedDesiredReplicas: 5, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'TooManyReplicas']) },
  { name: `TestSuperfluousMetrics${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, CPUTarget: 100, reportedLevels: [4000, 9500, 3000, 7000, 3200, 2000], reportedCPURequests: cpu(4) }, expectedDesiredReplicas: 6, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'TooManyReplicas']) },
  { name: `TestMissingMetrics${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, CPUTarget: 100, reportedLevels: [400, 95], reportedCPURequests: cpu(4), recommendations: [] }, expectedDesiredReplicas: 3 },
  { name: `TestEmptyMetrics${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, CPUTarget: 100, reportedLevels: [], reportedCPURequests: cpu(4) }, expectedDesiredReplicas: 4, expectedConditions: NO_METRICS('FailedGetResourceMetric') },
  { name: `TestEmptyCPURequest${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 1, statusReplicas: 1, CPUTarget: 100, reportedLevels: [200], reportedCPURequests: [] }, expectedDesiredReplicas: 1, expectedConditions: NO_METRICS('FailedGetResourceMetric') },
  { name: `TestEventCreated${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 1, statusReplicas: 1, CPUTarget: 50, reportedLevels: [200], reportedCPURequests: ['0.2'] }, expectedDesiredReplicas: 2, expectedRescaleMessage: 'New size: 2; reason: cpu resource utilization (percentage of request) above target' },
  { name: `TestEventNotCreated${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 2, statusReplicas: 2, CPUTarget: 50, reportedLevels: [200, 200], reportedCPURequests: ['0.4', '0.4'] }, expectedDesiredReplicas: 2, expectedConditions: TOLERATED },
  { name: `TestMissingReports${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 4, statusReplicas: 4, CPUTarget: 50, reportedLevels: [200], reportedCPURequests: ['0.2'], recommendations: [] }, expectedDesiredReplicas: 2 },
  { name: `TestUpscaleCap${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, behavior: upRules700, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'] }, expectedDesiredReplicas: 24, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'ScaleUpLimit']) },
  { name: `TestUpscaleCapGreaterThanMaxReplicas${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 20, specReplicas: 3, statusReplicas: 3, behavior: upRules700, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'] }, expectedDesiredReplicas: 20, expectedConditions: statusOkWithOverrides(['ScalingLimited', 'True', 'TooManyReplicas']) },
  {
    name: `TestStabilizeDownscale${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 4, statusReplicas: 4, CPUTarget: 100, reportedLevels: [50, 50, 50], reportedCPURequests: ['0.1', '0.1', '0.1'], recommendations: [{ recommendation: 10, timestampMs: T - 600_000 }, { recommendation: 4, timestampMs: T - 60_000 }] },
    expectedDesiredReplicas: 4,
    expectedConditions: statusOkWithOverrides(['AbleToScale', 'True', 'ReadyForNewScale'], ['AbleToScale', 'True', 'ScaleDownStabilized']),
  },
  // Upstream derives the targets: used/requested 1500m/3000m, target 1/(2 × (1 − 0.1)) + 0.01 → 56 % and + 0.004 → 55 %.
  { name: `TestComputedToleranceAlgImplementation, just outside tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 1000, specReplicas: 10, statusReplicas: 10, CPUTarget: 56, reportedLevels: Array(10).fill(150), reportedCPURequests: toleranceAlgRequests, recommendations: [] }, expectedDesiredReplicas: 9 },
  { name: `TestComputedToleranceAlgImplementation, just inside tolerance${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 0, maxReplicas: 1000, specReplicas: 10, statusReplicas: 10, CPUTarget: 55, reportedLevels: Array(10).fill(150), reportedCPURequests: toleranceAlgRequests, recommendations: [] }, expectedDesiredReplicas: 10, expectedConditions: TOLERATED },
];
const DECIMAL_POINT_ONE = ['0.1', '0.1', '0.1'];
const GET_SCALE_ONLY = (reason: string): [string, string, string][] => [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', reason]];
const ALL_CLIENTS_FAIL: HorizontalScenario['failingClients'] = ['resource', 'custom', 'external'];
const STRING_SELECTOR = ' (deviation: a string selector, in kubesim only an Argo Rollout status.selector)';
const MISSING_TARGET = ' (deviation: the scale get fails because the target does not exist)';
const FAILING_CLIENT = ' (deviation: a failing metrics client is a source without samples)';
// Upstream's single-case tests from TestMoreReplicasThanSpecNoScale to TestNoScaleDownOneMetricEmpty, one row each,
// named after the test; TestConditionFailedGetMetrics has one row per reason, as its loop.
cases['conditions, back-off and later reconcile cases'] = [
  { name: `TestMoreReplicasThanSpecNoScale${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 8, specReplicas: 4, statusReplicas: 5, CPUTarget: 50, reportedLevels: [500, 500, 500, 500, 500], reportedCPURequests: ['1', '1', '1', '1', '1'] }, expectedDesiredReplicas: 4, expectedConditions: TOLERATED },
  { name: `TestConditionInvalidSelectorMissing${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: DECIMAL_POINT_ONE, scale: 'noSelector' }, expectedDesiredReplicas: 3, expectedConditions: GET_SCALE_ONLY('InvalidSelector') },
  { name: `TestConditionInvalidSelectorUnparsable${STRING_SELECTOR}`, fixture: { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: DECIMAL_POINT_ONE, scale: { statusSelector: 'cheddar cheese' } }, expectedDesiredReplicas: 3, expectedConditions: GET_SCALE_ONLY('InvalidSelector') },
  { name: `TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), otherHpaSelector: { cheddar: 'cheese' } }, expectedDesiredReplicas: 5 },
  { name: `TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), otherHpaSelector: { name: 'test-pod' } }, expectedDesiredReplicas: 3, expectedConditions: GET_SCALE_ONLY('AmbiguousSelector') },
  { name: `TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: cpu(3), otherHpaSelector: { cheddar: 'cheese' }, extraPodLabels: { cheddar: 'cheese' } }, expectedDesiredReplicas: 3, expectedConditions: GET_SCALE_ONLY('AmbiguousSelector') },
  ...([
    ['FailedGetResourceMetric', undefined],
    ['FailedGetPodsMetric', qps('15.0')],
    ['FailedGetObjectMetric', [{ type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps' }, target: { type: 'Value', value: '15.0' } } }]],
    ['FailedGetExternalMetric', [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value: '300m' } } }]],
  ] as [string, MetricSpec[] | undefined][]).map(([reason, specs]): UpstreamCase => ({
    name: `TestConditionFailedGetMetrics, ${reason}${RC_AS_DEPLOYMENT}${FAILING_CLIENT}`,
    fixture: { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, CPUTarget: specs ? 0 : 10, ...(specs ? { metricsTarget: specs } : {}), reportedLevels: [100, 200, 300], reportedCPURequests: DECIMAL_POINT_ONE, failingClients: ALL_CLIENTS_FAIL },
    expectedDesiredReplicas: 3,
    expectedConditions: GET_SCALE_ONLY(reason),
  })),
  { name: `TestConditionInvalidSourceType${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 0, metricsTarget: [{ type: 'CheddarCheese' }], reportedLevels: [20000] }, expectedDesiredReplicas: 3, expectedConditions: GET_SCALE_ONLY('InvalidMetricSourceType') },
  { name: `TestConditionFailedGetScale${RC_AS_DEPLOYMENT}${MISSING_TARGET}`, fixture: { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: DECIMAL_POINT_ONE, scale: 'missing' }, expectedDesiredReplicas: 3, expectedConditions: [['AbleToScale', 'False', 'FailedGetScale']] },
  {
    // Upstream's reactor fails the scale update (AbleToScale False FailedUpdateScale, desired 3); kubesim's store
    // never refuses a write, so the same inputs rescale (docs/deviations.md, HPA).
    name: `deviation: TestConditionFailedUpdateScale, the store never refuses a scale write, so the rescale to 5 succeeds${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 100, reportedLevels: [150, 150, 150], reportedCPURequests: DECIMAL_POINT_ONE },
    expectedDesiredReplicas: 5,
    expectedConditions: statusOkWithOverrides(),
  },
  {
    name: `TestNoBackoffUpscaleCM${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 0, metricsTarget: qps('15.0'), reportedLevels: [20000, 10000, 30000], reportedCPURequests: cpu(3), lastScaleTimeAgoMs: 0 },
    expectedDesiredReplicas: 4,
    expectedConditions: statusOkWithOverrides(['AbleToScale', 'True', 'ReadyForNewScale'], ['AbleToScale', 'True', 'SucceededRescale'], ['ScalingLimited', 'False', 'DesiredWithinRange']),
  },
  {
    name: `TestNoBackoffUpscaleCMNoBackoffCpu${RC_AS_DEPLOYMENT}`,
    fixture: { minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, CPUTarget: 10, metricsTarget: qps('15.0'), reportedLevels: [20000, 10000, 30000], reportedCPURequests: cpu(3), lastScaleTimeAgoMs: 0 },
    expectedDesiredReplicas: 5,
    expectedConditions: statusOkWithOverrides(['AbleToScale', 'True', 'ReadyForNewScale'], ['AbleToScale', 'True', 'SucceededRescale'], ['ScalingLimited', 'True', 'TooManyReplicas']),
  },
  { name: `TestScaleUpRCImmediately${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 1, statusReplicas: 1, reportedLevels: [0, 0, 0, 0], reportedCPURequests: cpu(4), lastScaleTimeAgoMs: 0 }, expectedDesiredReplicas: 2, expectedConditions: [['AbleToScale', 'True', 'SucceededRescale']] },
  { name: `TestScaleDownRCImmediately${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 5, specReplicas: 6, statusReplicas: 6, CPUTarget: 50, reportedLevels: [8000, 9500, 1000], reportedCPURequests: mixedRequests, lastScaleTimeAgoMs: 0 }, expectedDesiredReplicas: 5, expectedConditions: [['AbleToScale', 'True', 'SucceededRescale']] },
  {
    name: `TestAvoidUnnecessaryUpdates${RC_AS_DEPLOYMENT}`,
    fixture: {
      minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, CPUTarget: 30, reportedLevels: [400, 500, 700], reportedCPURequests: cpu(3), reportedPodStartTime: ['cool', 'hot', 'hot'], lastScaleTimeAgoMs: 3_600_000, recommendations: [],
      // Upstream's own HPA: a CPU target of 80 (not the case's 30), and the status this sync would write.
      hpa: (g) => {
        const at = g.status!.lastScaleTime!;
        return {
          ...g,
          spec: { ...g.spec!, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
          status: {
            ...g.status!,
            currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '400m', averageUtilization: 40 } } }],
            conditions: [
              { type: 'AbleToScale', status: 'True', lastTransitionTime: at, reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
              { type: 'ScalingActive', status: 'True', lastTransitionTime: at, reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
              { type: 'ScalingLimited', status: 'True', lastTransitionTime: at, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' },
            ],
          },
        };
      },
    },
    expectedDesiredReplicas: 2,
    expectedUtilization: 40,
    expectNoStatusUpdate: true,
  },
  {
    name: `TestScaleUpOneMetricEmpty${RC_AS_DEPLOYMENT}${FAILING_CLIENT}`,
    fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, CPUTarget: 30, metricsTarget: [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value: '100m' } } }], reportedLevels: [300, 400, 500], reportedCPURequests: cpu(3), failingClients: ['external'] },
    expectedDesiredReplicas: 4,
    expectedUtilization: 40,
  },
  { name: `TestNoScaleDownOneMetricInvalid${RC_AS_DEPLOYMENT}`, fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, metricsTarget: [{ type: 'CheddarCheese' }], reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), recommendations: [] }, expectedDesiredReplicas: 5, expectedConditions: GET_SCALE_ONLY('InvalidMetricSourceType') },
  {
    name: `TestNoScaleDownOneMetricEmpty${RC_AS_DEPLOYMENT}${FAILING_CLIENT}`,
    fixture: { minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, CPUTarget: 50, metricsTarget: [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value: '1000m' } } }], reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: cpu(5), recommendations: [], failingClients: ['external'] },
    expectedDesiredReplicas: 5,
    expectedConditions: GET_SCALE_ONLY('FailedGetExternalMetric'),
  },
];

for (const [table, rows] of Object.entries(cases)) {
  describe(`${table} (horizontal_test.go)`, () => {
    // it() per row rather than it.each: it.each cuts long names short, and the names say where kubesim differs.
    for (const c of rows) it(c.name, () => {
      const cached = run(c.fixture, true, c.hpaScaleToZero);
      const plain = run(c.fixture, false, c.hpaScaleToZero);
      for (const r of [cached, plain]) {
        if (c.expectedConditions) expect(r.first.status.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual(c.expectedConditions);
        if (c.fixture.scale !== 'missing') expect(r.first.replicas).toBe(c.expectedDesiredReplicas);
        expect(r.first.status.desiredReplicas).toBe(c.expectedDesiredReplicas);
        expect(r.first.statusUpdated).toBe(!c.expectNoStatusUpdate);
        expect(r.first.rescales).toBe(c.fixture.specReplicas !== c.expectedDesiredReplicas ? 1 : 0);
        if (c.expectedRescaleMessage) expect(r.first.messages).toContain(c.expectedRescaleMessage);
        if (c.expectedUtilization !== undefined) {
          const cpuStatus = r.first.status.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
          expect(cpuStatus?.resource?.current.averageUtilization).toBe(c.expectedUtilization);
        }
      }
      expect(cached.later).toEqual(plain.later);
    });
  });
}

describe('kubesim cases, not upstream: the HPAScaleToZero gate in one reconcile (both cache modes)', () => {
  const qps = (value: string): MetricSpec[] => [{ type: 'External', external: { metric: { name: 'qps' }, target: { type: 'Value', value } } }];
  const scaledToZero = [{ type: 'ScaledToZero', status: 'True', reason: 'ScaledToZero' }];
  const condition = (r: ReturnType<typeof run>, type: string) => r.first.status.conditions?.find((c) => c.type === type);
  it.each([
    {
      name: 'gate on, ScaledToZero: scales from zero by ceil(ratio), no tolerance, legacy limit 4',
      gate: true,
      f: { minReplicas: 0, maxReplicas: 10, specReplicas: 0, statusReplicas: 0, metricsTarget: qps('10'), reportedLevels: [50_000], initialConditions: scaledToZero },
      want: 4, scaledToZero: ['False', 'NotScaledToZero'], scalingActive: ['True', 'ValidMetricFound'],
    },
    {
      name: 'gate off: zero replicas disable scaling and the ScaledToZero condition is dropped',
      gate: false,
      f: { minReplicas: 0, maxReplicas: 10, specReplicas: 0, statusReplicas: 0, metricsTarget: qps('10'), reportedLevels: [50_000], initialConditions: scaledToZero },
      want: 0, scaledToZero: undefined, scalingActive: ['False', 'ScalingDisabled'],
    },
    {
      name: 'gate on, no ScaledToZero condition (scaled to zero by hand): scaling disabled',
      gate: true,
      f: { minReplicas: 0, maxReplicas: 10, specReplicas: 0, statusReplicas: 0, metricsTarget: qps('10'), reportedLevels: [50_000] },
      want: 0, scaledToZero: undefined, scalingActive: ['False', 'ScalingDisabled'],
    },
    {
      name: 'gate on: a zero metric scales to zero and sets ScaledToZero',
      gate: true,
      f: { minReplicas: 0, maxReplicas: 10, specReplicas: 3, statusReplicas: 3, metricsTarget: qps('10'), reportedLevels: [0], recommendations: [] },
      want: 0, scaledToZero: ['True', 'ScaledToZero'], scalingActive: ['True', 'ValidMetricFound'],
    },
    {
      // The legacy normalisation already lifts 0 to minReplicas (TooFewReplicas), so upstream's reason stays empty.
      name: 'gate on, ScaledToZero, minReplicas raised to 2 (legacy path): minReplicas, with an empty reason',
      gate: true,
      f: { minReplicas: 2, maxReplicas: 10, specReplicas: 0, statusReplicas: 0, metricsTarget: qps('10'), reportedLevels: [0], initialConditions: scaledToZero },
      want: 2, scaledToZero: ['False', 'NotScaledToZero'], scalingActive: ['True', 'ValidMetricFound'], message: 'New size: 2; reason: ',
    },
    {
      // The behaviour path keeps desired == current (0) as is; the scale-from-zero floor lifts it.
      name: 'gate on, ScaledToZero, minReplicas raised to 2 (behavior path): the scale-from-zero floor',
      gate: true,
      f: { minReplicas: 2, maxReplicas: 10, specReplicas: 0, statusReplicas: 0, metricsTarget: qps('10'), reportedLevels: [0], initialConditions: scaledToZero, behavior: { scaleUp: { stabilizationWindowSeconds: 0 } } },
      want: 2, scaledToZero: ['False', 'NotScaledToZero'], scalingActive: ['True', 'ValidMetricFound'], message: 'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    },
  ] as { name: string; gate: boolean; f: HorizontalScenario; want: number; scaledToZero?: string[]; scalingActive: string[]; message?: string }[])('$name', (c) => {
    const cached = run(c.f, true, c.gate);
    const plain = run(c.f, false, c.gate);
    for (const r of [cached, plain]) {
      expect(r.first.replicas).toBe(c.want);
      const s = condition(r, 'ScaledToZero');
      expect(s ? [s.status, s.reason] : undefined).toEqual(c.scaledToZero);
      const a = condition(r, 'ScalingActive')!;
      expect([a.status, a.reason]).toEqual(c.scalingActive);
    }
    if (c.message) expect(cached.first.messages).toContain(c.message);
    expect(cached.later).toEqual(plain.later);
  });
});

describe('TestMultipleHPAs (horizontal_test.go)', () => {
  const COUNT = 1000;
  const DUMMY_NS = 'dummy-namespace';
  /** Upstream's `generateEventsUniformDistribution`, ending at the sync. */
  const uniform = (raw: number[], periodSeconds: number) =>
    raw.map((replicaChange, idx) => {
      const segment = periodSeconds / raw.length;
      return { replicaChange, timestampMs: T - Math.trunc(periodSeconds - segment * (idx + 1) + segment / 2) * 1000, outdated: false };
    });
  const rules = (pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number) => ({
    stabilizationWindowSeconds: window,
    selectPolicy: 'Max',
    policies: [
      ...(pods ? [{ type: 'Pods', value: pods, periodSeconds: podsPeriod }] : []),
      ...(percent ? [{ type: 'Percent', value: percent, periodSeconds: percentPeriod }] : []),
    ],
  });
  function runMany(cache: boolean) {
    const ctx = createControllerContext(1);
    const { engine, store, clock } = ctx;
    engine.run({ until: T });
    const events = new Map<string, { scaleUpEvents: ReturnType<typeof uniform>; scaleDownEvents: ReturnType<typeof uniform> }>();
    const created: HorizontalPodAutoscaler[] = [];
    for (let i = 0; i < COUNT; i++) {
      const target = `dummy-target-${i}`;
      store.create('Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: target, namespace: DUMMY_NS }, spec: { replicas: 1, selector: { matchLabels: { name: target } } }, status: { replicas: 1 } });
      const half = { requests: { cpu: '500m' } };
      store.create<Pod>('Pod', {
        metadata: { name: `${target}-0`, namespace: DUMMY_NS, labels: { name: target } },
        spec: { containers: [{ name: 'container1', resources: half }, { name: 'container2', resources: half }] },
        status: {
          phase: 'Running',
          startTime: clock.timestamp(T - 600_000),
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: ['container1', 'container2'].map((c) => ({ name: c, image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: clock.timestamp(0) } } })),
        },
      });
      events.set(`${DUMMY_NS}/dummy-hpa-${i}`, { scaleUpEvents: uniform([8, 12, 9, 11], 120), scaleDownEvents: uniform([10, 10, 10], 120) });
    }
    // Upstream's metrics: container1 uses 200m and container2 300m in every pod.
    const metrics = new MetricsServer({ cpuMillisAvg: (_ns, _pod, _from, _to, container) => (container === 'container1' ? 200 : container === 'container2' ? 300 : 500), memoryBytes: () => 1024 * 1024 });
    const controller = new HorizontalController({ metrics, tolerance: 0.1, downscaleStabilizationWindowMs: 300_000, cpuInitializationPeriodMs: 120_000, initialReadinessDelayMs: 10_000, scaleUpLimitFactor: 8, cache, initialScaleEvents: events });
    controller.start(ctx);
    for (let i = 0; i < COUNT; i++) {
      created.push(
        store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', {
          metadata: { name: `dummy-hpa-${i}`, namespace: DUMMY_NS },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `dummy-target-${i}` },
            minReplicas: 1,
            maxReplicas: 10,
            behavior: { scaleUp: rules(100, 60, 0, 0, 0), scaleDown: rules(2, 60, 1, 60, 300) },
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 10 } } }],
          },
          status: { currentReplicas: 1, desiredReplicas: 5, lastScaleTime: clock.timestamp(T) },
        }),
      );
    }
    engine.run({ until: T });
    const after = created.map((h) => store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', DUMMY_NS, h.metadata!.name!)!);
    return { processed: after.filter((h, i) => h !== created[i]).length, statuses: after.map((h) => h.status) };
  }
  it('all 1000 HPAs are processed (their status written) in the first sync, in both cache modes, with the same statuses', () => {
    const cached = runMany(true);
    const plain = runMany(false);
    expect(cached.processed).toBe(COUNT);
    expect(plain.processed).toBe(COUNT);
    expect(cached.statuses).toEqual(plain.statuses);
  });
});
