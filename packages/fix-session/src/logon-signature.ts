import { createHmac } from 'node:crypto';

/** Inputs of the TrueX Logon signature; every value exactly as it appears on the wire. */
export interface TrueXLogonSignatureInput {
  /** API secret as issued; used as UTF-8 bytes, never hex- or base64-decoded. */
  secret: string;
  /** Byte-identical to tag 52 of the same Logon. */
  sendingTime: string;
  msgSeqNum: number | string;
  senderCompId: string;
  targetCompId: string;
  /** API key id, also sent as 553 Username. */
  apiKey: string;
}

/**
 * TrueX Logon password (tag 554): Base64(HMAC-SHA256(secret, 52 + "A" + 34 + 49 + 56 + 553)), plain concatenation
 * with no separators (TrueX README §3.3.1). Standard Base64 with padding, not hex and not URL-safe.
 */
export function trueXLogonSignature(p: TrueXLogonSignatureInput): string {
  const payload = `${p.sendingTime}A${String(p.msgSeqNum)}${p.senderCompId}${p.targetCompId}${p.apiKey}`;
  return createHmac('sha256', Buffer.from(p.secret, 'utf8')).update(payload, 'utf8').digest('base64');
}
