import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, formatDurationShort, parseDuration } from '../../src/engine/duration.ts';

describe('parseDuration (Go time.ParseDuration on a millisecond clock)', () => {
  it.each([
    ['0', 0],
    ['15s', 15_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['2m3.5s', 123_500],
    ['-1s', -1000],
    ['+5m', 300_000],
    ['1000us', 1],
    ['1000000ns', 1],
    ['24h', 86_400_000],
    ['.5s', 500],
    ['1h0m0s', 3_600_000],
  ])('%s = %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['', /empty/],
    ['5', /missing unit/],
    ['1d', /expected a Go duration/],
    ['abc', /expected a Go duration/],
    ['1.5ms', /resolution of 1ms/],
    ['1h 30m', /expected a Go duration/],
    ['-', /expected a Go duration/],
    ['.s', /expected a Go duration/],
  ])('rejects %j', (input, message) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
    expect(() => parseDuration(input)).toThrow(message);
  });
});

describe('formatDuration (Go Duration.String)', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [15_000, '15s'],
    [5_400_000, '1h30m0s'],
    [60_500, '1m0.5s'],
    [3_600_000, '1h0m0s'],
    [-1500, '-1.5s'],
    [90_061_001, '25h1m1.001s'],
  ])('%d ms = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [5_400_000, '1h30m'],
    [7_200_000, '2h'],
    [3_610_000, '1h0m10s'],
    [600_000, '10m'],
    [15_000, '15s'],
    [250, '250ms'],
  ])('short form of %d ms = %s', (ms, text) => {
    expect(formatDurationShort(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
