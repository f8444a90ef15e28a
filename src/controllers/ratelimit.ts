/**
 * client-go's work-queue rate limiters (`util/workqueue/default_rate_limiters.go`), on the engine's integer-ms
 * clock: `AddRateLimited` delays a key by `When(key)`, and a successful sync calls `Forget(key)`.
 */

/** A rate limiter: how long to wait before the key's next retry, and forgetting a key's failures. */
export interface RateLimiter {
  /** Delay in ms before `key` may be retried; counts one more failure for it. `nowMs` is the engine's time. */
  When(key: string, nowMs: number): number;
  /** Clears the key's failure count (the sync succeeded). */
  Forget(key: string): void;
  /** Failures counted for the key since it was last forgotten. */
  NumRequeues(key: string): number;
}

/**
 * `ItemExponentialFailureRateLimiter`: baseDelay × 2^failures, capped at maxDelay. With client-go's defaults
 * (5 ms, 1000 s): 5, 10, 20 … ms for one key until it is forgotten.
 */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly baseDelayMs: number,
    readonly maxDelayMs: number,
  ) {}

  When(key: string): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return backoff > this.maxDelayMs ? this.maxDelayMs : backoff;
  }

  Forget(key: string): void {
    // A count of 0 reads as no entry; keeping the key saves a delete and re-insert on every sync of a requeued key.
    if (this.failures.get(key)) this.failures.set(key, 0);
  }

  NumRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * `BucketRateLimiter` over `rate.NewLimiter(qps, burst)`: one token bucket for every key, full at the start, refilled
 * at `qps` tokens per second; a reservation takes a token, and when the bucket is in debt the delay is the time
 * to pay it back. Tokens are counted in ms of refill (one token = 1000/qps ms) so the arithmetic stays in integers;
 * client-go's default is 10 qps with a burst of 100, so the 101st immediate retry waits 100 ms.
 */
export class BucketRateLimiter implements RateLimiter {
  private readonly tokenMs: number;
  private readonly burstMs: number;
  private tokensMs: number;
  private lastMs: number | undefined;

  constructor(qps: number, burst: number) {
    if (!Number.isInteger(1000 / qps)) throw new Error(`BucketRateLimiter: qps ${qps} must divide 1000`);
    this.tokenMs = 1000 / qps;
    this.burstMs = burst * this.tokenMs;
    this.tokensMs = this.burstMs;
  }

  When(_key: string, nowMs: number): number {
    if (this.lastMs !== undefined && nowMs > this.lastMs) this.tokensMs = Math.min(this.burstMs, this.tokensMs + (nowMs - this.lastMs));
    if (this.lastMs === undefined || nowMs > this.lastMs) this.lastMs = nowMs;
    this.tokensMs -= this.tokenMs;
    return this.tokensMs < 0 ? -this.tokensMs : 0;
  }

  Forget(): void {}

  NumRequeues(): number {
    return 0;
  }
}

/** `MaxOfRateLimiter`: the longest delay of its limiters; every limiter counts the failure. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  When(key: string, nowMs: number): number {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.When(key, nowMs));
    return ret;
  }

  Forget(key: string): void {
    for (const l of this.limiters) l.Forget(key);
  }

  NumRequeues(key: string): number {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.NumRequeues(key));
    return ret;
  }
}

/** `DefaultControllerRateLimiter`: per-key exponential 5 ms … 1000 s, and 10 qps (burst 100) overall. */
export function DefaultControllerRateLimiter(): RateLimiter {
  return new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(5, 1000 * 1000), new BucketRateLimiter(10, 100));
}
