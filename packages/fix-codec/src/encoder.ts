import { FIXT_1_1, Tag } from './constants';
import { FixEncodeError } from './fix-encode-error';
import type { FixBody } from './fix-field';
import { FixWriter } from './fix-writer';

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

const shared = new FixWriter(4096);

/**
 * Encodes `8, 9, 35, 49, 56, 34, 52, [43], [97], body…, 10` with BodyLength and CheckSum computed.
 * Throws FixEncodeError for header tags (or 122) in the body, empty values, or values containing SOH.
 */
export function encodeFix(msgType: string, header: FixHeader, body: FixBody, beginString: string = FIXT_1_1): Buffer {
  if (!Number.isSafeInteger(header.msgSeqNum) || header.msgSeqNum < 1) {
    throw new FixEncodeError(
      'BAD_HEADER',
      `MsgSeqNum must be a positive integer, got ${header.msgSeqNum}`,
      Tag.MsgSeqNum,
    );
  }
  const w = shared
    .begin(msgType, beginString)
    .field(Tag.SenderCompID, header.senderCompId)
    .field(Tag.TargetCompID, header.targetCompId)
    .intField(Tag.MsgSeqNum, header.msgSeqNum)
    .field(Tag.SendingTime, header.sendingTime);
  if (header.possDupFlag !== undefined) w.field(Tag.PossDupFlag, header.possDupFlag ? 'Y' : 'N');
  if (header.possResend !== undefined) w.field(Tag.PossResend, header.possResend ? 'Y' : 'N');
  for (let i = 0; i < body.length; i++) {
    const field = body[i];
    const tag = field[0];
    if (HEADER_TAGS.has(tag)) {
      throw new FixEncodeError('BAD_HEADER', `header tag ${tag} must not appear in the body`, tag);
    }
    w.field(tag, field[1]);
  }
  return w.finish();
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
  const w = shared.begin(fields[0][1], beginString);
  for (let i = 1; i < fields.length; i++) w.field(fields[i][0], fields[i][1]);
  return w.finish(options?.bodyLengthDigits ?? 0);
}
