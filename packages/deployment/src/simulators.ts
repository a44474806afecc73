import type { Clock } from '@truex-mm/clock';
import { CoinbaseSimulator, type MarketScenarioName } from '@truex-mm/coinbase-sim';
import { BookTopPriceSource, TrueXSimulator, type BookTop, type ReferencePriceSource } from '@truex-mm/truex-sim';
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
  /**
   * Paper mode: the simulated venue's reference price, fed by the market maker's own Coinbase book top. Call
   * {@link followReferenceFeed} with the app's feed (a no-op in the other modes).
   */
  readonly paperReference?: BookTopPriceSource;
  /** Paper mode: prices the simulated venue from this feed's tops of `config.coinbase.product`. */
  followReferenceFeed(feed: BookTopEvents): void;
  stop(): Promise<void>;
}

/** A Coinbase feed's top-of-book events (`@truex-mm/coinbase-feed`'s CoinbaseFeed has this shape). */
export interface BookTopEvents {
  on(event: 'top', listener: (top: BookTop & { readonly product: string }) => void): unknown;
}

/**
 * Starts whatever the configuration leaves unset: a Coinbase feed simulator when COINBASE_WS_URL is unset, a TrueX
 * venue simulator when TRUEX_FIX_HOST is unset. The venue's simulated takers trade on the Coinbase simulator's mid,
 * so fills happen on the same market the market maker prices from. In paper mode there is no Coinbase simulator:
 * the venue's reference is {@link InProcessSimulators.paperReference}, the mid of the app's real Coinbase book top.
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
  let paperReference: BookTopPriceSource | undefined;
  let truex: { host: string; port: number; restUrl?: string } = {
    host: config.truex.host ?? '127.0.0.1',
    port: config.truex.port,
    restUrl: config.truex.restUrl,
  };
  if (config.truex.host === undefined) {
    const product = config.coinbase.product;
    if (config.mode === 'paper') paperReference = new BookTopPriceSource();
    const reference: ReferencePriceSource | undefined = coinbase
      ? {
          current: () => coinbase?.mid(product),
          onChange: (listener) => coinbase!.onMid((p, mid) => p === product && listener(mid)),
        }
      : paperReference;
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
    paperReference,
    followReferenceFeed(feed: BookTopEvents) {
      const source = paperReference;
      if (source === undefined) return;
      const product = config.coinbase.product;
      feed.on('top', (top) => {
        if (top.product === product) source.update(top);
      });
      deps.logger.info({ product }, 'paper mode: the simulated TrueX is priced from the Coinbase feed');
    },
    async stop() {
      await venue?.stop();
      await coinbase?.stop();
    },
  };
}
