/**
 * `bench/autoscaler`: a day of the flagship (`scenarios/webapi-peak.yaml`) with its `general` pool as a
 * cluster-autoscaler node group (min 3, max 8) against the same day with the fixed pool. The value is the ratio of
 * the two medians' CPU time (with / without); the issue's target is ≤ 1.10 (autoscaler decisions add ≤ 10 %).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFileSystem } from '../src/cli/node-fs.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { ScenarioRun } from '../src/scenario/run.ts';
import type { Benchmark } from './harness.ts';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../scenarios/webapi-peak.yaml');

/** CPU seconds of one day of the flagship, with or without the node group. */
export function flagshipDay(withAutoscaler: boolean): number {
  const set = withAutoscaler ? ['spec.cluster.nodePools[0].min=3', 'spec.cluster.nodePools[0].max=8'] : [];
  const r = loadScenarioFile(file, nodeFileSystem, { set });
  if (!r.scenario) throw new Error(r.errors.map((e) => e.detail).join('; '));
  const cpu0 = process.cpuUsage();
  new ScenarioRun(r.scenario).run();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const benchmarks: Benchmark[] = [
  {
    name: 'autoscaler/flagship-day-overhead',
    target: { value: 1.1, higherIsBetter: false },
    runs: 1,
    run: () => {
      // Interleaved pairs, so machine load drifts hit both sides alike.
      const without: number[] = [];
      const withCa: number[] = [];
      for (let i = 0; i < 3; i++) {
        without.push(flagshipDay(false));
        withCa.push(flagshipDay(true));
      }
      return { value: median(withCa) / median(without), unit: 'ratio', extra: { withoutCpuS: median(without), withCpuS: median(withCa) } };
    },
  },
];
