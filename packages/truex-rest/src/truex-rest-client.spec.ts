import { createHmac } from 'node:crypto';
import pino from 'pino';
import { ManualClock } from '@truex-mm/clock';
import { TrueXRestError } from './errors';
import { FakeTransport, flush, track, type ScriptedAnswer } from './fake-transport.test-util';
import { TrueXRestClient, type TrueXRestClientOptions } from './truex-rest-client';

const API_KEY = '11111111-2222-3333-4444-555555555555';
const SECRET = 'very-secret-hmac-key';
const CLIENT_ID = '10000000000000007';
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const ORDER = {
  id: '1000000001',
  status: 'ACTIVE',
  order_info: { client_id: CLIENT_ID, qty: '0.01', price: '99000', side: 'BUY' },
  external_id: 'MM1',
  leaves_qty: '0.01',
  executed_qty: '0',
};

function setup(script: ScriptedAnswer[], options: Partial<TrueXRestClientOptions> = {}) {
  const clock = new ManualClock(START);
  const transport = new FakeTransport(...script);
  const logs: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => logs.push(line) });
  const client = new TrueXRestClient({
    baseUrl: 'http://uat.truex.co:9742/api/v1',
    apiKey: API_KEY,
    apiSecret: SECRET,
    clientId: CLIENT_ID,
    transport: transport.fetch,
    clock,
    random: () => 1, // backoff = its ceiling: 250, 500, …
    rateLimit: null,
    logger,
    ...options,
  });
  return { clock, transport, client, logs };
}

async function errorOf(promise: Promise<unknown>): Promise<TrueXRestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrueXRestError);
  return error as TrueXRestError;
}

describe('TrueXRestClient requests', () => {
  it('signs timestamp + METHOD + path (no query) and sends key, both user-id spellings and the version header', async () => {
    const { client, transport } = setup([{ status: 200, body: [ORDER] }]);
    const order = await client.orderByClientOrderId('MM1');
    expect(order?.clientOrderId).toBe('MM1');
    const [sent] = transport.sent;
    expect(sent!.url).toBe('http://uat.truex.co:9742/api/v1/orders/status/MM1?id_type=client');
    expect(sent!.init.method).toBe('GET');
    const h = sent!.init.headers;
    const timestamp = String(START / 1000);
    expect(h['x-truex-auth-timestamp']).toBe(timestamp);
    expect(h['x-truex-auth-token']).toBe(API_KEY);
    expect(h['x-truex-auth-userid']).toBe(CLIENT_ID);
    expect(h['x-truex-auth-user-id']).toBe(CLIENT_ID);
    expect(h['X-Truex-Version']).toBe('v2024_01_01');
    const expected = createHmac('sha256', SECRET).update(`${timestamp}GET/api/v1/orders/status/MM1`).digest('base64');
    expect(h['x-truex-auth-signature']).toBe(expected);
  });

  it('builds current-generation and singular legacy paths, and configurable header names', async () => {
    const cefi = setup([{ status: 200, body: { data: [ORDER], pagination: { limit: 10 } } }], {
      baseUrl: 'https://api.uat.truex.co/v1/cefi/',
      headerNames: { userId: ['x-org-client'] },
      apiVersion: null,
    });
    expect(cefi.client.apiGeneration).toBe('cefi');
    await cefi.client.cancelByOrderId('1000000001');
    const sent = cefi.transport.sent[0]!;
    expect(sent.url).toBe('https://api.uat.truex.co/v1/cefi/orders/1000000001?id_type=exchange');
    expect(sent.init.method).toBe('DELETE');
    expect(sent.init.headers['x-org-client']).toBe(CLIENT_ID);
    expect(sent.init.headers['x-truex-auth-userid']).toBeUndefined();
    expect(sent.init.headers['X-Truex-Version']).toBeUndefined();

    const singular = setup([{ status: 200, body: [] }], { pathStyle: 'singular' });
    await singular.client.activeOrders();
    expect(singular.transport.sent[0]!.url).toBe('http://uat.truex.co:9742/api/v1/order/active');
    expect(() => setup([], { baseUrl: 'https://api.truex.co/v2' })).toThrow(/must end in \/api\/v1/);
  });

  it('reads list endpoints in both envelopes and scopes active orders to the client id', async () => {
    const other = { ...ORDER, id: '2', external_id: 'X', order_info: { ...ORDER.order_info, client_id: '999' } };
    const { client, transport } = setup([
      { status: 200, body: { data: [ORDER, other], pagination: { limit: 10 } } },
      { status: 200, body: [{ id: '78901949723181070', status: 'ACTIVE', info: { symbol: 'BTC-PYUSD' } }] },
    ]);
    const orders = await client.activeOrders();
    expect(orders.map((o) => o.clientOrderId)).toEqual(['MM1']);
    const instruments = await client.instruments({ symbol: 'BTC-PYUSD' });
    expect(instruments[0]!.symbol).toBe('BTC-PYUSD');
    expect(transport.sent[1]!.url).toBe('http://uat.truex.co:9742/api/v1/instruments?symbol=BTC-PYUSD');
  });

  it('returns undefined for a 404 status lookup, but a NOT_FOUND error for a 404 cancel', async () => {
    const { client } = setup([{ status: 404, body: { title: 'Not Found', detail: 'order not found' } }]);
    await expect(client.orderByOrderId('123')).resolves.toBeUndefined();
    const error = await errorOf(client.cancelByClientOrderId('MM9'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.venueText).toBe('order not found');
  });

  it('turns malformed JSON and bad fields into MALFORMED_RESPONSE with the request context', async () => {
    const { client } = setup([
      { status: 200, body: '[{"id": "1", ' },
      { status: 200, body: [{ ...ORDER, price: 1 }] },
    ]);
    const bad = await errorOf(client.activeOrders());
    expect(bad.code).toBe('MALFORMED_RESPONSE');
    expect(bad.message).toMatch(/^GET \/api\/v1\/orders\/active: response body is not JSON/);
    await expect(client.activeOrders()).resolves.toHaveLength(1); // integer price accepted
    const { client: c2 } = setup([{ status: 200, body: [{ ...ORDER, leaves_qty: 0.1 }] }]);
    expect((await errorOf(c2.activeOrders())).message).toMatch(/leaves_qty is not a decimal string/);
  });

  it('refuses an empty id before sending anything', async () => {
    const { client, transport } = setup([{ status: 200, body: [] }]);
    expect((await errorOf(client.cancelByClientOrderId(''))).code).toBe('INVALID_ARGUMENT');
    expect(transport.sent).toHaveLength(0);
  });

  it('logs an unknown status once and keeps it raw', async () => {
    const { client, logs } = setup([{ status: 200, body: [{ ...ORDER, status: 'EXPIRED' }] }]);
    const [a] = await client.activeOrders();
    await client.activeOrders();
    expect(a!.status).toBe('UNKNOWN');
    expect(a!.statusText).toBe('EXPIRED');
    expect(logs.filter((l) => l.includes('unknown value kept raw') && l.includes('EXPIRED'))).toHaveLength(1);
  });
});

describe('TrueXRestClient retries, timeouts and rate limits (ManualClock)', () => {
  it('retries a GET after a 503 with backoff on the clock, and re-signs with a fresh timestamp', async () => {
    const { client, clock, transport } = setup([
      { status: 503, body: 'busy' },
      { status: 200, body: [ORDER] },
    ]);
    const call = track(client.activeOrders());
    await flush();
    expect(transport.sent).toHaveLength(1);
    clock.advance(249);
    await flush();
    expect(transport.sent).toHaveLength(1); // still backing off (250 ms with random = 1)
    clock.advance(1000);
    await flush();
    expect(transport.sent).toHaveLength(2);
    await expect(call.result).resolves.toHaveLength(1);
    expect(transport.sent[1]!.init.headers['x-truex-auth-timestamp']).toBe(String(((START + 1249) / 1000) | 0));
  });

  it('gives up after maxAttempts with the last status and the venue text', async () => {
    const { client, clock, transport } = setup([{ status: 500, body: { detail: 'internal' } }], {
      retry: { maxAttempts: 2, baseDelayMs: 10 },
    });
    const call = track(client.clients());
    await flush();
    clock.advance(10);
    await flush();
    const error = await errorOf(call.result);
    expect(transport.sent).toHaveLength(2);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 500, venueText: 'internal', attempts: 2 });
    expect(error.outcomeUnknown).toBe(false); // a GET changes nothing
  });

  it('aborts an attempt at the timeout (signal aborted), retries the GET, and fails with TIMEOUT', async () => {
    const { client, clock, transport } = setup([{ hang: true }], {
      timeoutMs: 1000,
      retry: { maxAttempts: 2, baseDelayMs: 0 },
    });
    const call = track(client.balances({ clientId: CLIENT_ID }));
    await flush();
    expect(transport.sent).toHaveLength(1);
    clock.advance(999);
    await flush();
    expect(call.settled()).toBe(false);
    expect(transport.sent[0]!.init.signal.aborted).toBe(false);
    clock.advance(1);
    await flush();
    expect(transport.sent[0]!.init.signal.aborted).toBe(true);
    expect(transport.sent).toHaveLength(2);
    clock.advance(1000);
    await flush();
    const error = await errorOf(call.result);
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 2 });
  });

  it('honours Retry-After on a 429 (seconds), and fails fast when it is longer than maxRetryAfterMs', async () => {
    const { client, clock, transport } = setup([
      { status: 429, headers: { 'Retry-After': '2' }, body: { title: 'Too Many Requests' } },
      { status: 200, body: [] },
    ]);
    const call = track(client.activeOrders());
    await flush();
    clock.advance(1999);
    await flush();
    expect(transport.sent).toHaveLength(1); // backoff alone (250 ms) would have retried by now
    clock.advance(1);
    await flush();
    expect(transport.sent).toHaveLength(2);
    await expect(call.result).resolves.toEqual([]);

    const slow = setup([{ status: 429, headers: { 'retry-after': '120' }, body: { title: 'Too Many Requests' } }]);
    const error = await errorOf(slow.client.activeOrders());
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, venueText: 'Too Many Requests', attempts: 1 });
  });

  it('never retries a cancel after a 5xx or a timeout (outcome unknown), but does after a 429', async () => {
    const failed = setup([{ status: 503, body: 'unavailable' }]);
    const error = await errorOf(failed.client.cancelByClientOrderId('MM1'));
    expect(failed.transport.sent).toHaveLength(1);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', outcomeUnknown: true });

    const hung = setup([{ hang: true }], { timeoutMs: 500 });
    const call = track(hung.client.cancelByOrderId('1000000001'));
    await flush();
    hung.clock.advance(500);
    await flush();
    const timeout = await errorOf(call.result);
    expect(timeout).toMatchObject({ code: 'TIMEOUT', outcomeUnknown: true, attempts: 1 });
    hung.clock.advance(60_000);
    await flush();
    expect(hung.transport.sent).toHaveLength(1);

    const refused = setup([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: { ...ORDER, status: 'CANCELED', leaves_qty: '0' } },
    ]);
    const retried = track(refused.client.cancelByClientOrderId('MM1'));
    await flush();
    refused.clock.advance(1000);
    await flush();
    await expect(retried.result).resolves.toMatchObject({ status: 'CANCELED', leavesQty: '0' });
    expect(refused.transport.sent).toHaveLength(2);
  });

  it('paces requests with a token bucket on the clock, and pauses it for a 429 Retry-After', async () => {
    const { client, clock, transport } = setup([{ status: 200, body: [] }], { rateLimit: { ratePerSec: 2, burst: 2 } });
    const calls = [client.clients(), client.clients(), client.clients()].map(track);
    await flush();
    expect(transport.sent).toHaveLength(2);
    clock.advance(499);
    await flush();
    expect(transport.sent).toHaveLength(2);
    clock.advance(1);
    await flush();
    expect(transport.sent).toHaveLength(3);
    await Promise.all(calls.map((c) => c.result));

    const paused = setup(
      [
        { status: 429, headers: { 'retry-after': '3' } },
        { status: 200, body: [] },
      ],
      { rateLimit: { ratePerSec: 100, burst: 100 } },
    );
    const first = track(paused.client.clients());
    await flush();
    const second = track(paused.client.instruments());
    await flush();
    expect(paused.transport.sent).toHaveLength(1); // the other caller waits out the Retry-After too
    paused.clock.advance(3000);
    await flush();
    expect(paused.transport.sent).toHaveLength(3);
    await Promise.all([first.result, second.result]);
  });
});

describe('TrueXRestClient and credentials', () => {
  it('keeps the secret and the key out of errors and logs, even when the venue echoes them', async () => {
    const echo = `bad signature for key ${API_KEY} (secret ${SECRET})`;
    const { client, logs, transport } = setup([{ status: 401, body: { title: 'Unauthorized.', detail: echo } }]);
    const error = await errorOf(client.activeOrders());
    expect(error.code).toBe('UNAUTHORIZED');
    const signature = transport.sent[0]!.init.headers['x-truex-auth-signature']!;
    const everything = [error.message, error.venueText ?? '', JSON.stringify(error), String(error.stack), ...logs].join(
      '\n',
    );
    expect(everything).toContain('[REDACTED]');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [SECRET, API_KEY, signature]) expect(everything).not.toContain(secret);
  });

  it('keeps them out of network errors too', async () => {
    const { client } = setup([{ networkError: `connect ECONNREFUSED while sending ${SECRET}` }], {
      retry: { maxAttempts: 1 },
    });
    const error = await errorOf(client.clients());
    expect(error.code).toBe('NETWORK');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toContain('ECONNREFUSED');
  });
});
