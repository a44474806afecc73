import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TimerHandle } from '@truex-mm/clock';
import { OrderViewHistory } from './order-view-history';
import { TrueXRestApi, problem, type RestReply, type TrueXRestApiOptions } from './rest-api';
import type { PendingRestError, RestFaultPlan } from './rest-faults';
import type { OrderRecordView } from './order-records';

export interface TrueXRestServerOptions extends Omit<TrueXRestApiOptions, 'staleOrders'> {
  faults: RestFaultPlan;
  /** Request bodies above this are refused with 413 (default 64 KiB). */
  maxBodyBytes?: number;
}

/**
 * The HTTP layer of the simulated REST API (node:http, plain HTTP like TrueX's legacy port 9742): collects the
 * body, applies the REST faults (errors, slow answers, stale view) around {@link TrueXRestApi}, writes the reply.
 */
export class TrueXRestServer {
  private readonly api: TrueXRestApi;
  private server: Server | undefined;
  private history: OrderViewHistory | undefined;
  private stopRecording: (() => void) | undefined;
  private readonly heldReplies = new Set<TimerHandle>();

  constructor(private readonly o: TrueXRestServerOptions) {
    this.api = new TrueXRestApi({ ...o, staleOrders: () => this.staleOrders() });
    o.faults.onStaleViewChange = (ms) => this.onStaleViewChange(ms);
    this.onStaleViewChange(o.faults.staleViewMs);
  }

  listen(host: string, port: number): Promise<number> {
    if (this.server) throw new Error('REST server already listening');
    const server = createServer((req, res) => this.onRequest(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const t of this.heldReplies) this.o.clock.clearTimeout(t);
    this.heldReplies.clear();
    this.stopRecording?.();
    this.stopRecording = undefined;
    this.o.faults.onStaleViewChange = undefined;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const limit = this.o.maxBodyBytes ?? 65_536;
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !refused) {
        refused = true;
        this.write(res, problem(413, 'Payload Too Large', `body above ${limit} bytes`, false));
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) this.answer(req, res, Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => this.o.logger.debug({ reason: error.message }, 'REST request error'));
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fault = this.o.faults.takeError();
    let reply: RestReply;
    try {
      if (fault && !fault.afterAction) reply = faultReply(fault);
      else {
        reply = this.api.handle({ method, url, headers: flatten(req.headers), body });
        if (fault) reply = faultReply(fault);
      }
    } catch (error) {
      this.o.logger.error(
        { method, reason: error instanceof Error ? error.message : String(error) },
        'REST handler failed',
      );
      reply = problem(500, 'Internal Server Error', 'simulator error', false);
    }
    // The path only: the query may name client ids, headers carry the key and signature; neither is logged.
    this.o.logger.debug({ method, path: url.split('?')[0], status: reply.status, fault: fault !== undefined }, 'REST');
    const delayMs = this.o.faults.delayMs;
    if (delayMs <= 0) return this.write(res, reply);
    const timer = this.o.clock.setTimeout(() => {
      this.heldReplies.delete(timer);
      this.write(res, reply);
    }, delayMs);
    this.heldReplies.add(timer);
  }

  private write(res: ServerResponse, reply: RestReply): void {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
  }

  private staleOrders(): OrderRecordView[] | undefined {
    const lag = this.o.faults.staleViewMs;
    return lag > 0 && this.history ? this.history.asOf(this.o.clock.now() - lag) : undefined;
  }

  private onStaleViewChange(ms: number): void {
    if (ms <= 0) {
      this.stopRecording?.();
      this.stopRecording = undefined;
      this.history = undefined;
      return;
    }
    if (this.history) return;
    const history = new OrderViewHistory(this.o.venue.orderRecordViews());
    this.history = history;
    this.stopRecording = this.o.venue.onOrderUpdate((view) =>
      history.record(view, this.o.clock.now(), this.o.faults.staleViewMs),
    );
  }
}

function faultReply(fault: PendingRestError): RestReply {
  const reply = problem(fault.status, 'Simulated failure', `injected HTTP ${fault.status}`, false);
  if (fault.status === 429) reply.headers['Retry-After'] = String(fault.retryAfterSec);
  return reply;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
