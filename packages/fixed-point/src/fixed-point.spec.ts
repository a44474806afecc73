import {
  FixedPointError,
  ParseStatus,
  Rounding,
  ScaledDecimal,
  addScaled,
  addUnits,
  ceilDiv,
  compareProduct,
  compareUnits,
  countIncrements,
  decimalScale,
  divRound,
  divUnits,
  floorDiv,
  formatNumber,
  formatUnits,
  formatUnitsBig,
  formatUnitsFixed,
  isMultipleOf,
  isPlainDecimal,
  lastParseStatus,
  mulUnits,
  parseDecimalInto,
  parseUnits,
  parseUnitsBig,
  rescaleUnits,
  roundToIncrement,
  subUnits,
  tryParseUnits,
  tryParseUnitsAt,
} from './index';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof FixedPointError ? error.code : `not a FixedPointError: ${String(error)}`;
  }
  return undefined;
}

describe('parseUnits', () => {
  it('reads plain decimals at a given scale', () => {
    expect(parseUnits('14.8024', 8)).toBe(1_480_240_000);
    expect(parseUnits('113406.5', 1)).toBe(1_134_065);
    expect(parseUnits('0.0001', 4)).toBe(1);
    expect(parseUnits('7', 0)).toBe(7);
    expect(parseUnits('007.50', 2)).toBe(750);
    expect(parseUnits('8442.65000000000000000000', 2)).toBe(844_265); // trailing zeros beyond the scale are exact
    expect(parseUnits('-0.5', 1, true)).toBe(-5);
    expect(Object.is(parseUnits('-0.00', 2, true), 0)).toBe(true); // never −0
  });

  it('refuses with a typed error code', () => {
    for (const bad of [
      '',
      '-',
      '1e5',
      '1E5',
      '+1',
      '.5',
      '5.',
      '1.2.3',
      ' 1',
      '1 ',
      '0x10',
      'NaN',
      'Infinity',
      '1,5',
    ]) {
      expect(codeOf(() => parseUnits(bad, 4, true))).toBe('INVALID_DECIMAL');
    }
    expect(codeOf(() => parseUnits('-1', 4))).toBe('NEGATIVE');
    expect(codeOf(() => parseUnits('-0', 4))).toBe('NEGATIVE');
    expect(codeOf(() => parseUnits('0.00001', 4))).toBe('TOO_MANY_DECIMALS');
    expect(codeOf(() => parseUnits('1.000010', 4))).toBe('TOO_MANY_DECIMALS');
    expect(codeOf(() => parseUnits('90071992.54740992', 8))).toBe('OVERFLOW');
    expect(codeOf(() => parseUnits('9007199254740992', 0))).toBe('OVERFLOW');
    expect(parseUnits('9007199254740991', 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => parseUnits('1', 23))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => parseUnits(5 as unknown as string, 2))).toBe('INVALID_DECIMAL');
  });

  it('errors are RangeErrors (what the replaced parsers threw)', () => {
    expect(() => parseUnits('abc', 2)).toThrow(RangeError);
  });

  it('has a non-throwing form with the reason in lastParseStatus', () => {
    expect(tryParseUnits('1.23', 2)).toBe(123);
    expect(lastParseStatus()).toBe(ParseStatus.OK);
    expect(tryParseUnits('1.234', 2)).toBeNaN();
    expect(lastParseStatus()).toBe(ParseStatus.TOO_MANY_DECIMALS);
    expect(tryParseUnits('-1', 2)).toBeNaN();
    expect(lastParseStatus()).toBe(ParseStatus.NEGATIVE);
    expect(tryParseUnitsAt('{"price":"101.25"}', 10, 16, 2)).toBe(10_125);
  });

  it('parses beyond safe integers into bigint', () => {
    expect(parseUnitsBig('123456789012345678901.5', 18)).toBe(123456789012345678901500000000000000000n);
    expect(parseUnitsBig('-0.1', 1, true)).toBe(-1n);
    expect(codeOf(() => parseUnitsBig('0.12', 1))).toBe('TOO_MANY_DECIMALS');
    expect(codeOf(() => parseUnitsBig('-1', 1))).toBe('NEGATIVE');
    expect(codeOf(() => parseUnitsBig('1e3', 1))).toBe('INVALID_DECIMAL');
  });
});

describe('parseDecimalInto (natural scale)', () => {
  it('keeps the digits the text has, trailing zeros dropped', () => {
    const slot = new ScaledDecimal();
    expect(parseDecimalInto('113406.50', slot)).toBe(ParseStatus.OK);
    expect([slot.units, slot.scale]).toEqual([1_134_065, 1]);
    expect(parseDecimalInto('-0.0012', slot, true)).toBe(ParseStatus.OK);
    expect([slot.units, slot.scale]).toEqual([-12, 4]);
    expect(parseDecimalInto('100', slot)).toBe(ParseStatus.OK);
    expect([slot.units, slot.scale]).toEqual([100, 0]);
    expect(parseDecimalInto('0.0500000000000000000001', slot)).toBe(ParseStatus.OVERFLOW); // 22 significant digits
    expect(parseDecimalInto('1234567890123456789', slot)).toBe(ParseStatus.OVERFLOW);
    expect(parseDecimalInto('0.00000000000000000000001', slot)).toBe(ParseStatus.TOO_MANY_DECIMALS);
    expect(parseDecimalInto('1e3', slot)).toBe(ParseStatus.INVALID_DECIMAL);
    expect(slot.units).toBe(0);
  });

  it('reports scales and plain-decimal syntax of any length', () => {
    expect(decimalScale('0.50')).toBe(1);
    expect(decimalScale('12345678901234567890.125')).toBe(3);
    expect(isPlainDecimal('12345678901234567890.125')).toBe(true);
    expect(isPlainDecimal('-1')).toBe(false);
    expect(isPlainDecimal('-1', true)).toBe(true);
    expect(isPlainDecimal('1e3', true)).toBe(false);
  });
});

describe('formatUnits', () => {
  it('writes plain decimals', () => {
    expect(formatUnits(1_480_240_000, 8)).toBe('14.8024');
    expect(formatUnits(1_480_240_000, 8, 8)).toBe('14.80240000');
    expect(formatUnitsFixed(50, 2)).toBe('0.50');
    expect(formatUnits(-5, 4)).toBe('-0.0005');
    expect(formatUnits(0, 8)).toBe('0');
    expect(formatUnits(-0, 2)).toBe('0');
    expect(formatUnits(1200, 0)).toBe('1200');
    expect(formatUnits(Number.MAX_SAFE_INTEGER, 22)).toBe('0.0000009007199254740991');
    expect(formatUnitsBig(-123456789012345678901n, 20)).toBe('-1.23456789012345678901');
    expect(formatUnitsBig(10n, 1)).toBe('1');
    expect(codeOf(() => formatUnits(0.5, 2))).toBe('BAD_ARGUMENT');
  });

  it('formats floats once, at the edge, without exponents', () => {
    expect(formatNumber(113406.25, 8)).toBe('113406.25');
    expect(formatNumber(1e-7, 8)).toBe('0.0000001');
    expect(formatNumber(0.123456789, 4)).toBe('0.1235');
    expect(formatNumber(-0.00000000001, 8)).toBe('0');
    expect(formatNumber(-2.5, 0)).toBe('-3');
    expect(formatNumber(1e20, 2)).toBe('100000000000000000000');
    expect(codeOf(() => formatNumber(NaN, 2))).toBe('OVERFLOW');
    expect(codeOf(() => formatNumber(1e21, 2))).toBe('OVERFLOW');
  });
});

describe('division and rounding', () => {
  it('rounds by an explicit mode', () => {
    const cases: Array<[number, number, number[]]> = [
      // n, d, [DOWN, UP, FLOOR, CEIL, HALF_UP, HALF_EVEN, HALF_DOWN]
      [7, 2, [3, 4, 3, 4, 4, 4, 3]],
      [5, 2, [2, 3, 2, 3, 3, 2, 2]],
      [-7, 2, [-3, -4, -4, -3, -4, -4, -3]],
      [-5, 2, [-2, -3, -3, -2, -3, -2, -2]],
      [7, -3, [-2, -3, -3, -2, -2, -2, -2]],
      [6, 3, [2, 2, 2, 2, 2, 2, 2]],
    ];
    const modes = [
      Rounding.DOWN,
      Rounding.UP,
      Rounding.FLOOR,
      Rounding.CEIL,
      Rounding.HALF_UP,
      Rounding.HALF_EVEN,
      Rounding.HALF_DOWN,
    ];
    for (const [n, d, expected] of cases) {
      expect(modes.map((m) => divRound(n, d, m))).toEqual(expected);
    }
    expect(divRound(6, 3, Rounding.EXACT)).toBe(2);
    expect(codeOf(() => divRound(7, 3, Rounding.EXACT))).toBe('INEXACT');
    expect(codeOf(() => divRound(7, 0, Rounding.DOWN))).toBe('DIVISION_BY_ZERO');
    expect(Object.is(divRound(-1, 3, Rounding.DOWN), 0)).toBe(true);
    expect(floorDiv(-1, 2)).toBe(-1);
    expect(ceilDiv(1, 2)).toBe(1);
    // Near 2^53 the float quotient alone would be off; the remainder correction keeps it exact.
    expect(floorDiv(Number.MAX_SAFE_INTEGER, 3)).toBe(3_002_399_751_580_330);
  });

  it('rescales, multiplies and divides at explicit scales', () => {
    expect(rescaleUnits(5, 1, 4, Rounding.EXACT)).toBe(5000);
    expect(rescaleUnits(12_345, 4, 2, Rounding.HALF_EVEN)).toBe(123);
    expect(rescaleUnits(12_350, 4, 2, Rounding.HALF_EVEN)).toBe(124);
    expect(codeOf(() => rescaleUnits(12_345, 4, 2, Rounding.EXACT))).toBe('INEXACT');
    expect(codeOf(() => rescaleUnits(Number.MAX_SAFE_INTEGER, 0, 1, Rounding.EXACT))).toBe('OVERFLOW');
    expect(rescaleUnits(7, 30 - 8, 0, Rounding.UP)).toBe(1);
    // 113406.5 × 0.00012345 = 14.000032425 (1400003242.5 at 1e-8): the tie goes to even or away from zero.
    expect(mulUnits(1_134_065, 1, 12_345, 8, 8, Rounding.HALF_EVEN)).toBe(1_400_003_242);
    expect(mulUnits(1_134_065, 1, 12_345, 8, 8, Rounding.HALF_UP)).toBe(1_400_003_243);
    // A notional at 1e-8 × 1e-8 exceeds 2^53 before it is rounded back: the bigint path.
    expect(mulUnits(11_340_650_000_000, 8, 100_000_000, 8, 8, Rounding.EXACT)).toBe(11_340_650_000_000);
    expect(codeOf(() => mulUnits(Number.MAX_SAFE_INTEGER, 0, 2, 0, 0, Rounding.EXACT))).toBe('OVERFLOW');
    expect(divUnits(1, 0, 3, 0, 8, Rounding.HALF_EVEN)).toBe(33_333_333);
    expect(divUnits(2, 0, 3, 0, 8, Rounding.DOWN)).toBe(66_666_666);
    expect(divUnits(10, 1, 4, 2, 0, Rounding.EXACT)).toBe(25);
    expect(codeOf(() => divUnits(1, 0, 0, 0, 2, Rounding.DOWN))).toBe('DIVISION_BY_ZERO');
    expect(addScaled(5, 1, 25, 3, 3, Rounding.EXACT)).toBe(525);
    expect(addScaled(5, 1, 26, 3, 2, Rounding.HALF_EVEN)).toBe(53);
    expect(addUnits(1, 2)).toBe(3);
    expect(subUnits(1, 2)).toBe(-1);
    expect(codeOf(() => addUnits(Number.MAX_SAFE_INTEGER, 1))).toBe('OVERFLOW');
  });

  it('compares across scales, and products against limits, exactly', () => {
    expect(compareUnits(5, 1, 50, 2)).toBe(0);
    expect(compareUnits(5, 1, 51, 2)).toBe(-1);
    expect(compareUnits(Number.MAX_SAFE_INTEGER, 0, 1, 22)).toBe(1);
    expect(compareUnits(-Number.MAX_SAFE_INTEGER, 0, 1, 22)).toBe(-1);
    // 113406.5 × 0.3 = 34021.95 vs the 50000 notional limit; and a product past 2^53.
    expect(compareProduct(1_134_065, 1, 3, 1, 50_000, 0)).toBe(-1);
    expect(compareProduct(Number.MAX_SAFE_INTEGER, 8, Number.MAX_SAFE_INTEGER, 8, 1, 0)).toBe(1);
    expect(compareProduct(3_000_000_000, 8, 3_000_000_000, 8, 900, 0)).toBe(0);
  });

  it('rounds to a price tick or size increment', () => {
    // tick 0.5 at scale 1 = 5 units
    expect(roundToIncrement(1_134_067, 5, Rounding.FLOOR)).toBe(1_134_065);
    expect(roundToIncrement(1_134_067, 5, Rounding.CEIL)).toBe(1_134_070);
    expect(roundToIncrement(1_134_067, 5, Rounding.HALF_EVEN)).toBe(1_134_065);
    expect(roundToIncrement(1_134_068, 5, Rounding.HALF_EVEN)).toBe(1_134_070);
    expect(countIncrements(1_134_065, 5, Rounding.EXACT)).toBe(226_813);
    expect(codeOf(() => countIncrements(1_134_066, 5, Rounding.EXACT))).toBe('INEXACT');
    expect(isMultipleOf(1_134_065, 5)).toBe(true);
    expect(isMultipleOf(1_134_066, 5)).toBe(false);
    expect(codeOf(() => roundToIncrement(1, 0, Rounding.FLOOR))).toBe('BAD_ARGUMENT');
  });
});
