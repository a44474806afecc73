import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '@truex-mm/clock';
import type { FixBody, FixMessage, Side } from '@truex-mm/fix-codec';
import { FixAcceptorSession, type AcceptorCounters } from './acceptor-session';
import type { ClientSettings } from './client-settings';
import { FaultPlan, type TrueXSimulatorFaults } from './fault-plan';
import { InMemoryLink, type InMemoryConnector, type InMemoryLinkOptions } from './in-memory-connection';
import type { InstrumentIncrements } from './increments';
import { marketDataReply } from './market-data-snapshot';
import type { ReferencePriceSource } from './reference-price-source';
import { SessionRegistry, type SessionState, type VenueCredential } from './session-registry';
import type { OrderRecordView } from './rest/order-records';
import { TrueXVenue, type FillView, type OpenOrderView, type VenueCounters } from './venue';
import { RestFaultPlan, type TrueXRestFaults } from './rest/rest-faults';
import type { RestDialect } from './rest/rest-order-json';
import { TrueXRestServer } from './rest/rest-server';
import type { TrueXVenueTruthFaults } from './venue-truth-faults';

export interface TrueXSimulatorOptions {
  host?: string;
  /** 0 = ephemeral. Default 0. */
  port?: number;
  credentials: Array<VenueCredential>;
  /** The order-entry CompID clients target (default TRUEX_UAT_OE). */
  targetCompId?: string;
  /** Forces HeartBtInt (seconds) instead of echoing the client's 108. */
  heartBtIntSec?: number;
  symbol?: string;
  /** Resting orders per client id before "Open order limit exceeded" (default 50). */
  openOrderLimit?: number;
  /** Application messages per second per session before 35=j 380=8 (default 10; 0 = off). */
  messageRateLimitPerSec?: number;
  /** Half-width of the price band around the reference price, in percent (default 2.5). */
  priceBandPct?: number;
  /** Mid price the takers and the band follow; without one there is no band and no passive fill. */
  referencePrice?: ReferencePriceSource;
  fillProbability?: number;
  partialFillProbability?: number;
  ackLatencyMs?: number;
  fillLatencyMs?: number;
  makerFeeBps?: number;
  takerFeeBps?: number;
  /** Per-symbol tick/lot/min-notional overrides (BTC-PYUSD defaults to 0.5 / 0.0001 / 1). */
  increments?: Record<string, InstrumentIncrements>;
  /** Also run a market-data gateway (35=V → 35=W) on this port (0 = ephemeral); off when undefined. */
  marketDataPort?: number;
  /** The market-data CompID (default TRUEX_UAT_MD). */
  marketDataTargetCompId?: string;
  /** Also serve TrueX's REST API (plain HTTP, `/api/v1` and `/v1/cefi`) on this port (0 = ephemeral); off when undefined. */
  restPort?: number;
  /** REST order-object spelling (default 'current': order_info/executed_qty; 'docs-example': order/exeuted_qty). */
  restDialect?: RestDialect;
  /**
   * Initial cancel-on-disconnect setting of every client id (default false, a guess): when on, a client's resting
   * orders entered over a FIX session are cancelled when that session ends. Per client at runtime with
   * `setCancelOnDisconnect` or REST `PATCH /clients`.
   */
  cancelOnDisconnect?: boolean;
  seed?: number;
  clock?: Clock;
  logger?: Logger;
  /** Serve FIX over TLS with this PEM key and certificate (both gateways); plain TCP when undefined. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface TrueXSimulatorAddress {
  host: string;
  port: number;
  marketDataPort?: number;
  restPort?: number;
  /** Base URL of the legacy-path REST API, e.g. http://127.0.0.1:9742/api/v1 (`/v1/cefi` is served too). */
  restUrl?: string;
}

interface Gateway {
  readonly server: Server;
  readonly connections: Map<Socket, FixAcceptorSession>;
}

/**
 * The TrueX venue simulator: a thin TCP layer over {@link FixAcceptorSession} (session rules, one per connection)
 * and {@link TrueXVenue} (order entry and matching). Runs in-process for tests and apps, or from the CLI.
 */
export class TrueXSimulator {
  readonly faults: TrueXSimulatorFaults & TrueXRestFaults & TrueXVenueTruthFaults;
  private readonly options: TrueXSimulatorOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly faultPlan = new FaultPlan();
  private readonly restFaultPlan = new RestFaultPlan();
  private rest: TrueXRestServer | undefined;
  private readonly registry: SessionRegistry;
  private readonly venue: TrueXVenue;
  private messageRateLimitPerSec: number;
  private orderEntry: Gateway | undefined;
  private marketData: Gateway | undefined;
  private readonly closedCounters: AcceptorCounters[] = [];
  private inMemory: InMemoryLink | undefined;
  private stopping = false;

  constructor(options: TrueXSimulatorOptions) {
    if (!options.credentials || options.credentials.length === 0) {
      throw new TypeError('TrueXSimulator needs at least one credential { apiKey, secret, clientIds }');
    }
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.messageRateLimitPerSec = options.messageRateLimitPerSec ?? 10;
    this.registry = new SessionRegistry(options.credentials);
    this.venue = new TrueXVenue({
      symbol: options.symbol,
      increments: options.increments,
      openOrderLimit: options.openOrderLimit,
      priceBandPct: options.priceBandPct,
      referencePrice: options.referencePrice,
      fillProbability: options.fillProbability,
      partialFillProbability: options.partialFillProbability,
      ackLatencyMs: options.ackLatencyMs,
      fillLatencyMs: options.fillLatencyMs,
      makerFeeBps: options.makerFeeBps,
      takerFeeBps: options.takerFeeBps,
      cancelOnDisconnect: options.cancelOnDisconnect,
      seed: options.seed,
      clock: this.clock,
      logger: this.logger.child({ component: 'venue' }),
      faults: this.faultPlan,
      deliver: (routeKey, msgType, body) => this.deliver(routeKey, msgType, body),
    });
    const plan = this.faultPlan;
    this.faults = {
      dropNextOutbound: (n = 1) => plan.dropNextOutbound(n),
      disconnectAll: () => this.disconnectAll(),
      delayAcks: (ms) => plan.delayAcks(ms),
      rejectNextOrders: (n, text) => plan.rejectNextOrders(n, text),
      duplicateNextWithPossDup: () => plan.duplicateNextWithPossDup(),
      restErrors: (n, status, o) => this.restFaultPlan.restErrors(n, status, o),
      restDelay: (ms) => this.restFaultPlan.restDelay(ms),
      restStaleView: (ms) => this.restFaultPlan.restStaleView(ms),
      restartSessions: () => this.restartSessions(),
      ignoreResendRequests: (on) => plan.ignoreResendRequests(on),
      fillOrders: (clientId, n) => this.venue.fillRestingOrders(clientId, n),
    };
  }

  async start(): Promise<TrueXSimulatorAddress> {
    if (this.orderEntry) throw new Error('TrueXSimulator already started');
    const host = this.options.host ?? '127.0.0.1';
    this.venue.start();
    this.orderEntry = await this.listen(host, this.options.port ?? 0, {
      venueCompId: this.options.targetCompId ?? 'TRUEX_UAT_OE',
      applicationTypes: new Set(['D', 'F', 'G']),
      onApplication: (session, msg) => this.venue.onApplicationMessage(route(session), msg),
      onSessionEnd: (session) => this.onOrderEntrySessionEnd(session),
    });
    const address: TrueXSimulatorAddress = { host, port: portOf(this.orderEntry.server) };
    if (this.options.marketDataPort !== undefined) {
      this.marketData = await this.listen(host, this.options.marketDataPort, {
        venueCompId: this.options.marketDataTargetCompId ?? 'TRUEX_UAT_MD',
        applicationTypes: new Set(['V']),
        onApplication: (session, msg) => this.onMarketDataRequest(session, msg),
      });
      address.marketDataPort = portOf(this.marketData.server);
    }
    if (this.options.restPort !== undefined) {
      this.rest = new TrueXRestServer({
        venue: this.venue,
        registry: this.registry,
        clock: this.clock,
        logger: this.logger.child({ gateway: 'REST' }),
        referencePrice: this.options.referencePrice,
        priceBandPct: this.options.priceBandPct,
        dialect: this.options.restDialect,
        faults: this.restFaultPlan,
      });
      address.restPort = await this.rest.listen(host, this.options.restPort);
      address.restUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.restPort}/api/v1`;
    }
    this.logger.info(address, 'TrueX simulator listening');
    return address;
  }

  /**
   * Runs the venue without any socket and returns a connector for FixClient's `connector` option: every connection
   * it opens is an in-memory session with the same rules as a TCP one, delayed by `latencyMs` on the injected clock.
   * This is how the quoting replay runs the real client against the venue on a ManualClock.
   */
  startInMemory(options: InMemoryLinkOptions = {}): InMemoryConnector {
    if (this.orderEntry || this.inMemory) throw new Error('TrueXSimulator already started');
    this.venue.start();
    this.inMemory = new InMemoryLink(
      this.clock,
      this.logger,
      () => ({
        venueCompId: this.options.targetCompId ?? 'TRUEX_UAT_OE',
        registry: this.registry,
        applicationTypes: new Set(['D', 'F', 'G']),
        onApplication: (session, msg) => this.venue.onApplicationMessage(route(session), msg),
        clock: this.clock,
        heartBtIntSec: this.options.heartBtIntSec,
        messageRateLimitPerSec: () => this.messageRateLimitPerSec,
        faults: this.faultPlan,
        onSessionEnd: (session) => this.onOrderEntrySessionEnd(session),
      }),
      options,
    );
    return this.inMemory.connector;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.rest?.close();
    this.rest = undefined;
    this.inMemory?.disconnectAll();
    this.inMemory = undefined;
    this.venue.stop();
    const gateways = [this.orderEntry, this.marketData].filter((g): g is Gateway => g !== undefined);
    this.orderEntry = this.marketData = undefined;
    await Promise.all(
      gateways.map(
        (g) =>
          new Promise<void>((resolve) => {
            for (const [socket, session] of g.connections) {
              session.disconnect();
              socket.destroy();
            }
            g.server.close(() => resolve());
          }),
      ),
    );
    this.stopping = false;
    this.logger.info('TrueX simulator stopped');
  }

  openOrders(
    clientId?: string,
  ): ReadonlyArray<{ orderId: string; clOrdId: string; side: Side; price: string; leavesQty: string } & OpenOrderView> {
    return this.venue.openOrders(clientId);
  }

  fills(): ReadonlyArray<
    { execId: string; clOrdId: string; side: Side; lastQty: string; lastPx: string; fee: string } & FillView
  > {
    return this.venue.fills();
  }

  /**
   * One order as the venue last reported it (terminal ones included), by ClOrdID, as REST `GET /orders/status` answers
   * it: the venue's own view, for tests and in-process replays that need it without HTTP.
   */
  order(clientId: string, clOrdId: string): OrderRecordView | undefined {
    return this.venue.findOrderRecord(new Set([clientId]), clOrdId, 'client');
  }

  setOpenOrderLimit(n: number): void {
    this.venue.setOpenOrderLimit(n);
  }

  /** Turns cancel on disconnect on or off for one client id (what REST `PATCH /clients` does). */
  setCancelOnDisconnect(clientId: string, on: boolean): void {
    this.venue.clientSettings.update(clientId, { cancelOnDisconnect: on });
  }

  /** A client id's venue settings (cancel on disconnect, self-trade prevention). */
  clientSettings(clientId: string): ClientSettings {
    return this.venue.clientSettings.get(clientId);
  }

  /** Changes the per-session message-rate limit at runtime (0 = off). */
  setMessageRateLimit(perSec: number): void {
    this.messageRateLimitPerSec = Math.max(0, perSec);
  }

  /** Venue and session counters, for logs and the CLI. */
  counters(): VenueCounters & { connections: number; garbledFrames: number; sessionRejectsOut: number } {
    const live = [this.orderEntry, this.marketData].flatMap((g) =>
      g ? [...g.connections.values()].map((s) => s.counters()) : [],
    );
    const all = [...live, ...this.closedCounters];
    return {
      ...this.venue.counters(),
      connections: live.length,
      garbledFrames: all.reduce((n, c) => n + c.garbledFrames, 0),
      sessionRejectsOut: all.reduce((n, c) => n + c.sessionRejectsOut, 0),
    };
  }

  private listen(
    host: string,
    port: number,
    gateway: {
      venueCompId: string;
      applicationTypes: ReadonlySet<string>;
      onApplication: (session: SessionState, msg: FixMessage) => void;
      onSessionEnd?: (session: SessionState) => void;
    },
  ): Promise<Gateway> {
    const connections = new Map<Socket, FixAcceptorSession>();
    const tls = this.options.tls;
    const onConnection = (socket: Socket): void => {
      socket.setNoDelay(true);
      const logger = this.logger.child({
        gateway: gateway.venueCompId,
        peer: `${socket.remoteAddress}:${socket.remotePort}`,
      });
      const session = new FixAcceptorSession({
        venueCompId: gateway.venueCompId,
        registry: this.registry,
        applicationTypes: gateway.applicationTypes,
        onApplication: gateway.onApplication,
        write: (bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        },
        close: () => socket.end(),
        clock: this.clock,
        heartBtIntSec: this.options.heartBtIntSec,
        messageRateLimitPerSec: () => this.messageRateLimitPerSec,
        faults: this.faultPlan,
        logger,
        onSessionEnd: gateway.onSessionEnd,
      });
      connections.set(socket, session);
      logger.debug('connection accepted');
      socket.on('data', (chunk: Buffer) => session.receive(chunk));
      socket.on('error', (error) => logger.debug({ reason: error.message }, 'socket error'));
      socket.on('close', () => {
        session.transportClosed();
        if (connections.delete(socket)) this.closedCounters.push(session.counters());
        logger.debug('connection closed');
      });
    };
    const server: Server = tls
      ? createTlsServer({ key: tls.key, cert: tls.cert }, onConnection)
      : createServer(onConnection);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve({ server, connections });
      });
    });
  }

  private disconnectAll(): void {
    this.inMemory?.disconnectAll();
    for (const gateway of [this.orderEntry, this.marketData]) {
      if (!gateway) continue;
      for (const [socket, session] of gateway.connections) {
        session.disconnect();
        socket.destroy();
      }
    }
  }

  /** The restartSessions fault: connections dropped, every session's next Logon acked with 34=1 141=Y. */
  private restartSessions(): void {
    this.logger.info('fault: FIX gateway restart with a sequence reset');
    this.disconnectAll();
    this.registry.markVenueReset();
  }

  private onOrderEntrySessionEnd(session: SessionState): void {
    if (!this.stopping) this.venue.cancelOnDisconnect(session.key);
  }

  private deliver(routeKey: string, msgType: string, body: FixBody): void {
    const session = this.registry.find(routeKey);
    if (!session) {
      this.logger.warn({ routeKey, msgType }, 'report for an unknown session dropped');
      return;
    }
    session.deliver(msgType, body);
  }

  /** Snapshot-only market data: every 35=V gets one 35=W of the simulated book (no 35=X stream yet). */
  private onMarketDataRequest(session: SessionState, msg: FixMessage): void {
    const reply = marketDataReply(msg, this.venue.symbol, this.venue.openOrders(), this.clock.now());
    if (reply) session.deliver(reply.msgType, reply.body);
  }
}

function route(session: SessionState): { key: string; allowedClientIds: ReadonlySet<string> } {
  return { key: session.key, allowedClientIds: session.allowedClientIds };
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
