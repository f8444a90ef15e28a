import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { loadScenario } from '../../src/index.ts';
import { compileProfile } from '../../src/workload/profiles.ts';
import {
  arbCluster,
  arbDeployment,
  arbFaults,
  arbHpaSpec,
  arbLoadProfile,
  arbScenario,
  assertScenarioProperty,
  InvariantError,
  invariants,
  loadScenarioObject,
  nodeNamesOf,
  replayable,
  runScenario,
  ScenarioPropertyError,
  scenarioYaml,
  serviceFor,
  type ScenarioObject,
} from '../../src/testing/index.ts';

const base = (over: Partial<ScenarioObject['spec']> = {}): ScenarioObject => ({
  apiVersion: 'kubesim.dev/v1alpha1',
  kind: 'Scenario',
  metadata: { name: 'kit' },
  spec: { seed: 1, duration: '2m', cluster: { nodePools: [{ name: 'pool', count: 1, capacity: { cpu: '2', memory: '4Gi' } }] }, manifests: [], ...over },
});

describe('arbitraries', () => {
  it('arbScenario draws scenarios that load without errors and survive a YAML round trip', () => {
    fc.assert(
      fc.property(arbScenario({ durationSeconds: 600 }), (s) => {
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
        const back = parse(scenarioYaml(s)) as ScenarioObject;
        expect(back).toEqual(s);
        const loaded = loadScenarioObject(back);
        expect(loaded.durationMs).toBe(600_000);
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('loadScenario (the public async API) accepts the YAML of a drawn scenario', async () => {
    const [s] = fc.sample(arbScenario({ hpa: true, rollout: true }), { numRuns: 1, seed: 5 });
    const scenario = await loadScenario(scenarioYaml(s!));
    expect(scenario.manifests.map((m) => m.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler']);
    expect(scenario.timeline.some((e) => e.action.type === 'setImage')).toBe(true);
  });

  it('every part loads inside a scenario: profiles, clusters, deployments, HPAs, faults', () => {
    fc.assert(
      fc.property(arbLoadProfile({ maxRps: 50, durationSeconds: 300 }), arbCluster(), arbDeployment({ maxReplicas: 3 }), arbHpaSpec({ maxReplicas: 5 }), (profile, cluster, deployment, hpa) => {
        const faults = fc.sample(arbFaults({ nodes: nodeNamesOf(cluster), durationSeconds: 300 }), { numRuns: 1, seed: 1 })[0]!;
        const s = base({ duration: '5m', cluster, manifests: [deployment, serviceFor('web'), hpa], traffic: [{ service: 'web', profile }], ...(faults.length ? { timeline: faults } : {}) });
        loadScenarioObject(s);
        const rate = compileProfile(profile, { next: () => 0.5 });
        for (let t = 0; t <= 300_000; t += 30_000) expect(rate(t)).toBeLessThanOrEqual(50);
        expect(hpa.spec!.minReplicas!).toBeLessThanOrEqual(hpa.spec!.maxReplicas);
      }),
      { numRuns: 80, seed: 3 },
    );
  });

  it('rejects bad options with the API and value in the message', () => {
    expect(() => arbLoadProfile({ maxRps: 0 })).toThrow('arbLoadProfile: options.maxRps must be a positive integer, got 0');
    expect(() => arbScenario({ durationSeconds: 10, resolutionSeconds: 30 })).toThrow('arbScenario: options.resolutionSeconds (30) must not exceed durationSeconds (10)');
    expect(() => arbFaults({ nodes: [], maxFaults: -1 })).toThrow('arbFaults: options.maxFaults must be an integer ≥ 0, got -1');
  });
});

describe('runScenario and invariants', () => {
  it('throws a ScenarioError naming the field for an invalid object', () => {
    expect(() => runScenario(base({ duration: 'soon' }))).toThrow(/spec\.duration/);
  });

  it('each invariant throws an InvariantError with object, time and numbers when state is wrong', () => {
    const run = runScenario(base({ manifests: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fat' }, spec: { nodeName: 'pool-1', containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '3' } } }] } }] }));
    // nodeName set by hand bypasses the scheduler, as upstream allows: the kit sees the overcommit.
    expect(() => invariants.noNodeOvercommitted(run)).toThrow(InvariantError);
    expect(() => invariants.noNodeOvercommitted(run)).toThrow('noNodeOvercommitted: node pool-1 at 0s: pods request 3000 cpu but allocatable is 2000');
  });

  it('replicasWithinHpaBounds sees a manual scale past maxReplicas before the HPA undoes it', () => {
    // The HPA syncs every 15 s (0, 15 s …), so 1m5s falls between two syncs.
    const [hpa] = fc.sample(arbHpaSpec({ maxReplicas: 4 }), { numRuns: 1, seed: 2 });
    const [deployment] = fc.sample(arbDeployment({ maxReplicas: 2 }), { numRuns: 1, seed: 2 });
    const run = runScenario(base({ manifests: [deployment!, serviceFor('web'), hpa!], timeline: [{ at: '1m5s', scale: { deployment: 'web', replicas: 9 } }] }));
    expect(() => invariants.replicasWithinHpaBounds(run)).toThrow(`replicasWithinHpaBounds: hpa web at 1m5s: deployment/web has 9 replicas, outside [${hpa!.spec!.minReplicas}, ${hpa!.spec!.maxReplicas}]`);
    expect(run.get('deployments', { name: 'web' })[0]!.spec).toMatchObject({ replicas: hpa!.spec!.maxReplicas });
  });

  it('all() passes on a drawn scenario with an HPA, a rollout and faults', () => {
    const [s] = fc.sample(arbScenario({ hpa: true, rollout: true, durationSeconds: 600 }), { numRuns: 1, seed: 9 });
    const run = runScenario(s!);
    expect(() => invariants.all(run)).not.toThrow();
    expect(run.nowMs).toBe(600_000);
  });
});

describe('replayable failures', () => {
  it('a deliberately broken invariant is caught; the message has the seed, the path and replayable YAML', () => {
    // "Never more than one pod": false as soon as a Deployment has two replicas.
    const atMostOnePod = (run: ReturnType<typeof runScenario>) => {
      const n = run.get('pods').length;
      if (n > 1) throw new Error(`expected at most 1 pod, got ${n}`);
    };
    let caught: unknown;
    try {
      assertScenarioProperty(arbScenario({ durationSeconds: 120, maxFaults: 0, rollout: false, hpa: false }), atMostOnePod, { numRuns: 30, seed: 42 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioPropertyError);
    const err = caught as ScenarioPropertyError;
    expect(err.message).toContain('expected at most 1 pod, got 2');
    expect(err.message).toContain(`seed: ${err.seed}, path: ${JSON.stringify(err.path)}`);
    expect(err.message).toContain('kubesim run counterexample.yaml');
    // The YAML between the markers is a complete scenario that replays the failure.
    const yaml = err.message.split('\n---\n')[1]!.split('\n...')[0]!;
    expect(yaml).toBe(err.scenarioYaml!.trimEnd());
    const replayed = parse(yaml) as ScenarioObject;
    expect(() => atMostOnePod(runScenario(replayed))).toThrow('expected at most 1 pod, got 2');
    // Shrunk to the minimum: two replicas, nothing else varying that matters.
    expect((replayed.spec.manifests[0] as { spec: { replicas: number } }).spec.replicas).toBe(2);
    // The seed and path replay the same counterexample in fast-check.
    let again: unknown;
    try {
      assertScenarioProperty(arbScenario({ durationSeconds: 120, maxFaults: 0, rollout: false, hpa: false }), atMostOnePod, { seed: err.seed, path: err.path, endOnFailure: true });
    } catch (e) {
      again = e;
    }
    expect((again as ScenarioPropertyError).scenarioYaml).toBe(err.scenarioYaml);
  });

  it('replayable prints non-scenario arguments as JSON and passes a holding property', () => {
    expect(() => replayable(fc.property(fc.integer({ min: 0, max: 10 }), (n) => n <= 10), { numRuns: 20 })).not.toThrow();
    expect(() => replayable(fc.property(fc.integer({ min: 0, max: 100 }), (n) => n < 50), { numRuns: 200, seed: 1 })).toThrow(/Counterexample argument 0: 50/);
  });
});
