/**
 * The issue-14 scale runs as a new user would write them: the library API, one Deployment (no probes, no traffic)
 * on a pool of identical nodes, `simulate(scenario).until('10m')`. Run in its own process by `bench/scale`, so one
 * run's heap does not slow the next and the peak RSS is this run's own.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadScenario, simulate } from '../src/index.ts';
import type { Measurement } from './harness.ts';

/**
 * The scenario: `nodes` nodes of 16 CPU / 64 GiB / 110 pods, one Deployment of `replicas` pods requesting 100m /
 * 128Mi; `record` becomes `spec.record` (what the run keeps), absent by default.
 */
export function scaleScenario(nodes: number, replicas: number, record?: object): object {
  return {
    apiVersion: 'kubesim.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: `scale-${nodes}-${replicas}` },
    spec: {
      seed: 1,
      duration: '10m',
      ...(record ? { record } : {}),
      cluster: { nodePools: [{ name: 'pool', count: nodes, capacity: { cpu: '16', memory: '64Gi', pods: 110 }, zones: ['a', 'b', 'c'] }] },
      manifests: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'app' },
          spec: {
            replicas,
            selector: { matchLabels: { app: 'app' } },
            template: {
              metadata: { labels: { app: 'app' } },
              spec: { containers: [{ name: 'app', image: 'example/app:v1', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
            },
          },
        },
      ],
    },
  };
}

/**
 * One run: wall seconds, with the time until the clock first leaves 0, the peak RSS, and the bytes per running pod
 * (heap used after a forced collection, while the run is still held, divided by the running pods; only when the
 * process has `--expose-gc`, as {@link scaleRunIsolated} starts it).
 */
export async function scaleRun(nodes: number, replicas: number, record?: object): Promise<Measurement> {
  const t0 = performance.now();
  // CPU time as well as wall time: on a shared machine wall time overstates the cost.
  const cpu0 = process.cpuUsage();
  const scenario = await loadScenario(scaleScenario(nodes, replicas, record));
  const run = simulate(scenario);
  run.until(1);
  const startS = (performance.now() - t0) / 1000;
  run.until('10m');
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  let running = 0;
  for (const p of run.get('pods')) if ((p as { status?: { phase?: string } }).status?.phase === 'Running') running++;
  const extra: Record<string, number> = { startSeconds: startS, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024, running };
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && running > 0) {
    gc();
    extra['heapBytesPerPod'] = Math.round(process.memoryUsage().heapUsed / running);
  }
  // Read after the measurement, so the run is still live (not collected) when the heap is measured.
  extra['pods'] = run.get('pods').length;
  return { value: wallS, unit: 's', extra };
}

if (process.argv[1]?.endsWith('scale-sim.ts') && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [nodes, replicas] = process.argv.slice(2, 4).map(Number);
  const record = process.argv[4] ? (JSON.parse(process.argv[4]) as object) : undefined;
  process.stdout.write(`${JSON.stringify(await scaleRun(nodes!, replicas!, record))}\n`);
}

/** {@link scaleRun} in a child process. */
export function scaleRunIsolated(nodes: number, replicas: number, record?: object): Measurement {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), String(nodes), String(replicas), ...(record ? [JSON.stringify(record)] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Measurement;
}
