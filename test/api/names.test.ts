import { describe, expect, it } from 'vitest';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../src/api/names.ts';

// apimachinery util/validation/validation_test.go, the good and bad lists of each test in upstream's order.
describe('TestIsDNS1123Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    '%j is valid',
    (v) => expect(isDNS1123Label(v)).toEqual([]),
  );
  it.each([
    ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A'],
    ...['-', 'a-', '-a', '1-', '-1'],
    ...['_', 'a_', '_a', 'a_b', '1_', '_1', '1_2'],
    ...['.', 'a.', '.a', 'a.b', '1.', '.1', '1.2'],
    ...[' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2'],
    'a'.repeat(64),
  ])('%j is invalid', (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));
});

describe('TestIsDNS1123Subdomain', () => {
  it.each([
    ...['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b'],
    ...['0', '01', '012', '1a', '1-a', '1--a--b--2'],
    ...['a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a'],
    ...['a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1'],
    ...['0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2'],
    ...['0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1'],
    ...['a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55'],
    'a'.repeat(253),
  ])('%j is valid', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each([
    ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A'],
    ...['-', 'a-', '-a', '1-', '-1'],
    ...['_', 'a_', '_a', 'a_b', '1_', '_1', '1_2'],
    ...['.', 'a.', '.a', 'a..b', '1.', '.1', '1..2'],
    ...[' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2'],
    ...['A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A'],
    ...['A.1', 'aB.1', 'A1.1', '1A.1'],
    ...['0.A', '01.A', '012.A', '1A.a', '1a.A'],
    ...['A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee'],
    ...['a@b', 'a,b', 'a_b', 'a;b'],
    ...['a:b', 'a%b', 'a?b', 'a$b'],
    'a'.repeat(254),
  ])('%j is invalid', (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));
});

describe('TestIsDNS1035Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)])('%j is valid', (v) =>
    expect(isDNS1035Label(v)).toEqual([]),
  );
  it.each([
    ...['0', '01', '012', '1a', '1-a', '1--a--b--2'],
    ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A'],
    ...['-', 'a-', '-a', '1-', '-1'],
    ...['_', 'a_', '_a', 'a_b', '1_', '_1', '1_2'],
    ...['.', 'a.', '.a', 'a.b', '1.', '.1', '1.2'],
    ...[' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2'],
    'a'.repeat(64),
  ])('%j is invalid', (v) => expect(isDNS1035Label(v).length).toBeGreaterThan(0));
});

describe('TestIsQualifiedName', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('%j is valid', (v) => expect(isQualifiedName(v)).toEqual([]));
  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ])('%j is invalid', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));
});

describe('TestIsValidLabelValue', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''])(
    '%j is valid',
    (v) => expect(isValidLabelValue(v)).toEqual([]),
  );
  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ])('%j is invalid', (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));
});

// kubesim's own cases: upstream's messages and byte counting.
describe('kubesim: names', () => {
  it('says "must not contain dots" for a valid subdomain', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });
  it('quotes upstream RegexError with its double space', () => {
    expect(isDNS1123Label('A')[0]).toContain("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  });
  it('takes consecutive dots in a label key name part', () => {
    expect(isQualifiedName('a..b')).toEqual([]);
  });
  it('counts bytes, not characters', () => {
    expect(isValidLabelValue(`${'a'.repeat(61)}ā`).length).toBeGreaterThan(0);
    expect(isQualifiedName('/abc')).toEqual(['prefix part must be non-empty']);
  });
});
