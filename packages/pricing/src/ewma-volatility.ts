import { PricingConfigError } from './pricing-config-error';

export interface EwmaVolatilityOptions {
  /** Half-life of the weighting, in ms. Default 30 000 (a short, quoting-horizon estimate). */
  halfLifeMs?: number;
}

/**
 * Time-aware EWMA of squared log returns, reported as volatility per √second (a fraction: 0.0002 = 2 bps/√s).
 *
 * Each interval between accepted prices contributes its realised variance rate r²/Δt, weighted by how long it
 * lasted:
 *
 *   r     = ln(p_t / p_prev)                 (returns at the same ms are summed into the next interval)
 *   λ     = ln 2 / halfLife,  w = 1 − exp(−λ·Δt)
 *   V_t   = V_prev + w · (r²/Δt − V_prev)    (raw, starts at 0)
 *   W_t   = W_prev + w · (1 − W_prev)        (total weight, for start-up bias correction)
 *   σ     = sqrt(V_t / W_t)                  per √ms, ×√1000 for per √s
 *
 * For small Δt, w·r²/Δt ≈ λ·r², so the estimate is the decayed sum of squared returns per unit of time and does
 * not depend on how often the feed ticks. Dividing by W removes the bias towards zero while little history exists.
 */
export class EwmaVolatility {
  readonly halfLifeMs: number;
  private readonly lambdaPerMs: number;
  /** Meaningful only while {@link hasPrice}: a number field that is sometimes `undefined` boxes every new value. */
  private lastPrice = 0;
  private hasPrice = false;
  private lastMs = 0;
  private pendingSquaredReturn = 0;
  private rawVariancePerMs = 0;
  private totalWeight = 0;
  private rejectedCount = 0;

  constructor(o: EwmaVolatilityOptions = {}) {
    const halfLifeMs = o.halfLifeMs ?? 30_000;
    if (!Number.isFinite(halfLifeMs) || halfLifeMs <= 0) {
      throw new PricingConfigError(
        'halfLifeMs',
        `halfLifeMs must be a positive number of milliseconds, got ${halfLifeMs}`,
      );
    }
    this.halfLifeMs = halfLifeMs;
    this.lambdaPerMs = Math.LN2 / halfLifeMs;
  }

  /** Feeds one price at `nowMs`. Returns false (counted in {@link rejected}) for a non-positive/non-finite price or time. */
  update(price: number, nowMs: number): boolean {
    if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(nowMs)) {
      this.rejectedCount++;
      return false;
    }
    if (!this.hasPrice) {
      this.lastPrice = price;
      this.hasPrice = true;
      this.lastMs = nowMs;
      return true;
    }
    const r = Math.log(price / this.lastPrice);
    const squared = this.pendingSquaredReturn + r * r;
    const dt = nowMs - this.lastMs;
    this.lastPrice = price;
    if (dt <= 0) {
      // No time has passed (or the timestamp went backwards): keep the move, attribute it to the next interval.
      this.pendingSquaredReturn = squared;
      return true;
    }
    const w = -Math.expm1(-this.lambdaPerMs * dt);
    this.rawVariancePerMs += w * (squared / dt - this.rawVariancePerMs);
    this.totalWeight += w * (1 - this.totalWeight);
    this.pendingSquaredReturn = 0;
    this.lastMs = nowMs;
    return true;
  }

  /** Volatility per √second as a fraction; undefined until one interval with elapsed time has been seen. */
  value(): number | undefined {
    if (this.totalWeight === 0) return undefined;
    return Math.sqrt((this.rawVariancePerMs / this.totalWeight) * 1000);
  }

  /** Expected one-sigma move over `horizonMs`, in basis points (σ·√(horizon in s)·10⁴). */
  valueBps(horizonMs: number): number | undefined {
    const sigma = this.value();
    return sigma === undefined ? undefined : sigma * Math.sqrt(Math.max(0, horizonMs) / 1000) * 10_000;
  }

  /** Milliseconds since the last price that moved the clock; undefined before the first price. */
  ageMs(nowMs: number): number | undefined {
    return !this.hasPrice ? undefined : Math.max(0, nowMs - this.lastMs);
  }

  rejected(): number {
    return this.rejectedCount;
  }

  reset(): void {
    this.lastPrice = 0;
    this.hasPrice = false;
    this.lastMs = 0;
    this.pendingSquaredReturn = 0;
    this.rawVariancePerMs = 0;
    this.totalWeight = 0;
  }
}
