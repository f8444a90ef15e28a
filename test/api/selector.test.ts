import { describe, expect, it } from 'vitest';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { SelectorError, compileNodeSelector, labelSelectorAsSelector, newRequirement, requirementMatches, selectorFromSet } from '../../src/api/selector.ts';

describe('helpers_test.go TestLabelSelectorAsSelector (the rows read: the first six)', () => {
  const matchLabels = { foo: 'bar' };
  const matchExpressions = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];
  it('nil → Nothing, {} → Everything', () => {
    expect(labelSelectorAsSelector(undefined).matches({})).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ any: 'label' })).toBe(true);
  });
  it.each<[LabelSelector, string]>([
    [{ matchLabels }, 'foo=bar'],
    [{ matchExpressions }, 'baz in (norf,qux)'],
    [{ matchLabels, matchExpressions }, 'baz in (norf,qux),foo=bar'],
  ])('%j → %s', (sel, want) => expect(labelSelectorAsSelector(sel).toString()).toBe(want));
  it('Exists with values is an error', () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] })).toThrow(SelectorError);
  });
});

describe('kubesim cases, not upstream rows: labelSelectorAsSelector', () => {
  it('nil matches nothing, {} matches everything', () => {
    expect(labelSelectorAsSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorAsSelector(null).matches({})).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ a: 'b' })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {} }).matches({})).toBe(true);
  });

  it.each<[LabelSelector, string]>([
    [{ matchLabels: { foo: 'bar' } }, 'foo=bar'],
    [{ matchLabels: { foo: 'bar', baz: 'blah' } }, 'baz=blah,foo=bar'],
    [
      {
        matchLabels: { foo: 'bar' },
        matchExpressions: [
          { key: 'baz', operator: 'In', values: ['qux', 'norf'] },
          { key: 'zed', operator: 'NotIn', values: ['a'] },
          { key: 'exists', operator: 'Exists' },
          { key: 'gone', operator: 'DoesNotExist' },
        ],
      },
      'baz in (norf,qux),exists,foo=bar,!gone,zed notin (a)',
    ],
    [{ matchExpressions: [{ key: 'e', operator: 'In', values: [''] }] }, 'e in ()'],
  ])('%j prints %s', (sel, want) => expect(labelSelectorAsSelector(sel).toString()).toBe(want));

  it.each<[LabelSelector, string]>([
    [{ matchExpressions: [{ key: 'foo', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'foo', operator: 'in', values: ['1'] }] }, '"in" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'foo', operator: 'In', values: [] }] }, "values set can't be empty"],
    [{ matchExpressions: [{ key: 'foo', operator: 'Exists', values: ['x'] }] }, 'values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'foo bar': 'x' } }, 'key: Invalid value: "foo bar"'],
    [{ matchLabels: { foo: 'x y' } }, 'values[0][foo]: Invalid value: "x y"'],
  ])('%j is rejected', (sel, message) => {
    expect(() => labelSelectorAsSelector(sel)).toThrow(SelectorError);
    expect(() => labelSelectorAsSelector(sel)).toThrow(message);
  });
});

// selector_test.go TestRequirementMatches-style cases and values-spec.md §3 surprises.
describe('requirement matching', () => {
  const labels = { x: 'a', y: 'b', empty: '', n: '10', s: 'abc' };
  it.each([
    ['x', 'In', ['a'], true],
    ['x', 'In', ['b', 'c'], false],
    ['missing', 'In', ['a'], false],
    ['x', 'NotIn', ['b'], true],
    ['x', 'NotIn', ['a'], false],
    ['missing', 'NotIn', ['a'], true],
    ['x', 'Exists', [], true],
    ['empty', 'Exists', [], true],
    ['missing', 'Exists', [], false],
    ['x', 'DoesNotExist', [], false],
    ['missing', 'DoesNotExist', [], true],
    ['empty', 'In', [''], true],
    ['n', 'Gt', ['9'], true],
    ['n', 'Gt', ['10'], false],
    ['n', 'Lt', ['11'], true],
    ['s', 'Gt', ['1'], false],
    ['missing', 'Lt', ['1'], false],
  ] as const)('%s %s %j → %s', (key, op, values, want) => {
    expect(requirementMatches(newRequirement(key, op, values), labels)).toBe(want);
  });

  it('Gt/Lt need one integer', () => {
    expect(() => newRequirement('k', 'Gt', ['a'])).toThrow(SelectorError);
    expect(() => newRequirement('k', 'Lt', ['1', '2'])).toThrow(SelectorError);
  });

  it('a set selector needs every pair', () => {
    const s = selectorFromSet({ app: 'web', tier: 'fe' });
    expect(s.matches({ app: 'web', tier: 'fe', extra: 'x' })).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
    expect(s.toString()).toBe('app=web,tier=fe');
  });
});

describe('compileNodeSelector (nodeaffinity)', () => {
  const node = { name: 'n1', labels: { zone: 'a', cpu: '8' } };
  it('ORs terms and ANDs requirements', () => {
    const ns = compileNodeSelector({
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'cpu', operator: 'Gt', values: ['4'] }] },
      ],
    });
    expect(ns.matches(node)).toBe(true);
    expect(ns.matches({ name: 'n2', labels: { zone: 'a', cpu: '2' } })).toBe(false);
  });
  it('an empty term or term list matches nothing', () => {
    expect(compileNodeSelector({ nodeSelectorTerms: [] }).matches(node)).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [{}] }).matches(node)).toBe(false);
  });
  it('matchFields on metadata.name', () => {
    const ns = compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] });
    expect(ns.matches(node)).toBe(true);
    expect(ns.matches({ name: 'n2' })).toBe(false);
  });
  it('an invalid term never matches and is reported', () => {
    const ns = compileNodeSelector({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['x'] }] }] });
    expect(ns.matches(node)).toBe(false);
    expect(ns.errors[0]).toContain('nodeSelectorTerms[0].matchExpressions[0]');
  });
});
