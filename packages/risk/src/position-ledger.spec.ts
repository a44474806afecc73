import { PositionLedger } from './position-ledger';
import { RiskInputError } from './risk-error';

describe('PositionLedger', () => {
  it('reproduces hand-computed figures through a long → short flip and back to flat', () => {
    const ledger = new PositionLedger();
    ledger.applyFill({ execId: 'e1', side: 'buy', quantity: '0.5', price: '100000', fee: '1' });
    ledger.applyFill({ execId: 'e2', side: 'buy', quantity: '0.25', price: '103000', fee: '0.5' });
    // Cost 50000 + 25750 = 75750 over 0.75 → 101000.
    expect(ledger.snapshot('102000')).toEqual({
      base: '0.75',
      quote: '-75751.5',
      averageEntryPrice: '101000',
      realizedPnl: '0',
      unrealizedPnl: '750',
      fees: '1.5',
      netPnl: '748.5',
      // Added (issue 12): the snapshot now also reports fees by currency; all of these fees are in PYUSD.
      feesByCurrency: { PYUSD: '1.5' },
    });

    // Sells 1.0: closes 0.75 at +1000 each (750 realized), opens a 0.25 short at 102000.
    ledger.applyFill({ execId: 'e3', side: 'sell', quantity: '1', price: '102000' });
    expect(ledger.snapshot('101500')).toEqual({
      base: '-0.25',
      quote: '26248.5',
      averageEntryPrice: '102000',
      realizedPnl: '750',
      unrealizedPnl: '125', // -0.25 × (101500 − 102000)
      fees: '1.5',
      netPnl: '873.5',
      // Added (issue 12): the snapshot now also reports fees by currency; all of these fees are in PYUSD.
      feesByCurrency: { PYUSD: '1.5' },
    });

    // Adds to the short: (25500 + 25250) / 0.5 = 101500.
    ledger.applyFill({ execId: 'e4', side: 'sell', quantity: '0.25', price: '101000', fee: '0.25' });
    expect(ledger.snapshot().averageEntryPrice).toBe('101500');
    expect(ledger.snapshot().base).toBe('-0.5');

    // Covers the whole short at 100500 (+1000 × 0.5) with a rebate.
    ledger.applyFill({ execId: 'e5', side: 'buy', quantity: '0.5', price: '100500', fee: '-0.1' });
    const flat = ledger.snapshot('99000');
    expect(flat).toEqual({
      base: '0',
      quote: '1248.35',
      realizedPnl: '1250',
      unrealizedPnl: '0',
      fees: '1.65',
      netPnl: '1248.35',
      // Added (issue 12): the snapshot now also reports fees by currency; all of these fees are in PYUSD.
      feesByCurrency: { PYUSD: '1.65' },
    });
    // Flat and started from zero: the cash is exactly realized PnL net of fees.
    expect(flat.quote).toBe(flat.netPnl);
  });

  it('flips a short into a long through zero in one fill', () => {
    const ledger = new PositionLedger();
    ledger.applyFill({ execId: 'a', side: 'sell', quantity: '0.5', price: '101500' });
    ledger.applyFill({ execId: 'b', side: 'buy', quantity: '0.7', price: '100000' });
    expect(ledger.snapshot('100100')).toEqual({
      base: '0.2',
      quote: '-19250', // +50750 − 70000
      averageEntryPrice: '100000',
      realizedPnl: '750', // 0.5 × (101500 − 100000)
      unrealizedPnl: '20', // 0.2 × 100
      fees: '0',
      netPnl: '770',
      // Added (issue 12): the snapshot now also reports fees by currency; all of these fees are in PYUSD.
      feesByCurrency: { PYUSD: '0' },
    });
  });

  it('ignores a duplicate execId and counts it', () => {
    const ledger = new PositionLedger();
    expect(ledger.applyFill({ execId: 'x', side: 'buy', quantity: '0.1', price: '100000' })).toBe(true);
    expect(ledger.applyFill({ execId: 'x', side: 'buy', quantity: '0.1', price: '100000' })).toBe(false);
    expect(ledger.snapshot().base).toBe('0.1');
    expect(ledger.duplicateFills).toBe(1);
  });

  it('keeps a non-terminating average exact enough that closing at a round price realizes a round PnL', () => {
    const ledger = new PositionLedger();
    ledger.applyFill({ execId: '1', side: 'buy', quantity: '1', price: '100' });
    ledger.applyFill({ execId: '2', side: 'buy', quantity: '2', price: '101' });
    expect(ledger.snapshot().averageEntryPrice).toBe('100.666666666667'); // 302 / 3, reported to 12 places
    ledger.applyFill({ execId: '3', side: 'sell', quantity: '3', price: '102' });
    expect(ledger.snapshot()).toMatchObject({ base: '0', realizedPnl: '4', quote: '4' });
  });

  it('starts from an opening balance with its average entry', () => {
    const ledger = new PositionLedger({ base: '1', quote: '5000', averageEntryPrice: '90000' });
    ledger.applyFill({ execId: 's', side: 'sell', quantity: '0.5', price: '100000' });
    expect(ledger.snapshot('100000')).toMatchObject({
      base: '0.5',
      quote: '55000',
      realizedPnl: '5000',
      unrealizedPnl: '5000',
    });
    expect(() => new PositionLedger({ base: '1' })).toThrow(RiskInputError);
  });

  it('rejects malformed fills without changing anything', () => {
    const ledger = new PositionLedger();
    expect(() => ledger.applyFill({ execId: 'b1', side: 'buy', quantity: '1e-3', price: '100' })).toThrow(
      RiskInputError,
    );
    expect(() => ledger.applyFill({ execId: 'b2', side: 'buy', quantity: '0', price: '100' })).toThrow(/> 0/);
    expect(() => ledger.applyFill({ execId: 'b3', side: 'buy', quantity: '1', price: 'NaN' })).toThrow(RiskInputError);
    // A rejected fill does not burn its execId: the corrected fill still applies.
    expect(ledger.applyFill({ execId: 'b1', side: 'buy', quantity: '0.001', price: '100' })).toBe(true);
    expect(ledger.snapshot().base).toBe('0.001');
  });
});

describe('PositionLedger fees by currency and the bounded ExecID window', () => {
  it('sums fees per currency; only the quote currency enters quote balance and PnL', () => {
    const ledger = new PositionLedger({}, { quoteCurrency: 'PYUSD' });
    ledger.applyFill({
      execId: 'a',
      side: 'buy',
      quantity: '0.1',
      price: '100000',
      fees: [{ amount: '1.5' }, { amount: '0.00001', currency: 'BTC' }, { amount: '0.5', currency: 'PYUSD' }],
    });
    ledger.applyFill({
      execId: 'b',
      side: 'sell',
      quantity: '0.1',
      price: '100010',
      fees: [{ amount: '0.00002', currency: 'BTC' }],
    });
    const snapshot = ledger.snapshot();
    expect(snapshot).toMatchObject({ fees: '2', realizedPnl: '1', netPnl: '-1', quote: '-1' });
    expect(snapshot.feesByCurrency).toEqual({ PYUSD: '2', BTC: '0.00003' });
  });

  it('remembers at least the last `execIdWindow` ExecIDs and forgets older ones (the database is their record)', () => {
    const ledger = new PositionLedger({}, { execIdWindow: 2 });
    for (const id of ['1', '2', '3', '4', '5'])
      ledger.applyFill({ execId: id, side: 'buy', quantity: '1', price: '1' });
    expect(ledger.applyFill({ execId: '5', side: 'buy', quantity: '1', price: '1' })).toBe(false);
    expect(ledger.applyFill({ execId: '4', side: 'buy', quantity: '1', price: '1' })).toBe(false);
    expect(ledger.applyFill({ execId: '1', side: 'buy', quantity: '1', price: '1' })).toBe(true);
    expect(() => new PositionLedger({}, { execIdWindow: 0 })).toThrow(RiskInputError);
  });
});
