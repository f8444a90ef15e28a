/**
 * Scheduler throughput: pods placed per second by `Framework.schedulePod` + `reserve` on a prebuilt cache
 * (node and pod objects converted beforehand, as the runtime does once per object). `placementHash` fingerprints
 * the sequence of chosen nodes: a speed-up must leave it unchanged (default 893572324, 100 % 3297301145,
 * spread 2097800864, heterogeneous 3182855171).
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

/** Node sizes of the heterogeneous cluster: CPU, memory and instance type, in the proportions of a real fleet. */
const SIZES = [
  { cpu: '4', memory: '16Gi', type: 'm5.xlarge' },
  { cpu: '8', memory: '32Gi', type: 'm5.2xlarge' },
  { cpu: '8', memory: '64Gi', type: 'r5.2xlarge' },
  { cpu: '16', memory: '64Gi', type: 'm5.4xlarge' },
  { cpu: '16', memory: '32Gi', type: 'c5.4xlarge' },
  { cpu: '32', memory: '128Gi', type: 'm5.8xlarge' },
  { cpu: '64', memory: '256Gi', type: 'm5.16xlarge' },
];

/**
 * A heterogeneous fleet: the sizes above over six zones, one node in ten tainted for a dedicated team
 * (`dedicated=batch:NoSchedule`) and one in twenty spot (`kubesim.dev/capacity-type=spot`, tainted PreferNoSchedule).
 */
function heterogeneousNodes(count: number): Node[] {
  return Array.from({ length: count }, (_, i) => {
    const size = SIZES[(i * 5) % SIZES.length]!;
    const dedicated = i % 10 === 3;
    const spot = i % 20 === 7;
    const taints = [
      ...(dedicated ? [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] : []),
      ...(spot ? [{ key: 'kubesim.dev/capacity-type', value: 'spot', effect: 'PreferNoSchedule' }] : []),
    ];
    return {
      metadata: {
        name: `node-${i}`,
        labels: {
          'kubernetes.io/hostname': `node-${i}`,
          'topology.kubernetes.io/zone': `zone-${i % 6}`,
          'node.kubernetes.io/instance-type': size.type,
          ...(dedicated ? { dedicated: 'batch' } : {}),
          ...(spot ? { 'kubesim.dev/capacity-type': 'spot' } : {}),
        },
      },
      spec: taints.length ? { taints } : {},
      status: { allocatable: { cpu: size.cpu, memory: size.memory, pods: '110' } },
    };
  });
}

/**
 * Pods of 200 apps with requests from 50m/64Mi to 4 CPU/8Gi. By app: a tenth are batch pods that tolerate and
 * require the dedicated nodes; a fifth require two of the six zones; a quarter prefer memory-optimised (r5) nodes;
 * a third spread over zones (maxSkew 1, DoNotSchedule for half of them, ScheduleAnyway for the rest); one in eight
 * tolerates spot nodes; one in twelve keeps its replicas on separate nodes (required anti-affinity).
 */
function heterogeneousPods(count: number): PodInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const a = i % 200;
    const app = `app-${a}`;
    const batch = a % 10 === 0;
    const matchLabels = { app };
    const nodeTerms = [
      ...(batch ? [{ key: 'dedicated', operator: 'In', values: ['batch'] }] : []),
      ...(a % 5 === 1 ? [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [`zone-${a % 6}`, `zone-${(a + 3) % 6}`] }] : []),
    ];
    const pod: Pod = {
      metadata: { name: `pod-${i}`, namespace: 'default', labels: { app } },
      spec: {
        containers: [
          {
            name: 'c',
            image: `registry/app:${a}`,
            resources: { requests: { cpu: `${50 * (1 + ((a * 7) % 80))}m`, memory: `${64 * (1 + ((a * 11) % 128))}Mi` } },
          },
        ],
        tolerations: [
          ...(batch ? [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] : []),
          ...(a % 8 === 5 ? [{ key: 'kubesim.dev/capacity-type', operator: 'Exists' }] : []),
        ],
        affinity: {
          ...(nodeTerms.length || a % 4 === 2
            ? {
                nodeAffinity: {
                  ...(nodeTerms.length ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: nodeTerms }] } } : {}),
                  ...(a % 4 === 2
                    ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['r5.2xlarge'] }] } }] }
                    : {}),
                },
              }
            : {}),
          ...(a % 12 === 7 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels } }] } } : {}),
        },
        ...(a % 3 === 0
          ? {
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: a % 2 === 0 ? 'DoNotSchedule' : 'ScheduleAnyway', labelSelector: { matchLabels } },
              ],
            }
          : {}),
      },
    };
    return toPodInfo(pod);
  });
}

function run(nodeCount: number, podCount: number, profile: SchedulerProfile, spread: boolean | 'heterogeneous'): { value: number; unit: string; extra: Record<string, number> } {
  const cache = new SchedulerCache();
  for (const n of spread === 'heterogeneous' ? heterogeneousNodes(nodeCount) : nodes(nodeCount)) cache.addNode(toNodeInfo(n));
  const fw = new Framework(profile, cache);
  const list = spread === 'heterogeneous' ? heterogeneousPods(podCount) : pods(podCount, spread);
  const rng = new RandomStream('scheduler', 42);
  let scheduled = 0;
  let placementHash = 0;
  const t0 = performance.now();
  // CPU time as well as wall time: on a shared machine wall time overstates the cost.
  const cpu0 = process.cpuUsage();
  for (const pod of list) {
    const r = fw.schedulePod(pod, rng);
    if (r.nodeName) {
      fw.reserve(pod, r.nodeName, rng);
      scheduled++;
      placementHash = (Math.imul(placementHash, 31) + r.nodeName.length + cache.indexOf(r.nodeName)) >>> 0;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { value: podCount / seconds, unit: 'pods/s', extra: { scheduled, seconds, cpuPodsPerSec: podCount / cpuSeconds, placementHash } };
}

/** The Scheduler issue's three targets, and issue 14's heterogeneous cluster. */
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
  {
    // Issue 14's realistic cluster: mixed node sizes, zones, taints, node affinity, spread and anti-affinity.
    name: 'scheduler/5k-heterogeneous-nodes-10k-pods',
    target: { value: 100_000, higherIsBetter: true },
    run: () => run(5000, 10_000, defaultProfile(), 'heterogeneous'),
  },
];
