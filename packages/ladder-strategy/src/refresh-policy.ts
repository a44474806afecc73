import { distributeOrders } from './order-distribution';

export interface RefreshPolicyOptions {
  /** Shortest order lifetime, ms (default 3000). */
  minLifetimeMs?: number;
  /** Longest order lifetime, ms (default 5000). */
  maxLifetimeMs?: number;
  /** Source of the uniform lifetime draw (use seededRandom for reproducible runs). */
  random: () => number;
  /** Orders per level on one side, inner first (default distributeOrders(25, 8)); weights the stretch. */
  ordersPerLevel?: readonly number[];
  /** Largest multiplier applied to one level before inner levels are stretched too (default 6). */
  maxLevelStretch?: number;
}

/**
 * How long each order lives before it is replaced: uniform in [min, max] (3–5 s by default), times a per-level
 * stretch multiplier that the RefreshScheduler raises when the message budget cannot sustain the refresh rate.
 *
 * Refresh demand per side is Σ_L n_L / (mean lifetime · k_L) replaces per second (n_L orders on level L,
 * multiplier k_L); with 25 orders, 3–5 s and k = 1 that is 6.25/s per side, 12.5/s for both.
 */
export class RefreshPolicy {
  readonly minLifetimeMs: number;
  readonly maxLifetimeMs: number;
  readonly ordersPerLevel: readonly number[];
  readonly maxLevelStretch: number;
  private readonly random: () => number;
  private multipliers: number[];
  private factor = 1;

  constructor(o: RefreshPolicyOptions) {
    const min = o.minLifetimeMs ?? 3000;
    const max = o.maxLifetimeMs ?? 5000;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min <= 0 || max < min) {
      throw new RangeError(`lifetimes must satisfy 0 < minLifetimeMs ≤ maxLifetimeMs, got ${min}..${max}`);
    }
    const maxLevelStretch = o.maxLevelStretch ?? 6;
    if (!Number.isFinite(maxLevelStretch) || maxLevelStretch < 1)
      throw new RangeError(`maxLevelStretch must be ≥ 1, got ${maxLevelStretch}`);
    this.minLifetimeMs = min;
    this.maxLifetimeMs = max;
    this.random = o.random;
    this.ordersPerLevel = [...(o.ordersPerLevel ?? distributeOrders(25, 8))];
    this.maxLevelStretch = maxLevelStretch;
    this.multipliers = this.ordersPerLevel.map(() => 1);
  }

  /** A fresh random lifetime for an order placed now on `level` (1-based), in whole ms. */
  lifetimeMs(level: number): number {
    const draw = Math.min(Math.max(this.random(), 0), 1);
    const base = this.minLifetimeMs + draw * (this.maxLifetimeMs - this.minLifetimeMs);
    return Math.round(base * this.levelStretch(level));
  }

  /**
   * Cuts the refresh rate by `factor` (≥ 1; 1 = no stretch). With `outerLevelsFirst`, the outermost level is
   * stretched up to maxLevelStretch before the next one inwards is touched, and the last stretched level gets
   * exactly what remains, so inner levels (where fills happen) keep their 3–5 s as long as possible. If every
   * level at maxLevelStretch is still not enough, all levels get `factor`. Without it, every level gets `factor`.
   */
  stretch(factor: number, outerLevelsFirst: boolean): void {
    const f = Number.isFinite(factor) && factor > 1 ? factor : 1;
    this.factor = f;
    this.multipliers = this.ordersPerLevel.map(() => 1);
    if (f === 1) return;
    if (!outerLevelsFirst) {
      this.multipliers = this.multipliers.map(() => f);
      return;
    }
    const mean = this.meanLifetimeMs();
    const rate = this.ordersPerLevel.reduce((sum, n) => sum + n / mean, 0);
    let saving = rate * (1 - 1 / f);
    for (let i = this.ordersPerLevel.length - 1; i >= 0 && saving > 0; i--) {
      const levelRate = this.ordersPerLevel[i] / mean;
      if (levelRate === 0) continue;
      const maxSaving = levelRate * (1 - 1 / this.maxLevelStretch);
      if (saving >= maxSaving) {
        this.multipliers[i] = this.maxLevelStretch;
        saving -= maxSaving;
      } else {
        this.multipliers[i] = 1 / (1 - saving / levelRate);
        saving = 0;
      }
    }
    // Relative slack absorbs float rounding in the running subtraction above.
    if (saving > rate * 1e-12) this.multipliers = this.multipliers.map(() => f);
  }

  /** The multiplier applied to `level`'s lifetimes; levels beyond the configured ones use the outermost. */
  levelStretch(level: number): number {
    const i = Math.min(Math.max(level, 1), this.multipliers.length) - 1;
    return this.multipliers[i] ?? 1;
  }

  /** Multipliers per level, inner first. */
  levelStretches(): number[] {
    return [...this.multipliers];
  }

  /** The factor last passed to {@link stretch} (1 when none). */
  stretchFactor(): number {
    return this.factor;
  }

  meanLifetimeMs(): number {
    return (this.minLifetimeMs + this.maxLifetimeMs) / 2;
  }

  /** Expected lifetime replaces per second at the current stretch, for `sides` sides (default 2). */
  refreshRatePerSec(sides = 2): number {
    const mean = this.meanLifetimeMs() / 1000;
    return sides * this.ordersPerLevel.reduce((sum, n, i) => sum + n / (mean * this.multipliers[i]), 0);
  }
}
