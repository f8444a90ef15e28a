import { describe, expect, it } from 'vitest';
import { EvaluateResult, type AnalysisPhase } from '../../../src/controllers/rollouts/analysis.ts';
import { EvalCondition } from '../../../src/controllers/rollouts/expr.ts';

// argo-rollouts utils/evaluate/evaluate_test.go. Upstream's EvaluateResult(result, metric) evaluates both
// conditions and returns Error when one fails to evaluate; kubesim splits it into EvalCondition (throws) and
// EvaluateResult(success, failure), so `evaluate` below is that composition, an absent condition passing undefined.
function evaluate(result: unknown, successCondition: string, failureCondition: string): AnalysisPhase {
  try {
    const success = successCondition === '' ? undefined : EvalCondition(result, successCondition);
    const failure = failureCondition === '' ? undefined : EvalCondition(result, failureCondition);
    return EvaluateResult(success, failure);
  } catch {
    return 'Error';
  }
}

describe('EvaluateResult (evaluate_test.go)', () => {
  it.each([
    ['TestEvaluateResultWithSuccess', true, 'true', 'false', 'Successful'],
    ['TestEvaluateResultWithFailure', true, 'true', 'true', 'Failed'],
    ['TestEvaluateResultInconclusive', true, 'false', 'false', 'Inconclusive'],
    ['TestEvaluateResultNoSuccessConditionAndNotFailing', true, '', 'false', 'Successful'],
    ['TestEvaluateResultNoFailureConditionAndNotSuccessful', true, 'false', '', 'Failed'],
    ['TestEvaluateResultNoFailureConditionAndNoSuccessCondition', true, '', '', 'Successful'],
    ['TestEvaluateResultWithErrorOnSuccessCondition', true, 'a == true', 'true', 'Error'],
    ['TestEvaluateResultWithErrorOnFailureCondition', true, 'true', 'a == true', 'Error'],
    ['TestEvaluateResultWithIndexedEmptyResult', [], 'result[0] <= 10', '', 'Error'],
  ] as const)('%s', (_n, result, success, failure, want) => {
    expect(evaluate(result, success, failure)).toBe(want);
  });
});

describe('EvalCondition (evaluate_test.go)', () => {
  it.each([
    ['TestEvaluateConditionWithSuccess', true, 'result == true', true],
    ['TestEvaluateConditionWithFailure', true, 'result == false', false],
    ['TestEvaluateConditionWithIndexedNonEmptyResult', [5], 'result[0] <= 10', true],
    ['TestEvaluateInOperator', [2, 2], '2 in result', true],
    ['TestEvaluateFloat64', 5, 'result > 1', true],
    ['TestEvaluateAsInt "1"', '1', 'asInt(result) == 1', true],
    ['TestEvaluateAsInt 1', 1, 'asInt(result) == 1', true],
    ['TestEvaluateAsInt 1.123', 1.123, 'asInt(result) == 1', true],
    ['TestEvaluateAsFloat "1.1" ==', '1.1', 'asFloat(result) == 1.1', true],
    ['TestEvaluateAsFloat "1.1" >=', '1.1', 'asFloat(result) >= 1.1', true],
    ['TestEvaluateAsFloat "1.1" <=', '1.1', 'asFloat(result) <= 1.1', true],
    ['TestEvaluateAsFloat 1.1', 1.1, 'asFloat(result) == 1.1', true],
    ['TestEvaluateAsFloat 1 ==', 1, 'asFloat(result) == 1', true],
    ['TestEvaluateAsFloat 1 >=', 1, 'asFloat(result) >= 1', true],
    ['TestEvaluateAsFloat 1 >= (repeated)', 1, 'asFloat(result) >= 1', true],
  ] as const)('%s', (_n, result, condition, want) => {
    expect(EvalCondition(result, condition)).toBe(want);
  });

  it.each([
    ['TestEvaluateConditionWithIndexedEmptyResult', [], 'result[0] <= 10', /./],
    ['TestErrorWithInvalidReference', true, 'invalidVariable', /unknown name invalidVariable/],
    ['TestEvaluateInvalidStruct', true, "result.Name() == 'hi'", /./],
    ['TestEvaluateAsIntPanic', '1.1', 'asInt(result) == 1.1', /./],
    ['TestEvaluateAsFloatError NotANum', 'NotANum', 'asFloat(result) == 1.1', /strconv.ParseFloat: parsing "NotANum": invalid syntax/],
  ] as const)('%s is an error', (_n, result, condition, message) => {
    expect(() => EvalCondition(result, condition)).toThrow(message);
  });

  // expr-lang types literals (1 is an int) and checks types before running; kubesim's numbers are doubles and it
  // checks types as it evaluates (docs/deviations.md, Argo Rollouts).
  it('deviation: TestErrorWithNonBoolReturn (the error names float64, not int: numbers are doubles)', () => {
    expect(() => EvalCondition(true, '1')).toThrow(/expected bool, but got float64/);
  });
  it('deviation: TestEvaluateAsFloatError mismatched (no static type check: == across types is false, not an error)', () => {
    expect(EvalCondition('1.1', 'asFloat(result) == "1.1"')).toBe(false);
  });
});
