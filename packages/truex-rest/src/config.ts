import { TrueXRestError } from './errors';

/**
 * Documented base URLs (README §7, REST.md §2). The URL's path selects the API generation: `…/api/v1` is the legacy
 * API (removed 2026-08-05), `…/v1/cefi` the current one. Apps pass `TRUEX_REST_URL`; these are the defaults.
 */
export const TRUEX_REST_URLS = {
  /** Current API, production [DOC]. */
  production: 'https://api.truex.co/v1/cefi',
  /** Current API, UAT [DOC]. */
  uat: 'https://api.uat.truex.co/v1/cefi',
  /** Legacy API, production [DOC]. */
  productionLegacy: 'https://prod.truex.co/api/v1',
  /** Legacy API, UAT; plain HTTP on port 9742 as the official samples use it [OFFICIAL-CODE]. */
  uatLegacy: 'http://uat.truex.co:9742/api/v1',
} as const;

export type TrueXApiGeneration = 'legacy' | 'cefi';

/** Response schema versions (`X-Truex-Version`): raw arrays (2024) or `{ data, pagination }` (2026). */
export const TRUEX_API_VERSIONS = { raw: 'v2024_01_01', enveloped: 'v2026_01_23' } as const;

/** Header names, configurable because the spellings conflict between sources (REST.md §2, §6.1–6.2). */
export interface TrueXRestHeaderNames {
  /** Client-scoping header(s); every name listed is sent with the same value (headers are not signed). */
  userId: ReadonlyArray<string>;
  timestamp: string;
  /** The API key id. */
  token: string;
  signature: string;
  version: string;
}

/** Docs and third party spell `x-truex-auth-userid`, the official Python `x-truex-auth-user-id`: both are sent. */
export const DEFAULT_HEADER_NAMES: Readonly<TrueXRestHeaderNames> = Object.freeze({
  userId: Object.freeze(['x-truex-auth-userid', 'x-truex-auth-user-id']),
  timestamp: 'x-truex-auth-timestamp',
  token: 'x-truex-auth-token',
  signature: 'x-truex-auth-signature',
  version: 'X-Truex-Version',
});

/** A parsed base URL: origin plus API prefix without a trailing slash, and the generation the prefix implies. */
export interface TrueXBaseUrl {
  readonly origin: string;
  readonly prefix: string;
  readonly generation: TrueXApiGeneration;
}

export function parseBaseUrl(baseUrl: string): TrueXBaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TrueXRestError('INVALID_ARGUMENT', `not a URL: "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TrueXRestError('INVALID_ARGUMENT', `base URL must be http(s): "${baseUrl}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TrueXRestError('INVALID_ARGUMENT', 'base URL must not carry a query, fragment or user info');
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  if (prefix.endsWith('/api/v1')) return { origin: url.origin, prefix, generation: 'legacy' };
  if (prefix.endsWith('/v1/cefi')) return { origin: url.origin, prefix, generation: 'cefi' };
  throw new TrueXRestError(
    'INVALID_ARGUMENT',
    `base URL path must end in /api/v1 (legacy) or /v1/cefi (current), got "${url.pathname}"`,
  );
}
