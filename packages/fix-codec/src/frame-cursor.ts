import { FixEncodeError } from './fix-encode-error';
import { byteSum, tagByteSum, tagBytes } from './tag-bytes';

const SOH = 0x01;
const EQUALS = 0x3d;
const ZERO = 0x30;
const DOT = 0x2e;
const MS_PER_DAY = 86_400_000;
/** BodyLength digits reserved in front of the body; other lengths move the body once (copyWithin). */
const RESERVED_LENGTH_DIGITS = 3;
const MAX_LENGTH_DIGITS = 10;
/** "10=ddd<SOH>" */
const TRAILER_BYTES = 7;

/** Bytes written verbatim (a header prefix), with their byte sum for the CheckSum. */
export interface EncodedSegment {
  readonly bytes: Uint8Array;
  readonly sum: number;
}

export function encodedSegment(text: string): EncodedSegment {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, sum: byteSum(bytes) };
}

const beginSegments = new Map<string, EncodedSegment>();

/** "8=<BeginString><SOH>9=", validated and cached per BeginString. */
export function beginSegment(beginString: string): EncodedSegment {
  let segment = beginSegments.get(beginString);
  if (segment === undefined) {
    if (beginString.length === 0 || beginString.includes('\u0001')) {
      throw new FixEncodeError('BAD_HEADER', 'bad BeginString', 8);
    }
    segment = encodedSegment(`8=${beginString}\u00019=`);
    if (beginSegments.size < 16) beginSegments.set(beginString, segment);
  }
  return segment;
}

/** Throws FixEncodeError unless `epochMs` can be written as a UTCTimestamp. */
export function checkTimestamp(tag: number, epochMs: number): void {
  if (!Number.isFinite(epochMs) || epochMs < 0) {
    throw new FixEncodeError('BAD_HEADER', `tag ${tag}: cannot format ${epochMs} as a UTCTimestamp`, tag);
  }
}

export const MILLIS_PER_DAY = MS_PER_DAY;

// SendingTime's date part changes once a day: keep its bytes.
let cachedDay = -1;
const dayBytes = new Uint8Array(9);
let daySum = 0;

function setDay(day: number): void {
  const d = new Date(day * MS_PER_DAY);
  const text =
    String(d.getUTCFullYear()).padStart(4, '0') +
    String(d.getUTCMonth() + 1).padStart(2, '0') +
    String(d.getUTCDate()).padStart(2, '0') +
    '-';
  for (let i = 0; i < 9; i++) dayBytes[i] = text.charCodeAt(i);
  daySum = byteSum(dayBytes);
  cachedDay = day;
}

/**
 * Writes one FIX frame into a caller's Buffer, field by field, summing the CheckSum as bytes go out: no strings
 * are built for numbers or timestamps and nothing is allocated. open() writes "8=…<SOH>9=" and reserves three
 * BodyLength digits; close() fills them in (moving the body once when the length has another digit count) and
 * appends "10=ddd<SOH>". Fields are written in call order; callers own FIX ordering.
 */
export class FrameCursor {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private sum = 0;
  private limit = 0;
  private start = 0;
  private lengthAt = 0;
  private bodyStart = 0;

  open(target: Buffer, offset: number, begin: EncodedSegment): void {
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`bad offset ${offset}`);
    this.buf = target;
    this.limit = target.length;
    this.start = offset;
    this.pos = offset;
    this.sum = 0;
    if (offset + begin.bytes.length + RESERVED_LENGTH_DIGITS + 1 > this.limit) this.tooSmall();
    this.segment(begin);
    this.lengthAt = this.pos;
    this.pos += RESERVED_LENGTH_DIGITS + 1;
    this.bodyStart = this.pos;
  }

  /** Appends pre-encoded bytes. */
  segment(segment: EncodedSegment): void {
    const bytes = segment.bytes;
    let p = this.pos;
    if (p + bytes.length > this.limit) this.tooSmall();
    const buf = this.buf;
    for (let i = 0; i < bytes.length; i++) buf[p++] = bytes[i];
    this.pos = p;
    this.sum += segment.sum;
  }

  /** Appends tag=value<SOH>. Throws FixEncodeError on an empty value, an SOH inside it, or a bad tag. */
  text(tag: number, value: string): void {
    const len = value.length;
    if (len === 0) throw new FixEncodeError('EMPTY_VALUE', `tag ${tag} has an empty value`, tag);
    const t = tagBytes(tag);
    let p = this.pos;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (p + t.length + len * 3 + 1 > this.limit) this.tooSmall(tag);
    const buf = this.buf;
    let sum = this.sum + tagByteSum(tag);
    for (let i = 0; i < t.length; i++) buf[p++] = t[i];
    for (let i = 0; i < len; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        // Rare non-ASCII text: let Node encode UTF-8, then sum what it wrote. Continuation bytes are >= 0x80,
        // so an SOH can only come from the ASCII part, which the loop checks.
        const written = buf.write(value.slice(i), p, 'utf8');
        for (let j = p; j < p + written; j++) {
          if (buf[j] === SOH) throw new FixEncodeError('SOH_IN_VALUE', `tag ${tag} contains SOH`, tag);
          sum += buf[j];
        }
        p += written;
        break;
      }
      if (c === SOH) throw new FixEncodeError('SOH_IN_VALUE', `tag ${tag} contains SOH`, tag);
      buf[p++] = c;
      sum += c;
    }
    buf[p++] = SOH;
    this.pos = p;
    this.sum = sum + SOH;
  }

  /** Appends tag=<integer><SOH> without building a string. */
  int(tag: number, value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new FixEncodeError('EMPTY_VALUE', `tag ${tag}: ${value} is not an integer`, tag);
    }
    const t = tagBytes(tag);
    let p = this.pos;
    if (p + t.length + 18 > this.limit) this.tooSmall(tag);
    const buf = this.buf;
    let sum = this.sum + tagByteSum(tag);
    for (let i = 0; i < t.length; i++) buf[p++] = t[i];
    let v = value;
    if (v < 0) {
      buf[p++] = 0x2d;
      sum += 0x2d;
      v = -v;
    }
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = p + digits - 1; i >= p; i--) {
      const digit = v % 10;
      buf[i] = ZERO + digit;
      sum += ZERO + digit;
      v = Math.floor(v / 10);
    }
    p += digits;
    buf[p++] = SOH;
    this.pos = p;
    this.sum = sum + SOH;
  }

  /**
   * Appends tag=YYYYMMDD-HH:MM:SS.sss<SOH> (UTC), as formatUtcTimestamp formats it, without a string. Takes the
   * day number and the millisecond of the day (see utcDayAndTime) rather than epoch milliseconds: both are small
   * integers, and passing an epoch (a heap number) to a call V8 does not inline would allocate.
   */
  timestamp(tag: number, day: number, msOfDay: number): void {
    if (day !== cachedDay) setDay(day);
    const t = tagBytes(tag);
    let p = this.pos;
    if (p + t.length + 22 > this.limit) this.tooSmall(tag);
    const buf = this.buf;
    let sum = this.sum + tagByteSum(tag) + daySum;
    for (let i = 0; i < t.length; i++) buf[p++] = t[i];
    for (let i = 0; i < 9; i++) buf[p++] = dayBytes[i];
    const h = Math.floor(msOfDay / 3_600_000);
    const m = Math.floor(msOfDay / 60_000) % 60;
    const s = Math.floor(msOfDay / 1000) % 60;
    const f = msOfDay % 1000;
    const h1 = ZERO + Math.floor(h / 10);
    const h2 = ZERO + (h % 10);
    const m1 = ZERO + Math.floor(m / 10);
    const m2 = ZERO + (m % 10);
    const s1 = ZERO + Math.floor(s / 10);
    const s2 = ZERO + (s % 10);
    const f1 = ZERO + Math.floor(f / 100);
    const f2 = ZERO + (Math.floor(f / 10) % 10);
    const f3 = ZERO + (f % 10);
    buf[p] = h1;
    buf[p + 1] = h2;
    buf[p + 2] = 0x3a;
    buf[p + 3] = m1;
    buf[p + 4] = m2;
    buf[p + 5] = 0x3a;
    buf[p + 6] = s1;
    buf[p + 7] = s2;
    buf[p + 8] = DOT;
    buf[p + 9] = f1;
    buf[p + 10] = f2;
    buf[p + 11] = f3;
    buf[p + 12] = SOH;
    sum += h1 + h2 + m1 + m2 + s1 + s2 + f1 + f2 + f3 + 2 * 0x3a + DOT + SOH;
    this.pos = p + 13;
    this.sum = sum;
  }

  /** Fills in BodyLength (zero-padded to `bodyLengthDigits`, at most 10), appends the CheckSum; returns the frame's length. */
  close(bodyLengthDigits = 0): number {
    const buf = this.buf;
    const bodyLength = this.pos - this.bodyStart;
    let digits = 1;
    for (let x = bodyLength; x >= 10; x = Math.floor(x / 10)) digits++;
    digits = Math.max(digits, Math.min(bodyLengthDigits, MAX_LENGTH_DIGITS));
    const shift = digits - RESERVED_LENGTH_DIGITS;
    if (this.pos + shift + TRAILER_BYTES > this.limit) this.tooSmall();
    if (shift !== 0) {
      buf.copyWithin(this.bodyStart + shift, this.bodyStart, this.pos);
      this.pos += shift;
    }
    let sum = this.sum + SOH;
    let v = bodyLength;
    for (let i = this.lengthAt + digits - 1; i >= this.lengthAt; i--) {
      const digit = ZERO + (v % 10);
      buf[i] = digit;
      sum += digit;
      v = Math.floor(v / 10);
    }
    buf[this.lengthAt + digits] = SOH;
    const checksum = sum & 0xff;
    const p = this.pos;
    buf[p] = 0x31;
    buf[p + 1] = ZERO;
    buf[p + 2] = EQUALS;
    buf[p + 3] = ZERO + Math.floor(checksum / 100);
    buf[p + 4] = ZERO + (Math.floor(checksum / 10) % 10);
    buf[p + 5] = ZERO + (checksum % 10);
    buf[p + 6] = SOH;
    this.pos = p + TRAILER_BYTES;
    return this.pos - this.start;
  }

  private tooSmall(tag?: number): never {
    throw new FixEncodeError(
      'TARGET_TOO_SMALL',
      `the frame does not fit in the ${this.limit - this.start} bytes after offset ${this.start}`,
      tag,
    );
  }
}
