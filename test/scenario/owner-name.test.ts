/**
 * `workloads.<name>` reaches a workload's pods through controller references, whatever the name looks like: a
 * DaemonSet `node-exporter` and a StatefulSet `cache-primary` end like a generated suffix (`-exporter`,
 * `-primary`), which a name-stripping lookup took for a pod-template-hash and missed.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { loadScenarioFromObject } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';

const container = (name: string) => [{ name, image: `example/${name}:1` }];
const scenario = {
  apiVersion: 'kubesim.dev/v1alpha1',
  kind: 'Scenario',
  metadata: { name: 'owner-name' },
  spec: {
    seed: 1,
    duration: '2m',
    cluster: { nodePools: [{ name: 'pool', count: 2, capacity: { cpu: '4', memory: '16Gi', pods: 110 } }] },
    manifests: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'node-exporter', namespace: 'monitoring' },
        spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: { metadata: { labels: { app: 'node-exporter' } }, spec: { containers: container('exporter') } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'cache-primary' },
        spec: { replicas: 1, serviceName: 'cache', selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: container('cache') } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web-frontend' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: container('web') } } },
      },
    ],
    workloads: {
      'node-exporter': { startup: { imagePull: '40s', ready: '5s' } },
      'cache-primary': { startup: { imagePull: '50s', ready: '5s' } },
      'web-frontend': { startup: { imagePull: '30s', ready: '5s' } },
    },
  },
};

describe('workloads.<name> resolves the owner through ownerReferences', () => {
  it('applies each workload model to its own pods: DaemonSet, StatefulSet and Deployment', () => {
    const r = loadScenarioFromObject(scenario);
    expect(r.errors).toEqual([]);
    const run = new ScenarioRun(r.scenario!);
    const readyAt = new Map<string, number>();
    run.sim.store.watch<Pod>('Pod', (e) => {
      const owner = e.object.metadata.ownerReferences?.[0]?.kind ?? '';
      if (!readyAt.has(owner) && e.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) readyAt.set(owner, run.sim.nowMs);
    });
    run.run();
    // Ready at its own model's image pull (40 s, 50 s, 30 s), not at the default model's 1 s.
    expect(readyAt.get('DaemonSet')).toBeGreaterThanOrEqual(40_000);
    expect(readyAt.get('DaemonSet')).toBeLessThan(45_000);
    expect(readyAt.get('StatefulSet')).toBeGreaterThanOrEqual(50_000);
    expect(readyAt.get('StatefulSet')).toBeLessThan(55_000);
    expect(readyAt.get('ReplicaSet')).toBeGreaterThanOrEqual(30_000);
    expect(readyAt.get('ReplicaSet')).toBeLessThan(35_000);
  });
});

describe('setImage on a DaemonSet', () => {
  it('a timeline setImage {daemonSet} rolls the DaemonSet to the new image on every node', () => {
    const withUpdate = structuredClone(scenario) as typeof scenario & { spec: { timeline?: unknown[] } };
    withUpdate.spec.timeline = [{ at: '60s', setImage: { daemonSet: 'node-exporter', image: 'example/exporter:2' } }];
    const r = loadScenarioFromObject(withUpdate);
    expect(r.errors).toEqual([]);
    const run = new ScenarioRun(r.scenario!).run();
    const images = run.sim.store.list<Pod>('Pod', 'monitoring').filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec!.containers[0]!.image);
    expect(images).toEqual(['example/exporter:2', 'example/exporter:2']);
  });
});

