import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRASH_LOOP_BACKOFF,
  crashLoopBackOffConfig,
  doBackOff,
  isInBackOffSince,
  nextBackoff,
  nextRestartDelayMs,
  type BackoffEntry,
  type ContainerRun,
} from '../../../src/controllers/kubelet/backoff.ts';

/** Crash-loops a container that runs `runMs` each time and is restarted as soon as doBackOff allows. */
function crashLoop(crashes: number, runMs: number): number[] {
  const waits: number[] = [];
  const history: ContainerRun[] = [];
  let startedAtMs = 0;
  for (let i = 0; i < crashes; i++) {
    history.push({ startedAtMs, finishedAtMs: startedAtMs + runMs });
    const wait = nextRestartDelayMs(history);
    waits.push(wait / 1000);
    startedAtMs = startedAtMs + runMs + wait;
  }
  return waits;
}

describe('CrashLoopBackOff', () => {
  it('restarts at once, then waits 10, 20, 40, 80, 160, 300, 300 s after each exit', () => {
    expect(crashLoop(9, 0)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(crashLoop(8, 2_000)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('resets when the container ran more than 600 s since its restart', () => {
    const base: ContainerRun[] = [
      { startedAtMs: 0, finishedAtMs: 1_000 },
      { startedAtMs: 1_000, finishedAtMs: 2_000 },
      { startedAtMs: 12_000, finishedAtMs: 13_000 },
    ];
    expect(nextRestartDelayMs(base)).toBe(20_000);
    // Ran exactly 600 s: not expired (strictly greater needed) → doubling continues to 40 s.
    expect(nextRestartDelayMs([...base, { startedAtMs: 33_000, finishedAtMs: 633_000 }])).toBe(40_000);
    // Ran 600.001 s → immediate restart, and the next crash waits 10 s again.
    const reset = [...base, { startedAtMs: 33_000, finishedAtMs: 633_001 }];
    expect(nextRestartDelayMs(reset)).toBe(0);
    expect(nextRestartDelayMs([...reset, { startedAtMs: 633_001, finishedAtMs: 634_000 }])).toBe(10_000);
  });

  // client-go TestSlowBackoff as it was before flowcontrol's fake back-off gained jitter: initial 1 s, max 50 s; Get
  // before each Next: 0,1,2,4,8,16,32,50,50,50. The kubelet's CrashLoopBackOff has no jitter; newer client-go's row
  // (jittered waits such as 1.82 s, 3.83 s) tests a back-off the kubelet does not use (docs/deviations.md, Kubelet).
  it('TestSlowBackoff (deviation: the unjittered version of the row)', () => {
    const config = { initialMs: 1000, maxMs: 50_000, resetAfterMs: 100_000 };
    let entry: BackoffEntry | undefined;
    let nowMs = 0;
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      nowMs += 1000;
      seen.push((entry?.backoffMs ?? 0) / 1000);
      entry = nextBackoff(entry, nowMs, nowMs, config);
    }
    expect(seen).toEqual([0, 1, 2, 4, 8, 16, 32, 50, 50, 50]);
  });

  // client-go TestBackoffReset: initial 1 s, max 5 s; after 11 s (> 2 × max) the entry has expired.
  it('TestBackoffReset', () => {
    const config = { initialMs: 1000, maxMs: 5000, resetAfterMs: 10_000 };
    let entry: BackoffEntry | undefined;
    let nowMs = 0;
    for (let i = 0; i <= 5; i++) {
      nowMs += 1000;
      entry = nextBackoff(entry, nowMs, nowMs, config);
    }
    expect(entry!.backoffMs).toBe(5000);
    expect(isInBackOffSince(entry, nowMs, nowMs, config)).toBe(true);
    const lastUpdateMs = nowMs;
    nowMs += 11_000;
    expect(isInBackOffSince(entry, lastUpdateMs, nowMs, config)).toBe(false);
    expect(nextBackoff(entry, nowMs, nowMs, config).backoffMs).toBe(1000);
  });

  it('doBackOff reports the wait and the BackOff event text', () => {
    const entry: BackoffEntry = { backoffMs: 20_000, lastUpdateMs: 100_000 };
    const names = { containerName: 'app', podDescription: 'web-0_default(u1)' };
    const r = doBackOff(entry, { finishedAtMs: 110_000 }, 115_000, DEFAULT_CRASH_LOOP_BACKOFF, names);
    expect(r).toMatchObject({
      inBackOff: true,
      retryAtMs: 130_000,
      message: 'back-off 20s restarting failed container=app pod=web-0_default(u1)',
      eventMessage: 'Back-off restarting failed container app in pod web-0_default(u1)',
    });
    expect(doBackOff(entry, { finishedAtMs: 110_000 }, 130_000)).toEqual({ inBackOff: false, entry: { backoffMs: 40_000, lastUpdateMs: 130_000 } });
    expect(doBackOff(undefined, undefined, 5)).toEqual({ inBackOff: false, entry: undefined });
  });

  it.each([
    [{}, 10_000, 300_000],
    [{ reduceDefaultDecay: true }, 1_000, 60_000],
    [{ maxContainerRestartPeriodMs: 30_000 }, 10_000, 30_000],
    [{ maxContainerRestartPeriodMs: 5_000 }, 5_000, 5_000],
    [{ reduceDefaultDecay: true, maxContainerRestartPeriodMs: 300_000 }, 1_000, 300_000],
  ])('newCrashLoopBackOff %o → initial %i, max %i, reset 600 s', (options, initialMs, maxMs) => {
    expect(crashLoopBackOffConfig(options)).toEqual({ initialMs, maxMs, resetAfterMs: 600_000 });
  });
});
