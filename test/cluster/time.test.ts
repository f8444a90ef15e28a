/** SimClock: timestamps and their parse, with the caches hit and missed in any order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRfc3339, parseRfc3339, SimClock } from '../../src/cluster/time.ts';

describe('SimClock', () => {
  it.each([
    [0, '2026-01-05T00:00:00Z'],
    [999, '2026-01-05T00:00:00Z'],
    [1000, '2026-01-05T00:00:01Z'],
    [86_400_000 + 3_723_000, '2026-01-06T01:02:03Z'],
    [-1, '2026-01-04T23:59:59Z'],
  ])('timestamp(%i) = %s', (ms, text) => {
    expect(new SimClock().timestamp(ms)).toBe(text);
  });

  it('a cached clock answers as the plain functions do, whatever the order of calls', () => {
    const clock = new SimClock();
    fc.assert(
      // Seconds 64 apart share a slot of the timestamp cache: they must evict each other, not alias.
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5_000, max: 100_000_000 }), fc.integer({ min: -3, max: 20 }).map((k) => k * 64_000 + 500)), { maxLength: 30 }), (times) =>
        times.every((ms) => {
          const ts = clock.timestamp(ms);
          return ts === formatRfc3339(clock.epochMs + ms) && clock.simMs(ts) === parseRfc3339(ts) - clock.epochMs;
        }),
      ),
    );
  });
});
