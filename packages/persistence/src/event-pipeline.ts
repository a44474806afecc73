import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import { delay } from './delay';
import { RedisStreamDestination, type EventDestination } from './event-destination';
import type { EventEnvelope } from './event-envelope';
import { HotStatePublisher } from './hot-state';
import type { Persistence } from './persistence';
import { FlushTimeoutError } from './persistence-error';
import type { RedisKeys } from './redis-keys';
import { ReferencePriceSampler } from './reference-price-sampler';
import { RingQueue } from './ring-queue';
import { sanitizeConfig } from './sanitize-config';
import type { SpillFile } from './spill-file';
import type { StreamBacklog } from './stream-backlog';
import {
  DurabilityTracker,
  type StorageBacklog,
  type StorageHealth,
  type StorageHealthListener,
} from './storage-health';
import type { StreamWriter } from './stream-writer';
import type { EventSink, TradingEvent } from './trading-event';

/** What {@link EventPipeline.flush} resolves with. */
export interface FlushReport {
  /** Events that will never be stored (dropped: memory full while nothing durable could take them). */
  eventsNotStored: number;
  /** What is still not in PostgreSQL: non-zero only in `redis` for a producer without its own writer. */
  backlog: StorageBacklog;
}

/** What {@link EventPipeline.close} resolves with: the app exits non-zero when `eventsNotStored` > 0. */
export interface CloseReport {
  /** Events recorded but stored nowhere: `eventsDropped` + `eventsLostAtClose`. */
  eventsNotStored: number;
  /** Dropped while running (memory full, next tier down, spill file unwritable or full). */
  eventsDropped: number;
  /** Still in memory at close and the spill file could not take them. */
  eventsLostAtClose: number;
  /** Kept in the spill file; replayed into the next tier at the next start (stored, not yet in PostgreSQL). */
  eventsInSpillFile: number;
  /** In the Redis stream, not yet in PostgreSQL (the writers' job; an upper bound). */
  eventsInRedis: number;
}

export interface PipelineParts {
  clock: Clock;
  logger: Logger;
  keys: RedisKeys;
  destination: EventDestination;
  spill: SpillFile;
  producer: Redis | undefined;
  writer: StreamWriter | undefined;
  /** Counts this process's events in the stream until the writers have stored them (Redis tier only). */
  streamBacklog?: StreamBacklog;
  /** How often the stream backlog is re-read while it is not empty. Default 1000. */
  backlogRefreshMs?: number;
  capacity: number;
  /** Events held beyond `capacity` while the spill file cannot take them; newer ones are dropped (counted).
   *  Default `capacity`. */
  overflowCapacity?: number;
  maxBatch: number;
  handoffIntervalMs: number;
  retryDelayMs: number;
  referencePriceMinIntervalMs: number;
  closeTimeoutMs: number;
  closeResources: () => Promise<void>;
}

/**
 * The trading side: `record` puts an envelope in a preallocated ring and returns; one background loop (on the
 * injected clock) hands batches to the next tier, spills to disk when that tier is down and memory is full, and
 * replays the spill file first when the tier is back. At most one hand-off is in flight, so the order of events
 * within the memory tier is kept.
 */
export class EventPipeline implements EventSink {
  runId: string | undefined;
  readonly hotState: Persistence['hotState'];
  private readonly durability: DurabilityTracker;
  private readonly overflowCapacity: number;
  private readonly backlogRefreshMs: number;
  private nextBacklogRefreshAt = 0;
  private droppingLogged = false;
  private probing: Promise<void> | undefined;
  private readonly source = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly ring: RingQueue<EventEnvelope>;
  // Only used when the ring is full: keeps record() O(1) and lossless until the loop spills it to disk.
  private overflow: EventEnvelope[] = [];
  private readonly sampler: ReferencePriceSampler;
  private readonly hot: HotStatePublisher;
  private timer: TimerHandle | undefined;
  private timerDueAt = 0;
  private draining: Promise<void> | undefined;
  private spillPending = false;
  private closed = false;
  private readonly counts = {
    eventsRecorded: 0,
    eventsDelivered: 0,
    deliveryErrors: 0,
    queueOverflows: 0,
    eventsSpilled: 0,
    eventsReplayed: 0,
    spillErrors: 0,
    malformedSpillLines: 0,
    hotStateWrites: 0,
    hotStateErrors: 0,
    recordErrors: 0,
    recordedAfterClose: 0,
    eventsDropped: 0,
    eventsLostAtClose: 0,
  };

  constructor(private readonly parts: PipelineParts) {
    this.ring = new RingQueue(parts.capacity);
    this.sampler = new ReferencePriceSampler((e) => this.enqueue(e), parts.clock, parts.referencePriceMinIntervalMs);
    this.hot = new HotStatePublisher(() => this.runId);
    this.overflowCapacity = parts.overflowCapacity ?? parts.capacity;
    this.backlogRefreshMs = parts.backlogRefreshMs ?? 1000;
    this.durability = new DurabilityTracker(parts.logger, () => this.storageHealth());
    this.hotState = {
      publish: (s) => {
        this.hot.publish(s);
        this.schedule(0);
      },
      current: () => this.hot.current(),
    };
  }

  async start(): Promise<void> {
    this.spillPending = await this.parts.spill.hasPending();
    if (this.spillPending) {
      const events = await this.parts.spill.load();
      this.parts.logger.info({ events }, 'spill file found; replaying it before new events');
    }
    this.schedule(0);
  }

  record(event: TradingEvent): void {
    try {
      if (this.closed) {
        if (this.counts.recordedAfterClose++ === 0) this.parts.logger.error('event recorded after close; ignored');
        return;
      }
      this.counts.eventsRecorded++;
      switch (event.type) {
        case 'run-started':
          this.runId ??= event.runId;
          // Before the event leaves this process: secrets must not reach Redis or the spill file either.
          this.enqueue({ ...event, config: sanitizeConfig(event.config) });
          return;
        case 'reference-price':
          if (event.fairValue !== undefined) this.hot.publish({ fairValue: event.fairValue });
          this.sampler.offer(event);
          return;
        case 'position':
          this.hot.publish({ position: event });
          break;
      }
      this.enqueue(event);
    } catch (error) {
      if (this.counts.recordErrors++ === 0) {
        this.parts.logger.error({ err: { message: (error as Error).message } }, 'record failed');
      }
    }
  }

  /** Events not yet in PostgreSQL, and whether they can be made durable. */
  storageHealth(): StorageHealth {
    const memory = this.ring.size + this.overflow.length;
    const redis = this.parts.streamBacklog?.events ?? 0;
    const spill = this.parts.spill.pendingEvents;
    return {
      durable: this.durability.durable,
      destinationUp: this.durability.destinationUp,
      spillWritable: this.durability.spillWritable,
      backlog: { memory, redis, spill, total: memory + redis + spill },
      eventsDropped: this.counts.eventsDropped,
      ...(this.durability.lastError === undefined ? {} : { lastError: this.durability.lastError }),
    };
  }

  /** Calls `listener` each time `durable` changes; returns the unsubscribe function. */
  onStorageHealthChange(listener: StorageHealthListener): () => void {
    return this.durability.subscribe(listener);
  }

  async flush(timeoutMs = 10_000): Promise<FlushReport> {
    this.sampler.flush();
    const deadline = this.parts.clock.now() + timeoutMs;
    for (;;) {
      if (await this.isSettled()) {
        return { eventsNotStored: this.counts.eventsDropped, backlog: this.storageHealth().backlog };
      }
      if (this.parts.clock.now() >= deadline) {
        const pending = this.storageHealth().backlog.total + this.counts.eventsDropped;
        throw new FlushTimeoutError(`${pending} events still not stored after ${timeoutMs} ms`, pending);
      }
      this.schedule(0);
      await delay(this.parts.clock, 10);
    }
  }

  async close(): Promise<CloseReport> {
    if (this.closed) return this.closeReport();
    try {
      await this.flush(this.parts.closeTimeoutMs);
    } catch (error) {
      this.parts.logger.warn({ err: { message: (error as Error).message } }, 'flush at close incomplete');
    }
    this.closed = true;
    this.parts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
    await this.probing;
    // Whatever could not be delivered goes to disk and is replayed at the next start.
    const left = [...this.ring.peek(this.ring.size), ...this.overflow];
    if (left.length > 0) {
      try {
        await this.parts.spill.append(left);
        this.counts.eventsSpilled += left.length;
        this.parts.logger.warn({ events: left.length }, 'undelivered events spilled at close');
      } catch (error) {
        this.counts.eventsLostAtClose += left.length;
        this.parts.logger.error(
          { err: { message: (error as Error).message }, events: left.length },
          'spill at close failed; events lost',
        );
      }
      this.ring.drop(this.ring.size);
      this.overflow = [];
    }
    if (this.parts.streamBacklog && this.parts.producer) {
      await this.parts.streamBacklog.refresh(this.parts.producer, this.parts.keys).catch(() => undefined);
    }
    await this.parts.closeResources();
    const report = this.closeReport();
    if (report.eventsNotStored > 0) this.parts.logger.error(report, 'closed with events not stored');
    return report;
  }

  private closeReport(): CloseReport {
    const { eventsDropped, eventsLostAtClose } = this.counts;
    return {
      eventsNotStored: eventsDropped + eventsLostAtClose,
      eventsDropped,
      eventsLostAtClose,
      eventsInSpillFile: this.parts.spill.pendingEvents,
      eventsInRedis: this.parts.streamBacklog?.events ?? 0,
    };
  }

  metrics(): Record<string, number> {
    const health = this.storageHealth();
    return {
      ...this.counts,
      ...this.sampler.counters(),
      eventsQueued: this.ring.size + this.overflow.length,
      spillPending: this.spillPending ? 1 : 0,
      destinationUp: health.destinationUp ? 1 : 0,
      spillWritable: health.spillWritable ? 1 : 0,
      durable: health.durable ? 1 : 0,
      backlogMemory: health.backlog.memory,
      backlogRedis: health.backlog.redis,
      backlogSpill: health.backlog.spill,
      backlogEvents: health.backlog.total,
      ...(this.parts.writer?.counters() ?? {}),
    };
  }

  private enqueue(event: TradingEvent): void {
    const envelope: EventEnvelope = { source: this.source, seq: ++this.seq, event };
    if (!this.ring.push(envelope)) {
      // Bounded memory only when nothing durable can take the overflow; while the spill file works it drains it.
      if (this.overflow.length >= this.overflowCapacity && !this.durability.spillWritable) {
        this.drop();
        return;
      }
      this.overflow.push(envelope);
      this.counts.queueOverflows++;
    }
    this.schedule(this.nextHandoffDelay());
  }

  /** A full batch goes now; a partial one waits up to `handoffIntervalMs` for more; a down tier is retried later. */
  private drop(): void {
    this.counts.eventsDropped++;
    if (this.droppingLogged) return;
    this.droppingLogged = true;
    this.parts.logger.error(
      { queued: this.ring.size + this.overflow.length },
      'memory full and no durable tier: dropping events',
    );
  }

  private nextHandoffDelay(): number {
    if (!this.durability.destinationUp) return this.parts.retryDelayMs;
    const queued = this.ring.size + this.overflow.length;
    return queued >= this.parts.maxBatch || this.spillPending ? 0 : this.parts.handoffIntervalMs;
  }

  /** Arms the hand-off timer, or pulls an armed one forward; never pushes it back. */
  private schedule(delayMs: number): void {
    if (this.draining || this.closed) return;
    const dueAt = this.parts.clock.now() + delayMs;
    if (this.timer !== undefined) {
      if (dueAt >= this.timerDueAt) return;
      this.parts.clock.clearTimeout(this.timer);
    }
    this.timerDueAt = dueAt;
    this.timer = this.parts.clock.setTimeout(() => {
      this.timer = undefined;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        if (this.hasWork()) this.schedule(this.nextHandoffDelay());
        else if (this.parts.streamBacklog && !this.parts.streamBacklog.empty) this.schedule(this.backlogRefreshMs);
      });
    }, delayMs);
  }

  private hasWork(): boolean {
    // Hot state waits for a ready connection (the next publish retries it), rather than polling a dead one.
    const hotPending = this.hot.pending && this.parts.producer?.status === 'ready';
    return this.ring.size > 0 || this.overflow.length > 0 || this.spillPending || hotPending;
  }

  private async drain(): Promise<void> {
    this.refillFromOverflow();
    try {
      if (this.spillPending) await this.replaySpill();
      const batch = this.ring.peek(this.parts.maxBatch);
      if (batch.length > 0) {
        await this.parts.destination.append(batch);
        this.noteAppended(batch.length);
        this.ring.drop(batch.length);
        this.counts.eventsDelivered += batch.length;
      }
      this.markUp();
    } catch (error) {
      this.markDown(error as Error);
      if (this.ring.isFull || this.overflow.length > 0) await this.spillOldest();
      else this.probeSpill();
    }
    await this.writeHotState();
    await this.refreshStreamBacklog(false);
  }

  private noteAppended(events: number): void {
    const { destination, streamBacklog } = this.parts;
    if (streamBacklog && destination instanceof RedisStreamDestination && destination.lastEntryId) {
      streamBacklog.add(destination.lastEntryId, events);
    }
  }

  /** Re-reads the writers' progress at most every `backlogRefreshMs` (or now when `force`). */
  private async refreshStreamBacklog(force: boolean): Promise<void> {
    const { streamBacklog, producer, keys, clock } = this.parts;
    if (!streamBacklog || !producer || streamBacklog.empty || producer.status !== 'ready') return;
    if (!force && clock.now() < this.nextBacklogRefreshAt) return;
    this.nextBacklogRefreshAt = clock.now() + this.backlogRefreshMs;
    try {
      await streamBacklog.refresh(producer, keys);
    } catch {
      // Redis hiccup: the count stays as it was (an upper bound) until the next refresh.
    }
  }

  /**
   * While the next tier is down: can the spill file take events? Detects a full disk or cap before memory fills.
   * In the background (one at a time), so the retry timing of hand-offs does not wait for the file system.
   */
  private probeSpill(): void {
    if (this.probing) return;
    this.probing = this.parts.spill
      .probe()
      .then(
        () => this.setSpillWritable(true),
        (error: unknown) => this.setSpillWritable(false, error as Error),
      )
      .finally(() => {
        this.probing = undefined;
      });
  }

  private setSpillWritable(writable: boolean, error?: Error): void {
    if (error) this.durability.lastError = error.message;
    this.durability.spillWritable = writable;
    if (writable && this.durability.durable) this.droppingLogged = false;
    this.durability.update();
  }

  private refillFromOverflow(): void {
    if (this.overflow.length === 0) return;
    let moved = 0;
    while (moved < this.overflow.length && this.ring.push(this.overflow[moved]!)) moved++;
    this.overflow = moved === this.overflow.length ? [] : this.overflow.slice(moved);
  }

  private async replaySpill(): Promise<void> {
    const replayed = await this.parts.spill.replay(
      async (batch) => {
        await this.parts.destination.append(batch);
        this.noteAppended(batch.length);
        this.counts.eventsReplayed += batch.length;
      },
      (error) => {
        this.counts.malformedSpillLines++;
        this.parts.logger.error({ err: { message: error.message } }, 'unreadable spill line skipped');
      },
      this.parts.maxBatch,
    );
    this.spillPending = false;
    if (replayed > 0) this.parts.logger.info({ events: replayed }, 'spill file replayed');
  }

  /** Frees memory for new events: the overflow, then the oldest half of the ring, go to the spill file. */
  private async spillOldest(): Promise<void> {
    // A copy: record() keeps pushing to this.overflow while the append is in flight.
    const overflow = this.overflow.slice();
    const fromRing = this.ring.peek(Math.ceil(this.ring.capacity / 2));
    try {
      await this.parts.spill.append([...fromRing, ...overflow]);
    } catch (error) {
      this.counts.spillErrors++;
      if (this.durability.spillWritable) {
        this.parts.logger.error({ err: { message: (error as Error).message } }, 'spill to disk failed');
      }
      this.setSpillWritable(false, error as Error);
      return;
    }
    this.setSpillWritable(true);
    this.overflow = this.overflow.slice(overflow.length);
    this.ring.drop(fromRing.length);
    this.counts.eventsSpilled += fromRing.length + overflow.length;
    this.spillPending = true;
  }

  private async writeHotState(): Promise<void> {
    const { producer } = this.parts;
    if (!producer || !this.hot.pending || producer.status !== 'ready') return;
    try {
      await this.hot.writeTo(producer, this.parts.keys.state, this.parts.clock.now());
      this.counts.hotStateWrites++;
    } catch {
      this.counts.hotStateErrors++;
    }
  }

  private markUp(): void {
    if (this.durability.destinationUp) return;
    this.durability.destinationUp = true;
    this.droppingLogged = false;
    this.durability.update();
    this.parts.logger.info(
      { destination: this.parts.destination.name, queued: this.ring.size, errors: this.counts.deliveryErrors },
      'event hand-off restored',
    );
  }

  private markDown(error: Error): void {
    this.counts.deliveryErrors++;
    this.durability.lastError = error.message;
    if (!this.durability.destinationUp) return;
    this.durability.destinationUp = false;
    this.durability.update();
    this.parts.logger.warn(
      { destination: this.parts.destination.name, err: { message: error.message } },
      'event hand-off failing; buffering in memory, then on disk',
    );
  }

  private async isSettled(): Promise<boolean> {
    if (this.hasWork() || this.draining) return false;
    const { writer, streamBacklog } = this.parts;
    // Without a writer of its own, an event is stored once it is in the stream.
    if (!writer || !streamBacklog) return true;
    await this.refreshStreamBacklog(true);
    return streamBacklog.empty;
  }
}
