import type { ReplayReport } from './replay';

function fmt(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '-' : x.toFixed(digits);
}

/** The quote-quality table, one row per replay, as Markdown (readable in a terminal, pasteable in a note). */
export function formatReplayTable(reports: readonly ReplayReport[]): string {
  const header = [
    'market',
    'budget/venue msg/s',
    'live (bid/ask)',
    'min side 1s (b/a)',
    'lifetime p10/p50/p90 s',
    'msg/s mean/max1s',
    'fills',
    'fill rate',
    'capture',
    'markout 1s/5s bps',
    'in edge ms',
    'through FV ms',
    'venue rejects',
    'stretch',
    'shape off/spc/edge',
  ];
  const rows = reports.map((r) => {
    const q = r.quality;
    const l = q.lifetimeMs;
    const rejects = Object.entries(q.rejectsByText)
      .map(([t, n]) => `${n}× ${t}`)
      .join('; ');
    return [
      `${r.market} (seed ${r.seed})`,
      `${r.messagesPerSecondBudget}/${r.venueRateLimit || 'off'}`,
      `${fmt(q.liveOrders.mean)} (${fmt(q.liveOrders.bids)}/${fmt(q.liveOrders.asks)})`,
      `${q.minPerSideOver1s.bids}/${q.minPerSideOver1s.asks}`,
      l ? `${fmt(l.p10 / 1000)}/${fmt(l.p50 / 1000)}/${fmt(l.p90 / 1000)}` : '-',
      `${fmt(q.messagesPerSec.mean, 2)}/${q.messagesPerSec.max1s}`,
      String(q.fills),
      r.fillRate === null ? '-' : `${(r.fillRate * 100).toFixed(1)} %`,
      r.spreadCapture === null ? '-' : `${(r.spreadCapture * 100).toFixed(1)} %`,
      `${fmt(q.markoutBps.at1s, 2)}/${fmt(q.markoutBps.at5s, 2)}`,
      String(q.withinMinEdgeMs),
      String(q.throughFairValueMs),
      rejects || '0',
      fmt(r.lifetimeStretch, 2),
      r.shape ? `${r.shape.level1OffsetTicks}/${r.shape.levelSpacingTicks}/${r.shape.minEdgeTicks}` : '-',
    ];
  });
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const reasons = reports.map(
    (r) =>
      `${r.market}: actions ${Object.entries(r.quality.actionsByReason)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; end: ours ${r.venueTruth.ourLiveOrders} live / venue ${r.venueTruth.venueActiveOrders}, ` +
      `position ${r.venueTruth.ourPosition} / venue net fills ${r.venueTruth.venueNetFills}`,
  );
  return [...lines, '', ...reasons].join('\n');
}
