/**
 * Coinbase Exchange's `time` format: ISO 8601 UTC with exactly six fraction digits and a 'Z',
 * e.g. `2014-11-07T08:19:27.028459Z`. JavaScript dates stop at milliseconds, so the three extra
 * digits come from `microsOfMs` (0..999).
 */
export function formatCoinbaseTime(epochMs: number, microsOfMs = 0): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`not a time: ${epochMs}`);
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const micros = Math.min(999, Math.max(0, Math.trunc(microsOfMs)));
  return `${iso.slice(0, 23)}${micros.toString().padStart(3, '0')}Z`;
}

/** Parses an ISO 8601 Coinbase time to epoch milliseconds; undefined for Coinbase's "no time" markers or junk. */
export function parseCoinbaseTime(text: string): number | undefined {
  if (text.startsWith('0001-01-01') || text.startsWith('1970-01-01T00:00:00')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
