import { ManualClock } from '@truex-mm/clock';
import fc from 'fast-check';
import pino from 'pino';
import { Writable } from 'node:stream';

import { parseAdvancedTradeMessage } from './advanced-trade-messages';
import { CoinbaseFeed } from './coinbase-feed';
import { CoinbaseFeedError, CoinbaseParseError } from './errors';
import { parseExchangeMessage } from './exchange-messages';
import { FakeCoinbaseServer, type FakeConnection, until } from './fake-coinbase-server.test-util';
import type { CoinbaseDialect } from './feed-types';
import { frameText, garbledFrame, type WireFrame } from './garbled-frames.test-util';
import { L2UpdateScanner } from './l2update-scanner';
import { OrderBook } from './order-book';
import { priceKey } from './decimal-price';

/**
 * Garbled WebSocket frames against the inbound path. Fixed seed: fast-check prints it (and the shrunk
 * counterexample) on failure; FUZZ_SEED overrides it to explore.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20260412);
const FRAMES_PER_RUN = 100;
const RUNS_PER_DIALECT = 50; // 2 dialects x 50 runs x 100 frames = 10,000 frames through the feed

const isExpected = (e: unknown): boolean => e instanceof CoinbaseParseError || e instanceof RangeError;

describe('garbled frames through the parsers and the book', () => {
  it('10,000 frames: parsers and the book only ever throw their documented errors', () => {
    let sequence = 0;
    const frames = fc.array(
      fc.oneof(
        garbledFrame('exchange', () => sequence++),
        garbledFrame('advanced-trade', () => sequence++),
      ),
      { minLength: 100, maxLength: 100 },
    );
    const scanner = new L2UpdateScanner();
    fc.assert(
      fc.property(frames, (batch: WireFrame[]) => {
        const book = new OrderBook();
        for (const frame of batch) {
          const text = frameText(frame);
          for (const parse of [parseExchangeMessage, parseAdvancedTradeMessage]) {
            try {
              const m = parse(text) as { type?: string; changes?: unknown; bids?: unknown; asks?: unknown };
              if (m.type === 'l2update') {
                for (const [s, p, q] of m.changes as string[][]) book.set(s === 'buy' ? 'bid' : 'ask', p!, q!);
              }
              if (m.type === 'snapshot') {
                book.applySnapshot(m.bids as Array<[string, string]>, m.asks as Array<[string, string]>);
              }
            } catch (e) {
              if (!isExpected(e)) throw e;
            }
          }
          try {
            if (scanner.scan(text)) {
              // The fast path must agree with the full parser: whatever it accepts, JSON.parse accepts.
              parseExchangeMessage(text);
            }
          } catch (e) {
            throw new Error(`scanner accepted a frame the parser rejects: ${JSON.stringify(text)} (${String(e)})`);
          }
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

interface LiveFeed {
  feed: CoinbaseFeed;
  server: FakeCoinbaseServer;
  connection: FakeConnection;
  violations: string[];
  internalErrors: string[];
  logged: string[];
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A live feed on a ManualClock (no timer ever fires: the test is about frames, not time). */
async function liveFeed(dialect: CoinbaseDialect, nextSequence: () => number): Promise<LiveFeed> {
  const server = await FakeCoinbaseServer.start();
  cleanup.push(() => server.close());
  const logged: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );
  const feed = new CoinbaseFeed({ url: server.url, dialect, clock: new ManualClock(), logger });
  const violations: string[] = [];
  const internalErrors: string[] = [];
  const check = (where: string): void => {
    const top = feed.topOfBook('BTC-USD');
    if (top === undefined) return;
    const bid = feed.orderBook('BTC-USD')!.bestBid();
    const ask = feed.orderBook('BTC-USD')!.bestAsk();
    if (priceKey(top.bidPrice) >= priceKey(top.askPrice))
      violations.push(`${where}: crossed top ${top.bidPrice}/${top.askPrice}`);
    if (
      bid?.price !== top.bidPrice ||
      ask?.price !== top.askPrice ||
      bid.size !== top.bidSize ||
      ask.size !== top.askSize
    ) {
      violations.push(`${where}: exposed top ${JSON.stringify(top)} is not the book's ${JSON.stringify([bid, ask])}`);
    }
  };
  feed.on('top', () => check('top event'));
  feed.on('book-invalid', () => {
    if (feed.topOfBook('BTC-USD') !== undefined) violations.push('top still exposed after book-invalid');
  });
  feed.on('error', (e: CoinbaseFeedError) => {
    if (e.code === 'INTERNAL') internalErrors.push(e.message);
  });
  cleanup.unshift(() => feed.stop());
  feed.start();
  const connection = await server.connection(0);
  await connection.framesAtLeast(1);
  connection.send(
    dialect === 'exchange'
      ? { type: 'subscriptions', channels: [] }
      : {
          channel: 'subscriptions',
          client_id: '',
          timestamp: '2026-01-01T12:00:00Z',
          sequence_num: nextSequence(),
          events: [],
        },
  );
  connection.send(validSnapshot(dialect, 0, nextSequence));
  await until(() => feed.topOfBook('BTC-USD') !== undefined);
  return { feed, server, connection, violations, internalErrors, logged };
}

/** A correct snapshot whose top (bid 1000+n / ask 1001+n) tells runs apart. */
function validSnapshot(dialect: CoinbaseDialect, n: number, nextSequence: () => number): unknown {
  const bid = `${1000 + n}.5`;
  const ask = `${1001 + n}.25`;
  if (dialect === 'exchange') {
    return { type: 'snapshot', product_id: 'BTC-USD', bids: [[bid, '1.5']], asks: [[ask, '2']] };
  }
  return {
    channel: 'l2_data',
    client_id: '',
    timestamp: '2026-01-01T12:00:00.000000000Z',
    sequence_num: nextSequence(),
    events: [
      {
        type: 'snapshot',
        product_id: 'BTC-USD',
        updates: [
          { side: 'bid', event_time: '1970-01-01T00:00:00Z', price_level: bid, new_quantity: '1.5' },
          { side: 'offer', event_time: '1970-01-01T00:00:00Z', price_level: ask, new_quantity: '2' },
        ],
      },
    ],
  };
}

describe.each<CoinbaseDialect>(['exchange', 'advanced-trade'])(
  'garbled WebSocket frames into a live %s feed',
  (dialect) => {
    let live: LiveFeed | undefined;
    afterEach(async () => {
      await live?.feed.stop();
      await live?.server.close();
      live = undefined;
    });

    it(`${RUNS_PER_DIALECT * FRAMES_PER_RUN} frames: nothing escapes, malformed is counted, no crossed or stale top, a snapshot restores it`, async () => {
      let sequence = 0;
      const nextSequence = (): number => sequence++;
      const h = await liveFeed(dialect, nextSequence);
      live = h;
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(garbledFrame(dialect, nextSequence), { minLength: FRAMES_PER_RUN, maxLength: FRAMES_PER_RUN }),
          async (frames) => {
            run++;
            const before = h.feed.metrics();
            for (const frame of frames) {
              if ('text' in frame) h.connection.socket.send(frame.text);
              else h.connection.socket.send(frame.binary, { binary: true });
            }
            h.connection.send(validSnapshot(dialect, run, nextSequence));
            await until(() => h.feed.metrics().messages === before.messages + frames.length + 1, 3000);
            const after = h.feed.metrics();
            const notJson = frames.filter((f) => {
              try {
                const v: unknown = JSON.parse(frameText(f));
                return typeof v !== 'object' || v === null || Array.isArray(v);
              } catch {
                return true;
              }
            }).length;
            expect(after.malformed - before.malformed).toBeGreaterThanOrEqual(notJson);
            expect(after.listenerErrors).toBe(0);
            expect(h.violations).toEqual([]);
            expect(h.internalErrors).toEqual([]);
            expect(h.feed.state).toBe('live');
            expect(h.feed.topOfBook('BTC-USD')).toMatchObject({
              bidPrice: `${1000 + run}.5`,
              bidSize: '1.5',
              askPrice: `${1001 + run}.25`,
              askSize: '2',
            });
          },
        ),
        { seed: SEED, numRuns: RUNS_PER_DIALECT, endOnFailure: true },
      );
      // Each skipped frame is logged once, with at most 200 characters of it.
      const skipped = h.logged.filter((l) => l.includes('malformed frame skipped'));
      expect(skipped.length).toBe(h.feed.metrics().malformed);
      for (const line of skipped) expect((JSON.parse(line) as { frame: string }).frame.length).toBeLessThanOrEqual(230);
    });
  },
);
