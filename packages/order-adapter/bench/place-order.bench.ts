// Tick-to-wire share of the order adapter: placeOrder (ClOrdID, NewOrderSingle body, state) plus the FIX encoding a
// session would do, next to the encoding alone as the baseline, measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- place-order
import { ManualClock } from '@truex-mm/clock';
import { type FixBody, buildNewOrderSingle, encodeFix } from '@truex-mm/fix-codec';
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { OrderAdapter } from '@truex-mm/order-adapter';

const CALLS = 100_000;
const clock = new ManualClock(Date.UTC(2026, 0, 1));
let seq = 1;
let bytes = 0;
const header = { senderCompId: 'MM', targetCompId: 'TRUEX_UAT_OE', msgSeqNum: 1, sendingTime: '20260101-00:00:00.000' };
// What FixClient.send does with the body: assign 34, encode, write (the write is left out).
const sender = {
  send(msgType: string, body: FixBody): number {
    header.msgSeqNum = seq;
    bytes += encodeFix(msgType, header, body).length;
    return seq++;
  },
};

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

const prebuilt = buildNewOrderSingle({
  clOrdId: 'Tmjx1a2b3c4d',
  execInst: '6',
  partyIds: ['12345678901234567'],
  symbol: 'BTC-PYUSD',
  side: '1',
  orderQty: '0.0012',
  ordType: '2',
  price: '113406.5',
  timeInForce: '1',
});

function freshAdapter(): OrderAdapter {
  // Terminal orders are pruned right away so the run measures placement, not an ever-growing map.
  return new OrderAdapter({ partyId: '12345678901234567', clock, sender, terminalRetentionMs: 0 });
}
let adapter = freshAdapter();

const results = [
  run('baseline: encodeFix of a prebuilt NewOrderSingle', () => {
    sender.send('D', prebuilt);
  }),
  run('baseline: buildNewOrderSingle + encodeFix', (i) => {
    sender.send(
      'D',
      buildNewOrderSingle({
        clOrdId: `Tmjx1a2b${i.toString(36)}`,
        execInst: '6',
        partyIds: ['12345678901234567'],
        symbol: 'BTC-PYUSD',
        side: '1',
        orderQty: '0.0012',
        ordType: '2',
        price: '113406.5',
        timeInForce: '1',
      }),
    );
  }),
  run('OrderAdapter.placeOrder + encodeFix (50 live orders)', (i) => {
    if (i % 50 === 0) adapter = freshAdapter(); // keep the book at the ladder's size
    adapter.placeOrder({ key: `buy-${i % 50}`, side: 'buy', price: '113406.5', quantity: '0.0012' });
  }),
];
console.table(results);
console.log(`(${bytes} bytes encoded)`);
