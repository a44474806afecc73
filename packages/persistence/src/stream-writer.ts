import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '@truex-mm/clock';
import { decodeEnvelopes, type EventEnvelope } from './event-envelope';
import { delay } from './delay';
import { applyMigrations } from './migrations';
import type { RedisKeys } from './redis-keys';
import type { SqlClient } from './sql-client';
import { writeEvents } from './write-events';

export interface StreamWriterOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it. */
  redis: Redis;
  sql: SqlClient;
  keys: RedisKeys;
  /** Unique per writer process; default `<host>-<pid>-<random>`. */
  consumer?: string;
  /** Stream entries per read (each entry is a batch of events). Default 64. */
  entriesPerRead?: number;
  blockMs?: number /* 200 */;
  /** Pending entries idle this long belong to a dead writer and are claimed (XAUTOCLAIM). Default 30000. */
  claimIdleMs?: number;
  /** Pause after a failed read or write before retrying. Default 250. */
  retryDelayMs?: number;
  /** XDEL entries once acknowledged, so the stream holds only what is not yet in PostgreSQL. Default true. */
  deleteAcked?: boolean;
  clock?: Clock;
  logger?: Logger;
}

export interface StreamWriterCounters {
  writerBatches: number;
  writerEvents: number;
  writerRowsWritten: number;
  writerEntriesAcked: number;
  writerEntriesClaimed: number;
  writerDeadLetters: number;
  writerErrors: number;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Moves events from the Redis Stream into PostgreSQL. Reads through the consumer group, writes each read as one
 * idempotent statement, and XACKs only after it committed: a crash between commit and ack means the entries are
 * delivered again and rewritten as no-ops, never lost and never doubled. Several writers share the group; entries
 * left pending by a dead one are claimed after `claimIdleMs`.
 */
export class StreamWriter {
  readonly consumer: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly entriesPerRead: number;
  private readonly blockMs: number;
  private readonly claimIdleMs: number;
  private readonly retryDelayMs: number;
  private readonly deleteAcked: boolean;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readingOwnPending = true;
  private nextClaimAtMs = 0;
  private failing = false;
  private schemaReady = false;
  private readonly stats: StreamWriterCounters = {
    writerBatches: 0,
    writerEvents: 0,
    writerRowsWritten: 0,
    writerEntriesAcked: 0,
    writerEntriesClaimed: 0,
    writerDeadLetters: 0,
    writerErrors: 0,
  };

  constructor(private readonly options: StreamWriterOptions) {
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'stream-writer' });
    this.entriesPerRead = options.entriesPerRead ?? 64;
    this.blockMs = options.blockMs ?? 200;
    this.claimIdleMs = options.claimIdleMs ?? 30_000;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.deleteAcked = options.deleteAcked ?? true;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the batch in hand, then stops. The connections belong to the caller. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  counters(): StreamWriterCounters {
    return { ...this.stats };
  }

  /** Performs one read-write-ack step; exposed for tests and single-shot tools. Returns entries processed. */
  async step(): Promise<number> {
    const { redis, keys } = this.options;
    if (!this.schemaReady) {
      await ensureGroup(redis, keys);
      await applyMigrations(this.options.sql);
      this.schemaReady = true;
    }
    if (this.clock.now() >= this.nextClaimAtMs) {
      this.nextClaimAtMs = this.clock.now() + Math.max(100, this.claimIdleMs / 2);
      const claimed = await this.claimFromDeadConsumers();
      if (claimed > 0) return claimed;
    }
    const readFrom = this.readingOwnPending ? '0' : '>';
    const block = this.readingOwnPending ? [] : ['BLOCK', String(this.blockMs)];
    const reply = await redis.call(
      'XREADGROUP',
      'GROUP',
      keys.group,
      this.consumer,
      'COUNT',
      String(this.entriesPerRead),
      ...block,
      'STREAMS',
      keys.stream,
      readFrom,
    );
    const entries = parseReadReply(reply);
    if (this.readingOwnPending && entries.length === 0) this.readingOwnPending = false;
    await this.process(entries);
    return entries.length;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.step();
        if (this.failing) {
          this.failing = false;
          this.logger.info({ errors: this.stats.writerErrors }, 'stream writer recovered');
        }
      } catch (error) {
        this.stats.writerErrors++;
        // Our own unacked entries are re-read (from id 0) before new ones once the failure clears.
        this.readingOwnPending = true;
        if (!this.failing) this.logger.warn({ err: { message: (error as Error).message } }, 'stream writer failing');
        this.failing = true;
        if (!this.stopped) await delay(this.clock, this.retryDelayMs);
      }
    }
  }

  private async claimFromDeadConsumers(): Promise<number> {
    const { redis, keys } = this.options;
    const reply = await redis.call(
      'XAUTOCLAIM',
      keys.stream,
      keys.group,
      this.consumer,
      String(this.claimIdleMs),
      '0-0',
      'COUNT',
      String(this.entriesPerRead),
    );
    const entries = Array.isArray(reply) ? parseEntries(reply[1]) : [];
    if (entries.length === 0) return 0;
    this.stats.writerEntriesClaimed += entries.length;
    this.logger.info({ entries: entries.length }, 'claimed entries from a dead writer');
    await this.process(entries);
    return entries.length;
  }

  private async process(entries: StreamEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { redis, keys, sql } = this.options;
    const events: EventEnvelope[] = [];
    const dead: Array<{ id: string; payload: string; error: string }> = [];
    for (const [id, fields] of entries) {
      if (fields.length === 0) continue; // deleted while pending: nothing to write, only to acknowledge
      const payload = fieldValue(fields, 'events') ?? '';
      try {
        for (const e of decodeEnvelopes(payload)) events.push(e);
      } catch (error) {
        dead.push({ id, payload, error: (error as Error).message });
      }
    }
    const result = await writeEvents(sql, events, { deployment: keys.deployment });
    if (dead.length > 0) {
      const pipeline = redis.pipeline();
      for (const d of dead) pipeline.xadd(keys.deadLetters, '*', 'id', d.id, 'events', d.payload, 'error', d.error);
      await pipeline.exec();
      this.stats.writerDeadLetters += dead.length;
      this.logger.error({ entries: dead.length }, 'malformed stream entries moved to the dead-letter stream');
    }
    const ids = entries.map(([id]) => id);
    const ack = redis.multi().xack(keys.stream, keys.group, ...ids);
    if (this.deleteAcked) ack.xdel(keys.stream, ...ids);
    const replies = await ack.exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('XACK transaction aborted');
    this.stats.writerBatches++;
    this.stats.writerEvents += events.length;
    this.stats.writerRowsWritten += result.rowsWritten;
    this.stats.writerEntriesAcked += ids.length;
  }
}

/** Creates the consumer group (from the stream's start, so nothing added earlier is skipped). */
export async function ensureGroup(redis: Redis, keys: RedisKeys): Promise<void> {
  try {
    await redis.call('XGROUP', 'CREATE', keys.stream, keys.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

function parseReadReply(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: StreamEntry[] = [];
  for (const stream of reply) {
    if (Array.isArray(stream)) out.push(...parseEntries(stream[1]));
  }
  return out;
}

function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: StreamEntry[] = [];
  for (const entry of raw) {
    // XAUTOCLAIM/XREADGROUP return a nil field list for entries deleted while pending.
    if (Array.isArray(entry) && typeof entry[0] === 'string') {
      out.push([entry[0], Array.isArray(entry[1]) ? (entry[1] as string[]) : []]);
    }
  }
  return out;
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
