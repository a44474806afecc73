export { trueXLogonSignature, type TrueXLogonSignatureInput } from './logon-signature';
export { FixSessionError, FixLogonError, FixConnectError, type FixSessionErrorCode } from './errors';
export { classifyTlsError } from './connect-error';
export { checkHeader, type HeaderProblem, type HeaderExpectations } from './header-check';
export { MemorySequenceStore, type SequenceStore, type SequenceNumbers } from './sequence-store';
export { FileSequenceStore, type FileSequenceStoreOptions } from './file-sequence-store';
// The schedule lives in @truex-mm/clock (shared with coinbase-feed); re-exported for former callers.
export { ReconnectBackoff, type ReconnectBackoffOptions } from '@truex-mm/clock';
export { redactFix } from './redact';
export { emptyCounters, type FixSessionCounters } from './counters';
export {
  FixSessionEngine,
  type FixSessionEngineOptions,
  type FixAcceptorEngineOptions,
  type SessionEngineCommonOptions,
  type FixEngineState,
  type FixSessionEvent,
  type FixSessionSink,
} from './session-engine';
export type { AcceptorRole, LogonVerdict, FrameViolation } from './acceptor-role';
export type { MessageStore, SentMessage } from './message-store';
export {
  netConnector,
  type FixConnector,
  type FixConnection,
  type FixConnectionEvents,
  type FixConnectTarget,
} from './connector';
export { FixClient, type FixClientOptions, type FixClientEvents, type FixSessionState } from './fix-client';
