import { buildNewOrderSingle, type FixMessage } from '@truex-mm/fix-codec';
import { FixClient } from '@truex-mm/fix-session';
import { TrueXRestClient, fetchTransport } from '@truex-mm/truex-rest';
import { FixedPriceSource } from './reference-price-source';
import { TrueXSimulator } from './truex-simulator';

const API_KEY = 'truth-key';
const SECRET = 'truth-secret';
const CLIENT_ID = '10000000000000007';

/** Polls a condition on real time (socket I/O); nothing here asserts how long anything takes. */
async function eventually(predicate: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('venue-truth faults against fix-session’s FixClient and truex-rest over real sockets', () => {
  let sim: TrueXSimulator;
  let fix: FixClient | undefined;
  let rest: TrueXRestClient | undefined;
  let port: number;
  let restUrl: string;

  beforeEach(async () => {
    sim = new TrueXSimulator({
      credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
      referencePrice: new FixedPriceSource('100000'),
      messageRateLimitPerSec: 0,
      restPort: 0,
    });
    const address = await sim.start();
    port = address.port;
    restUrl = address.restUrl!;
  });

  afterEach(async () => {
    rest?.close();
    await fix?.stop(500);
    await sim.stop();
    fix = rest = undefined;
  });

  function connect(resetOnLogon: boolean) {
    const client = new FixClient({
      host: '127.0.0.1',
      port,
      senderCompId: 'TRUTH_MM',
      targetCompId: 'TRUEX_UAT_OE',
      apiKey: API_KEY,
      apiSecret: SECRET,
      resetOnLogon,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, enabled: true },
      logonTimeoutMs: 2000,
    });
    const app: FixMessage[] = [];
    const venueResets: string[] = [];
    let logons = 0;
    client.on('app', (m) => app.push(m));
    client.on('logon', () => logons++);
    client.on('venue-reset', ({ reason }) => venueResets.push(reason));
    client.on('error', () => undefined);
    fix = client;
    return { client, app, venueResets, logons: () => logons };
  }

  async function restThree(client: FixClient, app: FixMessage[]): Promise<void> {
    for (const [i, price] of ['99000', '98999.5', '98999'].entries()) {
      client.send(
        'D',
        buildNewOrderSingle({
          clOrdId: `T${i + 1}`,
          partyIds: [CLIENT_ID],
          symbol: 'BTC-PYUSD',
          side: '1',
          orderQty: '0.01',
          ordType: '2',
          price,
          timeInForce: '1',
        }),
      );
    }
    await eventually(() => app.filter((m) => m.get(150) === '0').length === 3);
  }

  const fillsIn = (app: FixMessage[]) => app.filter((m) => m.get(150) === 'F');

  it('a continuing client (no 141=Y) gets the fills made while it was cut off, replayed with 43=Y', async () => {
    const { client, app, logons } = connect(false);
    client.start();
    await client.waitForLogon(2000);
    await restThree(client, app);
    sim.faults.disconnectAll();
    const fills = sim.faults.fillOrders(CLIENT_ID, 3); // before the client can be back
    await eventually(() => logons() === 2 && fillsIn(app).length === 3);
    expect(fillsIn(app).map((m) => [m.get(11), m.get(43), m.get(17)])).toEqual(
      fills.map((f) => [f.clOrdId, 'Y', f.execId]),
    );
    expect(client.counters().resendRequestsOut).toBeGreaterThanOrEqual(1);
  });

  it('a client that logs on with 141=Y never sees them over FIX, and finds them FILLED over REST', async () => {
    const { client, app, logons } = connect(true);
    client.start();
    await client.waitForLogon(2000);
    await restThree(client, app);
    sim.faults.disconnectAll();
    sim.faults.fillOrders(CLIENT_ID, 3);
    await eventually(() => logons() === 2 && client.state === 'active');
    rest = new TrueXRestClient({
      baseUrl: restUrl,
      apiKey: API_KEY,
      apiSecret: SECRET,
      clientId: CLIENT_ID,
      transport: fetchTransport,
      rateLimit: null,
    });
    expect(await rest.activeOrders()).toEqual([]);
    for (const id of ['T1', 'T2', 'T3']) {
      expect(await rest.orderByClientOrderId(id)).toMatchObject({
        clientOrderId: id,
        status: 'FILLED',
        leavesQty: '0',
      });
    }
    expect(fillsIn(app)).toEqual([]);
  });

  it('restartSessions: a continuing client is told 141=Y, logs on again with a reset and reports venue-reset', async () => {
    const { client, app, venueResets } = connect(false);
    client.start();
    await client.waitForLogon(2000);
    await restThree(client, app);
    sim.faults.restartSessions();
    await eventually(() => venueResets.length === 1 && client.state === 'active');
    expect(venueResets[0]).toMatch(/ResetSeqNumFlag/);
    // Orders survived the gateway restart, and the new session trades.
    expect(sim.openOrders(CLIENT_ID)).toHaveLength(3);
    sim.faults.fillOrders(CLIENT_ID, 1);
    await eventually(() => fillsIn(app).length === 1);
    expect(fillsIn(app)[0]!.get(43)).toBeUndefined();
  });
});
