import { isRecord } from './json-fields';

const MAX_TEXT = 500;

/**
 * The venue's words from an error body. TrueX documents RFC 7807 Problem Details (v2024_01_01) and
 * `{ "error": { …RFC 7807… } }` (v2026_01_23); a third party reads `message`. Lenient, in that order:
 * `detail` → `title` → `message` → `error` (string) → the raw text, trimmed and capped.
 */
export function venueErrorText(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return cap(trimmed);
  }
  const problem = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : parsed;
  if (isRecord(problem)) {
    for (const key of ['detail', 'title', 'message', 'error']) {
      const value = problem[key];
      if (typeof value === 'string' && value.trim() !== '') return cap(value.trim());
    }
  }
  return cap(trimmed);
}

function cap(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}…`;
}
