import fc from 'fast-check';
import { Tag } from './constants';
import { decodeFix } from './decoder';
import { encodeFix, encodeFixInto, type FixHeader } from './encoder';
import { FixEncodeError } from './fix-encode-error';
import { show, thrown } from './frame.test-util';
import { FixMessageEncoder, type OutboundHeader } from './message-encoder';
import {
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
} from './messages/order-entry';
import { formatUtcTimestamp } from './timestamp';

const ids = { senderCompId: 'CLIENT_UAT', targetCompId: 'TRUEX_UAT_OE' };
const text = fc
  .oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 5 }))
  .filter((s) => s.length > 0 && !s.includes('\u0001'));
const optional = fc.option(text, { nil: undefined });
const header = fc.record({
  msgSeqNum: fc.integer({ min: 1, max: 2 ** 40 }),
  sendingTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  possDupFlag: fc.option(fc.boolean(), { nil: undefined }),
  possResend: fc.option(fc.boolean(), { nil: undefined }),
});
const parties = fc.array(text, { maxLength: 3 });

/** What encodeFix writes for the same header (SendingTime formatted the documented way). */
function reference(msgType: string, h: OutboundHeader, body: ReturnType<typeof buildNewOrderSingle>): Buffer {
  const fixHeader: FixHeader = {
    ...ids,
    msgSeqNum: h.msgSeqNum,
    sendingTime: typeof h.sendingTime === 'number' ? formatUtcTimestamp(h.sendingTime) : h.sendingTime,
    ...(h.possDupFlag !== undefined ? { possDupFlag: h.possDupFlag } : {}),
    ...(h.possResend !== undefined ? { possResend: h.possResend } : {}),
  };
  return encodeFix(msgType, fixHeader, body);
}

describe('FixMessageEncoder', () => {
  const encoder = new FixMessageEncoder(ids);
  const target = Buffer.alloc(8192);

  it('writes NewOrderSingle byte for byte as encodeFix(buildNewOrderSingle()) does', () => {
    const order = fc.record({
      clOrdId: text,
      partyIds: parties,
      symbol: text,
      side: fc.constantFrom('1', '2' as const),
      orderQty: text,
      ordType: fc.constantFrom('1', '2' as const),
      price: optional,
      timeInForce: fc.option(fc.constantFrom('1', '3' as const), { nil: undefined }),
      execInst: optional,
      selfMatchPreventionInstruction: optional,
      transactTime: optional,
    });
    fc.assert(
      fc.property(header, order, fc.nat(100), (h, o: NewOrderSingle, offset) => {
        const length = encoder.newOrderSingleInto(target, offset, h, o);
        expect(show(target.subarray(offset, offset + length))).toBe(show(reference('D', h, buildNewOrderSingle(o))));
      }),
      { numRuns: 200 },
    );
  });

  it('writes OrderCancelRequest and OrderCancelReplaceRequest as their builders do', () => {
    const cancel = fc.record({ clOrdId: text, origClOrdId: text, partyIds: parties });
    const replace = fc.record({
      clOrdId: text,
      origClOrdId: text,
      partyIds: parties,
      ordType: fc.constantFrom('1', '2' as const),
      orderQty: text,
      price: optional,
    });
    fc.assert(
      fc.property(header, cancel, replace, (h, c: OrderCancelRequest, r: OrderCancelReplaceRequest) => {
        let length = encoder.orderCancelRequestInto(target, 0, h, c);
        expect(target.subarray(0, length).equals(reference('F', h, buildOrderCancelRequest(c)))).toBe(true);
        length = encoder.orderCancelReplaceRequestInto(target, 0, h, r);
        expect(target.subarray(0, length).equals(reference('G', h, buildOrderCancelReplaceRequest(r)))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('writes any message with encodeInto, refusing header tags in the body', () => {
    const h = { msgSeqNum: 3, sendingTime: '20251010-13:35:58.300' };
    const body = [
      [Tag.TestReqID, 'T1'],
      [Tag.Text, 'x'.repeat(2000)],
    ] as const;
    const length = encoder.encodeInto(target, 0, '1', h, body);
    expect(target.subarray(0, length).equals(reference('1', h, body))).toBe(true);
    // BodyLength here has 4 digits (3 are reserved): the body moved, and the frame still verifies.
    expect(decodeFix(target.subarray(0, length)).get(Tag.Text)).toHaveLength(2000);
    const short = encoder.encodeInto(target, 0, '0', h, []);
    expect(decodeFix(target.subarray(0, short)).getInt(Tag.MsgSeqNum)).toBe(3);
    expect(thrown(() => encoder.encodeInto(target, 0, '0', h, [[Tag.MsgSeqNum, '4']]))).toMatchObject({
      code: 'BAD_HEADER',
      tag: 34,
    });
    expect(thrown(() => encoder.encodeInto(target, 0, '0', h, [[Tag.OrigSendingTime, 'x']]))).toBeInstanceOf(
      FixEncodeError,
    );
  });

  it('leaves the bytes around the frame alone and refuses a target that is too small', () => {
    const buf = Buffer.alloc(400, 0x2a);
    const order: NewOrderSingle = {
      clOrdId: 'Q1',
      partyIds: ['P'],
      symbol: 'BTC-PYUSD',
      side: '1',
      orderQty: '1',
      ordType: '2',
      price: '10',
    };
    const h = { msgSeqNum: 1, sendingTime: Date.UTC(2025, 0, 2, 3, 4, 5, 6) };
    const length = encoder.newOrderSingleInto(buf, 10, h, order);
    expect(buf.subarray(0, 10).every((b) => b === 0x2a)).toBe(true);
    expect(buf.subarray(10 + length).every((b) => b === 0x2a)).toBe(true);
    expect(decodeFix(buf.subarray(10, 10 + length)).get(Tag.SendingTime)).toBe('20250102-03:04:05.006');
    expect(thrown(() => encoder.newOrderSingleInto(Buffer.alloc(length - 1), 0, h, order))).toMatchObject({
      code: 'TARGET_TOO_SMALL',
    });
    expect(encoder.newOrderSingleInto(Buffer.alloc(length), 0, h, order)).toBe(length);
    expect(thrown(() => encoder.newOrderSingleInto(buf, 0, { ...h, msgSeqNum: 0 }, order))).toMatchObject({
      code: 'BAD_HEADER',
    });
    expect(thrown(() => encoder.newOrderSingleInto(buf, 0, h, { ...order, symbol: 'A\u0001B' }))).toMatchObject({
      code: 'SOH_IN_VALUE',
    });
    expect(thrown(() => encoder.newOrderSingleInto(buf, 0, { ...h, sendingTime: NaN }, order))).toMatchObject({
      code: 'BAD_HEADER',
      tag: 52,
    });
  });

  it('refuses bad session ids', () => {
    expect(thrown(() => new FixMessageEncoder({ senderCompId: '', targetCompId: 'T' }))).toMatchObject({
      code: 'BAD_HEADER',
    });
    expect(thrown(() => new FixMessageEncoder({ ...ids, beginString: 'FIX\u0001' }))).toMatchObject({
      code: 'BAD_HEADER',
    });
  });
});

describe('encodeFixInto', () => {
  it('writes the same bytes as encodeFix at any offset and returns the length', () => {
    const h: FixHeader = { ...ids, msgSeqNum: 9, sendingTime: '20251010-13:35:58.300', possDupFlag: true };
    const body = buildOrderCancelRequest({ clOrdId: 'C2', origClOrdId: 'C1', partyIds: ['P'] });
    const target = Buffer.alloc(512);
    const length = encodeFixInto(target, 100, 'F', h, body);
    expect(target.subarray(100, 100 + length).equals(encodeFix('F', h, body))).toBe(true);
    expect(thrown(() => encodeFixInto(Buffer.alloc(20), 0, 'F', h, body))).toMatchObject({ code: 'TARGET_TOO_SMALL' });
  });
});
