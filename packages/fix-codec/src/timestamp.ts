import { FixDecodeError } from './fix-decode-error';

/** A parsed FIX UTCTimestamp: millisecond epoch plus the sub-millisecond part the wire carried. */
export interface FixTimestamp {
  readonly epochMs: number;
  /** Nanoseconds beyond epochMs, 0..999999 (non-zero only for 6 or 9 fraction digits). */
  readonly nanosOfMs: number;
  /** The text as on the wire. */
  readonly text: string;
}

const MS_PER_DAY = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n;
}

// SendingTime is formatted for every outbound message; the date part changes once a day, so cache it.
let cachedDay = -1;
let cachedDate = '';

function datePart(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  if (day !== cachedDay) {
    const d = new Date(day * MS_PER_DAY);
    const y = d.getUTCFullYear();
    cachedDate = (y < 1000 ? ('000' + y).slice(-4) : '' + y) + pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate()) + '-';
    cachedDay = day;
  }
  return cachedDate;
}

function timePart(msOfDay: number): string {
  const h = Math.floor(msOfDay / 3_600_000);
  const m = Math.floor(msOfDay / 60_000) % 60;
  const s = Math.floor(msOfDay / 1000) % 60;
  return pad2(h) + ':' + pad2(m) + ':' + pad2(s) + '.' + pad3(msOfDay % 1000);
}

function checkEpoch(epochMs: number): number {
  if (!Number.isFinite(epochMs) || epochMs < 0) {
    throw new RangeError(`cannot format ${epochMs} as a FIX UTCTimestamp`);
  }
  return Math.floor(epochMs);
}

/** `YYYYMMDD-HH:MM:SS.sss` (UTC, milliseconds): what we send in SendingTime/TransactTime. */
export function formatUtcTimestamp(epochMs: number): string {
  const ms = checkEpoch(epochMs);
  const msOfDay = ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
  return datePart(ms) + timePart(msOfDay);
}

/**
 * `YYYYMMDD-HH:MM:SS.ssssss` (UTC, microseconds), the form TrueX itself sends (used by the venue simulator).
 * `micros` is the microsecond within the millisecond (0..999); when omitted it is taken from epochMs's fraction.
 */
export function formatUtcTimestampMicros(epochMs: number, micros?: number): string {
  const ms = checkEpoch(epochMs);
  const us = micros ?? Math.min(999, Math.floor((epochMs - ms) * 1000));
  if (!Number.isInteger(us) || us < 0 || us > 999) {
    throw new RangeError(`micros must be an integer 0..999, got ${micros}`);
  }
  return formatUtcTimestamp(ms) + pad3(us);
}

function digitsAt(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function bad(text: string, why: string, tag?: number): FixDecodeError {
  return new FixDecodeError('BAD_TIMESTAMP', `bad UTCTimestamp "${text}": ${why}`, tag);
}

/** Parses `HH:MM:SS[.f{3,6,9}]` starting at `at`; returns [msOfDay, nanosOfMs]. */
function parseTime(text: string, at: number, tag: number | undefined): [number, number] {
  const rest = text.length - at;
  if (rest < 8 || text[at + 2] !== ':' || text[at + 5] !== ':') throw bad(text, 'expected HH:MM:SS', tag);
  const h = digitsAt(text, at, 2);
  const m = digitsAt(text, at + 3, 2);
  const s = digitsAt(text, at + 6, 2);
  // 60 is a leap second; FIX allows it.
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) throw bad(text, 'time out of range', tag);
  let ms = 0;
  let nanos = 0;
  if (rest > 8) {
    const digits = rest - 9;
    if (text[at + 8] !== '.' || (digits !== 3 && digits !== 6 && digits !== 9)) {
      throw bad(text, 'fraction must have 0, 3, 6 or 9 digits', tag);
    }
    ms = digitsAt(text, at + 9, 3);
    const sub = digits > 3 ? digitsAt(text, at + 12, digits - 3) : 0;
    if (ms < 0 || sub < 0) throw bad(text, 'fraction is not numeric', tag);
    nanos = digits === 6 ? sub * 1000 : sub;
  }
  return [((h * 60 + m) * 60 + s) * 1000 + ms, nanos];
}

/**
 * Parses a FIX UTCTimestamp `YYYYMMDD-HH:MM:SS` with 0, 3, 6 or 9 fraction digits (TrueX sends 6 in 52/60 and
 * 9 in 273). A bare UTCTimeOnly `HH:MM:SS[.fff]` (what the dictionary declares for 273) is accepted as a time
 * on 1970-01-01. Throws FixDecodeError('BAD_TIMESTAMP').
 */
export function parseUtcTimestamp(text: string, tag?: number): FixTimestamp {
  if (text.length >= 8 && text[2] === ':') {
    const [msOfDay, nanosOfMs] = parseTime(text, 0, tag);
    return { epochMs: msOfDay, nanosOfMs, text };
  }
  if (text.length < 17 || text[8] !== '-') throw bad(text, 'expected YYYYMMDD-HH:MM:SS', tag);
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 4, 2);
  const d = digitsAt(text, 6, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) throw bad(text, 'date out of range', tag);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  // setUTCFullYear rolls 20250231 over into March; a real date round-trips.
  if (date.getUTCDate() !== d) throw bad(text, 'no such date', tag);
  const dayMs = date.getTime();
  const [msOfDay, nanosOfMs] = parseTime(text, 9, tag);
  return { epochMs: dayMs + msOfDay, nanosOfMs, text };
}
