import { describe, expect, it } from 'vitest';
import {
  Quantity,
  QuantityError,
  QuantityErrorReason,
  type QuantityFormat,
  scaledValue,
  addQuantity,
  compareQuantity,
  cpuMillis,
  formatQuantity,
  memoryBytes,
  milliValue,
  parseQuantity,
  value,
} from '../../src/api/quantity.ts';

/** Upstream's `decQuantity(i, exponent, format)`: the value i × 10^exponent. */
const dec = (i: bigint | number, exponent: number, format: QuantityFormat) => new Quantity(BigInt(i), exponent, format);
const MAX_INT64 = (1n << 63n) - 1n;

// quantity_test.go TestQuantityParse (the whole table, in upstream's order, with its two repeated rows `1e3` and
// `0.5e0`).
const PARSE_TABLE: [string, Quantity][] = [
  ['0', dec(0, 0, 'DecimalSI')],
  ['0n', dec(0, 0, 'DecimalSI')],
  ['0u', dec(0, 0, 'DecimalSI')],
  ['0m', dec(0, 0, 'DecimalSI')],
  ['0Ki', dec(0, 0, 'BinarySI')],
  ['0k', dec(0, 0, 'DecimalSI')],
  ['0Mi', dec(0, 0, 'BinarySI')],
  ['0M', dec(0, 0, 'DecimalSI')],
  ['0Gi', dec(0, 0, 'BinarySI')],
  ['0G', dec(0, 0, 'DecimalSI')],
  ['0Ti', dec(0, 0, 'BinarySI')],
  ['0T', dec(0, 0, 'DecimalSI')],
  ['1', dec(1, 0, 'DecimalSI')],
  ['1Ki', dec(1024, 0, 'BinarySI')],
  ['8Ki', dec(8 * 1024, 0, 'BinarySI')],
  ['7Mi', dec(7 * 1024 * 1024, 0, 'BinarySI')],
  ['6Gi', dec(6n * 1024n ** 3n, 0, 'BinarySI')],
  ['5Ti', dec(5n * 1024n ** 4n, 0, 'BinarySI')],
  ['4Pi', dec(4n * 1024n ** 5n, 0, 'BinarySI')],
  ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],
  ['10Ti', dec(10n * 1024n ** 4n, 0, 'BinarySI')],
  ['100Ti', dec(100n * 1024n ** 4n, 0, 'BinarySI')],
  ['5n', dec(5, -9, 'DecimalSI')],
  ['4u', dec(4, -6, 'DecimalSI')],
  ['3m', dec(3, -3, 'DecimalSI')],
  ['9', dec(9, 0, 'DecimalSI')],
  ['8k', dec(8, 3, 'DecimalSI')],
  ['50k', dec(5, 4, 'DecimalSI')],
  ['7M', dec(7, 6, 'DecimalSI')],
  ['6G', dec(6, 9, 'DecimalSI')],
  ['5T', dec(5, 12, 'DecimalSI')],
  ['40T', dec(4, 13, 'DecimalSI')],
  ['300T', dec(3, 14, 'DecimalSI')],
  ['2P', dec(2, 15, 'DecimalSI')],
  ['1E', dec(1, 18, 'DecimalSI')],
  ['1E-3', dec(1, -3, 'DecimalExponent')],
  ['1e3', dec(1, 3, 'DecimalExponent')],
  ['1E6', dec(1, 6, 'DecimalExponent')],
  ['1e9', dec(1, 9, 'DecimalExponent')],
  ['1E12', dec(1, 12, 'DecimalExponent')],
  ['1e15', dec(1, 15, 'DecimalExponent')],
  ['1E18', dec(1, 18, 'DecimalExponent')],
  ['1e14', dec(1, 14, 'DecimalExponent')],
  ['1e13', dec(1, 13, 'DecimalExponent')],
  ['1e3', dec(1, 3, 'DecimalExponent')],
  ['100.035k', dec(100035, 0, 'DecimalSI')],
  ['0.001', dec(1, -3, 'DecimalSI')],
  ['0.0005k', dec(5, -1, 'DecimalSI')],
  ['0.005', dec(5, -3, 'DecimalSI')],
  ['0.05', dec(5, -2, 'DecimalSI')],
  ['0.5', dec(5, -1, 'DecimalSI')],
  ['0.00050k', dec(5, -1, 'DecimalSI')],
  ['0.00500', dec(5, -3, 'DecimalSI')],
  ['0.05000', dec(5, -2, 'DecimalSI')],
  ['0.50000', dec(5, -1, 'DecimalSI')],
  ['0.5e0', dec(5, -1, 'DecimalExponent')],
  ['0.5e-1', dec(5, -2, 'DecimalExponent')],
  ['0.5e-2', dec(5, -3, 'DecimalExponent')],
  ['0.5e0', dec(5, -1, 'DecimalExponent')],
  ['10.035M', dec(10035, 3, 'DecimalSI')],
  ['1.2e3', dec(12, 2, 'DecimalExponent')],
  ['1.3E+6', dec(13, 5, 'DecimalExponent')],
  ['1.40e9', dec(14, 8, 'DecimalExponent')],
  ['1.53E12', dec(153, 10, 'DecimalExponent')],
  ['1.6e15', dec(16, 14, 'DecimalExponent')],
  ['1.7E18', dec(17, 17, 'DecimalExponent')],
  ['9.01', dec(901, -2, 'DecimalSI')],
  ['8.1k', dec(81, 2, 'DecimalSI')],
  ['7.123456M', dec(7123456, 0, 'DecimalSI')],
  ['6.987654321G', dec(6987654321, 0, 'DecimalSI')],
  ['5.444T', dec(5444, 9, 'DecimalSI')],
  ['40.1T', dec(401, 11, 'DecimalSI')],
  ['300.2T', dec(3002, 11, 'DecimalSI')],
  ['2.5P', dec(25, 14, 'DecimalSI')],
  ['1.01E', dec(101, 16, 'DecimalSI')],
  ['3.001n', dec(4, -9, 'DecimalSI')],
  ['1.1E-9', dec(2, -9, 'DecimalExponent')],
  ['0.0000000001', dec(1, -9, 'DecimalSI')],
  ['0.0000000005', dec(1, -9, 'DecimalSI')],
  ['0.00000000050', dec(1, -9, 'DecimalSI')],
  ['0.5e-9', dec(1, -9, 'DecimalExponent')],
  ['0.9n', dec(1, -9, 'DecimalSI')],
  ['0.00000012345', dec(124, -9, 'DecimalSI')],
  ['0.00000012354', dec(124, -9, 'DecimalSI')],
  ['9Ei', dec(MAX_INT64, 0, 'BinarySI')],
  ['9223372036854775807Ki', dec(MAX_INT64, 0, 'BinarySI')],
  ['12E', dec(12, 18, 'DecimalSI')],
  ['100.035Ki', dec(10243584, -2, 'BinarySI')],
  ['0.5Mi', dec(0.5 * 1024 * 1024, 0, 'BinarySI')],
  ['0.05Gi', dec(536870912, -1, 'BinarySI')],
  ['0.025Ti', dec(274877906944, -1, 'BinarySI')],
  ['0.000000000001Ki', dec(2, -9, 'DecimalSI')],
  ['.001', dec(1, -3, 'DecimalSI')],
  ['.0001k', dec(100, -3, 'DecimalSI')],
  ['1.', dec(1, 0, 'DecimalSI')],
  ['1.G', dec(1, 9, 'DecimalSI')],
];

const neg = (q: Quantity) => new Quantity(-q.unscaled, q.scale, q.format);

describe('parseQuantity (TestQuantityParse)', () => {
  it.each(PARSE_TABLE)('%s', (input, want) => {
    const got = parseQuantity(input);
    expect(compareQuantity(got, want)).toBe(0);
    expect(got.format).toBe(want.format);
  });
  it.each(PARSE_TABLE)('-%s is the negation', (input, want) => {
    const got = parseQuantity(`-${input}`);
    expect(compareQuantity(got, neg(want))).toBe(0);
    expect(got.format).toBe(want.format);
  });
  it.each(PARSE_TABLE)('+%s is the same value', (input, want) => {
    const got = parseQuantity(`+${input}`);
    expect(compareQuantity(got, want)).toBe(0);
    expect(got.format).toBe(want.format);
  });

  // TestQuantityParse: the empty string, then upstream's `invalid` list.
  it.each(['', '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', '1e4294967297', ' 1', '1 '])(
    'rejects %j',
    (input) => {
      expect(() => parseQuantity(input)).toThrow(QuantityError);
    },
  );

  // TestQuantityParseNonNumericPanic: MustParse panics, parseQuantity throws.
  it('rejects "Non-Numeric"', () => {
    expect(() => parseQuantity('Non-Numeric')).toThrow(QuantityError);
  });

  // TestQuantityParseZero
  it('"0" prints as "0"', () => {
    expect(formatQuantity(parseQuantity('0'))).toBe('0');
  });

  // TestInterpretExponentInt32Bounds checks the suffix layer; kubesim's suffix interpreter is private, so each
  // suffix is read through parseQuantity(`1` + suffix): an accepted suffix parses, a rejected one fails with
  // upstream's suffix error.
  it.each([
    ['e14', true],
    ['E2147483647', true],
    ['E-2147483647', true],
    ['E2147483648', false],
    ['E-2147483648', false],
    ['E4294967297', false],
    ['E8589934592', false],
    ['E9223372036854775807', false],
    ['E9223372036854775808', false],
    ['E6024865272343', false],
  ] as const)('TestInterpretExponentInt32Bounds %s (ok %s)', (suffix, ok) => {
    const parse = () => parseQuantity(`1${suffix}`);
    if (ok) expect(parse().format).toBe('DecimalExponent');
    else expect(parse).toThrow(QuantityErrorReason.Suffix);
  });

  // kubesim's own cases (values-spec.md): case matters and a lone `e` is no exponent.
  it.each([
    'ki',
    '1K',
    '1KB',
    '1gi',
    '1e',
    '1EE',
    '1m5',
    '--1',
    '+-1',
    '1Mi1',
    '1,5',
    '1_000',
  ])('kubesim: rejects %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
  });

  it('kubesim: names the upstream reason in the error', () => {
    expect(() => parseQuantity('1.1.M')).toThrow(/quantities must match the regular expression/);
    expect(() => parseQuantity('1EE')).toThrow(/unable to parse quantity's suffix/);
    expect(() => parseQuantity('1KB')).toThrow(/invalid quantity "1KB"/);
  });

  it.each(['-', '+', '00', '-0', '.', '-.', '0.'])('kubesim: %j parses as zero', (input) => {
    expect(formatQuantity(parseQuantity(input))).toBe('0');
  });

  it('kubesim: keeps decimal magnitudes exactly and caps binary ones at 2^63-1', () => {
    expect(parseQuantity('1e100').unscaled * 10n ** BigInt(parseQuantity('1e100').scale)).toBe(10n ** 100n);
    expect(compareQuantity('8Ei', dec(MAX_INT64, 0, 'BinarySI'))).toBe(0);
    expect(compareQuantity('1024Ei', dec(MAX_INT64, 0, 'BinarySI'))).toBe(0);
    expect(compareQuantity('-9Ei', dec(-MAX_INT64, 0, 'BinarySI'))).toBe(0);
    expect(compareQuantity('10E', dec(1, 19, 'DecimalSI'))).toBe(0);
  });

  it('kubesim: handles exponents at the int32 bounds without expanding them', () => {
    expect(compareQuantity('1e2147483647', '1e2147483646')).toBe(1);
    expect(formatQuantity('1e-2147483647')).toBe('1e-9');
  });
});

// quantity_test.go TestQuantityString: [in, expect, alternate spelling that canonicalizes to expect].
const STRING_TABLE: [Quantity, string, string][] = [
  [dec(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
  [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
  [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
  [dec(1001n * 1024n ** 3n, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
  [dec(1024n ** 4n, 0, 'BinarySI'), '1Ti', '1024Gi'],
  [dec(5, 0, 'BinarySI'), '5', '5000m'],
  [dec(500, -3, 'BinarySI'), '500m', '0.5'],
  [dec(1, 9, 'DecimalSI'), '1G', '1000M'],
  [dec(1000, 6, 'DecimalSI'), '1G', '0.001T'],
  [dec(1000000, 3, 'DecimalSI'), '1G', ''],
  [dec(1000000000, 0, 'DecimalSI'), '1G', ''],
  [dec(1, -3, 'DecimalSI'), '1m', '1000u'],
  [dec(80, -3, 'DecimalSI'), '80m', ''],
  [dec(1080, -3, 'DecimalSI'), '1080m', '1.08'],
  [dec(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
  [dec(10800, -4, 'DecimalSI'), '1080m', ''],
  [dec(300, 6, 'DecimalSI'), '300M', ''],
  [dec(1, 12, 'DecimalSI'), '1T', ''],
  [dec(1, 18, 'DecimalSI'), '1E', ''],
  [dec(1, 21, 'DecimalSI'), '1e21', '1000E'],
  [dec(5, 21, 'DecimalSI'), '5e21', '5000E'],
  [dec(1, 24, 'DecimalSI'), '1e24', '1000000E'],
  [dec(1, 70, 'BinarySI'), '10e69', ''],
  [dec(2, 70, 'BinarySI'), '20e69', ''],
  [dec(1, 72, 'BinarySI'), '1e72', ''],
  [dec(1234567, 6, 'DecimalSI'), '1234567M', ''],
  [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
  [dec(3, 3, 'DecimalSI'), '3k', ''],
  [dec(1025, 0, 'BinarySI'), '1025', ''],
  [dec(0, 0, 'DecimalSI'), '0', ''],
  [dec(0, 0, 'BinarySI'), '0', ''],
  [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
  [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
  [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
  [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
  [dec(300, 6, 'DecimalExponent'), '300e6', ''],
  [dec(1, 12, 'DecimalExponent'), '1e12', ''],
  [dec(1, 3, 'DecimalExponent'), '1e3', ''],
  [dec(3, 3, 'DecimalExponent'), '3e3', ''],
  [dec(3, 3, 'DecimalSI'), '3k', ''],
  [dec(0, 0, 'DecimalExponent'), '0', '00'],
  [dec(1, -9, 'DecimalSI'), '1n', ''],
  [dec(80, -9, 'DecimalSI'), '80n', ''],
  [dec(1080, -9, 'DecimalSI'), '1080n', ''],
  [dec(108, -8, 'DecimalSI'), '1080n', ''],
  [dec(10800, -10, 'DecimalSI'), '1080n', ''],
  [dec(1, -6, 'DecimalSI'), '1u', ''],
  [dec(80, -6, 'DecimalSI'), '80u', ''],
  [dec(1080, -6, 'DecimalSI'), '1080u', ''],
];

describe('formatQuantity (TestQuantityString)', () => {
  it.each(STRING_TABLE)('%s prints %s', (q, want, alternate) => {
    expect(formatQuantity(q)).toBe(want);
    const reparsed = parseQuantity(want);
    expect(reparsed.cached ?? formatQuantity(reparsed)).toBe(want);
    if (alternate !== '') {
      const alt = parseQuantity(alternate);
      expect(alt.cached).toBeUndefined();
      expect(formatQuantity(alt)).toBe(want);
    }
    if (q.unscaled !== 0n) expect(formatQuantity(neg(q))).toBe(`-${want}`);
  });

  // TestQuantityStringBelowNano: no parse gives these (parsing rounds up to 1n), only a constructed quantity.
  it.each([
    [dec(1, -12, 'DecimalSI'), '1e-12'],
    [dec(1, -10, 'DecimalSI'), '100e-12'],
  ])('TestQuantityStringBelowNano %s', (q, want) => expect(formatQuantity(q)).toBe(want));

  it('prints past-Ei binary values exactly (TestBinarySIPastEiArithmeticRoundTrip)', () => {
    expect(formatQuantity(dec(1n << 70n, 0, 'BinarySI'))).toBe('1180591620717411303424');
  });

  it.each([
    [dec(2000, 0, 'BinarySI'), '2000'],
    [dec(-2000, 0, 'BinarySI'), '-2000'],
  ])('TestBinarySIZeroExponentString %s', (q, want) => expect(formatQuantity(q)).toBe(want));

  // TestQuantityParseEmit, and its negative versions.
  it.each([
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ])('%s re-emits as %s', (input, want) => {
    expect(formatQuantity(input)).toBe(want);
    expect(formatQuantity(`-${input}`)).toBe(`-${want}`);
  });

  // kubesim's own cases (values-spec.md): the cached-input fast path echoes canonical spellings.
  it.each([
    ['+1', '+1'],
    ['0001', '0001'],
    ['1E3', '1E3'],
    ['1e+3', '1e+3'],
    ['1e03', '1e03'],
    ['1.', '1.'],
    ['1.G', '1.G'],
    ['+1Ki', '+1Ki'],
    ['1.5Gi', '1536Mi'],
    ['0.5Mi', '512Ki'],
    ['0.3Ki', '307200m'],
    ['1.1Mi', '1153433600m'],
    ['100.035Ki', '102435840m'],
    ['1.3E+6', '1300e3'],
    ['1e14', '100e12'],
    ['0.5e-1', '50e-3'],
    ['5000m', '5'],
    ['.001e12', '1e9'],
    ['0.5', '500m'],
    ['0.1m', '100u'],
    ['8Ki', '8Ki'],
  ])('kubesim: %s prints %s', (input, want) => expect(formatQuantity(input)).toBe(want));
});

describe('compareQuantity (TestQuantityCmp)', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
  ] as const)('%s vs %s', (a, b, want) => {
    expect(compareQuantity(a, b)).toBe(want);
    expect(compareQuantity(b, a)).toBe(-want === 0 ? 0 : -want);
  });

  // TestQuantityCmp's second table compares quantities whose inf.Dec is nil; a nil Dec is zero, and kubesim has
  // no nil, so those operands are the zero quantity.
  const zero = dec(0, 0, 'DecimalSI');
  it.each([
    [dec(0, 0, 'DecimalSI'), dec(0, 0, 'DecimalSI'), 0],
    [zero, dec(0, 0, 'DecimalSI'), 0],
    [dec(0, 0, 'DecimalSI'), zero, 0],
    [zero, zero, 0],
    [zero, dec(10, 0, 'DecimalSI'), -1],
    [zero, dec(-10, 0, 'DecimalSI'), 1],
    [dec(10, 0, 'DecimalSI'), zero, 1],
    [dec(-10, 0, 'DecimalSI'), zero, -1],
  ] as const)('TestQuantityCmp (nil Dec as zero) %s vs %s → %i', (a, b, want) => {
    expect(compareQuantity(a, b)).toBe(want);
  });

  // TestQuantityCmpInt64AndDec, with mostPositive/mostNegative = ±(2^63-1) / -2^63.
  const mostPositive = MAX_INT64;
  const mostNegative = -(1n << 63n);
  const e18 = 10n ** 18n;
  it.each([
    [dec(901, -2, 'DecimalSI'), dec(901, -2, 'DecimalSI'), 0],
    [dec(90, -1, 'DecimalSI'), dec(901, -2, 'DecimalSI'), -1],
    [dec(901, -2, 'DecimalSI'), dec(900, -2, 'DecimalSI'), 1],
    [dec(0, 0, 'DecimalSI'), dec(0, 0, 'DecimalSI'), 0],
    [dec(0, 1, 'DecimalSI'), dec(0, -1, 'DecimalSI'), 0],
    [dec(0, -1, 'DecimalSI'), dec(0, 1, 'DecimalSI'), 0],
    [dec(800, -3, 'DecimalSI'), dec(1, 0, 'DecimalSI'), -1],
    [dec(800, -3, 'DecimalSI'), dec(79, -2, 'DecimalSI'), 1],
    [dec(mostPositive, 0, 'DecimalSI'), dec(1, -1, 'DecimalSI'), 1],
    [dec(mostPositive, 1, 'DecimalSI'), dec(1, 0, 'DecimalSI'), 1],
    [dec(mostPositive, 1, 'DecimalSI'), dec(1, 1, 'DecimalSI'), 1],
    [dec(mostPositive, 1, 'DecimalSI'), dec(0, 1, 'DecimalSI'), 1],
    [dec(mostPositive, -16, 'DecimalSI'), dec(1, 3, 'DecimalSI'), -1],
    [dec(mostNegative, 0, 'DecimalSI'), dec(0, 0, 'DecimalSI'), -1],
    [dec(mostNegative, -18, 'DecimalSI'), dec(-1, 0, 'DecimalSI'), -1],
    [dec(mostNegative, -19, 'DecimalSI'), dec(-1, 0, 'DecimalSI'), 1],
    [dec(e18, -17, 'DecimalSI'), dec(1, 1, 'DecimalSI'), 0],
    [dec(e18, -17, 'DecimalSI'), dec(-10, 0, 'DecimalSI'), 1],
    [dec(-e18, -17, 'DecimalSI'), dec(-10, 0, 'DecimalSI'), 0],
    [dec(e18, -17, 'DecimalSI'), dec(1, 0, 'DecimalSI'), 1],
    [dec(e18 + 1n, -17, 'DecimalSI'), dec(1, 1, 'DecimalSI'), 1],
    [dec(e18 - 1n, -17, 'DecimalSI'), dec(1, 1, 'DecimalSI'), -1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(compareQuantity(a, b)).toBe(want);
    expect(compareQuantity(b, a)).toBe(want === 0 ? 0 : -want);
  });
});

describe('value and milliValue (ScaledValue)', () => {
  // TestNegativeValueRoundsAwayFromZero (kubernetes/kubernetes#110653): Value and MilliValue round away from zero
  // on every path.
  it.each([
    ['-.484785E-7466', -1, -1],
    ['.484785E-7466', 1, 1],
    ['-.484785E-1', -1, -49],
    ['.484785E-1', 1, 49],
    ['-0.0005', -1, -1],
    ['0.0005', 1, 1],
    ['-1500m', -2, -1500],
    ['1500m', 2, 1500],
    ['-9.5000000001Gi', -10200547329, -10200547328108],
    ['9.5000000001Gi', 10200547329, 10200547328108],
    ['-1', -1, -1000],
    ['1', 1, 1000],
    ['0', 0, 0],
  ] as const)('TestNegativeValueRoundsAwayFromZero %s → Value %i, MilliValue %i', (input, v, milli) => {
    expect(value(input)).toBe(v);
    expect(milliValue(input)).toBe(milli);
  });

  // TestQuantityRoundUp: RoundUp(scale) rounds away from zero to a multiple of 10^scale and reports whether that
  // was exact. kubesim has ScaledValue, the same rounding as an integer count of 10^scale units.
  it.each([
    ['9.01', -3, dec(901, -2, 'DecimalSI'), true],
    ['9.01', -2, dec(901, -2, 'DecimalSI'), true],
    ['9.01', -1, dec(91, -1, 'DecimalSI'), false],
    ['9.01', 0, dec(10, 0, 'DecimalSI'), false],
    ['9.01', 1, dec(10, 0, 'DecimalSI'), false],
    ['9.01', 2, dec(100, 0, 'DecimalSI'), false],
    ['-9.01', -3, dec(-901, -2, 'DecimalSI'), true],
    ['-9.01', -2, dec(-901, -2, 'DecimalSI'), true],
    ['-9.01', -1, dec(-91, -1, 'DecimalSI'), false],
    ['-9.01', 0, dec(-10, 0, 'DecimalSI'), false],
    ['-9.01', 1, dec(-10, 0, 'DecimalSI'), false],
    ['-9.01', 2, dec(-100, 0, 'DecimalSI'), false],
  ] as const)('TestQuantityRoundUp %s at scale %i', (input, scale, want, exact) => {
    const rounded = dec(scaledValue(input, scale), scale, 'DecimalSI');
    expect(compareQuantity(rounded, want)).toBe(0);
    expect(compareQuantity(rounded, input) === 0).toBe(exact);
  });

  // TestScaledValue: NewScaledQuantity(1, from).ScaledValue(to).
  it.each([
    [-9, -9, 1],
    [-9, -6, 1],
    [-9, -3, 1],
    [-9, 0, 1],
    [-6, -9, 1000],
    [-6, -6, 1],
    [-6, -3, 1],
    [-6, 0, 1],
    [-3, -9, 1000 * 1000],
    [-3, -6, 1000],
    [-3, -3, 1],
    [-3, 0, 1],
    [0, -9, 1000 * 1000 * 1000],
    [0, -6, 1000 * 1000],
    [0, -3, 1000],
    [0, 0, 1],
    [2, -2, 100 * 100],
  ] as const)('TestScaledValue 1e%i at scale %i → %i', (from, to, want) => {
    expect(scaledValue(dec(1, from, 'DecimalSI'), to)).toBe(BigInt(want));
  });

  // TestNewScaledSet: NewScaledQuantity(value, scale) is DecimalSI; its string round-trips to the same value.
  it.each([
    [1, -9, '1n'],
    [1000, -9, '1u'],
    [1, -6, '1u'],
    [1000, -6, '1m'],
    [1, -3, '1m'],
    [1000, -3, '1'],
    [1, 0, '1'],
    [0, -9, '0'],
    [0, -6, '0'],
    [0, -3, '0'],
    [0, 0, '0'],
  ] as const)('TestNewScaledSet %i × 10^%i prints %s', (v, scale, want) => {
    const q = dec(v, scale, 'DecimalSI');
    expect(formatQuantity(q)).toBe(want);
    expect(scaledValue(parseQuantity(formatQuantity(q)), scale)).toBe(BigInt(v));
  });

  // TestNewSet and TestMilliNewSet: NewQuantity(value, format) and NewMilliQuantity(value, format). Upstream's
  // "invalidFormatDefaultsToExponent" row passes a format outside the enum, which prints as DecimalExponent; kubesim's
  // format is a closed union, so that row casts.
  const invalidFormat = 'invalidFormatDefaultsToExponent' as QuantityFormat;
  it.each([
    [1, 'DecimalSI', '1'],
    [1000, 'DecimalSI', '1k'],
    [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'],
    [1000000, invalidFormat, '1e6'],
    [1024 * 1024, 'BinarySI', '1Mi'],
  ] as const)('TestNewSet %i %s prints %s', (v, format, want) => {
    expect(formatQuantity(dec(v, 0, format))).toBe(want);
    expect(value(parseQuantity(want))).toBe(v);
  });
  it.each([
    [1, 'DecimalSI', '1m', true],
    [1000, 'DecimalSI', '1', true],
    [1234000, 'DecimalSI', '1234', true],
    [1024, 'BinarySI', '1024m', false],
    [1000000, invalidFormat, '1e3', true],
    [1024 * 1024, 'BinarySI', '1048576m', false],
  ] as const)('TestMilliNewSet %i %s prints %s', (v, format, want, exact) => {
    expect(formatQuantity(dec(v, -3, format))).toBe(want);
    if (exact) expect(milliValue(parseQuantity(want))).toBe(v);
  });

  // kubesim's own cases.
  it.each([
    ['0.5', 1, 500],
    ['0.0005', 1, 1],
    ['100.035Ki', 102436, 102435840],
    ['1n', 1, 1],
    ['200m', 1, 200],
    ['64Mi', 67108864, 67108864000],
    ['2', 2, 2000],
    ['1.5Gi', 1610612736, 1610612736000],
    ['-1.1', -2, -1100],
    ['-0.0001', -1, -1],
  ] as const)('kubesim: %s → Value %i, MilliValue %i', (input, v, milli) => {
    expect(value(input)).toBe(v);
    expect(milliValue(input)).toBe(milli);
  });

  it('kubesim: accepts bare numbers as YAML gives them', () => {
    expect(cpuMillis(0.5)).toBe(500);
    expect(cpuMillis(2)).toBe(2000);
    expect(memoryBytes(1024)).toBe(1024);
    expect(cpuMillis('200m')).toBe(200);
    expect(memoryBytes('64Mi')).toBe(67108864);
  });

  it('kubesim: refuses values a JS number cannot hold exactly instead of wrapping', () => {
    expect(() => memoryBytes('8Ei')).toThrow(/too large/);
    expect(() => value('1e2147483647')).toThrow(QuantityError);
  });
});

describe('addQuantity', () => {
  // TestQuantityAddZeroPreservesSuffix
  it.each(['100m', '1Gi'])('0 + %s keeps the suffix', (s) => {
    expect(formatQuantity(addQuantity('0', s))).toBe(s);
    expect(formatQuantity(addQuantity(s, '0'))).toBe(s);
  });
  // TestAdd; `Quantity{Format: DecimalSI}` is the zero quantity.
  const zero = dec(0, 0, 'DecimalSI');
  it.each([
    [dec(10, 0, 'DecimalSI'), dec(1, 1, 'DecimalSI'), dec(20, 0, 'DecimalSI')],
    [dec(10, 0, 'DecimalSI'), dec(1, 0, 'BinarySI'), dec(11, 0, 'DecimalSI')],
    [dec(10, 0, 'BinarySI'), dec(1, 0, 'DecimalSI'), dec(11, 0, 'BinarySI')],
    [zero, dec(50, 0, 'DecimalSI'), dec(50, 0, 'DecimalSI')],
    [dec(50, 0, 'DecimalSI'), zero, dec(50, 0, 'DecimalSI')],
    [zero, zero, dec(0, 0, 'DecimalSI')],
  ] as const)('TestAdd %s + %s = %s', (a, b, want) => {
    expect(compareQuantity(addQuantity(a, b), want)).toBe(0);
  });
  it('kubesim: adds exactly', () => {
    expect(formatQuantity(addQuantity('100m', '0.2'))).toBe('300m');
    expect(formatQuantity(addQuantity('1Gi', '512Mi'))).toBe('1536Mi');
  });
});
