export {
  QuotingEngine,
  type QuotingEngineDeps,
  type ReferenceTop,
  type ReferenceState,
  type SentAction,
  type EngineStatus,
  type VenueStatusSource,
} from './quoting-engine';
export {
  defaultEngineConfig,
  engineConfigProblems,
  QuotingEngineConfigError,
  DEFAULT_MESSAGES_PER_SECOND,
  DEFAULT_MESSAGE_BURST,
  type QuotingEngineConfig,
} from './engine-config';
export type { EngineEvent, EngineEventSink, EngineObserver } from './engine-events';
export { QuoteStats } from './quote-stats';
export { TickStage, type TickTracer } from './tick-tracer';
export { QuoteQuality, type QuoteQualityReport, type VenueOrderView } from './quote-quality';
