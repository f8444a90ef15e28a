/**
 * The kit's node-group and autoscaler-option arbitraries: what they make loads, and a run on them keeps every group
 * within [min, max] while pods wait for room.
 */
import fc from 'fast-check';
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { arbAutoscalerOptions, arbNodeGroup, loadScenarioObject, runScenario } from '../../src/testing/index.ts';

const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: '900m', memory: '256Mi' } } }] } },
  },
});

const scenario = (group: object, autoscaler: object, replicas: number) => ({
  apiVersion: 'kubesim.dev/v1alpha1',
  kind: 'Scenario',
  metadata: { name: 'kit-autoscaler' },
  spec: { duration: '15m', cluster: { nodePools: [group], autoscaler }, manifests: [deployment(replicas)] },
});

describe('arbNodeGroup and arbAutoscalerOptions', () => {
  it('make scenarios the loader accepts, and runs keep each group within [min, max]', () => {
    fc.assert(
      fc.property(arbNodeGroup({ spot: true }), arbAutoscalerOptions(), fc.integer({ min: 1, max: 12 }), (group, autoscaler, replicas) => {
        const obj = scenario(group, autoscaler, replicas);
        expect(() => loadScenarioObject(obj)).not.toThrow();
        const run = runScenario(obj);
        const sim = run.runner.sim;
        const nodes = sim.store.list<Node>('Node').length;
        expect(nodes).toBeGreaterThanOrEqual(group.min!);
        expect(nodes).toBeLessThanOrEqual(group.max!);
        expect(sim.nodeGroups!.targetSize('group')).toBeLessThanOrEqual(group.max!);
      }),
      { numRuns: 6, seed: 13 },
    );
  });
});
