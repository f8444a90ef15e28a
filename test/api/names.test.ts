import { describe, expect, it } from 'vitest';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../src/api/names.ts';

// validation_test.go TestIsDNS1123Label / Subdomain / 1035, TestIsQualifiedName, TestIsValidLabelValue.
describe('names', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    'DNS-1123 label %j is valid',
    (v) => expect(isDNS1123Label(v)).toEqual([]),
  );
  it.each(['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', 'a'.repeat(64)])(
    'DNS-1123 label %j is invalid',
    (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0),
  );
  it('says "must not contain dots" for a valid subdomain', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });
  it('quotes upstream RegexError with its double space', () => {
    expect(isDNS1123Label('A')[0]).toContain("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  });

  it.each(['a', 'a.a', 'a.b.c', '1.a', 'a.1', 'a-1.b-2', 'a'.repeat(253)])('DNS-1123 subdomain %j is valid', (v) =>
    expect(isDNS1123Subdomain(v)).toEqual([]),
  );
  it.each(['', 'A', 'a..b', '.a', 'a.', 'a_b', 'a'.repeat(254)])('DNS-1123 subdomain %j is invalid', (v) =>
    expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0),
  );

  it.each(['a', 'ab', 'a-1', 'a--1--2--b'])('DNS-1035 label %j is valid', (v) => expect(isDNS1035Label(v)).toEqual([]));
  it.each(['0', '01', '1a', '-a', 'a-', 'A'])('DNS-1035 label %j is invalid', (v) =>
    expect(isDNS1035Label(v).length).toBeGreaterThan(0),
  );

  it.each(['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', 'a..b', 'a'.repeat(63), `${'a'.repeat(253)}/${'b'.repeat(63)}`])(
    'label key %j is valid',
    (v) => expect(isQualifiedName(v)).toEqual([]),
  );
  it.each(['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), `${'a'.repeat(254)}/abc`])(
    'label key %j is invalid',
    (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0),
  );
  it('counts bytes, not characters', () => {
    expect(isValidLabelValue(`${'a'.repeat(61)}ā`).length).toBeGreaterThan(0);
    expect(isQualifiedName('/abc')).toEqual(['prefix part must be non-empty']);
  });

  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', '-'.repeat(0), 'a'.repeat(63), ''])(
    'label value %j is valid',
    (v) => expect(isValidLabelValue(v)).toEqual([]),
  );
  it.each(['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot', 'ends.with.dot.', 'a'.repeat(64)])(
    'label value %j is invalid',
    (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0),
  );
});
