import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '@truex-mm/clock';
import { normaliseBalance, type TrueXBalance } from './balance';
import { normaliseClientInfo, type TrueXClientInfo } from './client-info';
import {
  DEFAULT_HEADER_NAMES,
  TRUEX_API_VERSIONS,
  parseBaseUrl,
  type TrueXApiGeneration,
  type TrueXBaseUrl,
  type TrueXRestHeaderNames,
} from './config';
import { endpointPaths, type TrueXEndpointPaths, type TrueXPathStyle } from './endpoints';
import { unwrapEnvelope, type UnwrappedResponse } from './envelope';
import { SecretRedactor, TrueXRestError, type TrueXRestErrorCode } from './errors';
import { AttemptTimeout, exchangeOnce, fetchTransport, type HttpExchange, type HttpTransport } from './http-transport';
import { normaliseInstrument, type TrueXInstrument } from './instrument';
import { normaliseOrder, type TrueXOrder } from './order';
import { RequestRateLimiter, type RateLimit } from './request-rate-limiter';
import {
  backoffDelayMs,
  isRetryable,
  parseRetryAfter,
  resolveRetryOptions,
  type AttemptFailure,
  type ResolvedRetryOptions,
  type RetryClass,
  type RetryOptions,
} from './retry-policy';
import { restTimestamp, trueXRestSignature } from './signature';
import type { UnknownValueListener } from './unknown-value';
import { venueErrorText } from './venue-error-text';

export interface TrueXRestClientOptions {
  /** e.g. `process.env.TRUEX_REST_URL` or a {@link TRUEX_REST_URLS} entry; the path picks the API generation. */
  baseUrl: string;
  /** API key id, sent as `x-truex-auth-token`. */
  apiKey: string;
  /** HMAC secret. Never sent, logged or put in an error. */
  apiSecret: string;
  /**
   * Client id sent in the user-id header when a call names none. Default "0", what the official Python sends
   * before it has chosen a client id.
   */
  clientId?: string;
  headerNames?: Partial<TrueXRestHeaderNames>;
  /** `X-Truex-Version` value (default v2024_01_01); null sends no version header. Both envelopes are read anyway. */
  apiVersion?: string | null;
  /** Default plural (documented since v1.0.3); singular is legacy-only. */
  pathStyle?: TrueXPathStyle;
  /** Per attempt, response body included (default 10 000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Client-side token bucket (default 5/s, burst 10); null = none. */
  rateLimit?: RateLimit | null;
  /** Default: Node's global fetch. */
  transport?: HttpTransport;
  clock?: Clock;
  /** Backoff jitter in [0, 1); default Math.random. */
  random?: () => number;
  logger?: Logger;
}

export type IdType = 'client' | 'exchange';

interface CallSpec {
  method: 'GET' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  clientId?: string;
  retryClass: RetryClass;
}

const SILENT_LOGGER = pino({ level: 'silent' });
const RESOLVED = Promise.resolve();

/**
 * A typed TrueX REST client for reconciliation around the FIX session: clients, instruments, balances, active
 * orders, order status and cancel. Every request is signed (REST.md §2), rate limited on the injected clock, bounded
 * by a timeout, and retried only when that is safe (see {@link RetryClass}). Responses in either envelope and every
 * documented field spelling come back as one typed shape; failures as {@link TrueXRestError}.
 */
export class TrueXRestClient {
  readonly apiGeneration: TrueXApiGeneration;
  private readonly base: TrueXBaseUrl;
  private readonly paths: TrueXEndpointPaths;
  private readonly headerNames: TrueXRestHeaderNames;
  private readonly apiKey: string;
  private readonly apiSecret: string;
  private readonly defaultClientId: string;
  private readonly apiVersion: string | null;
  private readonly timeoutMs: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly limiter: RequestRateLimiter | undefined;
  private readonly transport: HttpTransport;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly redactor: SecretRedactor;
  private readonly reportedUnknown = new Set<string>();

  constructor(options: TrueXRestClientOptions) {
    if (!options.apiKey || !options.apiSecret) {
      throw new TrueXRestError('INVALID_ARGUMENT', 'apiKey and apiSecret are required');
    }
    this.base = parseBaseUrl(options.baseUrl);
    this.apiGeneration = this.base.generation;
    this.paths = endpointPaths(options.pathStyle ?? 'plural', this.base.generation);
    this.headerNames = { ...DEFAULT_HEADER_NAMES, ...options.headerNames };
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.defaultClientId = options.clientId ?? '0';
    this.apiVersion = options.apiVersion === undefined ? TRUEX_API_VERSIONS.raw : options.apiVersion;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retry = resolveRetryOptions(options.retry);
    this.clock = options.clock ?? systemClock;
    const rateLimit = options.rateLimit === undefined ? { ratePerSec: 5, burst: 10 } : options.rateLimit;
    this.limiter = rateLimit ? new RequestRateLimiter(rateLimit, this.clock) : undefined;
    this.transport = options.transport ?? fetchTransport;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.redactor = new SecretRedactor([options.apiSecret, options.apiKey]);
  }

  /** `GET /clients`: the client ids (trading accounts) the key may use. */
  async clients(query: { id?: string; mnemonic?: string } = {}): Promise<TrueXClientInfo[]> {
    const spec: CallSpec = { method: 'GET', path: this.paths.clients, query, retryClass: 'idempotent' };
    return this.normaliseAll(spec, await this.call(spec), normaliseClientInfo);
  }

  /** `GET /instruments` (`symbol` matches exactly or as a case-sensitive substring, per the docs). */
  async instruments(query: { id?: string; symbol?: string } = {}): Promise<TrueXInstrument[]> {
    const spec: CallSpec = { method: 'GET', path: this.paths.instruments, query, retryClass: 'idempotent' };
    return this.normaliseAll(spec, await this.call(spec), normaliseInstrument);
  }

  /** `GET /balances` for a client id (the query's `client_id` and the user-id header). */
  async balances(query: { clientId?: string; assetId?: string; assetName?: string } = {}): Promise<TrueXBalance[]> {
    const spec: CallSpec = {
      method: 'GET',
      path: this.paths.balances,
      query: { client_id: query.clientId, asset_id: query.assetId, asset_name: query.assetName },
      clientId: query.clientId,
      retryClass: 'idempotent',
    };
    return this.normaliseAll(spec, await this.call(spec), normaliseBalance);
  }

  /**
   * `GET /orders/active` scoped to `clientId` (user-id header). Orders that name another client id are dropped,
   * in case the venue scopes by organisation rather than by header.
   */
  async activeOrders(clientId?: string): Promise<TrueXOrder[]> {
    const spec: CallSpec = { method: 'GET', path: this.paths.activeOrders, clientId, retryClass: 'idempotent' };
    const response = await this.call(spec);
    if (response.pagination?.nextCursor) {
      // The query parameter that sends the cursor back is undocumented (REST.md §6.5).
      this.logger.warn({ path: spec.path }, 'TrueX REST: active orders has further pages; only the first is read');
    }
    const orders = this.normaliseAll(spec, response, (v) => normaliseOrder(v, this.unknownListener(spec)));
    const scope = clientId ?? (this.defaultClientId === '0' ? undefined : this.defaultClientId);
    return scope === undefined ? orders : orders.filter((o) => o.clientId === undefined || o.clientId === scope);
  }

  /** `GET /orders/status/{ClOrdID}?id_type=client`; undefined on 404 (unknown, or past the 28-day retention). */
  orderByClientOrderId(clientOrderId: string, clientId?: string): Promise<TrueXOrder | undefined> {
    return this.orderStatus(clientOrderId, 'client', clientId);
  }

  /** `GET /orders/status/{id}?id_type=exchange`; undefined on 404. */
  orderByOrderId(orderId: string, clientId?: string): Promise<TrueXOrder | undefined> {
    return this.orderStatus(orderId, 'exchange', clientId);
  }

  /**
   * `DELETE /orders/{ClOrdID}?id_type=client`. Not retried except after a 429; on a timeout, network error or
   * 5xx the error has `outcomeUnknown: true`. Trades may still arrive on an order being cancelled [DOC].
   */
  cancelByClientOrderId(clientOrderId: string, clientId?: string): Promise<TrueXOrder> {
    return this.cancel(clientOrderId, 'client', clientId);
  }

  /** `DELETE /orders/{id}?id_type=exchange`; same retry rule as {@link cancelByClientOrderId}. */
  cancelByOrderId(orderId: string, clientId?: string): Promise<TrueXOrder> {
    return this.cancel(orderId, 'exchange', clientId);
  }

  /** Stops the rate limiter's timer. Calls still waiting for a token never complete. */
  close(): void {
    this.limiter?.dispose();
  }

  private async orderStatus(refId: string, idType: IdType, clientId?: string): Promise<TrueXOrder | undefined> {
    const spec: CallSpec = {
      method: 'GET',
      path: this.paths.orderStatus(requireId(refId, idType)),
      query: { id_type: idType },
      clientId,
      retryClass: 'idempotent',
    };
    let response: UnwrappedResponse;
    try {
      response = await this.call(spec);
    } catch (error) {
      if (error instanceof TrueXRestError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
    // The status body is an array (third party) or an object: both are read, the first order taken (REST.md §6.6).
    const [order] = this.normaliseAll(spec, response, (v) => normaliseOrder(v, this.unknownListener(spec)));
    return order;
  }

  private async cancel(refId: string, idType: IdType, clientId?: string): Promise<TrueXOrder> {
    const spec: CallSpec = {
      method: 'DELETE',
      path: this.paths.order(requireId(refId, idType)),
      query: { id_type: idType },
      clientId,
      retryClass: 'refused-only',
    };
    const [order] = this.normaliseAll(spec, await this.call(spec), (v) =>
      normaliseOrder(v, this.unknownListener(spec)),
    );
    if (!order) {
      throw new TrueXRestError('MALFORMED_RESPONSE', 'cancel answered without an order', {
        method: spec.method,
        path: this.base.prefix + spec.path,
      });
    }
    return order;
  }

  private normaliseAll<T>(spec: CallSpec, response: UnwrappedResponse, normalise: (v: unknown) => T): T[] {
    try {
      return response.items.map(normalise);
    } catch (error) {
      if (error instanceof TrueXRestError) {
        throw error.withContext({ method: spec.method, path: this.base.prefix + spec.path });
      }
      throw error;
    }
  }

  private unknownListener(spec: CallSpec): UnknownValueListener {
    return (field, value) => {
      const key = `${field}\u0000${value}`;
      if (this.reportedUnknown.has(key)) return;
      this.reportedUnknown.add(key);
      this.logger.warn({ field, value, path: spec.path }, 'TrueX REST: unknown value kept raw');
    };
  }

  /** Sends with signing, rate limit, timeout and retries; returns the unwrapped 2xx body or throws. */
  private async call(spec: CallSpec): Promise<UnwrappedResponse> {
    const path = this.base.prefix + spec.path;
    const url = this.base.origin + path + queryString(spec.query);
    for (let attempt = 1; ; attempt++) {
      await (this.limiter?.acquire() ?? RESOLVED);
      const startedMs = this.clock.now();
      let exchange: HttpExchange | undefined;
      let failure: AttemptFailure;
      let networkText: string | undefined;
      let timedOut = false;
      try {
        exchange = await exchangeOnce(
          this.transport,
          url,
          { method: spec.method, headers: this.headers(spec, path) },
          this.timeoutMs,
          this.clock,
        );
      } catch (error) {
        timedOut = error instanceof AttemptTimeout;
        networkText = error instanceof Error ? error.message : String(error);
      }
      if (exchange && exchange.status >= 200 && exchange.status < 300) {
        this.logger.debug({ method: spec.method, path, status: exchange.status, attempt }, 'TrueX REST response');
        return this.parseBody(spec, path, exchange, attempt);
      }
      if (exchange) failure = { kind: 'http', status: exchange.status };
      else failure = timedOut ? { kind: 'timeout' } : { kind: 'network' };
      const venueText = exchange ? this.venueText(exchange.body) : undefined;
      const retryAfterMs = exchange
        ? parseRetryAfter(exchange.headers.get('retry-after'), this.clock.now())
        : undefined;
      if (failure.kind === 'http' && failure.status === 429 && retryAfterMs !== undefined) {
        this.limiter?.pauseUntil(this.clock.now() + retryAfterMs);
      }
      const retryAfterTooLong = retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs;
      const canRetry = attempt < this.retry.maxAttempts && !retryAfterTooLong && isRetryable(spec.retryClass, failure);
      this.logger.warn(
        {
          method: spec.method,
          path,
          attempt,
          status: exchange?.status,
          failure: failure.kind,
          elapsedMs: this.clock.now() - startedMs,
          retrying: canRetry,
        },
        'TrueX REST request failed',
      );
      if (!canRetry) throw this.failureError(spec, path, failure, venueText, networkText, attempt);
      const delayMs = Math.max(backoffDelayMs(attempt, this.retry, this.random), retryAfterMs ?? 0);
      await this.sleep(delayMs);
    }
  }

  private parseBody(spec: CallSpec, path: string, exchange: HttpExchange, attempt: number): UnwrappedResponse {
    const text = exchange.body.trim();
    if (text === '') return { items: [], enveloped: false };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TrueXRestError('MALFORMED_RESPONSE', 'response body is not JSON', {
        status: exchange.status,
        venueText: this.venueText(text.slice(0, 200)),
        method: spec.method,
        path,
        attempts: attempt,
      });
    }
    try {
      return unwrapEnvelope(json);
    } catch (error) {
      if (error instanceof TrueXRestError) throw error.withContext({ method: spec.method, path, attempts: attempt });
      throw error;
    }
  }

  private failureError(
    spec: CallSpec,
    path: string,
    failure: AttemptFailure,
    venueText: string | undefined,
    networkText: string | undefined,
    attempts: number,
  ): TrueXRestError {
    const mayHaveActed = spec.method !== 'GET';
    const common = { method: spec.method, path, attempts };
    if (failure.kind === 'timeout') {
      return new TrueXRestError('TIMEOUT', `no answer within ${this.timeoutMs} ms`, {
        ...common,
        outcomeUnknown: mayHaveActed,
      });
    }
    if (failure.kind === 'network') {
      const detail = networkText ? `: ${this.redactor.redact(networkText)}` : '';
      return new TrueXRestError('NETWORK', `request failed${detail}`, { ...common, outcomeUnknown: mayHaveActed });
    }
    const code = codeForStatus(failure.status);
    return new TrueXRestError(code, 'venue refused the request', {
      ...common,
      status: failure.status,
      venueText,
      outcomeUnknown: mayHaveActed && code === 'SERVER_ERROR',
    });
  }

  private venueText(body: string): string | undefined {
    const text = venueErrorText(body);
    return text === undefined ? undefined : this.redactor.redact(text);
  }

  private headers(spec: CallSpec, path: string): Record<string, string> {
    const timestamp = restTimestamp(this.clock.now());
    const names = this.headerNames;
    const headers: Record<string, string> = {
      accept: 'application/json',
      [names.timestamp]: timestamp,
      [names.token]: this.apiKey,
      [names.signature]: trueXRestSignature({ secret: this.apiSecret, timestamp, method: spec.method, path }),
    };
    const clientId = spec.clientId ?? this.defaultClientId;
    for (const name of names.userId) headers[name] = clientId;
    if (this.apiVersion !== null) headers[names.version] = this.apiVersion;
    return headers;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return RESOLVED;
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}

function codeForStatus(status: number): TrueXRestErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 408:
      return 'TIMEOUT';
    case 429:
      return 'RATE_LIMITED';
    default:
      return status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR';
  }
}

function requireId(id: string, idType: IdType): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new TrueXRestError('INVALID_ARGUMENT', `empty ${idType === 'client' ? 'client order id' : 'order id'}`);
  }
  return id;
}

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
