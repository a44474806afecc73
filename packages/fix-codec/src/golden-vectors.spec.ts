// All 81 messages TrueX UAT really sent (captures/uat-2025-09.fix): decode them, read concrete values, and
// re-encode each one to the identical bytes.
import { MsgType, Tag } from './constants';
import { decodeFix } from './decoder';
import { encodeFix, encodeFixFields } from './encoder';
import { FixFrameSplitter } from './frame-splitter';
import { loadCaptures, show } from './frame.test-util';
import { readExecutionReport } from './messages/order-entry';
import { readMarketDataSnapshotFullRefresh } from './messages/market-data';
import { readLogon, readLogout, readTestRequest } from './messages/session';

const captures = loadCaptures();
const byText = (needle: string): Buffer[] => captures.filter((c) => show(c).includes(needle));

describe('TrueX UAT golden vectors', () => {
  it('holds the 81 messages with the documented type counts', () => {
    const counts: Record<string, number> = {};
    for (const c of captures) {
      const t = decodeFix(c).msgType;
      counts[t] = (counts[t] ?? 0) + 1;
    }
    expect(captures).toHaveLength(81);
    expect(counts).toEqual({ '1': 44, '8': 23, '0': 9, A: 2, W: 2, '5': 1 });
  });

  it.each(captures.map((c, i) => [i + 1, c] as const))('message %i re-encodes byte for byte', (_line, raw) => {
    const m = decodeFix(raw);
    const fields = m.fields();
    expect(fields[0]).toEqual([8, 'FIXT.1.1']);
    expect(fields[fields.length - 1][0]).toBe(10);
    // Same field order as the venue (header included), only 8, 9 and 10 recomputed.
    expect(show(encodeFixFields(fields.slice(2, -1)))).toBe(show(raw));
    // The venue's header order is ours (49, 56, 34, 52), so the standard encoder reproduces it too.
    const header = {
      senderCompId: m.get(Tag.SenderCompID)!,
      targetCompId: m.get(Tag.TargetCompID)!,
      msgSeqNum: m.getInt(Tag.MsgSeqNum)!,
      sendingTime: m.get(Tag.SendingTime)!,
    };
    expect(fields.slice(3, 7).map((f) => f[0])).toEqual([49, 56, 34, 52]);
    expect(encodeFix(m.msgType, header, fields.slice(7, -1)).equals(raw)).toBe(true);
  });

  it('splits the whole capture stream back into the same 81 frames', () => {
    const splitter = new FixFrameSplitter();
    const out: Buffer[] = [];
    const errors: unknown[] = [];
    splitter.push(
      Buffer.concat(captures),
      (f) => out.push(f),
      (e) => errors.push(e),
    );
    expect(errors).toEqual([]);
    expect(out.map(show)).toEqual(captures.map(show));
  });

  it('reads the logon ack', () => {
    const m = decodeFix(captures[40]);
    expect(m.msgType).toBe(MsgType.Logon);
    expect(m.get(Tag.SenderCompID)).toBe('TRUEX_UAT_GW');
    expect(m.get(Tag.TargetCompID)).toBe('CLI_CLIENT');
    expect(m.getInt(Tag.MsgSeqNum)).toBe(1);
    expect(m.getTimestamp(Tag.SendingTime)).toEqual({
      epochMs: Date.UTC(2025, 8, 10, 14, 58, 35, 616),
      nanosOfMs: 136_000,
      text: '20250910-14:58:35.616136',
    });
    expect(readLogon(m)).toMatchObject({ heartBtInt: 30, defaultApplVerId: '9', resetSeqNumFlag: undefined });
  });

  it('reads the empty-book snapshot with its two zero entries', () => {
    const m = decodeFix(captures[41]);
    expect(m.msgType).toBe(MsgType.MarketDataSnapshotFullRefresh);
    const entries = m.group(Tag.NoMDEntries);
    expect(entries).toHaveLength(2);
    expect(entries[1].get(Tag.MDEntryType)).toBe('1');
    expect(entries[0].getTimestamp(Tag.MDEntryTime)).toEqual({
      epochMs: 0,
      nanosOfMs: 0,
      text: '19700101-00:00:00.000000000',
    });
    // Group members are not visible as top-level fields.
    expect(m.get(Tag.MDEntryPx)).toBeUndefined();
    expect(readMarketDataSnapshotFullRefresh(m)).toEqual({
      mdReqId: 'MD_BTC_1757516315607',
      symbol: 'BTC-PYUSD',
      securityType: 'CSPOT',
      entries: ['0', '1'].map((mdEntryType) => ({
        mdEntryType,
        mdEntryId: undefined,
        mdEntryPx: '0',
        mdEntrySize: '0',
        mdPriceLevel: 1,
        mdEntryTime: '19700101-00:00:00.000000000',
        aggressorSide: undefined,
      })),
    });
  });

  it('reads a PendingNew → New pair (ExecID == OrderID on PendingNew, LeavesQty 0 then the quantity)', () => {
    const [pendingNew, accepted] = byText('11=BUY29147251').map((c) => readExecutionReport(decodeFix(c)));
    expect(pendingNew).toMatchObject({
      execType: 'A',
      ordStatus: 'A',
      orderId: '1922892243',
      execId: '1922892243',
      leavesQty: '0',
      cumQty: '0',
      price: '113391',
      orderQty: '0.001',
      side: '1',
      timeInForce: '1',
      symbol: 'BTC-PYUSD',
      partyIds: ['10000000000000007'],
      fees: [],
    });
    expect(accepted).toMatchObject({
      execType: '0',
      ordStatus: '0',
      orderId: '1922892243',
      execId: '1922957780',
      leavesQty: '0.001',
      transactTime: '20250910-18:32:27.351388',
    });
  });

  it('reads the IOC expiry (150=4, 41 = 11, "Order parameter request")', () => {
    const [expiry] = byText('58=Order parameter request');
    const er = readExecutionReport(decodeFix(expiry));
    expect(er).toMatchObject({
      execType: '4',
      ordStatus: '4',
      clOrdId: 'BUY28880518',
      origClOrdId: 'BUY28880518',
      timeInForce: '3',
      leavesQty: '0',
      price: '113406.5',
      text: 'Order parameter request',
    });
  });

  it('reads the 37=NONE rejects with their texts', () => {
    const rejects = captures.map((c) => decodeFix(c)).filter((m) => m.get(Tag.OrderID) === 'NONE');
    expect(rejects).toHaveLength(14);
    const texts = rejects.map((m) => readExecutionReport(m).text);
    expect(texts.filter((t) => t === 'Invalid ClOrdID')).toHaveLength(3);
    expect(texts.filter((t) => t === 'Invalid client')).toHaveLength(11);
    const first = readExecutionReport(rejects[0]);
    expect(first).toMatchObject({
      orderId: 'NONE',
      clOrdId: 'TEST_BUY_1757526335158',
      execType: '8',
      ordStatus: '8',
      symbol: 'BTC-USD',
      price: '113634.50',
      partyIds: [],
    });
    // The last two carry Parties after 60, still found order-independently.
    expect(readExecutionReport(rejects[13]).partyIds).toEqual(['10000000000000007']);
    const bands = byText('Order outside book price bands').map((c) => readExecutionReport(decodeFix(c)));
    expect(bands.map((b) => [b.execType, b.orderId])).toEqual([
      ['8', '1696661927'],
      ['8', '3419996596'],
    ]);
  });

  it('reads the test requests and the timeout logout', () => {
    expect(readTestRequest(decodeFix(captures[3]))).toEqual({ testReqId: 'TEST-CLI_CLIENT' });
    expect(readLogout(decodeFix(captures[39]))).toEqual({ sessionStatus: 4, text: 'goodbye' });
  });
});
