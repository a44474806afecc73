import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys';

/**
 * The events this process appended to the stream that the writers have not yet put in PostgreSQL. Stream entries
 * are batches, so the count is kept per entry id here; `refresh` asks the consumer group how far it got (XINFO
 * GROUPS: last delivered id; XPENDING: the oldest entry read but not yet acknowledged) and forgets the entries
 * below that frontier. With several writers acknowledging out of order it is an upper bound, never an undercount.
 */
export class StreamBacklog {
  private entries: Array<{ id: string; events: number }> = [];
  private total = 0;

  add(id: string, events: number): void {
    this.entries.push({ id, events });
    this.total += events;
  }

  get events(): number {
    return this.total;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Queries the group's progress and drops entries that are in PostgreSQL. Throws when Redis does not answer. */
  async refresh(redis: Redis, keys: RedisKeys): Promise<void> {
    if (this.entries.length === 0) return;
    const frontier = await ackFrontier(redis, keys);
    if (!frontier) return;
    let drop = 0;
    while (drop < this.entries.length && frontier.isAcked(this.entries[drop]!.id)) {
      this.total -= this.entries[drop]!.events;
      drop++;
    }
    if (drop > 0) this.entries = this.entries.slice(drop);
  }
}

/** Entries below the oldest pending one, and not after the last delivered one, are acknowledged. */
async function ackFrontier(redis: Redis, keys: RedisKeys): Promise<{ isAcked(id: string): boolean } | undefined> {
  let groups: unknown;
  try {
    groups = await redis.call('XINFO', 'GROUPS', keys.stream);
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return undefined;
    throw error;
  }
  const group = (Array.isArray(groups) ? groups : []).map(fieldsToRecord).find((g) => g.name === keys.group);
  if (!group) return undefined; // no writer has ever joined: nothing is in PostgreSQL yet
  const lastDelivered = String(group['last-delivered-id']);
  const pending = (await redis.call('XPENDING', keys.stream, keys.group)) as [number, string | null, ...unknown[]];
  const oldestPending = Number(pending[0]) > 0 && pending[1] ? pending[1] : undefined;
  return {
    isAcked: (id) =>
      compareStreamIds(id, lastDelivered) <= 0 &&
      (oldestPending === undefined || compareStreamIds(id, oldestPending) < 0),
  };
}

function fieldsToRecord(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (Array.isArray(raw)) for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = raw[i + 1];
  return out;
}

/** Orders Redis stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}
