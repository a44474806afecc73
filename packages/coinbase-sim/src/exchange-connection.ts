import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { Logger } from 'pino';
import type { WebSocket, RawData } from 'ws';
import type { ExchangeChannel } from './channels';
import { ConnectionOutbox } from './connection-outbox';
import type { StallMode } from './connection-outbox';
import { verifyExchangeAuth } from './exchange-auth';
import type { ExchangeCredentials } from './exchange-auth';
import type { FeedSource } from './feed-source';
import type { SimulatorMetrics } from './simulator-metrics';
import { parseChannelRequest } from './subscription-request';
import { SubscriptionSet } from './subscription-set';

export interface ExchangeConnectionOptions {
  id: number;
  clock: Clock;
  logger: Logger;
  source: FeedSource;
  metrics: SimulatorMetrics;
  subscribeDeadlineMs: number;
  deadlineClose: { code: number; reason: string };
  ackLegacyAliases: boolean;
  accountIdsNull: boolean;
  /** 'partial': error then a `subscriptions` reply for the valid part; 'reject': the whole request is refused. */
  onInvalidSubscribe: 'partial' | 'reject';
  credentials: readonly ExchangeCredentials[];
  maxBufferedBytes: number;
  onClosed(connection: ExchangeConnection): void;
}

/** One client socket speaking the Exchange protocol: subscribe deadline, cumulative subscriptions, errors. */
export class ExchangeConnection {
  readonly subscriptions = new SubscriptionSet();
  readonly outbox: ConnectionOutbox;
  private deadline: TimerHandle | undefined;
  private authenticated = false;
  private subscribeSeen = false;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ExchangeConnectionOptions,
  ) {
    this.outbox = new ConnectionOutbox(socket, {
      clock: options.clock,
      maxBufferedBytes: options.maxBufferedBytes,
      onSent: () => options.metrics.framesSent++,
      onSlowConsumer: (bytes) => this.slowConsumer(bytes),
    });
    this.deadline = options.clock.setTimeout(() => this.missedDeadline(), options.subscribeDeadlineMs);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('ping', (data) => {
      // A stalled (half-open) connection must not answer pings either, or a client's ping watchdog is fooled.
      if (!this.outbox.stalled) socket.pong(data);
    });
    socket.on('close', () => this.cleanUp());
    socket.on('error', (error) => options.logger.debug({ connection: options.id, err: error }, 'socket error'));
  }

  get id(): number {
    return this.options.id;
  }

  isSubscribed(channel: ExchangeChannel, productId: string): boolean {
    return this.subscriptions.has(channel, productId);
  }

  send(frame: string): void {
    this.outbox.send(frame);
  }

  sendRaw(frame: string): void {
    this.outbox.sendRaw(frame);
  }

  stall(ms: number, mode: StallMode): void {
    this.outbox.stall(ms, mode);
  }

  /** Abrupt drop: no close frame, the client sees 1006. */
  terminate(): void {
    this.socket.terminate();
    this.cleanUp();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Coinbase's slow-consumer treatment: an error, then the connection is cut. */
  slowConsumer(bufferedBytes: number): void {
    if (this.closed) return;
    this.options.metrics.slowConsumerDisconnects++;
    this.options.logger.warn({ connection: this.id, bufferedBytes }, 'slow consumer disconnected');
    this.outbox.close();
    // Queued behind the backlog, so a stuck client never reads it; a merely slow one might.
    this.socket.send(
      JSON.stringify({ type: 'error', message: 'ErrSlowConsume', reason: 'too many backed up messages' }),
    );
    this.terminate();
  }

  private missedDeadline(): void {
    this.deadline = undefined;
    if (this.closed || this.subscribeSeen) return;
    this.options.metrics.subscribeDeadlineCloses++;
    this.options.logger.info({ connection: this.id }, 'no subscribe within the deadline; closing');
    this.close(this.options.deadlineClose.code, this.options.deadlineClose.reason);
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.options.metrics.framesReceived++;
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(data.toString());
    } catch {
      this.reject('Malformed JSON', 'the message could not be parsed as JSON');
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.reject('Malformed JSON', 'expected a JSON object');
      return;
    }
    const body = message as Record<string, unknown>;
    const type = body['type'];
    if (type === 'subscribe' || type === 'unsubscribe') this.handleChannelRequest(type, body);
    else {
      const shown = String(type).slice(0, 64); // never echo an arbitrarily large client string
      this.reject(`Failed to ${typeof type === 'string' ? shown : 'process'}`, `${shown} is not a valid type`);
    }
  }

  private handleChannelRequest(type: 'subscribe' | 'unsubscribe', body: Record<string, unknown>): void {
    const firstSubscribe = type === 'subscribe' && !this.subscribeSeen;
    // Coinbase authenticates on the first subscribe only: "you will remain in the unauthenticated channel".
    const auth = firstSubscribe ? parseChannelRequest(type, body, this.productContext()).auth : undefined;
    if (auth) {
      if (verifyExchangeAuth(auth, this.options.credentials)) this.authenticated = true;
      else {
        this.options.metrics.authFailures++;
        this.reject('Authentication Failed', '{"message":"invalid signature"}');
        return;
      }
    }
    const request = parseChannelRequest(type, body, this.productContext());
    if (request.failures.length > 0) {
      for (const reason of request.failures) this.reject(`Failed to ${type}`, reason);
      if (this.options.onInvalidSubscribe === 'reject' || request.entries.length === 0) return;
    }
    if (type === 'unsubscribe') {
      this.subscriptions.remove(request.entries);
      this.sendSubscriptions();
      return;
    }
    this.subscribeSeen = true;
    this.options.clock.clearTimeout(this.deadline);
    this.deadline = undefined;
    const added = this.subscriptions.add(request.entries);
    this.sendSubscriptions();
    for (const { channel, productIds } of added) {
      for (const productId of productIds) {
        for (const frame of this.options.source.initialFrames(channel, productId)) this.send(frame);
      }
    }
    this.options.source.onSubscribed();
  }

  private productContext(): { isProduct(p: string): boolean; authenticated: boolean } {
    return { isProduct: (p) => this.options.source.isProduct(p), authenticated: this.authenticated };
  }

  private sendSubscriptions(): void {
    const channels = this.subscriptions.toReply(this.options);
    this.send(JSON.stringify({ type: 'subscriptions', channels }));
  }

  private reject(message: string, reason: string): void {
    this.options.metrics.rejectedRequests++;
    this.options.logger.debug({ connection: this.id, message, reason }, 'request rejected');
    this.send(JSON.stringify({ type: 'error', message, reason }));
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.clock.clearTimeout(this.deadline);
    this.outbox.close();
    this.options.onClosed(this);
  }
}
