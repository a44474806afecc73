import type { Clock, TimerHandle } from '@truex-mm/clock';
import {
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
  decodeFix,
  encodeFix,
  FixDecodeError,
  FixEncodeError,
  FixFrameSplitter,
  FixMessageEncoder,
  formatUtcTimestamp,
  MsgType,
  readSessionReject,
  Tag,
  type FixBody,
  type FixField,
  type FixFrameError,
  type FixMessage,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  type OutboundHeader,
  type SessionReject,
} from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import type { AcceptorRole, FrameViolation } from './acceptor-role';
import { emptyCounters, type FixSessionCounters } from './counters';
import { FixLogonError, FixSessionError, type FixSessionErrorCode } from './errors';
import { FrameSlab } from './frame-slab';
import { checkHeader, type HeaderProblem } from './header-check';
import { trueXLogonSignature } from './logon-signature';
import type { MessageStore } from './message-store';
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
  /**
   * Writes one frame. `msgType`, `seq` and `possDup` (a retransmission: gap fill, replay, duplicate) describe it for
   * transports that count or filter what they write (a venue's fault injection); passed apart so nothing is allocated.
   */
  write(frame: Buffer, msgType: string, seq: number, possDup: boolean): void;
  /** Drop the connection now. The engine is already closed when this is called. */
  close(): void;
  event(event: FixSessionEvent): void;
}

/** Options both roles share. */
export interface SessionEngineCommonOptions {
  /** Our CompID (49 of what we send). */
  senderCompId: string;
  clock: Clock;
  /** Default 30. An acceptor takes the counterparty's 108 unless this forces a value. */
  heartBtIntSec?: number;
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
  /** Shared with the transport so counts survive reconnects. */
  counters?: FixSessionCounters;
  logger?: Logger;
  beginString?: string;
  /** 1137 on our Logon (or Logon ack); TrueX acks with 9 (FIX.5.0SP2). */
  defaultApplVerId?: string;
  /** SendingTime (52) of what we send. Default `formatUtcTimestamp(clock.now())` (ms); a venue may use its own form. */
  sendingTime?: () => string;
}

/** The initiator: we log on first, signed with TrueX's HMAC. */
export interface FixSessionEngineOptions extends SessionEngineCommonOptions {
  targetCompId: string;
  apiKey: string;
  apiSecret: string;
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
  /** Sequence numbers to start from when not resetting on logon (loaded from the store by the transport). */
  sequence?: SequenceNumbers;
  store?: SequenceStore;
}

/**
 * The acceptor: the counterparty logs on first, `acceptor` holds the venue's part (authentication, texts, faults).
 * Session numbers come from the accepted Logon's {@link MessageStore}. The SendingTime check is off unless
 * `maxSendingTimeSkewMs` is given, and a ResendRequest is sent once unless `resendRequestTimeoutMs` is given.
 */
export interface FixAcceptorEngineOptions extends SessionEngineCommonOptions {
  acceptor: AcceptorRole;
}

type EngineOptions = SessionEngineCommonOptions &
  Partial<Omit<FixSessionEngineOptions, keyof SessionEngineCommonOptions>> & { acceptor?: AcceptorRole };

/** Session-level message types: never stored for a resend, gap-filled instead. */
const ADMIN_TYPES = new Set<string>([
  MsgType.Heartbeat,
  MsgType.TestRequest,
  MsgType.ResendRequest,
  MsgType.Reject,
  MsgType.SequenceReset,
  MsgType.Logout,
  MsgType.Logon,
]);

/** Message types the engine owns; the application may not send them through {@link FixSessionEngine.send}. */
const ENGINE_OWNED = new Set<string>([
  MsgType.Logon,
  MsgType.Logout,
  MsgType.Heartbeat,
  MsgType.TestRequest,
  MsgType.ResendRequest,
  MsgType.SequenceReset,
]);

/** What an outbound frame is encoded from: a body of fields, or one of the typed order-entry messages. */
const enum Outbound {
  Body,
  NewOrderSingle,
  OrderCancelRequest,
  OrderCancelReplaceRequest,
}

type TypedOrderMessage = Readonly<NewOrderSingle> | Readonly<OrderCancelRequest> | Readonly<OrderCancelReplaceRequest>;

/** Room asked of the slab before encoding a frame; a frame that does not fit is encoded again with more. */
const FRAME_ROOM = 4096;

/**
 * Every engine encodes its outbound frames into this one slab (engines run on one thread, one frame at a time);
 * each frame is a view of bytes never written again, so a transport may keep it while a socket write is pending.
 */
const frames = new FrameSlab();

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
 *
 * Both roles, as QuickFIX/J's Session: constructed with {@link FixAcceptorEngineOptions} the engine is the venue's
 * side of the connection. It waits for the counterparty's Logon, refuses a first message that is not one, asks its
 * {@link AcceptorRole} to authorize it, resets on 141=Y, refuses a too-low MsgSeqNum with a Logout, acknowledges
 * (108, 141=Y after a venue reset, 1137) and asks for what a continuing Logon skipped; a ResendRequest replays the
 * application messages of its {@link MessageStore} with 43=Y and gap-fills the rest; unanswered TestRequests repeat
 * and end in the role's silence Logout; malformed frames are rejected with their number consumed.
 */
export class FixSessionEngine {
  private current: FixEngineState = 'idle';
  private nextOut: number;
  private nextIn: number;
  private readonly splitter: FixFrameSplitter;
  private readonly options: EngineOptions;
  private readonly acceptor: AcceptorRole | undefined;
  private heartBtIntMs: number;
  private readonly resetOnLogon: boolean;
  /** TargetCompID of what we send: the venue's (initiator), the client's from its Logon (acceptor). */
  private counterparty: string;
  /** Acceptor: the accepted session's numbers and sent messages, replayed on a ResendRequest. */
  private messages: MessageStore | undefined;
  /** Inbound messages the acceptor's wire checks refused: rejected, not processed, when their turn comes. */
  private readonly violations = new WeakMap<FixMessage, FrameViolation>();
  /** A continuing Logon queued behind the gap it opened: only its number is consumed when its turn comes. */
  private readonly consumedOnly = new WeakSet<FixMessage>();
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
  private testRequestRepeatTimer: TimerHandle | undefined;
  private resendTimer: TimerHandle | undefined;
  private logonTimer: TimerHandle | undefined;
  private logoutTimer: TimerHandle | undefined;
  /** Clock time of our last message while active: the one heartbeat timer re-arms itself from it. */
  private lastSentMs = 0;
  private readonly onHeartbeatDue = (): void => this.heartbeatDue();
  private readonly onFrameCallback = (frame: Buffer): void => this.onFrameGuarded(frame);
  private readonly onGarbledCallback = (error: FixFrameError): void => this.onGarbled(error);
  private readonly onInboundSilenceDue = (): void => this.inboundSilenceDue();
  private readonly onLivenessDue = (): void => this.livenessDue();
  /** Encodes our frames (49 and 56 pre-encoded); replaced when the counterparty changes (an acceptor's Logon). */
  private encoder: FixMessageEncoder | undefined;
  private encoderTarget = '';
  /** The header of the frame being written, reused for every message. */
  private readonly header: OutboundHeader = { msgSeqNum: 1, sendingTime: 0, possDupFlag: undefined };
  /** The numbers handed to the store, reused (stores copy the values). */
  private readonly numbers: SequenceNumbers = { nextOutgoing: 1, nextIncoming: 1 };
  /** The store's last write-behind promise, already watched for failure. */
  private watchedSave: Promise<void> | undefined;

  constructor(
    options: FixSessionEngineOptions | FixAcceptorEngineOptions,
    private readonly sink: FixSessionSink,
  ) {
    this.options = options;
    this.acceptor = 'acceptor' in options ? options.acceptor : undefined;
    this.counterparty = 'targetCompId' in options ? options.targetCompId : '';
    this.heartBtIntMs = (options.heartBtIntSec ?? 30) * 1000;
    this.resetOnLogon = this.options.resetOnLogon ?? this.options.resetSeqNumOnLogon ?? true;
    this.nextOut = this.options.sequence?.nextOutgoing ?? 1;
    this.nextIn = this.options.sequence?.nextIncoming ?? 1;
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

  /** The CompID of the other side (the client's once an acceptor accepted its Logon). */
  get counterpartyCompId(): string {
    return this.counterparty;
  }

  /**
   * The transport connected: an initiator sends its Logon and starts the logon timeout; an acceptor waits for the
   * counterparty's Logon (state `logging-on`).
   */
  connected(): void {
    if (this.current !== 'idle') return;
    if (this.acceptor) {
      this.setState('logging-on');
      return;
    }
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
      this.splitter.push(chunk, this.onFrameCallback, this.onGarbledCallback);
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

  /**
   * Sends a NewOrderSingle (35=D) encoded straight from the order, without building a body of fields: the same bytes
   * as `send('D', buildNewOrderSingle(order))`, with the same return value and errors.
   */
  sendNewOrderSingle(order: Readonly<NewOrderSingle>): number | undefined {
    if (this.current !== 'active') return undefined;
    return this.writeFrame(Outbound.NewOrderSingle, MsgType.NewOrderSingle, undefined, order, 0, false, undefined);
  }

  /** Sends an OrderCancelRequest (35=F); the same bytes as `send('F', buildOrderCancelRequest(cancel))`. */
  sendOrderCancelRequest(cancel: Readonly<OrderCancelRequest>): number | undefined {
    if (this.current !== 'active') return undefined;
    return this.writeFrame(
      Outbound.OrderCancelRequest,
      MsgType.OrderCancelRequest,
      undefined,
      cancel,
      0,
      false,
      undefined,
    );
  }

  /** Sends an OrderCancelReplaceRequest (35=G); the same bytes as `send('G', buildOrderCancelReplaceRequest(r))`. */
  sendOrderCancelReplaceRequest(replace: Readonly<OrderCancelReplaceRequest>): number | undefined {
    if (this.current !== 'active') return undefined;
    return this.writeFrame(
      Outbound.OrderCancelReplaceRequest,
      MsgType.OrderCancelReplaceRequest,
      undefined,
      replace,
      0,
      false,
      undefined,
    );
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

  /**
   * Ends an active session from our side without waiting for the reply (a venue logging a client out): Logout with
   * 1409 (if given) and 58, then the connection goes.
   */
  endSession(text: string, sessionStatus?: number): void {
    if (this.current !== 'active') return;
    const body: FixField[] = [];
    if (sessionStatus !== undefined) body.push([Tag.SessionStatus, String(sessionStatus)]);
    body.push([Tag.Text, text]);
    this.write(MsgType.Logout, body);
    this.finish(`logged out: ${text}`);
  }

  /**
   * Writes the stored application message `seq` again with 43=Y (fault injection: a duplicate the counterparty must
   * ignore). False when the session is not active or the store does not hold it.
   */
  retransmit(seq: number): boolean {
    const stored = this.current === 'active' ? this.messages?.get(seq) : undefined;
    if (!stored) return false;
    this.write(stored.msgType, stored.body, seq, true);
    return true;
  }

  // ---- outbound ----------------------------------------------------------------------------------------------

  private sendLogon(): void {
    const sendingTime = this.sendingTime();
    const seq = this.nextOut;
    const o = this.options;
    const apiKey = o.apiKey ?? '';
    const signature = trueXLogonSignature({
      secret: o.apiSecret ?? '',
      sendingTime,
      msgSeqNum: seq,
      senderCompId: o.senderCompId,
      targetCompId: this.counterparty,
      apiKey,
    });
    const body: Array<readonly [number, string]> = [
      [Tag.EncryptMethod, '0'],
      [Tag.HeartBtInt, String(this.heartBtIntMs / 1000)],
    ];
    if (this.resetting) body.push([Tag.ResetSeqNumFlag, 'Y']);
    body.push([Tag.Username, apiKey], [Tag.Password, signature], [Tag.DefaultApplVerID, o.defaultApplVerId ?? '9']);
    this.write(MsgType.Logon, body, 0, false, sendingTime);
  }

  /** Writes a message from a body of fields; `seq` 0 takes the next MsgSeqNum, any other is a retransmission's. */
  private write(msgType: string, body: FixBody, seq = 0, possDup = false, sendingTime?: string): number | undefined {
    return this.writeFrame(Outbound.Body, msgType, body, undefined, seq, possDup, sendingTime);
  }

  /**
   * Encodes one frame (34, 52, 43 into the reused header; the bytes into the shared slab), uses up its number when
   * `seqArg` is 0 (durable before the frame reaches the wire), writes it and keeps the heartbeat timer running.
   * Allocates only the frame's Buffer view.
   */
  private writeFrame(
    kind: Outbound,
    msgType: string,
    body: FixBody | undefined,
    typed: TypedOrderMessage | undefined,
    seqArg: number,
    possDup: boolean,
    sendingTime: string | undefined,
  ): number | undefined {
    const seq = seqArg === 0 ? this.nextOut : seqArg;
    const now = this.options.clock.now();
    const header = this.header;
    header.msgSeqNum = seq;
    // Epoch ms: the encoder writes the digits itself (the date part cached per day), no string is formatted.
    header.sendingTime = sendingTime ?? this.options.sendingTime?.() ?? now;
    header.possDupFlag = possDup ? true : undefined;
    // Encoded before the number is used up: a body that cannot be encoded must not leave a hole in our sequence.
    const frame = this.encodeFrame(kind, msgType, body, typed);
    if (seqArg === 0) {
      this.nextOut = seq + 1;
      // Kept for a ResendRequest; session messages are gap-filled instead, as FIX prescribes.
      if (this.messages && !ADMIN_TYPES.has(msgType)) {
        this.messages.add(seq, { msgType, body: body ?? orderBody(kind, typed!) });
      }
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
    this.sink.write(frame, msgType, seq, possDup);
    if (this.current === 'active') {
      // One timer for the whole session: it checks the outbound silence when it falls due (see heartbeatDue).
      this.lastSentMs = now;
      if (this.heartbeatTimer === undefined) this.heartbeatTimer = this.timer(this.onHeartbeatDue, this.heartBtIntMs);
    }
    return seq;
  }

  /** The frame in the shared slab, a view of its own bytes; FixEncodeError for a body that cannot be encoded. */
  private encodeFrame(
    kind: Outbound,
    msgType: string,
    body: FixBody | undefined,
    typed: TypedOrderMessage | undefined,
  ): Buffer {
    if (this.encoder === undefined || this.encoderTarget !== this.counterparty) {
      this.encoder = new FixMessageEncoder({
        senderCompId: this.options.senderCompId,
        targetCompId: this.counterparty,
        ...(this.options.beginString !== undefined ? { beginString: this.options.beginString } : {}),
      });
      this.encoderTarget = this.counterparty;
    }
    const encoder = this.encoder;
    const header = this.header;
    for (let room = FRAME_ROOM; ; room *= 4) {
      const target = frames.target(room);
      const offset = frames.offset;
      try {
        let length: number;
        switch (kind) {
          case Outbound.NewOrderSingle:
            length = encoder.newOrderSingleInto(target, offset, header, typed as NewOrderSingle);
            break;
          case Outbound.OrderCancelRequest:
            length = encoder.orderCancelRequestInto(target, offset, header, typed as OrderCancelRequest);
            break;
          case Outbound.OrderCancelReplaceRequest:
            length = encoder.orderCancelReplaceRequestInto(target, offset, header, typed as OrderCancelReplaceRequest);
            break;
          default:
            length = encoder.encodeInto(target, offset, msgType, header, body!);
        }
        return frames.take(length);
      } catch (error) {
        // Larger than the room left in the slab: again in a fresh slab with more room.
        if (!(error instanceof FixEncodeError) || error.code !== 'TARGET_TOO_SMALL') throw error;
      }
    }
  }

  /** A reply before any session exists (an acceptor refusing a Logon): 34=1, nothing stored, no number used. */
  private writeUnsequenced(msgType: string, body: FixBody): void {
    const frame = encodeFix(
      msgType,
      {
        senderCompId: this.options.senderCompId,
        targetCompId: this.counterparty || 'UNKNOWN',
        msgSeqNum: 1,
        sendingTime: this.sendingTime(),
      },
      body,
      this.options.beginString,
    );
    this.counters.messagesOut++;
    this.sink.write(frame, msgType, 1, false);
  }

  private sendingTime(): string {
    return this.options.sendingTime?.() ?? formatUtcTimestamp(this.options.clock.now());
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
    const violation = this.acceptor?.inspectFrame?.(frame);
    let message: FixMessage;
    let seq: number | undefined;
    let sendingTimeMs: number | undefined;
    try {
      // The splitter has already checked BodyLength and CheckSum.
      message = decodeFix(frame, { verify: false });
      seq = message.getInt(Tag.MsgSeqNum);
      sendingTimeMs = message.getTimestamp(Tag.SendingTime)?.epochMs;
    } catch (error) {
      if (this.acceptor) {
        this.rejectUndecodable(frame, error, violation);
        return;
      }
      this.counters.garbled++;
      this.log.warn({ err: (error as Error).message, fix: redactFix(frame) }, 'undecodable FIX message ignored');
      this.emit({ type: 'error', error: new FixSessionError('GARBLED', 'undecodable message ignored') });
      return;
    }
    this.counters.messagesIn++;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ fix: redactFix(frame) }, 'fix in');
    if (this.acceptor && this.current === 'logging-on') {
      this.onCounterpartyLogon(message, violation);
      return;
    }
    if (violation) this.violations.set(message, violation);
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
        targetCompId: this.options.checkCompIds === false ? (message.get(Tag.SenderCompID) ?? '') : this.counterparty,
        maxSendingTimeSkewMs: this.maxSendingTimeSkewMs(),
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
      this.sendReject(seq, problem.refTagId, message.msgType, problem.sessionRejectReason, problem.text);
    }
    this.write(MsgType.Logout, [[Tag.Text, problem.text]]);
    const detail =
      problem.sessionRejectReason === '9'
        ? `received 49=${message.get(Tag.SenderCompID) ?? ''} 56=${message.get(Tag.TargetCompID) ?? ''}, ` +
          `expected 49=${this.counterparty} 56=${this.options.senderCompId}`
        : `SendingTime ${message.get(Tag.SendingTime) ?? ''} is ${Math.abs(this.options.clock.now() - sendingTimeMs)} ms ` +
          `from our clock (max ${this.maxSendingTimeSkewMs()} ms)`;
    const code = problem.sessionRejectReason === '9' ? 'COMP_ID_PROBLEM' : 'SENDING_TIME_ACCURACY';
    const ErrorType = this.current === 'logging-on' ? FixLogonError : FixSessionError;
    this.finish(problem.text, new ErrorType(code, `${problem.text} on 35=${message.msgType} (${detail})`));
  }

  /** The SendingTime accuracy limit: 120 s for an initiator; off for an acceptor unless configured (TrueX's rule). */
  private maxSendingTimeSkewMs(): number {
    return this.options.maxSendingTimeSkewMs ?? (this.acceptor ? Infinity : 120_000);
  }

  /**
   * Acceptor: the counterparty's first message. A Logon that passes the wire checks and the role's authorization
   * resets on 141=Y (or a venue reset), must not be below the session's expected number, and is acknowledged; one
   * that skips numbers is queued (only its number counts) behind a ResendRequest for what it skipped.
   */
  private onCounterpartyLogon(message: FixMessage, violation: FrameViolation | undefined): void {
    const role = this.acceptor!;
    if (message.msgType !== MsgType.Logon) {
      this.log.warn({ msgType: message.msgType }, 'first message is not a Logon; closing');
      this.finish(
        'first message is not a Logon',
        new FixLogonError('LOGON_REJECTED', `expected a Logon, received 35=${message.msgType}`),
      );
      return;
    }
    this.counterparty = message.get(Tag.SenderCompID) ?? '';
    const seqText = message.get(Tag.MsgSeqNum) ?? '';
    const refuse = (reason: number, text: string): void => {
      this.writeUnsequenced(MsgType.Reject, [
        [Tag.RefSeqNum, seqText || '0'],
        [Tag.SessionRejectReason, String(reason)],
        [Tag.Text, text],
      ]);
      this.counters.logonFailures++;
      this.finish(`logon refused: ${text}`, new FixLogonError('LOGON_REJECTED', 'Logon refused', text));
    };
    if (violation) return refuse(violation.sessionRejectReason, `Invalid tag (${violation.tag})`);
    const verdict = role.authorize(message);
    if (!verdict.accepted) return refuse(verdict.sessionRejectReason, verdict.text);
    const heartBtInt = this.options.heartBtIntSec ?? Number(message.get(Tag.HeartBtInt));
    const seq = Number(seqText);
    if (!Number.isInteger(heartBtInt) || heartBtInt <= 0 || !Number.isInteger(seq) || seq < 1) {
      return refuse(5, 'Invalid Logon: HeartBtInt and MsgSeqNum must be positive integers');
    }
    const store = verdict.store;
    const resetAsked = message.get(Tag.ResetSeqNumFlag) === 'Y';
    // After a venue restart with fresh numbers, a client that asked to continue is told to reset (141=Y).
    const venueReset = verdict.venueReset === true && !resetAsked;
    if (resetAsked || verdict.venueReset === true) store.reset();
    const numbers = store.sequence();
    if (!venueReset && seq < numbers.nextIncoming) {
      const text = `MsgSeqNum too low, expecting ${numbers.nextIncoming} but received ${seq}`;
      this.writeUnsequenced(MsgType.Logout, [[Tag.Text, text]]);
      this.counters.logonFailures++;
      this.finish(text, new FixLogonError('SEQUENCE_TOO_LOW', text));
      return;
    }
    this.messages = store;
    this.nextOut = numbers.nextOutgoing;
    this.nextIn = numbers.nextIncoming;
    this.heartBtIntMs = heartBtInt * 1000;
    this.counters.logons++;
    this.log.info({ counterparty: this.counterparty, heartBtInt, reset: resetAsked, venueReset }, 'logon accepted');
    this.setState('active');
    this.emit({ type: 'logon' });
    if (this.isClosed()) return; // a listener ended the session
    const ack: FixField[] = [[Tag.HeartBtInt, String(heartBtInt)]];
    if (venueReset) ack.push([Tag.ResetSeqNumFlag, 'Y']);
    ack.push([Tag.DefaultApplVerID, this.options.defaultApplVerId ?? '9']);
    this.write(MsgType.Logon, ack);
    if (venueReset) {
      this.nextIn = 2; // both sides restart: the client's Logon counts as its 1, whatever number it carried
    } else if (seq > this.nextIn) {
      this.consumedOnly.add(message);
      this.queue.set(seq, message);
      this.counters.queuedInbound++;
      this.requestResend(seq);
    } else {
      this.nextIn = seq + 1;
    }
    this.persist();
    this.armHeartbeat();
    this.touchInbound();
  }

  /**
   * Acceptor: a frame with a good checksum the decoder refuses. Before logon the connection goes; after it, a session
   * Reject names the tag, and the message's number is consumed so that it does not open a gap.
   */
  private rejectUndecodable(frame: Buffer, error: unknown, violation: FrameViolation | undefined): void {
    this.counters.garbled++;
    const reason = error instanceof Error ? error.message : String(error);
    this.log.warn({ err: reason, fix: redactFix(frame) }, 'undecodable inbound message');
    if (this.current !== 'active') {
      this.finish('undecodable message before logon', new FixSessionError('GARBLED', `undecodable Logon: ${reason}`));
      return;
    }
    const seqText = rawField(frame, Tag.MsgSeqNum);
    const seq = seqText !== undefined && /^\d+$/.test(seqText) ? Number(seqText) : undefined;
    const tag = violation?.tag ?? (error instanceof FixDecodeError ? error.tag : undefined);
    this.sendReject(
      seq ?? 0,
      tag,
      rawField(frame, Tag.MsgType),
      violation?.sessionRejectReason ?? 6,
      tag !== undefined ? `Invalid tag (${tag})` : reason,
    );
    if (seq === this.nextIn) {
      this.nextIn++;
      this.persist();
    }
  }

  /** A session Reject (35=3): 45, then 371 and 372 when known, 373, 58. */
  private sendReject(
    refSeqNum: number,
    refTagId: number | undefined,
    refMsgType: string | undefined,
    reason: number | string,
    text: string,
  ): void {
    const body: FixField[] = [[Tag.RefSeqNum, String(refSeqNum)]];
    if (refTagId !== undefined) body.push([Tag.RefTagID, String(refTagId)]);
    if (refMsgType !== undefined) body.push([Tag.RefMsgType, refMsgType]);
    body.push([Tag.SessionRejectReason, String(reason)], [Tag.Text, text]);
    this.write(MsgType.Reject, body);
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
      if (type === MsgType.ResendRequest && !this.answeredResends.has(seq) && !this.violations.has(message)) {
        this.answeredResends.add(seq);
        this.answerResendRequest(message);
      }
      this.queue.set(seq, message);
      this.counters.queuedInbound++;
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
    const violation = this.acceptor ? this.violations.get(message) : undefined;
    if (violation || (this.acceptor && this.consumedOnly.has(message))) {
      this.nextIn = seq + 1;
      this.persist();
      if (violation)
        this.sendReject(seq, violation.tag, type, violation.sessionRejectReason, `Invalid tag (${violation.tag})`);
      return;
    }
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
        // Acceptor: a Logon on a session already logged on is refused, the session stays.
        if (this.acceptor) this.sendReject(seq, undefined, type, 99, this.acceptor.alreadyLoggedOnText);
        // Initiator: the ack itself, or a Logon after it; either way only its sequence number matters now.
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
    // An acceptor asks once unless told otherwise (the simulated venue never re-sent a ResendRequest).
    const timeoutMs = this.options.resendRequestTimeoutMs ?? (this.acceptor ? Infinity : 5000);
    if (!Number.isFinite(timeoutMs)) return;
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
      const text =
        this.acceptor?.sequenceResetRejectText?.(message.get(Tag.NewSeqNo)) ?? 'NewSeqNo lower than expected MsgSeqNum';
      this.sendReject(seq, Tag.NewSeqNo, MsgType.SequenceReset, '5', text);
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
    if (this.acceptor?.answerResendRequest?.() === false) return;
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
    if (this.messages) {
      this.replay(begin, end);
      return;
    }
    this.counters.gapFillsSent++;
    this.write(
      MsgType.SequenceReset,
      [
        [Tag.GapFillFlag, 'Y'],
        [Tag.NewSeqNo, String(end + 1)],
      ],
      begin,
      true,
    );
  }

  /**
   * Answers a ResendRequest from the message store: stored application messages again with 43=Y and a fresh 52 (no
   * 122), every run of numbers it does not hold (session messages, evicted ones) as one SequenceReset-GapFill.
   */
  private replay(begin: number, end: number): void {
    const store = this.messages!;
    let gapStart: number | undefined;
    const fillGap = (upTo: number): void => {
      if (gapStart === undefined) return;
      this.counters.gapFillsSent++;
      this.write(
        MsgType.SequenceReset,
        [
          [Tag.GapFillFlag, 'Y'],
          [Tag.NewSeqNo, String(upTo)],
        ],
        gapStart,
        true,
      );
      gapStart = undefined;
    };
    for (let seq = begin; seq <= end; seq++) {
      const stored = store.get(seq);
      if (!stored) {
        gapStart ??= seq;
        continue;
      }
      fillGap(seq);
      this.write(stored.msgType, stored.body, seq, true);
    }
    fillGap(end + 1);
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
      this.sendReject(seq, tag, message.msgType, '6', `Incorrect data format for value (${tag})`);
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
    const who = this.acceptor ? 'client' : 'venue';
    this.finish(text ? `${who} logged out: ${text}` : `${who} logged out`);
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

  /** Starts the heartbeat interval afresh (at logon). */
  private armHeartbeat(): void {
    this.options.clock.clearTimeout(this.heartbeatTimer);
    this.lastSentMs = this.options.clock.now();
    this.heartbeatTimer = this.timer(this.onHeartbeatDue, this.heartBtIntMs);
  }

  /**
   * The heartbeat timer fell due. It is not re-armed by every message we send (that would create a timer per
   * message): if we sent something since it was armed, it waits for the rest of the interval from that message;
   * otherwise HeartBtInt of outbound silence has passed and a Heartbeat goes (which arms the timer again).
   */
  private heartbeatDue(): void {
    this.heartbeatTimer = undefined;
    if (this.current !== 'active') return;
    const silentMs = this.options.clock.now() - this.lastSentMs;
    if (silentMs >= this.heartBtIntMs) this.sendHeartbeat();
    else this.heartbeatTimer = this.timer(this.onHeartbeatDue, this.heartBtIntMs - silentMs);
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
    if (this.testRequestTimer !== undefined || this.testRequestRepeatTimer !== undefined) {
      clock.clearTimeout(this.testRequestTimer);
      clock.clearTimeout(this.testRequestRepeatTimer);
      this.testRequestTimer = this.testRequestRepeatTimer = undefined;
    }
    this.pendingTestReqId = undefined;
    // Armed once and re-armed lazily from lastInboundMs when they fall due (inboundSilenceDue, livenessDue), not
    // replaced by every inbound message.
    this.inboundTimer ??= this.timer(this.onInboundSilenceDue, this.testRequestDelayMs());
    this.livenessTimer ??= this.timer(this.onLivenessDue, this.unresponsiveAfterMs());
  }

  /** Inbound silence before we send a TestRequest (1.2 x HeartBtInt). */
  private testRequestDelayMs(): number {
    return Math.round(this.heartBtIntMs * (this.options.testRequestDelayFactor ?? 1.2));
  }

  private unresponsiveAfterMs(): number {
    return this.options.unresponsiveAfterMs ?? Math.round(this.heartBtIntMs * 1.5);
  }

  /** The TestRequest timer fell due: a TestRequest if the venue really was silent that long, else wait the rest. */
  private inboundSilenceDue(): void {
    this.inboundTimer = undefined;
    if (this.current !== 'active') return;
    const silentMs = this.options.clock.now() - this.lastInboundMs;
    const delayMs = this.testRequestDelayMs();
    if (silentMs >= delayMs) this.onInboundSilence();
    else this.inboundTimer = this.timer(this.onInboundSilenceDue, delayMs - silentMs);
  }

  /** The liveness timer fell due: unresponsive if the venue really was silent that long, else wait the rest. */
  private livenessDue(): void {
    this.livenessTimer = undefined;
    if (this.current !== 'active') return;
    const silentMs = this.options.clock.now() - this.lastInboundMs;
    const afterMs = this.unresponsiveAfterMs();
    if (silentMs >= afterMs) this.markUnresponsive();
    else this.livenessTimer = this.timer(this.onLivenessDue, afterMs - silentMs);
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
    const id = this.sendTestRequest();
    // An acceptor's silence Logout falls due at twice the TestRequest delay after the last inbound message (TrueX).
    const timeoutMs =
      this.options.testRequestTimeoutMs ?? (this.acceptor ? this.testRequestDelayMs() : this.heartBtIntMs);
    this.testRequestTimer = this.timer(() => {
      this.testRequestTimer = undefined;
      const silence = this.acceptor?.silenceLogout;
      if (silence) {
        this.log.warn({ counterparty: this.counterparty, timeoutMs }, 'counterparty silent: logging out');
        this.endSession(silence.text, silence.sessionStatus);
        return;
      }
      this.finish(
        'test request timeout',
        new FixSessionError('TEST_REQUEST_TIMEOUT', `TestRequest ${id} unanswered for ${timeoutMs} ms`),
      );
    }, timeoutMs);
  }

  /** Sends a TestRequest and, for a role that repeats them, arms the next one. */
  private sendTestRequest(): string {
    const n = ++this.testRequestCounter;
    const id = this.acceptor?.testRequestId?.(this.counterparty, n) ?? `TEST-${n}`;
    this.pendingTestReqId = id;
    this.counters.testRequestsOut++;
    this.write(MsgType.TestRequest, [[Tag.TestReqID, id]]);
    const repeatMs = this.acceptor?.testRequestRepeatMs;
    if (repeatMs !== undefined && this.current === 'active') {
      this.testRequestRepeatTimer = this.timer(() => {
        this.testRequestRepeatTimer = undefined;
        if (this.current === 'active' && this.pendingTestReqId !== undefined) this.sendTestRequest();
      }, repeatMs);
    }
    return id;
  }

  private clearLivenessTimers(): void {
    const clock = this.options.clock;
    clock.clearTimeout(this.heartbeatTimer);
    clock.clearTimeout(this.inboundTimer);
    clock.clearTimeout(this.livenessTimer);
    clock.clearTimeout(this.testRequestTimer);
    clock.clearTimeout(this.resendTimer);
    clock.clearTimeout(this.testRequestRepeatTimer);
    this.heartbeatTimer = this.inboundTimer = this.livenessTimer = this.testRequestTimer = this.resendTimer = undefined;
    this.testRequestRepeatTimer = undefined;
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
    const store = this.messages ?? this.options.store;
    if (!store) return true;
    try {
      const numbers = this.numbers;
      numbers.nextOutgoing = this.nextOut;
      numbers.nextIncoming = this.nextIn;
      const result = store.save(numbers);
      // A store hands every save of one event-loop turn the same write-behind promise: watch each one once.
      if (result && result !== this.watchedSave) {
        this.watchedSave = result;
        result.catch((error: unknown) => this.log.error({ err: String(error) }, 'sequence store save failed'));
      }
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

/** The body of fields of a typed order message (kept by an acceptor's message store for a resend). */
function orderBody(kind: Outbound, message: TypedOrderMessage): FixBody {
  switch (kind) {
    case Outbound.NewOrderSingle:
      return buildNewOrderSingle(message as NewOrderSingle);
    case Outbound.OrderCancelRequest:
      return buildOrderCancelRequest(message as OrderCancelRequest);
    default:
      return buildOrderCancelReplaceRequest(message as OrderCancelReplaceRequest);
  }
}

/** First value of `tag` in a frame the decoder refused (so no FixMessage exists). */
function rawField(frame: Buffer, tag: number): string | undefined {
  const key = Buffer.from(`\x01${tag}=`, 'latin1');
  const at = frame.indexOf(key);
  if (at < 0) return undefined;
  const start = at + key.length;
  const end = frame.indexOf(0x01, start);
  return frame.toString('latin1', start, end < 0 ? frame.length : end);
}
