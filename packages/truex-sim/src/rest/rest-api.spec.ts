import { AcceptorHarness, CLIENT_ID, OTHER_CLIENT_ID } from '../acceptor-harness.test-util';
import { RestHarness } from './rest-request.test-util';

type Json = Record<string, unknown>;
const orders = (json: unknown): Json[] => json as Json[];

describe('TrueXRestApi authentication', () => {
  it('accepts a signed request and refuses a wrong secret, an unknown key and missing headers with 401', () => {
    const r = new RestHarness();
    expect(r.request('GET', '/api/v1/orders/active').status).toBe(200);
    const wrong = r.request('GET', '/api/v1/orders/active', { secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ title: 'Unauthorized.', status: 401 });
    expect(r.request('GET', '/api/v1/orders/active', { apiKey: 'unknown' }).status).toBe(401);
    const bare = r.api.handle({ method: 'GET', url: '/api/v1/orders/active', headers: {}, body: '' });
    expect(bare.status).toBe(401);
  });

  it('signs the path without the query: a query the signature did not cover still passes', () => {
    const r = new RestHarness();
    expect(r.request('GET', '/api/v1/orders/status/X?id_type=client').status).toBe(404); // authenticated, unknown
  });

  it('enforces the timestamp window: ≤ 15 s old and ≤ 1 s ahead of the venue clock', () => {
    const r = new RestHarness();
    const now = Math.floor(r.h.clock.now() / 1000);
    expect(r.request('GET', '/api/v1/orders/active', { timestampSec: now - 15 }).status).toBe(200);
    expect(r.request('GET', '/api/v1/orders/active', { timestampSec: now - 16 }).status).toBe(401);
    expect(r.request('GET', '/api/v1/orders/active', { timestampSec: now + 1 }).status).toBe(200);
    expect(r.request('GET', '/api/v1/orders/active', { timestampSec: now + 2 }).status).toBe(401);
  });

  it('answers 403 for a user id the key may not use; either header spelling is read', () => {
    const r = new RestHarness();
    expect(r.request('GET', '/api/v1/orders/active', { clientId: OTHER_CLIENT_ID }).status).toBe(403);
    const official = r.request('GET', '/api/v1/orders/active', {
      clientId: null,
      headers: { 'x-truex-auth-user-id': OTHER_CLIENT_ID },
    });
    expect(official.status).toBe(403);
    expect(r.request('GET', '/api/v1/orders/active', { clientId: '0' }).status).toBe(200);
  });
});

describe('TrueXRestApi orders over the FIX venue state', () => {
  function withOrders() {
    const h = new AcceptorHarness();
    const r = new RestHarness(h);
    const fix = h.active();
    fix.order({ clOrdId: 'B1', side: '1', price: '99000', qty: '0.01' });
    fix.order({ clOrdId: 'S1', side: '2', price: '101000', qty: '0.02' });
    return { h, r, fix };
  }

  it('lists active orders with the FIX identifiers and decimal strings', () => {
    const { r, fix } = withOrders();
    const orderIdOfB1 = fix.out.find((m) => m.get(11) === 'B1' && m.get(150) === '0')!.get(37);
    const active = orders(r.request('GET', '/api/v1/orders/active').json);
    expect(active.map((o) => o.external_id)).toEqual(['B1', 'S1']);
    expect(active[0]).toMatchObject({
      id: orderIdOfB1,
      status: 'ACTIVE',
      leaves_qty: '0.01',
      executed_qty: '0',
      order_info: { client_id: CLIENT_ID, qty: '0.01', price: '99000', side: 'BUY', type: 'LIMIT', tif: 'GTC' },
    });
  });

  it('finds filled and cancelled orders by ClOrdID and by OrderID, with executed quantity', () => {
    const { h, r, fix } = withOrders();
    h.reference.set('98999.5'); // takes B1
    fix.cancel('C-S1', 'S1');
    const filled = orders(r.request('GET', '/api/v1/orders/status/B1?id_type=client').json)[0]!;
    expect(filled).toMatchObject({ status: 'FILLED', executed_qty: '0.01', leaves_qty: '0', executed_vwap: '99000' });
    const byId = orders(r.request('GET', `/api/v1/orders/status/${String(filled.id)}?id_type=exchange`).json)[0]!;
    expect(byId.external_id).toBe('B1');
    expect(orders(r.request('GET', '/api/v1/orders/status/S1?id_type=client').json)[0]!.status).toBe('CANCELED');
    expect(orders(r.request('GET', '/api/v1/orders/active').json)).toEqual([]);
    expect(r.request('GET', '/api/v1/orders/status/B1?id_type=bogus').status).toBe(400);
  });

  it('keeps the first ClOrdID findable after a replace and reports it as ref_external_id', () => {
    const { r, fix } = withOrders();
    fix.replace('B2', 'B1', '0.02', '99500');
    const replaced = orders(r.request('GET', '/api/v1/orders/status/B1?id_type=client').json)[0]!;
    expect(replaced).toMatchObject({ external_id: 'B2', ref_external_id: 'B1', leaves_qty: '0.02' });
    expect((replaced.order_info as Json).price).toBe('99500');
  });

  it('cancels over REST: the order leaves the book and its FIX session gets 150=4; again → 400, unknown → 404', () => {
    const { h, r, fix } = withOrders();
    fix.drain();
    const reply = r.request('DELETE', '/api/v1/orders/S1?id_type=client');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ external_id: 'S1', status: 'CANCELED', leaves_qty: '0' });
    const er = fix.drain();
    expect(er.map((m) => [m.get(11), m.get(150), m.get(39), m.get(151)])).toEqual([['S1', '4', '4', '0']]);
    expect(h.venue.openOrders().map((o) => o.clOrdId)).toEqual(['B1']);
    const again = r.request('DELETE', '/api/v1/orders/S1?id_type=client');
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ detail: 'Order S1 is not active' });
    expect(r.request('DELETE', '/api/v1/orders/NOPE?id_type=client').status).toBe(404);
  });

  it('does not show or cancel another key’s orders', () => {
    const { r } = withOrders();
    const asOther = { apiKey: 'other-key', secret: 'other-secret', clientId: OTHER_CLIENT_ID };
    expect(orders(r.request('GET', '/api/v1/orders/active', asOther).json)).toEqual([]);
    expect(r.request('DELETE', '/api/v1/orders/B1?id_type=client', asOther).status).toBe(404);
  });
});

describe('TrueXRestApi formats and other endpoints', () => {
  it('wraps in { data, pagination } and errors in { error } under v2026_01_23; refuses unknown versions', () => {
    const r = new RestHarness();
    r.h.active().order({ clOrdId: 'B1' });
    const wrapped = r.request('GET', '/v1/cefi/orders/active', { version: 'v2026_01_23' }).json as Json;
    expect((wrapped.data as Json[]).map((o) => o.external_id)).toEqual(['B1']);
    expect(wrapped.pagination).toEqual({ limit: 1, next_cursor: null });
    const error = r.request('GET', '/v1/cefi/orders/status/X', { version: 'v2026_01_23' });
    expect(error.json).toMatchObject({ error: { status: 404, title: 'Not Found' } });
    expect(r.request('GET', '/api/v1/orders/active', { version: 'v1999' }).status).toBe(400);
  });

  it('serves the deprecated singular paths with a Deprecation header, and the docs-example spelling', () => {
    const r = new RestHarness(new AcceptorHarness(), { dialect: 'docs-example' });
    r.h.active().order({ clOrdId: 'B1' });
    const reply = r.request('GET', '/api/v1/order/active');
    expect(reply.headers.Deprecation).toBe('true');
    const [o] = orders(reply.json);
    expect(o).toHaveProperty('exeuted_qty', '0');
    expect(o).toHaveProperty('order.side', 'BUY');
    expect(o).not.toHaveProperty('order_info');
  });

  it('lists clients of the key, the instrument (public), and balances that move with fills', () => {
    const r = new RestHarness();
    expect(orders(r.request('GET', '/api/v1/clients', { clientId: '0' }).json).map((c) => c.id)).toEqual([CLIENT_ID]);
    const instruments = r.api.handle({ method: 'GET', url: '/api/v1/instruments?symbol=BTC', headers: {}, body: '' });
    expect(JSON.parse(instruments.body)).toMatchObject([
      { status: 'ACTIVE', info: { symbol: 'BTC-PYUSD', reference_price: '100000', price_bands_percent: '0.025' } },
    ]);
    r.h.active().order({ clOrdId: 'B1', price: '99000', qty: '0.01' });
    r.h.reference.set('98000');
    const [balance] = orders(r.request('GET', `/api/v1/balances?client_id=${CLIENT_ID}`).json);
    const lines = balance!.balances as Json[];
    expect(lines.map((l) => l.balance)).toEqual(['0.01', '-990']);
    expect(r.request('GET', `/api/v1/balances?client_id=${OTHER_CLIENT_ID}`).status).toBe(403);
    expect(r.request('POST', '/api/v1/orders/active').status).toBe(405);
    expect(r.request('GET', '/api/v2/orders/active').status).toBe(404);
  });
});

describe('order records retention', () => {
  it('forgets the oldest terminal orders beyond terminalOrderRetention, never live ones', () => {
    const h = new AcceptorHarness({ venue: { terminalOrderRetention: 2 } });
    const r = new RestHarness(h);
    const fix = h.active();
    for (const id of ['A', 'B', 'C', 'LIVE']) fix.order({ clOrdId: id });
    for (const id of ['A', 'B', 'C']) fix.cancel(`X${id}`, id);
    expect(r.request('GET', '/api/v1/orders/status/A?id_type=client').status).toBe(404);
    expect(r.request('GET', '/api/v1/orders/status/B?id_type=client').status).toBe(200);
    expect(r.request('GET', '/api/v1/orders/status/LIVE?id_type=client').status).toBe(200);
  });
});
