import { Tag, type FixMessage } from '@truex-mm/fix-codec';

/** Why an inbound header is unacceptable, in the terms of a session Reject (373 / 371 / 58). */
export interface HeaderProblem {
  /** 373: 9 CompID problem, 10 SendingTime accuracy problem. */
  readonly sessionRejectReason: '9' | '10';
  readonly refTagId?: number;
  /** The Text QuickFIX uses for the same problem (58 on the Reject and the Logout). */
  readonly text: string;
}

export interface HeaderExpectations {
  /** Our SenderCompID: must come back as the venue's TargetCompID (56). */
  readonly senderCompId: string;
  /** The venue's CompID: must come back as SenderCompID (49). */
  readonly targetCompId: string;
  /** Largest accepted |now − SendingTime|; Infinity disables the check. */
  readonly maxSendingTimeSkewMs: number;
}

/**
 * The header checks QuickFIX/J runs on every inbound message (`Session.verify`: CheckLatency / MaxLatency, then
 * CheckCompID), in the same order. `sendingTimeMs` is the already-parsed tag 52 (a missing or unparseable 52 is the
 * caller's business: it is a garbled message, not a latency problem).
 */
export function checkHeader(
  message: FixMessage,
  sendingTimeMs: number,
  nowMs: number,
  expected: HeaderExpectations,
): HeaderProblem | undefined {
  if (Math.abs(nowMs - sendingTimeMs) > expected.maxSendingTimeSkewMs) {
    return { sessionRejectReason: '10', refTagId: Tag.SendingTime, text: 'SendingTime accuracy problem' };
  }
  if (
    message.get(Tag.SenderCompID) !== expected.targetCompId ||
    message.get(Tag.TargetCompID) !== expected.senderCompId
  ) {
    return { sessionRejectReason: '9', text: 'CompID problem' };
  }
  return undefined;
}
