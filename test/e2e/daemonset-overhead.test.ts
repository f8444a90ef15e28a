/**
 * What `scenarios/daemonset-overhead.yaml` claims, on the run itself: with the fluentd DaemonSet the autoscaler
 * brings 4 nodes in one scale-up; the same scenario without the DaemonSet needs 3. One log-shipper pod per node;
 * the summary's DaemonSet line gives the per-node overhead.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { renderSummary } from '../../src/report/summary.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios/daemonset-overhead.yaml');

function load(): Scenario {
  const r = loadScenarioFile(file, nodeFileSystem);
  expect(r.errors).toEqual([]);
  return r.scenario!;
}

const scaleUps = (run: ScenarioRun) => [...new Set(run.sim.events.all.filter((e) => e.reason === 'TriggeredScaleUp').map((e) => e.message))];

describe('daemonset-overhead', () => {
  it('with the DaemonSet: one scale-up 1 → 4, one fluentd pod on every node, 3 API pods per node', () => {
    const run = new ScenarioRun(load()).run();
    const { store } = run.sim;
    expect(scaleUps(run)).toEqual(['pod triggered scale-up: [{general 1->4 (max: 10)}]']);
    const nodes = store.list<Node>('Node').map((n) => n.metadata.name).sort();
    expect(nodes).toHaveLength(4);
    const fluentd = store.list<Pod>('Pod', 'kube-system');
    expect(fluentd.map((p) => p.spec?.nodeName).sort()).toEqual(nodes);
    const apiPerNode = new Map<string, number>();
    for (const p of store.list<Pod>('Pod', 'default')) apiPerNode.set(p.spec!.nodeName!, (apiPerNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect([...apiPerNode.values()]).toEqual([3, 3, 3, 3]);
    // The capacity figure: 100m of every 2-CPU node (5 %), 200Mi of every 8Gi (2.4 %).
    const data = buildReportData(run, []);
    expect(data.summary.daemonSets).toEqual([
      { namespace: 'kube-system', name: 'fluentd-elasticsearch', nodes: 4, cpuMillisPerNode: 100, memoryBytesPerNode: 200 * 2 ** 20, cpuShare: 0.05, memoryShare: 200 / 8192 },
    ]);
    expect(renderSummary(data, { color: false })).toMatch(/DAEMONSET +NODES +CPU\/NODE +MEMORY\/NODE +OF ALLOCATABLE\nkube-system\/fluentd-elasticsearch +4 +100m +200Mi +5\.0% cpu, 2\.4% memory\n/);
  });

  it('without the DaemonSet the same API fits on 3 nodes (4 per node): the per-node overhead costs a node', () => {
    const s = load();
    const without: Scenario = { ...s, manifests: s.manifests.filter((o) => o.object['kind'] !== 'DaemonSet') };
    const run = new ScenarioRun(without).run();
    expect(scaleUps(run)).toEqual(['pod triggered scale-up: [{general 1->3 (max: 10)}]']);
    expect(run.sim.store.list<Node>('Node')).toHaveLength(3);
    expect(run.sim.store.list<Pod>('Pod').every((p) => p.spec?.nodeName)).toBe(true);
  });
});
