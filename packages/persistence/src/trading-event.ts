/** Buy or sell, as stored (the FIX Side codes are translated by the order adapter). */
export type TradeSide = 'buy' | 'sell';

/**
 * Everything the market maker records. Prices and quantities are decimal strings (never binary floats); times are
 * epoch milliseconds from the injected clock.
 */
export type TradingEvent =
  | { type: 'run-started'; runId: string; mode: string; config: Record<string, unknown>; timeMs: number }
  | { type: 'run-ended'; runId: string; timeMs: number }
  | {
      type: 'reference-price';
      runId: string;
      product: string;
      bidPrice: string;
      askPrice: string;
      mid: string;
      fairValue?: string;
      timeMs: number;
    }
  | {
      type: 'order';
      runId: string;
      clOrdId: string;
      origClOrdId?: string;
      orderId?: string;
      side: TradeSide;
      symbol: string;
      price: string;
      quantity: string;
      cumQty: string;
      leavesQty: string;
      state: string;
      rejectReason?: string;
      /** Fair value when the order was sent (new or replace): the quoted edge of spread capture. */
      quotedFairValue?: string;
      timeMs: number;
    }
  | {
      type: 'execution';
      runId: string;
      execId: string;
      clOrdId?: string;
      orderId: string;
      execType: string;
      ordStatus: string;
      side: TradeSide;
      price?: string;
      lastQty?: string;
      lastPx?: string;
      cumQty: string;
      leavesQty: string;
      text?: string;
      transactTime?: string;
      rawFix: string;
      timeMs: number;
    }
  | {
      type: 'fill';
      runId: string;
      execId: string;
      clOrdId: string;
      orderId: string;
      side: TradeSide;
      quantity: string;
      price: string;
      fee: string;
      liquidity?: string;
      timeMs: number;
    }
  | {
      type: 'position';
      runId: string;
      base: string;
      quote: string;
      averageEntryPrice?: string;
      realizedPnl: string;
      unrealizedPnl: string;
      fairValue?: string;
      /** Fees paid so far in the quote currency (negative if rebates dominate). */
      fees?: string;
      /** Fees per currency (e.g. `{ PYUSD: "0.12", BTC: "0.000001" }`), when the venue charges in several. */
      feesByCurrency?: Record<string, string>;
      /** realized + unrealized − fees, in the quote currency; computed by the database when absent. */
      netPnl?: string;
      timeMs: number;
    };

export type TradingEventType = TradingEvent['type'];

/** Narrows the union to one event type. */
export type TradingEventOf<T extends TradingEventType> = Extract<TradingEvent, { type: T }>;

/** Where the trading path hands events off. */
export interface EventSink {
  /** O(1), never blocks, never throws. */
  record(event: TradingEvent): void;
}
