import type { FixBody } from '@truex-mm/fix-codec';

/**
 * Where order messages go: in production a FixClient (fix-session), in tests a recorder. Returns the MsgSeqNum the
 * message was sent with, or undefined when it was not sent (session not active).
 */
export interface FixSender {
  send(msgType: string, body: FixBody): number | undefined;
}
