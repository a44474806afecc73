// Deliberately a second implementation of @truex-mm/fix-session's trueXLogonSignature: the simulated venue recomputes
// the signature from TrueX's documentation on its own, so a mistake in the client's signing is caught, not mirrored.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fields TrueX signs on Logon, exactly as they appear on the wire (README §3.3.1). */
export interface LogonSignatureInput {
  sendingTime: string;
  msgSeqNum: string;
  senderCompId: string;
  targetCompId: string;
  apiKey: string;
}

/** Base64(HMAC-SHA256(secret, 52 + 'A' + 34 + 49 + 56 + 553)), the venue-side recomputation of tag 554. */
export function expectedLogonSignature(secret: string, input: LogonSignatureInput): string {
  const payload = `${input.sendingTime}A${input.msgSeqNum}${input.senderCompId}${input.targetCompId}${input.apiKey}`;
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(payload, 'utf8').digest('base64');
}

/** Constant-time comparison of the received 554 with the expected signature. */
export function isValidLogonSignature(secret: string, input: LogonSignatureInput, received: string): boolean {
  const expected = Buffer.from(expectedLogonSignature(secret, input), 'utf8');
  const actual = Buffer.from(received, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
