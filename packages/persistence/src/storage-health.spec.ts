import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ManualClock } from '@truex-mm/clock';
import type { EventDestination } from './event-destination';
import type { EventEnvelope } from './event-envelope';
import { EventPipeline, type PipelineParts } from './event-pipeline';
import { redisKeys } from './redis-keys';
import { SpillFile } from './spill-file';
import type { StorageHealth } from './storage-health';
import type { TradingEvent } from './trading-event';

class SwitchableDestination implements EventDestination {
  readonly name = 'database';
  delivered = 0;
  down = false;
  async append(batch: readonly EventEnvelope[]): Promise<void> {
    if (this.down) throw new Error('tier down');
    this.delivered += batch.length;
  }
}

const event = (i: number): TradingEvent => ({ type: 'run-ended', runId: 'r', timeMs: i });

/**
 * Lets the pipeline's promise chains (including file-system calls) run until `done()`, for a bounded number of turns; with `clock`, simulated time also moves 10 ms a turn (hand-off intervals, retries).
 */
async function settleUntil(done: () => boolean, clock?: ManualClock): Promise<void> {
  // Real milliseconds per turn: file-system calls finish on libuv's thread pool, not within a turn of the loop.
  for (let i = 0; i < 2000 && !done(); i++) {
    await new Promise((r) => setTimeout(r, 1));
    clock?.advance(10);
  }
  expect(done()).toBe(true);
}

describe('storage policy signals (injected clock)', () => {
  let dir: string;
  let clock: ManualClock;
  let destination: SwitchableDestination;
  let pipeline: EventPipeline;
  let changes: boolean[];

  async function open(spill: SpillFile, overrides: Partial<PipelineParts> = {}): Promise<void> {
    pipeline = new EventPipeline({
      clock,
      logger: pino({ level: 'silent' }),
      keys: redisKeys('test', 'health'),
      destination,
      spill,
      producer: undefined,
      writer: undefined,
      capacity: 4,
      overflowCapacity: 2,
      maxBatch: 5,
      handoffIntervalMs: 10,
      retryDelayMs: 250,
      referencePriceMinIntervalMs: 250,
      closeTimeoutMs: 0,
      closeResources: async () => {},
      ...overrides,
    });
    pipeline.onStorageHealthChange((h: StorageHealth) => changes.push(h.durable));
    await pipeline.start();
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'persistence-health-'));
    clock = new ManualClock();
    destination = new SwitchableDestination();
    changes = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A spill file that can never be written: its folder is a regular file. */
  async function unwritableSpill(): Promise<SpillFile> {
    await writeFile(path.join(dir, 'blocker'), '');
    return new SpillFile(path.join(dir, 'blocker', 'events.jsonl'));
  }

  it('flags non-durable storage, bounds memory by dropping (counted), recovers, and close() reports the loss', async () => {
    await open(await unwritableSpill());
    destination.down = true;
    pipeline.record(event(1));
    pipeline.record(event(2));
    clock.advance(10);
    await settleUntil(() => changes.length === 1);
    expect(changes).toEqual([false]);
    expect(pipeline.storageHealth()).toMatchObject({
      durable: false,
      destinationUp: false,
      spillWritable: false,
      backlog: { memory: 2, redis: 0, spill: 0, total: 2 },
      eventsDropped: 0,
    });
    for (let i = 3; i <= 9; i++) pipeline.record(event(i)); // 4 in the ring, 2 in the overflow, 3 dropped
    expect(pipeline.metrics()).toMatchObject({ durable: 0, backlogMemory: 6, backlogEvents: 6, eventsDropped: 3 });

    destination.down = false;
    clock.advance(250);
    await settleUntil(() => changes.length === 2);
    expect(changes).toEqual([false, true]);
    await settleUntil(() => destination.delivered === 6, clock);
    let flushed: unknown;
    void pipeline.flush(1000).then((report) => (flushed = report));
    await settleUntil(() => flushed !== undefined, clock);
    expect(flushed).toEqual({ eventsNotStored: 3, backlog: { memory: 0, redis: 0, spill: 0, total: 0 } });
    expect(await pipeline.close()).toEqual({
      eventsNotStored: 3,
      eventsDropped: 3,
      eventsLostAtClose: 0,
      eventsInSpillFile: 0,
      eventsInRedis: 0,
    });
  });

  it('counts events still in memory at close as lost when the spill file cannot take them', async () => {
    await open(await unwritableSpill(), { capacity: 100 });
    destination.down = true;
    for (let i = 1; i <= 5; i++) pipeline.record(event(i));
    await expect(pipeline.flush(0)).rejects.toMatchObject({ code: 'FLUSH_TIMEOUT', eventsPending: 5 });
    expect(await pipeline.close()).toMatchObject({ eventsNotStored: 5, eventsLostAtClose: 5, eventsDropped: 0 });
  });

  it('reports the spill file backlog, fails at the size cap, and drains it when the tier is back', async () => {
    const spill = new SpillFile(path.join(dir, 'events.jsonl'), { maxBytes: 300 });
    await open(spill, { capacity: 2, overflowCapacity: 10 });
    destination.down = true;
    pipeline.record(event(1));
    pipeline.record(event(2)); // ring full: the next failed hand-off spills the older half (1 event, ~80 bytes)
    clock.advance(10);
    await settleUntil(() => pipeline.storageHealth().backlog.spill === 1);
    expect(pipeline.storageHealth()).toMatchObject({ durable: true, backlog: { memory: 1, spill: 1, total: 2 } });
    pipeline.record(event(3));
    pipeline.record(event(4));
    clock.advance(250);
    // 2 more events in one line, ~170 bytes: fits
    await settleUntil(() => pipeline.storageHealth().backlog.spill === 3, clock);
    pipeline.record(event(5));
    pipeline.record(event(6));
    // 2 more would pass the cap of 300 bytes: not durable (time moves: the retry is due 250 ms after the last one)
    await settleUntil(() => changes.length === 1, clock);
    expect(pipeline.storageHealth()).toMatchObject({ durable: false, spillWritable: false });
    expect(pipeline.storageHealth().lastError).toMatch(/cap of 300 bytes/);

    destination.down = false;
    await settleUntil(() => destination.delivered === 6, clock);
    expect(changes).toEqual([false, true]);
    expect(pipeline.storageHealth().backlog).toEqual({ memory: 0, redis: 0, spill: 0, total: 0 });
    expect(pipeline.metrics()).toMatchObject({ eventsReplayed: 3, eventsDropped: 0 });
    expect(await pipeline.close()).toMatchObject({ eventsNotStored: 0 });
  });
});
