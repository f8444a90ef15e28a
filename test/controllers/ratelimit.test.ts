import { describe, expect, it } from 'vitest';
import { BucketRateLimiter, DefaultControllerRateLimiter, ItemExponentialFailureRateLimiter } from '../../src/controllers/ratelimit.ts';

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
