import type { EventSink, TradingEvent } from '@truex-mm/persistence';

/** What the engine records: persistence's trading events (one per order change, report, fill, position, price). */
export type EngineEvent = TradingEvent;

/** Where the engine records (O(1), never blocks, never throws), e.g. a Persistence instance. */
export type EngineEventSink = EventSink;

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
