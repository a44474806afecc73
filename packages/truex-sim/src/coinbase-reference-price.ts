import { CoinbaseFeed, type FeedState } from '@truex-mm/coinbase-feed';
import { systemClock, type Clock } from '@truex-mm/clock';
import type { Logger } from 'pino';
import { BookTopPriceSource } from './book-top-price-source';
import type { ReferencePriceSource } from './reference-price-source';

export interface CoinbaseReferencePriceOptions {
  /** A Coinbase Exchange WebSocket feed (the real one, or `npm run coinbase-sim`'s ws://127.0.0.1:8765). */
  url: string;
  /** Default BTC-USD. */
  product?: string;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The reference price taken from a Coinbase feed: the mid of its validated level-2 book top
 * (`@truex-mm/coinbase-feed`). The stand-alone `truex-sim --reference-feed` uses it, so the simulated venue quotes
 * the same market as a Coinbase simulator (or Coinbase itself). While the feed is down the last mid stays.
 */
export class CoinbaseReferencePrice implements ReferencePriceSource {
  private readonly feed: CoinbaseFeed;
  private readonly source = new BookTopPriceSource();
  private readonly product: string;

  constructor(options: CoinbaseReferencePriceOptions) {
    this.product = options.product ?? 'BTC-USD';
    this.feed = new CoinbaseFeed({
      url: options.url,
      products: [this.product],
      clock: options.clock ?? systemClock,
      logger: options.logger?.child({ component: 'reference-feed' }),
    });
    this.feed.on('top', (top) => {
      if (top.product === this.product) this.source.update(top);
    });
    this.feed.on('state', (state: FeedState) => options.logger?.info({ state, url: options.url }, 'reference feed'));
    this.feed.on('error', (error: Error) => options.logger?.warn({ err: error.message }, 'reference feed error'));
  }

  current(): string | undefined {
    return this.source.current();
  }

  onChange(listener: (price: string) => void): () => void {
    return this.source.onChange(listener);
  }

  start(): void {
    this.feed.start();
  }

  async stop(): Promise<void> {
    await this.feed.stop();
  }
}
