import type { Clock, TimerHandle } from '@truex-mm/clock';

export interface RateLimit {
  /** Sustained requests per second. */
  ratePerSec: number;
  /** Requests that may go back to back after a quiet period. */
  burst: number;
}

/**
 * A token bucket on the injected clock; callers wait in FIFO order for a token. TrueX states no REST limit
 * (REST.md §5), so the client's own is configurable. `pauseUntil` holds every request back after a 429's
 * Retry-After, so the other callers do not walk into the same refusal.
 */
export class RequestRateLimiter {
  private tokens: number;
  private lastRefillMs: number;
  private pausedUntilMs = 0;
  private readonly waiters: Array<() => void> = [];
  private timer: TimerHandle | undefined;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    if (!(limit.ratePerSec > 0) || !(limit.burst >= 1)) {
      throw new RangeError(`rate limit needs ratePerSec > 0 and burst >= 1, got ${limit.ratePerSec}/${limit.burst}`);
    }
    this.tokens = limit.burst;
    this.lastRefillMs = clock.now();
  }

  /** Resolves when the caller may send. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  pauseUntil(epochMs: number): void {
    if (epochMs <= this.pausedUntilMs) return;
    this.pausedUntilMs = epochMs;
    this.rearm();
  }

  /** Requests waiting for a token. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Stops the timer; waiters stay pending (the client is being discarded). */
  dispose(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.lastRefillMs);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.ratePerSec) / 1000);
    this.lastRefillMs = now;
  }

  private drain(): void {
    const now = this.clock.now();
    this.refill(now);
    while (this.waiters.length > 0 && now >= this.pausedUntilMs && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()!();
    }
    this.rearm();
  }

  private rearm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiters.length === 0) return;
    const now = this.clock.now();
    const tokenDueMs = now + Math.ceil(((1 - this.tokens) * 1000) / this.limit.ratePerSec);
    const dueMs = Math.max(tokenDueMs, this.pausedUntilMs, now + 1);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, dueMs - now);
  }
}
