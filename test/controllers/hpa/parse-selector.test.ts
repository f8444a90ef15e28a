/**
 * The string-selector parser of a scale subresource (`labels.Parse`), with upstream's `selector_test.go` rows:
 * TestSelectorParse (good strings round-trip through `String()`, bad strings fail) and TestDeterministicParse.
 */
import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector } from '../../../src/api/selector.ts';
import { parseSelector } from '../../../src/controllers/hpa/parse-selector.ts';

const restring = (s: string) => labelSelectorAsSelector(parseSelector(s)).toString();

describe('TestSelectorParse (selector_test.go)', () => {
  it.each(['x=a,y=b,z=c', '', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x'])('good string %j parses and restrings', (s) => {
    expect(restring(s)).toBe(s.replaceAll(' ', ''));
  });
  it('good string "x!=a,y=b" (deviation: a LabelSelector has no NotEquals, so x!=a restrings as x notin (a))', () => {
    expect(restring('x!=a,y=b')).toBe('x notin (a),y=b');
  });
  it.each(['x>1', 'x>1,z<5'])('good string %j (deviation: gt and lt cannot be held by a LabelSelector, kubesim rejects them)', (s) => {
    expect(() => parseSelector(s)).toThrow('cannot be held by a LabelSelector');
  });
  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a'])('bad string %j fails', (s) => {
    expect(() => parseSelector(s)).toThrow();
  });
});

describe('TestDeterministicParse (selector_test.go)', () => {
  it('x=a,a=x and a=x,x=a give the same selector', () => expect(restring('x=a,a=x')).toBe(restring('a=x,x=a')));
});

describe('kubesim cases, not upstream: labels.Parse error messages', () => {
  it.each([
    ['cheddar cheese', "unable to parse requirement: found 'cheese', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
  ])('%j', (s, message) => expect(() => parseSelector(s)).toThrow(message));
});
