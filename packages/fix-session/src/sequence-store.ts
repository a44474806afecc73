/** The next MsgSeqNum we will send and the next one we expect to receive. */
export interface SequenceNumbers {
  nextOutgoing: number;
  nextIncoming: number;
}

/**
 * Where a session keeps its sequence numbers between connections and process restarts (QuickFIX's MessageStore,
 * minus the messages: we never retransmit application messages, so only the numbers matter).
 */
export interface SequenceStore {
  load(): Promise<SequenceNumbers>;
  /**
   * May resolve later than it returns; callers that need durability (stop) await it. Copies the values: the session
   * engine passes the same object every time (no allocation per message), so keeping `s` itself would go wrong.
   */
  save(s: SequenceNumbers): Promise<void> | void;
  /** Optional: make the exact numbers durable and release resources; called once nothing more will be sent. */
  close?(): Promise<void> | void;
}

/** Keeps sequence numbers in memory only: for tests and for sessions that always reset on logon. */
export class MemorySequenceStore implements SequenceStore {
  private current: SequenceNumbers;

  constructor(initial: SequenceNumbers = { nextOutgoing: 1, nextIncoming: 1 }) {
    this.current = { ...initial };
  }

  load(): Promise<SequenceNumbers> {
    return Promise.resolve({ ...this.current });
  }

  save(s: SequenceNumbers): void {
    this.current = { nextOutgoing: s.nextOutgoing, nextIncoming: s.nextIncoming };
  }
}
