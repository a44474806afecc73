/** Session counters, cumulative over the client's life (across reconnects). */
export interface FixSessionCounters {
  messagesIn: number;
  messagesOut: number;
  resendRequestsIn: number;
  resendRequestsOut: number;
  gapFillsSent: number;
  gapFillsIn: number;
  gaps: number;
  duplicatesIgnored: number;
  heartbeatsIn: number;
  heartbeatsOut: number;
  testRequestsIn: number;
  testRequestsOut: number;
  reconnects: number;
  logons: number;
  logonFailures: number;
  rejectsIn: number;
  garbled: number;
  /** Exceptions caught on the inbound path (a listener that threw, a message no reader could handle); never rethrown. */
  inboundErrors: number;
  /** Messages refused for a wrong SenderCompID/TargetCompID or an inaccurate SendingTime (Reject + Logout). */
  headerRejects: number;
  /** ResendRequests re-sent because the previous one went unanswered. */
  resendRetries: number;
  /** Inbound MsgSeqNums the venue skipped with a SequenceReset (messages we will never see). */
  messagesSkipped: number;
  /** Times the sequence numbers restarted at 1 for a reason other than our own routine 141=Y. */
  venueResets: number;
  /** Inbound messages held behind a gap until a resend filled it. */
  queuedInbound: number;
}

export function emptyCounters(): FixSessionCounters {
  return {
    messagesIn: 0,
    messagesOut: 0,
    resendRequestsIn: 0,
    resendRequestsOut: 0,
    gapFillsSent: 0,
    gapFillsIn: 0,
    gaps: 0,
    duplicatesIgnored: 0,
    heartbeatsIn: 0,
    heartbeatsOut: 0,
    testRequestsIn: 0,
    testRequestsOut: 0,
    reconnects: 0,
    logons: 0,
    logonFailures: 0,
    rejectsIn: 0,
    garbled: 0,
    inboundErrors: 0,
    headerRejects: 0,
    resendRetries: 0,
    messagesSkipped: 0,
    venueResets: 0,
    queuedInbound: 0,
  };
}
