import type { FixFieldReader } from '../fix-message';

/**
 * A field a lenient reader could not type and therefore left out (or kept raw), instead of failing the whole
 * message. TrueX's dictionary lags its wire (TrueX README §10), so a value outside the dictionary is news to log,
 * not a reason to drop an execution report.
 */
export interface FieldAnomaly {
  readonly tag: number;
  /** The value exactly as on the wire; undefined when the tag was missing. */
  readonly value: string | undefined;
  /** UNKNOWN_VALUE: outside the enum we know; BAD_FORMAT: not the field's type; MISSING_TAG: absent where expected. */
  readonly problem: 'UNKNOWN_VALUE' | 'BAD_FORMAT' | 'MISSING_TAG';
  /** Index of the repeating-group entry, when the field sits in one (e.g. 136 fees). */
  readonly groupEntry?: number;
}

/** Collects anomalies while a lenient reader walks a message. */
export class AnomalyLog {
  readonly list: FieldAnomaly[] = [];

  /** An optional one-character enum: the typed value, or undefined (and an anomaly) when outside `allowed`. */
  optionalEnum<T extends string>(m: FixFieldReader, tag: number, allowed: ReadonlyArray<T>): T | undefined {
    const v = m.get(tag);
    if (v === undefined) return undefined;
    if ((allowed as ReadonlyArray<string>).includes(v)) return v as T;
    this.list.push({ tag, value: v, problem: 'UNKNOWN_VALUE' });
    return undefined;
  }

  /** A required enum whose unknown values are kept as they are (typed `T | (string & {})`), with an anomaly. */
  openEnum<T extends string>(v: string, tag: number, allowed: ReadonlyArray<T>): T | (string & {}) {
    if (!(allowed as ReadonlyArray<string>).includes(v)) this.list.push({ tag, value: v, problem: 'UNKNOWN_VALUE' });
    return v;
  }

  /** An optional decimal: the validated string, or undefined (and an anomaly) when it is not a decimal. */
  optionalDecimal(m: FixFieldReader, tag: number, groupEntry?: number): string | undefined {
    try {
      return m.getDecimal(tag);
    } catch {
      this.list.push({
        tag,
        value: m.get(tag),
        problem: 'BAD_FORMAT',
        ...(groupEntry !== undefined ? { groupEntry } : {}),
      });
      return undefined;
    }
  }

  missing(tag: number, groupEntry?: number): void {
    this.list.push({
      tag,
      value: undefined,
      problem: 'MISSING_TAG',
      ...(groupEntry !== undefined ? { groupEntry } : {}),
    });
  }
}
