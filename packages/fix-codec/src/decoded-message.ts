import type { CompiledGroups } from './compiled-groups';
import { FixDecodeError } from './fix-decode-error';
import type { FixBody, FixField } from './fix-field';
import type { FixFieldReader, FixGroupEntry, FixMessage, FixMessageView } from './fix-message';
import { fail, intAt, isDecimal, valueText } from './field-values';
import { FrameIndex } from './frame-index';
import * as layout from './frame-layout';
import { parseUtcTimestamp, type FixTimestamp } from './timestamp';

// Module-local copies: loading another module's export inside the per-field loops costs measurably.
const { END, GROUP_END, OWNER, START, STRIDE, TAG } = layout;

/**
 * How a message holds its index:
 * - VIEW (FixDecoder): the decoder's index, valid until it scans another frame; then reads throw STALE_MESSAGE.
 * - REVIVABLE (decodeFix): the shared index while it still describes this frame; once it has moved on, the
 *   first read re-indexes the message's own frame (already verified) into an owned copy. Decoding never copies.
 * - OWNED (retain(), or a revived message): its own copy of the index.
 */
export type Ownership = typeof VIEW | typeof REVIVABLE | typeof OWNED;
export const VIEW = 0;
export const REVIVABLE = 1;
export const OWNED = 2;

/** Re-indexes revived messages; what it holds is copied out at once. */
const reviver = new FrameIndex();

/**
 * Typed access to fields of a decoded frame through its index (frame-layout.ts); values become strings only when
 * read. Subclasses say how a tag is located: the whole message (outside groups) or one group entry; both read
 * the index through the message, which may have replaced it (revival).
 */
abstract class IndexedFields implements FixFieldReader {
  constructor(
    protected readonly frame: Buffer,
    protected readonly ascii: boolean,
  ) {}

  /** Offset in the message's index of the field, or -1; afterwards the index is valid to read. */
  protected abstract locate(tag: number): number;

  protected abstract message(): DecodedFixMessage;

  get(tag: number): string | undefined {
    const o = this.locate(tag);
    if (o < 0) return undefined;
    const d = this.message().index;
    return valueText(this.frame, d[o + START], d[o + END], this.ascii);
  }

  has(tag: number): boolean {
    return this.locate(tag) >= 0;
  }

  getInt(tag: number): number | undefined {
    const o = this.locate(tag);
    if (o < 0) return undefined;
    const d = this.message().index;
    return intAt(this.frame, d[o + START], d[o + END], tag);
  }

  getDecimal(tag: number): string | undefined {
    const o = this.locate(tag);
    if (o < 0) return undefined;
    const d = this.message().index;
    const start = d[o + START];
    const end = d[o + END];
    const value = valueText(this.frame, start, end, this.ascii);
    if (!isDecimal(this.frame, start, end)) fail('BAD_DECIMAL', `tag ${tag} is not a decimal: "${value}"`, tag);
    return value;
  }

  getChar(tag: number): string | undefined {
    const o = this.locate(tag);
    if (o < 0) return undefined;
    const d = this.message().index;
    const value = valueText(this.frame, d[o + START], d[o + END], this.ascii);
    if (d[o + END] - d[o + START] !== 1) fail('BAD_CHAR', `tag ${tag} is not a single character: "${value}"`, tag);
    return value;
  }

  getBoolean(tag: number): boolean | undefined {
    const o = this.locate(tag);
    if (o < 0) return undefined;
    const d = this.message().index;
    const start = d[o + START];
    if (d[o + END] - start === 1) {
      if (this.frame[start] === 0x59) return true;
      if (this.frame[start] === 0x4e) return false;
    }
    return fail('BAD_BOOLEAN', `tag ${tag} is not Y/N: "${this.frame.toString('utf8', start, d[o + END])}"`, tag);
  }

  getTimestamp(tag: number): FixTimestamp | undefined {
    const text = this.get(tag);
    return text === undefined ? undefined : parseUtcTimestamp(text, tag);
  }

  group(countTag: number): ReadonlyArray<FixGroupEntry> {
    const o = this.locate(countTag);
    if (o < 0) return [];
    const message = this.message();
    const d = message.index;
    const countIndex = o / STRIDE;
    const end = d[o + GROUP_END];
    if (end <= countIndex + 1) return [];
    const delimiter = d[(countIndex + 1) * STRIDE + TAG];
    // Entry count first, so the array is allocated at its size (most groups here have one entry).
    let count = 1;
    for (let i = countIndex + 2; i < end; i++) {
      if (d[i * STRIDE + TAG] === delimiter && d[i * STRIDE + OWNER] === countIndex) count++;
    }
    const entries = new Array<FixGroupEntry>(count);
    let k = 0;
    let entryStart = countIndex + 1;
    for (let i = countIndex + 2; i < end; i++) {
      if (d[i * STRIDE + TAG] === delimiter && d[i * STRIDE + OWNER] === countIndex) {
        entries[k++] = new GroupEntryFields(message, this.frame, this.ascii, entryStart, i, countIndex);
        entryStart = i;
      }
    }
    entries[k] = new GroupEntryFields(message, this.frame, this.ascii, entryStart, end, countIndex);
    return entries;
  }
}

/**
 * A decoded message (see Ownership). While the FrameIndex it came from still describes this frame (same
 * generation), the index's tag table answers get() in O(1); otherwise get() scans the index.
 */
export class DecodedFixMessage extends IndexedFields implements FixMessageView {
  /** @internal The index (frame-layout.ts); replaced by an owned copy when the message is revived or retained. */
  index: number[];
  private source: FrameIndex;
  private generation: number;
  private ownership: Ownership;

  readonly fieldCount: number;
  /** No tag below QUICK_TAGS occurs twice: the tag table's first field is the only one. */
  private readonly unique: boolean;

  constructor(
    readonly raw: Buffer,
    index: FrameIndex,
    readonly msgType: string,
    ownership: Ownership,
    /** The group layouts the frame was indexed with (to index it again). */
    private readonly groups: CompiledGroups,
  ) {
    super(raw, index.ascii);
    this.fieldCount = index.count;
    this.unique = index.unique;
    this.index = ownership === OWNED ? index.fields.slice(0, index.count * STRIDE) : index.fields;
    this.source = index;
    this.generation = index.generation;
    this.ownership = ownership;
  }

  protected message(): DecodedFixMessage {
    return this;
  }

  protected locate(tag: number): number {
    if (this.generation !== this.source.generation) this.checkLive();
    if (this.generation === this.source.generation) {
      const i = this.source.firstField(tag);
      if (i !== -2) {
        if (i === -1) return -1;
        const o = i * STRIDE;
        if (this.index[o + OWNER] === -1) return o;
        // The first occurrence is inside a group; a later one may be at top level.
        return this.unique ? -1 : this.scan(tag, o + STRIDE);
      }
    }
    return this.scan(tag, 0);
  }

  /** First top-level field with `tag` at or after offset `from`. */
  private scan(tag: number, from: number): number {
    const d = this.index;
    for (let o = from, end = this.fieldCount * STRIDE; o < end; o += STRIDE) {
      if (d[o + TAG] === tag && d[o + OWNER] === -1) return o;
    }
    return -1;
  }

  /** @internal Makes `index` valid to read: revives a decodeFix message, throws for a stale view. */
  checkLive(): void {
    if (this.generation === this.source.generation || this.ownership === OWNED) return;
    if (this.ownership === VIEW) {
      throw new FixDecodeError(
        'STALE_MESSAGE',
        'message read after its FixDecoder decoded another frame (call retain() to keep a message)',
      );
    }
    // The frame was verified when first decoded; the same bytes give the same index.
    reviver.scan(this.raw, false, this.groups);
    this.index = reviver.fields.slice(0, reviver.count * STRIDE);
    this.source = reviver;
    this.generation = reviver.generation;
    this.ownership = OWNED;
  }

  retain(): FixMessage {
    this.checkLive();
    if (this.ownership !== VIEW) return this;
    const copy = new DecodedFixMessage(this.raw, this.source, this.msgType, OWNED, this.groups);
    return copy;
  }

  fields(): FixBody {
    this.checkLive();
    const out: FixField[] = [];
    const d = this.index;
    for (let i = 0; i < this.fieldCount; i++) {
      const o = i * STRIDE;
      out.push([d[o + TAG], valueText(this.raw, d[o + START], d[o + END], this.ascii)]);
    }
    return out;
  }
}

/** One repeating-group entry: fields [from, to) whose innermost group is the one counted at field `owner`. */
class GroupEntryFields extends IndexedFields {
  constructor(
    private readonly root: DecodedFixMessage,
    frame: Buffer,
    ascii: boolean,
    private readonly from: number,
    private readonly to: number,
    private readonly owner: number,
  ) {
    super(frame, ascii);
  }

  protected message(): DecodedFixMessage {
    return this.root;
  }

  protected locate(tag: number): number {
    this.root.checkLive();
    const d = this.root.index;
    const owner = this.owner;
    for (let o = this.from * STRIDE, end = this.to * STRIDE; o < end; o += STRIDE) {
      if (d[o + TAG] === tag && d[o + OWNER] === owner) return o;
    }
    return -1;
  }
}
