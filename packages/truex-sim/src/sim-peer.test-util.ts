import { ManualClock } from '@truex-mm/clock';
import {
  FixFrameSplitter,
  decodeFix,
  encodeFix,
  formatUtcTimestamp,
  type FixBody,
  type FixField,
  type FixMessage,
} from '@truex-mm/fix-codec';
import { API_KEY, CLIENT_ID, SECRET, SENDER, VENUE } from './acceptor-harness.test-util';
import type { InMemoryConnection, InMemoryConnector } from './in-memory-connection';
import { expectedLogonSignature } from './logon-signature';
import { FixedPriceSource } from './reference-price-source';
import { TrueXSimulator, type TrueXSimulatorOptions } from './truex-simulator';

/** A whole TrueXSimulator on a ManualClock, run in memory (no sockets): deterministic venue-level tests. */
export function inMemorySim(options: Partial<TrueXSimulatorOptions> = {}): {
  sim: TrueXSimulator;
  clock: ManualClock;
  reference: FixedPriceSource;
  connector: InMemoryConnector;
} {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock(Date.UTC(2025, 8, 10, 14));
  const reference = new FixedPriceSource('100000');
  const sim = new TrueXSimulator({
    credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
    referencePrice: reference,
    messageRateLimitPerSec: 0,
    ...options,
    clock,
  });
  const connector = sim.startInMemory({ latencyMs: 1 });
  return { sim, clock, reference, connector };
}

/**
 * A raw FIX client over the simulator's in-memory connector: it writes exactly what a test tells it (sequence
 * numbers included) and keeps every decoded venue message, so the venue's own session behaviour is what is checked.
 */
export class SimPeer {
  readonly out: FixMessage[] = [];
  closed = false;
  nextSeq = 1;
  private readonly connection: InMemoryConnection;
  private readonly splitter = new FixFrameSplitter();

  constructor(
    private readonly clock: ManualClock,
    connector: InMemoryConnector,
    readonly senderCompId = SENDER,
  ) {
    this.connection = connector(
      { host: 'in-memory', port: 0, tls: false },
      {
        onConnect: () => undefined,
        onData: (chunk) => this.splitter.push(chunk, (frame) => this.out.push(decodeFix(frame))),
        onClose: () => {
          this.closed = true;
        },
      },
    );
    this.settle();
  }

  /** Lets the in-memory link deliver everything in flight (1 ms each way). */
  settle(): void {
    this.clock.advance(5);
  }

  logon(o: { seq?: number; reset?: boolean } = {}): FixMessage {
    const seq = o.seq ?? this.nextSeq;
    const sendingTime = formatUtcTimestamp(this.clock.now());
    const signature = expectedLogonSignature(SECRET, {
      sendingTime,
      msgSeqNum: String(seq),
      senderCompId: this.senderCompId,
      targetCompId: VENUE,
      apiKey: API_KEY,
    });
    const body: FixField[] = [
      [98, '0'],
      [108, '30'],
    ];
    if (o.reset ?? true) body.push([141, 'Y']);
    body.push([553, API_KEY], [554, signature], [1137, '9']);
    this.write('A', seq, body);
    this.nextSeq = seq + 1;
    const ack = this.out.find((m) => m.msgType === 'A');
    if (!ack) throw new Error(`no Logon ack; got ${this.out.map((m) => m.msgType).join(',')}`);
    return ack;
  }

  send(msgType: string, body: FixBody): void {
    this.write(msgType, this.nextSeq++, body);
  }

  order(clOrdId: string, price = '99000', side: '1' | '2' = '1'): void {
    this.send('D', [
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
    ]);
  }

  resendRequest(begin: number): void {
    this.send('2', [
      [7, String(begin)],
      [16, '0'],
    ]);
  }

  logout(): void {
    this.send('5', []);
  }

  ofType(msgType: string): FixMessage[] {
    return this.out.filter((m) => m.msgType === msgType);
  }

  /** The highest MsgSeqNum received so far (what a client would expect + 1 from next). */
  lastSeqIn(): number {
    return Math.max(0, ...this.out.map((m) => Number(m.get(34))));
  }

  drain(): FixMessage[] {
    return this.out.splice(0, this.out.length);
  }

  private write(msgType: string, seq: number, body: FixBody): void {
    this.connection.write(
      encodeFix(
        msgType,
        {
          senderCompId: this.senderCompId,
          targetCompId: VENUE,
          msgSeqNum: seq,
          sendingTime: formatUtcTimestamp(this.clock.now()),
        },
        body,
      ),
    );
    this.settle();
  }
}
