import fc from 'fast-check';

/** One inbound WebSocket frame: text, or binary as Coinbase never sends it. */
export type WireFrame = { readonly text: string } | { readonly binary: Uint8Array };

const PRODUCTS = ['BTC-USD', 'ETH-USD', 'btc-usd', ''] as const;

/** Values of the wrong type, or of the right type but absurd: what a garbled field can hold. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '-1',
    '-0.5',
    '1e5',
    '0x10',
    'NaN',
    'Infinity',
    '١٢٣', // Arabic-Indic digits
    '100.123456789012345678901',
    '99999999999999999999999999999999.99',
    '0.000000000000000000001',
    '1.',
    '.5',
    '+1',
    '1,000.00',
    '\u0000',
    [],
    {},
    [[]],
    ['buy'],
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.anything({ maxDepth: 2 }),
);

const decimal = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 99 }))
  .map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
const side = fc.constantFrom('buy', 'sell');
const change = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(side, decimal, fc.oneof(decimal, fc.constantFrom('0', '0.0', '0.00000000'))) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.oneof(side, badValue), fc.oneof(decimal, badValue), fc.oneof(decimal, badValue)),
  },
);
const levels = fc.array(
  fc.oneof({ weight: 4, arbitrary: fc.tuple(decimal, decimal) }, { weight: 1, arbitrary: badValue }),
  {
    maxLength: 6,
  },
);
const time = fc.oneof(
  fc.constant('2026-01-01T12:00:00.000000Z'),
  fc.constant('0001-01-01T00:00:00.000000Z'),
  fc.constant('2026-13-45T99:99:99Z'),
  badValue,
);

/** A plausible Exchange message with real field names: the starting point for mutations. */
const exchangeMessage: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    type: fc.constant('snapshot'),
    product_id: fc.constantFrom(...PRODUCTS),
    bids: levels,
    asks: levels,
  }),
  fc.record({
    type: fc.constant('l2update'),
    product_id: fc.constantFrom(...PRODUCTS),
    changes: fc.array(change, { maxLength: 5 }),
    time,
  }),
  fc.record({
    type: fc.constantFrom('match', 'last_match'),
    trade_id: fc.oneof(fc.integer({ min: 0, max: 50 }), badValue),
    sequence: fc.integer({ min: 0 }),
    maker_order_id: fc.string(),
    taker_order_id: fc.string(),
    side,
    size: decimal,
    price: decimal,
    product_id: fc.constantFrom(...PRODUCTS),
    time,
  }),
  fc.record({
    type: fc.constantFrom('ticker', 'heartbeat'),
    product_id: fc.constantFrom(...PRODUCTS),
    sequence: fc.integer({ min: 0 }),
    last_trade_id: fc.integer({ min: 0 }),
    price: decimal,
    time,
  }),
  fc.record({ type: fc.constant('subscriptions'), channels: fc.array(badValue, { maxLength: 3 }) }),
  fc.record({
    type: fc.constant('error'),
    message: fc.oneof(fc.string(), badValue),
    reason: fc.oneof(fc.string(), badValue),
  }),
  fc.record({ type: fc.string({ maxLength: 10 }), product_id: fc.constantFrom(...PRODUCTS) }), // unknown types
);

/** A plausible Advanced Trade envelope; `sequence_num` is sometimes the next expected one, sometimes not. */
function advancedTradeMessage(nextSequence: () => number): fc.Arbitrary<Record<string, unknown>> {
  const update = fc.record({
    side: fc.oneof(fc.constantFrom('bid', 'offer'), badValue),
    event_time: fc.constant('1970-01-01T00:00:00Z'),
    price_level: fc.oneof(decimal, badValue),
    new_quantity: fc.oneof(decimal, fc.constant('0'), badValue),
  });
  const event = fc.oneof(
    fc.record({
      type: fc.constantFrom('snapshot', 'update', 'bogus'),
      product_id: fc.constantFrom(...PRODUCTS),
      updates: fc.array(update, { maxLength: 5 }),
    }),
    fc.record({ tickers: fc.array(fc.record({ product_id: fc.constantFrom(...PRODUCTS), price: decimal })) }),
    fc.record({ heartbeat_counter: fc.oneof(fc.integer(), fc.string(), badValue) }),
    badValue,
  );
  return fc
    .record({
      channel: fc.constantFrom('l2_data', 'ticker', 'market_trades', 'heartbeats', 'subscriptions', 'status', 'x'),
      client_id: fc.constant(''),
      timestamp: time,
      sequence_num: fc.oneof({ weight: 6, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: badValue }),
      events: fc.array(event, { maxLength: 3 }),
    })
    .map((m) => (m.sequence_num === -1 ? { ...m, sequence_num: nextSequence() } : m));
}

/** Drops a field, or replaces one with a value of the wrong type, a huge number or a bad decimal. */
function mutated(message: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(message, fc.nat(), badValue, fc.boolean()).map(([m, i, value, drop]) => {
    const keys = Object.keys(m);
    if (keys.length === 0) return m;
    const key = keys[i % keys.length]!;
    const copy: Record<string, unknown> = { ...m };
    if (drop) delete copy[key];
    else copy[key] = value;
    return copy;
  });
}

/**
 * Garbled frames for one dialect: random JSON, known messages with wrong types, missing fields, huge numbers,
 * negative sizes and bad decimals, unknown types, truncated text and binary. Plausible messages are mixed in so
 * garbage lands between real updates, as it would on the wire.
 */
export function garbledFrame(
  dialect: 'exchange' | 'advanced-trade',
  nextSequence: () => number,
): fc.Arbitrary<WireFrame> {
  const message = dialect === 'exchange' ? exchangeMessage : advancedTradeMessage(nextSequence);
  const text = (a: fc.Arbitrary<string>): fc.Arbitrary<WireFrame> => a.map((t) => ({ text: t }));
  return fc.oneof(
    { weight: 3, arbitrary: text(message.map((m) => JSON.stringify(m))) },
    { weight: 3, arbitrary: text(mutated(message).map((m) => JSON.stringify(m))) },
    { weight: 1, arbitrary: text(fc.json({ maxDepth: 3 })) },
    {
      weight: 1,
      arbitrary: text(
        fc.tuple(message, fc.double({ min: 0, max: 1, noNaN: true })).map(([m, cut]) => {
          const full = JSON.stringify(m);
          return full.slice(0, Math.floor(full.length * cut));
        }),
      ),
    },
    { weight: 1, arbitrary: text(fc.string({ unit: 'binary', maxLength: 64 })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })) },
  );
}

/** What the feed reads from a frame (the socket layer decodes binary as UTF-8). */
export function frameText(frame: WireFrame): string {
  return 'text' in frame ? frame.text : Buffer.from(frame.binary).toString('utf8');
}
