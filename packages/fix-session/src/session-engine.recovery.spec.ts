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
const GAP_FILL = (newSeqNo: number): ReadonlyArray<readonly [number, string]> => [
  [123, 'Y'],
  [36, String(newSeqNo)],
];

describe('FixSessionEngine continuing sequence numbers (resetOnLogon: false)', () => {
  it('logs on without 141 and with the stored numbers', () => {
    const h = new EngineHarness({ resetOnLogon: false, sequence: { nextOutgoing: 7, nextIncoming: 4 } });
    h.venueSeq = 4;
    h.logon();
    expect(h.out[0]!.has(141)).toBe(false);
    expect(h.out[0]!.get(34)).toBe('7');
    expect(h.engine.sequence).toEqual({ nextOutgoing: 8, nextIncoming: 5 });
    expect(h.eventsOf('venue-reset')).toHaveLength(0);
  });

  it('treats a Logon ack with 141=Y as a venue reset: Logout, closed with VENUE_RESET for a 141=Y logon', () => {
    const h = new EngineHarness({ resetOnLogon: false, sequence: { nextOutgoing: 7, nextIncoming: 4 } });
    h.engine.connected();
    h.venue(
      'A',
      [
        [108, '30'],
        [141, 'Y'],
      ],
      { seq: 1 },
    );
    expect(h.events.some((e) => e.type === 'logon')).toBe(false);
    expect(h.sent('5')).toHaveLength(1);
    expect(h.closedWith()?.error).toBeInstanceOf(FixLogonError);
    expect(h.closedWith()?.error?.code).toBe('VENUE_RESET');
  });

  it('with resetReason, logs on with 141=Y at 1/1 and reports venue-reset once acknowledged', () => {
    const h = new EngineHarness({
      resetOnLogon: false,
      resetReason: 'MsgSeqNum too low, expecting 9 but received 3',
      sequence: { nextOutgoing: 7, nextIncoming: 9 },
    });
    h.engine.connected();
    expect(h.out[0]!.get(141)).toBe('Y');
    expect(h.out[0]!.get(34)).toBe('1');
    expect(h.eventsOf('venue-reset')).toHaveLength(0);
    h.venue('A', [[108, '30']]);
    expect(h.eventsOf('venue-reset')).toEqual([
      { type: 'venue-reset', reason: 'MsgSeqNum too low, expecting 9 but received 3' },
    ]);
    expect(h.engine.sequence).toEqual({ nextOutgoing: 2, nextIncoming: 2 });
    expect(h.counters.venueResets).toBe(1);
  });
});

describe('FixSessionEngine gap recovery', () => {
  it('reports the gap open with its range while the ResendRequest is outstanding, and closed once filled', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', ER, { seq: 4 });
    expect(h.engine.gap).toEqual({ from: 2, to: 3 });
    expect(h.eventsOf('gap')).toEqual([{ type: 'gap', open: true, from: 2, to: 3 }]);
    h.venue('8', ER, { seq: 2, possDup: true });
    expect(h.engine.gap).toEqual({ from: 2, to: 3 });
    h.venue('8', ER, { seq: 3, possDup: true });
    expect(h.engine.gap).toBeUndefined();
    expect(h.eventsOf('gap').at(-1)).toEqual({ type: 'gap', open: false, from: 2, to: 3 });
    expect(h.appMessages()).toHaveLength(3);
  });

  it('sends the ResendRequest again after resendRequestTimeoutMs without progress, then gives up', () => {
    const h = new EngineHarness({ resendRequestTimeoutMs: 5000, resendRequestAttempts: 3 });
    h.logon();
    h.venue('8', ER, { seq: 5 });
    expect(h.sent('2')).toHaveLength(1);
    h.clock.advance(4999);
    expect(h.sent('2')).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sent('2').map((m) => [m.get(7), m.get(16)])).toEqual([
      ['2', '0'],
      ['2', '0'],
    ]);
    h.clock.advance(5000);
    expect(h.sent('2')).toHaveLength(3);
    expect(h.counters.resendRetries).toBe(2);
    expect(h.engine.state).toBe('active');
    h.clock.advance(5000);
    expect(h.closedWith()?.error?.code).toBe('RESEND_TIMEOUT');
    expect(h.eventsOf('gap').at(-1)).toMatchObject({ open: false });
  });

  it('restarts the attempt count when the resend makes progress', () => {
    const h = new EngineHarness({ resendRequestTimeoutMs: 5000, resendRequestAttempts: 2 });
    h.logon();
    h.venue('8', ER, { seq: 5 });
    h.clock.advance(5000); // attempt 2
    h.venue('8', ER, { seq: 2, possDup: true }); // progress
    h.clock.advance(5000); // progress seen: attempt count restarts, ask again from 3
    expect(h.engine.state).toBe('active');
    expect(h.sent('2').at(-1)!.get(7)).toBe('3');
    h.venue('8', ER, { seq: 3, possDup: true });
    h.venue('8', ER, { seq: 4, possDup: true });
    expect(h.engine.gap).toBeUndefined();
    h.clock.advance(20_000);
    expect(h.engine.state).toBe('active');
  });

  it('reports the messages a SequenceReset-GapFill skips instead of accepting them silently', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('8', [[11, 'five'], ...ER], { seq: 5 });
    h.venue('4', GAP_FILL(5), { seq: 2, possDup: true });
    expect(h.eventsOf('messages-skipped')).toEqual([{ type: 'messages-skipped', from: 2, to: 4 }]);
    expect(h.counters.messagesSkipped).toBe(3);
    expect(h.appMessages().map((m) => m.get(11))).toEqual(['five']);
    expect(h.engine.gap).toBeUndefined();
  });

  it('reports the messages a SequenceReset in reset mode skips', () => {
    const h = new EngineHarness();
    h.logon();
    h.venue('4', [[36, '10']], { seq: 2 });
    expect(h.eventsOf('messages-skipped')).toEqual([{ type: 'messages-skipped', from: 2, to: 9 }]);
  });
});
