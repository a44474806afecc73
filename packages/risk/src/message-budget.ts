import type { Clock } from '@truex-mm/clock';
import { RiskInputError } from './risk-error';
import { TokenBucket } from './token-bucket';

/** How the message budget reacts to the venue's throttle rejects (35=j 380=8/9). */
export interface ThrottlePolicy {
  /** Bucket size at the configured rate, in messages (scaled down with the rate). Default: one second's worth. */
  burst?: number;
  /** The rate never shrinks below this. Default 1 message/s. */
  minRatePerSec?: number;
  /** Multiplicative decrease on a throttle reject. Default 0.5. */
  decreaseFactor?: number;
  /** Additive recovery step. Default +1 message/s ... */
  recoveryStepPerSec?: number;
  /** ... per this many ms without a throttle reject. Default 10 000. */
  recoveryIntervalMs?: number;
  /** Throttle rejects within this long of the last decrease count as the same event. Default 1 000. */
  decreaseCooldownMs?: number;
  /**
   * A throttle reject also teaches us the venue's limit: the rate recovers only up to this fraction of the rate that
   * drew the reject (the learned ceiling), never back to the configured one. Default 0.9.
   */
  learnedCeilingFactor?: number;
}

/**
 * The message budget towards TrueX: a {@link TokenBucket} whose rate follows AIMD (as TCP congestion control does).
 * TrueX does not publish its limit, so the configured rate is a ceiling we back off from: a throttle reject halves
 * the rate (once per cooldown, because the several rejects one burst produces are one signal, not several), and
 * every quiet recovery interval adds a fixed step back, up to the ceiling. Recovery is computed lazily from the
 * clock, so no timers run.
 */
export class MessageBudget {
  private readonly bucket: TokenBucket;
  private readonly maxRate: number;
  private readonly maxBurst: number;
  private readonly minRate: number;
  private readonly decreaseFactor: number;
  private readonly recoveryStep: number;
  private readonly recoveryIntervalMs: number;
  private readonly decreaseCooldownMs: number;
  private readonly learnedCeilingFactor: number;
  private rate: number;
  /** The rate recovery climbs back to: the configured rate until a throttle reject teaches us a lower one. */
  private ceiling: number;
  private throttledAtRate: number | undefined;
  private lastDecreaseMs = Number.NEGATIVE_INFINITY;
  private recoveryFromMs = 0;
  private throttleRejects = 0;

  constructor(
    ratePerSec: number,
    private readonly clock: Clock,
    policy: ThrottlePolicy = {},
  ) {
    this.maxRate = ratePerSec;
    this.maxBurst = policy.burst ?? Math.max(1, ratePerSec);
    this.minRate = Math.min(policy.minRatePerSec ?? 1, ratePerSec);
    this.decreaseFactor = policy.decreaseFactor ?? 0.5;
    this.recoveryStep = policy.recoveryStepPerSec ?? 1;
    this.recoveryIntervalMs = policy.recoveryIntervalMs ?? 10_000;
    this.decreaseCooldownMs = policy.decreaseCooldownMs ?? 1_000;
    this.learnedCeilingFactor = policy.learnedCeilingFactor ?? 0.9;
    if (!(this.learnedCeilingFactor > 0 && this.learnedCeilingFactor <= 1)) {
      throw new RiskInputError('throttle.learnedCeilingFactor', `must be in (0, 1], got ${this.learnedCeilingFactor}`);
    }
    if (!(this.decreaseFactor > 0 && this.decreaseFactor < 1)) {
      throw new RiskInputError('throttle.decreaseFactor', `must be in (0, 1), got ${this.decreaseFactor}`);
    }
    if (!(this.recoveryStep > 0)) throw new RiskInputError('throttle.recoveryStepPerSec', 'must be > 0');
    if (!(this.recoveryIntervalMs > 0)) throw new RiskInputError('throttle.recoveryIntervalMs', 'must be > 0');
    if (!(this.minRate > 0)) throw new RiskInputError('throttle.minRatePerSec', 'must be > 0');
    this.rate = ratePerSec;
    this.ceiling = ratePerSec;
    this.bucket = new TokenBucket(ratePerSec, this.maxBurst, clock);
  }

  tryTake(n = 1): boolean {
    this.recover();
    return this.bucket.tryTake(n);
  }

  takeAllowingDebt(n = 1): void {
    this.recover();
    this.bucket.takeAllowingDebt(n);
  }

  /** Shrinks the rate after a venue throttle reject. Returns true if it shrank (false inside the cooldown). */
  onThrottleReject(): boolean {
    this.throttleRejects++;
    const now = this.clock.now();
    this.recover();
    if (now - this.lastDecreaseMs < this.decreaseCooldownMs) return false;
    this.lastDecreaseMs = now;
    this.recoveryFromMs = now;
    this.throttledAtRate = this.rate;
    this.ceiling = Math.max(this.minRate, Math.min(this.ceiling, this.rate * this.learnedCeilingFactor));
    this.applyRate(Math.max(this.minRate, this.rate * this.decreaseFactor));
    return true;
  }

  /** The learned ceiling and the rate that drew the last throttle; undefined before any throttle reject. */
  learned(): { ceilingPerSec: number; throttledAtRatePerSec: number } | undefined {
    return this.throttledAtRate === undefined
      ? undefined
      : { ceilingPerSec: this.ceiling, throttledAtRatePerSec: this.throttledAtRate };
  }

  /** Tokens available now (negative while in debt); {@link snapshot} without building an object. */
  available(): number {
    this.recover();
    return this.bucket.available();
  }

  /** The current rate, messages/s; {@link snapshot}'s `ratePerSec` without building an object. */
  ratePerSec(): number {
    this.recover();
    return this.rate;
  }

  /** The rate recovery climbs back to (the learned ceiling, else the configured rate); {@link snapshot}'s `maxRatePerSec`. */
  maxRatePerSec(): number {
    return this.ceiling;
  }

  /** Current rate (messages/s) and tokens available now; a refresh scheduler spreads its replacements by this. */
  snapshot(): { ratePerSec: number; available: number; maxRatePerSec: number; throttleRejects: number } {
    this.recover();
    return {
      ratePerSec: this.rate,
      available: this.bucket.available(),
      // The learned ceiling once the venue has throttled us (the configured rate before).
      maxRatePerSec: this.ceiling,
      throttleRejects: this.throttleRejects,
    };
  }

  private recover(): void {
    if (this.rate >= this.ceiling) return;
    const steps = Math.floor((this.clock.now() - this.recoveryFromMs) / this.recoveryIntervalMs);
    if (steps <= 0) return;
    this.recoveryFromMs += steps * this.recoveryIntervalMs;
    this.applyRate(Math.min(this.ceiling, this.rate + steps * this.recoveryStep));
  }

  private applyRate(rate: number): void {
    this.rate = rate;
    // The burst shrinks with the rate: a full bucket at the old burst would otherwise replay the very spike that
    // drew the reject.
    this.bucket.setRate(rate, Math.max(1, (this.maxBurst * rate) / this.maxRate));
  }
}
