import { describe, expect, it } from 'vitest';
import { IntOrStringError, getScaledValueFromIntOrPercent, isPercent } from '../../src/api/intorstr.ts';

// intstr_test.go TestGetScaledValueFromIntOrPercent and values-spec.md §2.
describe('getScaledValueFromIntOrPercent', () => {
  it.each([
    [123, 0, false, 123],
    [90, 100, true, 90],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
    ['33%', 10, true, 4],
    ['33%', 10, false, 3],
    ['-10%', 10, true, -1],
    ['150%', 4, true, 6],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['0%', 7, true, 0],
  ] as const)('%j of %i (roundUp %s) → %i', (v, total, roundUp, want) => {
    expect(getScaledValueFromIntOrPercent(v, total, roundUp)).toBe(want);
  });

  it.each([
    [null, 'nil value for IntOrString'],
    ['abc', 'string is not a percentage'],
    ['5', 'string is not a percentage'],
    ['%', 'invalid syntax'],
    ['5.5%', 'invalid syntax'],
    [' 5%', 'invalid syntax'],
    ['5%%', 'invalid syntax'],
  ] as const)('%j is an error', (v, message) => {
    expect(() => getScaledValueFromIntOrPercent(v, 10, true)).toThrow(IntOrStringError);
    expect(() => getScaledValueFromIntOrPercent(v, 10, true)).toThrow(message);
  });

  it('recognises percentages', () => {
    expect(isPercent('25%')).toBe(true);
    expect(isPercent('+25%')).toBe(true);
    expect(isPercent('25')).toBe(false);
    expect(isPercent(25)).toBe(false);
  });
});
