// TEST ONLY: the straightforward decimal.js implementation of buildTargetLadder, kept as the oracle that the single
// integer path (target-ladder.ts on @truex-mm/fixed-point) must reproduce exactly. It was the production fallback
// for long decimals (src/target-ladder-decimal.ts and the decimal.js helpers of src/grid.ts) until issue 14 made the
// integer path the only one; the formulas below are unchanged. decimal.js is a devDependency of this package.
import Decimal from 'decimal.js';
import { validateLadderConfig, type LadderConfig } from './ladder-config';
import { distributeOrders } from './order-distribution';
import { LadderInputError, type LadderInput, type QuoteSide, type TargetOrder } from './target-order';

/**
 * Decimal arithmetic with enough significant digits that a price divided by a tick is exact for every
 * TrueX bucket (a 12-digit price over a 1e-10 tick needs 22 digits; the library default is 20).
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_RE = /^-?(\d+)(\.\d+)?$/;

/** Parses a decimal string strictly (no exponent, no spaces, no hex); undefined when malformed. */
export function parseDecimal(text: string): Dec | undefined {
  if (typeof text !== 'string' || !DECIMAL_RE.test(text)) return undefined;
  return new Dec(text);
}

/** Number of fraction digits of an increment ('0.5' → 1, '0.0001' → 4, '1' → 0). */
export function decimalPlaces(increment: string): number {
  const dot = increment.indexOf('.');
  return dot < 0 ? 0 : increment.length - dot - 1;
}

/** An increment as an integer count of 10^−places (e.g. '0.5' → 5n at 1 place), for exact bigint formatting. */
export interface ScaledIncrement {
  readonly units: bigint;
  readonly places: number;
}

export function scaleIncrement(increment: string): ScaledIncrement {
  const places = decimalPlaces(increment);
  return { units: BigInt(increment.replace('.', '')), places };
}

/** count × increment as a fixed-point decimal string with the increment's number of fraction digits. */
export function formatUnits(count: bigint, increment: ScaledIncrement): string {
  const value = count * increment.units;
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(increment.places + 1, '0');
  const cut = digits.length - increment.places;
  const text = increment.places === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** value / increment, exact (not rounded). */
export function inUnits(value: Dec, increment: Dec): Dec {
  return value.div(increment);
}

export function floorToBigInt(d: Dec): bigint {
  return BigInt(d.floor().toFixed(0));
}

export function ceilToBigInt(d: Dec): bigint {
  return BigInt(d.ceil().toFixed(0));
}

const SIDES: readonly QuoteSide[] = ['buy', 'sell'];

/** Ticks, from the fair value, of a bps distance, rounded up so a configured minimum is never undercut. */
function bpsToTicks(bps: number, fairValue: Dec, tick: Dec): bigint {
  return ceilToBigInt(fairValue.times(bps).div(10_000).div(tick));
}

/** Inventory ratio p = clamp(position / maxPosition, −1, 1); 0 without skew. */
function inventoryRatio(position: Dec, config: LadderConfig): Dec {
  if (!config.skew) return new Dec(0);
  const p = position.div(config.skew.maxPosition);
  return Dec.max(-1, Dec.min(1, p));
}

/**
 * Level-1 distance in ticks per side after the price modifiers: configured offset, volatility widening, then
 * inventory skew (skewTicks = round(p · maxSkewTicks); long → bids further away, asks closer). Never negative:
 * skew can bring a side to the first tick beyond fair value, not across it.
 */
function sideOffsets(input: LadderInput, config: LadderConfig, fv: Dec, tick: Dec, p: Dec): Record<QuoteSide, bigint> {
  let offset =
    config.level1OffsetBps !== undefined
      ? bpsToTicks(config.level1OffsetBps, fv, tick)
      : BigInt(config.level1OffsetTicks);
  const k = config.volatilityOffsetMultiplier ?? 0;
  if (k > 0 && input.volatilityBps !== undefined && input.volatilityBps > 0)
    offset += bpsToTicks(k * input.volatilityBps, fv, tick);
  const skewTicks = config.skew
    ? BigInt(p.times(config.skew.maxSkewTicks).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0))
    : 0n;
  const clamp = (t: bigint): bigint => (t < 0n ? 0n : t);
  return { buy: clamp(offset + skewTicks), sell: clamp(offset - skewTicks) };
}

/**
 * Price in ticks for one level: bids floored, asks ceiled, so rounding only ever moves a quote away from fair
 * value; a quote that lands exactly on fair value moves one more tick out (bid < FV < ask strictly).
 */
function levelTicks(side: QuoteSide, fvTicks: Dec, offset: bigint, spacing: bigint, level: number): bigint {
  const distance = offset + spacing * BigInt(level - 1);
  if (side === 'buy') {
    const t = floorToBigInt(fvTicks.minus(distance.toString()));
    return fvTicks.lte(t.toString()) ? t - 1n : t;
  }
  const t = ceilToBigInt(fvTicks.plus(distance.toString()));
  return fvTicks.gte(t.toString()) ? t + 1n : t;
}

function checkInput(input: LadderInput): { fv: Dec; position: Dec } {
  const fv = parseDecimal(input.fairValue);
  if (!fv || !fv.isPositive() || fv.isZero()) {
    throw new LadderInputError(
      'fairValue',
      `fairValue must be a positive decimal string, got ${JSON.stringify(input.fairValue)}`,
    );
  }
  const position = parseDecimal(input.position);
  if (!position)
    throw new LadderInputError('position', `position must be a decimal string, got ${JSON.stringify(input.position)}`);
  if (input.volatilityBps !== undefined && !(Number.isFinite(input.volatilityBps) && input.volatilityBps >= 0)) {
    throw new LadderInputError(
      'volatilityBps',
      `volatilityBps must be a non-negative number, got ${input.volatilityBps}`,
    );
  }
  return { fv, position };
}

/**
 * The target ladder for one instant (decimal.js implementation), as a pure function: bids (levels 1..n) then asks. Prices are integer ticks,
 * quantities integer lots, both formatted as decimal strings. `random` is called exactly once per slot in that
 * order (even for a slot dropped by size skew), so a seeded generator gives a reproducible ladder.
 *
 * Pipeline: slots per level → level prices (offset, spacing, volatility, skew) → tick rounding away from FV →
 * sizes (base × jitter × size skew) → lot rounding → minimum notional. Throws LadderConfigError/LadderInputError.
 */
export function buildTargetLadderDecimal(
  input: LadderInput,
  config: LadderConfig,
  random: () => number,
): TargetOrder[] {
  validateLadderConfig(config);
  const { fv, position } = checkInput(input);
  const tick = new Dec(config.tickSize);
  const lot = new Dec(config.lotSize);
  const baseSize = new Dec(config.baseSize);
  const minNotional = new Dec(config.minNotional);
  const tickUnits = scaleIncrement(config.tickSize);
  const lotUnits = scaleIncrement(config.lotSize);
  const fvTicks = fv.div(tick);
  const spacing =
    config.levelSpacingBps !== undefined
      ? (() => {
          const t = bpsToTicks(config.levelSpacingBps, fv, tick);
          return t < 1n ? 1n : t;
        })()
      : BigInt(config.levelSpacingTicks);
  const p = inventoryRatio(position, config);
  const offsets = sideOffsets(input, config, fv, tick, p);
  const multiplier: Record<QuoteSide, Dec> = config.skew?.sizeSkew
    ? { buy: new Dec(1).minus(p), sell: new Dec(1).plus(p) }
    : { buy: new Dec(1), sell: new Dec(1) };
  const perLevel = distributeOrders(config.ordersPerSide, config.levels);
  const jitter = config.sizeJitterPct / 100;

  const ladder: TargetOrder[] = [];
  for (const side of SIDES) {
    // Lots before jitter (exact), then one float jitter factor per order, applied once and rounded to whole lots:
    // nothing accumulates, and the result is an integer.
    const scaledLots = baseSize.div(lot).times(multiplier[side]).toNumber();
    for (let level = 1; level <= config.levels; level++) {
      const priceTicks = levelTicks(side, fvTicks, offsets[side], spacing, level);
      const price = formatUnits(priceTicks, tickUnits);
      const minLots =
        priceTicks < 1n ? 0n : ceilToBigInt(minNotional.div(tick.times(priceTicks.toString()).times(lot)));
      for (let n = 1; n <= perLevel[level - 1]; n++) {
        const draw = Math.min(Math.max(random(), 0), 1);
        if (priceTicks < 1n) continue; // a bid at or below zero cannot be quoted
        if (scaledLots === 0) continue; // at maximum inventory, this side stops adding
        const factor = 1 + (2 * draw - 1) * jitter;
        let lots = BigInt(Math.round(scaledLots * factor));
        if (lots < minLots) lots = minLots;
        if (lots < 1n) lots = 1n;
        ladder.push({
          key: `${side}-${level}-${n}`,
          side,
          level,
          price,
          quantity: formatUnits(lots, lotUnits),
          postOnly: true,
        });
      }
    }
  }
  return ladder;
}
