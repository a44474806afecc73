/** Key names that must never reach the database or a log line. */
export const SECRET_KEY_PATTERN = /secret|password|key|token/i;

/**
 * A deep copy of `config` without any entry whose key matches {@link SECRET_KEY_PATTERN}, at any depth (arrays
 * included). Non-JSON values (functions, symbols, bigint) are dropped or stringified so the result always fits
 * JSONB.
 */
export function sanitizeConfig(config: Record<string, unknown>): Record<string, unknown> {
  return sanitizeObject(config, new WeakSet());
}

function sanitizeObject(obj: Record<string, unknown>, seen: WeakSet<object>): Record<string, unknown> {
  seen.add(obj);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (SECRET_KEY_PATTERN.test(key)) continue;
    const clean = sanitizeValue(value, seen);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

function sanitizeValue(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    return value.map((v) => sanitizeValue(v, seen) ?? null);
  }
  if (typeof value === 'object') {
    if (seen.has(value)) return '[circular]';
    return sanitizeObject(value as Record<string, unknown>, seen);
  }
  return undefined;
}
