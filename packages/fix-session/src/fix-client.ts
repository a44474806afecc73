import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { ReconnectBackoff, systemClock, type Clock, type TimerHandle } from '@truex-mm/clock';
import {
  MsgType,
  type FixBody,
  type FixMessage,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  type SessionReject,
} from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import { classifyTlsError } from './connect-error';
import { netConnector, type FixConnection, type FixConnector } from './connector';
import { emptyCounters, type FixSessionCounters } from './counters';
import { FixConnectError, FixLogonError, FixSessionError } from './errors';
import { FileSequenceStore } from './file-sequence-store';
import { MemorySequenceStore, type SequenceNumbers, type SequenceStore } from './sequence-store';
import { redactFix } from './redact';
import { FixSessionEngine, type FixSessionEvent } from './session-engine';

export interface FixClientOptions {
  host: string;
  port: number;
  /** Use `node:tls` instead of `node:net`. Default false (TrueX is plain TCP over a private network). */
  tls?: boolean;
  /**
   * PEM CA certificate(s) trusted for the venue's TLS certificate instead of Node's default store (apps read it from
   * `TRUEX_FIX_CA_FILE`). Without it, the default store applies, NODE_EXTRA_CA_CERTS included. Chain and host name
   * are always verified.
   */
  ca?: string | Buffer;
  /** TCP connect (and TLS handshake) deadline; the attempt ends with FixConnectError CONNECT_TIMEOUT. Default 5000. */
  connectTimeoutMs?: number;
  senderCompId: string;
  targetCompId: string;
  /** API key id, sent as 553; redacted in logs. */
  apiKey: string;
  /** Signs the Logon; never logged, never in errors. */
  apiSecret: string;
  /** Default 30. */
  heartBtIntSec?: number;
  /**
   * Default true (141=Y on every logon). false continues the stored sequence numbers; the client falls back to one
   * 141=Y logon (and emits `venue-reset`) when the venue acks with 141=Y, acks with a MsgSeqNum below the expected one,
   * or after `resetAfterFailedLogons` failed logons in a row.
   */
  resetOnLogon?: boolean;
  /** Former name of {@link resetOnLogon}; used when `resetOnLogon` is not given. */
  resetSeqNumOnLogon?: boolean;
  /** With `resetOnLogon: false`: failed logons in a row (timeout, closed, rejected) before a 141=Y logon. Default 3. */
  resetAfterFailedLogons?: number;
  /** Max |our clock − inbound SendingTime| before Reject 373=10 + Logout. Default 120 000 (QuickFIX MaxLatency). */
  maxSendingTimeSkewMs?: number;
  /** Check inbound 49/56 (Reject 373=9 + Logout on a mismatch). Default true (QuickFIX CheckCompID). */
  checkCompIds?: boolean;
  /** Inbound silence before `liveness` reports unresponsive. Default 1.5 x HeartBtInt. */
  unresponsiveAfterMs?: number;
  /** A ResendRequest without progress is sent again after this long. Default 5000. */
  resendRequestTimeoutMs?: number;
  /** ResendRequests for one gap without progress before the connection is dropped and re-established. Default 3. */
  resendRequestAttempts?: number;
  /**
   * Folder for durable state: sequence numbers go to `<dataDir>/fix-seq-<sender>-<target>.seq` through a
   * {@link FileSequenceStore} (unless `store` is given).
   */
  dataDir?: string;
  reconnect?: {
    /** Default 1000. */
    initialDelayMs?: number;
    /** Default 30 000. */
    maxDelayMs?: number;
    /** Default true. */
    enabled?: boolean;
    /** ± fraction of each delay; default 0.2. */
    jitter?: number;
    /** Stop reconnecting after this many consecutive authentication failures. Default 3. */
    maxAuthFailures?: number;
  };
  /** Default 10 000. */
  logonTimeoutMs?: number;
  /** Default HeartBtInt. */
  testRequestTimeoutMs?: number;
  clock?: Clock;
  /** Default: a FileSequenceStore in `dataDir` when given, else a {@link MemorySequenceStore}. */
  store?: SequenceStore;
  logger?: Logger;
  /** Replaces the `node:net`/`node:tls` connector (tests, proxies). */
  connector?: FixConnector;
  /** Uniform [0, 1) source for the reconnect jitter. Default Math.random. */
  random?: () => number;
}

/** Client-level session state: the engine's state plus the gaps between connections. */
export type FixSessionState = 'disconnected' | 'connecting' | 'logging-on' | 'active' | 'logging-out' | 'stopped';

export interface FixClientEvents {
  state: [state: FixSessionState];
  logon: [];
  logout: [reason: string];
  app: [message: FixMessage];
  reject: [reject: SessionReject];
  error: [error: FixSessionError];
  /** The venue went silent for `unresponsiveAfterMs` (pull quotes), or spoke again. Also false when the session ends. */
  liveness: [liveness: { responsive: boolean; silentMs: number }];
  /** An inbound gap opened or closed: while open, send nothing new (cancels only). */
  gap: [gap: { open: boolean; from: number; to: number }];
  /** The venue skipped these inbound MsgSeqNums with a SequenceReset (execution reports may be lost): reconcile. */
  'messages-skipped': [range: { from: number; to: number }];
  /** Sequence numbers restarted at 1 although we meant to continue them: reconcile orders and fills. */
  'venue-reset': [info: { reason: string }];
}

interface LogonWaiter {
  resolve(): void;
  reject(error: FixSessionError): void;
  timer: TimerHandle;
}

/**
 * A TrueX FIX initiator: runs a {@link FixSessionEngine} over TCP (or TLS), logs on, stays connected, reconnects with
 * exponential backoff and jitter. One connection at a time: a new socket is opened only after the previous one has
 * closed, and every socket callback is tagged with its generation so a late event from an old socket is ignored.
 *
 * Errors are reported through the `error` event (only if someone listens; they are always logged) and never thrown.
 */
export class FixClient extends EventEmitter<FixClientEvents> {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly store: SequenceStore;
  private readonly connector: FixConnector;
  private readonly backoff: ReconnectBackoff;
  private readonly counts: FixSessionCounters = emptyCounters();
  private current: FixSessionState = 'disconnected';
  private generation = 0;
  private started = false;
  private stopped = false;
  private engine: FixSessionEngine | undefined;
  private connection: FixConnection | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private consecutiveAuthFailures = 0;
  /** Failed logons in a row while continuing sequence numbers (counts toward a 141=Y fallback). */
  private consecutiveLogonFailures = 0;
  /** Set when the next logon must carry 141=Y although `resetOnLogon` is false; the reason goes to `venue-reset`. */
  private pendingResetReason: string | undefined;
  private lastCloseError: FixSessionError | undefined;
  private lastSequence: SequenceNumbers | undefined;
  private logonWaiters: LogonWaiter[] = [];
  private closeWaiters: Array<() => void> = [];

  constructor(private readonly options: FixClientOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({
      session: `${options.senderCompId}->${options.targetCompId}`,
    });
    this.store =
      options.store ??
      (options.dataDir !== undefined
        ? new FileSequenceStore(join(options.dataDir, sequenceFileName(options.senderCompId, options.targetCompId)))
        : new MemorySequenceStore());
    this.connector = options.connector ?? netConnector;
    this.backoff = new ReconnectBackoff({
      initialDelayMs: options.reconnect?.initialDelayMs,
      maxDelayMs: options.reconnect?.maxDelayMs,
      // ± jitter × the delay (default ±20 %), clamped to the cap: see ReconnectBackoff in @truex-mm/clock.
      jitter: { kind: 'proportional', fraction: options.reconnect?.jitter ?? 0.2 },
      random: options.random ?? Math.random,
    });
  }

  get state(): FixSessionState {
    return this.current;
  }

  /** True while logged on and the venue has spoken within `unresponsiveAfterMs`; quote only while true. */
  get isResponsive(): boolean {
    return this.current === 'active' && (this.engine?.isResponsive ?? false);
  }

  /** True while an inbound gap is being recovered (ResendRequest outstanding): send nothing new, cancels only. */
  get gapOpen(): boolean {
    return this.engine?.gap !== undefined;
  }

  /** The missing inbound MsgSeqNums while {@link gapOpen}. */
  get gap(): { readonly from: number; readonly to: number } | undefined {
    return this.engine?.gap;
  }

  /** Connects, logs on, and keeps the session up until {@link stop}. Calling it again is a no-op. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    void this.connect();
  }

  /**
   * Resolves once the session is active. Rejects with the venue's reason on the first failed Logon attempt
   * ({@link FixLogonError}: AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED, LOGON_REJECTED, LOGON_TIMEOUT,
   * CLOSED_DURING_LOGON), with LOGON_TIMEOUT after `timeoutMs`, or with STOPPED. Refused TCP connections do not
   * reject it while reconnecting is enabled: the client keeps trying until the timeout.
   */
  waitForLogon(timeoutMs = 30_000): Promise<void> {
    if (this.current === 'active') return Promise.resolve();
    if (this.current === 'stopped') {
      return Promise.reject(new FixLogonError('STOPPED', 'the client is stopped'));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: LogonWaiter = {
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.logonWaiters = this.logonWaiters.filter((w) => w !== waiter);
          reject(
            this.lastCloseError instanceof FixLogonError
              ? this.lastCloseError
              : new FixLogonError('LOGON_TIMEOUT', `not logged on within ${timeoutMs} ms`),
          );
        }, timeoutMs),
      };
      this.logonWaiters.push(waiter);
    });
  }

  /**
   * Sends an application message; returns its MsgSeqNum, or undefined when the session is not active (nothing is
   * queued: the caller decides whether to retry, cancel or drop).
   */
  send(msgType: string, body: FixBody): number | undefined {
    const seq = this.current === 'active' ? this.engine?.send(msgType, body) : undefined;
    if (seq === undefined) this.log.debug({ msgType, state: this.current }, 'send refused: session not active');
    return seq;
  }

  /**
   * Sends a NewOrderSingle (35=D) encoded straight from the order (no body of fields is built): the same bytes and
   * result as `send('D', buildNewOrderSingle(order))`.
   */
  sendNewOrderSingle(order: Readonly<NewOrderSingle>): number | undefined {
    const seq = this.current === 'active' ? this.engine?.sendNewOrderSingle(order) : undefined;
    if (seq === undefined) this.refused(MsgType.NewOrderSingle);
    return seq;
  }

  /** Sends an OrderCancelRequest (35=F); as `send('F', buildOrderCancelRequest(cancel))`. */
  sendOrderCancelRequest(cancel: Readonly<OrderCancelRequest>): number | undefined {
    const seq = this.current === 'active' ? this.engine?.sendOrderCancelRequest(cancel) : undefined;
    if (seq === undefined) this.refused(MsgType.OrderCancelRequest);
    return seq;
  }

  /** Sends an OrderCancelReplaceRequest (35=G); as `send('G', buildOrderCancelReplaceRequest(replace))`. */
  sendOrderCancelReplaceRequest(replace: Readonly<OrderCancelReplaceRequest>): number | undefined {
    const seq = this.current === 'active' ? this.engine?.sendOrderCancelReplaceRequest(replace) : undefined;
    if (seq === undefined) this.refused(MsgType.OrderCancelReplaceRequest);
    return seq;
  }

  private refused(msgType: string): void {
    this.log.debug({ msgType, state: this.current }, 'send refused: session not active');
  }

  /**
   * Logs out (waiting up to `timeoutMs` for the venue's Logout), closes, saves the sequence numbers, and never
   * reconnects. Final: a stopped client does not start again.
   */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const connection = this.connection;
    if (connection) {
      const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
      const guard = this.clock.setTimeout(() => connection.destroy(), timeoutMs);
      this.engine?.logout();
      await closed;
      this.clock.clearTimeout(guard);
    } else {
      this.generation++; // abandons a connect still waiting for the store
      this.setState('stopped');
    }
    this.failLogonWaiters(new FixLogonError('STOPPED', 'the client was stopped'));
    if (!this.lastSequence) return;
    try {
      await this.store.save(this.lastSequence);
      await this.store.close?.();
    } catch (error) {
      this.emitError(new FixSessionError('STORE_ERROR', `sequence store save failed: ${(error as Error).message}`));
    }
  }

  /** A snapshot of the counters, cumulative across reconnects. */
  counters(): FixSessionCounters {
    return { ...this.counts };
  }

  // ---- connection lifecycle ----------------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.setState('connecting');
    let sequence: SequenceNumbers;
    try {
      sequence = await this.store.load();
    } catch (error) {
      if (gen !== this.generation || this.stopped) return;
      this.emitError(new FixSessionError('STORE_ERROR', `sequence store load failed: ${(error as Error).message}`));
      this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation || this.stopped) return;

    // Filled once the connector returns; the engine and socket callbacks may run before that.
    const link: { connection?: FixConnection; connectedEarly?: boolean; timedOut?: boolean } = {};
    const o = this.options;
    const engine = new FixSessionEngine(
      {
        senderCompId: o.senderCompId,
        targetCompId: o.targetCompId,
        apiKey: o.apiKey,
        apiSecret: o.apiSecret,
        clock: this.clock,
        heartBtIntSec: o.heartBtIntSec,
        resetOnLogon: this.resetOnLogon,
        ...(this.pendingResetReason !== undefined ? { resetReason: this.pendingResetReason } : {}),
        logonTimeoutMs: o.logonTimeoutMs,
        testRequestTimeoutMs: o.testRequestTimeoutMs,
        unresponsiveAfterMs: o.unresponsiveAfterMs,
        maxSendingTimeSkewMs: o.maxSendingTimeSkewMs,
        checkCompIds: o.checkCompIds,
        resendRequestTimeoutMs: o.resendRequestTimeoutMs,
        resendRequestAttempts: o.resendRequestAttempts,
        sequence,
        store: this.store,
        counters: this.counts,
        logger: this.log,
      },
      {
        write: (frame) => link.connection?.write(frame),
        close: () => link.connection?.destroy(),
        event: (event) => {
          if (gen === this.generation) this.onEngineEvent(event, engine);
        },
      },
    );
    this.engine = engine;
    this.lastCloseError = undefined;
    this.log.info({ host: o.host, port: o.port, tls: o.tls ?? false }, 'connecting');
    const connectTimeoutMs = o.connectTimeoutMs ?? 5000;
    // The TCP connect and TLS handshake deadline runs on the injected clock, like every other session timer.
    let connectTimer: TimerHandle | undefined = this.clock.setTimeout(() => {
      connectTimer = undefined;
      link.timedOut = true;
      link.connection?.destroy();
    }, connectTimeoutMs);
    const connected = (): void => {
      this.clock.clearTimeout(connectTimer);
      connectTimer = undefined;
      engine.connected();
    };
    try {
      link.connection = this.connector(
        { host: o.host, port: o.port, tls: o.tls ?? false, ...(o.ca !== undefined ? { ca: o.ca } : {}) },
        {
          onConnect: () => {
            // A connector may report the connection before returning it; start the Logon once we hold it.
            if (!link.connection) link.connectedEarly = true;
            else if (gen !== this.generation) link.connection.destroy();
            else connected();
          },
          onData: (chunk) => {
            if (gen === this.generation) engine.receive(chunk);
          },
          onClose: (error) => {
            this.clock.clearTimeout(connectTimer);
            connectTimer = undefined;
            if (gen !== this.generation) return;
            const cause = link.timedOut
              ? new FixConnectError(
                  'CONNECT_TIMEOUT',
                  `no ${o.tls ? 'TCP/TLS' : 'TCP'} connection to ${o.host}:${o.port} within ${connectTimeoutMs} ms`,
                )
              : (classifyTlsError(error) ?? error);
            engine.disconnected(cause);
            this.onConnectionClosed();
          },
        },
      );
    } catch (error) {
      // A connector that throws (bad options, e.g. an unreadable CA) is a failed attempt, not a crash.
      this.clock.clearTimeout(connectTimer);
      engine.disconnected(
        new FixConnectError('CONNECTION_ERROR', `could not open a connection: ${(error as Error).message}`),
      );
      this.onConnectionClosed();
      return;
    }
    this.connection = link.connection;
    if (link.connectedEarly) connected();
  }

  private onEngineEvent(event: FixSessionEvent, engine: FixSessionEngine): void {
    switch (event.type) {
      case 'state':
        if (event.state !== 'idle' && event.state !== 'closed') this.setState(event.state);
        return;
      case 'logon':
        this.consecutiveAuthFailures = 0;
        this.consecutiveLogonFailures = 0;
        this.backoff.reset();
        this.log.info('logged on');
        for (const w of this.logonWaiters) {
          this.clock.clearTimeout(w.timer);
          w.resolve();
        }
        this.logonWaiters = [];
        this.safeEmit('logon');
        return;
      case 'app':
        this.safeEmit('app', event.message);
        return;
      case 'reject':
        this.safeEmit('reject', event.reject);
        return;
      case 'error':
        this.emitError(event.error);
        return;
      case 'liveness':
        this.safeEmit('liveness', { responsive: event.responsive, silentMs: event.silentMs });
        return;
      case 'gap':
        this.safeEmit('gap', { open: event.open, from: event.from, to: event.to });
        return;
      case 'messages-skipped':
        this.safeEmit('messages-skipped', { from: event.from, to: event.to });
        return;
      case 'venue-reset':
        this.pendingResetReason = undefined;
        this.log.warn({ reason: event.reason }, 'sequence numbers restarted at 1: reconcile orders');
        this.safeEmit('venue-reset', { reason: event.reason });
        return;
      case 'closed':
        this.onEngineClosed(event.reason, event.error, engine);
        return;
    }
  }

  private onEngineClosed(reason: string, error: FixSessionError | undefined, engine: FixSessionEngine): void {
    this.lastSequence = engine.sequence;
    const wasLoggedOn = this.current === 'active' || this.current === 'logging-out';
    this.lastCloseError = error;
    const fallback = this.resetFallbackReason(error);
    if (fallback !== undefined) {
      this.pendingResetReason = fallback;
      this.log.warn({ reason: fallback }, 'next logon resets sequence numbers (141=Y)');
    }
    if (error instanceof FixLogonError && error.code !== 'STOPPED') {
      this.counts.logonFailures++;
      // A venue reset is recovered by the next (141=Y) logon: nobody waiting for the logon needs to hear about it.
      if (error.code !== 'VENUE_RESET' && error.code !== 'SEQUENCE_TOO_LOW') this.failLogonWaiters(error);
    }
    // A TLS failure is configuration (certificate, CA, host name): report it to whoever waits at once.
    if (error instanceof FixConnectError && error.code.startsWith('TLS_')) this.failLogonWaiters(error);
    if (error && error.code !== 'STOPPED') this.emitError(error);
    if (wasLoggedOn) this.safeEmit('logout', reason);
  }

  /** Why the next logon must carry 141=Y although we continue sequence numbers; undefined when it need not. */
  private resetFallbackReason(error: FixSessionError | undefined): string | undefined {
    if (this.resetOnLogon || !(error instanceof FixLogonError)) return undefined;
    if (error.code === 'VENUE_RESET' || error.code === 'SEQUENCE_TOO_LOW') {
      this.consecutiveLogonFailures = 0;
      return error.message;
    }
    if (error.code === 'LOGON_TIMEOUT' || error.code === 'CLOSED_DURING_LOGON' || error.code === 'LOGON_REJECTED') {
      this.consecutiveLogonFailures++;
      const limit = this.options.resetAfterFailedLogons ?? 3;
      if (this.consecutiveLogonFailures >= limit) {
        this.consecutiveLogonFailures = 0;
        return `${limit} failed logons in a row while continuing sequence numbers (last: ${error.code})`;
      }
    }
    return undefined;
  }

  private get resetOnLogon(): boolean {
    return this.options.resetOnLogon ?? this.options.resetSeqNumOnLogon ?? true;
  }

  /** Emits to the application; a listener that throws is counted, logged and reported, never rethrown. */
  private safeEmit<K extends keyof FixClientEvents>(name: K, ...args: FixClientEvents[K]): void {
    try {
      (this.emit as (event: K, ...rest: FixClientEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      this.counts.inboundErrors++;
      const message = error instanceof Error ? error.message : String(error);
      const first = args[0] as unknown;
      const raw =
        name === 'app' && first && typeof first === 'object' && 'raw' in first ? (first as FixMessage).raw : undefined;
      this.log.error({ err: message, event: name, ...(raw ? { fix: redactFix(raw) } : {}) }, 'listener threw; skipped');
      this.emitError(new FixSessionError('INBOUND_ERROR', `a '${String(name)}' listener threw: ${message}`));
    }
  }

  /** The socket is gone: the only place a reconnect is scheduled, so two connections never overlap. */
  private onConnectionClosed(): void {
    this.connection = undefined;
    this.engine = undefined;
    if (this.stopped) {
      this.setState('stopped');
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this.setState('disconnected');
    this.scheduleReconnect();
  }

  /**
   * Backoff policy: exponential with jitter; an authentication failure jumps to the maximum delay (bad credentials
   * never spin), and after `maxAuthFailures` consecutive ones the client stops for good (AUTH_FAILURES_EXHAUSTED).
   * "Already authenticated" (a stale session at the venue that has to time out) also waits the maximum delay.
   */
  private scheduleReconnect(): void {
    const error = this.lastCloseError;
    if (this.options.reconnect?.enabled === false) {
      this.failLogonWaiters(error ?? new FixLogonError('CONNECTION_ERROR', 'disconnected; reconnect disabled'));
      return;
    }
    let delayMs: number;
    if (error?.code === 'AUTHENTICATION_FAILED') {
      this.consecutiveAuthFailures++;
      const limit = this.options.reconnect?.maxAuthFailures ?? 3;
      if (this.consecutiveAuthFailures >= limit) {
        this.stopped = true;
        this.setState('stopped');
        const exhausted = new FixLogonError(
          'AUTH_FAILURES_EXHAUSTED',
          `authentication failed ${this.consecutiveAuthFailures} times in a row; not reconnecting`,
          error.venueText,
        );
        this.emitError(exhausted);
        this.failLogonWaiters(exhausted);
        return;
      }
      delayMs = this.backoff.nextAtMax();
    } else if (
      error?.code === 'ALREADY_AUTHENTICATED' ||
      (error instanceof FixConnectError && error.code.startsWith('TLS_'))
    ) {
      delayMs = this.backoff.nextAtMax();
    } else {
      delayMs = this.backoff.next();
    }
    this.log.info({ delayMs }, 'reconnecting after delay');
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      this.counts.reconnects++;
      void this.connect();
    }, delayMs);
  }

  private failLogonWaiters(error: FixSessionError): void {
    const waiters = this.logonWaiters;
    this.logonWaiters = [];
    for (const w of waiters) {
      this.clock.clearTimeout(w.timer);
      w.reject(error);
    }
  }

  private emitError(error: FixSessionError): void {
    this.log.warn({ code: error.code, venueText: error.venueText }, error.message);
    // An 'error' event without a listener would throw out of a socket callback; errors are never thrown at callers.
    if (this.listenerCount('error') === 0) return;
    try {
      this.emit('error', error);
    } catch (thrown) {
      this.counts.inboundErrors++;
      this.log.error({ err: thrown instanceof Error ? thrown.message : String(thrown) }, "an 'error' listener threw");
    }
  }

  private setState(state: FixSessionState): void {
    if (this.current === state) return;
    this.current = state;
    this.safeEmit('state', state);
  }
}

/** One sequence file per session, named after its CompIDs (characters unsafe in file names replaced). */
function sequenceFileName(senderCompId: string, targetCompId: string): string {
  const safe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `fix-seq-${safe(senderCompId)}-${safe(targetCompId)}.seq`;
}
