import { createHmac } from 'node:crypto';

/** What TrueX signs (REST.md §2): `timestamp + METHOD + path + body`. */
export interface RestSignatureInput {
  secret: string;
  /** Unix seconds, as sent in the timestamp header. */
  timestamp: string;
  method: string;
  /** URL path including the API prefix (`/api/v1/…`, `/v1/cefi/…`), without the query string. */
  path: string;
  /** The exact body sent; empty for GET and DELETE. */
  body?: string;
}

/** `Base64(HMAC_SHA256(secret, timestamp + METHOD + path + body))`, the value of `x-truex-auth-signature`. */
export function trueXRestSignature(input: RestSignatureInput): string {
  const payload = `${input.timestamp}${input.method.toUpperCase()}${input.path}${input.body ?? ''}`;
  return createHmac('sha256', input.secret).update(payload, 'utf8').digest('base64');
}

/** The timestamp header value: Unix seconds (TrueX accepts ≤ 15 s old, ≤ 1 s ahead). */
export function restTimestamp(epochMs: number): string {
  return String(Math.floor(epochMs / 1000));
}

/** The path that is signed: the URL's (percent-encoded) path, query string excluded. */
export function signedPathOf(url: string | URL): string {
  return (typeof url === 'string' ? new URL(url) : url).pathname;
}
