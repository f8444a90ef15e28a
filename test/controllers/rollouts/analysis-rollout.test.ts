import { describe, expect, it } from 'vitest';
import { setRolloutImage } from '../../../src/controllers/rollouts/controller.ts';
import type { AnalysisRun } from '../../../src/controllers/rollouts/analysis-run.ts';
import type { PrometheusSource } from '../../../src/controllers/rollouts/providers.ts';
import { load, replicaSets, setup, statusOf } from './fixture.ts';

const manifests = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: error-rate}
spec:
  args: [{name: service}, {name: hash}]
  metrics:
  - name: error-rate
    interval: 30s
    count: 3
    successCondition: result[0] < 0.01
    failureLimit: 0
    provider:
      prometheus:
        query: |
          sum(rate(http_requests_total{service="{{args.service}}",rollouts_pod_template_hash="{{args.hash}}",code=~"5.."}[1m]))
          / sum(rate(http_requests_total{service="{{args.service}}",rollouts_pod_template_hash="{{args.hash}}"}[1m]))
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: webapi}
spec:
  replicas: 4
  selector: {matchLabels: {app: webapi}}
  template:
    metadata: {labels: {app: webapi}}
    spec: {containers: [{name: webapi, image: "webapi:v1"}]}
  strategy:
    canary:
      steps:
      - setWeight: 25
      - analysis:
          templates: [{templateName: error-rate}]
          args:
          - {name: service, value: webapi}
          - name: hash
            valueFrom: {podTemplateHashValue: Latest}
      - setWeight: 50
`;

/** A Prometheus answering the error-ratio query with a set ratio per canary hash; records the queries it gets. */
function prometheus(errorRateByHash: Record<string, number>, seen: string[]): PrometheusSource {
  return {
    query: (query) => {
      seen.push(query.replace(/\s+/g, ' ').trim());
      const hash = /rollouts_pod_template_hash="([^"]*)"/.exec(query)?.[1] ?? '';
      return { type: 'vector', samples: [{ labels: {}, v: errorRateByHash[hash] ?? 0 }] };
    },
  };
}

describe('canary with inline prometheus analysis', () => {
  it('a v2 returning 5 % errors fails the AnalysisRun and aborts the rollout', () => {
    const { objects } = load({ file: 'webapi.yaml', text: manifests });
    const rates: Record<string, number> = {};
    const seen: string[] = [];
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })), { sources: { prometheus: prometheus(rates, seen) } });
    ctx.engine.run({ until: 30_000, maxEvents: 20000 });
    setRolloutImage(ctx, 'default', 'webapi', 'webapi', 'webapi:v2');
    ctx.engine.run({ until: 31_000, maxEvents: 20000 });
    const hash = statusOf(ctx, 'webapi').currentPodHash!;
    rates[hash] = 0.05;
    ctx.engine.run({ until: 200_000, maxEvents: 20000 });
    const st = statusOf(ctx, 'webapi');
    expect(st.phase).toBe('Degraded');
    expect(st.abort).toBe(true);
    expect(replicaSets(ctx)[`webapi-${hash}`]).toBe(0);
    const runs = ctx.store.list<AnalysisRun>('AnalysisRun');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.metadata.name).toBe(`webapi-${hash}-2-1`);
    expect(runs[0]!.status).toMatchObject({ phase: 'Failed', message: 'Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)' });
    expect(runs[0]!.status!.metricResults![0]!.measurements[0]).toMatchObject({ phase: 'Failed', value: '[0.05]' });
    expect(seen[0]).toContain(`http_requests_total{service="webapi",rollouts_pod_template_hash="${hash}",code=~"5.."}[1m]`);
    const reasons = ctx.events.for('Rollout', 'webapi').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['AnalysisRunRunning', 'AnalysisRunFailed', 'RolloutAborted']));
  });

  it('a healthy v2 passes 3 measurements 30 s apart and completes', () => {
    const { objects } = load({ file: 'webapi.yaml', text: manifests });
    const ctx = setup(objects.map((o) => ({ kind: o.kind, object: o.object })), { sources: { prometheus: prometheus({}, []) } });
    ctx.engine.run({ until: 30_000, maxEvents: 20000 });
    setRolloutImage(ctx, 'default', 'webapi', 'webapi', 'webapi:v2');
    ctx.engine.run({ until: 300_000, maxEvents: 20000 });
    expect(statusOf(ctx, 'webapi').phase).toBe('Healthy');
    const run = ctx.store.list<AnalysisRun>('AnalysisRun')[0]!;
    expect(run.status?.phase).toBe('Successful');
    const times = run.status!.metricResults![0]!.measurements.map((m) => ctx.clock.simMs(m.startedAt!));
    // The step starts once setWeight 25 is at desired counts (35 s); measurements every 30 s after the previous.
    expect(times).toEqual([35_000, 65_000, 95_000]);
  });
});
