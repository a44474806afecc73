import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import { delay } from './delay';
import { RedisStreamDestination, type EventDestination } from './event-destination';
import type { EventEnvelope } from './event-envelope';
import { HotStatePublisher } from './hot-state';
import type { Persistence } from './persistence';
import { PersistenceError } from './persistence-error';
import type { RedisKeys } from './redis-keys';
import { ReferencePriceSampler } from './reference-price-sampler';
import { RingQueue } from './ring-queue';
import { sanitizeConfig } from './sanitize-config';
import type { SpillFile } from './spill-file';
import type { StreamWriter } from './stream-writer';
import type { TradingEvent } from './trading-event';

export interface PipelineParts {
  clock: Clock;
  logger: Logger;
  keys: RedisKeys;
  destination: EventDestination;
  spill: SpillFile;
  producer: Redis | undefined;
  writer: StreamWriter | undefined;
  capacity: number;
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
export class EventPipeline implements Persistence {
  runId: string | undefined;
  readonly hotState: Persistence['hotState'];
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
  private destinationUp = true;
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
  };

  constructor(private readonly parts: PipelineParts) {
    this.ring = new RingQueue(parts.capacity);
    this.sampler = new ReferencePriceSampler((e) => this.enqueue(e), parts.clock, parts.referencePriceMinIntervalMs);
    this.hot = new HotStatePublisher(() => this.runId);
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
    if (this.spillPending) this.parts.logger.info('spill file found; replaying it before new events');
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

  async flush(timeoutMs = 10_000): Promise<void> {
    this.sampler.flush();
    const deadline = this.parts.clock.now() + timeoutMs;
    for (;;) {
      if (await this.isSettled()) return;
      if (this.parts.clock.now() >= deadline) {
        throw new PersistenceError('FLUSH_TIMEOUT', `events still pending after ${timeoutMs} ms`);
      }
      this.schedule(0);
      await delay(this.parts.clock, 10);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush(this.parts.closeTimeoutMs);
    } catch (error) {
      this.parts.logger.warn({ err: { message: (error as Error).message } }, 'flush at close incomplete');
    }
    this.closed = true;
    this.parts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
    // Whatever could not be delivered goes to disk and is replayed at the next start.
    const left = [...this.ring.peek(this.ring.size), ...this.overflow];
    if (left.length > 0) {
      try {
        await this.parts.spill.append(left);
        this.counts.eventsSpilled += left.length;
        this.parts.logger.warn({ events: left.length }, 'undelivered events spilled at close');
      } catch (error) {
        this.parts.logger.error({ err: { message: (error as Error).message }, events: left.length }, 'spill failed');
      }
    }
    await this.parts.closeResources();
  }

  metrics(): Record<string, number> {
    return {
      ...this.counts,
      ...this.sampler.counters(),
      eventsQueued: this.ring.size + this.overflow.length,
      spillPending: this.spillPending ? 1 : 0,
      destinationUp: this.destinationUp ? 1 : 0,
      ...(this.parts.writer?.counters() ?? {}),
    };
  }

  private enqueue(event: TradingEvent): void {
    const envelope: EventEnvelope = { source: this.source, seq: ++this.seq, event };
    if (!this.ring.push(envelope)) {
      this.overflow.push(envelope);
      this.counts.queueOverflows++;
    }
    this.schedule(this.nextHandoffDelay());
  }

  /** A full batch goes now; a partial one waits up to `handoffIntervalMs` for more; a down tier is retried later. */
  private nextHandoffDelay(): number {
    if (!this.destinationUp) return this.parts.retryDelayMs;
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
        this.ring.drop(batch.length);
        this.counts.eventsDelivered += batch.length;
      }
      this.markUp();
    } catch (error) {
      this.markDown(error as Error);
      if (this.ring.isFull || this.overflow.length > 0) await this.spillOldest();
    }
    await this.writeHotState();
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
      this.parts.logger.error({ err: { message: (error as Error).message } }, 'spill to disk failed');
      return;
    }
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
    if (this.destinationUp) return;
    this.destinationUp = true;
    this.parts.logger.info(
      { destination: this.parts.destination.name, queued: this.ring.size, errors: this.counts.deliveryErrors },
      'event hand-off restored',
    );
  }

  private markDown(error: Error): void {
    this.counts.deliveryErrors++;
    if (!this.destinationUp) return;
    this.destinationUp = false;
    this.parts.logger.warn(
      { destination: this.parts.destination.name, err: { message: error.message } },
      'event hand-off failing; buffering in memory, then on disk',
    );
  }

  private async isSettled(): Promise<boolean> {
    if (this.hasWork() || this.draining) return false;
    const { writer, destination, producer, keys } = this.parts;
    if (!writer || !(destination instanceof RedisStreamDestination) || !producer) return true;
    const last = destination.lastEntryId;
    if (!last) return true;
    try {
      const groups = (await producer.call('XINFO', 'GROUPS', keys.stream)) as unknown[];
      for (const g of groups) {
        const info = fieldsToRecord(g);
        if (info.name !== keys.group) continue;
        return Number(info.pending) === 0 && compareStreamIds(String(info['last-delivered-id']), last) >= 0;
      }
      return false;
    } catch {
      return false;
    }
  }
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
