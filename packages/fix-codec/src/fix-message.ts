import type { FixBody } from './fix-field';
import type { FixTimestamp } from './timestamp';

/** Typed access to a set of fields: a whole message (outside groups) or one repeating-group entry. */
export interface FixFieldReader {
  get(tag: number): string | undefined;
  has(tag: number): boolean;
  /** Throws FixDecodeError('BAD_INT') on a non-integer. */
  getInt(tag: number): number | undefined;
  /** A validated decimal string, exactly as on the wire (no float conversion). Throws FixDecodeError('BAD_DECIMAL'). */
  getDecimal(tag: number): string | undefined;
  /** Throws FixDecodeError('BAD_CHAR') unless the value is one character. */
  getChar(tag: number): string | undefined;
  /** Y/N. Throws FixDecodeError('BAD_BOOLEAN') otherwise. */
  getBoolean(tag: number): boolean | undefined;
  /** UTCTimestamp with 0/3/6/9 fraction digits (also 273's date-time form). Throws FixDecodeError('BAD_TIMESTAMP'). */
  getTimestamp(tag: number): FixTimestamp | undefined;
  /** Entries of a repeating group (nested inside this reader's scope), in wire order; empty when absent. */
  group(countTag: number): ReadonlyArray<FixGroupEntry>;
}

/** One entry of a repeating group. */
export type FixGroupEntry = FixFieldReader;

/** A decoded message. Values are materialised lazily, so decoding itself allocates almost nothing per field. */
export interface FixMessage extends FixFieldReader {
  /** Tag 35. */
  readonly msgType: string;
  /** The frame as received. */
  readonly raw: Buffer;
  /** Number of fields, including 8, 9 and 10. */
  readonly fieldCount: number;
  /** First occurrence of the tag outside repeating groups. */
  get(tag: number): string | undefined;
  /** Every field in wire order, including 8, 9 and 10 (allocates; not for the hot path). */
  fields(): FixBody;
}

/**
 * A message from `FixDecoder.decode()`: a view over the decoder's reused index, valid until that decoder decodes
 * its next frame (reading it later throws FixDecodeError('STALE_MESSAGE')). The frame Buffer itself is not
 * copied: it must not be overwritten while the message is read.
 */
export interface FixMessageView extends FixMessage {
  /** An independent message (its own copy of the index, the same frame Buffer) that stays valid for ever. */
  retain(): FixMessage;
}
