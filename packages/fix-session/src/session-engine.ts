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
  type FixField,
  type FixFrameError,
  type FixMessage,
  type SessionReject,
} from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import { emptyCounters, type FixSessionCounters } from './counters';
import { FixLogonError, FixSessionError, type FixSessionErrorCode } from './errors';
import { checkHeader, type HeaderProblem } from './header-check';
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
  /** A non-fatal problem (garbled input, a listener that threw); the session carries on. */
  | { type: 'error'; error: FixSessionError }
  /**
   * Inbound liveness: `responsive` turns false after `unresponsiveAfterMs` (1.5 x HeartBtInt) without any inbound
   * message, and true again on the next one. `silentMs` is how long the venue had been silent.
   */
  | { type: 'liveness'; responsive: boolean; silentMs: number }
  /** An inbound gap opened (ResendRequest sent) or closed; `from`..`to` are the missing MsgSeqNums. */
  | { type: 'gap'; open: boolean; from: number; to: number }
  /** A SequenceReset skipped these inbound MsgSeqNums: messages (possibly execution reports) we will never see. */
  | { type: 'messages-skipped'; from: number; to: number }
  /** Sequence numbers restarted at 1 for a reason other than the routine 141=Y; the app must reconcile. */
  | { type: 'venue-reset'; reason: string }
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
  /**
   * Send 141=Y and restart both sequences at 1 on every logon (default true, as TrueX's reference clients do).
   * false continues the stored sequence numbers (no 141), with gap recovery.
   */
  resetOnLogon?: boolean;
  /** Former name of {@link resetOnLogon}; used when `resetOnLogon` is not given. */
  resetSeqNumOnLogon?: boolean;
  /**
   * Log on with 141=Y this time even though `resetOnLogon` is false, and report `venue-reset` with this reason once
   * the venue acknowledges (the transport's fallback after a venue reset or repeated failed logons).
   */
  resetReason?: string;
  /** Default 10 000. */
  logonTimeoutMs?: number;
  /** Inbound silence before we send a TestRequest, as a multiple of HeartBtInt. Default 1.2. */
  testRequestDelayFactor?: number;
  /** How long a TestRequest may go unanswered before we drop the connection. Default HeartBtInt. */
  testRequestTimeoutMs?: number;
  /** Inbound silence after which the session reports `liveness` unresponsive. Default 1.5 x HeartBtInt. */
  unresponsiveAfterMs?: number;
  /**
   * Largest accepted |our clock − inbound SendingTime (52)|; beyond it: Reject 373=10 + Logout (QuickFIX MaxLatency).
   * Default 120 000; Infinity disables the check.
   */
  maxSendingTimeSkewMs?: number;
  /** Inbound 49/56 must be the venue's / ours, else Reject 373=9 + Logout (QuickFIX CheckCompID). Default true. */
  checkCompIds?: boolean;
  /** How long a ResendRequest may go without progress before it is sent again. Default 5000. */
  resendRequestTimeoutMs?: number;
  /** ResendRequests sent for one gap without progress before the session is dropped (RESEND_TIMEOUT). Default 3. */
  resendRequestAttempts?: number;
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
 * Rules: TrueX Logon (HMAC signature, 141=Y unless continuing); QuickFIX's header checks (SendingTime accuracy,
 * CompIDs) with Reject + Logout; Heartbeat after HeartBtInt of outbound silence; liveness reported after 1.5 x
 * HeartBtInt of inbound silence, TestRequest after 1.2 x and disconnect if nothing arrives within the timeout;
 * inbound gaps trigger a ResendRequest (7=expected, 16=0) with timeout and retries, later messages are queued
 * until the gap fills; SequenceReset (gap fill and reset) reported as skipped messages; PossDup duplicates
 * ignored; a too-low MsgSeqNum without PossDup ends the session with a Logout; the venue's ResendRequest is
 * answered with a single gap fill (we never retransmit orders or admin messages). Nothing thrown on the inbound
 * path escapes `receive`: it is counted, logged (redacted) and reported as an `error` event.
 */
export class FixSessionEngine {
  private current: FixEngineState = 'idle';
  private nextOut: number;
  private nextIn: number;
  private readonly splitter: FixFrameSplitter;
  private readonly heartBtIntMs: number;
  private readonly resetOnLogon: boolean;
  /** 141=Y on this connection's Logon (routine reset or a fallback with `resetReason`). */
  private resetting = false;
  private readonly log: Logger;
  private readonly counters: FixSessionCounters;
  /** Out-of-order messages held until a resend fills the gap before them. */
  private readonly queue = new Map<number, FixMessage>();
  /** Queued ResendRequests we already answered on arrival (answering late could deadlock both sides). */
  private readonly answeredResends = new Set<number>();
  /** Highest inbound MsgSeqNum covered by our outstanding ResendRequest; 0 when none is outstanding. */
  private resendTarget = 0;
  private resendAttempts = 0;
  /** nextIn when the outstanding ResendRequest was sent: progress beyond it restarts the attempt count. */
  private resendBaseline = 0;
  private openGap: { from: number; to: number } | undefined;
  private responsive = false;
  private lastInboundMs = 0;
  private testRequestCounter = 0;
  private pendingTestReqId: string | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private inboundTimer: TimerHandle | undefined;
  private livenessTimer: TimerHandle | undefined;
  private testRequestTimer: TimerHandle | undefined;
  private resendTimer: TimerHandle | undefined;
  private logonTimer: TimerHandle | undefined;
  private logoutTimer: TimerHandle | undefined;

  constructor(
    private readonly options: FixSessionEngineOptions,
    private readonly sink: FixSessionSink,
  ) {
    this.heartBtIntMs = (options.heartBtIntSec ?? 30) * 1000;
    this.resetOnLogon = options.resetOnLogon ?? options.resetSeqNumOnLogon ?? true;
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

  /** False before logon, after the session closed, and while the venue has been silent for `unresponsiveAfterMs`. */
  get isResponsive(): boolean {
    return this.responsive;
  }

  /** The inbound gap a ResendRequest is trying to fill, if any: send nothing new while it is open. */
  get gap(): { readonly from: number; readonly to: number } | undefined {
    return this.openGap ? { ...this.openGap } : undefined;
  }

  /** The transport connected: send our Logon and start the logon timeout. */
  connected(): void {
    if (this.current !== 'idle') return;
    this.resetting = this.resetOnLogon || this.options.resetReason !== undefined;
    if (this.resetting) {
      this.nextOut = 1;
      this.nextIn = 1;
      this.persist();
    }
    this.setState('logging-on');
    this.sendLogon();
    const timeoutMs = this.options.logonTimeoutMs ?? 10_000;
    this.logonTimer = this.timer(() => {
      this.logonTimer = undefined;
      this.finish('logon timeout', new FixLogonError('LOGON_TIMEOUT', `no Logon reply within ${timeoutMs} ms`));
    }, timeoutMs);
  }

  /** Bytes from the transport, in any chunking. Never throws. */
  receive(chunk: Buffer): void {
    if (this.current === 'closed' || this.current === 'idle') return;
    try {
      this.splitter.push(
        chunk,
        (frame) => this.onFrameGuarded(frame),
        (error) => this.onGarbled(error),
      );
    } catch (error) {
      // The splitter itself failed: its buffer can no longer be trusted.
      this.splitter.reset();
      this.onInboundError(error, chunk);
    }
  }

  /** The transport lost the connection (or closed it after {@link FixSessionSink.close}). */
  disconnected(cause?: Error): void {
    if (this.current === 'closed') return;
    if (cause instanceof FixSessionError) {
      this.finish(cause.message, cause);
      return;
    }
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
   * Throws `FixEncodeError` on a body that cannot be encoded (the caller's bug); no MsgSeqNum is used up then.
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
      this.logoutTimer = this.timer(() => {
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
    if (this.resetting) body.push([Tag.ResetSeqNumFlag, 'Y']);
    body.push([Tag.Username, o.apiKey], [Tag.Password, signature], [Tag.DefaultApplVerID, o.defaultApplVerId ?? '9']);
    this.write(MsgType.Logon, body, { sendingTime });
  }

  private write(
    msgType: string,
    body: FixBody,
    opts: { seq?: number; possDup?: boolean; sendingTime?: string } = {},
  ): number | undefined {
    const seq = opts.seq ?? this.nextOut;
    // Encoded before the number is used up: a body that cannot be encoded must not leave a hole in our sequence.
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
    if (opts.seq === undefined) {
      this.nextOut = seq + 1;
      // The number must be durable before it reaches the wire: a store that cannot save ends the session.
      if (!this.persist()) {
        this.nextOut = seq;
        this.finish(
          'sequence store failed',
          new FixSessionError('STORE_ERROR', `could not persist MsgSeqNum ${seq}; not sent`),
        );
        return undefined;
      }
    }
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
    this.emit({ type: 'error', error: new FixSessionError('GARBLED', `garbled frame skipped (${error.code})`) });
  }

  /** The inbound error boundary: whatever one frame does, the next one is processed. */
  private onFrameGuarded(frame: Buffer): void {
    try {
      this.onFrame(frame);
    } catch (error) {
      this.onInboundError(error, frame);
    }
  }

  private onInboundError(error: unknown, raw: Buffer): void {
    this.counters.inboundErrors++;
    const message = error instanceof Error ? error.message : String(error);
    this.log.error({ err: message, fix: redactFix(raw) }, 'inbound FIX message failed; skipped');
    this.emit({ type: 'error', error: new FixSessionError('INBOUND_ERROR', `inbound message skipped: ${message}`) });
  }

  /** A message that decodes but cannot be sequenced or dated: skipped like a garbled frame (a resend may fix it). */
  private skipUnusable(frame: Buffer, why: string): void {
    this.counters.garbled++;
    this.log.warn({ fix: redactFix(frame) }, `${why}; ignored`);
    this.emit({ type: 'error', error: new FixSessionError('GARBLED', `${why}; ignored`) });
  }

  private onFrame(frame: Buffer): void {
    if (this.current === 'closed') return;
    let message: FixMessage;
    let seq: number | undefined;
    let sendingTimeMs: number | undefined;
    try {
      // The splitter has already checked BodyLength and CheckSum.
      message = decodeFix(frame, { verify: false });
      seq = message.getInt(Tag.MsgSeqNum);
      sendingTimeMs = message.getTimestamp(Tag.SendingTime)?.epochMs;
    } catch (error) {
      this.counters.garbled++;
      this.log.warn({ err: (error as Error).message, fix: redactFix(frame) }, 'undecodable FIX message ignored');
      this.emit({ type: 'error', error: new FixSessionError('GARBLED', 'undecodable message ignored') });
      return;
    }
    this.counters.messagesIn++;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ fix: redactFix(frame) }, 'fix in');
    if (seq === undefined || seq < 1) return this.skipUnusable(frame, 'message without a valid MsgSeqNum (34)');
    if (sendingTimeMs === undefined) return this.skipUnusable(frame, 'message without SendingTime (52)');
    this.touchInbound();
    // A Reject or Logout answering our Logon carries the venue's reason; it ends the attempt whatever its header.
    const logonAnswer =
      this.current === 'logging-on' && (message.msgType === MsgType.Reject || message.msgType === MsgType.Logout);
    if (!logonAnswer) {
      const problem = checkHeader(message, sendingTimeMs, this.options.clock.now(), {
        senderCompId:
          this.options.checkCompIds === false ? (message.get(Tag.TargetCompID) ?? '') : this.options.senderCompId,
        targetCompId:
          this.options.checkCompIds === false ? (message.get(Tag.SenderCompID) ?? '') : this.options.targetCompId,
        maxSendingTimeSkewMs: this.options.maxSendingTimeSkewMs ?? 120_000,
      });
      if (problem) {
        this.onBadHeader(message, seq, sendingTimeMs, problem);
        return;
      }
    }
    if (this.current === 'logging-on') this.onLogonReply(message, seq);
    else this.onSequenced(message, seq);
  }

  /** QuickFIX's doBadCompID / doBadTime: Reject (not for a Logon), then Logout, then the connection goes. */
  private onBadHeader(message: FixMessage, seq: number, sendingTimeMs: number, problem: HeaderProblem): void {
    this.counters.headerRejects++;
    if (message.msgType !== MsgType.Logon) {
      const body: FixField[] = [[Tag.RefSeqNum, String(seq)]];
      if (problem.refTagId !== undefined) body.push([Tag.RefTagID, String(problem.refTagId)]);
      body.push(
        [Tag.RefMsgType, message.msgType],
        [Tag.SessionRejectReason, problem.sessionRejectReason],
        [Tag.Text, problem.text],
      );
      this.write(MsgType.Reject, body);
    }
    this.write(MsgType.Logout, [[Tag.Text, problem.text]]);
    const detail =
      problem.sessionRejectReason === '9'
        ? `received 49=${message.get(Tag.SenderCompID) ?? ''} 56=${message.get(Tag.TargetCompID) ?? ''}, ` +
          `expected 49=${this.options.targetCompId} 56=${this.options.senderCompId}`
        : `SendingTime ${message.get(Tag.SendingTime) ?? ''} is ${Math.abs(this.options.clock.now() - sendingTimeMs)} ms ` +
          `from our clock (max ${this.options.maxSendingTimeSkewMs ?? 120_000} ms)`;
    const code = problem.sessionRejectReason === '9' ? 'COMP_ID_PROBLEM' : 'SENDING_TIME_ACCURACY';
    const ErrorType = this.current === 'logging-on' ? FixLogonError : FixSessionError;
    this.finish(problem.text, new ErrorType(code, `${problem.text} on 35=${message.msgType} (${detail})`));
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
        if (!this.resetting && message.get(Tag.ResetSeqNumFlag) === 'Y') {
          // The venue restarted its numbering while we continued ours: log on again with 141=Y so that both
          // sides provably restart at 1 (the transport does that and reports venue-reset).
          const reason = 'venue acknowledged our Logon with ResetSeqNumFlag=Y';
          this.write(MsgType.Logout, [[Tag.Text, 'ResetSeqNumFlag received; logging on again with a reset']]);
          this.finish(reason, new FixLogonError('VENUE_RESET', reason));
          return;
        }
        if (seq < this.nextIn && message.get(Tag.PossDupFlag) !== 'Y') {
          // Checked before declaring the session active, so waitForLogon never resolves for a doomed session.
          // The transport answers with a 141=Y logon (a venue that restarted its gateway), not a loop of these.
          const reason = `MsgSeqNum too low, expecting ${this.nextIn} but received ${seq}`;
          this.write(MsgType.Logout, [[Tag.Text, reason]]);
          this.finish(reason, new FixLogonError('SEQUENCE_TOO_LOW', reason));
          return;
        }
        this.options.clock.clearTimeout(this.logonTimer);
        this.logonTimer = undefined;
        this.counters.logons++;
        this.setState('active');
        this.emit({ type: 'logon' });
        if (this.options.resetReason !== undefined && !this.resetOnLogon) {
          this.counters.venueResets++;
          this.emit({ type: 'venue-reset', reason: this.options.resetReason });
        }
        if (this.isClosed()) return; // a listener stopped the session
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
      const newSeqNo = this.sessionInt(message, seq, Tag.NewSeqNo);
      if (newSeqNo === null) {
        this.nextIn = seq + 1; // rejected, and consumed as one message (QuickFIX does the same)
      } else if (newSeqNo !== undefined && newSeqNo > seq) {
        this.nextIn = newSeqNo;
        this.reportSkipped(seq, newSeqNo - 1);
      } else {
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
      case MsgType.TestRequest: {
        this.counters.testRequestsIn++;
        const id = message.get(Tag.TestReqID);
        // 112 is required in a TestRequest; QuickFIX/J answers one without it with a Heartbeat without 112.
        if (id === undefined) this.log.warn({ seq }, 'TestRequest without TestReqID (112); answered without 112');
        this.sendHeartbeat(id);
        return;
      }
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
        this.emit({ type: 'app', message });
    }
  }

  /** A SequenceReset moved past `from`..`to`: whatever the venue sent there (fills included) is gone for good. */
  private reportSkipped(from: number, to: number): void {
    this.counters.messagesSkipped += to - from + 1;
    this.log.warn({ from, to }, 'venue skipped inbound messages with a SequenceReset; reconcile orders');
    this.emit({ type: 'messages-skipped', from, to });
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
    if (this.isClosed()) return; // dispatch may have ended the session (e.g. a queued Logout)
    if (this.resendTarget !== 0 && this.nextIn > this.resendTarget) {
      this.resendTarget = 0;
      this.options.clock.clearTimeout(this.resendTimer);
      this.resendTimer = undefined;
      // The fill stopped short of what is queued: ask again from where we are (the gap stays open).
      if (this.queue.size > 0) this.requestResend(Math.max(...this.queue.keys()));
      else this.setGap(undefined);
    }
  }

  private requestResend(highestSeen: number): void {
    this.counters.gaps++;
    this.resendTarget = highestSeen - 1;
    this.resendAttempts = 0;
    this.log.info({ expected: this.nextIn, received: highestSeen }, 'inbound gap; sending ResendRequest');
    this.setGap({ from: this.nextIn, to: highestSeen - 1 });
    this.sendResendRequest();
  }

  private sendResendRequest(): void {
    this.counters.resendRequestsOut++;
    this.resendAttempts++;
    this.resendBaseline = this.nextIn;
    this.write(MsgType.ResendRequest, [
      [Tag.BeginSeqNo, String(this.nextIn)],
      [Tag.EndSeqNo, '0'],
    ]);
    const timeoutMs = this.options.resendRequestTimeoutMs ?? 5000;
    this.options.clock.clearTimeout(this.resendTimer);
    this.resendTimer = this.timer(() => {
      this.resendTimer = undefined;
      this.onResendTimeout(timeoutMs);
    }, timeoutMs);
  }

  /** No progress on the gap within the timeout: ask again, and after the last attempt drop the connection. */
  private onResendTimeout(timeoutMs: number): void {
    if (this.current !== 'active' || this.resendTarget === 0) return;
    if (this.nextIn > this.resendBaseline) this.resendAttempts = 0; // progress: a slow resend, not a lost one
    const attempts = this.options.resendRequestAttempts ?? 3;
    if (this.resendAttempts >= attempts) {
      this.finish(
        'resend request unanswered',
        new FixSessionError(
          'RESEND_TIMEOUT',
          `ResendRequest from ${this.nextIn} unanswered after ${attempts} attempts of ${timeoutMs} ms`,
        ),
      );
      return;
    }
    this.counters.resendRetries++;
    this.log.warn({ from: this.nextIn, attempt: this.resendAttempts + 1 }, 'ResendRequest unanswered; sending again');
    this.sendResendRequest();
  }

  private setGap(gap: { from: number; to: number } | undefined): void {
    const before = this.openGap;
    if (!gap && !before) return;
    if (gap && before && gap.from === before.from && gap.to === before.to) return;
    this.openGap = gap;
    const range = gap ?? (before as { from: number; to: number });
    this.emit({ type: 'gap', open: gap !== undefined, from: range.from, to: range.to });
  }

  private onSequenceResetMode(message: FixMessage, seq: number): void {
    const newSeqNo = this.sessionInt(message, seq, Tag.NewSeqNo);
    if (newSeqNo === null) return;
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
    if (newSeqNo > this.nextIn) this.reportSkipped(this.nextIn, newSeqNo - 1);
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
    const seq = message.getInt(Tag.MsgSeqNum) ?? 0;
    const beginValue = this.sessionInt(message, seq, Tag.BeginSeqNo);
    const endValue = beginValue === null ? null : this.sessionInt(message, seq, Tag.EndSeqNo);
    if (beginValue === null || endValue === null) return;
    const begin = beginValue ?? 0;
    const requestedEnd = endValue ?? 0;
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

  /**
   * An integer field a session rule depends on (7, 16, 36). A malformed one is answered with a session Reject
   * (373=6 incorrect data format) and reported as null, instead of throwing out of the inbound path.
   */
  private sessionInt(message: FixMessage, seq: number, tag: number): number | undefined | null {
    try {
      return message.getInt(tag);
    } catch {
      this.log.warn({ seq, tag, value: message.get(tag) }, 'malformed integer in a session message; rejected');
      this.write(MsgType.Reject, [
        [Tag.RefSeqNum, String(seq)],
        [Tag.RefTagID, String(tag)],
        [Tag.RefMsgType, message.msgType],
        [Tag.SessionRejectReason, '6'],
        [Tag.Text, `Incorrect data format for value (${tag})`],
      ]);
      return null;
    }
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
    let reject: SessionReject;
    try {
      reject = readSessionReject(message);
    } catch (error) {
      this.log.warn({ err: (error as Error).message, fix: redactFix(message.raw) }, 'unreadable session Reject');
      return;
    }
    this.emit({ type: 'reject', reject });
  }

  // ---- timers ------------------------------------------------------------------------------------------------

  /** A clock timer whose callback can never throw into the clock (a timer callback has nobody to throw to). */
  private timer(callback: () => void, delayMs: number): TimerHandle {
    return this.options.clock.setTimeout(() => {
      try {
        callback();
      } catch (error) {
        this.counters.inboundErrors++;
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'session timer failed');
      }
    }, delayMs);
  }

  private armHeartbeat(): void {
    this.options.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.timer(() => {
      this.heartbeatTimer = undefined;
      if (this.current === 'active') this.sendHeartbeat();
    }, this.heartBtIntMs);
  }

  /**
   * Any inbound message proves the venue is alive: report it responsive again, cancel a pending TestRequest and
   * restart the silence timers (TestRequest at 1.2 x HeartBtInt, unresponsive at 1.5 x HeartBtInt).
   */
  private touchInbound(): void {
    if (this.current !== 'active') return;
    const clock = this.options.clock;
    const now = clock.now();
    const silentMs = this.responsive ? 0 : this.lastInboundMs === 0 ? 0 : now - this.lastInboundMs;
    this.lastInboundMs = now;
    if (!this.responsive) {
      this.responsive = true;
      this.emit({ type: 'liveness', responsive: true, silentMs });
    }
    clock.clearTimeout(this.testRequestTimer);
    this.testRequestTimer = undefined;
    this.pendingTestReqId = undefined;
    clock.clearTimeout(this.inboundTimer);
    const delay = Math.round(this.heartBtIntMs * (this.options.testRequestDelayFactor ?? 1.2));
    this.inboundTimer = this.timer(() => {
      this.inboundTimer = undefined;
      this.onInboundSilence();
    }, delay);
    clock.clearTimeout(this.livenessTimer);
    this.livenessTimer = this.timer(
      () => {
        this.livenessTimer = undefined;
        this.markUnresponsive();
      },
      this.options.unresponsiveAfterMs ?? Math.round(this.heartBtIntMs * 1.5),
    );
  }

  private markUnresponsive(): void {
    if (!this.responsive) return;
    this.responsive = false;
    const silentMs = this.options.clock.now() - this.lastInboundMs;
    this.log.warn({ silentMs }, 'venue unresponsive: no inbound message');
    this.emit({ type: 'liveness', responsive: false, silentMs });
  }

  private onInboundSilence(): void {
    if (this.current !== 'active') return;
    const id = `TEST-${++this.testRequestCounter}`;
    this.pendingTestReqId = id;
    this.counters.testRequestsOut++;
    this.write(MsgType.TestRequest, [[Tag.TestReqID, id]]);
    const timeoutMs = this.options.testRequestTimeoutMs ?? this.heartBtIntMs;
    this.testRequestTimer = this.timer(() => {
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
    clock.clearTimeout(this.livenessTimer);
    clock.clearTimeout(this.testRequestTimer);
    clock.clearTimeout(this.resendTimer);
    this.heartbeatTimer = this.inboundTimer = this.livenessTimer = this.testRequestTimer = this.resendTimer = undefined;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  private finish(reason: string, error?: FixSessionError): void {
    if (this.current === 'closed') return;
    this.clearLivenessTimers();
    this.options.clock.clearTimeout(this.logonTimer);
    this.options.clock.clearTimeout(this.logoutTimer);
    this.logonTimer = this.logoutTimer = undefined;
    this.queue.clear();
    this.resendTarget = 0;
    this.pendingTestReqId = undefined;
    this.persist();
    this.setState('closed');
    if (error) this.log.warn({ code: error.code, venueText: error.venueText }, `session closed: ${reason}`);
    else this.log.info(`session closed: ${reason}`);
    if (this.responsive) {
      this.responsive = false;
      this.emit({ type: 'liveness', responsive: false, silentMs: this.options.clock.now() - this.lastInboundMs });
    }
    // The gap cannot be filled on this connection any more; the next logon finds it again if it still matters.
    this.setGap(undefined);
    // Report before dropping the socket: a transport whose close is synchronous must already know why.
    this.emit(error ? { type: 'closed', reason, error } : { type: 'closed', reason });
    this.sink.close();
  }

  /** A method, not a field read, so that the compiler does not narrow `current` across calls that change it. */
  private isClosed(): boolean {
    return this.current === 'closed';
  }

  private setState(state: FixEngineState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit({ type: 'state', state });
  }

  /** Reports an event; a listener that throws is counted and logged, never allowed back into the session rules. */
  private emit(event: FixSessionEvent): void {
    try {
      this.sink.event(event);
    } catch (error) {
      this.counters.inboundErrors++;
      const raw = event.type === 'app' ? redactFix(event.message.raw) : undefined;
      this.log.error(
        {
          err: error instanceof Error ? error.message : String(error),
          event: event.type,
          ...(raw ? { fix: raw } : {}),
        },
        'session event listener threw; message skipped',
      );
    }
  }

  /** Saves the numbers; false when the store failed synchronously (a write-behind failure is only logged). */
  private persist(): boolean {
    const store = this.options.store;
    if (!store) return true;
    try {
      const result = store.save({ nextOutgoing: this.nextOut, nextIncoming: this.nextIn });
      if (result)
        result.catch((error: unknown) => this.log.error({ err: String(error) }, 'sequence store save failed'));
      return true;
    } catch (error) {
      this.log.error({ err: String(error) }, 'sequence store save failed');
      return false;
    }
  }

  /** TestReqID of the TestRequest awaiting an answer, if any (for diagnostics and tests). */
  get pendingTestRequest(): string | undefined {
    return this.pendingTestReqId;
  }
}
