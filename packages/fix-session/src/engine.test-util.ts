import { ManualClock } from '@truex-mm/clock';
import { decodeFix, encodeFix, formatUtcTimestamp, type FixBody, type FixMessage } from '@truex-mm/fix-codec';
import { emptyCounters } from './counters';
import type { FixSessionError } from './errors';
import { FixSessionEngine, type FixSessionEngineOptions, type FixSessionEvent } from './session-engine';

export const CREDENTIALS = {
  senderCompId: 'CLIENT_UAT',
  targetCompId: 'TRUEX_UAT_OE',
  apiKey: '11111111-2222-3333-4444-555555555555',
  apiSecret: 'test-secret',
};

/** An engine wired to a scripted venue: captures what it writes, feeds it venue messages, on a ManualClock. */
export class EngineHarness {
  readonly clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  readonly counters = emptyCounters();
  readonly out: FixMessage[] = [];
  readonly events: FixSessionEvent[] = [];
  closeCalls = 0;
  venueSeq = 1;
  /** Runs inside the sink's event callback, e.g. to play an application listener that throws. */
  onEvent: ((event: FixSessionEvent) => void) | undefined;
  readonly engine: FixSessionEngine;

  constructor(options: Partial<FixSessionEngineOptions> = {}) {
    this.engine = new FixSessionEngine(
      { ...CREDENTIALS, clock: this.clock, counters: this.counters, ...options },
      {
        write: (frame) => this.out.push(decodeFix(frame)),
        close: () => this.closeCalls++,
        event: (event) => {
          this.events.push(event);
          this.onEvent?.(event);
        },
      },
    );
  }

  /** Delivers a message from the venue; the MsgSeqNum defaults to the venue's next one. */
  venue(
    msgType: string,
    body: FixBody = [],
    header: {
      seq?: number;
      possDup?: boolean;
      senderCompId?: string;
      targetCompId?: string;
      sendingTime?: string;
    } = {},
  ): void {
    const seq = header.seq ?? this.venueSeq++;
    this.engine.receive(
      encodeFix(
        msgType,
        {
          senderCompId: header.senderCompId ?? CREDENTIALS.targetCompId,
          targetCompId: header.targetCompId ?? CREDENTIALS.senderCompId,
          msgSeqNum: seq,
          sendingTime: header.sendingTime ?? formatUtcTimestamp(this.clock.now()),
          ...(header.possDup ? { possDupFlag: true } : {}),
        },
        body,
      ),
    );
  }

  /** Connects and acknowledges the Logon, leaving the session active. */
  logon(): void {
    this.engine.connected();
    this.venue('A', [
      [108, '30'],
      [1137, '9'],
    ]);
  }

  sent(msgType: string): FixMessage[] {
    return this.out.filter((m) => m.msgType === msgType);
  }

  /** Events of one type, narrowed. */
  eventsOf<T extends FixSessionEvent['type']>(type: T): Array<Extract<FixSessionEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<FixSessionEvent, { type: T }> => e.type === type);
  }

  appMessages(): FixMessage[] {
    return this.events.flatMap((e) => (e.type === 'app' ? [e.message] : []));
  }

  closedWith(): { reason: string; error?: FixSessionError } | undefined {
    const closed = this.events.find((e) => e.type === 'closed');
    return closed?.type === 'closed' ? closed : undefined;
  }
}
