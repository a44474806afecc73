import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** The answer to a control that may be refused because of the trading state (409). */
export type ControlOutcome = { readonly ok: true } | { readonly ok: false; readonly conflict: string };

/** What the HTTP surface needs from the running market maker. */
export interface ControlSurface {
  status(): object;
  /** Whether the market maker is quoting; the reason when not (HALTED, PAUSED, feed stale, FIX down, a hold). */
  ready(): { ok: boolean; reason?: string };
  metricsText(): Promise<string>;
  metricsContentType: string;
  pause(reason: string): void;
  /** Refused (409) while HALTED: a HALT is cleared by `reset`, never by a resume. */
  resume(reason: string): ControlOutcome;
  kill(reason: string): void;
  /** Clears a HALT (persisted across restarts); false when there was none. */
  reset(by: string): Promise<boolean>;
}

/** Extra GET routes (the dashboard): returns false, touching nothing, for a request it does not serve. */
export interface RouteHandler {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface HttpControlOptions {
  /** The bearer token every control request must carry (`Authorization: Bearer <token>`). */
  readonly controlToken: string;
  readonly dashboard?: RouteHandler;
}

/** Raised when a control token is required and missing or unusable. */
export class ControlTokenError extends Error {
  override readonly name = 'ControlTokenError';
}

/** Shortest control token accepted (characters). */
export const MIN_CONTROL_TOKEN_LENGTH = 16;

/**
 * The control token to use: `MM_CONTROL_TOKEN` when set; otherwise, in live mode, a {@link ControlTokenError}; in
 * simulator mode a fresh random one (`generated: true`, for the caller to print once to the terminal, never log).
 */
export function resolveControlToken(
  mode: string,
  configured: string | undefined,
): { readonly token: string; readonly generated: boolean } {
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_CONTROL_TOKEN_LENGTH) {
      throw new ControlTokenError(`MM_CONTROL_TOKEN must be at least ${MIN_CONTROL_TOKEN_LENGTH} characters long`);
    }
    return { token: configured, generated: false };
  }
  if (mode === 'live') {
    throw new ControlTokenError(
      'MM_CONTROL_TOKEN is required in live mode: set it to a long random secret (e.g. `openssl rand -hex 32`); ' +
        'POST /pause, /resume, /kill and /reset need it as "Authorization: Bearer <token>"',
    );
  }
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

const CONTROLS: ReadonlySet<string> = new Set(['/pause', '/resume', '/kill', '/reset']);
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const ENDPOINTS = [
  'GET / (dashboard)',
  '/events',
  '/runs',
  '/healthz',
  '/readyz',
  '/status',
  '/metrics',
  'POST /pause',
  'POST /resume',
  'POST /kill',
  'POST /reset',
];

/**
 * GET /healthz (the process is alive), /readyz (quoting, or 503 with the reason), /status (JSON), /metrics
 * (Prometheus), the dashboard's routes; POST /pause, /resume, /kill, /reset (a HALT).
 *
 * Controls are POST (a crawler or a browser prefetch never halts trading), need the bearer token (401), and are
 * refused (403) with an Origin other than the server's own, so a web page open in the operator's browser cannot send
 * them. On a loopback bind, GET endpoints are readable without the token (a local operator, curl, Prometheus); the
 * Host header must then name the loopback interface, so a DNS-rebinding page cannot read them either. Bound to any
 * other address, GET endpoints (but the dashboard's static files) need the token too.
 */
export class HttpControlServer {
  private server?: Server;
  private readonly tokenDigest: Buffer;
  private allowedOrigins: ReadonlySet<string> = new Set();
  private allowedHosts: ReadonlySet<string> | undefined;
  private readsNeedToken = false;

  constructor(
    private readonly surface: ControlSurface,
    private readonly logger: Logger,
    private readonly options: HttpControlOptions,
  ) {
    if (options.controlToken.length < MIN_CONTROL_TOKEN_LENGTH) {
      throw new ControlTokenError(`the control token must be at least ${MIN_CONTROL_TOKEN_LENGTH} characters long`);
    }
    this.tokenDigest = digest(options.controlToken);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        this.logger.error({ err: error, url: req.url }, 'http handler failed');
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const bound = (server.address() as AddressInfo).port;
    const loopback = LOOPBACK_HOSTS.has(host);
    const names = loopback ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
    this.allowedOrigins = new Set(names.map((name) => `http://${name}:${bound}`));
    this.allowedHosts = loopback ? new Set(names.map((name) => `${name}:${bound}`)) : undefined;
    this.readsNeedToken = !loopback;
    return bound;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (this.allowedHosts && !this.allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      send(res, 403, { error: 'unknown Host: use the address the server listens on' });
      return;
    }
    if (CONTROLS.has(path)) {
      if (method !== 'POST') {
        res.setHeader('allow', 'POST');
        send(res, 405, { error: `use POST ${path}` });
      } else if (this.admitted(req, res, path)) {
        await this.control(path.slice(1), req, res);
      }
      return;
    }
    if (method !== 'GET') {
      send(res, 404, { error: 'not found', endpoints: ENDPOINTS });
      return;
    }
    if (path === '/healthz') {
      send(res, 200, { ok: true });
      return;
    }
    const isPage = path === '/' || path.startsWith('/assets/');
    if (this.readsNeedToken && !isPage && !this.authorized(req)) {
      unauthorized(res);
      return;
    }
    if (path === '/readyz') {
      const ready = this.surface.ready();
      send(res, ready.ok ? 200 : 503, ready);
    } else if (path === '/status') {
      send(res, 200, this.surface.status());
    } else if (path === '/metrics') {
      const text = await this.surface.metricsText();
      res.writeHead(200, { 'content-type': this.surface.metricsContentType });
      res.end(text);
    } else if (!this.options.dashboard?.handle(req, res)) {
      send(res, 404, { error: 'not found', endpoints: ENDPOINTS });
    }
  }

  /** Origin (403) then token (401): a refused request is logged without its credentials. */
  private admitted(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const origin = req.headers.origin;
    const remote = req.socket.remoteAddress;
    if (origin !== undefined && !this.allowedOrigins.has(origin)) {
      this.logger.warn({ action: path.slice(1), origin, remote }, 'control refused: foreign Origin');
      send(res, 403, { error: `Origin ${origin} may not control this market maker` });
      return false;
    }
    if (!this.authorized(req)) {
      this.logger.warn({ action: path.slice(1), remote }, 'control refused: missing or wrong token');
      unauthorized(res);
      return false;
    }
    return true;
  }

  private authorized(req: IncomingMessage): boolean {
    const match = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    // Digests have one length whatever was sent: the comparison takes the same time for every wrong token.
    return timingSafeEqual(digest(match?.[1] ?? ''), this.tokenDigest) && match !== null;
  }

  private async control(action: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const remote = req.socket.remoteAddress ?? '?';
    this.logger.warn({ action, remote }, 'operator control');
    const reason = `operator via HTTP /${action}`;
    if (action === 'pause') this.surface.pause(reason);
    else if (action === 'kill') this.surface.kill(reason);
    else if (action === 'resume') {
      const outcome = this.surface.resume(reason);
      if (!outcome.ok) {
        send(res, 409, { error: outcome.conflict, action });
        return;
      }
    } else {
      const cleared = await this.surface.reset(`operator via HTTP /reset from ${remote}`);
      send(res, 200, { ok: true, action, cleared });
      return;
    }
    send(res, 200, { ok: true, action });
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function unauthorized(res: ServerResponse): void {
  res.setHeader('www-authenticate', 'Bearer');
  send(res, 401, { error: 'missing or wrong control token (Authorization: Bearer <MM_CONTROL_TOKEN>)' });
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
