/**
 * Scheduler throughput: pods placed per second by `Framework.schedulePod` + `reserve` on a prebuilt cache
 * (node and pod objects converted beforehand, as the runtime does once per object). `placementHash` fingerprints
 * the sequence of chosen nodes: a speed-up must leave it unchanged (default 893572324, 100 % 3297301145,
 * spread 2097800864).
 */
import type { Benchmark } from './harness.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  Framework,
  SchedulerCache,
  defaultProfile,
  toNodeInfo,
  toPodInfo,
  type PodInfo,
  type SchedulerProfile,
} from '../src/controllers/scheduler/index.ts';
import { RandomStream } from '../src/engine/rng.ts';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function nodes(count: number): Node[] {
  return Array.from({ length: count }, (_, i) => ({
    metadata: {
      name: `node-${i}`,
      labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': ZONES[i % 3] as string },
    },
    status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110' } },
  }));
}

function pods(count: number, spread: boolean): PodInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const app = `app-${i % 100}`;
    const pod: Pod = {
      metadata: { name: `pod-${i}`, namespace: 'default', labels: { app } },
      spec: {
        containers: [{ name: 'c', image: `registry/app:${i % 100}`, resources: { requests: { cpu: `${100 + (i % 7) * 50}m`, memory: `${128 + (i % 5) * 64}Mi` } } }],
        ...(spread
          ? {
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } },
              ],
              affinity: {
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app } } }],
                },
              },
            }
          : {}),
      },
    };
    return toPodInfo(pod);
  });
}

function run(nodeCount: number, podCount: number, profile: SchedulerProfile, spread: boolean): { value: number; unit: string; extra: Record<string, number> } {
  const cache = new SchedulerCache();
  for (const n of nodes(nodeCount)) cache.addNode(toNodeInfo(n));
  const fw = new Framework(profile, cache);
  const list = pods(podCount, spread);
  const rng = new RandomStream('scheduler', 42);
  let scheduled = 0;
  let placementHash = 0;
  const t0 = performance.now();
  for (const pod of list) {
    const r = fw.schedulePod(pod, rng);
    if (r.nodeName) {
      fw.reserve(pod, r.nodeName, rng);
      scheduled++;
      placementHash = (Math.imul(placementHash, 31) + r.nodeName.length + cache.indexOf(r.nodeName)) >>> 0;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { value: podCount / seconds, unit: 'pods/s', extra: { scheduled, seconds, placementHash } };
}

/** The three targets. */
export const benchmarks: Benchmark[] = [
  {
    name: 'scheduler/5k-nodes-10k-pods-default',
    target: { value: 50_000, higherIsBetter: true },
    run: () => run(5000, 10_000, defaultProfile(), false),
  },
  {
    name: 'scheduler/5k-nodes-10k-pods-score-100pct',
    target: { value: 10_000, higherIsBetter: true },
    run: () => run(5000, 10_000, { ...defaultProfile(), percentageOfNodesToScore: 100 }, false),
  },
  {
    name: 'scheduler/5k-nodes-3-zones-spread-anti-affinity',
    target: { value: 5_000, higherIsBetter: true },
    run: () => run(5000, 10_000, defaultProfile(), true),
  },
];
