import { describe, expect, it } from 'vitest';
import {
  assessMetricFailureInconclusiveOrError,
  assessMetricStatus,
  assessRunStatus,
  metricLimits,
  type AnalysisPhase,
  type MetricCounters,
} from '../../../src/controllers/rollouts/analysis.ts';

// argo-rollouts analysis/analysis_test.go: the TestAssessMetricStatus* tests and TestAssessRunStatus /
// TestAssessRunStatusUpdateResult, with upstream's metrics, counters and expected phases. Upstream passes a
// MetricResult with its measurements; kubesim's assessMetricStatus takes the counters, the number of measurements
// and whether the last one is still in flight (no finishedAt).

const counters = (c: Partial<MetricCounters>): MetricCounters => ({
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveError: 0,
  consecutiveSuccess: 0,
  ...c,
});
const assess = (metric: Parameters<typeof metricLimits>[0], c: Partial<MetricCounters>, measurements: number, inFlight: boolean, terminating: boolean) =>
  assessMetricStatus(counters(c), metricLimits(metric), { measurements, inFlight, terminating });

describe('assessMetricStatus (analysis_test.go)', () => {
  it('TestAssessMetricStatusNoMeasurements', () => {
    expect(assess({}, {}, 0, false, false)).toBe('Pending');
    expect(assess({}, {}, 0, false, true)).toBe('Successful');
  });

  it('TestAssessMetricStatusInFlightMeasurement', () => {
    // One finished Successful measurement, then one Running without finishedAt; the result's counters are zero.
    expect(assess({}, {}, 2, true, false)).toBe('Running');
    expect(assess({}, {}, 2, true, true)).toBe('Running');
  });

  it('TestAssessMetricStatusFailureLimit', () => {
    const result = { failed: 3, count: 3 };
    expect(assess({ failureLimit: 2, interval: '60s' }, result, 1, false, false)).toBe('Failed');
    expect(assess({ failureLimit: 2, interval: '60s' }, result, 1, false, true)).toBe('Failed');
    expect(assess({ failureLimit: 3, interval: '60s' }, result, 1, false, false)).toBe('Running');
    expect(assess({ failureLimit: 3, interval: '60s' }, result, 1, false, true)).toBe('Successful');
  });

  it('TestAssessMetricStatusInconclusiveLimit', () => {
    const result = { inconclusive: 3, count: 3 };
    expect(assess({ inconclusiveLimit: 2, interval: '60s' }, result, 1, false, false)).toBe('Inconclusive');
    expect(assess({ inconclusiveLimit: 2, interval: '60s' }, result, 1, false, true)).toBe('Inconclusive');
    expect(assess({ inconclusiveLimit: 3, interval: '60s' }, result, 1, false, false)).toBe('Running');
    expect(assess({ inconclusiveLimit: 3, interval: '60s' }, result, 1, false, true)).toBe('Successful');
  });

  it('TestAssessMetricStatusConsecutiveErrors', () => {
    expect(assess({ interval: '60s' }, { consecutiveError: 5, count: 5 }, 1, false, false)).toBe('Error');
    expect(assess({ interval: '60s' }, { consecutiveError: 5, count: 5 }, 1, false, true)).toBe('Error');
    expect(assess({ interval: '60s' }, { consecutiveError: 4, count: 5 }, 1, false, true)).toBe('Successful');
    expect(assess({ interval: '60s' }, { consecutiveError: 4, count: 5 }, 1, false, false)).toBe('Running');
  });

  it('TestAssessMetricStatusCountReached', () => {
    expect(assess({ count: 10 }, { successful: 10, count: 10 }, 1, false, false)).toBe('Successful');
    expect(assess({ count: 10 }, { successful: 5, inconclusive: 5, count: 10 }, 1, false, false)).toBe('Inconclusive');
  });
});

describe('assessRunStatus (analysis_test.go)', () => {
  /** What the controller's assessRunStatus does per metric: re-assess unless terminal, then combine. */
  const run = (results: { name: string; phase: AnalysisPhase; counters?: Partial<MetricCounters>; measurements?: number; inFlight?: boolean }[]) => {
    const metrics = results.map((r) => {
      const c = counters(r.counters ?? {});
      const limits = metricLimits({});
      const phase = assessMetricStatus(c, limits, { measurements: r.measurements ?? 0, inFlight: r.inFlight ?? false, terminating: false, previous: r.phase });
      const { phase: reasonPhase, message: reason } = assessMetricFailureInconclusiveOrError(c, limits);
      return { name: r.name, phase, dryRun: false, reasonPhase, reason };
    });
    return { metrics, ...assessRunStatus(metrics, false) };
  };

  it('TestAssessRunStatus: ensure if one metric is still running, entire run is still running', () => {
    const got = run([
      { name: 'latency', phase: 'Successful' },
      { name: 'success-rate', phase: 'Running' },
    ]);
    expect([got.phase, got.message]).toEqual(['Running', '']);
  });

  it('TestAssessRunStatus: ensure we take the worst of the completed metrics', () => {
    const got = run([
      { name: 'latency', phase: 'Successful' },
      { name: 'success-rate', phase: 'Failed' },
    ]);
    expect([got.phase, got.message]).toEqual(['Failed', '']);
  });

  it('TestAssessRunStatusUpdateResult', () => {
    const got = run([
      { name: 'sleep-infinity', phase: 'Running', measurements: 1, inFlight: true },
      { name: 'fail-after-30', phase: 'Running', counters: { count: 1, failed: 1 }, measurements: 1 },
    ]);
    expect([got.phase, got.message]).toEqual(['Running', '']);
    expect(got.metrics[1]!.phase).toBe('Failed');
  });
});
