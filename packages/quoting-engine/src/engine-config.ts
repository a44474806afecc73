import { defaultQuotePolicyConfig, quotePolicyConfigProblems, type QuotePolicyConfig } from '@truex-mm/ladder-strategy';
import type { FairValueInput } from '@truex-mm/pricing';
import { RiskInputError, validateRiskLimits, type RiskLimits } from '@truex-mm/risk';

export interface QuotingEngineConfig {
  /** TrueX symbol (BTC-PYUSD). */
  readonly symbol: string;
  /** TrueX client id, sent in the Parties block of every order. */
  readonly partyId: string;
  readonly policy: QuotePolicyConfig;
  /** Pre-trade limits; `messagesPerSecond` is the message budget the policy spends (default 8). */
  readonly risk: RiskLimits;
  readonly fairValue: { readonly windowMs: number; readonly input: FairValueInput };
  /** Half-life of the volatility estimate that sizes the ladder (default 60 s). */
  readonly volatilityHalfLifeMs: number;
  /** Seed of the size jitter and lifetime draws (same seed, same decisions). */
  readonly seed: number;
  /**
   * How often the engine re-plans without a price change (expiries, budget refills, timeouts). Default 25 ms: at 8
   * messages/s a token arrives every 125 ms, and a coarser loop would let tokens go unused at a burst of 1.
   */
  readonly loopIntervalMs: number;
  /** Unanswered order requests are flagged after this long (order adapter). Default 5000 ms. */
  readonly ackTimeoutMs: number;
}

/**
 * The message budget towards TrueX. TrueX throttles at about 10 messages/s and a production client throttles itself
 * to 4–8/s (shared/truex/README.md §4.8): 8/s with a burst of 1 keeps any one-second window at 9 or fewer, leaving
 * room for a heartbeat and a safety cancel.
 */
export const DEFAULT_MESSAGES_PER_SECOND = 8;
export const DEFAULT_MESSAGE_BURST = 1;

/** Every problem with an engine configuration (empty when valid). */
export function engineConfigProblems(c: QuotingEngineConfig): string[] {
  const problems = quotePolicyConfigProblems(c.policy);
  try {
    validateRiskLimits(c.risk);
  } catch (error) {
    if (error instanceof RiskInputError) problems.push(`risk: ${error.message}`);
    else throw error;
  }
  if (!(c.fairValue.windowMs > 0)) problems.push(`fairValue.windowMs must be > 0, got ${c.fairValue.windowMs}`);
  if (!(c.volatilityHalfLifeMs > 0)) problems.push(`volatilityHalfLifeMs must be > 0, got ${c.volatilityHalfLifeMs}`);
  if (!(c.loopIntervalMs > 0)) problems.push(`loopIntervalMs must be > 0, got ${c.loopIntervalMs}`);
  if (!(c.ackTimeoutMs > 0)) problems.push(`ackTimeoutMs must be > 0, got ${c.ackTimeoutMs}`);
  if (!Number.isInteger(c.seed)) problems.push(`seed must be an integer, got ${c.seed}`);
  if (c.risk.maxOpenOrders < 2 * c.policy.ladder.ordersPerSide) {
    problems.push(
      `risk.maxOpenOrders (${c.risk.maxOpenOrders}) is below 2 × ordersPerSide (${2 * c.policy.ladder.ordersPerSide}): ` +
        'the ladder could never be full',
    );
  }
  return problems;
}

export class QuotingEngineConfigError extends Error {
  override readonly name = 'QuotingEngineConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid quoting engine configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The default engine configuration, with the given identity. */
export function defaultEngineConfig(identity: { symbol: string; partyId: string }): QuotingEngineConfig {
  return {
    ...identity,
    policy: defaultQuotePolicyConfig,
    risk: {
      maxOrderSize: '0.05',
      maxOrderNotional: '5000',
      priceBandPct: '2.5',
      maxOpenOrders: 50,
      maxLongPosition: '1',
      maxShortPosition: '1',
      maxNotionalExposure: '150000',
      messagesPerSecond: DEFAULT_MESSAGES_PER_SECOND,
      maxReferenceAgeMs: 3000,
      maxLoss: '2000',
      rejectStorm: { count: 20, windowMs: 10_000 },
      throttle: { burst: DEFAULT_MESSAGE_BURST },
    },
    fairValue: { windowMs: 100, input: 'mid' },
    volatilityHalfLifeMs: 60_000,
    seed: 1,
    loopIntervalMs: 25,
    ackTimeoutMs: 5000,
  };
}
