/**
 * `bench/traffic`: the workload model alone — 200 Services, 2,000 pods on 100 nodes, diurnal load with noise,
 * stepped at 10 s resolution over 24 h (8,640 steps). Target: ≤ 3 s wall (issue 5).
 */
import { RandomStreams } from '../src/engine/rng.ts';
import { resolveAppModel } from '../src/workload/app-model.ts';
import { WorkloadModel, type WorkloadView } from '../src/workload/model.ts';
import { PodTable } from '../src/workload/pod-table.ts';
import type { Benchmark, Measurement } from './harness.ts';

const SERVICES = 200;
const PODS_PER_SERVICE = 10;
const NODES = 100;
const STEP_MS = 10_000;
const DAY_MS = 86_400_000;

function runDay(): Measurement {
  const t0 = performance.now();
  const rng = new RandomStreams(42).get('load');
  const model = resolveAppModel({ cpuPerRequest: '2m', baseCpu: '10m', memory: { base: '128Mi', perInflightRequest: '1Mi' }, timeout: '5s' }).model;
  const services = Array.from({ length: SERVICES }, (_, s) => ({
    name: `svc-${s}`,
    profile: {
      diurnal: { min: 100 + (s % 7) * 20, max: 1500 + (s % 11) * 100, peakAt: `${10 + (s % 8)}h` },
      noise: { amplitude: 0.1, bucket: '1m' },
    },
  }));
  const wm = new WorkloadModel({ services, models: { app: model }, rng });
  const pods = new PodTable(PODS_PER_SERVICE * SERVICES);
  const endpoints: Int32Array[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const eps = new Int32Array(PODS_PER_SERVICE);
    for (let k = 0; k < PODS_PER_SERVICE; k++) {
      eps[k] = pods.add({
        name: `svc-${s}-${k}`, modelKey: 'app', cpuLimitMillis: 1000, cpuRequestMillis: 250,
        memoryLimitBytes: 512 * 2 ** 20, nodeIndex: (s * PODS_PER_SERVICE + k) % NODES, startedAtMs: 0, ready: true,
      });
    }
    endpoints.push(eps);
  }
  const view: WorkloadView = {
    pods,
    endpointsOf: (s) => endpoints[s] as Int32Array,
    nodeCpuMillis: new Float64Array(NODES).fill(8000),
  };
  let steps = 0;
  let served = 0;
  for (let t = 0; t < DAY_MS; t += STEP_MS) {
    wm.step(t, STEP_MS, view);
    steps++;
  }
  for (let s = 0; s < SERVICES; s++) served += wm.totals.served[s] as number;
  const seconds = (performance.now() - t0) / 1000;
  return { value: seconds, unit: 's', extra: { steps, servedRequests: served, podSteps: steps * pods.count } };
}

export const benchmarks: Benchmark[] = [
  { name: 'traffic/200svc-2000pods-24h-10s', target: { value: 3, higherIsBetter: false }, runs: 5, run: runDay },
];
