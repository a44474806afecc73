import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@truex-mm/clock';
import { PersistenceError, type RunReport } from '@truex-mm/persistence';
import pino from 'pino';
import { createDashboard, type Dashboard } from './dashboard';
import { DashboardHistory } from './history';
import type { DashboardEvent, DashboardSnapshot, DashboardSource, RunStore } from './types';

function snapshotAt(fairPrice: string): DashboardSnapshot {
  return {
    status: {
      mode: 'simulator',
      fairPrice,
      reference: { bid: '99999.5', ask: '100000.5' },
      openOrders: 2,
      position: '0.0012',
      realizedPnl: '1.5',
      unrealizedPnl: '-0.25',
      fees: '0.01',
      tradingState: 'ACTIVE',
      feed: { state: 'live' },
      fix: { state: 'active' },
    },
    orders: [
      { side: 'buy', price: '99990', leavesQty: '0.001', state: 'New' },
      { side: 'sell', price: '100010', leavesQty: '0.001', state: 'New' },
    ],
    limits: [{ name: 'open orders', used: '2', limit: '50', unit: 'orders', kind: 'count' }],
    instrument: { symbol: 'BTC-PYUSD', tickSize: '0.5', lotSize: '0.0001' },
  };
}

class FakeSource implements DashboardSource {
  fairPrice = '100000';
  listeners = new Set<(event: DashboardEvent) => void>();
  snapshot(): DashboardSnapshot {
    return snapshotAt(this.fairPrice);
  }
  subscribe(listener: (event: DashboardEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: DashboardEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, urlPath: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Opens /events and collects the JSON of each `data:` frame. */
function stream(port: number): {
  frames: Array<Record<string, unknown>>;
  close(): void;
  next(n: number): Promise<void>;
} {
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let buffer = '';
  const req = request({ host: '127.0.0.1', port, path: '/events' }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (data) frames.push(JSON.parse(data.slice(6)) as Record<string, unknown>);
      }
      for (const w of waiters.filter((w) => frames.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    frames,
    close: () => req.destroy(),
    next: (n) => (frames.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
  };
}

describe('createDashboard', () => {
  let clock: ManualClock;
  let source: FakeSource;
  let dashboard: Dashboard;
  let server: Server;
  let port: number;
  let runs: RunStore | undefined;

  async function start(options: { runs?: RunStore; history?: DashboardHistory } = {}): Promise<void> {
    clock = new ManualClock();
    source = new FakeSource();
    runs = options.runs;
    dashboard = createDashboard({ source, clock, logger: pino({ level: 'silent' }), ...options });
    server = createServer((req, res) => {
      if (!dashboard.handle(req, res)) {
        res.writeHead(418);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    dashboard.start();
  }

  afterEach(async () => {
    dashboard.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves the page and its assets from the process, same-origin only, and nothing else', async () => {
    await start();
    const page = await get(port, '/?run=abc');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('/assets/dashboard.js');
    for (const asset of ['dashboard.js', 'charts.js', 'format.js', 'dashboard.css', 'uPlot.esm.js', 'uPlot.min.css']) {
      const reply = await get(port, `/assets/${asset}`);
      expect(reply.status).toBe(200);
      expect(reply.body.length).toBeGreaterThan(100);
    }
    expect((await get(port, '/assets/../package.json')).status).toBe(418);
    expect((await get(port, '/status')).status).toBe(418);
  });

  it('streams the recent past, a snapshot each interval and events as they happen', async () => {
    await start();
    clock.advance(1000);
    source.emit({ kind: 'reject', timeMs: clock.now(), clOrdId: 'c1', side: 'buy', price: '99990', text: 'Too late' });
    const events = stream(port);
    await events.next(1);
    const hello = events.frames[0] as {
      type: string;
      snapshot: DashboardSnapshot;
      history: { samples: unknown[]; events: DashboardEvent[] };
    };
    expect(hello.type).toBe('hello');
    expect(hello.history.samples).toHaveLength(2);
    expect(hello.history.events).toEqual([expect.objectContaining({ kind: 'reject', text: 'Too late' })]);
    expect(hello.snapshot.status.fairPrice).toBe('100000');
    expect(dashboard.clients).toBe(1);

    source.fairPrice = '100001.5';
    clock.advance(1000);
    await events.next(2);
    expect(events.frames[1]).toMatchObject({
      type: 'snapshot',
      timeMs: clock.now(),
      sample: { fairPrice: '100001.5', referenceBid: '99999.5', referenceAsk: '100000.5', fees: '0.01' },
    });
    source.emit({
      kind: 'fill',
      timeMs: clock.now(),
      clOrdId: 'c2',
      side: 'sell',
      price: '100010',
      quantity: '0.001',
      fee: '0',
    });
    await events.next(3);
    expect(events.frames[2]).toMatchObject({ type: 'event', event: { kind: 'fill', clOrdId: 'c2' } });
    events.close();
  });

  it('keeps a bounded history', async () => {
    const history = new DashboardHistory({ maxSamples: 3, maxEvents: 2 });
    await start({ history });
    for (let i = 0; i < 5; i++) {
      source.fairPrice = String(100000 + i);
      clock.advance(1000);
    }
    for (const text of ['a', 'b', 'c']) {
      source.emit({ kind: 'reject', timeMs: clock.now(), clOrdId: text, side: 'buy', price: '1', text });
    }
    const view = history.view();
    expect(view.samples.map((s) => s.fairPrice)).toEqual(['100002', '100003', '100004']);
    expect(view.events.map((e) => (e.kind === 'reject' ? e.text : ''))).toEqual(['b', 'c']);
    expect(() => new DashboardHistory({ maxSamples: 0 })).toThrow(RangeError);
  });

  it('stops sampling and ends the streams on stop', async () => {
    await start();
    const events = stream(port);
    await events.next(1);
    dashboard.stop();
    expect(dashboard.clients).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(source.listeners.size).toBe(0);
    events.close();
  });

  it('lists past runs and opens one read-only; 503 without storage, 404 for an unknown run, 400 for a bad id', async () => {
    await start();
    expect((await get(port, '/runs')).status).toBe(503);
    dashboard.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const report: RunReport = {
      run: { runId: 'run-1', mode: 'simulator', startedAt: '2026-01-01T00:00:00.000Z', endedAt: null },
      orders: { sent: 10, acknowledged: 9, rejected: 1, rejectsByReason: { 'Too late': 1 } },
      fills: { count: 3, ordersFilled: 3, baseBought: '0.002', baseSold: '0.001', quoteVolume: '300', fees: '0' },
      fillRate: '0.3333',
      spreadCapture: { fillsPriced: 3, realisedEdge: '0.01', quotedEdge: '0.02', ratio: '0.5000' },
      pnl: {
        realized: '0.5',
        unrealized: '-0.125',
        fees: '0',
        net: '0.375',
        base: '0.001',
        quote: '-100',
        fairValue: '100000',
        asOf: '2026-01-01T00:01:00.000Z',
      },
    };
    await start({
      runs: {
        list: async () => [
          {
            runId: 'run-1',
            deployment: 'd',
            mode: 'simulator',
            orders: 10,
            startedAt: null,
            endedAt: null,
            fills: 3,
            finalPosition: {
              base: '0.001',
              quote: '-100',
              realizedPnl: '0.5',
              unrealizedPnl: '-0.125',
              fees: '0',
              netPnl: '0.375',
              asOf: '2026-01-01T00:01:00.000Z',
            },
          },
        ],
        report: async (id) => {
          if (id !== 'run-1') throw new PersistenceError('RUN_NOT_FOUND', `no run ${id}`);
          return report;
        },
      },
    });
    expect(runs).toBeDefined();
    expect(JSON.parse((await get(port, '/runs')).body)).toEqual({
      runs: [expect.objectContaining({ runId: 'run-1', fills: 3, netPnlText: '0.38' })],
    });
    // The report, and its text as `npm run report` prints it (persistence's formatting).
    const opened = JSON.parse((await get(port, '/runs/run-1')).body) as { report: RunReport; text: string };
    expect(opened.report).toEqual(report);
    expect(opened.text).toContain('net PnL');
    expect(opened.text).toContain('0.375');
    const missing = await get(port, '/runs/run-2');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: 'no run run-2' });
    expect((await get(port, '/runs/a%20b')).status).toBe(400);
  });
});
