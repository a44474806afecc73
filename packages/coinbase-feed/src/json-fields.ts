import { CoinbaseParseError } from './errors';

/** A JSON object as parsed, before its fields are checked. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CoinbaseParseError(`not JSON (${text.length} bytes)`);
  }
}

export function requireString(o: JsonObject, field: string, type: string): string {
  const v = o[field];
  if (typeof v !== 'string') throw new CoinbaseParseError(`${type}: ${field} must be a string`, type);
  return v;
}

export function optionalString(o: JsonObject, field: string, type: string): void {
  const v = o[field];
  if (v !== undefined && v !== null && typeof v !== 'string') {
    throw new CoinbaseParseError(`${type}: ${field} must be a string`, type);
  }
}

export function requireInteger(o: JsonObject, field: string, type: string): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new CoinbaseParseError(`${type}: ${field} must be an integer`, type);
  }
  return v;
}

export function optionalInteger(o: JsonObject, field: string, type: string): void {
  if (o[field] !== undefined) requireInteger(o, field, type);
}

export function requireArray(o: JsonObject, field: string, type: string): unknown[] {
  const v = o[field];
  if (!Array.isArray(v)) throw new CoinbaseParseError(`${type}: ${field} must be an array`, type);
  return v;
}

/** `[price, size]` string pairs (Exchange snapshot sides). */
export function requireLevelPairs(o: JsonObject, field: string, type: string): void {
  for (const level of requireArray(o, field, type)) {
    if (!Array.isArray(level) || typeof level[0] !== 'string' || typeof level[1] !== 'string') {
      throw new CoinbaseParseError(`${type}: ${field} entries must be [price, size] strings`, type);
    }
  }
}
