import { createHmac } from 'node:crypto';

/** Exchange API credentials (an Exchange key with its passphrase; Coinbase App / CDP keys do not work here). */
export interface ExchangeCredentials {
  readonly key: string;
  readonly passphrase: string;
  /** Base64, as Coinbase issues it. Never logged. */
  readonly secret: string;
}

/** The fields an authenticated Exchange `subscribe` carries. */
export interface ExchangeAuthFields {
  readonly signature: string;
  readonly key: string;
  readonly passphrase: string;
  readonly timestamp: string;
}

/**
 * `base64(HMAC_SHA256(base64decode(secret), timestamp + "GET" + "/users/self/verify"))`: the signature of the
 * `GET /users/self/verify` request the subscribe stands in for.
 */
export function exchangeSignature(secret: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64'))
    .update(`${timestamp}GET/users/self/verify`)
    .digest('base64');
}

/** Auth fields for a subscribe sent at `nowMs` (timestamp in epoch seconds, as the REST API expects). */
export function exchangeAuthFields(credentials: ExchangeCredentials, nowMs: number): ExchangeAuthFields {
  const timestamp = (nowMs / 1000).toFixed(3);
  return {
    signature: exchangeSignature(credentials.secret, timestamp),
    key: credentials.key,
    passphrase: credentials.passphrase,
    timestamp,
  };
}
