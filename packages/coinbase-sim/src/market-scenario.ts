import { parseUnits } from '@truex-mm/fixed-point';
import { PRICE_SCALE } from './synthetic-market';
import type { MarketDynamics } from './synthetic-market';

export type MarketScenarioName = 'calm' | 'btc' | 'fast' | 'trend' | 'jump';

/** How a synthetic market moves. Prices in USD (quote units); the book is always in integer cents. */
export interface MarketScenario {
  name: string;
  /** Decimal with at most 2 places, e.g. '97000'. */
  startPrice: string;
  /** Standard deviation of the mid's moves per √second, in USD: calm ≈ 1, btc ≈ 8, fast ≈ 20. */
  sigmaUsdPerSec: number;
  /** Deterministic drift in USD per second (trend: +3). */
  driftUsdPerSec?: number;
  /** A one-off move of `pct` percent on the first step at or after `atMs`: the book gaps and takers trade through. */
  jump?: { atMs: number; pct: number };
  /** Market step (default 100 ms, the level2_batch-like cadence a quoting engine sees). */
  stepMs?: number;
  /** Suggested run length. */
  durationMs?: number;
}

export const DEFAULT_SCENARIO_STEP_MS = 100;

const scenario = (s: MarketScenario): Readonly<MarketScenario> =>
  Object.freeze({ ...s, ...(s.jump ? { jump: Object.freeze({ ...s.jump }) } : {}) });

/**
 * The named scenarios. BTC-USD near 97,000 with a daily volatility of about 2.5 % moves about
 * 97000 × 0.025 / √86400 ≈ 8 USD per √second, hence `btc`; `calm` and `fast` bracket it.
 */
export const MARKET_SCENARIOS: Readonly<Record<MarketScenarioName, MarketScenario>> = Object.freeze({
  calm: scenario({ name: 'calm', startPrice: '97000', sigmaUsdPerSec: 1, stepMs: 100, durationMs: 60_000 }),
  btc: scenario({ name: 'btc', startPrice: '97000', sigmaUsdPerSec: 8, stepMs: 100, durationMs: 300_000 }),
  fast: scenario({ name: 'fast', startPrice: '97000', sigmaUsdPerSec: 20, stepMs: 100, durationMs: 120_000 }),
  trend: scenario({
    name: 'trend',
    startPrice: '97000',
    sigmaUsdPerSec: 8,
    driftUsdPerSec: 3,
    stepMs: 100,
    durationMs: 300_000,
  }),
  jump: scenario({
    name: 'jump',
    startPrice: '97000',
    sigmaUsdPerSec: 8,
    jump: { atMs: 30_000, pct: -3 },
    stepMs: 100,
    durationMs: 60_000,
  }),
});

export function isMarketScenarioName(name: string): name is MarketScenarioName {
  return Object.prototype.hasOwnProperty.call(MARKET_SCENARIOS, name);
}

/** A name or a scenario -> a validated scenario; throws RangeError on an unknown name or an impossible value. */
export function resolveScenario(s: MarketScenarioName | MarketScenario): MarketScenario {
  if (typeof s === 'string') {
    if (!isMarketScenarioName(s)) {
      throw new RangeError(
        `unknown market scenario ${JSON.stringify(s)} (${Object.keys(MARKET_SCENARIOS).join(', ')})`,
      );
    }
    return MARKET_SCENARIOS[s];
  }
  const start = parseUnits(s.startPrice, PRICE_SCALE, true);
  if (start <= 0) throw new RangeError(`scenario ${s.name}: startPrice must be positive: ${s.startPrice}`);
  if (!(Number.isFinite(s.sigmaUsdPerSec) && s.sigmaUsdPerSec >= 0)) {
    throw new RangeError(`scenario ${s.name}: sigmaUsdPerSec must be finite and >= 0: ${s.sigmaUsdPerSec}`);
  }
  if (s.stepMs !== undefined && !(Number.isInteger(s.stepMs) && s.stepMs > 0)) {
    throw new RangeError(`scenario ${s.name}: stepMs must be a positive integer: ${s.stepMs}`);
  }
  return s;
}

export function scenarioStepMs(s: MarketScenario): number {
  return s.stepMs ?? DEFAULT_SCENARIO_STEP_MS;
}

/** The scenario as SyntheticMarket dynamics. */
export function scenarioDynamics(s: MarketScenario): MarketDynamics {
  return {
    sigmaUsdPerSec: s.sigmaUsdPerSec,
    ...(s.driftUsdPerSec !== undefined ? { driftUsdPerSec: s.driftUsdPerSec } : {}),
    ...(s.jump !== undefined ? { jump: s.jump } : {}),
  };
}
