/** The metrics-server model: scrape times, the two-scrape warm-up, truncation, and the per-pod CPU reader. */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { MetricsServer, type UsageSource } from '../../../src/controllers/hpa/metrics-server.ts';

const parseTime = (t: string) => Date.parse(t) - Date.parse('2026-01-05T00:00:00Z');
const pod = (name: string): Pod => ({
  metadata: { name, namespace: 'default' },
  status: { phase: 'Running', startTime: '2026-01-05T00:00:00Z', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'app', imageID: '', state: { running: { startedAt: '2026-01-05T00:00:00Z' } } }] },
});

describe('MetricsServer', () => {
  it('scrapes on its resolution: last scrape, next scrape, nothing before the second scrape', () => {
    const ms = new MetricsServer({ cpuMillisAvg: () => 1, memoryBytes: () => 1 }, {}, { metricResolutionMs: 60_000 });
    expect(ms.lastScrapeMs(59_999)).toBeUndefined();
    expect(ms.lastScrapeMs(60_000)).toBe(60_000);
    expect(ms.lastScrapeMs(119_999)).toBe(60_000);
    expect(ms.nextScrapeMs(60_000)).toBe(120_000);
    expect(ms.nextScrapeMs(59_999)).toBe(60_000);
  });

  it('reads CPU through the source reader when it offers one, with the same values as the name look-up', () => {
    const avg = (name: string, from: number, to: number) => (name === 'a' ? 123.4567891 : 0.0000004) + (to - from) / 1e6;
    const calls = { byName: 0, reader: 0, resolved: 0 };
    const plain: UsageSource = {
      cpuMillisAvg: (_ns, name, from, to) => {
        calls.byName++;
        return avg(name, from, to);
      },
      memoryBytes: () => undefined,
    };
    const withReader: UsageSource = {
      ...plain,
      cpuReader: (_ns, name) => {
        calls.resolved++;
        return (from, to) => {
          calls.reader++;
          return avg(name, from, to);
        };
      },
    };
    const pods = [pod('a'), pod('b')];
    const a = new MetricsServer(plain).sampleValues(pods, 'cpu', 130_000, parseTime);
    const b = new MetricsServer(withReader);
    const first = b.sampleValues(pods, 'cpu', 130_000, parseTime);
    const later = b.sampleValues(pods, 'cpu', 190_000, parseTime);
    expect(first).toEqual(a);
    // 123.5167891 (avg over the 60 s window) truncated to nanocores and rounded up to millicores; 0.0600004 → 1.
    expect(first).toEqual([124, 1]);
    expect(later).toEqual([124, 1]);
    expect(calls.resolved).toBe(2); // once per pod object, not per scrape
    expect(calls.reader).toBe(4);
  });
});

describe('MetricsServer snapshot path', () => {
  it('reads pods from the source snapshot when it covers the scrape, and falls back per pod when a slot changed hands', () => {
    const avg = (name: string) => (name === 'a' ? 200.5 : name === 'b' ? 99.9999994 : 7);
    const tokens = { a: {}, b: {}, c: {} } as Record<string, object>;
    const slots: Record<string, number> = { a: 0, b: 1, c: 2 };
    const values = new Float64Array([avg('a'), avg('b'), avg('c')]);
    // Slot 2 now holds another pod: pod c must be read through the name path.
    const snapshot = { fromMs: 60_000, toMs: 120_000, values, tokens: [tokens['a'], tokens['b'], {}] };
    let byName = 0;
    const usage: UsageSource = {
      cpuMillisAvg: (_ns, name) => {
        byName++;
        return avg(name);
      },
      memoryBytes: () => undefined,
      cpuSnapshot: () => snapshot,
      cpuSlot: (_ns, name) => ({ slot: slots[name]!, token: tokens[name]! }),
    };
    const pods = [pod('a'), pod('b'), pod('c')];
    const plain = new MetricsServer({ cpuMillisAvg: (_ns, name) => avg(name), memoryBytes: () => undefined });
    const got = new MetricsServer(usage).sampleValues(pods, 'cpu', 130_000, parseTime);
    expect(got).toEqual(plain.sampleValues(pods, 'cpu', 130_000, parseTime));
    expect(got).toEqual([201, 100, 7]);
    expect(byName).toBe(1);
    // Another scrape than the snapshot's: every pod takes the name path.
    byName = 0;
    new MetricsServer(usage).sampleValues(pods, 'cpu', 190_000, parseTime);
    expect(byName).toBe(3);
  });
});
