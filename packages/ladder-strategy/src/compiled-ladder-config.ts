import * as fixedPoint from '@truex-mm/fixed-point';
import { LadderConfigError, validateLadderConfig, type LadderConfig } from './ladder-config';
import { distributeOrders } from './order-distribution';
import { numberSetting, parseScaledValue, pow10OrNaN, type NumberSetting, type ScaledValue } from './scaled-value';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const { Rounding, bigToSafe, ceilDiv, divRoundBig, pow10Big } = fixedPoint;

/**
 * Everything buildTargetLadder needs from a LadderConfig that does not depend on the tick: validated once,
 * decimal strings parsed once into exact integers, slot keys built once.
 */
export interface CompiledLadderConfig {
  readonly config: LadderConfig;
  readonly tick: ScaledValue;
  readonly lot: ScaledValue;
  /** Lots of one order before jitter and skew: baseSize / lotSize, the nearest double to the exact quotient. */
  readonly baseLots: number;
  /** baseSize / lotSize as an exact fraction baseLotsNum / baseLotsDen (for size skew). */
  readonly baseLotsNum: number;
  readonly baseLotsDen: number;
  /** minLots = ⌈minLotsNum / (minLotsDen · priceTicks)⌉, i.e. ⌈minNotional / (tick · priceTicks · lot)⌉. */
  readonly minLotsNum: number;
  /** minLotsNum as a bigint; minLotsNum is NaN when it does not fit a safe integer (tiny increments). */
  readonly minLotsNumBig: bigint;
  readonly minLotsDen: number;
  readonly maxPosition: ScaledValue | undefined;
  readonly level1OffsetBps: NumberSetting | undefined;
  readonly levelSpacingBps: NumberSetting | undefined;
  readonly perLevel: readonly number[];
  /** keys[side][level − 1][n − 1], side 0 = buy, 1 = sell. */
  readonly keys: readonly (readonly (readonly string[])[])[];
  /** Fraction, sizeJitterPct / 100. */
  readonly jitter: number;
}

const cache = new WeakMap<LadderConfig, { snapshot: LadderConfig; compiled: CompiledLadderConfig }>();

/** Configs are plain mutable objects: a cached compile is reused only while every setting is unchanged. */
function unchanged(c: LadderConfig, s: LadderConfig): boolean {
  return (
    c.ordersPerSide === s.ordersPerSide &&
    c.levels === s.levels &&
    c.level1OffsetTicks === s.level1OffsetTicks &&
    c.levelSpacingTicks === s.levelSpacingTicks &&
    c.tickSize === s.tickSize &&
    c.lotSize === s.lotSize &&
    c.minNotional === s.minNotional &&
    c.baseSize === s.baseSize &&
    c.sizeJitterPct === s.sizeJitterPct &&
    c.level1OffsetBps === s.level1OffsetBps &&
    c.levelSpacingBps === s.levelSpacingBps &&
    c.volatilityOffsetMultiplier === s.volatilityOffsetMultiplier &&
    (c.skew === s.skew ||
      (c.skew !== undefined &&
        s.skew !== undefined &&
        c.skew.maxPosition === s.skew.maxPosition &&
        c.skew.maxSkewTicks === s.skew.maxSkewTicks &&
        c.skew.sizeSkew === s.skew.sizeSkew))
  );
}

const SIDE_NAMES = ['buy', 'sell'] as const;

/** A validated decimal setting as exact units; a LadderConfigError when it is beyond the exact range. */
function exactSetting(field: string, text: string): ScaledValue {
  const value = parseScaledValue(text);
  if (!value) {
    throw new LadderConfigError(field, `${field} ${JSON.stringify(text)} is beyond the exact range (2^53 units)`);
  }
  return value;
}

function safeOrThrow(field: string, x: number): number {
  if (!Number.isSafeInteger(x)) {
    throw new LadderConfigError(field, `${field} is beyond the exact range (2^53 units) for these increments`);
  }
  return x;
}

/**
 * Validates (throws LadderConfigError) and compiles a config, cached by object identity: the per-tick cost of an
 * unchanged config is one WeakMap lookup and a field-by-field comparison.
 */
export function compileLadderConfig(config: LadderConfig): CompiledLadderConfig {
  const hit = cache.get(config);
  if (hit && unchanged(config, hit.snapshot)) return hit.compiled;
  validateLadderConfig(config);
  // Every figure of the per-tick path is an exact integer in a double: a setting beyond that range is refused here.
  const t = exactSetting('tickSize', config.tickSize);
  const l = exactSetting('lotSize', config.lotSize);
  const b = exactSetting('baseSize', config.baseSize);
  const mn = exactSetting('minNotional', config.minNotional);
  const maxPosition = config.skew ? exactSetting('skew.maxPosition', config.skew.maxPosition) : undefined;
  const level1OffsetBps = config.level1OffsetBps !== undefined ? numberSetting(config.level1OffsetBps) : undefined;
  const levelSpacingBps = config.levelSpacingBps !== undefined ? numberSetting(config.levelSpacingBps) : undefined;
  // Fractions with the common powers of ten cancelled, so fine increments still fit plain numbers.
  const baseShift = l.places - b.places;
  const baseLotsNum = safeOrThrow('baseSize', b.units * pow10OrNaN(Math.max(0, baseShift)));
  const baseLotsDen = safeOrThrow('lotSize', l.units * pow10OrNaN(Math.max(0, -baseShift)));
  const minShift = t.places + l.places - mn.places;
  const minLotsNumBig = BigInt(mn.units) * pow10Big(Math.max(0, minShift));
  const minLotsNum = minLotsNumBig <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minLotsNumBig) : NaN;
  const minLotsDen = safeOrThrow('minNotional', pow10OrNaN(Math.max(0, -minShift)) * t.units * l.units);

  const perLevel = distributeOrders(config.ordersPerSide, config.levels);
  const compiled: CompiledLadderConfig = {
    config,
    tick: t,
    lot: l,
    // One division of two exact integers: the correctly rounded double of baseSize / lotSize.
    baseLots: baseLotsNum / baseLotsDen,
    baseLotsNum,
    baseLotsDen,
    minLotsNum,
    minLotsNumBig,
    minLotsDen,
    maxPosition,
    level1OffsetBps,
    levelSpacingBps,
    perLevel,
    keys: SIDE_NAMES.map((side) =>
      perLevel.map((count, i) => Array.from({ length: count }, (_, n) => `${side}-${i + 1}-${n + 1}`)),
    ),
    jitter: config.sizeJitterPct / 100,
  };
  cache.set(config, { snapshot: { ...config, skew: config.skew && { ...config.skew } }, compiled });
  return compiled;
}

/** ⌈minNotional / (tick · priceTicks · lot)⌉: the fewest lots an order at `priceTicks` (≥ 1) may have. */
export function minLotsAt(c: CompiledLadderConfig, priceTicks: number): number {
  if (c.minLotsNum === 0) return 0;
  const den = c.minLotsDen * priceTicks;
  if (Number.isSafeInteger(den) && c.minLotsNum === c.minLotsNum) return ceilDiv(c.minLotsNum, den);
  // Very fine increments or a price of very many ticks: the same quotient in bigint; it must fit (lots are numbers).
  const lots = divRoundBig(c.minLotsNumBig, BigInt(c.minLotsDen) * BigInt(priceTicks), Rounding.CEIL);
  return bigToSafe(lots, 'minimum lots');
}
