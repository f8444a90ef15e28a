/**
 * Cron schedules: the standard-parser rows of robfig/cron v3 `TestActivation` (spec_test.go; a time is an activation
 * when `Next(t − 1 s) == t`), day-of-month/day-of-week interaction, descriptors, `@every`, time zones with a DST gap
 * (robfig's "2am EST → 3am EDT" row in five-field form) and parse errors worded as robfig words them.
 */
import { describe, expect, it } from 'vitest';
import { CronSyntaxError, formatRfc1123ZUtc, formatRfc3339InZone, isValidTimeZone, parseStandard } from '../../src/api/cron.ts';
import { formatRfc3339, parseRfc3339 } from '../../src/cluster/time.ts';

/** robfig's `getTime("Mon Jul 9 15:00 2012")`, UTC. */
function getTime(value: string): number {
  const m = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}) (\d{4})$/.exec(value)!;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]!) + 1;
  return parseRfc3339(`${m[5]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}T${m[3]}:${m[4]}:00Z`);
}

describe('parseStandard + Next (robfig/cron v3 TestActivation, standard parser rows)', () => {
  it.each([
    ['Mon Jul 9 15:00 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:45 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:40 2012', '0/15 * * * *', false],
    ['Mon Jul 9 15:05 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:20 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:50 2012', '5/15 * * * *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jul *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jun *', false],
    ['Sun Jul 15 08:30 2012', '30 08 ? Jul Sun', true],
    ['Sun Jul 15 08:30 2012', '30 08 15 Jul ?', true],
    ['Mon Jul 16 08:30 2012', '30 08 ? Jul Sun', false],
    ['Mon Jul 16 08:30 2012', '30 08 15 Jul ?', false],
    ['Mon Jul 9 15:00 2012', '@hourly', true],
    ['Mon Jul 9 15:04 2012', '@hourly', false],
    ['Mon Jul 9 15:00 2012', '@daily', false],
    ['Mon Jul 9 00:00 2012', '@daily', true],
    ['Mon Jul 9 00:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@weekly', true],
    ['Sun Jul 8 01:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@monthly', false],
    ['Sun Jul 1 00:00 2012', '@monthly', true],
    // Both day fields restricted: either matches.
    ['Sun Jul 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Fri Jun 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Wed Aug 1 00:00 2012', '* * 1,15 * Sun', true],
    ['Sun Jul 15 00:00 2012', '* * */10 * Sun', true],
    // One of them a star: both must match.
    ['Sun Jul 15 00:00 2012', '* * * * Mon', false],
    ['Mon Jul 9 00:00 2012', '* * 1,15 * *', false],
    ['Sun Jul 15 00:00 2012', '* * 1,15 * *', true],
    ['Sun Jul 15 00:00 2012', '* * */2 * Sun', true],
  ] as const)('%s  %s  → %s', (time, spec, expected) => {
    const t = getTime(time);
    expect(parseStandard(spec).next(t - 1000) === t).toBe(expected);
  });
});

describe('parseStandard: the rest of the language', () => {
  const next = (spec: string, from: string, tz?: string) => formatRfc3339(parseStandard(spec, tz).next(parseRfc3339(from))!);

  it('fires strictly after the given time, on the minute', () => {
    expect(next('* * * * *', '2026-01-05T02:00:00Z')).toBe('2026-01-05T02:01:00Z');
    expect(next('* * * * *', '2026-01-05T02:00:30Z')).toBe('2026-01-05T02:01:00Z');
    expect(next('0 2 * * *', '2026-01-05T02:00:00Z')).toBe('2026-01-06T02:00:00Z');
  });

  it('descriptors @yearly/@annually, @midnight; names are case-insensitive', () => {
    expect(next('@yearly', '2026-03-01T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@annually', '2026-03-01T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@midnight', '2026-03-01T10:00:00Z')).toBe('2026-03-02T00:00:00Z');
    expect(next('0 9 * jan-mar MON-fri', '2026-03-27T10:00:00Z')).toBe('2026-03-30T09:00:00Z');
  });

  it('@every is a constant delay from the given second', () => {
    expect(parseStandard('@every 90s').next(parseRfc3339('2026-01-05T02:00:10Z'))).toBe(parseRfc3339('2026-01-05T02:01:40Z'));
    expect(parseStandard('@every 100ms').next(0)).toBe(1000);
  });

  it('a time zone shifts the wall clock: 02:00 in Europe/Berlin is 01:00Z in winter, 00:00Z in summer', () => {
    expect(next('0 2 * * *', '2026-01-05T00:00:00Z', 'Europe/Berlin')).toBe('2026-01-05T01:00:00Z');
    expect(next('0 2 * * *', '2026-07-05T00:00:00Z', 'Europe/Berlin')).toBe('2026-07-06T00:00:00Z');
    expect(next('TZ=Asia/Tokyo 0 9 * * *', '2026-01-05T00:00:00Z')).toBe('2026-01-06T00:00:00Z');
  });

  it('a wall time that a DST gap skips does not run that day (robfig: 2:30 on 2012-03-11 New York runs next in 2013)', () => {
    expect(formatRfc3339InZone(parseStandard('TZ=America/New_York 30 2 11 Mar ?').next(parseRfc3339('2012-03-11T05:00:00Z'))!, 'America/New_York')).toBe('2013-03-11T02:30:00-04:00');
  });

  it('a wall time that a DST fold repeats runs at its first occurrence', () => {
    expect(next('30 1 * * *', '2026-11-01T04:00:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00Z');
  });

  it('formats as Go does: RFC 3339 in a zone, RFC 1123Z in UTC', () => {
    expect(formatRfc3339InZone(parseRfc3339('2026-01-05T01:00:00Z'), 'Europe/Berlin')).toBe('2026-01-05T02:00:00+01:00');
    expect(formatRfc3339InZone(parseRfc3339('2026-01-05T01:00:00Z'))).toBe('2026-01-05T01:00:00Z');
    expect(formatRfc1123ZUtc(parseRfc3339('2026-01-05T02:00:00Z'))).toBe('Mon, 05 Jan 2026 02:00:00 +0000');
  });

  it.each([
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ])('%j is refused: %s', (spec, message) => {
    expect(() => parseStandard(spec)).toThrow(new CronSyntaxError(message));
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Etc/UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
