import { Redis } from 'ioredis';
import pino from 'pino';
import { encodeEnvelopes } from './event-envelope';
import { createPersistence } from './persistence';
import { redisKeys } from './redis-keys';
import { ensureGroup, StreamWriter } from './stream-writer';
import { countRows, REDIS_URL, useStreamTestEnvironment } from './test-db.test-util';
import { countByType, eventMix } from './trading-events.test-util';

describe('record → Redis stream → writer → PostgreSQL', () => {
  const env = useStreamTestEnvironment('persistence-redis-');
  const t0 = Date.UTC(2026, 0, 4);

  it('stores every recorded event exactly once and publishes the hot state under the documented keys', async () => {
    const { db, sql, redis, dataDir } = env;
    const keyPrefix = env.prefix();
    // Changed with deployments (issue 12): the keys carry the deployment name, so the test names it.
    const deployment = 'redis-full';
    const persistence = await createPersistence({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      keyPrefix,
      deployment,
      dataDir,
      referencePriceMinIntervalMs: 0,
    });
    const runId = 'redis-full';
    const events = eventMix(runId, 200, t0);
    persistence.record({ type: 'run-started', runId, mode: 'paper', config: { token: 't', levels: 2 }, timeMs: t0 });
    persistence.record({
      type: 'reference-price',
      runId,
      product: 'BTC-USD',
      bidPrice: '113400',
      askPrice: '113401',
      mid: '113400.5',
      fairValue: '113400.25',
      timeMs: t0,
    });
    for (const e of events) persistence.record(e);
    persistence.hotState.publish({ tradingState: 'quoting', openOrders: [{ clOrdId: 'A', price: '1' }] });
    await persistence.flush();

    const expected = countByType(events);
    expect(await countRows(sql, runId)).toEqual({ ...expected, 'reference-price': 1 });
    const run = (await sql.query<{ config: unknown }>('SELECT config FROM runs WHERE run_id = $1', [runId])).rows;
    expect(run[0]!.config).toEqual({ levels: 2 });

    const keys = redisKeys(keyPrefix, deployment);
    expect(keys.state).toBe(`${keyPrefix}:redis-full:state`);
    const state = await redis.hgetall(keys.state);
    expect(state).toMatchObject({ fair_value: '113400.25', trading_state: 'quoting', run_id: runId });
    expect(JSON.parse(state.open_orders!)).toEqual([{ clOrdId: 'A', price: '1' }]);
    expect(JSON.parse(state.position!)).toMatchObject({ type: 'position', runId });
    // Acknowledged entries are deleted: the stream holds only what is not yet in PostgreSQL.
    expect(await redis.xlen(keys.stream)).toBe(0);
    const m = persistence.metrics();
    expect(m.eventsDelivered).toBe(events.length + 2);
    expect(m.writerEvents).toBe(events.length + 2);
    await persistence.close();
  });

  it('never doubles a row when the same stream entries are delivered again', async () => {
    const { sql, redis } = env;
    const keyPrefix = env.prefix();
    const keys = redisKeys(keyPrefix);
    const runId = 'redis-redelivered';
    const events = eventMix(runId, 50, t0);
    const batch = events.map((event, i) => ({ source: 'dup-test', seq: i + 1, event }));
    await ensureGroup(redis, keys);
    // The same batch three times, as a producer retrying after a lost XADD reply would leave it.
    for (let i = 0; i < 3; i++) await redis.xadd(keys.stream, '*', 'events', encodeEnvelopes(batch));
    const writerRedis = new Redis(REDIS_URL);
    try {
      const writer = new StreamWriter({ redis: writerRedis, sql, keys });
      while ((await writer.step()) > 0 || writer.counters().writerEntriesAcked < 3);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
      expect(writer.counters()).toMatchObject({ writerEntriesAcked: 3, writerEvents: 3 * events.length });
    } finally {
      writerRedis.disconnect();
    }
  });

  it('lets several writers share one stream, each event stored once', async () => {
    const { sql, redis, dataDir } = env;
    const keyPrefix = env.prefix();
    // Changed with deployments (issue 12): producer and writers meet on the deployment's keys.
    const deployment = 'two-writers';
    const keys = redisKeys(keyPrefix, deployment);
    const producer = await createPersistence({
      redisUrl: REDIS_URL,
      keyPrefix,
      deployment,
      dataDir,
      runWriter: false,
      maxBatch: 20,
    });
    const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
    await ensureGroup(redis, keys);
    const writers = connections.map(
      (c, i) => new StreamWriter({ redis: c, sql, keys, consumer: `w${i}`, entriesPerRead: 2, blockMs: 50 }),
    );
    writers.forEach((w) => w.start());
    const runId = 'redis-two-writers';
    const events = eventMix(runId, 300, t0);
    for (const e of events) producer.record(e);
    await producer.flush();
    for (let i = 0; i < 200 && (await redis.xlen(keys.stream)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(writers.map((w) => w.stop()));
    connections.forEach((c) => c.disconnect());
    await producer.close();

    expect(await countRows(sql, runId)).toEqual(countByType(events));
    const [a, b] = writers.map((w) => w.counters().writerEntriesAcked);
    expect(a! + b!).toBeGreaterThanOrEqual(Math.ceil(events.length / 20));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
  });

  it('moves a malformed stream entry to the dead-letter stream and keeps going', async () => {
    const { sql, redis } = env;
    const keyPrefix = env.prefix();
    const keys = redisKeys(keyPrefix);
    await ensureGroup(redis, keys);
    const runId = 'redis-dead-letter';
    const good = eventMix(runId, 5, t0).map((event, i) => ({ source: 'dl', seq: i + 1, event }));
    await redis.xadd(keys.stream, '*', 'events', '{"not":"a batch"');
    await redis.xadd(keys.stream, '*', 'events', encodeEnvelopes(good));
    const writerRedis = new Redis(REDIS_URL);
    const writer = new StreamWriter({ redis: writerRedis, sql, keys, logger: pino({ level: 'silent' }) });
    try {
      for (let i = 0; i < 20 && writer.counters().writerEntriesAcked < 2; i++) await writer.step();
    } finally {
      writerRedis.disconnect();
    }
    expect(await countRows(sql, runId)).toEqual(countByType(good.map((g) => g.event)));
    expect(writer.counters().writerDeadLetters).toBe(1);
    const dead = await redis.xrange(keys.deadLetters, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]![1]).toEqual(expect.arrayContaining(['events', '{"not":"a batch"']));
  });
});

describe('backlog of events in Redis not yet in PostgreSQL', () => {
  const env = useStreamTestEnvironment('persistence-backlog-');

  it('counts a producer’s events in the stream until a writer has stored them', async () => {
    const { sql, dataDir } = env;
    const keyPrefix = env.prefix();
    const keys = redisKeys(keyPrefix, 'backlog');
    const producer = await createPersistence({
      redisUrl: REDIS_URL,
      keyPrefix,
      deployment: 'backlog',
      dataDir,
      runWriter: false,
    });
    const events = eventMix('redis-backlog', 40, Date.UTC(2026, 0, 9));
    for (const e of events) producer.record(e);
    const flushed = await producer.flush();
    // No writer yet: stored in the stream (what flush waits for here), not in PostgreSQL.
    expect(flushed).toEqual({
      eventsNotStored: 0,
      backlog: { memory: 0, redis: events.length, spill: 0, total: events.length },
    });
    const writerRedis = new Redis(REDIS_URL);
    const writer = new StreamWriter({ redis: writerRedis, sql, keys, blockMs: 50 });
    writer.start();
    try {
      // Re-read in the background about once a second while not empty; bounded wait, no timing assertion.
      for (let i = 0; i < 100 && producer.metrics().backlogRedis > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(producer.metrics()).toMatchObject({ backlogRedis: 0, backlogEvents: 0 });
      expect(await countRows(sql, 'redis-backlog')).toEqual(countByType(events));
    } finally {
      await writer.stop();
      writerRedis.disconnect();
    }
    expect(await producer.close()).toMatchObject({ eventsNotStored: 0, eventsInRedis: 0 });
  });
});
