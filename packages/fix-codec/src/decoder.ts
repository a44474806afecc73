import { Tag } from './constants';
import { FixDecodeError } from './fix-decode-error';
import type { FixBody, FixField } from './fix-field';
import type { FixGroupEntry, FixFieldReader, FixMessage } from './fix-message';
import { compileGroups, type FixGroupDefinition, type GroupTable, trueXGroups } from './group-definitions';
import { parseUtcTimestamp, type FixTimestamp } from './timestamp';

// Per field, five small-integer slots in one flat array (no per-field objects). A packed SMI array rather than
// an Int32Array: V8 allocates and slices it ~8x faster, which dominates the per-message cost.
const TAG = 0; // tag number
const START = 1; // value start offset in raw
const END = 2; // value end offset (exclusive; the SOH)
const OWNER = 3; // field index of the innermost enclosing group's count field, -1 at top level
const GROUP_END = 4; // for count fields: index one past the group's last field
const STRIDE = 5;
const QUICK_TAGS = 8192;

// Local constants keep the per-byte loop free of property loads through another module's exports.
const SOH_BYTE = 0x01;
const CHECKSUM_TAG = 10;
const EQUALS = 0x3d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

export interface DecodeOptions {
  /** Repeating groups to recognise; default trueXGroups. Pass a CompiledGroups (built once) on hot paths. */
  groups?: ReadonlyArray<FixGroupDefinition> | CompiledGroups;
  /** Verify BodyLength and CheckSum (default true). Frames from FixFrameSplitter are already verified. */
  verify?: boolean;
}

/** A pre-compiled group set for decodeFix's `groups` option. */
export class CompiledGroups {
  /** @internal */
  readonly table: ReadonlyMap<number, GroupTable>;
  /** @internal 1 where a small tag opens a top-level group: most fields are rejected with one byte read. */
  readonly opens = new Uint8Array(QUICK_TAGS);

  constructor(definitions: ReadonlyArray<FixGroupDefinition>) {
    this.table = compileGroups(definitions);
    for (const tag of this.table.keys()) if (tag < QUICK_TAGS) this.opens[tag] = 1;
  }
}

const defaultGroups = new CompiledGroups(trueXGroups);

let scratch: number[] = new Array<number>(128 * STRIDE).fill(0);

// Duplicate-tag detection without a per-message set: seenStamp[tag] === stamp means "already seen in this frame".
const seenStamp = new Int32Array(QUICK_TAGS);
let stamp = 0;
// Where each tag was last found. Venues send one message type with the same layout again and again, so for a
// message without repeated tags this turns get() into a single check instead of a scan.
const lastFound = new Int32Array(QUICK_TAGS);
const stackTable: GroupTable[] = [];
const stackCount: number[] = [];
const stackIndex: number[] = [];
const stackDelimiter: number[] = [];
const stackEntries: number[] = [];

// One-byte values (Side, ExecType, OrdStatus, PartyRole…) are most of what is read; reuse their strings.
const ONE_CHAR: ReadonlyArray<string> = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** A value's text: UTF-8 (no encoding argument is Node's fastest toString path). */
function text(raw: Buffer, start: number, end: number): string {
  if (end - start === 1) {
    const b = raw[start];
    if (b < 0x80) return ONE_CHAR[b];
  }
  return raw.toString(undefined, start, end);
}

function fail(code: string, message: string, tag?: number): never {
  throw new FixDecodeError(code, message, tag);
}

/**
 * Decodes one SOH-delimited frame. Field order is free except that 8, 9, 35 come first and 10 last, and that
 * group entries keep FIX order. Throws FixDecodeError; '|' as a delimiter is not accepted.
 */
export function decodeFix(frame: Buffer | string, options?: DecodeOptions): FixMessage {
  const raw = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
  const groups =
    options?.groups === undefined
      ? defaultGroups
      : options.groups instanceof CompiledGroups
        ? options.groups
        : new CompiledGroups(options.groups);
  const verify = options?.verify ?? true;
  const len = raw.length;
  if (len === 0) fail('EMPTY', 'empty frame');
  if (raw[0] !== 0x38 || raw[1] !== EQUALS) fail('BAD_BEGIN_STRING', 'frame does not start with 8=', Tag.BeginString);

  // A frame ends with SOH, so the inner loops below need no bounds checks: each stops at that SOH at the latest.
  if (raw[len - 1] !== SOH_BYTE) {
    fail('BAD_FIELD', `frame does not end with SOH${raw.indexOf(0x7c) >= 0 ? " ('|' is not a FIX delimiter)" : ''}`);
  }

  if (++stamp === 0x7fffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
  let unique = true;
  let d = scratch;
  let n = 0;
  let pos = 0;
  let sum = 0;
  let trailerStart = -1;
  while (pos < len) {
    const fieldStart = pos;
    const sumBeforeField = sum;
    let tag = 0;
    let b = raw[pos];
    while (b !== EQUALS) {
      const digit = b - ZERO;
      if (digit >>> 0 > 9) {
        fail('BAD_FIELD', `bad tag at byte ${fieldStart}${b === 0x7c ? " ('|' is not a FIX delimiter)" : ''}`);
      }
      tag = tag * 10 + digit;
      sum += b;
      b = raw[++pos];
    }
    if (pos === fieldStart || tag === 0 || pos - fieldStart > 9) fail('BAD_FIELD', `bad tag at byte ${fieldStart}`);
    sum += EQUALS;
    const valueStart = ++pos;
    while ((b = raw[pos]) !== SOH_BYTE) {
      sum += b;
      pos++;
    }
    if (pos === valueStart) fail('BAD_FIELD', `field ${tag} has an empty value`, tag);
    if ((n + 1) * STRIDE > d.length) {
      scratch = d = d.concat(new Array<number>(d.length).fill(0));
    }
    if (tag < QUICK_TAGS && seenStamp[tag] !== stamp) seenStamp[tag] = stamp;
    else unique = false;
    const o = n * STRIDE;
    d[o + TAG] = tag;
    d[o + START] = valueStart;
    d[o + END] = pos;
    d[o + OWNER] = -1;
    d[o + GROUP_END] = 0;
    n++;
    if (tag === CHECKSUM_TAG) {
      // The CheckSum covers every byte before the trailer field.
      sum = sumBeforeField;
      trailerStart = fieldStart;
      pos++;
      break;
    }
    sum += SOH_BYTE;
    pos++;
  }
  if (n < 4 || d[STRIDE + TAG] !== Tag.BodyLength || d[2 * STRIDE + TAG] !== Tag.MsgType) {
    fail('MISSING_MSG_TYPE', 'frame must start 8=…, 9=…, 35=…');
  }
  if (trailerStart < 0) fail('BAD_FIELD', 'frame has no CheckSum (10) field', Tag.CheckSum);
  if (pos !== len) fail('BAD_FIELD', 'bytes after the CheckSum (10) field', Tag.CheckSum);
  if (verify) {
    const bodyLength = intAt(raw, d[STRIDE + START], d[STRIDE + END], Tag.BodyLength);
    const bodyStart = d[STRIDE + END] + 1;
    if (trailerStart - bodyStart !== bodyLength) {
      fail('BAD_BODY_LENGTH', `BodyLength ${bodyLength} but body is ${trailerStart - bodyStart} bytes`, Tag.BodyLength);
    }
    const o = (n - 1) * STRIDE;
    const declared = d[o + END] - d[o + START] === 3 ? intAt(raw, d[o + START], d[o + END], Tag.CheckSum) : -1;
    if (declared !== (sum & 0xff)) {
      fail(
        'BAD_CHECKSUM',
        `CheckSum ${raw.toString('latin1', d[o + START], d[o + END])} but computed ${sum & 0xff}`,
        Tag.CheckSum,
      );
    }
  }

  assignGroups(raw, d, n, groups);
  const msgType = text(raw, d[2 * STRIDE + START], d[2 * STRIDE + END]);
  return new DecodedFixMessage(raw, d.slice(0, n * STRIDE), n, msgType, unique);
}

function assignGroups(raw: Buffer, d: number[], n: number, groups: CompiledGroups): void {
  const top = groups.table;
  const opens = groups.opens;
  let depth = 0;
  for (let i = 3; i < n; i++) {
    const o = i * STRIDE;
    const tag = d[o + TAG];
    if (depth === 0 && tag < QUICK_TAGS && opens[tag] === 0) continue;
    while (depth > 0 && !stackTable[depth - 1].members.has(tag)) {
      depth--;
      closeGroup(d, depth, i);
    }
    let table: GroupTable | undefined;
    if (depth > 0) {
      const k = depth - 1;
      d[o + OWNER] = stackIndex[k];
      if (stackDelimiter[k] === -1) {
        stackDelimiter[k] = tag;
        stackEntries[k] = 1;
      } else if (tag === stackDelimiter[k]) {
        stackEntries[k]++;
      }
      table = stackTable[k].nested.get(tag);
    } else {
      table = top.get(tag);
    }
    if (table !== undefined) {
      const count = intAt(raw, d[o + START], d[o + END], tag);
      d[o + GROUP_END] = i + 1;
      if (count > 0) {
        stackTable[depth] = table;
        stackCount[depth] = count;
        stackIndex[depth] = i;
        stackDelimiter[depth] = -1;
        stackEntries[depth] = 0;
        depth++;
      }
    }
  }
  while (depth > 0) {
    depth--;
    closeGroup(d, depth, n);
  }
}

function closeGroup(d: number[], k: number, end: number): void {
  const countIndex = stackIndex[k];
  d[countIndex * STRIDE + GROUP_END] = end;
  if (stackEntries[k] !== stackCount[k]) {
    const tag = d[countIndex * STRIDE + TAG];
    fail('GROUP_COUNT_MISMATCH', `group ${tag} declares ${stackCount[k]} entries but has ${stackEntries[k]}`, tag);
  }
}

function intAt(raw: Buffer, start: number, end: number, tag: number): number {
  let i = start;
  const negative = raw[i] === MINUS;
  if (negative) i++;
  if (i >= end) fail('BAD_INT', `tag ${tag} is not an integer`, tag);
  let v = 0;
  for (; i < end; i++) {
    const digit = raw[i] - ZERO;
    if (digit < 0 || digit > 9)
      fail('BAD_INT', `tag ${tag} is not an integer: "${raw.toString('utf8', start, end)}"`, tag);
    v = v * 10 + digit;
  }
  if (v > Number.MAX_SAFE_INTEGER) fail('BAD_INT', `tag ${tag} is out of range`, tag);
  return negative ? -v : v;
}

function isDecimal(raw: Buffer, start: number, end: number): boolean {
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

/** Field access over [from, to) restricted to fields whose OWNER is `owner`. */
class ScopedReader implements FixFieldReader {
  constructor(
    protected readonly rawBytes: Buffer,
    protected readonly d: number[],
    protected readonly from: number,
    protected readonly to: number,
    protected readonly owner: number,
  ) {}

  protected find(tag: number): number {
    const d = this.d;
    const owner = this.owner;
    for (let o = this.from * STRIDE, end = this.to * STRIDE; o < end; o += STRIDE) {
      if (d[o + TAG] === tag && d[o + OWNER] === owner) return o;
    }
    return -1;
  }

  get(tag: number): string | undefined {
    const o = this.find(tag);
    return o < 0 ? undefined : text(this.rawBytes, this.d[o + START], this.d[o + END]);
  }

  has(tag: number): boolean {
    return this.find(tag) >= 0;
  }

  getInt(tag: number): number | undefined {
    const o = this.find(tag);
    return o < 0 ? undefined : intAt(this.rawBytes, this.d[o + START], this.d[o + END], tag);
  }

  getDecimal(tag: number): string | undefined {
    const o = this.find(tag);
    if (o < 0) return undefined;
    const start = this.d[o + START];
    const end = this.d[o + END];
    const value = text(this.rawBytes, start, end);
    if (!isDecimal(this.rawBytes, start, end)) fail('BAD_DECIMAL', `tag ${tag} is not a decimal: "${value}"`, tag);
    return value;
  }

  getChar(tag: number): string | undefined {
    const o = this.find(tag);
    if (o < 0) return undefined;
    const value = text(this.rawBytes, this.d[o + START], this.d[o + END]);
    if (this.d[o + END] - this.d[o + START] !== 1) {
      fail('BAD_CHAR', `tag ${tag} is not a single character: "${value}"`, tag);
    }
    return value;
  }

  getBoolean(tag: number): boolean | undefined {
    const o = this.find(tag);
    if (o < 0) return undefined;
    const start = this.d[o + START];
    if (this.d[o + END] - start === 1) {
      if (this.rawBytes[start] === 0x59) return true;
      if (this.rawBytes[start] === 0x4e) return false;
    }
    return fail(
      'BAD_BOOLEAN',
      `tag ${tag} is not Y/N: "${this.rawBytes.toString('utf8', start, this.d[o + END])}"`,
      tag,
    );
  }

  getTimestamp(tag: number): FixTimestamp | undefined {
    const text = this.get(tag);
    return text === undefined ? undefined : parseUtcTimestamp(text, tag);
  }

  group(countTag: number): ReadonlyArray<FixGroupEntry> {
    const o = this.find(countTag);
    if (o < 0) return [];
    const d = this.d;
    const countIndex = o / STRIDE;
    const end = d[o + GROUP_END];
    const entries: FixGroupEntry[] = [];
    if (end <= countIndex + 1) return entries;
    const delimiter = d[(countIndex + 1) * STRIDE + TAG];
    let entryStart = countIndex + 1;
    for (let i = countIndex + 2; i < end; i++) {
      if (d[i * STRIDE + TAG] === delimiter && d[i * STRIDE + OWNER] === countIndex) {
        entries.push(new ScopedReader(this.rawBytes, d, entryStart, i, countIndex));
        entryStart = i;
      }
    }
    entries.push(new ScopedReader(this.rawBytes, d, entryStart, end, countIndex));
    return entries;
  }
}

class DecodedFixMessage extends ScopedReader implements FixMessage {
  constructor(
    readonly raw: Buffer,
    d: number[],
    readonly fieldCount: number,
    readonly msgType: string,
    /** No tag occurs twice, so the field found at lastFound[tag] is the first and only one. */
    private readonly unique: boolean,
  ) {
    super(raw, d, 0, fieldCount, -1);
  }

  protected override find(tag: number): number {
    const d = this.d;
    if (this.unique && tag < QUICK_TAGS) {
      const o = lastFound[tag] * STRIDE;
      if (o < this.fieldCount * STRIDE && d[o + TAG] === tag) return d[o + OWNER] === -1 ? o : -1;
    }
    const o = super.find(tag);
    if (o >= 0 && tag < QUICK_TAGS) lastFound[tag] = o / STRIDE;
    return o;
  }

  fields(): FixBody {
    const out: FixField[] = [];
    for (let i = 0; i < this.fieldCount; i++) {
      const o = i * STRIDE;
      out.push([this.d[o + TAG], text(this.raw, this.d[o + START], this.d[o + END])]);
    }
    return out;
  }
}
