/**
 * Exact decimal strings <-> scaled integers. Prices and sizes live as integers (cents, satoshi lots,
 * or 10^-scale units) so nothing ever accumulates binary floating-point error.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class DecimalFormatError extends Error {
  constructor(readonly text: string) {
    super(`not a decimal string: ${JSON.stringify(text.slice(0, 40))}`);
    this.name = 'DecimalFormatError';
  }
}

/** "14.8024" at scale 8 -> 1480240000n. Throws DecimalFormatError on junk or on more fraction digits than `scale`. */
export function parseScaled(text: string, scale: number): bigint {
  const m = DECIMAL.exec(text);
  if (!m) throw new DecimalFormatError(text);
  const fraction = m[3] ?? '';
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) throw new DecimalFormatError(text);
  const units = BigInt(m[2]! + trimmed.padEnd(scale, '0'));
  return m[1] ? -units : units;
}

/** 1480240000n at scale 8 -> "14.80240000"; `minFractionDigits` below `scale` strips trailing zeros down to it. */
export function formatScaled(units: bigint | number, scale: number, minFractionDigits = scale): string {
  const value = typeof units === 'bigint' ? units : BigInt(units);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = scale > 0 ? digits.slice(digits.length - scale) : '';
  while (fraction.length > minFractionDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}
