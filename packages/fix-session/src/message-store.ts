import type { FixBody } from '@truex-mm/fix-codec';
import type { SequenceNumbers } from './sequence-store';

/** An application message as it was first sent, kept so that a ResendRequest can replay it. */
export interface SentMessage {
  readonly msgType: string;
  readonly body: FixBody;
}

/**
 * QuickFIX's MessageStore for a session whose numbers and sent messages outlive the connection (the acceptor side:
 * a venue replays execution reports a client missed). Synchronous: the engine reads it at logon and writes it on
 * every number it uses. An initiator that never retransmits uses a {@link SequenceStore} instead.
 */
export interface MessageStore {
  /** The numbers to continue from at the next logon. */
  sequence(): SequenceNumbers;
  /** Copies the values: the engine passes the same object every time. */
  save(numbers: SequenceNumbers): void;
  /** Remembers an application message sent under `seq`; a store may evict old ones (they are gap-filled then). */
  add(seq: number, message: SentMessage): void;
  get(seq: number): SentMessage | undefined;
  /** 141=Y: both numbers back to 1 and the stored messages dropped. */
  reset(): void;
}
