import { Tag } from './constants';
import { CompiledGroups, decodeFix } from './decoder';
import { FixDecodeError } from './fix-decode-error';
import { frame, show, thrown } from './frame.test-util';

const HEADER = '49=TRUEX_UAT_GW|56=CLI|34=7|52=20250910-18:32:27.345901';

function decodeError(input: Buffer | string): FixDecodeError {
  const e = thrown(() => decodeFix(input));
  expect(e).toBeInstanceOf(FixDecodeError);
  return e as FixDecodeError;
}

describe('decodeFix', () => {
  it('reads fields by tag in any order, first occurrence wins', () => {
    const m = decodeFix(frame(`35=8|${HEADER}|151=0.001|37=123|11=A|58=first|58=second`));
    expect(m.msgType).toBe('8');
    expect(m.get(Tag.ClOrdID)).toBe('A');
    expect(m.get(Tag.LeavesQty)).toBe('0.001');
    expect(m.get(Tag.Text)).toBe('first');
    expect(m.get(Tag.Price)).toBeUndefined();
    expect(m.has(Tag.OrderID)).toBe(true);
    expect(m.has(Tag.Price)).toBe(false);
    expect(m.fieldCount).toBe(13);
  });

  it('accepts a string frame but not "|" as the delimiter', () => {
    const ok = frame(`35=0|${HEADER}`);
    expect(decodeFix(ok.toString('latin1')).get(Tag.MsgSeqNum)).toBe('7');
    const e = decodeError(show(ok));
    expect(e.code).toBe('BAD_FIELD');
    expect(e.message).toContain("'|'");
  });

  it('has typed readers that validate', () => {
    const m = decodeFix(
      frame(
        `35=8|${HEADER}|34=x|44=113406.5|38=-0.5|151=1e5|43=Y|97=N|141=X|54=1|39=AB|108=30|7=12a|60=20250910-18:32:27.341860`,
      ),
    );
    expect(m.getInt(Tag.MsgSeqNum)).toBe(7);
    expect(m.getInt(Tag.HeartBtInt)).toBe(30);
    expect(m.getDecimal(Tag.Price)).toBe('113406.5');
    expect(m.getDecimal(Tag.OrderQty)).toBe('-0.5');
    expect(m.getBoolean(Tag.PossDupFlag)).toBe(true);
    expect(m.getBoolean(Tag.PossResend)).toBe(false);
    expect(m.getChar(Tag.Side)).toBe('1');
    expect(m.getTimestamp(Tag.TransactTime)?.nanosOfMs).toBe(860_000);
    expect(thrown(() => m.getInt(Tag.BeginSeqNo))).toMatchObject({ code: 'BAD_INT', tag: 7 });
    expect(thrown(() => m.getInt(Tag.Price))).toMatchObject({ code: 'BAD_INT', tag: 44 });
    expect(thrown(() => m.getDecimal(Tag.LeavesQty))).toMatchObject({ code: 'BAD_DECIMAL', tag: 151 });
    expect(thrown(() => m.getBoolean(Tag.ResetSeqNumFlag))).toMatchObject({ code: 'BAD_BOOLEAN', tag: 141 });
    expect(thrown(() => m.getChar(Tag.OrdStatus))).toMatchObject({ code: 'BAD_CHAR', tag: 39 });
    expect(m.getInt(Tag.EndSeqNo)).toBeUndefined();
    expect(m.getDecimal(Tag.LastPx)).toBeUndefined();
  });

  it('reads repeating groups in order and hides their members from top-level get()', () => {
    const m = decodeFix(
      frame(
        `35=8|${HEADER}|37=1|453=2|448=P1|452=3|448=P2|452=3|136=2|137=0.01|139=4|137=0.02|139=7|55=BTC-PYUSD|150=F`,
      ),
    );
    expect(m.group(Tag.NoPartyIDs).map((e) => [e.get(Tag.PartyID), e.getInt(Tag.PartyRole)])).toEqual([
      ['P1', 3],
      ['P2', 3],
    ]);
    expect(m.group(Tag.NoMiscFees).map((e) => [e.getDecimal(Tag.MiscFeeAmt), e.get(Tag.MiscFeeType)])).toEqual([
      ['0.01', '4'],
      ['0.02', '7'],
    ]);
    expect(m.get(Tag.PartyID)).toBeUndefined();
    expect(m.get(Tag.Symbol)).toBe('BTC-PYUSD');
    expect(m.get(Tag.ExecType)).toBe('F');
    expect(m.group(Tag.NoMDEntries)).toEqual([]);
    expect(m.group(Tag.NoPartyIDs)[1].has(Tag.MiscFeeAmt)).toBe(false);
  });

  it('reads nested groups (146 → 870) and 267 before 146', () => {
    const m = decodeFix(
      frame(
        `35=y|${HEADER}|320=R1|146=2|55=BTC-PYUSD|167=CSPOT|870=2|871=40|872=1000|871=41|872=7|15=PYUSD|55=ETH-PYUSD|870=1|871=40|872=5`,
      ),
    );
    const syms = m.group(Tag.NoRelatedSym);
    expect(syms.map((s) => s.get(Tag.Symbol))).toEqual(['BTC-PYUSD', 'ETH-PYUSD']);
    expect(syms[0].get(Tag.Currency)).toBe('PYUSD');
    expect(syms[1].get(Tag.Currency)).toBeUndefined();
    expect(syms[0].group(Tag.NoInstrAttrib).map((a) => a.get(Tag.InstrAttribValue))).toEqual(['1000', '7']);
    expect(syms[1].group(Tag.NoInstrAttrib).map((a) => a.get(Tag.InstrAttribValue))).toEqual(['5']);
    expect(syms[0].get(Tag.InstrAttribType)).toBeUndefined();

    const v = decodeFix(frame(`35=V|${HEADER}|262=M1|263=1|264=0|267=2|269=0|269=1|146=1|55=BTC-PYUSD`));
    expect(v.group(Tag.NoMDEntryTypes).map((e) => e.get(Tag.MDEntryType))).toEqual(['0', '1']);
    expect(v.group(Tag.NoRelatedSym).map((e) => e.get(Tag.Symbol))).toEqual(['BTC-PYUSD']);
  });

  it('rejects a group whose count does not match its entries', () => {
    const e = decodeError(frame(`35=8|${HEADER}|453=2|448=P1|452=3|55=X`));
    expect(e).toMatchObject({ code: 'GROUP_COUNT_MISMATCH', tag: 453 });
  });

  it('accepts a zero-count group and custom group definitions', () => {
    expect(decodeFix(frame(`35=W|${HEADER}|55=X|268=0`)).group(Tag.NoMDEntries)).toEqual([]);
    const groups = new CompiledGroups([{ countTag: 9000, memberTags: [9001, 9002] }]);
    const m = decodeFix(frame(`35=U1|${HEADER}|9000=2|9001=a|9002=b|9001=c|9003=top`), { groups });
    expect(m.group(9000).map((e) => e.get(9002) ?? '-')).toEqual(['b', '-']);
    expect(m.get(9003)).toBe('top');
  });

  it('checks BodyLength and CheckSum', () => {
    const good = frame(`35=0|${HEADER}`);
    const badSum = Buffer.from(good);
    badSum[badSum.length - 2] ^= 1;
    expect(decodeError(badSum)).toMatchObject({ code: 'BAD_CHECKSUM', tag: 10 });
    expect(decodeFix(badSum, { verify: false }).msgType).toBe('0');
    const badLength = frame(`35=0|${HEADER}`, { bodyLength: '10' });
    expect(decodeError(badLength)).toMatchObject({ code: 'BAD_BODY_LENGTH', tag: 9 });
  });

  it.each([
    ['empty', '', 'EMPTY'],
    ['not starting with 8=', '9=5\u000135=0\u000110=000\u0001', 'BAD_BEGIN_STRING'],
    ['35 not third', '8=FIXT.1.1\u00019=5\u000149=A\u000135=0\u000110=000\u0001', 'MISSING_MSG_TYPE'],
    ['no trailer', '8=FIXT.1.1\u00019=5\u000135=0\u000149=A\u0001', 'BAD_FIELD'],
    ['unterminated value', '8=FIXT.1.1\u00019=5\u000135=0\u000149=A', 'BAD_FIELD'],
    ['empty value', '8=FIXT.1.1\u00019=5\u000135=0\u000149=\u000110=000\u0001', 'BAD_FIELD'],
    ['tag 0', '8=FIXT.1.1\u00019=5\u000135=0\u00010=A\u000110=000\u0001', 'BAD_FIELD'],
    ['non-numeric tag', '8=FIXT.1.1\u00019=5\u000135=0\u0001a9=A\u000110=000\u0001', 'BAD_FIELD'],
    ['bytes after 10', '8=FIXT.1.1\u00019=5\u000135=0\u000110=000\u0001x', 'BAD_FIELD'],
  ])('rejects a frame that is %s', (_name, text, code) => {
    expect(decodeError(text).code).toBe(code);
  });

  it('keeps each message independent of later decodes', () => {
    const a = decodeFix(frame(`35=8|${HEADER}|11=A|453=1|448=P1|452=3`));
    const b = decodeFix(frame(`35=8|${HEADER}|11=B|453=1|448=P2|452=3`));
    expect([a.get(Tag.ClOrdID), a.group(Tag.NoPartyIDs)[0].get(Tag.PartyID)]).toEqual(['A', 'P1']);
    expect([b.get(Tag.ClOrdID), b.group(Tag.NoPartyIDs)[0].get(Tag.PartyID)]).toEqual(['B', 'P2']);
  });

  it('never lets a tag found at the same position in an earlier message leak out of a group', () => {
    const top = decodeFix(frame(`35=W|${HEADER}|262=A|167=CSPOT|55=TOP|268=0`));
    expect(top.get(Tag.Symbol)).toBe('TOP');
    // Here field #9 is 55 again, but inside the 268 group: it is not a top-level field.
    const inGroup = decodeFix(frame(`35=X|${HEADER}|268=1|279=0|55=IN`));
    expect(inGroup.get(Tag.Symbol)).toBeUndefined();
    expect(inGroup.group(Tag.NoMDEntries)[0].get(Tag.Symbol)).toBe('IN');
    expect(top.get(Tag.Symbol)).toBe('TOP');
    const moved = decodeFix(frame(`35=W|${HEADER}|55=MOVED|262=A`));
    expect(moved.get(Tag.Symbol)).toBe('MOVED');
    expect(moved.get(Tag.MDReqID)).toBe('A');
  });

  it('decodes UTF-8 text values', () => {
    expect(decodeFix(frame(`35=3|${HEADER}|45=2|58=prix refusé €`)).get(Tag.Text)).toBe('prix refusé €');
  });
});
