import type { QuoteReason } from './quote-plan';

export interface LifetimeBudgetOptions {
  readonly minLifetimeMs: number;
  readonly maxLifetimeMs: number;
  /** Orders the ladder keeps (both sides). */
  readonly orders: number;
  /** Share of the message budget the policy plans to spend (the rest absorbs bursts). */
  readonly budgetShare: number;
  /** Lifetimes are never stretched beyond this factor. */
  readonly maxStretch: number;
  /** Half-life of the measured rate of non-refresh messages. */
  readonly usageHalfLifeMs: number;
  readonly random: () => number;
}

/** What /status and the replay report about refresh pacing. */
export interface LifetimeBudgetStatus {
  /** Refresh messages per second that 3–5 s lifetimes (unstretched) need for the whole ladder. */
  readonly refreshDemandPerSec: number;
  /** What is left for refreshes by age: budget × share − measured safety, refill and other messages. */
  readonly refreshBudgetPerSec: number;
  /** Measured messages per second by reason (exponentially weighted). */
  readonly usagePerSec: Readonly<Record<QuoteReason, number>>;
  /** Lifetimes are drawn from [min, max] × stretchFactor; 1 = unstretched. */
  readonly stretchFactor: number;
  readonly lifetimeRangeMs: readonly [number, number];
  readonly reason: string;
}

const REASONS: readonly QuoteReason[] = ['safety', 'refill', 'rebalance', 'excess', 'refresh'];

/**
 * Draws order lifetimes and stretches them evenly when the message budget cannot refresh every order that often:
 * demand = orders / mean lifetime; when it exceeds budget × share, every lifetime is multiplied by
 * demand / (budget × share). The measured rate of each kind of message is kept for the report.
 */
export class LifetimeBudget {
  private readonly usage = new Map<QuoteReason, number>();
  private lastMs: number | undefined;
  private budgetPerSec = 0;
  private factor = 1;

  constructor(private readonly o: LifetimeBudgetOptions) {
    if (!(o.minLifetimeMs > 0 && o.maxLifetimeMs >= o.minLifetimeMs)) {
      throw new RangeError(`lifetimes must satisfy 0 < min ≤ max, got ${o.minLifetimeMs}..${o.maxLifetimeMs}`);
    }
    for (const r of REASONS) this.usage.set(r, 0);
  }

  /** Decays the usage estimate to `nowMs` and recomputes the stretch for a budget of `budgetPerSec`. */
  update(budgetPerSec: number, nowMs: number): void {
    this.decayTo(nowMs);
    this.budgetPerSec = budgetPerSec;
    // Every new or replace message gives birth to a fresh order, whatever its reason: with B messages a second
    // the mean lifetime of N orders is N / B, however the messages are split between moves and refreshes. So the
    // stretch that fits the budget is demand / (budget × share); moves only shorten some lifetimes below it.
    const usable = budgetPerSec * this.o.budgetShare;
    const demand = this.demandPerSec();
    this.factor = usable <= 0 ? this.o.maxStretch : Math.min(this.o.maxStretch, Math.max(1, demand / usable));
  }

  /** Counts one message sent for `reason`. */
  record(reason: QuoteReason, nowMs: number): void {
    this.decayTo(nowMs);
    // Each message adds 1/τ to an exponentially weighted rate with time constant τ (so the rate is in msg/s).
    const tauSec = this.o.usageHalfLifeMs / 1000 / Math.LN2;
    this.usage.set(reason, (this.usage.get(reason) ?? 0) + 1 / tauSec);
  }

  /** A fresh lifetime, in whole ms. */
  lifetimeMs(): number {
    const draw = Math.min(Math.max(this.o.random(), 0), 1);
    return Math.round((this.o.minLifetimeMs + draw * (this.o.maxLifetimeMs - this.o.minLifetimeMs)) * this.factor);
  }

  status(): LifetimeBudgetStatus {
    const usagePerSec = Object.fromEntries(REASONS.map((r) => [r, round(this.usage.get(r) ?? 0)])) as Record<
      QuoteReason,
      number
    >;
    const demand = this.demandPerSec();
    const available = this.refreshBudgetPerSec();
    return {
      refreshDemandPerSec: round(demand),
      refreshBudgetPerSec: round(available),
      usagePerSec,
      stretchFactor: round(this.factor),
      lifetimeRangeMs: [Math.round(this.o.minLifetimeMs * this.factor), Math.round(this.o.maxLifetimeMs * this.factor)],
      reason:
        this.factor === 1
          ? `budget covers ${round(demand)} refreshes/s`
          : `refreshing every order each ${this.o.minLifetimeMs / 1000}–${this.o.maxLifetimeMs / 1000} s needs ${round(demand)} msg/s, ` +
            `the budget gives ${round(this.budgetPerSec)} × ${this.o.budgetShare}: lifetimes × ${round(this.factor)} ` +
            `(${round(available)} msg/s left for refreshes after safety moves and refills)`,
    };
  }

  private demandPerSec(): number {
    return this.o.orders / ((this.o.minLifetimeMs + this.o.maxLifetimeMs) / 2 / 1000);
  }

  private refreshBudgetPerSec(): number {
    let other = 0;
    for (const r of REASONS) if (r !== 'refresh') other += this.usage.get(r) ?? 0;
    return this.budgetPerSec * this.o.budgetShare - other;
  }

  private decayTo(nowMs: number): void {
    if (this.lastMs !== undefined && nowMs > this.lastMs) {
      const k = Math.pow(0.5, (nowMs - this.lastMs) / this.o.usageHalfLifeMs);
      for (const r of REASONS) this.usage.set(r, (this.usage.get(r) ?? 0) * k);
    }
    if (this.lastMs === undefined || nowMs > this.lastMs) this.lastMs = nowMs;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
