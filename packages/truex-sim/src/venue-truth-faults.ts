import type { FillView } from './venue';

/** Faults for venue-truth tests: the venue's state moves on while the client cannot see it. */
export interface TrueXVenueTruthFaults {
  /**
   * A FIX gateway restart that resets sequence numbers: every connection is dropped (no Logout) and every known
   * session's next Logon is acknowledged with 34=1 and 141=Y even if the client asked to continue (no 141=Y); the
   * messages stored for resends are gone. Orders stay in the book (the matching engine did not restart).
   */
  restartSessions(): void;
  /** While on, a ResendRequest from the client is consumed and never answered (no resend, no gap fill). */
  ignoreResendRequests(on: boolean): void;
  /**
   * Fills up to `n` of the client's resting orders now, in full at their own price, whether or not its session is
   * connected: reports for a disconnected session are stored and replayed on a continuing logon's ResendRequest,
   * lost on a 141=Y logon. Returns the fills (as in `fills()`).
   */
  fillOrders(clientId: string, n: number): ReadonlyArray<FillView>;
}
