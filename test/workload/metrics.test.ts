import { describe, expect, it } from 'vitest';
import { resolveAppModel } from '../../src/workload/app-model.ts';
import { WORKLOAD_METRICS, WorkloadMetrics, type MetricSink } from '../../src/workload/metrics.ts';
import { WorkloadModel } from '../../src/workload/model.ts';
import { PodTable } from '../../src/workload/pod-table.ts';

describe('WorkloadMetrics', () => {
  it('records Prometheus-style series with labels; counters are cumulative', () => {
    const model = new WorkloadModel({ services: [{ name: 'web', profile: { constant: 100 } }], models: { app: resolveAppModel({ cpuPerRequest: '2m', baseCpu: '0' }).model } });
    const pods = new PodTable();
    pods.add({ name: 'default/web-1', modelKey: 'app', cpuLimitMillis: 1000, cpuRequestMillis: 100, memoryLimitBytes: 0, nodeIndex: -1, startedAtMs: -1e6, ready: true });
    const view = { pods, endpointsOf: () => [0], nodeCpuMillis: [] };
    const rows: [string, Record<string, string>, number, number][] = [];
    const sink: MetricSink = { record: (n, l, t, v) => rows.push([n, { ...l }, t, v]) };
    const metrics = new WorkloadMetrics(model);
    model.step(0, 10_000, view);
    model.step(10_000, 10_000, view);
    metrics.record(sink, 20_000, pods);
    const find = (name: string, labels: Record<string, string>) => rows.find(([n, l]) => n === name && JSON.stringify(l) === JSON.stringify(labels))?.[3];
    expect(find(WORKLOAD_METRICS.httpRequestsTotal, { service: 'web', code: '200' })).toBe(2000);
    expect(find(WORKLOAD_METRICS.httpRequestsTotal, { service: 'web', code: '503' })).toBe(0);
    expect(find(WORKLOAD_METRICS.containerCpuUsageSecondsTotal, { pod: 'default/web-1' })).toBeCloseTo(4); // 200m × 20 s
    expect(find(WORKLOAD_METRICS.httpRequestDurationSeconds, { service: 'web', quantile: '0.99' })).toBeGreaterThan(0);
    expect(new Set(rows.map(([n]) => n))).toEqual(new Set(Object.values(WORKLOAD_METRICS)));
  });

  it('writes through series handles when the sink offers them, and leaves per-pod series out when asked', () => {
    const model = new WorkloadModel({ services: [{ name: 'web', profile: { constant: 100 } }], models: { app: resolveAppModel({ cpuPerRequest: '2m', baseCpu: '0' }).model } });
    const pods = new PodTable();
    pods.add({ name: 'default/web-1', modelKey: 'app', cpuLimitMillis: 1000, cpuRequestMillis: 100, memoryLimitBytes: 0, nodeIndex: -1, startedAtMs: -1e6, ready: true });
    const view = { pods, endpointsOf: () => [0], nodeCpuMillis: [] };
    const points = new Map<string, number[]>();
    const sink: MetricSink = {
      record: () => {
        throw new Error('record() is not used when series() exists');
      },
      series: (n, l) => {
        const key = `${n}${JSON.stringify(l)}`;
        const list = points.get(key) ?? [];
        points.set(key, list);
        return { push: (_t, v) => list.push(v) };
      },
    };
    const metrics = new WorkloadMetrics(model, { podSeries: false });
    for (let t = 0; t < 3; t++) {
      model.step(t * 10_000, 10_000, view);
      metrics.record(sink, (t + 1) * 10_000, pods);
    }
    expect(points.get(`${WORKLOAD_METRICS.httpRequestsTotal}{"service":"web","code":"200"}`)).toEqual([1000, 2000, 3000]);
    expect([...points.keys()].some((k) => k.includes('"pod"'))).toBe(false);
  });
});
