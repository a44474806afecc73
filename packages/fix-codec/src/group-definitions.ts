import { Tag } from './constants';

/**
 * The layout of one repeating group: which tags may appear in an entry (the first one seen after the count tag
 * delimits entries) and which of them open nested groups. The decoder needs this to know where a group ends,
 * because FIX groups carry no end marker.
 */
export interface FixGroupDefinition {
  readonly countTag: number;
  readonly memberTags: ReadonlyArray<number>;
  readonly nested?: ReadonlyArray<FixGroupDefinition>;
}

const instrAttribGroup: FixGroupDefinition = {
  countTag: Tag.NoInstrAttrib,
  memberTags: [Tag.InstrAttribType, Tag.InstrAttribValue],
};

const mdEntryFields = [
  Tag.MDUpdateAction,
  Tag.MDEntryType,
  Tag.MDEntryID,
  Tag.Symbol,
  Tag.SecurityType,
  Tag.MDEntryPx,
  Tag.MDEntrySize,
  Tag.MDEntryTime,
  Tag.MDPriceLevel,
  Tag.AggressorSide,
  Tag.Currency,
];

/** Every repeating group in TrueX's dictionaries (plus the 267 filter clients send on 35=V). */
export const trueXGroups: ReadonlyArray<FixGroupDefinition> = [
  { countTag: Tag.NoPartyIDs, memberTags: [Tag.PartyID, Tag.PartyRole, 447] },
  { countTag: Tag.NoMDEntries, memberTags: mdEntryFields },
  { countTag: Tag.NoMDEntryTypes, memberTags: [Tag.MDEntryType] },
  { countTag: Tag.NoMiscFees, memberTags: [Tag.MiscFeeAmt, Tag.MiscFeeType, 138, 891] },
  {
    countTag: Tag.NoRelatedSym,
    memberTags: [Tag.ListUpdateAction, Tag.Symbol, Tag.SecurityType, Tag.NoInstrAttrib, Tag.Currency, Tag.MDEntrySize],
    nested: [instrAttribGroup],
  },
];

/** Tags below this are flags in a byte table; larger ones are looked up in the Set / Map. */
const QUICK_TAGS = 8192;
const MEMBER = 1;
const OPENS_NESTED = 2;

/** Compiled form used by the decoder: O(1) membership checks without per-message work. */
export class GroupTable {
  readonly members: ReadonlySet<number>;
  readonly nested: ReadonlyMap<number, GroupTable>;
  /** Per small tag: 0 not a member, 1 member, 2 member that opens a nested group. */
  private readonly quick = new Uint8Array(QUICK_TAGS);

  constructor(
    readonly countTag: number,
    memberTags: Iterable<number>,
    nested: ReadonlyMap<number, GroupTable>,
  ) {
    this.members = new Set(memberTags);
    this.nested = nested;
    for (const tag of this.members) if (tag < QUICK_TAGS) this.quick[tag] = MEMBER;
    for (const tag of nested.keys()) if (tag < QUICK_TAGS) this.quick[tag] = OPENS_NESTED;
  }

  isMember(tag: number): boolean {
    return tag < QUICK_TAGS ? this.quick[tag] !== 0 : this.members.has(tag);
  }

  /** The nested group `tag` opens inside an entry of this group, if any. */
  nestedGroup(tag: number): GroupTable | undefined {
    return tag < QUICK_TAGS && this.quick[tag] !== OPENS_NESTED ? undefined : this.nested.get(tag);
  }
}

export function compileGroups(definitions: ReadonlyArray<FixGroupDefinition>): ReadonlyMap<number, GroupTable> {
  const out = new Map<number, GroupTable>();
  for (const d of definitions) {
    const nested = compileGroups(d.nested ?? []);
    const members = new Set(d.memberTags);
    for (const n of nested.keys()) members.add(n);
    out.set(d.countTag, new GroupTable(d.countTag, members, nested));
  }
  return out;
}
