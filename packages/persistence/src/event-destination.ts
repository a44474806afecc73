import type { Redis } from 'ioredis';
import { encodeEnvelopesInSlices, type EventEnvelope } from './event-envelope';
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

  constructor(
    private readonly sql: SqlClient,
    /** Stamped on runs and fills (see {@link writeEvents}). */
    private readonly deployment: string | undefined,
    /** Resolves once the schema is migrated. */
    private readonly ensureSchema: () => Promise<void>,
  ) {}

  async append(batch: readonly EventEnvelope[]): Promise<void> {
    await this.ensureSchema();
    await writeEvents(this.sql, batch, { deployment: this.deployment });
  }
}
