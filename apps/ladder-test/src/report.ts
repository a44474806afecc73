import type { LadderTestResult } from './ladder-test';

/** The per-order table and the summary, as printed on a terminal. */
export function formatReport(result: LadderTestResult): string {
  const header = ['#', 'side', 'lvl', 'price', 'qty', 'status', 'ack ms', 'filled', 'reject text'];
  const rows = result.orders.map((o, i) => [
    String(i + 1),
    o.side,
    String(o.level),
    o.price,
    o.quantity,
    o.status,
    o.ackLatencyMs === undefined ? '-' : String(o.ackLatencyMs),
    o.filledQty,
    o.rejectText ?? '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const lat = result.ackLatencyMs;
  const summary = [
    `reference price  ${result.referencePrice ?? '-'}`,
    `submitted        ${result.submitted}`,
    `acknowledged     ${result.acked}`,
    `rejected         ${result.rejected}`,
    `canceled         ${result.canceled}`,
    `filled           ${result.filled}`,
    `partially filled ${result.partiallyFilled}`,
    `fills            ${result.fills}`,
    `ack latency ms   ${lat ? `p50 ${lat.p50}  p99 ${lat.p99}  max ${lat.max}` : '-'}`,
    ...(result.leftOpen.length > 0 ? [`may still rest   ${result.leftOpen.join(', ')}`] : []),
    `result           ${result.exitCode === 0 ? 'PASS' : `FAIL, exit ${result.exitCode}${result.failure ? ` (${result.failure})` : ''}`}`,
  ];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...summary].join('\n');
}

/**
 * The one-line JSON summary (the last line of standard output with --json). `error` is present whenever the run
 * could not do its job (exit 3, 4, 5, 130, 143), `leftOpen` whenever an order may still rest at the venue.
 */
export function summaryJson(result: LadderTestResult): string {
  const {
    submitted,
    acked,
    rejected,
    canceled,
    filled,
    partiallyFilled,
    fills,
    referencePrice,
    ackLatencyMs,
    rejects,
  } = result;
  return JSON.stringify({
    submitted,
    acked,
    rejected,
    canceled,
    filled,
    partiallyFilled,
    fills,
    referencePrice,
    ackLatencyMs: ackLatencyMs ?? { p50: null, p99: null, max: null },
    rejects,
    ...(result.failure ? { error: result.failure } : {}),
    ...(result.leftOpen.length > 0 ? { leftOpen: result.leftOpen } : {}),
  });
}
