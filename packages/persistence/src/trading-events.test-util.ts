import type { TradingEvent } from './trading-event';

/** A deterministic mix of every event type for run `runId`: n order/execution/fill triples plus positions. */
export function eventMix(runId: string, n: number, startMs: number, tag = 'x'): TradingEvent[] {
  const out: TradingEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = startMs + i;
    const clOrdId = `${tag}O${i}`;
    const price = `113400.${String(i % 100).padStart(2, '0')}`;
    out.push({
      type: 'order',
      runId,
      clOrdId,
      side: i % 2 ? 'sell' : 'buy',
      symbol: 'BTC-PYUSD',
      price,
      quantity: '0.001',
      cumQty: '0.001',
      leavesQty: '0',
      state: 'Filled',
      orderId: `${tag}X${i}`,
      timeMs: t,
    });
    out.push({
      type: 'execution',
      runId,
      execId: `${tag}E${i}`,
      clOrdId,
      orderId: `${tag}X${i}`,
      execType: 'F',
      ordStatus: '2',
      side: i % 2 ? 'sell' : 'buy',
      lastQty: '0.001',
      lastPx: price,
      cumQty: '0.001',
      leavesQty: '0',
      rawFix: `8=FIXT.1.1\u000135=8\u000117=${tag}E${i}\u0001`,
      timeMs: t,
    });
    out.push({
      type: 'fill',
      runId,
      execId: `${tag}E${i}`,
      clOrdId,
      orderId: `${tag}X${i}`,
      side: i % 2 ? 'sell' : 'buy',
      quantity: '0.001',
      price,
      fee: '0.0001',
      liquidity: '2',
      timeMs: t,
    });
    if (i % 10 === 0) {
      out.push({
        type: 'position',
        runId,
        base: '0.001',
        quote: '-113.4',
        realizedPnl: '0',
        unrealizedPnl: '0.01',
        timeMs: t,
      });
    }
  }
  return out;
}

export function countByType(events: readonly TradingEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}
