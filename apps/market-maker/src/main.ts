#!/usr/bin/env node
import { systemClock } from '@truex-mm/clock';
import { parseArgs } from 'node:util';
import { ConfigError, liveConfirmationError, loadConfig, tradingLimitsSummary } from '@truex-mm/deployment';
import { DataDirLockedError } from '@truex-mm/persistence';
import { startMarketMaker } from './app';
import { ControlTokenError, resolveControlToken } from './http-server';
import { displayDecimals } from '@truex-mm/trading-figures';
import { createAppLogging } from './logging';
import { startStatusPanel } from './terminal-status';

const HELP = `Usage: npm start -- [--paper | --live] [--duration <seconds>] [--config <file.json>] [--adopt-orders] [--reset-halt]

Runs the TrueX market maker. Modes (MM_MODE=simulator|paper|live, or the flags):
  (default)   simulator: in-process TrueX and Coinbase simulators, embedded storage
  --paper     the real Coinbase feed (COINBASE_WS_URL) and the in-process simulated TrueX priced from it, with every
              TrueX rule: nothing reaches TrueX
  --live      TrueX at TRUEX_FIX_HOST with the credentials; --live (or MM_LIVE=1) confirms it, and the limits it will
              trade with are printed before the first order. See docs/GOING-LIVE.md.
Environment: MM_MODE, MM_LIVE, TRUEX_FIX_HOST, TRUEX_FIX_PORT, TRUEX_FIX_TLS, TRUEX_SENDER_COMP_ID,
TRUEX_TARGET_COMP_ID (TRUEX_UAT_OE), TRUEX_API_KEY, TRUEX_SECRET_KEY, TRUEX_CLIENT_ID, TRUEX_SYMBOL (BTC-PYUSD),
COINBASE_WS_URL, COINBASE_PRODUCT (BTC-USD), DATABASE_URL, REDIS_URL, MM_HTTP_PORT (8080), MM_CONFIG_FILE,
MM_DATA_DIR (./data), LOG_LEVEL (info), TRUEX_REST_URL, TRUEX_FIX_RESET_ON_LOGON (true), TRUEX_FIX_CA_FILE,
MM_DEPLOYMENT, MM_RECONCILE_INTERVAL_MS (10000),
MM_CONTROL_TOKEN (the HTTP controls' bearer token: required with --live, generated and printed when unset).

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
        paper: { type: 'boolean' },
        live: { type: 'boolean' },
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

  if (args.paper && args.live) {
    console.error('--paper and --live are exclusive');
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.env, {
      configFile: args.config,
      mode: args.live ? 'live' : args.paper ? 'paper' : undefined,
    });
    const unconfirmed = liveConfirmationError(config, { liveFlag: args.live ?? false, env: process.env });
    if (unconfirmed) throw unconfirmed;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (config.mode === 'live') {
    // Before the first order: what this run will trade with (never a secret).
    process.stderr.write(`LIVE trading at TrueX with these limits:\n${tradingLimitsSummary(config)}\n`);
  }

  // The HTTP control token: required in live mode; generated (and printed below, never logged) in simulator mode.
  let control;
  try {
    control = resolveControlToken(config.mode, process.env.MM_CONTROL_TOKEN);
  } catch (error) {
    if (error instanceof ControlTokenError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  // Readable lines under a status panel on a TTY, JSON lines otherwise, and always a JSON file in <dataDir>/logs/
  // (debug and up), secrets redacted in all of them: see logging.ts.
  let logging;
  try {
    logging = await createAppLogging({
      level: config.logLevel,
      dataDir: config.dataDir,
      stdout: process.stdout,
      startedAtMs: systemClock.now(),
    });
  } catch (error) {
    // A bad LOG_LEVEL, or a data folder where no log file can be created.
    console.error((error as Error).message);
    return 2;
  }
  flushLogs = () => logging.flush();
  const logger = logging.logger;
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
      controlToken: control.token,
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
  // To the terminal only (the JSON log must never hold the token): the dashboard's address, the token in its fragment.
  const dashboardUrl = `http://127.0.0.1:${app.httpPort}/`;
  process.stderr.write(
    control.generated
      ? `dashboard: ${dashboardUrl}#token=${control.token}\n  (control token generated for this run; set MM_CONTROL_TOKEN to choose one)\n`
      : `dashboard: ${dashboardUrl} (controls need MM_CONTROL_TOKEN)\n`,
  );
  logger.info({ logFile: logging.nameAfterRun(app.runId), runId: app.runId }, 'log file');
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
  const statusPanel = logging.screen
    ? startStatusPanel(() => app.engine.status(), logging.screen, {
        clock: systemClock,
        decimals: displayDecimals(config.strategy),
        baseAsset: config.truex.symbol.split('-')[0],
      })
    : undefined;

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (duration !== undefined) setTimeout(() => resolve(`--duration ${duration}s elapsed`), duration * 1000);
  });
  const reason = await stopped;
  // The panel keeps running through the shutdown (the last cancels, the last fills), then stays on screen with the
  // run's final figures: those `npm run report -- --run latest` shows.
  const result = await app.stop(reason);
  statusPanel?.stop();
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
