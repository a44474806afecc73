import * as fs from 'fs';
import * as path from 'path';

/** Builds a frame by hand (independently of the encoder): `fields` is "35=…|49=…|…" with '|' for SOH. */
export function frame(fields: string, options: { beginString?: string; bodyLength?: string } = {}): Buffer {
  const terminated = fields.endsWith('|') ? fields : fields + '|';
  const body = Buffer.from(terminated.replace(/\|/g, '\u0001'), 'utf8');
  const head = Buffer.from(
    `8=${options.beginString ?? 'FIXT.1.1'}\u00019=${options.bodyLength ?? body.length}\u0001`,
    'utf8',
  );
  const withoutTrailer = Buffer.concat([head, body]);
  let sum = 0;
  for (const b of withoutTrailer) sum += b;
  return Buffer.concat([withoutTrailer, Buffer.from(`10=${String(sum % 256).padStart(3, '0')}\u0001`, 'latin1')]);
}

/** Shows SOH as '|' for readable assertions. */
export function show(buf: Buffer | string): string {
  return (typeof buf === 'string' ? buf : buf.toString('utf8')).split('\u0001').join('|');
}

export const CAPTURE_PATH = path.resolve(__dirname, '../../../../shared/truex/captures/uat-2025-09.fix');

/** The 81 real TrueX UAT messages, one Buffer each. */
export function loadCaptures(): Buffer[] {
  return fs
    .readFileSync(CAPTURE_PATH, 'latin1')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => Buffer.from(line, 'latin1'));
}

/** Runs fn and returns what it threw (fails the test if it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
