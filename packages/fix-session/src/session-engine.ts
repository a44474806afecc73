import type { Clock, TimerHandle } from '@truex-mm/clock';
import {
  decodeFix,
  encodeFix,
  FixFrameSplitter,
  formatUtcTimestamp,
  MsgType,
  readSessionReject,
  Tag,
  type FixBody,
  type FixFrameError,
  type FixMessage,
  type SessionReject,
} from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import { emptyCounters, type FixSessionCounters } from './counters';
import { FixLogonError, FixSessionError, type FixSessionErrorCode } from './errors';
import { trueXLogonSignature } from './logon-signature';
import { redactFix } from './redact';
import type { SequenceNumbers, SequenceStore } from './sequence-store';

/** Lifecycle of one connection's session: the engine is created per connection and never reused. */
export type FixEngineState = 'idle' | 'logging-on' | 'active' | 'logging-out' | 'closed';

/** Typed events the engine reports to its transport. `closed` is always the last one. */
export type FixSessionEvent =
  | { type: 'state'; state: FixEngineState }
  | { type: 'logon' }
  | { type: 'app'; message: FixMessage }
  | { type: 'reject'; reject: SessionReject }
  /** A non-fatal problem (garbled input); the session carries on. */
  | { type: 'error'; error: FixSessionError }
  /** The session ended; `error` is set when it ended abnormally, `reason` always says why. */
  | { type: 'closed'; reason: string; error?: FixSessionError };

/** What the engine needs from a transport: a way to write bytes, to drop the connection, and to report events. */
export interface FixSessionSink {
  write(frame: Buffer): void;
  /** Drop the connection now. The engine is already closed when this is called. */
  close(): void;
  event(event: FixSessionEvent): void;
}

export interface FixSessionEngineOptions {
  senderCompId: string;
  targetCompId: string;
  apiKey: string;
  apiSecret: string;
  clock: Clock;
  /** Default 30. */
  heartBtIntSec?: number;
  /** Send 141=Y and restart both sequences at 1 (default true, as TrueX's reference clients do). */
  resetSeqNumOnLogon?: boolean;
  /** Default 10 000. */
  logonTimeoutMs?: number;
  /** Inbound silence before we send a TestRequest, as a multiple of HeartBtInt. Default 1.2. */
  testRequestDelayFactor?: number;
  /** How long a TestRequest may go unanswered before we drop the connection. Default HeartBtInt. */
  testRequestTimeoutMs?: number;
  /** How long to wait for the venue's Logout reply. Default 5000. */
  logoutTimeoutMs?: number;
  /** Messages held while waiting for a resend to fill a gap; beyond this the session is dropped. Default 10 000. */
  maxQueuedMessages?: number;
  /** Sequence numbers to start from when not resetting on logon (loaded from the store by the transport). */
  sequence?: SequenceNumbers;
  store?: SequenceStore;
  /** Shared with the transport so counts survive reconnects. */
  counters?: FixSessionCounters;
  logger?: Logger;
  beginString?: string;
  /** 1137 on our Logon; TrueX acks with 9 (FIX.5.0SP2). */
  defaultApplVerId?: string;
}

/** Message types the engine owns; the application may not send them through {@link FixSessionEngine.send}. */
const ENGINE_OWNED = new Set<string>([
  MsgType.Logon,
  MsgType.Logout,
  MsgType.Heartbeat,
  MsgType.TestRequest,
  MsgType.ResendRequest,
  MsgType.SequenceReset,
]);

/**
 * The FIX session rules for one connection, free of I/O: bytes and clock ticks in (`connected`, `receive`,
 * `disconnected`, timers on the injected clock), bytes and typed events out (through the {@link FixSessionSink}).
 *
 * Rules: TrueX Logon (HMAC signature, 141=Y); Heartbeat after HeartBtInt of outbound silence; TestRequest after
 * 1.2 x HeartBtInt of inbound silence and disconnect if nothing arrives within the timeout; inbound gaps trigger one
 * ResendRequest (7=expected, 16=0) and later messages are queued until the gap fills; SequenceReset (gap fill and
 * reset); PossDup duplicates ignored; a too-low MsgSeqNum without PossDup ends the session with a Logout; the venue's
 * ResendRequest is answered with a single gap fill (we never retransmit orders or admin messages).
 */
export class FixSessionEngine {
  private current: FixEngineState = 'idle';
  private nextOut: number;
  private nextIn: number;
  private readonly splitter: FixFrameSplitter;
  private readonly heartBtIntMs: number;
  private readonly resetOnLogon: boolean;
  private readonly log: Logger;
  private readonly counters: FixSessionCounters;
  /** Out-of-order messages held until a resend fills the gap before them. */
  private readonly queue = new Map<number, FixMessage>();
  /** Queued ResendRequests we already answered on arrival (answering late could deadlock both sides). */
  private readonly answeredResends = new Set<number>();
  /** Highest inbound MsgSeqNum covered by our outstanding ResendRequest; 0 when none is outstanding. */
  private resendTarget = 0;
  private testRequestCounter = 0;
  private pendingTestReqId: string | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private inboundTimer: TimerHandle | undefined;
  private testRequestTimer: TimerHandle | undefined;
  private logonTimer: TimerHandle | undefined;
  private logoutTimer: TimerHandle | undefined;

  constructor(
    private readonly options: FixSessionEngineOptions,
    private readonly sink: FixSessionSink,
  ) {
    this.heartBtIntMs = (options.heartBtIntSec ?? 30) * 1000;
    this.resetOnLogon = options.resetSeqNumOnLogon ?? true;
    this.nextOut = options.sequence?.nextOutgoing ?? 1;
    this.nextIn = options.sequence?.nextIncoming ?? 1;
    this.log = options.logger ?? pino({ level: 'silent' });
    this.counters = options.counters ?? emptyCounters();
    this.splitter = new FixFrameSplitter({ beginString: options.beginString ?? 'FIXT.1.1' });
  }

  get state(): FixEngineState {
    return this.current;
  }

  /** The MsgSeqNum our next message will carry and the one we expect next from the venue. */
  get sequence(): SequenceNumbers {
    return { nextOutgoing: this.nextOut, nextIncoming: this.nextIn };
  }

  /** The transport connected: send our Logon and start the logon timeout. */
  connected(): void {
    if (this.current !== 'idle') return;
    if (this.resetOnLogon) {
      this.nextOut = 1;
      this.nextIn = 1;
      this.persist();
    }
    this.setState('logging-on');
    this.sendLogon();
    this.logonTimer = this.options.clock.setTimeout(() => {
      this.logonTimer = undefined;
      const timeoutMs = this.options.logonTimeoutMs ?? 10_000;
      this.finish('logon timeout', new FixLogonError('LOGON_TIMEOUT', `no Logon reply within ${timeoutMs} ms`));
    }, this.options.logonTimeoutMs ?? 10_000);
  }

  /** Bytes from the transport, in any chunking. */
  receive(chunk: Buffer): void {
    if (this.current === 'closed' || this.current === 'idle') return;
    this.splitter.push(
      chunk,
      (frame) => this.onFrame(frame),
      (error) => this.onGarbled(error),
    );
  }

  /** The transport lost the connection (or closed it after {@link FixSessionSink.close}). */
  disconnected(cause?: Error): void {
    if (this.current === 'closed') return;
    const detail = cause ? `: ${cause.message}` : '';
    if (this.current === 'idle') {
      this.finish(`connection failed${detail}`, new FixSessionError('CONNECTION_ERROR', `could not connect${detail}`));
    } else if (this.current === 'logging-on') {
      this.finish(
        'closed during logon',
        new FixLogonError('CLOSED_DURING_LOGON', `venue closed the connection before acknowledging Logon${detail}`),
      );
    } else if (this.current === 'logging-out') {
      this.finish('logout complete');
    } else {
      this.finish(
        `connection lost${detail}`,
        new FixSessionError('CONNECTION_ERROR', `connection lost while active${detail}`),
      );
    }
  }

  /**
   * Sends an application message: assigns 34 and 52, writes it, returns its MsgSeqNum. Returns undefined when the
   * session is not active (or for a session-level MsgType the engine owns): the caller decides whether to retry.
   */
  send(msgType: string, body: FixBody): number | undefined {
    if (this.current !== 'active' || ENGINE_OWNED.has(msgType)) return undefined;
    return this.write(msgType, body);
  }

  /** Starts the Logout handshake; the session closes on the venue's reply or after logoutTimeoutMs. */
  logout(text?: string): void {
    if (this.current === 'active') {
      this.write(MsgType.Logout, text ? [[Tag.Text, text]] : []);
      this.clearLivenessTimers();
      this.setState('logging-out');
      this.logoutTimer = this.options.clock.setTimeout(() => {
        this.logoutTimer = undefined;
        this.finish('logout reply timed out');
      }, this.options.logoutTimeoutMs ?? 5000);
    } else if (this.current === 'logging-on' || this.current === 'idle') {
      this.finish('stopped before logon', new FixLogonError('STOPPED', 'stopped before the venue acknowledged Logon'));
    }
  }

  // ---- outbound ----------------------------------------------------------------------------------------------

  private sendLogon(): void {
    const sendingTime = formatUtcTimestamp(this.options.clock.now());
    const seq = this.nextOut;
    const o = this.options;
    const signature = trueXLogonSignature({
      secret: o.apiSecret,
      sendingTime,
      msgSeqNum: seq,
      senderCompId: o.senderCompId,
      targetCompId: o.targetCompId,
      apiKey: o.apiKey,
    });
    const body: Array<readonly [number, string]> = [
      [Tag.EncryptMethod, '0'],
      [Tag.HeartBtInt, String(this.heartBtIntMs / 1000)],
    ];
    if (this.resetOnLogon) body.push([Tag.ResetSeqNumFlag, 'Y']);
    body.push([Tag.Username, o.apiKey], [Tag.Password, signature], [Tag.DefaultApplVerID, o.defaultApplVerId ?? '9']);
    this.write(MsgType.Logon, body, { sendingTime });
  }

  private write(
    msgType: string,
    body: FixBody,
    opts: { seq?: number; possDup?: boolean; sendingTime?: string } = {},
  ): number {
    const seq = opts.seq ?? this.nextOut++;
    if (opts.seq === undefined) this.persist();
    const frame = encodeFix(
      msgType,
      {
        senderCompId: this.options.senderCompId,
        targetCompId: this.options.targetCompId,
        msgSeqNum: seq,
        sendingTime: opts.sendingTime ?? formatUtcTimestamp(this.options.clock.now()),
        ...(opts.possDup ? { possDupFlag: true } : {}),
      },
      body,
      this.options.beginString,
    );
    this.counters.messagesOut++;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ fix: redactFix(frame) }, 'fix out');
    this.sink.write(frame);
    if (this.current === 'active') this.armHeartbeat();
    return seq;
  }

  private sendHeartbeat(testReqId?: string): void {
    this.counters.heartbeatsOut++;
    this.write(MsgType.Heartbeat, testReqId !== undefined ? [[Tag.TestReqID, testReqId]] : []);
  }

  // ---- inbound -----------------------------------------------------------------------------------------------

  private onGarbled(error: FixFrameError): void {
    this.counters.garbled++;
    this.log.warn({ code: error.code, err: error.message }, 'garbled FIX frame skipped');
    this.sink.event({ type: 'error', error: new FixSessionError('GARBLED', `garbled frame skipped (${error.code})`) });
  }

  private onFrame(frame: Buffer): void {
    if (this.current === 'closed') return;
    let message: FixMessage;
    let seq: number | undefined;
    try {
      message = decodeFix(frame);
      seq = message.getInt(Tag.MsgSeqNum);
    } catch (error) {
      this.counters.garbled++;
      this.log.warn({ err: (error as Error).message, fix: redactFix(frame) }, 'undecodable FIX message ignored');
      this.sink.event({ type: 'error', error: new FixSessionError('GARBLED', 'undecodable message ignored') });
      return;
    }
    this.counters.messagesIn++;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ fix: redactFix(frame) }, 'fix in');
    if (seq === undefined) {
      this.counters.garbled++;
      this.log.warn({ fix: redactFix(frame) }, 'message without MsgSeqNum ignored');
      return;
    }
    this.touchInbound();
    if (this.current === 'logging-on') this.onLogonReply(message, seq);
    else this.onSequenced(message, seq);
  }

  private onLogonReply(message: FixMessage, seq: number): void {
    const text = message.get(Tag.Text);
    switch (message.msgType) {
      case MsgType.Logon: {
        const status = message.get(Tag.SessionStatus);
        if (status !== undefined && status !== '0') {
          const code = status === '5' ? 'AUTHENTICATION_FAILED' : 'LOGON_REJECTED';
          this.finish(
            'logon rejected',
            new FixLogonError(code, `Logon acknowledged with SessionStatus ${status}`, text),
          );
          return;
        }
        if (seq < this.nextIn && message.get(Tag.PossDupFlag) !== 'Y') {
          // Checked before declaring the session active, so waitForLogon never resolves for a doomed session.
          const reason = `MsgSeqNum too low, expecting ${this.nextIn} but received ${seq}`;
          this.write(MsgType.Logout, [[Tag.Text, reason]]);
          this.finish(reason, new FixLogonError('SEQUENCE_TOO_LOW', reason));
          return;
        }
        this.options.clock.clearTimeout(this.logonTimer);
        this.logonTimer = undefined;
        this.counters.logons++;
        this.setState('active');
        this.sink.event({ type: 'logon' });
        this.armHeartbeat();
        this.touchInbound();
        this.onSequenced(message, seq);
        return;
      }
      case MsgType.Reject: {
        const reason = message.get(Tag.SessionRejectReason);
        const words = text ?? '';
        const code: FixSessionErrorCode =
          reason === '8' || /authentication failed/i.test(words)
            ? 'AUTHENTICATION_FAILED'
            : /already authenticated/i.test(words)
              ? 'ALREADY_AUTHENTICATED'
              : 'LOGON_REJECTED';
        this.finish('logon rejected', new FixLogonError(code, 'venue rejected Logon', text));
        return;
      }
      case MsgType.Logout: {
        const code = message.get(Tag.SessionStatus) === '5' ? 'AUTHENTICATION_FAILED' : 'LOGON_REJECTED';
        this.finish('logon rejected', new FixLogonError(code, 'venue answered Logon with Logout', text));
        return;
      }
      default:
        this.finish(
          'protocol error during logon',
          new FixLogonError('LOGON_REJECTED', `expected a Logon reply, received 35=${message.msgType}`, text),
        );
    }
  }

  /** Applies the MsgSeqNum rules (FIX session protocol) to a message received after our Logon was acknowledged. */
  private onSequenced(message: FixMessage, seq: number): void {
    const type = message.msgType;
    if (type === MsgType.SequenceReset && message.get(Tag.GapFillFlag) !== 'Y') {
      this.onSequenceResetMode(message, seq);
      return;
    }
    if (seq > this.nextIn) {
      // A Logout ends the session anyway; waiting for a resend first would only delay it.
      if (type === MsgType.Logout) {
        this.onLogout(message);
        return;
      }
      if (type === MsgType.ResendRequest && !this.answeredResends.has(seq)) {
        this.answeredResends.add(seq);
        this.answerResendRequest(message);
      }
      this.queue.set(seq, message);
      if (this.queue.size > (this.options.maxQueuedMessages ?? 10_000)) {
        this.finish(
          'resend queue overflow',
          new FixSessionError('RESEND_QUEUE_OVERFLOW', `more than ${this.queue.size - 1} messages queued behind a gap`),
        );
        return;
      }
      if (this.resendTarget === 0) this.requestResend(seq);
      return;
    }
    if (seq < this.nextIn) {
      if (message.get(Tag.PossDupFlag) === 'Y') {
        this.counters.duplicatesIgnored++;
        return;
      }
      const text = `MsgSeqNum too low, expecting ${this.nextIn} but received ${seq}`;
      this.write(MsgType.Logout, [[Tag.Text, text]]);
      this.finish(text, new FixSessionError('SEQUENCE_TOO_LOW', text));
      return;
    }
    this.dispatch(message, seq);
    this.drainQueue();
  }

  /** Processes the message carrying exactly the expected MsgSeqNum. */
  private dispatch(message: FixMessage, seq: number): void {
    const type = message.msgType;
    if (type === MsgType.SequenceReset) {
      this.counters.gapFillsIn++;
      const newSeqNo = message.getInt(Tag.NewSeqNo);
      if (newSeqNo !== undefined && newSeqNo > seq) this.nextIn = newSeqNo;
      else {
        this.log.warn({ seq, newSeqNo }, 'gap fill that does not advance the sequence; treated as one message');
        this.nextIn = seq + 1;
      }
      this.persist();
      return;
    }
    this.nextIn = seq + 1;
    this.persist();
    switch (type) {
      case MsgType.Heartbeat:
        this.counters.heartbeatsIn++;
        return;
      case MsgType.TestRequest:
        this.counters.testRequestsIn++;
        this.sendHeartbeat(message.get(Tag.TestReqID) ?? '');
        return;
      case MsgType.ResendRequest:
        if (this.answeredResends.delete(seq)) return;
        this.answerResendRequest(message);
        return;
      case MsgType.Reject:
        this.counters.rejectsIn++;
        this.emitReject(message);
        return;
      case MsgType.Logout:
        this.onLogout(message);
        return;
      case MsgType.Logon:
        // The ack itself, or a Logon after it; either way only its sequence number matters now.
        return;
      default:
        this.sink.event({ type: 'app', message });
    }
  }

  private drainQueue(): void {
    for (const seq of this.queue.keys()) if (seq < this.nextIn) this.queue.delete(seq);
    for (;;) {
      if (this.current === 'closed') return;
      const next = this.queue.get(this.nextIn);
      if (!next) break;
      this.queue.delete(this.nextIn);
      this.dispatch(next, this.nextIn);
    }
    if (this.resendTarget !== 0 && this.nextIn > this.resendTarget) {
      this.resendTarget = 0;
      // The fill stopped short of what is queued: ask again from where we are.
      if (this.queue.size > 0) this.requestResend(Math.max(...this.queue.keys()));
    }
  }

  private requestResend(highestSeen: number): void {
    this.counters.gaps++;
    this.counters.resendRequestsOut++;
    this.resendTarget = highestSeen - 1;
    this.log.info({ expected: this.nextIn, received: highestSeen }, 'inbound gap; sending ResendRequest');
    this.write(MsgType.ResendRequest, [
      [Tag.BeginSeqNo, String(this.nextIn)],
      [Tag.EndSeqNo, '0'],
    ]);
  }

  private onSequenceResetMode(message: FixMessage, seq: number): void {
    const newSeqNo = message.getInt(Tag.NewSeqNo);
    if (newSeqNo === undefined || newSeqNo < this.nextIn) {
      this.log.warn({ newSeqNo, expected: this.nextIn }, 'SequenceReset would lower the inbound sequence; rejected');
      this.write(MsgType.Reject, [
        [Tag.RefSeqNum, String(seq)],
        [Tag.RefTagID, String(Tag.NewSeqNo)],
        [Tag.RefMsgType, MsgType.SequenceReset],
        [Tag.SessionRejectReason, '5'],
        [Tag.Text, 'NewSeqNo lower than expected MsgSeqNum'],
      ]);
      return;
    }
    this.nextIn = newSeqNo;
    this.persist();
    this.drainQueue();
  }

  /**
   * Fills the requested range with one SequenceReset-GapFill (34=BeginSeqNo, 43=Y, fresh 52, no 122, 36=next).
   * Orders are never retransmitted: a stale NewOrderSingle/Cancel/Replace resent later is worse than a lost one,
   * and TrueX answers a resent Logon with "Already authenticated".
   */
  private answerResendRequest(message: FixMessage): void {
    this.counters.resendRequestsIn++;
    const begin = message.getInt(Tag.BeginSeqNo) ?? 0;
    const requestedEnd = message.getInt(Tag.EndSeqNo) ?? 0;
    const lastSent = this.nextOut - 1;
    const end = requestedEnd === 0 || requestedEnd > lastSent ? lastSent : requestedEnd;
    if (begin < 1 || begin > end) {
      this.log.warn({ begin, end: requestedEnd, lastSent }, 'ResendRequest for messages never sent; ignored');
      return;
    }
    this.counters.gapFillsSent++;
    this.write(
      MsgType.SequenceReset,
      [
        [Tag.GapFillFlag, 'Y'],
        [Tag.NewSeqNo, String(end + 1)],
      ],
      { seq: begin, possDup: true },
    );
  }

  private onLogout(message: FixMessage): void {
    const text = message.get(Tag.Text);
    if (this.current === 'logging-out') {
      this.finish(text ? `logout complete: ${text}` : 'logout complete');
      return;
    }
    this.write(MsgType.Logout, []);
    this.finish(text ? `venue logged out: ${text}` : 'venue logged out');
  }

  private emitReject(message: FixMessage): void {
    try {
      this.sink.event({ type: 'reject', reject: readSessionReject(message) });
    } catch (error) {
      this.log.warn({ err: (error as Error).message, fix: redactFix(message.raw) }, 'unreadable session Reject');
    }
  }

  // ---- timers ------------------------------------------------------------------------------------------------

  private armHeartbeat(): void {
    const clock = this.options.clock;
    clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = clock.setTimeout(() => {
      this.heartbeatTimer = undefined;
      if (this.current === 'active') this.sendHeartbeat();
    }, this.heartBtIntMs);
  }

  /** Any inbound message proves the venue is alive: cancel a pending TestRequest and restart the silence timer. */
  private touchInbound(): void {
    if (this.current !== 'active') return;
    const clock = this.options.clock;
    clock.clearTimeout(this.testRequestTimer);
    this.testRequestTimer = undefined;
    this.pendingTestReqId = undefined;
    clock.clearTimeout(this.inboundTimer);
    const delay = Math.round(this.heartBtIntMs * (this.options.testRequestDelayFactor ?? 1.2));
    this.inboundTimer = clock.setTimeout(() => {
      this.inboundTimer = undefined;
      this.onInboundSilence();
    }, delay);
  }

  private onInboundSilence(): void {
    if (this.current !== 'active') return;
    const id = `TEST-${++this.testRequestCounter}`;
    this.pendingTestReqId = id;
    this.counters.testRequestsOut++;
    this.write(MsgType.TestRequest, [[Tag.TestReqID, id]]);
    const timeoutMs = this.options.testRequestTimeoutMs ?? this.heartBtIntMs;
    this.testRequestTimer = this.options.clock.setTimeout(() => {
      this.testRequestTimer = undefined;
      this.finish(
        'test request timeout',
        new FixSessionError('TEST_REQUEST_TIMEOUT', `TestRequest ${id} unanswered for ${timeoutMs} ms`),
      );
    }, timeoutMs);
  }

  private clearLivenessTimers(): void {
    const clock = this.options.clock;
    clock.clearTimeout(this.heartbeatTimer);
    clock.clearTimeout(this.inboundTimer);
    clock.clearTimeout(this.testRequestTimer);
    this.heartbeatTimer = this.inboundTimer = this.testRequestTimer = undefined;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  private finish(reason: string, error?: FixSessionError): void {
    if (this.current === 'closed') return;
    this.clearLivenessTimers();
    this.options.clock.clearTimeout(this.logonTimer);
    this.options.clock.clearTimeout(this.logoutTimer);
    this.logonTimer = this.logoutTimer = undefined;
    this.queue.clear();
    this.pendingTestReqId = undefined;
    this.persist();
    this.setState('closed');
    if (error) this.log.warn({ code: error.code, venueText: error.venueText }, `session closed: ${reason}`);
    else this.log.info(`session closed: ${reason}`);
    // Report before dropping the socket: a transport whose close is synchronous must already know why.
    this.sink.event(error ? { type: 'closed', reason, error } : { type: 'closed', reason });
    this.sink.close();
  }

  private setState(state: FixEngineState): void {
    if (this.current === state) return;
    this.current = state;
    this.sink.event({ type: 'state', state });
  }

  private persist(): void {
    const store = this.options.store;
    if (!store) return;
    try {
      const result = store.save({ nextOutgoing: this.nextOut, nextIncoming: this.nextIn });
      if (result)
        result.catch((error: unknown) => this.log.error({ err: String(error) }, 'sequence store save failed'));
    } catch (error) {
      this.log.error({ err: String(error) }, 'sequence store save failed');
    }
  }

  /** TestReqID of the TestRequest awaiting an answer, if any (for diagnostics and tests). */
  get pendingTestRequest(): string | undefined {
    return this.pendingTestReqId;
  }
}
