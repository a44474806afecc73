#!/usr/bin/env node
import { systemClock } from '@truex-mm/clock';
import pino from 'pino';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { startMarketMaker } from './app';
import { startStatusLine } from './terminal-status';

const HELP = `Usage: npm start -- [--duration <seconds>] [--config <file.json>]

Runs the TrueX market maker. With TRUEX_FIX_HOST unset it trades against in-process TrueX and Coinbase simulators
with embedded storage. Environment: TRUEX_FIX_HOST, TRUEX_FIX_PORT, TRUEX_FIX_TLS, TRUEX_SENDER_COMP_ID,
TRUEX_TARGET_COMP_ID (TRUEX_UAT_OE), TRUEX_API_KEY, TRUEX_SECRET_KEY, TRUEX_CLIENT_ID, TRUEX_SYMBOL (BTC-PYUSD),
COINBASE_WS_URL, COINBASE_PRODUCT (BTC-USD), DATABASE_URL, REDIS_URL, MM_HTTP_PORT (8080), MM_CONFIG_FILE,
MM_DATA_DIR (./data), LOG_LEVEL (info).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { duration: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
    app = await startMarketMaker(config, { clock: systemClock, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    return 3;
  }
  const statusLine = process.stderr.isTTY ? startStatusLine(() => app.engine.status(), process.stderr) : undefined;

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (duration !== undefined) setTimeout(() => resolve(`--duration ${duration}s elapsed`), duration * 1000);
  });
  const reason = await stopped;
  statusLine?.stop();
  const result = await app.stop(reason);
  return result.leftoverOrders === 0 ? 0 : 1;
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
