/**
 * Simulated wall time. Kubernetes objects carry RFC 3339 timestamps; kubesim derives them from the simulated clock
 * and a fixed epoch, with pure integer arithmetic (no `Date`), so the same run prints the same timestamps anywhere.
 */

/** The simulated epoch: 2026-01-05T00:00:00Z, a Monday (weekly traffic shapes start on a Monday). */
export const DEFAULT_EPOCH_MS = 1_767_571_200_000;

/** Days since 1970-01-01 to civil date (Howard Hinnant's algorithm). */
export function civilFromDays(days: number): [y: number, m: number, d: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** Civil date to days since 1970-01-01. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Unix milliseconds → RFC 3339 in UTC with second precision, as Kubernetes prints metav1.Time. */
export function formatRfc3339(unixMs: number): string {
  const secs = Math.floor(unixMs / 1000);
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  const [y, m, d] = civilFromDays(days);
  return `${y}-${pad(m)}-${pad(d)}T${pad(Math.floor(rem / 3600))}:${pad(Math.floor((rem % 3600) / 60))}:${pad(rem % 60)}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 → Unix milliseconds; NaN when malformed. */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  let ms =
    daysFromCivil(Number(y), Number(mo), Number(d)) * 86_400_000 +
    Number(h) * 3_600_000 +
    Number(mi) * 60_000 +
    Number(s) * 1000 +
    (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    ms -= sign * (Number(tz.slice(1, 3)) * 3_600_000 + Number(tz.slice(4, 6)) * 60_000);
  }
  return ms;
}

/** Entries of {@link SimClock}'s timestamp cache (a power of two). */
const STAMP_SLOTS = 64;

/** Maps simulated milliseconds to timestamps and back, for one run. */
export class SimClock {
  /**
   * Timestamps of recent seconds, by second modulo {@link STAMP_SLOTS}: a burst of writes stamps the same second
   * thousands of times, and the kubelet interleaves it with a few others (container start times), which a single
   * entry kept re-formatting (one miss in six stamps of the runtime benchmark).
   */
  private readonly stampSeconds = new Float64Array(STAMP_SLOTS).fill(NaN);
  private readonly stamps: string[] = new Array<string>(STAMP_SLOTS).fill('');
  // A one-entry cache: a burst of reads parses the same timestamp thousands of times.
  private lastParsed = '';
  private lastParsedMs = NaN;

  constructor(readonly epochMs: number = DEFAULT_EPOCH_MS) {}

  /** RFC 3339 timestamp of simulated time `simMs`. */
  timestamp(simMs: number): string {
    const unixMs = this.epochMs + simMs;
    const second = Math.floor(unixMs / 1000);
    const slot = second & (STAMP_SLOTS - 1);
    if (this.stampSeconds[slot] !== second) {
      this.stampSeconds[slot] = second;
      this.stamps[slot] = formatRfc3339(unixMs);
    }
    return this.stamps[slot]!;
  }

  /** Simulated ms of an RFC 3339 timestamp written by this clock (NaN when malformed). */
  simMs(timestamp: string): number {
    if (timestamp !== this.lastParsed) {
      this.lastParsed = timestamp;
      this.lastParsedMs = parseRfc3339(timestamp);
    }
    return this.lastParsedMs - this.epochMs;
  }
}
