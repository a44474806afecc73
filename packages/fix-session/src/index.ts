export { trueXLogonSignature, type TrueXLogonSignatureInput } from './logon-signature';
export { FixSessionError, FixLogonError, FixConnectError, type FixSessionErrorCode } from './errors';
export { classifyTlsError } from './connect-error';
export { checkHeader, type HeaderProblem, type HeaderExpectations } from './header-check';
export { MemorySequenceStore, type SequenceStore, type SequenceNumbers } from './sequence-store';
export { FileSequenceStore, type FileSequenceStoreOptions } from './file-sequence-store';
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
