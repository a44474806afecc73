// Cost of one pre-trade decision (RiskGate.check) next to baselines measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- risk
import { ManualClock } from '@truex-mm/clock';
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { PositionLedger, RiskGate, defaultRiskLimits } from '@truex-mm/risk';
import { Decimal } from 'decimal.js';

const N = 1024;
const CALLS = 200_000;
const prices: string[] = [];
const quantities: string[] = [];
for (let i = 0; i < N; i++) {
  prices.push((100_000 + ((i * 37) % 400) / 2 - 100).toFixed(1));
  quantities.push((0.001 + (i % 10) / 1000).toFixed(4));
}
// More significant digits than a safe integer holds: the gate refuses these (INVALID_ORDER, beyond its exact range;
// until issue 14 they took a decimal.js fallback path).
const longQuantities = quantities.map((q) => `${q}000000000000000001`);
const clock = new ManualClock(0);
let sink = 0;

function run(name: string, call: (i: number) => void): { name: string; p50ns: number; p99ns: number; meanNs: number } {
  for (let i = 0; i < CALLS / 4; i++) call(i); // warm-up
  const samples = new Float64Array(CALLS);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    call(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  const meanNs = Number(process.hrtime.bigint() - start) / CALLS;
  samples.sort();
  return {
    name,
    p50ns: Math.round(samples[Math.floor(CALLS * 0.5)] ?? 0),
    p99ns: Math.round(samples[Math.floor(CALLS * 0.99)] ?? 0),
    meanNs: Math.round(meanNs),
  };
}

// A budget so large that no check is denied for MESSAGE_BUDGET: we measure the full path through every check.
const gate = new RiskGate(
  {
    ...defaultRiskLimits,
    messagesPerSecond: 1e12,
    maxLongPosition: '1000',
    maxShortPosition: '1000',
    maxNotionalExposure: '1000000000',
  },
  { clock, ledger: new PositionLedger() },
);
const ctx = { fairValue: '100000', referenceAgeMs: 20, openOrders: 30, workingBuyQty: '0.1', workingSellQty: '0.1' };

const results = [
  run('baseline: hrtime pair only', (i) => {
    sink += i;
  }),
  run('baseline: parse price + quantity as Decimal, multiply', (i) => {
    sink += new Decimal(prices[i & (N - 1)] as string).times(quantities[i & (N - 1)] as string).toNumber();
  }),
  run('RiskGate.check (new order, all checks pass)', (i) => {
    const k = i & (N - 1);
    const d = gate.check(
      { side: i & 1 ? 'buy' : 'sell', price: prices[k] as string, quantity: quantities[k] as string, kind: 'new' },
      ctx,
    );
    sink += d.allowed ? 1 : 0;
  }),
  run('RiskGate.check (denied early: stale reference)', (i) => {
    const k = i & (N - 1);
    const d = gate.check(
      { side: 'buy', price: prices[k] as string, quantity: quantities[k] as string, kind: 'new' },
      { ...ctx, referenceAgeMs: 10_000 },
    );
    sink += d.allowed ? 1 : 0;
  }),
  run('RiskGate.check (replace, working quantities change every call)', (i) => {
    const k = i & (N - 1);
    const d = gate.check(
      { side: i & 1 ? 'buy' : 'sell', price: prices[k] as string, quantity: quantities[k] as string, kind: 'replace' },
      { ...ctx, workingBuyQty: quantities[(k + 1) & (N - 1)] as string, workingSellQty: quantities[k] as string },
    );
    sink += d.allowed ? 1 : 0;
  }),
  run('RiskGate.check (22-digit quantity: refused, beyond exact range)', (i) => {
    const k = i & (N - 1);
    const d = gate.check(
      { side: i & 1 ? 'buy' : 'sell', price: prices[k] as string, quantity: longQuantities[k] as string, kind: 'new' },
      ctx,
    );
    sink += d.allowed ? 1 : 0;
  }),
  run('RiskGate.check (cancel)', () => {
    sink += gate.check({ side: 'buy', price: '0', quantity: '0', kind: 'cancel' }, ctx).allowed ? 1 : 0;
  }),
];
console.table(results);
if (sink === -1) console.log(sink);
