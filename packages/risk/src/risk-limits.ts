import type { ThrottlePolicy } from './message-budget';
import { ParseStatus, ScaledDecimal, isPlainDecimal, parseDecimalInto } from '@truex-mm/fixed-point';
import { RiskInputError } from './risk-error';

/**
 * Pre-trade limits. Quantities are in the base asset (BTC), notionals and losses in the quote asset (PYUSD), all as
 * decimal strings.
 */
export interface RiskLimits {
  /** Largest single order quantity. */
  maxOrderSize: string;
  /** Largest price × quantity of a single order. */
  maxOrderNotional: string;
  /** Orders priced further than this percentage from fair value are denied. */
  priceBandPct: string;
  /** Open orders (including pending ones) at which new orders are denied; TrueX's own limit is 50. */
  maxOpenOrders: number;
  /** Largest long position if every working buy (and this order) filled. */
  maxLongPosition: string;
  /** Largest short position (a positive number) if every working sell (and this order) filled. */
  maxShortPosition: string;
  /** Largest |worst-case position on the order's side| × fair value. */
  maxNotionalExposure: string;
  /** Ceiling of the message budget towards TrueX (new, replace and cancel each count one). */
  messagesPerSecond: number;
  /** A reference price older than this is stale: no quoting. */
  maxReferenceAgeMs: number;
  /** Net PnL (realized + unrealized − fees) at or below −maxLoss halts trading. */
  maxLoss: string;
  /** This many rejects within windowMs halts trading. */
  rejectStorm: { count: number; windowMs: number };
  /** How throttle rejects shrink the budget and how it recovers (not in the architecture contract; optional). */
  throttle?: ThrottlePolicy;
}

/** Conservative defaults for BTC-PYUSD around 100k; size limits must be set for the account's real capital. */
export const defaultRiskLimits: Readonly<RiskLimits> = Object.freeze({
  maxOrderSize: '0.05',
  maxOrderNotional: '10000',
  priceBandPct: '2.5',
  maxOpenOrders: 50,
  maxLongPosition: '0.5',
  maxShortPosition: '0.5',
  maxNotionalExposure: '100000',
  messagesPerSecond: 15,
  maxReferenceAgeMs: 3000,
  maxLoss: '500',
  rejectStorm: Object.freeze({ count: 10, windowMs: 10_000 }),
});

/** Fills unset fields from {@link defaultRiskLimits} and validates the result; throws {@link RiskInputError}. */
export function resolveRiskLimits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  const limits: RiskLimits = { ...defaultRiskLimits, ...overrides };
  validateRiskLimits(limits);
  return limits;
}

const limitSlot = new ScaledDecimal();

/** Throws {@link RiskInputError} naming the first invalid field. */
export function validateRiskLimits(limits: RiskLimits): void {
  const nonNegativeDecimals: Array<keyof RiskLimits> = [
    'maxOrderSize',
    'maxOrderNotional',
    'priceBandPct',
    'maxLongPosition',
    'maxShortPosition',
    'maxNotionalExposure',
    'maxLoss',
  ];
  for (const field of nonNegativeDecimals) {
    const value = limits[field];
    if (typeof value !== 'string' || !isPlainDecimal(value)) {
      throw new RiskInputError(field, `must be a non-negative decimal string, got ${JSON.stringify(value)}`);
    }
    // The gate checks in exact integers on plain numbers: a limit must fit 2^53 units at its own scale.
    if (parseDecimalInto(value, limitSlot) !== ParseStatus.OK) {
      throw new RiskInputError(field, `is beyond the exact range (2^53 units, 22 decimals): ${JSON.stringify(value)}`);
    }
  }
  if (!Number.isInteger(limits.maxOpenOrders) || limits.maxOpenOrders < 0) {
    throw new RiskInputError('maxOpenOrders', `must be a non-negative integer, got ${limits.maxOpenOrders}`);
  }
  if (!(Number.isFinite(limits.messagesPerSecond) && limits.messagesPerSecond > 0)) {
    throw new RiskInputError('messagesPerSecond', `must be > 0, got ${limits.messagesPerSecond}`);
  }
  if (!(Number.isFinite(limits.maxReferenceAgeMs) && limits.maxReferenceAgeMs >= 0)) {
    throw new RiskInputError('maxReferenceAgeMs', `must be >= 0, got ${limits.maxReferenceAgeMs}`);
  }
  const storm = limits.rejectStorm;
  if (!storm || !Number.isInteger(storm.count) || storm.count < 1 || !(storm.windowMs > 0)) {
    throw new RiskInputError('rejectStorm', 'needs an integer count >= 1 and windowMs > 0');
  }
}
