const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses Coinbase's ISO-8601 UTC times (0 to 9 fraction digits) to epoch milliseconds, truncating below the
 * millisecond. Returns undefined for the placeholder times Coinbase sends instead of "no time"
 * ("0001-01-01T00:00:00Z" on some l2updates, the epoch on Advanced Trade snapshot entries) and for text that is
 * not such a time, so a bad timestamp never costs the message itself.
 */
export function parseCoinbaseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  if (year <= 1970) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const epochMs = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return Number.isFinite(epochMs) ? epochMs : undefined;
}
