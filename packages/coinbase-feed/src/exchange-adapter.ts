import { CoinbaseTimeReader, parseCoinbaseTime } from './coinbase-time';
import { type ExchangeCredentials, exchangeAuthFields } from './exchange-auth';
import { type ExchangeMatch, parseExchangeMessage } from './exchange-messages';
import { CHANGE_FIELDS, L2UpdateScanner } from './l2update-scanner';
import { LATE_FRAME_WINDOW, type MarketDataSink, type ProtocolAdapter } from './market-data-sink';

/**
 * Coinbase Exchange dialect. Public book: `level2_batch` (the unauthenticated level2 since 2023-08-01); with
 * credentials, the authenticated `level2`. Order-book messages carry no sequence, so the only gap signals are a
 * crossed book, a `matches` trade_id jump and the connection itself.
 */
export class ExchangeAdapter implements ProtocolAdapter {
  readonly subscribesHeartbeats = true;
  private readonly bookChannel: 'level2' | 'level2_batch';
  private readonly lastTradeId = new Map<string, number>();
  private readonly l2update = new L2UpdateScanner();
  private readonly times = new CoinbaseTimeReader();

  constructor(private readonly credentials?: ExchangeCredentials) {
    this.bookChannel = credentials ? 'level2' : 'level2_batch';
  }

  subscribeFrames(products: readonly string[], nowMs: number): string[] {
    // product_ids go inside each channel object and never empty: root ids mixed with per-channel lists have
    // produced "is not a valid product" storms (gocryptotrader PR #1421).
    const channels = ['heartbeat', 'ticker', this.bookChannel, 'matches'].map((name) => ({
      name,
      product_ids: [...products],
    }));
    return [this.frame('subscribe', channels, nowMs)];
  }

  resyncFrames(products: readonly string[], nowMs: number): string[] {
    const channels = [{ name: this.bookChannel, product_ids: [...products] }];
    return [this.frame('unsubscribe', channels, nowMs), this.frame('subscribe', channels, nowMs)];
  }

  connectionOpened(): void {
    // last_match re-establishes each product's trade_id baseline on the new connection.
    this.lastTradeId.clear();
  }

  handleFrame(text: string, receivedAtMs: number, sink: MarketDataSink): void {
    if (this.l2update.scan(text)) {
      this.applyScannedUpdate(text, receivedAtMs, sink);
      return;
    }
    const m = parseExchangeMessage(text);
    switch (m.type) {
      case 'l2update': {
        const timeMs = parseCoinbaseTime(m.time);
        sink.exchangeTime(timeMs, receivedAtMs);
        const book = sink.bookForUpdate(m.product_id);
        if (book === undefined) return;
        try {
          const changes = m.changes;
          for (let i = 0; i < changes.length; i++) {
            const c = changes[i]!;
            book.set(c[0] === 'buy' ? 'bid' : 'ask', c[1], c[2]);
          }
        } catch (e) {
          sink.invalidate([m.product_id], `malformed l2update: ${(e as Error).message}`);
          throw e;
        }
        sink.updateApplied(m.product_id, timeMs, receivedAtMs);
        return;
      }
      case 'snapshot': {
        const timeMs = parseCoinbaseTime(m.time);
        sink.exchangeTime(timeMs, receivedAtMs);
        sink.subscribed();
        const book = sink.bookForSnapshot(m.product_id);
        if (book === undefined) return;
        try {
          book.applySnapshot(m.bids, m.asks);
        } catch (e) {
          sink.invalidate([m.product_id], `malformed snapshot: ${(e as Error).message}`);
          throw e;
        }
        sink.snapshotApplied(m.product_id, timeMs, receivedAtMs);
        return;
      }
      case 'match':
      case 'last_match':
        sink.exchangeTime(parseCoinbaseTime(m.time), receivedAtMs);
        this.onMatch(m, sink);
        return;
      case 'heartbeat':
      case 'ticker':
        sink.exchangeTime(parseCoinbaseTime(m.time), receivedAtMs);
        sink.subscribed();
        return;
      case 'subscriptions':
        sink.subscribed();
        return;
      case 'error':
        sink.venueError(m.message, m.reason);
        return;
      default:
        return;
    }
  }

  /** The `l2update` case below, reading the changes from the frame text where the scanner found them. */
  private applyScannedUpdate(text: string, receivedAtMs: number, sink: MarketDataSink): void {
    const scanned = this.l2update;
    const product = scanned.productId;
    const timeMs = scanned.timeStart < 0 ? undefined : this.times.read(text, scanned.timeStart, scanned.timeEnd);
    sink.exchangeTime(timeMs, receivedAtMs);
    const book = sink.bookForUpdate(product);
    if (book === undefined) return;
    try {
      const c = scanned.changes;
      const end = scanned.count * CHANGE_FIELDS;
      for (let o = 0; o < end; o += CHANGE_FIELDS) {
        book.setFromText(c[o] === 0 ? 'bid' : 'ask', text, c[o + 1]!, c[o + 2]!, c[o + 3]!, c[o + 4]!);
      }
    } catch (e) {
      sink.invalidate([product], `malformed l2update: ${(e as Error).message}`);
      throw e;
    }
    sink.updateApplied(product, timeMs, receivedAtMs);
  }

  private onMatch(m: ExchangeMatch, sink: MarketDataSink): void {
    const last = this.lastTradeId.get(m.product_id);
    if (last !== undefined && m.trade_id <= last && last - m.trade_id <= LATE_FRAME_WINDOW) {
      sink.count('duplicates');
      return;
    }
    this.lastTradeId.set(m.product_id, m.trade_id);
    // last_match replays the latest trade on subscribe: a baseline, not a new trade.
    if (m.type === 'last_match') return;
    if (last !== undefined && m.trade_id !== last + 1) {
      sink.count('tradeIdGaps');
      sink.invalidate([m.product_id], `trade_id gap: ${last} -> ${m.trade_id}`);
    }
    sink.trade({
      product: m.product_id,
      price: m.price,
      size: m.size,
      side: m.side === 'buy' ? 'sell' : 'buy',
      makerSide: m.side,
      tradeId: m.trade_id,
      timeMs: parseCoinbaseTime(m.time) ?? 0,
    });
  }

  private frame(type: 'subscribe' | 'unsubscribe', channels: object[], nowMs: number): string {
    const auth = type === 'subscribe' && this.credentials ? exchangeAuthFields(this.credentials, nowMs) : {};
    return JSON.stringify({ type, channels, ...auth });
  }
}
