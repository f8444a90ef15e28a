/**
 * The Job pod-failure back-off against upstream's tables: `TestGetRemainingBackoffTime` (backoff_utils_test.go),
 * rows and expectations as upstream, seconds converted to ms; and the fold of newly finished pods.
 */
import { describe, expect, it } from 'vitest';
import { emptyBackoffRecord, getRemainingTime, newBackoffRecord } from '../../../src/controllers/job/backoff.ts';

const s = 1000;
const T = Date.UTC(2009, 10, 10, 23, 0, 0);

describe('getRemainingTime (TestGetRemainingBackoffTime)', () => {
  const rows: [string, number, number | undefined, number, number][] = [
    // name, failuresAfterLastSuccess, lastFailureTime, currentTime, wantDuration; defaultBackoff 5 s, maxBackoff 700 s
    ['no failures', 0, undefined, 0, 0],
    ['one failure; current time and failure time are same', 1, T, T, 5 * s],
    ['one failure; current time == 1 second + failure time', 1, T, T + 1 * s, 4 * s],
    ['one failure; current time == expected backoff time', 1, T, T + 5 * s, 0],
    ['one failure; current time == expected backoff time + 1 Second', 1, T, T + 6 * s, 0],
    ['three failures; current time and failure time are same', 3, T, T, 20 * s],
    ['eight failures; current time and failure time are same; backoff not exceeding maxBackoff', 8, T, T, 640 * s],
    ['nine failures; current time and failure time are same; backoff exceeding maxBackoff', 9, T, T, 700 * s],
  ];
  for (const [name, failures, last, now, want] of rows) {
    it(name, () => {
      expect(getRemainingTime({ failuresAfterLastSuccess: failures, lastFailureTime: last }, now, 5 * s, 700 * s)).toBe(want);
    });
  }
});

describe('newBackoffRecord', () => {
  it('keeps the record when nothing new finished', () => {
    const r = { failuresAfterLastSuccess: 2, lastFailureTime: 7 };
    expect(newBackoffRecord(r, [], [])).toBe(r);
  });
  it('adds new failures and takes the latest finish time', () => {
    expect(newBackoffRecord({ failuresAfterLastSuccess: 1, lastFailureTime: 5 }, [], [30, 10])).toEqual({ failuresAfterLastSuccess: 3, lastFailureTime: 30 });
  });
  it('a success resets the count', () => {
    expect(newBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 5 }, [10], [])).toEqual(emptyBackoffRecord);
  });
  it('counts only failures strictly after the latest success', () => {
    expect(newBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 5 }, [20, 10], [40, 20, 15, 30])).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: 40 });
  });
});
