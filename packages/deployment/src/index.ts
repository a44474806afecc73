export {
  loadConfig,
  redactedConfig,
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
export { engineConfigFrom, engineQuotePolicy } from './engine-config';
export { startSimulators, type InProcessSimulators } from './simulators';
export { restOrderStatusSource, restVenueGateway, venueOrderOf, orderStateOf } from './rest-order-status';
