import type { Redis } from 'ioredis';
import { encodeEnvelopesInSlices, type EventEnvelope } from './event-envelope';
import { applyMigrations } from './migrations';
import type { RedisKeys } from './redis-keys';
import type { SqlClient } from './sql-client';
import { writeEvents } from './write-events';

/** The next tier after memory: the Redis Stream, or PostgreSQL directly when there is no Redis tier. */
export interface EventDestination {
  readonly name: 'redis' | 'database';
  /** Resolves once the batch is durable in that tier; rejects (and the caller keeps the batch) otherwise. */
  append(batch: readonly EventEnvelope[]): Promise<void>;
}

export class RedisStreamDestination implements EventDestination {
  readonly name = 'redis';
  /** Id of the newest entry this process appended; flush() waits until the writers' group has passed it. */
  lastEntryId: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async append(batch: readonly EventEnvelope[]): Promise<void> {
    const payload = await encodeEnvelopesInSlices(batch);
    const id = await this.redis.xadd(this.keys.stream, '*', 'events', payload);
    if (id) this.lastEntryId = id;
  }
}

export class DatabaseDestination implements EventDestination {
  readonly name = 'database';
  private schemaReady = false;

  constructor(private readonly sql: SqlClient) {}

  async append(batch: readonly EventEnvelope[]): Promise<void> {
    if (!this.schemaReady) {
      await applyMigrations(this.sql);
      this.schemaReady = true;
    }
    await writeEvents(this.sql, batch);
  }
}
