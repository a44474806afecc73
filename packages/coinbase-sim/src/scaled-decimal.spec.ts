import { formatCoinbaseTime, parseCoinbaseTime } from './coinbase-time';
import { DecimalFormatError, formatScaled, parseScaled } from './scaled-decimal';

describe('scaled decimals', () => {
  it('round-trips decimal strings through integers exactly', () => {
    expect(parseScaled('14.8024', 8)).toBe(1_480_240_000n);
    expect(parseScaled('0.00000000', 8)).toBe(0n);
    expect(parseScaled('-1.5', 2)).toBe(-150n);
    expect(formatScaled(1_480_240_000n, 8)).toBe('14.80240000');
    expect(formatScaled(6_500_000_5, 3, 2)).toBe('65000.005');
    expect(formatScaled(6_500_000_0, 3, 2)).toBe('65000.00');
    expect(formatScaled(5n, 8)).toBe('0.00000005');
    expect(formatScaled(1_002_000n, 19, 0)).toBe('0.0000000000001002');
  });

  it('refuses junk and excess precision', () => {
    for (const bad of ['', '1e5', '1.2.3', 'NaN', ' 1', '0x10'])
      expect(() => parseScaled(bad, 8)).toThrow(DecimalFormatError);
    expect(() => parseScaled('0.001', 2)).toThrow(DecimalFormatError);
    expect(parseScaled('0.0010', 3)).toBe(1n); // trailing zeros are not precision
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
