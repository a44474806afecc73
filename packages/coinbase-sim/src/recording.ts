import { parseCoinbaseTime } from './coinbase-time';

/** One server-to-client message of a recording, kept as its original JSON text so replay is byte-faithful. */
export interface RecordedFrame {
  /** When the message was received (cryptofeed) or its `time` (JSONL); carried forward when a line has none. */
  readonly atMs: number;
  readonly type: string;
  readonly productId?: string;
  readonly frame: string;
  readonly message: Readonly<Record<string, unknown>>;
}

export interface Recording {
  readonly frames: RecordedFrame[];
  /** Lines that were neither a feed message nor a cryptofeed connect/sent line. */
  readonly malformedLines: number;
  /** Lines the recording client sent (`URL <- ts: json`) and connect markers (`URL <-> ts`). */
  readonly clientLines: number;
}

const CRYPTOFEED_RECEIVED = /^(\d+(?:\.\d+)?): (\{.*\})\s*$/;
const CRYPTOFEED_CLIENT = /^\S+ <->? \d/;

/**
 * Reads either format: cryptofeed's raw capture (`ts: json` received, `URL <- ts: json` sent, `URL <-> ts`
 * connect; ts in float epoch seconds) or JSONL (one Coinbase JSON message per line, timed by its `time`).
 */
export function parseRecording(text: string): Recording {
  const frames: RecordedFrame[] = [];
  let malformedLines = 0;
  let clientLines = 0;
  let lastAtMs: number | undefined;
  let firstTimedAtMs: number | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (CRYPTOFEED_CLIENT.test(line)) {
      clientLines++;
      continue;
    }
    let json = line;
    let atMs: number | undefined;
    const cryptofeed = CRYPTOFEED_RECEIVED.exec(line);
    if (cryptofeed) {
      // Seconds with up to 7 fraction digits: milliseconds are all a timeline needs.
      atMs = Math.round(Number(cryptofeed[1]) * 1000);
      json = cryptofeed[2]!;
    } else if (!line.startsWith('{')) {
      malformedLines++;
      continue;
    }
    let message: unknown;
    try {
      message = JSON.parse(json);
    } catch {
      malformedLines++;
      continue;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      malformedLines++;
      continue;
    }
    const body = message as Record<string, unknown>;
    if (typeof body['type'] !== 'string') {
      malformedLines++;
      continue;
    }
    if (atMs === undefined && typeof body['time'] === 'string') atMs = parseCoinbaseTime(body['time']);
    if (atMs !== undefined && lastAtMs !== undefined && atMs < lastAtMs) atMs = lastAtMs; // never play backwards
    if (atMs !== undefined) {
      lastAtMs = atMs;
      firstTimedAtMs ??= atMs;
    }
    frames.push({
      atMs: atMs ?? lastAtMs ?? Number.NaN,
      type: body['type'],
      productId: typeof body['product_id'] === 'string' ? body['product_id'] : undefined,
      frame: json,
      message: body,
    });
  }
  // Leading lines without a time (a JSONL snapshot first) play together with the first timed line.
  for (let i = 0; i < frames.length && Number.isNaN(frames[i]!.atMs); i++) {
    frames[i] = { ...frames[i]!, atMs: firstTimedAtMs ?? 0 };
  }
  return { frames, malformedLines, clientLines };
}
