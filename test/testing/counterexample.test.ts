/**
 * The kit's example suite: fast-check finds a real counterexample in the seed's webapi on a cluster-autoscaler node
 * group, shrinks it, and the shrunk scenario written as a file fails the same way under `kubesim run`.
 *
 * The belief tested is a planner's: "with a node group that has room (max 8), the autoscaler absorbs a traffic
 * spike and the SLO holds". It does not: new nodes register only after the provisioning delay, and a spike that is
 * over by then has already broken the SLO on the two nodes there were. fast-check (seed 13) shrinks it to a 2x
 * spike of 16 s against a 30 s delay; the same spike on eight nodes from the start keeps the SLO.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { ScenarioPropertyError, replayable, runScenario, scenarioYaml, type ScenarioObject } from '../../src/testing/index.ts';
import { kubesim } from '../cli/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The seed's Deployment, Service and HPA, unmodified, inlined so the written scenario stands alone. */
const SEED_MANIFESTS = parseAllDocuments(readFileSync(path.join(here, '../../scenarios/manifests/seed/webapi.yaml'), 'utf8'), { version: '1.1' }).map((d) => d.toJS() as object);

const SPIKE_AT_S = 300;

/** A spike of the seed's webapi traffic on `scenarios/autoscaler-spike.yaml`'s node group, 20 simulated minutes. */
interface Spike {
  factor: number;
  forS: number;
  provisioningDelayS: number;
}

function spikeScenario(s: Spike): ScenarioObject {
  return {
    apiVersion: 'kubesim.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'webapi-spike-vs-provisioning', description: `A ${s.factor}x spike for ${s.forS}s; nodes take ${s.provisioningDelayS}s to register.` },
    spec: {
      seed: 7,
      duration: '20m',
      resolution: '15s',
      cluster: {
        nodePools: [{ name: 'burst', min: 2, max: 8, provisioningDelay: `${s.provisioningDelayS}s`, capacity: { cpu: '250m', memory: '1Gi', pods: 110 }, zones: ['a', 'b'], pricePerHour: 0.0084 }],
        autoscaler: { expander: 'least-waste' },
      },
      manifests: SEED_MANIFESTS,
      workloads: { 'webapi-deployment': { startup: { imagePull: '4s', ready: '6s' }, cpuPerRequest: '2m', baseCpu: '20m', memory: { base: '60Mi', perInflightRequest: '256Ki' }, timeout: '5s' } },
      traffic: [{ service: 'webapi-service', profile: { constant: 80, spikes: [{ at: `${SPIKE_AT_S}s`, factor: s.factor, for: `${s.forS}s` }] } }],
      expect: [{ slo: { service: 'webapi-service', availability: '99.5%', latencyP99: '1s' } }],
    },
  } as unknown as ScenarioObject;
}

const arbSpike: fc.Arbitrary<Spike> = fc.record({
  factor: fc.integer({ min: 1, max: 4 }),
  forS: fc.integer({ min: 15, max: 600 }),
  provisioningDelayS: fc.integer({ min: 30, max: 600 }),
});

/** The property: the scenario's SLO expectation holds. */
function sloHolds(scenario: ScenarioObject): void {
  const failed = runScenario(scenario).expectations().filter((e) => !e.ok);
  if (failed.length > 0) throw new Error(`${failed[0]!.description}: ${failed[0]!.detail}`);
}

describe('example: a spike shorter than the provisioning delay breaks the SLO', () => {
  it('without a spike the SLO holds (the property is not false everywhere)', () => {
    expect(() => sloHolds(spikeScenario({ factor: 1, forS: 600, provisioningDelayS: 600 }))).not.toThrow();
  });

  it('fast-check finds and shrinks a counterexample; its scenario file fails the same way under kubesim run', async () => {
    let error: unknown;
    try {
      replayable(fc.property(arbSpike.map(spikeScenario), sloHolds), { seed: 13, numRuns: 20 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioPropertyError);
    const failure = error as ScenarioPropertyError;
    const shrunk = failure.counterexample[0] as ScenarioObject;
    const spike = (shrunk.spec as unknown as { traffic: { profile: { spikes: { factor: number; for: string }[] } }[] }).traffic[0]!.profile.spikes[0]!;
    const delay = (shrunk.spec as unknown as { cluster: { nodePools: { provisioningDelay: string }[] } }).cluster.nodePools[0]!.provisioningDelay;
    // Shrinking leaves the smallest spike that still breaks the SLO, and it is over before a node can register.
    expect(spike.factor).toBe(2);
    expect(Number.parseInt(spike.for, 10)).toBeLessThan(Number.parseInt(delay, 10));
    const run = runScenario(shrunk);
    const added = run.events.filter((e) => e.reason === 'RegisteredNode' && e.firstTimestampMs > 0);
    const spikeEndMs = (SPIKE_AT_S + Number.parseInt(spike.for, 10)) * 1000;
    expect(added.every((e) => e.firstTimestampMs >= spikeEndMs)).toBe(true);
    // Node capacity is the cause: the same spike on the group's eight nodes from the start keeps the SLO.
    const atMax = structuredClone(shrunk) as unknown as { spec: { cluster: { nodePools: { min: number; max: number }[] } } };
    atMax.spec.cluster.nodePools[0]!.min = atMax.spec.cluster.nodePools[0]!.max;
    expect(() => sloHolds(atMax as unknown as ScenarioObject)).not.toThrow();
    expect(failure.message).toContain('kubesim run counterexample.yaml');

    // The scenario file the failure printed replays through the CLI to the same failed expectation.
    const dir = mkdtempSync(path.join(tmpdir(), 'kubesim-counterexample-'));
    const file = path.join(dir, 'counterexample.yaml');
    writeFileSync(file, failure.scenarioYaml!);
    expect(failure.scenarioYaml).toBe(scenarioYaml(shrunk));
    const cli = await kubesim('run', file, '--no-progress');
    const [slo] = run.expectations();
    expect(slo?.ok).toBe(false);
    expect(cli.code).toBe(ExitCode.ExpectationFailed);
    expect(cli.out).toContain(slo!.detail);
    expect(cli.out).toContain(run.traceHash);
  }, 300_000);
});
