import { Tag } from './constants';
import { FixEncodeError } from './fix-encode-error';

// "<tag>=" as bytes, built and validated once per tag: most of a message's fixed cost is writing tags.

const CACHED_TAGS = 8192;
const cache: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(CACHED_TAGS);
const sums = new Int32Array(CACHED_TAGS);

function build(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 999_999_999) {
    throw new FixEncodeError('BAD_TAG', `bad tag ${tag}`, tag);
  }
  if (tag === Tag.BeginString || tag === Tag.BodyLength || tag === Tag.CheckSum) {
    throw new FixEncodeError('BAD_TAG', `tag ${tag} is written by the encoder`, tag);
  }
  if (tag === Tag.OrigSendingTime) {
    // TrueX answers "Invalid tag (122)" even on PossDup resends.
    throw new FixEncodeError('FORBIDDEN_TAG', 'TrueX rejects OrigSendingTime (122)', tag);
  }
  const bytes = Buffer.from(`${tag}=`, 'latin1');
  if (tag < CACHED_TAGS) {
    cache[tag] = bytes;
    sums[tag] = byteSum(bytes);
  }
  return bytes;
}

export function byteSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum += bytes[i];
  return sum;
}

/** The bytes of "<tag>=". Throws FixEncodeError for a bad tag, 8/9/10 (the encoder's own) and 122. */
export function tagBytes(tag: number): Uint8Array {
  return (tag < CACHED_TAGS ? cache[tag] : undefined) ?? build(tag);
}

/** The byte sum of tagBytes(tag). */
export function tagByteSum(tag: number): number {
  return tag < CACHED_TAGS && cache[tag] !== undefined ? sums[tag] : byteSum(tagBytes(tag));
}
