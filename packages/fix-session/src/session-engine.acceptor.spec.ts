import { ManualClock } from '@truex-mm/clock';
import { decodeFix, encodeFix, formatUtcTimestamp, type FixBody, type FixMessage } from '@truex-mm/fix-codec';
import type { AcceptorRole, LogonVerdict } from './acceptor-role';
import type { MessageStore, SentMessage } from './message-store';
import type { SequenceNumbers } from './sequence-store';
import { FixSessionEngine, type FixSessionEvent } from './session-engine';

const VENUE = 'VENUE_OE';
const CLIENT = 'CLIENT_1';

/** A session store that outlives connections, as a venue keeps one per CompID pair. */
class MapStore implements MessageStore {
  numbers: SequenceNumbers = { nextOutgoing: 1, nextIncoming: 1 };
  readonly sent = new Map<number, SentMessage>();
  sequence(): SequenceNumbers {
    return { ...this.numbers };
  }
  save(numbers: SequenceNumbers): void {
    this.numbers = { ...numbers };
  }
  add(seq: number, message: SentMessage): void {
    this.sent.set(seq, message);
  }
  get(seq: number): SentMessage | undefined {
    return this.sent.get(seq);
  }
  reset(): void {
    this.numbers = { nextOutgoing: 1, nextIncoming: 1 };
    this.sent.clear();
  }
}

/** The engine in its acceptor role on a ManualClock, with a scripted client. */
class AcceptorHarness {
  readonly clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  readonly out: FixMessage[] = [];
  readonly events: FixSessionEvent[] = [];
  closed = false;
  clientSeq = 1;
  verdict: (store: MapStore) => LogonVerdict = (store) => ({ accepted: true, store });
  readonly engine: FixSessionEngine;

  constructor(
    readonly store = new MapStore(),
    role: Partial<AcceptorRole> = {},
  ) {
    this.engine = new FixSessionEngine(
      {
        senderCompId: VENUE,
        clock: this.clock,
        acceptor: {
          authorize: () => this.verdict(this.store),
          alreadyLoggedOnText: 'already logged on',
          silenceLogout: { text: 'silent', sessionStatus: 4 },
          ...role,
        },
      },
      {
        write: (frame) => this.out.push(decodeFix(frame)),
        close: () => (this.closed = true),
        event: (event) => this.events.push(event),
      },
    );
    this.engine.connected();
  }

  client(msgType: string, body: FixBody = [], o: { seq?: number; possDup?: boolean } = {}): void {
    const seq = o.seq ?? this.clientSeq;
    this.clientSeq = Math.max(this.clientSeq, seq + 1);
    this.engine.receive(
      encodeFix(
        msgType,
        {
          senderCompId: CLIENT,
          targetCompId: VENUE,
          msgSeqNum: seq,
          sendingTime: formatUtcTimestamp(this.clock.now()),
          ...(o.possDup ? { possDupFlag: true } : {}),
        },
        body,
      ),
    );
  }

  logon(o: { seq?: number; reset?: boolean } = {}): void {
    const body: Array<readonly [number, string]> = [
      [98, '0'],
      [108, '10'],
    ];
    if (o.reset) body.push([141, 'Y']);
    this.client('A', body, { seq: o.seq });
  }

  types(): string[] {
    return this.out.map((m) => m.msgType);
  }
}

describe('FixSessionEngine as an acceptor', () => {
  it('waits for the counterparty’s Logon and closes, without a reply, on any other first message', () => {
    const h = new AcceptorHarness();
    expect(h.engine.state).toBe('logging-on');
    h.client('0');
    expect(h.out).toHaveLength(0);
    expect(h.closed).toBe(true);
    expect(h.engine.state).toBe('closed');
  });

  it('answers a Logon the role refuses with an unsequenced Reject (34=1, 45, 373, 58) and closes', () => {
    const h = new AcceptorHarness();
    h.verdict = () => ({ accepted: false, sessionRejectReason: 8, text: 'Authentication failed' });
    h.store.numbers = { nextOutgoing: 7, nextIncoming: 7 };
    h.logon({ seq: 7 });
    expect(h.out.map((m) => [m.msgType, m.get(34), m.get(56), m.get(45), m.get(373), m.get(58)])).toEqual([
      ['3', '1', CLIENT, '7', '8', 'Authentication failed'],
    ]);
    expect(h.store.numbers).toEqual({ nextOutgoing: 7, nextIncoming: 7 });
    expect(h.closed).toBe(true);
  });

  it('acknowledges an accepted Logon with 108 and 1137, resets the store on 141=Y and continues from it', () => {
    const store = new MapStore();
    store.numbers = { nextOutgoing: 5, nextIncoming: 9 };
    store.add(3, { msgType: '8', body: [] });
    const h = new AcceptorHarness(store);
    h.logon({ reset: true });
    const ack = h.out[0]!;
    expect([ack.msgType, ack.get(49), ack.get(56), ack.get(34), ack.get(108), ack.get(1137), ack.get(141)]).toEqual([
      'A',
      VENUE,
      CLIENT,
      '1',
      '10',
      '9',
      undefined,
    ]);
    expect(h.engine.state).toBe('active');
    expect(h.engine.counterpartyCompId).toBe(CLIENT);
    expect(store.numbers).toEqual({ nextOutgoing: 2, nextIncoming: 2 });
    expect(store.sent.size).toBe(0);
    expect(h.events.some((e) => e.type === 'logon')).toBe(true);
  });

  it('after a venue reset acks with 141=Y and counts the Logon as the client’s 1, whatever it carried', () => {
    const store = new MapStore();
    store.numbers = { nextOutgoing: 40, nextIncoming: 30 };
    const h = new AcceptorHarness(store);
    h.verdict = (s) => ({ accepted: true, store: s, venueReset: true });
    h.logon({ seq: 30 });
    expect([h.out[0]!.get(34), h.out[0]!.get(141)]).toEqual(['1', 'Y']);
    expect(store.numbers).toEqual({ nextOutgoing: 2, nextIncoming: 2 });
  });

  it('refuses a continuing Logon below the expected number with an unsequenced Logout', () => {
    const store = new MapStore();
    store.numbers = { nextOutgoing: 4, nextIncoming: 6 };
    const h = new AcceptorHarness(store);
    h.logon({ seq: 5 });
    expect(h.out.map((m) => [m.msgType, m.get(34), m.get(58)])).toEqual([
      ['5', '1', 'MsgSeqNum too low, expecting 6 but received 5'],
    ]);
    expect(h.closed).toBe(true);
  });

  it('asks for what a continuing Logon skipped, and counts the Logon once the gap is filled', () => {
    const store = new MapStore();
    store.numbers = { nextOutgoing: 4, nextIncoming: 2 };
    const h = new AcceptorHarness(store);
    h.logon({ seq: 5 });
    expect(h.out.map((m) => [m.msgType, m.get(34), m.get(7), m.get(16)])).toEqual([
      ['A', '4', undefined, undefined],
      ['2', '5', '2', '0'],
    ]);
    h.client(
      '4',
      [
        [123, 'Y'],
        [36, '5'],
      ],
      { seq: 2, possDup: true },
    );
    expect(store.numbers.nextIncoming).toBe(6);
    expect(h.engine.gap).toBeUndefined();
  });

  it('replays stored application messages with 43=Y and gap-fills the session messages around them', () => {
    const h = new AcceptorHarness();
    h.logon({ reset: true }); // venue 1: Logon ack
    h.engine.send('8', [[11, 'A1']]); // venue 2
    h.clock.advance(10_000); // venue 3: Heartbeat
    h.engine.send('8', [[11, 'A2']]); // venue 4
    h.out.length = 0;
    h.client('2', [
      [7, '1'],
      [16, '0'],
    ]);
    expect(h.out.map((m) => [m.msgType, m.get(34), m.get(43), m.get(123), m.get(36), m.get(11)])).toEqual([
      ['4', '1', 'Y', 'Y', '2', undefined],
      ['8', '2', 'Y', undefined, undefined, 'A1'],
      ['4', '3', 'Y', 'Y', '4', undefined],
      ['8', '4', 'Y', undefined, undefined, 'A2'],
    ]);
  });

  it('leaves a ResendRequest unanswered when the role says so', () => {
    const h = new AcceptorHarness(new MapStore(), { answerResendRequest: () => false });
    h.logon({ reset: true });
    h.out.length = 0;
    h.client('2', [
      [7, '1'],
      [16, '0'],
    ]);
    expect(h.out).toHaveLength(0);
  });

  it('repeats unanswered TestRequests with the role’s id and ends with its silence Logout at twice the delay', () => {
    const h = new AcceptorHarness(new MapStore(), {
      testRequestId: (counterparty) => `TEST-${counterparty}`,
      testRequestRepeatMs: 1000,
    });
    h.logon({ reset: true }); // HeartBtInt 10 s: TestRequest at 12 s, Logout at 24 s
    h.out.length = 0;
    const start = h.clock.now();
    const seen: Array<[string, number, string | undefined]> = [];
    for (let t = 0; t < 30_000 && !h.closed; t += 500) {
      h.clock.advance(500);
      for (const m of h.out.splice(0)) seen.push([m.msgType, h.clock.now() - start, m.get(112) ?? m.get(58)]);
    }
    expect(seen[0]).toEqual(['0', 10_000, undefined]);
    const testRequests = seen.filter(([type]) => type === '1');
    expect(testRequests[0]).toEqual(['1', 12_000, `TEST-${CLIENT}`]);
    expect(testRequests).toHaveLength(12); // 12 s … 23 s
    expect(seen[seen.length - 1]).toEqual(['5', 24_000, 'silent']);
    expect(h.closed).toBe(true);
  });

  it('refuses a Logon on a session already logged on with the role’s text and keeps the session', () => {
    const h = new AcceptorHarness();
    h.logon({ reset: true });
    h.logon();
    expect([h.out[1]!.msgType, h.out[1]!.get(373), h.out[1]!.get(58), h.out[1]!.get(45)]).toEqual([
      '3',
      '99',
      'already logged on',
      '2',
    ]);
    expect(h.engine.state).toBe('active');
  });

  it('rejects a message the role’s wire check refuses, consuming its number', () => {
    const h = new AcceptorHarness(new MapStore(), {
      inspectFrame: (frame) => (frame.includes('\x0158=bad\x01') ? { tag: 58, sessionRejectReason: 14 } : undefined),
    });
    h.logon({ reset: true });
    h.out.length = 0;
    h.client('D', [[58, 'bad']]);
    expect(h.out.map((m) => [m.msgType, m.get(45), m.get(371), m.get(372), m.get(373), m.get(58)])).toEqual([
      ['3', '2', '58', 'D', '14', 'Invalid tag (58)'],
    ]);
    expect(h.events.some((e) => e.type === 'app')).toBe(false);
    h.client('1', [[112, 'next']]);
    expect(h.out[1]!.get(112)).toBe('next');
  });
});
