import { MsgType } from '../constants';
import { decodeFix } from '../decoder';
import { encodeFix } from '../encoder';
import type { FixBody } from '../fix-field';
import type { FixMessage } from '../fix-message';
import { frame, thrown } from '../frame.test-util';
import * as md from './market-data';
import * as oe from './order-entry';
import * as session from './session';

const header = {
  senderCompId: 'CLI',
  targetCompId: 'TRUEX_UAT_OE',
  msgSeqNum: 5,
  sendingTime: '20250101-00:00:00.000',
};
const wire = (msgType: string, body: FixBody): FixMessage => decodeFix(encodeFix(msgType, header, body));
const tags = (body: FixBody): number[] => body.map((f) => f[0]);

describe('order entry builders', () => {
  const nos: oe.NewOrderSingle = {
    clOrdId: 'Q1abc001',
    partyIds: ['10000000000000007'],
    symbol: 'BTC-PYUSD',
    side: '1',
    orderQty: '0.0012',
    ordType: '2',
    price: '113406.5',
    timeInForce: '1',
    execInst: '6',
    selfMatchPreventionInstruction: '0',
  };

  it("emits NewOrderSingle in TrueX's known-good order with Parties count first", () => {
    const body = oe.buildNewOrderSingle(nos);
    expect(tags(body)).toEqual([11, 18, 2964, 55, 54, 38, 40, 44, 59, 453, 448, 452]);
    expect(body.slice(-3)).toEqual([
      [453, '1'],
      [448, '10000000000000007'],
      [452, '3'],
    ]);
    expect(oe.readNewOrderSingle(wire(MsgType.NewOrderSingle, body))).toEqual({ ...nos, transactTime: undefined });
  });

  it('omits optional NewOrderSingle fields and writes Parties per entry', () => {
    const body = oe.buildNewOrderSingle({
      ...nos,
      execInst: undefined,
      selfMatchPreventionInstruction: undefined,
      price: undefined,
      timeInForce: undefined,
      ordType: '1',
      partyIds: ['P1', 'P2'],
    });
    expect(tags(body)).toEqual([11, 55, 54, 38, 40, 453, 448, 452, 448, 452]);
  });

  it('emits OrderCancelRequest as 11, 41, Parties (no Side or Symbol)', () => {
    const msg = { clOrdId: 'C2', origClOrdId: 'Q1abc001', partyIds: ['P1'] };
    const body = oe.buildOrderCancelRequest(msg);
    expect(tags(body)).toEqual([11, 41, 453, 448, 452]);
    expect(oe.readOrderCancelRequest(wire(MsgType.OrderCancelRequest, body))).toEqual(msg);
  });

  it('round-trips OrderCancelReplaceRequest', () => {
    const msg: oe.OrderCancelReplaceRequest = {
      clOrdId: 'R3',
      origClOrdId: 'Q1',
      partyIds: ['P1'],
      ordType: '2',
      orderQty: '0.5',
      price: '100000',
    };
    const body = oe.buildOrderCancelReplaceRequest(msg);
    expect(tags(body)).toEqual([11, 41, 38, 40, 44, 453, 448, 452]);
    expect(oe.readOrderCancelReplaceRequest(wire(MsgType.OrderCancelReplaceRequest, body))).toEqual(msg);
  });

  it('round-trips a fill ExecutionReport with fees and liquidity', () => {
    const er: oe.ExecutionReport = {
      orderId: '1922892243',
      clOrdId: 'Q1',
      origClOrdId: undefined,
      execId: '77',
      execType: 'F',
      ordStatus: '1',
      symbol: 'BTC-PYUSD',
      side: '2',
      ordType: '2',
      orderQty: '0.002',
      price: '113391',
      timeInForce: '1',
      execInst: '6',
      lastQty: '0.001',
      lastPx: '113391',
      leavesQty: '0.001',
      cumQty: '0.001',
      avgPx: '113391',
      transactTime: '20250910-18:32:27.351388',
      text: undefined,
      lastLiquidityInd: '1',
      trdMatchId: 'T9',
      selfMatchPreventionInstruction: undefined,
      fees: [
        { amount: '0.01', type: '4' },
        { amount: '0', type: '7' },
      ],
      partyIds: ['P1'],
    };
    expect(oe.readExecutionReport(wire(MsgType.ExecutionReport, oe.buildExecutionReport(er)))).toEqual(er);
  });

  it('reads OrderCancelReject (unknown order)', () => {
    const msg: oe.OrderCancelReject = {
      orderId: 'NONE',
      clOrdId: 'C2',
      origClOrdId: 'Q1',
      ordStatus: '8',
      cxlRejResponseTo: '1',
      cxlRejReason: '1',
      text: 'Unknown order',
    };
    expect(oe.readOrderCancelReject(wire(MsgType.OrderCancelReject, oe.buildOrderCancelReject(msg)))).toEqual(msg);
  });

  it('readers throw typed errors on missing required tags and unknown enum values', () => {
    const noExecId = decodeFix(frame('35=8|49=A|56=B|34=1|52=20250101-00:00:00|37=1|150=0|39=0|55=X|54=1|151=1|14=0'));
    expect(thrown(() => oe.readExecutionReport(noExecId))).toMatchObject({ code: 'MISSING_TAG', tag: 17 });
    const badSide = decodeFix(
      frame('35=8|49=A|56=B|34=1|52=20250101-00:00:00|37=1|17=1|150=0|39=0|55=X|54=7|151=1|14=0'),
    );
    expect(thrown(() => oe.readExecutionReport(badSide))).toMatchObject({ code: 'BAD_VALUE', tag: 54 });
    const badQty = decodeFix(
      frame('35=8|49=A|56=B|34=1|52=20250101-00:00:00|37=1|17=1|150=0|39=0|55=X|54=1|151=abc|14=0'),
    );
    expect(thrown(() => oe.readExecutionReport(badQty))).toMatchObject({ code: 'BAD_DECIMAL', tag: 151 });
  });
});

describe('session builders', () => {
  it('round-trips Logon in the client order 98, 108, 141, 553, 554, 1137', () => {
    const logon: session.Logon = {
      encryptMethod: 0,
      heartBtInt: 30,
      resetSeqNumFlag: true,
      username: 'key-id',
      password: 'c2lnbmF0dXJl+/==',
      defaultApplVerId: '9',
      sessionStatus: undefined,
      text: undefined,
    };
    const body = session.buildLogon(logon);
    expect(tags(body)).toEqual([98, 108, 141, 553, 554, 1137]);
    expect(session.readLogon(wire(MsgType.Logon, body))).toEqual(logon);
    expect(thrown(() => session.readLogon(wire(MsgType.Logon, [])))).toMatchObject({ code: 'MISSING_TAG', tag: 108 });
  });

  it.each([
    ['0', session.buildHeartbeat, session.readHeartbeat, { testReqId: 'TEST-CLI' }],
    ['0', session.buildHeartbeat, session.readHeartbeat, { testReqId: undefined }],
    ['1', session.buildTestRequest, session.readTestRequest, { testReqId: 'TEST-CLI' }],
    ['2', session.buildResendRequest, session.readResendRequest, { beginSeqNo: 2, endSeqNo: 0 }],
    ['4', session.buildSequenceReset, session.readSequenceReset, { newSeqNo: 9, gapFillFlag: true }],
    [
      '3',
      session.buildSessionReject,
      session.readSessionReject,
      { refSeqNum: 2, refTagId: 448, refMsgType: 'D', sessionRejectReason: 0, text: 'Invalid tag (448)' },
    ],
    ['5', session.buildLogout, session.readLogout, { sessionStatus: 4, text: 'goodbye' }],
    [
      'j',
      session.buildBusinessMessageReject,
      session.readBusinessMessageReject,
      {
        refSeqNum: 1,
        refMsgType: 'V',
        businessRejectRefId: undefined,
        businessRejectReason: 0,
        text: 'Invalid session ID',
      },
    ],
  ] as const)('round-trips 35=%s', (msgType, build, read, msg) => {
    const buildAny = build as (m: typeof msg) => FixBody;
    const readAny = read as (m: FixMessage) => unknown;
    expect(readAny(wire(msgType, buildAny(msg)))).toEqual(msg);
  });

  it('orders SequenceReset as 123 then 36', () => {
    expect(tags(session.buildSequenceReset({ newSeqNo: 3, gapFillFlag: true }))).toEqual([123, 36]);
  });
});

describe('market data builders', () => {
  it('emits MarketDataRequest with groups count-first', () => {
    const req: md.MarketDataRequest = {
      mdReqId: 'MDR_1',
      subscriptionRequestType: '1',
      marketDepth: 0,
      mdUpdateType: 0,
      mdEntryTypes: ['0', '1'],
      symbols: ['BTC-PYUSD'],
    };
    const body = md.buildMarketDataRequest(req);
    expect(body.map(([t, v]) => `${t}=${v}`).join('|')).toBe(
      '262=MDR_1|263=1|264=0|265=0|267=2|269=0|269=1|146=1|55=BTC-PYUSD',
    );
    expect(md.readMarketDataRequest(wire(MsgType.MarketDataRequest, body))).toEqual(req);
  });

  it('round-trips a snapshot in the entry order TrueX uses (269, 270, 271, 1023, 273)', () => {
    const snap: md.MarketDataSnapshotFullRefresh = {
      mdReqId: 'MD1',
      symbol: 'BTC-PYUSD',
      securityType: 'CSPOT',
      entries: [
        {
          mdEntryType: '0',
          mdEntryId: undefined,
          mdEntryPx: '113406.5',
          mdEntrySize: '0.25',
          mdPriceLevel: 1,
          mdEntryTime: '20250910-14:58:35.667151000',
          aggressorSide: undefined,
        },
        {
          mdEntryType: '1',
          mdEntryId: undefined,
          mdEntryPx: '113407',
          mdEntrySize: '1',
          mdPriceLevel: 1,
          mdEntryTime: '20250910-14:58:35.667151000',
          aggressorSide: undefined,
        },
      ],
    };
    const body = md.buildMarketDataSnapshotFullRefresh(snap);
    expect(tags(body)).toEqual([262, 55, 167, 268, 269, 270, 271, 1023, 273, 269, 270, 271, 1023, 273]);
    expect(md.readMarketDataSnapshotFullRefresh(wire(MsgType.MarketDataSnapshotFullRefresh, body))).toEqual(snap);
  });

  it('round-trips an incremental refresh with 279 first in each entry', () => {
    const inc: md.MarketDataIncrementalRefresh = {
      mdReqId: 'MD1',
      entries: [
        {
          mdUpdateAction: '0',
          mdEntryType: '0',
          mdEntryId: undefined,
          symbol: 'BTC-PYUSD',
          securityType: undefined,
          mdEntryPx: '1',
          mdEntrySize: '2',
          mdPriceLevel: 1,
          mdEntryTime: undefined,
          aggressorSide: undefined,
        },
        {
          mdUpdateAction: '2',
          mdEntryType: '1',
          mdEntryId: undefined,
          symbol: 'BTC-PYUSD',
          securityType: undefined,
          mdEntryPx: '3',
          mdEntrySize: undefined,
          mdPriceLevel: undefined,
          mdEntryTime: undefined,
          aggressorSide: undefined,
        },
        {
          mdUpdateAction: '0',
          mdEntryType: '2',
          mdEntryId: 'T1',
          symbol: undefined,
          securityType: undefined,
          mdEntryPx: '5',
          mdEntrySize: '0.1',
          mdPriceLevel: undefined,
          mdEntryTime: '20250910-14:58:35.667151000',
          aggressorSide: '1',
        },
      ],
    };
    const body = md.buildMarketDataIncrementalRefresh(inc);
    expect(body[2]).toEqual([279, '0']);
    expect(md.readMarketDataIncrementalRefresh(wire(MsgType.MarketDataIncrementalRefresh, body))).toEqual(inc);
  });

  it('round-trips reject, security list request and security list (nested 870)', () => {
    const rej = { mdReqId: 'MD1', text: 'Unknown symbol' };
    expect(md.readMarketDataRequestReject(wire('Y', md.buildMarketDataRequestReject(rej)))).toEqual(rej);
    const slr: md.SecurityListRequest = {
      securityReqId: 'S1',
      securityListRequestType: 4,
      symbol: undefined,
      securityType: undefined,
      subscriptionRequestType: '0',
    };
    expect(md.readSecurityListRequest(wire('x', md.buildSecurityListRequest(slr)))).toEqual(slr);
    const list: md.SecurityList = {
      securityReqId: 'S1',
      securityResponseId: 'R1',
      securityRequestResult: 0,
      totNoRelatedSym: 2,
      lastFragment: true,
      instruments: [
        {
          symbol: 'BTC-PYUSD',
          securityType: 'CSPOT',
          attributes: [
            { type: '40', value: '1000000' },
            { type: '41', value: '12' },
          ],
          currency: 'PYUSD',
        },
        { symbol: 'ETH-PYUSD', securityType: undefined, attributes: [], currency: undefined },
      ],
    };
    expect(md.readSecurityList(wire('y', md.buildSecurityList(list)))).toEqual(list);
  });
});
