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
