import {
  defaultLadderShapeConfig,
  defaultQuotePolicyConfig,
  type QuotePolicyConfig,
  type ShapeMode,
} from '@truex-mm/ladder-strategy';
import { defaultEngineConfig, type QuotingEngineConfig } from '@truex-mm/quoting-engine';
import type { MarketMakerConfig, StrategyConfig } from './config';

/** The quoting policy a strategy section describes. */
export function engineQuotePolicy(strategy: StrategyConfig): QuotePolicyConfig {
  return {
    ...defaultQuotePolicyConfig,
    ladder: {
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
    },
    shape: {
      ...defaultLadderShapeConfig,
      mode: strategy.shape as ShapeMode,
      level1OffsetTicks: strategy.level1OffsetTicks,
      levelSpacingTicks: strategy.levelSpacingTicks,
      level1OffsetBps: strategy.level1OffsetBps,
      levelSpacingBps: strategy.levelSpacingBps,
      minEdgeTicks: strategy.minEdgeTicks,
      spacingSigmas: strategy.spacingSigmas,
      edgeSigmas: strategy.edgeSigmas,
      edgeTicks: { ...defaultLadderShapeConfig.edgeTicks, min: strategy.minEdgeTicks },
    },
    minLifetimeMs: strategy.minLifetimeMs,
    maxLifetimeMs: strategy.maxLifetimeMs,
  };
}

/** The quoting engine configuration a validated deployment configuration describes. */
export function engineConfigFrom(config: MarketMakerConfig): QuotingEngineConfig {
  const { strategy, risk, truex } = config;
  const engineDefaults = defaultEngineConfig({ symbol: truex.symbol, partyId: truex.clientId });
  return {
    symbol: truex.symbol,
    partyId: truex.clientId,
    policy: engineQuotePolicy(strategy),
    risk: {
      maxOrderSize: risk.maxOrderSize,
      maxOrderNotional: risk.maxOrderNotional,
      priceBandPct: risk.priceBandPct,
      maxOpenOrders: risk.maxOpenOrders,
      maxLongPosition: risk.maxLongPosition,
      maxShortPosition: risk.maxShortPosition,
      maxNotionalExposure: risk.maxNotionalExposure,
      messagesPerSecond: risk.messagesPerSecond,
      maxReferenceAgeMs: risk.maxReferenceAgeMs,
      maxLoss: risk.maxLoss,
      rejectStorm: { count: risk.rejectStormCount, windowMs: risk.rejectStormWindowMs },
      throttle: { burst: risk.messageBurst },
    },
    fairValue: { windowMs: strategy.fairValueWindowMs, input: strategy.fairValueInput },
    volatilityHalfLifeMs: engineDefaults.volatilityHalfLifeMs,
    seed: strategy.seed,
    loopIntervalMs: engineDefaults.loopIntervalMs,
    ackTimeoutMs: engineDefaults.ackTimeoutMs,
  };
}
