import type { FixBody } from '@truex-mm/fix-codec';
import type { MessageStore, SentMessage, SequenceNumbers } from '@truex-mm/fix-session';

export type { SentMessage } from '@truex-mm/fix-session';

/** An API key the venue knows: its HMAC secret and the client ids (PartyID, role 3) it may trade for. */
export interface VenueCredential {
  apiKey: string;
  secret: string;
  clientIds: string[];
}

/** What a live connection must offer so messages for its session reach the wire. */
export interface SessionConnection {
  sendApplication(msgType: string, body: FixBody): void;
}

/**
 * Everything about one FIX session (a SenderCompID/TargetCompID pair) that outlives a TCP connection: sequence
 * numbers, the sent-message store for resends, and the connection currently logged on (at most one: TrueX answers
 * a second Logon with "Already authenticated cannot logon again"). It is the session engine's {@link MessageStore}
 * while a connection is logged on, and records what the venue sends while none is.
 */
export class SessionState implements MessageStore {
  nextOutgoing = 1;
  nextIncoming = 1;
  connection: SessionConnection | undefined;
  allowedClientIds: ReadonlySet<string> = new Set();
  /**
   * The venue restarted its FIX gateway with fresh sequence numbers (the `restartSessions` fault): the next Logon
   * is acknowledged with 34=1 and 141=Y whatever the client asked for, and the stored messages are gone.
   */
  venueResetPending = false;
  private readonly sent = new Map<number, SentMessage>();
  /** The lowest number that may still be stored. */
  private evictFrom = 1;

  constructor(
    readonly key: string,
    readonly clientCompId: string,
    readonly venueCompId: string,
    private readonly storeLimit = 10_000,
  ) {}

  /** 141=Y: both sides restart at 1 and the store is emptied. */
  reset(): void {
    this.nextOutgoing = 1;
    this.nextIncoming = 1;
    this.sent.clear();
    this.evictFrom = 1;
    this.venueResetPending = false;
  }

  /** Messages stored for a resend (sent, dropped, or recorded while no connection was logged on). */
  get storedCount(): number {
    return this.sent.size;
  }

  /** Takes the next outgoing MsgSeqNum and remembers the message under it (no connection is logged on). */
  record(msgType: string, body: FixBody): number {
    const seq = this.nextOutgoing++;
    this.add(seq, { msgType, body });
    return seq;
  }

  sequence(): SequenceNumbers {
    return { nextOutgoing: this.nextOutgoing, nextIncoming: this.nextIncoming };
  }

  save(numbers: SequenceNumbers): void {
    this.nextOutgoing = numbers.nextOutgoing;
    this.nextIncoming = numbers.nextIncoming;
  }

  add(seq: number, message: SentMessage): void {
    this.sent.set(seq, message);
    // Oldest numbers go first; a resend of an evicted number is answered with a gap fill. Only application messages
    // are stored, so the numbers have holes: the cursor walks over them (amortised O(1), numbers only grow).
    while (this.sent.size > this.storeLimit) this.sent.delete(this.evictFrom++);
  }

  get(seq: number): SentMessage | undefined {
    return this.sent.get(seq);
  }

  /** An application message for this session: sent now if logged on, otherwise stored for a later resend. */
  deliver(msgType: string, body: FixBody): void {
    if (this.connection) this.connection.sendApplication(msgType, body);
    else this.record(msgType, body);
  }
}

/** Known API keys and the sessions opened with them. */
export class SessionRegistry {
  private readonly credentials = new Map<string, VenueCredential>();
  private readonly sessions = new Map<string, SessionState>();

  constructor(credentials: ReadonlyArray<VenueCredential>) {
    for (const c of credentials) this.credentials.set(c.apiKey, { ...c, clientIds: [...c.clientIds] });
  }

  credential(apiKey: string): VenueCredential | undefined {
    return this.credentials.get(apiKey);
  }

  static keyOf(clientCompId: string, venueCompId: string): string {
    return `${clientCompId}->${venueCompId}`;
  }

  /** The session for a CompID pair, created on first use. */
  session(clientCompId: string, venueCompId: string): SessionState {
    const key = SessionRegistry.keyOf(clientCompId, venueCompId);
    let state = this.sessions.get(key);
    if (!state) {
      state = new SessionState(key, clientCompId, venueCompId);
      this.sessions.set(key, state);
    }
    return state;
  }

  find(key: string): SessionState | undefined {
    return this.sessions.get(key);
  }

  all(): SessionState[] {
    return [...this.sessions.values()];
  }

  /**
   * A venue gateway restart that reset its sequence numbers: every known session's next Logon is acknowledged with
   * 34=1 and 141=Y (see {@link SessionState.venueResetPending}). Dropping the connections is the caller's part.
   */
  markVenueReset(): void {
    for (const state of this.sessions.values()) state.venueResetPending = true;
  }
}
