// Cost of one strategy tick (build the 50-order target ladder, reconcile it against live orders) next to a
// baseline that builds 50 plain order objects with float formatting, measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- ladder
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { getHeapStatistics } from 'node:v8';
import {
  buildTargetLadder,
  defaultLadderConfig,
  defaultQuotePolicyConfig,
  QuotePolicy,
  reconcile,
  RefreshPolicy,
  RefreshScheduler,
  seededRandom,
  type LadderConfig,
  type LiveOrder,
  type QuotePolicyInput,
  type QuotePolicyOrder,
} from '@truex-mm/ladder-strategy';

const ROUNDS = 7;
const ITERATIONS = 2_000;
const random = seededRandom(1);
const input = { fairValue: '113406.3', position: '0', nowMs: 0 };
const target = buildTargetLadder(input, defaultLadderConfig, random);
const live: LiveOrder[] = target.map((t, i) => ({
  clOrdId: `C${i}`,
  key: t.key,
  side: t.side,
  price: t.price,
  quantity: t.quantity,
  pending: false,
  createdAtMs: 0,
  expiresAtMs: 10_000,
}));
const moved = buildTargetLadder({ ...input, fairValue: '113410.3' }, defaultLadderConfig, random);
const options = { openOrderLimit: 50, nowMs: 1_000, repriceToleranceTicks: 1, tickSize: '0.5' };
// Every per-tick feature on: bps offsets, volatility widening, price and size skew.
const fullConfig: LadderConfig = {
  ...defaultLadderConfig,
  level1OffsetBps: 0.5,
  levelSpacingBps: 0.1,
  volatilityOffsetMultiplier: 1,
  skew: { maxPosition: '2', maxSkewTicks: 6, sizeSkew: true },
};
const fullInput = { fairValue: '113406.37', position: '0.3512', nowMs: 0, volatilityBps: 1.7 };
const scheduler = new RefreshScheduler({
  policy: new RefreshPolicy({ ordersPerLevel: [4, 3, 3, 3, 3, 3, 3, 3], random }),
  messagesPerSecond: 1e9,
  maxBurst: 1_000,
});
let schedulerNow = 0;
let sink = 0;

function measure(name: string, body: () => number): { name: string; usPerOp: number } {
  for (let i = 0; i < ITERATIONS / 10; i++) sink += body();
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) sink += body();
    samples.push(Number(process.hrtime.bigint() - start) / ITERATIONS / 1000);
  }
  samples.sort((a, b) => a - b);
  return { name, usPerOp: samples[Math.floor(ROUNDS / 2)] };
}

const results = [
  measure('baseline: 50 plain orders, float toFixed', () => {
    const out = [];
    for (let i = 0; i < 50; i++)
      out.push({
        key: `buy-${i}`,
        price: (113406 - i * 0.5).toFixed(1),
        quantity: (0.002 * (0.9 + random() * 0.2)).toFixed(4),
      });
    return out.length;
  }),
  measure('buildTargetLadder (50 orders)', () => buildTargetLadder(input, defaultLadderConfig, random).length),
  measure('reconcile, nothing moved', () => reconcile(target, live, options).length),
  measure('reconcile, FV moved 8 ticks (50 replaces)', () => reconcile(moved, live, options).length),
  measure(
    'buildTargetLadder, bps offsets + volatility + skew',
    () => buildTargetLadder(fullInput, fullConfig, random).length,
  ),
  measure('one tick: build + reconcile + select, nothing moved', () => {
    const t = buildTargetLadder(input, defaultLadderConfig, random);
    const actions = reconcile(t, live, options);
    return scheduler.select(actions, (schedulerNow += 1), live).length;
  }),
];

console.log(`ladder tick cost (median of ${ROUNDS} rounds × ${ITERATIONS} calls)`);
console.table(
  results.map((r) => ({
    case: r.name,
    'µs/op': Number(r.usPerOp.toFixed(1)),
    'vs baseline': Number((r.usPerOp / results[0].usPerOp).toFixed(1)),
  })),
);

// --- the quoting policy: what the engine calls on every pass ------------------------------------------------------
const policy = new QuotePolicy(defaultQuotePolicyConfig, { random: seededRandom(2) });
const budget = { ratePerSec: 8, available: 1_000 };
const policyLive: QuotePolicyOrder[] = policy
  .plan({ fairValue: '113406.3', position: '0', nowMs: 0, live: [], openOrderLimit: 50, budget })
  .map((a, i) => ({ clOrdId: `P${i}`, side: a.side, price: a.price!, pending: false, expiresAtMs: 1e12 }));
const passInput = (fairValue: string, live: readonly QuotePolicyOrder[]): QuotePolicyInput => ({
  fairValue,
  position: '0',
  volatilityBps: 1.5,
  nowMs: 1_000,
  live,
  openOrderLimit: 50,
  budget,
});
// A steady pass: fair value wanders inside the band, nothing to send. A refresh pass: three orders' lifetimes over
// (three replaces). Reprice passes: fair value one spacing away (the levels leaving the ladder move).
const steadyInputs = ['113406.4', '113406.2', '113406.5', '113406.1'].map((fv) => passInput(fv, policyLive));
const expiring = policyLive.map((o, i) => (i % 17 === 0 ? { ...o, expiresAtMs: 0 } : o));
const refreshInput = passInput('113406.3', expiring);
const repriceInputs = ['113409.3', '113403.3'].map((fv) => passInput(fv, policyLive));
let pass = 0;

/** Median heap bytes one call allocates (v8 used_heap_size around each call, less the cost of reading it). */
function heapPerCall(body: () => number, calls = 2_000): number {
  const read = (): number => getHeapStatistics().used_heap_size;
  const median = (f: () => void): number => {
    const deltas: number[] = [];
    for (let i = 0; i < calls; i++) {
      const before = read();
      f();
      deltas.push(read() - before);
    }
    deltas.sort((a, b) => a - b);
    return deltas[Math.floor(calls / 2)];
  };
  const empty = median(() => {});
  return Math.max(0, median(() => void (sink += body())) - empty);
}

const policyCases: Array<[string, () => number]> = [
  ['QuotePolicy.plan, 50 live, steady (no action)', () => policy.plan(steadyInputs[pass++ & 3]).length],
  ['QuotePolicy.plan, 50 live, 3 refreshes', () => policy.plan(refreshInput).length],
  ['QuotePolicy.plan, 50 live, reprice by a spacing', () => policy.plan(repriceInputs[pass++ & 1]).length],
];
const policyResults = policyCases.map(([name, body]) => ({ ...measure(name, body), bytes: heapPerCall(body) }));
console.log('quoting policy pass (the engine calls plan() whenever fair value moves by half a tick or more)');
console.table(
  policyResults.map((r) => ({
    case: r.name,
    'µs/op': Number(r.usPerOp.toFixed(1)),
    'vs baseline': Number((r.usPerOp / results[0].usPerOp).toFixed(1)),
    'heap B/op (median)': r.bytes,
  })),
);
if (sink === 42) console.log('');
