import { connect } from 'node:net';
import type { Logger } from 'pino';
import type { CliConfig } from './cli-options';
import { CoinbaseReferencePrice } from './coinbase-reference-price';
import { RandomWalkPriceSource } from './random-walk-price-source';
import type { ReferencePriceSource } from './reference-price-source';

/** The CLI's reference price, started and stopped with the simulator. */
export interface CliReference {
  readonly source: ReferencePriceSource;
  /** What it follows, for the log: `feed ws://…` or `random walk from 97000`. */
  readonly description: string;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Resolves the CLI's reference choice: a Coinbase feed (`--reference-feed`), a random walk, or (`auto`) the default
 * feed when something answers at its address within `probeTimeoutMs`, else the walk. The choice is logged.
 */
export async function cliReference(config: CliConfig, logger: Logger, probeTimeoutMs = 1000): Promise<CliReference> {
  const choice = config.reference;
  let url: string | undefined;
  if (choice.kind === 'feed') url = choice.url;
  if (choice.kind === 'auto') {
    if (await answers(choice.url, probeTimeoutMs)) url = choice.url;
    else logger.info({ url: choice.url }, 'no Coinbase feed answers at the default address: using the random walk');
  }
  if (url !== undefined) {
    const feed = new CoinbaseReferencePrice({ url, product: config.referenceProduct, logger });
    const description = `feed ${url} (${config.referenceProduct} mid)`;
    logger.info({ reference: description }, 'reference price follows a Coinbase feed');
    return { source: feed, description, start: () => feed.start(), stop: () => feed.stop() };
  }
  const walk = new RandomWalkPriceSource({
    start: config.referencePrice,
    volatilityBpsPerStep: config.volatilityBpsPerStep,
    stepMs: config.stepMs,
    seed: config.simulator.seed,
  });
  const description = `random walk from ${config.referencePrice}`;
  logger.info({ reference: description, volatilityBpsPerStep: config.volatilityBpsPerStep }, 'reference price');
  return {
    source: walk,
    description,
    start: () => walk.start(),
    stop: async () => walk.stop(),
  };
}

/** True when a TCP connection to the URL's host and port opens within the timeout. */
export function answers(url: string, timeoutMs: number): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port || (target.protocol === 'wss:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
