import { FixDecodeError } from './fix-decode-error';
import { inlineAscii, MAX_INLINE_ASCII } from './inline-ascii';

// Reading one value out of a frame's bytes, given its [start, end) offsets: text, integer, decimal check.

const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

// One-byte values (Side, ExecType, OrdStatus, PartyRole…) are most of what is read; reuse their strings.
const ONE_CHAR: ReadonlyArray<string> = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

export function fail(code: string, message: string, tag?: number): never {
  throw new FixDecodeError(code, message, tag);
}

/**
 * A value's text, UTF-8 as on the wire. `ascii` says every byte of the frame is below 0x80 (the decoder knows it
 * from its scan), so short values can be built in V8 without Node's decoder.
 */
export function valueText(raw: Buffer, start: number, end: number, ascii: boolean): string {
  const length = end - start;
  if (length === 1) {
    const b = raw[start];
    if (b < 0x80) return ONE_CHAR[b];
  } else if (ascii && length <= MAX_INLINE_ASCII) {
    return inlineAscii(raw, start, length);
  }
  return raw.toString(undefined, start, end);
}

export function intAt(raw: Buffer, start: number, end: number, tag: number): number {
  let i = start;
  const negative = raw[i] === MINUS;
  if (negative) i++;
  if (i >= end) fail('BAD_INT', `tag ${tag} is not an integer`, tag);
  let v = 0;
  for (; i < end; i++) {
    const digit = raw[i] - ZERO;
    if (digit < 0 || digit > 9) {
      fail('BAD_INT', `tag ${tag} is not an integer: "${raw.toString('utf8', start, end)}"`, tag);
    }
    v = v * 10 + digit;
  }
  if (v > Number.MAX_SAFE_INTEGER) fail('BAD_INT', `tag ${tag} is out of range`, tag);
  return negative ? -v : v;
}

/** `-?digits[.digits]` with at least one digit (also `5.` and `.5`, as FIX allows). */
export function isDecimal(raw: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (raw[i] === MINUS) i++;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    const b = raw[i];
    if (b === DOT) {
      if (dot) return false;
      dot = true;
    } else if (b >= ZERO && b <= 0x39) {
      digits++;
    } else {
      return false;
    }
  }
  return digits > 0;
}
