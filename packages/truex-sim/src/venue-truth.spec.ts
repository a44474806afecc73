import { ManualClock } from '@truex-mm/clock';
import { CLIENT_ID } from './acceptor-harness.test-util';
import { RestHarness } from './rest/rest-request.test-util';
import { SimPeer, inMemorySim } from './sim-peer.test-util';
import type { TrueXSimulator } from './truex-simulator';

const START = Date.UTC(2025, 8, 10, 14);

type SimUnderTest = Pick<ReturnType<typeof inMemorySim>, 'connector' | 'clock'>;

/** Logs a fresh peer on (141=Y) and rests `n` buy orders V1..Vn at 99000, 98999.5, … */
function withRestingOrders(sim: SimUnderTest, n: number) {
  const peer = new SimPeer(sim.clock, sim.connector);
  peer.logon();
  for (let i = 1; i <= n; i++) peer.order(`V${i}`, String(99000 - (i - 1) * 0.5));
  return peer;
}

/** A peer that logs on again without 141=Y, continuing the previous peer's numbers. */
function continuing(sim: SimUnderTest, previous: SimPeer) {
  const peer = new SimPeer(sim.clock, sim.connector);
  peer.nextSeq = previous.nextSeq;
  return peer;
}

const ids = (peer: SimPeer): string[] =>
  peer.ofType('8').flatMap((m) => [m.get(17), m.get(37), m.get(880)].filter((v): v is string => v !== undefined));

describe('venue ids across simulator restarts', () => {
  it('never reuses an ExecID, OrderID or TrdMatchID after a restart with the same seed and the same start time', async () => {
    const seen: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const s = inMemorySim({ seed: 7, clock: new ManualClock(START) });
      const peer = withRestingOrders(s, 3);
      s.sim.faults.fillOrders(CLIENT_ID, 3);
      seen.push(ids(peer).filter((id) => id !== 'NONE'));
      await s.sim.stop();
    }
    const [first, second] = seen as [string[], string[]];
    expect(first.length).toBeGreaterThanOrEqual(12); // 3 × (PendingNew, New, Fill + TrdMatchID)
    expect(second).toHaveLength(first.length);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    // Purely numeric, 18 digits (the REST id shape); a later instance's ids are all above an earlier one's.
    for (const id of [...first, ...second]) expect(id).toMatch(/^\d{18}$/);
    const max = (xs: string[]) => xs.map(BigInt).reduce((a, b) => (a > b ? a : b));
    const min = (xs: string[]) => xs.map(BigInt).reduce((a, b) => (a < b ? a : b));
    expect(min(second) > max(first)).toBe(true);
  });

  it('takes the epoch from the clock at start: a later start gives higher ids', async () => {
    const early = inMemorySim({ clock: new ManualClock(Date.UTC(2030, 0, 1)) });
    const late = inMemorySim({ clock: new ManualClock(Date.UTC(2031, 0, 1)) });
    const a = withRestingOrders(early, 1);
    const b = withRestingOrders(late, 1);
    expect(BigInt(b.ofType('8')[0]!.get(37)!) - BigInt(a.ofType('8')[0]!.get(37)!)).toBeGreaterThan(10n ** 16n);
    await early.sim.stop();
    await late.sim.stop();
  });
});

describe('restartSessions: a venue gateway restart with a sequence reset', () => {
  let s: ReturnType<typeof inMemorySim>;
  beforeEach(() => {
    s = inMemorySim();
  });
  afterEach(() => s.sim.stop());

  it('drops the session and acks a continuing Logon with 34=1 141=Y; the next message is expected as 2', () => {
    const before = withRestingOrders(s, 1);
    s.sim.faults.restartSessions();
    before.settle();
    expect(before.closed).toBe(true);
    const after = continuing(s, before);
    expect(after.nextSeq).toBeGreaterThan(2);
    const ack = after.logon({ reset: false });
    expect([ack.get(34), ack.get(141), ack.get(108), ack.get(1137)]).toEqual(['1', 'Y', '30', '9']);
    after.drain();
    after.nextSeq = 2; // the client resets too
    after.send('1', [[112, 'AFTER-RESET']]);
    expect(after.out.map((m) => [m.msgType, m.get(34), m.get(112)])).toEqual([['0', '2', 'AFTER-RESET']]);
    // The matching engine did not restart: the order is still there.
    expect(s.sim.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['V1']);
  });

  it('loses the reports stored while the session was down, and resets only once', () => {
    const before = withRestingOrders(s, 2);
    s.sim.faults.restartSessions();
    s.sim.faults.fillOrders(CLIENT_ID, 2);
    const after = continuing(s, before);
    after.logon({ reset: false });
    after.nextSeq = 2;
    after.resendRequest(1);
    expect(after.ofType('8')).toEqual([]);
    // A later continuing logon is an ordinary one: numbers go on, no 141.
    s.sim.faults.disconnectAll();
    const again = continuing(s, after);
    const ack = again.logon({ reset: false });
    expect(ack.get(141)).toBeUndefined();
    expect(Number(ack.get(34))).toBe(after.lastSeqIn() + 1);
  });

  it('acks a client that resets on its own (141=Y) in the ordinary way', () => {
    const before = withRestingOrders(s, 1);
    s.sim.faults.restartSessions();
    before.settle();
    expect(before.closed).toBe(true);
    const after = new SimPeer(s.clock, s.connector);
    const ack = after.logon();
    expect(ack.get(34)).toBe('1');
    expect(ack.get(141)).toBeUndefined();
  });
});

describe('fills while the client is disconnected (fillOrders)', () => {
  let s: ReturnType<typeof inMemorySim>;
  beforeEach(() => {
    s = inMemorySim();
  });
  afterEach(() => s.sim.stop());

  it('queues the reports and replays them (43=Y) on a continuing logon’s ResendRequest', () => {
    const before = withRestingOrders(s, 4);
    const expected = before.lastSeqIn() + 1;
    s.sim.faults.disconnectAll();
    const fills = s.sim.faults.fillOrders(CLIENT_ID, 3);
    expect(fills.map((f) => f.clOrdId)).toEqual(['V1', 'V2', 'V3']);
    expect(s.sim.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['V4']);
    const after = continuing(s, before);
    const ack = after.logon({ reset: false });
    expect(Number(ack.get(34))).toBe(expected + 3); // the three fills took expected..expected+2
    after.resendRequest(expected);
    const replayed = after.ofType('8');
    expect(replayed.map((m) => [m.get(34), m.get(43), m.get(150), m.get(39), m.get(11)])).toEqual([
      [String(expected), 'Y', 'F', '2', 'V1'],
      [String(expected + 1), 'Y', 'F', '2', 'V2'],
      [String(expected + 2), 'Y', 'F', '2', 'V3'],
    ]);
    expect(replayed.map((m) => m.get(17))).toEqual(fills.map((f) => f.execId));
    expect(replayed.map((m) => m.get(851))).toEqual(['1', '1', '1']);
  });

  it('sends them at once to a connected session, and discards them on a 141=Y logon', () => {
    const live = withRestingOrders(s, 2);
    live.drain();
    s.sim.faults.fillOrders(CLIENT_ID, 1);
    live.settle();
    expect(live.ofType('8').map((m) => [m.get(150), m.get(11)])).toEqual([['F', 'V1']]);
    s.sim.faults.disconnectAll();
    s.sim.faults.fillOrders(CLIENT_ID, 5); // only V2 is left
    const fresh = new SimPeer(s.clock, s.connector);
    expect(fresh.logon().get(34)).toBe('1');
    fresh.resendRequest(1);
    expect(fresh.ofType('8')).toEqual([]);
    expect(s.sim.fills().map((f) => f.clOrdId)).toEqual(['V1', 'V2']);
  });
});

describe('ignoreResendRequests', () => {
  it('consumes a ResendRequest without any answer while on, and answers again once off', async () => {
    const s = inMemorySim();
    const peer = withRestingOrders(s, 0);
    peer.drain();
    s.sim.faults.dropNextOutbound();
    peer.order('LOST');
    const [newReport] = peer.drain();
    expect(newReport?.get(150)).toBe('0'); // the PendingNew (venue seq 2) never arrived
    s.sim.faults.ignoreResendRequests(true);
    peer.resendRequest(2);
    expect(peer.out).toEqual([]);
    // The session stays up and in sequence: a TestRequest is still answered.
    peer.send('1', [[112, 'STILL-THERE']]);
    expect(peer.drain().map((m) => m.get(112))).toEqual(['STILL-THERE']);
    s.sim.faults.ignoreResendRequests(false);
    peer.resendRequest(2);
    expect(peer.ofType('8').map((m) => [m.get(34), m.get(43), m.get(150)])).toEqual([
      ['2', 'Y', 'A'],
      ['3', 'Y', '0'],
    ]);
    await s.sim.stop();
  });
});

describe('cancel on disconnect', () => {
  const sessionEnds: Array<[string, (sim: TrueXSimulator, peer: SimPeer) => void]> = [
    ['a network cut', (sim) => sim.faults.disconnectAll()],
    ['a client Logout', (_sim, peer) => peer.logout()],
    ['a venue restart', (sim) => sim.faults.restartSessions()],
  ];

  it('is off by default: orders survive a disconnect', async () => {
    const s = inMemorySim();
    withRestingOrders(s, 2);
    expect(s.sim.clientSettings(CLIENT_ID).cancelOnDisconnect).toBe(false);
    s.sim.faults.disconnectAll();
    expect(s.sim.openOrders(CLIENT_ID)).toHaveLength(2);
    await s.sim.stop();
  });

  it.each(sessionEnds)('cancels the session’s resting orders on %s when on', async (_name, end) => {
    const s = inMemorySim({ cancelOnDisconnect: true });
    const peer = withRestingOrders(s, 2);
    end(s.sim, peer);
    expect(s.sim.openOrders(CLIENT_ID)).toEqual([]);
    expect(s.sim.counters().cancels).toBe(2);
    await s.sim.stop();
  });

  it('reports the cancels (58=Cancel on disconnect) on a continuing logon, only for the session that ended', async () => {
    const s = inMemorySim();
    s.sim.setCancelOnDisconnect(CLIENT_ID, true);
    const other = new SimPeer(s.clock, s.connector, 'OTHER_SESSION');
    other.logon();
    other.order('KEEP');
    const peer = withRestingOrders(s, 2);
    const expected = peer.lastSeqIn() + 2; // after the Logout reply
    peer.logout();
    expect(peer.closed).toBe(true);
    expect(other.closed).toBe(false);
    expect(s.sim.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['KEEP']);
    s.sim.setCancelOnDisconnect(CLIENT_ID, false);
    const again = continuing(s, peer);
    again.logon({ reset: false });
    again.resendRequest(expected);
    expect(again.ofType('8').map((m) => [m.get(150), m.get(39), m.get(11), m.get(41), m.get(58)])).toEqual([
      ['4', '4', 'V1', 'V1', 'Cancel on disconnect'],
      ['4', '4', 'V2', 'V2', 'Cancel on disconnect'],
    ]);
    await s.sim.stop();
  });
});

describe('REST client settings (GET/PATCH /clients)', () => {
  it('shows cancel_on_disconnect and changes it, and self_trade_prevention, with PATCH', () => {
    const r = new RestHarness();
    const get = () => (r.request('GET', '/api/v1/clients').json as Array<Record<string, unknown>>)[0]!;
    expect(get().cancel_on_disconnect).toBe(false);
    const body = JSON.stringify({ id: CLIENT_ID, cancel_on_disconnect: true });
    const patched = r.request('PATCH', '/api/v1/clients', { body });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: CLIENT_ID, cancel_on_disconnect: true });
    expect(get().cancel_on_disconnect).toBe(true);
    expect(r.h.venue.clientSettings.get(CLIENT_ID).cancelOnDisconnect).toBe(true);

    const stp = JSON.stringify({
      id: CLIENT_ID,
      info: { self_trade_prevention: 'CANCEL_BOTH', cancel_on_disconnect: false },
    });
    const singular = r.request('PATCH', '/api/v1/client', { body: stp });
    expect(singular.status).toBe(200);
    expect(singular.headers.Deprecation).toBe('true');
    expect(singular.json).toMatchObject({
      cancel_on_disconnect: false,
      info: { self_trade_prevention: 'CANCEL_BOTH' },
    });
  });

  it('refuses a malformed body with 400, a client id outside the key with 404, and a bad signature with 401', () => {
    const r = new RestHarness();
    const patch = (body: string, o: { secret?: string } = {}) =>
      r.request('PATCH', '/v1/cefi/clients', { body, ...o }).status;
    expect(patch('not json')).toBe(400);
    expect(patch(JSON.stringify({ cancel_on_disconnect: true }))).toBe(400);
    expect(patch(JSON.stringify({ id: CLIENT_ID, cancel_on_disconnect: 'yes' }))).toBe(400);
    expect(patch(JSON.stringify({ id: CLIENT_ID, info: { self_trade_prevention: 'MAYBE' } }))).toBe(400);
    expect(patch(JSON.stringify({ id: '999', cancel_on_disconnect: true }))).toBe(404);
    expect(patch(JSON.stringify({ id: CLIENT_ID, cancel_on_disconnect: true }), { secret: 'wrong' })).toBe(401);
    expect(r.h.venue.clientSettings.get(CLIENT_ID).cancelOnDisconnect).toBe(false);
  });
});
