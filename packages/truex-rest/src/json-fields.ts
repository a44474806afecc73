import { canonicalDecimal } from './decimal-text';
import { TrueXRestError } from './errors';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one JSON object of a venue response, accepting every documented spelling of a field (first present wins).
 * Ids and decimals must be strings (the venue sends strings); a JSON number is accepted only when it is a safe
 * integer, because anything else was already rounded by JSON.parse. Wrong types throw MALFORMED_RESPONSE.
 */
export class FieldReader {
  constructor(
    readonly record: JsonRecord,
    private readonly what: string,
  ) {}

  static of(value: unknown, what: string): FieldReader {
    if (!isRecord(value)) throw malformed(`${what} is not a JSON object`);
    return new FieldReader(value, what);
  }

  /** The first of `names` that is present (not undefined and not null). */
  present(...names: string[]): { name: string; value: unknown } | undefined {
    for (const name of names) {
      const value = this.record[name];
      if (value !== undefined && value !== null) return { name, value };
    }
    return undefined;
  }

  string(...names: string[]): string | undefined {
    const hit = this.present(...names);
    if (!hit) return undefined;
    if (typeof hit.value === 'string') return hit.value;
    if (typeof hit.value === 'number' && Number.isSafeInteger(hit.value)) return String(hit.value);
    throw malformed(`${this.what}.${hit.name} is not a string`);
  }

  requiredString(...names: string[]): string {
    const value = this.string(...names);
    if (value === undefined || value === '') throw malformed(`${this.what} has no ${names.join('/')}`);
    return value;
  }

  /** A decimal string, canonicalised. */
  decimal(...names: string[]): string | undefined {
    const hit = this.present(...names);
    if (!hit) return undefined;
    const text = typeof hit.value === 'number' && Number.isSafeInteger(hit.value) ? String(hit.value) : hit.value;
    const canonical = typeof text === 'string' ? canonicalDecimal(text) : undefined;
    if (canonical === undefined) throw malformed(`${this.what}.${hit.name} is not a decimal string`);
    return canonical;
  }

  boolean(...names: string[]): boolean | undefined {
    const hit = this.present(...names);
    if (!hit) return undefined;
    if (typeof hit.value === 'boolean') return hit.value;
    if (hit.value === 'true' || hit.value === 'false') return hit.value === 'true';
    throw malformed(`${this.what}.${hit.name} is not a boolean`);
  }

  stringList(...names: string[]): string[] {
    const hit = this.present(...names);
    if (!hit) return [];
    if (Array.isArray(hit.value) && hit.value.every((v) => typeof v === 'string')) return [...hit.value];
    throw malformed(`${this.what}.${hit.name} is not a list of strings`);
  }

  /** A nested object, under the first spelling present. */
  nested(...names: string[]): FieldReader | undefined {
    const hit = this.present(...names);
    if (!hit) return undefined;
    if (!isRecord(hit.value)) throw malformed(`${this.what}.${hit.name} is not an object`);
    return new FieldReader(hit.value, `${this.what}.${hit.name}`);
  }

  list(...names: string[]): unknown[] {
    const hit = this.present(...names);
    if (!hit) return [];
    if (!Array.isArray(hit.value)) throw malformed(`${this.what}.${hit.name} is not a list`);
    return hit.value;
  }
}

export function malformed(message: string): TrueXRestError {
  return new TrueXRestError('MALFORMED_RESPONSE', message);
}

/** Leaves out optional fields the venue did not send, so objects compare cleanly in tests and logs. */
export function dropUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as Array<keyof T>) if (o[key] === undefined) delete o[key];
  return o;
}
