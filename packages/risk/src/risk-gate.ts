import { EventEmitter } from 'node:events';
import type { Clock } from '@truex-mm/clock';
import type { Decimal } from 'decimal.js';
import pino, { type Logger } from 'pino';
import { RiskDecimal, formatDecimal, parseDecimal } from './decimal';
import {
  SCALED_INEXACT,
  SCALED_INVALID,
  SCALED_OK,
  ScaledDecimal,
  addExact,
  compareScaled,
  multiplyExact,
  parseScaledDecimal,
  rescale,
} from './scaled-decimal';
import { DENY_REASONS, type DenyReason } from './deny-reason';
import { MessageBudget } from './message-budget';
import { PositionLedger, type LedgerFill } from './position-ledger';
import { type RiskLimits, validateRiskLimits } from './risk-limits';
import type { TradingState } from './trading-state';
import { type LearnedLimits, isOpenOrderLimitText } from './venue-limits';

export interface OrderIntent {
  side: 'buy' | 'sell';
  /** Ignored for cancels. */
  price: string;
  /** Ignored for cancels. For a replace: the new quantity. */
  quantity: string;
  kind: 'new' | 'replace' | 'cancel';
}

export interface RiskContext {
  /** Fair value of the reference (Coinbase); absent = no reference = stale. */
  fairValue?: string;
  /** Age of the reference price; absent = stale. */
  referenceAgeMs?: number;
  referenceCrossed?: boolean;
  /** Open orders including pending ones. */
  openOrders: number;
  /** Unfilled quantity of working buys (pending included). For a replace, exclude the order being replaced. */
  workingBuyQty: string;
  /** Unfilled quantity of working sells, same rule. */
  workingSellQty: string;
  /** Net base position; defaults to the gate's own ledger (not in the architecture contract; optional). */
  position?: string;
}

export type RiskDecision = { allowed: true } | { allowed: false; reason: DenyReason; detail: string };

export interface RiskGateCounters {
  allowed: number;
  denied: Record<DenyReason, number>;
  cancels: number;
  /** Cancels that went out with the bucket empty (borrowed against future budget). */
  cancelsOnDebt: number;
  rejects: number;
  /** Rejects that taught a venue limit ("Open order limit exceeded"): not counted towards a reject storm. */
  venueLimitRejects: number;
  throttleRejects: number;
  halts: number;
}

/** Which limit {@link RiskGate} learned ('limit-learned' event). */
export type LearnedLimitName = 'maxOpenOrders' | 'messagesPerSecond';

export interface RiskGateDeps {
  clock: Clock;
  logger?: Logger;
  /** Positions the gate checks against; by default it keeps its own (fed through {@link RiskGate.applyFill}). */
  ledger?: PositionLedger;
}

// One shared silent logger: creating a pino instance per object is not free.
const SILENT_LOGGER = pino({ level: 'silent' });
const ALLOWED: RiskDecision = Object.freeze({ allowed: true });
const HUNDRED = new RiskDecimal(100);
const NONZERO_DIGIT = /[1-9]/;

/** A limit as scaled integer units; units NaN when the limit is not exactly representable (always the slow path). */
interface ScaledLimit {
  units: number;
  scale: number;
}
interface ScaledLimits {
  maxOrderSize: ScaledLimit;
  maxOrderNotional: ScaledLimit;
  priceBandPct: ScaledLimit;
  maxLong: ScaledLimit;
  maxShort: ScaledLimit;
  maxExposure: ScaledLimit;
}

function scaledLimit(text: string): ScaledLimit {
  const parsed = new ScaledDecimal();
  parsed.parse(text);
  return parsed.status === SCALED_OK ? { units: parsed.units, scale: parsed.scale } : { units: NaN, scale: 0 };
}

/**
 * Parses `text` into `slot`; true for a positive plain decimal (what parseDecimal + greaterThan(0) said): one with no
 * minus sign and a nonzero digit.
 */
function parsesPositive(slot: ScaledDecimal, text: string): boolean {
  slot.parse(text);
  if (slot.status === SCALED_OK) return slot.units > 0;
  if (slot.status === SCALED_INVALID) return false;
  const digits = String(text);
  return !digits.startsWith('-') && NONZERO_DIGIT.test(digits);
}

/**
 * The only gate to the wire: every new, replace and cancel passes through {@link check} before it is sent.
 *
 * Checks, in order (first failure wins): INVALID_ORDER, HALTED, CROSSED_REFERENCE, STALE_REFERENCE, MAX_ORDER_SIZE,
 * MAX_ORDER_NOTIONAL, PRICE_BAND, MAX_OPEN_ORDERS (new only), REDUCING_ONLY, MAX_LONG_POSITION / MAX_SHORT_POSITION,
 * MAX_NOTIONAL_EXPOSURE, MESSAGE_BUDGET last (a token is only spent on an order that passes everything else).
 * Cancels are always allowed, in every state, and take a token even when the bucket is empty (going into debt),
 * so a kill can always pull every order while the average message rate still holds afterwards.
 *
 * Emits 'halt' (reason) when trading halts (kill switch, loss limit, reject storm) and 'state' on every change.
 */
export class RiskGate extends EventEmitter {
  readonly ledger: PositionLedger;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly budget: MessageBudget;
  private readonly maxOrderSize: Decimal;
  private readonly maxOrderNotional: Decimal;
  private readonly priceBandPct: Decimal;
  private readonly maxLong: Decimal;
  private readonly maxShortNegated: Decimal;
  private readonly maxExposure: Decimal;
  private readonly maxLoss: Decimal;
  private tradingState: TradingState = 'ACTIVE';
  private lastMark: Decimal | undefined;
  private cachedFairValueText: string | undefined;
  private cachedFairValue: Decimal | undefined;
  private readonly rejectTimes: number[] = [];
  /** maxOpenOrders, or lower once the venue has told us its own limit. */
  private maxOpenOrders: number;
  /** Open orders of the last new order checked: the count a later open-order-limit reject refers to by default. */
  private lastOpenOrders: number | undefined;
  /** Message tokens kept for cancels waiting to be retried (they go before any new order or replace). */
  private cancelReserve = 0;
  private readonly learned: LearnedLimits = {};
  // Scaled-integer forms of the limits and parse slots for the fast path; a slot skips re-parsing the same text
  // (the app passes the same working quantities and fair value to consecutive checks).
  private readonly scaledLimits: ScaledLimits;
  private readonly priceSlot = new ScaledDecimal();
  private readonly quantitySlot = new ScaledDecimal();
  private readonly fairValueSlot = new ScaledDecimal();
  private readonly workingBuySlot = new ScaledDecimal();
  private readonly workingSellSlot = new ScaledDecimal();
  private readonly positionSlot = new ScaledDecimal();
  private readonly ledgerPositionSlot = new ScaledDecimal();
  private ledgerPosition: Decimal | undefined;
  private readonly stats: RiskGateCounters;

  constructor(
    private readonly limits: RiskLimits,
    deps: RiskGateDeps,
  ) {
    super();
    validateRiskLimits(limits);
    this.clock = deps.clock;
    this.logger = deps.logger ?? SILENT_LOGGER;
    this.ledger = deps.ledger ?? new PositionLedger();
    this.budget = new MessageBudget(limits.messagesPerSecond, deps.clock, limits.throttle);
    this.maxOpenOrders = limits.maxOpenOrders;
    // Limits are parsed once so a check only parses the order itself.
    this.maxOrderSize = new RiskDecimal(limits.maxOrderSize);
    this.maxOrderNotional = new RiskDecimal(limits.maxOrderNotional);
    this.priceBandPct = new RiskDecimal(limits.priceBandPct);
    this.maxLong = new RiskDecimal(limits.maxLongPosition);
    this.maxShortNegated = new RiskDecimal(limits.maxShortPosition).negated();
    this.maxExposure = new RiskDecimal(limits.maxNotionalExposure);
    this.maxLoss = new RiskDecimal(limits.maxLoss);
    this.scaledLimits = {
      maxOrderSize: scaledLimit(limits.maxOrderSize),
      maxOrderNotional: scaledLimit(limits.maxOrderNotional),
      priceBandPct: scaledLimit(limits.priceBandPct),
      maxLong: scaledLimit(limits.maxLongPosition),
      maxShort: scaledLimit(limits.maxShortPosition),
      maxExposure: scaledLimit(limits.maxNotionalExposure),
    };
    const denied = {} as Record<DenyReason, number>;
    for (const reason of DENY_REASONS) denied[reason] = 0;
    this.stats = {
      allowed: 0,
      denied,
      cancels: 0,
      cancelsOnDebt: 0,
      rejects: 0,
      venueLimitRejects: 0,
      throttleRejects: 0,
      halts: 0,
    };
  }

  get state(): TradingState {
    return this.tradingState;
  }

  /** Decides whether one order message may go to the venue; an allowed new/replace has spent its message token. */
  check(order: OrderIntent, ctx: RiskContext): RiskDecision {
    if (order.kind === 'cancel') {
      this.chargeCancel();
      return ALLOWED;
    }
    if (order.kind === 'new') this.lastOpenOrders = ctx.openOrders;
    // Parsed into reused slots: the fast path below reads them, so a check allocates nothing.
    if (!parsesPositive(this.priceSlot, order.price) || !parsesPositive(this.quantitySlot, order.quantity)) {
      return this.deny(
        'INVALID_ORDER',
        `price ${order.price} and quantity ${order.quantity} must be positive decimals`,
      );
    }
    if (order.side !== 'buy' && order.side !== 'sell') return this.deny('INVALID_ORDER', `unknown side ${order.side}`);
    if (this.tradingState === 'HALTED') return this.deny('HALTED', 'trading is halted; only cancels are allowed');
    if (ctx.referenceCrossed) return this.deny('CROSSED_REFERENCE', 'reference book is crossed');
    if (ctx.fairValue === undefined || !parsesPositive(this.fairValueSlot, ctx.fairValue)) {
      return this.deny('STALE_REFERENCE', 'no valid fair value');
    }
    if (ctx.referenceAgeMs === undefined || !(ctx.referenceAgeMs <= this.limits.maxReferenceAgeMs)) {
      return this.deny(
        'STALE_REFERENCE',
        `reference age ${ctx.referenceAgeMs ?? 'unknown'} ms > ${this.limits.maxReferenceAgeMs} ms`,
      );
    }
    // The integer fast path only ever says "every limit holds"; a denial, or a figure it cannot hold exactly, is
    // decided (and explained) by the decimal.js path, so both paths always reach the same decision.
    if (!this.limitsHoldExactly(order, ctx)) {
      const denied = this.checkLimitsWithDecimal(order, ctx);
      if (denied) return denied;
    }
    // Cancels waiting for a retry keep priority: new orders and replaces leave their tokens in the bucket.
    if (this.cancelReserve > 0 && this.budget.available() - this.cancelReserve < 1) {
      return this.deny(
        'MESSAGE_BUDGET',
        `message budget kept for ${this.cancelReserve} cancel(s) waiting to be retried`,
      );
    }
    if (!this.budget.tryTake(1)) {
      return this.deny('MESSAGE_BUDGET', `message budget exhausted at ${this.budget.snapshot().ratePerSec} msg/s`);
    }
    this.stats.allowed++;
    return ALLOWED;
  }

  /** Charges one cancel to the message budget: always allowed, borrowing when the bucket is empty (check's cancel path). */
  chargeCancel(): void {
    if (this.budget.available() < 1) this.stats.cancelsOnDebt++;
    this.budget.takeAllowingDebt(1);
    this.stats.cancels++;
  }

  /**
   * Takes one message token only if one is available (no borrowing): for a cancel the venue throttled, which should
   * be retried within the budget rather than pushed at a venue that is already refusing us. Counted as a cancel.
   */
  tryTakeMessage(): boolean {
    if (!this.budget.tryTake(1)) return false;
    this.stats.cancels++;
    return true;
  }

  /** Keeps `count` message tokens for cancels waiting to be retried (e.g. the order adapter's pending retries). */
  reserveForCancels(count: number): void {
    this.cancelReserve = Math.max(0, Math.floor(count));
  }

  /** The venue limits learned from its rejects; each lowered our own limit. */
  learnedLimits(): LearnedLimits {
    const learned: LearnedLimits = {};
    if (this.learned.maxOpenOrders) learned.maxOpenOrders = { ...this.learned.maxOpenOrders };
    if (this.learned.messagesPerSecond) learned.messagesPerSecond = { ...this.learned.messagesPerSecond };
    return learned;
  }

  /** Changes the trading state (operator action or automatic); leaving HALTED also clears the reject window. */
  setState(next: TradingState, why: string): void {
    const previous = this.tradingState;
    if (next === previous) return;
    this.tradingState = next;
    if (previous === 'HALTED') this.rejectTimes.length = 0;
    this.logger.warn({ from: previous, to: next, why }, 'trading state changed');
    this.emit('state', next, previous, why);
    if (next === 'HALTED') {
      this.stats.halts++;
      this.emit('halt', why);
    }
  }

  /** The kill switch: halts (the app then cancels every order). A kill while halted re-emits 'halt'. */
  kill(why: string): void {
    if (this.tradingState === 'HALTED') {
      this.logger.warn({ why }, 'kill switch while halted');
      this.emit('halt', why);
      return;
    }
    this.setState('HALTED', why);
  }

  /**
   * Venue throttle reject (35=j 380=8/9/10, or a throttled cancel): shrinks the message budget (AIMD, see
   * MessageBudget) and lowers the ceiling it recovers to (a learned limit, reported by learnedLimits). Never a halt.
   */
  onThrottleReject(): void {
    this.stats.throttleRejects++;
    const shrank = this.budget.onThrottleReject();
    if (!shrank) return;
    this.logger.warn({ ratePerSec: this.budget.snapshot().ratePerSec }, 'venue throttle: budget reduced');
    const learned = this.budget.learned();
    if (learned && learned.ceilingPerSec !== this.learned.messagesPerSecond?.value) {
      this.learned.messagesPerSecond = {
        value: learned.ceilingPerSec,
        throttledAtRatePerSec: learned.throttledAtRatePerSec,
        learnedAtMs: this.clock.now(),
        evidence: `throttled at ${learned.throttledAtRatePerSec} msg/s`,
      };
      this.emit(
        'limit-learned',
        'messagesPerSecond',
        learned.ceilingPerSec,
        `throttled at ${learned.throttledAtRatePerSec} msg/s`,
      );
    }
  }

  /**
   * An order reject from the venue; `rejectStorm.count` of them within `windowMs` halts trading. A reject that
   * reports a venue limit ("Open order limit exceeded") is not counted towards the storm: it lowers maxOpenOrders to
   * the open orders we had (`context.openOrders`, else those of the last new order checked) and is reported by
   * {@link learnedLimits}.
   */
  onReject(text?: string, context?: { openOrders?: number }): void {
    this.stats.rejects++;
    if (isOpenOrderLimitText(text)) {
      this.stats.venueLimitRejects++;
      this.learnOpenOrderLimit(context?.openOrders ?? this.lastOpenOrders, text as string);
      return;
    }
    if (this.tradingState === 'HALTED') return;
    const now = this.clock.now();
    const times = this.rejectTimes;
    times.push(now);
    while (times.length > 0 && (times[0] as number) <= now - this.limits.rejectStorm.windowMs) times.shift();
    if (times.length >= this.limits.rejectStorm.count) {
      this.kill(
        `reject storm: ${times.length} rejects within ${this.limits.rejectStorm.windowMs} ms (last: ${text ?? 'no text'})`,
      );
    }
  }

  /** Applies a fill to the ledger and re-checks the loss limit; false for a duplicate execId. */
  applyFill(fill: LedgerFill): boolean {
    const applied = this.ledger.applyFill(fill);
    if (applied) this.checkLoss();
    return applied;
  }

  /** Marks the position to fair value and halts if net PnL has reached −maxLoss. Call on fair-value updates. */
  markToMarket(fairValue: string): void {
    const mark = parseDecimal(fairValue);
    if (!mark || !mark.greaterThan(0)) return;
    this.lastMark = mark;
    this.checkLoss();
  }

  /** Current budget; the strategy's refresh scheduler spreads replacements so as to stay within ratePerSec. */
  messageBudget(): { ratePerSec: number; available: number; maxRatePerSec: number } {
    const { ratePerSec, available, maxRatePerSec } = this.budget.snapshot();
    return { ratePerSec, available, maxRatePerSec };
  }

  counters(): RiskGateCounters {
    return { ...this.stats, denied: { ...this.stats.denied } };
  }

  override on(event: 'halt', listener: (reason: string) => void): this;
  override on(
    event: 'limit-learned',
    listener: (limit: LearnedLimitName, value: number, evidence: string) => void,
  ): this;
  override on(event: 'state', listener: (state: TradingState, previous: TradingState, why: string) => void): this;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  /**
   * MAX_ORDER_SIZE … MAX_NOTIONAL_EXPOSURE in scaled-integer arithmetic (see scaled-decimal.ts). True only when every
   * limit holds; false when one is breached or a figure (or product) is not exactly representable as a safe integer.
   * Price, quantity and fair value are already parsed into their slots by {@link check}.
   */
  private limitsHoldExactly(order: OrderIntent, ctx: RiskContext): boolean {
    const price = this.priceSlot;
    const quantity = this.quantitySlot;
    const fairValue = this.fairValueSlot;
    if (price.status !== SCALED_OK || quantity.status !== SCALED_OK || fairValue.status !== SCALED_OK) return false;
    const limits = this.scaledLimits;
    // `!(c <= 0)` is also true for NaN (not representable): the decimal.js path decides those.
    if (!(compareScaled(quantity.units, quantity.scale, limits.maxOrderSize.units, limits.maxOrderSize.scale) <= 0)) {
      return false;
    }
    const notional = multiplyExact(price.units, quantity.units);
    const notionalScale = price.scale + quantity.scale;
    if (!(compareScaled(notional, notionalScale, limits.maxOrderNotional.units, limits.maxOrderNotional.scale) <= 0)) {
      return false;
    }
    // |price − fv| × 100 ≤ band × fv, as in the decimal path.
    const bandScale = Math.max(price.scale, fairValue.scale);
    const distance = Math.abs(
      addExact(rescale(price.units, price.scale, bandScale), -rescale(fairValue.units, fairValue.scale, bandScale)),
    );
    const band = multiplyExact(limits.priceBandPct.units, fairValue.units);
    if (
      !(compareScaled(multiplyExact(distance, 100), bandScale, band, limits.priceBandPct.scale + fairValue.scale) <= 0)
    ) {
      return false;
    }
    if (order.kind === 'new' && ctx.openOrders >= this.maxOpenOrders) return false;

    const position = this.positionFor(ctx.position);
    const working = order.side === 'buy' ? this.workingBuySlot : this.workingSellSlot;
    working.parse(order.side === 'buy' ? ctx.workingBuyQty : ctx.workingSellQty);
    if (position.status !== SCALED_OK || working.status !== SCALED_OK) return false;
    const scale = Math.max(position.scale, working.scale, quantity.scale);
    const added = addExact(
      rescale(working.units, working.scale, scale),
      rescale(quantity.units, quantity.scale, scale),
    );
    const positionUnits = rescale(position.units, position.scale, scale);
    const worstCase = order.side === 'buy' ? addExact(positionUnits, added) : addExact(positionUnits, -added);
    if (worstCase !== worstCase) return false;
    if (this.tradingState === 'REDUCING') {
      const reduces =
        order.side === 'buy' ? position.units < 0 && worstCase <= 0 : position.units > 0 && worstCase >= 0;
      if (!reduces) return false;
    }
    if (order.side === 'buy') {
      if (!(compareScaled(worstCase, scale, limits.maxLong.units, limits.maxLong.scale) <= 0)) return false;
    } else if (!(compareScaled(worstCase, scale, -limits.maxShort.units, limits.maxShort.scale) >= 0)) {
      return false;
    }
    const exposure = multiplyExact(Math.abs(worstCase), fairValue.units);
    return compareScaled(exposure, scale + fairValue.scale, limits.maxExposure.units, limits.maxExposure.scale) <= 0;
  }

  /** The position to check against, parsed: the context's, or the ledger's (re-parsed only when it changed). */
  private positionFor(text: string | undefined): ScaledDecimal {
    if (text !== undefined) {
      this.positionSlot.parse(text);
      return this.positionSlot;
    }
    const base = this.ledger.basePosition();
    const slot = this.ledgerPositionSlot;
    if (base !== this.ledgerPosition) {
      this.ledgerPosition = base;
      parseScaledDecimal(base.toFixed(), slot);
      // toFixed() drops the sign of a negative zero, which the decimal path still sees.
      if (base.isZero() && base.isNegative()) slot.status = SCALED_INEXACT;
    }
    return slot;
  }

  /** The limit checks after STALE_REFERENCE in decimal.js: the reference for the fast path and its fallback. */
  private checkLimitsWithDecimal(order: OrderIntent, ctx: RiskContext): RiskDecision | undefined {
    const price = new RiskDecimal(order.price);
    const quantity = new RiskDecimal(order.quantity);
    const fairValue = this.fairValueDecimal(ctx.fairValue as string);
    if (quantity.greaterThan(this.maxOrderSize)) {
      return this.deny('MAX_ORDER_SIZE', `quantity ${order.quantity} > ${this.limits.maxOrderSize}`);
    }
    const notional = price.times(quantity);
    if (notional.greaterThan(this.maxOrderNotional)) {
      return this.deny('MAX_ORDER_NOTIONAL', `notional ${notional.toFixed()} > ${this.limits.maxOrderNotional}`);
    }
    // |price − fv| / fv > band% ⇔ |price − fv| × 100 > band × fv (no division).
    if (price.minus(fairValue).abs().times(HUNDRED).greaterThan(this.priceBandPct.times(fairValue))) {
      return this.deny(
        'PRICE_BAND',
        `price ${order.price} is more than ${this.limits.priceBandPct}% from fair value ${ctx.fairValue}`,
      );
    }
    if (order.kind === 'new' && ctx.openOrders >= this.maxOpenOrders) {
      const learned = this.maxOpenOrders < this.limits.maxOpenOrders ? ' (learned from the venue)' : '';
      return this.deny('MAX_OPEN_ORDERS', `${ctx.openOrders} open orders >= ${this.maxOpenOrders}${learned}`);
    }

    const position = ctx.position === undefined ? this.ledger.basePosition() : parseDecimal(ctx.position);
    const working = parseDecimal(order.side === 'buy' ? ctx.workingBuyQty : ctx.workingSellQty);
    if (!position || !working) {
      return this.deny('INVALID_ORDER', `position ${ctx.position} / working quantity is not a decimal`);
    }
    // The position if every working order on this side, and this one, filled.
    const worstCase =
      order.side === 'buy' ? position.plus(working).plus(quantity) : position.minus(working).minus(quantity);
    if (this.tradingState === 'REDUCING') {
      const reduces =
        order.side === 'buy'
          ? position.isNegative() && !worstCase.greaterThan(0)
          : position.greaterThan(0) && !worstCase.isNegative();
      if (!reduces) {
        return this.deny(
          'REDUCING_ONLY',
          `${order.side} ${order.quantity} would not reduce position ${formatDecimal(position)} (worst case ${formatDecimal(worstCase)})`,
        );
      }
    }
    if (order.side === 'buy' && worstCase.greaterThan(this.maxLong)) {
      return this.deny(
        'MAX_LONG_POSITION',
        `worst-case position ${formatDecimal(worstCase)} > ${this.limits.maxLongPosition}`,
      );
    }
    if (order.side === 'sell' && worstCase.lessThan(this.maxShortNegated)) {
      return this.deny(
        'MAX_SHORT_POSITION',
        `worst-case position ${formatDecimal(worstCase)} < -${this.limits.maxShortPosition}`,
      );
    }
    const exposure = worstCase.abs().times(fairValue);
    if (exposure.greaterThan(this.maxExposure)) {
      return this.deny(
        'MAX_NOTIONAL_EXPOSURE',
        `worst-case exposure ${formatDecimal(exposure)} > ${this.limits.maxNotionalExposure}`,
      );
    }
    return undefined;
  }

  private learnOpenOrderLimit(openOrders: number | undefined, text: string): void {
    if (openOrders === undefined || !Number.isFinite(openOrders)) {
      this.logger.warn({ text }, 'venue open-order limit reached, but our open-order count is unknown: not learned');
      return;
    }
    // The venue refused one more with `openOrders` open: its limit is at most that (and at least one order).
    const value = Math.max(1, Math.floor(openOrders));
    if (value >= this.maxOpenOrders) return;
    this.maxOpenOrders = value;
    this.learned.maxOpenOrders = { value, learnedAtMs: this.clock.now(), evidence: text };
    this.logger.warn({ maxOpenOrders: value, text }, 'venue open-order limit learned: our limit lowered');
    this.emit('limit-learned', 'maxOpenOrders', value, text);
  }

  private checkLoss(): void {
    if (this.tradingState === 'HALTED') return;
    const net = this.ledger.netPnl(this.lastMark);
    if (net.isNegative() && !net.negated().lessThan(this.maxLoss)) {
      this.kill(`loss limit: net PnL ${formatDecimal(net)} <= -${this.limits.maxLoss}`);
    }
  }

  /** The fair value as a Decimal, for the decimal path; only called once the text is known to be valid. */
  private fairValueDecimal(text: string): Decimal {
    if (text !== this.cachedFairValueText || !this.cachedFairValue) {
      this.cachedFairValue = new RiskDecimal(text);
      this.cachedFairValueText = text;
    }
    return this.cachedFairValue;
  }

  private deny(reason: DenyReason, detail: string): RiskDecision {
    this.stats.denied[reason]++;
    this.logger.debug({ reason, detail }, 'order denied');
    return { allowed: false, reason, detail };
  }
}
