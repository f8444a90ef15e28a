import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeriesSet } from '../../src/record/promql/storage.ts';
import type { PromSeries } from '../../src/record/promql/value.ts';
import { packQueryData, packSeries, unpackQueryData, unpackSeries } from '../../src/report/query-data.ts';

const plain = (s: PromSeries) => ({ labels: s.labels, times: Array.from(s.times), values: Array.from(s.values), stale: s.stale ? Array.from(s.stale) : undefined });

describe('query data packing', () => {
  it('packs regular times as [t0, step, n], runs of 3 or more as [v, k], non-finite values by name', () => {
    const s: PromSeries = { labels: { __name__: 'x' }, times: [1000, 2000, 3000, 4000, 5000, 6000], values: [0, 0, 0, 1, Infinity, NaN], stale: [0, 0, 0, 0, 0, 1] };
    expect(packSeries(s)).toEqual({ l: { __name__: 'x' }, t: [1000, 1000, 6], v: [[0, 3], 1, '+Inf', 'NaN'], s: [5] });
    expect(packSeries({ labels: {}, times: [0, 10, 30], values: [1, 1, 2] })).toEqual({ l: {}, t: { d: [0, 10, 20] }, v: [1, 1, 2] });
  });

  it('unpacks to the same series (times, values with NaN and -0, stale markers)', () => {
    const value = fc.oneof(fc.double(), fc.constantFrom(0, 1, NaN, Infinity, -Infinity, -0));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), value, fc.boolean()), { maxLength: 40 }), fc.boolean(), (points, withStale) => {
        let t = 1_767_571_200_000;
        const times: number[] = [];
        const values: number[] = [];
        const stale: number[] = [];
        for (const [dt, v, st] of points) {
          times.push((t += dt * 15_000));
          values.push(v);
          stale.push(st ? 1 : 0);
        }
        const s: PromSeries = { labels: { __name__: 'm', a: 'b' }, times, values, ...(withStale ? { stale } : {}) };
        const back = unpackSeries(JSON.parse(JSON.stringify(packSeries(s))));
        expect(Array.from(back.times)).toEqual(times);
        Array.from(back.values).forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
        expect(back.stale ? Array.from(back.stale) : stale.map(() => 0)).toEqual(withStale ? stale : stale.map(() => 0));
      }),
    );
  });

  it('packs names fewest points first within the budget, lists the rest, and offers only examples it can answer', () => {
    const set = new SeriesSet();
    const grid = (n: number) => Array.from({ length: n }, (_, i) => i * 1000);
    set.add({ labels: { __name__: 'http_requests_total', code: '200' }, times: grid(10), values: grid(10) });
    set.add({ labels: { __name__: 'kube_pod_status_phase', phase: 'Running' }, times: grid(30), values: grid(30).map(() => 1) });
    set.addLazy('container_cpu_usage_seconds_total', () => [{ labels: { __name__: 'container_cpu_usage_seconds_total' }, times: grid(5), values: grid(5) }]);
    const data = packQueryData(set, { epochMs: 0, endMs: 30_000, resolutionMs: 1000 }, 20);
    expect(data.series.map((s) => s.l['__name__'])).toEqual(['container_cpu_usage_seconds_total', 'http_requests_total']);
    expect(data.omitted).toEqual(['kube_pod_status_phase']);
    expect(data.examples).toEqual(['sum by (code) (rate(http_requests_total[5m]))', 'sum by (pod) (rate(container_cpu_usage_seconds_total[5m]))']);
    const back = unpackQueryData(JSON.parse(JSON.stringify(data)));
    expect(back.seriesOf('http_requests_total').map(plain)).toEqual(set.seriesOf('http_requests_total').map(plain));
  });
});
