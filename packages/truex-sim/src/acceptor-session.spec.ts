import { formatUtcTimestamp } from '@truex-mm/fix-codec';
import { AcceptorHarness, API_KEY, SENDER, VENUE } from './acceptor-harness.test-util';

describe('FixAcceptorSession logon', () => {
  it('acks a valid Logon with 108 and 1137=9, a microsecond SendingTime and the CompIDs swapped', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.logon({ heartBtInt: 30 });
    expect(c.out).toHaveLength(1);
    const ack = c.out[0]!;
    expect(ack.msgType).toBe('A');
    expect(ack.get(49)).toBe(VENUE);
    expect(ack.get(56)).toBe(SENDER);
    expect(ack.get(34)).toBe('1');
    expect(ack.get(108)).toBe('30');
    expect(ack.get(1137)).toBe('9');
    expect(ack.get(52)).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(c.session.state).toBe('active');
  });

  it('answers a wrong secret with 35=3 373=8 "Authentication failed" and closes', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.logon({ secret: 'not-the-secret' });
    expect(c.out).toHaveLength(1);
    expect(c.out[0]!.msgType).toBe('3');
    expect(c.out[0]!.get(373)).toBe('8');
    expect(c.out[0]!.get(58)).toBe('Authentication failed');
    expect(c.out[0]!.get(45)).toBe('1');
    expect(c.closed).toBe(true);
    expect(c.session.state).toBe('closed');
  });

  it('rejects an unknown API key the same way, without naming the secret', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.logon({ apiKey: 'no-such-key' });
    expect(c.out[0]!.get(58)).toBe('Authentication failed');
    expect(c.out[0]!.raw.toString('latin1')).not.toContain('test-secret');
    expect(c.closed).toBe(true);
  });

  it('allows one session per CompID pair: a second connection gets "Already authenticated cannot logon again"', () => {
    const h = new AcceptorHarness();
    const first = h.active();
    const second = h.connect();
    second.logon();
    expect(second.out[0]!.msgType).toBe('3');
    expect(second.out[0]!.get(58)).toBe('Already authenticated cannot logon again');
    expect(second.out[0]!.get(45)).toBe('1');
    expect(second.closed).toBe(true);
    expect(first.session.state).toBe('active');
    // Another SenderCompID is another session.
    const other = h.connect('CLI_OTHER');
    other.logon();
    expect(other.out[0]!.msgType).toBe('A');
  });

  it('answers a second Logon on the live connection with the same reject and keeps the session', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.send('A', [
      [98, '0'],
      [108, '30'],
    ]);
    expect(c.last().msgType).toBe('3');
    expect(c.last().get(58)).toBe('Already authenticated cannot logon again');
    expect(c.session.state).toBe('active');
  });

  it('lets the client log on again after the previous connection closed (reconnect)', () => {
    const h = new AcceptorHarness();
    const first = h.active();
    first.session.transportClosed();
    const again = h.connect();
    again.logon();
    expect(again.out[0]!.msgType).toBe('A');
  });

  it('closes a connection whose first message is not a Logon', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.send('0', []);
    expect(c.out).toHaveLength(0);
    expect(c.closed).toBe(true);
  });

  it('rejects a Logon aimed at another TargetCompID', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.receive(
      Buffer.from(
        c
          .header('A')
          .map(([t, v]) => `${t}=${v}`)
          .join('\x01'),
      ),
    );
    // Not a whole frame: nothing happens until a valid one arrives.
    expect(c.out).toHaveLength(0);
    c.sendRaw([
      [35, 'A'],
      [49, SENDER],
      [56, 'TRUEX_UAT_MD'],
      [34, '1'],
      [52, formatUtcTimestamp(h.clock.now())],
      [108, '30'],
      [553, API_KEY],
      [554, 'x'],
    ]);
    expect(c.last().get(58)).toBe('Invalid session ID');
    expect(c.closed).toBe(true);
  });
});

describe('FixAcceptorSession heartbeat and TestRequest timings (§3.4, scaled to HeartBtInt)', () => {
  it('sends a Heartbeat after HeartBtInt of outbound silence', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    h.clock.advance(9_999);
    c.send('0', []); // keeps the inbound side alive
    expect(c.out).toHaveLength(0);
    h.clock.advance(1);
    expect(c.out.map((m) => m.msgType)).toEqual([]);
    // HeartBtInt 30: the logon ack went out at t0, so the heartbeat is due at t0 + 30 s.
    h.clock.advance(20_000);
    expect(c.out.map((m) => m.msgType)).toEqual(['0']);
  });

  it('sends TEST-<SenderCompID> after 1.2×HeartBtInt of inbound silence, repeats it every second, then logs out with 1409=4 "goodbye" at 2.4×HeartBtInt', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    const start = h.clock.now();
    const seen: Array<[string, number, string | undefined]> = [];
    const record = (): void => {
      for (const m of c.drain()) seen.push([m.msgType, h.clock.now() - start, m.get(112)]);
    };
    for (let t = 0; t < 80_000 && !c.closed; t += 100) {
      h.clock.advance(100);
      record();
    }
    expect(seen[0]).toEqual(['0', 30_000, undefined]);
    const testRequests = seen.filter(([t]) => t === '1');
    expect(testRequests[0]).toEqual(['1', 36_000, 'TEST-CLI_CLIENT']);
    expect(testRequests[1]![1]).toBe(37_000);
    expect(testRequests).toHaveLength(36); // 36 s … 71 s, as in the UAT capture
    const logout = seen[seen.length - 1]!;
    expect(logout[0]).toBe('5');
    expect(logout[1]).toBe(72_000);
    expect(c.closed).toBe(true);
  });

  it('logs out with 1409=4|58=goodbye and the timings scale with HeartBtInt', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.logon({ heartBtInt: 5 });
    c.drain();
    h.clock.advance(5_999);
    expect(c.ofType('1')).toHaveLength(0);
    h.clock.advance(1);
    expect(c.ofType('1')).toHaveLength(1);
    h.clock.advance(5_999);
    const logout = c.ofType('5');
    expect(logout).toHaveLength(0);
    h.clock.advance(1);
    expect(c.ofType('5')).toHaveLength(1);
    expect(c.ofType('5')[0]!.get(1409)).toBe('4');
    expect(c.ofType('5')[0]!.get(58)).toBe('goodbye');
    expect(c.closed).toBe(true);
  });

  it('keeps the session when the client answers TestRequests, and answers a client TestRequest with its id', () => {
    const h = new AcceptorHarness();
    const c = h.connect();
    c.logon({ heartBtInt: 1 });
    c.drain();
    for (let i = 0; i < 20; i++) {
      h.clock.advance(500);
      for (const tr of c.ofType('1')) c.send('0', [[112, tr.get(112)!]]);
      c.drain();
    }
    expect(c.session.state).toBe('active');
    c.send('1', [[112, 'PING-7']]);
    expect(c.last().msgType).toBe('0');
    expect(c.last().get(112)).toBe('PING-7');
  });

  it('uses the configured HeartBtInt instead of the client’s when forced', () => {
    const h = new AcceptorHarness({ heartBtIntSec: 2 });
    const c = h.connect();
    c.logon({ heartBtInt: 30 });
    expect(c.out[0]!.get(108)).toBe('2');
  });
});

describe('FixAcceptorSession sequence numbers', () => {
  it('asks for a resend on an inbound gap, queues application messages, and processes them once the gap is filled', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.nextSeq = 4; // 2 and 3 never arrive
    c.order({ clOrdId: 'Q1' });
    expect(c.out.map((m) => m.msgType)).toEqual(['2']);
    expect(c.out[0]!.get(7)).toBe('2');
    expect(c.out[0]!.get(16)).toBe('0');
    expect(h.venue.counters().ordersAccepted).toBe(0);
    // A second message beyond the gap does not trigger another ResendRequest.
    c.order({ clOrdId: 'Q2' });
    expect(c.ofType('2')).toHaveLength(1);
    c.drain();
    c.send(
      '4',
      [
        [123, 'Y'],
        [36, '4'],
      ],
      { seq: 2, possDup: true },
    );
    const reports = c.ofType('8');
    expect(reports.map((m) => [m.get(11), m.get(150)])).toEqual([
      ['Q1', 'A'],
      ['Q1', '0'],
      ['Q2', 'A'],
      ['Q2', '0'],
    ]);
    expect(h.venue.counters().ordersAccepted).toBe(2);
  });

  it('fills a gap with resent (PossDup) application messages', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.nextSeq = 3;
    c.order({ clOrdId: 'LATE' });
    c.drain();
    c.nextSeq = 2;
    c.order({ clOrdId: 'EARLY' });
    expect(c.ofType('8').map((m) => m.get(11))).toEqual(['EARLY', 'EARLY', 'LATE', 'LATE']);
  });

  it('ignores a PossDup message below the expected number and logs out on a plain one', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.send('0', []);
    c.send('0', [], { seq: 2, possDup: true });
    expect(c.out).toHaveLength(0);
    c.send('0', [], { seq: 2 });
    expect(c.last().msgType).toBe('5');
    expect(c.last().get(58)).toBe('MsgSeqNum too low, expecting 3 but received 2');
    expect(c.closed).toBe(true);
  });

  it('answers a ResendRequest by replaying execution reports with 43=Y (no 122) and gap-filling admin messages', () => {
    const h = new AcceptorHarness();
    const c = h.active(); // venue seq 1 = Logon ack
    c.order({ clOrdId: 'R1' }); // venue seq 2, 3
    h.clock.advance(30_000); // venue seq 4 = Heartbeat
    c.drain();
    c.send('2', [
      [7, '1'],
      [16, '0'],
    ]);
    const replay = c.drain();
    expect(replay.map((m) => [m.msgType, m.get(34), m.get(43), m.get(36), m.get(123)])).toEqual([
      ['4', '1', 'Y', '2', 'Y'],
      ['8', '2', 'Y', undefined, undefined],
      ['8', '3', 'Y', undefined, undefined],
      ['4', '4', 'Y', '5', 'Y'],
    ]);
    expect(replay[1]!.get(150)).toBe('A');
    expect(replay.every((m) => !m.has(122))).toBe(true);
  });

  it('continues sequence numbers across a reconnect without 141=Y and replays reports sent while disconnected', () => {
    const h = new AcceptorHarness({ venue: { fillProbability: 1 } });
    const c = h.active();
    c.order({ clOrdId: 'K1', price: '99000' }); // venue 2, 3
    c.session.transportClosed();
    h.reference.set('98999.5'); // fill while the client is away → venue seq 4, stored
    const again = h.connect();
    again.nextSeq = c.nextSeq;
    again.logon({ reset: false });
    const ack = again.last();
    expect(ack.msgType).toBe('A');
    expect(ack.get(34)).toBe('5');
    again.send('2', [
      [7, '4'],
      [16, '0'],
    ]);
    const fill = again.ofType('8').find((m) => m.get(150) === 'F');
    expect(fill?.get(34)).toBe('4');
    expect(fill?.get(43)).toBe('Y');
  });

  it('asks for a resend when a Logon without 141=Y skips numbers', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.session.transportClosed();
    const again = h.connect();
    again.logon({ reset: false, seq: 5 });
    expect(again.out.map((m) => m.msgType)).toEqual(['A', '2']);
    expect(again.out[1]!.get(7)).toBe('2');
    again.send('4', [[36, '6']]); // SequenceReset-Reset
    again.nextSeq = 6;
    again.send('1', [[112, 'X']]);
    expect(again.last().get(112)).toBe('X');
  });
});

describe('FixAcceptorSession malformed input', () => {
  it('rejects OrigSendingTime (122) with "Invalid tag (122)"', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.sendRaw([...c.header('0'), [43, 'Y'], [122, formatUtcTimestamp(h.clock.now())]]);
    expect(c.last().msgType).toBe('3');
    expect(c.last().get(58)).toBe('Invalid tag (122)');
    expect(c.last().get(371)).toBe('122');
    expect(c.last().get(45)).toBe('2');
    // The rejected number was consumed: the next message is in sequence.
    c.send('1', [[112, 'after']]);
    expect(c.last().get(112)).toBe('after');
  });

  it('rejects a header tag after a body tag and does not process the order', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    const [msgType, sender, target, seq, time] = c.header('D');
    c.sendRaw([
      msgType!,
      sender!,
      [11, 'HDR1'],
      target!,
      seq!,
      time!,
      [55, 'BTC-PYUSD'],
      [54, '1'],
      [38, '0.01'],
      [40, '2'],
      [44, '100000'],
      [453, '1'],
      [448, '10000000000000007'],
      [452, '3'],
    ]);
    expect(c.out.map((m) => m.msgType)).toEqual(['3']);
    expect(c.last().get(373)).toBe('14');
    expect(c.last().get(58)).toBe('Invalid tag (56)');
    expect(h.venue.counters().ordersAccepted).toBe(0);
  });

  it('rejects Parties out of FIX order with "Invalid tag (448)"', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.sendRaw([
      ...c.header('D'),
      [11, 'GRP1'],
      [55, 'BTC-PYUSD'],
      [54, '1'],
      [38, '0.01'],
      [40, '2'],
      [44, '100000'],
      [448, '10000000000000007'],
      [452, '3'],
      [453, '1'],
    ]);
    expect(c.out.map((m) => m.msgType)).toEqual(['3']);
    expect(c.last().get(58)).toBe('Invalid tag (448)');
    expect(c.last().get(372)).toBe('D');
  });

  it('ignores a frame with a bad checksum, counts it, and keeps the session', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    const bytes = Buffer.from(
      c
        .header('0')
        .map(([t, v]) => `${t}=${v}\x01`)
        .join(''),
    );
    const frame = Buffer.concat([Buffer.from(`8=FIXT.1.1\x019=${bytes.length}\x01`), bytes, Buffer.from('10=000\x01')]);
    c.receive(frame);
    expect(c.out).toHaveLength(0);
    expect(c.session.counters().garbledFrames).toBe(1);
    expect(c.session.state).toBe('active');
  });

  it('answers a market-data request on the order-entry session with 35=j "Invalid session ID"', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.send('V', [
      [262, 'MD1'],
      [263, '1'],
      [146, '1'],
      [55, 'BTC-PYUSD'],
    ]);
    expect(c.last().msgType).toBe('j');
    expect(c.last().get(58)).toBe('Invalid session ID');
    expect(c.last().get(372)).toBe('V');
  });
});

describe('FixAcceptorSession rate limit and faults', () => {
  it('answers messages over the rate limit with 35=j 380=8 and processes them again a second later', () => {
    const h = new AcceptorHarness({ rateLimit: 3 });
    const c = h.active();
    for (let i = 0; i < 4; i++) c.order({ clOrdId: `T${i}` });
    const throttled = c.ofType('j');
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.get(380)).toBe('8');
    expect(throttled[0]!.get(379)).toBe('T3');
    expect(throttled[0]!.get(58)).toBe('Throttle limit exceeded');
    expect(h.venue.counters().ordersAccepted).toBe(3);
    h.clock.advance(1000);
    c.order({ clOrdId: 'T4' });
    expect(h.venue.counters().ordersAccepted).toBe(4);
  });

  it('drops an outbound message (a gap at the client) and replays it on request', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    h.faults.dropNextOutbound();
    c.order({ clOrdId: 'D1' });
    expect(c.ofType('8').map((m) => [m.get(34), m.get(150)])).toEqual([['3', '0']]);
    c.send('2', [
      [7, '2'],
      [16, '2'],
    ]);
    expect(c.last().get(34)).toBe('2');
    expect(c.last().get(150)).toBe('A');
    expect(c.last().get(43)).toBe('Y');
  });

  it('duplicates the next application message with 43=Y', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    h.faults.duplicateNextWithPossDup();
    c.order({ clOrdId: 'DUP' });
    const reports = c.ofType('8');
    expect(reports.map((m) => [m.get(34), m.get(43), m.get(150)])).toEqual([
      ['2', undefined, 'A'],
      ['2', 'Y', 'A'],
      ['3', undefined, '0'],
    ]);
  });

  it('replies to a client Logout with a Logout and closes', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.send('5', []);
    expect(c.last().msgType).toBe('5');
    expect(c.closed).toBe(true);
  });
});
