import { createHmac } from 'node:crypto';
import pino from 'pino';
import { API_KEY, AcceptorHarness, CLIENT_ID, SECRET } from '../acceptor-harness.test-util';
import { TrueXRestApi, type RestReply, type TrueXRestApiOptions } from './rest-api';

/** A TrueXRestApi over an AcceptorHarness venue (ManualClock, no sockets) and a signed-request builder. */
export class RestHarness {
  readonly api: TrueXRestApi;

  constructor(
    readonly h: AcceptorHarness = new AcceptorHarness(),
    options: Partial<TrueXRestApiOptions> = {},
  ) {
    this.api = new TrueXRestApi({
      venue: h.venue,
      registry: h.registry,
      clock: h.clock,
      logger: pino({ level: 'silent' }),
      referencePrice: h.reference,
      ...options,
    });
  }

  /** Sends a request signed as the client would (HMAC computed here with node:crypto). */
  request(
    method: string,
    url: string,
    o: {
      apiKey?: string;
      secret?: string;
      clientId?: string | null;
      timestampSec?: number;
      version?: string;
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ): RestReply & { json: unknown } {
    const timestamp = String(o.timestampSec ?? Math.floor(this.h.clock.now() / 1000));
    const path = url.split('?')[0]!;
    const signature = createHmac('sha256', o.secret ?? SECRET)
      .update(`${timestamp}${method}${path}${o.body ?? ''}`)
      .digest('base64');
    const headers: Record<string, string> = {
      'x-truex-auth-timestamp': timestamp,
      'x-truex-auth-token': o.apiKey ?? API_KEY,
      'x-truex-auth-signature': signature,
      ...o.headers,
    };
    if (o.clientId !== null) headers['x-truex-auth-userid'] = o.clientId ?? CLIENT_ID;
    if (o.version) headers['x-truex-version'] = o.version;
    const reply = this.api.handle({ method, url, headers, body: o.body ?? '' });
    return { ...reply, json: reply.body ? JSON.parse(reply.body) : undefined };
  }
}
