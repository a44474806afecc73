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

const DIGIT_0 = 48;

/** The digit at `i` (0–9), or -1. */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - DIGIT_0;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two digits at `i` as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * {@link parseCoinbaseTime} of `text.slice(start, end)` without the slice: the usual layout
 * (`YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`) is read in place, and the epoch milliseconds of the minute are kept, so frames
 * stamped within one minute cost no Date.UTC; anything else goes through parseCoinbaseTime. Same results.
 */
export class CoinbaseTimeReader {
  private minuteKey = -1;
  private minuteMs = 0;

  read(text: string, start: number, end: number): number | undefined {
    const n = end - start;
    const sep = text.charCodeAt(start + 10);
    if (
      n < 20 ||
      text.charCodeAt(end - 1) !== 90 /* Z */ ||
      text.charCodeAt(start + 4) !== 45 /* - */ ||
      text.charCodeAt(start + 7) !== 45 ||
      (sep !== 84 /* T */ && sep !== 32) ||
      text.charCodeAt(start + 13) !== 58 /* : */ ||
      text.charCodeAt(start + 16) !== 58
    ) {
      return parseCoinbaseTime(text.slice(start, end));
    }
    const century = twoDigits(text, start);
    const yy = twoDigits(text, start + 2);
    const month = twoDigits(text, start + 5);
    const day = twoDigits(text, start + 8);
    const hour = twoDigits(text, start + 11);
    const minute = twoDigits(text, start + 14);
    const second = twoDigits(text, start + 17);
    if ((century | yy | month | day | hour | minute | second) < 0) return undefined;
    let ms = 0;
    if (n > 20) {
      // ".f{1,9}" before the Z
      const digits = n - 21;
      if (text.charCodeAt(start + 19) !== 46 /* . */ || digits < 1 || digits > 9) return undefined;
      for (let i = 0; i < digits; i++) {
        const d = digit(text, start + 20 + i);
        if (d < 0) return undefined;
        if (i < 3) ms = ms * 10 + d;
      }
      for (let i = digits; i < 3; i++) ms *= 10;
    }
    const year = century * 100 + yy;
    if (year <= 1970) return undefined;
    // Date.UTC is linear in seconds and milliseconds, so the minute's value plus them is the same number.
    const key = ((year * 100 + month) * 100 + day) * 10_000 + hour * 100 + minute;
    if (key !== this.minuteKey) {
      const minuteMs = Date.UTC(year, month - 1, day, hour, minute);
      if (!Number.isFinite(minuteMs)) return undefined;
      this.minuteKey = key;
      this.minuteMs = minuteMs;
    }
    return this.minuteMs + second * 1000 + ms;
  }
}
