export type QuoteSide = 'buy' | 'sell';

export interface TargetOrder {
  /** Stable slot id `<side>-<level>-<n>` (e.g. 'buy-3-1'): the reconciler matches live orders by it. */
  key: string;
  side: QuoteSide;
  /** 1-based; level 1 is nearest to fair value. */
  level: number;
  /** Decimal string on the tick grid. */
  price: string;
  /** Decimal string on the lot grid. */
  quantity: string;
  /** Always true from buildTargetLadder: ladder orders must rest (ExecInst 6), never take. */
  postOnly?: boolean;
}

export interface LadderInput {
  /** Reference fair value, decimal string (e.g. toDecimalString(fv.value(now))). */
  fairValue: string;
  /** Signed base position, decimal string (long > 0). Only used when config.skew is set. */
  position: string;
  /** Build time; the ladder itself is time-independent (lifetimes belong to RefreshPolicy). */
  nowMs: number;
  /** Short-horizon volatility in bps, for config.volatilityOffsetMultiplier. */
  volatilityBps?: number;
}

/** The ladder was asked to quote around an unusable fair value, position or volatility. */
export class LadderInputError extends Error {
  override readonly name = 'LadderInputError';
  constructor(
    readonly field: keyof LadderInput,
    message: string,
  ) {
    super(message);
  }
}
