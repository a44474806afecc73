#!/usr/bin/env node
import { systemClock } from '@truex-mm/clock';
import pino from 'pino';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@truex-mm/deployment';
import { DataDirLockedError } from '@truex-mm/persistence';
import { startMarketMaker } from './app';
import { startStatusLine } from './terminal-status';

const HELP = `Usage: npm start -- [--duration <seconds>] [--config <file.json>] [--adopt-orders] [--reset-halt]

Runs the TrueX market maker. With TRUEX_FIX_HOST unset it trades against in-process TrueX and Coinbase simulators
with embedded storage. Environment: TRUEX_FIX_HOST, TRUEX_FIX_PORT, TRUEX_FIX_TLS, TRUEX_SENDER_COMP_ID,
TRUEX_TARGET_COMP_ID (TRUEX_UAT_OE), TRUEX_API_KEY, TRUEX_SECRET_KEY, TRUEX_CLIENT_ID, TRUEX_SYMBOL (BTC-PYUSD),
COINBASE_WS_URL, COINBASE_PRODUCT (BTC-USD), DATABASE_URL, REDIS_URL, MM_HTTP_PORT (8080), MM_CONFIG_FILE,
MM_DATA_DIR (./data), LOG_LEVEL (info), TRUEX_REST_URL, TRUEX_FIX_RESET_ON_LOGON (true), TRUEX_FIX_CA_FILE,
MM_DEPLOYMENT, MM_RECONCILE_INTERVAL_MS (10000).

  --adopt-orders  take over orders found at TrueX at start instead of cancelling them
  --reset-halt    clear a HALT stored by an earlier run (kill switch, loss limit, reject storm) before starting

Exit codes: 0 stopped cleanly; 1 orders may still be live at TrueX; 2 bad arguments or configuration, or the data
folder is in use by another process; 3 start-up failed; 4 stopped, but some events could not be stored; 5 internal
error (an uncaught exception or unhandled rejection): everything was cancelled first.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        duration: { type: 'string' },
        config: { type: 'string' },
        'adopt-orders': { type: 'boolean' },
        'reset-halt': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const duration = args.duration === undefined ? undefined : Number(args.duration);
  if (duration !== undefined && !(duration > 0)) {
    console.error(`--duration must be a positive number of seconds, got "${args.duration}"`);
    return 2;
  }

  let config;
  try {
    config = loadConfig(process.env, { configFile: args.config });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  // Buffered, asynchronous log writes: logging every order action must not put a write syscall on the quoting path.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  await once(destination, 'ready');
  flushLogs = () => destination.flushSync();
  const logger = pino(
    {
      level: config.logLevel,
      base: { app: 'market-maker' },
      redact: {
        paths: ['apiKey', 'apiSecret', 'secretKey', '*.apiKey', '*.apiSecret', '*.secretKey'],
        censor: '[redacted]',
      },
    },
    destination,
  );
  logger.info(
    { mode: config.mode, symbol: config.truex.symbol, product: config.coinbase.product, duration },
    'starting',
  );

  let app;
  try {
    app = await startMarketMaker(config, {
      clock: systemClock,
      logger,
      adoptOrders: args['adopt-orders'] ?? false,
      resetHalt: args['reset-halt'] ?? false,
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      logger.fatal({ holderPid: error.holderPid }, error.message);
      console.error(error.message);
      return 2;
    }
    logger.fatal({ err: error }, 'start-up failed');
    return 3;
  }
  // Anything that escapes every error boundary: cancel what can be cancelled (FIX, then REST), log out, exit 5.
  const running = app;
  let dying = false;
  const die = (kind: string, error: unknown): void => {
    if (dying) return;
    dying = true;
    logger.fatal({ err: error }, `${kind}: cancelling everything and exiting`);
    console.error(`${kind}:`, error);
    const hardStop = setTimeout(() => {
      flushLogs();
      process.exit(5);
    }, 30_000);
    running
      .stop(kind)
      .catch((stopError: unknown) => logger.error({ err: stopError }, 'emergency stop failed'))
      .finally(() => {
        clearTimeout(hardStop);
        flushLogs();
        process.exit(5);
      });
  };
  process.on('uncaughtException', (error) => die('uncaught exception', error));
  process.on('unhandledRejection', (reason) => die('unhandled rejection', reason));
  const statusLine = process.stderr.isTTY ? startStatusLine(() => app.engine.status(), process.stderr) : undefined;

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (duration !== undefined) setTimeout(() => resolve(`--duration ${duration}s elapsed`), duration * 1000);
  });
  const reason = await stopped;
  statusLine?.stop();
  const result = await app.stop(reason);
  if (result.leftoverOrders > 0) return 1;
  return result.eventsNotStored > 0 ? 4 : 0;
}

let flushLogs: () => void = () => undefined;

main().then(
  (code) => {
    flushLogs();
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
