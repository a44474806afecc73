import type { Clock } from '@truex-mm/clock';
import { RiskInputError } from './risk-error';

/**
 * A token bucket refilled continuously at `ratePerSec` up to `burst` tokens, refilled lazily from the clock on each
 * call (no timers). Tokens are message counts, not money, so a float is the right type here.
 *
 * {@link takeAllowingDebt} lets a message that must go out (a cancel) take a token the bucket does not have: the
 * balance goes negative and later messages wait until the debt is repaid, so the average rate still holds.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;
  private rate: number;
  private capacity: number;

  constructor(
    ratePerSec: number,
    burst: number,
    private readonly clock: Clock,
  ) {
    assertRate(ratePerSec, burst);
    this.rate = ratePerSec;
    this.capacity = burst;
    this.tokens = burst;
    this.lastRefillMs = clock.now();
  }

  /** Takes `n` tokens if all are available; otherwise takes nothing. */
  tryTake(n = 1): boolean {
    this.refill();
    // The epsilon absorbs float residue from fractional refills (e.g. 3 × 1/3 token).
    if (this.tokens + 1e-9 < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Takes `n` tokens even if that leaves the bucket in debt. */
  takeAllowingDebt(n = 1): void {
    this.refill();
    this.tokens -= n;
  }

  /** Changes the refill rate (and optionally the burst). Tokens earned so far are credited at the old rate first. */
  setRate(ratePerSec: number, burst: number = this.capacity): void {
    assertRate(ratePerSec, burst);
    this.refill();
    this.rate = ratePerSec;
    this.capacity = burst;
    if (this.tokens > burst) this.tokens = burst;
  }

  /** Tokens available now (negative while in debt). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  get ratePerSec(): number {
    return this.rate;
  }

  get burst(): number {
    return this.capacity;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedMs = now - this.lastRefillMs;
    if (elapsedMs <= 0) return;
    this.lastRefillMs = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.rate) / 1000);
  }
}

function assertRate(ratePerSec: number, burst: number): void {
  if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) {
    throw new RiskInputError('ratePerSec', `must be a positive number, got ${ratePerSec}`);
  }
  if (!(Number.isFinite(burst) && burst >= 1)) throw new RiskInputError('burst', `must be >= 1, got ${burst}`);
}
