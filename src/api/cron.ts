/**
 * Cron schedules as a CronJob reads them: a port of robfig/cron v3's `ParseStandard` (five fields — minute, hour,
 * day of month, month, day of week — with `*`, `?`, ranges, steps, lists and JAN–DEC / SUN–SAT names, or a
 * descriptor `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly` `@every <duration>`) and of
 * `SpecSchedule.Next`, evaluated in an IANA time zone through `Intl` (no `Date`). Times are Unix ms.
 *
 * Day matching follows robfig (and Vixie cron): when both day fields are restricted, a day matching either runs;
 * when one is `*` or `?`, both must match.
 */
import { civilFromDays, daysFromCivil } from '../cluster/time.ts';
import { parseDuration } from '../engine/duration.ts';

/** A parsed schedule: `next(t)` is the first activation strictly after `t` (Unix ms), or undefined within 5 years. */
export interface CronSchedule {
  next(unixMs: number): number | undefined;
}

/** The error robfig's parser returns, worded as it words it. */
export class CronSyntaxError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: MONTH_NAMES };
const DOW: Bounds = { min: 0, max: 6, names: DOW_NAMES };

/** A field's allowed values, and whether it was written `*` or `?` (robfig's starBit). */
interface Field {
  values: ReadonlySet<number>;
  star: boolean;
}

interface SpecFields {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * `cron.ParseStandard`. `timeZone` is the CronJob's `spec.timeZone` (default UTC); a `TZ=`/`CRON_TZ=` prefix in the
 * spec overrides it, as in robfig. Throws {@link CronSyntaxError} with robfig's message.
 */
export function parseStandard(spec: string, timeZone = 'UTC'): CronSchedule {
  let s = spec.trim();
  if (s.length === 0) throw new CronSyntaxError('empty spec string');
  let zone = timeZone;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(s);
  if (tz) {
    zone = tz[1]!;
    if (!isValidTimeZone(zone)) throw new CronSyntaxError(`provided bad location ${zone}: unknown time zone ${zone}`);
    s = s.slice(tz[0].length).trim();
  }
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      let delayMs: number;
      try {
        delayMs = parseDuration(s.slice('@every '.length).trim());
      } catch (e) {
        throw new CronSyntaxError(`failed to parse duration ${s}: ${(e as Error).message}`);
      }
      // ConstantDelaySchedule: at least a second, whole seconds.
      const delay = delayMs < 1000 ? 1000 : delayMs - (delayMs % 1000);
      return { next: (t) => t - (t % 1000) + delay };
    }
    const d = DESCRIPTORS[s];
    if (!d) throw new CronSyntaxError(`unrecognized descriptor: ${s}`);
    s = d;
  }
  const parts = s.split(/\s+/);
  if (parts.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const fields: SpecFields = {
    minute: getField(parts[0]!, MINUTES),
    hour: getField(parts[1]!, HOURS),
    dom: getField(parts[2]!, DOM),
    month: getField(parts[3]!, MONTHS),
    dow: getField(parts[4]!, DOW),
  };
  const offsets = zoneOffsets(zone);
  return { next: (t) => nextActivation(fields, t, offsets) };
}

/** Whether `Intl` knows the IANA zone (what `time.LoadLocation` accepts, besides `Local`). */
export function isValidTimeZone(zone: string): boolean {
  try {
    zoneOffsets(zone);
    return true;
  } catch {
    return false;
  }
}

/** `getField`: comma-separated ranges. */
function getField(field: string, r: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    const g = getRange(expr, r);
    for (const v of g.values) values.add(v);
    if (g.star) star = true;
  }
  return { values, star };
}

/** `getRange`: `number | number "-" number [ "/" number ]`, `*` or `?` with an optional step. */
function getRange(expr: string, r: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new CronSyntaxError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else throw new CronSyntaxError(`too many slashes: ${expr}`);
  if (start < r.min) throw new CronSyntaxError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronSyntaxError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseIntOrName(expr: string, names: Readonly<Record<string, number>> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  if (named !== undefined) return named;
  return mustParseInt(expr);
}

function mustParseInt(expr: string): number {
  if (!/^-?\d+$/.test(expr)) throw new CronSyntaxError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronSyntaxError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** `dayMatches`: both day fields restricted → either; else both. */
function dayMatches(f: SpecFields, dom: number, dow: number): boolean {
  const domMatch = f.dom.values.has(dom);
  const dowMatch = f.dow.values.has(dow);
  if (f.dom.star || f.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * `SpecSchedule.Next` for second 0 of matching minutes: walks local days (at most five years, robfig's limit), and
 * in a matching day the matching hours and minutes, from the minute after `t`. A local wall time that a DST gap skips
 * never runs (as in robfig); one that a DST fold repeats runs at its first occurrence.
 */
function nextActivation(f: SpecFields, t: number, offsetAt: (unixMs: number) => number): number | undefined {
  // The first whole minute strictly after t.
  const from = Math.floor(t / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  // Local times earlier than this cannot be at or after `from` under any offset change of up to 3 hours.
  const minLocal = from + offsetAt(from) - 3 * 3_600_000;
  let day = Math.floor(minLocal / DAY_MS);
  const lastDay = day + 5 * 366;
  for (; day <= lastDay; day++) {
    const [, month, dom] = civilFromDays(day);
    if (!f.month.values.has(month)) continue;
    const dow = (((day + 4) % 7) + 7) % 7;
    if (!dayMatches(f, dom, dow)) continue;
    for (let hour = 0; hour < 24; hour++) {
      if (!f.hour.values.has(hour) || day * DAY_MS + (hour + 1) * 3_600_000 <= minLocal) continue;
      for (let minute = 0; minute < 60; minute++) {
        if (!f.minute.values.has(minute)) continue;
        const local = day * DAY_MS + hour * 3_600_000 + minute * MINUTE_MS;
        if (local < minLocal) continue;
        const utc = localToUtc(local, offsetAt);
        if (utc !== undefined && utc >= from) return utc;
      }
    }
  }
  return undefined;
}

/** The first instant (Unix ms) whose local wall time is `local`, or undefined when a DST gap skips it. */
function localToUtc(local: number, offsetAt: (unixMs: number) => number): number | undefined {
  const guess = local - offsetAt(local);
  let best: number | undefined;
  for (const probe of [guess - 3 * 3_600_000, guess, guess + 3 * 3_600_000]) {
    const u = local - offsetAt(probe);
    if (u + offsetAt(u) === local && (best === undefined || u < best)) best = u;
  }
  return best;
}

const offsetCache = new Map<string, (unixMs: number) => number>();

/** The zone's UTC offset (ms) at an instant, from `Intl.DateTimeFormat`; UTC needs no look-up. */
function zoneOffsets(zone: string): (unixMs: number) => number {
  const cached = offsetCache.get(zone);
  if (cached) return cached;
  if (zone === 'UTC' || zone === 'Etc/UTC') {
    const utc = () => 0;
    offsetCache.set(zone, utc);
    return utc;
  }
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const memo = new Map<number, number>();
  const at = (unixMs: number): number => {
    // Offsets change on whole minutes; one look-up per minute.
    const minute = Math.floor(unixMs / MINUTE_MS) * MINUTE_MS;
    let off = memo.get(minute);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(minute)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      const local = daysFromCivil(p['year']!, p['month']!, p['day']!) * DAY_MS + p['hour']! * 3_600_000 + p['minute']! * MINUTE_MS + p['second']! * 1000;
      off = local - minute;
      if (memo.size > 100_000) memo.clear();
      memo.set(minute, off);
    }
    return off;
  };
  offsetCache.set(zone, at);
  return at;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

function localParts(unixMs: number, zone: string) {
  const offsetMs = zoneOffsets(zone)(unixMs);
  const local = unixMs + offsetMs;
  const days = Math.floor(local / DAY_MS);
  const [y, m, d] = civilFromDays(days);
  const secs = Math.floor((local - days * DAY_MS) / 1000);
  const offMin = Math.round(offsetMs / MINUTE_MS);
  return { y, m, d, dow: (((days + 4) % 7) + 7) % 7, hh: Math.floor(secs / 3600), mm: Math.floor((secs % 3600) / 60), ss: secs % 60, offMin };
}

/** Go's `t.In(zone).Format(time.RFC3339)`: `2026-01-05T02:00:00+01:00`, `Z` for UTC. */
export function formatRfc3339InZone(unixMs: number, zone = 'UTC'): string {
  const p = localParts(unixMs, zone);
  const a = Math.abs(p.offMin);
  const off = p.offMin === 0 ? 'Z' : `${p.offMin < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
  return `${p.y}-${pad2(p.m)}-${pad2(p.d)}T${pad2(p.hh)}:${pad2(p.mm)}:${pad2(p.ss)}${off}`;
}

/** Go's `t.UTC().Format(time.RFC1123Z)`: `Mon, 05 Jan 2026 02:00:00 +0000`. */
export function formatRfc1123ZUtc(unixMs: number): string {
  const p = localParts(unixMs, 'UTC');
  return `${WEEKDAYS[p.dow]}, ${pad2(p.d)} ${MONTHS_SHORT[p.m - 1]} ${p.y} ${pad2(p.hh)}:${pad2(p.mm)}:${pad2(p.ss)} +0000`;
}
