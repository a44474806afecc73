import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '@truex-mm/clock';
import { CoinbaseSimulator } from './coinbase-simulator';
import { parseRecording } from './recording';
import { RawFeedClient } from './test-client.test-util';
import type { FeedMessage } from './test-client.test-util';

/** The shared reference folder sits beside the repository (/work/shared next to /work/main). */
function findSharedRecording(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/coinbase/recordings/COINBASE.ws.28.0');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`shared/coinbase/recordings/COINBASE.ws.28.0 not found above ${__dirname}`);
}
const SHARED_RECORDING = findSharedRecording();

const JSONL = [
  '{"type":"snapshot","product_id":"BTC-USD","bids":[["100.00","1.0"],["99.50","2.0"]],"asks":[["100.50","1.5"],["101.00","3"]]}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.10","0.5"]],"time":"2026-04-01T12:00:00.000000Z"}',
  '{"type":"ticker","sequence":10,"product_id":"BTC-USD","price":"100.50","side":"buy","time":"2026-04-01T12:00:00.200000Z","trade_id":7,"last_size":"0.1"}',
  '{"type":"match","trade_id":7,"sequence":10,"side":"sell","size":"0.1","price":"100.50","product_id":"BTC-USD","time":"2026-04-01T12:00:00.200000Z"}',
  'this line is not json',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["sell","100.50","0.00000000"]],"time":"2026-04-01T12:00:00.600000Z"}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.10","0.0"],["sell","100.40","4"]],"time":"2026-04-01T12:00:01.000000Z"}',
].join('\n');

describe('parseRecording', () => {
  it('reads JSONL timed by each message, untimed leading lines with the first timed one, junk counted', () => {
    const recording = parseRecording(JSONL);
    expect(recording.frames.map((f) => f.type)).toEqual([
      'snapshot',
      'l2update',
      'ticker',
      'match',
      'l2update',
      'l2update',
    ]);
    const t0 = Date.parse('2026-04-01T12:00:00Z');
    expect(recording.frames.map((f) => f.atMs - t0)).toEqual([0, 0, 200, 200, 600, 1000]);
    expect(recording.malformedLines).toBe(1);
  });

  it('reads the cryptofeed format: received lines timed by local receipt, client lines set aside', () => {
    const text = readFileSync(SHARED_RECORDING, 'utf8');
    const recording = parseRecording(text);
    expect(recording.clientLines).toBe(4);
    expect(recording.malformedLines).toBe(0);
    const count = (type: string): number => recording.frames.filter((f) => f.type === type).length;
    expect([count('l2update'), count('snapshot'), count('ticker'), count('match'), count('last_match')]).toEqual([
      9719, 10, 107, 97, 10,
    ]);
    expect(recording.frames[0]!.atMs).toBe(Math.round(1618677817.061845 * 1000));
  });
});

describe('CoinbaseSimulator replay mode', () => {
  const clients: RawFeedClient[] = [];
  let sim: CoinbaseSimulator | undefined;

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim?.stop();
  });

  async function connect(url: string): Promise<RawFeedClient> {
    const client = await RawFeedClient.connect(url);
    clients.push(client);
    return client;
  }

  it('plays a JSONL recording at a speed factor, then serves late subscribers a snapshot of the current book', async () => {
    const clock = new ManualClock(0);
    sim = new CoinbaseSimulator({ mode: 'replay', replayText: JSONL, replaySpeed: 10, clock });
    const { url } = await sim.start();
    expect(sim.products()).toEqual(['BTC-USD']);
    const client = await connect(url);
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2_batch', 'ticker', 'matches'] });
    await client.next((m) => m.type === 'subscriptions');
    clock.advance(0); // t=0: the two frames at recording time 0
    clock.advance(19); // recording 190 ms: nothing new
    expect((await client.sync('BTC-USD')).map((m) => m.type)).toEqual(['snapshot', 'l2update']);
    clock.advance(1); // recording 200 ms
    expect((await client.sync('BTC-USD')).map((m) => m.type)).toEqual(['ticker', 'match']);
    clock.advance(80); // recording 1000 ms: the rest
    const rest = await client.sync('BTC-USD');
    expect(rest.map((m) => m['changes'])).toEqual([
      [['sell', '100.50', '0.00000000']],
      [
        ['buy', '100.10', '0.0'],
        ['sell', '100.40', '4'],
      ],
    ]);
    await sim.whenReplayFinished();
    expect(sim.mid('BTC-USD')).toBe('100.2');

    const late = await connect(url);
    late.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2_50', 'matches'] });
    await late.next((m) => m.type === 'subscriptions');
    expect(await late.next()).toEqual({
      type: 'snapshot',
      product_id: 'BTC-USD',
      bids: [
        ['100.00', '1.0'],
        ['99.50', '2.0'],
      ],
      asks: [
        ['100.40', '4'],
        ['101.00', '3'],
      ],
    });
    expect(await late.next()).toMatchObject({ type: 'last_match', trade_id: 7 });
    late.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    await late.next((m) => m.type === 'subscriptions');
    clock.advance(1000); // the recording is over; heartbeats carry its last sequence and trade id
    expect(await late.next()).toMatchObject({
      type: 'heartbeat',
      product_id: 'BTC-USD',
      sequence: 10,
      last_trade_id: 7,
    });
  });

  it('replays the first lines of the shared Coinbase recording as fast as possible, every book staying uncrossed', async () => {
    const lines = readFileSync(SHARED_RECORDING, 'utf8').split('\n').slice(0, 600).join('\n');
    const recorded = parseRecording(lines).frames.filter((f) => f.type !== 'subscriptions');
    sim = new CoinbaseSimulator({ mode: 'replay', replayText: lines, replaySpeed: 0 });
    const { url } = await sim.start();
    const products = [...sim.products()];
    expect(products).toHaveLength(10);
    const client = await connect(url);
    client.send({ type: 'subscribe', product_ids: products, channels: ['level2_batch', 'ticker', 'matches'] });
    await client.next((m) => m.type === 'subscriptions');
    await sim.whenReplayFinished();
    const received = (await client.sync(products[0]!)).filter((m) => m.type !== 'heartbeat');
    expect(received.map((m) => JSON.stringify(m))).toEqual(recorded.map((f) => JSON.stringify(JSON.parse(f.frame))));

    const books = new Map<string, { bids: Map<number, number>; asks: Map<number, number> }>();
    for (const m of received as FeedMessage[]) {
      const product = m['product_id'] as string;
      if (m.type === 'snapshot') {
        const toMap = (levels: string[][]): Map<number, number> =>
          new Map(levels.map(([p, s]) => [Number(p), Number(s)]));
        books.set(product, { bids: toMap(m['bids'] as string[][]), asks: toMap(m['asks'] as string[][]) });
      } else if (m.type === 'l2update') {
        const book = books.get(product);
        if (!book) continue; // updates before the product's snapshot are dropped, as a client must
        for (const [side, p, s] of m['changes'] as string[][]) {
          const levels = side === 'buy' ? book.bids : book.asks;
          if (Number(s) === 0) levels.delete(Number(p));
          else levels.set(Number(p), Number(s));
        }
        expect(Math.max(...book.bids.keys())).toBeLessThan(Math.min(...book.asks.keys()));
      }
    }
    expect(books.size).toBe(10);
    expect(sim.metrics().replayFramesPlayed).toBeGreaterThan(500);
  });
});
