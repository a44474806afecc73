import type { Clock } from '@truex-mm/clock';
import type { FixBody, FixMessage } from '@truex-mm/fix-codec';
import { FixClient } from '@truex-mm/fix-session';
import type { FixSender } from '@truex-mm/order-adapter';
import type { Logger } from 'pino';

export interface VenueSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** PEM CA(s) for the venue certificate (TRUEX_FIX_CA_FILE); Node's store when unset. */
  readonly ca?: string | Buffer;
  readonly connectTimeoutMs: number;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The ladder test's TrueX connection: one FixClient at a time (reconnecting is the test's decision, never
 * automatic), seen by the order adapter as one {@link FixSender}, so the orders of a session that was lost can be
 * cancelled over a new one. While watched, losing the session (a Logout, a dropped connection, 1.5 × HeartBtInt of
 * venue silence) is reported once through `onLost`.
 */
export class VenueSession implements FixSender {
  private client: FixClient | undefined;
  private watching = false;

  constructor(
    private readonly options: VenueSessionOptions,
    private readonly onApp: (message: FixMessage) => void,
    private readonly onLost: (why: string) => void,
  ) {}

  send(msgType: string, body: FixBody): number | undefined {
    return this.client?.send(msgType, body);
  }

  get active(): boolean {
    return this.client?.state === 'active';
  }

  /** Connects and logs on; rejects with the FixSessionError that stopped it (connect, TLS, logon). */
  async logon(timeoutMs: number): Promise<void> {
    await this.client?.stop(0).catch(() => undefined);
    const client = this.newClient();
    this.client = client;
    client.start();
    await client.waitForLogon(timeoutMs);
  }

  /** Reports a lost session through `onLost` from now on. */
  watch(): void {
    this.watching = true;
  }

  unwatch(): void {
    this.watching = false;
  }

  /** Logs out (waiting up to `timeoutMs` for the venue's Logout) and closes. */
  async logout(timeoutMs: number): Promise<void> {
    this.watching = false;
    await this.client?.stop(timeoutMs);
  }

  private newClient(): FixClient {
    const o = this.options;
    const client = new FixClient({
      host: o.host,
      port: o.port,
      tls: o.tls,
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      connectTimeoutMs: o.connectTimeoutMs,
      senderCompId: o.senderCompId,
      targetCompId: o.targetCompId,
      apiKey: o.apiKey,
      apiSecret: o.apiSecret,
      reconnect: { enabled: false },
      clock: o.clock,
      logger: o.logger,
    });
    const lost = (why: string): void => {
      if (!this.watching || client !== this.client) return;
      this.watching = false;
      this.onLost(why);
    };
    client.on('app', (message) => this.onApp(message));
    client.on('error', (error) => o.logger.warn({ code: error.code, venueText: error.venueText }, 'FIX session error'));
    client.on('logout', (reason) => lost(`TrueX session lost mid-run: ${reason}`));
    client.on('state', (state) => {
      if (state === 'disconnected' || state === 'stopped') lost(`TrueX session lost mid-run (${state})`);
    });
    client.on('liveness', ({ responsive, silentMs }) => {
      // A session that ends also reports unresponsive, just before its 'logout': let that one give the reason.
      if (!responsive)
        queueMicrotask(() => lost(`TrueX went silent mid-run: nothing received for ${Math.round(silentMs)} ms`));
    });
    return client;
  }
}
