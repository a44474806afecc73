import { yieldToEventLoop } from './delay';
import { PersistenceError } from './persistence-error';
import type { TradingEvent } from './trading-event';

/**
 * A recorded event plus the identity that makes every write idempotent: `source` names the recording process
 * (random per Persistence instance) and `seq` counts its events. Events without a natural key (reference prices,
 * position snapshots) are stored once per (run, source, seq), so a redelivered stream entry or a replayed spill
 * file never adds a row; `seq` also breaks ties between order updates with the same event time.
 */
export interface EventEnvelope {
  readonly source: string;
  readonly seq: number;
  readonly event: TradingEvent;
}

const EVENT_TYPES = new Set(['run-started', 'run-ended', 'reference-price', 'order', 'execution', 'fill', 'position']);

/** Serialises a batch for one stream entry or one spill-file line. */
export function encodeEnvelopes(batch: readonly EventEnvelope[]): string {
  return JSON.stringify(batch);
}

/** Envelopes serialised per turn of the event loop by {@link encodeEnvelopesInSlices} (about 0.1 ms here). */
export const ENCODE_SLICE = 64;

/**
 * The same text as {@link encodeEnvelopes}, produced {@link ENCODE_SLICE} envelopes at a time with a yield to the
 * event loop between slices: a 500-event batch would otherwise hold the trading process's loop for about 1 ms.
 */
export async function encodeEnvelopesInSlices(
  batch: readonly EventEnvelope[],
  yieldToLoop: () => Promise<void> = yieldToEventLoop,
): Promise<string> {
  if (batch.length <= ENCODE_SLICE) return encodeEnvelopes(batch);
  const slices: string[] = [];
  for (let start = 0; start < batch.length; start += ENCODE_SLICE) {
    if (start > 0) await yieldToLoop();
    const text = JSON.stringify(batch.slice(start, start + ENCODE_SLICE));
    slices.push(text.slice(1, -1)); // without the slice's own brackets
  }
  return `[${slices.join(',')}]`;
}

/**
 * Parses what {@link encodeEnvelopes} wrote. Throws {@link PersistenceError} `MALFORMED_EVENT` when the text is not
 * a JSON array of envelopes with a known event type, a runId and a numeric timeMs.
 */
export function decodeEnvelopes(text: string): EventEnvelope[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PersistenceError('MALFORMED_EVENT', 'event batch is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw new PersistenceError('MALFORMED_EVENT', 'event batch is not a JSON array');
  for (const item of parsed) assertEnvelope(item);
  return parsed as EventEnvelope[];
}

function assertEnvelope(item: unknown): void {
  if (typeof item !== 'object' || item === null) throw malformed('envelope is not an object');
  const { source, seq, event } = item as Record<string, unknown>;
  if (typeof source !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
    throw malformed('envelope lacks source/seq');
  }
  if (typeof event !== 'object' || event === null) throw malformed('envelope lacks an event');
  const { type, runId, timeMs } = event as Record<string, unknown>;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) throw malformed(`unknown event type ${String(type)}`);
  if (typeof runId !== 'string' || runId.length === 0) throw malformed('event lacks runId');
  if (typeof timeMs !== 'number' || !Number.isFinite(timeMs)) throw malformed('event lacks timeMs');
}

function malformed(detail: string): PersistenceError {
  return new PersistenceError('MALFORMED_EVENT', detail);
}
