import { ManualClock } from '@truex-mm/clock';
import { buildNewOrderSingle, buildOrderCancelRequest, type FixMessage } from '@truex-mm/fix-codec';
import { FixClient } from '@truex-mm/fix-session';
import { TrueXRestClient, TrueXRestError, fetchTransport, type HttpTransport } from '@truex-mm/truex-rest';
import { FixedPriceSource } from '../reference-price-source';
import { TrueXSimulator } from '../truex-simulator';

const API_KEY = 'sim-rest-key';
const SECRET = 'sim-rest-secret';
const CLIENT_ID = '10000000000000007';

/** Polls a condition on real time (socket I/O); the venue and the REST client run on a ManualClock. */
async function eventually(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Settles a promise whose progress needs the ManualClock to move (backoff, Retry-After, timeouts, held replies). */
async function drive<T>(promise: Promise<T>, clock: ManualClock, stepMs = 100, maxSteps = 200): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (!done) clock.advance(stepMs);
  }
  return tracked;
}

async function rejectionOf(promise: Promise<unknown>): Promise<TrueXRestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrueXRestError);
  return error as TrueXRestError;
}

describe('truex-rest client against the simulator’s REST API (HTTP on 127.0.0.1), orders placed over FIX', () => {
  let clock: ManualClock;
  let reference: FixedPriceSource;
  let sim: TrueXSimulator | undefined;
  let fix: FixClient | undefined;
  let rest: TrueXRestClient | undefined;
  let restUrl: string;
  let app: FixMessage[];
  let sent: string[];

  beforeEach(async () => {
    // Starts at real time: FixClient (system clock) checks the venue's SendingTime against its own (±120 s).
    clock = new ManualClock(Date.now());
    reference = new FixedPriceSource('100000');
    sim = new TrueXSimulator({
      credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
      referencePrice: reference,
      messageRateLimitPerSec: 0,
      restPort: 0,
      clock,
    });
    const address = await sim.start();
    expect(address.restPort).toBeGreaterThan(0);
    restUrl = address.restUrl!;
    fix = new FixClient({
      host: '127.0.0.1',
      port: address.port,
      senderCompId: 'REST_E2E',
      targetCompId: 'TRUEX_UAT_OE',
      apiKey: API_KEY,
      apiSecret: SECRET,
      reconnect: { enabled: false },
    });
    app = [];
    fix.on('app', (m) => app.push(m));
    fix.on('error', () => undefined);
    fix.start();
    await fix.waitForLogon(2000);
    sent = [];
    const counting: HttpTransport = (url, init) => {
      sent.push(`${init.method} ${new URL(url).pathname}`);
      return fetchTransport(url, init);
    };
    rest = newClient(counting);
  });

  afterEach(async () => {
    rest?.close();
    await fix?.stop(500);
    await sim?.stop();
    rest = fix = sim = undefined;
  });

  function newClient(transport: HttpTransport, o: { timeoutMs?: number; maxAttempts?: number } = {}) {
    return new TrueXRestClient({
      baseUrl: restUrl,
      apiKey: API_KEY,
      apiSecret: SECRET,
      clientId: CLIENT_ID,
      clock,
      transport,
      rateLimit: null,
      random: () => 0, // no backoff wait: the retries themselves are what is checked
      timeoutMs: o.timeoutMs ?? 2000,
      retry: { maxAttempts: o.maxAttempts ?? 3 },
    });
  }

  async function place(clOrdId: string, side: '1' | '2', price: string, qty = '0.01'): Promise<FixMessage> {
    fix!.send(
      'D',
      buildNewOrderSingle({
        clOrdId,
        partyIds: [CLIENT_ID],
        symbol: 'BTC-PYUSD',
        side,
        orderQty: qty,
        ordType: '2',
        price,
        timeInForce: '1',
      }),
    );
    await eventually(() => app.some((m) => m.get(11) === clOrdId && m.get(150) === '0'));
    return app.find((m) => m.get(11) === clOrdId && m.get(150) === '0')!;
  }

  it('agrees with FIX on active orders, status of live and filled orders, and a REST cancel', async () => {
    const b1 = await place('B1', '1', '99000');
    await place('B2', '1', '98500', '0.02');
    await place('S1', '2', '101000');
    reference.set('98999.5'); // simulated taker fills B1 (at 99000) only
    await eventually(() => app.some((m) => m.get(11) === 'B1' && m.get(150) === 'F'));
    const fill = app.find((m) => m.get(11) === 'B1' && m.get(150) === 'F')!;

    const active = await rest!.activeOrders();
    expect(active.map((o) => o.clientOrderId).sort()).toEqual(
      sim!
        .openOrders(CLIENT_ID)
        .map((o) => o.clOrdId)
        .sort(),
    );
    expect(active.map((o) => o.clientOrderId).sort()).toEqual(['B2', 'S1']);
    const b2 = active.find((o) => o.clientOrderId === 'B2')!;
    expect(b2).toMatchObject({ status: 'ACTIVE', side: 'buy', price: '98500', quantity: '0.02', leavesQty: '0.02' });
    expect(b2.cumQty).toBe('0');

    const filled = await rest!.orderByClientOrderId('B1');
    expect(filled).toMatchObject({
      orderId: b1.get(37),
      status: 'FILLED',
      cumQty: fill.get(14),
      leavesQty: fill.get(151),
      avgPx: '99000',
    });
    expect((await rest!.orderByOrderId(b1.get(37)!))?.clientOrderId).toBe('B1');
    expect(await rest!.orderByClientOrderId('NEVER-SENT')).toBeUndefined();

    const cancelled = await rest!.cancelByClientOrderId('S1');
    expect(cancelled).toMatchObject({ clientOrderId: 'S1', status: 'CANCELED', leavesQty: '0' });
    await eventually(() => app.some((m) => m.get(11) === 'S1' && m.get(150) === '4'));
    expect(sim!.openOrders(CLIENT_ID).map((o) => o.clOrdId)).toEqual(['B2']);
    expect((await rest!.activeOrders()).map((o) => o.clientOrderId)).toEqual(['B2']);

    const again = await rejectionOf(rest!.cancelByClientOrderId('S1'));
    expect(again).toMatchObject({ code: 'BAD_REQUEST', status: 400, venueText: 'Order S1 is not active' });

    // A FIX cancel shows up over REST too.
    fix!.send('F', buildOrderCancelRequest({ clOrdId: 'X-B2', origClOrdId: 'B2', partyIds: [CLIENT_ID] }));
    await eventually(() => app.some((m) => m.get(41) === 'B2' && m.get(150) === '4'));
    expect((await rest!.orderByClientOrderId('B2'))?.status).toBe('CANCELED');
    expect(await rest!.activeOrders()).toEqual([]);
  });

  it('reads clients, the instrument and balances', async () => {
    expect((await rest!.clients()).map((c) => c.id)).toEqual([CLIENT_ID]);
    const [instrument] = await rest!.instruments({ symbol: 'BTC-PYUSD' });
    expect(instrument).toMatchObject({ symbol: 'BTC-PYUSD', referencePrice: '100000', priceBandsPercent: '0.025' });
    await place('S1', '2', '100500', '0.5');
    const [balance] = await rest!.balances({ clientId: CLIENT_ID });
    expect(balance!.assets.map((a) => a.orderHold)).toEqual(['0.5', '0']);
  });

  it('refuses a wrong secret with 401 and the venue’s words, without the secret in the error', async () => {
    const wrong = new TrueXRestClient({ baseUrl: restUrl, apiKey: API_KEY, apiSecret: 'not-the-secret', clock });
    const error = await rejectionOf(wrong.activeOrders());
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(error.venueText).toMatch(/^Unauthorized\./);
    expect(error.message).not.toContain('not-the-secret');
    wrong.close();
  });

  it('retries a GET through injected 5xx answers, but never a cancel; a 5xx after the action leaves it done', async () => {
    await place('B1', '1', '99000');
    await place('B2', '1', '98000');
    sim!.faults.restErrors(2, 503);
    expect((await rest!.activeOrders()).length).toBe(2);
    expect(sent.filter((s) => s.startsWith('GET'))).toHaveLength(3);

    sim!.faults.restErrors(1, 503);
    const refused = await rejectionOf(rest!.cancelByClientOrderId('B1'));
    expect(refused).toMatchObject({ code: 'SERVER_ERROR', status: 503, outcomeUnknown: true, attempts: 1 });
    expect(sent.filter((s) => s.startsWith('DELETE'))).toHaveLength(1);
    expect((await rest!.orderByClientOrderId('B1'))?.status).toBe('ACTIVE'); // refused before acting

    sim!.faults.restErrors(1, 500, { afterAction: true });
    const unknown = await rejectionOf(rest!.cancelByClientOrderId('B2'));
    expect(unknown).toMatchObject({ code: 'SERVER_ERROR', outcomeUnknown: true });
    expect((await rest!.orderByClientOrderId('B2'))?.status).toBe('CANCELED'); // what reconciliation must find
  });

  it('waits out a 429 Retry-After on the clock, and times out a held answer', async () => {
    sim!.faults.restErrors(1, 429, { retryAfterSec: 1 });
    const startMs = clock.now();
    await drive(rest!.clients(), clock);
    expect(sent).toEqual(['GET /api/v1/clients', 'GET /api/v1/clients']);
    expect(clock.now() - startMs).toBeGreaterThanOrEqual(1000);

    sim!.faults.restDelay(5000);
    const impatient = newClient(fetchTransport, { timeoutMs: 1000, maxAttempts: 1 });
    const error = await rejectionOf(drive(impatient.activeOrders(), clock));
    expect(error.code).toBe('TIMEOUT');
    impatient.close();
    sim!.faults.restDelay(0);
    await expect(rest!.activeOrders()).resolves.toEqual([]);
  });

  it('answers order queries from a stale view while restStaleView is set', async () => {
    await place('OLD', '1', '99000');
    sim!.faults.restStaleView(2000);
    clock.advance(100);
    await place('NEW', '1', '98000');
    fix!.send('F', buildOrderCancelRequest({ clOrdId: 'X-OLD', origClOrdId: 'OLD', partyIds: [CLIENT_ID] }));
    await eventually(() => app.some((m) => m.get(41) === 'OLD' && m.get(150) === '4'));

    // 2 s behind: OLD still live, NEW not there yet.
    expect((await rest!.activeOrders()).map((o) => o.clientOrderId)).toEqual(['OLD']);
    expect(await rest!.orderByClientOrderId('NEW')).toBeUndefined();
    clock.advance(2000);
    expect((await rest!.activeOrders()).map((o) => o.clientOrderId)).toEqual(['NEW']);
    sim!.faults.restStaleView(0);
    expect((await rest!.orderByClientOrderId('OLD'))?.status).toBe('CANCELED');
  });
});
