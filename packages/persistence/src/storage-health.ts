import type { Logger } from 'pino';

/** Events not yet durable in PostgreSQL, per place they wait. */
export interface StorageBacklog {
  /** In this process's memory (ring and overflow). Lost on a crash. */
  memory: number;
  /** Appended to the Redis stream by this process, not yet written to PostgreSQL by a writer (an upper bound). */
  redis: number;
  /** In the spill file (this deployment's), replayed when the next tier is back or at the next start. */
  spill: number;
  total: number;
}

/** What the app needs for its storage policy (e.g. stop quoting while events cannot be made durable). */
export interface StorageHealth {
  /** False while recorded events have nowhere durable to go: the next tier (Redis, or PostgreSQL without Redis) is
   *  down and the spill file is unwritable or full. Events then wait in memory (bounded) and may be dropped. */
  durable: boolean;
  /** The next tier accepts hand-offs. */
  destinationUp: boolean;
  /** The last spill (or probe of the spill folder) succeeded and the size cap is not reached. */
  spillWritable: boolean;
  backlog: StorageBacklog;
  /** Events dropped since start because memory was full and nothing could take them (never stored). */
  eventsDropped: number;
  /** The last delivery or spill error message (never contains connection strings). */
  lastError?: string;
}

export type StorageHealthListener = (health: StorageHealth) => void;

/** Tracks whether events can be made durable, and tells listeners (and the log) each time that changes. */
export class DurabilityTracker {
  destinationUp = true;
  spillWritable = true;
  lastError: string | undefined;
  private wasDurable = true;
  private readonly listeners = new Set<StorageHealthListener>();

  constructor(
    private readonly logger: Logger,
    private readonly snapshot: () => StorageHealth,
  ) {}

  get durable(): boolean {
    return this.destinationUp || this.spillWritable;
  }

  subscribe(listener: StorageHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after changing `destinationUp` / `spillWritable`: notifies on a change of `durable`. */
  update(): void {
    const durable = this.durable;
    if (durable === this.wasDurable) return;
    this.wasDurable = durable;
    const health = this.snapshot();
    if (durable) this.logger.info({ backlog: health.backlog }, 'events can be made durable again');
    else
      this.logger.error({ backlog: health.backlog, err: { message: this.lastError } }, 'events cannot be made durable');
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (error) {
        this.logger.error({ err: { message: (error as Error).message } }, 'storage health listener failed');
      }
    }
  }
}
