// The market maker's composition, reusable by teams embedding the market maker.
export {
  loadConfig,
  redactedConfig,
  ConfigError,
  defaultStrategyConfig,
  defaultRiskConfig,
  defaultSimulatorConfig,
  startSimulators,
  engineConfigFrom,
} from '@truex-mm/deployment';
export type {
  MarketMakerConfig,
  TrueXConnectionConfig,
  CoinbaseConfig,
  StrategyConfig,
  RiskConfig,
  SimulatorConfig,
  InProcessSimulators,
} from '@truex-mm/deployment';
export { startMarketMaker } from './app';
export type { RunningMarketMaker, StartOptions } from './app';
export { MarketMaker } from './market-maker';
export { QuoteStats } from '@truex-mm/quoting-engine';
export { MarketMakerMetrics } from './metrics';
export type { QuoteAction, MarketMakerDeps } from './market-maker';
