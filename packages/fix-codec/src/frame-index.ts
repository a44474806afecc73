import type { CompiledGroups } from './compiled-groups';
import { fail, intAt } from './field-values';
import * as layout from './frame-layout';
import type { GroupTable } from './group-definitions';

// Module-local copies: loading another module's export inside the per-field loops costs measurably.
const { END, GROUP_END, OWNER, QUICK_TAGS, START, STRIDE, TAG } = layout;

// Local constants keep the per-byte loops free of property loads through another module's exports.
const SOH_BYTE = 0x01;
const EQUALS = 0x3d;
const ZERO = 0x30;
const BODY_LENGTH_TAG = 9;
const MSG_TYPE_TAG = 35;
const CHECKSUM_TAG = 10;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// The tag table records "first field with this tag" as slotBase + index, so starting a new frame is one addition
// (slotBase += SLOT_SPAN) instead of clearing 8192 entries; it is cleared once every ~32k frames.
const SLOT_SPAN = 1 << 16;
const SLOT_LIMIT = 0x7fffffff - 2 * SLOT_SPAN;
/** Scratch arrays longer than this are reallocated smaller when a much smaller frame comes. */
const SHRINK_ABOVE = 1 << 16;

function badTag(fieldStart: number, b: number): never {
  return fail('BAD_FIELD', `bad tag at byte ${fieldStart}${b === 0x7c ? " ('|' is not a FIX delimiter)" : ''}`);
}

/** The tag of the field starting at `fieldStart`: 1 to 9 digits (leading zeros allowed), not 0, then '='. */
function parseTag(bytes: Uint8Array, fieldStart: number): number {
  let q = fieldStart;
  let tag = 0;
  let b = bytes[q];
  while (b !== EQUALS) {
    const digit = b - ZERO;
    if (digit >>> 0 > 9) badTag(fieldStart, b);
    tag = tag * 10 + digit;
    b = bytes[++q];
  }
  if (q === fieldStart || tag === 0 || q - fieldStart > 9) badTag(fieldStart, b);
  return tag;
}

/**
 * One pass over a frame that validates it and fills an index of its fields (see frame-layout.ts): tags, value
 * offsets, group membership, and a tag → first-field table. Nothing is converted to strings here. An instance is
 * reused for every frame it scans; what it holds describes the last one (`generation` counts scans).
 *
 * The bytes are scanned four at a time (little-endian hosts): the frame is copied into an aligned scratch buffer,
 * each 32-bit word yields its byte sum for the CheckSum and, with a carry-free zero-byte test, the positions of
 * its SOH delimiters; only tags are read byte by byte.
 */
export class FrameIndex {
  /** STRIDE small integers per field. A packed SMI array: an owning copy is one fast slice(). */
  fields: number[] = new Array<number>(64 * STRIDE).fill(0);
  count = 0;
  /** Every byte of the frame is below 0x80. */
  ascii = true;
  /** No tag below QUICK_TAGS occurs twice in the frame. */
  unique = true;
  /** Incremented by every scan, even one that throws. */
  generation = 0;
  private readonly tagSlots = new Int32Array(QUICK_TAGS);
  private slotBase = 0;
  /** False when the frame had more fields than the tag table records: look tags up by scanning. */
  private slotsComplete = true;
  /** Index of the first field that opens a top-level group; -1: none. */
  private firstGroupField = -1;
  /** Offset of the CheckSum field's first byte. */
  private trailerStart = 0;
  private bytes = new Uint8Array(1024);
  private words = new Int32Array(this.bytes.buffer);
  // Open groups, innermost last. Created with their final element kinds (objects, small integers) so that no
  // instance's first group changes an array's map under code optimised for another instance.
  private readonly stackTable: Array<GroupTable | undefined> = new Array<GroupTable | undefined>(8).fill(undefined);
  private readonly stackCount: number[] = new Array<number>(8).fill(0);
  private readonly stackIndex: number[] = new Array<number>(8).fill(0);
  private readonly stackDelimiter: number[] = new Array<number>(8).fill(0);
  private readonly stackEntries: number[] = new Array<number>(8).fill(0);

  /** `wordScan: false` forces the byte-at-a-time scan (what big-endian hosts use); for tests. */
  constructor(private readonly wordScan = LITTLE_ENDIAN) {}

  /**
   * Indexes `raw` or throws FixDecodeError. Field order is free except that 8, 9, 35 come first and 10 last.
   * `verify` checks BodyLength and CheckSum.
   */
  scan(raw: Buffer, verify: boolean, groups: CompiledGroups): void {
    this.generation++;
    this.count = 0;
    this.slotBase += SLOT_SPAN;
    if (this.slotBase > SLOT_LIMIT) {
      this.tagSlots.fill(0);
      this.slotBase = SLOT_SPAN;
    }
    const len = raw.length;
    if (len === 0) fail('EMPTY', 'empty frame');
    if (raw[0] !== 0x38 || raw[1] !== EQUALS) fail('BAD_BEGIN_STRING', 'frame does not start with 8=', 8);
    // A frame ends with SOH, so the tag loops need no bounds checks: each stops at that SOH at the latest.
    if (raw[len - 1] !== SOH_BYTE) {
      fail('BAD_FIELD', `frame does not end with SOH${raw.indexOf(0x7c) >= 0 ? " ('|' is not a FIX delimiter)" : ''}`);
    }
    const sum = this.wordScan ? this.scanWords(raw, groups) : this.scanBytes(raw, groups);
    const d = this.fields;
    const n = this.count;
    if (n < 4 || d[STRIDE + TAG] !== BODY_LENGTH_TAG || d[2 * STRIDE + TAG] !== MSG_TYPE_TAG) {
      fail('MISSING_MSG_TYPE', 'frame must start 8=…, 9=…, 35=…');
    }
    const last = (n - 1) * STRIDE;
    if (d[last + TAG] !== CHECKSUM_TAG) fail('BAD_FIELD', 'frame has no CheckSum (10) field', CHECKSUM_TAG);
    if (d[last + END] !== len - 1) fail('BAD_FIELD', 'bytes after the CheckSum (10) field', CHECKSUM_TAG);
    if (verify) {
      const bodyLength = intAt(raw, d[STRIDE + START], d[STRIDE + END], BODY_LENGTH_TAG);
      const bodyStart = d[STRIDE + END] + 1;
      const trailerStart = this.trailerStart;
      if (trailerStart - bodyStart !== bodyLength) {
        fail(
          'BAD_BODY_LENGTH',
          `BodyLength ${bodyLength} but body is ${trailerStart - bodyStart} bytes`,
          BODY_LENGTH_TAG,
        );
      }
      // `sum` covers the whole frame; the CheckSum covers every byte before the trailer field.
      let trailerSum = 0;
      for (let i = trailerStart; i < len; i++) trailerSum += raw[i];
      const computed = (sum - trailerSum) & 0xff;
      const start = d[last + START];
      const declared = d[last + END] - start === 3 ? intAt(raw, start, d[last + END], CHECKSUM_TAG) : -1;
      if (declared !== computed) {
        fail(
          'BAD_CHECKSUM',
          `CheckSum ${raw.toString('latin1', start, d[last + END])} but computed ${computed}`,
          CHECKSUM_TAG,
        );
      }
    }
    this.slotsComplete = n <= SLOT_SPAN;
    if (this.firstGroupField >= 0) this.assignGroups(raw, groups, this.firstGroupField);
  }

  /**
   * Index of the first field with `tag` in the current frame (-1: absent), or -2 when the table cannot say
   * (a large tag, or a frame with more fields than the table records).
   */
  firstField(tag: number): number {
    if (tag >= QUICK_TAGS || !this.slotsComplete) return -2;
    const i = this.tagSlots[tag] - this.slotBase;
    return i < 0 ? -1 : i;
  }

  /** Returns the sum of every byte of the frame. */
  private scanWords(raw: Buffer, groups: CompiledGroups): number {
    const len = raw.length;
    const capacity = this.bytes.length;
    if (capacity < len + 4 || (capacity > SHRINK_ABOVE && capacity > 4 * (len + 4))) {
      let size = 1024;
      while (size < len + 4) size *= 2;
      this.bytes = new Uint8Array(size);
      this.words = new Int32Array(this.bytes.buffer);
    }
    const bytes = this.bytes;
    const words = this.words;
    bytes.set(raw);
    // Zero bytes after the frame: no SOH, nothing added to the sum.
    bytes[len] = 0;
    bytes[len + 1] = 0;
    bytes[len + 2] = 0;
    const wordCount = (len + 3) >> 2;
    const opens = groups.opens;
    const slots = this.tagSlots;
    const base = this.slotBase;
    // A field takes at least 4 bytes ("1=x<SOH>"): room for every field up front, no check per field.
    const d = this.reserveFields((len >> 2) + 1);
    let n = 0;
    let sum = 0;
    let high = 0;
    let unique = true;
    let firstGroup = -1;
    let fieldStart = 0;
    outer: for (let i = 0; i < wordCount; i++) {
      const w = words[i];
      // Byte sum: add byte pairs in 16-bit lanes (at most 0x1fe each), then the two lanes.
      const pairs = (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
      sum += (pairs & 0xffff) + (pairs >>> 16);
      high |= w;
      // 0x80 in each lane whose byte is SOH (x's byte is zero), exact per lane: no borrow between lanes.
      const x = w ^ 0x01010101;
      let soh = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      while (soh !== 0) {
        const bit = soh & -soh;
        soh ^= bit;
        const end = (i << 2) | ((31 - Math.clz32(bit)) >> 3);
        // Tags of 1 to 4 digits (all of TrueX's) unrolled; anything else takes the general loop.
        let q = fieldStart;
        let tag = bytes[q] - ZERO;
        let b = bytes[++q];
        if (tag >>> 0 > 9 || tag === 0) {
          tag = -1;
        } else if (b !== EQUALS) {
          let digit = b - ZERO;
          if (digit >>> 0 > 9) tag = -1;
          else {
            tag = tag * 10 + digit;
            b = bytes[++q];
            if (b !== EQUALS) {
              digit = b - ZERO;
              if (digit >>> 0 > 9) tag = -1;
              else {
                tag = tag * 10 + digit;
                b = bytes[++q];
                if (b !== EQUALS) {
                  digit = b - ZERO;
                  if (digit >>> 0 > 9) tag = -1;
                  else {
                    tag = tag * 10 + digit;
                    if (bytes[++q] !== EQUALS) tag = -1;
                  }
                }
              }
            }
          }
        }
        if (tag < 0) {
          tag = parseTag(bytes, fieldStart);
          q = bytes.indexOf(EQUALS, fieldStart);
        }
        if (q + 1 === end) fail('BAD_FIELD', `field ${tag} has an empty value`, tag);
        const o = n * STRIDE;
        d[o + TAG] = tag;
        d[o + START] = q + 1;
        d[o + END] = end;
        d[o + OWNER] = -1;
        d[o + GROUP_END] = 0;
        if (tag < QUICK_TAGS) {
          if (slots[tag] < base) {
            if (n < SLOT_SPAN) slots[tag] = base + n;
          } else {
            unique = false;
          }
          if (firstGroup < 0 && opens[tag] !== 0) firstGroup = n;
        } else if (firstGroup < 0 && groups.table.has(tag)) {
          firstGroup = n;
        }
        n++;
        if (tag === CHECKSUM_TAG) {
          this.trailerStart = fieldStart;
          break outer;
        }
        fieldStart = end + 1;
      }
    }
    this.count = n;
    this.ascii = (high & 0x80808080) === 0;
    this.unique = unique;
    this.firstGroupField = firstGroup;
    return sum;
  }

  /** The same scan a byte at a time. */
  private scanBytes(raw: Buffer, groups: CompiledGroups): number {
    const len = raw.length;
    const opens = groups.opens;
    const slots = this.tagSlots;
    const base = this.slotBase;
    const d = this.reserveFields((len >> 2) + 1);
    let n = 0;
    let sum = 0;
    let high = 0;
    let unique = true;
    let firstGroup = -1;
    let pos = 0;
    while (pos < len) {
      const fieldStart = pos;
      const tag = parseTag(raw, fieldStart);
      let b = raw[pos];
      while (b !== EQUALS) {
        sum += b;
        b = raw[++pos];
      }
      sum += EQUALS;
      const valueStart = ++pos;
      while ((b = raw[pos]) !== SOH_BYTE) {
        sum += b;
        high |= b;
        pos++;
      }
      if (pos === valueStart) fail('BAD_FIELD', `field ${tag} has an empty value`, tag);
      const o = n * STRIDE;
      d[o + TAG] = tag;
      d[o + START] = valueStart;
      d[o + END] = pos;
      d[o + OWNER] = -1;
      d[o + GROUP_END] = 0;
      if (tag < QUICK_TAGS) {
        if (slots[tag] < base) {
          if (n < SLOT_SPAN) slots[tag] = base + n;
        } else {
          unique = false;
        }
        if (firstGroup < 0 && opens[tag] !== 0) firstGroup = n;
      } else if (firstGroup < 0 && groups.table.has(tag)) {
        firstGroup = n;
      }
      n++;
      sum += SOH_BYTE;
      pos++;
      if (tag === CHECKSUM_TAG) {
        this.trailerStart = fieldStart;
        break;
      }
    }
    // Bytes after the trailer (an error reported by scan()) need not be summed.
    this.count = n;
    this.ascii = high < 0x80;
    this.unique = unique;
    this.firstGroupField = firstGroup;
    return sum;
  }

  /** The index array with room for `count` fields. */
  private reserveFields(count: number): number[] {
    const length = this.fields.length;
    // Grow as needed; shrink back after an outsized frame rather than keep its index for ever.
    if (length < count * STRIDE || (length > SHRINK_ABOVE && length > 4 * count * STRIDE)) {
      let size = 64 * STRIDE;
      while (size < count * STRIDE) size *= 2;
      // Filled (not holey), so it stays a packed SMI array.
      this.fields = new Array<number>(size).fill(0);
    }
    return this.fields;
  }

  /**
   * Sets OWNER and GROUP_END from the group layouts, starting at the first field that opens a group. A group's
   * first member after the count tag delimits its entries; it ends at the first tag that is not a member.
   */
  private assignGroups(raw: Buffer, groups: CompiledGroups, from: number): void {
    const d = this.fields;
    const n = this.count;
    const stackTable = this.stackTable;
    const stackDelimiter = this.stackDelimiter;
    const stackEntries = this.stackEntries;
    const stackIndex = this.stackIndex;
    let depth = 0;
    for (let i = from; i < n; i++) {
      const o = i * STRIDE;
      const tag = d[o + TAG];
      let table: GroupTable | undefined;
      if (depth === 0) {
        if (!groups.opensGroup(tag)) continue;
        table = groups.table.get(tag);
      } else {
        while (depth > 0 && !stackTable[depth - 1]!.isMember(tag)) {
          depth--;
          this.closeGroup(depth, i);
        }
        if (depth > 0) {
          const k = depth - 1;
          d[o + OWNER] = stackIndex[k];
          if (stackDelimiter[k] === -1) {
            stackDelimiter[k] = tag;
            stackEntries[k] = 1;
          } else if (tag === stackDelimiter[k]) {
            stackEntries[k]++;
          }
          table = stackTable[k]!.nestedGroup(tag);
        } else if (groups.opensGroup(tag)) {
          table = groups.table.get(tag);
        }
      }
      if (table !== undefined) {
        const count = intAt(raw, d[o + START], d[o + END], tag);
        d[o + GROUP_END] = i + 1;
        if (count > 0) {
          stackTable[depth] = table;
          this.stackCount[depth] = count;
          stackIndex[depth] = i;
          stackDelimiter[depth] = -1;
          stackEntries[depth] = 0;
          depth++;
        }
      }
    }
    while (depth > 0) {
      depth--;
      this.closeGroup(depth, n);
    }
  }

  private closeGroup(k: number, end: number): void {
    const d = this.fields;
    const countIndex = this.stackIndex[k];
    d[countIndex * STRIDE + GROUP_END] = end;
    if (this.stackEntries[k] !== this.stackCount[k]) {
      const tag = d[countIndex * STRIDE + TAG];
      fail(
        'GROUP_COUNT_MISMATCH',
        `group ${tag} declares ${this.stackCount[k]} entries but has ${this.stackEntries[k]}`,
        tag,
      );
    }
  }
}
