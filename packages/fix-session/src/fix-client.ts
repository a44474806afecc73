import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '@truex-mm/clock';
import type { FixBody, FixMessage, SessionReject } from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import { netConnector, type FixConnection, type FixConnector } from './connector';
import { emptyCounters, type FixSessionCounters } from './counters';
import { FixLogonError, FixSessionError } from './errors';
import { ReconnectBackoff } from './reconnect-backoff';
import { MemorySequenceStore, type SequenceNumbers, type SequenceStore } from './sequence-store';
import { FixSessionEngine, type FixSessionEvent } from './session-engine';

export interface FixClientOptions {
  host: string;
  port: number;
  /** Use `node:tls` instead of `node:net`. Default false (TrueX is plain TCP over a private network). */
  tls?: boolean;
  senderCompId: string;
  targetCompId: string;
  /** API key id, sent as 553; redacted in logs. */
  apiKey: string;
  /** Signs the Logon; never logged, never in errors. */
  apiSecret: string;
  /** Default 30. */
  heartBtIntSec?: number;
  /** Default true (141=Y). */
  resetSeqNumOnLogon?: boolean;
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
  /** Default: a {@link MemorySequenceStore}. Use a FileSequenceStore when resetSeqNumOnLogon is false. */
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
    this.store = options.store ?? new MemorySequenceStore();
    this.connector = options.connector ?? netConnector;
    this.backoff = new ReconnectBackoff({
      initialDelayMs: options.reconnect?.initialDelayMs,
      maxDelayMs: options.reconnect?.maxDelayMs,
      jitter: options.reconnect?.jitter,
      random: options.random,
    });
  }

  get state(): FixSessionState {
    return this.current;
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
    const link: { connection?: FixConnection; connectedEarly?: boolean } = {};
    const engine = new FixSessionEngine(
      {
        senderCompId: this.options.senderCompId,
        targetCompId: this.options.targetCompId,
        apiKey: this.options.apiKey,
        apiSecret: this.options.apiSecret,
        clock: this.clock,
        heartBtIntSec: this.options.heartBtIntSec,
        resetSeqNumOnLogon: this.options.resetSeqNumOnLogon,
        logonTimeoutMs: this.options.logonTimeoutMs,
        testRequestTimeoutMs: this.options.testRequestTimeoutMs,
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
    this.log.info({ host: this.options.host, port: this.options.port, tls: this.options.tls ?? false }, 'connecting');
    link.connection = this.connector(
      { host: this.options.host, port: this.options.port, tls: this.options.tls ?? false },
      {
        onConnect: () => {
          // A connector may report the connection before returning it; start the Logon once we hold it.
          if (!link.connection) link.connectedEarly = true;
          else if (gen !== this.generation) link.connection.destroy();
          else engine.connected();
        },
        onData: (chunk) => {
          if (gen === this.generation) engine.receive(chunk);
        },
        onClose: (error) => {
          if (gen !== this.generation) return;
          engine.disconnected(error);
          this.onConnectionClosed();
        },
      },
    );
    this.connection = link.connection;
    if (link.connectedEarly) engine.connected();
  }

  private onEngineEvent(event: FixSessionEvent, engine: FixSessionEngine): void {
    switch (event.type) {
      case 'state':
        if (event.state !== 'idle' && event.state !== 'closed') this.setState(event.state);
        return;
      case 'logon':
        this.consecutiveAuthFailures = 0;
        this.backoff.reset();
        this.log.info('logged on');
        for (const w of this.logonWaiters) {
          this.clock.clearTimeout(w.timer);
          w.resolve();
        }
        this.logonWaiters = [];
        this.emit('logon');
        return;
      case 'app':
        this.emit('app', event.message);
        return;
      case 'reject':
        this.emit('reject', event.reject);
        return;
      case 'error':
        this.emitError(event.error);
        return;
      case 'closed': {
        this.lastSequence = engine.sequence;
        const wasLoggedOn = this.current === 'active' || this.current === 'logging-out';
        this.lastCloseError = event.error;
        if (event.error instanceof FixLogonError && event.error.code !== 'STOPPED') {
          this.counts.logonFailures++;
          this.failLogonWaiters(event.error);
        }
        if (event.error && event.error.code !== 'STOPPED') this.emitError(event.error);
        if (wasLoggedOn) this.emit('logout', event.reason);
        return;
      }
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
    } else if (error?.code === 'ALREADY_AUTHENTICATED') {
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
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private setState(state: FixSessionState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit('state', state);
  }
}
