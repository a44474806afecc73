// Per-message cost of the session layer next to the codec work it cannot avoid, measured in the same run.
// Run: cd /work/main && npx tsc -b && npm run bench -- fix-session
import { ManualClock } from '@truex-mm/clock';
import { decodeFix, encodeFix, FixFrameSplitter, formatUtcTimestamp, type FixBody } from '@truex-mm/fix-codec';
// Benchmarks measure the built package, as a consumer sees it, not the sources.
import { FixSessionEngine } from '@truex-mm/fix-session';

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
          sendingTime: formatUtcTimestamp(0),
        },
        ER,
      ),
    );
  }
  return Buffer.concat(frames);
}

let sink = 0;

function activeEngine(): FixSessionEngine {
  const engine = new FixSessionEngine(
    { senderCompId: 'MM', targetCompId: 'TRUEX_UAT_OE', apiKey: 'k', apiSecret: 's', clock },
    { write: (f) => (sink += f.length), close: () => undefined, event: () => (sink += 1) },
  );
  engine.connected();
  engine.receive(logonAck());
  return engine;
}

function logonAck(): Buffer {
  return encodeFix(
    'A',
    { senderCompId: 'TRUEX_UAT_OE', targetCompId: 'MM', msgSeqNum: 1, sendingTime: formatUtcTimestamp(0) },
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

console.log(`fix-session, ${MESSAGES} messages per round, median of ${ROUNDS} rounds`);
console.table(
  results.map((r) => ({ case: r.name, 'ns/msg': r.nsPerMsg.toFixed(0), 'msg/s': Math.round(1e9 / r.nsPerMsg) })),
);
if (sink === 42) console.log('');
