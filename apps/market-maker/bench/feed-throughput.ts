// Coinbase l2update frames through the feed's own frame handler (scan + book apply + 'top'), next to JSON.parse of
// the same frames, on the real 2021 recording (shared/coinbase/recordings/COINBASE.ws.28.0).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';

function findRecording(): string | undefined {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/coinbase/recordings/COINBASE.ws.28.0');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Frames per second over one timed pass (after an untimed `prepare`), the best of `passes`-long rounds of minMs. */
function rate(frames: readonly string[], prepare: () => void, run: (frame: string) => void, minMs: number): number {
  let ops = 0;
  let ns = 0n;
  while (ns < BigInt(minMs) * 1_000_000n) {
    prepare();
    const start = process.hrtime.bigint();
    for (const f of frames) run(f);
    ns += process.hrtime.bigint() - start;
    ops += frames.length;
  }
  return (ops * 1e9) / Number(ns);
}

export interface FeedThroughput {
  readonly feedPerSec: number;
  readonly jsonParsePerSec: number;
  readonly frames: number;
}

/** Undefined when the recording is not beside the repository. Rounds alternate so both see the same machine load. */
export function feedThroughput(rounds = 5, minMs = 500): FeedThroughput | undefined {
  const file = findRecording();
  if (file === undefined) return undefined;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.includes(' <-'))
    .map((l) => l.slice(l.indexOf(': ') + 2));
  // Flat strings, as the WebSocket hands them over (Buffer → text); slices of the file would be slower to read.
  const updates = lines.filter((l) => l.includes('"type":"l2update"')).map((l) => Buffer.from(l).toString());
  const snapshots = lines.filter((l) => l.includes('"type":"snapshot"'));
  const products = [...new Set(snapshots.map((s) => (JSON.parse(s) as { product_id: string }).product_id))];
  // Each timed pass replays the recording in order from its snapshots, on a fresh feed: replaying the updates onto
  // their own result would cross the books, and an invalid book drops frames unapplied (cheaply).
  let feed = new CoinbaseFeed({ products });
  let onFrame = (_text: string, _receivedAtMs: number): void => undefined;
  let tops = 0;
  const freshFeed = (): void => {
    feed = new CoinbaseFeed({ products });
    feed.on('top', () => tops++);
    onFrame = (feed as unknown as { onFrame(text: string, receivedAtMs: number): void }).onFrame.bind(feed);
    for (const s of snapshots) onFrame(s, 0);
  };
  const ours: number[] = [];
  const json: number[] = [];
  rate(updates, freshFeed, (f) => onFrame(f, 1), minMs); // warm-up
  rate(
    updates,
    () => undefined,
    (f) => JSON.parse(f),
    minMs,
  );
  for (let r = 0; r < rounds; r++) {
    json.push(
      rate(
        updates,
        () => undefined,
        (f) => JSON.parse(f),
        minMs,
      ),
    );
    ours.push(rate(updates, freshFeed, (f) => onFrame(f, 1), minMs));
    const m = feed.metrics();
    // A book invalidated on the way would make later frames cheap (dropped unapplied): not a fair measurement.
    if (m.bookInvalidations > 0 || m.updatesWithoutBook > 0 || m.malformed > 0) {
      throw new Error(
        `the recording invalidated a book: ${m.bookInvalidations} invalidations, ${m.malformed} malformed`,
      );
    }
  }
  if (tops === 0) throw new Error('the recorded frames produced no top of book');
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return { feedPerSec: median(ours), jsonParsePerSec: median(json), frames: updates.length };
}
