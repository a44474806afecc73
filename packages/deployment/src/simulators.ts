import type { Clock } from '@truex-mm/clock';
import { CoinbaseSimulator, type MarketScenarioName } from '@truex-mm/coinbase-sim';
import { TrueXSimulator, type ReferencePriceSource } from '@truex-mm/truex-sim';
import type { Logger } from 'pino';
import type { MarketMakerConfig } from './config';

/** Simulators started in-process when no real endpoint is configured. */
export interface InProcessSimulators {
  /** Where the TrueX FIX connection goes (the in-process venue, or the configured host). */
  readonly truex: { host: string; port: number; restUrl?: string };
  /** The Coinbase feed URL (the in-process simulator, or the configured URL). */
  readonly coinbaseUrl: string;
  readonly venue?: TrueXSimulator;
  readonly coinbase?: CoinbaseSimulator;
  stop(): Promise<void>;
}

/**
 * Starts whatever the configuration leaves unset: a Coinbase feed simulator when COINBASE_WS_URL is unset, a TrueX
 * venue simulator when TRUEX_FIX_HOST is unset. The venue's simulated takers trade on the Coinbase simulator's mid,
 * so fills happen on the same market the market maker prices from.
 */
export async function startSimulators(
  config: MarketMakerConfig,
  deps: { clock: Clock; logger: Logger; openOrderLimit?: number },
): Promise<InProcessSimulators> {
  let coinbase: CoinbaseSimulator | undefined;
  let coinbaseUrl = config.coinbase.url;
  if (coinbaseUrl === undefined) {
    coinbase = new CoinbaseSimulator({
      port: 0,
      mode: 'synthetic',
      products: [config.coinbase.product],
      ...(config.simulator.market === 'random-walk'
        ? { startPrice: config.simulator.startPrice, volatilityBps: config.simulator.volatilityBps }
        : { scenario: config.simulator.market as MarketScenarioName }),
      seed: config.simulator.seed,
      logger: deps.logger.child({ component: 'coinbase-sim' }),
    });
    coinbaseUrl = (await coinbase.start()).url;
  }

  let venue: TrueXSimulator | undefined;
  let truex: { host: string; port: number; restUrl?: string } = {
    host: config.truex.host ?? '127.0.0.1',
    port: config.truex.port,
    restUrl: config.truex.restUrl,
  };
  if (config.truex.host === undefined) {
    const product = config.coinbase.product;
    const reference: ReferencePriceSource | undefined = coinbase
      ? {
          current: () => coinbase?.mid(product),
          onChange: (listener) => coinbase!.onMid((p, mid) => p === product && listener(mid)),
        }
      : undefined;
    venue = new TrueXSimulator({
      port: 0,
      credentials: [
        { apiKey: config.truex.apiKey, secret: config.truex.secretKey, clientIds: [config.truex.clientId] },
      ],
      targetCompId: config.truex.targetCompId,
      symbol: config.truex.symbol,
      openOrderLimit: deps.openOrderLimit ?? config.simulator.openOrderLimit,
      messageRateLimitPerSec: config.simulator.messageRateLimitPerSec,
      referencePrice: reference,
      fillProbability: config.simulator.fillProbability,
      seed: config.simulator.seed,
      restPort: 0,
      clock: deps.clock,
      logger: deps.logger.child({ component: 'truex-sim' }),
    });
    const address = await venue.start();
    truex = { host: address.host, port: address.port, restUrl: address.restUrl };
  }

  return {
    truex,
    coinbaseUrl,
    venue,
    coinbase,
    async stop() {
      await venue?.stop();
      await coinbase?.stop();
    },
  };
}
