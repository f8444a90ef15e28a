/**
 * The loop on a fixture: a Deployment whose pods follow spec.replicas at once, 100m CPU requests, a CPU target of
 * 80 %, metrics-server at its default 60 s resolution. Expected values are worked out by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { buildFixture } from './fixture.ts';
import { describeHpaDecisions } from '../../../src/controllers/hpa/describe.ts';

const CPU80 = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
const hpaSpec = (extra: Partial<NonNullable<HorizontalPodAutoscaler['spec']>> = {}) =>
  ({ minReplicas: 3, maxReplicas: 10, metrics: CPU80, ...extra }) as NonNullable<HorizontalPodAutoscaler['spec']>;
const rescales = (f: ReturnType<typeof buildFixture>) =>
  f.ctx.events.all.filter((e) => e.reason === 'SuccessfulRescale').map((e) => [e.firstTimestampMs, e.message]);

describe('HorizontalController (legacy path, no behavior)', () => {
  // 200m per pod for the first 10 minutes, 20m after.
  const f = buildFixture({ cpuMillisAvg: (from) => (from < 600_000 ? 200 : 20), hpa: hpaSpec() });
  f.engine.run({ until: 1_800_000 });

  it('reports missing metrics until metrics-server has two scrapes', () => {
    const failed = f.ctx.events.all.filter((e) => e.type === 'Warning');
    expect(failed.map((e) => [e.reason, e.count, e.message])).toEqual([
      ['FailedGetResourceMetric', 4, 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API'],
      [
        'FailedComputeMetricsReplicas',
        4,
        'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      ],
    ]);
  });

  it('scales up limited by max(2×, 4), counting new pods without metrics as 0 %, and down after the 5-min window', () => {
    // t=60 s: 3 pods at 200 % of 80 % → ceil(2.5 × 3) = 8, legacy limit max(2 × 3, 4) = 6.
    // t=75 s: 6 pods, 3 without metrics (0 % on scale-up): 600m / 600m = 100 % → ceil(1.25 × 6) = 8.
    // t=120 s: the pods from t=60 s have two scrapes: 5 × 200m + 3 × 0 over 800m → 125 % → ceil(1.5625 × 8) = 13 → max 10.
    // Load drops at 600 s, visible from the 660 s scrape; the last high recommendation (645 s) leaves the 300 s
    // window after 945 s, so the next sync (960 s) scales to ceil(0.25 × 10) = 3.
    expect(rescales(f)).toEqual([
      [60_000, 'New size: 6; reason: cpu resource utilization (percentage of request) above target'],
      [75_000, 'New size: 8; reason: cpu resource utilization (percentage of request) above target'],
      [120_000, 'New size: 10; reason: cpu resource utilization (percentage of request) above target'],
      [960_000, 'New size: 3; reason: All metrics below target'],
    ]);
    expect(f.replicas()).toBe(3);
  });

  it('writes status and conditions with upstream reasons', () => {
    const h = f.store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'webapi')!;
    expect(h.status?.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20, averageValue: '20m' } } }]);
    expect(h.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'ReadyForNewScale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'TooFewReplicas'],
    ]);
    expect(h.status?.lastScaleTime).toBe('2026-01-05T00:16:00Z');
  });

  it('logs one decision per sync and renders them as a table', () => {
    const ds = f.ctx.decisions.all.filter((d) => d.controller === 'hpa');
    expect(ds).toHaveLength(1_800_000 / 15_000 + 1);
    const d60 = ds.find((d) => d.tMs === 60_000)!.details as Record<string, unknown>;
    expect([d60.proposal, d60.stabilized, d60.limit, d60.desiredReplicas, d60.scalingLimited]).toEqual([8, 8, undefined, 6, 'True/ScaleUpLimit']);
    const table = describeHpaDecisions(ds.slice(4, 6));
    expect(table.split('\n')[0]).toMatch(/^TIME +CURRENT +METRICS +PROPOSAL +STABILIZED +LIMIT +DESIRED +REASON$/);
    expect(table).toContain('0h01m00s   3         cpu 200%/80% → 8 (ready 3)');
  });

  it('records current/desired replica series as step functions', () => {
    const s = f.ctx.metrics.find('kube_horizontalpodautoscaler_status_desired_replicas{hpa="default/webapi"}')!;
    expect([...s.times()]).toEqual([0, 60_000, 75_000, 120_000, 960_000]);
    // A failing first sync reports the old status.desiredReplicas (0 for a new HPA), as setCurrentReplicasAndMetricsInStatus does.
    expect([...s.values()]).toEqual([0, 6, 8, 10, 3]);
  });
});

describe('HorizontalController (behavior path)', () => {
  it('applies a Pods 4 / 60 s scale-up policy and the default 300 s down-stabilisation', () => {
    const f = buildFixture({
      replicas: 2,
      cpuMillisAvg: (from) => (from < 600_000 ? 400 : 10),
      hpa: hpaSpec({
        minReplicas: 2,
        maxReplicas: 20,
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } },
      }),
    });
    f.engine.run({ until: 1_800_000 });
    // 60 s: 2 pods at 500 % → 13 → +4 → 6. 120 s: the 60-s window has the +4 at 60 s (not strictly after 60 s) → +4 → 10.
    // 180 s → 14, 240 s → 18, 300 s → 20 (max). Down: the last high recommendation is at 645 s; the behaviour path
    // counts recommendations strictly after now − 300 s, so at 945 s it is out (the legacy path, "not before", holds
    // until 960 s). 20 pods at 10 % of 80 % → ceil(0.125 × 20) = 3; the 3 then holds the window until 1245 s → 2.
    expect(rescales(f).map(([t, m]) => [t, (m as string).split(';')[0]])).toEqual([
      [60_000, 'New size: 6'],
      [120_000, 'New size: 10'],
      [180_000, 'New size: 14'],
      [240_000, 'New size: 18'],
      [300_000, 'New size: 20'],
      [945_000, 'New size: 3'],
      [1_245_000, 'New size: 2'],
    ]);
  });

  it('scales a Rollout through its scale subresource', () => {
    const f = buildFixture({ kind: 'Rollout', cpuMillisAvg: () => 200, hpa: hpaSpec() });
    f.engine.run({ until: 61_000 });
    expect(f.replicas()).toBe(6);
  });

  it('scales a Rollout with a workloadRef through the referenced Deployment selector', () => {
    const f = buildFixture({ kind: 'Rollout', cpuMillisAvg: () => 200, hpa: hpaSpec() });
    f.store.create('Deployment', {
      apiVersion: 'apps/v1',
      metadata: { name: 'webapi-template', namespace: 'default' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'webapi' } }, template: { metadata: { labels: { app: 'webapi' } } } },
    });
    f.store.mutate<{ spec?: Record<string, unknown> }>('Rollout', 'default', 'webapi', (d) => {
      delete d.spec!['selector'];
      d.spec!['workloadRef'] = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'webapi-template' };
    });
    f.engine.run({ until: 61_000 });
    expect(f.ctx.events.all.filter((e) => e.reason === 'SelectorRequired')).toEqual([]);
    expect(f.replicas()).toBe(6);
  });

  it.each([
    ['app=webapi', 6],
    ['app==webapi,tier!=db', 6],
    ['app in (webapi,other),!canary', 6],
    ['app notin (webapi)', 3],
  ])('reads a Rollout status.selector string %s as Argo writes it', (selector, replicas) => {
    const f = buildFixture({ kind: 'Rollout', cpuMillisAvg: () => 200, hpa: hpaSpec() });
    f.store.mutate<{ spec?: Record<string, unknown>; status?: Record<string, unknown> }>('Rollout', 'default', 'webapi', (d) => {
      delete d.spec!['selector'];
      d.status!['selector'] = selector;
    });
    f.engine.run({ until: 61_000 });
    // `notin (webapi)` selects no pod: the HPA reports the failure and keeps the size.
    expect(f.replicas()).toBe(replicas);
  });

  it('reports SelectorRequired for a Rollout without any selector', () => {
    const f = buildFixture({ kind: 'Rollout', cpuMillisAvg: () => 200, hpa: hpaSpec() });
    f.store.mutate<{ spec?: Record<string, unknown> }>('Rollout', 'default', 'webapi', (d) => {
      delete d.spec!['selector'];
    });
    f.engine.run({ until: 1_000 });
    expect(f.ctx.events.all.map((e) => [e.reason, e.message])).toEqual([['SelectorRequired', 'selector is required'], expect.anything()]);
  });

  it('reports FailedGetScale for a missing target', () => {
    const f = buildFixture({ cpuMillisAvg: () => 200, hpa: hpaSpec() });
    f.store.delete('Deployment', 'default', 'webapi');
    f.engine.run({ until: 20_000 });
    const e = f.ctx.events.all.find((x) => x.reason === 'FailedGetScale')!;
    expect(e.message).toBe('deployments.apps "webapi" not found');
    const h = f.store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'webapi')!;
    expect(h.status?.conditions?.[0]).toMatchObject({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale' });
  });
});

describe('HorizontalController sync schedule (cohorts)', () => {
  it('syncs each HPA at its creation and every period after, in creation order at equal instants', () => {
    const f = buildFixture({
      replicas: 3,
      cpuMillisAvg: () => 50,
      hpa: { minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } as HorizontalPodAutoscaler['spec'],
      controller: { decisions: 'every-sync' },
    });
    const hpa = (name: string) =>
      f.store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', {
        metadata: { name, namespace: 'default' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'webapi' }, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      });
    // `webapi` exists from t = 0. Timeline-priority events (0) run before the HPAs' syncs (30) at their instant.
    f.engine.at(0, () => hpa('b'), { priority: 0 });
    f.engine.at(7_000, () => hpa('c'), { priority: 0 });
    f.engine.at(15_000, () => hpa('d'), { priority: 0 }); // joins the round about to run at 15 s
    f.engine.at(15_000, () => hpa('e'), { priority: 99 }); // after that round: its first sync is an event of its own
    f.engine.at(30_000, () => f.store.delete('HorizontalPodAutoscaler', 'default', 'b'), { priority: 0 });
    f.engine.run({ until: 45_000 });
    const syncs = f.ctx.decisions.all.filter((d) => d.controller === 'hpa').map((d) => `${d.tMs / 1000}:${d.object.split('/').pop()}`);
    expect(syncs).toEqual([
      '0:webapi', '0:b',
      '7:c',
      '15:webapi', '15:b', '15:d', '15:e',
      '22:c',
      '30:webapi', '30:d', '30:e',
      '37:c',
      '45:webapi', '45:d', '45:e',
    ]);
  });
});
