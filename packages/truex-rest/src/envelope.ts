import { isRecord, malformed } from './json-fields';

export interface TrueXPagination {
  /** `limit` (v2026 docs) or `size` (v1.0.4 docs). */
  limit?: number;
  nextCursor?: string;
}

export interface UnwrappedResponse {
  /** The items: a raw array as is, a single object as a one-item list, null/empty as no items. */
  items: unknown[];
  /** Present when the body was the `{ data, pagination }` envelope (X-Truex-Version v2026_01_23). */
  pagination?: TrueXPagination;
  enveloped: boolean;
}

/**
 * Both response formats (REST.md §3): v2024_01_01 returns the raw array or object, v2026_01_23 wraps it as
 * `{ "data": …, "pagination": { "limit"|"size", "next_cursor" } }`. No TrueX object has a top-level `data`
 * field, so its presence identifies the envelope.
 */
export function unwrapEnvelope(json: unknown): UnwrappedResponse {
  if (isRecord(json) && 'data' in json) {
    return { items: asItems(json.data), pagination: readPagination(json.pagination), enveloped: true };
  }
  return { items: asItems(json), enveloped: false };
}

function asItems(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return [value];
  throw malformed('response is neither an object nor a list');
}

function readPagination(value: unknown): TrueXPagination | undefined {
  if (!isRecord(value)) return undefined;
  const limit = value.limit ?? value.size;
  const cursor = value.next_cursor ?? value.nextCursor;
  return {
    limit: typeof limit === 'number' ? limit : typeof limit === 'string' && limit !== '' ? Number(limit) : undefined,
    nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined,
  };
}
