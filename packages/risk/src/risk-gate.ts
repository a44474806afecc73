import { EventEmitter } from 'node:events';
import type { Clock } from '@truex-mm/clock';
import * as fixedPoint from '@truex-mm/fixed-point';
import pino, { type Logger } from 'pino';
import { LEDGER_SCALE, formatReported, parseLedgerAmount } from './ledger-amount';
import { DENY_REASONS, type DenyReason } from './deny-reason';
import { MessageBudget } from './message-budget';
import { PositionLedger, type LedgerFill } from './position-ledger';
import { type RiskLimits, validateRiskLimits } from './risk-limits';
import type { TradingState } from './trading-state';
import { type LearnedLimits, isOpenOrderLimitText } from './venue-limits';

// Bound once at load: a call through the imported module object is a property load V8 cannot treat as constant, so
// it cannot inline these small functions (measured: about 0.1 µs per check); local constants can be.
const {
  ParseStatus,
  ScaledDecimal,
  compareProduct,
  compareProducts,
  compareUnits,
  divRoundBig,
  formatUnitsBig,
  pow10Big,
  parseDecimalInto,
  POW10,
  Rounding,
} = fixedPoint;
type ScaledDecimal = fixedPoint.ScaledDecimal;

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

/** The message budget's figures ({@link RiskGate.messageBudget}); {@link RiskGate.messageBudgetInto} fills one. */
export interface MessageBudgetFigures {
  ratePerSec: number;
  available: number;
  maxRatePerSec: number;
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

/** A limit as exact units at its own scale (validateRiskLimits guarantees it fits). */
interface ScaledLimit {
  readonly units: number;
  readonly scale: number;
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
  parseDecimalInto(text, parsed);
  return { units: parsed.units, scale: parsed.scale };
}

const OK = ParseStatus.OK;
const OVERFLOW = ParseStatus.OVERFLOW;
const TOO_MANY_DECIMALS = ParseStatus.TOO_MANY_DECIMALS;

/** Parses an unsigned `text` into `slot` (cached by text); true for a positive plain decimal that fits. */
function parsesPositive(slot: ScaledDecimal, text: string): boolean {
  return parseDecimalInto(text, slot) === OK && slot.units > 0;
}

/** Why a figure did not parse, for a denial's detail. */
function unreadable(slot: ScaledDecimal): string {
  return slot.status === OVERFLOW || slot.status === TOO_MANY_DECIMALS
    ? 'is beyond the exact range (2^53 units, 22 decimals)'
    : 'is not a decimal';
}

/** units at `from` widened to `to` ≥ from (exact; the caller checks the result is a safe integer). */
function widen(units: number, from: number, to: number): number {
  return to === from ? units : units * (POW10[to - from] ?? NaN);
}

/** units × 10^−scale as exact text (for a denial's detail; allocates). */
function text(units: number | bigint, scale: number): string {
  return formatUnitsBig(BigInt(units), scale);
}

/** units × 10^−scale rounded to the 12 places a denial reports, like the ledger's figures. */
function reported(units: number | bigint, scale: number): string {
  const big = BigInt(units);
  return formatReported(
    scale <= LEDGER_SCALE
      ? big * pow10Big(LEDGER_SCALE - scale)
      : divRoundBig(big, pow10Big(scale - LEDGER_SCALE), Rounding.HALF_EVEN),
  );
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
  /** −maxLoss in ledger units (10^−36), against the ledger's exact net PnL. */
  private readonly maxLossNegated: bigint;
  private tradingState: TradingState = 'ACTIVE';
  private lastMark: string | undefined;
  private readonly rejectTimes: number[] = [];
  /** maxOpenOrders, or lower once the venue has told us its own limit. */
  private maxOpenOrders: number;
  /** Open orders of the last new order checked: the count a later open-order-limit reject refers to by default. */
  private lastOpenOrders: number | undefined;
  /** Message tokens kept for cancels waiting to be retried (they go before any new order or replace). */
  private cancelReserve = 0;
  private readonly learned: LearnedLimits = {};
  // Scaled-integer forms of the limits and parse slots (@truex-mm/fixed-point); a slot skips re-parsing the same
  // text (the app passes the same working quantities and fair value to consecutive checks).
  private readonly scaledLimits: ScaledLimits;
  private readonly priceSlot = new ScaledDecimal();
  private readonly quantitySlot = new ScaledDecimal();
  private readonly fairValueSlot = new ScaledDecimal();
  private readonly workingBuySlot = new ScaledDecimal();
  private readonly workingSellSlot = new ScaledDecimal();
  private readonly positionSlot = new ScaledDecimal();
  private readonly markSlot = new ScaledDecimal();
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
    this.maxLossNegated = -parseLedgerAmount('maxLoss', limits.maxLoss);
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
      const beyond =
        this.priceSlot.status === OVERFLOW ||
        this.priceSlot.status === TOO_MANY_DECIMALS ||
        this.quantitySlot.status === OVERFLOW ||
        this.quantitySlot.status === TOO_MANY_DECIMALS;
      return this.deny(
        'INVALID_ORDER',
        beyond
          ? `price ${order.price} or quantity ${order.quantity} is beyond the exact range (2^53 units, 22 decimals)`
          : `price ${order.price} and quantity ${order.quantity} must be positive decimals`,
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
    const denied = this.checkLimits(order, ctx);
    if (denied) return denied;
    // Cancels waiting for a retry keep priority: new orders and replaces leave their tokens in the bucket.
    if (this.cancelReserve > 0 && this.budget.available() - this.cancelReserve < 1) {
      return this.deny(
        'MESSAGE_BUDGET',
        `message budget kept for ${this.cancelReserve} cancel(s) waiting to be retried`,
      );
    }
    if (!this.budget.tryTake(1)) {
      return this.deny('MESSAGE_BUDGET', `message budget exhausted at ${this.budget.ratePerSec()} msg/s`);
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
    this.logger.warn({ ratePerSec: this.budget.ratePerSec() }, 'venue throttle: budget reduced');
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
    if (!parsesPositive(this.markSlot, fairValue)) return;
    this.lastMark = fairValue;
    this.checkLoss();
  }

  /** Current budget; the strategy's refresh scheduler spreads replacements so as to stay within ratePerSec. */
  messageBudget(): MessageBudgetFigures {
    return this.messageBudgetInto({ ratePerSec: 0, available: 0, maxRatePerSec: 0 });
  }

  /** {@link messageBudget} written into `out` (the per-tick path: no object built); returns `out`. */
  messageBudgetInto<T extends MessageBudgetFigures>(out: T): T {
    out.ratePerSec = this.budget.ratePerSec();
    out.available = this.budget.available();
    out.maxRatePerSec = this.budget.maxRatePerSec();
    return out;
  }

  /** Message tokens available now (negative while cancels have borrowed): {@link messageBudget}'s `available` alone. */
  availableMessages(): number {
    return this.budget.available();
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
   * MAX_ORDER_SIZE … MAX_NOTIONAL_EXPOSURE, the one implementation: exact integer arithmetic on plain numbers
   * (`@truex-mm/fixed-point`; products compared through its bigint path only when they exceed 2^53). Price, quantity
   * and fair value are already parsed into their slots by {@link check}. Allocates only to explain a denial.
   */
  private checkLimits(order: OrderIntent, ctx: RiskContext): RiskDecision | undefined {
    const price = this.priceSlot;
    const quantity = this.quantitySlot;
    const fv = this.fairValueSlot;
    const limits = this.scaledLimits;
    if (compareUnits(quantity.units, quantity.scale, limits.maxOrderSize.units, limits.maxOrderSize.scale) > 0) {
      return this.deny('MAX_ORDER_SIZE', `quantity ${order.quantity} > ${this.limits.maxOrderSize}`);
    }
    const notional = limits.maxOrderNotional;
    if (compareProduct(price.units, price.scale, quantity.units, quantity.scale, notional.units, notional.scale) > 0) {
      const exact = BigInt(price.units) * BigInt(quantity.units);
      return this.deny(
        'MAX_ORDER_NOTIONAL',
        `notional ${text(exact, price.scale + quantity.scale)} > ${this.limits.maxOrderNotional}`,
      );
    }
    // |price − fv| / fv > band% ⇔ |price − fv| × 100 > band × fv (no division).
    if (this.outsideBand()) {
      return this.deny(
        'PRICE_BAND',
        `price ${order.price} is more than ${this.limits.priceBandPct}% from fair value ${ctx.fairValue}`,
      );
    }
    if (order.kind === 'new' && ctx.openOrders >= this.maxOpenOrders) {
      const learned = this.maxOpenOrders < this.limits.maxOpenOrders ? ' (learned from the venue)' : '';
      return this.deny('MAX_OPEN_ORDERS', `${ctx.openOrders} open orders >= ${this.maxOpenOrders}${learned}`);
    }

    const position = this.positionSlot;
    const working = order.side === 'buy' ? this.workingBuySlot : this.workingSellSlot;
    const positionText = ctx.position ?? this.ledger.basePosition();
    const workingText = order.side === 'buy' ? ctx.workingBuyQty : ctx.workingSellQty;
    if (parseDecimalInto(positionText, position, true) !== OK || parseDecimalInto(workingText, working, true) !== OK) {
      const bad = position.status !== OK ? position : working;
      return this.deny(
        'INVALID_ORDER',
        `position ${positionText} / working quantity ${workingText} ${unreadable(bad)}`,
      );
    }
    // The position if every working order on this side, and this one, filled; all three at one scale.
    const scale = Math.max(position.scale, working.scale, quantity.scale);
    const p = widen(position.units, position.scale, scale);
    const added = widen(working.units, working.scale, scale) + widen(quantity.units, quantity.scale, scale);
    const worstCase = order.side === 'buy' ? p + added : p - added;
    if (!Number.isSafeInteger(added) || !Number.isSafeInteger(worstCase)) {
      return this.deny(
        'INVALID_ORDER',
        `position ${positionText} and working quantity ${workingText} are beyond the exact range (2^53 units)`,
      );
    }
    if (this.tradingState === 'REDUCING') {
      // A position written "-0" counts as short, as it always did (decimal.js kept the sign of zero).
      const short = p < 0 || (p === 0 && positionText.charCodeAt(0) === 45);
      const reduces = order.side === 'buy' ? short && worstCase <= 0 : p > 0 && worstCase >= 0;
      if (!reduces) {
        return this.deny(
          'REDUCING_ONLY',
          `${order.side} ${order.quantity} would not reduce position ${reported(p, scale)} (worst case ${reported(worstCase, scale)})`,
        );
      }
    }
    if (order.side === 'buy' && compareUnits(worstCase, scale, limits.maxLong.units, limits.maxLong.scale) > 0) {
      return this.deny(
        'MAX_LONG_POSITION',
        `worst-case position ${reported(worstCase, scale)} > ${this.limits.maxLongPosition}`,
      );
    }
    if (order.side === 'sell' && compareUnits(worstCase, scale, -limits.maxShort.units, limits.maxShort.scale) < 0) {
      return this.deny(
        'MAX_SHORT_POSITION',
        `worst-case position ${reported(worstCase, scale)} < -${this.limits.maxShortPosition}`,
      );
    }
    const exposure = Math.abs(worstCase);
    const maxExposure = limits.maxExposure;
    if (compareProduct(exposure, scale, fv.units, fv.scale, maxExposure.units, maxExposure.scale) > 0) {
      return this.deny(
        'MAX_NOTIONAL_EXPOSURE',
        `worst-case exposure ${reported(BigInt(exposure) * BigInt(fv.units), scale + fv.scale)} > ${this.limits.maxNotionalExposure}`,
      );
    }
    return undefined;
  }

  /** |price − fv| × 100 > band × fv, exactly (the difference in bigint when the two do not share a safe scale). */
  private outsideBand(): boolean {
    const price = this.priceSlot;
    const fv = this.fairValueSlot;
    const band = this.scaledLimits.priceBandPct;
    const scale = price.scale > fv.scale ? price.scale : fv.scale;
    const distance = Math.abs(widen(price.units, price.scale, scale) - widen(fv.units, fv.scale, scale));
    if (Number.isSafeInteger(distance)) {
      return compareProducts(distance, scale, 100, 0, band.units, band.scale, fv.units, fv.scale) > 0;
    }
    const d = BigInt(price.units) * pow10Big(scale - price.scale) - BigInt(fv.units) * pow10Big(scale - fv.scale);
    const left = (d < 0n ? -d : d) * 100n * pow10Big(band.scale + fv.scale);
    return left > BigInt(band.units) * BigInt(fv.units) * pow10Big(scale);
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
    const net = this.ledger.netPnlUnits(this.lastMark);
    if (net < 0n && net <= this.maxLossNegated) {
      this.kill(`loss limit: net PnL ${formatReported(net)} <= -${this.limits.maxLoss}`);
    }
  }

  private deny(reason: DenyReason, detail: string): RiskDecision {
    this.stats.denied[reason]++;
    this.logger.debug({ reason, detail }, 'order denied');
    return { allowed: false, reason, detail };
  }
}
