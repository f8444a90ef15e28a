/**
 * Rolling-update bounds on the real runtime (issue 7): available ≥ replicas − maxUnavailable and total ≤ replicas +
 * maxSurge during every rollout when nothing fails from outside; a node failure mid-rollout is the reported exception.
 */
import { describe, expect, it } from 'vitest';
import { arbScenario, assertScenarioProperty, invariants, InvariantError, runScenario, type ScenarioObject } from '../../src/testing/index.ts';

describe('rolling update bounds', () => {
  it('hold at every instant of every rollout without outside failures', () => {
    let checked = 0;
    assertScenarioProperty(
      // Light load: an overloaded pod fails its readiness probe, which is an outside failure too.
      arbScenario({ durationSeconds: 600, rollout: true, rollingUpdateOnly: true, maxFaults: 0, hpa: false, maxReplicas: 6, load: { maxRps: 20 } }),
      (run) => {
        const r = invariants.rollingUpdateBounds(run, 'web');
        // Only a rollout begun before the first pods were available is excused here: nothing fails from outside.
        for (const e of r.excused) expect(e.reason).toMatch(/^the rollout started at .* before the deployment was available$/);
        checked += r.checkedSamples;
      },
      { numRuns: 30, seed: 701 },
    );
    // The property is not vacuous: rollouts were observed mid-way.
    expect(checked).toBeGreaterThan(30);
  });

  it('hold with an HPA and outside failures, every violation excused by a failure or a rescale', () => {
    assertScenarioProperty(
      arbScenario({ durationSeconds: 600, rollout: true, rollingUpdateOnly: true, maxFaults: 2 }),
      (run) => {
        for (const e of invariants.rollingUpdateBounds(run, 'web').excused) expect(e.reason).toMatch(/^(outside failure at |replicas changed |the rollout started )/);
      },
      { numRuns: 20, seed: 702 },
    );
  });

  // 4 replicas, maxSurge 1 / maxUnavailable 0, pods answer the readiness probe 20 s after start: the rollout from 2m
  // takes about two minutes;
  // pool-1 fails at 2m10s and after the 50 s grace period its pods turn NotReady, so availability drops below 4.
  const midRolloutFailure: ScenarioObject = {
    apiVersion: 'kubesim.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'node-failure-mid-rollout' },
    spec: {
      seed: 1,
      duration: '8m',
      cluster: { nodePools: [{ name: 'pool', count: 3, capacity: { cpu: '2', memory: '4Gi' } }] },
      manifests: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 4,
            selector: { matchLabels: { app: 'web' } },
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: 'web:v1',
                    resources: { requests: { cpu: '100m', memory: '64Mi' } },
                    readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
                  },
                ],
              },
            },
          },
        },
      ],
      workloads: { web: { startup: { imagePull: '2s', ready: '20s' } } },
      timeline: [
        { at: '2m', setImage: { deployment: 'web', container: 'web', image: 'web:v2' } },
        { at: '2m10s', failNode: 'pool-1' },
      ],
    },
  };

  it('a node failure mid-rollout is the reported exception', () => {
    const run = runScenario(midRolloutFailure);
    const report = invariants.rollingUpdateBounds(run, 'web');
    expect(report.excused.length).toBeGreaterThan(0);
    expect(report.excused[0]!.message).toMatch(/deployment web at .*: available \d < replicas 4 − maxUnavailable 0/);
    expect(report.excused[0]!.reason).toBe('outside failure at 2m10s: node pool-1 fails');
    expect(() => invariants.rollingUpdateBounds(run, 'web', { strict: true })).toThrow(InvariantError);
    expect(() => invariants.rollingUpdateBounds(run, 'web', { strict: true })).toThrow(/available 3 < replicas 4 − maxUnavailable 0 .*; reason: outside failure at 2m10s: node pool-1 fails/);
    // Without the failure the same rollout keeps all four available.
    const calm = structuredClone(midRolloutFailure);
    calm.spec.timeline = calm.spec.timeline!.slice(0, 1);
    const r = invariants.rollingUpdateBounds(runScenario(calm), 'web', { strict: true });
    expect(r.checkedSamples).toBeGreaterThan(0);
    expect(r.excused).toEqual([]);
  });
});
