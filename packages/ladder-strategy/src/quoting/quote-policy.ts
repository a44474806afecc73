import { compileLadderConfig, minLotsAt, type CompiledLadderConfig } from '../compiled-ladder-config';
import { formatCount, type ScaledValue } from '../scaled-value';
import type { QuoteSide } from '../target-order';
import { LadderAnchors, type Anchors } from './ladder-anchors';
import { ShapeTracker, type LadderShape } from './ladder-shape';
import { LifetimeBudget, type LifetimeBudgetStatus } from './lifetime-budget';
import { QuotePlanner, type PlanInput, type PlanOrder, type QuoteReason } from './quote-plan';
import { QuotePolicyConfigError, quotePolicyConfigProblems, type QuotePolicyConfig } from './quote-policy-config';
import { parseTickSize, tickFractionInto, toWholeTicks, type TickSize } from './tick-fraction';

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

/**
 * `count × increment` as text ({@link formatCount}), remembered by count: a bounded cache (emptied when it holds
 * {@link CountTexts.LIMIT} values), so a long run drifting through prices cannot grow it without end.
 */
class CountTexts {
  static readonly LIMIT = 4096;
  private readonly texts = new Map<number, string>();

  constructor(private readonly increment: ScaledValue) {}

  text(count: number): string {
    let text = this.texts.get(count);
    if (text === undefined) {
      if (this.texts.size >= CountTexts.LIMIT) this.texts.clear();
      text = formatCount(count, this.increment);
      this.texts.set(count, text);
    }
    return text;
  }
}

/** A live order as the planner reads it, refilled from {@link QuotePolicyInput.live} on every pass. */
class PlanOrderSlot implements PlanOrder {
  clOrdId = '';
  side: QuoteSide = 'buy';
  priceTicks: number | undefined = undefined;
  pending = false;
  expiresAtMs = 0;
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
  // Per-pass working objects, reused (a plan builds only the actions it returns and their strings).
  private readonly planner = new QuotePlanner();
  private readonly fairValueTicks = { num: 0, den: 1 };
  private readonly noLevels: readonly number[];
  private readonly perLevelBySide: { buy: readonly number[]; sell: readonly number[] };
  private readonly planLive: PlanOrderSlot[] = [];
  private readonly planInput: { -readonly [K in keyof PlanInput]: PlanInput[K] };
  private readonly planOrderPool: PlanOrderSlot[] = [];
  private readonly shapeInput: {
    fairValue: number;
    tickSize: number;
    volatilityBps: number | undefined;
    meanLifetimeMs: number;
    maxSkewTicks: number;
  };
  /** Prices and quantities as text, formatted once per value (a ladder's prices and sizes repeat pass after pass). */
  private readonly priceTexts: CountTexts;
  private readonly quantityTexts: CountTexts;
  /** The last inventory ratio and skew (see {@link inventory}). */
  private ratio = 0;
  private skewTicks = 0;
  /** The last position text and its inventory ratio/skew, read again only when it changes. */
  private inventoryOf: string | undefined;

  constructor(config: QuotePolicyConfig, deps: { random: () => number }) {
    const problems = quotePolicyConfigProblems(config);
    if (problems.length > 0) throw new QuotePolicyConfigError(problems);
    this.config = config;
    this.compiled = compileLadderConfig(config.ladder);
    this.tick = parseTickSize(config.ladder.tickSize);
    this.shapes = new ShapeTracker(config.shape);
    this.random = deps.random;
    this.perLevel = this.compiled.perLevel;
    this.noLevels = this.perLevel.map(() => 0);
    this.priceTexts = new CountTexts(this.tick);
    this.quantityTexts = new CountTexts(this.compiled.lot);
    this.perLevelBySide = { buy: this.perLevel, sell: this.perLevel };
    this.planInput = {
      fairValue: this.fairValueTicks,
      anchors: { buy: 0, sell: 0 },
      shape: { level1OffsetTicks: 0, levelSpacingTicks: 1, minEdgeTicks: 0 },
      perLevel: this.perLevelBySide,
      live: this.planLive,
      openOrderLimit: 0,
      nowMs: 0,
      tokens: 0,
      urgentAllowance: 0,
      levelTolerance: config.levelTolerance,
    };
    this.shapeInput = {
      fairValue: 0,
      tickSize: Number(config.ladder.tickSize),
      volatilityBps: undefined,
      meanLifetimeMs: (config.minLifetimeMs + config.maxLifetimeMs) / 2,
      maxSkewTicks: config.ladder.skew?.maxSkewTicks ?? 0,
    };
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
    const fv = this.fairValueTicks;
    if (!tickFractionInto(input.fairValue, this.tick, fv))
      throw new RangeError(`fair value must be a positive decimal string, got ${JSON.stringify(input.fairValue)}`);
    this.inventory(input.position);
    const ratio = this.ratio;
    const skewTicks = this.skewTicks;
    const shapeInput = this.shapeInput;
    shapeInput.fairValue = Number(input.fairValue);
    shapeInput.volatilityBps = input.volatilityBps;
    const shape = this.shapes.update(shapeInput, input.nowMs);
    const anchors = this.anchors.updateShared(fv, shape, skewTicks);
    this.lastAnchors = anchors;
    this.lastSkewTicks = skewTicks;
    this.lifetimes.update(input.budget.ratePerSec, input.nowMs);

    const buyLots = this.sideLots(ratio, 'buy');
    const sellLots = this.sideLots(ratio, 'sell');
    const perLevel = this.perLevelBySide;
    perLevel.buy = buyLots > 0 ? this.perLevel : this.noLevels;
    perLevel.sell = sellLots > 0 ? this.perLevel : this.noLevels;
    // Tokens: what the budget holds now, less the share kept back for bursts (the share applies to the rate).
    const plan = this.planInput;
    plan.fairValue = fv;
    plan.anchors = anchors;
    plan.shape = shape;
    plan.live = this.planOrders(input.live);
    plan.openOrderLimit = input.openOrderLimit;
    plan.nowMs = input.nowMs;
    plan.tokens = Math.max(0, Math.floor(input.budget.available));
    // Safety cancels may take the budget down to −safetyBurst (repaid before anything routine goes out), so
    // any one-second window holds at most burst + rate + safetyBurst messages.
    plan.urgentAllowance = Math.max(
      0,
      Math.floor(input.budget.available + this.config.safetyBurst) - Math.max(0, Math.floor(input.budget.available)),
    );
    const steps = this.planner.plan(plan);
    const actions: QuoteAction[] = [];
    for (let k = 0; k < steps; k++) {
      const s = this.planner.step(k);
      if (s.kind === 'cancel') {
        actions.push({ kind: 'cancel', side: s.side, clOrdId: s.clOrdId, reason: s.reason, urgent: s.urgent });
        continue;
      }
      const ticks = s.priceTicks!;
      actions.push({
        kind: s.kind,
        side: s.side,
        clOrdId: s.clOrdId,
        price: this.priceTexts.text(ticks),
        quantity: this.quantity(s.side === 'buy' ? buyLots : sellLots, ticks),
        level: s.level,
        reason: s.reason,
        urgent: s.urgent,
        lifetimeMs: this.lifetimes.lifetimeMs(),
      });
    }
    return actions;
  }

  /** The live orders as the planner reads them, in objects and an array reused from pass to pass. */
  private planOrders(orders: readonly QuotePolicyOrder[]): readonly PlanOrder[] {
    const out = this.planLive;
    const pool = this.planOrderPool;
    while (pool.length < orders.length) pool.push(new PlanOrderSlot());
    out.length = orders.length;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      const slot = pool[i]!;
      slot.clOrdId = o.clOrdId;
      slot.side = o.side;
      slot.priceTicks = toWholeTicks(o.price, this.tick);
      slot.pending = o.pending;
      slot.expiresAtMs = o.expiresAtMs;
      out[i] = slot;
    }
    return out;
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
            bid: formatCount(a.buy, this.tick),
            ask: formatCount(a.sell, this.tick),
          }
        : null,
      skewTicks: this.lastSkewTicks,
      anchorShifts: this.anchors.shiftCount(),
      reshapes: this.shapes.reshapes(),
      lifetimes: this.lifetimes.status(),
    };
  }

  /**
   * p = clamp(position / maxPosition, −1, 1) and skew ticks = round(p × maxSkewTicks), half away from zero, into
   * {@link ratio} and {@link skewTicks} (read again only when the position changes).
   */
  private inventory(position: string): void {
    if (position === this.inventoryOf) return;
    this.inventoryOf = position;
    this.ratio = 0;
    this.skewTicks = 0;
    const skew = this.config.ladder.skew;
    if (!skew) return;
    const ratio = Math.max(-1, Math.min(1, Number(position) / Number(skew.maxPosition)));
    if (!Number.isFinite(ratio)) return;
    const skewTicks = Math.sign(ratio) * Math.round(Math.abs(ratio) * skew.maxSkewTicks);
    this.ratio = ratio;
    this.skewTicks = skewTicks === 0 ? 0 : skewTicks;
  }

  /** Lots per order before jitter on `side` (size skew applied); 0 when the side must not add to the position. */
  private sideLots(ratio: number, side: QuoteSide): number {
    const base = this.compiled.baseLots;
    if (!this.config.ladder.skew?.sizeSkew) return base;
    return side === 'buy' ? base * (1 - ratio) : base * (1 + ratio);
  }

  /** Jittered lots, rounded to whole lots, at least the minimum notional at `ticks` and one lot. */
  private quantity(scaledLots: number, ticks: number): string {
    const c = this.compiled;
    const draw = Math.min(Math.max(this.random(), 0), 1);
    let lots = Math.round(scaledLots * (1 + (2 * draw - 1) * c.jitter));
    const minLots = minLotsAt(c, ticks);
    if (lots < minLots) lots = minLots;
    if (lots < 1) lots = 1;
    return this.quantityTexts.text(lots);
  }
}
