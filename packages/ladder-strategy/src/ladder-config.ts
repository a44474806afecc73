import { decimalScale, isPlainDecimal, parseUnitsBig } from '@truex-mm/fixed-point';

/** Inventory skew: positions shift prices (and optionally sizes) so the ladder leans towards flat. */
export interface SkewConfig {
  /** Position (base units, decimal string) at which the skew is at its maximum. */
  maxPosition: string;
  /** Price shift in ticks at ±maxPosition; both sides move down when long, up when short. */
  maxSkewTicks: number;
  /** Also scale sizes: bid × (1 − p), ask × (1 + p), p = clamp(position / maxPosition, −1, 1). */
  sizeSkew?: boolean;
}

export interface LadderConfig {
  /** Orders per side (default 25). */
  ordersPerSide: number;
  /** Price levels per side (default 8); orders are spread over them by {@link distributeOrders}. */
  levels: number;
  /** Distance of level 1 from fair value, in ticks (0 = the first tick strictly beyond fair value). */
  level1OffsetTicks: number;
  /** Distance between consecutive levels, in ticks (≥ 1). */
  levelSpacingTicks: number;
  /** Price increment, decimal string (default '0.5'); see TRUEX_INCREMENTS. */
  tickSize: string;
  /** Quantity increment, decimal string (default '0.0001'). */
  lotSize: string;
  /** Minimum price × quantity (default '1'); smaller orders are raised to it. */
  minNotional: string;
  /** Size of one order before jitter and skew, base units, decimal string. */
  baseSize: string;
  /** Uniform size jitter, ± percent of baseSize (default 10). */
  sizeJitterPct: number;
  skew?: SkewConfig;
  /** When set, overrides level1OffsetTicks: offset = ceil(FV · bps / 10⁴ / tick) ticks. */
  level1OffsetBps?: number;
  /** When set, overrides levelSpacingTicks: spacing = max(1, ceil(FV · bps / 10⁴ / tick)) ticks. */
  levelSpacingBps?: number;
  /**
   * Volatility widening: both level-1 offsets grow by ceil(k · volatilityBps · FV / 10⁴ / tick) ticks, where
   * volatilityBps is passed per build (e.g. EwmaVolatility.valueBps(horizon)). Default 0 (off).
   */
  volatilityOffsetMultiplier?: number;
}

/**
 * Defaults from the original design: 25 + 25 orders over 8 levels on the 0.5 grid, one tick between levels,
 * ±10 % size jitter. baseSize 0.002 BTC is ~200 PYUSD per order at 100 000, far above the 1.0 minimum notional.
 */
export const defaultLadderConfig: Readonly<LadderConfig> = Object.freeze({
  ordersPerSide: 25,
  levels: 8,
  level1OffsetTicks: 1,
  levelSpacingTicks: 1,
  tickSize: '0.5',
  lotSize: '0.0001',
  minNotional: '1',
  baseSize: '0.002',
  sizeJitterPct: 10,
});

/** A ladder configuration that cannot produce valid orders; `field` names the offending setting. */
export class LadderConfigError extends Error {
  override readonly name = 'LadderConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function requireInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new LadderConfigError(field, `${field} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** A plain decimal without a sign and with a nonzero digit (any length: the exact range is checked on compile). */
function isPositiveDecimal(value: string): boolean {
  return isPlainDecimal(value) && /[1-9]/.test(value);
}

function requirePositiveDecimal(field: string, value: string): void {
  if (!isPositiveDecimal(value)) {
    throw new LadderConfigError(field, `${field} must be a positive decimal string, got ${JSON.stringify(value)}`);
  }
}

function requireNonNegative(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new LadderConfigError(field, `${field} must be a non-negative number, got ${value}`);
  }
}

/** Throws {@link LadderConfigError} for the first invalid setting. */
export function validateLadderConfig(c: LadderConfig): void {
  requireInteger('ordersPerSide', c.ordersPerSide, 0);
  requireInteger('levels', c.levels, 1);
  if (c.levels > Math.max(1, c.ordersPerSide)) {
    throw new LadderConfigError('levels', `levels (${c.levels}) cannot exceed ordersPerSide (${c.ordersPerSide})`);
  }
  requireInteger('level1OffsetTicks', c.level1OffsetTicks, 0);
  requireInteger('levelSpacingTicks', c.levelSpacingTicks, 1);
  requirePositiveDecimal('tickSize', c.tickSize);
  requirePositiveDecimal('lotSize', c.lotSize);
  requirePositiveDecimal('baseSize', c.baseSize);
  const scale = Math.max(decimalScale(c.baseSize), decimalScale(c.lotSize));
  if (parseUnitsBig(c.baseSize, scale) < parseUnitsBig(c.lotSize, scale)) {
    throw new LadderConfigError('baseSize', `baseSize (${c.baseSize}) is smaller than one lot (${c.lotSize})`);
  }
  if (!isPlainDecimal(c.minNotional)) {
    throw new LadderConfigError(
      'minNotional',
      `minNotional must be a non-negative decimal string, got ${JSON.stringify(c.minNotional)}`,
    );
  }
  if (!Number.isFinite(c.sizeJitterPct) || c.sizeJitterPct < 0 || c.sizeJitterPct >= 100) {
    throw new LadderConfigError('sizeJitterPct', `sizeJitterPct must be in [0, 100), got ${c.sizeJitterPct}`);
  }
  requireNonNegative('level1OffsetBps', c.level1OffsetBps);
  requireNonNegative('levelSpacingBps', c.levelSpacingBps);
  requireNonNegative('volatilityOffsetMultiplier', c.volatilityOffsetMultiplier);
  if (c.skew) {
    requirePositiveDecimal('skew.maxPosition', c.skew.maxPosition);
    requireInteger('skew.maxSkewTicks', c.skew.maxSkewTicks, 0);
  }
}
