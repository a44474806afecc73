/** A compact one-line status for an operator's terminal, rewritten in place every few seconds. */
export function startStatusLine(
  status: () => Record<string, unknown>,
  out: NodeJS.WriteStream,
  intervalMs = 3000,
): { stop(): void } {
  const timer = setInterval(() => out.write(`\r\x1b[2K${formatStatusLine(status())}`), intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      out.write('\n');
    },
  };
}

export function formatStatusLine(s: Record<string, unknown>): string {
  const feed = (s.feed as { state?: string } | undefined)?.state ?? '?';
  const fix = (s.fixSession as { state?: string } | undefined)?.state ?? '?';
  const pct = (v: unknown): string => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '-');
  return [
    `${s.tradingState}`,
    `fv ${s.fairPrice ?? '-'}`,
    `orders ${s.openOrders} (${s.bids}b/${s.asks}a)`,
    `pos ${s.position}`,
    `rPnL ${s.realizedPnl}`,
    `uPnL ${s.unrealizedPnl}`,
    `fills ${s.ordersFilled}`,
    `fill ${pct(s.fillRate)}`,
    `capture ${pct(s.spreadCapture)}`,
    `feed ${feed}`,
    `fix ${fix}`,
  ].join(' | ');
}
