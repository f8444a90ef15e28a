/**
 * Cluster runtime at scale (issue 9): 10,000 pods on 500 nodes with readiness and liveness probes every 10 s,
 * 24 simulated hours of steady state while about 1 % of the pods crash now and then (each crashes after a few
 * hours of running and restarts). Target ≤ 2.5 s wall (issue 14; issue 9's was 5 s) and ≤ 1 GiB RSS on the 2-core
 * machine.
 */
import { Simulation } from '../src/runtime/simulation.ts';
import type { Benchmark } from './harness.ts';
import { benchDeployment, benchNodes } from './cluster.ts';

/** Cheap deterministic hash of a pod name → [0, 1). */
function unit(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

export function runtimeDay(podCount = 10_000, nodeCount = 500, hours = 24): { wallS: number; rssMiB: number; events: number; restarts: number } {
  const start = performance.now();
  const sim = new Simulation({
    seed: 1,
    nodes: benchNodes(nodeCount),
    objects: Array.from({ length: podCount / 100 }, (_, i) => benchDeployment(`svc-${i}`, 100, { cpu: '200m', memory: '256Mi' })),
    history: false,
    behaviours: {
      behaviour: (pod) => {
        const u = unit(pod.metadata?.name ?? '');
        // 1 % of pods crash after 2–6 h of running (then again after each restart).
        return u < 0.01 ? { imagePullMs: 3000, startupMs: 5000, crashAfterMs: Math.round(7_200_000 + u * 100 * 14_400_000) } : { imagePullMs: 3000, startupMs: 5000 };
      },
    },
  });
  sim.until(hours * 3_600_000);
  const wallS = (performance.now() - start) / 1000;
  const restarts = sim.events.all.filter((e) => e.reason === 'BackOff' || e.reason === 'Started').length;
  return { wallS, rssMiB: process.memoryUsage().rss / 2 ** 20, events: sim.engine.eventsRun, restarts };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'runtime/10k-pods-500-nodes-24h',
    target: { value: 2.5, higherIsBetter: false },
    runs: 3,
    run: () => {
      const r = runtimeDay();
      return { value: r.wallS, unit: 's', extra: { rssMiB: r.rssMiB, engineEvents: r.events } };
    },
  },
];
