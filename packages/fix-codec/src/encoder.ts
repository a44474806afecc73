import { FIXT_1_1, Tag } from './constants';
import { FixEncodeError } from './fix-encode-error';
import type { FixBody } from './fix-field';
import { beginSegment, FrameCursor } from './frame-cursor';

/** Standard header values; the encoder writes them as 49, 56, 34, 52 (then 43, 97) right after 35. */
export interface FixHeader {
  senderCompId: string;
  targetCompId: string;
  msgSeqNum: number;
  /** Already formatted, e.g. formatUtcTimestamp(clock.now()). */
  sendingTime: string;
  possDupFlag?: boolean;
  possResend?: boolean;
}

// TrueX drops messages that mix header tags into the body, so they are refused there.
const HEADER_TAGS = new Set<number>([
  Tag.BeginString,
  Tag.BodyLength,
  Tag.MsgType,
  Tag.SenderCompID,
  Tag.TargetCompID,
  Tag.MsgSeqNum,
  Tag.SendingTime,
  Tag.PossDupFlag,
  Tag.PossResend,
  Tag.OrigSendingTime,
  Tag.ApplVerID,
  Tag.CheckSum,
]);
/** Largest header tag: anything above it needs no Set lookup. */
const MAX_HEADER_TAG = Math.max(...HEADER_TAGS);

/** Throws FixEncodeError('BAD_HEADER') for a tag that belongs to the standard header or trailer. */
export function checkBodyTag(tag: number): void {
  if (tag <= MAX_HEADER_TAG && HEADER_TAGS.has(tag)) {
    throw new FixEncodeError('BAD_HEADER', `header tag ${tag} must not appear in the body`, tag);
  }
}

export function checkMsgSeqNum(msgSeqNum: number): void {
  if (!Number.isSafeInteger(msgSeqNum) || msgSeqNum < 1) {
    throw new FixEncodeError('BAD_HEADER', `MsgSeqNum must be a positive integer, got ${msgSeqNum}`, Tag.MsgSeqNum);
  }
}

const cursor = new FrameCursor();

/**
 * Writes `8, 9, 35, 49, 56, 34, 52, [43], [97], body…, 10` into `target` at `offset` and returns the frame's
 * length; allocates nothing. Throws FixEncodeError for header tags (or 122) in the body, empty values, values
 * containing SOH, or ('TARGET_TOO_SMALL') when the frame does not fit; `target` may then hold a partial frame.
 */
export function encodeFixInto(
  target: Buffer,
  offset: number,
  msgType: string,
  header: FixHeader,
  body: FixBody,
  beginString: string = FIXT_1_1,
): number {
  checkMsgSeqNum(header.msgSeqNum);
  cursor.open(target, offset, beginSegment(beginString));
  cursor.text(Tag.MsgType, msgType);
  cursor.text(Tag.SenderCompID, header.senderCompId);
  cursor.text(Tag.TargetCompID, header.targetCompId);
  cursor.int(Tag.MsgSeqNum, header.msgSeqNum);
  cursor.text(Tag.SendingTime, header.sendingTime);
  if (header.possDupFlag !== undefined) cursor.text(Tag.PossDupFlag, header.possDupFlag ? 'Y' : 'N');
  if (header.possResend !== undefined) cursor.text(Tag.PossResend, header.possResend ? 'Y' : 'N');
  for (let i = 0; i < body.length; i++) {
    const field = body[i];
    checkBodyTag(field[0]);
    cursor.text(field[0], field[1]);
  }
  return cursor.close();
}

// encodeFix/encodeFixFields carve frames out of 32 KiB slabs that are never written again once handed out (like
// Node's own Buffer pool), so the returned Buffer needs no copy and stays valid.
const SLAB_BYTES = 32 * 1024;
let slab = Buffer.allocUnsafe(SLAB_BYTES);
let slabUsed = 0;

/** Most bytes a field can take: a 9-digit tag, '=', 3 UTF-8 bytes per UTF-16 unit, SOH. */
function fieldRoom(value: string): number {
  return value.length * 3 + 11;
}

function bodyRoom(body: FixBody, from: number): number {
  let room = 0;
  for (let i = from; i < body.length; i++) room += fieldRoom(body[i][1]);
  return room;
}

/** Start offset in `slab` with at least `room` bytes free. */
function reserve(room: number): number {
  if (slab.length - slabUsed < room) {
    slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, room));
    slabUsed = 0;
  }
  return slabUsed;
}

function handOut(start: number, length: number): Buffer {
  slabUsed = start + length;
  return slab.subarray(start, slabUsed);
}

/**
 * Encodes `8, 9, 35, 49, 56, 34, 52, [43], [97], body…, 10` with BodyLength and CheckSum computed, as a Buffer of
 * its own (a slice of a slab that is never reused). Throws FixEncodeError for header tags (or 122) in the body,
 * empty values, or values containing SOH. Same bytes as encodeFixInto.
 */
export function encodeFix(msgType: string, header: FixHeader, body: FixBody, beginString: string = FIXT_1_1): Buffer {
  const room =
    64 +
    beginString.length * 3 +
    fieldRoom(msgType) +
    fieldRoom(header.senderCompId) +
    fieldRoom(header.targetCompId) +
    fieldRoom(header.sendingTime) +
    bodyRoom(body, 0);
  const start = reserve(room);
  return handOut(start, encodeFixInto(slab, start, msgType, header, body, beginString));
}

/**
 * Encodes fields exactly in the given order (the first must be 35), adding only 8, 9 and 10: for replaying or
 * re-encoding a venue's message byte for byte. `bodyLengthDigits` zero-pads BodyLength (e.g. `9=0000093`).
 */
export function encodeFixFields(
  fields: FixBody,
  beginString: string = FIXT_1_1,
  options?: { bodyLengthDigits?: number },
): Buffer {
  if (fields.length === 0 || fields[0][0] !== Tag.MsgType) {
    throw new FixEncodeError('BAD_HEADER', 'the first field must be MsgType (35)', Tag.MsgType);
  }
  const start = reserve(64 + beginString.length * 3 + bodyRoom(fields, 0));
  cursor.open(slab, start, beginSegment(beginString));
  for (let i = 0; i < fields.length; i++) cursor.text(fields[i][0], fields[i][1]);
  return handOut(start, cursor.close(options?.bodyLengthDigits ?? 0));
}
