import {
  FigureInputError,
  SpreadCaptureTally,
  decimalsOf,
  displayDecimals,
  edgePerUnit,
  fillRate,
  formatFigure,
  formatPercent,
  netPnl,
  spreadCapture,
  type CaptureFill,
} from './index';

const fill = (over: Partial<CaptureFill>): CaptureFill => ({
  side: 'buy',
  quantity: '1',
  price: '99.5',
  fairValueAtFill: '100',
  quotedPrice: '99.5',
  fairValueAtQuote: '100',
  ...over,
});

describe('spread capture', () => {
  it('is captured edge over quoted edge, quantity-weighted, exact in decimals', () => {
    // Buy 2 @ 99.5 quoted at fv 100, filled at fv 101: captured 3, quoted 1.
    // Sell 1 @ 100.5 quoted at fv 100, filled at fv 101: captured −0.5, quoted 0.5. Ratio 2.5 / 1.5.
    const result = spreadCapture([
      fill({ quantity: '2', fairValueAtFill: '101' }),
      fill({ side: 'sell', price: '100.5', quotedPrice: '100.5', fairValueAtFill: '101' }),
    ]);
    expect(result).toEqual({ fillsPriced: 2, capturedEdge: '2.5', quotedEdge: '1.5', ratio: '1.6667' });
  });

  it('does not drift like binary floats over many small fills', () => {
    const tally = new SpreadCaptureTally();
    for (let i = 0; i < 1000; i++) {
      tally.add(
        fill({
          quantity: '0.0001',
          price: '90000.1',
          quotedPrice: '90000.1',
          fairValueAtFill: '90000.3',
          fairValueAtQuote: '90000.3',
        }),
      );
    }
    // 1000 × 0.0001 × 0.2 = 0.02 exactly (a float sum gives 0.019999999999…).
    expect(tally.result().capturedEdge).toBe('0.02');
    expect(tally.result().ratio).toBe('1.0000');
  });

  it('uses the quoted price for the quoted edge, the fill price for the captured edge', () => {
    // Quoted at 99.5 (edge 0.5); filled better, at 99 (price improvement), fair value unchanged: ratio 2.
    expect(spreadCapture([fill({ price: '99' })]).ratio).toBe('2.0000');
  });

  it('has no ratio without fills or when the quotes asked for no edge', () => {
    expect(spreadCapture([])).toEqual({ fillsPriced: 0, capturedEdge: '0', quotedEdge: '0', ratio: null });
    expect(spreadCapture([fill({ quotedPrice: '100' })]).ratio).toBeNull();
    expect(spreadCapture([fill({ quotedPrice: '100.5' })]).ratio).toBeNull();
  });

  it('rejects malformed input with the field named', () => {
    expect(() => spreadCapture([fill({ quantity: '1e' })])).toThrow(FigureInputError);
    expect(() => spreadCapture([fill({ fairValueAtFill: 'NaN' })])).toThrow(/fairValue/);
    expect(() => spreadCapture([fill({ side: 'short' as 'buy' })])).toThrow(/side/);
    expect(edgePerUnit('sell', '101', '100').toFixed()).toBe('1');
  });
});

describe('fill rate', () => {
  it('is filled orders over acknowledged orders, 4 decimals, null without acknowledgements', () => {
    expect(fillRate(2, 3)).toBe('0.6667');
    expect(fillRate(0, 5)).toBe('0.0000');
    expect(fillRate(0, 0)).toBeNull();
    expect(() => fillRate(-1, 2)).toThrow(FigureInputError);
    expect(() => fillRate(1.5, 2)).toThrow(FigureInputError);
  });
});

describe('net PnL', () => {
  it('is realized + unrealized − fees, exact', () => {
    expect(netPnl('0.1', '0.2', '0.03')).toBe('0.27');
    expect(netPnl('0', '-1.5', '-0.25')).toBe('-1.25');
  });
});

describe('display', () => {
  it('rounds prices to the tick (at least cents), quantities to the lot, money to the cent', () => {
    expect(decimalsOf('0.5')).toBe(1);
    expect(decimalsOf('0.0001')).toBe(4);
    expect(decimalsOf('1')).toBe(0);
    const d = displayDecimals({ tickSize: '0.5', lotSize: '0.0001' });
    expect(d).toEqual({ price: 2, quantity: 4, money: 2 });
    expect(formatFigure('91234.5', d.price)).toBe('91234.50');
    expect(formatFigure('0.123456789', d.quantity)).toBe('0.1235');
    expect(formatFigure('-0.146447543792', d.money)).toBe('-0.15');
    expect(formatFigure('0.125', 2)).toBe('0.12'); // ties to even
    expect(formatFigure('-0.001', 2)).toBe('0.00'); // never "-0.00"
    expect(formatFigure(null, 2)).toBe('-');
    expect(formatFigure('garbage', 2)).toBe('-');
  });

  it('shows ratios as percentages', () => {
    expect(formatPercent(0.2134)).toBe('21.3%');
    expect(formatPercent('0.3083')).toBe('30.8%');
    expect(formatPercent('1.6667', 2)).toBe('166.67%');
    expect(formatPercent(null)).toBe('-');
    expect(formatPercent(Number.NaN)).toBe('-');
  });
});
