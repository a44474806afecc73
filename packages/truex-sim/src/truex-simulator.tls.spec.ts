import { buildNewOrderSingle, type FixMessage } from '@truex-mm/fix-codec';
import { FixClient, FixConnectError } from '@truex-mm/fix-session';
import { FixedPriceSource } from './reference-price-source';
// A test-only file shared by relative path, not a package: see tools/testing/README.md.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { makeTestCertificates, opensslMissing, type TestCertificates } from '../../../tools/testing/tls-certificates';
import { TrueXSimulator } from './truex-simulator';

const API_KEY = 'tls-key';
const SECRET = 'tls-secret';
const CLIENT_ID = '10000000000000007';

const skipReason = opensslMissing();
if (skipReason) console.warn(skipReason);
const describeTls = skipReason ? describe.skip : describe;

async function eventually(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describeTls('TrueXSimulator serving FIX over TLS (certificates generated at test time with openssl)', () => {
  let certs: TestCertificates;
  let sim: TrueXSimulator;
  let port: number;
  let client: FixClient | undefined;

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  beforeEach(async () => {
    sim = new TrueXSimulator({
      credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
      referencePrice: new FixedPriceSource('100000'),
      tls: certs.good, // the shared helper's localhost/127.0.0.1 certificate (this file's copy called it `server`)
    });
    ({ port } = await sim.start());
  });

  afterEach(async () => {
    await client?.stop(500);
    client = undefined;
    await sim.stop();
  });

  function newClient(ca: string | undefined) {
    const c = new FixClient({
      host: '127.0.0.1',
      port,
      tls: true,
      ca,
      senderCompId: 'TLS_MM',
      targetCompId: 'TRUEX_UAT_OE',
      apiKey: API_KEY,
      apiSecret: SECRET,
      reconnect: { enabled: false },
      logonTimeoutMs: 2000,
    });
    c.on('error', () => undefined);
    client = c;
    return c;
  }

  it('lets a FixClient with tls: true and the test CA log on and trade', async () => {
    const c = newClient(certs.ca);
    const app: FixMessage[] = [];
    c.on('app', (m) => app.push(m));
    c.start();
    await c.waitForLogon(2000);
    c.send(
      'D',
      buildNewOrderSingle({
        clOrdId: 'TLS1',
        partyIds: [CLIENT_ID],
        symbol: 'BTC-PYUSD',
        side: '1',
        orderQty: '0.01',
        ordType: '2',
        price: '99000',
        timeInForce: '1',
      }),
    );
    await eventually(() => app.length >= 2);
    expect(app.map((m) => m.get(150))).toEqual(['A', '0']);
    expect(sim.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['TLS1']);
  });

  it('is refused by a client that does not trust the certificate (no plain-TCP fallback)', async () => {
    const c = newClient(undefined); // Node's default store does not know the test CA
    c.start();
    const error = await c.waitForLogon(2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FixConnectError);
    expect(sim.counters().connections).toBe(0);
  });
});
