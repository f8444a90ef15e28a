/**
 * What `scenarios/ephemeral-storage.yaml` claims, on the run itself: the report Job fills its node's disk until
 * imagefs.available<15% is met (DiskPressure, the disk-pressure taint, the report evicted by rankDiskPressure and
 * retried on the other node, all cleared 5 minutes later); the api is evicted by its pod-level ephemeral-storage
 * limit; each thumbnailer by its emptyDir sizeLimit, and replaced.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios/ephemeral-storage.yaml');
const MIN = 60_000;

describe('ephemeral-storage', () => {
  it('evicts for disk pressure, a pod-level limit and an emptyDir sizeLimit, with upstream messages, at the claimed times', () => {
    const r = loadScenarioFile(file, nodeFileSystem);
    expect(r.errors).toEqual([]);
    const run = new ScenarioRun(r.scenario!);
    const { store } = run.sim;
    const taintedAt: number[] = [];
    store.watch<Node>('Node', (e) => {
      if (e.object.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/disk-pressure') && !e.old?.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/disk-pressure')) taintedAt.push(run.sim.nowMs);
    });
    run.run(3 * 60 * MIN);
    const evicted = store.list<Pod>('Pod').filter((p) => p.status?.reason === 'Evicted');
    const byOwner = (prefix: string) => evicted.filter((p) => p.metadata.name!.startsWith(prefix));
    const at = (reason: string, name?: string) => run.sim.events.all.filter((e) => e.reason === reason && (name === undefined || e.involvedObject.name === name)).map((e) => e.firstTimestampMs ?? 0);

    // The report: the only pod over its request on general-1 when 51Gi of 60Gi are used, about 1h37m in.
    const [report] = byOwner('report');
    expect(report!.spec!.nodeName).toBe('general-1');
    expect(report!.status!.message).toMatch(/^The node was low on resource: ephemeral-storage\. Threshold quantity: 9663676800, available: \d+\. Container report was using \d+, request is 0, has larger consumption of ephemeral-storage\. $/);
    const pressure = at('NodeHasDiskPressure', 'general-1');
    expect(pressure).toHaveLength(1);
    expect(pressure[0]! / MIN).toBeGreaterThan(96);
    expect(pressure[0]! / MIN).toBeLessThan(98);
    expect(taintedAt).toEqual(pressure);
    expect(at('NodeHasNoDiskPressure', 'general-1')[0]! - pressure[0]!).toBe(5 * MIN);
    expect(store.get<Node>('Node', '', 'general-1')!.spec?.taints ?? []).toEqual([]);
    const retry = store.list<Pod>('Pod').find((p) => p.metadata.name!.startsWith('report') && p.status?.reason !== 'Evicted')!;
    expect(retry.spec!.nodeName).toBe('general-2');
    expect(retry.status!.phase).toBe('Running');

    // The api: 20Mi + 600Mi per hour passes 1Gi after 1h40m; the pod-level check fires before the container's.
    const [api] = byOwner('api');
    expect(api!.status!.message).toBe('Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ');
    const apiEvictedMin = at('Evicted', api!.metadata.name)[0]! / MIN;
    expect(apiEvictedMin).toBeGreaterThan(100);
    expect(apiEvictedMin).toBeLessThan(101);

    // The thumbnailers: 1Gi per hour into a 2Gi emptyDir, evicted just past 2h and replaced by fresh pods.
    const thumbs = byOwner('thumbnailer');
    expect(thumbs.map((p) => p.status!.message)).toEqual(Array(2).fill('Usage of EmptyDir volume "scratch" exceeds the limit "2Gi". '));
    expect(store.list<Pod>('Pod').filter((p) => p.metadata.name!.startsWith('thumbnailer') && p.status?.phase === 'Running')).toHaveLength(2);
    expect(evicted).toHaveLength(4);
  });
});
