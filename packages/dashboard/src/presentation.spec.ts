import { presentEvent, presentSnapshot } from './presentation';
import type { DashboardSnapshot } from './types';

const snapshot: DashboardSnapshot = {
  status: {
    mode: 'simulator',
    fairPrice: '97000.255',
    reference: { bid: '96999.99', ask: '97000.5' },
    openOrders: 4,
    position: '-0.00125',
    averageEntryPrice: '97010.125',
    realizedPnl: '0.145',
    unrealizedPnl: '-0.004',
    fees: '0.0125',
    tradingState: 'ACTIVE',
    feed: {},
    fix: {},
    fillRate: 0.2134,
    spreadCapture: null,
  },
  orders: [
    { side: 'sell', price: '97002.5', leavesQty: '0.001', state: 'New' },
    { side: 'sell', price: '97002.50', leavesQty: '0.0005', state: 'PendingReplace' },
    { side: 'buy', price: '96998', leavesQty: '0.0011', state: 'New' },
    { side: 'buy', price: '96990.5', leavesQty: '0.001', state: 'New' },
  ],
  limits: [
    { name: 'short position', used: '0.00125', limit: '0.5', unit: 'BTC', kind: 'quantity' },
    { name: 'loss', used: '0.215567793667', limit: '2000', unit: 'net loss', kind: 'money' },
    { name: 'open orders', used: '4', limit: '0', unit: 'orders', kind: 'count' },
  ],
  instrument: { symbol: 'BTC-PYUSD', tickSize: '0.5', lotSize: '0.0001' },
};

describe('presentSnapshot', () => {
  it('groups our orders by price level, highest first, summing quantities exactly', () => {
    const view = presentSnapshot(snapshot);
    expect(view.bids).toBe(2);
    expect(view.asks).toBe(2);
    expect(view.ladder).toEqual([
      {
        price: '97002.5',
        priceText: '97002.50',
        bid: null,
        ask: { quantity: '0.0015', quantityText: '0.0015', orders: 2 },
      },
      {
        price: '96998',
        priceText: '96998.00',
        bid: { quantity: '0.0011', quantityText: '0.0011', orders: 1 },
        ask: null,
      },
      {
        price: '96990.5',
        priceText: '96990.50',
        bid: { quantity: '0.001', quantityText: '0.0010', orders: 1 },
        ask: null,
      },
    ]);
  });

  it('rounds prices to the tick’s decimals (at least cents), BTC to the lot and money to the cent, ties to even', () => {
    expect(presentSnapshot(snapshot).figures).toEqual({
      fairPrice: '97000.26', // 97000.255 → ties to even
      referenceBid: '96999.99',
      referenceAsk: '97000.50',
      position: '-0.0012', // -0.00125 → ties to even
      averageEntryPrice: '97010.12',
      realizedPnl: '0.14',
      unrealizedPnl: '0.00', // never -0.00
      fees: '0.01',
      netPnl: '0.13', // 0.145 − 0.004 − 0.0125 = 0.1285, from trading-figures' netPnl
      fillRate: '21.3%',
      spreadCapture: '-',
    });
  });

  it('shows each limit rounded like its figure, with the share of it in use', () => {
    expect(presentSnapshot(snapshot).limits).toEqual([
      { name: 'short position', unit: 'BTC', usedText: '0.0012', limitText: '0.5000', fraction: 0.0025 },
      { name: 'loss', unit: 'net loss', usedText: '0.22', limitText: '2000.00', fraction: 0.0001077838968335 },
      { name: 'open orders', unit: 'orders', usedText: '4', limitText: '0', fraction: 0 },
    ]);
  });

  it('uses /status’s own net PnL when it carries one', () => {
    const withNet = { ...snapshot, status: { ...snapshot.status, netPnl: '-12.345' } };
    expect(presentSnapshot(withNet).figures.netPnl).toBe('-12.34');
  });

  it('rounds a fill’s and a reject’s figures for display', () => {
    const { decimals } = presentSnapshot(snapshot);
    expect(
      presentEvent(
        { kind: 'fill', timeMs: 1, clOrdId: 'a', side: 'buy', price: '96998', quantity: '0.00105', fee: '0.015' },
        decimals,
      ).display,
    ).toEqual({ price: '96998.00', quantity: '0.0010', fee: '0.02' });
    expect(
      presentEvent({ kind: 'reject', timeMs: 1, clOrdId: 'b', side: 'sell', price: '97002.5', text: 'x' }, decimals)
        .display,
    ).toEqual({ price: '97002.50' });
  });
});
