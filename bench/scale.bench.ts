/**
 * `bench/scale` (issue 14): a new user's large cluster through the library API, one Deployment and no traffic,
 * simulated to 10 minutes, each run in its own process (`scale-sim.ts`). Targets: 5,000 nodes and 10,000 replicas
 * ≤ 0.8 s; 1,000 nodes and 100,000 replicas ≤ 8 s within 1 GiB peak RSS (reported as `peakRssMiB`, with `heapBytesPerPod`: heap after a forced GC per running pod), also with
 * `spec.record.history: changes`. And the third row: 1,000 Services of 10 pods each with probes and diurnal
 * traffic through the workload model, 24 simulated hours (`hpa-sim.ts` without HPAs), ≤ 10 s within 1 GiB peak RSS.
 */
import type { Benchmark } from './harness.ts';
import { simDayIsolated } from './hpa-sim.ts';
import { scaleRunIsolated } from './scale-sim.ts';

export const benchmarks: Benchmark[] = [
  { name: 'scale/5000-nodes-10k-replicas-10m', target: { value: 0.8, higherIsBetter: false }, runs: 3, run: () => scaleRunIsolated(5_000, 10_000) },
  { name: 'scale/1000-nodes-100k-replicas-10m', target: { value: 8, higherIsBetter: false }, runs: 3, run: () => scaleRunIsolated(1_000, 100_000) },
  {
    // The same run keeping object history as changes (spec.record.history: changes): the memory it saves.
    name: 'scale/1000-nodes-100k-replicas-10m-history-changes',
    target: { value: 8, higherIsBetter: false },
    runs: 3,
    run: () => scaleRunIsolated(1_000, 100_000, { history: 'changes' }),
  },
  {
    // Minutes a run on the 2-core machine: one run.
    name: 'scale/1000-services-10k-pods-traffic-24h',
    target: { value: 10, higherIsBetter: false },
    runs: 1,
    run: () => simDayIsolated(false, 1_000, 24, false),
  },
];
