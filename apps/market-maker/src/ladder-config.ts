import type { LadderConfig } from '@truex-mm/ladder-strategy';
import type { StrategyConfig } from './config';

/** The ladder-strategy configuration for a validated strategy section. */
export function ladderConfigFrom(strategy: StrategyConfig): LadderConfig {
  return {
    ordersPerSide: strategy.ordersPerSide,
    levels: strategy.levels,
    level1OffsetTicks: strategy.level1OffsetTicks,
    levelSpacingTicks: strategy.levelSpacingTicks,
    tickSize: strategy.tickSize,
    lotSize: strategy.lotSize,
    minNotional: strategy.minNotional,
    baseSize: strategy.baseSize,
    sizeJitterPct: strategy.sizeJitterPct,
    skew: { maxPosition: strategy.skewMaxPosition, maxSkewTicks: strategy.skewMaxTicks },
  };
}
