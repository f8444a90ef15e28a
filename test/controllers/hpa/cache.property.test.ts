/**
 * The cached sync (metric memo, sync memo, per-list pod facts) against the plain path (`cache: false`): over random
 * load sequences, HPA specs, metric resolutions, readiness delays, spec edits, status edits by others and pod
 * failures (pods change while the scale does not), both make the same decisions,
 * events, status writes, series and target sizes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { buildFixture, type FixtureOptions } from './fixture.ts';

type Spec = NonNullable<HorizontalPodAutoscaler['spec']>;

const arbMetric: fc.Arbitrary<MetricSpec> = fc.oneof(
  fc.integer({ min: 10, max: 150 }).map((u) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: u } } })),
  fc.integer({ min: 10, max: 300 }).map((m) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: `${m}m` } } })),
  fc.integer({ min: 10, max: 150 }).map((u) => ({
    type: 'ContainerResource',
    containerResource: { name: 'cpu', container: 'webapi', target: { type: 'Utilization', averageUtilization: u } },
  })),
  // Memory samples are constant (64 Mi); requests are unset, so Utilization fails every sync (events each time).
  fc.constant({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '60Mi' } } }),
  fc.constant({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }),
);

const arbBehavior = fc.option(
  fc.record({
    scaleUp: fc.record({
      stabilizationWindowSeconds: fc.constantFrom(0, 30, 60),
      selectPolicy: fc.constantFrom('Max', 'Min'),
      policies: fc.constantFrom([{ type: 'Pods', value: 2, periodSeconds: 30 }], [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 1, periodSeconds: 15 }]),
    }),
    scaleDown: fc.record({ stabilizationWindowSeconds: fc.constantFrom(0, 45, 120), policies: fc.constantFrom([{ type: 'Percent', value: 50, periodSeconds: 30 }], [{ type: 'Pods', value: 1, periodSeconds: 60 }]) }),
  }),
  { nil: undefined },
);

const arbCase = fc.record({
  /** Total CPU demand in millicores per 20 s step, split over the pods (so scaling changes per-pod usage). */
  load: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 10, maxLength: 60 }),
  metrics: fc.array(arbMetric, { minLength: 1, maxLength: 2 }),
  behavior: arbBehavior,
  min: fc.integer({ min: 1, max: 3 }),
  span: fc.integer({ min: 0, max: 12 }),
  replicas: fc.integer({ min: 0, max: 8 }),
  resolutionMs: fc.constantFrom(15_000, 30_000, 60_000),
  readyAfterMs: fc.option(fc.constantFrom(5_000, 20_000, 45_000), { nil: undefined }),
  cpuInitializationPeriodMs: fc.constantFrom(60_000, 300_000),
  decisions: fc.constantFrom('every-sync' as const, 'changes' as const),
  /** A spec edit (new target utilization of the first metric) at this step, if any. */
  editAt: fc.option(fc.integer({ min: 1, max: 59 }), { nil: undefined }),
  /** A status edit by someone else (conditions dropped) at this step, if any. */
  statusEditAt: fc.option(fc.integer({ min: 1, max: 59 }), { nil: undefined }),
  /** Steps at which a pod fails (phase Failed, no spec change) and a replacement starts 3 s later. */
  failures: fc.array(fc.integer({ min: 1, max: 59 }), { maxLength: 4 }),
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function run(c: Case, cache: boolean) {
  const stepMs = 20_000;
  const o: FixtureOptions = {
    replicas: c.replicas,
    cpuMillisAvg: () => 0,
    cpuMillisAvgOfPod: (_pod, from, _to, podCount) => c.load[Math.min(c.load.length - 1, Math.floor(from / stepMs))]! / Math.max(1, podCount),
    hpa: { minReplicas: c.min, maxReplicas: c.min + c.span, metrics: c.metrics, ...(c.behavior ? { behavior: c.behavior } : {}) } as Spec,
    controller: { cache, decisions: c.decisions, cpuInitializationPeriodMs: c.cpuInitializationPeriodMs },
    metricResolutionMs: c.resolutionMs,
    ...(c.readyAfterMs !== undefined ? { readyAfterMs: c.readyAfterMs } : {}),
  };
  const f = buildFixture(o);
  const writes: string[] = [];
  f.store.watch<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', (e) => writes.push(`${f.engine.nowMs} ${JSON.stringify(e.object.status)}`));
  const sizes: string[] = [];
  f.store.watch<{ spec?: { replicas?: number } }>('Deployment', (e) => sizes.push(`${f.engine.nowMs} ${e.object.spec?.replicas}`));
  if (c.editAt !== undefined) {
    f.engine.at(c.editAt * stepMs + 7_000, () => {
      f.store.mutate<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'webapi', (d) => {
        const first = d.spec!.metrics![0]!;
        const t = first.resource?.target ?? first.containerResource?.target;
        if (t?.averageUtilization !== undefined) t.averageUtilization += 15;
        else d.spec!.maxReplicas += 1;
      });
    });
  }
  if (c.statusEditAt !== undefined) {
    f.engine.at(c.statusEditAt * stepMs + 4_000, () => {
      f.store.mutate<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'webapi', (d) => {
        if (d.status) d.status.conditions = [];
      });
    });
  }
  c.failures.forEach((step, k) => {
    f.engine.at(step * stepMs + 2_000, () => {
      const victim = f.podsOf().find((p) => p.status?.phase === 'Running');
      if (!victim) return;
      f.store.mutate<Pod>('Pod', 'default', victim.metadata.name, (d) => {
        d.status!.phase = 'Failed';
      });
      f.engine.at(f.engine.nowMs + 3_000, () => {
        const t = f.ctx.clock.timestamp(f.engine.nowMs);
        f.store.create<Pod>('Pod', {
          metadata: { name: `webapi-${1000 + k}`, namespace: 'default', labels: { app: 'webapi' } },
          spec: { containers: [{ name: 'webapi', image: 'webapi:v1', resources: { requests: { cpu: '100m' } } }] },
          status: { phase: 'Running', startTime: t, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] },
        });
      });
    });
  });
  f.engine.run({ until: c.load.length * stepMs });
  return {
    decisions: f.ctx.decisions.all.map((d) => JSON.stringify(d)),
    events: f.ctx.events.all.map((e) => JSON.stringify(e)),
    series: f.ctx.metrics.all().map((s) => `${s.name} ${JSON.stringify(s.labels)} ${s.times().join(',')} ${s.values().join(',')}`),
    writes,
    sizes,
  };
}

describe('HPA cache', () => {
  it('makes the same decisions, events, status writes, series and sizes as the plain path', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plain = run(c, false);
        const cached = run(c, true);
        expect(cached.sizes).toEqual(plain.sizes);
        expect(cached.writes).toEqual(plain.writes);
        expect(cached.decisions).toEqual(plain.decisions);
        expect(cached.events).toEqual(plain.events);
        expect(cached.series).toEqual(plain.series);
      }),
      { numRuns: 150 },
    );
  });
});
