// Cost of one fair-value / volatility update next to baselines measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- fair-value
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { DecayingMeanFairValue, EwmaVolatility } from '@truex-mm/pricing';

const N = 1 << 16; // inputs, cycled
const ROUNDS = 7;
const ITERATIONS = 2_000_000;

// An irregularly spaced random walk around 113 400: the shape of a Coinbase top-of-book stream.
const prices = new Float64Array(N);
const times = new Float64Array(N);
const bids: string[] = [];
const asks: string[] = [];
let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};
let p = 113_400;
let t = 0;
for (let i = 0; i < N; i++) {
  p += (rand() - 0.5) * 2;
  t += Math.floor(rand() * 20);
  prices[i] = p;
  times[i] = t;
  bids.push((Math.floor(p * 2) / 2 - 0.5).toFixed(1));
  asks.push((Math.floor(p * 2) / 2 + 0.5).toFixed(1));
}

let sink = 0;

function measure(name: string, body: (iterations: number) => void): { name: string; nsPerOp: number } {
  body(ITERATIONS / 10); // warm-up so the JIT has compiled the body
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    body(ITERATIONS);
    samples.push(Number(process.hrtime.bigint() - start) / ITERATIONS);
  }
  samples.sort((a, b) => a - b);
  return { name, nsPerOp: samples[Math.floor(ROUNDS / 2)] };
}

const results = [
  measure('baseline: empty loop (read one input)', (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += prices[i & (N - 1)];
    sink += sum;
  }),
  measure('baseline: arithmetic running mean', (n) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (prices[i & (N - 1)] - mean) / (i + 1);
    sink += mean;
  }),
  measure('DecayingMeanFairValue.observe(number)', (n) => {
    const fv = new DecayingMeanFairValue({ windowMs: 100 });
    for (let i = 0, base = 0; i < n; i++) {
      const k = i & (N - 1);
      if (k === 0 && i > 0) base += times[N - 1];
      fv.observe(prices[k], base + times[k]);
    }
    sink += fv.value() ?? 0;
  }),
  measure('DecayingMeanFairValue.update(strings, mid)', (n) => {
    const fv = new DecayingMeanFairValue({ windowMs: 100 });
    for (let i = 0, base = 0; i < n; i++) {
      const k = i & (N - 1);
      if (k === 0 && i > 0) base += times[N - 1];
      fv.update({ bidPrice: bids[k], askPrice: asks[k] }, base + times[k]);
    }
    sink += fv.value() ?? 0;
  }),
  measure('EwmaVolatility.update(number)', (n) => {
    const vol = new EwmaVolatility();
    for (let i = 0, base = 0; i < n; i++) {
      const k = i & (N - 1);
      if (k === 0 && i > 0) base += times[N - 1];
      vol.update(prices[k], base + times[k]);
    }
    sink += vol.value() ?? 0;
  }),
];

const baseline = results[0].nsPerOp;
console.log(
  `fair-value update cost (median of ${ROUNDS} rounds × ${ITERATIONS.toLocaleString()} updates; target < 1000 ns)`,
);
console.table(
  results.map((r) => ({
    case: r.name,
    'ns/op': Number(r.nsPerOp.toFixed(1)),
    'ops/s (M)': Number((1000 / r.nsPerOp).toFixed(1)),
    'vs empty loop': Number((r.nsPerOp / baseline).toFixed(1)),
  })),
);
if (sink === 42) console.log(''); // keeps the optimiser from discarding the loops
