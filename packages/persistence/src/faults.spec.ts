import path from 'node:path';
import { Redis } from 'ioredis';
import { createPersistence, type Persistence } from './persistence';
import { openRedis } from './redis-connection';
import { redisKeys } from './redis-keys';
import type { SqlClient } from './sql-client';
import { ensureGroup, StreamWriter } from './stream-writer';
import { TcpProxy } from './tcp-proxy.test-util';
import { countRows, REDIS_URL, useStreamTestEnvironment } from './test-db.test-util';
import { countByType, eventMix } from './trading-events.test-util';
import { decodeEnvelopes, encodeEnvelopes } from './event-envelope';
import { writeEvents } from './write-events';
import pino from 'pino';
import type { TradingEvent } from './trading-event';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const OUTAGE_MS = 2000;
const silent = pino({ level: 'silent' });

/** Records `events` in slices every 20 ms (a live trading process), cutting `proxy` for OUTAGE_MS midway. */
async function recordThroughOutage(p: Persistence, events: TradingEvent[], proxy: TcpProxy): Promise<void> {
  const slice = Math.ceil(events.length / 150);
  let i = 0;
  const recordSome = (): void => {
    for (const end = Math.min(events.length, i + slice); i < end; i++) p.record(events[i]!);
  };
  for (let k = 0; k < 25; k++, await sleep(20)) recordSome();
  proxy.cut();
  for (let waited = 0; waited < OUTAGE_MS; waited += 20, await sleep(20)) recordSome();
  proxy.restore();
  while (i < events.length) {
    recordSome();
    await sleep(20);
  }
}

describe('faults: nothing lost, nothing doubled', () => {
  const env = useStreamTestEnvironment('persistence-faults-');
  const t0 = Date.UTC(2026, 0, 5);

  it('Redis cut for the producer: events wait in memory, spill to disk, replay; each stored once', async () => {
    const { db, sql, dataDir } = env;
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const persistence = await createPersistence({
      databaseUrl: db.url,
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix: env.prefix(),
      // Fills are unique per (deployment, ExecID) since issue 11 and every test here reuses eventMix's ExecIDs in
      // one database: each test is its own deployment.
      deployment: 'fault-redis',
      dataDir,
      queueCapacity: 200, // small, so a 2 s outage overflows memory and must spill
      maxBatch: 50,
      retryDelayMs: 100,
      logger: silent,
    });
    const runId = 'fault-redis';
    const events = eventMix(runId, 600, t0);
    try {
      await recordThroughOutage(persistence, events, proxy);
      await persistence.flush(15_000);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
      const m = persistence.metrics();
      expect(m.deliveryErrors).toBeGreaterThan(0);
      expect(m.eventsSpilled).toBeGreaterThan(0);
      expect(m.eventsReplayed).toBe(m.eventsSpilled);
      expect(m.eventsRecorded).toBe(events.length);
    } finally {
      await persistence.close();
      await proxy.stop();
    }
  }, 20_000);

  it('PostgreSQL cut for the writer: the stream holds the events until it returns; each stored once', async () => {
    const { db, sql, dataDir } = env;
    const target = new URL(db.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const persistence = await createPersistence({
      databaseUrl: viaProxy.toString(),
      redisUrl: REDIS_URL,
      keyPrefix: env.prefix(),
      deployment: 'fault-postgres', // see above: one deployment per test
      dataDir,
      maxBatch: 50,
      logger: silent,
      writer: { entriesPerRead: 4 },
    });
    const runId = 'fault-postgres';
    const events = eventMix(runId, 600, t0);
    try {
      await recordThroughOutage(persistence, events, proxy);
      await persistence.flush(15_000);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
      const m = persistence.metrics();
      expect(m.writerErrors).toBeGreaterThan(0);
      expect(m.deliveryErrors).toBe(0); // the producer never noticed: Redis was fine
    } finally {
      await persistence.close();
      await proxy.stop();
    }
  }, 20_000);

  it('a writer whose Redis connection dies after INSERT and before XACK rewrites on recovery without doubling', async () => {
    const { sql, redis } = env;
    const keyPrefix = env.prefix();
    const keys = redisKeys(keyPrefix);
    await ensureGroup(redis, keys);
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const writerRedis = openRedis(`redis://127.0.0.1:${proxy.port}`, silent, 'writer');
    await writerRedis.connect();
    let inserts = 0;
    // The real database; only the moment between commit and XACK is chosen by the test.
    const cutAfterFirstInsert: SqlClient = {
      ...sql,
      query: async (text, params) => {
        const result = await sql.query(text, params);
        if (text.startsWith('WITH') && inserts++ === 0) {
          proxy.cut();
          setTimeout(() => proxy.restore(), 300);
        }
        return result as never;
      },
    };
    const writer = new StreamWriter({ redis: writerRedis, sql: cutAfterFirstInsert, keys, retryDelayMs: 100 });
    const runId = 'fault-ack-lost';
    const events = eventMix(runId, 100, t0);
    await redis.xadd(
      keys.stream,
      '*',
      'events',
      encodeEnvelopes(events.map((event, i) => ({ source: 's', seq: i, event }))),
    );
    writer.start();
    try {
      for (let i = 0; i < 300 && writer.counters().writerEntriesAcked < 1; i++) await sleep(20);
      expect(writer.counters().writerErrors).toBeGreaterThan(0);
      expect(inserts).toBeGreaterThanOrEqual(2); // written again after the lost ack
      expect(writer.counters().writerEntriesAcked).toBe(1);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
      expect(await redis.xlen(keys.stream)).toBe(0);
    } finally {
      await writer.stop();
      writerRedis.disconnect();
      await proxy.stop();
    }
  }, 20_000);

  it('entries a dead writer read (and partly inserted) are claimed by another writer and stored once', async () => {
    const { sql, redis } = env;
    const keyPrefix = env.prefix();
    const keys = redisKeys(keyPrefix);
    await ensureGroup(redis, keys);
    const runId = 'fault-dead-writer';
    const events = eventMix(runId, 60, t0);
    const batch = events.map((event, i) => ({ source: 's', seq: i, event }));
    await redis.xadd(keys.stream, '*', 'events', encodeEnvelopes(batch.slice(0, 90)));
    await redis.xadd(keys.stream, '*', 'events', encodeEnvelopes(batch.slice(90)));
    // The dead writer: reads both entries, inserts the first, dies before any XACK.
    const reply = (await redis.xreadgroup(
      'GROUP',
      keys.group,
      'dead',
      'COUNT',
      10,
      'STREAMS',
      keys.stream,
      '>',
    )) as Array<[string, Array<[string, string[]]>]> | null;
    expect(reply![0]![1]).toHaveLength(2);
    await writeEvents(sql, decodeEnvelopes(reply![0]![1][0]![1][1]!));

    const successorRedis = new Redis(REDIS_URL);
    const successor = new StreamWriter({ redis: successorRedis, sql, keys, claimIdleMs: 200, consumer: 'successor' });
    successor.start();
    try {
      for (let i = 0; i < 200 && successor.counters().writerEntriesAcked < 2; i++) await sleep(20);
      expect(successor.counters().writerEntriesClaimed).toBe(2);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
      const pending = (await redis.xpending(keys.stream, keys.group)) as [number, ...unknown[]];
      expect(pending[0]).toBe(0);
    } finally {
      await successor.stop();
      successorRedis.disconnect();
    }
  }, 20_000);

  it('a producer closed while Redis is down keeps its events on disk and the next start delivers them', async () => {
    const { db, sql, dataDir } = env;
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const keyPrefix = env.prefix();
    const spillFile = path.join(dataDir, 'close-spill.jsonl');
    const options = {
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix,
      // One deployment per test (see above), named explicitly because the two processes differ in databaseUrl,
      // from which the default name would be derived.
      deployment: 'fault-closed-down',
      dataDir,
      runWriter: false,
      spillFile,
      closeTimeoutMs: 300,
    };
    const first = await createPersistence({ ...options, logger: silent });
    proxy.cut();
    const runId = 'fault-closed-down';
    const events = eventMix(runId, 40, t0);
    for (const e of events) first.record(e);
    await first.close(); // cannot flush: Redis is down
    expect(first.metrics().eventsSpilled).toBe(events.length);
    proxy.restore();

    const second = await createPersistence({ ...options, databaseUrl: db.url, runWriter: true, logger: silent });
    try {
      await second.flush(10_000);
      expect(second.metrics().eventsReplayed).toBe(events.length);
      expect(await countRows(sql, runId)).toEqual(countByType(events));
    } finally {
      await second.close();
      await proxy.stop();
    }
  }, 20_000);
});
