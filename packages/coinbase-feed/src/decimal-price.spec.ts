import { formatPriceKey, isZeroDecimal, PRICE_SCALE, priceKey } from './decimal-price';

describe('priceKey', () => {
  it('maps every spelling of the same price to the same key', () => {
    expect(priceKey('8442.65')).toBe(priceKey('8442.65000000'));
    expect(priceKey('100')).toBe(priceKey('100.0'));
    expect(priceKey('0.00001303')).toBe(1303n * 10n ** 10n);
    expect(priceKey('1')).toBe(10n ** BigInt(PRICE_SCALE));
  });

  it('orders prices exactly where floats would not', () => {
    // 0.1 + 0.2 style hazards: these differ in the 17th decimal only.
    expect(priceKey('0.30000000000000004') > priceKey('0.3')).toBe(true);
    expect(priceKey('113406.50') < priceKey('113406.51')).toBe(true);
  });

  it('rejects what is not a non-negative decimal', () => {
    for (const bad of ['', '-1', '1e5', '1.', '.5', 'abc', ' 1', '1.2.3'])
      expect(() => priceKey(bad)).toThrow(RangeError);
    expect(() => priceKey(`0.${'0'.repeat(PRICE_SCALE)}1`)).toThrow(RangeError);
    expect(priceKey(`1.${'0'.repeat(PRICE_SCALE + 3)}`)).toBe(priceKey('1'));
  });

  it('formats keys canonically', () => {
    expect(formatPriceKey(priceKey('8442.65000000'))).toBe('8442.65');
    expect(formatPriceKey(priceKey('0.00001303'))).toBe('0.00001303');
    expect(formatPriceKey(priceKey('100.000'))).toBe('100');
    expect(formatPriceKey(priceKey('0'))).toBe('0');
  });
});

describe('isZeroDecimal', () => {
  it('recognises zero in every spelling and nothing else', () => {
    for (const z of ['0', '0.0', '0.00000000', '00.000']) expect(isZeroDecimal(z)).toBe(true);
    for (const nz of ['0.00000001', '1', '10', '', '-0', '0.', 'zero']) expect(isZeroDecimal(nz)).toBe(false);
  });
});
