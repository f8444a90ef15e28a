/**
 * The exporters' view of a run agrees with the store it was replayed from: kube-state-metrics series of pods that
 * were deleted end with a staleness marker (an instant query right after a rollout sees only the pods that exist),
 * Deployment gauges equal the object's status, and cAdvisor counters only grow.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { prometheusOf, queryInstant, queryRange } from '../../src/runtime/prometheus.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const scenario = loadScenarioFile(path.join(here, '../fixtures/scenarios/webapi-short.yaml'), nodeFileSystem).scenario!;

describe('prometheusOf(sim)', () => {
  const run = new ScenarioRun(scenario).run();
  const sim = run.sim;
  const vector = (q: string, at?: number) => {
    const v = queryInstant(sim, q, at);
    if (v.type !== 'vector') throw new Error(`${q}: not a vector`);
    return v.samples;
  };

  it('counts the points of every metric name without building it exactly as many as building it makes', () => {
    // The report packs the names that fit a budget by their counts: a count that differs would pack other names.
    const counted = prometheusOf(sim);
    const built = prometheusOf(sim);
    const names = counted.names();
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const points = built.seriesOf(name).reduce((n, s) => n + s.times.length, 0);
      expect([name, counted.pointsOf(name)]).toEqual([name, points]);
    }
  });

  it('kube_pod_info holds exactly the pods of the store at the end, though the rollout deleted pods minutes before', () => {
    const pods = sim.store.list('Pod').map((p) => p.metadata.name).sort();
    expect(vector('kube_pod_info').map((s) => s.labels['pod']).sort()).toEqual(pods);
    // Within the 5m lookback some pod was deleted, so without staleness markers the answer would hold more.
    const everSeen = new Set(vector('last_over_time(kube_pod_info[6m])').map((s) => s.labels['pod']));
    expect(everSeen.size).toBeGreaterThan(pods.length);
  });

  it('kube_deployment_status_replicas_available equals the Deployment status at the end', () => {
    const d = sim.store.get<Deployment>('Deployment', 'default', 'webapi-deployment')!;
    expect(vector('kube_deployment_status_replicas_available{deployment="webapi-deployment"}').map((s) => [s.labels['namespace'], s.v])).toEqual([
      ['default', d.status?.availableReplicas ?? 0],
    ]);
  });

  it('every pod is in exactly one phase at every step', () => {
    const series = queryRange(sim, 'count by (pod) (kube_pod_status_phase == 1) != 1', 0, scenario.durationMs, 60_000);
    expect(series).toEqual([]);
  });

  it('container_cpu_usage_seconds_total never decreases within a pod and rate() of it is CPU cores', () => {
    const decreases = queryRange(sim, 'resets(container_cpu_usage_seconds_total[2m])', 120_000, scenario.durationMs, 60_000);
    expect(decreases.flatMap((s) => s.v).every((v) => v === 0)).toBe(true);
    const cores = vector('sum(rate(container_cpu_usage_seconds_total[1m]))');
    expect(cores).toHaveLength(1);
    expect(cores[0]!.v).toBeGreaterThan(0);
    expect(cores[0]!.labels).toEqual({});
  });
});
