/**
 * `noPendingWhileGroupHasRoom`: holds on the autoscaler spike, and catches pods left pending while a group has room.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../src/scenario/api.ts';
import { invariants, InvariantError, runScenario } from '../../src/testing/index.ts';
import { groupScenario } from './autoscaler-fixture.ts';

const scenario = (pool: object, autoscaler: object, replicas: number, cpu?: string) =>
  groupScenario('pending-with-room', pool, autoscaler, replicas, cpu);

const group = { name: 'g', min: 1, max: 3, capacity: { cpu: '1', memory: '2Gi', pods: 110 } };

describe('noPendingWhileGroupHasRoom', () => {
  it('holds on scenarios/autoscaler-spike.yaml', async () => {
    const scenario = await loadScenario('scenarios/autoscaler-spike.yaml');
    const run = simulate(scenario);
    run.until(scenario.durationMs);
    expect(run.events.some((e) => e.reason === 'TriggeredScaleUp')).toBe(true);
    expect(() => invariants.noPendingWhileGroupHasRoom(run)).not.toThrow();
  });

  it('holds when the group is at max and pods stay pending', () => {
    const run = runScenario(scenario(group, { scaleDownEnabled: true }, 6));
    expect(run.runner.sim.store.list('Node').length).toBe(3);
    expect(() => invariants.noPendingWhileGroupHasRoom(run)).not.toThrow();
  });

  it('holds when maxNodesTotal is reached below the group max', () => {
    const run = runScenario(scenario({ ...group, max: 10 }, { maxNodesTotal: 2 }, 6));
    expect(run.runner.sim.store.list('Node').length).toBe(2);
    expect(() => invariants.noPendingWhileGroupHasRoom(run)).not.toThrow();
  });

  it('holds when the pod fits no group template', () => {
    expect(() => invariants.noPendingWhileGroupHasRoom(runScenario(scenario(group, {}, 1, '2')))).not.toThrow();
  });

  it('is violated when T is shorter than the provisioning delay, naming pod, group and times', () => {
    const run = runScenario(scenario(group, {}, 2));
    let err: unknown;
    try {
      invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 30_000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvariantError);
    expect((err as Error).message).toMatch(/pod default\/web-\S+ unbound from \S+ to \S+ .*node group g has 1 of max 3/);
  });

  it('is violated when the provisioning delay outlasts the default T (the scale-up comes too late)', () => {
    const obj = scenario({ ...group, provisioningDelay: '10m' }, {}, 2);
    const run = runScenario(obj);
    // The default T follows the group's delay, so it still holds …
    expect(() => invariants.noPendingWhileGroupHasRoom(run)).not.toThrow();
    // … but against the usual 90 s budget the wait is caught.
    expect(() => invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 90_000 + 2 * 10_000 + 30_000 })).toThrow(InvariantError);
  });

  // With a T shorter than the provisioning delay the invariant fires whenever it thinks a group could hold the pod
  // (the test above): these pods stay pending, and it must see that no group's template node would take them.
  it('holds when the group is tainted and the pod does not tolerate it', () => {
    const tainted = { ...group, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] };
    const run = runScenario(scenario(tainted, {}, 2));
    expect(run.runner.sim.store.list('Node').length).toBe(1);
    expect(() => invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 30_000 })).not.toThrow();
  });

  it('holds when the pod selects a label the group does not have', () => {
    const obj = scenario(group, {}, 2) as { spec: { manifests: { spec: { template: { spec: Record<string, unknown> } } }[] } };
    obj.spec.manifests[0]!.spec.template.spec['nodeSelector'] = { disktype: 'ssd' };
    const run = runScenario(obj);
    expect(() => invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 30_000 })).not.toThrow();
  });

  it('still fires when the pod tolerates the taint of the group that has room', () => {
    const tainted = { ...group, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] };
    const obj = scenario(tainted, {}, 2) as { spec: { manifests: { spec: { template: { spec: Record<string, unknown> } } }[] } };
    obj.spec.manifests[0]!.spec.template.spec['tolerations'] = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
    const run = runScenario(obj);
    expect(() => invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 30_000 })).toThrow(InvariantError);
  });

  it("counts a group's nodes by its pool label, not a name prefix another group shares (g and g-large)", () => {
    // g-large's two tainted nodes take no web pods; g has one node of max 3, so g has room while pods wait. Counted
    // by the prefix "g-", g would look full (1 + 2 of 3) and the wait would go unseen.
    const large = { name: 'g-large', min: 2, max: 2, capacity: { cpu: '4', memory: '8Gi', pods: 110 }, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] };
    const obj = scenario(group, {}, 2) as { spec: { cluster: { nodePools: object[] } } };
    obj.spec.cluster.nodePools.push(large);
    const run = runScenario(obj);
    let err: unknown;
    try {
      invariants.noPendingWhileGroupHasRoom(run, { thresholdMs: 30_000 });
    } catch (e) {
      err = e;
    }
    expect((err as Error | undefined)?.message).toMatch(/node group g has 1 of max 3 nodes \(cluster 3\)/);
  });
});

