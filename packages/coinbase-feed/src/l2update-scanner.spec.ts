import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { parseExchangeMessage } from './exchange-messages';
import { CHANGE_FIELDS, L2UpdateScanner } from './l2update-scanner';

/** What the scanner found, in parseExchangeMessage's shape. */
function scanned(s: L2UpdateScanner, text: string): object {
  const changes: string[][] = [];
  for (let k = 0; k < s.count; k++) {
    const o = k * CHANGE_FIELDS;
    const c = s.changes;
    changes.push([c[o] === 0 ? 'buy' : 'sell', text.slice(c[o + 1], c[o + 2]), text.slice(c[o + 3], c[o + 4])]);
  }
  return { type: 'l2update', product_id: s.productId, changes, ...(s.time !== undefined ? { time: s.time } : {}) };
}

describe('L2UpdateScanner', () => {
  const str = fc.string({ maxLength: 12, unit: fc.constantFrom('1', '0', '.', 'e', '"', '\\', '\n', 'é', '-') });
  const change = fc.tuple(fc.constantFrom('buy', 'sell', 'BUY'), str, str);

  it('accepts exactly what parseExchangeMessage reads as the same l2update (or declines)', () => {
    fc.assert(
      fc.property(
        str,
        fc.array(change, { maxLength: 130 }),
        fc.option(str, { nil: undefined }),
        fc.boolean(),
        (product, changes, time, spaced) => {
          const text = JSON.stringify(
            { type: 'l2update', product_id: product, changes, ...(time !== undefined ? { time } : {}) },
            null,
            spaced ? 1 : undefined,
          );
          const s = new L2UpdateScanner();
          if (!s.scan(text)) {
            // Declined: only for layouts the scanner does not read (escapes, spacing, a side other than buy/sell).
            expect(spaced || /[\\"\n]|BUY/.test(JSON.stringify([product, changes, time]).slice(1))).toBe(true);
            return;
          }
          expect(scanned(s, text)).toEqual(parseExchangeMessage(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads every l2update of the COINBASE.ws.28.0 recording exactly as parseExchangeMessage does', () => {
    const recording = path.resolve(__dirname, '../../../../shared/coinbase/recordings/COINBASE.ws.28.0');
    const frames = readFileSync(recording, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"l2update"'))
      .map((l) => l.slice(l.indexOf(': ') + 2));
    expect(frames).toHaveLength(9719);
    const s = new L2UpdateScanner();
    for (const text of frames) {
      expect(s.scan(text)).toBe(true);
      expect(scanned(s, text)).toEqual(parseExchangeMessage(text));
    }
  });

  it('declines frames that are not an l2update in Coinbase layout, however close', () => {
    const s = new L2UpdateScanner();
    const ok = '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","1.5","2"]],"time":"t"}';
    expect(s.scan(ok)).toBe(true);
    expect(s.scan('{"type":"l2update","product_id":"BTC-USD","changes":[]}')).toBe(true);
    expect(s.count).toBe(0);
    for (const bad of [
      ok.slice(0, -1), // truncated
      `${ok} `,
      ok.replace('"time":"t"', '"time":"t","x":1'),
      ok.replace('["buy","1.5","2"]', '["buy","1.5","2","3"]'),
      ok.replace('["buy","1.5","2"]', '["buy","1.5",2]'),
      ok.replace('"BTC-USD"', '"BTC\\u002dUSD"'),
      ok.replace('"t"', '"\\t"'),
      ok.replace('"product_id"', '"product_id" '),
      ok.replace('[["buy"', '[ ["buy"'),
      '{"type":"snapshot","product_id":"BTC-USD","bids":[],"asks":[]}',
    ]) {
      expect(s.scan(bad)).toBe(false);
    }
  });
});
