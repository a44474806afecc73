// Order round trip through the simulated venue without sockets (NewOrderSingle bytes in → PendingNew + New bytes
// out, then OrderCancelRequest → cancel ack), against a baseline of the codec work alone for the same messages
// (decode 2 requests, encode 3 reports), measured in the same run. Also the taker sweep: a reference move through
// 50 resting orders. Run: cd /work/main && npx tsc -b && npm run bench -- truex-sim
import { ManualClock } from '@truex-mm/clock';
import { decodeFix, encodeFix, formatUtcTimestamp, type FixBody } from '@truex-mm/fix-codec';
import {
  FaultPlan,
  FixAcceptorSession,
  FixedPriceSource,
  SessionRegistry,
  TrueXVenue,
  expectedLogonSignature,
} from '@truex-mm/truex-sim';

const COUNT = Number(process.env.BENCH_COUNT ?? 20_000);
const WARMUP = Math.min(5_000, COUNT);
const CLIENT_ID = '10000000000000007';

interface Row {
  case: string;
  ops: number;
  nsPerOp: number;
}

function measure(label: string, ops: number, run: () => void): Row {
  global.gc?.();
  const start = process.hrtime.bigint();
  run();
  const ns = Number(process.hrtime.bigint() - start);
  return { case: label, ops, nsPerOp: ns / ops };
}

function venueSetup(fillProbability = 1) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new SessionRegistry([{ apiKey: 'K', secret: 'S', clientIds: [CLIENT_ID] }]);
  const reference = new FixedPriceSource('100000');
  const venue = new TrueXVenue({
    referencePrice: reference,
    clock,
    openOrderLimit: 1_000_000,
    fillProbability,
    faults: new FaultPlan(),
    deliver: (key, msgType, body) => registry.find(key)?.deliver(msgType, body),
  });
  venue.start();
  let bytesOut = 0;
  const session = new FixAcceptorSession({
    venueCompId: 'TRUEX_UAT_OE',
    registry,
    applicationTypes: new Set(['D', 'F', 'G']),
    onApplication: (state, msg) =>
      venue.onApplicationMessage({ key: state.key, allowedClientIds: state.allowedClientIds }, msg),
    write: (bytes) => {
      bytesOut += bytes.length;
    },
    close: () => undefined,
    clock,
  });
  let seq = 1;
  const frame = (msgType: string, body: FixBody): Buffer =>
    encodeFix(
      msgType,
      {
        senderCompId: 'B',
        targetCompId: 'TRUEX_UAT_OE',
        msgSeqNum: seq++,
        sendingTime: formatUtcTimestamp(clock.now()),
      },
      body,
    );
  const sendingTime = formatUtcTimestamp(clock.now());
  const signature = expectedLogonSignature('S', {
    sendingTime,
    msgSeqNum: '1',
    senderCompId: 'B',
    targetCompId: 'TRUEX_UAT_OE',
    apiKey: 'K',
  });
  session.receive(
    encodeFix('A', { senderCompId: 'B', targetCompId: 'TRUEX_UAT_OE', msgSeqNum: seq++, sendingTime }, [
      [108, '30'],
      [141, 'Y'],
      [553, 'K'],
      [554, signature],
      [1137, '9'],
    ]),
  );
  return { session, frame, reference, venue, bytesOut: () => bytesOut };
}

const nos = (clOrdId: string, side = '1', price = '99000'): FixBody => [
  [11, clOrdId],
  [55, 'BTC-PYUSD'],
  [54, side],
  [38, '0.01'],
  [40, '2'],
  [44, price],
  [59, '1'],
  [453, '1'],
  [448, CLIENT_ID],
  [452, '3'],
];
const cancel = (clOrdId: string, orig: string): FixBody => [
  [11, clOrdId],
  [41, orig],
  [453, '1'],
  [448, CLIENT_ID],
  [452, '3'],
];

function roundTrips(n: number): void {
  const { session, frame, bytesOut } = venueSetup();
  for (let i = 0; i < n; i++) {
    session.receive(frame('D', nos(`O${i}`)));
    session.receive(frame('F', cancel(`X${i}`, `O${i}`)));
  }
  if (bytesOut() === 0) throw new Error('no reports produced');
}

// Baseline: the same messages through the codec only (what any FIX endpoint pays).
const report: FixBody = [
  [11, 'O1'],
  [17, '1000000001'],
  [37, '1000000001'],
  [38, '0.01'],
  [40, '2'],
  [44, '99000'],
  [54, '1'],
  [59, '1'],
  [151, '0.01'],
  [14, '0'],
  [60, '20260101-00:00:00.000000'],
  [55, 'BTC-PYUSD'],
  [453, '1'],
  [448, CLIENT_ID],
  [452, '3'],
  [150, '0'],
  [39, '0'],
];
function codecOnly(n: number): void {
  const header = {
    senderCompId: 'B',
    targetCompId: 'TRUEX_UAT_OE',
    msgSeqNum: 2,
    sendingTime: '20260101-00:00:00.000',
  };
  const d = encodeFix('D', header, nos('O1'));
  const f = encodeFix('F', header, cancel('X1', 'O1'));
  let sink = 0;
  for (let i = 0; i < n; i++) {
    sink += decodeFix(d).fieldCount + decodeFix(f).fieldCount;
    for (let k = 0; k < 3; k++) sink += encodeFix('8', { ...header, msgSeqNum: i + 2 }, report).length;
  }
  if (sink === 0) throw new Error('no work');
}

function takerSweep(rounds: number, fillProbability: number): number {
  let fills = 0;
  for (let r = 0; r < rounds; r++) {
    const { session, frame, reference, venue } = venueSetup(fillProbability);
    for (let i = 0; i < 50; i++) session.receive(frame('D', nos(`S${i}`, '2', String(100_001 + i))));
    reference.set('100100');
    fills += venue.fills().length;
  }
  return fills;
}

roundTrips(WARMUP);
codecOnly(WARMUP);
takerSweep(20, 1);
const rows: Row[] = [
  measure('codec only: decode D+F, encode 3×8 (baseline)', COUNT, () => codecOnly(COUNT)),
  measure('venue round trip: D → A+0, F → 4', COUNT, () => roundTrips(COUNT)),
];
const rounds = Math.max(10, Math.floor(COUNT / 200));
rows.push(measure('50 orders placed, sweep not filling (baseline)', rounds, () => takerSweep(rounds, 0)));
rows.push(measure('50 orders placed, sweep filling all 50', rounds, () => takerSweep(rounds, 1)));

console.table(
  rows.map((r) => ({
    case: r.case,
    ops: r.ops,
    'µs/op': (r.nsPerOp / 1000).toFixed(2),
    'ops/s': Math.round(1e9 / r.nsPerOp).toLocaleString('en-US'),
  })),
);
