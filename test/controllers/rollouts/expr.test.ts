import { describe, expect, it } from 'vitest';
import { ConditionError, EvalCondition, parseCondition } from '../../../src/controllers/rollouts/expr.ts';

describe('EvalCondition (expr-lang semantics Argo uses)', () => {
  it.each([
    ['result[0] >= 0.95', [0.97], true],
    ['result[0] >= 0.95', [0.9], false],
    ['result < 0.05', 0.01, true],
    ['len(result) > 0', [1, 2], true],
    ['len(result) > 0', [], false],
    ["result == 'true'", 'true', true],
    ['result == "true"', 'false', false],
    ['asInt(result) > 1', '2', true],
    ['asFloat(result) <= 0.5', '0.25', true],
    ['result.ok and result.count >= 3', { ok: true, count: 3 }, true],
    ['result[0] > 1 || isNaN(result[0])', [Number.NaN], true],
    ['not (result > 2)', 1, true],
    ['default(result, 7) == 7', null, true],
    ["'ok' in result", { ok: 1 }, true],
    ['3 in result', [1, 2], false],
    ['asInt(result) == -1', -1.9, true],
  ] as const)('%s with %j → %s', (cond, result, want) => {
    expect(EvalCondition(result, cond)).toBe(want);
  });

  it.each([
    ['result[0] > 1', [], /index out of range/],
    ['asInt(result) > 1', 'abc', /ParseInt/],
    ['result + 1', 1, /expected bool/],
    ['result > "a"', 1, /mismatched types/],
    ['1 in result', 1, /mismatched types/],
  ] as const)('%s with %j is an evaluation error', (cond, result, msg) => {
    expect(() => EvalCondition(result, cond)).toThrow(msg);
  });

  it('rejects unknown names and syntax at parse time, never evaluating code', () => {
    expect(() => parseCondition('process.exit(1)')).toThrow(ConditionError);
    expect(() => parseCondition('constructor')).toThrow(/unknown name/);
    expect(() => parseCondition('result >')).toThrow(/cannot parse/);
    expect(() => parseCondition('all(result, {# > 1})')).toThrow(ConditionError);
  });
});
