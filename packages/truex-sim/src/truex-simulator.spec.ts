import { connect, type Socket } from 'node:net';
import {
  FixFrameSplitter,
  buildNewOrderSingle,
  decodeFix,
  encodeFix,
  formatUtcTimestamp,
  type FixMessage,
} from '@truex-mm/fix-codec';
import { FixClient, FixLogonError } from '@truex-mm/fix-session';
import { expectedLogonSignature } from './logon-signature';
import { FixedPriceSource } from './reference-price-source';
import { TrueXSimulator } from './truex-simulator';

const API_KEY = 'sim-key';
const SECRET = 'sim-secret';
const CLIENT_ID = '10000000000000007';

/** Resolves when `predicate` holds over the collected messages (polled on a short real-time interval). */
async function eventually(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('TrueXSimulator over TCP', () => {
  let sim: TrueXSimulator;
  let port: number;
  let mdPort: number;
  let reference: FixedPriceSource;
  const clients: FixClient[] = [];
  const sockets: Socket[] = [];

  beforeEach(async () => {
    reference = new FixedPriceSource('100000');
    sim = new TrueXSimulator({
      credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
      referencePrice: reference,
      marketDataPort: 0,
    });
    ({ port, marketDataPort: mdPort = 0 } = await sim.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop(500)));
    for (const s of sockets.splice(0)) s.destroy();
    await sim.stop();
  });

  function client(o: { secret?: string; senderCompId?: string; targetCompId?: string; port?: number } = {}) {
    const c = new FixClient({
      host: '127.0.0.1',
      port: o.port ?? port,
      senderCompId: o.senderCompId ?? 'CLI_CLIENT',
      targetCompId: o.targetCompId ?? 'TRUEX_UAT_OE',
      apiKey: API_KEY,
      apiSecret: o.secret ?? SECRET,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50, enabled: true, maxAuthFailures: 1 },
      logonTimeoutMs: 2000,
    });
    const app: FixMessage[] = [];
    c.on('app', (m) => app.push(m));
    c.on('error', () => undefined);
    clients.push(c);
    return { c, app };
  }

  const order = (clOrdId: string, price = '99000') =>
    buildNewOrderSingle({
      clOrdId,
      partyIds: [CLIENT_ID],
      symbol: 'BTC-PYUSD',
      side: '1',
      orderQty: '0.01',
      ordType: '2',
      price,
      timeInForce: '1',
    });

  it('trades with fix-session’s FixClient: logon, PendingNew then New, fill on a reference move', async () => {
    const { c, app } = client();
    c.start();
    await c.waitForLogon(2000);
    c.send('D', order('E2E1'));
    await eventually(() => app.length >= 2);
    expect(app.map((m) => m.get(150))).toEqual(['A', '0']);
    expect(sim.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['E2E1']);
    reference.set('98999.5');
    await eventually(() => app.length >= 3);
    expect(app[2]!.get(150)).toBe('F');
    expect(sim.fills()).toHaveLength(1);
  });

  it('refuses a wrong secret: the client sees AUTHENTICATION_FAILED with the venue’s words', async () => {
    const { c } = client({ secret: 'wrong' });
    c.start();
    const error = await c.waitForLogon(2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FixLogonError);
    expect((error as FixLogonError).code).toBe('AUTHENTICATION_FAILED');
    expect((error as FixLogonError).venueText).toBe('Authentication failed');
  });

  it('recovers a dropped execution report through the client’s ResendRequest (PossDup replay)', async () => {
    const { c, app } = client();
    c.start();
    await c.waitForLogon(2000);
    sim.faults.dropNextOutbound();
    c.send('D', order('GAP1'));
    await eventually(() => app.some((m) => m.get(150) === 'A') && app.some((m) => m.get(150) === '0'));
    expect(c.counters().resendRequestsOut).toBeGreaterThanOrEqual(1);
    expect(app.find((m) => m.get(150) === 'A')?.get(43)).toBe('Y');
  });

  it('drops every connection on disconnectAll and lets the client reconnect and trade again', async () => {
    const { c, app } = client();
    let logons = 0;
    c.on('logon', () => logons++);
    c.start();
    await c.waitForLogon(2000);
    sim.faults.disconnectAll();
    await eventually(() => logons === 2 && c.state === 'active');
    c.send('D', order('AFTER'));
    await eventually(() => app.some((m) => m.get(11) === 'AFTER' && m.get(150) === '0'));
  });

  it('reassembles a Logon sent one byte at a time after garbage, and answers 35=V on the market-data port', async () => {
    const socket = connect(mdPort, '127.0.0.1');
    sockets.push(socket);
    const received: FixMessage[] = [];
    const splitter = new FixFrameSplitter();
    socket.on('data', (chunk: Buffer) => splitter.push(chunk, (f) => received.push(decodeFix(f))));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const sendingTime = formatUtcTimestamp(Date.now());
    const header = { senderCompId: 'MD_CLIENT', targetCompId: 'TRUEX_UAT_MD', msgSeqNum: 1, sendingTime };
    const logon = encodeFix('A', header, [
      [98, '0'],
      [108, '30'],
      [141, 'Y'],
      [553, API_KEY],
      [
        554,
        expectedLogonSignature(SECRET, {
          sendingTime,
          msgSeqNum: '1',
          senderCompId: 'MD_CLIENT',
          targetCompId: 'TRUEX_UAT_MD',
          apiKey: API_KEY,
        }),
      ],
      [1137, '9'],
    ]);
    socket.write('garbage\x01');
    for (const byte of logon) socket.write(Buffer.from([byte]));
    await eventually(() => received.length === 1);
    expect(received[0]!.msgType).toBe('A');
    socket.write(
      encodeFix('V', { ...header, msgSeqNum: 2 }, [
        [262, 'MD1'],
        [263, '0'],
        [146, '1'],
        [55, 'BTC-PYUSD'],
      ]),
    );
    await eventually(() => received.length === 2);
    expect(received[1]!.msgType).toBe('W');
    expect(received[1]!.get(262)).toBe('MD1');
    expect(sim.counters().garbledFrames).toBe(1); // the garbage, counted and skipped
  });
});
