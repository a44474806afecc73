#!/usr/bin/env node
// A stand-alone PostgreSQL writer: run one or more next to (or far from) the market maker, all sharing one stream.
// node packages/persistence/dist/writer-cli.js --redis-url redis://… [--database-url postgres://… | --data-dir ./data]
//   [--deployment <name> (or MM_DEPLOYMENT)] [--legacy-keys] [--key-prefix truex-mm] [--consumer <name>]
//   [--claim-idle-ms 30000] [--nice 10]
import { setPriority } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { systemClock } from '@truex-mm/clock';
import { parseFlags, stringFlag } from './cli-flags';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { resolveDeployment } from './deployment';
import { DataDirLockedError } from './persistence-error';
import { connectRedis, openRedis } from './redis-connection';
import { redisKeys } from './redis-keys';
import { openPglite, openPostgres } from './sql-client';
import { StreamWriter } from './stream-writer';

/** Scheduling priority of the writer (Linux nice value; higher is lower priority). */
const DEFAULT_NICE = 10;

async function main(): Promise<number> {
  const logger = pino({ name: 'persistence-writer' });
  let flags: Record<string, string | true>;
  try {
    flags = parseFlags(process.argv.slice(2), [
      'redis-url',
      'database-url',
      'data-dir',
      'key-prefix',
      'consumer',
      'claim-idle-ms',
      'nice',
      'deployment',
      'legacy-keys',
    ]);
  } catch (error) {
    logger.error((error as Error).message);
    return 2;
  }
  const redisUrl = stringFlag(flags, 'redis-url') ?? process.env.REDIS_URL;
  if (!redisUrl) {
    logger.error('missing --redis-url (or REDIS_URL)');
    return 2;
  }
  const databaseUrl = stringFlag(flags, 'database-url') ?? process.env.DATABASE_URL;
  const claimIdle = stringFlag(flags, 'claim-idle-ms');
  const claimIdleMs = claimIdle === undefined ? undefined : Number(claimIdle);
  if (claimIdleMs !== undefined && !(Number.isInteger(claimIdleMs) && claimIdleMs > 0)) {
    logger.error('--claim-idle-ms must be a positive integer');
    return 2;
  }
  // Writing is background work: by default the writer yields the CPU to a trading process on the same machine.
  const nice = Number(stringFlag(flags, 'nice') ?? DEFAULT_NICE);
  if (!(Number.isInteger(nice) && nice >= -20 && nice <= 19)) {
    logger.error('--nice must be an integer from -20 to 19');
    return 2;
  }
  try {
    setPriority(nice);
  } catch (error) {
    logger.warn({ nice, err: { message: (error as Error).message } }, 'could not set the writer priority');
  }
  const dataDir = path.resolve(stringFlag(flags, 'data-dir') ?? './data');
  let deployment: string | undefined;
  try {
    // The same default as the market maker's: its database URL (or data folder) names the deployment.
    deployment = flags['legacy-keys']
      ? undefined
      : resolveDeployment({
          deployment: stringFlag(flags, 'deployment') ?? process.env.MM_DEPLOYMENT,
          databaseUrl,
          dataDir,
        });
  } catch (error) {
    logger.error((error as Error).message);
    return 2;
  }
  let lock: DataDirLock | undefined;
  if (!databaseUrl) {
    try {
      lock = await acquireDataDirLock(dataDir, deployment);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      logger.error(error.message);
      return 2;
    }
  }
  const sql = databaseUrl
    ? await openPostgres(databaseUrl, (error) => logger.warn({ err: { message: error.message } }, 'postgres error'))
    : await openPglite(path.join(dataDir, 'pglite'));
  const redis = openRedis(redisUrl, logger, 'writer');
  if (!(await connectRedis(redis, systemClock))) logger.warn('redis unreachable; retrying');
  const writer = new StreamWriter({
    redis,
    sql,
    keys: redisKeys(stringFlag(flags, 'key-prefix'), deployment),
    consumer: stringFlag(flags, 'consumer'),
    claimIdleMs,
    logger,
  });
  writer.start();
  logger.info({ consumer: writer.consumer, deployment: deployment ?? '(legacy keys)' }, 'writer started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await writer.stop();
  redis.disconnect();
  await sql.close();
  await lock?.release();
  logger.info(writer.counters(), 'writer stopped');
  return 0;
}

void main().then((code) => {
  process.exitCode = code;
});
