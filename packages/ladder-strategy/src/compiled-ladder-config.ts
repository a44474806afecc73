import { Dec, parseDecimal } from './grid';
import { isSafe, parseFastDecimal, pow10, type FastDecimal } from './fixed-point';
import { validateLadderConfig, type LadderConfig } from './ladder-config';
import { distributeOrders } from './order-distribution';

/**
 * Everything buildTargetLadder needs from a LadderConfig that does not depend on the tick: validated once,
 * decimal strings parsed once into exact integers, slot keys built once.
 */
export interface CompiledLadderConfig {
  readonly config: LadderConfig;
  /** False when an increment or size has too many digits for the number path: always use the decimal path. */
  readonly fast: boolean;
  readonly tick: FastDecimal;
  readonly lot: FastDecimal;
  /** Lots of one order before jitter and skew, as decimal.js gave it: baseSize / lotSize, nearest double. */
  readonly baseLots: number;
  /** baseSize / lotSize as an exact fraction baseLotsNum / baseLotsDen (for size skew). */
  readonly baseLotsNum: number;
  readonly baseLotsDen: number;
  /** minLots = ⌈minLotsNum / (minLotsDen · priceTicks)⌉, i.e. ⌈minNotional / (tick · priceTicks · lot)⌉. */
  readonly minLotsNum: number;
  readonly minLotsDen: number;
  readonly maxPosition: FastDecimal | undefined;
  readonly level1OffsetBps: FastDecimal | undefined;
  readonly levelSpacingBps: FastDecimal | undefined;
  readonly perLevel: readonly number[];
  /** keys[side][level − 1][n − 1], side 0 = buy, 1 = sell. */
  readonly keys: readonly (readonly (readonly string[])[])[];
  /** Fraction, sizeJitterPct / 100. */
  readonly jitter: number;
}

/** A number setting as decimal.js reads it (via its shortest string); undefined when exponential or long. */
export function fastFromNumber(x: number): FastDecimal | undefined {
  return parseFastDecimal(String(x));
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
const UNUSED: FastDecimal = { units: 0, places: 0 };

/**
 * Validates (throws LadderConfigError) and compiles a config, cached by object identity: the per-tick cost of an
 * unchanged config is one WeakMap lookup and a field-by-field comparison.
 */
export function compileLadderConfig(config: LadderConfig): CompiledLadderConfig {
  const hit = cache.get(config);
  if (hit && unchanged(config, hit.snapshot)) return hit.compiled;
  validateLadderConfig(config);
  const tick = parseFastDecimal(config.tickSize);
  const lot = parseFastDecimal(config.lotSize);
  const base = parseFastDecimal(config.baseSize);
  const minNotional = parseFastDecimal(config.minNotional);
  const maxPosition = config.skew ? parseFastDecimal(config.skew.maxPosition) : undefined;
  const level1OffsetBps = config.level1OffsetBps !== undefined ? fastFromNumber(config.level1OffsetBps) : undefined;
  const levelSpacingBps = config.levelSpacingBps !== undefined ? fastFromNumber(config.levelSpacingBps) : undefined;

  const ok = tick !== undefined && lot !== undefined && base !== undefined && minNotional !== undefined;
  const t = tick ?? UNUSED;
  const l = lot ?? UNUSED;
  const b = base ?? UNUSED;
  const mn = minNotional ?? UNUSED;
  const baseLotsNum = b.units * pow10(l.places);
  const baseLotsDen = l.units * pow10(b.places);
  const minLotsNum = mn.units * pow10(t.places + l.places);
  const minLotsDen = pow10(mn.places) * t.units * l.units;
  const fast =
    ok &&
    isSafe(minLotsNum) &&
    isSafe(minLotsDen) &&
    (!config.skew || maxPosition !== undefined) &&
    (config.level1OffsetBps === undefined || level1OffsetBps !== undefined) &&
    (config.levelSpacingBps === undefined || levelSpacingBps !== undefined);

  const perLevel = distributeOrders(config.ordersPerSide, config.levels);
  const compiled: CompiledLadderConfig = {
    config,
    fast,
    tick: t,
    lot: l,
    // Exactly the pre-jitter lot count the decimal path computes (a per-config constant, so decimal.js is fine).
    baseLots: new Dec(config.baseSize).div(parseDecimal(config.lotSize) ?? 1).toNumber(),
    baseLotsNum,
    baseLotsDen,
    minLotsNum,
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
