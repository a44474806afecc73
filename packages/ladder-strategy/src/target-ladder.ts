import * as fixedPoint from '@truex-mm/fixed-point';
import { compileLadderConfig, minLotsAt, type CompiledLadderConfig } from './compiled-ladder-config';
import { LadderConfigError, type LadderConfig } from './ladder-config';
import {
  formatCount,
  numberSetting,
  parseScaledValue,
  pow10OrNaN,
  quotientToNumber,
  type NumberSetting,
  type ScaledValue,
} from './scaled-value';
import { LadderInputError, type LadderInput, type QuoteSide, type TargetOrder } from './target-order';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const { Rounding, ceilDiv, decimalScale, divRoundBig, floorDiv, isPlainDecimal, parseUnitsBig, pow10Big } = fixedPoint;

export type { QuoteSide, TargetOrder, LadderInput } from './target-order';
export { LadderInputError } from './target-order';

/** Per-side prices and size floors of one build; everything before the random draws. */
interface LadderPlan {
  /** Price in ticks per side (0 buy, 1 sell) and level − 1. */
  readonly ticks: readonly [number[], number[]];
  readonly prices: readonly [string[], string[]];
  readonly minLots: readonly [number[], number[]];
  /** Lots before jitter per side (size skew applied): the nearest double to the exact quotient. */
  readonly scaledLots: readonly [number, number];
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Ticks, from the fair value, of a bps distance: ⌈fv · bps / 10⁴ / tick⌉, rounded up so a minimum is never undercut. */
function bpsToTicks(bps: NumberSetting, fv: ScaledValue, tick: ScaledValue): number {
  const num = fv.units * bps.units * pow10OrNaN(tick.places);
  const den = pow10OrNaN(fv.places + bps.places) * 10_000 * tick.units;
  if (Number.isSafeInteger(num) && Number.isSafeInteger(den)) return ceilDiv(num, den);
  // The same quotient in bigint, for a product beyond 2^53 or a setting such as 3 × 1.7 = 5.1000000000000005.
  const bpsScale = decimalScale(bps.text);
  const n = BigInt(fv.units) * parseUnitsBig(bps.text, bpsScale, true) * pow10Big(tick.places);
  const d = pow10Big(fv.places + bpsScale) * 10_000n * BigInt(tick.units);
  const ticks = divRoundBig(n, d, Rounding.CEIL);
  if (ticks > MAX_SAFE_BIG) throw outOfRange('fairValue');
  return Number(ticks);
}

/** A plain decimal input as exact units; a LadderInputError when it is malformed (or not positive) or beyond range. */
function inputValue(field: 'fairValue' | 'position', text: string, positive: boolean): ScaledValue {
  const value = parseScaledValue(text);
  if (value && (!positive || value.units > 0)) return value;
  const what = positive ? 'a positive decimal string' : 'a decimal string';
  if (
    value ||
    typeof text !== 'string' ||
    !isPlainDecimal(text, true) ||
    (positive && (text.startsWith('-') || !/[1-9]/.test(text)))
  ) {
    throw new LadderInputError(field, `${field} must be ${what}, got ${JSON.stringify(text)}`);
  }
  throw new LadderInputError(field, `${field} ${JSON.stringify(text)} is beyond the exact range (2^53 units)`);
}

function outOfRange(field: 'fairValue' | 'position'): LadderInputError {
  return new LadderInputError(field, `${field} is beyond the exact range (2^53 units) for this config`);
}

/**
 * Prices in ticks and size floors of one build, in integer arithmetic on doubles that is exact (every product is
 * checked to be a safe integer, `@truex-mm/fixed-point`). Inputs or settings beyond that range are refused with a
 * LadderInputError / LadderConfigError; nothing is ever rounded silently.
 */
function planLadder(input: LadderInput, c: CompiledLadderConfig): LadderPlan {
  const config = c.config;
  const fv = inputValue('fairValue', input.fairValue, true);
  const position = inputValue('position', input.position, false);
  const vol = input.volatilityBps;
  if (vol !== undefined && !(Number.isFinite(vol) && vol >= 0)) {
    throw new LadderInputError('volatilityBps', `volatilityBps must be a non-negative number, got ${vol}`);
  }
  const tick = c.tick;

  // Fair value in ticks as the fraction fvNum / fvDen: its floor and whether it is exactly on the grid.
  const fvNum = fv.units * pow10OrNaN(tick.places);
  const fvDen = tick.units * pow10OrNaN(fv.places);
  let fvFloor: number;
  let onGrid: boolean;
  if (Number.isSafeInteger(fvNum) && Number.isSafeInteger(fvDen)) {
    fvFloor = floorDiv(fvNum, fvDen);
    onGrid = fvFloor * fvDen === fvNum;
  } else {
    // A fine tick under a large price: the fraction needs bigint, the whole ticks may still fit (checked below).
    const n = BigInt(fv.units) * pow10Big(tick.places);
    const d = BigInt(tick.units) * pow10Big(fv.places);
    fvFloor = Number(n / d); // positive: truncation is the floor
    onGrid = n % d === 0n;
  }

  let spacing = config.levelSpacingTicks;
  if (c.levelSpacingBps) {
    const t = bpsToTicks(c.levelSpacingBps, fv, tick);
    spacing = t < 1 ? 1 : t;
  }
  let offset = config.level1OffsetTicks;
  if (c.level1OffsetBps) offset = bpsToTicks(c.level1OffsetBps, fv, tick);
  const k = config.volatilityOffsetMultiplier ?? 0;
  if (k > 0 && vol !== undefined && vol > 0) offset += bpsToTicks(numberSetting(k * vol), fv, tick);

  // Inventory ratio p = clamp(position / maxPosition, −1, 1) as positionScaled / maxScaled.
  let skewTicks = 0;
  let scaledBuy = c.baseLots;
  let scaledSell = c.baseLots;
  const skew = config.skew;
  if (skew && c.maxPosition) {
    const q = position.units * pow10OrNaN(c.maxPosition.places);
    const m = c.maxPosition.units * pow10OrNaN(position.places);
    if (!Number.isSafeInteger(q) || !Number.isSafeInteger(m)) throw outOfRange('position');
    const aq = Math.abs(q);
    const clamped = aq >= m;
    const sign = q < 0 ? -1 : 1;
    const s = skew.maxSkewTicks;
    if (clamped) {
      skewTicks = sign * s;
    } else {
      // round(p · s), half away from zero: ⌊(2|q|s + m) / 2m⌋ with the sign of q.
      const num = 2 * aq * s + m;
      if (!Number.isSafeInteger(num) || !Number.isSafeInteger(2 * m)) throw outOfRange('position');
      skewTicks = aq === 0 ? 0 : sign * floorDiv(num, 2 * m);
    }
    if (skew.sizeSkew) {
      if (clamped) {
        // Multipliers 1 ∓ p are exactly 0 and 2: doubling a double is exact.
        scaledBuy = sign > 0 ? 0 : 2 * c.baseLots;
        scaledSell = sign > 0 ? 2 * c.baseLots : 0;
      } else {
        // baseLots · (m ∓ q) / m as one division of exact integers: the correctly rounded double.
        const buyNum = c.baseLotsNum * (m - q);
        const sellNum = c.baseLotsNum * (m + q);
        const den = c.baseLotsDen * m;
        if (Number.isSafeInteger(buyNum) && Number.isSafeInteger(sellNum) && Number.isSafeInteger(den)) {
          scaledBuy = buyNum / den;
          scaledSell = sellNum / den;
        } else {
          // The same quotients from bigint products (fine lots under a fine maxPosition).
          const bigDen = BigInt(c.baseLotsDen) * BigInt(m);
          scaledBuy = quotientToNumber(BigInt(c.baseLotsNum) * BigInt(m - q), bigDen);
          scaledSell = quotientToNumber(BigInt(c.baseLotsNum) * BigInt(m + q), bigDen);
        }
      }
    }
  }
  if (scaledBuy * 2 > Number.MAX_SAFE_INTEGER || scaledSell * 2 > Number.MAX_SAFE_INTEGER) {
    throw new LadderConfigError('baseSize', 'baseSize / lotSize is beyond the exact range (2^53 lots)');
  }

  const buyOffset = Math.max(0, offset + skewTicks);
  const sellOffset = Math.max(0, offset - skewTicks);
  const levels = config.levels;
  const reach = Math.max(buyOffset, sellOffset) + spacing * (levels - 1) + 1;
  const highest = fvFloor + reach + 1;
  if (!Number.isSafeInteger(reach) || !Number.isSafeInteger(highest) || !Number.isSafeInteger(highest * tick.units)) {
    throw outOfRange('fairValue');
  }

  const plan: LadderPlan = {
    ticks: [new Array<number>(levels), new Array<number>(levels)],
    prices: [new Array<string>(levels), new Array<string>(levels)],
    minLots: [new Array<number>(levels), new Array<number>(levels)],
    scaledLots: [scaledBuy, scaledSell],
  };
  for (let s = 0; s < 2; s++) {
    const sideOffset = s === 0 ? buyOffset : sellOffset;
    const ticks = plan.ticks[s];
    const prices = plan.prices[s];
    const minLots = plan.minLots[s];
    for (let i = 0; i < levels; i++) {
      const distance = sideOffset + spacing * i;
      // Bids floored, asks ceiled; a quote exactly on fair value moves one tick out.
      const stepOut = onGrid && distance === 0 ? 1 : 0;
      const t = s === 0 ? fvFloor - distance - stepOut : (onGrid ? fvFloor : fvFloor + 1) + distance + stepOut;
      ticks[i] = t;
      if (t < 1) {
        prices[i] = '';
        minLots[i] = 0;
      } else {
        prices[i] = formatCount(t, tick);
        minLots[i] = minLotsAt(c, t);
      }
    }
  }
  return plan;
}

const SIDES: readonly QuoteSide[] = ['buy', 'sell'];

/**
 * The target ladder for one instant, as a pure function: bids (levels 1..n) then asks. Prices are integer ticks,
 * quantities integer lots, both formatted as decimal strings. `random` is called exactly once per slot in that
 * order (even for a slot dropped by size skew), so a seeded generator gives a reproducible ladder.
 *
 * Pipeline: slots per level → level prices (offset, spacing, volatility, skew) → tick rounding away from FV →
 * sizes (base × jitter × size skew) → lot rounding → minimum notional. Throws LadderConfigError/LadderInputError.
 *
 * The config is validated and parsed once per config object (re-checked field by field on every call, so
 * mutating it is safe); the per-tick work is exact integer arithmetic on doubles (`@truex-mm/fixed-point`), one
 * path for every input. A fair value, position or setting beyond 2^53 units at its own scale is refused with a
 * LadderInputError / LadderConfigError (property-tested against a decimal.js oracle in target-ladder-fast.spec.ts).
 */
export function buildTargetLadder(input: LadderInput, config: LadderConfig, random: () => number): TargetOrder[] {
  const c = compileLadderConfig(config);
  const plan = planLadder(input, c);

  const lot = c.lot;
  const jitter = c.jitter;
  const levels = config.levels;
  const ladder: TargetOrder[] = [];
  for (let s = 0; s < 2; s++) {
    const side = SIDES[s];
    const scaledLots = plan.scaledLots[s];
    const keys = c.keys[s];
    for (let i = 0; i < levels; i++) {
      const priceTicks = plan.ticks[s][i];
      const price = plan.prices[s][i];
      const minLots = plan.minLots[s][i];
      const levelKeys = keys[i];
      for (let n = 0; n < levelKeys.length; n++) {
        const draw = Math.min(Math.max(random(), 0), 1);
        if (priceTicks < 1) continue; // a bid at or below zero cannot be quoted
        if (scaledLots === 0) continue; // at maximum inventory, this side stops adding
        // One float jitter factor per order, applied once to the exact pre-jitter lot count and rounded to whole
        // lots: nothing accumulates, and the quantity is an integer number of lots.
        let lots = Math.round(scaledLots * (1 + (2 * draw - 1) * jitter));
        if (lots < minLots) lots = minLots;
        if (lots < 1) lots = 1;
        ladder.push({
          key: levelKeys[n],
          side,
          level: i + 1,
          price,
          quantity: formatCount(lots, lot),
          postOnly: true,
        });
      }
    }
  }
  return ladder;
}
