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
  };
}
