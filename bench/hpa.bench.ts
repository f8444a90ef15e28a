/**
 * `bench/hpa`: 1,000 HPAs (CPU 60 %, min 2, max 20) over 1,000 Deployments of 10 pods each (10,000 pods at the
 * start) for 24 simulated hours, with the HPA controller and the metrics-server pipeline on a fixture store; a fake
 * workload controller makes pods follow spec.replicas at once, and each Deployment's CPU demand follows its own
 * diurnal curve, split over its pods: the absolute cost per HPA sync (wall and CPU: the machine is shared). The
 * issue's ≤ 20 % target is measured on full simulations, at the end of this file.
 *
 * What a sync costs depends on what changed: about three syncs in four see the same scrape as a sync that changed
 * nothing and are skipped (quiet syncs); a new scrape is sampled and, when the samples repeat, reused; only changed
 * samples recompute, and only a changed status is written. `runDay(true, 1000, DAY_MS, 0)` (constant demand) measures the floor.
 */
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { createControllerContext, Priority } from '../src/controllers/context.ts';
import { HorizontalController } from '../src/controllers/hpa/controller.ts';
import { MetricsServer } from '../src/controllers/hpa/metrics-server.ts';
import type { Benchmark, Measurement } from './harness.ts';
import { simDayIsolated } from './hpa-sim.ts';

const PODS_PER_TARGET = 10;
const DAY_MS = 86_400_000;

/**
 * One fixture run; `HPAS` and `durationMs` shrink it for profiling, `amplitudeMillis` sets the diurnal swing
 * (0: constant demand, to measure the cost of syncs that change nothing).
 */
export function runDay(withHpas: boolean, HPAS = 1_000, durationMs = DAY_MS, amplitudeMillis = 600): Measurement {
  const t0 = performance.now();
  // CPU time as well as wall time: on a shared machine wall time overstates the cost.
  const cpu0 = process.cpuUsage();
  const ctx = createControllerContext(7);
  const { engine, store, clock } = ctx;
  const replicas = new Int32Array(HPAS);
  const podCount = new Int32Array(HPAS);
  const seq = new Int32Array(HPAS);
  /** Live pod names per Deployment, oldest first. */
  const live: string[][] = Array.from({ length: HPAS }, () => []);
  const addPod = (i: number) => {
    const t = clock.timestamp(engine.nowMs);
    const name = `d${i}-${seq[i]!++}`;
    live[i]!.push(name);
    store.create<Pod>('Pod', {
      metadata: { name, namespace: 'default', labels: { app: `d${i}` } },
      spec: { containers: [{ name: 'app', image: 'app:v1', resources: { requests: { cpu: '100m' } } }] },
      status: { phase: 'Running', startTime: t, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] },
    });
    podCount[i]!++;
  };
  for (let i = 0; i < HPAS; i++) {
    store.create('Deployment', {
      apiVersion: 'apps/v1',
      metadata: { name: `d${i}`, namespace: 'default' },
      spec: { replicas: PODS_PER_TARGET, selector: { matchLabels: { app: `d${i}` } } },
      status: { replicas: PODS_PER_TARGET },
    });
    replicas[i] = PODS_PER_TARGET;
    for (let k = 0; k < PODS_PER_TARGET; k++) addPod(i);
  }
  // Fake workload controller: pods follow spec.replicas (newest removed first), at the Deployment controller's priority.
  store.watch<{ spec?: { replicas?: number } }>('Deployment', (e) => {
    if (e.type !== 'MODIFIED') return;
    const i = Number(e.object.metadata.name.slice(1));
    const want = e.object.spec?.replicas ?? 1;
    if (want === replicas[i]) return;
    replicas[i] = want;
    engine.at(engine.nowMs, () => {
      while (podCount[i]! < want) addPod(i);
      while (podCount[i]! > want) {
        store.delete('Pod', 'default', live[i]!.pop()!);
        podCount[i]!--;
      }
      store.mutate<{ status?: { replicas?: number } }>('Deployment', 'default', `d${i}`, (d) => {
        d.status = { replicas: want };
      });
    }, { priority: Priority.Deployment });
  });
  // Demand of Deployment i in millicores: a diurnal curve with its own phase, 150m–1350m.
  const demand = (i: number, tMs: number) => 750 + amplitudeMillis * Math.sin((2 * Math.PI * tMs) / DAY_MS + i);
  const metrics = new MetricsServer({
    // The Deployment's index from the pod name `d<i>-<seq>` (parsing beats a map that grows with every pod).
    cpuMillisAvg: (_ns, pod, from, to) => {
      const i = Number(pod.slice(1, pod.indexOf('-')));
      return demand(i, (from + to) / 2) / Math.max(1, podCount[i]!);
    },
    memoryBytes: () => 128 * 2 ** 20,
  });
  let controller: HorizontalController | undefined;
  if (withHpas) {
    controller = new HorizontalController({ metrics, decisions: 'changes' });
    for (let i = 0; i < HPAS; i++) {
      store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', {
        metadata: { name: `d${i}`, namespace: 'default' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `d${i}` },
          minReplicas: 2,
          maxReplicas: 20,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
      });
    }
    controller.start(ctx);
  }
  const result = engine.run({ until: durationMs });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const syncs = withHpas ? HPAS * (Math.floor(durationMs / 15_000) + 1) : 0;
  const rescales = ctx.events.all.filter((e) => e.reason === 'SuccessfulRescale').reduce((n, e) => n + e.count, 0);
  return {
    value: wallMs / 1000,
    unit: 's',
    extra: {
      events: result.events,
      syncs,
      usPerSync: syncs ? (wallMs * 1000) / syncs : 0,
      cpuSeconds: cpuMs / 1000,
      cpuUsPerSync: syncs ? (cpuMs * 1000) / syncs : 0,
      rescales,
      pods: store.size('Pod'),
      decisions: ctx.decisions.all.length,
    },
  };
}

/**
 * The issue's comparison, as full simulations (`hpa-sim.ts`): each run simulates the same 24 hours of 1,000
 * Services and 10,000 pods without and with an HPA per Deployment, and reports what the HPAs add, in percent of the
 * run without them. `steady`: constant traffic the HPAs hold at 10 replicas, so both runs have the same pods and
 * the difference is the HPAs' own work (syncs, metrics pipeline, status writes). `diurnal`: a daily curve the HPAs
 * follow between about 6 and 14 replicas; its difference also holds the pods they start and stop.
 */
function overhead(flat: boolean): Measurement {
  const base = simDayIsolated(false, 1_000, 24, flat);
  const hpa = simDayIsolated(true, 1_000, 24, flat);
  return {
    value: ((hpa.value - base.value) / base.value) * 100,
    unit: '%',
    extra: {
      baselineSeconds: base.value,
      withHpasSeconds: hpa.value,
      baselineCpuSeconds: base.extra!['cpuSeconds']!,
      withHpasCpuSeconds: hpa.extra!['cpuSeconds']!,
      rssMiB: hpa.extra!['rssMiB']!,
      rescales: hpa.extra!['rescales']!,
      engineEvents: hpa.extra!['engineEvents']!,
    },
  };
}

export const benchmarks: Benchmark[] = [
  { name: 'hpa/steady-1000-hpas-10k-pods-24h-overhead', target: { value: 20, higherIsBetter: false }, runs: 3, run: () => overhead(true) },
  { name: 'hpa/diurnal-1000-hpas-10k-pods-24h-overhead', runs: 1, run: () => overhead(false) },
  // The controller alone on a fixture store (no kubelet, traffic or scheduler): the cost per HPA sync.
  { name: 'hpa/fixture-1000-hpas-24h', runs: 3, run: () => runDay(true) },
];
