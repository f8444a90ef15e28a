/**
 * kubectl's age formatting, ported from apimachinery `pkg/util/duration/duration.go` (`HumanDuration`,
 * `ShortHumanDuration`) and the printers' `translateTimestampSince`. Durations are integer milliseconds; Go works in
 * nanoseconds, and every Go `int(d / unit)` here is a truncating division, so the results agree at millisecond
 * resolution.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** Go's `int(x)` conversion of a float and its integer `/`: both truncate toward zero. */
function goDiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/**
 * `duration.HumanDuration`: about two to three significant figures, as in the AGE column of `kubectl get`.
 * Worked examples: 190 s → `3m10s` (under 10 minutes keeps seconds); 49 h → `2d1h` (under 8 days keeps hours);
 * (2·365·24 + 25) h → `2y1d`. A duration down to −1.999 s prints `0s` (clock skew tolerance); below that `<invalid>`.
 */
export function humanDuration(durationMs: number): string {
  const seconds = goDiv(durationMs, SECOND_MS);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = goDiv(durationMs, MINUTE_MS);
  if (minutes < 10) {
    const s = goDiv(durationMs, SECOND_MS) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = goDiv(durationMs, HOUR_MS);
  if (hours < 8) {
    const m = goDiv(durationMs, MINUTE_MS) % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${goDiv(hours, 24)}d` : `${goDiv(hours, 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${goDiv(hours, 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = goDiv(hours, 24) % 365;
    const years = goDiv(goDiv(hours, 24), 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${goDiv(goDiv(hours, 24), 365)}y`;
}

/**
 * `duration.ShortHumanDuration`: one unit only (`59s`, `1m`, `23h`, `364d`, `1y`), as `kubectl describe` uses for
 * probe delays and the like.
 */
export function shortHumanDuration(durationMs: number): string {
  const seconds = goDiv(durationMs, SECOND_MS);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = goDiv(durationMs, MINUTE_MS);
  if (minutes < 60) return `${minutes}m`;
  const hours = goDiv(durationMs, HOUR_MS);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${goDiv(hours, 24)}d`;
  // Go computes d.Hours()/24/365 in floating point before truncating.
  return `${Math.trunc(durationMs / HOUR_MS / 24 / 365)}y`;
}

/**
 * A simulated clock for ages: Kubernetes objects carry RFC 3339 timestamps on a wall clock that starts at `epochMs`
 * (Unix milliseconds of simulated t = 0); `nowMs` is the simulated time being viewed, in ms since t = 0.
 */
export interface SimClock {
  /** Unix milliseconds that simulated time 0 corresponds to. */
  epochMs: number;
  /** Simulated time being shown, milliseconds since the start of the run. */
  nowMs: number;
}

/** Milliseconds from an RFC 3339 timestamp to `clock.nowMs`; `undefined` when the timestamp is absent or invalid. */
export function sinceMs(timestamp: string | undefined, clock: SimClock): number | undefined {
  if (timestamp === undefined || timestamp === '') return undefined;
  const atMs = Date.parse(timestamp);
  if (Number.isNaN(atMs)) return undefined;
  return clock.epochMs + clock.nowMs - atMs;
}

/**
 * The printers' `translateTimestampSince`: `<unknown>` for a zero (absent) time, otherwise
 * {@link humanDuration} of the time elapsed until `clock.nowMs`.
 */
export function translateTimestampSince(timestamp: string | undefined, clock: SimClock): string {
  const ms = sinceMs(timestamp, clock);
  return ms === undefined ? '<unknown>' : humanDuration(ms);
}
