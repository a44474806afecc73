import { CompiledGroups } from './compiled-groups';
import { DecodedFixMessage, REVIVABLE, VIEW, type Ownership } from './decoded-message';
import { valueText } from './field-values';
import type { FixMessage, FixMessageView } from './fix-message';
import { FrameIndex } from './frame-index';
import * as layout from './frame-layout';
import { type FixGroupDefinition, trueXGroups } from './group-definitions';

// Module-local copies: loading another module's export inside the per-field loops costs measurably.
const { END, START, STRIDE } = layout;

export { CompiledGroups } from './compiled-groups';

export interface DecodeOptions {
  /**
   * Repeating groups to recognise; default trueXGroups. A plain array is compiled on first use and cached per array
   * object (do not mutate it afterwards); a CompiledGroups is used as is.
   */
  groups?: ReadonlyArray<FixGroupDefinition> | CompiledGroups;
  /** Verify BodyLength and CheckSum (default true). Frames from FixFrameSplitter are already verified. */
  verify?: boolean;
}

const defaultGroups = new CompiledGroups(trueXGroups);
const sharedIndex = new FrameIndex();

// Definitions passed as a plain array are compiled once per array object.
const compiledByDefinitions = new WeakMap<ReadonlyArray<FixGroupDefinition>, CompiledGroups>();

function compiled(groups: DecodeOptions['groups']): CompiledGroups {
  if (groups === undefined) return defaultGroups;
  if (groups instanceof CompiledGroups) return groups;
  let out = compiledByDefinitions.get(groups);
  if (out === undefined) {
    out = new CompiledGroups(groups);
    compiledByDefinitions.set(groups, out);
  }
  return out;
}

function toBuffer(frame: Buffer | string): Buffer {
  return typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
}

function messageOf(index: FrameIndex, raw: Buffer, ownership: Ownership, groups: CompiledGroups): DecodedFixMessage {
  const d = index.fields;
  const msgType = valueText(raw, d[2 * STRIDE + START], d[2 * STRIDE + END], index.ascii);
  return new DecodedFixMessage(raw, index, msgType, ownership, groups);
}

/**
 * Decodes one SOH-delimited frame into a message that stays valid whatever is decoded later. Field order is free
 * except that 8, 9, 35 come first and 10 last, and that group entries keep FIX order. Throws FixDecodeError; '|' as
 * a delimiter is not accepted. The frame Buffer is kept, not copied: do not overwrite it while the message lives.
 * (The message reads the shared index while that still describes its frame, and re-indexes its own frame on its
 * first read after a later decode: decoding copies nothing.)
 */
export function decodeFix(frame: Buffer | string, options?: DecodeOptions): FixMessage {
  const raw = toBuffer(frame);
  const groups = compiled(options?.groups);
  sharedIndex.scan(raw, options?.verify ?? true, groups);
  return messageOf(sharedIndex, raw, REVIVABLE, groups);
}

/**
 * A reusable decoder for hot paths: decode() indexes the frame into this decoder's own buffers and returns a
 * view over them, so decoding allocates only the small view object (and strings for the values read). A view is
 * valid until this decoder's next decode() (even one that throws); retain() copies what it needs to outlive that.
 * Same validation and errors as decodeFix.
 */
export class FixDecoder {
  private readonly index = new FrameIndex();
  private readonly groups: CompiledGroups;
  private readonly verify: boolean;

  constructor(options?: DecodeOptions) {
    this.groups = compiled(options?.groups);
    this.verify = options?.verify ?? true;
  }

  decode(frame: Buffer | string): FixMessageView {
    const raw = toBuffer(frame);
    this.index.scan(raw, this.verify, this.groups);
    return messageOf(this.index, raw, VIEW, this.groups);
  }
}
