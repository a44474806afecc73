import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@truex-mm/clock';
import { CoinbaseSimulator } from '@truex-mm/coinbase-sim';
import { loadConfig } from '@truex-mm/deployment';
import { openPglite } from '@truex-mm/persistence';
import { TrueXSimulator } from '@truex-mm/truex-sim';
import pino from 'pino';
import { startMarketMaker, type RunningMarketMaker } from './app';
import { TcpProxy } from './tcp-proxy.test-util';
import { baseUnits as units, venueNetUnits as netOfFills } from './venue-view.test-util';

/**
 * Venue truth through faults, in real time, in one process: simulators the market maker reaches through a TCP proxy
 * that the test cuts. At the end of each scenario our position equals the venue's net fills and our live orders equal
 * the venue's active orders.
 */
jest.setTimeout(120_000);

const CLIENT_ID = '10000000000000007';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
}

describe('venue truth through faults (simulators behind a TCP proxy, real time)', () => {
  let coinbase: CoinbaseSimulator;
  let venue: TrueXSimulator;
  let proxy: TcpProxy;
  let env: Record<string, string>;
  const dirs: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    // A market that moves like BTC, the venue throttling at 10 msg/s as TrueX does, the default 8 msg/s budget.
    coinbase = new CoinbaseSimulator({ port: 0, scenario: 'btc', seed: 4, logger });
    const { url } = await coinbase.start();
    venue = new TrueXSimulator({
      port: 0,
      restPort: 0,
      credentials: [{ apiKey: 'vf-key', secret: 'vf-secret', clientIds: [CLIENT_ID] }],
      messageRateLimitPerSec: 10,
      fillProbability: 0,
      seed: 9,
      logger,
    });
    const address = await venue.start();
    proxy = new TcpProxy({ host: '127.0.0.1', port: address.port });
    await proxy.start();
    env = {
      TRUEX_FIX_HOST: '127.0.0.1',
      TRUEX_FIX_PORT: String(proxy.port),
      TRUEX_SENDER_COMP_ID: 'MM_VF',
      TRUEX_API_KEY: 'vf-key',
      TRUEX_SECRET_KEY: 'vf-secret',
      TRUEX_CLIENT_ID: CLIENT_ID,
      TRUEX_REST_URL: address.restUrl!,
      COINBASE_WS_URL: url,
      MM_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await proxy?.stop();
    await venue?.stop();
    await coinbase?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function start(
    dataDir: string,
    options: { resetHalt?: boolean } = {},
    extraEnv: Record<string, string> = {},
  ): Promise<RunningMarketMaker> {
    const config = loadConfig({ ...env, ...extraEnv, MM_DATA_DIR: dataDir });
    return startMarketMaker(config, { clock: systemClock, logger: pino({ level: 'silent' }), http: false, ...options });
  }

  function venueNetUnits(): number {
    return netOfFills(venue.fills());
  }

  it('a 5 s network cut while the venue fills 3 of our orders: the fills are booked and stored exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-cut-'));
    dirs.push(dataDir);
    const app = await start(dataDir);
    const netBefore = venueNetUnits();
    await until('50 orders at the venue', () => venue.openOrders(CLIENT_ID).length === 50, 30_000);
    const runsBefore = app.engine.reconciler!.status().runs;

    proxy.cut(5000);
    await until('the session to drop', () => app.engine.fix.state !== 'active', 5000);
    const filled = venue.faults.fillOrders(CLIENT_ID, 3);
    expect(filled).toHaveLength(3);
    const filledUnits = netOfFills(filled);

    await until('the session to come back', () => app.engine.fix.state === 'active', 20_000);
    await until(
      'the reconnect reconciliation',
      () => app.engine.reconciler!.status().runs > runsBefore && app.engine.quoting.status().quoting === true,
      30_000,
    );
    const report = app.engine.reconciler!.status().lastWithDifferences!;
    expect(report.differences.filter((d) => d.kind === 'missed-fill')).toHaveLength(3);

    // Our view against the venue's (the venue fills only when told to, so the position can be compared live).
    expect(units(app.engine.risk.ledger.snapshot().base)).toBe(venueNetUnits() - netBefore);
    expect(venueNetUnits() - netBefore).toBe(filledUnits);
    const ours = (): string =>
      app.engine.adapter
        .liveOrders()
        .map((o) => o.clOrdId)
        .sort()
        .join();
    const theirs = (): string =>
      venue
        .openOrders(CLIENT_ID)
        .map((o) => o.clOrdId)
        .sort()
        .join();
    await until('our live orders to equal the venue’s active orders', () => ours() === theirs(), 5000);

    const stopped = await app.stop('end of test');
    expect(stopped).toEqual({ leftoverOrders: 0, eventsNotStored: 0 });
    // The database holds each of those fills once: its net position for the run is the venue's.
    const sql = await openPglite(join(dataDir, 'pglite'));
    try {
      const rows = (
        await sql.query<{ side: string; quantity: string }>(
          'SELECT side, quantity::text AS quantity FROM fills WHERE run_id = $1',
          [app.runId],
        )
      ).rows;
      expect(rows).toHaveLength(3);
      expect(rows.reduce((sum, r) => sum + (r.side === 'buy' ? 1 : -1) * units(r.quantity), 0)).toBe(filledUnits);
    } finally {
      await sql.close();
    }
  });

  it('a HALT survives a restart until an operator resets it; then quoting resumes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-halt-'));
    dirs.push(dataDir);
    const netBefore = venueNetUnits();
    const first = await start(dataDir);
    await until('orders at the venue', () => venue.openOrders(CLIENT_ID).length >= 10, 30_000);
    first.engine.kill('operator kill switch (test)');
    await until('no orders at the venue', () => venue.openOrders(CLIENT_ID).length === 0, 20_000);
    await sleep(300); // the halt is committed asynchronously right after the kill
    await first.stop('end of first run');

    const second = await start(dataDir);
    await second.ready;
    expect(second.startup.haltedFromStorage).toBe('operator kill switch (test)');
    await sleep(3000);
    expect(second.engine.risk.state).toBe('HALTED');
    expect(venue.openOrders(CLIENT_ID)).toHaveLength(0);

    expect(await second.resetHalt('test operator')).toBe(true);
    await until('quoting again', () => venue.openOrders(CLIENT_ID).length === 50, 30_000);
    await second.stop('end of second run');
    expect(venue.openOrders(CLIENT_ID)).toHaveLength(0);
    expect(second.engine.adapter.liveOrders()).toEqual([]);
    // The position carried across the restart equals the venue's net fills over both runs.
    expect(units(second.engine.risk.ledger.snapshot().base)).toBe(venueNetUnits() - netBefore);

    // A third start finds no halt.
    const third = await start(dataDir);
    await third.ready;
    expect(third.startup.haltedFromStorage).toBeNull();
    await third.stop('end of third run');
  });

  it('with continued sequence numbers: a venue restart, an unanswered ResendRequest, then a stop while FIX is down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-session-'));
    dirs.push(dataDir);
    // Continue sequence numbers across logons where the venue allows it. The venue fills only when the test says
    // so, so our position must equal its net fills at every quiet moment.
    const app = await start(dataDir, {}, { TRUEX_FIX_RESET_ON_LOGON: 'false' });
    const netBefore = venueNetUnits();
    const positionMatches = (): boolean =>
      units(app.engine.risk.ledger.snapshot().base) === venueNetUnits() - netBefore;
    await until('50 orders at the venue', () => venue.openOrders(CLIENT_ID).length === 50, 30_000);

    // 1. The venue restarts its gateway with fresh sequence numbers; 2 fills happen meanwhile, their reports lost.
    const resets = app.engine.fix.counters().venueResets;
    venue.faults.restartSessions();
    expect(venue.faults.fillOrders(CLIENT_ID, 2)).toHaveLength(2);
    await until(
      'a venue reset seen and the session back',
      () => app.engine.fix.counters().venueResets > resets && app.engine.fix.state === 'active',
      20_000,
    );
    await until('the 2 fills booked over REST', positionMatches, 20_000);
    await until('quoting again', () => app.engine.quoting.status().quoting === true, 20_000);

    // 2. A 2 s cut; 3 fills are queued for the session; the venue never answers our ResendRequest for them.
    proxy.cut(2000);
    await until('the session to drop', () => app.engine.fix.state !== 'active', 5000);
    venue.faults.ignoreResendRequests(true);
    venue.faults.fillOrders(CLIENT_ID, 3);
    await until('the gap to open', () => app.engine.fix.gapOpen, 20_000);
    const acknowledgedBefore = app.engine.quoting.status().ordersAcknowledged;
    await sleep(1500);
    const status = app.engine.quoting.status();
    expect(status.quoting).not.toBe(true);
    expect(status.venue.sequenceGapOpen).toBe(true);
    expect(status.ordersAcknowledged).toBe(acknowledgedBefore); // nothing new placed while the gap is open
    // REST books the fills meanwhile; when the venue finally answers, the resent reports book nothing twice.
    await until('the 3 fills booked over REST', positionMatches, 20_000);
    venue.faults.ignoreResendRequests(false);
    await until(
      'the gap to close and quoting to resume',
      () => !app.engine.fix.gapOpen && app.engine.quoting.status().quoting === true,
      40_000,
    );
    await sleep(500);
    expect(positionMatches()).toBe(true);

    // 3. A graceful stop while the FIX session is down: every order is cancelled over REST.
    await until('orders at the venue', () => venue.openOrders(CLIENT_ID).length > 0, 20_000);
    proxy.cut(30_000);
    await until('the session to drop', () => app.engine.fix.state !== 'active', 5000);
    const stopped = await app.stop('stop during an outage');
    expect(venue.openOrders(CLIENT_ID)).toHaveLength(0);
    expect(stopped.leftoverOrders).toBe(0);
    expect(positionMatches()).toBe(true);
    proxy.cut(0);
  });
});
