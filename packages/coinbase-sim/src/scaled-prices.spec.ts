import { FixedPointError } from '@truex-mm/fixed-point';
import { formatCoinbaseTime, parseCoinbaseTime } from './coinbase-time';
import { ReplayBook } from './replay-book';
import { formatPriceCents, formatSizeLots } from './synthetic-market';

// The simulator's own scaled-decimal module was replaced by @truex-mm/fixed-point (which has its own exhaustive
// tests); these check the simulator's use of it: Coinbase's fixed-width spellings and exact mids.
describe('scaled prices and sizes', () => {
  it('writes Coinbase spellings from integer cents and lots', () => {
    expect(formatPriceCents(9_700_001)).toBe('97000.01');
    expect(formatPriceCents(6_500_000)).toBe('65000.00');
    expect(formatSizeLots(12_345_678)).toBe('0.12345678');
    expect(formatSizeLots(5)).toBe('0.00000005');
  });

  it('keys replayed levels by value and mids them exactly', () => {
    const book = new ReplayBook();
    book.replace([['0.000000000000001', '1']], [['0.0000000000000010040', '2']]);
    expect(book.mid()).toBe('0.000000000000001002');
    book.set('buy', '0.0000000000000010', '0.00000000'); // same level spelled differently: removed
    expect(book.mid()).toBeUndefined();
  });

  it('refuses junk and excess precision with a typed error', () => {
    const book = new ReplayBook();
    for (const bad of ['', '1e5', '1.2.3', 'NaN', ' 1', '0x10']) {
      expect(() => book.set('buy', bad, '1')).toThrow(FixedPointError);
    }
    expect(() => book.set('buy', '0.0000000000000000001', '1')).toThrow(FixedPointError);
  });
});

describe('Coinbase time format', () => {
  it('writes ISO 8601 UTC with six fraction digits', () => {
    expect(formatCoinbaseTime(Date.UTC(2014, 10, 7, 8, 19, 27, 28), 459)).toBe('2014-11-07T08:19:27.028459Z');
    expect(formatCoinbaseTime(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(() => formatCoinbaseTime(Number.NaN)).toThrow(RangeError);
  });

  it("reads it back, treating Coinbase's zero times as missing", () => {
    expect(parseCoinbaseTime('2014-11-07T08:19:27.028459Z')).toBe(Date.UTC(2014, 10, 7, 8, 19, 27, 28));
    expect(parseCoinbaseTime('0001-01-01T00:00:00.000000Z')).toBeUndefined();
    expect(parseCoinbaseTime('garbage')).toBeUndefined();
  });
});
