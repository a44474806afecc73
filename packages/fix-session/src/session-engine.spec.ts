import { createHmac } from 'node:crypto';
import { CREDENTIALS, EngineHarness } from './engine.test-util';
import { FixLogonError } from './errors';
import { MemorySequenceStore } from './sequence-store';

const ORDER: ReadonlyArray<readonly [number, string]> = [
  [11, 'C1'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [38, '0.01'],
  [40, '2'],
  [44, '100000'],
];
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

describe('FixSessionEngine logon', () => {
  it('sends the TrueX Logon: 98=0, 108, 141=Y, 553 = key id, 554 = HMAC over the exact 52, 1137=9', () => {
    const h = new EngineHarness();
    h.engine.connected();
    expect(h.out).toHaveLength(1);
    const logon = h.out[0]!;
    expect(logon.msgType).toBe('A');
    expect(logon.get(34)).toBe('1');
    expect(logon.get(52)).toBe('20260101-12:00:00.000');
    const body = logon.fields().filter(([tag]) => ![8, 9, 35, 49, 56, 34, 52, 10].includes(tag));
    const sendingTime = logon.get(52)!;
    const expected = createHmac('sha256', Buffer.from(CREDENTIALS.apiSecret, 'utf8'))
      .update(`${sendingTime}A1CLIENT_UATTRUEX_UAT_OE${CREDENTIALS.apiKey}`)
      .digest('base64');
    expect(body).toEqual([
      [98, '0'],
      [108, '30'],
      [141, 'Y'],
      [553, CREDENTIALS.apiKey],
      [554, expected],
      [1137, '9'],
    ]);
    expect(logon.has(122)).toBe(false);
    expect(h.engine.state).toBe('logging-on');
  });

  it('without reset, signs and sends the stored MsgSeqNum and omits 141', () => {
    const h = new EngineHarness({ resetSeqNumOnLogon: false, sequence: { nextOutgoing: 7, nextIncoming: 4 } });
    h.engine.connected();
    const logon = h.out[0]!;
    expect(logon.get(34)).toBe('7');
    expect(logon.has(141)).toBe(false);
    const expected = createHmac('sha256', CREDENTIALS.apiSecret)
      .update(`${logon.get(52)}A7CLIENT_UATTRUEX_UAT_OE${CREDENTIALS.apiKey}`)
      .digest('base64');
    expect(logon.get(554)).toBe(expected);
  });

  it('becomes active on the Logon ack', () => {
    const h = new EngineHarness();
    h.logon();
    expect(h.engine.state).toBe('active');
    expect(h.events.some((e) => e.type === 'logon')).toBe(true);
    expect(h.engine.sequence).toEqual({ nextOutgoing: 2, nextIncoming: 2 });
    expect(h.counters.logons).toBe(1);
  });

  it('turns 35=3 373=8 into FixLogonError AUTHENTICATION_FAILED with the venue text, and closes', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue('3', [
      [45, '1'],
      [373, '8'],
      [58, 'Authentication failed'],
    ]);
    const closed = h.closedWith();
    expect(closed?.error).toBeInstanceOf(FixLogonError);
    expect(closed?.error?.code).toBe('AUTHENTICATION_FAILED');
    expect(closed?.error?.venueText).toBe('Authentication failed');
    expect(closed?.error?.message).not.toContain(CREDENTIALS.apiSecret);
    expect(h.closeCalls).toBe(1);
    expect(h.engine.state).toBe('closed');
  });

  it('recognises "Already authenticated" as ALREADY_AUTHENTICATED', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue('3', [
      [45, '1'],
      [58, 'Already authenticated cannot logon again'],
    ]);
    expect(h.closedWith()?.error?.code).toBe('ALREADY_AUTHENTICATED');
  });

  it('turns a Logout reply into LOGON_REJECTED carrying its text', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue('5', [[58, 'Invalid session ID']]);
    const error = h.closedWith()?.error;
    expect(error).toBeInstanceOf(FixLogonError);
    expect(error?.code).toBe('LOGON_REJECTED');
    expect(error?.venueText).toBe('Invalid session ID');
  });

  it('reports a silent close after Logon as CLOSED_DURING_LOGON', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.engine.disconnected();
    expect(h.closedWith()?.error?.code).toBe('CLOSED_DURING_LOGON');
  });

  it('times the Logon out after logonTimeoutMs, not before', () => {
    const h = new EngineHarness({ logonTimeoutMs: 10_000 });
    h.engine.connected();
    h.clock.advance(9_999);
    expect(h.engine.state).toBe('logging-on');
    h.clock.advance(1);
    expect(h.closedWith()?.error?.code).toBe('LOGON_TIMEOUT');
  });
});

describe('FixSessionEngine heartbeats and test requests', () => {
  it('sends a Heartbeat after HeartBtInt of outbound silence, counted from the last message sent', () => {
    const h = new EngineHarness();
    h.logon();
    h.clock.advance(20_000);
    h.venue('0'); // keeps inbound alive; must not delay our own heartbeat
    h.engine.send('D', ORDER);
    h.clock.advance(29_999);
    expect(h.sent('0')).toHaveLength(0);
    h.clock.advance(1);
    expect(h.sent('0')).toHaveLength(1);
    expect(h.sent('0')[0]!.has(112)).toBe(false);
    expect(h.counters.heartbeatsOut).toBe(1);
  });

  it('answers a TestRequest with a Heartbeat echoing its 112', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('1', [[112, 'TEST-CLIENT_UAT']]);
    const hb = h.sent('0');
    expect(hb).toHaveLength(1);
    expect(hb[0]!.get(112)).toBe('TEST-CLIENT_UAT');
    expect(h.counters.testRequestsIn).toBe(1);
  });

  it('sends a TestRequest after 1.2 x HeartBtInt of inbound silence and stays up when answered', () => {
    const h = new EngineHarness();
    h.logon();
    h.clock.advance(35_999);
    expect(h.sent('1')).toHaveLength(0);
    h.clock.advance(1);
    const tr = h.sent('1');
    expect(tr).toHaveLength(1);
    const id = tr[0]!.get(112)!;
    expect(h.engine.pendingTestRequest).toBe(id);
    h.clock.advance(5_000);
    h.venue('0', [[112, id]]);
    expect(h.engine.pendingTestRequest).toBeUndefined();
    h.clock.advance(30_000);
    expect(h.engine.state).toBe('active');
  });

  it('drops the connection when the TestRequest goes unanswered', () => {
    const h = new EngineHarness({ testRequestTimeoutMs: 30_000 });
    h.logon();
    h.clock.advance(36_000 + 29_999);
    expect(h.engine.state).toBe('active');
    h.clock.advance(1);
    expect(h.closedWith()?.error?.code).toBe('TEST_REQUEST_TIMEOUT');
    expect(h.closeCalls).toBe(1);
  });
});

describe('FixSessionEngine inbound sequence numbers', () => {
  it('requests a resend on a gap, queues later messages and delivers everything in order once filled', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', [[11, 'four'], ...ER], { seq: 4 });
    h.venue('8', [[11, 'five'], ...ER], { seq: 5 });
    const rr = h.sent('2');
    expect(rr).toHaveLength(1);
    expect(rr[0]!.get(7)).toBe('2');
    expect(rr[0]!.get(16)).toBe('0');
    expect(h.appMessages()).toHaveLength(0);
    expect(h.counters.gaps).toBe(1);
    h.venue('8', [[11, 'two'], ...ER], { seq: 2, possDup: true });
    h.venue('8', [[11, 'three'], ...ER], { seq: 3, possDup: true });
    expect(h.appMessages().map((m) => m.get(11))).toEqual(['two', 'three', 'four', 'five']);
    expect(h.engine.sequence.nextIncoming).toBe(6);
  });

  it('applies an inbound SequenceReset-GapFill and then drains the queue', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', [[11, 'four'], ...ER], { seq: 4 });
    h.venue(
      '4',
      [
        [123, 'Y'],
        [36, '4'],
      ],
      { seq: 2, possDup: true },
    );
    expect(h.appMessages().map((m) => m.get(11))).toEqual(['four']);
    expect(h.engine.sequence.nextIncoming).toBe(5);
    expect(h.counters.gapFillsIn).toBe(1);
  });

  it('applies SequenceReset in reset mode, and rejects one that would lower the sequence', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('4', [[36, '10']], { seq: 99 });
    expect(h.engine.sequence.nextIncoming).toBe(10);
    h.venue('4', [[36, '5']], { seq: 10 });
    expect(h.engine.sequence.nextIncoming).toBe(10);
    const reject = h.sent('3');
    expect(reject).toHaveLength(1);
    expect(reject[0]!.get(373)).toBe('5');
    expect(h.engine.state).toBe('active');
  });

  it('ignores a PossDup duplicate of a message already processed', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', ER, { seq: 2 });
    h.venue('8', ER, { seq: 2, possDup: true });
    expect(h.appMessages()).toHaveLength(1);
    expect(h.counters.duplicatesIgnored).toBe(1);
    expect(h.engine.state).toBe('active');
  });

  it('ends the session with a Logout when MsgSeqNum is too low without PossDup', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', ER, { seq: 2 });
    h.venue('8', ER, { seq: 2 });
    const logout = h.sent('5');
    expect(logout).toHaveLength(1);
    expect(logout[0]!.get(58)).toBe('MsgSeqNum too low, expecting 3 but received 2');
    expect(h.closedWith()?.error?.code).toBe('SEQUENCE_TOO_LOW');
    expect(h.appMessages()).toHaveLength(1);
  });

  it('refuses a Logon ack whose MsgSeqNum is below the stored expectation', () => {
    const h = new EngineHarness({ resetSeqNumOnLogon: false, sequence: { nextOutgoing: 5, nextIncoming: 9 } });
    h.engine.connected();
    h.venue('A', [[108, '30']], { seq: 3 });
    expect(h.events.some((e) => e.type === 'logon')).toBe(false);
    expect(h.sent('5')[0]!.get(58)).toBe('MsgSeqNum too low, expecting 9 but received 3');
    expect(h.closedWith()?.error).toBeInstanceOf(FixLogonError);
    expect(h.closedWith()?.error?.code).toBe('SEQUENCE_TOO_LOW');
  });

  it('requests a resend when the Logon ack itself is ahead', () => {
    const h = new EngineHarness();
    h.engine.connected();
    h.venue('A', [[108, '30']], { seq: 3 });
    expect(h.engine.state).toBe('active');
    expect(h.sent('2')[0]!.get(7)).toBe('1');
    h.venue(
      '4',
      [
        [123, 'Y'],
        [36, '3'],
      ],
      { seq: 1, possDup: true },
    );
    expect(h.engine.sequence.nextIncoming).toBe(4);
  });
});

describe('FixSessionEngine answering ResendRequest', () => {
  it('gap-fills the whole range instead of resending orders: 34=Begin, 43=Y, 123=Y, 36=next, fresh 52, no 122', () => {
    const h = new EngineHarness();
    h.logon();
    expect([h.engine.send('D', ORDER), h.engine.send('F', ORDER), h.engine.send('G', ORDER)]).toEqual([2, 3, 4]);
    h.clock.advance(1234);
    h.venue('2', [
      [7, '2'],
      [16, '0'],
    ]);
    const fills = h.sent('4');
    expect(fills).toHaveLength(1);
    const fill = fills[0]!;
    expect(fill.get(34)).toBe('2');
    expect(fill.get(43)).toBe('Y');
    expect(fill.get(123)).toBe('Y');
    expect(fill.get(36)).toBe('5');
    expect(fill.get(52)).toBe('20260101-12:00:01.234');
    expect(fill.has(122)).toBe(false);
    expect(h.sent('D')).toHaveLength(1);
    expect(h.engine.sequence.nextOutgoing).toBe(5);
    expect(h.counters.gapFillsSent).toBe(1);
    expect(h.counters.resendRequestsIn).toBe(1);
  });

  it('honours a bounded EndSeqNo', () => {
    const h = new EngineHarness();
    h.logon();
    h.engine.send('D', ORDER);
    h.engine.send('D', ORDER);
    h.venue('2', [
      [7, '1'],
      [16, '2'],
    ]);
    const fill = h.sent('4')[0]!;
    expect(fill.get(34)).toBe('1');
    expect(fill.get(36)).toBe('3');
  });

  it('answers a ResendRequest that arrives ahead of a gap at once, and only once', () => {
    const h = new EngineHarness();
    h.logon();
    h.engine.send('D', ORDER);
    h.venue(
      '2',
      [
        [7, '2'],
        [16, '0'],
      ],
      { seq: 3 },
    );
    expect(h.sent('4')).toHaveLength(1);
    h.venue(
      '4',
      [
        [123, 'Y'],
        [36, '3'],
      ],
      { seq: 2, possDup: true },
    );
    expect(h.engine.sequence.nextIncoming).toBe(4);
    expect(h.sent('4')).toHaveLength(1);
  });
});

describe('FixSessionEngine application traffic, logout and store', () => {
  it('refuses application messages before logon and session-level types at any time', () => {
    const h = new EngineHarness();
    expect(h.engine.send('D', ORDER)).toBeUndefined();
    h.engine.connected();
    expect(h.engine.send('D', ORDER)).toBeUndefined();
    h.venue('A', [[108, '30']]);
    expect(h.engine.send('A', [])).toBeUndefined();
    expect(h.engine.send('D', ORDER)).toBe(2);
    expect(h.sent('D')).toHaveLength(1);
  });

  it('emits inbound application messages and session Rejects', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', ER);
    h.venue('3', [
      [45, '2'],
      [373, '0'],
      [58, 'Invalid tag (122)'],
    ]);
    expect(h.appMessages().map((m) => m.msgType)).toEqual(['8']);
    const reject = h.events.find((e) => e.type === 'reject');
    expect(reject?.type === 'reject' && reject.reject.refSeqNum).toBe(2);
    expect(reject?.type === 'reject' && reject.reject.text).toBe('Invalid tag (122)');
    expect(h.counters.rejectsIn).toBe(1);
  });

  it('completes the Logout handshake', () => {
    const h = new EngineHarness();
    h.logon();
    h.engine.logout();
    expect(h.sent('5')).toHaveLength(1);
    expect(h.engine.state).toBe('logging-out');
    h.venue('5', [[58, 'bye']]);
    expect(h.closedWith()).toEqual({ type: 'closed', reason: 'logout complete: bye' });
  });

  it('closes after logoutTimeoutMs when the venue never answers the Logout', () => {
    const h = new EngineHarness({ logoutTimeoutMs: 2000 });
    h.logon();
    h.engine.logout();
    h.clock.advance(1999);
    expect(h.engine.state).toBe('logging-out');
    h.clock.advance(1);
    expect(h.engine.state).toBe('closed');
    expect(h.closedWith()?.error).toBeUndefined();
  });

  it('answers a venue Logout with a Logout and reports the venue words', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('5', [
      [1409, '4'],
      [58, 'goodbye'],
    ]);
    expect(h.sent('5')).toHaveLength(1);
    expect(h.closedWith()?.reason).toBe('venue logged out: goodbye');
  });

  it('keeps sequence numbers in the store as they move', async () => {
    const store = new MemorySequenceStore({ nextOutgoing: 10, nextIncoming: 20 });
    const h = new EngineHarness({ resetSeqNumOnLogon: false, sequence: await store.load(), store });
    h.venueSeq = 20;
    h.logon();
    h.engine.send('D', ORDER);
    h.venue('8', ER);
    expect(await store.load()).toEqual({ nextOutgoing: 12, nextIncoming: 22 });
  });

  it('skips a garbled frame, reports it, and carries on', () => {
    const h = new EngineHarness();
    h.logon();
    const bad = Buffer.from('8=FIXT.1.1\x019=5\x0135=0\x0110=000\x01', 'latin1');
    h.engine.receive(bad);
    h.venue('8', ER);
    expect(h.events.some((e) => e.type === 'error' && e.error.code === 'GARBLED')).toBe(true);
    expect(h.counters.garbled).toBe(1);
    expect(h.appMessages()).toHaveLength(1);
    expect(h.engine.state).toBe('active');
  });
});
