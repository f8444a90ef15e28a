import { describe, expect, it } from 'vitest';
import {
  BucketRateLimiter,
  DefaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from '../../src/controllers/ratelimit.ts';

/**
 * client-go's `ItemFastSlowRateLimiter` (fast delay for the first maxFastAttempts, then slow), which kubesim's
 * controllers do not use: here only so TestMaxOfRateLimiter can run with upstream's limiters and numbers.
 */
class ItemFastSlowRateLimiter implements RateLimiter {
  private readonly attempts = new Map<string, number>();
  constructor(
    private readonly fastDelayMs: number,
    private readonly slowDelayMs: number,
    private readonly maxFastAttempts: number,
  ) {}
  When(key: string): number {
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    return n <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }
  Forget(key: string): void {
    this.attempts.delete(key);
  }
  NumRequeues(key: string): number {
    return this.attempts.get(key) ?? 0;
  }
}


describe('work-queue rate limiters', () => {
  // default_rate_limiters_test.go TestItemExponentialFailureRateLimiter: base 1 ms, max 1 s.
  it('TestItemExponentialFailureRateLimiter', () => {
    const limiter = new ItemExponentialFailureRateLimiter(1, 1000);
    expect([1, 2, 4, 8, 16].map(() => limiter.When('one'))).toEqual([1, 2, 4, 8, 16]);
    expect(limiter.NumRequeues('one')).toBe(5);
    expect([1, 2].map(() => limiter.When('two'))).toEqual([1, 2]);
    expect(limiter.NumRequeues('two')).toBe(2);
    limiter.Forget('one');
    expect(limiter.NumRequeues('one')).toBe(0);
    expect(limiter.When('one')).toBe(1);
  });

  // TestItemExponentialFailureRateLimiterOverFlow: the delay saturates at maxDelay instead of overflowing.
  it('TestItemExponentialFailureRateLimiterOverFlow', () => {
    let limiter = new ItemExponentialFailureRateLimiter(1, 1000 * 1000);
    for (let i = 0; i < 5; i++) limiter.When('one');
    expect(limiter.When('one')).toBe(32);
    for (let i = 0; i < 1000; i++) limiter.When('overflow1');
    expect(limiter.When('overflow1')).toBe(1000 * 1000);
    const minuteMs = 60_000;
    limiter = new ItemExponentialFailureRateLimiter(minuteMs, 1000 * 60 * minuteMs);
    for (let i = 0; i < 2; i++) limiter.When('two');
    expect(limiter.When('two')).toBe(4 * minuteMs);
    for (let i = 0; i < 1000; i++) limiter.When('overflow2');
    expect(limiter.When('overflow2')).toBe(1000 * 60 * minuteMs);
  });

  // TestMaxOfRateLimiter: fast-slow (5 ms ×3, then 3 s) with exponential (1 ms … 1 s); the larger delay wins.
  it('TestMaxOfRateLimiter', () => {
    const limiter = new MaxOfRateLimiter(new ItemFastSlowRateLimiter(5, 3000, 3), new ItemExponentialFailureRateLimiter(1, 1000));
    expect([0, 1, 2, 3, 4].map(() => limiter.When('one', 0))).toEqual([5, 5, 5, 3000, 3000]);
    expect(limiter.NumRequeues('one')).toBe(5);
    expect([0, 1].map(() => limiter.When('two', 0))).toEqual([5, 5]);
    expect(limiter.NumRequeues('two')).toBe(2);
    limiter.Forget('one');
    expect(limiter.NumRequeues('one')).toBe(0);
    expect(limiter.When('one', 0)).toBe(5);
  });

  // kubesim case: a key forgotten and retried again and again starts from the base delay every time.
  it('kubesim: Forget after every When keeps the base delay; forgetting an unknown key counts nothing', () => {
    const limiter = new ItemExponentialFailureRateLimiter(5, 1_000_000);
    for (let i = 0; i < 5; i++) {
      expect(limiter.When('k')).toBe(5);
      limiter.Forget('k');
      expect(limiter.NumRequeues('k')).toBe(0);
    }
    limiter.Forget('never');
    expect(limiter.NumRequeues('never')).toBe(0);
  });

  // client-go's defaults: 10 qps with a burst of 100, so the 101st immediate retry waits 100 ms.
  it('kubesim: the bucket lets 100 through at once, then one every 100 ms', () => {
    const bucket = new BucketRateLimiter(10, 100);
    for (let i = 0; i < 100; i++) expect(bucket.When('k', 0)).toBe(0);
    expect(bucket.When('k', 0)).toBe(100);
    expect(bucket.When('k', 0)).toBe(200);
    const def = DefaultControllerRateLimiter();
    for (let i = 0; i < 100; i++) {
      def.When(`k${i}`, 0);
      def.Forget(`k${i}`);
    }
    expect(def.When('k0', 0)).toBe(100);
  });
});
