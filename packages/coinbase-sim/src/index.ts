export { CoinbaseSimulator } from './coinbase-simulator';
export {
  parseCliOptions,
  DEFAULT_CLI_SCENARIO,
  DEFAULT_CLI_PORT,
  DEFAULT_CLI_URL,
  type CliOptions,
} from './cli-options';
export type { CoinbaseSimulatorFaults, CoinbaseSimulatorOptions } from './coinbase-simulator';
export type { StallMode } from './connection-outbox';
export type { SimulatorMetrics } from './simulator-metrics';
export type { ExchangeCredentials } from './exchange-auth';
export { exchangeSignature } from './exchange-auth';
export type { ExchangeChannel } from './channels';
export { formatCoinbaseTime, parseCoinbaseTime } from './coinbase-time';
export { parseRecording } from './recording';
export type { RecordedFrame, Recording } from './recording';
export { SyntheticMarket } from './synthetic-market';
export type {
  BookSide,
  LevelChange,
  MarketDynamics,
  MarketEvent,
  SyntheticMarketOptions,
  Trade,
} from './synthetic-market';
export { MARKET_SCENARIOS, isMarketScenarioName, resolveScenario } from './market-scenario';
export type { MarketScenario, MarketScenarioName } from './market-scenario';
export type { MarketTopChange, SteppedMarket } from './market-top';
export { ScenarioMarket } from './scenario-market';
export type { ScenarioMarketOptions } from './scenario-market';
export { RecordingMarket } from './recording-market';
export type { RecordingMarketOptions } from './recording-market';
