import { FixDecodeError } from '../fix-decode-error';
import type { FixField } from '../fix-field';
import type { FixFieldReader } from '../fix-message';

function missing(tag: number): never {
  throw new FixDecodeError('MISSING_TAG', `required tag ${tag} is missing`, tag);
}

export function requiredString(m: FixFieldReader, tag: number): string {
  return m.get(tag) ?? missing(tag);
}

export function requiredDecimal(m: FixFieldReader, tag: number): string {
  return m.getDecimal(tag) ?? missing(tag);
}

export function requiredInt(m: FixFieldReader, tag: number): number {
  return m.getInt(tag) ?? missing(tag);
}

/** Reads a one-character enum and checks it against the values the type allows. */
export function optionalEnum<T extends string>(
  m: FixFieldReader,
  tag: number,
  allowed: ReadonlyArray<T>,
): T | undefined {
  const v = m.get(tag);
  if (v === undefined) return undefined;
  if (!(allowed as ReadonlyArray<string>).includes(v)) {
    throw new FixDecodeError('BAD_VALUE', `tag ${tag} has unexpected value "${v}"`, tag);
  }
  return v as T;
}

export function requiredEnum<T extends string>(m: FixFieldReader, tag: number, allowed: ReadonlyArray<T>): T {
  return optionalEnum(m, tag, allowed) ?? missing(tag);
}

/** Appends [tag, value] when value is present; keeps builders flat and in FIX order. */
export function push(out: FixField[], tag: number, value: string | number | undefined): void {
  if (value !== undefined) out.push([tag, typeof value === 'number' ? String(value) : value]);
}

export function pushBoolean(out: FixField[], tag: number, value: boolean | undefined): void {
  if (value !== undefined) out.push([tag, value ? 'Y' : 'N']);
}
