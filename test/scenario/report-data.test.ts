import { describe, expect, it } from 'vitest';
import { loadScenarioFromObject } from '../../src/scenario/load.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { renderSummary } from '../../src/report/summary.ts';

describe('report data', () => {
  it('a Service that served nothing has p99 0, not -Infinity (its quantiles are all NaN)', () => {
    const r = loadScenarioFromObject({
      apiVersion: 'kubesim.dev/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'noserve' },
      spec: {
        duration: '5m',
        cluster: { nodePools: [{ name: 'pool', count: 1, capacity: { cpu: '4', memory: '8Gi', pods: 110 } }] },
        manifests: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lonely' }, spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] } }],
        traffic: [{ service: 'lonely', profile: { constant: 10 } }],
      },
    });
    expect(r.errors).toEqual([]);
    const run = new ScenarioRun(r.scenario!).run();
    const data = buildReportData(run, run.expectations());
    expect(data.summary.services[0]).toMatchObject({ service: 'lonely', availability: 0, latencyMsP99: 0, requestsTotal: 3000, errorsTotal: 3000 });
    expect(renderSummary(data, { color: false })).toMatch(/^lonely\s+0\.000%\s+-\s+0ms\s/m);
  });
});
