import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import { PersistenceError, formatRunReport } from '@truex-mm/persistence';
import type { Logger } from 'pino';
import { loadAssets, type Asset } from './assets';
import { DashboardHistory } from './history';
import { presentEvent, presentSnapshot } from './presentation';
import { displayDecimals, formatFigure, type DisplayDecimals } from '@truex-mm/trading-figures';
import type { DashboardEvent, DashboardSource, RunStore } from './types';

export interface DashboardOptions {
  readonly source: DashboardSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Defaults to the last 15 minutes at one sample per second. */
  readonly history?: DashboardHistory;
  /** Past runs from storage; without it `/runs` answers 503. */
  readonly runs?: RunStore;
  /** How often a snapshot is sampled and pushed (default 1000 ms). */
  readonly intervalMs?: number;
  /** A client whose unsent output exceeds this is dropped (default 1 MiB): a stalled tab never grows our memory. */
  readonly maxClientBacklogBytes?: number;
}

export interface Dashboard {
  /**
   * Serves GET `/` (the page; `/?run=<id>` opens a past run read-only), `/assets/*`, `/events` (server-sent events),
   * `/runs` and `/runs/<id>`. Returns false, touching nothing, for any other request.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Starts sampling (and pushing) snapshots and listening to the source's events. */
  start(): void;
  /** Stops sampling and ends every event stream. */
  stop(): void;
  /** Open event streams. */
  readonly clients: number;
}

const RUN_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Headers of every page and asset: same-origin only, no framing (the controls must not be clickjacked). */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/** The live dashboard: route handlers for the HTTP server to mount, fed by a {@link DashboardSource}. */
export function createDashboard(options: DashboardOptions): Dashboard {
  const { source, clock, logger } = options;
  const history = options.history ?? new DashboardHistory();
  const intervalMs = options.intervalMs ?? 1000;
  const maxBacklog = options.maxClientBacklogBytes ?? 1024 * 1024;
  const assets: ReadonlyMap<string, Asset> = loadAssets();
  const clients = new Set<ServerResponse>();
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  let decimals: DisplayDecimals | undefined;

  const broadcast = (message: object): void => {
    if (clients.size === 0) return;
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const res of clients) {
      if (res.writableLength > maxBacklog) {
        logger.warn({ backlogBytes: res.writableLength }, 'dashboard client too slow: dropped');
        clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(frame);
    }
  };

  const tick = (): void => {
    try {
      const timeMs = clock.now();
      const snapshot = source.snapshot();
      const sample = history.sample(timeMs, snapshot);
      decimals = displayDecimals(snapshot.instrument);
      // Rounding every figure for display is the costly part: only for an open page.
      if (clients.size > 0) broadcast({ type: 'snapshot', timeMs, snapshot, view: presentSnapshot(snapshot), sample });
    } catch (error) {
      logger.error({ err: error }, 'dashboard snapshot failed');
    }
    timer = clock.setTimeout(tick, intervalMs, { unref: true });
  };

  const onEvent = (event: DashboardEvent): void => {
    decimals ??= displayDecimals(source.snapshot().instrument);
    const presented = presentEvent(event, decimals);
    history.event(presented);
    broadcast({ type: 'event', event: presented });
  };

  const openStream = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    clients.add(res);
    const drop = (): void => {
      clients.delete(res);
    };
    req.on('close', drop);
    res.on('error', drop);
    // The recent past and the present at once, so that a page opened late has something to show.
    const current = (() => {
      try {
        const snapshot = source.snapshot();
        return { snapshot, view: presentSnapshot(snapshot) };
      } catch (error) {
        logger.error({ err: error }, 'dashboard snapshot failed');
        return { snapshot: undefined, view: undefined };
      }
    })();
    res.write(
      `retry: 2000\n\ndata: ${JSON.stringify({ type: 'hello', timeMs: clock.now(), ...current, history: history.view() })}\n\n`,
    );
  };

  const serveRuns = async (path: string, res: ServerResponse): Promise<void> => {
    const runs = options.runs;
    if (!runs) {
      sendJson(res, 503, { error: 'past runs are not available from this process (see the README: run history)' });
      return;
    }
    if (path === '/runs') {
      const list = await runs.list();
      sendJson(res, 200, {
        runs: list.map((run) => ({ ...run, netPnlText: formatFigure(run.finalPosition?.netPnl ?? null, 2) })),
      });
      return;
    }
    const runId = decodeURIComponent(path.slice('/runs/'.length));
    if (!RUN_ID.test(runId)) {
      sendJson(res, 400, { error: 'a run id is letters, digits and . _ : -' });
      return;
    }
    try {
      const report = await runs.report(runId);
      sendJson(res, 200, { report, text: formatRunReport(report) });
    } catch (error) {
      if (error instanceof PersistenceError && error.code === 'RUN_NOT_FOUND')
        sendJson(res, 404, { error: error.message });
      else throw error;
    }
  };

  return {
    handle(req, res) {
      if ((req.method ?? 'GET') !== 'GET') return false;
      const path = (req.url ?? '/').split('?')[0]!;
      const asset = assets.get(path);
      if (asset) {
        res.writeHead(200, { 'content-type': asset.contentType, ...PAGE_HEADERS });
        res.end(asset.body);
        return true;
      }
      if (path === '/events') {
        openStream(req, res);
        return true;
      }
      if (path === '/runs' || path.startsWith('/runs/')) {
        serveRuns(path, res).catch((error: unknown) => {
          logger.error({ err: error }, 'reading past runs failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'reading past runs failed' });
        });
        return true;
      }
      return false;
    },
    start() {
      if (timer !== undefined) return;
      unsubscribe = source.subscribe(onEvent);
      tick();
    },
    stop() {
      clock.clearTimeout(timer);
      timer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
      for (const res of clients) res.end();
      clients.clear();
    },
    get clients() {
      return clients.size;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
