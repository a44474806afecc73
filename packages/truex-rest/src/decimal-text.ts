const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A decimal string in canonical form (`"0100.50"` → `"100.5"`, `"1.0"` → `"1"`, `"-0"` → `"0"`), so REST values
 * compare equal to the FIX values for the same order. Pure string work: never a binary float. Undefined when the
 * text is not a plain decimal (exponents, spaces, empty, `.5`).
 */
export function canonicalDecimal(text: string): string | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const integer = m[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const digits = fraction ? `${integer}.${fraction}` : integer;
  const zero = /^0(\.0*)?$/.test(digits);
  return m[1] && !zero ? `-${digits}` : digits;
}
