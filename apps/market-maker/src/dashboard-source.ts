import type { Clock } from '@truex-mm/clock';
import type { DashboardEvent, DashboardSource, DashboardStatus, LimitUse } from '@truex-mm/dashboard';
import type { MarketMakerConfig } from '@truex-mm/deployment';
import type { MarketMaker } from './market-maker';

/** The magnitude of a decimal string's negative part ("-1.5" -> "1.5", "2" -> "0"). */
function negativePart(value: string): string {
  return value.startsWith('-') ? value.slice(1) : '0';
}

function positivePart(value: string): string {
  return value.startsWith('-') ? '0' : value;
}

/**
 * The running market maker as the dashboard sees it: the `/status` document (`statusDocument`, the same function the
 * HTTP `/status` serves), our live orders for the ladder, each risk limit beside the figure it bounds, and the
 * engine's fills, the venue's rejects and trading-state changes as they happen.
 */
export function marketMakerDashboardSource(
  engine: MarketMaker,
  config: MarketMakerConfig,
  statusDocument: () => Record<string, unknown>,
  clock: Clock,
): DashboardSource {
  const risk = config.risk;
  return {
    snapshot() {
      const status = statusDocument() as unknown as DashboardStatus;
      const budget = engine.risk.messageBudget();
      // Net PnL as the risk gate's loss limit measures it (the ledger's single definition).
      const net = engine.risk.ledger.snapshot(status.fairPrice ?? undefined).netPnl;
      const limits: LimitUse[] = [
        {
          name: 'long position',
          used: positivePart(status.position),
          limit: risk.maxLongPosition,
          unit: 'BTC',
          kind: 'quantity',
        },
        {
          name: 'short position',
          used: negativePart(status.position),
          limit: risk.maxShortPosition,
          unit: 'BTC',
          kind: 'quantity',
        },
        {
          name: 'open orders',
          used: String(status.openOrders),
          limit: String(risk.maxOpenOrders),
          unit: 'orders',
          kind: 'count',
        },
        { name: 'loss', used: negativePart(net), limit: risk.maxLoss, unit: 'net loss', kind: 'money' },
        {
          name: 'message rate',
          used: String(budget.ratePerSec),
          limit: String(risk.messagesPerSecond),
          unit: 'msg/s',
          kind: 'count',
        },
      ];
      return {
        status,
        orders: engine.adapter.liveOrders().map((o) => ({
          side: o.side,
          price: o.price,
          leavesQty: o.leavesQty,
          state: o.state,
        })),
        limits,
        instrument: {
          symbol: config.truex.symbol,
          tickSize: config.strategy.tickSize,
          lotSize: config.strategy.lotSize,
        },
      };
    },
    subscribe(listener) {
      const onFill = (fill: { clOrdId: string; side: 'buy' | 'sell'; price: string; quantity: string; fee: string }) =>
        listener({
          kind: 'fill',
          timeMs: clock.now(),
          clOrdId: fill.clOrdId,
          side: fill.side,
          price: fill.price,
          quantity: fill.quantity,
          fee: fill.fee,
        } satisfies DashboardEvent);
      const onReject = (order: { clOrdId: string; side: 'buy' | 'sell'; price: string }, text: string) =>
        listener({
          kind: 'reject',
          timeMs: clock.now(),
          clOrdId: order.clOrdId,
          side: order.side,
          price: order.price,
          text,
        });
      const onState = (state: string) => listener({ kind: 'state', timeMs: clock.now(), state });
      engine.quoting.on('fill', onFill);
      engine.adapter.on('reject', onReject);
      engine.quoting.on('state', onState);
      return () => {
        engine.quoting.off('fill', onFill);
        engine.adapter.off('reject', onReject);
        engine.quoting.off('state', onState);
      };
    },
  };
}
