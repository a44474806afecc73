import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ManualClock } from '@truex-mm/clock';
import type { EventDestination } from './event-destination';
import type { EventEnvelope } from './event-envelope';
import { EventPipeline, type PipelineParts } from './event-pipeline';
import { redisKeys } from './redis-keys';
import { SpillFile } from './spill-file';
import type { TradingEvent } from './trading-event';

/** A destination that records each hand-off and fails while `down` is set. */
class RecordingDestination implements EventDestination {
  readonly name = 'database';
  readonly batches: number[][] = [];
  down = false;
  async append(batch: readonly EventEnvelope[]): Promise<void> {
    if (this.down) throw new Error('tier down');
    this.batches.push(batch.map((e) => e.seq));
  }
}

const runEnded = (i: number): TradingEvent => ({ type: 'run-ended', runId: 'r', timeMs: i });
/** Lets the pipeline's promise chain (hand-off, then re-arming the timer) run to its end. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EventPipeline hand-off scheduling (injected clock)', () => {
  let dir: string;
  let clock: ManualClock;
  let destination: RecordingDestination;
  let pipeline: EventPipeline;

  async function open(overrides: Partial<PipelineParts> = {}): Promise<void> {
    pipeline = new EventPipeline({
      clock,
      logger: pino({ level: 'silent' }),
      keys: redisKeys('test'),
      destination,
      spill: new SpillFile(path.join(dir, 'events.jsonl')),
      producer: undefined,
      writer: undefined,
      capacity: 1000,
      maxBatch: 5,
      handoffIntervalMs: 10,
      retryDelayMs: 250,
      referencePriceMinIntervalMs: 250,
      closeTimeoutMs: 0,
      closeResources: async () => {},
      ...overrides,
    });
    await pipeline.start();
    clock.advance(0);
    await settle();
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'persistence-pipeline-'));
    clock = new ManualClock();
    destination = new RecordingDestination();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('never touches the destination inside record()', async () => {
    await open({ maxBatch: 500 });
    for (let i = 0; i < 2000; i++) pipeline.record(runEnded(i));
    expect(destination.batches).toEqual([]);
    expect(pipeline.metrics().eventsQueued).toBe(2000); // 1000 in the ring, 1000 in the overflow
    expect(pipeline.metrics().queueOverflows).toBe(1000);
  });

  it('holds a partial batch for handoffIntervalMs, then hands it off as one', async () => {
    await open();
    pipeline.record(runEnded(1));
    clock.advance(4);
    pipeline.record(runEnded(2));
    pipeline.record(runEnded(3));
    clock.advance(5); // 9 ms after the first event
    await settle();
    expect(destination.batches).toEqual([]);
    clock.advance(1);
    await settle();
    expect(destination.batches).toEqual([[1, 2, 3]]);
    expect(pipeline.metrics().eventsDelivered).toBe(3);
  });

  it('hands a full batch off at once, pulling the armed timer forward', async () => {
    await open();
    for (let i = 1; i <= 4; i++) pipeline.record(runEnded(i));
    clock.advance(0);
    await settle();
    expect(destination.batches).toEqual([]);
    pipeline.record(runEnded(5));
    clock.advance(0);
    await settle();
    expect(destination.batches).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('drains a backlog in back-to-back full batches, the remainder after the interval', async () => {
    await open();
    for (let i = 1; i <= 12; i++) pipeline.record(runEnded(i));
    for (let k = 0; k < 4; k++) {
      clock.advance(0);
      await settle();
    }
    expect(destination.batches).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    clock.advance(10);
    await settle();
    expect(destination.batches.at(-1)).toEqual([11, 12]);
  });

  it('retries a failed hand-off after retryDelayMs, in order, losing nothing', async () => {
    await open();
    destination.down = true;
    pipeline.record(runEnded(1));
    pipeline.record(runEnded(2));
    clock.advance(10);
    await settle();
    expect(pipeline.metrics()).toMatchObject({ deliveryErrors: 1, destinationUp: 0, eventsQueued: 2 });
    destination.down = false;
    pipeline.record(runEnded(3));
    clock.advance(249);
    await settle();
    expect(destination.batches).toEqual([]);
    clock.advance(1);
    await settle();
    expect(destination.batches).toEqual([[1, 2, 3]]);
    expect(pipeline.metrics()).toMatchObject({ destinationUp: 1, eventsQueued: 0, eventsDelivered: 3 });
  });
});
