/**
 * The issue-6 HPA benchmark as a full simulation: 1,000 Services, each backed by a Deployment of 10 pods (10,000
 * pods) on 500 nodes with readiness and liveness probes, each Service with its own diurnal traffic through the
 * workload model, run for 24 simulated hours — once with a CPU HPA (60 %, 2–20 replicas) on every Deployment and
 * once without. The issue's target: the HPAs add ≤ 20 % to the run time.
 *
 * With `flat`, every Service gets a constant 550 rps instead, which the HPAs hold at 10 replicas: both runs then
 * have the same pods, and the difference is the HPAs' own work.
 *
 * The diurnal traffic is sized so an HPA keeps about 10 replicas on average (the no-HPA run's fixed size): each pod is asked
 * for 100m, serves a request with 1m and the Service sees 300–800 rps over the day, so the HPA moves between about 6
 * and 14 replicas. The cost of those pods starting and stopping (scheduling, image pulls, probes, endpoints) is part
 * of what the HPAs add, as it would be in a real cluster.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KubeObject } from '../src/cluster/store.ts';
import { Simulation } from '../src/runtime/simulation.ts';
import { resolveAppModel } from '../src/workload/app-model.ts';
import type { Measurement } from './harness.ts';
import { benchDeployment, benchNodes } from './cluster.ts';

function objects(services: number, withHpas: boolean): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
    out.push(benchDeployment(name, 10, { cpu: '1', memory: '512Mi' }, true));
    if (withHpas) {
      out.push({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace: 'default' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          maxReplicas: 20,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
      });
    }
  }
  return out;
}

/** One simulated day (or `hours`) of the benchmark cluster; `services` shrinks it for profiling, `flat` see above. */
export function simDay(withHpas: boolean, services = 1_000, hours = 24, flat = false): Measurement {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = resolveAppModel({ cpuPerRequest: '1m', baseCpu: '5m', memory: { base: '96Mi' }, timeout: '5s' }).model;
  const sim = new Simulation({
    seed: 3,
    nodes: benchNodes(Math.max(3, Math.round(services / 2))),
    objects: objects(services, withHpas),
    history: false,
    behaviours: { behaviour: () => ({ imagePullMs: 3000, startupMs: 5000 }) },
    workload: {
      services: Array.from({ length: services }, (_, i) => ({
        name: `default/svc-${i}`,
        // Peaks spread evenly over 8:00–20:00, each Service at its own second, so no two see the same traffic (as in
        // a real cluster; a storage that shares equal series would otherwise flatter the benchmark).
        profile: flat ? { constant: 550 } : { diurnal: { min: 300, max: 800, peakAt: `${28_800 + Math.floor((i * 43_200) / services)}s` } },
      })),
      modelFor: () => ({ key: 'app', model }),
    },
  });
  sim.until(hours * 3_600_000);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  let pods = 0;
  for (const p of sim.store.list('Pod')) if (!p.metadata.deletionTimestamp) pods++;
  const rescales = sim.events.all.filter((e) => e.reason === 'SuccessfulRescale').reduce((n, e) => n + e.count, 0);
  return {
    value: wallMs / 1000,
    unit: 's',
    extra: {
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
      // The peak, for the 1 GiB target (resourceUsage reports KiB).
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      engineEvents: sim.engine.eventsRun,
      pods,
      rescales,
    },
  };
}

/**
 * `node --import tsx bench/hpa-sim.ts <withHpas 0|1> <services> <hours> <flat 0|1>` prints one run as JSON: the
 * benchmark runs each simulation in its own process, so one run's heap does not slow the next.
 */
if (process.argv[1]?.endsWith('hpa-sim.ts') && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [w, services, hours, flat] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(simDay(w === '1', Number(services ?? 1000), Number(hours ?? 24), flat === '1'))}\n`);
}

/** {@link simDay} in a child process. */
export function simDayIsolated(withHpas: boolean, services: number, hours: number, flat: boolean): Measurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), withHpas ? '1' : '0', String(services), String(hours), flat ? '1' : '0'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Measurement;
}
