export { TrueXSimulator, type TrueXSimulatorOptions, type TrueXSimulatorAddress } from './truex-simulator';
export type { ReferencePriceSource } from './reference-price-source';
export { FixedPriceSource } from './reference-price-source';
export { RandomWalkPriceSource, type RandomWalkPriceSourceOptions } from './random-walk-price-source';
export { BookTopPriceSource, type BookTop } from './book-top-price-source';
export { CoinbaseReferencePrice, type CoinbaseReferencePriceOptions } from './coinbase-reference-price';
export {
  parseCliArgs,
  DEFAULT_REFERENCE_FEED_URL,
  DEFAULT_REFERENCE_PRICE,
  DEFAULT_REFERENCE_VOLATILITY_BPS,
  type CliConfig,
  type ReferenceChoice,
} from './cli-options';
export { FaultPlan, type TrueXSimulatorFaults } from './fault-plan';
export type { TrueXVenueTruthFaults } from './venue-truth-faults';
export {
  ClientSettingsStore,
  SELF_TRADE_PREVENTION,
  type ClientSettings,
  type SelfTradePrevention,
} from './client-settings';
export {
  FixAcceptorSession,
  type AcceptorSessionOptions,
  type AcceptorState,
  type AcceptorCounters,
} from './acceptor-session';
export { SessionRegistry, SessionState, type VenueCredential, type SentMessage } from './session-registry';
export {
  TrueXVenue,
  type VenueOptions,
  type VenueRoute,
  type OpenOrderView,
  type FillView,
  type VenueCounters,
} from './venue';
export { RejectText, isValidClOrdId } from './order-entry-rules';
export {
  INCREMENT_BUCKETS,
  DEFAULT_INSTRUMENT_INCREMENTS,
  incrementsForPrice,
  type InstrumentIncrements,
} from './increments';
export { checkWireOrder, type WireOrderViolation, type WireOrderProblem } from './wire-order-check';
export { expectedLogonSignature } from './logon-signature';
export { SeededRandom } from '@truex-mm/clock'; // kept for callers of the former copy here
export {
  InMemoryLink,
  type InMemoryConnector,
  type InMemoryConnection,
  type InMemoryConnectionEvents,
  type InMemoryConnectTarget,
  type InMemoryLinkOptions,
} from './in-memory-connection';
export type { OrderRecordView } from './rest/order-records';
