import { describe, expect, it } from 'vitest';
import {
  doProbe,
  newProbeWorker,
  onNewContainer,
  probeEligibleFromMs,
  withEligibleFrom,
  type HealthSegment,
  type ProbeSpec,
  type ProbeType,
  type ProbeWorkerState,
} from '../../../src/controllers/kubelet/probes.ts';

// pkg/kubelet/prober/worker_test.go, the tests that exercise doProbe's arithmetic (thresholds, initial delay, hold,
// the startup gate), in upstream's order. Upstream drives one doProbe per call with a fake exec prober; here each
// call is one doProbe at the worker's next tick against a container whose health gives the fake prober's answer
// (healthy: Success, starting: Failure, both answering at once). Upstream's "container started" status is the
// worker's startup gate (`eligibleFromMs`). TestDoProbe (pod phases and missing statuses, which kubesim's kubelet
// resolves before a worker exists), TestCleanUp and TestHandleCrash (goroutines, panics) are not ported.

const answers = { success: [{ fromMs: Number.NEGATIVE_INFINITY, state: 'healthy' }], failure: [{ fromMs: Number.NEGATIVE_INFINITY, state: 'starting' }] } satisfies Record<
  string,
  HealthSegment[]
>;

/**
 * A worker for a container running since 0, probed first at 0. `started` false shuts the gate of a liveness or
 * readiness worker; the startup worker itself runs before `started`.
 */
function worker(probeType: ProbeType, spec: ProbeSpec, started = true): ProbeWorkerState {
  return newProbeWorker(probeType, spec, 0, 0, started || probeType === 'startup' ? 0 : Number.POSITIVE_INFINITY);
}

/** One doProbe with the fake prober returning `result`. */
function probe(state: ProbeWorkerState, result: 'success' | 'failure'): ProbeWorkerState {
  return doProbe(state, answers[result]).state;
}

/** `SetContainerStartup(true)` at the worker's next probe. */
const setStarted = (state: ProbeWorkerState) => withEligibleFrom(state, state.nextProbeAtMs);

describe('worker_test.go', () => {
  it.each(['liveness', 'readiness', 'startup'] as const)('TestInitialDelay (%s)', (probeType) => {
    let w = worker(probeType, { initialDelaySeconds: 10 }, probeType !== 'startup');
    w = probe(w, 'success');
    expect(w.published).toBe({ liveness: 'success', readiness: 'failure', startup: 'unknown' }[probeType]);
    // "100 seconds later": the same container reported as started 100 s before the next probe.
    w = withEligibleFrom(w, probeEligibleFromMs(w.timing, w.nextProbeAtMs - 100_000));
    w = probe(w, 'success');
    expect(w.published).toBe('success');
  });

  it('TestFailureThreshold', () => {
    let w = worker('readiness', { successThreshold: 1, failureThreshold: 3 });
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        w = probe(w, 'success');
        expect(w.published, `${j + 1} success (${i})`).toBe('success');
      }
      for (let j = 0; j < 2; j++) {
        w = probe(w, 'failure');
        expect(w.published, `${j + 1} failing (${i})`).toBe('success');
      }
      for (let j = 0; j < 3; j++) {
        w = probe(w, 'failure');
        expect(w.published, `${j + 3} failure (${i})`).toBe('failure');
      }
    }
  });

  it('TestSuccessThreshold', () => {
    // Upstream sets Failure in the results manager first; Failure is readiness's initial value.
    let w = worker('readiness', { successThreshold: 3, failureThreshold: 1 });
    expect(w.published).toBe('failure');
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        w = probe(w, 'success');
        expect(w.published, `${j + 1} success (${i})`).toBe('failure');
      }
      for (let j = 0; j < 3; j++) {
        w = probe(w, 'success');
        expect(w.published, `${j + 3} success (${i})`).toBe('success');
      }
      w = probe(w, 'failure');
      expect(w.published, `1 failure (${i})`).toBe('failure');
    }
  });

  it('TestStartupProbeSuccessThreshold', () => {
    let w = worker('startup', { successThreshold: 1, failureThreshold: 3 }, false);
    expect(w.onHold).toBe(false);
    w = probe(w, 'success');
    expect(w.published).toBe('success');
    expect(w.onHold).toBe(true);
    expect(w.resultRun).toBe(0);
  });

  it('TestStartupProbeFailureThreshold', () => {
    let w = worker('startup', { successThreshold: 1, failureThreshold: 3 }, false);
    for (let i = 0; i < 3; i++) {
      expect(w.onHold).toBe(false);
      w = probe(w, 'failure');
      expect(w.published, `${i + 1} failure`).toBe(i < 2 ? 'unknown' : 'failure');
      expect(w.resultRun).toBe(i < 2 ? i + 1 : 0);
    }
    expect(w.onHold).toBe(true);
    expect(w.resultRun).toBe(0);
  });

  it.each(['liveness', 'startup'] as const)('TestOnHoldOnLivenessOrStartupCheckFailure (%s)', (probeType) => {
    let w = worker(probeType, { successThreshold: 1, failureThreshold: 1 }, probeType !== 'startup');
    w = probe(w, 'failure');
    expect(w.published, 'first probe').toBe('failure');
    expect(w.onHold).toBe(true);
    w = probe(w, 'success');
    expect(w.published, 'while on hold').toBe('failure');
    expect(w.onHold).toBe(true);
    // A new container ID lifts the hold.
    w = onNewContainer(w, w.nextProbeAtMs);
    w = probe(w, 'success');
    expect(w.published, 'hold lifted').toBe('success');
    expect(w.onHold).toBe(probeType === 'startup');
  });

  it('TestResultRunOnLivenessCheckFailure', () => {
    let w = worker('liveness', { successThreshold: 1, failureThreshold: 3 });
    const steps = [
      ['success', 'success', 1, 'initial probe success'],
      ['failure', 'success', 1, 'probe failure, result success'],
      ['failure', 'success', 2, '2nd probe failure, result success'],
      ['failure', 'failure', 0, '3rd probe failure, result failure'],
    ] as const;
    for (const [answer, published, resultRun, msg] of steps) {
      w = probe(w, answer);
      expect(w.published, msg).toBe(published);
      expect(w.resultRun, msg).toBe(resultRun);
    }
  });

  it('TestResultRunOnStartupCheckFailure', () => {
    let w = worker('startup', { successThreshold: 1, failureThreshold: 3 }, false);
    const steps = [
      ['unknown', 1, 'probe failure, result unknown'],
      ['unknown', 2, '2nd probe failure, result unknown'],
      ['failure', 0, '3rd probe failure, result failure'],
    ] as const;
    for (const [published, resultRun, msg] of steps) {
      w = probe(w, 'failure');
      expect(w.published, msg).toBe(published);
      expect(w.resultRun, msg).toBe(resultRun);
    }
  });

  it('TestLivenessProbeDisabledByStarted', () => {
    let w = worker('liveness', { successThreshold: 1, failureThreshold: 1 }, false);
    w = probe(w, 'failure');
    expect(w.published, 'Not started, probe failure, result success').toBe('success');
    w = probe(setStarted(w), 'failure');
    expect(w.published, 'Started, probe failure, result failure').toBe('failure');
  });

  // Upstream's startup worker stops probing once the container is started; kubesim's already holds after the
  // Success that started it (v1.32), so the third probe does not run either way.
  it('TestStartupProbeDisabledByStarted', () => {
    let w = worker('startup', { successThreshold: 1, failureThreshold: 2 }, false);
    w = probe(w, 'failure');
    expect(w.published, 'Not started, probe failure, result unknown').toBe('unknown');
    w = probe(w, 'success');
    expect(w.published, 'Not started, probe success, result success').toBe('success');
    w = probe(w, 'failure');
    expect(w.published, 'Started, probe failure, result success').toBe('success');
  });
});
