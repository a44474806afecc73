import { displayDecimals, formatFigure, formatPercent, netPnl, type DisplayDecimals } from '@truex-mm/trading-figures';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { TerminalScreen } from './terminal-screen';

/**
 * The operator's status panel: the /status document's figures (the same numbers, defined once in
 * @truex-mm/trading-figures and docs/FIGURES.md), rounded for reading: prices to the tick's decimals (at least
 * cents), quantities to the lot, money to the cent, ratios as percentages.
 */
export function formatStatusPanel(s: Record<string, unknown>, decimals: DisplayDecimals, baseAsset = ''): string[] {
  const price = (v: unknown) => formatFigure(asFigure(v), decimals.price);
  const qty = (v: unknown) => formatFigure(asFigure(v), decimals.quantity);
  const money = (v: unknown) => formatFigure(asFigure(v), decimals.money);
  const feed = stateOf(s.feed);
  const fix = stateOf(s.fix ?? s.fixSession);
  const ack = (s.ackLatencyMs as { p50?: number } | null | undefined)?.p50;
  const unit = baseAsset === '' ? '' : ` ${baseAsset}`;
  // Without a fair value the ledger marks nothing (unrealized 0): with a position open that 0 is not a figure.
  const unmarked = s.fairPrice === null && typeof s.position === 'string' && !/^-?0(\.0*)?$/.test(s.position);
  const unrealized = unmarked ? null : s.unrealizedPnl;
  const net = unmarked ? null : netOf(s);
  return [
    [
      `${s.tradingState ?? '?'}`,
      `fv ${price(s.fairPrice)}`,
      `orders ${s.openOrders ?? '-'} (${s.bids ?? '-'}b/${s.asks ?? '-'}a)`,
      `pos ${qty(s.position)}${unit}`,
      `rPnL ${money(s.realizedPnl)}`,
      `uPnL ${money(unrealized)}`,
      `fees ${money(s.fees)}`,
      `net ${money(net)}`,
    ].join(' | '),
    [
      `fills ${s.ordersFilled ?? '-'}`,
      `fill rate ${formatPercent(asFigure(s.fillRate))}`,
      `capture ${formatPercent(asFigure(s.spreadCapture))}`,
      `ack p50 ${typeof ack === 'number' ? `${ack} ms` : '-'}`,
      `feed ${feed}`,
      `fix ${fix}`,
    ].join(' | '),
  ];
}

/** The panel as one line (the status line of earlier versions). */
export function formatStatusLine(s: Record<string, unknown>, decimals = DEFAULT_DECIMALS): string {
  return formatStatusPanel(s, decimals).join(' | ');
}

const DEFAULT_DECIMALS: DisplayDecimals = displayDecimals({ tickSize: '0.5', lotSize: '0.0001' });

/** Redraws the panel every `intervalMs` (and at once); stop() leaves the last one on screen. */
export function startStatusPanel(
  status: () => Record<string, unknown>,
  screen: TerminalScreen,
  options: { clock: Clock; decimals: DisplayDecimals; baseAsset?: string; intervalMs?: number },
): { stop(): void } {
  const { clock } = options;
  let timer: TimerHandle | undefined;
  const draw = () => {
    try {
      screen.setPanel(formatStatusPanel(status(), options.decimals, options.baseAsset));
    } catch (error) {
      screen.setPanel([`status unavailable: ${(error as Error).message}`]);
    }
  };
  const tick = () => {
    draw();
    timer = clock.setTimeout(tick, options.intervalMs ?? 1000, { unref: true });
  };
  tick();
  return {
    stop() {
      clock.clearTimeout(timer);
      draw();
      screen.close();
    },
  };
}

function asFigure(v: unknown): string | number | null {
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

function stateOf(block: unknown): string {
  const state = (block as { state?: unknown } | undefined)?.state;
  return typeof state === 'string' ? state : '?';
}

/** /status has no net PnL field: the ledger's realized + unrealized − fees, as the report's "net PnL". */
function netOf(s: Record<string, unknown>): string | null {
  const { realizedPnl: r, unrealizedPnl: u, fees: f } = s;
  if (typeof r !== 'string' || typeof u !== 'string' || typeof f !== 'string') return null;
  try {
    return netPnl(r, u, f);
  } catch {
    return null;
  }
}
