import { describe, expect, it } from 'vitest';
import { IntOrStringError, getScaledValueFromIntOrPercent, isPercent } from '../../src/api/intorstr.ts';

// intstr_test.go TestGetValueFromIntOrPercent (the rows of the version read), then kubesim's own cases from
// values-spec.md §2, kept apart.
describe('intstr_test.go TestGetValueFromIntOrPercent', () => {
  it.each([
    [123, 0, false, 123],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
  ] as const)('%j of %i (roundUp %s) → %i', (v, total, roundUp, want) => {
    expect(getScaledValueFromIntOrPercent(v, total, roundUp)).toBe(want);
  });
  it.each(['%', '90#', '#%'])('%j is an error', (v) => {
    expect(() => getScaledValueFromIntOrPercent(v, 0, false)).toThrow(IntOrStringError);
  });
});

describe('kubesim cases, not upstream rows: getScaledValueFromIntOrPercent (values-spec.md §2)', () => {
  it.each([
    [90, 100, true, 90],
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
