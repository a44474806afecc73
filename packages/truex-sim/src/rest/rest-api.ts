import type { Logger } from 'pino';
import type { Clock } from '@truex-mm/clock';
import { SELF_TRADE_PREVENTION, type ClientSettings, type SelfTradePrevention } from '../client-settings';
import type { ReferencePriceSource } from '../reference-price-source';
import type { SessionRegistry } from '../session-registry';
import type { TrueXVenue } from '../venue';
import { restBalanceJson, restClientJson, restInstrumentJson, SIM_INSTRUMENT_ID } from './rest-account-json';
import { authenticateRest } from './rest-auth';
import { restOrderJson, type RestDialect } from './rest-order-json';
import type { OrderLookup, OrderRecordView } from './order-records';

export interface RestRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export interface RestReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface TrueXRestApiOptions {
  venue: TrueXVenue;
  registry: SessionRegistry;
  clock: Clock;
  logger: Logger;
  referencePrice?: ReferencePriceSource;
  priceBandPct?: number;
  dialect?: RestDialect;
  /** Orders as the stale-view fault wants them seen, or undefined for the live state. */
  staleOrders?: () => OrderRecordView[] | undefined;
}

const VERSIONS = ['v2024_01_01', 'v2026_01_23'];
const PREFIXES = ['/api/v1', '/v1/cefi'];

type Scope = ReadonlySet<string>;
interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly auth: boolean;
  readonly handle: (ctx: RouteContext) => RestReply;
}
interface RouteContext {
  readonly match: RegExpExecArray;
  readonly query: URLSearchParams;
  readonly scope: Scope;
  readonly enveloped: boolean;
  readonly body: string;
}

/**
 * TrueX's REST API over the simulated venue's state, I/O-free (request in, reply out; the HTTP layer is
 * rest-server.ts). Both path generations (`/api/v1`, `/v1/cefi`), plural and deprecated singular paths, both
 * response formats (X-Truex-Version), RFC 7807 errors. What is guessed is listed in the package README.
 */
export class TrueXRestApi {
  private readonly dialect: RestDialect;
  private readonly routes: Route[];

  constructor(private readonly o: TrueXRestApiOptions) {
    this.dialect = o.dialect ?? 'current';
    this.routes = [
      { method: 'GET', pattern: /^\/versions$/, auth: false, handle: (c) => this.ok(VERSIONS, c) },
      { method: 'GET', pattern: /^\/clients?$/, auth: true, handle: (c) => this.clients(c) },
      { method: 'PATCH', pattern: /^\/clients?$/, auth: true, handle: (c) => this.patchClient(c) },
      { method: 'GET', pattern: /^\/instruments?$/, auth: false, handle: (c) => this.instruments(c) },
      { method: 'GET', pattern: /^\/balances?$/, auth: true, handle: (c) => this.balances(c) },
      { method: 'GET', pattern: /^\/orders?\/active$/, auth: true, handle: (c) => this.activeOrders(c) },
      { method: 'GET', pattern: /^\/orders?\/status\/([^/]+)$/, auth: true, handle: (c) => this.orderStatus(c) },
      { method: 'DELETE', pattern: /^\/orders?\/([^/]+)$/, auth: true, handle: (c) => this.cancel(c) },
    ];
  }

  handle(req: RestRequest): RestReply {
    const queryAt = req.url.indexOf('?');
    const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : req.url.slice(queryAt + 1));
    const version = req.headers['x-truex-version'];
    const enveloped = version === 'v2026_01_23';
    if (version !== undefined && !VERSIONS.includes(version)) {
      return problem(400, 'Bad Request', `Unsupported version ${version}`, false);
    }
    const prefix = PREFIXES.find((p) => path.startsWith(`${p}/`));
    if (!prefix) return problem(404, 'Not Found', `No route for ${path}`, enveloped);
    const rest = path.slice(prefix.length);
    const candidates = this.routes.filter((r) => r.pattern.test(rest));
    if (candidates.length === 0) return problem(404, 'Not Found', `No route for ${path}`, enveloped);
    const route = candidates.find((r) => r.method === req.method);
    if (!route) return problem(405, 'Method Not Allowed', `${req.method} ${path}`, enveloped);

    let scope: Scope = new Set();
    if (route.auth) {
      const auth = authenticateRest(
        { method: req.method, path, body: req.body, headers: req.headers },
        this.o.registry,
        this.o.clock.now(),
      );
      if (!auth.ok) {
        this.o.logger.info({ method: req.method, path, status: auth.status, detail: auth.detail }, 'REST refused');
        return problem(auth.status, auth.status === 401 ? 'Unauthorized.' : 'Forbidden.', auth.detail, enveloped);
      }
      scope = auth.clientIds;
    }
    const reply = route.handle({ match: route.pattern.exec(rest)!, query, scope, enveloped, body: req.body });
    // Deprecated singular paths announce it (RFC 8594), as TrueX does for deprecated versions.
    if (/^\/(client|instrument|balance|order)(\/|$)/.test(rest)) reply.headers.Deprecation = 'true';
    return reply;
  }

  private clients(c: RouteContext): RestReply {
    const id = c.query.get('id');
    const mnemonic = c.query.get('mnemonic');
    const all = [...c.scope].map((clientId, i) => this.clientJson(clientId, i));
    const info = (x: Record<string, unknown>) => x.info as Record<string, unknown>;
    return this.ok(
      all.filter((x) => (id === null || x.id === id) && (mnemonic === null || info(x).mnemonic === mnemonic)),
      c,
    );
  }

  /**
   * PATCH /client(s): `{ id, info?: { self_trade_prevention? }, cancel_on_disconnect? }`. The documented request has
   * only `id` and `info.self_trade_prevention` (stored, not applied by the matching model); `cancel_on_disconnect`
   * (top level, or under `info`) is the third party's field: a guess. Answers the updated client object.
   */
  private patchClient(c: RouteContext): RestReply {
    const parsed = parseClientPatch(c.body);
    if (typeof parsed === 'string') return problem(400, 'Bad Request', parsed, c.enveloped);
    const index = [...c.scope].indexOf(parsed.id);
    if (index < 0) return problem(404, 'Not Found', `Client ${parsed.id} not found`, c.enveloped);
    const updated = this.o.venue.clientSettings.update(parsed.id, parsed.change);
    this.o.logger.info({ clientId: parsed.id, ...updated }, 'client settings changed over REST');
    return this.ok(this.clientJson(parsed.id, index), c);
  }

  private clientJson(clientId: string, index: number): Record<string, unknown> {
    return restClientJson(clientId, index, this.dialect, this.o.venue.clientSettings.get(clientId));
  }

  private instruments(c: RouteContext): RestReply {
    const id = c.query.get('id');
    const symbol = c.query.get('symbol');
    const symbolMatches = symbol === null || this.o.venue.symbol.includes(symbol);
    const found = (id === null || id === SIM_INSTRUMENT_ID) && symbolMatches;
    const instrument = restInstrumentJson(
      this.o.venue.symbol,
      this.o.referencePrice?.current(),
      this.o.priceBandPct ?? 2.5,
    );
    return this.ok(found ? [instrument] : [], c);
  }

  private balances(c: RouteContext): RestReply {
    const asked = c.query.get('client_id');
    if (asked !== null && !c.scope.has(asked)) return problem(403, 'Forbidden.', 'Forbidden.', c.enveloped);
    const clientIds = asked !== null ? [asked] : [...c.scope];
    const fills = this.o.venue.fills();
    const open = this.o.venue.openOrders();
    return this.ok(
      clientIds.map((id) => restBalanceJson(id, fills, open)),
      c,
    );
  }

  private activeOrders(c: RouteContext): RestReply {
    const id = c.query.get('id');
    const active = this.orders(c.scope).filter((v) => !v.terminal && (id === null || v.orderId === id));
    return this.ok(
      active.map((v) => restOrderJson(v, SIM_INSTRUMENT_ID, this.dialect)),
      c,
    );
  }

  private orderStatus(c: RouteContext): RestReply {
    const lookup = lookupOf(c.query);
    if (!lookup) return problem(400, 'Bad Request', "id_type must be 'client' or 'exchange'", c.enveloped);
    const ref = decodedRef(c.match[1]!);
    if (ref === undefined) return problem(400, 'Bad Request', 'malformed order id', c.enveloped);
    const view = this.find(c.scope, ref, lookup);
    if (!view) return problem(404, 'Not Found', `Order ${ref} not found`, c.enveloped);
    // An array of one order, as the third party types it (REST.md §3.8).
    return this.ok([restOrderJson(view, SIM_INSTRUMENT_ID, this.dialect)], c);
  }

  private cancel(c: RouteContext): RestReply {
    const lookup = lookupOf(c.query);
    if (!lookup) return problem(400, 'Bad Request', "id_type must be 'client' or 'exchange'", c.enveloped);
    const ref = decodedRef(c.match[1]!);
    if (ref === undefined) return problem(400, 'Bad Request', 'malformed order id', c.enveloped);
    const result = this.o.venue.cancelOrderRecord(c.scope, ref, lookup);
    if (result.outcome === 'not-found') return problem(404, 'Not Found', `Order ${ref} not found`, c.enveloped);
    if (result.outcome === 'not-active') {
      return problem(400, 'Bad Request', `Order ${ref} is not active`, c.enveloped);
    }
    return this.ok(restOrderJson(result.order!, SIM_INSTRUMENT_ID, this.dialect), c);
  }

  private orders(scope: Scope): OrderRecordView[] {
    const stale = this.o.staleOrders?.();
    return stale ? stale.filter((v) => scope.has(v.clientId)) : this.o.venue.orderRecordViews(scope);
  }

  private find(scope: Scope, ref: string, lookup: OrderLookup): OrderRecordView | undefined {
    const stale = this.o.staleOrders?.();
    if (!stale) return this.o.venue.findOrderRecord(scope, ref, lookup);
    const hits = stale.filter(
      (v) => scope.has(v.clientId) && (lookup === 'exchange' ? v.orderId === ref : v.clOrdIds.includes(ref)),
    );
    return hits.sort((a, b) => b.createdAtMs - a.createdAtMs)[0];
  }

  private ok(data: unknown, c: { enveloped: boolean }): RestReply {
    const payload = c.enveloped
      ? { data, pagination: { limit: Array.isArray(data) ? data.length : 1, next_cursor: null } }
      : data;
    return json(200, payload);
  }
}

/** The PATCH /client body, or why it is refused. */
function parseClientPatch(body: string): { id: string; change: Partial<ClientSettings> } | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'body must be JSON';
  }
  if (!isRecord(json) || typeof json.id !== 'string' || json.id === '') return 'id (string) is required';
  const info = json.info === undefined ? {} : json.info;
  if (!isRecord(info)) return 'info must be an object';
  const cod = json.cancel_on_disconnect ?? info.cancel_on_disconnect;
  if (cod !== undefined && typeof cod !== 'boolean') return 'cancel_on_disconnect must be a boolean';
  const stp = info.self_trade_prevention;
  if (stp !== undefined && !SELF_TRADE_PREVENTION.includes(stp as SelfTradePrevention)) {
    return `self_trade_prevention must be one of ${SELF_TRADE_PREVENTION.join(', ')}`;
  }
  return {
    id: json.id,
    change: { cancelOnDisconnect: cod, selfTradePrevention: stp as SelfTradePrevention | undefined },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodedRef(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function lookupOf(query: URLSearchParams): OrderLookup | undefined {
  // "'client' or 'exchange'. If omitted will default to 'exchange'" [DOC cancel]; assumed the same for status.
  const idType = query.get('id_type') ?? 'exchange';
  return idType === 'client' || idType === 'exchange' ? idType : undefined;
}

/** RFC 7807 Problem Details; wrapped as `{ error: … }` under v2026_01_23 (REST.md §3.12). */
export function problem(status: number, title: string, detail: string, enveloped: boolean): RestReply {
  const body = { type: 'about:blank', title, status, detail };
  const reply = json(status, enveloped ? { error: body } : body);
  reply.headers['Content-Type'] = 'application/problem+json';
  return reply;
}

function json(status: number, payload: unknown): RestReply {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
}
