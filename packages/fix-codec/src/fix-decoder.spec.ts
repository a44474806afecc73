import fc from 'fast-check';
import { Tag } from './constants';
import { CompiledGroups, decodeFix, FixDecoder } from './decoder';
import { encodeFix } from './encoder';
import { FixDecodeError } from './fix-decode-error';
import type { FixField } from './fix-field';
import type { FixFieldReader, FixMessage } from './fix-message';
import { FrameIndex } from './frame-index';
import { frame, loadCaptures, thrown } from './frame.test-util';
import { trueXGroups } from './group-definitions';

const HEADER = '49=TRUEX_UAT_GW|56=CLI|34=7|52=20250910-18:32:27.345901';
const captures = loadCaptures();
const groups = new CompiledGroups(trueXGroups);

/** Everything a reader can see: every field, and each group's entries down to nested groups. */
function snapshot(m: FixMessage): unknown {
  const entries = (r: FixFieldReader, countTag: number): unknown =>
    r.group(countTag).map((e) => ({
      fields: [448, 452, 269, 270, 271, 55, 137, 139, 871, 872].map((t) => e.get(t) ?? null),
      attrs: entries(e, Tag.NoInstrAttrib),
    }));
  return {
    msgType: m.msgType,
    fields: m.fields(),
    top: m.fields().map(([t]) => m.get(t) ?? null),
    groups: [Tag.NoPartyIDs, Tag.NoMDEntries, Tag.NoMiscFees, Tag.NoRelatedSym].map((t) => entries(m, t)),
  };
}

function scanError(index: FrameIndex, raw: Buffer): string {
  try {
    index.scan(raw, true, groups);
    return 'ok';
  } catch (e) {
    return (e as FixDecodeError).code;
  }
}

describe('FixDecoder', () => {
  it('reads every real TrueX message exactly as decodeFix does', () => {
    const decoder = new FixDecoder();
    for (const raw of captures) expect(snapshot(decoder.decode(raw))).toEqual(snapshot(decodeFix(raw)));
  });

  it('indexes the same with the word scan and the byte scan (what big-endian hosts use)', () => {
    const words = new FrameIndex(true);
    const bytes = new FrameIndex(false);
    for (const raw of captures) {
      words.scan(raw, true, groups);
      bytes.scan(raw, true, groups);
      expect(words.fields.slice(0, words.count * 5)).toEqual(bytes.fields.slice(0, bytes.count * 5));
      expect([words.ascii, words.unique]).toEqual([bytes.ascii, bytes.unique]);
    }
    const bad = [
      '8=FIXT.1.1\u00019=5\u000135=0\u0001a9=A\u000110=000\u0001',
      '8=FIXT.1.1\u00019=5\u000135=0\u000149=\u000110=000\u0001',
      '8=FIXT.1.1\u00019=5\u000135=0\u000110=000\u0001x\u0001',
      '8=FIXT.1.1\u00019=5\u000149=A\u000135=0\u000110=000\u0001',
      '8=FIXT.1.1\u00019=5\u000135=0\u00010123456789=A\u000110=000\u0001',
    ].map((s) => Buffer.from(s, 'latin1'));
    const badSum = Buffer.from(captures[3]);
    badSum[badSum.length - 2] ^= 1;
    for (const raw of [...bad, badSum]) {
      expect(scanError(words, raw)).toBe(scanError(bytes, raw));
      expect(scanError(words, raw)).not.toBe('ok');
    }
  });

  it('round-trips any values, of any length, through encodeFix and the word scan', () => {
    const decoder = new FixDecoder();
    const value = fc
      .oneof(
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 45 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
      )
      .filter((s) => !s.includes('\u0001'));
    const tag = fc
      .integer({ min: 1, max: 99_999 })
      .filter((t) => ![8, 9, 10, 34, 35, 43, 49, 52, 56, 97, 122, 1128].includes(t));
    fc.assert(
      fc.property(fc.array(fc.tuple(tag, value), { maxLength: 20 }), (body: FixField[]) => {
        const header = { senderCompId: 'S', targetCompId: 'T', msgSeqNum: 1, sendingTime: '20250101-00:00:00' };
        const plain = body.filter(([t]) => !groups.table.has(t));
        const m = decoder.decode(encodeFix('B', header, plain));
        expect(m.fields().slice(7, -1)).toEqual(plain);
        const first = new Map<number, string>();
        for (const [t, v] of plain) if (!first.has(t)) first.set(t, v);
        for (const [t, v] of first) expect(m.get(t)).toBe(v);
      }),
      { numRuns: 200 },
    );
  });

  it('finds a top-level tag whose first occurrence is inside a group', () => {
    const m = new FixDecoder().decode(frame(`35=y|${HEADER}|146=1|55=IN|15=X|58=t|55=TOP`));
    expect(m.get(Tag.Symbol)).toBe('TOP');
    expect(m.group(Tag.NoRelatedSym)[0].get(Tag.Symbol)).toBe('IN');
    const unique = new FixDecoder().decode(frame(`35=y|${HEADER}|146=1|55=IN|58=t`));
    expect(unique.get(Tag.Symbol)).toBeUndefined();
    expect(unique.has(Tag.Text)).toBe(true);
  });

  it('decodes non-ASCII text and tags beyond the lookup table', () => {
    const m = new FixDecoder().decode(frame(`35=3|${HEADER}|45=2|58=prix refusé €|20001=x|20001=y`));
    expect(m.get(Tag.Text)).toBe('prix refusé €');
    expect(m.get(20001)).toBe('x');
    expect(m.get(20002)).toBeUndefined();
  });

  it('makes a message stale at its decoder’s next decode, even a failed one; retain() keeps it', () => {
    const decoder = new FixDecoder();
    const first = decoder.decode(frame(`35=8|${HEADER}|11=A|453=1|448=P1|452=3`));
    const kept = first.retain();
    const party = first.group(Tag.NoPartyIDs)[0];
    expect(party.get(Tag.PartyID)).toBe('P1');
    const second = decoder.decode(frame(`35=8|${HEADER}|11=B|453=1|448=P2|452=3`));
    expect(thrown(() => first.get(Tag.ClOrdID))).toMatchObject({ code: 'STALE_MESSAGE' });
    expect(thrown(() => party.get(Tag.PartyID))).toMatchObject({ code: 'STALE_MESSAGE' });
    expect(thrown(() => first.retain())).toBeInstanceOf(FixDecodeError);
    expect(thrown(() => first.fields())).toMatchObject({ code: 'STALE_MESSAGE' });
    expect(second.get(Tag.ClOrdID)).toBe('B');
    thrown(() => decoder.decode('garbage'));
    expect(thrown(() => second.get(Tag.ClOrdID))).toMatchObject({ code: 'STALE_MESSAGE' });
    expect([kept.get(Tag.ClOrdID), kept.group(Tag.NoPartyIDs)[0].get(Tag.PartyID), kept.msgType]).toEqual([
      'A',
      'P1',
      '8',
    ]);
    expect(decoder.decode(captures[0]).msgType).toBe(decodeFix(captures[0]).msgType);
  });

  it('keeps decodeFix messages independent of FixDecoder and of each other after many decodes', () => {
    const decoder = new FixDecoder({ verify: false });
    const owned = decodeFix(frame(`35=8|${HEADER}|11=OWNED`));
    for (const raw of captures) decoder.decode(raw);
    for (const raw of captures.slice(0, 5)) decodeFix(raw);
    expect(owned.get(Tag.ClOrdID)).toBe('OWNED');
    expect(owned.get(Tag.OrderID)).toBeUndefined();
  });

  it('re-indexes a decodeFix message read after later decodes, with its own groups and entries', () => {
    const custom = new CompiledGroups([{ countTag: 9000, memberTags: [9001] }]);
    const withGroups = frame(`35=U1|${HEADER}|9000=2|9001=a|9001=b|58=top`);
    const badSum = Buffer.from(withGroups);
    badSum[badSum.length - 2] ^= 1;
    const a = decodeFix(badSum, { verify: false, groups: custom });
    const entries = a.group(9000);
    const b = decodeFix(frame(`35=8|${HEADER}|11=B|453=1|448=P2|452=3`));
    const bParty = b.group(Tag.NoPartyIDs)[0];
    decodeFix(captures[10]);
    expect(entries.map((e) => e.get(9001))).toEqual(['a', 'b']);
    expect([a.get(Tag.Text), a.has(9001), a.fieldCount, a.msgType]).toEqual(['top', false, 12, 'U1']);
    expect(a.group(9000)).toHaveLength(2);
    expect([bParty.get(Tag.PartyID), b.get(Tag.ClOrdID)]).toEqual(['P2', 'B']);
    expect(b.fields()).toEqual(decodeFix(b.raw).fields());
  });

  it('reads frames with more fields than its tag table records, then small frames again', () => {
    const decoder = new FixDecoder();
    const many: FixField[] = Array.from({ length: 70_000 }, (_, i) => [5000 + (i % 1000), 'v'] as const);
    many.push([Tag.Text, 'late']);
    const header = { senderCompId: 'S', targetCompId: 'T', msgSeqNum: 1, sendingTime: '20250101-00:00:00' };
    const big = decoder.decode(encodeFix('B', header, many));
    expect(big.fieldCount).toBe(70_009);
    expect(big.get(Tag.Text)).toBe('late');
    expect(big.get(5999)).toBe('v');
    expect(big.has(Tag.ClOrdID)).toBe(false);
    const small = decoder.decode(frame(`35=8|${HEADER}|11=A`));
    expect([small.get(Tag.ClOrdID), small.get(Tag.Text), small.fieldCount]).toEqual(['A', undefined, 9]);
  });

  it('applies its options: no verification, custom groups', () => {
    const good = frame(`35=U1|${HEADER}|9000=1|9001=a|9003=top`);
    const badSum = Buffer.from(good);
    badSum[badSum.length - 2] ^= 1;
    const custom = new FixDecoder({ verify: false, groups: [{ countTag: 9000, memberTags: [9001] }] });
    const m = custom.decode(badSum);
    expect(m.group(9000).map((e) => e.get(9001))).toEqual(['a']);
    expect(m.get(9003)).toBe('top');
    expect(thrown(() => new FixDecoder().decode(badSum))).toMatchObject({ code: 'BAD_CHECKSUM' });
  });
});
