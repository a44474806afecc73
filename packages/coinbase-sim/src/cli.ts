#!/usr/bin/env node
import pino from 'pino';
import { CoinbaseSimulator } from './coinbase-simulator';
import { CLI_USAGE, CliUsageError, parseCliOptions } from './cli-options';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${error.message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(CLI_USAGE);
    return;
  }
  const logger = pino({ level: options.logLevel });
  const simulator = new CoinbaseSimulator({ ...options.simulator, logger });
  const { url } = await simulator.start();
  process.stdout.write(`coinbase-sim listening on ${url}\n`);
  if (options.simulator.mode === 'replay') {
    void simulator
      .whenReplayFinished()
      .then(() => logger.info(simulator.metrics(), 'replay finished; heartbeats continue'));
  }
  const shutdown = (signal: string): void => {
    logger.info({ signal, ...simulator.metrics() }, 'stopping');
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // The simulator's timers are unref'd (systemClock); keep the process alive while the server listens.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(`coinbase-sim: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
