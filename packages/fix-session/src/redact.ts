const SOH = 0x01;
/** Tags whose values must never reach a log line: 553 Username (API key id) and 554 Password (signature). */
const SECRET_TAGS = new Set(['553', '554']);

/**
 * Renders a raw FIX message for logs: SOH shown as '|', values of 553/554 replaced by '***'. The only way raw FIX
 * should reach a logger.
 */
export function redactFix(raw: Buffer | string): string {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const fields = text.split(text.includes(String.fromCharCode(SOH)) ? String.fromCharCode(SOH) : '|');
  const out: string[] = [];
  for (const field of fields) {
    const eq = field.indexOf('=');
    out.push(eq > 0 && SECRET_TAGS.has(field.slice(0, eq)) ? `${field.slice(0, eq)}=***` : field);
  }
  return out.join('|');
}
