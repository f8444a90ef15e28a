/**
 * The kit's node-group and autoscaler-option arbitraries: what they make loads, and a run on them keeps every group
 * within [min, max] while pods wait for room.
 */
import fc from 'fast-check';
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { arbAutoscalerOptions, arbNodeGroup, loadScenarioObject, runScenario } from '../../src/testing/index.ts';
import { groupScenario } from './autoscaler-fixture.ts';

const scenario = (group: object, autoscaler: object, replicas: number) => groupScenario('kit-autoscaler', group, autoscaler, replicas);

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
