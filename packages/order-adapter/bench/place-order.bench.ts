// Tick-to-wire share of the order adapter: placeOrder and replaceOrder (ClOrdID, request body, state) plus the FIX
// encoding a session would do, and the handling of the venue's answer (onMessage of an ExecutionReport), next to the
// encoding alone as the baseline, measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- place-order
import { ManualClock } from '@truex-mm/clock';
import {
  type ExecutionReport,
  type FixBody,
  type FixMessage,
  FixMessageEncoder,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  buildExecutionReport,
  buildNewOrderSingle,
  decodeFix,
  encodeFix,
} from '@truex-mm/fix-codec';
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { OrderAdapter, type FixSender, type TrackedOrder } from '@truex-mm/order-adapter';

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

// A session with the typed FixSender methods: FixMessageEncoder into one reused buffer (what fix-session can do
// with them), the per-tick path with nothing built per message but the order itself.
const encoder = new FixMessageEncoder({ senderCompId: 'MM', targetCompId: 'TRUEX_UAT_OE' });
const frame = Buffer.alloc(1024);
const outbound = { msgSeqNum: 1, sendingTime: Date.UTC(2026, 0, 1) };
const typedSender: FixSender = {
  send: sender.send,
  sendNewOrderSingle(m: Readonly<NewOrderSingle>): number {
    outbound.msgSeqNum = seq;
    bytes += encoder.newOrderSingleInto(frame, 0, outbound, m);
    return seq++;
  },
  sendOrderCancelRequest(m: Readonly<OrderCancelRequest>): number {
    outbound.msgSeqNum = seq;
    bytes += encoder.orderCancelRequestInto(frame, 0, outbound, m);
    return seq++;
  },
  sendOrderCancelReplaceRequest(m: Readonly<OrderCancelReplaceRequest>): number {
    outbound.msgSeqNum = seq;
    bytes += encoder.orderCancelReplaceRequestInto(frame, 0, outbound, m);
    return seq++;
  },
};

/** `prepare` (untimed) sets up each call, e.g. the venue's answer that makes an order replaceable again. */
function run(
  name: string,
  call: (i: number) => void,
  prepare?: (i: number) => void,
): { name: string; p50ns: number; p99ns: number; meanNs: number } {
  for (let i = 0; i < CALLS / 4; i++) {
    prepare?.(i);
    call(i); // warm-up
  }
  const samples = new Float64Array(CALLS);
  let total = 0;
  for (let i = 0; i < CALLS; i++) {
    prepare?.(i);
    const t0 = process.hrtime.bigint();
    call(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
    total += samples[i] as number;
  }
  const meanNs = total / CALLS;
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

function freshAdapter(typed = false): OrderAdapter {
  // Terminal orders are pruned right away so the run measures placement, not an ever-growing map.
  return new OrderAdapter({
    partyId: '12345678901234567',
    clock,
    sender: typed ? typedSender : sender,
    terminalRetentionMs: 0,
    // As the quoting engine runs it: its 'order' listener copies what it keeps.
    copyOrderEvents: !typed,
  });
}
let adapter = freshAdapter();
let typedAdapter = freshAdapter(true);

// The venue's answers, encoded and decoded as a session would hand them over (built untimed, in `prepare`).
let execId = 1;
function report(order: TrackedOrder, fields: Pick<ExecutionReport, 'execType' | 'ordStatus'>): FixMessage {
  const er: ExecutionReport = {
    orderId: order.orderId ?? '1922892243',
    clOrdId: order.clOrdId,
    origClOrdId: order.origClOrdId,
    execId: String(execId++),
    symbol: 'BTC-PYUSD',
    side: order.side === 'buy' ? '1' : '2',
    ordType: '2',
    orderQty: order.quantity,
    price: order.price,
    timeInForce: '1',
    leavesQty: order.leavesQty,
    cumQty: order.cumQty,
    transactTime: '20260101-00:00:00.000',
    fees: [],
    partyIds: ['12345678901234567'],
    ...fields,
  };
  return decodeFix(encodeFix('8', { ...header, msgSeqNum: execId }, buildExecutionReport(er)));
}

// A ladder of 50 acknowledged orders with the listeners the market maker attaches ('order', 'fill', 'execution'),
// so each replace and each report pays for the copies and the raw text those listeners receive.
const LADDER = 50;
const ladderAdapter = freshAdapter();
let received = 0;
ladderAdapter.on('order', () => received++);
ladderAdapter.on('fill', () => received++);
ladderAdapter.on('execution', () => received++);
const ladder: TrackedOrder[] = [];
for (let k = 0; k < LADDER; k++) {
  const order = ladderAdapter.placeOrder({ key: `buy-${k}`, side: 'buy', price: '113406.5', quantity: '0.0012' });
  if (!order) throw new Error('placeOrder failed');
  ladderAdapter.onMessage(report(order, { execType: '0', ordStatus: '0' }));
  ladder.push(order);
}
const prices = ['113406.5', '113406.6', '113406.7', '113406.8'];
// The replacement the venue has not answered yet; answered (150=5, untimed) before the next call replaces again.
let unanswered: TrackedOrder | undefined;
function answerOutstandingReplace(): void {
  if (unanswered) ladderAdapter.onMessage(report(unanswered, { execType: '5', ordStatus: '0' }));
  unanswered = undefined;
  ladderAdapter.checkTimeouts(); // forgets the Replaced originals, as the app's periodic call does
}
function replaceLevel(i: number): TrackedOrder {
  const k = i % LADDER;
  const replacement = ladderAdapter.replaceOrder((ladder[k] as TrackedOrder).clOrdId, {
    price: prices[i & 3] as string,
    quantity: '0.0012',
  });
  if (!replacement) throw new Error('replaceOrder failed');
  ladder[k] = replacement;
  return replacement;
}
// onMessage row: each call is the venue's 150=5 answer to a replace sent untimed just before.
let answer: FixMessage | undefined;

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
  run('OrderAdapter.placeOrder, typed sender (encodeInto a reused buffer)', (i) => {
    if (i % 50 === 0) typedAdapter = freshAdapter(true);
    typedAdapter.placeOrder({ key: `buy-${i % 50}`, side: 'buy', price: '113406.5', quantity: '0.0012' });
  }),
  run('OrderAdapter.liveOrders() (50 live orders)', () => {
    received += ladderAdapter.liveOrders().length;
  }),
  run('OrderAdapter.liveOrdersView() (50 live orders)', () => {
    received += ladderAdapter.liveOrdersView().length;
  }),
  run(
    'OrderAdapter.replaceOrder + encodeFix (50 live orders)',
    (i) => {
      unanswered = replaceLevel(i);
    },
    answerOutstandingReplace,
  ),
  run(
    'OrderAdapter.onMessage(ExecutionReport 150=5) (50 live orders)',
    () => {
      ladderAdapter.onMessage(answer as FixMessage);
    },
    (i) => {
      answerOutstandingReplace();
      answer = report(replaceLevel(i), { execType: '5', ordStatus: '0' });
    },
  ),
];
console.table(results);
if (received === -1) console.log(received);
console.log(`(${bytes} bytes encoded)`);
