import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature TrueX expects on a REST request (README §7, REST.md §2): `Base64(HMAC_SHA256(secret,
 * timestamp + METHOD + path + body))`, path without the query string. Written independently of the client in
 * @truex-mm/truex-rest, so the two implementations check each other end to end.
 */
export function expectedRestSignature(
  secret: string,
  p: { timestamp: string; method: string; path: string; body: string },
): string {
  return createHmac('sha256', secret)
    .update(p.timestamp + p.method.toUpperCase() + p.path + p.body, 'utf8')
    .digest('base64');
}

/** Constant-time comparison of two signatures. */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
