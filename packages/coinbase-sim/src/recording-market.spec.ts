import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { l2updateChanges, snapshotLevels } from './recorded-book-message';
import { ReplayBook } from './replay-book';
import { parseRecording } from './recording';
import { RecordingMarket } from './recording-market';

function findSharedRecording(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/coinbase/recordings/COINBASE.ws.28.0');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`shared/coinbase/recordings/COINBASE.ws.28.0 not found above ${__dirname}`);
}

const JSONL = [
  '{"type":"snapshot","product_id":"BTC-USD","bids":[["100.00","1.0"],["99.50","2.0"]],"asks":[["100.50","1.5"],["101.00","3"]]}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.10","0.5"]],"time":"2026-04-01T12:00:00.000000Z"}',
  '{"type":"l2update","product_id":"ETH-USD","changes":[["buy","1.10","0.5"]],"time":"2026-04-01T12:00:00.100000Z"}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","99.00","7"]],"time":"2026-04-01T12:00:00.300000Z"}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["sell","100.50","0.00000000"]],"time":"2026-04-01T12:00:00.600000Z"}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","bogus","1"]],"time":"2026-04-01T12:00:00.700000Z"}',
  '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.20","1"]],"time":"2026-04-01T12:00:00.800000Z"}',
  '{"type":"snapshot","product_id":"BTC-USD","bids":[["100.00","1.0"]],"asks":[["100.50","1.5"]],"time":"2026-04-01T12:00:01.000000Z"}',
].join('\n');

describe('RecordingMarket', () => {
  it('steps a recording: tops after each message, recorded strings, a bad update waits for the next snapshot', () => {
    const market = new RecordingMarket({ recording: parseRecording(JSONL) });
    expect(market.product).toBe('BTC-USD');
    expect(market.durationMs).toBe(1_000);
    expect(market.advanceTo(0)).toEqual([
      { atMs: 0, bidPrice: '100.00', bidSize: '1.0', askPrice: '100.50', askSize: '1.5', mid: '100.25' },
      { atMs: 0, bidPrice: '100.10', bidSize: '0.5', askPrice: '100.50', askSize: '1.5', mid: '100.3' },
    ]);
    expect(market.advanceTo(599)).toEqual([]); // the deeper bid at 300 ms does not move the top
    expect(market.advanceTo(600)).toEqual([
      { atMs: 600, bidPrice: '100.10', bidSize: '0.5', askPrice: '101.00', askSize: '3', mid: '100.55' },
    ]);
    expect(market.advanceTo(900)).toEqual([]);
    expect(market.malformedFrames).toBe(1);
    expect(market.mid()).toBeUndefined();
    expect(market.advanceTo(5_000)).toEqual([
      { atMs: 1_000, bidPrice: '100.00', bidSize: '1.0', askPrice: '100.50', askSize: '1.5', mid: '100.25' },
    ]);
    expect(market.finished).toBe(true);
    expect(() => market.advanceTo(10)).toThrow(RangeError);
  });

  it('replays the shared Coinbase recording: uncrossed tops in time order, equal to a book built from every frame', () => {
    const file = findSharedRecording();
    const recording = parseRecording(readFileSync(file, 'utf8'));
    const market = RecordingMarket.fromFile(file, 'SKL-USD');
    const tops = [...market.advanceTo(5_000), ...market.advanceTo(market.durationMs)];
    expect(tops.length).toBeGreaterThan(100);
    const problems: string[] = [];
    tops.forEach((t, i) => {
      if (Number(t.bidPrice) >= Number(t.askPrice)) problems.push(`crossed at ${i}`);
      if (i > 0 && t.atMs < tops[i - 1]!.atMs) problems.push(`time went back at ${i}`);
    });
    expect(problems).toEqual([]);
    const book = new ReplayBook();
    for (const f of recording.frames.filter((x) => x.productId === 'SKL-USD')) {
      if (f.type === 'snapshot') book.replace(snapshotLevels(f.message).bids, snapshotLevels(f.message).asks);
      if (f.type === 'l2update') for (const [s, p, q] of l2updateChanges(f.message)) book.set(s, p, q);
    }
    expect(market.mid()).toBe(book.mid());
    expect(tops[tops.length - 1]!.mid).toBe(book.mid());
    expect(market.malformedFrames).toBe(0);
    expect(() => new RecordingMarket({ recording, product: 'BTC-USD' })).toThrow(/no level2 messages/);
  });
});
