/*
 * Coinbase feed hot path: frames parsed and applied to the order book per second, next to JSON.parse alone as
 * the baseline measured in the same run. Input: the l2update frames of the real 2021 recording
 * (shared/coinbase/recordings/COINBASE.ws.28.0), plus a synthetic deep BTC-USD book (20k levels a side).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { CoinbaseFeed, OrderBook, parseExchangeMessage } from '@truex-mm/coinbase-feed';

/** The compiled bench runs from dist-bench/, so look upward for the shared folder beside the repository. */
function findRecording(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/coinbase/recordings/COINBASE.ws.28.0');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('COINBASE.ws.28.0 not found above ' + __dirname);
}
const RECORDING = findRecording();
const lines = readFileSync(RECORDING, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0 && !l.includes(' <-'))
  .map((l) => l.slice(l.indexOf(': ') + 2));
const updates = lines.filter((l) => l.includes('"type":"l2update"'));
const snapshots = lines.filter((l) => l.includes('"type":"snapshot"'));

function measure(name: string, frames: readonly string[], run: (frame: string) => void, minMs = 1500): Row {
  for (let i = 0; i < Math.min(frames.length, 20_000); i++) run(frames[i % frames.length]!); // warm-up
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(minMs) * 1_000_000n) {
    for (const f of frames) run(f);
    ops += frames.length;
    elapsedNs = process.hrtime.bigint() - start;
  }
  return { name, opsPerSec: (ops * 1e9) / Number(elapsedNs) };
}

interface Row {
  name: string;
  opsPerSec: number;
}

function loadRecordedBooks(): Map<string, OrderBook> {
  const books = new Map<string, OrderBook>();
  for (const s of snapshots) {
    const m = parseExchangeMessage(s);
    if (m.type !== 'snapshot') continue;
    const book = new OrderBook();
    book.applySnapshot(m.bids, m.asks);
    books.set(m.product_id, book);
  }
  return books;
}

function applyTo(books: Map<string, OrderBook>): (frame: string) => void {
  return (frame) => {
    const m = parseExchangeMessage(frame);
    if (m.type !== 'l2update') return;
    const book = books.get(m.product_id);
    if (book === undefined) return;
    for (const [side, price, size] of m.changes) book.set(side === 'buy' ? 'bid' : 'ask', price, size);
    book.isCrossed();
    book.bestBid();
    book.bestAsk();
  };
}

/** Deterministic BTC-USD-like stream: a 20k-level book a side, updates within 200 ticks of the touch. */
function syntheticDeepBook(): { book: OrderBook; frames: string[] } {
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  const mid = 11_340_650;
  const bids: Array<[string, string]> = [];
  const asks: Array<[string, string]> = [];
  for (let i = 0; i < 20_000; i++) {
    bids.push([cents(mid - 1 - i), (rnd() * 2).toFixed(8)]);
    asks.push([cents(mid + 1 + i), (rnd() * 2).toFixed(8)]);
  }
  const book = new OrderBook();
  book.applySnapshot(bids, asks);
  const frames: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const buy = rnd() < 0.5;
    const px = buy ? mid - 1 - Math.floor(rnd() * 200) : mid + 1 + Math.floor(rnd() * 200);
    const size = rnd() < 0.3 ? '0.00000000' : (rnd() * 2).toFixed(8);
    frames.push(
      JSON.stringify({
        type: 'l2update',
        product_id: 'BTC-USD',
        changes: [[buy ? 'buy' : 'sell', cents(px), size]],
        time: '2026-01-01T00:00:00.123456Z',
      }),
    );
  }
  return { book, frames };
}

/**
 * BTC-USD on level2_batch: 50 ms batches of ~70 changes against a book ~50 levels deep a side (each price within 60
 * ticks of the touch is present with probability ~5/6). Starts with the snapshot frame.
 */
function syntheticBatchFrames(): { snapshot: string; frames: string[] } {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  const mid = 11_340_650;
  const size = (): string => (rnd() < 1 / 6 ? '0.00000000' : (rnd() * 2 + 0.00000001).toFixed(8));
  const bids: string[][] = [];
  const asks: string[][] = [];
  for (let i = 0; i < 60; i++) {
    bids.push([cents(mid - 1 - i), (rnd() * 2 + 0.00000001).toFixed(8)]);
    asks.push([cents(mid + 1 + i), (rnd() * 2 + 0.00000001).toFixed(8)]);
  }
  const snapshot = JSON.stringify({ type: 'snapshot', product_id: 'BTC-USD', bids, asks });
  const frames: string[] = [];
  for (let f = 0; f < 500; f++) {
    const changes: string[][] = [];
    for (let i = 0; i < 70; i++) {
      const buy = rnd() < 0.5;
      const offset = 1 + Math.floor(rnd() * rnd() * 60); // skewed towards the touch
      changes.push([buy ? 'buy' : 'sell', cents(buy ? mid - offset : mid + offset), size()]);
    }
    frames.push(
      JSON.stringify({ type: 'l2update', product_id: 'BTC-USD', changes, time: '2026-01-01T00:00:00.123456Z' }),
    );
  }
  return { snapshot, frames };
}

/**
 * The book is valid and never was invalidated (topOfBook() cannot tell here: without a socket the feed is never
 * live, and a book is only offered while the feed is).
 */
function bookValid(feed: CoinbaseFeed): boolean {
  return feed.metrics().bookInvalidations === 0 && feed.orderBook('BTC-USD')?.bestBid() !== undefined;
}

/** The feed's own frame handler (socket text in, 'top' out), without a socket. */
function feedFrameHandler(snapshot: string): { feed: CoinbaseFeed; run: (frame: string) => void } {
  const feed = new CoinbaseFeed({ products: ['BTC-USD'] });
  let tops = 0;
  feed.on('top', () => tops++);
  const onFrame = (feed as unknown as { onFrame(text: string, receivedAtMs: number): void }).onFrame.bind(feed);
  onFrame(snapshot, 0);
  if (!bookValid(feed)) throw new Error('bench snapshot did not make a valid book');
  return { feed, run: (frame) => onFrame(frame, 1) };
}

/**
 * The feed's own frame handler over the recording in order, each timed pass on a fresh feed loaded from the recorded
 * snapshots (replaying the updates onto their own result would cross books, and an invalid book drops frames cheaply).
 * Frames are flat strings, as the WebSocket hands them over.
 */
function recordedFeedRate(frames: readonly string[], minMs = 1500): Row {
  const products = [...new Set(snapshots.map((s) => (JSON.parse(s) as { product_id: string }).product_id))];
  let handler = (_frame: string): void => undefined;
  let feed: CoinbaseFeed | undefined;
  const fresh = (): void => {
    feed = new CoinbaseFeed({ products });
    feed.on('top', () => undefined);
    const onFrame = (feed as unknown as { onFrame(text: string, receivedAtMs: number): void }).onFrame.bind(feed);
    for (const s of snapshots) onFrame(s, 0);
    handler = (frame) => onFrame(frame, 1);
  };
  let ops = 0;
  let ns = 0n;
  for (let warm = 0; warm < 3; warm++) {
    fresh();
    for (const f of frames) handler(f);
  }
  while (ns < BigInt(minMs) * 1_000_000n) {
    fresh();
    const start = process.hrtime.bigint();
    for (const f of frames) handler(f);
    ns += process.hrtime.bigint() - start;
    ops += frames.length;
  }
  const m = feed!.metrics();
  if (m.bookInvalidations > 0 || m.updatesWithoutBook > 0) throw new Error('the recording invalidated a book');
  return { name: 'feed frame handler (scan + apply + top), recorded', opsPerSec: (ops * 1e9) / Number(ns) };
}
const flatUpdates = updates.map((l) => Buffer.from(l).toString());

const rows: Row[] = [];
rows.push(measure('JSON.parse only (baseline), recorded l2update', flatUpdates, (f) => JSON.parse(f)));
rows.push(measure('parseExchangeMessage, recorded l2update', flatUpdates, (f) => parseExchangeMessage(f)));
rows.push(measure('parse + apply to book + top, recorded (10 books)', flatUpdates, applyTo(loadRecordedBooks())));
const deep = syntheticDeepBook();
rows.push(measure('JSON.parse only (baseline), synthetic BTC-USD', deep.frames, (f) => JSON.parse(f)));
rows.push(
  measure(
    'parse + apply + top, synthetic BTC-USD (20k lvls/side)',
    deep.frames,
    applyTo(new Map([['BTC-USD', deep.book]])),
  ),
);
const recordedFeed = recordedFeedRate(flatUpdates);
const batch = syntheticBatchFrames();
rows.push(measure('JSON.parse only (baseline), 70-change l2update', batch.frames, (f) => JSON.parse(f)));
const batchFeed = feedFrameHandler(batch.snapshot);
rows.push(measure('l2update with 70 changes, 50-level book', batch.frames, batchFeed.run));
if (!bookValid(batchFeed.feed)) throw new Error('bench book went invalid');
const snapshotRow = measure('snapshot parse + load (recorded, 5-40 KB)', snapshots, (f) => {
  const m = parseExchangeMessage(f);
  if (m.type === 'snapshot') new OrderBook().applySnapshot(m.bids, m.asks);
});

const baseline = rows[0]!.opsPerSec;
const width = Math.max(...rows.map((r) => r.name.length), snapshotRow.name.length);
console.log(`${'case'.padEnd(width)}  ${'msgs/s'.padStart(12)}  ${'vs JSON.parse'.padStart(13)}`);
for (const r of [...rows, recordedFeed, snapshotRow]) {
  const base = r.name.includes('synthetic')
    ? rows[3]!.opsPerSec
    : r.name.includes('70')
      ? rows[5]!.opsPerSec
      : baseline;
  console.log(
    `${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)}  ${
      r === snapshotRow ? '-'.padStart(13) : `${((r.opsPerSec / base) * 100).toFixed(0)}%`.padStart(13)
    }`,
  );
}
console.log(
  `\nfeed frame handler on recorded l2update >= 80 % of JSON.parse: ${
    recordedFeed.opsPerSec >= 0.8 * baseline ? 'met' : 'NOT met'
  } (${((recordedFeed.opsPerSec / baseline) * 100).toFixed(0)} %)`,
);
const target = rows[4]!.opsPerSec;
console.log(`\ntarget >= 100,000 l2update/s on one core: ${target >= 100_000 ? 'met' : 'NOT met'}`);
const batchUs = 1e6 / rows[6]!.opsPerSec;
console.log(
  `70-change frame, CoinbaseFeed frame handler to 'top': ${batchUs.toFixed(1)} µs (target < 60 µs: ${
    batchUs < 60 ? 'met' : 'NOT met'
  })`,
);
