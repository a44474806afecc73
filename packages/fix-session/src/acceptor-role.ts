import type { FixMessage } from '@truex-mm/fix-codec';
import type { MessageStore } from './message-store';

/** A wire-format problem the decoder tolerates but the acceptor refuses (header order, forbidden tag, group order). */
export interface FrameViolation {
  /** The offending tag: 371 of the Reject, and the `<tag>` of its text `Invalid tag (<tag>)`. */
  readonly tag: number;
  /** 373 of the Reject. */
  readonly sessionRejectReason: number;
}

/** The venue's decision on a counterparty's Logon. */
export type LogonVerdict =
  /** Answered with an unsequenced Reject (34=1, 45, 373, 58) and the connection closed. */
  | { readonly accepted: false; readonly sessionRejectReason: number; readonly text: string }
  | {
      readonly accepted: true;
      /** The session this Logon continues (or resets with 141=Y): its numbers and sent messages. */
      readonly store: MessageStore;
      /**
       * The venue restarted its numbering: the ack carries 141=Y whatever the client asked, both sides restart at 1
       * and the client's Logon counts as its 1.
       */
      readonly venueReset?: boolean;
    };

/**
 * What turns the session engine into an acceptor (QuickFIX/J's Session serves both roles the same way): the
 * counterparty logs on first; the venue-specific parts, authentication above all, stay with the venue and are
 * called from here. The session mechanics (sequence reset on logon, too-low Logon refused, the ack, gap recovery,
 * resends replayed from the {@link MessageStore}, heartbeats, TestRequests, Logout) are the engine's.
 */
export interface AcceptorRole {
  /**
   * Called for a Logon that passed the session checks of a first message; decides who may log on (the venue's
   * signature oracle, credentials, one connection per session) and which session it continues.
   */
  authorize(logon: FixMessage): LogonVerdict;
  /** Text of the session Reject (373=99) for a Logon on a session that is already logged on. */
  readonly alreadyLoggedOnText: string;
  /** Logout sent, and the connection closed, when TestRequests stay unanswered for `testRequestTimeoutMs`. */
  readonly silenceLogout: { readonly text: string; readonly sessionStatus?: number };
  /** TestReqID (112) of the TestRequests the engine sends. Default `TEST-<n>`. */
  testRequestId?(counterpartyCompId: string, n: number): string;
  /** Re-send an unanswered TestRequest this often until the silence Logout. Default: once. */
  readonly testRequestRepeatMs?: number;
  /** Wire checks the decoder does not make; a violation is answered with `Invalid tag (<tag>)`, its number consumed. */
  inspectFrame?(frame: Buffer): FrameViolation | undefined;
  /** false leaves a ResendRequest unanswered (fault injection); default answered. */
  answerResendRequest?(): boolean;
  /** Text of the Reject (373=5) of a SequenceReset-Reset that would lower the number or lacks 36. */
  sequenceResetRejectText?(newSeqNo: string | undefined): string;
}
