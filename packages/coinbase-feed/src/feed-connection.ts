import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { Logger } from 'pino';
import WebSocket from 'ws';

import type { FeedState } from './feed-types';
import { type BackoffPolicy, reconnectDelayMs } from './reconnect-backoff';

export interface FeedConnectionOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Outer bound: no frame for this long -> 'stale', socket dropped, reconnect. */
  readonly staleAfterMs: number;
  /** Inner bound (<= staleAfterMs): no frame for this long while live -> liveness lost, the socket is kept. */
  readonly livenessWindowMs: number;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly rateLimitedDelayMs: number;
  readonly stableAfterMs: number;
}

/** What the connection tells its owner. Called synchronously from socket and timer callbacks. */
export interface FeedConnectionListener {
  opened(): void;
  frame(text: string, receivedAtMs: number): void;
  /** The socket is gone (closed, failed, stale, pong timeout); called before any reconnect is scheduled. */
  down(reason: string): void;
  state(state: FeedState): void;
  /** Freshness changed: false after livenessWindowMs of silence while live (or when going down), true on a frame. */
  liveness(live: boolean, ageMs: number): void;
  socketError(error: Error): void;
}

/**
 * The dialect-independent socket lifecycle: connect, watch liveness, ping, back off, reconnect.
 *
 * States: connecting -> subscribing (socket open) -> live (owner calls markLive) -> stale (no frame for
 * staleAfterMs) -> disconnected (waiting out the backoff) -> connecting ... ; stopped is final.
 * Each socket gets a generation number so late events from an old socket are ignored.
 *
 * Liveness is finer than the state: while live, a silence of livenessWindowMs (1.5 heartbeat intervals) makes the
 * connection not fresh, so nothing acts on a reference older than that, without giving up a socket that may
 * only be slow; the next frame makes it fresh again. staleAfterMs stays the outer bound that reconnects.
 */
export class FeedConnection {
  private socket: WebSocket | undefined;
  private generation = 0;
  private currentState: FeedState = 'disconnected';
  private started = false;
  private stopped = false;
  private attempt = 0;
  private rateLimited = false;
  private liveSinceMs: number | undefined;
  private lastFrameAtMs = 0;
  private fresh = false;
  private staleTimer: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private pongTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  /** Connection attempts after the first. */
  reconnects = 0;
  staleEvents = 0;
  /** Times a live connection went livenessWindowMs without a frame. */
  livenessLapses = 0;

  constructor(
    private readonly options: FeedConnectionOptions,
    private readonly listener: FeedConnectionListener,
  ) {}

  get state(): FeedState {
    return this.currentState;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect();
  }

  /** Sends a text frame on the open socket; false when there is none. */
  send(frame: string): boolean {
    const s = this.socket;
    if (s === undefined || s.readyState !== WebSocket.OPEN) return false;
    s.send(frame);
    return true;
  }

  /** The server acknowledged the subscription or is streaming data. */
  markLive(): void {
    if (this.currentState !== 'subscribing') return;
    this.liveSinceMs = this.options.clock.now();
    this.setState('live');
    this.setFresh(true);
  }

  /** Milliseconds since the last frame on the current connection; undefined unless subscribing or live. */
  lastMessageAgeMs(nowMs: number): number | undefined {
    if (this.currentState !== 'live' && this.currentState !== 'subscribing') return undefined;
    return Math.max(0, nowMs - this.lastFrameAtMs);
  }

  /**
   * Live and a frame within livenessWindowMs of `nowMs`. Computed from the clock, not from a timer, so it holds
   * even when the event loop runs the watchdog late.
   */
  isLive(nowMs: number): boolean {
    return this.currentState === 'live' && nowMs - this.lastFrameAtMs < this.options.livenessWindowMs;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.setFresh(false);
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    if (socket !== undefined) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.terminate();
      if (socket.readyState !== WebSocket.CLOSED) await closed;
      this.listener.down('stopped');
    }
    this.setState('stopped');
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    const generation = ++this.generation;
    this.setState('connecting');
    const { url, logger } = this.options;
    logger.info({ url, attempt: this.attempt }, 'coinbase feed connecting');
    // maxPayload: full-depth snapshots reach several MB (ccxt needed 100 MiB for Advanced Trade BTC-USD).
    const socket = new WebSocket(url, {
      handshakeTimeout: 10_000,
      maxPayload: 256 * 1024 * 1024,
      perMessageDeflate: false,
    });
    this.socket = socket;
    const current = (): boolean => generation === this.generation;
    socket.on('open', () => {
      if (!current()) return;
      this.lastFrameAtMs = this.options.clock.now();
      this.setState('subscribing');
      this.armWatchdog();
      this.armPing();
      this.listener.opened();
    });
    socket.on('message', (data: WebSocket.RawData) => {
      if (!current()) return;
      const now = this.options.clock.now();
      this.lastFrameAtMs = now;
      if (!this.fresh && this.currentState === 'live') this.setFresh(true);
      this.listener.frame(rawText(data), now);
    });
    socket.on('pong', () => {
      if (!current()) return;
      this.options.clock.clearTimeout(this.pongTimer);
      this.pongTimer = undefined;
    });
    socket.on('error', (error: Error) => {
      if (!current()) return;
      if (/\b429\b/.test(error.message)) this.rateLimited = true;
      this.listener.socketError(error);
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (!current()) return;
      this.drop(`closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
    });
  }

  /** Ends the current socket (if any) and schedules the next attempt. */
  private drop(reason: string): void {
    if (this.stopped) return;
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    this.clearTimers();
    this.setFresh(false);
    if (socket !== undefined) {
      socket.on('error', () => undefined); // a terminate() mid-handshake reports an error nobody needs
      socket.terminate();
    }
    const now = this.options.clock.now();
    if (this.liveSinceMs !== undefined && now - this.liveSinceMs >= this.options.stableAfterMs) this.attempt = 0;
    this.liveSinceMs = undefined;
    this.options.logger.warn({ reason }, 'coinbase feed down');
    this.listener.down(reason);
    if (this.stopped) return; // a listener may have stopped us
    this.setState('disconnected');
    let delay = reconnectDelayMs(this.attempt, this.options.backoff);
    if (this.rateLimited) delay = Math.max(delay, this.options.rateLimitedDelayMs * Math.max(1, this.attempt));
    this.rateLimited = false;
    this.attempt++;
    this.reconnectTimer = this.options.clock.setTimeout(() => {
      this.reconnects++;
      this.connect();
    }, delay);
  }

  /**
   * One timer per window rather than one per frame: frames only stamp lastFrameAtMs. It is due at the end of the
   * liveness window while fresh, else at the outer staleness bound; a return to fresh re-arms it.
   */
  private armWatchdog(): void {
    const { clock, staleAfterMs, livenessWindowMs } = this.options;
    clock.clearTimeout(this.staleTimer);
    const windowMs = this.fresh ? Math.min(livenessWindowMs, staleAfterMs) : staleAfterMs;
    this.staleTimer = clock.setTimeout(() => this.watchdog(), this.lastFrameAtMs + windowMs - clock.now());
  }

  private watchdog(): void {
    const { clock, staleAfterMs, livenessWindowMs } = this.options;
    this.staleTimer = undefined;
    const ageMs = clock.now() - this.lastFrameAtMs;
    if (ageMs >= staleAfterMs) {
      this.staleEvents++;
      this.setState('stale');
      this.drop(`stale: no message for ${staleAfterMs} ms`);
      return;
    }
    if (this.fresh && ageMs >= livenessWindowMs) {
      this.livenessLapses++;
      this.options.logger.warn({ ageMs, livenessWindowMs }, 'coinbase feed silent: reference not fresh');
      this.setFresh(false);
    }
    this.armWatchdog();
  }

  private setFresh(fresh: boolean): void {
    if (fresh === this.fresh) return;
    this.fresh = fresh;
    // Back to fresh: the watchdog must now watch the (shorter) liveness window from this frame.
    if (fresh && this.socket !== undefined) this.armWatchdog();
    this.listener.liveness(fresh, Math.max(0, this.options.clock.now() - this.lastFrameAtMs));
  }

  private armPing(): void {
    const { clock, pingIntervalMs, pongTimeoutMs } = this.options;
    this.pingTimer = clock.setTimeout(() => {
      this.pingTimer = undefined;
      const s = this.socket;
      if (s === undefined || s.readyState !== WebSocket.OPEN) return;
      s.ping();
      if (this.pongTimer === undefined) {
        this.pongTimer = clock.setTimeout(() => {
          this.pongTimer = undefined;
          this.drop(`no pong within ${pongTimeoutMs} ms`);
        }, pongTimeoutMs);
      }
      this.armPing();
    }, pingIntervalMs);
  }

  private clearTimers(): void {
    const { clock } = this.options;
    for (const t of [this.staleTimer, this.pingTimer, this.pongTimer, this.reconnectTimer]) clock.clearTimeout(t);
    this.staleTimer = this.pingTimer = this.pongTimer = this.reconnectTimer = undefined;
  }

  private setState(state: FeedState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.listener.state(state);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
