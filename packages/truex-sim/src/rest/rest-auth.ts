import type { SessionRegistry, VenueCredential } from '../session-registry';
import { expectedRestSignature, signaturesMatch } from './rest-signature';

/** The request parts authentication looks at; header names in lower case (as node:http gives them). */
export interface RestAuthInput {
  method: string;
  /** Path without the query string, exactly as received. */
  path: string;
  body: string;
  headers: Readonly<Record<string, string | undefined>>;
}

export type RestAuthResult =
  | { ok: true; credential: VenueCredential; clientIds: ReadonlySet<string> }
  | { ok: false; status: 401 | 403; detail: string };

/** Seconds a timestamp may be old / ahead of the venue's current second, as documented for cancel (README §7). */
export const REST_TIMESTAMP_MAX_AGE_SEC = 15;
export const REST_TIMESTAMP_MAX_AHEAD_SEC = 1;

/** Both spellings seen in the sources (REST.md §2): the docs' `userid` and the official Python's `user-id`. */
const USER_ID_HEADERS = ['x-truex-auth-userid', 'x-truex-auth-user-id'];

/**
 * Checks the four auth headers: the key (`x-truex-auth-token`) is known, the timestamp is Unix seconds within
 * 15 s old / 1 s ahead of the venue clock, the HMAC matches, and the user-id header (either spelling) names a
 * client id of that key. A user id of "0" or none scopes the request to all of the key's client ids (a guess: the
 * official Python sends "0" before it has chosen one). Texts are TrueX's documented ones, 401 "Unauthorized.",
 * 403 "Forbidden."; the detail after them is the simulator's.
 */
export function authenticateRest(input: RestAuthInput, registry: SessionRegistry, nowMs: number): RestAuthResult {
  const h = input.headers;
  const timestamp = h['x-truex-auth-timestamp'];
  const apiKey = h['x-truex-auth-token'];
  const signature = h['x-truex-auth-signature'];
  if (!timestamp || !apiKey || !signature) return unauthorized('missing authentication headers');
  const credential = registry.credential(apiKey);
  if (!credential) return unauthorized('unknown key');
  if (!/^\d{1,12}$/.test(timestamp)) return unauthorized('timestamp is not Unix seconds');
  const ageSec = Math.floor(nowMs / 1000) - Number(timestamp);
  if (ageSec > REST_TIMESTAMP_MAX_AGE_SEC || ageSec < -REST_TIMESTAMP_MAX_AHEAD_SEC) {
    return unauthorized('timestamp outside the allowed window');
  }
  const expected = expectedRestSignature(credential.secret, {
    timestamp,
    method: input.method,
    path: input.path,
    body: input.body,
  });
  if (!signaturesMatch(expected, signature)) return unauthorized('signature mismatch');

  const allowed = new Set(credential.clientIds);
  const userIds = USER_ID_HEADERS.map((name) => h[name]).filter((v): v is string => v !== undefined && v !== '');
  const named = userIds.filter((v) => v !== '0');
  if (named.some((id) => !allowed.has(id)) || new Set(named).size > 1) {
    return { ok: false, status: 403, detail: 'Forbidden.' };
  }
  return { ok: true, credential, clientIds: named.length > 0 ? new Set(named) : allowed };
}

function unauthorized(why: string): RestAuthResult {
  return { ok: false, status: 401, detail: `Unauthorized. (${why})` };
}
