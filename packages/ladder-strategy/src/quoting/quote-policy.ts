import { compileLadderConfig, type CompiledLadderConfig } from '../compiled-ladder-config';
import { ceilDiv, formatFixed } from '../fixed-point';
import type { QuoteSide } from '../target-order';
import { LadderAnchors, type Anchors } from './ladder-anchors';
import { ShapeTracker, type LadderShape } from './ladder-shape';
import { LifetimeBudget, type LifetimeBudgetStatus } from './lifetime-budget';
import { planQuotes, type PlanOrder, type QuoteReason } from './quote-plan';
import { QuotePolicyConfigError, quotePolicyConfigProblems, type QuotePolicyConfig } from './quote-policy-config';
import { parseTickSize, toTickFraction, toWholeTicks, type TickSize } from './tick-fraction';

/** An order of ours, as the policy needs to see it. */
export interface QuotePolicyOrder {
  readonly clOrdId: string;
  readonly side: QuoteSide;
  readonly price: string;
  /** Not acknowledged yet, or a cancel/replace is in flight. */
  readonly pending: boolean;
  /** When its lifetime ends (as assigned by {@link QuoteAction.lifetimeMs} when it was sent). */
  readonly expiresAtMs: number;
}

export interface QuotePolicyInput {
  readonly fairValue: string;
  /** Base position (decimal string), for inventory skew. */
  readonly position: string;
  /** Measured σ in bps of fair value per √second (e.g. EwmaVolatility.value() × 10⁴). */
  readonly volatilityBps?: number;
  readonly nowMs: number;
  readonly live: readonly QuotePolicyOrder[];
  readonly openOrderLimit: number;
  /** The message budget now: its rate, and the whole messages available this instant. */
  readonly budget: { readonly ratePerSec: number; readonly available: number };
}

/** One order message the policy wants sent, ready for the risk gate and the order adapter. */
export interface QuoteAction {
  readonly kind: 'new' | 'replace' | 'cancel';
  readonly side: QuoteSide;
  /** The order acted on (replace, cancel). */
  readonly clOrdId?: string;
  /** New price and quantity (new, replace). */
  readonly price?: string;
  readonly quantity?: string;
  readonly level?: number;
  readonly reason: QuoteReason;
  /** A safety cancel beyond the routine budget: it must go out even if the budget is empty. */
  readonly urgent: boolean;
  /** Lifetime of the order this action creates (new, replace). */
  readonly lifetimeMs?: number;
}

export interface QuotePolicyStatus {
  readonly shape: LadderShape | null;
  readonly anchors: { readonly bid: string; readonly ask: string } | null;
  readonly skewTicks: number;
  readonly anchorShifts: number;
  readonly reshapes: number;
  readonly lifetimes: LifetimeBudgetStatus;
}

/**
 * The quoting policy: given fair value, position, volatility, our live orders and the message budget, the few order
 * messages to send now. Stateful only in what must persist between passes: the ladder's anchors (so levels stay put),
 * the current shape (so it changes rarely) and the measured message usage (so lifetimes stretch to the budget).
 *
 * See the package README, "Quoting policy", for the rules and the reasoning behind the defaults.
 */
export class QuotePolicy {
  readonly config: QuotePolicyConfig;
  private readonly compiled: CompiledLadderConfig;
  private readonly tick: TickSize;
  private readonly anchors = new LadderAnchors();
  private readonly shapes: ShapeTracker;
  private readonly lifetimes: LifetimeBudget;
  private readonly random: () => number;
  private readonly perLevel: readonly number[];
  private lastAnchors: Anchors | undefined;
  private lastSkewTicks = 0;

  constructor(config: QuotePolicyConfig, deps: { random: () => number }) {
    const problems = quotePolicyConfigProblems(config);
    if (problems.length > 0) throw new QuotePolicyConfigError(problems);
    this.config = config;
    this.compiled = compileLadderConfig(config.ladder);
    this.tick = parseTickSize(config.ladder.tickSize);
    this.shapes = new ShapeTracker(config.shape);
    this.random = deps.random;
    this.perLevel = this.compiled.perLevel;
    this.lifetimes = new LifetimeBudget({
      minLifetimeMs: config.minLifetimeMs,
      maxLifetimeMs: config.maxLifetimeMs,
      orders: 2 * config.ladder.ordersPerSide,
      budgetShare: config.budgetShare,
      maxStretch: config.maxLifetimeStretch,
      usageHalfLifeMs: 10_000,
      random: deps.random,
    });
  }

  /** The order messages to send now, in send order. Throws RangeError for an unreadable fair value. */
  plan(input: QuotePolicyInput): QuoteAction[] {
    const fv = toTickFraction(input.fairValue, this.tick);
    if (!fv)
      throw new RangeError(`fair value must be a positive decimal string, got ${JSON.stringify(input.fairValue)}`);
    const fvNumber = Number(input.fairValue);
    const { ratio, skewTicks } = this.inventory(input.position);
    const maxSkew = this.config.ladder.skew?.maxSkewTicks ?? 0;
    const shape = this.shapes.update(
      {
        fairValue: fvNumber,
        tickSize: Number(this.config.ladder.tickSize),
        volatilityBps: input.volatilityBps,
        meanLifetimeMs: (this.config.minLifetimeMs + this.config.maxLifetimeMs) / 2,
        maxSkewTicks: maxSkew,
      },
      input.nowMs,
    );
    const anchors = this.anchors.update(fv, shape, skewTicks);
    this.lastAnchors = anchors;
    this.lastSkewTicks = skewTicks;
    this.lifetimes.update(input.budget.ratePerSec, input.nowMs);

    const lots = this.sideLots(ratio);
    const perLevel = {
      buy: lots.buy > 0 ? this.perLevel : this.perLevel.map(() => 0),
      sell: lots.sell > 0 ? this.perLevel : this.perLevel.map(() => 0),
    };
    const live: PlanOrder[] = input.live.map((o) => ({
      clOrdId: o.clOrdId,
      side: o.side,
      priceTicks: toWholeTicks(o.price, this.tick),
      pending: o.pending,
      expiresAtMs: o.expiresAtMs,
    }));
    // Tokens: what the budget holds now, less the share kept back for bursts (the share applies to the rate).
    const steps = planQuotes({
      fairValue: fv,
      anchors,
      shape,
      perLevel,
      live,
      openOrderLimit: input.openOrderLimit,
      nowMs: input.nowMs,
      tokens: Math.max(0, Math.floor(input.budget.available)),
      // Safety cancels may take the budget down to −safetyBurst (repaid before anything routine goes out), so
      // any one-second window holds at most burst + rate + safetyBurst messages.
      urgentAllowance: Math.max(
        0,
        Math.floor(input.budget.available + this.config.safetyBurst) - Math.max(0, Math.floor(input.budget.available)),
      ),
      levelTolerance: this.config.levelTolerance,
    });
    return steps.map((s) => {
      if (s.kind === 'cancel')
        return { kind: 'cancel', side: s.side, clOrdId: s.clOrdId, reason: s.reason, urgent: s.urgent };
      const ticks = s.priceTicks!;
      return {
        kind: s.kind,
        side: s.side,
        clOrdId: s.clOrdId,
        price: formatFixed(ticks, this.tick.units, this.tick.places),
        quantity: this.quantity(lots[s.side], ticks),
        level: s.level,
        reason: s.reason,
        urgent: s.urgent,
        lifetimeMs: this.lifetimes.lifetimeMs(),
      };
    });
  }

  /** Tell the policy an action went out (its message usage stretches lifetimes when the budget is short). */
  recordSent(action: Pick<QuoteAction, 'reason'>, nowMs: number): void {
    this.lifetimes.record(action.reason, nowMs);
  }

  /** Forget the anchors: the next plan re-anchors the ladder on fair value (e.g. after quoting was suspended). */
  reanchor(): void {
    this.anchors.reset();
  }

  status(): QuotePolicyStatus {
    const a = this.lastAnchors;
    return {
      shape: this.shapes.current() ?? null,
      anchors: a
        ? {
            bid: formatFixed(a.buy, this.tick.units, this.tick.places),
            ask: formatFixed(a.sell, this.tick.units, this.tick.places),
          }
        : null,
      skewTicks: this.lastSkewTicks,
      anchorShifts: this.anchors.shiftCount(),
      reshapes: this.shapes.reshapes(),
      lifetimes: this.lifetimes.status(),
    };
  }

  /** p = clamp(position / maxPosition, −1, 1) and skew ticks = round(p × maxSkewTicks), half away from zero. */
  private inventory(position: string): { ratio: number; skewTicks: number } {
    const skew = this.config.ladder.skew;
    if (!skew) return { ratio: 0, skewTicks: 0 };
    const ratio = Math.max(-1, Math.min(1, Number(position) / Number(skew.maxPosition)));
    if (!Number.isFinite(ratio)) return { ratio: 0, skewTicks: 0 };
    const skewTicks = Math.sign(ratio) * Math.round(Math.abs(ratio) * skew.maxSkewTicks);
    return { ratio, skewTicks: skewTicks === 0 ? 0 : skewTicks };
  }

  /** Lots per order before jitter, per side (size skew applied); 0 when a side must not add to the position. */
  private sideLots(ratio: number): Record<QuoteSide, number> {
    const base = this.compiled.baseLots;
    if (!this.config.ladder.skew?.sizeSkew) return { buy: base, sell: base };
    return { buy: base * (1 - ratio), sell: base * (1 + ratio) };
  }

  /** Jittered lots, rounded to whole lots, at least the minimum notional at `ticks` and one lot. */
  private quantity(scaledLots: number, ticks: number): string {
    const c = this.compiled;
    const draw = Math.min(Math.max(this.random(), 0), 1);
    let lots = Math.round(scaledLots * (1 + (2 * draw - 1) * c.jitter));
    const minLots = ceilDiv(c.minLotsNum, c.minLotsDen * ticks);
    if (lots < minLots) lots = minLots;
    if (lots < 1) lots = 1;
    return formatFixed(lots, c.lot.units, c.lot.places);
  }
}
