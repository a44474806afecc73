import { normaliseBalance } from './balance';
import { normaliseClientInfo } from './client-info';
import { canonicalDecimal } from './decimal-text';
import { unwrapEnvelope } from './envelope';
import { TrueXRestError } from './errors';
import { normaliseInstrument } from './instrument';
import { fixOrdStatusOf, normaliseOrder } from './order';
import { venueErrorText } from './venue-error-text';

// The same order in the 1.0.0 docs example's spelling and in the current/official spelling.
const DOCS_1_0_0 = {
  id: '0987654321',
  status: 'ACTIVE',
  order: {
    msg_id: '7',
    client_id: '10000000000000007',
    instrument_id: '789',
    qty: '0.0100',
    price: '99000.50',
    side: 'BUY',
    type: 'LIMIT',
    tif: 'GTC',
  },
  modify: { new_qty: '0.02', new_price: '99001' },
  external_id: 'EXT-ORDER-123',
  ref_external_id: 'REF-EXT-ORDER-123',
  pending_qty: '0',
  leaves_qty: '0.006',
  exeuted_qty: '0.004',
  executed_vwap: '99000.5',
};
const CURRENT = {
  id: '0987654321',
  status: 'ACTIVE',
  order_info: {
    msg_id: '7',
    client_id: '10000000000000007',
    instrument_id: '789',
    qty: '0.01',
    price: '99000.5',
    side: 'BUY',
    type: 'LIMIT',
    tif: 'GTC',
    exec_inst_flags: ['ALO'],
  },
  modify_info: { new_qty: '0.020', new_price: '99001.0' },
  external_id: 'EXT-ORDER-123',
  ref_external_id: 'REF-EXT-ORDER-123',
  pending_qty: '0',
  leaves_qty: '0.0060',
  executed_qty: '0.004',
  executed_vwap: '99000.50',
};

describe('normaliseOrder', () => {
  it('reads the docs spelling (order/modify/exeuted_qty) and the current one (order_info/modify_info/executed_qty) alike', () => {
    const a = normaliseOrder(DOCS_1_0_0);
    const b = normaliseOrder(CURRENT);
    const { raw: _a, execInstFlags: _fa, ...restA } = a;
    const { raw: _b, execInstFlags: flagsB, ...restB } = b;
    expect(restA).toEqual(restB);
    expect(restB).toEqual({
      orderId: '0987654321',
      clientOrderId: 'EXT-ORDER-123',
      refClientOrderId: 'REF-EXT-ORDER-123',
      status: 'ACTIVE',
      statusText: 'ACTIVE',
      clientId: '10000000000000007',
      instrumentId: '789',
      side: 'buy',
      sideText: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '99000.5',
      quantity: '0.01',
      cumQty: '0.004',
      leavesQty: '0.006',
      pendingQty: '0',
      avgPx: '99000.5',
      lastMessageId: '7',
      modify: { newQty: '0.02', newPrice: '99001' },
    });
    expect(flagsB).toEqual(['ALO']);
    expect(fixOrdStatusOf(b)).toBe('1'); // ACTIVE with something executed = PartiallyFilled
  });

  it('reads a flat object (third-party shape) and keeps nanosecond timestamps as strings', () => {
    const o = normaliseOrder({
      id: '5',
      status: 'FILLED',
      external_id: 'C1',
      client_id: '9',
      side: 'SELL',
      price: '1',
      qty: '2',
      executed_qty: '2',
      leaves_qty: '0',
      timestamp: '1761000000123456789',
      update_timestamp: 1761000000,
    });
    expect(o).toMatchObject({ side: 'sell', clientId: '9', quantity: '2', cumQty: '2', status: 'FILLED' });
    expect(o.createdAtNs).toBe('1761000000123456789');
    expect(o.updatedAtNs).toBe('1761000000');
    expect(fixOrdStatusOf(o)).toBe('2');
  });

  it('keeps an unknown status raw, reports it, and maps it to no FIX status', () => {
    const seen: Array<[string, string]> = [];
    const o = normaliseOrder({ ...CURRENT, status: 'PARTIALLY_FILLED' }, (f, v) => seen.push([f, v]));
    expect(o.status).toBe('UNKNOWN');
    expect(o.statusText).toBe('PARTIALLY_FILLED');
    expect(seen).toEqual([['status', 'PARTIALLY_FILLED']]);
    expect(fixOrdStatusOf(o)).toBeUndefined();
  });

  it('refuses an order without id, or with a money field that is not a decimal string', () => {
    const expectMalformed = (value: unknown, text: RegExp): void => {
      let caught: unknown;
      try {
        normaliseOrder(value);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TrueXRestError);
      expect((caught as TrueXRestError).code).toBe('MALFORMED_RESPONSE');
      expect((caught as TrueXRestError).message).toMatch(text);
    };
    expectMalformed({ status: 'ACTIVE' }, /no id/);
    expectMalformed({ ...CURRENT, leaves_qty: 1.5 }, /leaves_qty is not a decimal/);
    expectMalformed({ ...CURRENT, executed_qty: '1e-3' }, /executed_qty is not a decimal/);
    expectMalformed('not an object', /not a JSON object/);
  });
});

describe('unwrapEnvelope', () => {
  it('reads a raw array, a single object, the v2026 envelope (limit or size), and an empty body', () => {
    expect(unwrapEnvelope([{ id: '1' }, { id: '2' }])).toEqual({ items: [{ id: '1' }, { id: '2' }], enveloped: false });
    expect(unwrapEnvelope({ id: '1' })).toEqual({ items: [{ id: '1' }], enveloped: false });
    expect(unwrapEnvelope({ data: [{ id: '1' }], pagination: { limit: 10, next_cursor: 'abc' } })).toEqual({
      items: [{ id: '1' }],
      pagination: { limit: 10, nextCursor: 'abc' },
      enveloped: true,
    });
    expect(unwrapEnvelope({ data: { id: '1' }, pagination: { size: 5 } }).pagination).toEqual({ limit: 5 });
    expect(unwrapEnvelope(null).items).toEqual([]);
    expect(() => unwrapEnvelope(42)).toThrow(TrueXRestError);
  });
});

describe('account objects', () => {
  it('reads organization_id at the top level (1.0.0) or under info (v1.0.3)', () => {
    const old = normaliseClientInfo({ id: '0987654321', status: 'ACTIVE', organization_id: 'org-1', info: {} });
    const current = normaliseClientInfo({
      id: '78901949710270469',
      status: 'ACTIVE',
      info: {
        organization_id: 'org-1',
        mnemonic: 'CLIENT1',
        type: 'INSTITUTION',
        maker_fee_tier: 2,
        self_trade_prevention: 'NONE',
      },
    });
    expect(old.organizationId).toBe('org-1');
    expect(current).toMatchObject({ organizationId: 'org-1', mnemonic: 'CLIENT1', makerFeeTier: '2' });
  });

  it('reads instruments under info and balances with status or state', () => {
    const instrument = normaliseInstrument({
      id: '78901949723181070',
      status: 'ACTIVE',
      info: { symbol: 'BTC-PYUSD', reference_price: '75000.50', price_bands_percent: '0.025' },
    });
    expect(instrument).toMatchObject({ symbol: 'BTC-PYUSD', referencePrice: '75000.5', priceBandsPercent: '0.025' });
    const balance = normaliseBalance({
      id: '78901985055342602',
      state: 'INVALID',
      unsettled_fees: '9210.236229375',
      balances: [{ asset_id: '1', balance: '10.50', order_hold: '0.5', transfer_hold: '0' }],
    });
    expect(balance.status).toBe('INVALID');
    expect(balance.assets).toEqual([{ assetId: '1', balance: '10.5', orderHold: '0.5', transferHold: '0' }]);
  });
});

describe('canonicalDecimal and venueErrorText', () => {
  it('canonicalises decimal strings without floats, and refuses what is not one', () => {
    expect(canonicalDecimal('0100.50')).toBe('100.5');
    expect(canonicalDecimal('1.000')).toBe('1');
    expect(canonicalDecimal('-0.0')).toBe('0');
    expect(canonicalDecimal('-2.50')).toBe('-2.5');
    expect(canonicalDecimal('123456789012345678901234.000000000000000001')).toBe(
      '123456789012345678901234.000000000000000001',
    );
    for (const bad of ['', '.5', '1e5', ' 1', 'NaN', '1.']) expect(canonicalDecimal(bad)).toBeUndefined();
  });

  it('takes the venue words from RFC 7807, the v2026 error wrapper, message, or the raw text', () => {
    expect(venueErrorText('{"type":"about:blank","title":"Unauthorized.","status":401}')).toBe('Unauthorized.');
    expect(venueErrorText('{"error":{"title":"Bad","detail":"Order not found"}}')).toBe('Order not found');
    expect(venueErrorText('{"message":"Too many requests","code":42}')).toBe('Too many requests');
    expect(venueErrorText('  upstream timeout \n')).toBe('upstream timeout');
    expect(venueErrorText('')).toBeUndefined();
  });
});
