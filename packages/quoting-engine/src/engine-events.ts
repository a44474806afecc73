/**
 * What the engine records, one event per order change, execution report, fill, position change and reference price.
 * The shapes are those of @truex-mm/persistence's TradingEvent, so a Persistence instance is a sink as it is; the
 * engine does not depend on storage.
 */
export type EngineEvent =
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
      side: 'buy' | 'sell';
      symbol: string;
      price: string;
      quantity: string;
      cumQty: string;
      leavesQty: string;
      state: string;
      rejectReason?: string;
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
      side: 'buy' | 'sell';
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
      side: 'buy' | 'sell';
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
      fees: string;
      fairValue?: string;
      timeMs: number;
    };

/** Where the engine records (O(1), never blocks, never throws), e.g. a Persistence instance. */
export interface EngineEventSink {
  record(event: EngineEvent): void;
}

/** Optional hooks for process metrics (Prometheus in the app); every method is optional. */
export interface EngineObserver {
  actionSent?(kind: 'new' | 'replace' | 'cancel', reason: string): void;
  orderAcknowledged?(latencyMs: number): void;
  orderRejected?(text: string): void;
  riskDenied?(reason: string): void;
  fill?(side: 'buy' | 'sell'): void;
  throttleReject?(): void;
  openOrders?(count: number): void;
  fairValue?(value: number): void;
  position?(base: number, realizedPnl: number, unrealizedPnl: number): void;
  tradingState?(state: string): void;
  tickToWire?(seconds: number): void;
}
