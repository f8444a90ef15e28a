import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  advanceTo,
  newProbeWorker,
  nextFlip,
  nextProbeStartMs,
  onNewContainer,
  probeEligibleFromMs,
  probeTiming,
  simulateProbes,
  type HealthSegment,
  type ProbeFlip,
  type ProbeType,
  type ProbeWorkerState,
} from '../../../src/controllers/kubelet/probes.ts';

const flipOf = (f: ProbeFlip | undefined) =>
  f && { atMs: f.atMs, result: f.result, probeCount: f.probeCount, onHold: f.onHold, probeStartMs: f.probeStartMs };

describe('probe worker', () => {
  it('defaults as SetDefaults_Probe', () => {
    expect(probeTiming()).toEqual({ initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 });
  });

  it('initial values: readiness failure, liveness success, startup unknown', () => {
    expect(newProbeWorker('readiness', {}, 0, 0).published).toBe('failure');
    expect(newProbeWorker('liveness', {}, 0, 0).published).toBe('success');
    expect(newProbeWorker('startup', {}, 0, 0).published).toBe('unknown');
  });

  it('readiness period 10 s, failureThreshold 3: a pod hanging at t is unready at the third failed probe after t', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'healthy' }, { fromMs: 25_000, state: 'hung' }];
    const w = newProbeWorker('readiness', { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 }, 0, 0);
    const ready = nextFlip(w, health);
    expect(flipOf(ready)).toEqual({ atMs: 0, result: 'success', probeCount: 1, onHold: false, probeStartMs: 0 });
    // Probes at 30, 40 and 50 s time out after 1 s each; the third publishes Failure at 51 s.
    const unready = nextFlip(ready!.state, health);
    expect(flipOf(unready)).toEqual({ atMs: 51_000, result: 'failure', probeCount: 6, onHold: false, probeStartMs: 50_000 });
    expect(nextFlip(unready!.state, health)).toBeUndefined();
  });

  it('liveness goes on hold after publishing Failure and resumes from the initial value for a new container', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'healthy' }, { fromMs: 5_000, state: 'hung' }];
    const w = newProbeWorker('liveness', { periodSeconds: 10, failureThreshold: 3 }, 0, 0);
    const dead = nextFlip(w, health)!;
    expect(flipOf(dead)).toEqual({ atMs: 31_000, result: 'failure', probeCount: 4, onHold: true, probeStartMs: 30_000 });
    expect(dead.state.resultRun).toBe(0);
    expect(nextFlip(dead.state, health)).toBeUndefined();
    const restarted = onNewContainer(dead.state, 33_000);
    expect(restarted.published).toBe('success');
    // Still hung: three more failures at 40, 50, 60 → killed again at 61 s.
    expect(flipOf(nextFlip(restarted, health))).toMatchObject({ atMs: 61_000, probeCount: 7, onHold: true });
  });

  it('readiness counters survive a container restart (successThreshold 3)', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'healthy' }];
    let w = newProbeWorker('readiness', { successThreshold: 3 }, 0, 0);
    w = advanceTo(w, health, 15_000);
    expect([w.lastResult, w.resultRun, w.published]).toEqual(['success', 2, 'failure']);
    w = onNewContainer(w, 16_000);
    expect(flipOf(nextFlip(w, health))).toMatchObject({ atMs: 20_000, result: 'success', probeCount: 3 });
  });

  it('initial delay is checked in whole seconds from container start', () => {
    const timing = probeTiming({ initialDelaySeconds: 5 });
    expect(probeEligibleFromMs(timing, 1200)).toBe(6200);
    const w = newProbeWorker('readiness', { initialDelaySeconds: 15 }, 0, 0);
    expect(flipOf(nextFlip(w, [{ fromMs: 0, state: 'healthy' }]))).toMatchObject({ atMs: 20_000, probeCount: 1 });
  });

  it('startup gates readiness: no probe before started, and startup holds after success (v1.32)', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'starting' }, { fromMs: 42_000, state: 'healthy' }];
    const startup = newProbeWorker('startup', { periodSeconds: 5, failureThreshold: 30 }, 0, 0);
    const started = nextFlip(startup, health)!;
    expect(flipOf(started)).toEqual({ atMs: 45_000, result: 'success', probeCount: 10, onHold: true, probeStartMs: 45_000 });
    const readiness = newProbeWorker('readiness', {}, 0, 0, started.atMs);
    expect(flipOf(nextFlip(readiness, health))).toMatchObject({ atMs: 50_000, result: 'success', probeCount: 1 });
  });

  it('slow answers fail when latency exceeds the timeout and publish at start + timeout', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'slow', probeLatencyMs: 1500 }];
    const w = { ...newProbeWorker('readiness', { failureThreshold: 1 }, 0, 0), published: 'success' as const };
    expect(flipOf(nextFlip(w, health))).toMatchObject({ atMs: 1000, result: 'failure' });
    const ok = newProbeWorker('readiness', {}, 0, 0);
    expect(flipOf(nextFlip(ok, [{ fromMs: 0, state: 'slow', probeLatencyMs: 1000 }]))).toMatchObject({ atMs: 1000, result: 'success' });
  });

  it('a stopped container publishes Failure at the next tick without counting', () => {
    const health: HealthSegment[] = [{ fromMs: 0, state: 'healthy' }, { fromMs: 12_000, state: 'crashed' }];
    const ready = nextFlip(newProbeWorker('readiness', {}, 0, 0), health)!;
    const down = nextFlip(ready.state, health)!;
    expect(flipOf(down)).toEqual({ atMs: 20_000, result: 'failure', probeCount: 2, onHold: false, probeStartMs: 20_000 });
    expect(down.state.resultRun).toBe(2);
  });

  it('a probe outlasting the period reruns at its completion (Go ticker buffers one tick)', () => {
    const timing = probeTiming({ periodSeconds: 10, timeoutSeconds: 12 });
    const w = newProbeWorker('readiness', timing, 0, 0);
    expect(nextProbeStartMs(w, 0, 12_000)).toBe(12_000);
    expect(nextProbeStartMs(w, 12_000, 12_500)).toBe(20_000);
    expect(nextProbeStartMs(w, 12_000, 20_000)).toBe(20_000);
    const health: HealthSegment[] = [{ fromMs: 0, state: 'hung' }];
    const lw = newProbeWorker('liveness', timing, 0, 0);
    expect(flipOf(nextFlip(lw, health))).toMatchObject({ atMs: 36_000, probeStartMs: 24_000, probeCount: 3 });
  });
});

// ---- property: event skipping agrees with the one-probe-at-a-time reference ----

const arbSegmentState = fc.constantFrom('healthy', 'starting', 'slow', 'hung', 'crashed') as fc.Arbitrary<HealthSegment['state']>;

const arbCase = fc
  .record({
    probeType: fc.constantFrom<ProbeType>('readiness', 'liveness', 'startup'),
    periodSeconds: fc.integer({ min: 1, max: 20 }),
    timeoutSeconds: fc.integer({ min: 1, max: 25 }),
    successThreshold: fc.integer({ min: 1, max: 4 }),
    failureThreshold: fc.integer({ min: 1, max: 5 }),
    initialDelaySeconds: fc.integer({ min: 0, max: 30 }),
    workerStartMs: fc.integer({ min: 0, max: 20_000 }),
    containerDelayMs: fc.integer({ min: 0, max: 20_000 }),
    startedExtraMs: fc.integer({ min: 0, max: 40_000 }),
    segments: fc.array(
      fc.record({
        gapMs: fc.integer({ min: 1, max: 120_000 }),
        state: arbSegmentState,
        latencyMs: fc.option(fc.integer({ min: 0, max: 300 }).map((x) => x * 100), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    checkAtMs: fc.integer({ min: 0, max: 1_200_000 }),
  })
  .map((c) => {
    let t = 0;
    const health: HealthSegment[] = c.segments.map((s) => {
      t += s.gapMs;
      return s.latencyMs === undefined ? { fromMs: t, state: s.state } : { fromMs: t, state: s.state, probeLatencyMs: s.latencyMs };
    });
    const spec = {
      periodSeconds: c.periodSeconds,
      timeoutSeconds: c.timeoutSeconds,
      successThreshold: c.probeType === 'readiness' ? c.successThreshold : 1,
      failureThreshold: c.failureThreshold,
      initialDelaySeconds: c.initialDelaySeconds,
    };
    const containerStart = c.workerStartMs + c.containerDelayMs;
    const started = c.probeType === 'startup' ? containerStart : containerStart + c.startedExtraMs;
    const state = newProbeWorker(c.probeType, spec, c.workerStartMs, containerStart, started);
    const horizonMs = t + 200_000 + 400 * Math.max(c.periodSeconds, c.timeoutSeconds) * 1000;
    return { state, health, horizonMs, checkAtMs: c.checkAtMs };
  });

function allFlipsFast(state: ProbeWorkerState, health: HealthSegment[], horizonMs: number): ProbeFlip[] {
  const out: ProbeFlip[] = [];
  let s = state;
  for (let i = 0; i < 100; i++) {
    const f = nextFlip(s, health);
    if (!f || f.atMs > horizonMs) break;
    out.push(flipOf(f)!);
    s = f.state;
  }
  return out;
}

describe('probe worker event skipping (property)', () => {
  it('nextFlip chain equals the per-period reference', () => {
    fc.assert(
      fc.property(arbCase, ({ state, health, horizonMs }) => {
        const reference = simulateProbes(state, health, horizonMs).flips.map(flipOf);
        expect(allFlipsFast(state, health, horizonMs)).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  it('advanceTo equals the reference state at any instant', () => {
    fc.assert(
      fc.property(arbCase, ({ state, health, checkAtMs }) => {
        expect(advanceTo(state, health, checkAtMs)).toEqual(simulateProbes(state, health, checkAtMs).state);
      }),
      { numRuns: 400 },
    );
  });
});
