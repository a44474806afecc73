import { formatQuantityUnits, quantityUnits } from './working-quantity';

describe('working quantities', () => {
  it('sums lot quantities exactly where binary floating point would not', () => {
    const quantities = ['0.1', '0.2', '0.0001', '0.00000001', '12.3456'];
    const units = quantities.reduce((sum, q) => sum + quantityUnits(q), 0);
    expect(formatQuantityUnits(units)).toBe('12.64570001');
    expect(0.1 + 0.2).not.toBe(0.3); // why units exist
    expect(formatQuantityUnits(quantityUnits('0.1') + quantityUnits('0.2'))).toBe('0.3');
  });

  it('formats whole numbers, zero and negatives', () => {
    expect(formatQuantityUnits(0)).toBe('0');
    expect(formatQuantityUnits(quantityUnits('5'))).toBe('5');
    expect(formatQuantityUnits(-quantityUnits('0.0025'))).toBe('-0.0025');
  });
});

describe('working quantities from text', () => {
  it('reads the text exactly, rounds only below 1e-8, and refuses what is not a quantity', () => {
    expect(quantityUnits('12.3456')).toBe(1_234_560_000);
    expect(quantityUnits('0.000000015')).toBe(2); // half-even at 1e-8
    expect(quantityUnits('0.000000025')).toBe(2);
    expect(() => quantityUnits('1e-3')).toThrow(RangeError);
    expect(() => quantityUnits('-1')).toThrow(RangeError);
  });
});
