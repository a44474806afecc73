import { toDecimalString } from './decimal-string';

describe('toDecimalString', () => {
  it('writes plain decimals without trailing zeros or exponents', () => {
    expect(toDecimalString(113406.25)).toBe('113406.25');
    expect(toDecimalString(100000)).toBe('100000');
    expect(toDecimalString(1e-7, 8)).toBe('0.0000001');
    expect(toDecimalString(0.123456789, 4)).toBe('0.1235');
    expect(toDecimalString(-0.00000000001)).toBe('0');
  });
  it('refuses non-finite values', () => {
    expect(() => toDecimalString(Number.NaN)).toThrow(RangeError);
    expect(() => toDecimalString(1e22)).toThrow(RangeError);
  });
});
