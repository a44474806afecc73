import pino, { type Logger } from 'pino';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import {
  FixDecodeError,
  FixFrameSplitter,
  decodeFix,
  encodeFix,
  type FixBody,
  type FixFrameError,
  type FixMessage,
} from '@truex-mm/fix-codec';
import { FaultPlan } from './fault-plan';
import { isValidLogonSignature } from './logon-signature';
import { MessageRateLimiter } from './message-rate-limiter';
import { RejectText } from './order-entry-rules';
import { SessionRegistry, type SessionConnection, type SessionState } from './session-registry';
import { VenueTimestamps } from './venue-timestamps';
import { checkWireOrder, type WireOrderViolation } from './wire-order-check';

/** Session-level message types; everything else is an application message. */
const ADMIN_TYPES = new Set(['0', '1', '2', '3', '4', '5', 'A']);

export type AcceptorState = 'awaiting-logon' | 'active' | 'closed';

export interface AcceptorCounters {
  framesIn: number;
  messagesOut: number;
  garbledFrames: number;
  sessionRejectsOut: number;
  businessRejectsOut: number;
  resendRequestsOut: number;
  resendRequestsIn: number;
  /** ResendRequests left unanswered under the `ignoreResendRequests` fault. */
  resendRequestsIgnored: number;
  testRequestsOut: number;
  heartbeatsOut: number;
  droppedOutbound: number;
  queuedInbound: number;
}

export interface AcceptorSessionOptions {
  /** The venue's CompID on this gateway, e.g. TRUEX_UAT_OE; clients must target it. */
  venueCompId: string;
  registry: SessionRegistry;
  /** Application message types this gateway serves (D/F/G on order entry, V on market data). */
  applicationTypes: ReadonlySet<string>;
  /** Receives every in-sequence application message that passed the session rules. */
  onApplication: (session: SessionState, msg: FixMessage) => void;
  /** Writes bytes to the transport. */
  write: (bytes: Buffer) => void;
  /** Closes the transport (the session calls it once, after its last write). */
  close: () => void;
  clock: Clock;
  /** Forces HeartBtInt (seconds) instead of the client's 108. */
  heartBtIntSec?: number;
  /** Application messages per second before 35=j 380=8; 0 = unlimited. Read on every message. */
  messageRateLimitPerSec?: () => number;
  faults?: FaultPlan;
  logger?: Logger;
  /**
   * Called once when a connection that was logged on ends for any reason (client Logout, venue Logout, timeout,
   * transport loss, fault), after the session stopped pointing at it: what the venue sends now is stored for resend.
   */
  onSessionEnd?: (session: SessionState) => void;
}

/**
 * The venue side of one TCP connection: TrueX's session rules as a state machine over bytes, with no I/O of its
 * own (bytes in through receive(), bytes out through `write`, time from the clock). It checks what an initiator
 * never has to: framing and header order, the Logon HMAC, one session per CompID pair, sequence gaps (queueing
 * application messages until the client fills them), and the heartbeat / TestRequest / timeout-Logout cadence of
 * README §3.4 scaled to HeartBtInt.
 */
export class FixAcceptorSession implements SessionConnection {
  private readonly options: AcceptorSessionOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly faults: FaultPlan;
  private readonly splitter = new FixFrameSplitter();
  private readonly timestamps: VenueTimestamps;
  private readonly rateLimiter: MessageRateLimiter;
  /** Messages ahead of the expected MsgSeqNum, held until the gap is filled; `consumed` ones only advance it. */
  private readonly pending = new Map<number, { msg: FixMessage; violation?: WireOrderViolation; consumed?: boolean }>();
  private sessionState: SessionState | undefined;
  private status: AcceptorState = 'awaiting-logon';
  private heartBtMs = 30_000;
  private lastInboundAt: number;
  private lastOutboundAt: number;
  private testRequestsSinceInbound = 0;
  private lastTestRequestAt = 0;
  private resendRequestedUpTo = 0;
  private timer: TimerHandle | undefined;
  private readonly stats: AcceptorCounters = {
    framesIn: 0,
    messagesOut: 0,
    garbledFrames: 0,
    sessionRejectsOut: 0,
    businessRejectsOut: 0,
    resendRequestsOut: 0,
    resendRequestsIn: 0,
    resendRequestsIgnored: 0,
    testRequestsOut: 0,
    heartbeatsOut: 0,
    droppedOutbound: 0,
    queuedInbound: 0,
  };

  constructor(options: AcceptorSessionOptions) {
    this.options = options;
    this.clock = options.clock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.faults = options.faults ?? new FaultPlan();
    this.timestamps = new VenueTimestamps(this.clock);
    this.rateLimiter = new MessageRateLimiter(0);
    this.lastInboundAt = this.lastOutboundAt = this.clock.now();
  }

  get state(): AcceptorState {
    return this.status;
  }

  /** The FIX session this connection is logged on to, once the Logon was accepted. */
  get session(): SessionState | undefined {
    return this.sessionState;
  }

  counters(): AcceptorCounters {
    return { ...this.stats };
  }

  /** Feeds bytes from the transport. */
  receive(chunk: Buffer): void {
    if (this.status === 'closed') return;
    this.splitter.push(
      chunk,
      (frame) => this.onFrame(frame),
      (error) => this.onGarbled(error),
    );
  }

  /** The transport closed under us. */
  transportClosed(): void {
    this.teardown(false);
  }

  /** Drops the connection without a Logout (fault injection, shutdown). */
  disconnect(): void {
    this.teardown(true);
  }

  /** Sends a venue-originated Logout and closes. */
  logout(text: string, sessionStatus?: number): void {
    if (this.status !== 'active') return;
    const body: Array<readonly [number, string]> = [];
    if (sessionStatus !== undefined) body.push([1409, String(sessionStatus)]);
    body.push([58, text]);
    this.send('5', body);
    this.teardown(true);
  }

  /** An application message from the venue (execution report, cancel reject, market data …). */
  sendApplication(msgType: string, body: FixBody): void {
    if (this.status !== 'active') {
      this.sessionState?.record(msgType, body);
      return;
    }
    const seq = this.send(msgType, body);
    if (seq !== undefined && this.faults.takeDuplicate()) {
      this.logger.info({ msgType, seq }, 'fault: duplicate sent with PossDupFlag');
      this.write(msgType, seq, body, true);
    }
  }

  private onGarbled(error: FixFrameError): void {
    this.stats.garbledFrames++;
    // TrueX's reaction to a bad checksum is not known; FIX says ignore the frame, so the client sees a gap later.
    this.logger.warn({ code: error.code, reason: error.message }, 'garbled inbound frame ignored');
  }

  private onFrame(frame: Buffer): void {
    if (this.status === 'closed') return;
    this.stats.framesIn++;
    const violation = checkWireOrder(frame);
    let msg: FixMessage;
    try {
      msg = decodeFix(frame, { verify: false });
    } catch (error) {
      this.onUndecodable(frame, error, violation);
      return;
    }
    this.lastInboundAt = this.clock.now();
    this.testRequestsSinceInbound = 0;
    if (this.status === 'awaiting-logon') {
      this.onFirstMessage(msg, violation);
      return;
    }
    const state = this.sessionState!;
    if (msg.get(49) !== state.clientCompId || msg.get(56) !== state.venueCompId) {
      this.sessionReject(msg, 9, 'CompID problem', msg.get(49) !== state.clientCompId ? 49 : 56);
      this.logout('CompID problem');
      return;
    }
    this.sequenced(msg, violation);
  }

  private onUndecodable(frame: Buffer, error: unknown, violation: WireOrderViolation | undefined): void {
    this.stats.garbledFrames++;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn({ reason }, 'undecodable inbound frame');
    if (this.status !== 'active') {
      this.teardown(true);
      return;
    }
    const seqText = rawField(frame, 34);
    const seq = seqText !== undefined && /^\d+$/.test(seqText) ? Number(seqText) : undefined;
    const tag = violation?.tag ?? (error instanceof FixDecodeError ? error.tag : undefined);
    this.sendSessionReject({
      refSeqNum: seq ?? 0,
      refTagId: tag,
      refMsgType: rawField(frame, 35),
      reason: violation?.sessionRejectReason ?? 6,
      text: tag !== undefined ? `Invalid tag (${tag})` : reason,
    });
    // The message is consumed so the rejected sequence number does not open a gap.
    const state = this.sessionState!;
    if (seq === state.nextIncoming) state.nextIncoming++;
  }

  private onFirstMessage(msg: FixMessage, violation: WireOrderViolation | undefined): void {
    if (msg.msgType !== 'A') {
      this.logger.warn({ msgType: msg.msgType }, 'first message is not a Logon; closing');
      this.teardown(true);
      return;
    }
    const senderCompId = msg.get(49) ?? '';
    const targetCompId = msg.get(56) ?? '';
    const seqText = msg.get(34) ?? '';
    const seq = Number(seqText);
    const reply = (text: string, reason: number): void => {
      this.writeUnsequenced('3', senderCompId, [
        [45, seqText || '0'],
        [373, String(reason)],
        [58, text],
      ]);
      this.teardown(true);
    };
    if (violation) return reply(`Invalid tag (${violation.tag})`, violation.sessionRejectReason);
    if (targetCompId !== this.options.venueCompId || senderCompId === '') {
      return reply('Invalid session ID', 9);
    }
    const apiKey = msg.get(553);
    const credential = apiKey === undefined ? undefined : this.options.registry.credential(apiKey);
    const signature = msg.get(554);
    const sendingTime = msg.get(52);
    const authentic =
      credential !== undefined &&
      signature !== undefined &&
      sendingTime !== undefined &&
      isValidLogonSignature(
        credential.secret,
        { sendingTime, msgSeqNum: seqText, senderCompId, targetCompId, apiKey: credential.apiKey },
        signature,
      );
    if (!authentic) {
      this.logger.warn(
        { senderCompId, knownApiKey: credential !== undefined },
        'logon rejected: authentication failed',
      );
      return reply(RejectText.authenticationFailed, 8);
    }
    const state = this.options.registry.session(senderCompId, targetCompId);
    if (state.connection && state.connection !== this) {
      this.logger.warn({ session: state.key }, 'logon rejected: session already active');
      return reply(RejectText.alreadyAuthenticated, 99);
    }
    const heartBtInt = this.options.heartBtIntSec ?? Number(msg.get(108));
    if (!Number.isInteger(heartBtInt) || heartBtInt <= 0 || !Number.isInteger(seq) || seq < 1) {
      return reply('Invalid Logon: HeartBtInt and MsgSeqNum must be positive integers', 5);
    }
    // After a venue restart with fresh sequence numbers, a client that asked to continue is told to reset (141=Y).
    const venueReset = state.venueResetPending && msg.get(141) !== 'Y';
    if (msg.get(141) === 'Y' || state.venueResetPending) state.reset();
    if (!venueReset && seq < state.nextIncoming) {
      this.writeUnsequenced('5', senderCompId, [
        [58, `MsgSeqNum too low, expecting ${state.nextIncoming} but received ${seq}`],
      ]);
      this.teardown(true);
      return;
    }

    this.sessionState = state;
    state.connection = this;
    state.allowedClientIds = new Set(credential!.clientIds);
    this.heartBtMs = heartBtInt * 1000;
    this.status = 'active';
    this.logger.info({ session: state.key, heartBtInt, reset: msg.get(141) === 'Y', venueReset }, 'logon accepted');
    const ack: Array<readonly [number, string]> = [[108, String(heartBtInt)]];
    if (venueReset) ack.push([141, 'Y']);
    ack.push([1137, '9']);
    this.send('A', ack);
    if (venueReset) {
      // Both sides restart: the client's Logon counts as its 1, whatever number it carried.
      state.nextIncoming = 2;
    } else if (seq > state.nextIncoming) {
      // The Logon's own number is reached once the client fills the gap before it.
      this.pending.set(seq, { msg, consumed: true });
      this.requestResend(seq - 1);
    } else state.nextIncoming = seq + 1;
    this.armTimer();
  }

  /** Sequence-number handling: in order → process, ahead → queue and ask for a resend, behind → duplicate or fatal. */
  private sequenced(msg: FixMessage, violation: WireOrderViolation | undefined): void {
    const state = this.sessionState!;
    const seq = Number(msg.get(34));
    if (!Number.isInteger(seq) || seq < 1) {
      this.sessionReject(msg, 1, 'MsgSeqNum missing or invalid', 34);
      return;
    }
    if (msg.msgType === '4' && msg.get(123) !== 'Y') {
      // SequenceReset-Reset ignores MsgSeqNum by definition.
      this.applySequenceReset(msg);
      return;
    }
    if (seq < state.nextIncoming) {
      if (msg.get(43) === 'Y') return;
      this.logout(`MsgSeqNum too low, expecting ${state.nextIncoming} but received ${seq}`);
      return;
    }
    if (seq > state.nextIncoming) {
      this.pending.set(seq, { msg, violation });
      this.stats.queuedInbound++;
      // A ResendRequest and a Logout are honoured at once even out of order, as QuickFIX does.
      if (msg.msgType === '2' && !violation) this.answerResendRequest(msg);
      if (msg.msgType === '5') {
        this.onLogout();
        return;
      }
      // 16=0 asks for everything, so one outstanding request covers later gaps too.
      if (this.resendRequestedUpTo < state.nextIncoming) this.requestResend(seq - 1);
      return;
    }
    this.process(msg, violation, seq);
    this.drainPending();
  }

  private drainPending(): void {
    const state = this.sessionState;
    while (state && this.status === 'active') {
      const next = this.pending.get(state.nextIncoming);
      if (!next) break;
      this.pending.delete(state.nextIncoming);
      if (next.consumed) state.nextIncoming++;
      else this.process(next.msg, next.violation, state.nextIncoming, true);
    }
    if (state) for (const seq of this.pending.keys()) if (seq < state.nextIncoming) this.pending.delete(seq);
  }

  private process(msg: FixMessage, violation: WireOrderViolation | undefined, seq: number, replayed = false): void {
    const state = this.sessionState!;
    state.nextIncoming = seq + 1;
    if (violation) {
      this.sendSessionReject({
        refSeqNum: seq,
        refTagId: violation.tag,
        refMsgType: msg.msgType,
        reason: violation.sessionRejectReason,
        text: `Invalid tag (${violation.tag})`,
      });
      return;
    }
    switch (msg.msgType) {
      case '0':
      case '3':
        return;
      case '1':
        this.send('0', msg.has(112) ? [[112, msg.get(112)!]] : []);
        return;
      case '2':
        if (!replayed) this.answerResendRequest(msg);
        return;
      case '4':
        this.applySequenceReset(msg);
        return;
      case '5':
        this.onLogout();
        return;
      case 'A':
        this.sessionReject(msg, 99, RejectText.alreadyAuthenticated);
        return;
    }
    if (!this.options.applicationTypes.has(msg.msgType)) {
      // A market-data request on the order-entry gateway got this from TrueX (README §3.8).
      this.businessReject(msg, 0, 'Invalid session ID');
      return;
    }
    const limit = this.options.messageRateLimitPerSec?.() ?? 0;
    this.rateLimiter.setLimit(limit);
    if (!this.rateLimiter.tryAcquire(this.clock.now())) {
      this.businessReject(msg, 8, RejectText.throttled);
      return;
    }
    this.options.onApplication(state, msg);
  }

  private applySequenceReset(msg: FixMessage): void {
    const state = this.sessionState!;
    const newSeq = Number(msg.get(36));
    if (!Number.isInteger(newSeq) || newSeq < state.nextIncoming) {
      this.sessionReject(msg, 5, `NewSeqNo too low or missing: ${msg.get(36) ?? ''}`, 36);
      return;
    }
    state.nextIncoming = newSeq;
    this.drainPending();
  }

  private onLogout(): void {
    if (this.status === 'active') this.send('5', []);
    this.logger.info({ session: this.sessionState?.key }, 'client logged out');
    this.teardown(true);
  }

  private requestResend(upTo: number): void {
    const state = this.sessionState!;
    this.resendRequestedUpTo = upTo;
    this.stats.resendRequestsOut++;
    this.logger.info({ from: state.nextIncoming, upTo }, 'inbound gap: sending ResendRequest');
    this.send('2', [
      [7, String(state.nextIncoming)],
      [16, '0'],
    ]);
  }

  /** Replays stored application messages with 43=Y (never 122) and covers everything else with gap fills. */
  private answerResendRequest(msg: FixMessage): void {
    const state = this.sessionState!;
    this.stats.resendRequestsIn++;
    if (this.faults.ignoringResendRequests) {
      this.stats.resendRequestsIgnored++;
      this.logger.info({ begin: msg.get(7), end: msg.get(16) }, 'fault: ResendRequest left unanswered');
      return;
    }
    const begin = Number(msg.get(7));
    const endText = Number(msg.get(16));
    const last = state.nextOutgoing - 1;
    const end = endText === 0 || endText > last ? last : endText;
    if (!Number.isInteger(begin) || begin < 1 || !Number.isInteger(end)) {
      this.sessionReject(msg, 5, 'Invalid BeginSeqNo/EndSeqNo', 7);
      return;
    }
    let gapStart: number | undefined;
    const flushGap = (upTo: number): void => {
      if (gapStart === undefined) return;
      this.write(
        '4',
        gapStart,
        [
          [123, 'Y'],
          [36, String(upTo)],
        ],
        true,
      );
      gapStart = undefined;
    };
    for (let seq = begin; seq <= end; seq++) {
      const stored = state.sentMessage(seq);
      if (!stored || ADMIN_TYPES.has(stored.msgType)) {
        gapStart ??= seq;
        continue;
      }
      flushGap(seq);
      this.write(stored.msgType, seq, stored.body, true);
    }
    flushGap(end + 1);
  }

  private sessionReject(msg: FixMessage, reason: number, text: string, refTagId?: number): void {
    this.sendSessionReject({ refSeqNum: Number(msg.get(34)) || 0, refTagId, refMsgType: msg.msgType, reason, text });
  }

  private sendSessionReject(r: {
    refSeqNum: number;
    refTagId?: number;
    refMsgType?: string;
    reason: number;
    text: string;
  }): void {
    this.stats.sessionRejectsOut++;
    const body: Array<readonly [number, string]> = [[45, String(r.refSeqNum)]];
    if (r.refTagId !== undefined) body.push([371, String(r.refTagId)]);
    if (r.refMsgType !== undefined) body.push([372, r.refMsgType]);
    body.push([373, String(r.reason)], [58, r.text]);
    this.logger.info({ refSeqNum: r.refSeqNum, text: r.text }, 'session reject sent');
    this.send('3', body);
  }

  private businessReject(msg: FixMessage, reason: number, text: string): void {
    this.stats.businessRejectsOut++;
    const body: Array<readonly [number, string]> = [
      [45, msg.get(34) ?? '0'],
      [372, msg.msgType],
    ];
    const refId = msg.get(11) ?? msg.get(262);
    if (refId !== undefined) body.push([379, refId]);
    body.push([380, String(reason)], [58, text]);
    this.logger.info({ msgType: msg.msgType, text }, 'business reject sent');
    this.send('j', body);
  }

  /** Sequenced send: takes a MsgSeqNum, stores the message, applies the drop fault; the seq if written. */
  private send(msgType: string, body: FixBody): number | undefined {
    const state = this.sessionState;
    if (!state) return undefined;
    const seq = state.record(msgType, body);
    if (msgType !== 'A' && msgType !== '5' && this.faults.takeDrop()) {
      this.stats.droppedOutbound++;
      this.logger.info({ msgType, seq }, 'fault: outbound message dropped');
      this.lastOutboundAt = this.clock.now();
      return undefined;
    }
    this.write(msgType, seq, body, false);
    return seq;
  }

  private write(msgType: string, seq: number, body: FixBody, possDup: boolean): void {
    const state = this.sessionState!;
    const bytes = encodeFix(
      msgType,
      {
        senderCompId: state.venueCompId,
        targetCompId: state.clientCompId,
        msgSeqNum: seq,
        sendingTime: this.timestamps.next(),
        possDupFlag: possDup ? true : undefined,
      },
      body,
    );
    this.stats.messagesOut++;
    this.lastOutboundAt = this.clock.now();
    this.options.write(bytes);
  }

  /** Replies before a session exists (failed Logon): sequence number 1, nothing stored. */
  private writeUnsequenced(msgType: string, clientCompId: string, body: FixBody): void {
    if (msgType === '3') this.stats.sessionRejectsOut++;
    this.stats.messagesOut++;
    this.options.write(
      encodeFix(
        msgType,
        {
          senderCompId: this.options.venueCompId,
          targetCompId: clientCompId || 'UNKNOWN',
          msgSeqNum: 1,
          sendingTime: this.timestamps.next(),
        },
        body,
      ),
    );
  }

  /**
   * One timer for the whole cadence: Heartbeat after HeartBtInt of outbound silence, TestRequest after 1.2×HeartBtInt
   * of inbound silence and then every second, Logout (1409=4, "goodbye") after 2.4×HeartBtInt. Activity only moves
   * these deadlines later, so the timer is re-armed when it fires rather than on every message.
   */
  private armTimer(): void {
    this.clock.clearTimeout(this.timer);
    if (this.status !== 'active') return;
    const due = Math.min(this.heartbeatDue(), this.testRequestDue(), this.logoutDue());
    this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, due - this.clock.now()));
  }

  private heartbeatDue(): number {
    return this.lastOutboundAt + this.heartBtMs;
  }

  private testRequestDue(): number {
    return this.testRequestsSinceInbound === 0
      ? this.lastInboundAt + (this.heartBtMs * 6) / 5
      : this.lastTestRequestAt + 1000;
  }

  private logoutDue(): number {
    return this.lastInboundAt + (this.heartBtMs * 12) / 5;
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.status !== 'active') return;
    const now = this.clock.now();
    if (now >= this.logoutDue()) {
      this.logger.warn({ session: this.sessionState?.key }, 'client silent for 2.4×HeartBtInt: logging out');
      this.logout(RejectText.goodbye, 4);
      return;
    }
    if (now >= this.testRequestDue()) {
      this.stats.testRequestsOut++;
      this.testRequestsSinceInbound++;
      this.lastTestRequestAt = now;
      this.send('1', [[112, `TEST-${this.sessionState!.clientCompId}`]]);
    } else if (now >= this.heartbeatDue()) {
      this.stats.heartbeatsOut++;
      this.send('0', []);
    }
    this.armTimer();
  }

  private teardown(closeTransport: boolean): void {
    if (this.status === 'closed') return;
    const wasActive = this.status === 'active';
    this.status = 'closed';
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    if (this.sessionState?.connection === this) this.sessionState.connection = undefined;
    if (closeTransport) this.options.close();
    if (wasActive && this.sessionState) this.options.onSessionEnd?.(this.sessionState);
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
