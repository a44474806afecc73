// Cost of the dashboard's once-a-second work (sample the history, round every figure for display, serialise the
// server-sent event) for a 50-order ladder, next to a baseline that serialises the bare /status document, measured in
// the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- dashboard
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { DashboardHistory, presentSnapshot, type DashboardSnapshot, type LadderOrder } from '@truex-mm/dashboard';

const ROUNDS = 7;
const ITERATIONS = 2_000;

const orders: LadderOrder[] = [];
for (let i = 0; i < 25; i++) {
  orders.push({ side: 'buy', price: (96990 - i * 5.5).toFixed(1), leavesQty: '0.0010', state: 'New' });
  orders.push({ side: 'sell', price: (97010 + i * 5.5).toFixed(1), leavesQty: '0.0011', state: 'New' });
}
// A /status document of the engine's size and shape (counters, nested objects).
const status = {
  mode: 'simulator',
  runId: '2e09e743-46d0-4091-8edb-9fc6650eaf39',
  symbol: 'BTC-PYUSD',
  fairPrice: '97000.255',
  fairValueAgeMs: 12,
  volatilityBps: 0.812,
  reference: { bid: '96999.99', ask: '97000.5' },
  openOrders: 50,
  activeOrders: 50,
  pendingOrders: 0,
  bids: 25,
  asks: 25,
  position: '0.0137',
  quoteBalance: '-1328.345',
  averageEntryPrice: '96959.91',
  realizedPnl: '0.11',
  unrealizedPnl: '-0.0213',
  fees: '0',
  tradingState: 'ACTIVE',
  quoting: true,
  venue: { responsive: true, sequenceGapOpen: false },
  refreshAgeMs: { max: 4100, mean: 2200 },
  messageBudget: { ratePerSec: 8, available: 0.4, maxRatePerSec: 8 },
  fillRate: 0.026,
  spreadCapture: 0.269,
  feed: {
    state: 'live',
    messages: 123456,
    reconnects: 0,
    staleEvents: 0,
    lagMs: { samples: 1000, last: 23, p50: 20, p99: 33, max: 80 },
  },
  fix: { state: 'active', responsive: true, sequenceGap: null, messagesIn: 9000, messagesOut: 9100, heartbeatsIn: 3 },
  risk: { allowed: 9000, denied: { MESSAGE_BUDGET: 12 }, cancels: 4000, rejects: 0, halts: 0 },
  adapter: { sent: 9000, acked: 8990, rejected: 0, fills: 15 },
};
const snapshot: DashboardSnapshot = {
  status,
  orders,
  limits: [
    { name: 'long position', used: '0.0137', limit: '1', unit: 'BTC', kind: 'quantity' },
    { name: 'short position', used: '0', limit: '1', unit: 'BTC', kind: 'quantity' },
    { name: 'open orders', used: '50', limit: '50', unit: 'orders', kind: 'count' },
    { name: 'loss', used: '0', limit: '2000', unit: 'net loss', kind: 'money' },
    { name: 'message rate', used: '8', limit: '8', unit: 'msg/s', kind: 'count' },
  ],
  instrument: { symbol: 'BTC-PYUSD', tickSize: '0.5', lotSize: '0.0001' },
};
const history = new DashboardHistory();
let sink = 0;
let frameBytes = 0;

function measure(name: string, body: () => number): { name: string; usPerOp: number } {
  for (let i = 0; i < ITERATIONS / 10; i++) sink += body();
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) sink += body();
    samples.push(Number(process.hrtime.bigint() - start) / ITERATIONS / 1000);
  }
  samples.sort((a, b) => a - b);
  return { name, usPerOp: samples[Math.floor(ROUNDS / 2)]! };
}

const results = [
  measure('baseline: JSON.stringify(/status)', () => JSON.stringify(status).length),
  measure('presentSnapshot (50 orders, every figure rounded)', () => presentSnapshot(snapshot).ladder.length),
  measure('one tick, no page open: sample the history', () => {
    history.sample(Date.now(), snapshot);
    return 1;
  }),
  measure('one tick, a page open: sample + present + SSE frame', () => {
    const timeMs = Date.now();
    const sample = history.sample(timeMs, snapshot);
    const view = presentSnapshot(snapshot);
    const frame = `data: ${JSON.stringify({ type: 'snapshot', timeMs, snapshot, view, sample })}\n\n`;
    frameBytes = frame.length;
    return frame.length;
  }),
];

const baseline = results[0]!.usPerOp;
const width = Math.max(...results.map((r) => r.name.length));
console.log(`${'case'.padEnd(width)}  µs/op     × baseline  CPU at 1/s`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(width)}  ${r.usPerOp.toFixed(1).padStart(7)}  ${(r.usPerOp / baseline).toFixed(1).padStart(10)}  ` +
      `${((r.usPerOp / 1e6) * 100).toFixed(4)} %`,
  );
}
console.log(`SSE snapshot frame: ${frameBytes} bytes (median of ${ROUNDS} rounds × ${ITERATIONS}; sink ${sink % 7})`);
