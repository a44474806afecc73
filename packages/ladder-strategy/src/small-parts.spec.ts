import { incrementsForPrice, TRUEX_INCREMENTS } from './increments';
import { formatCount, parseScaledValue } from './scaled-value';
import { distributeOrders } from './order-distribution';
import { seededRandom } from '@truex-mm/clock';

describe('distributeOrders', () => {
  it('spreads orders evenly with the remainder on the inner levels', () => {
    expect(distributeOrders(25, 8)).toEqual([4, 3, 3, 3, 3, 3, 3, 3]);
    expect(distributeOrders(10, 4)).toEqual([3, 3, 2, 2]);
    expect(distributeOrders(2, 2)).toEqual([1, 1]);
    expect(() => distributeOrders(5, 0)).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(10)()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('TrueX increments', () => {
  it('finds the documented bucket for a price', () => {
    expect(incrementsForPrice('113406.5').tickSize).toBe('0.5');
    expect(incrementsForPrice('99999.9').tickSize).toBe('0.1');
    expect(incrementsForPrice('500000').lotSize).toBe('0.000001');
    expect(incrementsForPrice('0.000001').tickSize).toBe('0.0000000001');
    expect(TRUEX_INCREMENTS.every((r) => r.minNotional === '1')).toBe(true);
    expect(() => incrementsForPrice('-1')).toThrow(RangeError);
  });
});

// Was a test of grid.ts' bigint formatUnits, removed with the move to @truex-mm/fixed-point (issue 14); the same
// cases now check formatCount, which formats every price and quantity of the ladder.
describe('formatCount', () => {
  it("formats integer counts of an increment exactly, with the increment's decimals", () => {
    expect(formatCount(226813, parseScaledValue('0.5')!)).toBe('113406.5');
    expect(formatCount(3, parseScaledValue('0.0001')!)).toBe('0.0003');
    expect(formatCount(12, parseScaledValue('1')!)).toBe('12');
    expect(formatCount(-3, parseScaledValue('0.25')!)).toBe('-0.75');
    expect(formatCount(2, parseScaledValue('0.50')!)).toBe('1.00');
    expect(() => formatCount(2 ** 52, parseScaledValue('5')!)).toThrow(RangeError);
  });
});
