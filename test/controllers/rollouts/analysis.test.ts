import { describe, expect, it } from 'vitest';
import {
  EvaluateResult,
  addMeasurement,
  assessMetricStatus,
  assessRunStatus,
  assessMetricFailureInconclusiveOrError,
  metricLimits,
  type AnalysisPhase,
  type MetricCounters,
} from '../../../src/controllers/rollouts/analysis.ts';

const zero: MetricCounters = { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0, consecutiveSuccess: 0 };
const fold = (phases: AnalysisPhase[]) => phases.reduce(addMeasurement, zero);

describe('EvaluateResult (evaluate.go)', () => {
  it.each([
    [undefined, undefined, 'Successful'],
    [true, undefined, 'Successful'],
    [false, undefined, 'Failed'],
    [undefined, true, 'Failed'],
    [undefined, false, 'Successful'],
    [true, true, 'Failed'],
    [true, false, 'Successful'],
    [false, false, 'Inconclusive'],
  ] as const)('success %s failure %s → %s', (s, f, expected) => {
    expect(EvaluateResult(s, f)).toBe(expected);
  });
});

describe('assessMetricStatus', () => {
  const opts = (n: number) => ({ measurements: n, inFlight: false, terminating: false });
  it('failureLimit 3 fails on the 4th failure, not the 3rd', () => {
    const l = metricLimits({ failureLimit: 3, interval: '1m' });
    expect(assessMetricStatus(fold(['Failed', 'Failed', 'Failed']), l, opts(3))).toBe('Running');
    expect(assessMetricStatus(fold(['Failed', 'Failed', 'Failed', 'Failed']), l, opts(4))).toBe('Failed');
  });
  it('default limits: one failure fails; the 5th consecutive error errors; errors do not count', () => {
    const l = metricLimits({ interval: '1m', count: 3 });
    expect(assessMetricStatus(fold(['Successful', 'Failed']), l, opts(2))).toBe('Failed');
    const errs = fold(['Error', 'Error', 'Error', 'Error']);
    expect(errs.count).toBe(0);
    expect(assessMetricStatus(errs, l, opts(4))).toBe('Running');
    expect(assessMetricStatus(addMeasurement(errs, 'Error'), l, opts(5))).toBe('Error');
  });
  it('count reached → Successful; no interval → count 1; consecutiveSuccessLimit', () => {
    expect(assessMetricStatus(fold(['Successful']), metricLimits({}), opts(1))).toBe('Successful');
    expect(assessMetricStatus(fold(['Successful', 'Successful']), metricLimits({ count: 3, interval: '1m' }), opts(2))).toBe('Running');
    expect(assessMetricStatus(fold(['Successful', 'Successful']), metricLimits({ count: 5, interval: '1m', consecutiveSuccessLimit: 2 }), opts(2))).toBe('Successful');
    expect(assessMetricStatus(fold(['Successful', 'Inconclusive']), metricLimits({ count: 2, interval: '1m', consecutiveSuccessLimit: 2, inconclusiveLimit: 5 }), opts(2))).toBe('Inconclusive');
    expect(assessMetricStatus(zero, metricLimits({}), opts(0))).toBe('Pending');
  });
});

describe('assessRunStatus', () => {
  it('worst non-dry-run phase wins; dry-run metrics never fail the run but keep it running', () => {
    expect(assessRunStatus([{ name: 'a', phase: 'Successful', dryRun: false }, { name: 'b', phase: 'Running', dryRun: true }], false).phase).toBe('Running');
    expect(
      assessRunStatus(
        [
          { name: 'a', phase: 'Inconclusive', dryRun: false, reason: 'x' },
          { name: 'b', phase: 'Failed', dryRun: false, reason: 'error rate 5%' },
          { name: 'c', phase: 'Failed', dryRun: true },
        ],
        false,
      ),
    ).toMatchObject({ phase: 'Failed', message: 'Metric "b" assessed Failed due to error rate 5%' });
    expect(assessRunStatus([{ name: 'c', phase: 'Failed', dryRun: true }], false).phase).toBe('Successful');
  });
  it('appends the provider message; a worst metric with no tripped limit gives no message', () => {
    const failed = { name: 'm', phase: 'Failed' as const, dryRun: false, reasonPhase: 'Failed' as const, reason: 'failed (1) > failureLimit (0)' };
    expect(assessRunStatus([{ ...failed, message: 'connection refused' }], false).message).toBe(
      'Metric "m" assessed Failed due to failed (1) > failureLimit (0): "Error Message: connection refused"',
    );
    expect(assessRunStatus([failed], false).message).toBe('Metric "m" assessed Failed due to failed (1) > failureLimit (0)');
    // Failed only because consecutiveSuccessLimit was not reached: no limit tripped, so no "due to " with nothing after.
    expect(assessRunStatus([{ name: 'm', phase: 'Failed', dryRun: false }], false)).toMatchObject({ phase: 'Failed', message: '' });
  });
  it('runSummary and dryRunSummary count every metric and file completed ones under the limit they tripped', () => {
    const r = assessRunStatus(
      [
        { name: 'a', phase: 'Successful', dryRun: false },
        { name: 'b', phase: 'Error', dryRun: false, reasonPhase: 'Error', reason: 'consecutiveErrors (5) > consecutiveErrorLimit (4)' },
        { name: 'c', phase: 'Failed', dryRun: false },
        { name: 'd', phase: 'Failed', dryRun: true, reasonPhase: 'Failed', reason: 'failed (2) > failureLimit (1)' },
        { name: 'e', phase: 'Inconclusive', dryRun: true, reasonPhase: 'Inconclusive', reason: 'inconclusive (1) > inconclusiveLimit (0)' },
        { name: 'f', phase: 'Running', dryRun: true },
      ],
      true,
    );
    expect(r.phase).toBe('Failed');
    expect(r.message).toBe('');
    expect(r.runSummary).toEqual({ count: 3, successful: 2, failed: 0, inconclusive: 0, error: 1 });
    expect(r.dryRunSummary).toEqual({ count: 3, successful: 0, failed: 1, inconclusive: 1, error: 0 });
  });
});

describe('assessMetricFailureInconclusiveOrError', () => {
  it.each([
    [{ failed: 1, inconclusive: 0, consecutiveError: 0 }, {}, 'Failed', 'failed (1) > failureLimit (0)'],
    [{ failed: 1, inconclusive: 0, consecutiveError: 0 }, { failureLimit: -1 }, undefined, ''],
    [{ failed: 1, inconclusive: 1, consecutiveError: 0 }, {}, 'Inconclusive', 'inconclusive (1) > inconclusiveLimit (0)'],
    [{ failed: 2, inconclusive: 0, consecutiveError: 5 }, {}, 'Error', 'consecutiveErrors (5) > consecutiveErrorLimit (4)'],
    [{ failed: 0, inconclusive: 0, consecutiveError: 4 }, {}, undefined, ''],
  ] as const)('%o with %o → %s', (counters, limits, phase, message) => {
    expect(assessMetricFailureInconclusiveOrError(counters, metricLimits(limits))).toEqual({ phase, message });
  });
});
