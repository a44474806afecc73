// Per-message cost of the session layer next to the codec work it cannot avoid, measured in the same run; then the
// outbound path as a reprice uses it (bursts of 25 orders on the system clock with a FileSequenceStore): latency per
// message and per burst, and heap bytes allocated per message.
// Run: cd /work/main && npx tsc -b && npm run bench -- fix-session/bench/session
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { ManualClock, systemClock, type Clock } from '@truex-mm/clock';
import {
  buildNewOrderSingle,
  decodeFix,
  encodeFix,
  FixFrameSplitter,
  formatUtcTimestamp,
  type FixBody,
  type NewOrderSingle,
} from '@truex-mm/fix-codec';
// Benchmarks measure the built package, as a consumer sees it, not the sources.
import { FileSequenceStore, FixSessionEngine, type SequenceStore } from '@truex-mm/fix-session';

const MESSAGES = 200_000;
const ROUNDS = 5;
const clock = new ManualClock(Date.UTC(2026, 0, 1));
const ER: FixBody = [
  [37, '1234567890'],
  [11, 'Q1a2b3c4d001'],
  [17, '9876543210'],
  [150, '0'],
  [39, '0'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [40, '2'],
  [38, '0.0100'],
  [44, '113406.5'],
  [151, '0.0100'],
  [14, '0'],
  [60, '20260101-00:00:00.000000'],
  [453, '1'],
  [448, '12345678901234567'],
  [452, '3'],
];
const NOS: FixBody = [
  [11, 'Q1a2b3c4d001'],
  [18, '6'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [38, '0.0100'],
  [40, '2'],
  [44, '113406.5'],
  [59, '1'],
  [453, '1'],
  [448, '12345678901234567'],
  [452, '3'],
];

/** One chunk holding `count` consecutive ExecutionReports starting at `firstSeq`, as a socket might deliver. */
function reports(firstSeq: number, count: number): Buffer {
  const frames: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    frames.push(
      encodeFix(
        '8',
        {
          senderCompId: 'TRUEX_UAT_OE',
          targetCompId: 'MM',
          msgSeqNum: firstSeq + i,
          sendingTime: formatUtcTimestamp(clock.now()),
        },
        ER,
      ),
    );
  }
  return Buffer.concat(frames);
}

let sink = 0;

function activeEngine(engineClock: Clock = clock, store?: SequenceStore): FixSessionEngine {
  const engine = new FixSessionEngine(
    {
      senderCompId: 'MM',
      targetCompId: 'TRUEX_UAT_OE',
      apiKey: 'k',
      apiSecret: 's',
      clock: engineClock,
      ...(store ? { store } : {}),
    },
    { write: (f) => (sink += f.length), close: () => undefined, event: () => (sink += 1) },
  );
  engine.connected();
  engine.receive(logonAck(engineClock));
  // SendingTime must be within 120 s of the clock (header check): an engine that closed here would measure nothing.
  if (engine.state !== 'active') throw new Error(`benchmark engine is ${engine.state}, not active`);
  return engine;
}

function logonAck(engineClock: Clock): Buffer {
  return encodeFix(
    'A',
    {
      senderCompId: 'TRUEX_UAT_OE',
      targetCompId: 'MM',
      msgSeqNum: 1,
      sendingTime: formatUtcTimestamp(engineClock.now()),
    },
    [[108, '30']],
  );
}

function measure(name: string, body: () => void): { name: string; nsPerMsg: number } {
  body();
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    body();
    samples.push(Number(process.hrtime.bigint() - start) / MESSAGES);
  }
  samples.sort((a, b) => a - b);
  return { name, nsPerMsg: samples[Math.floor(ROUNDS / 2)]! };
}

// Socket-sized chunks (64 KiB), split anywhere, as TCP delivers them.
const whole = reports(2, MESSAGES);
const inbound: Buffer[] = [];
for (let at = 0; at < whole.length; at += 65_536) inbound.push(whole.subarray(at, at + 65_536));
const results = [
  measure('baseline: FixFrameSplitter + decodeFix (codec only)', () => {
    const splitter = new FixFrameSplitter();
    for (const chunk of inbound) splitter.push(chunk, (frame) => (sink += decodeFix(frame).msgType.length));
  }),
  measure('FixSessionEngine.receive (split, decode, seq check, event)', () => {
    const engine = activeEngine();
    for (const chunk of inbound) engine.receive(chunk);
  }),
  measure('baseline: encodeFix NewOrderSingle (codec only)', () => {
    for (let i = 0; i < MESSAGES; i++) {
      sink += encodeFix(
        'D',
        {
          senderCompId: 'MM',
          targetCompId: 'TRUEX_UAT_OE',
          msgSeqNum: i + 2,
          sendingTime: formatUtcTimestamp(clock.now()),
        },
        NOS,
      ).length;
    }
  }),
  measure('FixSessionEngine.send NewOrderSingle (seq, 52, encode, timers)', () => {
    const engine = activeEngine();
    for (let i = 0; i < MESSAGES; i++) sink += engine.send('D', NOS) ?? 0;
  }),
];

const ORDER: NewOrderSingle = {
  clOrdId: 'Q1a2b3c4d001',
  execInst: '6',
  symbol: 'BTC-PYUSD',
  side: '1',
  orderQty: '0.0100',
  ordType: '2',
  price: '113406.5',
  timeInForce: '1',
  partyIds: ['12345678901234567'],
};

/** The typed send when the built package has it (it did not before issue 14), else send(buildNewOrderSingle()). */
type TypedSend = (engine: FixSessionEngine, order: NewOrderSingle) => number | undefined;
const typed = (FixSessionEngine.prototype as unknown as Record<string, unknown>)['sendNewOrderSingle'];
const sendOrder: TypedSend =
  typeof typed === 'function'
    ? (engine, order) =>
        (engine as unknown as { sendNewOrderSingle(o: NewOrderSingle): number | undefined }).sendNewOrderSingle(order)
    : (engine, order) => engine.send('D', buildNewOrderSingle(order));

const BURST = 25;
const BURSTS = 4_000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * Reprice-shaped outbound load on the system clock with a file store: bursts of 25 sends, the event loop turning
 * between bursts (so the store's write-behind and reservations run as in production). Microseconds.
 */
async function bursts(
  name: string,
  send: (engine: FixSessionEngine) => void,
): Promise<{ name: string; msgP50: number; msgP99: number; msgMax: number; burstP50: number; burstP99: number }> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'session-bench-'));
  const store = new FileSequenceStore(join(dir, 'mm.seq'));
  await store.load();
  const engine = activeEngine(systemClock, store);
  const perMessage: number[] = [];
  const perBurst: number[] = [];
  for (let b = 0; b < BURSTS + 100; b++) {
    const burstStart = process.hrtime.bigint();
    for (let i = 0; i < BURST; i++) {
      const start = process.hrtime.bigint();
      send(engine);
      if (b >= 100) perMessage.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    if (b >= 100) perBurst.push(Number(process.hrtime.bigint() - burstStart) / 1000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  engine.logout();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  perMessage.sort((a, b) => a - b);
  perBurst.sort((a, b) => a - b);
  return {
    name,
    msgP50: quantile(perMessage, 0.5),
    msgP99: quantile(perMessage, 0.99),
    msgMax: quantile(perMessage, 1),
    burstP50: quantile(perBurst, 0.5),
    burstP99: quantile(perBurst, 0.99),
  };
}

/** Heap bytes allocated per send: used_heap_size around runs small enough not to trigger a scavenge (median). */
function heapPerMessage(name: string, send: (engine: FixSessionEngine) => void): { name: string; bytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const engine = activeEngine();
  const samples: number[] = [];
  const n = 500;
  // Warm: optimising compilation allocates on the heap too (code, feedback) and would be counted otherwise.
  for (let i = 0; i < 20_000; i++) send(engine);
  for (let r = 0; r < 41; r++) {
    gc?.();
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < n; i++) send(engine);
    const after = getHeapStatistics().used_heap_size;
    if (r > 0) samples.push((after - before) / n);
  }
  samples.sort((a, b) => a - b);
  return { name, bytes: quantile(samples, 0.5) };
}

async function main(): Promise<void> {
  console.log(`fix-session, ${MESSAGES} messages per round, median of ${ROUNDS} rounds`);
  console.table(
    results.map((r) => ({ case: r.name, 'ns/msg': r.nsPerMsg.toFixed(0), 'msg/s': Math.round(1e9 / r.nsPerMsg) })),
  );
  const typedName = typeof typed === 'function' ? 'sendNewOrderSingle(order)' : 'send(D, buildNewOrderSingle(order))';
  const heap = [
    heapPerMessage('baseline: encodeFix NewOrderSingle (codec only)', () => {
      sink += encodeFix(
        'D',
        {
          senderCompId: 'MM',
          targetCompId: 'TRUEX_UAT_OE',
          msgSeqNum: 2,
          sendingTime: formatUtcTimestamp(clock.now()),
        },
        NOS,
      ).length;
    }),
    heapPerMessage('engine.send(D, prebuilt body)', (engine) => (sink += engine.send('D', NOS) ?? 0)),
    heapPerMessage(`engine.${typedName}`, (engine) => (sink += sendOrder(engine, ORDER) ?? 0)),
  ];
  console.log('heap bytes allocated per message (ManualClock, no store; warmed up, median of 40 runs of 500)');
  console.table(heap.map((h) => ({ case: h.name, 'bytes/msg': Math.round(h.bytes) })));
  const latency = [
    await bursts('engine.send(D, prebuilt body)', (engine) => (sink += engine.send('D', NOS) ?? 0)),
    await bursts(`engine.${typedName}`, (engine) => (sink += sendOrder(engine, ORDER) ?? 0)),
  ];
  console.log(`reprice bursts: ${BURSTS} x ${BURST} sends, system clock, FileSequenceStore (reservation 100), us`);
  console.table(
    latency.map((l) => ({
      case: l.name,
      'msg p50': l.msgP50.toFixed(2),
      'msg p99': l.msgP99.toFixed(2),
      'msg max': l.msgMax.toFixed(0),
      'burst p50': l.burstP50.toFixed(1),
      'burst p99': l.burstP99.toFixed(1),
    })),
  );
  if (sink === 42) console.log('');
}

void main();
