/**
 * `IntOrString` values (`maxSurge: 25%` or `maxSurge: 1`), after apimachinery `pkg/util/intstr/intstr.go`.
 */

/** An int or a string, exactly as written in the manifest. */
export type IntOrString = number | string;

/** Thrown by {@link getScaledValueFromIntOrPercent}, with upstream's messages. */
export class IntOrStringError extends Error {
  override name = 'IntOrStringError';
}

/** Go's `strconv.Atoi` syntax: optional sign, then decimal digits only (no spaces, no decimals). */
const ATOI = /^[+-]?[0-9]+$/;

/**
 * Port of `GetScaledValueFromIntOrPercent`. An int is returned unchanged (`total` ignored). A string must end in
 * `%`; the result is ceil(p × total / 100) when `roundUp`, else floor, computed in float64 as Go does.
 * Worked example: 90% of 95 → 85.5 → 86 (roundUp, as for maxSurge) / 85 (down, as for maxUnavailable).
 */
export function getScaledValueFromIntOrPercent(
  intOrPercent: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (intOrPercent === null || intOrPercent === undefined) throw new IntOrStringError('nil value for IntOrString');
  if (typeof intOrPercent === 'number') return intOrPercent;
  const percent = getIntOrPercentValueSafely(intOrPercent);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The percentage of a `"N%"` string; throws with upstream's message otherwise. */
function getIntOrPercentValueSafely(s: string): number {
  if (!s.endsWith('%')) {
    throw new IntOrStringError('invalid value for IntOrString: invalid type: string is not a percentage');
  }
  const digits = s.slice(0, -1);
  if (!ATOI.test(digits)) throw new IntOrStringError(`invalid value "${s}": strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`);
  return Number(digits);
}

/** Whether `v` is a valid percent string as `GetScaledValueFromIntOrPercent` accepts it (`"25%"`, `"-10%"`). */
export function isPercent(v: unknown): v is string {
  return typeof v === 'string' && v.endsWith('%') && ATOI.test(v.slice(0, -1));
}
