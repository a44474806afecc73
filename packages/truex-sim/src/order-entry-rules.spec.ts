import { Decimal } from 'decimal.js';
import { incrementsForPrice } from './increments';
import { checkIncrements, isOutsidePriceBand, isValidClOrdId, parsePositiveDecimal } from './order-entry-rules';

describe('order-entry rules', () => {
  it('ClOrdID: a UUID of any length or at most 18 characters', () => {
    expect(isValidClOrdId('3b241101-e2bb-4255-8caf-4136c566a962')).toBe(true);
    expect(isValidClOrdId('Q'.repeat(18))).toBe(true);
    expect(isValidClOrdId('Q'.repeat(19))).toBe(false);
    expect(isValidClOrdId('TEST_BUY_1757526335158')).toBe(false);
    expect(isValidClOrdId('')).toBe(false);
    expect(isValidClOrdId(undefined)).toBe(false);
  });

  it('increments table buckets by order price (§6.2)', () => {
    expect(incrementsForPrice(new Decimal('113406.5'))).toEqual({
      tickSize: '0.5',
      lotSize: '0.00001',
      minNotional: '1',
    });
    expect(incrementsForPrice(new Decimal('99999.9')).tickSize).toBe('0.1');
    expect(incrementsForPrice(new Decimal('500000')).tickSize).toBe('1');
    expect(incrementsForPrice(new Decimal('0.05')).lotSize).toBe('100');
    expect(incrementsForPrice(new Decimal('0.000001')).lotSize).toBe('1000000');
  });

  it('checks lot, tick and min notional with exact decimals', () => {
    const btc = { tickSize: '0.5', lotSize: '0.0001', minNotional: '1' };
    expect(
      checkIncrements(new Decimal('0.0003'), new Decimal('113406.5'), new Decimal('113406.5'), btc),
    ).toBeUndefined();
    // 0.1 + 0.2 style values that binary floats get wrong are exact here.
    expect(checkIncrements(new Decimal('0.3'), new Decimal('0.5'), new Decimal('10'), btc)).toBeUndefined();
    expect(checkIncrements(new Decimal('0.00031'), undefined, undefined, btc)).toBe('Invalid quantity increment');
    expect(checkIncrements(new Decimal('0.001'), new Decimal('113406.2'), undefined, btc)).toBe(
      'Invalid price increment',
    );
    expect(checkIncrements(new Decimal('0.0001'), new Decimal('9999.5'), new Decimal('9999.5'), btc)).toBe(
      'Order below minimum notional',
    );
  });

  it('price band is inclusive at ±bandPct of the reference', () => {
    const ref = new Decimal('100000');
    expect(isOutsidePriceBand(new Decimal('102500'), ref, 2.5)).toBe(false);
    expect(isOutsidePriceBand(new Decimal('102500.5'), ref, 2.5)).toBe(true);
    expect(isOutsidePriceBand(new Decimal('97499.5'), ref, 2.5)).toBe(true);
  });

  it('parses only plain positive decimals', () => {
    expect(parsePositiveDecimal('0.001')?.toFixed()).toBe('0.001');
    expect(parsePositiveDecimal('1e3')).toBeUndefined();
    expect(parsePositiveDecimal('-1')).toBeUndefined();
    expect(parsePositiveDecimal('0')).toBeUndefined();
    expect(parsePositiveDecimal('abc')).toBeUndefined();
  });
});
