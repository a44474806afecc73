#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { CliUsageError, cliHelp, parseCliArgs } from './cli-options';
import { RandomWalkPriceSource } from './random-walk-price-source';
import { TrueXSimulator } from './truex-simulator';

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(`truex-sim: ${error.message}\n\n${cliHelp()}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (!config) {
    process.stdout.write(`${cliHelp()}\n`);
    return;
  }
  const logger = pino({ level: config.logLevel, redact: ['credentials[*].secret', 'secret'] });
  const referencePrice = new RandomWalkPriceSource({
    start: config.referencePrice,
    volatilityBpsPerStep: config.volatilityBpsPerStep,
    stepMs: config.stepMs,
    seed: config.simulator.seed,
  });
  const tls = config.tls
    ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) }
    : undefined;
  const simulator = new TrueXSimulator({ ...config.simulator, referencePrice, logger, ...(tls ? { tls } : {}) });
  const address = await simulator.start();
  referencePrice.start();
  logger.info(
    {
      ...address,
      clientIds: config.simulator.credentials[0]!.clientIds,
    },
    'truex-sim ready',
  );

  const shutdown = (signal: string): void => {
    logger.info({ signal, counters: simulator.counters() }, 'shutting down');
    referencePrice.stop();
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`truex-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
