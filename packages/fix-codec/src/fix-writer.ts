import { FIXT_1_1, SOH, Tag } from './constants';
import { FixEncodeError } from './fix-encode-error';
import { byteSum, tagByteSum, tagBytes } from './tag-bytes';

const EQUALS = 0x3d;
const ZERO = 0x30;
const SLAB_BYTES = 32 * 1024;
// Room in front of the body for "8=<BeginString>|9=<BodyLength>|", written last once the length is known.
const MAX_LENGTH_DIGITS = 10;

/**
 * A reusable low-level writer: fields go straight into a byte slab and the checksum is summed as bytes are
 * written, so encoding allocates nothing but the returned view. Use begin() → field()/intField()… → finish().
 * Frames are carved out of 32 KiB slabs that are never written again once handed out (like Node's own Buffer
 * pool), so the returned Buffer needs no copy and stays valid. Fields are written in call order; the caller owns
 * FIX ordering (encodeFix does it for you).
 */
export class FixWriter {
  private buf: Buffer;
  private messageStart = 0;
  private pos = 0;
  private sum = 0;
  private bodyStart = 0;
  private beginString = FIXT_1_1;
  private beginField: Buffer = Buffer.from(`8=${FIXT_1_1}\u0001`, 'latin1');
  private beginFieldSum = byteSum(this.beginField);
  private open = false;

  constructor(slabBytes = SLAB_BYTES) {
    this.buf = Buffer.allocUnsafe(Math.max(256, slabBytes));
  }

  /** Starts a message; writes 35=<msgType>. */
  begin(msgType: string, beginString: string = FIXT_1_1): this {
    this.open = false;
    if (beginString !== this.beginString) {
      if (beginString.length === 0 || beginString.includes('\u0001')) {
        throw new FixEncodeError('BAD_HEADER', 'bad BeginString', Tag.BeginString);
      }
      this.beginString = beginString;
      this.beginField = Buffer.from(`8=${beginString}\u0001`, 'utf8');
      this.beginFieldSum = byteSum(this.beginField);
    }
    const headroom = this.beginField.length + 3 + MAX_LENGTH_DIGITS;
    if (this.buf.length - this.pos < headroom + 256) this.newSlab(0);
    this.messageStart = this.pos;
    this.bodyStart = this.pos + headroom;
    this.pos = this.bodyStart;
    this.sum = 0;
    this.open = true;
    return this.field(Tag.MsgType, msgType);
  }

  /** Appends tag=value. Throws FixEncodeError on an empty value, an SOH inside it, a bad tag, or tag 8/9/10/122. */
  field(tag: number, value: string): this {
    if (!this.open) throw new FixEncodeError('BAD_HEADER', 'field() before begin()', tag);
    const len = value.length;
    if (len === 0) throw new FixEncodeError('EMPTY_VALUE', `tag ${tag} has an empty value`, tag);
    const t = tagBytes(tag);
    if (this.pos + len * 3 + t.length + 8 > this.buf.length) this.grow(len * 3 + t.length + 8);
    const buf = this.buf;
    let p = this.pos;
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
    return this;
  }

  /** Appends tag=<integer> without building a string. */
  intField(tag: number, value: number): this {
    if (!this.open) throw new FixEncodeError('BAD_HEADER', 'intField() before begin()', tag);
    if (!Number.isSafeInteger(value))
      throw new FixEncodeError('EMPTY_VALUE', `tag ${tag}: ${value} is not an integer`, tag);
    const t = tagBytes(tag);
    if (this.pos + t.length + 24 > this.buf.length) this.grow(t.length + 24);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < t.length; i++) {
      buf[p] = t[i];
      this.sum += t[i];
      p++;
    }
    if (value < 0) {
      buf[p++] = 0x2d;
      this.sum += 0x2d;
      value = -value;
    }
    this.pos = p;
    this.writeDigits(value, p);
    buf[this.pos++] = SOH;
    this.sum += SOH;
    return this;
  }

  /**
   * Writes 8 and 9 in front of the body and 10 after it, and returns the frame. `bodyLengthDigits` zero-pads
   * BodyLength, as some engines do.
   */
  finish(bodyLengthDigits = 0): Buffer {
    if (!this.open) throw new FixEncodeError('BAD_HEADER', 'finish() before begin()');
    this.open = false;
    const buf = this.buf;
    const bodyLength = this.pos - this.bodyStart;
    // Write "9=<len><SOH>" backwards from the body start, then "8=<BeginString><SOH>" in front of it.
    let p = this.bodyStart - 1;
    let sum = this.sum + SOH;
    buf[p] = SOH;
    let v = bodyLength;
    let digits = 0;
    const minDigits = Math.min(Math.max(bodyLengthDigits, 1), MAX_LENGTH_DIGITS);
    while (v > 0 || digits < minDigits) {
      const d = ZERO + (v % 10);
      buf[--p] = d;
      sum += d;
      v = Math.floor(v / 10);
      digits++;
    }
    buf[--p] = EQUALS;
    buf[--p] = 0x39;
    sum += EQUALS + 0x39 + this.beginFieldSum;
    const begin = this.beginField;
    p -= begin.length;
    const start = p;
    for (let i = 0; i < begin.length; i++) buf[p++] = begin[i];

    const end = this.pos;
    const checksum = sum & 0xff;
    buf[end] = 0x31;
    buf[end + 1] = ZERO;
    buf[end + 2] = EQUALS;
    buf[end + 3] = ZERO + Math.floor(checksum / 100);
    buf[end + 4] = ZERO + (Math.floor(checksum / 10) % 10);
    buf[end + 5] = ZERO + (checksum % 10);
    buf[end + 6] = SOH;
    this.pos = end + 7;
    return buf.subarray(start, end + 7);
  }

  private writeDigits(value: number, at: number): void {
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    let p = at + digits - 1;
    let v = value;
    for (let i = 0; i < digits; i++) {
      const digit = v % 10;
      this.buf[p--] = ZERO + digit;
      this.sum += ZERO + digit;
      v = Math.floor(v / 10);
    }
    this.pos = at + digits;
  }

  /** The message outgrew the slab: move what is written so far to a fresh, larger slab. */
  private grow(extra: number): void {
    this.newSlab(this.pos - this.messageStart + extra);
  }

  private newSlab(carry: number): void {
    const old = this.buf;
    const from = this.messageStart;
    const written = this.open ? this.pos - from : 0;
    this.buf = Buffer.allocUnsafe(Math.max(SLAB_BYTES, (written + carry + 64) * 2));
    if (written > 0) old.copy(this.buf, 0, from, this.pos);
    this.bodyStart -= from;
    this.messageStart = 0;
    this.pos = written;
  }
}
