import { formatUtcTimestamp } from '@truex-mm/fix-codec';
import { EngineHarness } from './engine.test-util';
import { FixLogonError } from './errors';

const ER: ReadonlyArray<readonly [number, string]> = [
  [37, '1'],
  [17, 'E1'],
  [150, '0'],
  [39, '0'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [151, '0.01'],
  [14, '0'],
];

describe('FixSessionEngine inbound error boundary', () => {
  it('answers a TestRequest without 112 with a Heartbeat without 112 (as QuickFIX/J), instead of throwing', () => {
    const h = new EngineHarness();
    h.logon();
    expect(() => h.venue('1')).not.toThrow();
    const hb = h.sent('0');
    expect(hb).toHaveLength(1);
    expect(hb[0]!.has(112)).toBe(false);
    expect(h.engine.state).toBe('active');
  });

  it('survives an application listener that throws: counted, reported, the next message still delivered', () => {
    const h = new EngineHarness();
    h.logon();
    let throwOnce = true;
    h.onEvent = (e) => {
      if (e.type === 'app' && throwOnce) {
        throwOnce = false;
        throw new Error('listener bug');
      }
    };
    expect(() => h.venue('8', [[11, 'one'], ...ER])).not.toThrow();
    h.venue('8', [[11, 'two'], ...ER]);
    expect(h.appMessages().map((m) => m.get(11))).toEqual(['one', 'two']);
    expect(h.counters.inboundErrors).toBe(1);
    expect(h.engine.sequence.nextIncoming).toBe(4);
    expect(h.engine.state).toBe('active');
  });

  it('skips a message without SendingTime (52) like a garbled one and carries on', () => {
    const h = new EngineHarness();
    h.logon();
    // Hand-built frame: valid checksum and length, but no 52.
    const body = '35=0\x0149=TRUEX_UAT_OE\x0156=CLIENT_UAT\x0134=2\x01';
    const head = `8=FIXT.1.1\x019=${Buffer.byteLength(body)}\x01`;
    const sum = [...Buffer.from(head + body, 'latin1')].reduce((a, b) => a + b, 0) % 256;
    h.engine.receive(Buffer.from(`${head}${body}10=${String(sum).padStart(3, '0')}\x01`, 'latin1'));
    expect(h.counters.garbled).toBe(1);
    h.venue('8', ER);
    expect(h.appMessages()).toHaveLength(1);
    expect(h.engine.state).toBe('active');
  });

  it('does not use up a MsgSeqNum for an application body that cannot be encoded', () => {
    const h = new EngineHarness();
    h.logon();
    expect(() => h.engine.send('D', [[58, 'a\x01b']])).toThrow();
    expect(h.engine.send('D', [[11, 'C1']])).toBe(2);
  });
});

describe('FixSessionEngine malformed session fields (found by the fuzz suite: these used to throw out of receive)', () => {
  it('rejects a ResendRequest whose BeginSeqNo is not an integer (373=6) and carries on', () => {
    const h = new EngineHarness();
    h.logon();
    expect(() =>
      h.venue('2', [
        [7, 'abc'],
        [16, '0'],
      ]),
    ).not.toThrow();
    const reject = h.sent('3')[0]!;
    expect([reject.get(45), reject.get(371), reject.get(372), reject.get(373)]).toEqual(['2', '7', '2', '6']);
    expect(h.sent('4')).toHaveLength(0);
    h.venue('8', ER);
    expect(h.appMessages()).toHaveLength(1);
  });

  it('rejects a SequenceReset-GapFill whose NewSeqNo is out of range and consumes it as one message', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('4', [
      [123, 'Y'],
      [36, '99999999999999999999'],
    ]);
    expect(h.sent('3')[0]!.get(371)).toBe('36');
    expect(h.engine.sequence.nextIncoming).toBe(3);
    h.venue('8', ER);
    expect(h.appMessages()).toHaveLength(1);
    expect(h.engine.state).toBe('active');
  });
});

describe('FixSessionEngine header checks (QuickFIX CheckCompID / MaxLatency)', () => {
  it('answers a wrong SenderCompID with Reject 373=9 and a Logout, and closes with COMP_ID_PROBLEM', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', ER, { senderCompId: 'SOMEONE_ELSE' });
    const reject = h.sent('3')[0]!;
    expect(reject.get(373)).toBe('9');
    expect(reject.get(45)).toBe('2');
    expect(reject.get(372)).toBe('8');
    expect(reject.get(58)).toBe('CompID problem');
    expect(h.sent('5')[0]!.get(58)).toBe('CompID problem');
    expect(h.closedWith()?.error?.code).toBe('COMP_ID_PROBLEM');
    expect(h.appMessages()).toHaveLength(0);
    expect(h.counters.headerRejects).toBe(1);
  });

  it('checks TargetCompID too', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('0', [], { targetCompId: 'NOT_ME' });
    expect(h.closedWith()?.error?.code).toBe('COMP_ID_PROBLEM');
  });

  it('can be told not to check CompIDs', () => {
    const h = new EngineHarness({ checkCompIds: false });
    h.logon();
    h.venue('8', ER, { senderCompId: 'SOMEONE_ELSE' });
    expect(h.appMessages()).toHaveLength(1);
    expect(h.engine.state).toBe('active');
  });

  it('accepts SendingTime within 120 s of our clock and rejects beyond: 373=10, 371=52, Logout', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('0', [], { sendingTime: formatUtcTimestamp(h.clock.now() - 120_000) });
    expect(h.engine.state).toBe('active');
    h.venue('0', [], { sendingTime: formatUtcTimestamp(h.clock.now() + 120_001) });
    const reject = h.sent('3')[0]!;
    expect(reject.get(373)).toBe('10');
    expect(reject.get(371)).toBe('52');
    expect(reject.get(58)).toBe('SendingTime accuracy problem');
    expect(h.sent('5')[0]!.get(58)).toBe('SendingTime accuracy problem');
    expect(h.closedWith()?.error?.code).toBe('SENDING_TIME_ACCURACY');
  });

  it('honours maxSendingTimeSkewMs', () => {
    const h = new EngineHarness({ maxSendingTimeSkewMs: 1000 });
    h.logon();
    h.venue('0', [], { sendingTime: formatUtcTimestamp(h.clock.now() - 1001) });
    expect(h.closedWith()?.error?.code).toBe('SENDING_TIME_ACCURACY');
  });

  it('answers a Logon ack with wrong CompIDs with a Logout only (no Reject), as a FixLogonError', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue('A', [[108, '30']], { senderCompId: 'TRUEX_UAT_MD' });
    expect(h.sent('3')).toHaveLength(0);
    expect(h.sent('5')).toHaveLength(1);
    expect(h.closedWith()?.error).toBeInstanceOf(FixLogonError);
    expect(h.closedWith()?.error?.code).toBe('COMP_ID_PROBLEM');
    expect(h.events.some((e) => e.type === 'logon')).toBe(false);
  });

  it('still classifies a logon Reject whose header is odd (the venue’s reason matters more)', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue(
      '3',
      [
        [45, '1'],
        [373, '8'],
        [58, 'Authentication failed'],
      ],
      { senderCompId: 'X' },
    );
    expect(h.closedWith()?.error?.code).toBe('AUTHENTICATION_FAILED');
  });
});

describe('FixSessionEngine liveness', () => {
  it('reports unresponsive after 1.5 x HeartBtInt of inbound silence, responsive again on the next message', () => {
    const h = new EngineHarness();
    h.logon();
    expect(h.engine.isResponsive).toBe(true);
    expect(h.eventsOf('liveness')).toEqual([{ type: 'liveness', responsive: true, silentMs: 0 }]);
    h.clock.advance(44_999);
    expect(h.engine.isResponsive).toBe(true);
    expect(h.sent('1')).toHaveLength(1); // the TestRequest at 36 s goes out as before
    h.clock.advance(1);
    expect(h.engine.isResponsive).toBe(false);
    expect(h.eventsOf('liveness').at(-1)).toEqual({ type: 'liveness', responsive: false, silentMs: 45_000 });
    h.clock.advance(5_000);
    h.venue('0', [[112, 'TEST-1']]);
    expect(h.engine.isResponsive).toBe(true);
    expect(h.eventsOf('liveness').at(-1)).toEqual({ type: 'liveness', responsive: true, silentMs: 50_000 });
    expect(h.engine.state).toBe('active');
  });

  it('keeps the disconnect timeout: dropped 36 s + 30 s after the last inbound message', () => {
    const h = new EngineHarness();
    h.logon();
    h.clock.advance(65_999);
    expect(h.engine.state).toBe('active');
    h.clock.advance(1);
    expect(h.closedWith()?.error?.code).toBe('TEST_REQUEST_TIMEOUT');
    expect(h.eventsOf('liveness').map((e) => e.responsive)).toEqual([true, false]);
  });

  it('honours unresponsiveAfterMs', () => {
    const h = new EngineHarness({ unresponsiveAfterMs: 10_000 });
    h.logon();
    h.clock.advance(10_000);
    expect(h.engine.isResponsive).toBe(false);
  });
});
