import { ManualClock } from '@truex-mm/clock';
import {
  decodeFix,
  encodeFix,
  formatUtcTimestamp,
  type FixBody,
  type FixField,
  type FixMessage,
} from '@truex-mm/fix-codec';
import { FixAcceptorSession } from './acceptor-session';
import { FaultPlan } from './fault-plan';
import { expectedLogonSignature } from './logon-signature';
import { FixedPriceSource } from './reference-price-source';
import { SessionRegistry } from './session-registry';
import { TrueXVenue, type VenueOptions } from './venue';

export const API_KEY = '11111111-2222-3333-4444-555555555555';
export const SECRET = 'test-secret';
export const CLIENT_ID = '10000000000000007';
export const OTHER_CLIENT_ID = '10000000000000008';
export const SENDER = 'CLI_CLIENT';
export const VENUE = 'TRUEX_UAT_OE';

export interface HarnessOptions {
  venue?: Partial<Omit<VenueOptions, 'deliver'>>;
  rateLimit?: number;
  heartBtIntSec?: number;
  referencePrice?: string;
}

/** One simulated client connection to a FixAcceptorSession: raw FIX in, decoded venue messages out. */
export class TestConnection {
  readonly out: FixMessage[] = [];
  closed = false;
  nextSeq = 1;
  readonly session: FixAcceptorSession;

  constructor(
    private readonly harness: AcceptorHarness,
    readonly senderCompId = SENDER,
  ) {
    this.session = new FixAcceptorSession({
      venueCompId: VENUE,
      registry: harness.registry,
      applicationTypes: new Set(['D', 'F', 'G']),
      onApplication: (state, msg) =>
        harness.venue.onApplicationMessage({ key: state.key, allowedClientIds: state.allowedClientIds }, msg),
      write: (bytes) => this.out.push(decodeFix(bytes)),
      close: () => {
        this.closed = true;
      },
      clock: harness.clock,
      heartBtIntSec: harness.options.heartBtIntSec,
      messageRateLimitPerSec: () => harness.options.rateLimit ?? 0,
      faults: harness.faults,
    });
  }

  logon(o: { secret?: string; apiKey?: string; seq?: number; reset?: boolean; heartBtInt?: number } = {}): void {
    const seq = o.seq ?? this.nextSeq;
    const sendingTime = formatUtcTimestamp(this.harness.clock.now());
    const apiKey = o.apiKey ?? API_KEY;
    const signature = expectedLogonSignature(o.secret ?? SECRET, {
      sendingTime,
      msgSeqNum: String(seq),
      senderCompId: this.senderCompId,
      targetCompId: VENUE,
      apiKey,
    });
    const body: FixField[] = [
      [98, '0'],
      [108, String(o.heartBtInt ?? 30)],
    ];
    if (o.reset ?? true) body.push([141, 'Y']);
    body.push([553, apiKey], [554, signature], [1137, '9']);
    this.receive(
      encodeFix('A', { senderCompId: this.senderCompId, targetCompId: VENUE, msgSeqNum: seq, sendingTime }, body),
    );
    this.nextSeq = seq + 1;
  }

  /** Sends a well-formed message with the next sequence number (or `seq`). */
  send(msgType: string, body: FixBody, o: { seq?: number; possDup?: boolean } = {}): number {
    const seq = o.seq ?? this.nextSeq;
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
    this.receive(
      encodeFix(
        msgType,
        {
          senderCompId: this.senderCompId,
          targetCompId: VENUE,
          msgSeqNum: seq,
          sendingTime: formatUtcTimestamp(this.harness.clock.now()),
          possDupFlag: o.possDup,
        },
        body,
      ),
    );
    return seq;
  }

  /** Sends fields exactly in the given order after 8 and 9 (35 first): for malformed-order tests. */
  sendRaw(fields: FixBody): void {
    this.receive(rawFrame(fields));
    this.nextSeq++;
  }

  /** The header fields a raw message needs, in the usual order. */
  header(msgType: string, seq = this.nextSeq): FixField[] {
    return [
      [35, msgType],
      [49, this.senderCompId],
      [56, VENUE],
      [34, String(seq)],
      [52, formatUtcTimestamp(this.harness.clock.now())],
    ];
  }

  receive(bytes: Buffer): void {
    this.session.receive(bytes);
  }

  order(
    o: Partial<Record<'clOrdId' | 'side' | 'qty' | 'price' | 'tif' | 'execInst' | 'clientId' | 'ordType', string>> = {},
  ): string {
    const clOrdId = o.clOrdId ?? `C${this.nextSeq}`;
    const body: FixField[] = [[11, clOrdId]];
    if (o.execInst) body.push([18, o.execInst]);
    body.push([55, 'BTC-PYUSD'], [54, o.side ?? '1'], [38, o.qty ?? '0.01'], [40, o.ordType ?? '2']);
    if ((o.ordType ?? '2') === '2') body.push([44, o.price ?? '99000']);
    body.push([59, o.tif ?? '1'], [453, '1'], [448, o.clientId ?? CLIENT_ID], [452, '3']);
    this.send('D', body);
    return clOrdId;
  }

  cancel(clOrdId: string, origClOrdId: string, clientId = CLIENT_ID): void {
    this.send('F', [
      [11, clOrdId],
      [41, origClOrdId],
      [453, '1'],
      [448, clientId],
      [452, '3'],
    ]);
  }

  replace(clOrdId: string, origClOrdId: string, qty: string, price: string): void {
    this.send('G', [
      [11, clOrdId],
      [41, origClOrdId],
      [453, '1'],
      [448, CLIENT_ID],
      [452, '3'],
      [40, '2'],
      [38, qty],
      [44, price],
    ]);
  }

  ofType(msgType: string): FixMessage[] {
    return this.out.filter((m) => m.msgType === msgType);
  }

  last(): FixMessage {
    const m = this.out[this.out.length - 1];
    if (!m) throw new Error('no outbound message');
    return m;
  }

  /** Takes and clears everything received so far. */
  drain(): FixMessage[] {
    return this.out.splice(0, this.out.length);
  }
}

/** A venue and its acceptor sessions on a ManualClock, with no sockets. */
export class AcceptorHarness {
  readonly clock = new ManualClock(Date.UTC(2025, 8, 10, 14, 0, 0));
  readonly registry = new SessionRegistry([
    { apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] },
    { apiKey: 'other-key', secret: 'other-secret', clientIds: [OTHER_CLIENT_ID] },
  ]);
  readonly faults = new FaultPlan();
  readonly reference: FixedPriceSource;
  readonly venue: TrueXVenue;

  constructor(readonly options: HarnessOptions = {}) {
    this.reference = new FixedPriceSource(options.referencePrice ?? '100000');
    this.venue = new TrueXVenue({
      referencePrice: this.reference,
      clock: this.clock,
      faults: this.faults,
      ...options.venue,
      deliver: (key, msgType, body) => this.registry.find(key)?.deliver(msgType, body),
    });
    this.venue.start();
  }

  connect(senderCompId = SENDER): TestConnection {
    return new TestConnection(this, senderCompId);
  }

  /** A connection that has logged on and dropped the Logon ack. */
  active(senderCompId = SENDER): TestConnection {
    const c = this.connect(senderCompId);
    c.logon();
    c.drain();
    return c;
  }
}

/** Tags of a message in wire order, excluding 8, 9, 10 and the header. */
export function bodyTags(m: FixMessage): number[] {
  const header = new Set([8, 9, 10, 35, 49, 56, 34, 52, 43, 97]);
  return m
    .fields()
    .map(([t]) => t)
    .filter((t) => !header.has(t));
}

/**
 * Frames fields exactly as given (8, 9 and 10 added), with nothing refused: the codec's encoder will not write
 * tag 122, but the venue must be tested against clients that do.
 */
export function rawFrame(fields: FixBody): Buffer {
  const body = Buffer.from(fields.map(([t, v]) => `${t}=${v}\x01`).join(''), 'latin1');
  const head = Buffer.from(`8=FIXT.1.1\x019=${body.length}\x01`, 'latin1');
  let sum = 0;
  for (const b of head) sum += b;
  for (const b of body) sum += b;
  const trailer = Buffer.from(`10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1');
  return Buffer.concat([head, body, trailer]);
}
