import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ExchangeAuthFields } from './subscription-request';

/** An Exchange API key the simulator accepts for authenticated channels (level2). */
export interface ExchangeCredentials {
  key: string;
  /** Base64, as Coinbase issues it. */
  secret: string;
  passphrase: string;
}

/** Coinbase's subscribe signature: base64(HMAC-SHA256(base64decode(secret), timestamp + 'GET/users/self/verify')). */
export function exchangeSignature(secret: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64'))
    .update(`${timestamp}GET/users/self/verify`)
    .digest('base64');
}

export function verifyExchangeAuth(fields: ExchangeAuthFields, credentials: readonly ExchangeCredentials[]): boolean {
  const credential = credentials.find((c) => c.key === fields.key);
  if (!credential || credential.passphrase !== fields.passphrase || fields.timestamp === '') return false;
  const expected = Buffer.from(exchangeSignature(credential.secret, fields.timestamp));
  const given = Buffer.from(fields.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
