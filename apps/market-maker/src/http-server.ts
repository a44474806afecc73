import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** What the HTTP surface needs from the running market maker. */
export interface ControlSurface {
  status(): object;
  healthy(): { ok: boolean; reason?: string };
  metricsText(): Promise<string>;
  metricsContentType: string;
  pause(reason: string): void;
  resume(reason: string): void;
  kill(reason: string): void;
  /** Clears a HALT (persisted across restarts); false when there was none. */
  reset(by: string): Promise<boolean>;
}

/**
 * GET /healthz, GET /status (JSON), GET /metrics (Prometheus), POST /pause, /resume, /kill, /reset (a HALT).
 * Control endpoints are POST so that a crawler or a browser prefetch never halts trading.
 */
export class HttpControlServer {
  private server?: Server;

  constructor(
    private readonly surface: ControlSurface,
    private readonly logger: Logger,
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        this.logger.error({ err: error, url: req.url }, 'http handler failed');
        send(res, 500, { error: 'internal error' });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/healthz') {
      const health = this.surface.healthy();
      send(res, health.ok ? 200 : 503, health);
    } else if (method === 'GET' && path === '/status') {
      send(res, 200, this.surface.status());
    } else if (method === 'GET' && path === '/metrics') {
      const text = await this.surface.metricsText();
      res.writeHead(200, { 'content-type': this.surface.metricsContentType });
      res.end(text);
    } else if (method === 'POST' && (path === '/pause' || path === '/resume' || path === '/kill')) {
      const reason = `operator via HTTP ${path}`;
      this.logger.warn({ action: path.slice(1), remote: req.socket.remoteAddress }, 'operator control');
      if (path === '/pause') this.surface.pause(reason);
      else if (path === '/resume') this.surface.resume(reason);
      else this.surface.kill(reason);
      send(res, 200, { ok: true, action: path.slice(1) });
    } else if (method === 'POST' && path === '/reset') {
      this.logger.warn({ action: 'reset', remote: req.socket.remoteAddress }, 'operator control');
      const cleared = await this.surface.reset(`operator via HTTP /reset from ${req.socket.remoteAddress ?? '?'}`);
      send(res, 200, { ok: true, action: 'reset', cleared });
    } else if (['/pause', '/resume', '/kill', '/reset'].includes(path)) {
      res.setHeader('allow', 'POST');
      send(res, 405, { error: `use POST ${path}` });
    } else {
      send(res, 404, {
        error: 'not found',
        endpoints: ['/healthz', '/status', '/metrics', 'POST /pause', 'POST /resume', 'POST /kill', 'POST /reset'],
      });
    }
  }
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
