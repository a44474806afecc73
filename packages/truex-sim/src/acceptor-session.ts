import pino, { type Logger } from 'pino';
import type { Clock } from '@truex-mm/clock';
import type { FixBody, FixMessage } from '@truex-mm/fix-codec';
import {
  emptyCounters,
  FixSessionEngine,
  type FixSessionCounters,
  type FixSessionEvent,
  type LogonVerdict,
} from '@truex-mm/fix-session';
import { FaultPlan } from './fault-plan';
import { isValidLogonSignature } from './logon-signature';
import { MessageRateLimiter } from './message-rate-limiter';
import { RejectText } from './order-entry-rules';
import { type SessionConnection, type SessionRegistry, type SessionState } from './session-registry';
import { VenueTimestamps } from './venue-timestamps';
import { checkWireOrder } from './wire-order-check';

export type AcceptorState = 'awaiting-logon' | 'active' | 'closed';

export interface AcceptorCounters {
  /** Inbound frames, garbled ones included. */
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
 * The venue side of one TCP connection: fix-session's {@link FixSessionEngine} in its acceptor role (the session
 * mechanics: Logon reset and sequencing, gaps and resends replayed from the {@link SessionState}, heartbeats,
 * TestRequests, Logout), with TrueX's part on top: the Logon HMAC oracle and credentials, one connection per CompID
 * pair, TrueX's texts and cadence (`TEST-<SenderCompID>` every second, `1409=4 goodbye` at 2.4 × HeartBtInt, README
 * §3.4), the wire-order checks, the gateway's application types and rate limit, and the faults (dropped and
 * duplicated messages, ignored ResendRequests). No I/O of its own: bytes in through receive(), out through `write`.
 */
export class FixAcceptorSession implements SessionConnection {
  private readonly options: AcceptorSessionOptions;
  private readonly logger: Logger;
  private readonly faults: FaultPlan;
  private readonly rateLimiter = new MessageRateLimiter(0);
  private readonly engine: FixSessionEngine;
  private readonly engineCounters: FixSessionCounters = emptyCounters();
  /** The session an accepted Logon claimed, with the client ids its API key may trade for. */
  private pending: { state: SessionState; clientIds: readonly string[] } | undefined;
  private sessionState: SessionState | undefined;
  private loggedOn = false;
  private transportGone = false;
  private readonly stats = {
    messagesOut: 0,
    sessionRejectsOut: 0,
    businessRejectsOut: 0,
    resendRequestsOut: 0,
    resendRequestsIgnored: 0,
    testRequestsOut: 0,
    heartbeatsOut: 0,
    droppedOutbound: 0,
  };

  constructor(options: AcceptorSessionOptions) {
    this.options = options;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.faults = options.faults ?? new FaultPlan();
    const timestamps = new VenueTimestamps(options.clock);
    this.engine = new FixSessionEngine(
      {
        senderCompId: options.venueCompId,
        clock: options.clock,
        heartBtIntSec: options.heartBtIntSec,
        logger: this.logger,
        counters: this.engineCounters,
        sendingTime: () => timestamps.next(), // TrueX's microsecond SendingTime
        acceptor: {
          authorize: (logon) => this.authorize(logon),
          alreadyLoggedOnText: RejectText.alreadyAuthenticated,
          silenceLogout: { text: RejectText.goodbye, sessionStatus: 4 },
          testRequestId: (clientCompId) => `TEST-${clientCompId}`,
          testRequestRepeatMs: 1000,
          inspectFrame: (frame) => checkWireOrder(frame),
          answerResendRequest: () => this.answerResendRequest(),
          sequenceResetRejectText: (newSeqNo) => `NewSeqNo too low or missing: ${newSeqNo ?? ''}`,
        },
      },
      {
        write: (frame, msgType, seq, possDup) => this.writeFrame(frame, msgType, seq, possDup),
        close: () => this.onEngineClosed(),
        event: (event) => this.onEvent(event),
      },
    );
    this.engine.connected();
  }

  get state(): AcceptorState {
    const state = this.engine.state;
    if (state === 'closed') return 'closed';
    return state === 'active' || state === 'logging-out' ? 'active' : 'awaiting-logon';
  }

  /** The FIX session this connection is logged on to, once the Logon was accepted. */
  get session(): SessionState | undefined {
    return this.sessionState;
  }

  counters(): AcceptorCounters {
    const c = this.engineCounters;
    return {
      ...this.stats,
      framesIn: c.messagesIn + c.garbled,
      garbledFrames: c.garbled,
      resendRequestsIn: c.resendRequestsIn,
      queuedInbound: c.queuedInbound,
    };
  }

  /** Feeds bytes from the transport. */
  receive(chunk: Buffer): void {
    this.engine.receive(chunk);
  }

  /** The transport closed under us. */
  transportClosed(): void {
    this.transportGone = true;
    this.engine.disconnected();
  }

  /** Drops the connection without a Logout (fault injection, shutdown). */
  disconnect(): void {
    this.engine.disconnected();
  }

  /** Sends a venue-originated Logout and closes. */
  logout(text: string, sessionStatus?: number): void {
    this.engine.endSession(text, sessionStatus);
  }

  /** An application message from the venue (execution report, cancel reject, market data …). */
  sendApplication(msgType: string, body: FixBody): void {
    const seq = this.engine.send(msgType, body);
    if (seq === undefined) {
      this.sessionState?.record(msgType, body);
      return;
    }
    if (this.faults.takeDuplicate()) {
      this.logger.info({ msgType, seq }, 'fault: duplicate sent with PossDupFlag');
      this.engine.retransmit(seq);
    }
  }

  /** The venue's oracle on a Logon: target gateway, API key and HMAC signature, one connection per session. */
  private authorize(logon: FixMessage): LogonVerdict {
    const senderCompId = logon.get(49) ?? '';
    const targetCompId = logon.get(56) ?? '';
    if (targetCompId !== this.options.venueCompId || senderCompId === '') {
      return { accepted: false, sessionRejectReason: 9, text: 'Invalid session ID' };
    }
    const apiKey = logon.get(553);
    const credential = apiKey === undefined ? undefined : this.options.registry.credential(apiKey);
    const signature = logon.get(554);
    const sendingTime = logon.get(52);
    const authentic =
      credential !== undefined &&
      signature !== undefined &&
      sendingTime !== undefined &&
      isValidLogonSignature(
        credential.secret,
        { sendingTime, msgSeqNum: logon.get(34) ?? '', senderCompId, targetCompId, apiKey: credential.apiKey },
        signature,
      );
    if (!authentic) {
      this.logger.warn(
        { senderCompId, knownApiKey: credential !== undefined },
        'logon rejected: authentication failed',
      );
      return { accepted: false, sessionRejectReason: 8, text: RejectText.authenticationFailed };
    }
    const state = this.options.registry.session(senderCompId, targetCompId);
    if (state.connection && state.connection !== this) {
      this.logger.warn({ session: state.key }, 'logon rejected: session already active');
      return { accepted: false, sessionRejectReason: 99, text: RejectText.alreadyAuthenticated };
    }
    this.pending = { state, clientIds: credential!.clientIds };
    return { accepted: true, store: state, venueReset: state.venueResetPending };
  }

  private onEvent(event: FixSessionEvent): void {
    switch (event.type) {
      case 'logon': {
        const { state, clientIds } = this.pending!;
        this.sessionState = state;
        state.connection = this;
        state.allowedClientIds = new Set(clientIds);
        this.loggedOn = true;
        return;
      }
      case 'app':
        this.onApplication(event.message);
        return;
      case 'closed': {
        if (this.sessionState?.connection === this) this.sessionState.connection = undefined;
        const session = this.sessionState?.key;
        // Operators (and the ladder-test's checks) look for this line when the client ends the session.
        if (event.reason.startsWith('client logged out')) this.logger.info({ session }, 'client logged out');
        else this.logger.info({ session, reason: event.reason }, 'connection ended');
        return;
      }
      default:
        return;
    }
  }

  /** The gateway's part: only its application types, within the rate limit, reach the venue. */
  private onApplication(msg: FixMessage): void {
    const state = this.sessionState!;
    if (!this.options.applicationTypes.has(msg.msgType)) {
      // A market-data request on the order-entry gateway got this from TrueX (README §3.8).
      this.businessReject(msg, 0, 'Invalid session ID');
      return;
    }
    this.rateLimiter.setLimit(this.options.messageRateLimitPerSec?.() ?? 0);
    if (!this.rateLimiter.tryAcquire(this.options.clock.now())) {
      this.businessReject(msg, 8, RejectText.throttled);
      return;
    }
    this.options.onApplication(state, msg);
  }

  private businessReject(msg: FixMessage, reason: number, text: string): void {
    const body: Array<readonly [number, string]> = [
      [45, msg.get(34) ?? '0'],
      [372, msg.msgType],
    ];
    const refId = msg.get(11) ?? msg.get(262);
    if (refId !== undefined) body.push([379, refId]);
    body.push([380, String(reason)], [58, text]);
    this.logger.info({ msgType: msg.msgType, text }, 'business reject sent');
    this.engine.send('j', body);
  }

  /** The `ignoreResendRequests` fault. */
  private answerResendRequest(): boolean {
    if (!this.faults.ignoringResendRequests) return true;
    this.stats.resendRequestsIgnored++;
    this.logger.info('fault: ResendRequest left unanswered');
    return false;
  }

  /** Every frame the engine writes: counted, and the `dropNextOutbound` fault applied to sequenced messages. */
  private writeFrame(frame: Buffer, msgType: string, seq: number, possDup: boolean): void {
    if (!possDup) this.count(msgType);
    const droppable = !possDup && this.engine.state === 'active' && msgType !== 'A' && msgType !== '5';
    if (droppable && this.faults.takeDrop()) {
      this.stats.droppedOutbound++;
      this.logger.info({ msgType, seq }, 'fault: outbound message dropped');
      return;
    }
    this.stats.messagesOut++;
    this.options.write(frame);
  }

  private count(msgType: string): void {
    const s = this.stats;
    if (msgType === '3') s.sessionRejectsOut++;
    else if (msgType === 'j') s.businessRejectsOut++;
    else if (msgType === '2') s.resendRequestsOut++;
    else if (msgType === '1') s.testRequestsOut++;
    else if (msgType === '0') s.heartbeatsOut++;
  }

  /** The engine ended the session: drop the transport (unless it is already gone), then tell the venue. */
  private onEngineClosed(): void {
    if (!this.transportGone) this.options.close();
    if (this.loggedOn && this.sessionState) this.options.onSessionEnd?.(this.sessionState);
  }
}
