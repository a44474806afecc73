import { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { Logger } from 'pino';

/**
 * A Redis connection that fails commands fast while disconnected (no offline queue, no resend) so the caller can
 * fall back to memory or a spill file, and that reconnects quickly (at most 1 s between attempts) once Redis is
 * back. The URL (it may hold a password) is never logged.
 */
export function openRedis(redisUrl: string, logger: Logger, role: string): Redis {
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 5000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    lazyConnect: true,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ role, err: { message: error.message } }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info({ role }, 'redis connection restored');
    down = false;
  });
  return redis;
}

/** Connects, waiting at most `timeoutMs`; returns false (and keeps reconnecting in the background) on failure. */
export async function connectRedis(redis: Redis, clock: Clock, timeoutMs = 2000): Promise<boolean> {
  let timer: TimerHandle | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise<never>((_, reject) => {
        timer = clock.setTimeout(() => reject(new Error('redis connect timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clock.clearTimeout(timer);
  }
}
