// Cost of the figures (spread capture per fill, net PnL, display rounding, the dashboard's ladder levels) on exact
// scaled integers, next to the former decimal.js arithmetic measured in the same run as the baseline.
// Run: cd /work/main && npm run bench -- trading-figures
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { SpreadCaptureTally, formatFigure, ladderLevels, netPnl, type LevelOrder } from '@truex-mm/trading-figures';
import { Decimal } from 'decimal.js';

// The former arithmetic: decimal.js, 40 significant digits, ties to even.
const Legacy = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
type LegacyDecimal = InstanceType<typeof Legacy>;

const N = 1024;
const CALLS = 100_000;
const prices: string[] = [];
const fairValues: string[] = [];
const quantities: string[] = [];
const money: string[] = [];
for (let i = 0; i < N; i++) {
  prices.push((97_000 + ((i * 37) % 400) / 2 - 100).toFixed(1));
  fairValues.push((97_000 + ((i * 53) % 4000) / 1000 - 2).toFixed(3));
  quantities.push((0.0001 + (i % 10) / 10_000).toFixed(4));
  money.push((((i * 7919) % 100_000) / 1e6 - 0.05).toFixed(8));
}
const ladder: LevelOrder[] = Array.from({ length: 50 }, (_, i) => ({
  side: i < 25 ? 'buy' : 'sell',
  price: (i < 25 ? 96_990 - (i % 20) * 0.5 : 97_010 + (i % 20) * 0.5).toFixed(1),
  quantity: quantities[i] as string,
}));
let sink = 0;

function run(name: string, calls: number, call: (i: number) => void) {
  for (let i = 0; i < calls / 4; i++) call(i); // warm-up
  const samples = new Float64Array(calls);
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    call(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  const meanNs = Number(process.hrtime.bigint() - start) / calls;
  samples.sort();
  return {
    name,
    p50ns: Math.round(samples[Math.floor(calls * 0.5)] ?? 0),
    p99ns: Math.round(samples[Math.floor(calls * 0.99)] ?? 0),
    meanNs: Math.round(meanNs),
  };
}

const tally = new SpreadCaptureTally();
let captured: LegacyDecimal = new Legacy(0);
let quoted: LegacyDecimal = new Legacy(0);
const edge = (buy: boolean, px: string, fv: string) => (buy ? new Legacy(fv).minus(px) : new Legacy(px).minus(fv));

const results = [
  run('baseline: hrtime pair only', CALLS, (i) => {
    sink += i;
  }),
  run('baseline decimal.js: spread capture, one fill', CALLS, (i) => {
    const k = i & (N - 1);
    const buy = (i & 1) === 0;
    const px = prices[k] as string;
    const q = quantities[k] as string;
    captured = captured.plus(edge(buy, px, fairValues[(k + 1) & (N - 1)] as string).times(q));
    quoted = quoted.plus(edge(buy, px, fairValues[k] as string).times(q));
  }),
  run('SpreadCaptureTally.add (one fill)', CALLS, (i) => {
    const k = i & (N - 1);
    const px = prices[k] as string;
    tally.add({
      side: (i & 1) === 0 ? 'buy' : 'sell',
      quantity: quantities[k] as string,
      price: px,
      fairValueAtFill: fairValues[(k + 1) & (N - 1)] as string,
      quotedPrice: px,
      fairValueAtQuote: fairValues[k] as string,
    });
  }),
  run('baseline decimal.js: spread capture result (sums, ratio)', CALLS / 10, () => {
    sink += captured.toFixed().length + quoted.toFixed().length;
    sink += captured.dividedBy(quoted).toFixed(4, Decimal.ROUND_HALF_EVEN).length;
  }),
  run('SpreadCaptureTally.result', CALLS / 10, () => {
    sink += tally.result().capturedEdge.length;
  }),
  run('baseline decimal.js: net PnL', CALLS, (i) => {
    const k = i & (N - 1);
    sink += new Legacy(money[k] as string)
      .plus(money[(k + 1) & (N - 1)] as string)
      .minus(money[(k + 2) & (N - 1)] as string)
      .toFixed().length;
  }),
  run('netPnl', CALLS, (i) => {
    const k = i & (N - 1);
    sink += netPnl(money[k] as string, money[(k + 1) & (N - 1)] as string, money[(k + 2) & (N - 1)] as string).length;
  }),
  run('baseline decimal.js: display rounding (2 decimals)', CALLS, (i) => {
    sink += new Legacy(money[i & (N - 1)] as string).toFixed(2, Decimal.ROUND_HALF_EVEN).length;
  }),
  run('formatFigure (2 decimals)', CALLS, (i) => {
    sink += formatFigure(money[i & (N - 1)] as string, 2).length;
  }),
  run('baseline decimal.js: 50-order ladder levels', CALLS / 100, () => {
    const levels = new Map<string, { price: LegacyDecimal; q: LegacyDecimal }>();
    for (const o of ladder) {
      const p = new Legacy(o.price);
      const level = levels.get(p.toFixed());
      if (level) level.q = level.q.plus(o.quantity);
      else levels.set(p.toFixed(), { price: p, q: new Legacy(o.quantity) });
    }
    sink += [...levels.values()].sort((a, b) => b.price.comparedTo(a.price)).map((l) => l.q.toFixed()).length;
  }),
  run('ladderLevels (50 orders)', CALLS / 100, () => {
    sink += ladderLevels(ladder).length;
  }),
];
console.table(results);
if (sink === -1) console.log(sink);
