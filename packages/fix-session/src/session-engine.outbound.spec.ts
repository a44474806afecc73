import { ManualClock } from '@truex-mm/clock';
import {
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
  decodeFix,
  encodeFix,
  FixEncodeError,
  formatUtcTimestamp,
  type FixBody,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
} from '@truex-mm/fix-codec';
import { CREDENTIALS, EngineHarness } from './engine.test-util';
import { FixSessionEngine } from './session-engine';

const ORDER: NewOrderSingle = {
  clOrdId: 'Q1a2b3c4d001',
  execInst: '6',
  symbol: 'BTC-PYUSD',
  side: '1',
  orderQty: '0.0100',
  ordType: '2',
  price: '113406.5',
  timeInForce: '1',
  partyIds: ['12345678901234567'],
};
const CANCEL: OrderCancelRequest = { clOrdId: 'Q2', origClOrdId: 'Q1a2b3c4d001', partyIds: ['12345678901234567'] };
const REPLACE: OrderCancelReplaceRequest = {
  clOrdId: 'Q3',
  origClOrdId: 'Q2',
  orderQty: '0.0200',
  ordType: '2',
  price: '113407',
  partyIds: ['12345678901234567'],
};

/** An active engine on a ManualClock that keeps the raw frames it writes, as a socket with pending writes would. */
function rawEngine(clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0, 123))): {
  engine: FixSessionEngine;
  frames: Buffer[];
  clock: ManualClock;
} {
  const frames: Buffer[] = [];
  const engine = new FixSessionEngine(
    { ...CREDENTIALS, clock },
    { write: (frame) => frames.push(frame), close: () => undefined, event: () => undefined },
  );
  engine.connected();
  engine.receive(
    encodeFix(
      'A',
      {
        senderCompId: CREDENTIALS.targetCompId,
        targetCompId: CREDENTIALS.senderCompId,
        msgSeqNum: 1,
        sendingTime: formatUtcTimestamp(clock.now()),
      },
      [[108, '30']],
    ),
  );
  expect(engine.state).toBe('active');
  return { engine, frames, clock };
}

/** The frame encodeFix makes for the same message: the bytes the engine wrote before it encoded into a slab. */
function expected(msgType: string, seq: number, epochMs: number, body: FixBody): Buffer {
  return encodeFix(
    msgType,
    {
      senderCompId: CREDENTIALS.senderCompId,
      targetCompId: CREDENTIALS.targetCompId,
      msgSeqNum: seq,
      sendingTime: formatUtcTimestamp(epochMs),
    },
    body,
  );
}

describe('FixSessionEngine outbound encoding', () => {
  it('writes the same bytes as encodeFix for send() and the typed sends, with consecutive MsgSeqNums', () => {
    const { engine, frames, clock } = rawEngine();
    const first = engine.sequence.nextOutgoing;
    const t0 = clock.now();
    expect(engine.send('D', buildNewOrderSingle(ORDER))).toBe(first);
    expect(engine.sendNewOrderSingle(ORDER)).toBe(first + 1);
    clock.advance(1); // a new millisecond: SendingTime moves with the clock
    expect(engine.sendOrderCancelRequest(CANCEL)).toBe(first + 2);
    expect(engine.sendOrderCancelReplaceRequest(REPLACE)).toBe(first + 3);
    const sent = frames.slice(-4).map((f) => f.toString('latin1'));
    expect(sent).toEqual(
      [
        expected('D', first, t0, buildNewOrderSingle(ORDER)),
        expected('D', first + 1, t0, buildNewOrderSingle(ORDER)),
        expected('F', first + 2, t0 + 1, buildOrderCancelRequest(CANCEL)),
        expected('G', first + 3, t0 + 1, buildOrderCancelReplaceRequest(REPLACE)),
      ].map((f) => f.toString('latin1')),
    );
  });

  it('never writes over a frame the transport still holds (frames are views of bytes never reused)', () => {
    const { engine, frames } = rawEngine();
    engine.sendNewOrderSingle(ORDER);
    const kept = frames[frames.length - 1]!;
    const copy = Buffer.from(kept);
    // Enough frames to fill several slabs.
    for (let i = 0; i < 2_000; i++) engine.sendOrderCancelRequest({ ...CANCEL, clOrdId: `C${i}` });
    expect(kept.equals(copy)).toBe(true);
    const last = decodeFix(frames[frames.length - 1]!);
    expect(last.get(11)).toBe('C1999');
    expect(new Set(frames.map((f) => decodeFix(f).getInt(34))).size).toBe(frames.length);
  });

  it('encodes a frame larger than the room it first asks for', () => {
    const { engine, frames } = rawEngine();
    const text = 'x'.repeat(100_000);
    const seq = engine.send('B', [
      [148, 'headline'],
      [58, text],
    ]);
    expect(seq).toBeDefined();
    const message = decodeFix(frames[frames.length - 1]!);
    expect(message.get(58)).toBe(text);
    expect(engine.sendNewOrderSingle(ORDER)).toBe(seq! + 1);
  });

  it('refuses an unencodable typed message with FixEncodeError without using up a MsgSeqNum', () => {
    const { engine, frames } = rawEngine();
    const next = engine.sequence.nextOutgoing;
    const written = frames.length;
    expect(() => engine.sendNewOrderSingle({ ...ORDER, clOrdId: 'bad\u0001id' })).toThrow(FixEncodeError);
    expect(() => engine.sendOrderCancelRequest({ ...CANCEL, origClOrdId: '' })).toThrow(FixEncodeError);
    expect(engine.sequence.nextOutgoing).toBe(next);
    expect(frames).toHaveLength(written);
    expect(engine.sendNewOrderSingle(ORDER)).toBe(next);
  });

  it('typed sends return undefined and write nothing while not active', () => {
    const frames: Buffer[] = [];
    const engine = new FixSessionEngine(
      { ...CREDENTIALS, clock: new ManualClock() },
      { write: (frame) => frames.push(frame), close: () => undefined, event: () => undefined },
    );
    expect(engine.sendNewOrderSingle(ORDER)).toBeUndefined();
    expect(engine.sendOrderCancelRequest(CANCEL)).toBeUndefined();
    expect(engine.sendOrderCancelReplaceRequest(REPLACE)).toBeUndefined();
    expect(frames).toHaveLength(0);
  });
});

describe('FixSessionEngine timers under load', () => {
  it('keeps one heartbeat timer however many messages it sends, and still beats HeartBtInt after the last', () => {
    const h = new EngineHarness();
    h.logon();
    const timers = h.clock.pendingTimers();
    for (let i = 0; i < 100; i++) h.engine.sendNewOrderSingle({ ...ORDER, clOrdId: `N${i}` });
    expect(h.clock.pendingTimers()).toBe(timers);
    // Sends every 10 s: the timer falls due 30 s after the first and waits for the rest of the interval.
    for (let i = 0; i < 6; i++) {
      h.clock.advance(10_000);
      h.engine.sendNewOrderSingle({ ...ORDER, clOrdId: `M${i}` });
      h.venue('0'); // keeps inbound alive
    }
    expect(h.sent('0')).toHaveLength(0);
    h.clock.advance(29_999);
    expect(h.sent('0')).toHaveLength(0);
    h.clock.advance(1);
    expect(h.sent('0')).toHaveLength(1);
    h.venue('0');
    h.clock.advance(30_000); // the Heartbeat re-armed the timer: the next one after another HeartBtInt of silence
    expect(h.sent('0')).toHaveLength(2);
  });

  it('keeps one TestRequest and one liveness timer however many messages arrive, counted from the last one', () => {
    const h = new EngineHarness();
    h.logon();
    const timers = h.clock.pendingTimers();
    for (let i = 0; i < 100; i++) h.venue('0');
    expect(h.clock.pendingTimers()).toBe(timers);
    h.clock.advance(20_000);
    h.venue('0'); // the last inbound message: TestRequest at +36 s, unresponsive at +45 s
    h.clock.advance(35_999);
    expect(h.sent('1')).toHaveLength(0);
    h.clock.advance(1);
    expect(h.sent('1')).toHaveLength(1);
    expect(h.eventsOf('liveness').filter((e) => !e.responsive)).toHaveLength(0);
    h.clock.advance(8_999);
    expect(h.engine.isResponsive).toBe(true);
    h.clock.advance(1);
    expect(h.engine.isResponsive).toBe(false);
    expect(h.eventsOf('liveness').at(-1)).toEqual({ type: 'liveness', responsive: false, silentMs: 45_000 });
  });
});
