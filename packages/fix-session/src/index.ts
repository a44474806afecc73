export { trueXLogonSignature, type TrueXLogonSignatureInput } from './logon-signature';
export { FixSessionError, FixLogonError, type FixSessionErrorCode } from './errors';
export { MemorySequenceStore, type SequenceStore, type SequenceNumbers } from './sequence-store';
export { FileSequenceStore } from './file-sequence-store';
export { ReconnectBackoff, type ReconnectBackoffOptions } from './reconnect-backoff';
export { redactFix } from './redact';
export { emptyCounters, type FixSessionCounters } from './counters';
export {
  FixSessionEngine,
  type FixSessionEngineOptions,
  type FixEngineState,
  type FixSessionEvent,
  type FixSessionSink,
} from './session-engine';
export {
  netConnector,
  type FixConnector,
  type FixConnection,
  type FixConnectionEvents,
  type FixConnectTarget,
} from './connector';
export { FixClient, type FixClientOptions, type FixClientEvents, type FixSessionState } from './fix-client';
