// The market maker's composition, reusable by apps/ladder-test and by teams embedding the market maker.
export {
  loadConfig,
  redactedConfig,
  ConfigError,
  defaultStrategyConfig,
  defaultRiskConfig,
  defaultSimulatorConfig,
} from './config';
export type {
  MarketMakerConfig,
  TrueXConnectionConfig,
  CoinbaseConfig,
  StrategyConfig,
  RiskConfig,
  SimulatorConfig,
} from './config';
export { startSimulators } from './simulators';
export type { InProcessSimulators } from './simulators';
export { startMarketMaker } from './app';
export type { RunningMarketMaker, StartOptions } from './app';
export { MarketMaker } from './market-maker';
export { QuoteStats } from './quote-stats';
export { MarketMakerMetrics } from './metrics';
export type { QuoteAction, MarketMakerDeps } from './market-maker';
export { ladderConfigFrom } from './ladder-config';
