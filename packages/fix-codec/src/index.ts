export { SOH, Tag, MsgType, FIXT_1_1 } from './constants';
export type { FixField, FixBody } from './fix-field';
export { FixFrameError, type FixFrameErrorCode } from './fix-frame-error';
export { FixDecodeError, type FixDecodeErrorCode } from './fix-decode-error';
export { FixEncodeError, type FixEncodeErrorCode } from './fix-encode-error';
export { FixFrameSplitter, type FrameSplitterOptions } from './frame-splitter';
export { decodeFix, FixDecoder, CompiledGroups, type DecodeOptions } from './decoder';
export type { FixMessage, FixMessageView, FixGroupEntry, FixFieldReader } from './fix-message';
export { trueXGroups, type FixGroupDefinition } from './group-definitions';
export { encodeFix, encodeFixFields, encodeFixInto, type FixHeader } from './encoder';
export { FixMessageEncoder, type FixSessionIds, type OutboundHeader } from './message-encoder';
export { FixWriter } from './fix-writer';
export { formatUtcTimestamp, formatUtcTimestampMicros, parseUtcTimestamp, type FixTimestamp } from './timestamp';
export {
  Side,
  OrdType,
  TimeInForce,
  ExecType,
  OrdStatus,
  ExecInstPostOnly,
  PartyRoleClientId,
  type LastLiquidityInd,
  type CxlRejResponseTo,
  type SubscriptionRequestType,
  type MDEntryType,
  type MDUpdateAction,
} from './enums';
export type { FieldAnomaly } from './messages/field-anomaly';
export * from './messages/session';
export * from './messages/order-entry';
export * from './messages/market-data';
