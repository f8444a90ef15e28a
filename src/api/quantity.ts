/**
 * Kubernetes resource quantities, ported from apimachinery `pkg/api/resource` (`quantity.go`, `suffix.go`,
 * `amount.go`). A quantity is an exact decimal `unscaled × 10^scale` held in a bigint, never a float, so
 * `0.1 + 0.2` CPU is exactly 300m and `64Mi` is exactly 67108864 bytes.
 *
 * Parsing follows `ParseQuantity` byte for byte: the hand-written scanner (`parseQuantityString`), the suffix
 * table (`interpret`), rounding of anything finer than 1n *up* (away from zero), the 2^63-1 cap on BinarySI and the
 * "reuse the input string when it is already canonical" fast path that makes `String()` echo `+1` or `1E3`.
 */

/** How a quantity prints: `12Mi` (BinarySI), `12M` (DecimalSI) or `12e6` (DecimalExponent), as in Go. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** Regex quoted by upstream's `ErrFormatWrong`; the scanner, not this regex, decides what is valid. */
const SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Upstream's three parse errors, with their exact texts. */
export const QuantityErrorReason = {
  FormatWrong: `quantities must match the regular expression '${SPLIT_RE_STRING}'`,
  Numeric: 'unable to parse numeric part of quantity',
  Suffix: "unable to parse quantity's suffix",
  /** Not upstream: kubesim refuses values it cannot represent exactly as a JS number instead of wrapping. */
  OutOfRange: 'quantity is too large to be represented exactly',
} as const;

/** Thrown by {@link parseQuantity} and the value accessors; `reason` is one of {@link QuantityErrorReason}. */
export class QuantityError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid quantity ${JSON.stringify(input)}: ${reason}`);
    this.name = 'QuantityError';
  }
}

/**
 * An exact quantity: the value is `unscaled × 10^scale`. Immutable; `toString()` and `toJSON()` give Go's
 * canonical `String()`.
 */
export class Quantity {
  constructor(
    /** Signed integer mantissa. */
    readonly unscaled: bigint,
    /** Power of ten applied to `unscaled` (≥ -9 for anything parsed). */
    readonly scale: number,
    /** Remembered from the suffix; decides how the quantity prints. */
    readonly format: QuantityFormat,
    /** The input text when it was already canonical (upstream's cached `s`); printed verbatim. */
    readonly cached?: string,
  ) {}

  /** Go's `Quantity.String()`. */
  toString(): string {
    return formatQuantity(this);
  }

  /** Same as Go's `MarshalJSON`: the canonical string. */
  toJSON(): string {
    return formatQuantity(this);
  }
}

const MAX_INT64 = (1n << 63n) - 1n;
const MAX_INT32 = 2147483647;
/** `maxInt64Factors` in amount.go: an int64 holds any 18-digit decimal. */
const MAX_INT64_FACTORS = 18;
const NANO_SCALE = -9;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map(
  Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]),
);
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const SUFFIX_LETTERS = 'eEinumkKMGTP';

interface Scanned {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Port of `parseQuantityString`: sign, leading zeros skipped (an input that ends there is 0), integer digits,
 * optional `.` and fraction digits, then a suffix of letters from `eEinumkKMGTP`, one optional sign and digits.
 */
function parseQuantityString(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  const num = pos === numStart ? '0' : str.slice(numStart, pos);
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(str[pos] as string)) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return undefined;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/**
 * Port of `suffixHandler.interpret`. `e<n>`/`E<n>` exponents must fit ±MaxInt32 (newer apimachinery rejects
 * `1e4294967297` instead of truncating it to `1e1`).
 */
function interpretSuffix(suffix: string): Suffix | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined && Object.hasOwn(DECIMAL_SUFFIXES, suffix)) {
    return { base: 10, exponent: decimal, format: 'DecimalSI' };
  }
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined && Object.hasOwn(BINARY_SUFFIXES, suffix)) {
    return { base: 2, exponent: binary, format: 'BinarySI' };
  }
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(rest)) return undefined;
    const exponent = BigInt(rest);
    if (exponent > BigInt(MAX_INT32) || exponent < -BigInt(MAX_INT32)) return undefined;
    return { base: 10, exponent: Number(exponent), format: 'DecimalExponent' };
  }
  return undefined;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function digitCount(n: bigint): number {
  return n === 0n ? 0 : abs(n).toString().length;
}

/** Divides rounding away from zero (inf.RoundUp); `divisor` > 0. */
function divAwayFromZero(n: bigint, divisor: bigint): bigint {
  const q = n / divisor;
  if (q * divisor === n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/**
 * Rounds a non-zero `unscaled × 10^scale` up (away from zero) to a multiple of 10^-9, as ParseQuantity does:
 * "if you want some resources, you should get some resources". `3.001n` → 4n; `0.0000000001` → 1n.
 */
function roundToNano(unscaled: bigint, scale: number): [bigint, number] {
  if (scale >= NANO_SCALE || unscaled === 0n) return [unscaled, scale];
  const drop = NANO_SCALE - scale;
  // |unscaled| < 10^drop means the quotient truncates to 0 and rounds up to ±1n; skip the huge power of ten.
  if (drop > digitCount(unscaled)) return [unscaled < 0n ? -1n : 1n, NANO_SCALE];
  return [divAwayFromZero(unscaled, pow10(drop)), NANO_SCALE];
}

/** Parses a Kubernetes quantity (`500m`, `64Mi`, `1e3`, `0.5`). Throws {@link QuantityError}. */
export function parseQuantity(str: string): Quantity {
  if (typeof str !== 'string') throw new QuantityError(String(str), QuantityErrorReason.FormatWrong);
  if (str.length === 0) throw new QuantityError(str, QuantityErrorReason.FormatWrong);
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0');
  const scanned = parseQuantityString(str);
  if (!scanned) throw new QuantityError(str, QuantityErrorReason.FormatWrong);
  const { positive, num, denom } = scanned;
  const suffix = interpretSuffix(scanned.suffix);
  if (!suffix) throw new QuantityError(str, QuantityErrorReason.Suffix);
  let format = suffix.format;
  const digits = BigInt(num + denom);
  const sign = positive ? 1n : -1n;

  const cached = canonicalInput(num, denom, suffix) ? str : undefined;

  let unscaled: bigint;
  let scale: number;
  if (suffix.base === 10) {
    unscaled = sign * digits;
    scale = suffix.exponent - denom.length;
  } else {
    unscaled = sign * (digits << BigInt(suffix.exponent));
    scale = -denom.length;
  }
  [unscaled, scale] = roundToNano(unscaled, scale);
  if (format === 'BinarySI') {
    // Upstream caps BinarySI magnitudes at 2^63-1 (keeping the sign), and prints 0 < |v| < 1 as DecimalSI.
    if (compareMagnitude(unscaled, scale, MAX_INT64, 0) > 0) {
      unscaled = sign * MAX_INT64;
      scale = 0;
    } else if (unscaled !== 0n && compareMagnitude(unscaled, scale, 1n, 0) < 0) {
      format = 'DecimalSI';
    }
  }
  return new Quantity(unscaled, scale, format, cached);
}

/**
 * Whether ParseQuantity's int64 fast path applies and finds the input canonical, so `String()` returns the input
 * text verbatim. Decimal: at most 18 digits, scale ≥ -9, scale % 3 == 0, no trailing `000`, no leading `0`.
 * Binary: integer mantissa, small enough for int64 (upstream's rough precision estimate), not a multiple of 8.
 */
function canonicalInput(num: string, denom: string, suffix: Suffix): boolean {
  if (suffix.format === 'BinarySI') {
    if (denom.length > 0) return false;
    // float32(exponent)*3/10 is exact for exponents 10..60, so integer arithmetic gives the same precision.
    const precision = 15 - num.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
    if (precision < 0) return false;
    const value = BigInt(num);
    if ((value << BigInt(suffix.exponent)) > MAX_INT64) return false;
    return suffix.exponent % 10 === 0 && (value & 7n) !== 0n;
  }
  if (MAX_INT64_FACTORS - (num.length + denom.length) < 0) return false;
  const scale = suffix.exponent - denom.length;
  if (scale < NANO_SCALE) return false;
  const shifted = num + denom;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** Compares |a·10^as| with |b·10^bs| without building huge powers of ten. */
function compareMagnitude(a: bigint, as: number, b: bigint, bs: number): number {
  const absA = abs(a);
  const absB = abs(b);
  if (absA === 0n || absB === 0n) return absA === absB ? 0 : absA === 0n ? -1 : 1;
  // Order of magnitude first: digits + scale decides unless equal, in which case the shift is bounded by the
  // digit counts and the exact comparison is cheap.
  const magA = digitCount(absA) + as;
  const magB = digitCount(absB) + bs;
  if (magA !== magB) return magA > magB ? 1 : -1;
  const common = Math.min(as, bs);
  const x = absA * pow10(as - common);
  const y = absB * pow10(bs - common);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** Go's `Quantity.Cmp`: -1, 0 or 1, comparing exact values whatever their format (`10000T` > `100Gi`). */
export function compareQuantity(a: Quantity | string | number, b: Quantity | string | number): -1 | 0 | 1 {
  const x = toQuantity(a);
  const y = toQuantity(b);
  const sx = x.unscaled === 0n ? 0 : x.unscaled < 0n ? -1 : 1;
  const sy = y.unscaled === 0n ? 0 : y.unscaled < 0n ? -1 : 1;
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  const m = compareMagnitude(x.unscaled, x.scale, y.unscaled, y.scale);
  if (m === 0) return 0;
  return (sx * m) as -1 | 1;
}

/**
 * Go's `Add`. The result keeps `a`'s format, except that adding to a zero takes the other operand's format
 * (`0 + 1Gi` prints `1Gi`).
 */
export function addQuantity(a: Quantity | string | number, b: Quantity | string | number): Quantity {
  const x = toQuantity(a);
  const y = toQuantity(b);
  const format = x.unscaled === 0n ? y.format : x.format;
  const common = Math.min(x.scale, y.scale);
  const sum = x.unscaled * pow10(x.scale - common) + y.unscaled * pow10(y.scale - common);
  return new Quantity(sum, common, format);
}

/** Accepts a parsed quantity, a quantity string, or a bare JSON/YAML number (`cpu: 2`, `cpu: 0.5`). */
export function toQuantity(q: Quantity | string | number): Quantity {
  if (q instanceof Quantity) return q;
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) throw new QuantityError(String(q), QuantityErrorReason.Numeric);
    return parseQuantity(String(q));
  }
  return parseQuantity(q);
}

/**
 * Go's `ScaledValue(scale)`: the value in units of 10^scale, rounded away from zero (`1.1` → 2, `-1.1` → -2), as
 * upstream does on both its int64 and big-decimal paths since kubernetes/kubernetes#110653.
 */
export function scaledValue(q: Quantity | string | number, scale: number): bigint {
  const x = toQuantity(q);
  const shift = x.scale - scale;
  if (shift >= 0) {
    if (digitCount(x.unscaled) + shift > 40) throw new QuantityError(formatQuantity(x), QuantityErrorReason.OutOfRange);
    return x.unscaled * pow10(shift);
  }
  if (-shift > digitCount(x.unscaled)) return x.unscaled === 0n ? 0n : x.unscaled < 0n ? -1n : 1n;
  return divAwayFromZero(x.unscaled, pow10(-shift));
}

function toSafeNumber(q: Quantity | string | number, v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new QuantityError(formatQuantity(toQuantity(q)), QuantityErrorReason.OutOfRange);
  }
  return Number(v);
}

/**
 * Go's `MilliValue`: ceil(q × 1000) as an exact integer. `0.5` → 500, `0.0005` → 1, `1n` → 1. Throws
 * {@link QuantityError} beyond ±2^53-1.
 */
export function milliValue(q: Quantity | string | number): number {
  return toSafeNumber(q, scaledValue(q, -3));
}

/** Go's `Value`: ceil(q) as an exact integer. `0.5` → 1, `100.035Ki` → 102436. Throws beyond ±2^53-1. */
export function value(q: Quantity | string | number): number {
  return toSafeNumber(q, scaledValue(q, 0));
}

/** CPU in millicores (Go's `MilliValue`): `200m` → 200, `0.5` → 500, `2` → 2000. */
export function cpuMillis(q: Quantity | string | number): number {
  return milliValue(q);
}

/** Memory (or any byte count) in bytes (Go's `Value`): `64Mi` → 67108864, `1G` → 1000000000. */
export function memoryBytes(q: Quantity | string | number): number {
  return value(q);
}

/**
 * Base-10 canonical mantissa and exponent (`AsCanonicalBytes`): trailing zeros move into the exponent, then the
 * exponent is lowered to a multiple of 3. Worked example: 1.08 = 108e-2 → 1080e-3 → `1080m`.
 */
function canonicalDecimal(unscaled: bigint, scale: number): [bigint, number] {
  let m = unscaled;
  let e = scale;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  while (e % 3 !== 0) {
    m *= 10n;
    e--;
  }
  return [m, e];
}

/**
 * Go's `Quantity.String()` (`CanonicalizeBytes`): `1.5Gi` → `1536Mi`, `0.5` → `500m`, `1.3E+6` → `1300e3`, zero
 * → `0`. An input that was already canonical prints verbatim. A DecimalSI exponent past `E` (10^18) prints in
 * exponent form (`1000E` → `1e21`), as newer apimachinery does instead of silently dropping the suffix.
 */
export function formatQuantity(q: Quantity | string | number): string {
  const x = toQuantity(q);
  if (x.cached !== undefined) return x.cached;
  if (x.unscaled === 0n) return '0';
  let format = x.format;
  if (format === 'BinarySI') {
    const small = compareMagnitude(x.unscaled, x.scale, 1024n, 0) < 0;
    const whole = x.scale >= 0 || x.unscaled % pow10(-x.scale) === 0n;
    if (small || !whole) {
      format = 'DecimalSI';
    } else {
      let n = x.scale >= 0 ? x.unscaled * pow10(x.scale) : x.unscaled / pow10(-x.scale);
      let power = 0;
      while (n % 1024n === 0n) {
        n /= 1024n;
        power++;
      }
      const suffix = BINARY_SUFFIX_BY_POWER[power];
      // Past Ei there is no binary suffix; print the exact decimal form rather than lose the magnitude.
      if (suffix !== undefined) return `${n}${suffix}`;
      format = 'DecimalExponent';
    }
  }
  const [m, e] = canonicalDecimal(x.unscaled, x.scale);
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(e);
    if (suffix !== undefined) return `${m}${suffix}`;
  }
  return e === 0 ? `${m}` : `${m}e${e}`;
}
