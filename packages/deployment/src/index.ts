export {
  loadConfig,
  redactedConfig,
  TRADING_MODES,
  COINBASE_PUBLIC_FEED_URL,
  type TradingMode,
  type LoadConfigOptions,
  ConfigError,
  defaultStrategyConfig,
  defaultRiskConfig,
  defaultSimulatorConfig,
  type MarketMakerConfig,
  type TrueXConnectionConfig,
  type CoinbaseConfig,
  type StrategyConfig,
  type RiskConfig,
  type SimulatorConfig,
} from './config';
export { liveConfirmationError, tradingLimitsSummary } from './live-guard';
export { engineConfigFrom, engineQuotePolicy } from './engine-config';
export { startSimulators, type InProcessSimulators } from './simulators';
export { restOrderStatusSource, restVenueGateway, venueOrderOf, orderStateOf } from './rest-order-status';
