import { BookTopPriceSource } from './book-top-price-source';

describe('BookTopPriceSource', () => {
  it('follows the mid of the tops it is given, exactly, and notifies only on a change', () => {
    const source = new BookTopPriceSource();
    const seen: string[] = [];
    source.onChange((p) => seen.push(p));
    expect(source.current()).toBeUndefined();
    expect(source.update({ bidPrice: '97000.01', askPrice: '97000.02' })).toBe('97000.015');
    expect(source.update({ bidPrice: '97000.00', askPrice: '97000.03' })).toBeUndefined(); // same mid
    source.update({ bidPrice: '0.1', askPrice: '0.2' });
    expect(seen).toEqual(['97000.015', '0.15']); // 0.1 + 0.2 in decimal, not 0.30000000000000004 / 2
    expect(source.current()).toBe('0.15');
  });

  it('ignores and counts malformed or crossed tops, keeping the last good mid', () => {
    const source = new BookTopPriceSource();
    source.update({ bidPrice: '100', askPrice: '102' });
    for (const top of [
      { bidPrice: '103', askPrice: '102' },
      { bidPrice: 'NaN', askPrice: '102' },
      { bidPrice: '0', askPrice: '1' },
      { bidPrice: '-1', askPrice: '1' },
    ]) {
      expect(source.update(top)).toBeUndefined();
    }
    expect(source.ignoredTops()).toBe(4);
    expect(source.current()).toBe('101');
  });
});
