#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { CliUsageError, cliHelp, parseCliArgs } from './cli-options';
import { cliReference } from './cli-reference';
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
  const reference = await cliReference(config, logger);
  const tls = config.tls
    ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) }
    : undefined;
  const simulator = new TrueXSimulator({
    ...config.simulator,
    referencePrice: reference.source,
    logger,
    ...(tls ? { tls } : {}),
  });
  const address = await simulator.start();
  reference.start();
  logger.info(
    {
      ...address,
      clientIds: config.simulator.credentials[0]!.clientIds,
      reference: reference.description,
    },
    'truex-sim ready',
  );

  const shutdown = (signal: string): void => {
    logger.info({ signal, counters: simulator.counters() }, 'shutting down');
    void reference
      .stop()
      .then(() => simulator.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`truex-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
