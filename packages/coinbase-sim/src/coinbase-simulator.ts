import { readFileSync } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from '@truex-mm/clock';
import type { Clock } from '@truex-mm/clock';
import pino from 'pino';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { ExchangeChannel } from './channels';
import { resolveScenario, scenarioDynamics, scenarioStepMs } from './market-scenario';
import type { MarketScenario, MarketScenarioName } from './market-scenario';
import type { StallMode } from './connection-outbox';
import type { ExchangeCredentials } from './exchange-auth';
import { ExchangeConnection } from './exchange-connection';
import type { FeedSource, FeedSourceSink } from './feed-source';
import { every } from './recurring-timer';
import { parseRecording } from './recording';
import { ReplayFeed } from './replay-feed';
import { emptyMetrics } from './simulator-metrics';
import type { SimulatorMetrics } from './simulator-metrics';
import { SyntheticFeed } from './synthetic-feed';
import type { SyntheticMarket } from './synthetic-market';

export interface CoinbaseSimulatorOptions {
  host?: string /* '127.0.0.1' */;
  port?: number /* 0 = ephemeral */;
  mode?: 'synthetic' | 'replay';
  /** Synthetic products (default ['BTC-USD']); in replay mode the recording's products are served. */
  products?: string[];
  startPrice?: string /* '65000.00' */;
  /** Synthetic volatility: standard deviation of the mid in basis points per square-root second (default 0.5). */
  volatilityBps?: number;
  /**
   * A market scenario (name or definition) for the synthetic market: its start price, volatility, drift, jump and
   * step (as `updateIntervalMs`). Explicit `startPrice` / `updateIntervalMs` still win; `volatilityBps` is refused.
   * The first product with `seed` moves exactly as `new ScenarioMarket({ scenario, seed })`.
   */
  scenario?: MarketScenarioName | MarketScenario;
  seed?: number /* 1 */;
  /** Synthetic trades per second per product (default 4). */
  tradesPerSecond?: number;
  /** Book depth per side (default 50). */
  depth?: number;
  replayFile?: string;
  /** Alternative to replayFile: the recording's text (cryptofeed or JSONL). */
  replayText?: string;
  replaySpeed?: number /* 1; 0 = as fast as possible */;
  /** Synthetic market step (default 50 ms). */
  updateIntervalMs?: number;
  /** level2_batch flush period (default 50 ms). */
  batchIntervalMs?: number;
  heartbeatIntervalMs?: number /* 1000 */;
  tickerBatchIntervalMs?: number /* 5000 */;
  subscribeDeadlineMs?: number /* 5000 */;
  /** How a missed subscribe deadline closes the socket (Coinbase's code is undocumented). */
  deadlineClose?: { code: number; reason: string };
  /** Acknowledge level2_batch as level2_50, as observed in 2026 (default true). */
  ackLegacyAliases?: boolean;
  /** `account_ids: null` on each subscriptions entry, as observed in 2026 (default true). */
  accountIdsNull?: boolean;
  onInvalidSubscribe?: 'partial' | 'reject';
  /** Keys accepted for authenticated channels (level2). */
  credentials?: ExchangeCredentials[];
  /** Slow-consumer limit on a socket's user-space send buffer (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Include `time` on synthetic snapshots (default true). */
  snapshotTime?: boolean;
  clock?: Clock;
  logger?: Logger;
}

/** Faults on demand. Each applies to the connections open when it is called. */
export interface CoinbaseSimulatorFaults {
  /** Abrupt drop: every socket is terminated without a close frame (clients see 1006). */
  dropAll(): void;
  /** Silent stall: nothing is sent (heartbeats and pongs included) for `ms`; frames are dropped, or held with 'hold'. */
  stall(ms: number, mode?: StallMode): void;
  /** A frame that is not JSON (or the given text). */
  sendGarbage(frame?: string): void;
  /** The next `n` frames on each connection (only those of message `type`, if given) are sent twice. */
  duplicateNext(n?: number, type?: string): void;
  /** The next `n` pairs of frames on each connection (only those of message `type`, if given) are swapped. */
  reorderNext(n?: number, type?: string): void;
  /** The next `n` frames on each connection are lost. */
  dropNext(n?: number): void;
  /** Coinbase's slow-consumer disconnect (ErrSlowConsume error, then cut), now, on every connection. */
  slowConsumerDisconnect(): void;
  /** Fills every socket's send buffer with `bytes` of ignorable `noop_test` frames (drives the automatic cut-off). */
  burst(bytes: number): void;
  /** Clean close with a code (default 1001). */
  closeAll(code?: number, reason?: string): void;
  /** Refuses the next `n` WebSocket upgrades with an HTTP status (default 429, Coinbase's rate limit). */
  rejectNextUpgrades(n: number, status?: number): void;
  /** Changes the slow-consumer limit for new and open connections. */
  setMaxBufferedBytes(bytes: number): void;
}

type MidListener = (product: string, mid: string) => void;

/**
 * A local Coinbase Exchange WebSocket feed: synthetic (seeded random market) or replay (a recording),
 * with the Exchange subscribe protocol and faults on demand. Runs in-process or via the coinbase-sim CLI.
 */
export class CoinbaseSimulator {
  readonly faults: CoinbaseSimulatorFaults;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly source: FeedSource;
  private readonly connections = new Set<ExchangeConnection>();
  private readonly midListeners = new Set<MidListener>();
  private readonly metricsState: SimulatorMetrics = emptyMetrics();
  private readonly httpServer: Server;
  private readonly wss: WebSocketServer;
  private nextConnectionId = 1;
  private maxBufferedBytes: number;
  private upgradeRejections: { remaining: number; status: number } = { remaining: 0, status: 429 };
  private stopHeartbeats: (() => void) | undefined;
  private running = false;
  private replayFinished: Promise<void> = Promise.resolve();

  constructor(private readonly options: CoinbaseSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    const sink: FeedSourceSink = {
      publish: (channel, productId, frame) => this.publish(channel, productId, frame),
      wants: (channel, productId) => this.wants(channel, productId),
      mid: (productId, mid) => {
        for (const listener of this.midListeners) listener(productId, mid);
      },
    };
    this.source = this.createSource(sink);
    this.httpServer = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
    });
    // Inbound client messages are tiny; Coinbase refuses big ones ("Message too big").
    this.wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 64 * 1024 });
    this.httpServer.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.faults = this.createFaults();
  }

  /** Listens and starts the market; resolves with ws://host:port. */
  async start(): Promise<{ url: string; port: number }> {
    if (this.running) throw new Error('CoinbaseSimulator already started');
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.options.port ?? 0, host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    this.running = true;
    this.source.start();
    this.stopHeartbeats = every(this.clock, this.options.heartbeatIntervalMs ?? 1000, () => this.heartbeats());
    const { port } = this.httpServer.address() as AddressInfo;
    const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.logger.info(
      { url, mode: this.options.mode ?? 'synthetic', products: this.source.products() },
      'coinbase-sim listening',
    );
    return { url, port };
  }

  /** Stops timers, terminates every connection and closes the listener. */
  async stop(): Promise<void> {
    this.source.stop();
    this.stopHeartbeats?.();
    this.stopHeartbeats = undefined;
    for (const connection of [...this.connections]) connection.terminate();
    this.wss.close();
    if (!this.running) return;
    this.running = false;
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  /** Current mid of a product (default: the first product) as a decimal string. */
  mid(product?: string): string | undefined {
    return this.source.mid(product ?? this.source.products()[0] ?? '');
  }

  onMid(listener: MidListener): () => void {
    this.midListeners.add(listener);
    return () => this.midListeners.delete(listener);
  }

  /**
   * One product's mid in the shape of truex-sim's `ReferencePriceSource`, so the venue simulator's takers
   * trade on the market the market maker sees. Structural: no import from the venue simulator.
   */
  referencePriceSource(product?: string): {
    current(): string | undefined;
    onChange(listener: (price: string) => void): () => void;
  } {
    const productId = product ?? this.source.products()[0] ?? '';
    return {
      current: () => this.source.mid(productId),
      onChange: (listener) =>
        this.onMid((p, mid) => {
          if (p === productId) listener(mid);
        }),
    };
  }

  products(): readonly string[] {
    return this.source.products();
  }

  /** Server-side truth for tests: the synthetic market of a product (undefined in replay mode). */
  market(product: string): SyntheticMarket | undefined {
    return this.source instanceof SyntheticFeed ? this.source.market(product) : undefined;
  }

  /** Moves every synthetic market one step now (tests drive the market without waiting for timers). */
  step(): void {
    if (this.source instanceof SyntheticFeed) this.source.step();
  }

  /** Resolves when a replay has sent its last frame (immediately in synthetic mode). */
  whenReplayFinished(): Promise<void> {
    return this.replayFinished;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  metrics(): Readonly<SimulatorMetrics> {
    return { ...this.metricsState };
  }

  private createSource(sink: FeedSourceSink): FeedSource {
    const o = this.options;
    if ((o.mode ?? 'synthetic') === 'replay') {
      if (o.scenario !== undefined) throw new Error('a market scenario needs synthetic mode, not replay');
      const text = o.replayText ?? (o.replayFile ? readFileSync(o.replayFile, 'utf8') : undefined);
      if (text === undefined) throw new Error('replay mode needs replayFile or replayText');
      const recording = parseRecording(text);
      if (recording.frames.length === 0) throw new Error('the recording has no Coinbase messages');
      this.metricsState.replayLinesSkipped = recording.malformedLines;
      let finished!: () => void;
      this.replayFinished = new Promise((resolve) => (finished = resolve));
      return new ReplayFeed({
        frames: recording.frames,
        speed: o.replaySpeed ?? 1,
        tickerBatchIntervalMs: o.tickerBatchIntervalMs ?? 5000,
        clock: this.clock,
        logger: this.logger,
        sink: {
          ...sink,
          publish: (channel, productId, frame) => {
            this.metricsState.replayFramesPlayed++;
            sink.publish(channel, productId, frame);
          },
        },
        onFinished: () => finished(),
      });
    }
    const scenario = o.scenario === undefined ? undefined : resolveScenario(o.scenario);
    if (scenario !== undefined && o.volatilityBps !== undefined) {
      throw new Error('scenario and volatilityBps are exclusive: the scenario sets the volatility');
    }
    return new SyntheticFeed({
      products: o.products ?? ['BTC-USD'],
      startPrice: o.startPrice ?? scenario?.startPrice ?? '65000.00',
      dynamics: scenario ? scenarioDynamics(scenario) : { volatilityBps: o.volatilityBps ?? 0.5 },
      seed: o.seed ?? 1,
      updateIntervalMs: o.updateIntervalMs ?? (scenario ? scenarioStepMs(scenario) : 50),
      batchIntervalMs: o.batchIntervalMs ?? 50,
      tickerBatchIntervalMs: o.tickerBatchIntervalMs ?? 5000,
      tradesPerSecond: o.tradesPerSecond ?? 4,
      depth: o.depth ?? 50,
      snapshotTime: o.snapshotTime ?? true,
      clock: this.clock,
      sink,
    });
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.upgradeRejections.remaining > 0) {
      this.upgradeRejections.remaining--;
      this.metricsState.rejectedUpgrades++;
      const status = this.upgradeRejections.status;
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.metricsState.connections++;
      const connection = new ExchangeConnection(ws, {
        id: this.nextConnectionId++,
        clock: this.clock,
        logger: this.logger,
        source: this.source,
        metrics: this.metricsState,
        subscribeDeadlineMs: this.options.subscribeDeadlineMs ?? 5000,
        deadlineClose: this.options.deadlineClose ?? { code: 1000, reason: 'no subscribe received within 5 s' },
        ackLegacyAliases: this.options.ackLegacyAliases ?? true,
        accountIdsNull: this.options.accountIdsNull ?? true,
        onInvalidSubscribe: this.options.onInvalidSubscribe ?? 'partial',
        credentials: this.options.credentials ?? [],
        maxBufferedBytes: this.maxBufferedBytes,
        onClosed: (c) => this.connections.delete(c),
      });
      this.connections.add(connection);
      this.logger.debug({ connection: connection.id, remote: req.socket.remoteAddress }, 'client connected');
    });
  }

  private publish(channel: ExchangeChannel, productId: string, frame: string): void {
    for (const connection of this.connections) {
      if (connection.isSubscribed(channel, productId)) connection.send(frame);
    }
  }

  private wants(channel: ExchangeChannel, productId: string): boolean {
    for (const connection of this.connections) if (connection.isSubscribed(channel, productId)) return true;
    return false;
  }

  private heartbeats(): void {
    for (const productId of this.source.products()) {
      const frame = this.source.heartbeatFrame(productId);
      if (frame !== undefined) this.publish('heartbeat', productId, frame);
    }
  }

  private createFaults(): CoinbaseSimulatorFaults {
    const each = (action: (c: ExchangeConnection) => void): void => {
      for (const connection of [...this.connections]) action(connection);
    };
    return {
      dropAll: () => {
        this.logger.info({ connections: this.connections.size }, 'fault: drop all');
        each((c) => c.terminate());
      },
      stall: (ms, mode = 'drop') => {
        this.logger.info({ ms, mode }, 'fault: stall');
        each((c) => c.stall(ms, mode));
      },
      sendGarbage: (frame = '{"type":"l2update","product_id":\u0000garbage') => each((c) => c.sendRaw(frame)),
      duplicateNext: (n = 1, type) => each((c) => c.outbox.duplicateNext(n, type)),
      reorderNext: (n = 1, type) => each((c) => c.outbox.reorderNext(n, type)),
      dropNext: (n = 1) => each((c) => c.outbox.dropNext(n)),
      slowConsumerDisconnect: () => each((c) => c.slowConsumer(0)),
      burst: (bytes) => {
        const padding = 'x'.repeat(16 * 1024);
        const frame = JSON.stringify({ type: 'noop_test', padding });
        each((c) => {
          for (let sent = 0; sent < bytes; sent += frame.length) c.send(frame);
        });
      },
      closeAll: (code = 1001, reason = 'going away') => each((c) => c.close(code, reason)),
      rejectNextUpgrades: (n, status = 429) => {
        this.upgradeRejections = { remaining: n, status };
      },
      setMaxBufferedBytes: (bytes) => {
        this.maxBufferedBytes = bytes;
        each((c) => c.outbox.setMaxBufferedBytes(bytes));
      },
    };
  }
}
