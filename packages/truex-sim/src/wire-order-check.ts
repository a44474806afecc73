/**
 * The tag-order rules TrueX enforces on inbound messages and a generic FIX engine does not: header tags may not
 * follow a body tag, OrigSendingTime (122) is refused, and repeating-group members must follow their count tag in
 * FIX order. Works on the raw frame, so the order is exactly what the client put on the wire.
 */

/** Header tags TrueX accepts (FIXT.1.1 dictionary); 122 is listed so that it is reported as itself. */
const HEADER_TAGS = new Set([8, 9, 35, 49, 56, 34, 52, 43, 97, 122, 1128, 50, 57, 115, 128, 369]);

interface GroupDefinition {
  readonly countTag: number;
  /** First member; it starts every entry. */
  readonly delimiter: number;
  readonly members: ReadonlySet<number>;
  /** Members that exist only inside this group, so seeing one outside it is an order error. */
  readonly exclusive: boolean;
}

const GROUPS: ReadonlyArray<GroupDefinition> = [
  { countTag: 453, delimiter: 448, members: new Set([448, 447, 452]), exclusive: true },
  { countTag: 136, delimiter: 137, members: new Set([137, 138, 139]), exclusive: true },
  { countTag: 267, delimiter: 269, members: new Set([269]), exclusive: true },
  { countTag: 146, delimiter: 55, members: new Set([55, 167, 15, 271, 48, 22, 460]), exclusive: false },
];
const GROUP_BY_COUNT = new Map(GROUPS.map((g) => [g.countTag, g]));
const EXCLUSIVE_MEMBER = new Map<number, GroupDefinition>();
for (const g of GROUPS) if (g.exclusive) for (const m of g.members) EXCLUSIVE_MEMBER.set(m, g);

export type WireOrderProblem =
  'header-order' | 'header-after-body' | 'orig-sending-time' | 'group-order' | 'group-count' | 'malformed-field';

export interface WireOrderViolation {
  readonly tag: number;
  readonly problem: WireOrderProblem;
  /** SessionRejectReason (373) to report. */
  readonly sessionRejectReason: number;
}

/** Splits a validated frame into tags (numbers) in wire order; a field without '=' or a numeric tag yields NaN. */
export function wireTags(frame: Buffer): number[] {
  const tags: number[] = [];
  let start = 0;
  while (start < frame.length) {
    let end = frame.indexOf(0x01, start);
    if (end < 0) end = frame.length;
    const eq = frame.indexOf(0x3d, start);
    if (eq < 0 || eq > end || eq === start) tags.push(Number.NaN);
    else {
      let tag = 0;
      for (let i = start; i < eq; i++) {
        const d = frame[i]! - 0x30;
        if (d < 0 || d > 9) {
          tag = Number.NaN;
          break;
        }
        tag = tag * 10 + d;
      }
      tags.push(tag);
    }
    start = end + 1;
  }
  return tags;
}

/** Returns the first rule the frame breaks, or undefined. */
export function checkWireOrder(frame: Buffer): WireOrderViolation | undefined {
  const tags = wireTags(frame);
  if (tags[0] !== 8 || tags[1] !== 9 || tags[2] !== 35) {
    const bad = [8, 9, 35].findIndex((t, i) => tags[i] !== t);
    return { tag: tags[bad] ?? 35, problem: 'header-order', sessionRejectReason: 14 };
  }
  let inBody = false;
  let group: GroupDefinition | undefined;
  let expectedEntries = 0;
  let entries = 0;
  const closeGroup = (): WireOrderViolation | undefined => {
    const g = group;
    group = undefined;
    if (g && entries !== expectedEntries) return { tag: g.countTag, problem: 'group-count', sessionRejectReason: 16 };
    return undefined;
  };
  for (let i = 3; i < tags.length; i++) {
    const tag = tags[i]!;
    if (Number.isNaN(tag)) return { tag: 0, problem: 'malformed-field', sessionRejectReason: 0 };
    if (tag === 10) break;
    if (tag === 122) return { tag, problem: 'orig-sending-time', sessionRejectReason: 0 };
    if (group) {
      if (tag === group.delimiter) {
        entries++;
        continue;
      }
      if (group.members.has(tag)) continue;
      const countProblem = closeGroup();
      if (countProblem) return countProblem;
    }
    if (HEADER_TAGS.has(tag)) {
      if (inBody) return { tag, problem: 'header-after-body', sessionRejectReason: 14 };
      continue;
    }
    inBody = true;
    const opened = GROUP_BY_COUNT.get(tag);
    if (opened) {
      const next = tags[i + 1];
      // A member that is not the delimiter straight after the count means the entry is out of FIX order.
      if (next !== undefined && next !== 10 && opened.members.has(next) && next !== opened.delimiter) {
        return { tag: next, problem: 'group-order', sessionRejectReason: 15 };
      }
      group = opened;
      entries = 0;
      expectedEntries = countValue(frame, i);
      continue;
    }
    if (EXCLUSIVE_MEMBER.has(tag)) return { tag, problem: 'group-order', sessionRejectReason: 15 };
  }
  return closeGroup();
}

/** Reads the integer value of the field at index `fieldIndex` (NaN if not an integer). */
function countValue(frame: Buffer, fieldIndex: number): number {
  let start = 0;
  for (let n = 0; n < fieldIndex; n++) start = frame.indexOf(0x01, start) + 1;
  const end = frame.indexOf(0x01, start);
  const text = frame.toString('latin1', frame.indexOf(0x3d, start) + 1, end < 0 ? frame.length : end);
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}
