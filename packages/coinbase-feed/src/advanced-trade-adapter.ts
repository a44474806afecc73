import { parseAdvancedTradeMessage } from './advanced-trade-messages';
import { parseCoinbaseTime } from './coinbase-time';
import { LATE_FRAME_WINDOW, type MarketDataSink, type ProtocolAdapter } from './market-data-sink';

const CHANNELS = ['heartbeats', 'level2', 'ticker', 'market_trades'] as const;

/**
 * Coinbase Advanced Trade dialect: one channel per subscribe, `level2` arrives as `l2_data`, and every frame
 * carries a per-connection `sequence_num`. A jump in it means a frame of any channel was lost, so every book on
 * the connection is suspect and level2 is resubscribed (the new snapshot arrives in-band).
 */
export class AdvancedTradeAdapter implements ProtocolAdapter {
  readonly subscribesHeartbeats = true;
  private lastSequence: number | undefined;

  subscribeFrames(products: readonly string[]): string[] {
    // heartbeats is always subscribed: without it Coinbase closes quiet channels after 60-90 s.
    return CHANNELS.map((channel) => JSON.stringify({ type: 'subscribe', product_ids: [...products], channel }));
  }

  resyncFrames(products: readonly string[]): string[] {
    const ids = [...products];
    return [
      JSON.stringify({ type: 'unsubscribe', product_ids: ids, channel: 'level2' }),
      JSON.stringify({ type: 'subscribe', product_ids: ids, channel: 'level2' }),
    ];
  }

  connectionOpened(): void {
    this.lastSequence = undefined;
  }

  handleFrame(text: string, receivedAtMs: number, sink: MarketDataSink): void {
    const m = parseAdvancedTradeMessage(text);
    if ('type' in m && m.type === 'error') {
      sink.venueError(m.message, undefined);
      return;
    }
    if (!('channel' in m)) return;
    const last = this.lastSequence;
    if (last !== undefined && m.sequence_num <= last && last - m.sequence_num <= LATE_FRAME_WINDOW) {
      sink.count('duplicates');
      return;
    }
    this.lastSequence = m.sequence_num;
    if (last !== undefined && m.sequence_num !== last + 1) {
      sink.count('sequenceGaps');
      sink.invalidate(sink.products, `sequence_num gap: ${last} -> ${m.sequence_num}`);
    }
    const timeMs = parseCoinbaseTime(m.timestamp);
    sink.exchangeTime(timeMs, receivedAtMs);
    if ('other' in m) return;
    switch (m.channel) {
      case 'l2_data':
        for (const e of m.events) {
          const product = this.productFor(e.product_id, sink);
          if (e.type === 'snapshot') {
            const book = sink.bookForSnapshot(product);
            if (book === undefined) continue;
            const bids: Array<[string, string]> = [];
            const asks: Array<[string, string]> = [];
            for (const u of e.updates) (u.side === 'bid' ? bids : asks).push([u.price_level, u.new_quantity]);
            this.guard(product, sink, () => book.applySnapshot(bids, asks));
            sink.snapshotApplied(product, timeMs, receivedAtMs);
          } else {
            const book = sink.bookForUpdate(product);
            if (book === undefined) continue;
            this.guard(product, sink, () => {
              for (const u of e.updates) book.set(u.side === 'bid' ? 'bid' : 'ask', u.price_level, u.new_quantity);
            });
            sink.updateApplied(product, timeMs, receivedAtMs);
          }
        }
        return;
      case 'market_trades':
        // The snapshot replays recent history; only updates are new trades.
        for (const e of m.events) {
          if (e.type !== 'update') continue;
          for (const t of e.trades) {
            const makerSide = t.side === 'BUY' ? 'buy' : 'sell';
            sink.trade({
              product: this.productFor(t.product_id, sink),
              price: t.price,
              size: t.size,
              side: makerSide === 'buy' ? 'sell' : 'buy',
              makerSide,
              tradeId: Number(t.trade_id),
              timeMs: parseCoinbaseTime(t.time) ?? timeMs ?? receivedAtMs,
            });
          }
        }
        return;
      case 'heartbeats':
      case 'subscriptions':
      case 'ticker':
      case 'ticker_batch':
        sink.subscribed();
        return;
    }
  }

  /** `-USDC` subscriptions are answered with `-USD` product ids: map them back to what was asked for. */
  private productFor(product: string, sink: MarketDataSink): string {
    if (product.endsWith('-USD') && !sink.products.includes(product) && sink.products.includes(`${product}C`)) {
      return `${product}C`;
    }
    return product;
  }

  private guard(product: string, sink: MarketDataSink, apply: () => void): void {
    try {
      apply();
    } catch (e) {
      sink.invalidate([product], `malformed l2_data: ${(e as Error).message}`);
      throw e;
    }
  }
}
