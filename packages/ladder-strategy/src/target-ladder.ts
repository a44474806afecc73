import { compileLadderConfig, fastFromNumber, type CompiledLadderConfig } from './compiled-ladder-config';
import {
  ceilDiv,
  FAST_LIMIT,
  floorDiv,
  formatFixed,
  isSafe,
  parseFastDecimal,
  pow10,
  type FastDecimal,
} from './fixed-point';
import type { LadderConfig } from './ladder-config';
import { buildTargetLadderDecimal } from './target-ladder-decimal';
import type { LadderInput, QuoteSide, TargetOrder } from './target-order';

export type { QuoteSide, TargetOrder, LadderInput } from './target-order';
export { LadderInputError } from './target-order';

/** Per-side prices and size floors of one build; everything before the random draws. */
interface LadderPlan {
  /** Price in ticks per side (0 buy, 1 sell) and level − 1. */
  readonly ticks: readonly [number[], number[]];
  readonly prices: readonly [string[], string[]];
  readonly minLots: readonly [number[], number[]];
  /** Lots before jitter per side (size skew applied), a double exactly as the decimal path produces it. */
  readonly scaledLots: readonly [number, number];
}

/** ⌈fv · bps / 10⁴ / tick⌉ in exact integers; undefined outside the fast range. */
function bpsToTicks(bps: FastDecimal, fv: FastDecimal, tick: FastDecimal): number | undefined {
  const num = fv.units * bps.units * pow10(tick.places);
  const den = pow10(fv.places + bps.places) * 10_000 * tick.units;
  if (!isSafe(num) || !isSafe(den)) return undefined;
  return ceilDiv(num, den);
}

/**
 * The same quantities as the decimal path (see target-ladder-decimal.ts for the formulas), in integers that are
 * exact in a double; undefined when any of them could leave that range, so the caller uses the decimal path.
 */
function planLadder(input: LadderInput, c: CompiledLadderConfig): LadderPlan | undefined {
  const config = c.config;
  const fv = parseFastDecimal(input.fairValue);
  const position = parseFastDecimal(input.position);
  const vol = input.volatilityBps;
  if (!fv || fv.units <= 0 || !position || (vol !== undefined && !(Number.isFinite(vol) && vol >= 0))) {
    return undefined; // the decimal path reports the bad input (or handles the long decimal)
  }
  const tick = c.tick;

  // Fair value in ticks as the fraction fvNum / fvDen: its floor and whether it is exactly on the grid.
  const fvNum = fv.units * pow10(tick.places);
  const fvDen = tick.units * pow10(fv.places);
  if (!isSafe(fvNum) || !isSafe(fvDen)) return undefined;
  const fvFloor = floorDiv(fvNum, fvDen);
  const onGrid = fvFloor * fvDen === fvNum;

  let spacing = config.levelSpacingTicks;
  if (c.levelSpacingBps) {
    const t = bpsToTicks(c.levelSpacingBps, fv, tick);
    if (t === undefined) return undefined;
    spacing = t < 1 ? 1 : t;
  }
  let offset = config.level1OffsetTicks;
  if (c.level1OffsetBps) {
    const t = bpsToTicks(c.level1OffsetBps, fv, tick);
    if (t === undefined) return undefined;
    offset = t;
  }
  const k = config.volatilityOffsetMultiplier ?? 0;
  if (k > 0 && vol !== undefined && vol > 0) {
    const bps = fastFromNumber(k * vol);
    const t = bps && bpsToTicks(bps, fv, tick);
    if (t === undefined) return undefined;
    offset += t;
  }

  // Inventory ratio p = clamp(position / maxPosition, −1, 1) as positionScaled / maxScaled.
  let skewTicks = 0;
  let scaledBuy = c.baseLots;
  let scaledSell = c.baseLots;
  const skew = config.skew;
  if (skew && c.maxPosition) {
    const q = position.units * pow10(c.maxPosition.places);
    const m = c.maxPosition.units * pow10(position.places);
    const aq = Math.abs(q);
    const clamped = aq >= m;
    const sign = q < 0 ? -1 : 1;
    const s = skew.maxSkewTicks;
    if (clamped) {
      skewTicks = sign * s;
    } else {
      // round(p · s), half away from zero: ⌊(2|q|s + m) / 2m⌋ with the sign of q.
      const num = 2 * aq * s + m;
      if (!isSafe(num) || !isSafe(2 * m)) return undefined;
      skewTicks = aq === 0 ? 0 : sign * floorDiv(num, 2 * m);
    }
    if (skew.sizeSkew) {
      if (clamped) {
        // Multipliers 1 ∓ p are exactly 0 and 2: doubling a double is exact, as in the decimal path.
        scaledBuy = sign > 0 ? 0 : 2 * c.baseLots;
        scaledSell = sign > 0 ? 2 * c.baseLots : 0;
      } else {
        // baseLots · (m ∓ q) / m as one division of exact integers: the correctly rounded double.
        const buyNum = c.baseLotsNum * (m - q);
        const sellNum = c.baseLotsNum * (m + q);
        const den = c.baseLotsDen * m;
        if (!isSafe(buyNum) || !isSafe(sellNum) || !isSafe(den)) return undefined;
        scaledBuy = buyNum / den;
        scaledSell = sellNum / den;
      }
    }
  }
  if (scaledBuy * 2 > FAST_LIMIT || scaledSell * 2 > FAST_LIMIT) return undefined;

  const buyOffset = Math.max(0, offset + skewTicks);
  const sellOffset = Math.max(0, offset - skewTicks);
  const levels = config.levels;
  const reach = Math.max(buyOffset, sellOffset) + spacing * (levels - 1) + 1;
  const highest = fvFloor + reach + 1;
  if (!isSafe(reach) || !isSafe(highest) || !isSafe(highest * c.minLotsDen) || !isSafe(highest * tick.units)) {
    return undefined;
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
        prices[i] = formatFixed(t, tick.units, tick.places);
        minLots[i] = ceilDiv(c.minLotsNum, c.minLotsDen * t);
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
 * mutating it is safe); the per-tick work is integer arithmetic on doubles kept below 2^52, with the exact
 * decimal.js implementation as the fallback for larger magnitudes. Both give identical ladders.
 */
export function buildTargetLadder(input: LadderInput, config: LadderConfig, random: () => number): TargetOrder[] {
  const c = compileLadderConfig(config);
  const plan = c.fast ? planLadder(input, c) : undefined;
  if (!plan) return buildTargetLadderDecimal(input, config, random);

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
          quantity: formatFixed(lots, lot.units, lot.places),
          postOnly: true,
        });
      }
    }
  }
  return ladder;
}
